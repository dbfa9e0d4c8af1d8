//! Relationship health: the metrics of one relationship, computed from its interactions and
//! its ledger at a given `now`. Everything here is a pure function; nothing is stored.

mod contact;
mod diagnosis;
mod entry;
mod evidence;
mod facts;
mod layers;
mod playbook;
mod rate;
mod reciprocity;
mod replies;
mod review;
mod rhythm;
mod strength;

pub use contact::{Contact, Key};
pub use diagnosis::{Diagnosis, Situation, diagnose};
pub use entry::LedgerEntry;
pub use evidence::percent;
pub use facts::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
pub use layers::{Candidate, tiers};
pub use playbook::{Move, Step, plan};
pub use rate::{DRIFT_SHARE, LONGEST_DAYS, Rate, SHORTEST_DAYS, Season, binomial_at_most};
pub use reciprocity::Reciprocity;
pub use replies::{Responsiveness, Streak};
pub use review::{Assessment, Context, rank, ranked_tiers, review};
pub use strength::{Cadence, RECENCY_HALF_LIFE_DAYS, StrengthPart};

use crate::{Person, Tier};
use jiff::{SignedDuration, Timestamp};
use replies::Conversations;
use serde::{Deserialize, Serialize};

/// The tunable constants of the metrics. The defaults are starting points, chosen to match
/// the product's description; each is explained where it is used.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthSettings {
    /// Half-life of an interaction's weight in the intensity, in days.
    pub intensity_half_life_days: f64,
    /// The recent window, in days: a drop is over when this much of the latest contact is
    /// back at the usual level, and a thriving tie heard from the person within it.
    pub recent_days: i64,
    /// The baseline window before a change point, in days.
    pub baseline_days: i64,
    /// Below this probability of seeing so few contacts since the change point, with the
    /// cost of having searched for that change point paid, a tie is drifting.
    pub drift_p: f64,
    /// The fewest baseline contacts that make a baseline meaningful.
    pub min_baseline_contacts: usize,
    /// How long an answer may take and still count as one, in days.
    pub reply_window_days: i64,
    /// Half-life of a ledger entry's weight, in days.
    pub ledger_half_life_days: f64,
}

impl Default for HealthSettings {
    fn default() -> Self {
        Self {
            intensity_half_life_days: 90.0,
            recent_days: 90,
            baseline_days: 365,
            drift_p: 0.1,
            min_baseline_contacts: 4,
            reply_window_days: 14,
            ledger_half_life_days: 365.0,
        }
    }
}

/// What the metrics read of one relationship: the contacts with the person, oldest first,
/// and their ledger entries.
#[derive(Clone, Copy, Debug)]
pub struct History<'a> {
    /// The person.
    pub person: &'a Person,
    /// The interactions the person took part in, sorted by time.
    pub contacts: &'a [Contact],
    /// The person's ledger entries, oldest first.
    pub exchanges: &'a [LedgerEntry],
}

/// Every metric of one relationship at one moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metrics {
    /// How many interactions there were, up to `now`.
    pub contacts: usize,
    /// The first contact.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub first: Option<Timestamp>,
    /// The latest contact.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last: Option<Timestamp>,
    /// The latest contact the person took part in (they wrote or called, or the two met).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_heard: Option<Timestamp>,
    /// The closest tier the history allows, before ranking (see `strength.rs`).
    pub closest_tier: Tier,
    /// The person's own steady rhythm: the typical days between conversations, when their
    /// history keeps one.
    pub rhythm_days: Option<f64>,
    /// Channel weights decayed by age (meeting 3, call 2, others 1).
    pub intensity: f64,
    /// The recent contact rate against the person's own baseline.
    pub rate: Rate,
    /// How the person answers the owner.
    pub theirs: Responsiveness,
    /// How the owner answers the person.
    pub owners: Responsiveness,
    /// The owner's contacts since the person last reached out or met them.
    pub unanswered: Streak,
    /// The share of conversations the owner started, when any were started by either side.
    pub initiation: Option<f64>,
    /// Who gives more, from the ledger.
    pub reciprocity: Reciprocity,
    /// How many different channels were used.
    pub channels: usize,
    /// The share of contacts that were calls or meetings.
    pub intimacy: f64,
    /// Tie strength, 0 to 100.
    pub strength: f64,
}

impl Metrics {
    /// Computes every metric of `history` as of `now`; later interactions are ignored.
    pub fn of(history: &History<'_>, settings: &HealthSettings, now: Timestamp) -> Self {
        let past = until(history.contacts, now);
        let reciprocity = Reciprocity::of(history.exchanges, settings, now);
        let intensity = past
            .iter()
            .map(|i| i.channel.weight() * decay(now, i.at, settings.intensity_half_life_days))
            .sum();
        // One bit per channel used.
        let channels = past.iter().fold(0u32, |seen, i| seen | 1 << i.channel as u32).count_ones();
        let intimate = past.iter().filter(|i| strength::is_intimate(i.channel)).count();
        let intimacy = if past.is_empty() { 0.0 } else { intimate as f64 / past.len() as f64 };
        let conversations = Conversations::of(past);
        let mut metrics = Self {
            contacts: past.len(),
            first: past.first().map(|i| i.at),
            last: past.last().map(|i| i.at),
            last_heard: strength::last_heard(past),
            closest_tier: layers::closest_tier(past, now),
            rhythm_days: rhythm::typical_gap(&conversations),
            intensity,
            rate: Rate::of(&conversations, settings, now),
            theirs: Responsiveness::theirs(&conversations, settings, now),
            owners: Responsiveness::owners(&conversations, settings, now),
            unanswered: Streak::of(&conversations),
            initiation: replies::initiation(&conversations),
            reciprocity,
            channels: channels as usize,
            intimacy,
            strength: 0.0,
        };
        metrics.strength = strength::tie_strength(&metrics.parts(now));
        metrics
    }

    /// What the tie strength is made of as of `now`, part by part.
    pub fn strength_parts(&self, now: Timestamp) -> [StrengthPart; 5] {
        self.parts(now).scored()
    }

    /// How much the tie's past still counts in its strength as of `now`: 1 when the person
    /// took part just now, halved for every year since, 0 when they never did.
    pub fn recency(&self, now: Timestamp) -> f64 {
        self.last_heard.map_or(0.0, |at| decay(now, at, strength::RECENCY_HALF_LIFE_DAYS))
    }

    fn parts(&self, now: Timestamp) -> strength::Parts {
        strength::Parts {
            intensity: self.intensity,
            years: self.first.zip(self.last).map_or(0.0, |(first, last)| days_between(first, last) / 365.25),
            channels: self.channels,
            reciprocity: self.reciprocity.balance,
            intimacy: self.intimacy,
            recency: self.recency(now),
        }
    }
}

/// The contacts (sorted) up to `now`, found by reading them in order as the metrics do next,
/// rather than by a search that jumps through memory not yet read.
fn until(contacts: &[Contact], now: Timestamp) -> &[Contact] {
    &contacts[..contacts.iter().position(|i| i.at > now).unwrap_or(contacts.len())]
}

/// Days from `from` to `to`, with fractions.
pub(crate) fn days_between(from: Timestamp, to: Timestamp) -> f64 {
    to.duration_since(from).as_secs_f64() / 86_400.0
}

/// The weight left after halving every `half_life_days` since `at`.
pub(crate) fn decay(now: Timestamp, at: Timestamp, half_life_days: f64) -> f64 {
    0.5f64.powf(days_between(at, now).max(0.0) / half_life_days)
}

/// `at` moved back by whole days.
pub(crate) fn days_before(at: Timestamp, days: i64) -> Timestamp {
    at.checked_sub(SignedDuration::from_hours(days * 24)).unwrap_or(Timestamp::MIN)
}

#[cfg(test)]
mod tests;
