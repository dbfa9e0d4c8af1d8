//! The review: every relationship assessed, ranked by how much it needs the owner's
//! attention (importance times urgency).

use super::{
    Cadence, Candidate, Diagnosis, DiagnosisKind, HealthSettings, History, Metrics, Mute, OwnerFact,
    PersonFact, Situation, Step, diagnose, plan, tiers,
};
use crate::{PersonId, Tier};
use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What the user recorded, and who is in active client work, for everyone at once.
#[derive(Clone, Debug, Default)]
pub struct Context {
    facts: HashMap<PersonId, Vec<PersonFact>>,
    mutes: HashMap<PersonId, Vec<Mute>>,
    owner: Vec<OwnerFact>,
    engaged: HashSet<PersonId>,
}

impl Context {
    /// Gathers the recorded facts and mutes by person.
    pub fn new(
        facts: Vec<PersonFact>,
        mutes: Vec<Mute>,
        owner: Vec<OwnerFact>,
        engaged: HashSet<PersonId>,
    ) -> Self {
        let mut by_person: HashMap<PersonId, Vec<PersonFact>> = HashMap::new();
        for fact in facts {
            by_person.entry(fact.person.clone()).or_default().push(fact);
        }
        let mut muted: HashMap<PersonId, Vec<Mute>> = HashMap::new();
        for mute in mutes {
            muted.entry(mute.person.clone()).or_default().push(mute);
        }
        Self { facts: by_person, mutes: muted, owner, engaged }
    }

    /// The situation of `person` at `tier`, whose `metrics` set their cadence.
    pub fn situation<'a>(&'a self, person: &crate::Person, tier: Tier, metrics: &Metrics) -> Situation<'a> {
        Situation {
            tier,
            cadence: Cadence::of(person, tier, metrics),
            facts: self.facts.get(&person.id).map_or(&[], Vec::as_slice),
            owner: &self.owner,
            mutes: self.mutes.get(&person.id).map_or(&[], Vec::as_slice),
        }
    }
}

/// Everything kith says about one relationship.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// Whose.
    pub person: PersonId,
    /// Their tier, pinned or by rank.
    pub tier: Tier,
    /// Every metric.
    pub metrics: Metrics,
    /// What holds, most severe first.
    pub diagnoses: Vec<Diagnosis>,
    /// The moves to try, in order.
    pub plan: Vec<Step>,
    /// How much the tie matters, 0 to 1.
    pub importance: f64,
    /// How pressing its problems are, 0 to 1.
    pub urgency: f64,
    /// Importance times urgency: the review's order.
    pub attention: f64,
}

impl Assessment {
    /// Whether the relationship needs anything from the owner now.
    pub fn needs_attention(&self) -> bool {
        self.attention > 0.0
    }

    /// Diagnoses, plan and rank of one relationship whose metrics and tier are known.
    pub fn of(
        history: &History<'_>,
        metrics: Metrics,
        tier: Tier,
        context: &Context,
        settings: &HealthSettings,
        now: Timestamp,
    ) -> Self {
        let situation = context.situation(history.person, tier, &metrics);
        let diagnoses = diagnose(history, &metrics, &situation, settings, now);
        let plan = plan(history, &metrics, &diagnoses, &situation, now);
        let engaged = context.engaged.contains(&history.person.id);
        let importance = importance(metrics.strength, tier, engaged);
        let urgency = diagnoses
            .iter()
            .filter(|d| d.kind != DiagnosisKind::Thriving)
            .map(|d| d.severity)
            .fold(0.0, f64::max);
        Self {
            person: history.person.id.clone(),
            tier,
            metrics,
            diagnoses,
            plan,
            importance,
            urgency,
            attention: importance * urgency,
        }
    }
}

/// How much a tie matters: its strength, its tier, and whether there is client work with
/// them now, weighed 0.5, 0.35 and 0.15.
fn importance(strength: f64, tier: Tier, engaged: bool) -> f64 {
    let layer = match tier {
        Tier::Inner => 1.0,
        Tier::Close => 0.8,
        Tier::Active => 0.6,
        Tier::Network => 0.4,
        Tier::Acquaintance => 0.15,
    };
    0.5 * strength / 100.0 + 0.35 * layer + if engaged { 0.15 } else { 0.0 }
}

/// Each person's tier: pinned, or ranked by tie strength among everyone their history
/// allows in each layer.
pub fn ranked_tiers(histories: &[History<'_>], metrics: &[Metrics]) -> Vec<Tier> {
    let people: Vec<Candidate<'_>> = histories
        .iter()
        .zip(metrics)
        .map(|(h, m)| Candidate {
            id: &h.person.id,
            strength: m.strength,
            pinned: h.person.tier,
            closest: m.closest_tier,
        })
        .collect();
    tiers(&people)
}

/// Assesses everyone, most in need of attention first (ties broken by id), on every core.
pub fn review(
    histories: &[History<'_>],
    context: &Context,
    settings: &HealthSettings,
    now: Timestamp,
) -> Vec<Assessment> {
    let metrics: Vec<Metrics> = histories.par_iter().map(|h| Metrics::of(h, settings, now)).collect();
    let tiers = ranked_tiers(histories, &metrics);
    let mut all: Vec<Assessment> = histories
        .par_iter()
        .zip(metrics)
        .zip(tiers)
        .map(|((history, metrics), tier)| Assessment::of(history, metrics, tier, context, settings, now))
        .collect();
    rank(&mut all);
    all
}

/// Orders assessments by attention, highest first (ties broken by id, then kept in order).
pub fn rank(assessments: &mut [Assessment]) {
    // Assessments are large: sort small keys, then move each assessment into place once.
    let mut keys: Vec<(f64, &str, usize)> =
        assessments.iter().enumerate().map(|(n, a)| (a.attention, a.person.as_str(), n)).collect();
    keys.par_sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let order = keys.into_iter().map(|(.., n)| n).collect();
    permute(assessments, order);
}

/// Rearranges `items` so that position n holds what was at `order[n]`, cycle by cycle.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}
