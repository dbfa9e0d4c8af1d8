//! Stage changes: `kith reduce`, `mentor`, `distance`, `end`, `walk-away` and `revive`.
//! kith-core decides what a change writes and refuses what breaks a rule (no ghosting);
//! the store writes it all in one transaction.

use crate::cli::{EndArgs, ReduceArgs, StageArgs};
use crate::context::Ctx;
use crate::{out, who};
use anyhow::Result;
use kith_core::when::parse_every;
use kith_core::{
    Farewell, NewCheckIn, Person, Stage, StageRequest, Transition, latest_farewell, plan_stage_change,
};
use serde::Serialize;

/// `kith mentor`, `kith distance`, `kith walk-away` (whose reason kith-core requires) and
/// `kith revive`: a change with a reason and a note.
pub async fn simple(ctx: &Ctx, args: StageArgs, to: Stage) -> Result<()> {
    let request = StageRequest { reason: args.reason, note: args.note, ..StageRequest::default() };
    change(ctx, &args.who, to, request).await
}

/// `kith reduce`: a new cadence, said out loud.
pub async fn reduce(ctx: &Ctx, args: ReduceArgs) -> Result<()> {
    let every = parse_every(&args.every)?;
    let StageArgs { who, reason, note } = args.stage;
    let request = StageRequest { reason, note, every_days: Some(every), ..StageRequest::default() };
    change(ctx, &who, Stage::Reduced, request).await
}

/// `kith end`: only after a farewell, sent through kith or given another way.
pub async fn end(ctx: &Ctx, args: EndArgs) -> Result<()> {
    let person = who::person(ctx, &args.stage.who).await?;
    let farewell = match args.delivered {
        Some(how) => Some(Farewell::Delivered(how)),
        None => latest_farewell(&ctx.store.drafts(Some(&person.id)).await?),
    };
    let request = StageRequest {
        reason: args.stage.reason,
        note: args.stage.note,
        door: Some(args.door.parse()?),
        every_days: args.checkins_every.as_deref().map(parse_every).transpose()?,
        farewell,
    };
    apply(ctx, &person, Stage::Ended, request).await
}

async fn change(ctx: &Ctx, who: &str, to: Stage, request: StageRequest) -> Result<()> {
    let person = who::person(ctx, who).await?;
    apply(ctx, &person, to, request).await
}

/// What a stage change did, for `--json`.
#[derive(Serialize)]
struct Changed<'a> {
    transition: &'a Transition,
    tag: &'a str,
    note: &'a str,
    checkin: Option<&'a NewCheckIn>,
}

async fn apply(ctx: &Ctx, person: &Person, to: Stage, request: StageRequest) -> Result<()> {
    let history = ctx.store.transitions(&person.id).await?;
    let plan = plan_stage_change(person, to, request, &history, ctx.now_ts())?;
    let transition = ctx.store.change_stage(&plan).await?;
    if ctx.json {
        let (tag, note, checkin) = (&plan.tag, &plan.note, plan.checkin.as_ref());
        return out::json(&Changed { transition: &transition, tag, note, checkin });
    }
    out::line(&format!("{}: {} -> {}", person.name, transition.from, transition.to))?;
    out::line(&format!("  note     {}", plan.note))?;
    out::line(&format!("  tag      {}", plan.tag))?;
    match &plan.checkin {
        Some(c) => out::line(&format!(
            "  check-in {} (then every {} days)",
            out::date(c.due_at),
            c.every_days.unwrap_or_default()
        )),
        None if plan.cancel_checkins => out::line("  check-ins: none scheduled"),
        None => Ok(()),
    }
}
