//! `kith export json`, `kith backup` and `kith copy`, carried out by `kith_app::backup`
//! (an export is restored by `kith import`).

use crate::cli::CopyArgs;
use crate::context::{Ctx, open_store};
use crate::out;
use anyhow::{Context as _, Result};
use kith_store::OpenMode;
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

/// Copies a whole database into a new, empty one (a SQLite file or a PostgreSQL
/// workspace, made if missing), and checks the copy.
pub async fn copy(args: &CopyArgs, json: bool) -> Result<()> {
    let from = open_store(&args.from, args.from_workspace.as_deref(), OpenMode::MustExist).await?;
    let to = open_store(&args.to, args.to_workspace.as_deref(), OpenMode::CreateIfMissing).await?;
    let copied = kith_app::backup::copy(&*from, &*to).await?;
    if json {
        return out::json(&copied);
    }
    out::line(&format!(
        "copied {} ({}, {}) from {} to {}; the copy exports the same as the original",
        out::people(copied.people),
        out::count(copied.interactions, "interaction"),
        out::count(copied.mail_messages, "mail message"),
        copied.from,
        copied.to
    ))
}
