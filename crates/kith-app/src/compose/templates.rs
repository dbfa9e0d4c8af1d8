//! The templates in use: the shipped ones, each replaced by the user's own file of the
//! same name in the configuration directory's `templates/`, if there is one.

use crate::{Error, Result};
use kith_core::{DraftMove, Templates};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The shipped templates with the user's own from `config_dir` in their place; only
/// the shipped ones when there is no configuration directory. A template of the
/// user's that does not parse is refused, naming its file.
pub fn templates(config_dir: Option<&Path>) -> Result<Templates> {
    let mut templates = Templates::shipped();
    let Some(dir) = config_dir else { return Ok(templates) };
    for &what in DraftMove::ALL {
        let path = in_dir(dir, what);
        match std::fs::read_to_string(&path) {
            Ok(source) => {
                templates = templates
                    .with_override(what, source)
                    .map_err(|source| Error::Template { path: Some(path), source })?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("could not read {}", path.display()), e)),
        }
    }
    Ok(templates)
}

/// A move's template as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateRow {
    /// The move.
    #[serde(rename = "move")]
    pub what: DraftMove,
    /// Whether the user's own replaces the shipped one.
    pub yours: bool,
    /// Where the user's own is, or would be.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: PathBuf,
}

/// Every move's template, and whether the user's own replaces the shipped one.
pub fn template_list(config_dir: Option<&Path>) -> Result<Vec<TemplateRow>> {
    let templates = templates(config_dir)?;
    DraftMove::ALL
        .iter()
        .map(|&what| {
            Ok(TemplateRow {
                what,
                yours: templates.is_overridden(what),
                path: template_path(config_dir, what)?,
            })
        })
        .collect()
}

/// The text of the template in use for `what`.
pub fn template_source(config_dir: Option<&Path>, what: DraftMove) -> Result<String> {
    Ok(templates(config_dir)?.source(what).to_owned())
}

/// Where the user's template for `what` lives (it replaces the shipped one).
pub fn template_path(config_dir: Option<&Path>, what: DraftMove) -> Result<PathBuf> {
    match config_dir {
        Some(dir) => Ok(in_dir(dir, what)),
        None => Err(Error::Invalid(
            "no configuration directory is known for this system; set KITH_CONFIG_DIR".into(),
        )),
    }
}

fn in_dir(config_dir: &Path, what: DraftMove) -> PathBuf {
    config_dir.join("templates").join(Templates::file_name(what))
}
