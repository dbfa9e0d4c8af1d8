//! Lifecycle stages, the transitions between them, and check-ins.

use crate::names::named_enum;
use crate::{CheckInId, PersonId, TransitionId, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// Where a relationship stands, as the owner decided.
    Stage, "stage" {
        /// The default: an ordinary, living tie.
        Active = "active",
        /// Deliberately less contact, with a new cadence.
        Reduced = "reduced",
        /// The tie changed its nature into mentoring.
        Mentoring = "mentoring",
        /// Minimal contact, no farewell yet.
        Distanced = "distanced",
        /// A farewell was given.
        Ended = "ended",
        /// Ended without a farewell, after hostility.
        WalkedAway = "walked_away",
        /// Brought back after an ending or a reduction.
        Revived = "revived",
    }
);

// `named_enum!` declares the enum, so `#[derive(Default)]` cannot be placed on it.
#[allow(clippy::derivable_impls)]
impl Default for Stage {
    fn default() -> Self {
        Stage::Active
    }
}

impl Stage {
    /// Whether the relationship is over: ended, or walked away from.
    pub fn is_over(self) -> bool {
        matches!(self, Stage::Ended | Stage::WalkedAway)
    }
}

named_enum!(
    /// Whether an ending leaves the way back open.
    Door, "door" {
        /// Reach out any time.
        Open = "open",
        /// No way back.
        Closed = "closed",
    }
);

/// A stage change, kept forever as the record of what happened and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    /// Its id.
    pub id: TransitionId,
    /// Whose stage changed.
    pub person: PersonId,
    /// The stage before.
    pub from: Stage,
    /// The stage after.
    pub to: Stage,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Why.
    pub reason: Option<String>,
    /// For endings: whether the door stays open.
    pub door: Option<Door>,
    /// Anything else worth remembering.
    pub note: Option<String>,
}

/// A stage change about to be recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTransition {
    /// Whose stage changes.
    pub person: PersonId,
    /// From.
    pub from: Stage,
    /// To.
    pub to: Stage,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub reason: Option<String>,
    /// Door, for endings.
    pub door: Option<Door>,
    /// Note.
    pub note: Option<String>,
}

impl NewTransition {
    /// Checks the rules every stage change obeys: it changes something, it is not in the
    /// future, walking away states its reason, and an ending says whether the door stays
    /// open.
    pub fn new(
        person: PersonId,
        from: Stage,
        to: Stage,
        at: Timestamp,
        reason: Option<String>,
        door: Option<Door>,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        crate::when::not_after(at, now, "a stage change")?;
        if from == to {
            return Err(ValidationError::Stage(format!("the relationship is already {to}")));
        }
        let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        if to == Stage::WalkedAway && reason.is_none() {
            return Err(ValidationError::Stage(
                "walking away needs a reason; say what happened with --reason".into(),
            ));
        }
        if to == Stage::Ended && door.is_none() {
            return Err(ValidationError::Stage(
                "an ending must say whether the door stays open: --door open or --door closed".into(),
            ));
        }
        Ok(Self { person, from, to, at, reason, door, note: None })
    }
}

/// A scheduled light touch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    /// Its id.
    pub id: CheckInId,
    /// With whom.
    pub person: PersonId,
    /// When it is due.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: Timestamp,
    /// What it is for.
    pub note: Option<String>,
    /// When it was done; `None` while pending.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub done_at: Option<Timestamp>,
    /// For a repeating check-in, the days until the next one once this one is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<u32>,
}

impl CheckIn {
    /// The check-in that follows this one once it is done at `at`: for a repeating one,
    /// `every_days` after `at`. Refused if this one is done already.
    pub fn next_after(&self, at: Timestamp) -> Result<Option<NewCheckIn>, ValidationError> {
        if self.done_at.is_some() {
            return Err(ValidationError::CheckInDone(self.id.to_string()));
        }
        let Some(days) = self.every_days else { return Ok(None) };
        NewCheckIn::every(self.person.clone(), at, days, self.note.clone()).map(Some)
    }
}

/// A check-in about to be scheduled.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCheckIn {
    /// With whom.
    pub person: PersonId,
    /// When it is due.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: Timestamp,
    /// What it is for.
    pub note: Option<String>,
    /// For a repeating check-in, the days between one and the next.
    pub every_days: Option<u32>,
}

impl NewCheckIn {
    /// A check-in that repeats every `days`, the first due `days` after `from`.
    pub fn every(
        person: PersonId,
        from: Timestamp,
        days: u32,
        note: Option<String>,
    ) -> Result<Self, ValidationError> {
        let due_at =
            from.checked_add(jiff::SignedDuration::from_hours(24 * i64::from(days))).map_err(|_| {
                ValidationError::Stage(format!("a check-in every {days} days falls outside the calendar"))
            })?;
        Ok(Self { person, due_at, note, every_days: Some(days) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_rules() {
        let now = Timestamp::from_second(1_000_000).unwrap();
        let p = PersonId::from_bits(3);
        let walk = NewTransition::new(
            p.clone(),
            Stage::Active,
            Stage::WalkedAway,
            now,
            Some("  ".into()),
            None,
            now,
        );
        assert!(walk.unwrap_err().to_string().contains("needs a reason"));
        let end = NewTransition::new(p.clone(), Stage::Active, Stage::Ended, now, None, None, now);
        assert!(end.is_err());
        let same = NewTransition::new(p.clone(), Stage::Active, Stage::Active, now, None, None, now);
        assert!(same.is_err());
        let ok =
            NewTransition::new(p, Stage::Active, Stage::Ended, now, None, Some(Door::Open), now).unwrap();
        assert_eq!(ok.to, Stage::Ended);
    }
}
