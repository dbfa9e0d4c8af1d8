//! Everyone's tier, for the manner of a draft: a tier is a rank among everyone, so
//! everyone is assessed.

use crate::{Ctx, Error, Result};
use kith_core::health::{Context, HealthSettings, History, review};
use kith_core::{PersonId, Tier};
use std::collections::HashMap;

/// Each person's tier, as the review ranks them now.
pub(crate) struct Tiers(HashMap<PersonId, Tier>);

impl Tiers {
    /// The tier of `id`.
    pub(crate) fn of(&self, id: &PersonId) -> Result<Tier> {
        self.0.get(id).copied().ok_or_else(|| Error::NotFound(format!("{id} was not assessed")))
    }
}

/// Assesses everyone as of now with kith-core's review and keeps their tiers.
pub(crate) async fn tiers(ctx: &Ctx) -> Result<Tiers> {
    let data = ctx.store.review_data().await?;
    let histories: Vec<History<'_>> = data
        .people
        .iter()
        .zip(&data.contacts)
        .zip(&data.exchanges)
        .map(|((person, contacts), exchanges)| History { person, contacts, exchanges })
        .collect();
    let context = Context::new(data.facts, data.mutes, data.owner_facts, data.engaged);
    let ranked = review(&histories, &context, &HealthSettings::default(), ctx.now_ts());
    drop(histories);
    let tiers = ranked.into_iter().map(|a| (a.person, a.tier)).collect();
    // A review holds many small allocations; freeing them on a thread of their own does
    // not hold up the answer (and should no thread start, they are freed here).
    let everything = (data.people, data.contacts, data.exchanges, context);
    let _freeing = std::thread::Builder::new().name("free".into()).spawn(move || drop(everything));
    Ok(Tiers(tiers))
}
