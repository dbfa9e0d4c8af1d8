//! Progress of long work (imports, restores), reported through a callback rather than
//! drawn: the CLI draws a bar, the web streams it to the page, a test counts.

/// What a step of progress counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Contacts, meetings or other records.
    Records,
    /// Mail messages.
    Messages,
    /// Bytes of a file read in order (an mbox).
    Bytes,
}

/// Told how long work goes on. Every method does nothing unless overridden.
pub trait Progress: Send + Sync {
    /// Work of `total` units of `unit` begins.
    fn begin(&self, _total: u64, _unit: Unit) {}
    /// `done` more units are done.
    fn advance(&self, _done: u64) {}
    /// The work is over, finished or not.
    fn end(&self) {}
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {}
