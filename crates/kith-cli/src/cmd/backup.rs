//! `kith export json` and `kith backup` (an export is restored by `kith import`).

use crate::context::Ctx;
use crate::out;
use anyhow::{Context as _, Result};
use std::path::Path;

/// Writes every entity as canonical JSON, to a file or standard output.
pub async fn export_json(ctx: &Ctx, to: Option<&Path>) -> Result<()> {
    let snapshot = ctx.store.snapshot().await?;
    let mut text = serde_json::to_string_pretty(&snapshot)?;
    text.push('\n');
    match to {
        None => out::print(&text),
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("could not write {}", path.display()))?;
            eprintln!("exported {} people to {}", snapshot.people.len(), path.display());
            Ok(())
        }
    }
}

/// Copies the live database to a new file.
pub async fn backup(ctx: &Ctx, path: &Path) -> Result<()> {
    ctx.store.backup_to(path).await?;
    if ctx.json {
        return out::json(&serde_json::json!({ "backup": path }));
    }
    out::line(&format!("backed up {} to {}", ctx.store.location(), path.display()))
}
