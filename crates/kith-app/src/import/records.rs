//! Address books, contact exports and calendars: each file parsed with the owner's
//! identities (numbers without a calling code read in the owner's region), then every
//! record written in batches.

use super::Watch;
use super::gather::{ArchiveReport, Source};
use crate::{Ctx, Result, Unit};
use jiff::Timestamp;
use kith_core::{ContactRecord, Identity, MeetingRecord, PhoneRegion};
use kith_import::{Effect, PassedOver};
use kith_store::{ImportMode, ImportTally};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Records written per transaction: small enough for lively progress, large enough that
/// transactions cost little.
const BATCH: usize = 250;

/// What one file gave.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileReport {
    /// The file.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: PathBuf,
    /// Its format, by the name `--format` takes.
    pub format: String,
    /// What was read of it, when it is an archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveReport>,
    /// Contacts read.
    pub contacts: usize,
    /// Meetings read.
    pub meetings: usize,
    /// What was wrong in it.
    pub problems: Vec<ProblemReport>,
}

/// Something wrong in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemReport {
    /// The line it is on.
    pub line: u64,
    /// Whether the record was skipped (else only part of it was ignored).
    pub skipped: bool,
    /// What was wrong.
    pub message: String,
}

/// What the files gave.
pub(super) struct Read {
    pub contacts: Vec<ContactRecord>,
    pub meetings: Vec<MeetingRecord>,
    pub files: Vec<FileReport>,
    pub passed_over: BTreeMap<PassedOver, usize>,
    pub skipped: usize,
}

/// Parses every file, its contacts' numbers read in `region`.
pub(super) fn parse(
    ctx: &Ctx,
    sources: &[Source],
    owner: &[Identity],
    region: Option<&PhoneRegion>,
    since: Option<Timestamp>,
    watch: &dyn Watch,
) -> Read {
    let mut read = Read {
        contacts: Vec::new(),
        meetings: Vec::new(),
        files: Vec::new(),
        passed_over: BTreeMap::new(),
        skipped: 0,
    };
    for source in sources {
        watch.reading(&source.path);
        // What an archive holds is named as its member, so that it is the same source as
        // the member read on its own.
        let name = match &source.archive {
            Some(archive) => archive.read.rsplit('/').next().unwrap_or(&archive.read).to_owned(),
            None => source.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        };
        let cx =
            kith_import::Context { file: &name, owner, now: ctx.now_ts(), tz: ctx.now.time_zone(), since };
        let parsed = kith_import::parse(source.format, &source.bytes, &cx);
        read.skipped += parsed.skipped();
        for (reason, n) in &parsed.passed_over {
            *read.passed_over.entry(*reason).or_default() += n;
        }
        read.files.push(file_report(source, &parsed));
        read.contacts.extend(parsed.contacts.into_iter().map(|record| match region {
            Some(region) => record.in_region(region),
            None => record,
        }));
        read.meetings.extend(parsed.meetings);
    }
    read
}

fn file_report(source: &Source, parsed: &kith_import::Parsed) -> FileReport {
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

/// Writes the records: in batches, or all in one rolled-back transaction for a dry run
/// (so that records within the run see each other).
pub(super) async fn write(
    ctx: &Ctx,
    contacts: &[ContactRecord],
    meetings: &[MeetingRecord],
    dry_run: bool,
    watch: &dyn Watch,
) -> Result<ImportTally> {
    let now = ctx.now_ts();
    if dry_run {
        return Ok(ctx.store.import(contacts, meetings, now, ImportMode::DryRun).await?);
    }
    watch.begin((contacts.len() + meetings.len()) as u64, Unit::Records);
    let written = async {
        let mut tally = ImportTally::default();
        for batch in contacts.chunks(BATCH) {
            tally += ctx.store.import(batch, &[], now, ImportMode::Write).await?;
            watch.advance(batch.len() as u64);
        }
        for batch in meetings.chunks(BATCH) {
            tally += ctx.store.import(&[], batch, now, ImportMode::Write).await?;
            watch.advance(batch.len() as u64);
        }
        Ok(tally)
    }
    .await;
    watch.end();
    written
}
