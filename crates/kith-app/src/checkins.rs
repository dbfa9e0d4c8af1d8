//! Check-ins due and upcoming, their feed, and birthdays: the light touches scheduled
//! after friendly endings, finished engagements and reduced cadences, each with the draft
//! that carries it out.

use crate::compose::draft_command;
use crate::health::Assessed;
use crate::people::names;
use crate::{Ctx, Error, Result};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use kith_core::{CheckIn, CheckInId, DraftMove, FeedEntry, PersonId, checkins_ics, upcoming_birthdays};
use serde::{Deserialize, Serialize};

/// A pending check-in as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueCheckin {
    /// The check-in.
    #[serde(flatten)]
    pub checkin: CheckIn,
    /// The name of the person to check in with.
    pub name: String,
    /// Whether it is due already.
    pub overdue: bool,
    /// The command that drafts it.
    pub suggestion: String,
}

/// A birthday as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Birthday {
    /// Whose.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// The day it falls on.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    /// The age they turn, when the year of birth is known.
    pub turns: Option<i16>,
    /// The command that drafts a note for it.
    pub suggestion: String,
}

/// The check-ins due within a span, and the birthdays in it when asked. As JSON: the
/// list of check-ins, or, with birthdays, an object of both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "DueJson", from = "DueJson")]
pub struct Due {
    /// The check-ins due within the span, overdue ones included, soonest first.
    pub checkins: Vec<DueCheckin>,
    /// The birthdays in the span, soonest first, when asked for.
    pub birthdays: Option<Vec<Birthday>>,
    /// How many pending check-ins fall later (not in JSON).
    pub later: usize,
    /// The span, in days (not in JSON).
    pub within_days: u32,
}

/// The JSON of [`Due`]: the bare list unless birthdays were asked for.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CheckinsDue))]
#[serde(untagged)]
pub enum DueJson {
    /// Birthdays were asked for: both lists.
    WithBirthdays {
        /// The birthdays in the span, soonest first.
        birthdays: Vec<Birthday>,
        /// The check-ins due, soonest first.
        checkins: Vec<DueCheckin>,
    },
    /// The check-ins due, soonest first.
    Checkins(Vec<DueCheckin>),
}

impl From<Due> for DueJson {
    fn from(due: Due) -> Self {
        match due.birthdays {
            Some(birthdays) => DueJson::WithBirthdays { birthdays, checkins: due.checkins },
            None => DueJson::Checkins(due.checkins),
        }
    }
}

impl From<DueJson> for Due {
    fn from(json: DueJson) -> Self {
        let (checkins, birthdays) = match json {
            DueJson::WithBirthdays { birthdays, checkins } => (checkins, Some(birthdays)),
            DueJson::Checkins(checkins) => (checkins, None),
        };
        Due { checkins, birthdays, later: 0, within_days: 0 }
    }
}

/// The check-ins due from now to `within_days` days ahead (overdue ones always), each
/// with the draft to write; and with `birthdays`, the birthdays in the same span (today
/// included) of people whose tie is not over, which are never stored as check-ins.
pub async fn due(ctx: &Ctx, within_days: u32, birthdays: bool) -> Result<Due> {
    let names = names(ctx).await?;
    due_named(ctx, within_days, birthdays, |id| names.get(id).cloned()).await
}

/// The check-ins due as [`due`] lists them, the names taken from an assessment of
/// everyone already made.
pub async fn due_among(ctx: &Ctx, assessed: &Assessed, within_days: u32, birthdays: bool) -> Result<Due> {
    let names = assessed.names();
    due_named(ctx, within_days, birthdays, |id| names.get(id).map(|n| (*n).to_owned())).await
}

async fn due_named(
    ctx: &Ctx,
    within_days: u32,
    birthdays: bool,
    name_of: impl Fn(&PersonId) -> Option<String>,
) -> Result<Due> {
    let pending = pending(ctx, name_of).await?;
    let now = ctx.now_ts();
    let horizon = now
        .saturating_add(SignedDuration::from_hours(24 * i64::from(within_days)))
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let total = pending.len();
    let checkins: Vec<DueCheckin> = pending
        .into_iter()
        .filter(|p| p.checkin.due_at <= horizon)
        .map(|p| DueCheckin {
            overdue: p.checkin.due_at <= now,
            checkin: p.checkin,
            name: p.name,
            suggestion: p.suggestion,
        })
        .collect();
    let birthdays = match birthdays {
        true => Some(upcoming(ctx, i64::from(within_days)).await?),
        false => None,
    };
    Ok(Due { later: total - checkins.len(), checkins, birthdays, within_days })
}

/// Every pending check-in as an iCalendar feed (one all-day event each, the check-in's id
/// its stable UID), for a calendar to subscribe to.
pub async fn feed(ctx: &Ctx) -> Result<String> {
    let names = names(ctx).await?;
    let pending = pending(ctx, |id| names.get(id).cloned()).await?;
    let entries: Vec<FeedEntry<'_>> = pending
        .iter()
        .map(|p| FeedEntry { checkin: &p.checkin, name: &p.name, suggestion: Some(&p.suggestion) })
        .collect();
    Ok(checkins_ics(&entries, ctx.now_ts()))
}

/// A check-in just done, and the next one a repeating check-in scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Done {
    /// The check-in, done.
    pub done: CheckIn,
    /// The next one, for a repeating check-in.
    pub next: Option<CheckIn>,
}

/// Reads a check-in id as typed.
pub fn checkin_id(text: &str) -> Result<CheckInId> {
    CheckInId::parse(text.trim()).ok_or_else(|| {
        Error::Invalid(format!("\"{text}\" is not a check-in id (they look like c_…; see `kith checkins`)"))
    })
}

/// Marks check-in `id` done at `at` (typed; none means now); a repeating one schedules
/// the next. Refused if it was done already.
pub async fn done(ctx: &Ctx, id: &CheckInId, at: Option<&str>) -> Result<Done> {
    let at: Timestamp = ctx.when(at)?;
    let (done, next) = ctx.store.complete_checkin(id, at).await?;
    Ok(Done { done, next })
}

/// A pending check-in with the name of its person and the draft that carries it out.
struct Pending {
    checkin: CheckIn,
    name: String,
    suggestion: String,
}

/// Every pending check-in, in the store's order.
async fn pending(ctx: &Ctx, name_of: impl Fn(&PersonId) -> Option<String>) -> Result<Vec<Pending>> {
    let checkins = ctx.store.pending_checkins().await?;
    Ok(checkins
        .into_iter()
        .map(|checkin| {
            let name = name_of(&checkin.person).unwrap_or_default();
            let suggestion = draft_command(&name, &checkin.person, DraftMove::CheckIn);
            Pending { checkin, name, suggestion }
        })
        .collect())
}

/// The birthdays from today to `days` days ahead, soonest first.
async fn upcoming(ctx: &Ctx, days: i64) -> Result<Vec<Birthday>> {
    let people = ctx.store.people().await?;
    Ok(upcoming_birthdays(&people, ctx.now.date(), days)
        .into_iter()
        .map(|b| Birthday {
            person: b.person.id.clone(),
            name: b.person.name.clone(),
            on: b.on,
            turns: b.turns,
            suggestion: draft_command(&b.person.name, &b.person.id, DraftMove::CheckIn),
        })
        .collect())
}
