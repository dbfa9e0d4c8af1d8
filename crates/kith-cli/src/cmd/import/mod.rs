//! `kith import`: parsed here, carried out by `kith_app::import` (gathering the files,
//! reading and writing them, streaming mail archives, restoring kith's own export); the
//! summary printed here ([`mail`] for the mail's lines), problems and progress shown as
//! they come ([`bar`]).

mod bar;
mod mail;

use crate::cli::ImportArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
pub use bar::Bar;
use kith_app::import::{self, FormatChoice, Found, Options, Restored, Summary};
use kith_core::Identity;
use kith_store::OpenMode;

/// Runs `kith import`. The files are gathered before the database is opened, so that a
/// mistake creates nothing; a dry run needs the database to exist.
pub async fn run(args: ImportArgs, db: Option<&str>, json: bool) -> Result<()> {
    let format = args.format.as_deref().map(str::parse::<FormatChoice>).transpose()?;
    let found = match import::gather(&args.paths, format)? {
        Found::Export(export) => {
            let ctx = Ctx::open(db, json, OpenMode::CreateIfMissing).await?;
            return restored(&ctx, &import::restore(&ctx, &export).await?);
        }
        Found::Files(found) => found,
    };
    let mode = if args.dry_run { OpenMode::MustExist } else { OpenMode::CreateIfMissing };
    let ctx = Ctx::open(db, json, mode).await?;
    let since = args.since.as_deref().map(|s| ctx.when(Some(s))).transpose()?;
    let me = args.me.as_deref().map(Identity::parse_any_kind).transpose()?;
    let options = Options { since, me, dry_run: args.dry_run, read_bodies: args.read_bodies };
    let summary = import::run(&ctx, found, &options, &Bar::new(ctx.json)).await?;
    report(&ctx, &summary)
}

fn restored(ctx: &Ctx, r: &Restored) -> Result<()> {
    if ctx.json {
        return out::json(r);
    }
    out::line(&format!(
        "restored {} people, {} organizations, {} interactions and {} ledger entries into {}",
        r.people, r.organizations, r.interactions, r.exchanges, r.location
    ))
}

/// Prints the summary: as JSON, or line by line.
pub fn report(ctx: &Ctx, s: &Summary) -> Result<()> {
    if ctx.json {
        return out::json(s);
    }
    for file in &s.files {
        let mut read = Vec::new();
        if file.contacts > 0 || file.meetings == 0 {
            read.push(out::count(file.contacts, "contact"));
        }
        if file.meetings > 0 {
            read.push(out::count(file.meetings, "meeting"));
        }
        out::line(&format!("{} ({}): {}", file.path.display(), file.format, read.join(", ")))?;
        if let Some(archive) = &file.archive {
            out::line(&format!(
                "  read from {}; the archive also holds {}, which kith does not read",
                archive.read,
                kith_import::archive::listed(&archive.unread)
            ))?;
        }
    }
    if !s.unrecognized.is_empty() {
        out::line(&format!(
            "not recognized, left alone: {} (use --format to say what they are)",
            import::paths_listed(&s.unrecognized)
        ))?;
    }
    if let Some(report) = &s.mail {
        mail::print(report, s.dry_run)?;
    }
    if s.files.is_empty() && s.mail.is_some() {
        return dry_run_note(s.dry_run);
    }
    out::line(&format!(
        "imported {}, merged {}, updated {}, unchanged {}, skipped {}",
        s.imported, s.merged, s.updated, s.unchanged, s.skipped
    ))?;
    if s.people_merged > 0 {
        out::line(&format!(
            "  {} folded into others (see their notes)",
            out::count(s.people_merged, "person record")
        ))?;
    }
    const SHOWN: usize = 20;
    for m in s.merges.iter().take(SHOWN) {
        out::line(&format!("  {}", super::merges::describe(m)))?;
    }
    if s.merges.len() > SHOWN {
        out::line(&format!(
            "  and {} more merges: kith person merges lists them all",
            s.merges.len() - SHOWN
        ))?;
    }
    if s.kept_apart > 0 {
        out::line(&format!(
            "  {} kept apart from someone sharing an identity with them (names differ, or many hold it): see kith dupes",
            out::count(s.kept_apart, "record")
        ))?;
    }
    if s.interactions_added + s.interactions_present > 0 {
        out::line(&format!(
            "  interactions: {} added, {} already present",
            s.interactions_added, s.interactions_present
        ))?;
    }
    if !s.passed_over.is_empty() {
        let reasons: Vec<String> = s.passed_over.iter().map(|(why, n)| format!("{why}: {n}")).collect();
        out::line(&format!("  passed over: {}", reasons.join("; ")))?;
    }
    dry_run_note(s.dry_run)
}

fn dry_run_note(dry_run: bool) -> Result<()> {
    if dry_run { out::line("dry run: nothing was written") } else { Ok(()) }
}
