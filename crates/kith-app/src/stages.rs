//! Stage changes (`reduce`, `mentor`, `distance`, `end`, `walk-away`, `revive`):
//! kith-core decides what a change writes and refuses what breaks a rule (no ghosting);
//! the store writes it all in one transaction.

use crate::{Ctx, Result, who};
use kith_core::{
    Door, Farewell, NewCheckIn, Stage, StageRequest, Transition, latest_farewell, plan_stage_change,
};
use serde::Serialize;

/// A stage change the owner asks for.
#[derive(Debug, Clone, Default)]
pub struct StageInput {
    /// Why.
    pub reason: Option<String>,
    /// Anything else worth remembering.
    pub note: Option<String>,
    /// `reduce`: the new cadence; an ending with the door open: days between check-ins.
    pub every_days: Option<u32>,
    /// For an ending: whether the door stays open.
    pub door: Option<Door>,
    /// For an ending: how the farewell was given, when not by a draft sent through kith.
    pub delivered: Option<String>,
}

/// What a stage change did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageChanged {
    /// The person's name.
    #[serde(skip)]
    pub name: String,
    /// The transition recorded.
    pub transition: Transition,
    /// The stage tag the person now has.
    pub tag: String,
    /// The dated note added to the person.
    pub note: String,
    /// The check-in scheduled, if any.
    pub checkin: Option<NewCheckIn>,
    /// The person's pending check-ins were cancelled.
    #[serde(skip)]
    pub checkins_cancelled: bool,
}

/// Moves the person `who` names to stage `to`. An ending uses the latest farewell sent
/// through kith unless the input says how it was delivered.
pub async fn change(ctx: &Ctx, who: &str, to: Stage, input: StageInput) -> Result<StageChanged> {
    let person = who::person(ctx, who).await?;
    let farewell = match (to, input.delivered) {
        (_, Some(how)) => Some(Farewell::Delivered(how)),
        (Stage::Ended, None) => latest_farewell(&ctx.store.drafts(Some(&person.id)).await?),
        _ => None,
    };
    let request = StageRequest {
        reason: input.reason,
        note: input.note,
        door: input.door,
        every_days: input.every_days,
        farewell,
    };
    let history = ctx.store.transitions(&person.id).await?;
    let plan = plan_stage_change(&person, to, request, &history, ctx.now_ts())?;
    let transition = ctx.store.change_stage(&plan).await?;
    Ok(StageChanged {
        name: person.name,
        transition,
        tag: plan.tag,
        note: plan.note,
        checkin: plan.checkin,
        checkins_cancelled: plan.cancel_checkins,
    })
}
