//! `kith import`: address books, contact exports and calendars, file by file, into the
//! store in batches; mail archives streamed into the interaction log (see [`mail`]);
//! kith's own JSON export is restored whole.

mod mail;

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
use kith_store::{ImportMode, ImportTally, MergeNotice, OpenMode};
pub use mail::proposal as mail_proposal;
use mail::{MailReport, MailSource};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Records written per transaction: small enough for a lively progress bar, large
/// enough that transactions cost little.
const BATCH: usize = 250;

/// How many bytes of a file tell what it is.
const PREFIX: u64 = 64 * 1024;

/// One file to read, and how.
struct Source {
    path: PathBuf,
    format: Format,
    /// The bytes to parse: the file's, or those of the member read out of an archive.
    bytes: Vec<u8>,
    /// Where the bytes came from when the file is an archive.
    archive: Option<ArchiveReport>,
}

/// What was read of an archive, and what was not.
#[derive(Clone, Serialize)]
struct ArchiveReport {
    /// The member read, by its path in the archive.
    read: String,
    /// Every other member, which kith does not read.
    unread: Vec<String>,
}

/// What one file gave.
#[derive(Serialize)]
struct FileReport {
    path: PathBuf,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive: Option<ArchiveReport>,
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
    merges: Vec<MergeNotice>,
    kept_apart: usize,
    interactions_added: usize,
    interactions_present: usize,
    passed_over: BTreeMap<String, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail: Option<MailReport>,
    dry_run: bool,
}

/// What `--format` can force.
#[derive(Clone, Copy)]
enum Forced {
    Contacts(Format),
    Mbox,
    Eml,
}

impl std::str::FromStr for Forced {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mbox" => Ok(Forced::Mbox),
            "eml" => Ok(Forced::Eml),
            other => other.parse().map(Forced::Contacts).map_err(|e| format!("{e}, mbox, eml")),
        }
    }
}

/// Everything found under the paths to import.
#[derive(Default)]
struct Gathered {
    sources: Vec<Source>,
    mail: Vec<MailSource>,
    emls: Vec<PathBuf>,
    unrecognized: Vec<PathBuf>,
}

/// Runs `kith import`.
pub async fn run(args: ImportArgs, db: Option<&str>, json: bool) -> Result<()> {
    let forced = args.format.as_deref().map(str::parse::<Forced>).transpose().map_err(UserError::Invalid)?;
    let found = gather(&args.paths, forced)?;
    if let Some(export) = found.sources.iter().find(|s| s.format == Format::KithJson) {
        if found.sources.len() > 1 || !found.mail.is_empty() {
            return Err(UserError::Invalid(format!(
                "{} is a kith export, which restores a whole database: import it on its own",
                export.path.display()
            ))
            .into());
        }
        let snapshot = backup::parse_export(&export.path, &export.bytes)?;
        return backup::import_json(&Ctx::open(db, json, OpenMode::CreateIfMissing).await?, &snapshot).await;
    }
    if found.sources.is_empty() && found.mail.is_empty() {
        return Err(UserError::Invalid(format!(
            "found nothing kith can import in {}; use --format to say what a file is",
            list(&args.paths)
        ))
        .into());
    }
    let mode = if args.dry_run { OpenMode::MustExist } else { OpenMode::CreateIfMissing };
    let ctx = Ctx::open(db, json, mode).await?;
    let since = args.since.as_deref().map(|s| ctx.when(Some(s))).transpose()?;
    let me = args.me.as_deref().map(Identity::parse_any_kind).transpose()?;
    if let Some(me) = me.as_ref().filter(|_| !args.dry_run) {
        ctx.store.add_owner_identity(me).await?;
    }
    let run = Run { since, me, dry_run: args.dry_run, read_bodies: args.read_bodies };
    let summary = import(&ctx, found, &run).await?;
    report(&ctx, &summary)
}

/// Imports files as `kith import PATH...` does, and prints the summary unless the
/// output is JSON.
pub async fn files(ctx: &Ctx, paths: &[PathBuf], read_bodies: bool) -> Result<()> {
    let run = Run { since: None, me: None, dry_run: false, read_bodies };
    let summary = import(ctx, gather(paths, None)?, &run).await?;
    if ctx.json { Ok(()) } else { report(ctx, &summary) }
}

/// Whose mail the archives under `paths` most likely are, as `kith import` proposes
/// when it does not know the owner (the sent folders first).
pub fn guess_mail_owner(paths: &[PathBuf]) -> Result<Option<kith_core::OwnerGuess>> {
    Ok(mail::guess_owner(&gather(paths, None)?.mail))
}

/// The files under `paths` with their formats, and the mail archives; directories are
/// read recursively (a Maildir as one archive), and files in no known format are set aside.
fn gather(paths: &[PathBuf], forced: Option<Forced>) -> Result<Gathered> {
    let mut found = Gathered::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                UserError::NotFound(format!("there is no file or directory {}", path.display())).into()
            }
            _ => anyhow::Error::new(e).context(format!("could not read {}", path.display())),
        })?;
        if meta.is_dir() {
            walk(path, forced, &mut found)?
        } else {
            add_file(path.clone(), forced, &mut found)?
        }
    }
    if !found.emls.is_empty() {
        found.mail.push(MailSource::Eml(std::mem::take(&mut found.emls)));
    }
    Ok(found)
}

/// Gathers a directory tree in name order, hidden entries left out; a Maildir is one
/// mail archive, not a tree of files.
fn walk(dir: &Path, forced: Option<Forced>, found: &mut Gathered) -> Result<()> {
    if kith_import::mail::is_mail_root(dir) {
        found.mail.push(MailSource::Maildir(dir.to_owned()));
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("could not read the directory {}", dir.display()))?
        .collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() { walk(&path, forced, found)? } else { add_file(path, forced, found)? }
    }
    Ok(())
}

/// Sorts one file: a mail archive (streamed later), or a file read whole now.
fn add_file(path: PathBuf, forced: Option<Forced>, found: &mut Gathered) -> Result<()> {
    let could_not_read = || format!("could not read {}", path.display());
    let mut prefix = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(PREFIX).read_to_end(&mut prefix))
        .with_context(could_not_read)?;
    let mail_kind = match forced {
        Some(Forced::Mbox) => Some(Forced::Mbox),
        Some(Forced::Eml) => Some(Forced::Eml),
        Some(Forced::Contacts(_)) => None,
        None if kith_import::mail::looks_like_mbox(&prefix) => Some(Forced::Mbox),
        None if kith_import::mail::looks_like_message(&prefix) => Some(Forced::Eml),
        None => None,
    };
    match mail_kind {
        Some(Forced::Mbox) => found.mail.push(MailSource::Mbox(path)),
        Some(_) => found.emls.push(path),
        None => {
            let bytes = std::fs::read(&path).with_context(could_not_read)?;
            let forced = match forced {
                Some(Forced::Contacts(format)) => Some(format),
                _ => None,
            };
            if kith_import::archive::is_zip(&bytes) && matches!(forced, None | Some(Format::Linkedin)) {
                return add_linkedin_archive(path, &bytes, forced.is_some(), found);
            }
            let format = match forced {
                Some(format) => match kith_import::mismatch(format, &bytes) {
                    Some(instead) => return Err(not_that_format(&path, format, &instead)),
                    None => Some(format),
                },
                None => kith_import::detect(&bytes),
            };
            match format {
                Some(format) => found.sources.push(Source { path, format, bytes, archive: None }),
                None => found.unrecognized.push(path),
            }
        }
    }
    Ok(())
}

/// Adds LinkedIn's export archive: its `Connections.csv` is read, the rest listed. An
/// archive that is not one is set aside, or refused when `--format linkedin` said it is.
fn add_linkedin_archive(path: PathBuf, bytes: &[u8], forced: bool, found: &mut Gathered) -> Result<()> {
    match kith_import::archive::read_linkedin(bytes) {
        Ok(archive) => {
            let report = ArchiveReport { read: archive.connections_path, unread: archive.unread };
            let source =
                Source { path, format: Format::Linkedin, bytes: archive.connections, archive: Some(report) };
            found.sources.push(source);
        }
        Err(instead) if forced => return Err(not_that_format(&path, Format::Linkedin, &instead)),
        Err(_) => found.unrecognized.push(path),
    }
    Ok(())
}

/// The refusal of a file forced to be read as a format it is not.
fn not_that_format(path: &Path, format: Format, instead: &str) -> anyhow::Error {
    UserError::Invalid(format!(
        "{} is not {format}: --format {format} expects {}, but the file is {instead}; \
         leave out --format to let kith recognize it",
        path.display(),
        format.describe()
    ))
    .into()
}

/// How one import runs.
struct Run {
    /// Calendar occurrences before this are left out.
    since: Option<Timestamp>,
    /// An owner identity given on the command line (stored already unless a dry run).
    me: Option<Identity>,
    /// Write nothing.
    dry_run: bool,
    /// Read the text of personal messages for favors (`--read-bodies`).
    read_bodies: bool,
}

/// Parses every file, then writes what they hold; then reads the mail archives.
async fn import(ctx: &Ctx, found: Gathered, run: &Run) -> Result<Summary> {
    let Gathered { sources, mail, unrecognized, .. } = found;
    let mut owner = ctx.store.owner_identities().await?;
    owner.extend(run.me.clone());
    let region = ctx.store.phone_region().await?;
    let mail_owner = if mail.is_empty() { None } else { Some(mail::owner(&owner, &mail)?) };
    let mut contacts: Vec<ContactRecord> = Vec::new();
    let mut meetings: Vec<MeetingRecord> = Vec::new();
    let mut files = Vec::new();
    let mut passed_over: BTreeMap<PassedOver, usize> = BTreeMap::new();
    let mut skipped = 0;
    for source in &sources {
        // What an archive holds is named as its member, so that it is the same source as
        // the member read on its own.
        let name = match &source.archive {
            Some(archive) => archive.read.rsplit('/').next().unwrap_or(&archive.read).to_owned(),
            None => source.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        };
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
        files.push(file_report(source, &parsed));
        contacts.extend(parsed.contacts.into_iter().map(|record| match &region {
            Some(region) => record.in_region(region),
            None => record,
        }));
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
    let mail = match mail_owner {
        Some(owner) => {
            // A dry run stores nothing, so it reads no text either.
            let texts = if run.dry_run { None } else { mail::TextReading::of(ctx, run.read_bodies).await? };
            Some(mail::import(ctx, &mail, owner, texts, run.dry_run).await?)
        }
        None => None,
    };
    Ok(Summary {
        files,
        unrecognized,
        imported: tally.imported,
        merged: tally.merged,
        updated: tally.updated,
        unchanged: tally.unchanged,
        skipped,
        people_merged: tally.people_merged,
        merges: tally.merges.clone(),
        kept_apart: tally.kept_apart,
        interactions_added: tally.interactions_added,
        interactions_present: tally.interactions_present,
        passed_over: passed_over.into_iter().map(|(r, n)| (r.describe().to_owned(), n)).collect(),
        mail,
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

fn file_report(source: &Source, parsed: &Parsed) -> FileReport {
    FileReport {
        path: source.path.clone(),
        format: source.format.to_string(),
        archive: source.archive.clone(),
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
            list(&s.unrecognized)
        ))?;
    }
    if let Some(mail) = &s.mail {
        mail.print(s.dry_run)?;
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

/// Paths for a message, the first few and a count of the rest.
fn list(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = paths.iter().take(SHOWN).map(|p| p.display().to_string()).collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    names.join(", ")
}
