//! Everyone's assessment kept between requests and brought up to date as the data
//! changes, whichever process changes it, so that a server answers without assessing
//! everyone each time.
//!
//! [`Judgments::refresh`] asks the store what changed since the revision it last saw.
//! Nothing: nothing to do. A few people: their histories are read again and assessed;
//! tiers are ranks among everyone, so they are ranked again from the metrics kept, and
//! whoever changes tier by that is assessed again too; the list is ranked again. The
//! owner's facts, many people at once, or a new day: everyone is assessed again, as
//! [`assess`] does. People assessed again are assessed as of the refresh; the others keep
//! the moment of their last assessment, never older than the start of the day.

use super::{Assessed, assess, histories};
use crate::{Ctx, Result};
use jiff::civil::Date;
use kith_core::health::{Assessment, Candidate, Context, HealthSettings, Metrics, rank, tiers};
use kith_core::{PersonId, Tier};
use kith_store::ReviewData;
use std::collections::{HashMap, HashSet};

/// When more than one person in this many changed (and more than [`FEW`]), everyone is
/// assessed again: reading their histories one by one would cost more.
const FULL_SHARE: usize = 16;

/// So many changed people are always read one by one.
const FEW: usize = 64;

/// Everyone's assessment, and the revision of the data it was made from.
pub struct Judgments {
    assessed: Assessed,
    revision: u64,
    day: Date,
}

impl Judgments {
    /// Everyone assessed as of the context's now.
    pub async fn load(ctx: &Ctx) -> Result<Self> {
        // The revision is read first: a change made while assessing is seen again later.
        let revision = ctx.store.revision().await?;
        Ok(Self { assessed: assess(ctx).await?, revision, day: ctx.now.date() })
    }

    /// The assessment as last brought up to date.
    pub fn assessed(&self) -> &Assessed {
        &self.assessed
    }

    /// Whether the data may have changed since the last refresh (one small read).
    pub async fn stale(&self, ctx: &Ctx) -> Result<bool> {
        Ok(ctx.now.date() != self.day || ctx.store.revision().await? != self.revision)
    }

    /// Brings the assessment up to date with the data and the day.
    pub async fn refresh(&mut self, ctx: &Ctx) -> Result<()> {
        let changes = ctx.store.changes_since(self.revision).await?;
        let many = FEW.max(self.assessed.people.len() / FULL_SHARE);
        if ctx.now.date() != self.day || changes.everyone || changes.people.len() > many {
            *self = Self::load(ctx).await?;
            return Ok(());
        }
        if !changes.people.is_empty() {
            self.apply(ctx, &changes.people).await?;
        }
        self.revision = changes.revision;
        Ok(())
    }

    /// Assesses again the people in `changed`, and whoever that moves to another tier.
    async fn apply(&mut self, ctx: &Ctx, changed: &[PersonId]) -> Result<()> {
        let (settings, now) = (HealthSettings::default(), ctx.now_ts());
        let data = ctx.store.review_data_of(changed).await?;
        let fresh: Vec<Metrics> = histories(&data).iter().map(|h| Metrics::of(h, &settings, now)).collect();
        self.assessed.changed();
        let gone: HashSet<&PersonId> = changed.iter().collect();
        self.assessed.people.retain(|p| !gone.contains(&p.id));
        self.assessed.ranked.retain(|a| !gone.contains(&a.person));
        let mut people = std::mem::take(&mut self.assessed.people);
        people.extend(data.people.iter().cloned());
        people.sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
        self.assessed.people = people;

        // Tiers from everyone's metrics: those kept, and the changed people's new ones.
        let kept: HashMap<&PersonId, &Metrics> =
            self.assessed.ranked.iter().map(|a| (&a.person, &a.metrics)).collect();
        let new: HashMap<&PersonId, &Metrics> = data.people.iter().map(|p| &p.id).zip(&fresh).collect();
        let metrics_of = |id: &PersonId| new.get(id).or_else(|| kept.get(id)).copied();
        let candidates: Vec<Candidate<'_>> = self
            .assessed
            .people
            .iter()
            .filter_map(|p| {
                let m = metrics_of(&p.id)?;
                Some(Candidate { id: &p.id, strength: m.strength, pinned: p.tier, closest: m.closest_tier })
            })
            .collect();
        let tier_of: HashMap<PersonId, Tier> =
            candidates.iter().map(|c| c.id.clone()).zip(tiers(&candidates)).collect();
        drop(candidates);
        let moved: Vec<PersonId> = self
            .assessed
            .ranked
            .iter()
            .filter(|a| tier_of.get(&a.person) != Some(&a.tier))
            .map(|a| a.person.clone())
            .collect();
        drop((kept, new));

        let mut assessments = assess_some(&data, fresh, &tier_of, &settings, now);
        if !moved.is_empty() {
            let others = ctx.store.review_data_of(&moved).await?;
            let kept: HashMap<&PersonId, Metrics> =
                self.assessed.ranked.iter().map(|a| (&a.person, a.metrics.clone())).collect();
            let metrics = others.people.iter().map(|p| kept[&p.id].clone()).collect();
            let again = assess_some(&others, metrics, &tier_of, &settings, now);
            let moved: HashSet<&PersonId> = moved.iter().collect();
            self.assessed.ranked.retain(|a| !moved.contains(&a.person));
            assessments.extend(again);
        }
        self.assessed.ranked.extend(assessments);
        rank(&mut self.assessed.ranked);
        self.assessed.changed();
        Ok(())
    }
}

/// The assessments of the people in `data`, from their `metrics` (in the same order) and
/// the tiers of everyone.
fn assess_some(
    data: &ReviewData,
    metrics: Vec<Metrics>,
    tier_of: &HashMap<PersonId, Tier>,
    settings: &HealthSettings,
    now: jiff::Timestamp,
) -> Vec<Assessment> {
    let context =
        Context::new(data.facts.clone(), data.mutes.clone(), data.owner_facts.clone(), data.engaged.clone());
    histories(data)
        .iter()
        .zip(metrics)
        .map(|(h, m)| {
            let tier = tier_of.get(&h.person.id).copied().unwrap_or(Tier::Acquaintance);
            Assessment::of(h, m, tier, &context, settings, now)
        })
        .collect()
}

impl std::fmt::Debug for Judgments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Judgments")
            .field("people", &self.assessed.people.len())
            .field("revision", &self.revision)
            .field("day", &self.day)
            .finish()
    }
}
