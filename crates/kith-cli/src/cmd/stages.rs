//! `kith reduce`, `mentor`, `distance`, `end`, `walk-away` and `revive`: parsed here,
//! carried out by `kith_app::stages`.

use crate::cli::{EndArgs, ReduceArgs, StageArgs};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::stages::{StageChanged, StageInput, change};
use kith_core::Stage;
use kith_core::when::parse_every;

/// `kith mentor`, `kith distance`, `kith walk-away` (whose reason kith-core requires) and
/// `kith revive`: a change with a reason and a note.
pub async fn simple(ctx: &Ctx, args: StageArgs, to: Stage) -> Result<()> {
    let input = StageInput { reason: args.reason, note: args.note, ..StageInput::default() };
    render(ctx, &change(ctx, &args.who, to, input).await?)
}

/// `kith reduce`: a new cadence, said out loud.
pub async fn reduce(ctx: &Ctx, args: ReduceArgs) -> Result<()> {
    let every = parse_every(&args.every)?;
    let StageArgs { who, reason, note } = args.stage;
    let input = StageInput { reason, note, every_days: Some(every), ..StageInput::default() };
    render(ctx, &change(ctx, &who, Stage::Reduced, input).await?)
}

/// `kith end`: only after a farewell, sent through kith or given another way.
pub async fn end(ctx: &Ctx, args: EndArgs) -> Result<()> {
    let input = StageInput {
        reason: args.stage.reason,
        note: args.stage.note,
        door: Some(args.door.parse()?),
        every_days: args.checkins_every.as_deref().map(parse_every).transpose()?,
        delivered: args.delivered,
    };
    render(ctx, &change(ctx, &args.stage.who, Stage::Ended, input).await?)
}

/// Prints a stage change: the transition, its note and tag, and the check-in it scheduled.
pub fn render(ctx: &Ctx, changed: &StageChanged) -> Result<()> {
    if ctx.json {
        return out::json(changed);
    }
    let StageChanged { name, transition, .. } = changed;
    out::line(&format!("{name}: {} -> {}", transition.from, transition.to))?;
    out::line(&format!("  note     {}", changed.note))?;
    out::line(&format!("  tag      {}", changed.tag))?;
    match &changed.checkin {
        Some(c) => out::line(&format!(
            "  check-in {} (then every {} days)",
            out::date(c.due_at),
            c.every_days.unwrap_or_default()
        )),
        None if changed.checkins_cancelled => out::line("  check-ins: none scheduled"),
        None => Ok(()),
    }
}
