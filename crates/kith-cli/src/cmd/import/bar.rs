//! How `kith import` shows its progress: a bar on standard error when it is a terminal
//! and the work is long enough to need one, and each problem on a line above it (neither
//! with `--json`).

use indicatif::{ProgressBar, ProgressStyle};
use kith_app::import::{Problem, Watch};
use kith_app::{Progress, Unit};
use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

/// Fewer records than this are written too fast to need a bar.
const RECORDS_FOR_A_BAR: u64 = 500;

/// The import's progress on the terminal.
pub struct Bar {
    json: bool,
    shown: Mutex<Option<Shown>>,
}

/// The bar of the work going on, and when it began.
struct Shown {
    bar: ProgressBar,
    started: Instant,
}

impl Bar {
    /// A bar that shows nothing when the output is JSON.
    pub fn new(json: bool) -> Self {
        Self { json, shown: Mutex::new(None) }
    }

    fn shown(&self) -> MutexGuard<'_, Option<Shown>> {
        self.shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Progress for Bar {
    fn begin(&self, total: u64, unit: Unit) {
        let (needed, template) = match unit {
            Unit::Records => {
                (total >= RECORDS_FOR_A_BAR, "importing {bar:40} {pos}/{len} records, {eta} left")
            }
            Unit::Messages => (total > 0, "reading mail {bar:30} {pos}/{len} files {msg}, {eta} left"),
            Unit::Bytes => (total > 0, "reading mail {bar:30} {bytes}/{total_bytes} {msg}, {eta} left"),
        };
        let bar = if self.json || !needed || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        };
        *self.shown() = Some(Shown { bar, started: Instant::now() });
    }

    fn advance(&self, done: u64) {
        if let Some(shown) = self.shown().as_ref() {
            shown.bar.inc(done);
        }
    }

    fn end(&self) {
        if let Some(shown) = self.shown().take() {
            shown.bar.finish_and_clear();
        }
    }
}

impl Watch for Bar {
    fn problem(&self, problem: &Problem<'_>) {
        if self.json {
            return;
        }
        let line = problem.to_string();
        match self.shown().as_ref() {
            Some(shown) => shown.bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn messages_read(&self, read: usize) {
        if let Some(shown) = self.shown().as_ref() {
            let rate = read as f64 / shown.started.elapsed().as_secs_f64().max(1e-3);
            shown.bar.set_message(format!("{read} messages, {rate:.0}/s"));
        }
    }
}
