//! `kith demo --simulate N`: a network from kith's simulator instead of the sample, whose
//! relationships drift, turn one-sided or go unanswered on purpose, restored whole, then
//! reviewed if asked.

use crate::health::{Plan, Review, ReviewInput, assess, plan_of, review_of};
use crate::{Ctx, Error, Result};
use jiff::Timestamp;
use kith_sim::{Config, generate};
use serde::Serialize;

/// The owner's address in the simulated network.
const OWNER: &str = "me@sim.example";

/// What to simulate.
#[derive(Debug, Clone, Copy)]
pub struct SimulateInput {
    /// How many people.
    pub people: usize,
    /// The seed: the same seed gives the same network.
    pub seed: u64,
    /// Review the network once written (the first 15 in need of attention) and plan for
    /// the first of them.
    pub review: bool,
}

/// What was written, and the review when asked for.
#[derive(Debug, Serialize)]
pub struct Simulated {
    /// The database written, as the store names it.
    pub database: String,
    /// The end of the simulated history: today, at midnight UTC.
    pub now: Timestamp,
    /// People written.
    pub people: usize,
    /// Interactions written.
    pub interactions: usize,
    /// Ledger entries written.
    pub exchanges: usize,
    /// Mail messages written.
    pub mail: usize,
    /// The review, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The plan of the person who needs attention most, when the review was asked for
    /// and someone does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}

/// Writes `input.people` simulated people, their history ending today, into the empty
/// database of `ctx` (one that already holds people or organizations is refused).
pub async fn simulate(ctx: &Ctx, input: SimulateInput) -> Result<Simulated> {
    super::refuse_data(ctx).await?;
    let day = ctx.now_ts().as_second() / 86_400 * 86_400;
    let today = Timestamp::from_second(day).map_err(|e| Error::Invalid(format!("today: {e}")))?;
    let config = Config { people: input.people, seed: input.seed, now: today, ..Config::default() };
    let snapshot = std::sync::Arc::new(generate(&config).into_snapshot(OWNER));
    crate::import::restore_snapshot(ctx, snapshot.clone()).await?;
    let mut simulated = Simulated {
        database: ctx.store.location(),
        now: today,
        people: snapshot.people.len(),
        interactions: snapshot.interactions.len(),
        exchanges: snapshot.exchanges.len(),
        mail: snapshot.mail.len(),
        review: None,
        plan: None,
    };
    drop(snapshot);
    if input.review {
        let assessed = assess(ctx).await?;
        let review = review_of(ctx, &assessed, ReviewInput { limit: 15, ..ReviewInput::default() }).await?;
        let first = assessed.ranked.first().filter(|a| a.needs_attention());
        if let Some(person) = first.and_then(|a| assessed.person(&a.person)) {
            simulated.plan = Some(plan_of(&assessed, person)?);
        }
        simulated.review = Some(review);
    }
    Ok(simulated)
}
