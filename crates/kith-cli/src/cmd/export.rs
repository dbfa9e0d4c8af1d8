//! `kith export vcard` and `kith export csv`: everyone, for address books and
//! spreadsheets; the text comes from `kith_app::backup`, written here to a file or
//! standard output.

use crate::context::Ctx;
use crate::out;
use anyhow::{Context as _, Result};
use kith_app::backup::{self, Export, Written};
use std::path::Path;

/// Writes everyone as vCard 4.0: one file (or standard output), or one card per person
/// in a directory.
pub async fn vcard(ctx: &Ctx, to: Option<&Path>, dir: Option<&Path>) -> Result<()> {
    match dir {
        Some(dir) => done(ctx, &backup::export_vcard_dir(ctx, dir).await?),
        None => deliver(ctx, &backup::export_vcard(ctx).await?, to),
    }
}

/// Writes everyone as CSV, to a file or standard output.
pub async fn csv(ctx: &Ctx, to: Option<&Path>) -> Result<()> {
    deliver(ctx, &backup::export_csv(ctx).await?, to)
}

fn deliver(ctx: &Ctx, export: &Export, to: Option<&Path>) -> Result<()> {
    match to {
        None => out::print(&export.text),
        Some(path) => {
            std::fs::write(path, &export.text)
                .with_context(|| format!("could not write {}", path.display()))?;
            done(ctx, &Written { people: export.people, to: path.to_owned() })
        }
    }
}

fn done(ctx: &Ctx, written: &Written) -> Result<()> {
    if ctx.json {
        return out::json(written);
    }
    eprintln!("exported {} to {}", out::people(written.people), written.to.display());
    Ok(())
}
