//! What an import tells as it goes, beyond its progress: what could not be read, and how
//! many messages were read so far.

use super::ProblemReport;
use crate::{Progress, Silent};
use std::path::Path;

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

/// Watches an import: its progress (the records of every file, written together, then
/// each mail archive in messages or, for an mbox, bytes; each begun and ended), its
/// problems and the messages read. Every method does nothing unless overridden.
pub trait Watch: Progress {
    /// Something could not be read.
    fn problem(&self, _problem: &Problem<'_>) {}
    /// `read` messages were read so far in this import (an mbox's progress counts bytes).
    fn messages_read(&self, _read: usize) {}
}

impl Watch for Silent {}
