//! `kith checkins`: parsed here, carried out by `kith_app::checkins`; printed as a list
//! with a suggested draft, or as a calendar feed.

use crate::cli::{CheckinsArgs, CheckinsCommand};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::checkins::{self as app, Birthday, Due};
use kith_core::when::parse_every;

/// Runs `kith checkins`.
pub async fn checkins(ctx: &Ctx, args: CheckinsArgs) -> Result<()> {
    if let Some(CheckinsCommand::Done { id, at }) = args.command {
        return done(ctx, &id, at.as_deref()).await;
    }
    if args.ics {
        return out::print(&app::feed(ctx).await?);
    }
    let within = parse_every(&args.within)?;
    render_due(ctx, &app::due(ctx, within, args.birthdays).await?)
}

/// Prints the check-ins due, a suggested draft beside each, and the birthdays if asked.
pub fn render_due(ctx: &Ctx, due: &Due) -> Result<()> {
    if ctx.json {
        return out::json(due);
    }
    let within = due.within_days;
    let mut table = out::table(["id", "with", "due", "note", "suggested draft"]);
    for r in &due.checkins {
        let due = if r.overdue {
            format!("{} (due)", out::date(r.checkin.due_at))
        } else {
            out::date(r.checkin.due_at)
        };
        table.add_row([
            r.checkin.id.to_string(),
            r.name.clone(),
            due,
            out::or_dash(r.checkin.note.as_deref()).to_owned(),
            r.suggestion.clone(),
        ]);
    }
    out::table_or(&table, &format!("no check-ins due within {within} days"))?;
    if due.later > 0 {
        out::line(&format!(
            "{} later (see them all with --within 1y or --ics)",
            out::count(due.later, "more check-in")
        ))?;
    }
    match &due.birthdays {
        Some(birthdays) => print_birthdays(birthdays, within),
        None => Ok(()),
    }
}

fn print_birthdays(birthdays: &[Birthday], within: u32) -> Result<()> {
    let mut table = out::table(["birthday of", "on", "turns", "suggested draft"]);
    for b in birthdays {
        let turns = b.turns.map_or_else(|| "-".to_owned(), |t| t.to_string());
        table.add_row([b.name.clone(), b.on.to_string(), turns, b.suggestion.clone()]);
    }
    out::line("")?;
    out::table_or(&table, &format!("no birthdays within {within} days"))
}

async fn done(ctx: &Ctx, id: &str, at: Option<&str>) -> Result<()> {
    let done = app::done(ctx, &app::checkin_id(id)?, at).await?;
    if ctx.json {
        return out::json(&done);
    }
    let on = done.done.done_at.map(out::date).unwrap_or_default();
    out::line(&format!("check-in {} done on {on}", done.done.id))?;
    if let Some(next) = &done.next {
        out::line(&format!("  next: {} on {}", next.id, out::date(next.due_at)))?;
    }
    Ok(())
}
