//! Mail archives into the interaction log. Maildir trees, mbox files and `.eml` files are
//! read header block by header block on every core while the batch before is written;
//! files and mbox stretches an earlier import read are skipped without being opened.

use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use kith_core::{
    Fnv, FoundFavor, Identity, IdentityKind, MailAddress, MailMessage, MailOwner, OwnerGuess, SentSenders,
    guess_mail_owner,
};
use kith_import::mail::{self, FolderRole, MaildirEntry, MboxReader, Origin};
use kith_store::{MailBatch, MailCheckpoint, MailTally};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fs::File;
use std::io::{IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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

/// How an import reads the text of personal messages for favors, when the owner lets it.
#[derive(Clone, Debug, Default)]
pub struct TextReading {
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
pub enum MailSource {
    /// A Maildir, with its Maildir++ folders.
    Maildir(PathBuf),
    /// An mbox file.
    Mbox(PathBuf),
    /// Files holding one message each.
    Eml(Vec<PathBuf>),
}

/// What a mail import did, as the summary prints it. Every message read is counted once:
/// `read` = `unreadable` + `duplicates` + `logged` + the kept out + `undated` +
/// `no_correspondent`.
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
    /// The owner's identities learned from their sent folders in this run (`kith me
    /// remove` takes one back).
    pub learned: Vec<Identity>,
    /// The mail stored before, logged again because the owner's identities changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relogged: Option<MailTally>,
    /// What looks wrong in the result, and what to do about it.
    pub warnings: Vec<String>,
    /// Whether the text of personal messages was read for favors.
    pub read_texts: bool,
}

impl MailReport {
    /// Prints the report's lines.
    pub fn print(&self, dry_run: bool) -> Result<()> {
        if let Some(relogged) = &self.relogged {
            out::line(&format!(
                "mail: your identities changed, so all {} stored were logged again: {} ({} sent by you) as \
                 {}; {} new to kith",
                out::count(relogged.stored, "message"),
                out::count(relogged.logged, "personal message"),
                relogged.sent_by_you,
                out::count(relogged.interactions, "interaction"),
                out::count(relogged.people_added, "correspondent"),
            ))?;
        }
        let mut read = format!("mail: read {}", out::count(self.read, "message"));
        if self.already_read > 0 {
            read.push_str(&format!(", {} already imported (not read again)", self.already_read));
        }
        out::line(&read)?;
        let t = &self.tally;
        if dry_run {
            out::line(&format!("  would store up to {} and log the personal ones", t.stored))?;
        } else if t.stored > 0 || !self.read_texts {
            out::line(&format!(
                "  logged {} ({} sent by you) as {}; {} new to kith",
                out::count(t.logged, "personal message"),
                t.sent_by_you,
                out::count(t.interactions, "interaction"),
                out::count(t.people_added, "correspondent"),
            ))?;
        }
        if self.read_texts {
            out::line(&format!(
                "  read the text of {} for favors: {} to review (`kith ledger suggestions`); no text is kept",
                out::count(t.texts_read, "personal message"),
                out::count(t.favors_found, "suggestion"),
            ))?;
        }
        if !t.kept_out.is_empty() {
            let reasons: Vec<String> =
                t.kept_out.iter().map(|(why, n)| format!("{} {n}", why.describe())).collect();
            out::line(&format!("  kept out: {} (list them with `kith mail kept-out`)", reasons.join(", ")))?;
        }
        let mut rest = Vec::new();
        for (n, what) in [
            (t.undated, "with no date to believe"),
            (t.no_correspondent, "with no usable sender or recipient"),
            (t.duplicates, "already stored (another folder, or an earlier import)"),
            (self.unreadable, "that could not be read"),
        ] {
            if n > 0 {
                rest.push(format!("{n} {what}"));
            }
        }
        if !rest.is_empty() {
            out::line(&format!("  not logged: {}", rest.join("; ")))?;
        }
        for joined in &t.joined {
            out::line(&format!(
                "  joined {} {} to {} ({}): the archive names them alike",
                joined.identity.kind(),
                joined.identity,
                joined.name,
                joined.person
            ))?;
        }
        for identity in &self.learned {
            if dry_run {
                out::line(&format!(
                    "  would learn from your sent folder: {} {identity} is yours",
                    identity.kind()
                ))?;
            } else {
                out::line(&format!(
                    "  learned from your sent folder: {} {identity} is yours (undo: `kith me remove {}`)",
                    identity.kind(),
                    quoted(identity.value())
                ))?;
            }
        }
        for warning in &self.warnings {
            out::line(&format!("  note: {warning}"))?;
        }
        Ok(())
    }
}

/// An identity as typed on a command line, quoted when it has spaces.
fn quoted(value: &str) -> String {
    if value.contains(' ') { format!("\"{value}\"") } else { value.to_owned() }
}

/// The owner's mail identities, or the error that asks for them with the likeliest guess.
pub fn owner(identities: &[Identity], sources: &[MailSource]) -> Result<MailOwner> {
    let owner = MailOwner::of_identities(identities);
    if !owner.is_empty() {
        return Ok(owner);
    }
    let hint = guess_owner(sources).map_or_else(String::new, |guess| format!("; {}", proposal(&guess)));
    Err(UserError::Invalid(format!(
        "kith needs to know who you are before it reads mail, to tell what you sent from what you \
         received: run `kith me add you@example.com` or pass --me{hint}"
    ))
    .into())
}

/// Whose archives these most likely are (see [`guess_mail_owner`]).
pub fn guess_owner(sources: &[MailSource]) -> Option<OwnerGuess> {
    guess_mail_owner(&owner_sample(sources))
}

/// The guess in words, with the command that accepts it.
pub fn proposal(guess: &OwnerGuess) -> String {
    let forms: Vec<String> = guess.identities.iter().map(command_form).collect();
    let evidence = if guess.from_sent_folders {
        format!("the messages of your sent folders ({} of {}) come from", guess.messages, guess.of)
    } else {
        format!("{} of the {} personal messages read involve", guess.messages, guess.of)
    };
    format!("{evidence} \"{}\": if that is you, run `kith me add {}`", guess.name(), forms.join(" "))
}

/// How to type a mailbox for `kith me add`: a Notes name as its display name, anything
/// else as its address.
fn command_form(address: &MailAddress) -> String {
    match address.kind() {
        IdentityKind::Name => quoted(&address.person_name()),
        _ => quoted(&address.address),
    }
}

/// The messages kith looks at to guess whose archive it is: those of the sent folders,
/// else the first ones of the archive.
fn owner_sample(sources: &[MailSource]) -> Vec<MailMessage> {
    let entries: Vec<MaildirEntry> = sources
        .iter()
        .flat_map(|source| match source {
            MailSource::Maildir(root) => maildir_files(root).unwrap_or_default(),
            MailSource::Eml(paths) => eml_entries(paths),
            MailSource::Mbox(_) => Vec::new(),
        })
        .collect();
    let sent: Vec<MaildirEntry> =
        entries.iter().filter(|e| e.folder == Some(FolderRole::Sent)).take(OWNER_SAMPLE).cloned().collect();
    let headers =
        |entries: &[MaildirEntry]| read_entries(entries, None).into_iter().flatten().map(|(m, _)| m);
    let mut messages: Vec<MailMessage> = headers(&sent).collect();
    if !messages.is_empty() {
        return messages;
    }
    messages.extend(headers(&entries[..OWNER_SAMPLE.min(entries.len())]));
    for source in sources {
        let MailSource::Mbox(path) = source else { continue };
        let Ok(file) = File::open(path) else { continue };
        let room = OWNER_SAMPLE.saturating_sub(messages.len());
        let folder = mbox_folder(path);
        for m in MboxReader::new(file, 0).take(room).flatten() {
            let origin = Origin { delivered_at: m.delivered_at, folder };
            messages.extend(mail::parse_message(&m.header, &origin).ok());
        }
    }
    let sent: Vec<MailMessage> = messages.iter().filter(|m| m.sent).cloned().collect();
    if sent.is_empty() { messages } else { sent }
}

/// What an mbox file is for, from its name (`Sent.mbox`, Thunderbird's `Sent`).
fn mbox_folder(path: &Path) -> Option<FolderRole> {
    FolderRole::of(&path.file_stem()?.to_string_lossy())
}

/// The people who hold one of the owner's identities: mail logs nothing with them any
/// more, so the record is either the owner or holds an identity it should not.
async fn owner_held_by_others(ctx: &Ctx, owner: &MailOwner) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    for identity in ctx.store.owner_identities().await? {
        let Some(id) = ctx.store.person_with_identity(&identity).await? else { continue };
        let person = ctx.store.person(&id).await?;
        let others: Vec<String> = person
            .identities
            .iter()
            .filter(|other| !owner.is(other.value()))
            .map(|other| quoted(other.value()))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            others => {
                format!(
                    " It also holds {}: if that is you too, `kith me add {}`.",
                    others.join(", "),
                    others.join(" ")
                )
            }
        };
        notes.push(format!(
            "{} ({id}) holds {identity}, which is yours, so mail sent from it is yours.{also} If the record is \
             you, remove it (`kith person rm {id}`), else take the identity off them (`kith person edit {id} \
             --remove {}`)",
            person.name,
            quoted(identity.value())
        ));
    }
    Ok(notes)
}

/// What looks wrong once the import is done: none of the owner's own messages among many.
fn warnings(report: &MailReport, sample: &[MailMessage], owner: &MailOwner) -> Vec<String> {
    let mut warnings = Vec::new();
    let t = &report.tally;
    if t.logged >= 10 && t.sent_by_you == 0 {
        let others: Vec<MailMessage> = sample.iter().filter(|m| !m.is_outbound(owner)).cloned().collect();
        let hint = guess_mail_owner(&others)
            .filter(|guess| !guess.identities.iter().any(|i| owner.is(&i.address)))
            .map_or_else(|| "check the addresses `kith me list` shows".to_owned(), |guess| proposal(&guess));
        warnings.push(format!(
            "none of the {} read was sent by you, so every tie looks one-way; {hint}, then import again \
             (what is stored is logged again without reading the archive)",
            out::count(report.read, "message")
        ));
    }
    warnings
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
pub async fn import(
    ctx: &Ctx,
    sources: &[MailSource],
    mut owner: MailOwner,
    texts: Option<TextReading>,
    dry_run: bool,
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
                let len = std::fs::metadata(path)
                    .with_context(|| format!("could not read {}", path.display()))?
                    .len();
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
        let bar = progress(total, ctx.json, matches!(source, MailSource::Mbox(_)));
        let (tx, mut rx) = mpsc::channel(2);
        let reading = std::thread::spawn(move || reader(tx));
        let started = Instant::now();
        while let Some(chunk) = rx.recv().await {
            let chunk = chunk?;
            for problem in &chunk.problems {
                if !ctx.json {
                    bar.suspend(|| eprintln!("{problem}; skipped"));
                }
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
            bar.inc(chunk.progress);
            let rate = report.read as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} messages, {rate:.0}/s", report.read));
        }
        bar.finish_and_clear();
        reading.join().map_err(|_| anyhow!("reading the mail archive failed unexpectedly"))??;
    }
    if logged_before_learning && !dry_run {
        // Messages logged before an identity was learned are logged again with it: the
        // tally of that is the log as it now stands.
        report.relogged = Some(ctx.store.relog_mail(&owner, now).await?);
    }
    report.warnings = warnings(&report, &sample, &owner);
    if !dry_run {
        report.warnings.extend(owner_held_by_others(ctx, &owner).await?);
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

/// Reads one archive, sending batches until it ends or the receiver is gone.
type Reader = Box<dyn FnOnce(Sender) -> Result<()> + Send>;

/// A reader for the files an earlier import did not read (those it did are counted).
fn unread(
    entries: Vec<MaildirEntry>,
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

/// A batch read from an archive, ready to write.
struct Chunk {
    batch: MailBatch,
    /// What could not be read, each naming the file and the message.
    problems: Vec<String>,
    /// How far this moves the progress bar (messages or bytes).
    progress: u64,
}

type Sender = mpsc::Sender<Result<Chunk>>;

/// Every message file of a Maildir tree, folder by folder: the sent folders first, then
/// the others in name order. The folders are listed in parallel: listing 200,000 files
/// takes a third as long as reading their headers.
fn maildir_files(root: &Path) -> Result<Vec<MaildirEntry>> {
    let mut folders =
        mail::maildir_folders(root).with_context(|| format!("could not read {}", root.display()))?;
    folders.sort_by_key(|folder| FolderRole::of(&folder.name) != Some(FolderRole::Sent));
    let listed: Vec<Vec<MaildirEntry>> = folders
        .par_iter()
        .map(|folder| {
            mail::maildir_entries(folder).with_context(|| format!("could not read {}", folder.path.display()))
        })
        .collect::<Result<_>>()?;
    Ok(listed.concat())
}

/// `.eml` files as entries, each known by its full path, with the role of the directory
/// it lies in (a folder tree exported from a PST has `Sent Items/…`); those of sent
/// folders first.
fn eml_entries(paths: &[PathBuf]) -> Vec<MaildirEntry> {
    let mut entries: Vec<MaildirEntry> = paths
        .iter()
        .map(|path| MaildirEntry {
            path: path.clone(),
            copy: format!("file:{}", file_key(path)),
            delivered_at: None,
            folder: path
                .parent()
                .and_then(Path::file_name)
                .and_then(|dir| FolderRole::of(&dir.to_string_lossy())),
            archive: None,
        })
        .collect();
    entries.sort_by_key(|entry| entry.folder != Some(FolderRole::Sent));
    entries
}

/// Reads and parses message files on every core, one batch at a time.
fn read_files(
    entries: &[MaildirEntry],
    batch: usize,
    texts: Option<&TextReading>,
    tx: &Sender,
) -> Result<()> {
    for chunk in entries.chunks(batch) {
        let (messages, favors, problems) = split(read_entries(chunk, texts), texts.is_some());
        let copies = chunk.iter().map(MaildirEntry::known_as).collect();
        let batch = MailBatch { messages, copies, checkpoint: None, favors };
        if tx.blocking_send(Ok(Chunk { batch, problems, progress: chunk.len() as u64 })).is_err() {
            break;
        }
    }
    Ok(())
}

/// A message read, with the favors its text speaks of when its text was read.
type ReadMessage = (MailMessage, Option<Vec<FoundFavor>>);

/// Reads and parses message files in parallel, keeping their order; with `texts`, the
/// text of each personal message is read for favors too.
fn read_entries(entries: &[MaildirEntry], texts: Option<&TextReading>) -> Vec<Result<ReadMessage, String>> {
    entries
        .par_iter()
        .map_init(Vec::new, |buf, entry| {
            read_entry(entry, buf, texts).map_err(|e| format!("{}: {e}", entry.path.display()))
        })
        .collect()
}

/// Reads one message file: its header block, and with `texts` the rest of a personal
/// message for the favors its text speaks of.
fn read_entry(
    entry: &MaildirEntry,
    buf: &mut Vec<u8>,
    texts: Option<&TextReading>,
) -> Result<ReadMessage, String> {
    let mut file = File::open(&entry.path).map_err(|e| e.to_string())?;
    mail::read_header_from(&mut file, buf).map_err(|e| e.to_string())?;
    // Many tools export each message with its mbox envelope line on top.
    let (header, envelope) = mail::strip_envelope(buf);
    let origin = Origin { delivered_at: entry.delivered_at.or(envelope), ..entry.origin() };
    let message = mail::parse_message(header, &origin)?;
    let Some(texts) = texts.filter(|t| t.wants(&message)) else { return Ok((message, None)) };
    buf.clear();
    file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    file.take(mail::TEXT_READ_BYTES).read_to_end(buf).map_err(|e| e.to_string())?;
    let favors = mail::favors_in(buf, texts.keep_evidence);
    Ok((message, Some(favors)))
}

/// The messages read, the favors of each (empty unless texts were read) and the problems.
fn split(
    results: Vec<Result<ReadMessage, String>>,
    texts: bool,
) -> (Vec<MailMessage>, Vec<Option<Vec<FoundFavor>>>, Vec<String>) {
    let mut messages = Vec::with_capacity(results.len());
    let mut favors = Vec::with_capacity(if texts { results.len() } else { 0 });
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((message, found)) => {
                messages.push(message);
                if texts {
                    favors.push(found);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    (messages, favors, problems)
}

/// Reads an mbox from `start`, splitting it as it streams and parsing each batch's
/// header blocks in parallel; every batch carries the checkpoint after it.
fn read_mbox(
    path: &Path,
    key: String,
    start: u64,
    batch: usize,
    texts: Option<&TextReading>,
    tx: &Sender,
) -> Result<()> {
    let open = || File::open(path).with_context(|| format!("could not read {}", path.display()));
    let mut file = open()?;
    file.seek(SeekFrom::Start(start))?;
    let folder = mbox_folder(path);
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
            .map_init(
                || (File::open(path), Vec::new()),
                |(file, buf), m| {
                    let message =
                        mail::parse_message(&m.header, &Origin { delivered_at: m.delivered_at, folder })
                            .map_err(|e| format!("{}: message at byte {}: {e}", path.display(), m.offset))?;
                    let Some(texts) = texts.filter(|t| t.wants(&message)) else { return Ok((message, None)) };
                    let file = file.as_mut().map_err(|e| format!("{}: {e}", path.display()))?;
                    read_span(file, m.offset, m.end, buf)
                        .map_err(|e| format!("{}: message at byte {}: {e}", path.display(), m.offset))?;
                    Ok((message, Some(mail::favors_in(buf, texts.keep_evidence))))
                },
            )
            .collect();
        pending.clear();
        let (messages, favors, problems) = split(results, texts.is_some());
        let checkpoint =
            MailCheckpoint { file: key.clone(), offset: end, digest: digest_before(&mut tail, end)? };
        let batch = MailBatch { messages, copies: vec![], checkpoint: Some(checkpoint), favors };
        if tx.blocking_send(Ok(Chunk { batch, problems, progress: end - done })).is_err() {
            break;
        }
        done = end;
    }
    Ok(())
}

/// Reads into `buf` the bytes of an mbox message, from its `From ` line, at most
/// [`mail::TEXT_READ_BYTES`], with its body's `>From ` lines as they were written.
fn read_span(file: &mut File, offset: u64, end: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    file.seek(SeekFrom::Start(offset))?;
    file.take((end - offset).min(mail::TEXT_READ_BYTES)).read_to_end(buf)?;
    mail::unescape_from_lines(buf);
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
