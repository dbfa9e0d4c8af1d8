//! What the user knows that the data cannot show: facts about a person, changes in the
//! owner's own life, and diagnoses muted for a while.

use crate::names::named_enum;
use crate::{PersonId, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// A fact about a person that the user records.
    Fact, "fact" {
        /// Their interests and the owner's went different ways.
        InterestsDiverged = "interests_diverged",
        /// Their values conflict with the owner's.
        ValuesConflict = "values_conflict",
        /// They turned hostile.
        Hostile = "hostile",
        /// They moved to another industry.
        ChangedIndustry = "changed_industry",
        /// They retired.
        Retired = "retired",
    }
);

named_enum!(
    /// A change in the owner's own working life.
    OwnerChange, "owner change" {
        /// Changing business model or job.
        StrategyChange = "strategy_change",
        /// Leaving one industry for another.
        ChangingIndustry = "changing_industry",
        /// Retiring or stepping back.
        Retiring = "retiring",
    }
);

named_enum!(
    /// What can be wrong (or right) with a relationship.
    DiagnosisKind, "diagnosis" {
        /// They keep asking and rarely give.
        OneSidedTaking = "one_sided_taking",
        /// The owner keeps asking and rarely gives.
        OneSidedGiving = "one_sided_giving",
        /// Contact fell well below the person's own baseline.
        Drifting = "drifting",
        /// The owner's outreach goes unanswered.
        Unresponsive = "unresponsive",
        /// Longer since the last contact than the cadence allows.
        Overdue = "overdue",
        /// No contact for a long time, and never much before.
        Dormant = "dormant",
        /// A recorded fact says interests diverged.
        Misaligned = "misaligned",
        /// A recorded fact says values conflict or they turned hostile.
        Strained = "strained",
        /// Balanced, regular and responsive.
        Thriving = "thriving",
    }
);

/// A fact recorded about a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonFact {
    /// Who it is about.
    pub person: PersonId,
    /// What.
    pub fact: Fact,
    /// Since when it holds.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The user's words, if any.
    pub note: Option<String>,
}

/// A change in the owner's working life, from a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerFact {
    /// What changes.
    pub change: OwnerChange,
    /// Since when.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub since: Timestamp,
}

/// A diagnosis the user silenced for one person until a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mute {
    /// Whose.
    pub person: PersonId,
    /// Which diagnosis.
    pub diagnosis: DiagnosisKind,
    /// Shown again from this moment.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub until: Timestamp,
}

impl Mute {
    /// A mute that ends after `now`; one ending earlier would silence nothing.
    pub fn new(
        person: PersonId,
        diagnosis: DiagnosisKind,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        if until <= now {
            return Err(ValidationError::MuteEnded(crate::when::day(until)));
        }
        Ok(Self { person, diagnosis, until })
    }

    /// Whether it silences `diagnosis` for `person` at `now`.
    pub fn silences(&self, person: &PersonId, diagnosis: DiagnosisKind, now: Timestamp) -> bool {
        &self.person == person && self.diagnosis == diagnosis && now < self.until
    }
}
