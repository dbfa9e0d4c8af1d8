//! `kith import`: address books, contact exports and calendars, file by file, into the
//! store in batches; kith's own JSON export is restored whole.

use super::backup;
use crate::cli::ImportArgs;
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use kith_core::{ContactRecord, Identity, MeetingRecord, likeliest_owner};
use kith_import::{Effect, Format, Parsed, PassedOver};
use kith_store::{ImportMode, ImportTally, OpenMode};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Records written per transaction: small enough for a lively progress bar, large
/// enough that transactions cost little.
const BATCH: usize = 250;

/// One file to read, and how.
struct Source {
    path: PathBuf,
    format: Format,
    bytes: Vec<u8>,
}

/// What one file gave.
#[derive(Serialize)]
struct FileReport {
    path: PathBuf,
    format: String,
    contacts: usize,
    meetings: usize,
    problems: Vec<ProblemReport>,
}

#[derive(Serialize)]
struct ProblemReport {
    line: u64,
    skipped: bool,
    message: String,
}

/// The whole run, as `--json` prints it.
#[derive(Serialize)]
struct Summary {
    files: Vec<FileReport>,
    unrecognized: Vec<PathBuf>,
    imported: usize,
    merged: usize,
    updated: usize,
    unchanged: usize,
    skipped: usize,
    people_merged: usize,
    interactions_added: usize,
    interactions_present: usize,
    passed_over: BTreeMap<String, usize>,
    dry_run: bool,
}

/// Runs `kith import`.
pub async fn run(args: ImportArgs, db: Option<&str>, json: bool) -> Result<()> {
    let forced = args.format.as_deref().map(str::parse::<Format>).transpose().map_err(UserError::Invalid)?;
    let (sources, unrecognized) = gather(&args.paths, forced)?;
    if let Some(export) = sources.iter().find(|s| s.format == Format::KithJson) {
        if sources.len() > 1 {
            return Err(UserError::Invalid(format!(
                "{} is a kith export, which restores a whole database: import it on its own",
                export.path.display()
            ))
            .into());
        }
        let snapshot = backup::parse_export(&export.path, &export.bytes)?;
        return backup::import_json(&Ctx::open(db, json, OpenMode::CreateIfMissing).await?, &snapshot).await;
    }
    if sources.is_empty() {
        return Err(UserError::Invalid(format!(
            "found nothing kith can import in {}; use --format to say what a file is",
            list(&args.paths)
        ))
        .into());
    }
    let mode = if args.dry_run { OpenMode::MustExist } else { OpenMode::CreateIfMissing };
    let ctx = Ctx::open(db, json, mode).await?;
    let since = args.since.as_deref().map(|s| ctx.when(Some(s))).transpose()?;
    let me = args.me.as_deref().map(Identity::parse).transpose()?;
    if let Some(me) = me.as_ref().filter(|_| !args.dry_run) {
        ctx.store.add_owner_identity(me).await?;
    }
    let run = Run { since, me, dry_run: args.dry_run };
    let summary = import(&ctx, &sources, unrecognized, &run).await?;
    report(&ctx, &summary)
}

/// Imports files as `kith import PATH...` does, and prints the summary unless the
/// output is JSON.
pub async fn files(ctx: &Ctx, paths: &[PathBuf]) -> Result<()> {
    let (sources, unrecognized) = gather(paths, None)?;
    let summary = import(ctx, &sources, unrecognized, &Run { since: None, me: None, dry_run: false }).await?;
    if ctx.json { Ok(()) } else { report(ctx, &summary) }
}

/// The files under `paths` with their formats; directories are read recursively, and
/// files in them that are in no known format are set aside.
fn gather(paths: &[PathBuf], forced: Option<Format>) -> Result<(Vec<Source>, Vec<PathBuf>)> {
    let mut sources = Vec::new();
    let mut unrecognized = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                UserError::NotFound(format!("there is no file or directory {}", path.display())).into()
            }
            _ => anyhow::Error::new(e).context(format!("could not read {}", path.display())),
        })?;
        let files = if meta.is_dir() { files_under(path)? } else { vec![path.clone()] };
        for file in files {
            let bytes = std::fs::read(&file).with_context(|| format!("could not read {}", file.display()))?;
            match forced.or_else(|| kith_import::detect(&bytes)) {
                Some(format) => sources.push(Source { path: file, format, bytes }),
                None => unrecognized.push(file),
            }
        }
    }
    Ok((sources, unrecognized))
}

/// Every file in a directory tree, in name order, hidden ones left out.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("could not read the directory {}", dir.display()))?
        .collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    let mut files = Vec::new();
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// How one import runs.
struct Run {
    /// Calendar occurrences before this are left out.
    since: Option<Timestamp>,
    /// An owner identity given on the command line (stored already unless a dry run).
    me: Option<Identity>,
    /// Write nothing.
    dry_run: bool,
}

/// Parses every source, then writes what they hold.
async fn import(ctx: &Ctx, sources: &[Source], unrecognized: Vec<PathBuf>, run: &Run) -> Result<Summary> {
    let mut owner = ctx.store.owner_identities().await?;
    owner.extend(run.me.clone());
    let mut contacts: Vec<ContactRecord> = Vec::new();
    let mut meetings: Vec<MeetingRecord> = Vec::new();
    let mut files = Vec::new();
    let mut passed_over: BTreeMap<PassedOver, usize> = BTreeMap::new();
    let mut skipped = 0;
    for source in sources {
        let name = source.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let cx = kith_import::Context {
            file: &name,
            owner: &owner,
            now: ctx.now_ts(),
            tz: ctx.now.time_zone(),
            since: run.since,
        };
        let parsed = kith_import::parse(source.format, &source.bytes, &cx);
        skipped += parsed.skipped();
        for (reason, n) in &parsed.passed_over {
            *passed_over.entry(*reason).or_default() += n;
        }
        files.push(file_report(&source.path, source.format, &parsed));
        contacts.extend(parsed.contacts);
        meetings.extend(parsed.meetings);
    }
    if owner.is_empty() && !meetings.is_empty() {
        return Err(UserError::Invalid(ownerless_calendar(&meetings)).into());
    }
    if !ctx.json {
        for file in &files {
            for p in &file.problems {
                let effect = if p.skipped { "skipped" } else { "ignored" };
                eprintln!("{}:{}: {}; {effect}", file.path.display(), p.line, p.message);
            }
        }
    }
    let tally = write(ctx, &contacts, &meetings, run.dry_run).await?;
    Ok(Summary {
        files,
        unrecognized,
        imported: tally.imported,
        merged: tally.merged,
        updated: tally.updated,
        unchanged: tally.unchanged,
        skipped,
        people_merged: tally.people_merged,
        interactions_added: tally.interactions_added,
        interactions_present: tally.interactions_present,
        passed_over: passed_over.into_iter().map(|(r, n)| (r.describe().to_owned(), n)).collect(),
        dry_run: run.dry_run,
    })
}

/// Why a calendar cannot be read without knowing the owner, with the likeliest owner.
fn ownerless_calendar(meetings: &[MeetingRecord]) -> String {
    let hint = likeliest_owner(meetings).map_or_else(String::new, |(id, n)| {
        format!(" ({id} is in {} of them: if that is you, add --me {id})", out::count(n, "meeting"))
    });
    format!(
        "kith needs to know which attendee is you before it reads calendars: run `kith me add \
         you@example.com` or pass --me{hint}"
    )
}

fn file_report(path: &Path, format: Format, parsed: &Parsed) -> FileReport {
    FileReport {
        path: path.to_owned(),
        format: format.to_string(),
        contacts: parsed.contacts.len(),
        meetings: parsed.meetings.len(),
        problems: parsed
            .problems
            .iter()
            .map(|p| ProblemReport {
                line: p.line,
                skipped: p.effect == Effect::Skipped,
                message: p.message.clone(),
            })
            .collect(),
    }
}

/// Writes the records: in batches with a progress bar, or all in one rolled-back
/// transaction for a dry run (so that records within the run see each other).
async fn write(
    ctx: &Ctx,
    contacts: &[ContactRecord],
    meetings: &[MeetingRecord],
    dry_run: bool,
) -> Result<ImportTally> {
    let now = ctx.now_ts();
    if dry_run {
        return Ok(ctx.store.import(contacts, meetings, now, ImportMode::DryRun).await?);
    }
    let bar = progress(contacts.len() + meetings.len(), ctx.json);
    let mut tally = ImportTally::default();
    for batch in contacts.chunks(BATCH) {
        tally += ctx.store.import(batch, &[], now, ImportMode::Write).await?;
        bar.inc(batch.len() as u64);
    }
    for batch in meetings.chunks(BATCH) {
        tally += ctx.store.import(&[], batch, now, ImportMode::Write).await?;
        bar.inc(batch.len() as u64);
    }
    bar.finish_and_clear();
    Ok(tally)
}

/// A progress bar on standard error when it is a terminal and the run is long enough
/// to need one; hidden otherwise.
fn progress(total: usize, json: bool) -> ProgressBar {
    if json || total < BATCH * 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("importing {bar:40} {pos}/{len} records, {eta} left") {
        bar.set_style(style);
    }
    bar
}

fn report(ctx: &Ctx, s: &Summary) -> Result<()> {
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
    }
    if !s.unrecognized.is_empty() {
        out::line(&format!(
            "not recognized, left alone: {} (use --format to say what they are)",
            list(&s.unrecognized)
        ))?;
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
    if s.dry_run {
        out::line("dry run: nothing was written")?;
    }
    Ok(())
}

/// Paths for a message, the first few and a count of the rest.
fn list(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = paths.iter().take(SHOWN).map(|p| p.display().to_string()).collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    names.join(", ")
}
