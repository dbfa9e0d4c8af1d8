//! What every command works with: the open store, the moment it runs, and the output mode.

use crate::failure::UserError;
use anyhow::{Context as _, Result};
use jiff::Zoned;
use kith_store::{OpenMode, ReadOnly, Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;

/// The use cases' context, and the output mode, resolved once per run. It reads as
/// the [`kith_app::Ctx`] it holds.
pub struct Ctx {
    /// The store, now and the configuration directory.
    pub app: kith_app::Ctx,
    /// Print JSON instead of tables.
    pub json: bool,
}

impl std::ops::Deref for Ctx {
    type Target = kith_app::Ctx;

    fn deref(&self) -> &kith_app::Ctx {
        &self.app
    }
}

impl Ctx {
    /// Opens the database named by `--db`/`KITH_DB` (in the workspace `--workspace`
    /// names, for PostgreSQL), or the default one. A damaged database opens for reading
    /// only, with a warning.
    pub async fn open(db: Option<&str>, workspace: Option<&str>, json: bool, mode: OpenMode) -> Result<Self> {
        let location = location(db, mode)?;
        let store = open_store(&location, workspace, mode).await?;
        if let Some(ReadOnly::Damaged(_)) = store.read_only() {
            eprintln!(
                "kith: warning: {location} is damaged; it can be read but not changed (see `kith doctor`)"
            );
        }
        let mut app = kith_app::Ctx::new(store, now()?);
        app.config_dir = config_dir().ok();
        Ok(Self { app, json })
    }

    /// The context judged as of `--as-of`, if given: `now` becomes that moment, so that
    /// everything later is left out.
    pub fn judged_at(mut self, as_of: &crate::cli::AsOfArg) -> Result<Self> {
        self.app = self.app.judged_at(as_of.as_of.as_deref())?;
        Ok(self)
    }
}

/// The environment variable that fixes the moment kith runs at.
pub const NOW_VAR: &str = "KITH_NOW";

/// The moment this run works at: `KITH_NOW` if set (see [`fixed_now`]), else the
/// system clock's.
pub fn now() -> Result<Zoned> {
    Ok(fixed_now()?.unwrap_or_else(Zoned::now))
}

/// The moment `KITH_NOW` fixes, if it is set: an RFC 3339 moment with its offset
/// (`2026-05-01T12:00:00Z`, read in the local time zone) or its zone
/// (`2026-05-01T12:00:00+02:00[Europe/Paris]`), or a day (`2026-05-01`, its start in
/// the local time zone, as typed dates are read). The command line and `kith serve`
/// both take their now from here, so that one run can be reproduced, and the two
/// compared, at one moment. A value that is none of these is refused, naming it.
pub fn fixed_now() -> Result<Option<Zoned>> {
    let Some(text) = std::env::var_os(NOW_VAR).filter(|t| !t.is_empty()) else { return Ok(None) };
    let refused = |text: &str| {
        UserError::Invalid(format!(
            "{NOW_VAR}={text:?} is not a moment or a day: give 2026-05-01T12:00:00Z (with its offset \
             or zone) or 2026-05-01, or unset {NOW_VAR}"
        ))
    };
    let text = text.into_string().map_err(|t| refused(&t.to_string_lossy()))?;
    let trimmed = text.trim();
    let local = jiff::tz::TimeZone::system;
    let moment = if let Ok(zoned) = trimmed.parse::<Zoned>() {
        zoned
    } else if let Ok(at) = trimmed.parse::<jiff::Timestamp>() {
        at.to_zoned(local())
    } else if let Ok(day) = trimmed.parse::<jiff::civil::Date>() {
        day.to_zoned(local()).map_err(|_| refused(&text))?
    } else {
        return Err(refused(&text).into());
    };
    Ok(Some(moment))
}

/// kith's configuration directory: `KITH_CONFIG_DIR`, else `kith` in the platform's
/// configuration directory. The user's own templates live in its `templates/`.
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("KITH_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let base = dirs::config_dir().ok_or_else(|| {
        UserError::Invalid("no configuration directory is known for this system; set KITH_CONFIG_DIR".into())
    })?;
    Ok(base.join("kith"))
}

/// Opens the store at `location` (in `workspace`, for PostgreSQL); a failure to reach or
/// migrate it names the location.
pub async fn open_store(location: &str, workspace: Option<&str>, mode: OpenMode) -> Result<Arc<dyn Store>> {
    kith_store::open_workspace(location, workspace, mode).await.map_err(|e| match e {
        StoreError::Database(_) | StoreError::Migration(_) => {
            anyhow::Error::new(e).context(format!("could not open {location} as a kith database"))
        }
        other => other.into(),
    })
}

/// The database named by `--db`/`KITH_DB`, or the default one.
pub fn location(db: Option<&str>, mode: OpenMode) -> Result<String> {
    match db {
        Some("") => {
            let why = "the database path is empty; pass --db PATH, or unset KITH_DB";
            Err(UserError::Invalid(why.into()).into())
        }
        Some(db) => Ok(db.to_owned()),
        None => default_database(mode),
    }
}

/// The default database, `kith/kith.db` in the platform data directory; its folder is
/// created when the database may be created.
fn default_database(mode: OpenMode) -> Result<String> {
    let dir: PathBuf = dirs::data_dir()
        .ok_or_else(|| {
            UserError::Invalid("no data directory is known for this system; pass --db PATH".into())
        })?
        .join("kith");
    if mode == OpenMode::CreateIfMissing {
        std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    }
    Ok(dir.join("kith.db").to_string_lossy().into_owned())
}
