//! What can go wrong in storage.

use kith_core::{Identity, PersonId, ValidationError};
use std::path::PathBuf;
use thiserror::Error;

/// A storage failure. `NotFound` is only ever a missing entity, never a database error.
#[derive(Debug, Error)]
pub enum StoreError {
    /// No entity with that id.
    #[error("no {entity} with id {id}")]
    NotFound {
        /// What kind of entity.
        entity: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The identity belongs to someone already.
    #[error("{identity} already belongs to {owner}")]
    IdentityTaken {
        /// The identity.
        identity: Identity,
        /// Its holder.
        owner: PersonId,
    },
    /// The domain belongs to another organization already.
    #[error("the domain {0} already belongs to another organization")]
    DomainTaken(String),
    /// The change breaks one of kith-core's rules, checked against the stored state.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Someone else changed the stage in between.
    #[error("the person's stage is no longer {expected}; reload and try again")]
    StageChanged {
        /// The stage the change started from.
        expected: String,
    },
    /// A restore into a database that already holds data.
    #[error("the database at {0} already holds data; restore into a new, empty database")]
    NotEmpty(String),
    /// The database does not exist.
    #[error("no kith database at {0}; run `kith init` first, or pass --db with the path of an existing one")]
    NoDatabase(PathBuf),
    /// A PostgreSQL database has no workspace of this name.
    #[error("no workspace named {0:?} in this database; check the name, or create the workspace first")]
    NoWorkspace(String),
    /// The file is a SQLite database of something else.
    #[error(
        "{path} is a SQLite database but not kith's (it holds {tables}); kith left it untouched: \
         choose another --db path"
    )]
    NotKith {
        /// The file.
        path: PathBuf,
        /// A few of its tables.
        tables: String,
    },
    /// A write to a database open for reading only.
    #[error("{path} {why}")]
    ReadOnly {
        /// The file.
        path: PathBuf,
        /// Why it is read only.
        why: crate::ReadOnly,
    },
    /// SQLite found damage while reading or writing.
    #[error(
        "the database is damaged ({0}): run `kith doctor` to see the damage and `kith doctor --salvage \
         NEW.db` to copy what can be read into a new database"
    )]
    Damaged(String),
    /// The folder for the database does not exist.
    #[error("the directory {0} does not exist; create it first or choose another --db path")]
    MissingDirectory(PathBuf),
    /// The target of a backup or salvage exists already.
    #[error("{0} already exists; kith writes only to a new file: choose another name")]
    TargetExists(PathBuf),
    /// A user or workspace of that name exists already.
    #[error("{what} named {name:?} exists already; choose another name")]
    NameTaken {
        /// "a user" or "a workspace".
        what: &'static str,
        /// The name asked for.
        name: String,
    },
    /// A password too short to be hard to guess.
    #[error("the password is too short: use at least {least} characters")]
    PasswordTooShort {
        /// The fewest characters a password may have.
        least: usize,
    },
    /// A user's role in a workspace does not allow the change, or the change would leave
    /// a workspace without an owner.
    #[error("{0}")]
    NotAllowed(String),
    /// The location names a backend this build does not have, or the request is one no
    /// store can carry out.
    #[error("{0}")]
    Unsupported(String),
    /// A stored value this build cannot read.
    #[error("the database holds a value kith cannot read ({0}); was it written by a newer kith?")]
    Corrupt(String),
    /// The database itself failed.
    #[error("database error: {0}")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Applying the schema migrations failed.
    #[error("could not bring the database schema up to date: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
}
