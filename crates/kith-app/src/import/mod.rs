//! Imports: address books, contact exports and calendars read file by file and written
//! in batches (`records`); mail archives streamed into the interaction log (`mail`);
//! kith's own JSON export restored whole ([`restore`]).
//!
//! An import runs in two steps, so that nothing is opened or created before the files
//! are known to be worth it: [`gather`] reads the paths it is given (no store needed) and
//! says what they hold; then [`restore`] brings back an export, or [`run`] imports the
//! rest ([`carry_out`] does whichever fits). The web uploads files to a folder and calls
//! the same two, following the import with [`Follow`]. What an import did is worded once,
//! in [`words`], for the command line and the web alike.

mod follow;
mod gather;
mod mail;
mod records;
mod restore;
mod watch;
pub mod words;

pub use follow::{Follow, Followed, Step};
pub use gather::{ArchiveReport, Export, FormatChoice, Found, Gathered, gather, guess_owner};
pub use mail::{MailReport, proposal};
pub use records::{FileReport, ProblemReport};
pub use restore::{Restored, restore, restore_snapshot};
pub use watch::{Problem, ProblemSeen, Watch};

use crate::{Ctx, Error, Result};
use jiff::Timestamp;
use kith_core::{Identity, MeetingRecord, likeliest_owner};
use kith_store::MergeNotice;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How one import runs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Calendar occurrences before this are left out.
    pub since: Option<Timestamp>,
    /// One of the owner's identities, added to the owner's first (unless a dry run):
    /// calendars and mail need to know which attendee or sender is the owner.
    pub me: Option<Identity>,
    /// Read and count, but write nothing.
    pub dry_run: bool,
    /// Read the text of personal messages for favors (`--read-bodies`), even when the
    /// owner's setting does not say so.
    pub read_bodies: bool,
}

/// What an import did, as `kith import --json` prints it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    /// What each file read whole gave.
    pub files: Vec<FileReport>,
    /// Files in no format kith knows, left alone.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub unrecognized: Vec<PathBuf>,
    /// Records that became a new person.
    pub imported: usize,
    /// Records that joined a person already known.
    pub merged: usize,
    /// Records imported before whose changes were applied.
    pub updated: usize,
    /// Records imported before that had not changed.
    pub unchanged: usize,
    /// Records skipped for a problem.
    pub skipped: usize,
    /// People records folded into another.
    pub people_merged: usize,
    /// Every merge the import made, each of which can be undone.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub merges: Vec<MergeNotice>,
    /// Records kept apart from someone sharing an identity with them.
    pub kept_apart: usize,
    /// Interactions added (connections and meetings).
    pub interactions_added: usize,
    /// Interactions already stored.
    pub interactions_present: usize,
    /// What the files hold that kith deliberately passes over, by reason in words.
    pub passed_over: BTreeMap<String, usize>,
    /// What the mail import did, when there was mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub mail: Option<MailReport>,
    /// Nothing was written.
    pub dry_run: bool,
}

/// What an import did: the files' records and mail imported, or kith's own export
/// restored (as `kith import --json` prints either).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Imported {
    /// Files imported.
    Files(Box<Summary>),
    /// An export restored.
    Restored(Restored),
}

impl Imported {
    /// What it did, line by line, as `kith import` prints it.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Imported::Files(summary) => summary.lines(),
            Imported::Restored(restored) => vec![restored.line()],
        }
    }
}

/// Carries out what [`gather`] found: restores an export into the (empty) database, or
/// imports the files as [`run`] does.
pub async fn carry_out(ctx: &Ctx, found: Found, options: &Options, watch: &dyn Watch) -> Result<Imported> {
    match found {
        Found::Export(export) => Ok(Imported::Restored(restore(ctx, *export).await?)),
        Found::Files(found) => Ok(Imported::Files(Box::new(run(ctx, found, options, watch).await?))),
    }
}

/// Imports what [`gather`] found: reads every file and writes what they hold, then
/// streams the mail archives; a dry run reads and counts but writes nothing (its
/// records are written in one transaction rolled back, so that they see each other).
/// Problems are told to `watch` as they are found (and the files' ones are in the
/// summary too); so is progress.
pub async fn run(ctx: &Ctx, found: Gathered, options: &Options, watch: &dyn Watch) -> Result<Summary> {
    if let Some(me) = options.me.as_ref().filter(|_| !options.dry_run) {
        ctx.store.add_owner_identity(me).await?;
    }
    let Gathered { sources, mail, unrecognized, .. } = found;
    let mut owner = ctx.store.owner_identities().await?;
    owner.extend(options.me.clone());
    let region = ctx.store.phone_region().await?;
    let mail_owner = if mail.is_empty() { None } else { Some(mail::owner(&owner, &mail)?) };
    let read = records::parse(ctx, &sources, &owner, region.as_ref(), options.since, watch);
    if owner.is_empty() && !read.meetings.is_empty() {
        return Err(Error::Invalid(ownerless_calendar(&read.meetings)));
    }
    for file in &read.files {
        for problem in &file.problems {
            watch.problem(&Problem::InFile { file: &file.path, problem });
        }
    }
    let tally = records::write(ctx, &read.contacts, &read.meetings, options.dry_run, watch).await?;
    let mail = match mail_owner {
        Some(owner) => {
            // A dry run stores nothing, so it reads no text either.
            let texts =
                if options.dry_run { None } else { mail::TextReading::of(ctx, options.read_bodies).await? };
            Some(mail::import(ctx, &mail, owner, texts, options.dry_run, watch).await?)
        }
        None => None,
    };
    Ok(Summary {
        files: read.files,
        unrecognized,
        imported: tally.imported,
        merged: tally.merged,
        updated: tally.updated,
        unchanged: tally.unchanged,
        skipped: read.skipped,
        people_merged: tally.people_merged,
        merges: tally.merges,
        kept_apart: tally.kept_apart,
        interactions_added: tally.interactions_added,
        interactions_present: tally.interactions_present,
        passed_over: read.passed_over.into_iter().map(|(r, n)| (r.describe().to_owned(), n)).collect(),
        mail,
        dry_run: options.dry_run,
    })
}

/// Why a calendar cannot be read without knowing the owner, with the likeliest owner.
fn ownerless_calendar(meetings: &[MeetingRecord]) -> String {
    let hint = likeliest_owner(meetings).map_or_else(String::new, |(id, n)| {
        format!(" ({id} is in {} of them: if that is you, add --me {id})", count(n, "meeting"))
    });
    format!(
        "kith needs to know which attendee is you before it reads calendars: run `kith me add \
         you@example.com` or pass --me{hint}"
    )
}

/// Paths as a message names them: the first few and a count of the rest.
pub fn paths_listed(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = paths.iter().take(SHOWN).map(|p| p.display().to_string()).collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    names.join(", ")
}

/// An identity as typed on a command line, quoted when it has spaces.
pub fn quoted(value: &str) -> String {
    if value.contains(' ') { format!("\"{value}\"") } else { value.to_owned() }
}

/// "1 meeting", "3 meetings".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
