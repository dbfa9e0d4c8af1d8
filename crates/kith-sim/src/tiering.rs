//! How well kith's tiers match the tiers the generator means the ties to have: a
//! confusion matrix, with each tier's recall and precision.

use crate::Network;
use crate::logs::Logs;
use jiff::Timestamp;
use kith_core::Tier;
use kith_core::health::{HealthSettings, Metrics, ranked_tiers};

/// The tiers, closest first: the rows and columns of a [`TierConfusion`].
pub const TIERS: [Tier; 5] = [Tier::Inner, Tier::Close, Tier::Active, Tier::Network, Tier::Acquaintance];

/// How many people of each intended tier kith gave each tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierConfusion {
    /// `counts[i][g]`: people meant to be in `TIERS[i]` whom kith put in `TIERS[g]`.
    pub counts: [[usize; 5]; 5],
}

impl TierConfusion {
    /// How many people are meant to be in `tier`.
    pub fn intended(&self, tier: Tier) -> usize {
        self.counts[tier_position(tier)].iter().sum()
    }

    /// How many people kith put in `tier`.
    pub fn given(&self, tier: Tier) -> usize {
        self.counts.iter().map(|row| row[tier_position(tier)]).sum()
    }

    /// How many people meant to be in `tier` kith put there.
    pub fn agreed(&self, tier: Tier) -> usize {
        self.counts[tier_position(tier)][tier_position(tier)]
    }

    /// The share of the people meant to be in `tier` whom kith put there (1 when none are).
    pub fn recall(&self, tier: Tier) -> f64 {
        ratio(self.agreed(tier), self.intended(tier))
    }

    /// The share of the people meant to be in `tier` whom kith put there or in a layer next
    /// to it (1 when none are).
    pub fn near(&self, tier: Tier) -> f64 {
        let at = tier_position(tier);
        let row = &self.counts[at];
        let near: usize = row[at.saturating_sub(1)..(at + 2).min(row.len())].iter().sum();
        ratio(near, self.intended(tier))
    }

    /// The share of the people kith put in `tier` who are meant to be there (1 when none
    /// are).
    pub fn precision(&self, tier: Tier) -> f64 {
        ratio(self.agreed(tier), self.given(tier))
    }
}

/// Where `tier` is in [`TIERS`].
pub fn tier_position(tier: Tier) -> usize {
    TIERS.iter().position(|t| *t == tier).expect("every tier is listed")
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// Everyone's tier in `network` as of `now`, ranked as a review ranks them, in the order of
/// its people.
pub fn given_tiers(network: &Network, now: Timestamp) -> Vec<Tier> {
    let settings = HealthSettings::default();
    let logs = Logs::of(network);
    let histories = logs.histories(network);
    let metrics: Vec<Metrics> = histories.iter().map(|h| Metrics::of(h, &settings, now)).collect();
    ranked_tiers(&histories, &metrics)
}

/// The tiers `given` to the people of `network` (in its order) counted against the
/// labels' intended tiers.
pub fn tier_confusion(network: &Network, given: &[Tier]) -> TierConfusion {
    let mut counts = [[0; 5]; 5];
    for (label, given) in network.labels.iter().zip(given) {
        counts[tier_position(label.tier)][tier_position(*given)] += 1;
    }
    TierConfusion { counts }
}
