//! `kith export json`, `kith import json` and `kith backup`: carried out by
//! `kith_app::backup` (restores, for now, here).

use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result};
use kith_core::Snapshot;
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

/// Reads and checks the bytes of an export file, before any database is opened or
/// created; `file` names it in errors.
pub fn parse_export(file: &Path, bytes: &[u8]) -> Result<Snapshot> {
    kith_import::read_export(bytes).map_err(|e| {
        match e {
            kith_import::ExportError::Unreadable { .. } => {
                UserError::Invalid(format!("{}:{e}", file.display()))
            }
            kith_import::ExportError::Format(_) => UserError::Invalid(format!("{}: {e}", file.display())),
        }
        .into()
    })
}

/// Restores an export into an empty database, all or nothing.
pub async fn import_json(ctx: &Ctx, snapshot: &Snapshot) -> Result<()> {
    ctx.store.restore(snapshot).await?;
    if ctx.json {
        return out::json(&serde_json::json!({
            "people": snapshot.people.len(),
            "organizations": snapshot.organizations.len(),
            "interactions": snapshot.interactions.len(),
            "exchanges": snapshot.exchanges.len(),
        }));
    }
    out::line(&format!(
        "restored {} people, {} organizations, {} interactions and {} ledger entries into {}",
        snapshot.people.len(),
        snapshot.organizations.len(),
        snapshot.interactions.len(),
        snapshot.exchanges.len(),
        ctx.store.location()
    ))
}

/// Copies the live database to a new file.
pub async fn backup(ctx: &Ctx, path: &Path) -> Result<()> {
    let backed_up = kith_app::backup::backup(ctx, path).await?;
    if ctx.json {
        return out::json(&backed_up);
    }
    out::line(&format!("backed up {} to {}", backed_up.from, backed_up.backup.display()))
}
