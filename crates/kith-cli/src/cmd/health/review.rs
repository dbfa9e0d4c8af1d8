//! `kith review`: the attention list.

use super::diagnosis_names;
use crate::cli::ReviewArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::health::{Review, ReviewEntry, ReviewInput};

/// The longest evidence shown in the table, in characters.
const EVIDENCE_WIDTH: usize = 66;

/// What the user asked to see, as the app reads it.
fn input(args: ReviewArgs) -> Result<ReviewInput> {
    Ok(ReviewInput {
        all: args.all,
        tiers: args.tier.iter().map(|t| t.parse()).collect::<Result<_, _>>()?,
        tag: args.tag,
        org: args.org,
        diagnoses: args.diagnosis.iter().map(|d| d.parse()).collect::<Result<_, _>>()?,
        limit: args.limit,
    })
}

/// Prints the attention list: the people most in need of attention first, each with their
/// tier, diagnoses, the key evidence and the first move.
pub async fn review(ctx: &Ctx, args: ReviewArgs) -> Result<()> {
    render(ctx, &kith_app::health::review(ctx, input(args)?).await?)
}

/// Prints the attention list.
pub fn render(ctx: &Ctx, review: &Review) -> Result<()> {
    if ctx.json {
        return out::json(review);
    }
    print_list(&review.entries)?;
    if review.entries.is_empty() {
        return out::line(&nobody(review));
    }
    if review.matched > review.entries.len() {
        let more = review.matched - review.entries.len();
        out::line(&format!("… and {more} more; `--limit 0` shows them all"))?;
    }
    if review.suggestions_waiting > 0 {
        out::line(&format!(
            "{} found in mail wait for your word ({} {}): `kith ledger suggestions`",
            out::count(review.suggestions_waiting, "favor"),
            review.people_waiting,
            if review.people_waiting == 1 { "person" } else { "people" }
        ))?;
    }
    Ok(())
}

/// Prints the list as a table, one line per person; nothing when it is empty.
fn print_list(entries: &[ReviewEntry]) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut table = out::table(["name", "tier", "diagnoses", "first move", "evidence"]);
    for entry in entries {
        let a = &entry.assessment;
        let evidence = a.diagnoses.first().map(|d| shorten(&d.evidence, EVIDENCE_WIDTH)).unwrap_or_default();
        let name = match entry.suggestions_waiting {
            0 => entry.name.clone(),
            n => format!("{} ({n} to review)", entry.name),
        };
        table.add_row([
            name,
            a.tier.to_string(),
            out::or_dash(Some(&diagnosis_names(&a.diagnoses))).to_owned(),
            a.plan.first().map_or_else(|| "-".to_owned(), |s| s.action.to_string()),
            out::or_dash(Some(&evidence)).to_owned(),
        ]);
    }
    out::table_or(&table, "")
}

/// Why the list is empty, and what to try.
fn nobody(review: &Review) -> String {
    if review.assessed == 0 {
        return "nobody to review yet; add someone with `kith person add \"Name\"` or `kith import`".into();
    }
    if review.narrowed {
        return "nobody matches these filters; `kith review --all` lists everyone".into();
    }
    format!(
        "nobody needs attention right now ({} assessed; `kith review --all` lists everyone)",
        out::count(review.assessed, "relationship")
    )
}

/// Evidence short enough for one table cell: asides in parentheses dropped, then cut with
/// an ellipsis at a clause (`,` or `;`) that keeps most of `width` characters, else at a word.
fn shorten(evidence: &str, width: usize) -> String {
    let mut plain = String::with_capacity(evidence.len());
    let mut depth = 0usize;
    for c in evidence.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ").replace(" ;", ";").replace(" :", ":");
    let fits = |text: &str| text.chars().count() < width;
    if plain.chars().count() <= width {
        return plain;
    }
    let clause = plain.match_indices([',', ';']).map(|(at, _)| &plain[..at]).rev().find(|c| fits(c));
    let cut = match clause.filter(|c| c.chars().count() * 3 >= width * 2) {
        Some(clause) => clause.to_owned(),
        None => {
            let mut cut = String::new();
            for word in plain.split(' ') {
                if !fits(&format!("{cut} {word}")) {
                    break;
                }
                if !cut.is_empty() {
                    cut.push(' ');
                }
                cut.push_str(word);
            }
            cut.trim_end_matches([',', ';', ':']).to_owned()
        }
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn evidence_is_shortened_at_clauses_or_words_without_asides() {
        let streak = "you reached out 4 times since 2026-03-12 (4 emails) with no reply";
        assert_eq!(shorten(streak, 64), "you reached out 4 times since 2026-03-12 with no reply");
        let overdue =
            "last contact 110 days ago (2026-08-01); the cadence for inner ties is 14 days, at most 21";
        assert_eq!(shorten(overdue, 66), "last contact 110 days ago; the cadence for inner ties is 14 days…");
        let drift = "used to talk 2.1 times a month; 0 in the last 90 days where about 6.2 were usual (a 0.3% chance)";
        assert_eq!(shorten(drift, 40), "used to talk 2.1 times a month…");
        let short = shorten(drift, 66);
        assert_eq!(short, "used to talk 2.1 times a month; 0 in the last 90 days where about…");
        assert!(short.chars().count() <= 66);
        let strained = "your values conflict (recorded for 2026-01-01): pushed a shady deal";
        assert_eq!(shorten(strained, 64), "your values conflict: pushed a shady deal");
        assert_eq!(shorten("", 10), "");
    }
}
