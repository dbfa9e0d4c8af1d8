//! `kith review`: the attention list.

use super::{Assessed, assess, diagnosis_names};
use crate::cli::ReviewArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::health::{Assessment, DiagnosisKind};
use kith_core::{OrgId, Person, PersonId, Stage, Tier, clean_tag};
use serde::Serialize;
use std::collections::HashMap;

/// The longest evidence shown in the table, in characters.
const EVIDENCE_WIDTH: usize = 66;

/// What the user asked to see.
struct Filter {
    all: bool,
    tiers: Vec<Tier>,
    tag: Option<String>,
    org: Option<OrgId>,
    diagnoses: Vec<DiagnosisKind>,
}

impl Filter {
    async fn of(ctx: &Ctx, args: &ReviewArgs) -> Result<Self> {
        let org = match &args.org {
            Some(org) => Some(who::org(ctx, org).await?.id),
            None => None,
        };
        Ok(Self {
            all: args.all,
            tiers: args.tier.iter().map(|t| t.parse()).collect::<Result<_, _>>()?,
            tag: args.tag.as_deref().map(clean_tag).transpose()?,
            org,
            diagnoses: args.diagnosis.iter().map(|d| d.parse()).collect::<Result<_, _>>()?,
        })
    }

    /// Whether anything narrows the list besides `--all`.
    fn narrows(&self) -> bool {
        !self.tiers.is_empty() || self.tag.is_some() || self.org.is_some() || !self.diagnoses.is_empty()
    }

    /// Whether `a`, about `person`, is shown. Without `--all`, ended ties are left out,
    /// and so are those needing no attention unless a diagnosis was asked for by name.
    fn keeps(&self, person: &Person, a: &Assessment) -> bool {
        let quiet = !a.needs_attention() && self.diagnoses.is_empty();
        (self.all || !(person.stage.is_over() || quiet))
            && (self.tiers.is_empty() || self.tiers.contains(&a.tier))
            && self.tag.as_ref().is_none_or(|t| person.tags.contains(t))
            && (self.org.is_none() || person.org == self.org)
            && (self.diagnoses.is_empty() || a.diagnoses.iter().any(|d| self.diagnoses.contains(&d.kind)))
    }
}

/// One line of `kith review --json`: the assessment with the person's name and stage.
#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    stage: Stage,
    /// Favors found in mail that wait for the owner's word.
    suggestions_waiting: usize,
    #[serde(flatten)]
    assessment: &'a Assessment,
}

/// Prints the attention list: the people most in need of attention first, each with their
/// tier, diagnoses, the key evidence and the first move.
pub async fn review(ctx: &Ctx, args: ReviewArgs) -> Result<Assessed> {
    let filter = Filter::of(ctx, &args).await?;
    let assessed = assess(ctx).await?;
    let waiting = ctx.store.suggestions_waiting().await?;
    print_review(ctx, &filter, &assessed, &waiting, args.limit)?;
    Ok(assessed)
}

/// Prints the assessments `filter` keeps, at most `limit` of them (0: all).
fn print_review(
    ctx: &Ctx,
    filter: &Filter,
    assessed: &Assessed,
    waiting: &HashMap<PersonId, usize>,
    limit: usize,
) -> Result<()> {
    let people: HashMap<&PersonId, &Person> = assessed.people.iter().map(|p| (&p.id, p)).collect();
    let mut shown: Vec<(&Person, &Assessment)> = assessed
        .ranked
        .iter()
        .map(|a| (people[&a.person], a))
        .filter(|(person, a)| filter.keeps(person, a))
        .collect();
    let matched = shown.len();
    if limit > 0 {
        shown.truncate(limit);
    }
    if ctx.json {
        let entries: Vec<Entry<'_>> = shown
            .iter()
            .map(|(p, a)| Entry {
                name: &p.name,
                stage: p.stage,
                suggestions_waiting: waiting.get(&p.id).copied().unwrap_or(0),
                assessment: a,
            })
            .collect();
        return out::json(&entries);
    }
    print_list(&shown, waiting)?;
    if shown.is_empty() {
        return out::line(&nobody(filter, assessed));
    }
    if matched > shown.len() {
        let more = matched - shown.len();
        out::line(&format!("… and {more} more; `--limit 0` shows them all"))?;
    }
    let total: usize = waiting.values().sum();
    if total > 0 {
        out::line(&format!(
            "{} found in mail wait for your word ({} {}): `kith ledger suggestions`",
            out::count(total, "favor"),
            waiting.len(),
            if waiting.len() == 1 { "person" } else { "people" }
        ))?;
    }
    Ok(())
}

/// Prints the list as a table, one line per person; nothing when it is empty.
fn print_list(shown: &[(&Person, &Assessment)], waiting: &HashMap<PersonId, usize>) -> Result<()> {
    if shown.is_empty() {
        return Ok(());
    }
    let mut table = out::table(["name", "tier", "diagnoses", "first move", "evidence"]);
    for (person, a) in shown {
        let evidence = a.diagnoses.first().map(|d| shorten(&d.evidence, EVIDENCE_WIDTH)).unwrap_or_default();
        let name = match waiting.get(&person.id) {
            Some(n) => format!("{} ({n} to review)", person.name),
            None => person.name.clone(),
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
fn nobody(filter: &Filter, assessed: &Assessed) -> String {
    if assessed.people.is_empty() {
        return "nobody to review yet; add someone with `kith person add \"Name\"` or `kith import`".into();
    }
    if filter.narrows() {
        return "nobody matches these filters; `kith review --all` lists everyone".into();
    }
    format!(
        "nobody needs attention right now ({} assessed; `kith review --all` lists everyone)",
        out::count(assessed.people.len(), "relationship")
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
