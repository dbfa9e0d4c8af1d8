//! What an import tells as it goes, beyond its progress: what could not be read, and how
//! many messages were read so far.

use super::ProblemReport;
use crate::{Progress, Silent};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Something an import could not read, told when it is found.
#[derive(Debug, Clone, Copy)]
pub enum Problem<'a> {
    /// A record of a file, skipped, or a part of it ignored.
    InFile {
        /// The file.
        file: &'a Path,
        /// The line and what was wrong.
        problem: &'a ProblemReport,
    },
    /// A message of a mail archive that could not be read, and was skipped: the file (and
    /// the byte where the message starts, in an mbox) and why.
    Message(&'a str),
}

impl Problem<'_> {
    /// The problem, kept beyond the import's call.
    pub fn seen(&self) -> ProblemSeen {
        match self {
            Problem::InFile { file, problem } => ProblemSeen {
                file: Some(file.to_path_buf()),
                line: Some(problem.line),
                skipped: problem.skipped,
                message: problem.message.clone(),
            },
            Problem::Message(what) => {
                ProblemSeen { file: None, line: None, skipped: true, message: (*what).to_owned() }
            }
        }
    }
}

/// A problem an import told, kept: shown as `kith import` prints it (its `Display`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemSeen {
    /// The file, for a record of a file read whole (a message's file is in its message).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub file: Option<PathBuf>,
    /// The line of the file.
    pub line: Option<u64>,
    /// Whether the record or message was skipped (else only part of it was ignored).
    pub skipped: bool,
    /// What was wrong.
    pub message: String,
}

/// Watches an import: its progress (the records of every file, written together, then
/// each mail archive in messages or, for an mbox, bytes; each begun and ended), its
/// problems and the messages read. Every method does nothing unless overridden.
pub trait Watch: Progress {
    /// Something could not be read.
    fn problem(&self, _problem: &Problem<'_>) {}
    /// The import goes on with this file: each file read whole, then each mail archive.
    fn reading(&self, _file: &Path) {}
    /// `read` messages were read so far in this import (an mbox's progress counts bytes).
    fn messages_read(&self, _read: usize) {}
}

impl Watch for Silent {}
