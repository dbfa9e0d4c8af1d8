//! One ledger entry as the metrics read it: small and copyable, like [`super::Contact`].

use crate::{Exchange, ExchangeKind, ExchangeStatus, Giver};
use jiff::Timestamp;

/// A ledger entry with a person, as the metrics read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LedgerEntry {
    /// What was given or asked.
    pub kind: ExchangeKind,
    /// Who gives.
    pub giver: Giver,
    /// Where it stands.
    pub status: ExchangeStatus,
    /// Whether it was asked for.
    pub asked: bool,
    /// How much it counts.
    pub weight: f64,
    /// When it was asked for or given.
    pub opened_at: Timestamp,
    /// When it was settled, if it was.
    pub closed_at: Option<Timestamp>,
}

impl LedgerEntry {
    /// What the metrics need of `exchange`.
    pub fn of(exchange: &Exchange) -> Self {
        Self {
            kind: exchange.kind,
            giver: exchange.giver,
            status: exchange.status,
            asked: exchange.asked,
            weight: exchange.weight,
            opened_at: exchange.opened_at,
            closed_at: exchange.closed_at,
        }
    }
}
