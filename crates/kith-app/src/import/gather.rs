//! What lies under the paths to import: files read whole with their formats (recognized
//! from their first bytes, LinkedIn's export archive opened), mail archives to stream
//! later, kith's own export, and what kith does not recognize.

use super::mail::{self, MailSource};
use super::paths_listed;
use crate::{Error, Result};
use kith_core::{OwnerGuess, Snapshot};
use kith_import::Format;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// How many bytes of a file tell what it is.
const PREFIX: u64 = 64 * 1024;

/// What `--format` can force: a format of contacts, calendars or exports, or mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatChoice {
    /// A file read whole.
    Contacts(Format),
    /// An mbox file.
    Mbox,
    /// Files holding one message each.
    Eml,
}

impl std::str::FromStr for FormatChoice {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mbox" => Ok(FormatChoice::Mbox),
            "eml" => Ok(FormatChoice::Eml),
            other => other
                .parse()
                .map(FormatChoice::Contacts)
                .map_err(|e| Error::Invalid(format!("{e}, mbox, eml"))),
        }
    }
}

impl FormatChoice {
    /// Every format `--format` takes, in its order: the name and what such a file is.
    pub fn choices() -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<_> = Format::ALL.iter().map(|f| (f.as_str(), f.describe())).collect();
        all.push(("mbox", "an mbox mail archive"));
        all.push(("eml", "mail messages, one to a file"));
        all
    }
}

/// One file to read whole, and how.
pub(super) struct Source {
    pub path: PathBuf,
    pub format: Format,
    /// The bytes to parse: the file's, or those of the member read out of an archive.
    pub bytes: Vec<u8>,
    /// Where the bytes came from when the file is an archive.
    pub archive: Option<ArchiveReport>,
}

/// What was read of an archive, and what was not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveReport {
    /// The member read, by its path in the archive.
    pub read: String,
    /// Every other member, which kith does not read.
    pub unread: Vec<String>,
}

/// Everything found under the paths to import but an export: files read whole, mail
/// archives, and the files set aside.
#[derive(Default)]
pub struct Gathered {
    pub(super) sources: Vec<Source>,
    pub(super) mail: Vec<MailSource>,
    emls: Vec<PathBuf>,
    pub(super) unrecognized: Vec<PathBuf>,
}

/// kith's own export, read and checked.
pub struct Export {
    /// The file.
    pub path: PathBuf,
    /// What it holds.
    pub snapshot: Snapshot,
}

/// What the paths to import hold.
pub enum Found {
    /// kith's own export, alone: it restores a whole database.
    Export(Box<Export>),
    /// Files to import, mail archives among them.
    Files(Gathered),
}

/// Reads what is under `paths`, directories recursively (a Maildir as one archive), each
/// file's format recognized from its content or forced by `format` (refused when the
/// content does not fit). Refuses an export imported beside anything else, and paths
/// holding nothing kith can import.
pub fn gather(paths: &[PathBuf], format: Option<FormatChoice>) -> Result<Found> {
    let found = collect(paths, format)?;
    if let Some(export) = found.sources.iter().find(|s| s.format == Format::KithJson) {
        if found.sources.len() > 1 || !found.mail.is_empty() {
            return Err(Error::Invalid(format!(
                "{} is a kith export, which restores a whole database: import it on its own",
                export.path.display()
            )));
        }
        let snapshot = read_export(&export.path, &export.bytes)?;
        return Ok(Found::Export(Box::new(Export { path: export.path.clone(), snapshot })));
    }
    if found.sources.is_empty() && found.mail.is_empty() {
        return Err(Error::Invalid(format!(
            "found nothing kith can import in {}; use --format to say what a file is",
            paths_listed(paths)
        )));
    }
    Ok(Found::Files(found))
}

/// Whose mail the archives under `paths` most likely are, as an import proposes when it
/// does not know the owner (the sent folders first).
pub fn guess_owner(paths: &[PathBuf]) -> Result<Option<OwnerGuess>> {
    Ok(mail::guess_owner(&collect(paths, None)?.mail))
}

/// Reads and checks the bytes of an export file; `file` names it in errors.
fn read_export(file: &Path, bytes: &[u8]) -> Result<Snapshot> {
    kith_import::read_export(bytes).map_err(|e| match e {
        kith_import::ExportError::Unreadable { .. } => Error::Invalid(format!("{}:{e}", file.display())),
        kith_import::ExportError::Format(_) => Error::Invalid(format!("{}: {e}", file.display())),
    })
}

/// The files under `paths` with their formats, and the mail archives.
fn collect(paths: &[PathBuf], forced: Option<FormatChoice>) -> Result<Gathered> {
    let mut found = Gathered::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::NotFound(format!("there is no file or directory {}", path.display()))
            }
            _ => could_not_read(path, e),
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
fn walk(dir: &Path, forced: Option<FormatChoice>, found: &mut Gathered) -> Result<()> {
    if kith_import::mail::is_mail_root(dir) {
        found.mail.push(MailSource::Maildir(dir.to_owned()));
        return Ok(());
    }
    let unreadable = |e| Error::io(format!("could not read the directory {}", dir.display()), e);
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(unreadable)?.collect::<std::io::Result<_>>().map_err(unreadable)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type().map_err(|e| could_not_read(&path, e))?.is_dir() {
            walk(&path, forced, found)?
        } else {
            add_file(path, forced, found)?
        }
    }
    Ok(())
}

/// Sorts one file: a mail archive (streamed later), or a file read whole now.
fn add_file(path: PathBuf, forced: Option<FormatChoice>, found: &mut Gathered) -> Result<()> {
    let mut prefix = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(PREFIX).read_to_end(&mut prefix))
        .map_err(|e| could_not_read(&path, e))?;
    let mail_kind = match forced {
        Some(FormatChoice::Mbox) => Some(FormatChoice::Mbox),
        Some(FormatChoice::Eml) => Some(FormatChoice::Eml),
        Some(FormatChoice::Contacts(_)) => None,
        None if kith_import::mail::looks_like_mbox(&prefix) => Some(FormatChoice::Mbox),
        None if kith_import::mail::looks_like_message(&prefix) => Some(FormatChoice::Eml),
        None => None,
    };
    match mail_kind {
        Some(FormatChoice::Mbox) => found.mail.push(MailSource::Mbox(path)),
        Some(_) => found.emls.push(path),
        None => {
            let bytes = std::fs::read(&path).map_err(|e| could_not_read(&path, e))?;
            let forced = match forced {
                Some(FormatChoice::Contacts(format)) => Some(format),
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
fn not_that_format(path: &Path, format: Format, instead: &str) -> Error {
    Error::Invalid(format!(
        "{} is not {format}: --format {format} expects {}, but the file is {instead}; \
         leave out --format to let kith recognize it",
        path.display(),
        format.describe()
    ))
}

/// A file that could not be read.
pub(super) fn could_not_read(path: &Path, source: std::io::Error) -> Error {
    Error::io(format!("could not read {}", path.display()), source)
}
