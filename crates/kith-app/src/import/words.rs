//! What an import did, in words: the lines `kith import` prints and the web's import page
//! shows, written once here so that both say the same.

use super::{MailReport, Problem, ProblemSeen, Restored, Summary, count, paths_listed, quoted};
use kith_store::MergeNotice;
use std::fmt;
use std::path::Path;

/// How many of an import's merges the summary names one by one.
const MERGES_SHOWN: usize = 20;

impl Summary {
    /// The summary, line by line, as `kith import` prints it.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for file in &self.files {
            let mut read = Vec::new();
            if file.contacts > 0 || file.meetings == 0 {
                read.push(count(file.contacts, "contact"));
            }
            if file.meetings > 0 {
                read.push(count(file.meetings, "meeting"));
            }
            lines.push(format!("{} ({}): {}", file.path.display(), file.format, read.join(", ")));
            if let Some(archive) = &file.archive {
                lines.push(format!(
                    "  read from {}; the archive also holds {}, which kith does not read",
                    archive.read,
                    kith_import::archive::listed(&archive.unread)
                ));
            }
        }
        if !self.unrecognized.is_empty() {
            lines.push(format!(
                "not recognized, left alone: {} (use --format to say what they are)",
                paths_listed(&self.unrecognized)
            ));
        }
        if let Some(report) = &self.mail {
            lines.extend(report.lines(self.dry_run));
        }
        if self.files.is_empty() && self.mail.is_some() {
            lines.extend(dry_run_note(self.dry_run));
            return lines;
        }
        let s = self;
        lines.push(format!(
            "imported {}, merged {}, updated {}, unchanged {}, skipped {}",
            s.imported, s.merged, s.updated, s.unchanged, s.skipped
        ));
        if s.people_merged > 0 {
            lines.push(format!(
                "  {} folded into others (see their notes)",
                count(s.people_merged, "person record")
            ));
        }
        for m in s.merges.iter().take(MERGES_SHOWN) {
            lines.push(format!("  {}", merge_line(m)));
        }
        if s.merges.len() > MERGES_SHOWN {
            lines.push(format!(
                "  and {} more merges: kith person merges lists them all",
                s.merges.len() - MERGES_SHOWN
            ));
        }
        if s.kept_apart > 0 {
            lines.push(format!(
                "  {} kept apart from someone sharing an identity with them (names differ, or many hold it): see kith dupes",
                count(s.kept_apart, "record")
            ));
        }
        if s.interactions_added + s.interactions_present > 0 {
            lines.push(format!(
                "  interactions: {} added, {} already present",
                s.interactions_added, s.interactions_present
            ));
        }
        if !s.passed_over.is_empty() {
            let reasons: Vec<String> = s.passed_over.iter().map(|(why, n)| format!("{why}: {n}")).collect();
            lines.push(format!("  passed over: {}", reasons.join("; ")));
        }
        lines.extend(dry_run_note(s.dry_run));
        lines
    }
}

fn dry_run_note(dry_run: bool) -> Option<String> {
    dry_run.then(|| "dry run: nothing was written".to_owned())
}

impl MailReport {
    /// The mail import's lines of the summary.
    pub fn lines(&self, dry_run: bool) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(relogged) = &self.relogged {
            lines.push(format!(
                "mail: your identities changed, so all {} stored were logged again: {} ({} sent by you) as \
                 {}; {} new to kith",
                count(relogged.stored, "message"),
                count(relogged.logged, "personal message"),
                relogged.sent_by_you,
                count(relogged.interactions, "interaction"),
                count(relogged.people_added, "correspondent"),
            ));
        }
        let mut read = format!("mail: read {}", count(self.read, "message"));
        if self.already_read > 0 {
            read.push_str(&format!(", {} already imported (not read again)", self.already_read));
        }
        lines.push(read);
        let t = &self.tally;
        if dry_run {
            lines.push(format!("  would store up to {} and log the personal ones", t.stored));
        } else if t.stored > 0 || !self.read_texts {
            lines.push(format!(
                "  logged {} ({} sent by you) as {}; {} new to kith",
                count(t.logged, "personal message"),
                t.sent_by_you,
                count(t.interactions, "interaction"),
                count(t.people_added, "correspondent"),
            ));
        }
        if self.read_texts {
            lines.push(format!(
                "  read the text of {} for favors: {} to review (`kith ledger suggestions`); no text is kept",
                count(t.texts_read, "personal message"),
                count(t.favors_found, "suggestion"),
            ));
        }
        if !t.kept_out.is_empty() {
            let reasons: Vec<String> =
                t.kept_out.iter().map(|(why, n)| format!("{} {n}", why.describe())).collect();
            lines.push(format!("  kept out: {} (list them with `kith mail kept-out`)", reasons.join(", ")));
        }
        let mut rest = Vec::new();
        for (n, what) in [
            (t.undated, "with no date to believe"),
            (t.no_correspondent, "with no usable sender or recipient"),
            (t.duplicates, "already stored (another folder, or an earlier import)"),
            (self.unreadable, "that could not be read"),
        ] {
            if n > 0 {
                rest.push(format!("{n} {what}"));
            }
        }
        if !rest.is_empty() {
            lines.push(format!("  not logged: {}", rest.join("; ")));
        }
        for joined in &t.joined {
            lines.push(format!(
                "  joined {} {} to {} ({}): the archive names them alike",
                joined.identity.kind(),
                joined.identity,
                joined.name,
                joined.person
            ));
        }
        for identity in &self.learned {
            if dry_run {
                lines.push(format!(
                    "  would learn from your sent folder: {} {identity} is yours",
                    identity.kind()
                ));
            } else {
                lines.push(format!(
                    "  learned from your sent folder: {} {identity} is yours (undo: `kith me remove {}`)",
                    identity.kind(),
                    quoted(identity.value())
                ));
            }
        }
        for warning in &self.warnings {
            lines.push(format!("  note: {warning}"));
        }
        lines
    }
}

impl Restored {
    /// What a restore brought back, in one line.
    pub fn line(&self) -> String {
        format!(
            "restored {} people, {} organizations, {} interactions and {} ledger entries into {}",
            self.people, self.organizations, self.interactions, self.exchanges, self.location
        )
    }
}

/// One line for a merge an import made: who into whom, on which identity, and how to
/// undo it.
pub fn merge_line(m: &MergeNotice) -> String {
    let on = m.on.as_ref().map(|i| format!(" on {i}")).unwrap_or_default();
    format!("merged {} into {} ({}){on}: undo with kith person unmerge {}", m.absorbed, m.into, m.kept, m.id)
}

/// A problem as `kith import` prints it: `file:line: what was wrong; skipped` (or
/// `ignored`, when only part of the record was).
fn problem_line(
    f: &mut fmt::Formatter<'_>,
    file: Option<&Path>,
    line: Option<u64>,
    skipped: bool,
    message: &str,
) -> fmt::Result {
    let effect = if skipped { "skipped" } else { "ignored" };
    match (file, line) {
        (Some(file), Some(line)) => write!(f, "{}:{line}: {message}; {effect}", file.display()),
        (Some(file), None) => write!(f, "{}: {message}; {effect}", file.display()),
        _ => write!(f, "{message}; {effect}"),
    }
}

impl fmt::Display for Problem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::InFile { file, problem } => {
                problem_line(f, Some(file), Some(problem.line), problem.skipped, &problem.message)
            }
            Problem::Message(what) => problem_line(f, None, None, true, what),
        }
    }
}

impl fmt::Display for ProblemSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        problem_line(f, self.file.as_deref(), self.line, self.skipped, &self.message)
    }
}
