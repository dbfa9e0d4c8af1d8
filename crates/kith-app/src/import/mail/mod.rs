//! Mail archives into the interaction log. Maildir trees, mbox files and `.eml` files are
//! read header block by header block on every core while the batch before is written
//! ([`read`]); files and mbox stretches an earlier import read are skipped without being
//! opened. Whose archive it is, and what looks wrong afterwards, is [`whose`].

mod read;
mod whose;

pub use whose::proposal;
pub(super) use whose::{guess_owner, owner};

use super::gather::could_not_read;
use super::{Problem, Watch};
use crate::{Ctx, Error, Result, Unit};
use kith_core::{Identity, MailMessage, MailOwner, SentSenders};
use kith_store::{MailBatch, MailTally};
use read::{Reader, digest_before, eml_entries, file_key, maildir_files, read_files, read_mbox};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Messages written per transaction: about a sixteenth of the archive, so that a small
/// one still commits in steps and a large one in few, big transactions.
fn batch_size(messages: u64) -> usize {
    usize::try_from(messages / 16).unwrap_or(usize::MAX).clamp(1_000, 20_000)
}

/// The average size of a message in an mbox, for guessing how many it holds.
const MBOX_BYTES_PER_MESSAGE: u64 = 4096;
/// How many messages are read to guess whose archive it is.
const OWNER_SAMPLE: usize = 1000;

/// How an import reads the text of personal messages for favors, when the owner lets it.
#[derive(Clone, Debug, Default)]
pub(in crate::import) struct TextReading {
    /// Keep the sentence of each suggestion.
    pub keep_evidence: bool,
    /// The keys of the messages whose text was read before: not read again.
    pub done: HashSet<String>,
    /// Whether stored messages have a text not read yet, so that the files and mbox
    /// stretches an earlier import read are read again.
    pub reread: bool,
}

impl TextReading {
    /// How an import reads texts: when `asked` (`--read-bodies`) or the owner's setting
    /// says so, else not at all.
    pub async fn of(ctx: &Ctx, asked: bool) -> Result<Option<Self>> {
        let setting = ctx.store.mail_reading().await?;
        if !asked && !setting.read_bodies {
            return Ok(None);
        }
        let (done, unread) = ctx.store.mail_texts_read().await?;
        Ok(Some(Self { keep_evidence: setting.keep_evidence, done, reread: unread > 0 }))
    }

    /// Whether to read the text of `message`: a personal message whose text was not read.
    fn wants(&self, message: &MailMessage) -> bool {
        message.kept_out.is_none() && !self.done.contains(&message.key)
    }
}

/// A mail archive among the paths to import.
#[derive(Clone, Debug)]
pub(in crate::import) enum MailSource {
    /// A Maildir, with its Maildir++ folders.
    Maildir(PathBuf),
    /// An mbox file.
    Mbox(PathBuf),
    /// Files holding one message each.
    Eml(Vec<PathBuf>),
}

impl MailSource {
    /// The folder or file read: the Maildir, the mbox, or the first of the message files.
    fn path(&self) -> Option<&Path> {
        match self {
            MailSource::Maildir(path) | MailSource::Mbox(path) => Some(path),
            MailSource::Eml(paths) => paths.first().map(PathBuf::as_path),
        }
    }
}

/// What a mail import did. Every message read is counted once: `read` = `unreadable` +
/// `duplicates` + `logged` + the kept out + `undated` + `no_correspondent`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MailReport {
    /// Messages read in this run.
    pub read: usize,
    /// Messages an earlier import read, skipped without being opened (an mbox resumed
    /// from its checkpoint counts once).
    pub already_read: usize,
    /// Messages that could not be read at all.
    pub unreadable: usize,
    /// What the store made of the messages read.
    #[serde(flatten)]
    pub tally: MailTally,
    /// The owner's identities learned from their sent folders in this run (`kith me
    /// remove` takes one back).
    pub learned: Vec<Identity>,
    /// The mail stored before, logged again because the owner's identities changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relogged: Option<MailTally>,
    /// What looks wrong in the result, and what to do about it.
    pub warnings: Vec<String>,
    /// Whether the text of personal messages was read for favors.
    pub read_texts: bool,
}

/// Imports every source; a dry run reads and counts but writes nothing. With `texts`,
/// the text of personal messages is read for favors: when stored messages have a text not
/// read yet, files and mbox stretches read before are read again for it (their messages
/// are stored already and count as such).
///
/// When the owner's identities changed since mail was last logged (`kith me add`), what
/// is stored is logged again first. The senders of the sent folders' messages are the
/// owner: those not known yet are learned (and stored, unless a dry run) before the
/// batch is written, so that their other messages count as sent too; the sent folders of
/// a Maildir are read first for that.
pub(super) async fn import(
    ctx: &Ctx,
    sources: &[MailSource],
    mut owner: MailOwner,
    texts: Option<TextReading>,
    dry_run: bool,
    watch: &dyn Watch,
) -> Result<MailReport> {
    let mut report = MailReport { read_texts: texts.is_some(), ..MailReport::default() };
    let reread = texts.as_ref().is_some_and(|t| t.reread);
    let texts = texts.map(Arc::new);
    let now = ctx.now_ts();
    let logged_for = ctx.store.mail_logged_for().await?;
    if !dry_run && logged_for.is_some_and(|digest| digest != owner.digest()) {
        report.relogged = Some(ctx.store.relog_mail(&owner, now).await?);
    }
    let reads_files = sources.iter().any(|s| !matches!(s, MailSource::Mbox(_)));
    let known = if reads_files && !reread { ctx.store.mail_copies().await? } else { HashSet::new() };
    let mut seen_in_dry_run = HashSet::new();
    let mut sample = Vec::new();
    let mut learning = Learning::new(ctx).await?;
    let mut logged_before_learning = false;
    for source in sources {
        let (total, reader): (u64, Reader) = match source {
            MailSource::Maildir(root) => unread(maildir_files(root)?, &known, texts.clone(), &mut report),
            MailSource::Eml(paths) => unread(eml_entries(paths), &known, texts.clone(), &mut report),
            MailSource::Mbox(path) => {
                let key = file_key(path);
                let len = std::fs::metadata(path).map_err(|e| could_not_read(path, e))?.len();
                let start = if reread { 0 } else { resume_at(ctx, path, &key, len).await? };
                if start > 0 {
                    report.already_read += 1;
                }
                let path = path.clone();
                let batch = batch_size((len - start) / MBOX_BYTES_PER_MESSAGE);
                let texts = texts.clone();
                (len - start, Box::new(move |tx| read_mbox(&path, key, start, batch, texts.as_deref(), &tx)))
            }
        };
        let unit = if matches!(source, MailSource::Mbox(_)) { Unit::Bytes } else { Unit::Messages };
        if let Some(path) = source.path() {
            watch.reading(path);
        }
        watch.begin(total, unit);
        let (tx, mut rx) = mpsc::channel(2);
        let reading = std::thread::spawn(move || reader(tx));
        let streamed = async {
            while let Some(chunk) = rx.recv().await {
                let chunk = chunk?;
                for problem in &chunk.problems {
                    watch.problem(&Problem::Message(problem));
                }
                let learned = learning.learn(ctx, &chunk.batch.messages, &mut owner, dry_run).await?;
                logged_before_learning |= !learned.is_empty() && report.tally.stored > 0;
                report.learned.extend(learned);
                let room = OWNER_SAMPLE.saturating_sub(sample.len());
                sample.extend(chunk.batch.messages.iter().take(room).cloned());
                report.read += chunk.batch.messages.len() + chunk.problems.len();
                report.unreadable += chunk.problems.len();
                if dry_run {
                    count_dry(&chunk.batch, &owner, now, &mut seen_in_dry_run, &mut report.tally);
                } else {
                    report.tally += ctx.store.import_mail(&chunk.batch, &owner, now).await?;
                }
                watch.advance(chunk.progress);
                watch.messages_read(report.read);
            }
            Ok::<_, Error>(())
        }
        .await;
        watch.end();
        streamed?;
        reading.join().map_err(|_| {
            Error::io(
                "reading the mail archive failed unexpectedly",
                std::io::Error::other("the reading thread panicked"),
            )
        })??;
    }
    if logged_before_learning && !dry_run {
        // Messages logged before an identity was learned are logged again with it: the
        // tally of that is the log as it now stands.
        report.relogged = Some(ctx.store.relog_mail(&owner, now).await?);
    }
    report.warnings = whose::warnings(&report, &sample, &owner);
    if !dry_run {
        report.warnings.extend(whose::held_by_others(ctx, &owner).await?);
    }
    Ok(report)
}

/// What kith learns of the owner from their sent folders as an import goes.
struct Learning {
    senders: SentSenders,
    /// The owner's name, which drafts are signed with.
    name: Option<String>,
    /// The identities the owner took back.
    refused: MailOwner,
}

impl Learning {
    async fn new(ctx: &Ctx) -> Result<Self> {
        let refused = ctx.store.refused_owner_identities().await?;
        Ok(Self {
            senders: SentSenders::default(),
            name: ctx.store.owner_name().await?,
            refused: MailOwner::of_identities(&refused),
        })
    }

    /// The senders of sent-folder messages that are the owner (see
    /// [`SentSenders::to_learn`]), added to `owner` and stored unless a dry run.
    async fn learn(
        &mut self,
        ctx: &Ctx,
        messages: &[MailMessage],
        owner: &mut MailOwner,
        dry_run: bool,
    ) -> Result<Vec<Identity>> {
        self.senders.see(messages);
        let mut learned = Vec::new();
        for sender in self.senders.to_learn(owner, self.name.as_deref(), &self.refused) {
            let Some(identity) = sender.identity() else { continue };
            if !dry_run {
                ctx.store.add_owner_identity(&identity).await?;
            }
            owner.add(&identity);
            learned.push(identity);
        }
        Ok(learned)
    }
}

/// A reader for the files an earlier import did not read (those it did are counted).
fn unread(
    entries: Vec<kith_import::mail::MaildirEntry>,
    known: &HashSet<String>,
    texts: Option<Arc<TextReading>>,
    report: &mut MailReport,
) -> (u64, Reader) {
    let (done, fresh): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| known.contains(&e.known_as()));
    report.already_read += done.len();
    let batch = batch_size(fresh.len() as u64);
    (fresh.len() as u64, Box::new(move |tx| read_files(&fresh, batch, texts.as_deref(), &tx)))
}

/// Counts what a dry run would store: every message not read before in this run (the
/// database is only asked which files and mbox stretches it has read).
fn count_dry(
    batch: &MailBatch,
    owner: &MailOwner,
    now: jiff::Timestamp,
    seen: &mut HashSet<String>,
    tally: &mut MailTally,
) {
    for message in &batch.messages {
        if !seen.insert(message.key.clone()) {
            tally.duplicates += 1;
            continue;
        }
        tally.count_new(message.disposition(owner, now), message.is_outbound(owner));
    }
}

/// Where to go on reading an mbox: after the checkpoint if the bytes before it are
/// still the same (the file only grew), else from the start.
async fn resume_at(ctx: &Ctx, path: &Path, key: &str, len: u64) -> Result<u64> {
    let Some(checkpoint) = ctx.store.mail_checkpoint(key).await? else { return Ok(0) };
    if checkpoint.offset > len {
        return Ok(0);
    }
    let same = std::fs::File::open(path)
        .and_then(|mut file| digest_before(&mut file, checkpoint.offset))
        .map_err(|e| could_not_read(path, e))?
        == checkpoint.digest;
    Ok(if same { checkpoint.offset } else { 0 })
}
