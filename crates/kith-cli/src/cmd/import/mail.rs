//! The mail import's lines of the `kith import` summary.

use crate::out;
use anyhow::Result;
use kith_app::import::{MailReport, quoted};

/// Prints what a mail import did.
pub fn print(report: &MailReport, dry_run: bool) -> Result<()> {
    if let Some(relogged) = &report.relogged {
        out::line(&format!(
            "mail: your identities changed, so all {} stored were logged again: {} ({} sent by you) as \
             {}; {} new to kith",
            out::count(relogged.stored, "message"),
            out::count(relogged.logged, "personal message"),
            relogged.sent_by_you,
            out::count(relogged.interactions, "interaction"),
            out::count(relogged.people_added, "correspondent"),
        ))?;
    }
    let mut read = format!("mail: read {}", out::count(report.read, "message"));
    if report.already_read > 0 {
        read.push_str(&format!(", {} already imported (not read again)", report.already_read));
    }
    out::line(&read)?;
    let t = &report.tally;
    if dry_run {
        out::line(&format!("  would store up to {} and log the personal ones", t.stored))?;
    } else if t.stored > 0 || !report.read_texts {
        out::line(&format!(
            "  logged {} ({} sent by you) as {}; {} new to kith",
            out::count(t.logged, "personal message"),
            t.sent_by_you,
            out::count(t.interactions, "interaction"),
            out::count(t.people_added, "correspondent"),
        ))?;
    }
    if report.read_texts {
        out::line(&format!(
            "  read the text of {} for favors: {} to review (`kith ledger suggestions`); no text is kept",
            out::count(t.texts_read, "personal message"),
            out::count(t.favors_found, "suggestion"),
        ))?;
    }
    if !t.kept_out.is_empty() {
        let reasons: Vec<String> =
            t.kept_out.iter().map(|(why, n)| format!("{} {n}", why.describe())).collect();
        out::line(&format!("  kept out: {} (list them with `kith mail kept-out`)", reasons.join(", ")))?;
    }
    let mut rest = Vec::new();
    for (n, what) in [
        (t.undated, "with no date to believe"),
        (t.no_correspondent, "with no usable sender or recipient"),
        (t.duplicates, "already stored (another folder, or an earlier import)"),
        (report.unreadable, "that could not be read"),
    ] {
        if n > 0 {
            rest.push(format!("{n} {what}"));
        }
    }
    if !rest.is_empty() {
        out::line(&format!("  not logged: {}", rest.join("; ")))?;
    }
    for joined in &t.joined {
        out::line(&format!(
            "  joined {} {} to {} ({}): the archive names them alike",
            joined.identity.kind(),
            joined.identity,
            joined.name,
            joined.person
        ))?;
    }
    for identity in &report.learned {
        if dry_run {
            out::line(&format!(
                "  would learn from your sent folder: {} {identity} is yours",
                identity.kind()
            ))?;
        } else {
            out::line(&format!(
                "  learned from your sent folder: {} {identity} is yours (undo: `kith me remove {}`)",
                identity.kind(),
                quoted(identity.value())
            ))?;
        }
    }
    for warning in &report.warnings {
        out::line(&format!("  note: {warning}"))?;
    }
    Ok(())
}
