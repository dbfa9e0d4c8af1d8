//! The review, plans and health: everyone assessed at once, ranked by attention.
//!
//! A tier is a rank among everyone, so even one person's health is read from an
//! assessment of everyone ([`assess`]): kith-core computes the metrics and then the
//! assessments on every core. [`review`] keeps the attention list, [`plan`] one person's
//! moves, [`of_person`] what a person's page shows of their health and [`explain`] each
//! metric with how it was computed.

mod explain;
mod judgments;
mod review;

pub(crate) use explain::explained;
pub use explain::{Explained, MetricRow, explain, explain_among};
pub use judgments::Judgments;
pub use review::{Review, ReviewEntry, ReviewInput, review, review_of};

use crate::{Ctx, Error, Result, who};
use kith_core::health::{Assessment, Context, Diagnosis, HealthSettings, History, Step};
use kith_core::{Person, PersonId, Tier};
use kith_store::ReviewData;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Everyone's assessment as of the context's `now`, most in need of attention first.
#[derive(Debug, Default)]
pub struct Assessed {
    /// Everyone, in the store's order.
    pub people: Vec<Person>,
    /// One assessment per person, ranked by attention.
    pub ranked: Vec<Assessment>,
    /// Where each person is in both lists, made on the first lookup; whoever changes the
    /// lists in this crate empties it ([`Assessed::changed`]).
    places: OnceLock<HashMap<PersonId, Places>>,
}

/// Where one person is in [`Assessed::people`] and [`Assessed::ranked`].
#[derive(Debug, Default, Clone, Copy)]
struct Places {
    person: Option<usize>,
    assessment: Option<usize>,
}

impl Assessed {
    fn new(people: Vec<Person>, ranked: Vec<Assessment>) -> Self {
        Self { people, ranked, places: OnceLock::new() }
    }

    /// Forgets where everyone was: the lists changed.
    fn changed(&mut self) {
        self.places = OnceLock::new();
    }

    fn places(&self, id: &PersonId) -> Places {
        let places = self.places.get_or_init(|| {
            let mut places: HashMap<PersonId, Places> = HashMap::with_capacity(self.people.len());
            for (n, p) in self.people.iter().enumerate() {
                places.entry(p.id.clone()).or_default().person = Some(n);
            }
            for (n, a) in self.ranked.iter().enumerate() {
                places.entry(a.person.clone()).or_default().assessment = Some(n);
            }
            places
        });
        places.get(id).copied().unwrap_or_default()
    }

    /// The assessment of `id`.
    pub fn of(&self, id: &PersonId) -> Result<&Assessment> {
        self.places(id)
            .assessment
            .map(|n| &self.ranked[n])
            .ok_or_else(|| Error::NotFound(format!("{id} was not assessed")))
    }

    /// Everyone's name, by id.
    pub fn names(&self) -> std::collections::HashMap<&PersonId, &str> {
        self.people.iter().map(|p| (&p.id, p.name.as_str())).collect()
    }

    /// The person `id` names, among everyone assessed.
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.places(id).person.map(|n| &self.people[n])
    }
}

/// Loads everyone's history and assesses it with kith-core's review (on every core),
/// tiered by rank among everyone and ranked by attention.
pub async fn assess(ctx: &Ctx) -> Result<Assessed> {
    let mut data = ctx.store.review_data().await?;
    let now = ctx.now_ts();
    let settings = HealthSettings::default();
    let context = Context::new(
        std::mem::take(&mut data.facts),
        std::mem::take(&mut data.mutes),
        std::mem::take(&mut data.owner_facts),
        std::mem::take(&mut data.engaged),
    );
    let histories = histories(&data);
    let ranked = kith_core::health::review(&histories, &context, &settings, now);
    drop(histories);
    free_in_background((data.contacts, data.exchanges, context));
    Ok(Assessed::new(std::mem::take(&mut data.people), ranked))
}

/// The histories in `data`, in the order of its people.
fn histories(data: &ReviewData) -> Vec<History<'_>> {
    data.people
        .iter()
        .zip(&data.contacts)
        .zip(&data.exchanges)
        .map(|((person, contacts), exchanges)| History { person, contacts, exchanges })
        .collect()
}

impl Drop for Assessed {
    fn drop(&mut self) {
        free_in_background((std::mem::take(&mut self.people), std::mem::take(&mut self.ranked)));
    }
}

/// Frees `value` on a thread of its own. A review holds millions of small allocations,
/// and freeing them one by one would hold up the answer; a process that ends first hands
/// its memory back whole. Should no thread start, `value` is freed here.
fn free_in_background<T: Send + 'static>(value: T) {
    let _started = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// One person's moves in order, each with its reason and what was already tried.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// Whose.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Their tier.
    pub tier: Tier,
    /// What holds, most severe first.
    pub diagnoses: Vec<Diagnosis>,
    /// The moves, in order; empty when nothing needs doing.
    pub plan: Vec<Step>,
}

/// The plan for the person `who` names.
pub async fn plan(ctx: &Ctx, who: &str) -> Result<Plan> {
    let person = who::person(ctx, who).await?;
    plan_of(&assess(ctx).await?, &person)
}

/// `person`'s plan from an assessment of everyone already made.
pub fn plan_of(assessed: &Assessed, person: &Person) -> Result<Plan> {
    let a = assessed.of(&person.id)?;
    Ok(Plan {
        person: person.id.clone(),
        name: person.name.clone(),
        tier: a.tier,
        diagnoses: a.diagnoses.clone(),
        plan: a.plan.clone(),
    })
}

/// What a person's page shows of their health.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonHealth {
    /// Their tier, pinned or by rank.
    pub tier: Tier,
    /// Tie strength, 0 to 100.
    pub strength: f64,
    /// Importance times urgency: how much they need the owner now.
    pub attention: f64,
    /// What holds, most severe first, each with its evidence.
    pub diagnoses: Vec<Diagnosis>,
    /// The first move of their plan.
    pub first_move: Option<Step>,
}

/// The assessment of one person. A tier is a rank among everyone, so everyone is
/// assessed; only this person's assessment is kept.
pub async fn assessment(ctx: &Ctx, person: &PersonId) -> Result<Assessment> {
    assess(ctx).await?.of(person).cloned()
}

/// The health of `person`, assessed among everyone.
pub async fn of_person(ctx: &Ctx, person: &Person) -> Result<PersonHealth> {
    of_person_among(&assess(ctx).await?, person)
}

/// The health of `person` from an assessment of everyone already made.
pub fn of_person_among(assessed: &Assessed, person: &Person) -> Result<PersonHealth> {
    let a = assessed.of(&person.id)?.clone();
    Ok(PersonHealth {
        tier: a.tier,
        strength: a.metrics.strength,
        attention: a.attention,
        first_move: a.plan.into_iter().next(),
        diagnoses: a.diagnoses,
    })
}
