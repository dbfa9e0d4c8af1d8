//! Tie strength, tiers by rank after Dunbar's layers, and the cadence a tier sets.

use crate::{Channel, Person, PersonId, Tier};
use serde::Serialize;

/// Whether contact on `channel` is close: a call or a meeting.
pub(super) fn is_intimate(channel: Channel) -> bool {
    matches!(channel, Channel::Call | Channel::Meeting)
}

/// What tie strength is made of.
pub(super) struct Parts {
    pub intensity: f64,
    pub years: f64,
    pub channels: usize,
    pub reciprocity: f64,
    pub intimacy: f64,
}

/// One part of tie strength, as explained: its measure, that measure brought to 0–1, and
/// the weight the score gets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StrengthPart {
    /// What it is: intensity, duration, multiplexity, intimacy or balance.
    pub name: &'static str,
    /// The measure: the intensity, years since the first contact, channels used, the share
    /// of calls and meetings, or the ledger balance.
    pub value: f64,
    /// The measure brought to 0–1.
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
    /// Each part brought to 0–1 with its weight: intensity 0.40 (an intensity of 10, about
    /// a meeting a month kept up, gives 0.63), duration 0.15 (five years give 0.63),
    /// multiplexity 0.15 (three channels or more give 1), intimacy 0.20 and balance 0.10
    /// (an even ledger gives 1, a one-way one 0).
    pub(super) fn scored(&self) -> [StrengthPart; 5] {
        let saturate = |x: f64, scale: f64| 1.0 - (-x / scale).exp();
        let part = |name, value, score, weight| StrengthPart { name, value, score, weight };
        [
            part("intensity", self.intensity, saturate(self.intensity, 10.0), 0.40),
            part("duration", self.years, saturate(self.years, 5.0), 0.15),
            part("multiplexity", self.channels as f64, self.channels.min(3) as f64 / 3.0, 0.15),
            part("intimacy", self.intimacy, self.intimacy, 0.20),
            part("balance", self.reciprocity, 1.0 - self.reciprocity.abs(), 0.10),
        ]
    }
}

/// Tie strength from 0 to 100: the weighed parts of [`Parts::scored`].
pub(super) fn tie_strength(parts: &Parts) -> f64 {
    let score: f64 = parts.scored().iter().map(|p| p.weight * p.score).sum();
    // Someone never contacted has no tie, whatever the ledger says.
    if parts.intensity == 0.0 && parts.years == 0.0 { 0.0 } else { (100.0 * score).clamp(0.0, 100.0) }
}

/// How many people each layer holds, counted from the closest: 5, 15, 50 and 150 in all.
const LAYERS: [(Tier, usize); 4] =
    [(Tier::Inner, 5), (Tier::Close, 15), (Tier::Active, 50), (Tier::Network, 150)];

/// Each person's tier by rank of tie strength: the strongest 5 are inner, up to 15 close,
/// up to 50 active, up to 150 network, the rest acquaintances. A pinned tier is kept and
/// takes a place in its layer; people with no tie at all are acquaintances.
pub fn tiers(people: &[(&PersonId, f64, Option<Tier>)]) -> Vec<Tier> {
    let mut taken = [0usize; LAYERS.len()];
    for (_, _, pinned) in people {
        if let Some(layer) = pinned.and_then(|t| LAYERS.iter().position(|(tier, _)| *tier == t)) {
            taken[layer] += 1;
        }
    }
    let mut order: Vec<usize> = (0..people.len()).filter(|&n| people[n].2.is_none()).collect();
    order.sort_by(|&a, &b| people[b].1.total_cmp(&people[a].1).then_with(|| people[a].0.cmp(people[b].0)));
    let mut out: Vec<Tier> = people.iter().map(|p| p.2.unwrap_or(Tier::Acquaintance)).collect();
    let mut layer = 0;
    let mut filled = taken[0];
    for n in order {
        if people[n].1 <= 0.0 {
            break;
        }
        while layer < LAYERS.len() && filled >= LAYERS[layer].1 {
            layer += 1;
            if layer < LAYERS.len() {
                filled += taken[layer];
            }
        }
        let Some((tier, _)) = LAYERS.get(layer) else { break };
        out[n] = *tier;
        filled += 1;
    }
    out
}

/// How often a person should hear from the owner.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Cadence {
    /// The days between contacts the tier or the user asks for.
    pub ideal_days: u32,
    /// Past this many days the tie is seriously overdue: half as long again.
    pub maximum_days: u32,
    /// Whether the user set it for this person.
    pub pinned: bool,
}

impl Cadence {
    /// The person's own cadence if set, else their tier's (inner 14 days, close 30, active
    /// 90, network 180); acquaintances have none.
    pub fn of(person: &Person, tier: Tier) -> Option<Self> {
        let (ideal, pinned) = match person.cadence_days {
            Some(days) => (days, true),
            None => (
                match tier {
                    Tier::Inner => 14,
                    Tier::Close => 30,
                    Tier::Active => 90,
                    Tier::Network => 180,
                    Tier::Acquaintance => return None,
                },
                false,
            ),
        };
        Some(Self { ideal_days: ideal, maximum_days: ideal + ideal / 2, pinned })
    }
}
