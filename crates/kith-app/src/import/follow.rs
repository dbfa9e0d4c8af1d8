//! An import followed from elsewhere: a [`Watch`] that keeps what it is told (the step,
//! how far it got, the file it reads, the problems so far) for another task to read at
//! any moment, as the web's import page does while the import runs.

use super::{Problem, ProblemSeen, Watch};
use crate::{Progress, Unit};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Problems kept at most; past them only their number grows.
const PROBLEMS_KEPT: usize = 1000;

/// What an import is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Reading the files and recognizing what they hold.
    #[default]
    Reading,
    /// Writing the records of the files read whole.
    Writing,
    /// Reading a mail archive and logging its messages.
    Mail,
    /// Done, finished or not.
    Over,
}

/// How far an import got: what [`Followed`] was told so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Followed {
    /// What it is doing.
    pub step: Step,
    /// The file it reads (the last one begun).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub file: Option<PathBuf>,
    /// What the current step counts: records, messages, or bytes of an mbox.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub unit: Option<Unit>,
    /// How many of them the step does.
    pub total: u64,
    /// How many are done.
    pub done: u64,
    /// Mail messages read so far.
    pub messages_read: usize,
    /// The problems so far (the first thousand).
    pub problems: Vec<ProblemSeen>,
    /// How many problems there were in all.
    pub problem_count: usize,
}

/// A [`Watch`] that keeps what it is told, to be read while the import runs.
#[derive(Debug, Default)]
pub struct Follow {
    kept: Mutex<Followed>,
}

impl Follow {
    /// Nothing told yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// What it was told so far.
    pub fn now(&self) -> Followed {
        self.kept().clone()
    }

    /// The import is over (finished or failed): nothing more goes on.
    pub fn over(&self) {
        self.kept().step = Step::Over;
    }

    fn kept(&self) -> MutexGuard<'_, Followed> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Progress for Follow {
    fn begin(&self, total: u64, unit: Unit) {
        let mut kept = self.kept();
        kept.step = if unit == Unit::Records { Step::Writing } else { Step::Mail };
        kept.unit = Some(unit);
        kept.total = total;
        kept.done = 0;
    }

    fn advance(&self, done: u64) {
        let mut kept = self.kept();
        kept.done = kept.done.saturating_add(done);
    }
}

impl Watch for Follow {
    fn problem(&self, problem: &Problem<'_>) {
        let mut kept = self.kept();
        kept.problem_count += 1;
        if kept.problems.len() < PROBLEMS_KEPT {
            kept.problems.push(problem.seen());
        }
    }

    fn reading(&self, file: &Path) {
        self.kept().file = Some(file.to_owned());
    }

    fn messages_read(&self, read: usize) {
        self.kept().messages_read = read;
    }
}
