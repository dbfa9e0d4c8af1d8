//! The attention list: everyone's assessment, filtered, most in need of attention first.

use super::{Assessed, assess, free_in_background};
use crate::{Ctx, Result, who};
use kith_core::health::{Assessment, DiagnosisKind};
use kith_core::{OrgId, Person, PersonId, Stage, Tier, clean_tag};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

/// What the owner asks to see of the review.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    /// Everyone, ended ties and those needing nothing included.
    pub all: bool,
    /// Only these tiers (none: every tier).
    pub tiers: Vec<Tier>,
    /// Only people with this tag, as typed.
    pub tag: Option<String>,
    /// Only people at the organization this names (an id, a domain or a name).
    pub org: Option<String>,
    /// Only people with one of these diagnoses; asking for one by name shows it even
    /// where it needs no attention.
    pub diagnoses: Vec<DiagnosisKind>,
    /// At most this many entries (0: all).
    pub limit: usize,
}

/// The attention list, as the owner asked to see it. It serializes as its entries.
#[derive(Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Review {
    /// The people shown, most in need of attention first.
    pub entries: Vec<ReviewEntry>,
    /// How many matched before the limit.
    #[serde(skip)]
    pub matched: usize,
    /// How many relationships were assessed.
    #[serde(skip)]
    pub assessed: usize,
    /// Whether anything besides `all` narrowed the list.
    #[serde(skip)]
    pub narrowed: bool,
    /// Favors found in mail that wait for the owner's word, everyone's.
    #[serde(skip)]
    pub suggestions_waiting: usize,
    /// How many people those favors are with.
    #[serde(skip)]
    pub people_waiting: usize,
}

impl Drop for Review {
    /// A review of everyone holds many small allocations: they are freed in the
    /// background, as an assessment's are.
    fn drop(&mut self) {
        free_in_background(std::mem::take(&mut self.entries));
    }
}

/// One person on the attention list: the assessment with the person's name and stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewEntry {
    /// Their name.
    pub name: String,
    /// Their stage.
    pub stage: Stage,
    /// Favors found in mail with them that wait for the owner's word.
    pub suggestions_waiting: usize,
    /// Everything kith says about the relationship.
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// The attention list: everyone assessed, then those `input` keeps.
pub async fn review(ctx: &Ctx, input: ReviewInput) -> Result<Review> {
    let filter = Filter::of(ctx, &input).await?;
    let mut assessed = assess(ctx).await?;
    let waiting = ctx.store.suggestions_waiting().await?;
    let ranked = std::mem::take(&mut assessed.ranked).into_iter().map(Cow::Owned);
    Ok(filter.list(&assessed.people, ranked, &waiting, input.limit))
}

/// The attention list from an assessment of everyone already made.
pub async fn review_of(ctx: &Ctx, assessed: &Assessed, input: ReviewInput) -> Result<Review> {
    let filter = Filter::of(ctx, &input).await?;
    let waiting = ctx.store.suggestions_waiting().await?;
    let ranked = assessed.ranked.iter().map(Cow::Borrowed);
    Ok(filter.list(&assessed.people, ranked, &waiting, input.limit))
}

/// What the owner asked to see, resolved.
struct Filter {
    all: bool,
    tiers: Vec<Tier>,
    tag: Option<String>,
    org: Option<OrgId>,
    diagnoses: Vec<DiagnosisKind>,
}

impl Filter {
    async fn of(ctx: &Ctx, input: &ReviewInput) -> Result<Self> {
        let org = match &input.org {
            Some(org) => Some(who::org(ctx, org).await?.id),
            None => None,
        };
        Ok(Self {
            all: input.all,
            tiers: input.tiers.clone(),
            tag: input.tag.as_deref().map(clean_tag).transpose()?,
            org,
            diagnoses: input.diagnoses.clone(),
        })
    }

    /// Whether anything narrows the list besides `all`.
    fn narrows(&self) -> bool {
        !self.tiers.is_empty() || self.tag.is_some() || self.org.is_some() || !self.diagnoses.is_empty()
    }

    /// Whether `a`, about `person`, is shown. Without `all`, ended ties are left out,
    /// and so are those needing no attention unless a diagnosis was asked for by name.
    fn keeps(&self, person: &Person, a: &Assessment) -> bool {
        let quiet = !a.needs_attention() && self.diagnoses.is_empty();
        (self.all || !(person.stage.is_over() || quiet))
            && (self.tiers.is_empty() || self.tiers.contains(&a.tier))
            && self.tag.as_ref().is_none_or(|t| person.tags.contains(t))
            && (self.org.is_none() || person.org == self.org)
            && (self.diagnoses.is_empty() || a.diagnoses.iter().any(|d| self.diagnoses.contains(&d.kind)))
    }

    /// The assessments this filter keeps, at most `limit` of them (0: all); only those
    /// are copied when borrowed, and the others, when owned, are freed in the background.
    fn list<'a>(
        &self,
        everyone: &[Person],
        ranked: impl Iterator<Item = Cow<'a, Assessment>>,
        waiting: &HashMap<PersonId, usize>,
        limit: usize,
    ) -> Review {
        let people: HashMap<&PersonId, &Person> = everyone.iter().map(|p| (&p.id, p)).collect();
        let (mut kept, left): (Vec<_>, Vec<_>) =
            ranked.map(|a| (people[&a.person], a)).partition(|(person, a)| self.keeps(person, a));
        let matched = kept.len();
        if limit > 0 && limit < matched {
            free_owned(kept.split_off(limit));
        }
        free_owned(left);
        let entries = kept
            .into_iter()
            .map(|(person, a)| ReviewEntry {
                name: person.name.clone(),
                stage: person.stage,
                suggestions_waiting: waiting.get(&person.id).copied().unwrap_or(0),
                assessment: a.into_owned(),
            })
            .collect();
        Review {
            entries,
            matched,
            assessed: everyone.len(),
            narrowed: self.narrows(),
            suggestions_waiting: waiting.values().sum(),
            people_waiting: waiting.len(),
        }
    }
}

/// Frees in the background the assessments a review owned and does not show.
fn free_owned(left: Vec<(&Person, Cow<'_, Assessment>)>) {
    let owned: Vec<Assessment> = left
        .into_iter()
        .filter_map(|(_, a)| match a {
            Cow::Owned(a) => Some(a),
            Cow::Borrowed(_) => None,
        })
        .collect();
    free_in_background(owned);
}
