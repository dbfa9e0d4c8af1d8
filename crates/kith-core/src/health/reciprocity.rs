//! Reciprocity: who gives more, from the ledger, with old help counting less.

use super::LedgerEntry;
use super::{HealthSettings, decay};
use crate::{ExchangeStatus, Giver};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The ledger of one relationship, weighed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reciprocity {
    /// What the owner gave, decayed by age.
    pub given: f64,
    /// What the owner received, decayed by age.
    pub received: f64,
    /// Asks from the person the owner has not answered yet.
    pub open_asks_from_them: usize,
    /// Asks from the owner the person has not answered yet.
    pub open_asks_from_owner: usize,
    /// How many times the owner gave.
    pub times_given: usize,
    /// How many times the owner received.
    pub times_received: usize,
    /// How many times the person asked (open or not).
    pub asks_from_them: usize,
    /// How many times the owner asked (open or not).
    pub asks_from_owner: usize,
    /// From -1 (the owner only takes) to 1 (the owner only gives); 0 when balanced or empty.
    /// Open asks count as pressure on the side asked, at their full weight.
    pub balance: f64,
}

impl Reciprocity {
    /// Weighs `exchanges` as of `now`; entries opened later are ignored.
    ///
    /// A favor is returned by the next favors the other way, oldest first, whatever their
    /// kind and however long after: a returned favor and its return weigh on neither side.
    /// Only what is still unreturned leans the balance, decayed by its own age, so an old
    /// debt counts less with time. Matching comes before decay because decay alone erases
    /// an old favor that was returned later: the owner who helped years ago and was helped
    /// back lately would look as if they only took. Returned pairs still count in the
    /// total, decayed by the age of the return, so that one fresh favor in a long, even
    /// history leans the balance only a little.
    pub fn of(exchanges: &[LedgerEntry], settings: &HealthSettings, now: Timestamp) -> Self {
        let mut out = Self::default();
        let (mut pressure_on_owner, mut pressure_on_them) = (0.0, 0.0);
        let mut favors: Vec<(Timestamp, Giver, f64)> = Vec::new();
        for x in exchanges.iter().filter(|x| x.opened_at <= now) {
            let at = x.closed_at.unwrap_or(x.opened_at);
            let weight = x.weight * decay(now, at, settings.ledger_half_life_days);
            let (asks, open, pressure) = match x.giver {
                Giver::Owner => {
                    (&mut out.asks_from_them, &mut out.open_asks_from_them, &mut pressure_on_owner)
                }
                Giver::Them => {
                    (&mut out.asks_from_owner, &mut out.open_asks_from_owner, &mut pressure_on_them)
                }
            };
            *asks += usize::from(x.asked);
            match (x.status, x.giver) {
                (ExchangeStatus::Given, Giver::Owner) => {
                    out.given += weight;
                    out.times_given += 1;
                    favors.push((at, Giver::Owner, x.weight));
                }
                (ExchangeStatus::Given, Giver::Them) => {
                    out.received += weight;
                    out.times_received += 1;
                    favors.push((at, Giver::Them, x.weight));
                }
                (ExchangeStatus::Asked, _) => {
                    *open += 1;
                    *pressure += x.weight;
                }
                (ExchangeStatus::Declined, _) => {}
            }
        }
        let owed = Owed::of(&mut favors, |at| decay(now, at, settings.ledger_half_life_days));
        let owner_side = owed.by_owner + pressure_on_owner;
        let their_side = owed.by_them + pressure_on_them;
        let total = owner_side + their_side + owed.returned;
        out.balance = if total > 0.0 { (owner_side - their_side) / total } else { 0.0 };
        out
    }
}

/// The ledger's favors after matching each with its returns.
#[derive(Debug, Default)]
struct Owed {
    /// What the owner gave that was not returned, decayed by age.
    by_owner: f64,
    /// What the person gave that was not returned, decayed by age.
    by_them: f64,
    /// Both halves of every returned pair, decayed by the age of the favor returned.
    returned: f64,
}

impl Owed {
    /// Matches `favors` (when given, by whom, weight) in time order: each favor first pays
    /// off the oldest unreturned ones the other way, and what is left of it waits to be
    /// returned. `decay` weighs a moment's age.
    fn of(favors: &mut [(Timestamp, Giver, f64)], decay: impl Fn(Timestamp) -> f64) -> Self {
        favors.sort_by_key(|f| f.0);
        let mut out = Self::default();
        // Unreturned favors, oldest first; all are the same side's at any time.
        let mut waiting: std::collections::VecDeque<(Timestamp, Giver, f64)> = Default::default();
        for &(at, giver, weight) in favors.iter() {
            let mut left = weight;
            while left > 0.0 {
                let Some(front) = waiting.front_mut().filter(|f| f.1 != giver) else { break };
                let paid = left.min(front.2);
                out.returned += 2.0 * paid * decay(front.0);
                left -= paid;
                front.2 -= paid;
                if front.2 <= 0.0 {
                    waiting.pop_front();
                }
            }
            if left > 0.0 {
                waiting.push_back((at, giver, left));
            }
        }
        for (at, giver, weight) in waiting {
            match giver {
                Giver::Owner => out.by_owner += weight * decay(at),
                Giver::Them => out.by_them += weight * decay(at),
            }
        }
        out
    }
}
