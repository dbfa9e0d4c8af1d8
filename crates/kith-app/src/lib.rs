//! kith's use cases, written once. Each is a function over a [`Ctx`] (the store, the
//! moment it runs and where the user's own files are) and plain inputs, returning plain
//! serializable results: the command line and the web server only parse what they are
//! given and render what comes back. Nothing here prints, reads arguments, or knows of
//! HTTP or a terminal; long work reports through [`Progress`].

mod error;
pub mod progress;
pub mod who;

// Judging: the review, plans, health and what one person's page shows.
pub mod facts;
pub mod health;
pub mod network;
pub mod segment;
pub mod show;
pub mod today;

// Acting: drafts, stage changes, offboarding and check-ins.
pub mod checkins;
pub mod compose;
pub mod offboard;
pub mod stages;

// Reading in: imports of files and mail archives.
pub mod import;
pub mod mail;

// Records kept by hand, and the database as a whole.
pub mod backup;
pub mod dupes;
pub mod ledger;
pub mod log;
pub mod orgs;
pub mod people;
pub mod setup;
pub mod suggestions;
pub mod text;

// The sample network, and simulated ones.
pub mod demo;

// A team's accounts on PostgreSQL.
pub mod team;

pub use error::{Error, ErrorKind, Result, store_kind};
pub use progress::{Progress, Silent, Unit};

use jiff::{Timestamp, Zoned};
use kith_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// What every use case works with.
#[derive(Clone)]
pub struct Ctx {
    /// The database.
    pub store: Arc<dyn Store>,
    /// Now, in the user's time zone (dates the user types are local).
    pub now: Zoned,
    /// The user's configuration directory (their own templates live in its
    /// `templates/`), if there is one.
    pub config_dir: Option<PathBuf>,
}

impl Ctx {
    /// A context over `store` at `now`, with no configuration directory.
    pub fn new(store: Arc<dyn Store>, now: Zoned) -> Self {
        Self { store, now, config_dir: None }
    }

    /// Now, as an instant.
    pub fn now_ts(&self) -> Timestamp {
        self.now.timestamp()
    }

    /// Reads an optional date the user typed, relative to now; none means now.
    pub fn when(&self, at: Option<&str>) -> Result<Timestamp> {
        match at {
            Some(text) => Ok(kith_core::when::parse_when(text, &self.now)?),
            None => Ok(self.now_ts()),
        }
    }

    /// The context judged as of `at`: now becomes that moment, so that everything
    /// later is left out.
    pub fn judged_at(mut self, at: Option<&str>) -> Result<Self> {
        if let Some(text) = at {
            let moment = self.when(Some(text))?;
            self.now = moment.to_zoned(self.now.time_zone().clone());
        }
        Ok(self)
    }
}
