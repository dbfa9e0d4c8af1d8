//! The network as rings: everyone by tier, the closest tier first, each person with their
//! most urgent diagnosis and how urgent it is, read from the assessment kept
//! ([`Assessed`]); nobody is assessed here.
//!
//! Within a ring people come most urgent first (then by name), so the order is the same
//! on every read of the same data, and a ring cut short ([`RingsInput::most`]) keeps
//! those who need the owner most and says how many it left out.

use crate::health::Assessed;
use kith_core::health::{Assessment, DiagnosisKind};
use kith_core::{PersonId, Tier};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How urgent a person's most urgent diagnosis is, in the words Today colours by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Severity 0.66 or more.
    High,
    /// Severity 0.33 or more.
    Medium,
    /// Something holds, but it is not pressing.
    Low,
    /// Thriving: balanced, regular and responsive.
    Thriving,
    /// Nothing to say either way (too little history).
    Quiet,
}

impl Urgency {
    /// Every urgency, most urgent first.
    pub const ALL: [Urgency; 5] =
        [Urgency::High, Urgency::Medium, Urgency::Low, Urgency::Thriving, Urgency::Quiet];

    /// The urgency of a diagnosis of `kind` at `severity` (Today's thresholds), or of none.
    pub fn of(diagnosis: Option<(DiagnosisKind, f64)>) -> Self {
        match diagnosis {
            None => Urgency::Quiet,
            Some((DiagnosisKind::Thriving, _)) => Urgency::Thriving,
            Some((_, s)) if s >= 0.66 => Urgency::High,
            Some((_, s)) if s >= 0.33 => Urgency::Medium,
            Some(_) => Urgency::Low,
        }
    }

    /// Its name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::High => "high",
            Urgency::Medium => "medium",
            Urgency::Low => "low",
            Urgency::Thriving => "thriving",
            Urgency::Quiet => "quiet",
        }
    }
}

/// One person on a ring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dot {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Their most urgent diagnosis, if any holds.
    pub diagnosis: Option<DiagnosisKind>,
    /// Its severity, 0 to 1 (0 with none).
    pub severity: f64,
    /// How urgent it is.
    pub urgency: Urgency,
}

/// How many people of a ring are at each urgency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UrgencyCounts {
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
    /// Thriving.
    pub thriving: usize,
    /// Nothing to say.
    pub quiet: usize,
}

impl UrgencyCounts {
    fn add(&mut self, urgency: Urgency) {
        *self.get_mut(urgency) += 1;
    }

    fn get_mut(&mut self, urgency: Urgency) -> &mut usize {
        match urgency {
            Urgency::High => &mut self.high,
            Urgency::Medium => &mut self.medium,
            Urgency::Low => &mut self.low,
            Urgency::Thriving => &mut self.thriving,
            Urgency::Quiet => &mut self.quiet,
        }
    }

    /// How many are at `urgency`.
    pub fn get(&self, urgency: Urgency) -> usize {
        match urgency {
            Urgency::High => self.high,
            Urgency::Medium => self.medium,
            Urgency::Low => self.low,
            Urgency::Thriving => self.thriving,
            Urgency::Quiet => self.quiet,
        }
    }
}

/// One tier as a ring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ring {
    /// The tier.
    pub tier: Tier,
    /// How many people are in it.
    pub total: usize,
    /// How many of them are at each urgency.
    pub urgency: UrgencyCounts,
    /// Those listed, most urgent first, then by name.
    pub people: Vec<Dot>,
    /// How many were left out by the limit (the least urgent).
    pub left_out: usize,
}

/// Everyone by tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rings {
    /// How many people were assessed.
    pub assessed: usize,
    /// One ring per tier, the closest first, empty ones included.
    pub rings: Vec<Ring>,
}

/// What to list of each ring.
#[derive(Debug, Clone, Copy, Default)]
pub struct RingsInput {
    /// At most this many people a ring (none: everyone).
    pub most: Option<usize>,
}

/// Everyone assessed, by tier, each with their most urgent diagnosis.
pub fn rings(assessed: &Assessed, input: RingsInput) -> Rings {
    let mut by_tier: Vec<Vec<&Assessment>> = vec![Vec::new(); Tier::ALL.len()];
    for a in &assessed.ranked {
        by_tier[tier_index(a.tier)].push(a);
    }
    let rings = Tier::ALL
        .iter()
        .zip(by_tier)
        .map(|(&tier, members)| ring(assessed, tier, members, input.most))
        .collect();
    Rings { assessed: assessed.ranked.len(), rings }
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).expect("every tier is in Tier::ALL")
}

/// A person's most urgent diagnosis: kith-core lists them most severe first.
fn top(a: &Assessment) -> Option<(DiagnosisKind, f64)> {
    a.diagnoses.first().map(|d| (d.kind, d.severity))
}

fn ring(assessed: &Assessed, tier: Tier, members: Vec<&Assessment>, most: Option<usize>) -> Ring {
    let mut urgency = UrgencyCounts::default();
    let mut keyed: Vec<(Urgency, f64, &str, &Assessment)> = members
        .into_iter()
        .map(|a| {
            let top = top(a);
            let u = Urgency::of(top);
            urgency.add(u);
            let name = assessed.person(&a.person).map_or("", |p| p.name.as_str());
            (u, top.map_or(0.0, |(_, s)| s), name, a)
        })
        .collect();
    let total = keyed.len();
    let order = |x: &(Urgency, f64, &str, &Assessment), y: &(Urgency, f64, &str, &Assessment)| {
        x.0.cmp(&y.0)
            .then(y.1.partial_cmp(&x.1).unwrap_or(Ordering::Equal))
            .then_with(|| x.2.cmp(y.2))
            .then_with(|| x.3.person.cmp(&y.3.person))
    };
    let shown = most.unwrap_or(total).min(total);
    if shown < total && shown > 0 {
        keyed.select_nth_unstable_by(shown - 1, order);
    }
    keyed.truncate(shown);
    keyed.sort_unstable_by(order);
    let people = keyed
        .into_iter()
        .map(|(urgency, severity, name, a)| Dot {
            person: a.person.clone(),
            name: name.to_owned(),
            diagnosis: top(a).map(|(kind, _)| kind),
            severity,
            urgency,
        })
        .collect();
    Ring { tier, total, urgency, people, left_out: total - shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_follows_todays_thresholds_with_thriving_and_nothing_apart() {
        use DiagnosisKind::{Drifting, Thriving, Unresponsive};
        assert_eq!(Urgency::of(None), Urgency::Quiet);
        assert_eq!(Urgency::of(Some((Thriving, 0.0))), Urgency::Thriving);
        assert_eq!(Urgency::of(Some((Unresponsive, 0.66))), Urgency::High);
        assert_eq!(Urgency::of(Some((Drifting, 0.65))), Urgency::Medium);
        assert_eq!(Urgency::of(Some((Drifting, 0.33))), Urgency::Medium);
        assert_eq!(Urgency::of(Some((Drifting, 0.2))), Urgency::Low);
        let mut sorted = Urgency::ALL;
        sorted.sort();
        assert_eq!(sorted, Urgency::ALL, "most urgent first");
        for u in Urgency::ALL {
            assert_eq!(serde_json::to_value(u).unwrap(), u.as_str());
        }
    }
}
