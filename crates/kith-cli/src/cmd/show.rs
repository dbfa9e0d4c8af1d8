//! `kith show`: everything about one person, as `kith_app::show` gathers it.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::show::PersonPage;
use kith_core::{Identity, IdentityKind, IdentityLabel, Person, PersonDetails, Transition};

/// Shows a person's profile, health, stage history, timeline, ledger, notes, check-ins, facts and
/// mutes in force.
pub async fn show(ctx: &Ctx, who: &str) -> Result<()> {
    render(ctx, &kith_app::show::person(ctx, who).await?)
}

/// Prints one person's page.
pub fn render(ctx: &Ctx, page: &PersonPage) -> Result<()> {
    if ctx.json {
        return out::json(page);
    }
    print_profile(page)?;
    super::health::print_section(&page.person, &page.health)?;
    print_history(&page.transitions)?;
    print_timeline(page)?;
    out::line("\nLedger")?;
    let ledger = &page.ledger;
    super::ledger::print_ledger(&ledger.entries, &ledger.totals, &ledger.sources)?;
    if ledger.suggestions_waiting > 0 {
        out::line(&format!(
            "{} found in mail wait for your word: `kith ledger suggestions {}`",
            out::count(ledger.suggestions_waiting, "favor"),
            page.person.id
        ))?;
    }
    print_notes(page)?;
    super::facts::print_section(&page.facts, &page.mutes)
}

fn print_profile(v: &PersonPage) -> Result<()> {
    let p = &v.person;
    let field = |label: &str, value: &str| out::line(&format!("  {label:<10} {value}"));
    out::line(&format!("{} ({})", p.name, p.id))?;
    field("stage", p.stage.as_str())?;
    if let Some(org) = &v.organization {
        let role = p.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
        field("works at", &format!("{}{role}", org.name))?;
    } else if let Some(role) = &p.role {
        field("role", role)?;
    }
    if let Some(industry) = &p.industry {
        field("industry", industry)?;
    }
    if let Some(tier) = p.tier {
        field("tier", &format!("{tier} (pinned)"))?;
    }
    if let Some(days) = p.cadence_days {
        field("cadence", &format!("every {days} days (pinned)"))?;
    }
    for id in &p.identities {
        field(id.kind().as_str(), &identity_line(p, id))?;
    }
    print_card_details(&p.details, &field)?;
    if !p.aliases.is_empty() {
        field("also known", &p.aliases.join(", "))?;
    }
    if !p.tags.is_empty() {
        field("tags", &p.tags.join(", "))?;
    }
    field("added", &out::date(p.created_at))
}

/// An identity with its label: types, extension, and whether it is the one kith writes
/// to (the preferred of its kind) or a fax, which is never offered for calls.
fn identity_line(p: &Person, id: &Identity) -> String {
    let mut line = id.value().to_owned();
    let label = p.details.label(id);
    if let Some(extension) = label.and_then(|l| l.extension.as_deref()) {
        line.push_str(&format!(" ext. {extension}"));
    }
    if let Some(label) = label.filter(|l| !l.types.is_empty()) {
        line.push_str(&format!(" ({})", label.types.join(", ")));
    }
    if label.is_some_and(IdentityLabel::is_fax) {
        line.push_str(" - fax, not for calls");
    } else if p.identities.iter().filter(|i| i.kind() == id.kind()).count() > 1
        && p.preferred(id.kind()) == Some(id)
    {
        line.push_str(if id.kind() == IdentityKind::Phone {
            " - the number to call"
        } else {
            " - preferred"
        });
    }
    line
}

/// What the person's card said beyond kith's own fields.
fn print_card_details(d: &PersonDetails, field: &impl Fn(&str, &str) -> Result<()>) -> Result<()> {
    if let Some(function) = &d.function {
        field("function", function)?;
    }
    if !d.nicknames.is_empty() {
        let preferred = if d.prefers_nickname { " (preferred)" } else { "" };
        field("nickname", &format!("{}{preferred}", d.nicknames.join(", ")))?;
    }
    if let Some(birthday) = d.birthday {
        field("birthday", &birthday.to_string())?;
    }
    if let Some(anniversary) = d.anniversary {
        field("anniversary", &anniversary.to_string())?;
    }
    for address in &d.addresses {
        let parts: Vec<String> = address.lines().into_iter().filter(|l| !l.is_empty()).collect();
        let types =
            if address.types.is_empty() { String::new() } else { format!(" ({})", address.types.join(", ")) };
        field("address", &format!("{}{types}", parts.join(", ")))?;
    }
    Ok(())
}

fn print_history(transitions: &[Transition]) -> Result<()> {
    out::line("\nStage history")?;
    let mut table = out::table(["date", "change", "door", "reason", "note"]);
    for t in transitions {
        table.add_row([
            out::date(t.at),
            format!("{} -> {}", t.from, t.to),
            t.door.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            out::or_dash(t.reason.as_deref()).into(),
            out::or_dash(t.note.as_deref()).into(),
        ]);
    }
    out::table_or(&table, "  active since added; no stage changes")
}

fn print_timeline(v: &PersonPage) -> Result<()> {
    out::line(&format!("\nTimeline ({})", out::count(v.interactions.len(), "interaction")))?;
    let mut table = out::table(["date", "channel", "dir", "subject", "with others", "note"]);
    for i in v.interactions.iter().rev() {
        let others: Vec<&str> = i
            .participants
            .iter()
            .filter(|id| **id != v.person.id)
            .filter_map(|id| v.others.get(id))
            .map(String::as_str)
            .collect();
        table.add_row([
            out::date(i.at),
            i.channel.to_string(),
            i.direction.to_string(),
            out::or_dash(i.subject.as_deref()).into(),
            out::or_dash(Some(&others.join(", "))).into(),
            out::or_dash(i.note.as_deref()).into(),
        ]);
    }
    out::table_or(&table, "  no interactions yet; log one with `kith log <who> --channel call --dir out`")
}

fn print_notes(v: &PersonPage) -> Result<()> {
    if !v.notes.is_empty() {
        out::line("\nNotes")?;
        for n in &v.notes {
            out::line(&format!("  {}  {}", out::date(n.at), n.text))?;
        }
    }
    if !v.checkins.is_empty() {
        out::line("\nCheck-ins")?;
        for c in &v.checkins {
            let state = c.done_at.map(|d| format!("done {}", out::date(d))).unwrap_or_else(|| "due".into());
            out::line(&format!("  {}  {state}  {}", out::date(c.due_at), out::or_dash(c.note.as_deref())))?;
        }
    }
    Ok(())
}
