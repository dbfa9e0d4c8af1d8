//! Tie strength and the cadence a tier sets: the model behind PRODUCT.md §3's "Tie
//! strength" and "Tier", with the reason for each choice. `layers.rs` ranks people into
//! tiers with it, `rhythm.rs` finds a person's own rhythm.
//!
//! **Who took part.** Every contact says which side took part ([`Contact::from_them`],
//! [`Contact::from_owner`]): an inbound one shows the person, an outbound one the owner, a
//! call, meeting or event both of them. A connection on a social network (LinkedIn's
//! "Connected On", recorded as a mutual contact online) shows neither: accepting an
//! invitation is not a conversation, and an export of hundreds of such dates must not look
//! like hundreds of ties.
//!
//! **Strength** (0 to 100) weighs five parts ([`StrengthPart`]):
//! - *intensity*, the channel weights decayed with a 90-day half-life: how much contact
//!   there is now;
//! - *duration*, the years from the first contact to the last, not to today: a tie is as
//!   old as the contact that shows it, and a card from 2001 that was never used is not a
//!   25-year tie;
//! - *multiplexity* (channels used), *intimacy* (the share of calls and meetings) and
//!   *balance* (an even ledger): what kind of tie it was.
//!
//! The last four describe the tie's past, so they count only as far as the tie is still
//! alive: each is multiplied by the *recency*, which halves for every year since the person
//! last took part ([`RECENCY_HALF_LIFE_DAYS`]). Without it, on an address book alone or an
//! old archive, where intensity has decayed to nothing, every tie scored the same from
//! duration and an empty ledger, and tiers were decided by tie-breaks. A tie the person
//! never took part in (a card, a connection date, the owner's unanswered outreach) has its
//! intensity only.
//!
//! **Tiers** are by rank of strength after Dunbar's layers (inner 5, close 15, active 50,
//! network 150 in all, acquaintances beyond), but each person is ranked only for the layers
//! their history allows (`layers.rs`):
//! - *inner* and *close* need two-way contact in the last year: the person took part and so
//!   did the owner. Closeness is mutual and current; without it, five connections from 2019
//!   or the sender of one announcement filled the inner layer of a small database;
//! - *active* needs a conversation in the last year, from either side (a connection date is
//!   none): someone the owner keeps writing to is active even while they do not answer;
//! - *network* needs the owner's part at some time, a connection included: an
//!   address-book-only person or an old archive is at most network;
//! - everyone else is an *acquaintance*: someone who only ever wrote to the owner (the
//!   sender of one announcement, a cold pitch), or with no contact at all.
//!
//! A layer takes the strongest of those it allows, so its size is still a rank among
//! everyone who qualifies; people no layer takes are acquaintances. A pinned tier is kept
//! whatever the history and takes a place in its layer: the user knows what the log
//! cannot show.
//!
//! **Cadence** ([`Cadence::of`]): the user's own for the person, else the tier's default
//! (inner 14 days, close 30, active 90, network 180), stretched to the person's own rhythm
//! when their history keeps a steady one that is slower: a yearly call is not overdue at 11
//! months. A faster rhythm does not shorten it, since a tie that slows down is the drift
//! test's question, not the cadence's. A tie the person never took part in has no cadence
//! unless the user sets one: a card in the address book, or someone who never answered, is
//! not a relationship the owner is late in keeping up.

use super::{Contact, Metrics};
use crate::{Channel, Person, Tier};
use serde::Serialize;

/// Whether contact on `channel` is close: a call or a meeting.
pub(super) fn is_intimate(channel: Channel) -> bool {
    matches!(channel, Channel::Call | Channel::Meeting)
}

/// How many days it takes for the parts of strength that describe the tie's past to count
/// half as much: a year since the person last took part.
pub const RECENCY_HALF_LIFE_DAYS: f64 = 365.0;

/// What tie strength is made of.
pub(super) struct Parts {
    pub intensity: f64,
    /// Years from the first contact to the last.
    pub years: f64,
    pub channels: usize,
    pub reciprocity: f64,
    pub intimacy: f64,
    /// How much the tie's past still counts, from 0 (the person never took part) to 1.
    pub recency: f64,
}

/// One part of tie strength, as explained: its measure, that measure brought to 0–1, and
/// the weight the score gets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StrengthPart {
    /// What it is: intensity, duration, multiplexity, intimacy or balance.
    pub name: &'static str,
    /// The measure: the intensity, years from the first contact to the last, channels used,
    /// the share of calls and meetings, or the ledger balance.
    pub value: f64,
    /// The measure brought to 0–1 and, for every part but intensity, multiplied by the
    /// recency.
    pub score: f64,
    /// Its weight in the strength.
    pub weight: f64,
}

impl StrengthPart {
    /// What it adds to the strength, out of 100.
    pub fn points(&self) -> f64 {
        100.0 * self.weight * self.score
    }
}

impl Parts {
    /// Each part brought to 0–1 with its weight: intensity 0.40 (an intensity of 30, about
    /// seven emails or two meetings a month kept up, gives 0.63; at the scale of the
    /// closest ties, so that they still differ by how much contact there is: with 10, every
    /// tie of a few contacts a month scored nearly full, and chance in the other parts
    /// ranked the closest layers), duration 0.15 (five years give 0.63),
    /// multiplexity 0.15 (three channels or more give 1), intimacy 0.20 and balance 0.10
    /// (an even ledger gives 1, a one-way one 0); all but intensity times the recency.
    pub(super) fn scored(&self) -> [StrengthPart; 5] {
        let saturate = |x: f64, scale: f64| 1.0 - (-x / scale).exp();
        let part = |name, value, score, weight| StrengthPart { name, value, score, weight };
        let past = |score: f64| score * self.recency;
        [
            part("intensity", self.intensity, saturate(self.intensity, 60.0), 0.40),
            part("duration", self.years, past(saturate(self.years, 5.0)), 0.15),
            part("multiplexity", self.channels as f64, past(self.channels.min(3) as f64 / 3.0), 0.15),
            part("intimacy", self.intimacy, past(self.intimacy), 0.20),
            part("balance", self.reciprocity, past(1.0 - self.reciprocity.abs()), 0.10),
        ]
    }
}

/// Tie strength from 0 to 100: the weighed parts of [`Parts::scored`].
pub(super) fn tie_strength(parts: &Parts) -> f64 {
    let score: f64 = parts.scored().iter().map(|p| p.weight * p.score).sum();
    // Someone never contacted has no tie, whatever the ledger says.
    if parts.intensity == 0.0 && parts.years == 0.0 { 0.0 } else { (100.0 * score).clamp(0.0, 100.0) }
}

/// The latest of `contacts` (sorted) the person took part in: the recency runs from it.
pub(super) fn last_heard(contacts: &[Contact]) -> Option<jiff::Timestamp> {
    contacts.iter().rev().find(|c| c.from_them()).map(|c| c.at)
}

/// How often a person should hear from the owner.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Cadence {
    /// The days between contacts the user, the person's rhythm or the tier asks for.
    pub ideal_days: u32,
    /// Past this many days the tie is seriously overdue: half as long again.
    pub maximum_days: u32,
    /// Whether the user set it for this person.
    pub pinned: bool,
    /// Whether it is the person's own rhythm, slower than their tier's default.
    pub own_rhythm: bool,
}

impl Cadence {
    /// The person's own cadence if the user set one; else, once the person has taken part,
    /// their tier's (inner 14 days, close 30, active 90, network 180) or their own steady
    /// rhythm when it is slower. Acquaintances have none.
    pub fn of(person: &Person, tier: Tier, metrics: &Metrics) -> Option<Self> {
        if let Some(days) = person.cadence_days {
            return Some(Self::every(days, true, false));
        }
        metrics.last_heard?;
        let default = match tier {
            Tier::Inner => 14,
            Tier::Close => 30,
            Tier::Active => 90,
            Tier::Network => 180,
            Tier::Acquaintance => return None,
        };
        let own = metrics.rhythm_days.map(|days| days.round() as u32).filter(|&days| days > default);
        Some(match own {
            Some(days) => Self::every(days, false, true),
            None => Self::every(default, false, false),
        })
    }

    fn every(ideal_days: u32, pinned: bool, own_rhythm: bool) -> Self {
        Self { ideal_days, maximum_days: ideal_days + ideal_days / 2, pinned, own_rhythm }
    }
}
