//! Reading archives on a thread of their own: the header blocks of each batch parsed on
//! every core (rayon), with the text of personal messages when it is read for favors,
//! each batch sent on to be written while the next is read.

use super::TextReading;
use crate::Result;
use crate::import::gather::could_not_read;
use kith_core::{Fnv, FoundFavor, MailMessage};
use kith_import::mail::{self, FolderRole, MaildirEntry, MboxReader, Origin};
use kith_store::{MailBatch, MailCheckpoint};
use rayon::prelude::*;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// How many bytes before an mbox checkpoint its digest covers.
const CHECKPOINT_SPAN: u64 = 4096;

/// Reads one archive, sending batches until it ends or the receiver is gone.
pub(super) type Reader = Box<dyn FnOnce(Sender) -> Result<()> + Send>;

/// A batch read from an archive, ready to write.
pub(super) struct Chunk {
    pub batch: MailBatch,
    /// What could not be read, each naming the file and the message.
    pub problems: Vec<String>,
    /// How far this moves the progress (messages or bytes).
    pub progress: u64,
}

pub(super) type Sender = mpsc::Sender<Result<Chunk>>;

/// Every message file of a Maildir tree, folder by folder: the sent folders first, then
/// the others in name order. The folders are listed in parallel: listing 200,000 files
/// takes a third as long as reading their headers.
pub(super) fn maildir_files(root: &Path) -> Result<Vec<MaildirEntry>> {
    let mut folders = mail::maildir_folders(root).map_err(|e| could_not_read(root, e))?;
    folders.sort_by_key(|folder| FolderRole::of(&folder.name) != Some(FolderRole::Sent));
    let listed: Vec<Vec<MaildirEntry>> = folders
        .par_iter()
        .map(|folder| mail::maildir_entries(folder).map_err(|e| could_not_read(&folder.path, e)))
        .collect::<Result<_>>()?;
    Ok(listed.concat())
}

/// `.eml` files as entries, each known by its full path, with the role of the directory
/// it lies in (a folder tree exported from a PST has `Sent Items/…`); those of sent
/// folders first.
pub(super) fn eml_entries(paths: &[PathBuf]) -> Vec<MaildirEntry> {
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
pub(super) fn read_files(
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
pub(super) fn read_entries(
    entries: &[MaildirEntry],
    texts: Option<&TextReading>,
) -> Vec<Result<ReadMessage, String>> {
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
pub(super) fn read_mbox(
    path: &Path,
    key: String,
    start: u64,
    batch: usize,
    texts: Option<&TextReading>,
    tx: &Sender,
) -> Result<()> {
    let unreadable = |e| could_not_read(path, e);
    let open = || File::open(path).map_err(unreadable);
    let mut file = open()?;
    file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
    let folder = mbox_folder(path);
    let mut tail = open()?;
    let mut done = start;
    let mut pending = Vec::with_capacity(batch);
    let mut messages = MboxReader::new(file, start).peekable();
    while let Some(message) = messages.next() {
        pending.push(message.map_err(unreadable)?);
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
        let digest = digest_before(&mut tail, end).map_err(unreadable)?;
        let checkpoint = MailCheckpoint { file: key.clone(), offset: end, digest };
        let batch = MailBatch { messages, copies: vec![], checkpoint: Some(checkpoint), favors };
        if tx.blocking_send(Ok(Chunk { batch, problems, progress: end - done })).is_err() {
            break;
        }
        done = end;
    }
    Ok(())
}

/// What an mbox file is for, from its name (`Sent.mbox`, Thunderbird's `Sent`).
pub(super) fn mbox_folder(path: &Path) -> Option<FolderRole> {
    FolderRole::of(&path.file_stem()?.to_string_lossy())
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

/// A digest of the bytes just before `offset`.
pub(super) fn digest_before(file: &mut File, offset: u64) -> std::io::Result<String> {
    let from = offset.saturating_sub(CHECKPOINT_SPAN);
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.take(offset - from).read_to_end(&mut bytes)?;
    let mut digest = Fnv::default();
    digest.bytes(&bytes);
    Ok(digest.hex())
}

/// How a file is known across imports: its absolute path.
pub(super) fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()).display().to_string()
}
