//! `kith export json` and `kith backup`, carried out by `kith_app::backup` (an export is
//! restored by `kith import`).

use crate::context::Ctx;
use crate::out;
use anyhow::{Context as _, Result};
use std::path::Path;

/// Writes every entity as canonical JSON, to a file or standard output.
pub async fn export_json(ctx: &Ctx, to: Option<&Path>) -> Result<()> {
    let export = kith_app::backup::export_json(ctx).await?;
    match to {
        None => out::print(&export.text),
        Some(path) => {
            std::fs::write(path, &export.text)
                .with_context(|| format!("could not write {}", path.display()))?;
            eprintln!("exported {} people to {}", export.people, path.display());
            Ok(())
        }
    }
}

/// Copies the live database to a new file.
pub async fn backup(ctx: &Ctx, path: &Path) -> Result<()> {
    let backed_up = kith_app::backup::backup(ctx, path).await?;
    if ctx.json {
        return out::json(&backed_up);
    }
    out::line(&format!("backed up {} to {}", backed_up.from, backed_up.backup.display()))
}
