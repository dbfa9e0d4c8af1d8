//! The tier the generator means each tie to have at `now`, the ground truth kith's tiers
//! are checked against: the pace of contact the generator meant over the last year (the
//! rates it drew, contacts a month, for the part of the year each held), ranked after
//! Dunbar's layers by kith-core's own ranking, among the ties whose shape the layer allows.
//!
//! Live ties of every shape may be inner: their last year holds contact from both sides.
//! A drifting tie counts at its old rate until the drift and the rate it fell to after, an
//! unresponsive one the owner's outreach alone once they stopped answering, a new one only
//! the time since it began. Address-book-only people and old archives may be network at
//! most, one-message senders nothing but acquaintances; with no pace in the last year,
//! all three are acquaintances.

use crate::Trajectory;
use kith_core::health::{Candidate, tiers as ranked};
use kith_core::{PersonId, Tier};

/// The intended tier of each person, in order.
pub(crate) fn tiers(ids: &[PersonId], trajectories: &[Trajectory], pace: &[f64]) -> Vec<Tier> {
    let people: Vec<Candidate<'_>> = ids
        .iter()
        .zip(trajectories)
        .enumerate()
        .map(|(i, (id, &trajectory))| Candidate {
            id,
            strength: pace.get(i).copied().unwrap_or(0.0),
            pinned: None,
            closest: closest(trajectory),
        })
        .collect();
    ranked(&people)
}

/// The closest tier a shape allows.
fn closest(trajectory: Trajectory) -> Tier {
    match trajectory {
        Trajectory::AddressBookOnly | Trajectory::OldArchive => Tier::Network,
        Trajectory::OneMessage => Tier::Acquaintance,
        _ => Tier::Inner,
    }
}
