//! Mail archives into the interaction log. Maildir trees, mbox files and `.eml` files are
//! read header block by header block on every core while the batch before is written;
//! files and mbox stretches an earlier import read are skipped without being opened.

use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use kith_core::{Fnv, MailMessage, MailOwner, likeliest_mail_owner};
use kith_import::mail::{self, MaildirEntry, MboxReader};
use kith_store::{MailBatch, MailCheckpoint, MailTally};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fs::File;
use std::io::{IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tokio::sync::mpsc;

/// Messages written per transaction: about a sixteenth of the archive, so that a small
/// one still commits in steps and a large one in few, big transactions.
fn batch_size(messages: u64) -> usize {
    usize::try_from(messages / 16).unwrap_or(usize::MAX).clamp(1_000, 20_000)
}

/// The average size of a message in an mbox, for guessing how many it holds.
const MBOX_BYTES_PER_MESSAGE: u64 = 4096;
/// How many bytes before an mbox checkpoint its digest covers.
const CHECKPOINT_SPAN: u64 = 4096;
/// How many messages are read to guess whose archive it is.
const OWNER_SAMPLE: usize = 1000;

/// A mail archive among the paths to import.
#[derive(Clone, Debug)]
pub enum MailSource {
    /// A Maildir, with its Maildir++ folders.
    Maildir(PathBuf),
    /// An mbox file.
    Mbox(PathBuf),
    /// Files holding one message each.
    Eml(Vec<PathBuf>),
}

/// What a mail import did, as the summary prints it.
#[derive(Debug, Default, Serialize)]
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
}

impl MailReport {
    /// Prints the report's lines.
    pub fn print(&self, dry_run: bool) -> Result<()> {
        let mut read = format!("mail: read {}", out::count(self.read, "message"));
        if self.already_read > 0 {
            read.push_str(&format!(", {} already imported (not read again)", self.already_read));
        }
        out::line(&read)?;
        if dry_run {
            out::line(&format!("  would store up to {} and log the personal ones", self.tally.stored))?;
        } else {
            out::line(&format!(
                "  stored {} new, {} already stored; logged {}; {} new to kith",
                self.tally.stored,
                self.tally.duplicates,
                out::count(self.tally.interactions, "interaction"),
                out::count(self.tally.people_added, "correspondent"),
            ))?;
        }
        if !self.tally.kept_out.is_empty() {
            let reasons: Vec<String> =
                self.tally.kept_out.iter().map(|(why, n)| format!("{} {n}", why.describe())).collect();
            out::line(&format!("  kept out: {} (list them with `kith mail kept-out`)", reasons.join(", ")))?;
        }
        if self.tally.undated > 0 {
            out::line(&format!("  undated: {} stored but not logged", self.tally.undated))?;
        }
        if self.unreadable > 0 {
            out::line(&format!("  skipped: {} that could not be read", self.unreadable))?;
        }
        Ok(())
    }
}

/// The owner's addresses, or the error that asks for them with the likeliest guess.
pub fn owner(addresses: Vec<String>, sources: &[MailSource]) -> Result<MailOwner> {
    if !addresses.is_empty() {
        return Ok(MailOwner::new(addresses.iter().map(String::as_str)));
    }
    let hint = guess_owner(sources).map_or_else(String::new, |(address, n, of, place)| {
        format!(
            " ({address} is in {n} of the first {of} messages {place}: if that is you, add --me {address})"
        )
    });
    Err(UserError::Invalid(format!(
        "kith needs to know which address is yours before it reads mail, to tell what you sent from what \
         you received: run `kith me add you@example.com` or pass --me{hint}"
    ))
    .into())
}

/// The likeliest owner: the commonest sender of a Sent folder, else the commonest address.
fn guess_owner(sources: &[MailSource]) -> Option<(String, usize, usize, &'static str)> {
    let sent: Vec<MaildirEntry> = sources
        .iter()
        .filter_map(|s| match s {
            MailSource::Maildir(root) => mail::maildir_folders(root).ok(),
            _ => None,
        })
        .flatten()
        .filter(|folder| folder.name.to_lowercase().contains("sent"))
        .flat_map(|folder| mail::maildir_entries(&folder.path).unwrap_or_default())
        .take(OWNER_SAMPLE)
        .collect();
    if !sent.is_empty() {
        let messages = read_entries(&sent).into_iter().flatten().collect::<Vec<_>>();
        let (address, n) = likeliest_mail_owner(&messages, true)?;
        return Some((address, n, messages.len(), "in the Sent folder"));
    }
    let mut messages = Vec::new();
    for source in sources {
        let room = OWNER_SAMPLE.saturating_sub(messages.len());
        match source {
            MailSource::Maildir(root) => {
                let entries = maildir_files(root).unwrap_or_default();
                messages.extend(read_entries(&entries[..room.min(entries.len())]).into_iter().flatten());
            }
            MailSource::Eml(paths) => {
                let entries = eml_entries(&paths[..room.min(paths.len())]);
                messages.extend(read_entries(&entries).into_iter().flatten());
            }
            MailSource::Mbox(path) => {
                let file = File::open(path).ok()?;
                for m in MboxReader::new(file, 0).take(room).flatten() {
                    messages.extend(mail::parse_message(&m.header, m.delivered_at).ok());
                }
            }
        }
    }
    let (address, n) = likeliest_mail_owner(&messages, false)?;
    Some((address, n, messages.len(), "as sender or recipient"))
}

/// Imports every source; a dry run reads and counts but writes nothing.
pub async fn import(
    ctx: &Ctx,
    sources: &[MailSource],
    owner: &MailOwner,
    dry_run: bool,
) -> Result<MailReport> {
    let mut report = MailReport::default();
    let reads_files = sources.iter().any(|s| !matches!(s, MailSource::Mbox(_)));
    let known = if reads_files { ctx.store.mail_copies().await? } else { HashSet::new() };
    let mut seen_in_dry_run = HashSet::new();
    for source in sources {
        let (total, reader): (u64, Reader) = match source {
            MailSource::Maildir(root) => unread(maildir_files(root)?, &known, &mut report),
            MailSource::Eml(paths) => unread(eml_entries(paths), &known, &mut report),
            MailSource::Mbox(path) => {
                let key = file_key(path);
                let len = std::fs::metadata(path)
                    .with_context(|| format!("could not read {}", path.display()))?
                    .len();
                let start = resume_at(ctx, path, &key, len).await?;
                if start > 0 {
                    report.already_read += 1;
                }
                let path = path.clone();
                let batch = batch_size((len - start) / MBOX_BYTES_PER_MESSAGE);
                (len - start, Box::new(move |tx| read_mbox(&path, key, start, batch, &tx)))
            }
        };
        let bar = progress(total, ctx.json, matches!(source, MailSource::Mbox(_)));
        let (tx, mut rx) = mpsc::channel(2);
        let reading = std::thread::spawn(move || reader(tx));
        let started = Instant::now();
        let now = ctx.now_ts();
        while let Some(chunk) = rx.recv().await {
            let chunk = chunk?;
            for problem in &chunk.problems {
                if !ctx.json {
                    bar.suspend(|| eprintln!("{problem}; skipped"));
                }
            }
            report.read += chunk.batch.messages.len() + chunk.problems.len();
            report.unreadable += chunk.problems.len();
            if dry_run {
                count_dry(&chunk.batch, now, &mut seen_in_dry_run, &mut report.tally);
            } else {
                report.tally += ctx.store.import_mail(&chunk.batch, owner, now).await?;
            }
            bar.inc(chunk.progress);
            let rate = report.read as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} messages, {rate:.0}/s", report.read));
        }
        bar.finish_and_clear();
        reading.join().map_err(|_| anyhow!("reading the mail archive failed unexpectedly"))??;
    }
    Ok(report)
}

/// Reads one archive, sending batches until it ends or the receiver is gone.
type Reader = Box<dyn FnOnce(Sender) -> Result<()> + Send>;

/// A reader for the files an earlier import did not read (those it did are counted).
fn unread(entries: Vec<MaildirEntry>, known: &HashSet<String>, report: &mut MailReport) -> (u64, Reader) {
    let (done, fresh): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| known.contains(&e.copy));
    report.already_read += done.len();
    (fresh.len() as u64, Box::new(move |tx| read_files(&fresh, batch_size(fresh.len() as u64), &tx)))
}

/// Counts what a dry run would store: every message not read before in this run (the
/// database is only asked which files and mbox stretches it has read).
fn count_dry(batch: &MailBatch, now: jiff::Timestamp, seen: &mut HashSet<String>, tally: &mut MailTally) {
    for message in &batch.messages {
        if !seen.insert(message.key.clone()) {
            tally.duplicates += 1;
            continue;
        }
        tally.count_new(message.disposition(now));
    }
}

/// A batch read from an archive, ready to write.
struct Chunk {
    batch: MailBatch,
    /// What could not be read, each naming the file and the message.
    problems: Vec<String>,
    /// How far this moves the progress bar (messages or bytes).
    progress: u64,
}

type Sender = mpsc::Sender<Result<Chunk>>;

/// Every message file of a Maildir tree, folder by folder, in name order. The folders are
/// listed in parallel: listing 200,000 files takes a third as long as reading their headers.
fn maildir_files(root: &Path) -> Result<Vec<MaildirEntry>> {
    let folders =
        mail::maildir_folders(root).with_context(|| format!("could not read {}", root.display()))?;
    let listed: Vec<Vec<MaildirEntry>> = folders
        .par_iter()
        .map(|folder| {
            mail::maildir_entries(&folder.path)
                .with_context(|| format!("could not read {}", folder.path.display()))
        })
        .collect::<Result<_>>()?;
    Ok(listed.concat())
}

/// `.eml` files as entries, each known by its full path.
fn eml_entries(paths: &[PathBuf]) -> Vec<MaildirEntry> {
    paths
        .iter()
        .map(|path| MaildirEntry {
            path: path.clone(),
            copy: format!("file:{}", file_key(path)),
            delivered_at: None,
        })
        .collect()
}

/// Reads and parses message files on every core, one batch at a time.
fn read_files(entries: &[MaildirEntry], batch: usize, tx: &Sender) -> Result<()> {
    for chunk in entries.chunks(batch) {
        let (messages, problems) = split(read_entries(chunk));
        let copies = chunk.iter().map(|e| e.copy.clone()).collect();
        let batch = MailBatch { messages, copies, checkpoint: None };
        if tx.blocking_send(Ok(Chunk { batch, problems, progress: chunk.len() as u64 })).is_err() {
            break;
        }
    }
    Ok(())
}

/// Reads and parses message files in parallel, keeping their order.
fn read_entries(entries: &[MaildirEntry]) -> Vec<Result<MailMessage, String>> {
    entries
        .par_iter()
        .map_init(Vec::new, |buf, entry| {
            mail::read_header_block(&entry.path, buf)
                .map_err(|e| e.to_string())
                .and_then(|()| mail::parse_message(buf, entry.delivered_at))
                .map_err(|e| format!("{}: {e}", entry.path.display()))
        })
        .collect()
}

fn split(results: Vec<Result<MailMessage, String>>) -> (Vec<MailMessage>, Vec<String>) {
    let mut messages = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(message) => messages.push(message),
            Err(problem) => problems.push(problem),
        }
    }
    (messages, problems)
}

/// Reads an mbox from `start`, splitting it as it streams and parsing each batch's
/// header blocks in parallel; every batch carries the checkpoint after it.
fn read_mbox(path: &Path, key: String, start: u64, batch: usize, tx: &Sender) -> Result<()> {
    let open = || File::open(path).with_context(|| format!("could not read {}", path.display()));
    let mut file = open()?;
    file.seek(SeekFrom::Start(start))?;
    let mut tail = open()?;
    let mut done = start;
    let mut pending = Vec::with_capacity(batch);
    let mut messages = MboxReader::new(file, start).peekable();
    while let Some(message) = messages.next() {
        pending.push(message.with_context(|| format!("could not read {}", path.display()))?);
        if pending.len() < batch && messages.peek().is_some() {
            continue;
        }
        let end = pending.last().map_or(done, |m: &mail::MboxMessage| m.end);
        let results: Vec<_> = pending
            .par_iter()
            .map(|m| {
                mail::parse_message(&m.header, m.delivered_at)
                    .map_err(|e| format!("{}: message at byte {}: {e}", path.display(), m.offset))
            })
            .collect();
        pending.clear();
        let (messages, problems) = split(results);
        let checkpoint =
            MailCheckpoint { file: key.clone(), offset: end, digest: digest_before(&mut tail, end)? };
        let batch = MailBatch { messages, copies: vec![], checkpoint: Some(checkpoint) };
        if tx.blocking_send(Ok(Chunk { batch, problems, progress: end - done })).is_err() {
            break;
        }
        done = end;
    }
    Ok(())
}

/// Where to go on reading an mbox: after the checkpoint if the bytes before it are
/// still the same (the file only grew), else from the start.
async fn resume_at(ctx: &Ctx, path: &Path, key: &str, len: u64) -> Result<u64> {
    let Some(checkpoint) = ctx.store.mail_checkpoint(key).await? else { return Ok(0) };
    if checkpoint.offset > len {
        return Ok(0);
    }
    let mut file = File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    let same = digest_before(&mut file, checkpoint.offset)? == checkpoint.digest;
    Ok(if same { checkpoint.offset } else { 0 })
}

/// A digest of the bytes just before `offset`.
fn digest_before(file: &mut File, offset: u64) -> Result<String> {
    let from = offset.saturating_sub(CHECKPOINT_SPAN);
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.take(offset - from).read_to_end(&mut bytes)?;
    let mut digest = Fnv::default();
    digest.bytes(&bytes);
    Ok(digest.hex())
}

/// How a file is known across imports: its absolute path.
fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()).display().to_string()
}

/// A progress bar in messages (or bytes, for an mbox) with the rate, on a terminal only.
fn progress(total: u64, json: bool, bytes: bool) -> ProgressBar {
    if json || total == 0 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let template = if bytes {
        "reading mail {bar:30} {bytes}/{total_bytes} {msg}, {eta} left"
    } else {
        "reading mail {bar:30} {pos}/{len} files {msg}, {eta} left"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
