//! `kith checkins`: the light touches scheduled after friendly endings, finished
//! engagements and reduced cadences; as a list with a suggested draft, or as a calendar feed.

use crate::cli::{CheckinsArgs, CheckinsCommand};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use jiff::{SignedDuration, Timestamp};
use kith_core::when::parse_every;
use kith_core::{CheckIn, CheckInId, DraftMove, FeedEntry, PersonId, checkins_ics, upcoming_birthdays};
use serde::Serialize;
use std::collections::HashMap;

/// Runs `kith checkins`.
pub async fn checkins(ctx: &Ctx, args: CheckinsArgs) -> Result<()> {
    if let Some(CheckinsCommand::Done { id, at }) = args.command {
        return done(ctx, &id, at.as_deref()).await;
    }
    let pending = ctx.store.pending_checkins().await?;
    let names = super::people::names(ctx).await?;
    let suggestions: HashMap<&PersonId, String> =
        pending.iter().map(|c| (&c.person, suggestion(&names, &c.person))).collect();
    let now = ctx.now_ts();
    if args.ics {
        let entries: Vec<FeedEntry<'_>> = pending
            .iter()
            .map(|c| FeedEntry {
                checkin: c,
                name: names.get(&c.person).map_or("", String::as_str),
                suggestion: suggestions.get(&c.person).map(String::as_str),
            })
            .collect();
        return out::print(&checkins_ics(&entries, now));
    }
    let within = parse_every(&args.within)?;
    let horizon = now.saturating_add(SignedDuration::from_hours(24 * i64::from(within)))?;
    let shown: Vec<Row<'_>> = pending
        .iter()
        .filter(|c| c.due_at <= horizon)
        .map(|c| Row {
            checkin: c,
            name: names.get(&c.person).map_or("", String::as_str),
            overdue: c.due_at <= now,
            suggestion: &suggestions[&c.person],
        })
        .collect();
    let birthdays = match args.birthdays {
        true => Some(birthdays(ctx, i64::from(within)).await?),
        false => None,
    };
    if ctx.json {
        return match birthdays {
            Some(birthdays) => out::json(&serde_json::json!({ "checkins": shown, "birthdays": birthdays })),
            None => out::json(&shown),
        };
    }
    let mut table = out::table(["id", "with", "due", "note", "suggested draft"]);
    for r in &shown {
        let due = if r.overdue {
            format!("{} (due)", out::date(r.checkin.due_at))
        } else {
            out::date(r.checkin.due_at)
        };
        table.add_row([
            r.checkin.id.to_string(),
            r.name.to_owned(),
            due,
            out::or_dash(r.checkin.note.as_deref()).to_owned(),
            r.suggestion.to_owned(),
        ]);
    }
    let later = pending.len() - shown.len();
    out::table_or(&table, &format!("no check-ins due within {within} days"))?;
    if later > 0 {
        out::line(&format!(
            "{} later (see them all with --within 1y or --ics)",
            out::count(later, "more check-in")
        ))?;
    }
    match birthdays {
        Some(birthdays) => print_birthdays(&birthdays, within),
        None => Ok(()),
    }
}

/// A birthday as listed.
#[derive(Serialize)]
struct BirthdayRow {
    person: PersonId,
    name: String,
    on: jiff::civil::Date,
    turns: Option<i16>,
    suggestion: String,
}

/// The birthdays from today to `days` days ahead, soonest first.
async fn birthdays(ctx: &Ctx, days: i64) -> Result<Vec<BirthdayRow>> {
    let people = ctx.store.people().await?;
    Ok(upcoming_birthdays(&people, ctx.now.date(), days)
        .into_iter()
        .map(|b| BirthdayRow {
            person: b.person.id.clone(),
            name: b.person.name.clone(),
            on: b.on,
            turns: b.turns,
            suggestion: super::compose::draft_command(&b.person.name, &b.person.id, DraftMove::CheckIn),
        })
        .collect())
}

fn print_birthdays(birthdays: &[BirthdayRow], within: u32) -> Result<()> {
    let mut table = out::table(["birthday of", "on", "turns", "suggested draft"]);
    for b in birthdays {
        let turns = b.turns.map_or_else(|| "-".to_owned(), |t| t.to_string());
        table.add_row([b.name.clone(), b.on.to_string(), turns, b.suggestion.clone()]);
    }
    out::line("")?;
    out::table_or(&table, &format!("no birthdays within {within} days"))
}

/// One check-in as listed.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    checkin: &'a CheckIn,
    name: &'a str,
    overdue: bool,
    suggestion: &'a str,
}

/// The command that drafts a check-in with `person`.
fn suggestion(names: &HashMap<PersonId, String>, person: &PersonId) -> String {
    let name = names.get(person).map_or("", String::as_str);
    super::compose::draft_command(name, person, DraftMove::CheckIn)
}

async fn done(ctx: &Ctx, id: &str, at: Option<&str>) -> Result<()> {
    let id = CheckInId::parse(id.trim()).ok_or_else(|| {
        UserError::Invalid(format!("\"{id}\" is not a check-in id (they look like c_…; see `kith checkins`)"))
    })?;
    let at: Timestamp = ctx.when(at)?;
    let (done, next) = ctx.store.complete_checkin(&id, at).await?;
    if ctx.json {
        #[derive(Serialize)]
        struct Done {
            done: CheckIn,
            next: Option<CheckIn>,
        }
        return out::json(&Done { done, next });
    }
    out::line(&format!("check-in {} done on {}", done.id, out::date(at)))?;
    if let Some(next) = next {
        out::line(&format!("  next: {} on {}", next.id, out::date(next.due_at)))?;
    }
    Ok(())
}
