//! The one error of every use case, and what kind of failure it is: the CLI turns the
//! kind into an exit code, the web into an HTTP status, each in one place.

use kith_core::ValidationError;
use kith_store::StoreError;

/// What went wrong in a use case, with words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be used as given.
    #[error("{0}")]
    Invalid(String),
    /// Nothing matches what was named.
    #[error("{0}")]
    NotFound(String),
    /// A value broke one of kith-core's rules.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or folder could not be read or written.
    #[error("{what}")]
    Io {
        /// What was being done, naming the path.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A template could not be used: one of the user's own does not parse, or a template
    /// fails while writing a draft. Fixing (or removing) the file helps, not the input.
    #[error("{}{source}", path.as_ref().map(|p| format!("in {}: ", p.display())).unwrap_or_default())]
    Template {
        /// The user's file, when the problem is known to be in it.
        path: Option<std::path::PathBuf>,
        /// What is wrong.
        source: kith_core::ComposeError,
    },
}

/// A use case's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kind of a failure, for choosing an exit code or a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input was refused: change it and try again.
    Invalid,
    /// What was named does not exist.
    NotFound,
    /// The user may not do this (a viewer changing a shared workspace, a member who is
    /// not its owner sharing it).
    Forbidden,
    /// Something failed that the input cannot fix (a damaged database, a full disk).
    Internal,
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) | Error::Validation(_) => ErrorKind::Invalid,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Store(store) => store_kind(store),
            Error::Io { .. } | Error::Template { .. } => ErrorKind::Internal,
        }
    }

    /// An I/O failure, saying what was being done.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { what: what.into(), source }
    }
}

/// The kind of a store failure: a missing entity is not found, a broken database is
/// internal, a change the user's role does not allow is forbidden, and every other
/// refusal (an identity taken, a stage changed meanwhile) is the input's.
pub fn store_kind(error: &StoreError) -> ErrorKind {
    match error {
        StoreError::NotFound { .. } | StoreError::NoWorkspace(_) => ErrorKind::NotFound,
        StoreError::NotAllowed(_) | StoreError::ReadOnly { why: kith_store::ReadOnly::Viewer, .. } => {
            ErrorKind::Forbidden
        }
        StoreError::Database(_)
        | StoreError::Migration(_)
        | StoreError::Corrupt(_)
        | StoreError::Damaged(_) => ErrorKind::Internal,
        _ => ErrorKind::Invalid,
    }
}
