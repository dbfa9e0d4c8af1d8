//! `kith import`: parsed here, carried out by `kith_app::import` (gathering the files,
//! reading and writing them, streaming mail archives, restoring kith's own export); the
//! summary printed here in the app's words, problems and progress shown as they come
//! ([`bar`]).

mod bar;

use crate::cli::ImportArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
pub use bar::Bar;
use kith_app::import::{self, FormatChoice, Found, Imported, Options, Summary};
use kith_core::Identity;
use kith_store::OpenMode;

/// Runs `kith import`. The files are gathered before the database is opened, so that a
/// mistake creates nothing; a dry run needs the database to exist.
pub async fn run(args: ImportArgs, db: Option<&str>, workspace: Option<&str>, json: bool) -> Result<()> {
    let format = args.format.as_deref().map(str::parse::<FormatChoice>).transpose()?;
    let found = import::gather(&args.paths, format)?;
    let mode = match found {
        Found::Files(_) if args.dry_run => OpenMode::MustExist,
        _ => OpenMode::CreateIfMissing,
    };
    let ctx = Ctx::open(db, workspace, json, mode).await?;
    let since = args.since.as_deref().map(|s| ctx.when(Some(s))).transpose()?;
    let me = args.me.as_deref().map(Identity::parse_any_kind).transpose()?;
    let options = Options { since, me, dry_run: args.dry_run, read_bodies: args.read_bodies };
    match import::carry_out(&ctx, found, &options, &Bar::new(ctx.json)).await? {
        Imported::Files(summary) => report(&ctx, &summary),
        Imported::Restored(restored) if ctx.json => out::json(&restored),
        Imported::Restored(restored) => out::line(&restored.line()),
    }
}

/// Prints the summary: as JSON, or line by line.
pub fn report(ctx: &Ctx, s: &Summary) -> Result<()> {
    if ctx.json {
        return out::json(s);
    }
    for line in s.lines() {
        out::line(&line)?;
    }
    Ok(())
}
