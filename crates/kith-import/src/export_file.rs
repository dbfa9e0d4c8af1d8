//! Kith's own JSON export read back, to restore a whole database from it.

use kith_core::Snapshot;
use std::fmt;

/// Why bytes are not an export this build can restore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// Not JSON, or JSON of another shape: where the reader stopped, and why.
    Unreadable {
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What the reader expected.
        message: String,
    },
    /// A kith export of another format or version.
    Format(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { line, column, message } => {
                write!(f, "{line}:{column}: not a kith export: {message}")
            }
            Self::Format(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ExportError {}

/// Reads the bytes of a `kith export json` file and checks that this build can restore it.
pub fn read_export(bytes: &[u8]) -> Result<Snapshot, ExportError> {
    let snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| ExportError::Unreadable {
        line: e.line(),
        column: e.column(),
        message: crate::excerpt(e.to_string()),
    })?;
    snapshot.check_format().map_err(ExportError::Format)?;
    Ok(snapshot)
}
