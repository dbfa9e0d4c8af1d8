//! Reciprocity: who gives more, from the ledger, with old help counting less.

use super::LedgerEntry;
use super::{HealthSettings, decay};
use crate::{ExchangeStatus, Giver};
use jiff::Timestamp;
use serde::Serialize;

/// The ledger of one relationship, weighed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    pub fn of(exchanges: &[LedgerEntry], settings: &HealthSettings, now: Timestamp) -> Self {
        let mut out = Self::default();
        let (mut pressure_on_owner, mut pressure_on_them) = (0.0, 0.0);
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
                }
                (ExchangeStatus::Given, Giver::Them) => {
                    out.received += weight;
                    out.times_received += 1;
                }
                (ExchangeStatus::Asked, _) => {
                    *open += 1;
                    *pressure += x.weight;
                }
                (ExchangeStatus::Declined, _) => {}
            }
        }
        let owner_side = out.given + pressure_on_owner;
        let their_side = out.received + pressure_on_them;
        let total = owner_side + their_side;
        out.balance = if total > 0.0 { (owner_side - their_side) / total } else { 0.0 };
        out
    }
}
