//! The reciprocity ledger: who helped whom, how, and whether asks are still open.

use crate::names::named_enum;
use crate::{ExchangeId, PersonId, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// What kind of help.
    ExchangeKind, "exchange kind" {
        /// An introduction to someone.
        Introduction = "introduction",
        /// Business sent their way.
        Referral = "referral",
        /// A reference or recommendation.
        Reference = "reference",
        /// Advice.
        Advice = "advice",
        /// Feedback on work.
        Feedback = "feedback",
        /// Hands-on help.
        Help = "help",
        /// Something shared: an article, a post, a link.
        Content = "content",
        /// Any other favor.
        Favor = "favor",
    }
);

impl ExchangeKind {
    /// The default weight: introduction 3, referral 5, reference 3, advice 1,
    /// feedback 1, help 2, content 0.5, favor 2.
    pub fn default_weight(self) -> f64 {
        match self {
            ExchangeKind::Introduction | ExchangeKind::Reference => 3.0,
            ExchangeKind::Referral => 5.0,
            ExchangeKind::Advice | ExchangeKind::Feedback => 1.0,
            ExchangeKind::Help | ExchangeKind::Favor => 2.0,
            ExchangeKind::Content => 0.5,
        }
    }
}

named_enum!(
    /// Who gives (or is asked to give).
    Giver, "giver" {
        /// The owner gives to the person.
        Owner = "owner",
        /// The person gives to the owner.
        Them = "them",
    }
);

named_enum!(
    /// Where an exchange stands.
    ExchangeStatus, "exchange status" {
        /// Asked for and not yet given or declined.
        Asked = "asked",
        /// Given.
        Given = "given",
        /// Declined.
        Declined = "declined",
    }
);

/// One ledger entry, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// Its id.
    pub id: ExchangeId,
    /// The other side of the exchange.
    pub person: PersonId,
    /// What kind of help.
    pub kind: ExchangeKind,
    /// How much it counts.
    pub weight: f64,
    /// Who gives.
    pub giver: Giver,
    /// Asked, given or declined.
    pub status: ExchangeStatus,
    /// Whether it began as an ask (rather than given unasked).
    pub asked: bool,
    /// When it was asked for, or given if it was never asked for.
    pub opened_at: Timestamp,
    /// When it was given or declined; `None` while open.
    pub closed_at: Option<Timestamp>,
    /// A note, e.g. whom they were introduced to.
    pub note: Option<String>,
}

/// A ledger entry about to be recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct NewExchange {
    /// The other side.
    pub person: PersonId,
    /// Kind.
    pub kind: ExchangeKind,
    /// Weight.
    pub weight: f64,
    /// Who gives.
    pub giver: Giver,
    /// `Asked` opens an ask; `Given` records help given unasked.
    pub status: ExchangeStatus,
    /// When.
    pub at: Timestamp,
    /// Note.
    pub note: Option<String>,
}

impl NewExchange {
    /// Checks an entry: a sane weight (the kind's default if none) and not in the future.
    pub fn new(
        person: PersonId,
        kind: ExchangeKind,
        giver: Giver,
        status: ExchangeStatus,
        weight: Option<f64>,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        crate::when::not_after(at, now, "an exchange")?;
        let weight = weight.unwrap_or_else(|| kind.default_weight());
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(ValidationError::BadWeight(weight));
        }
        Ok(Self {
            person,
            kind,
            weight,
            giver,
            status,
            at,
            note: None,
        })
    }
}

/// The undecayed totals of one person's ledger.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LedgerTotals {
    /// Weight the owner gave.
    pub given: f64,
    /// Weight the owner received.
    pub received: f64,
    /// Given minus received: positive when the owner gave more.
    pub balance: f64,
    /// Their asks of the owner still open.
    pub open_asks_from_them: usize,
    /// The owner's asks of them still open.
    pub open_asks_from_owner: usize,
    /// Asks the owner declined.
    pub declined_by_owner: usize,
    /// Asks they declined.
    pub declined_by_them: usize,
}

impl LedgerTotals {
    /// Adds up a person's exchanges.
    pub fn of(exchanges: &[Exchange]) -> Self {
        let mut t = Self::default();
        for x in exchanges {
            match (x.status, x.giver) {
                (ExchangeStatus::Given, Giver::Owner) => t.given += x.weight,
                (ExchangeStatus::Given, Giver::Them) => t.received += x.weight,
                (ExchangeStatus::Asked, Giver::Owner) => t.open_asks_from_them += 1,
                (ExchangeStatus::Asked, Giver::Them) => t.open_asks_from_owner += 1,
                (ExchangeStatus::Declined, Giver::Owner) => t.declined_by_owner += 1,
                (ExchangeStatus::Declined, Giver::Them) => t.declined_by_them += 1,
            }
        }
        t.balance = t.given - t.received;
        t
    }
}

/// Picks the ask a giving or declining settles: the oldest open ask with the same
/// giver and kind.
pub fn open_ask_to_settle(exchanges: &[Exchange], giver: Giver, kind: ExchangeKind) -> Option<&Exchange> {
    exchanges
        .iter()
        .filter(|x| x.status == ExchangeStatus::Asked && x.giver == giver && x.kind == kind)
        .min_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(bits: u64, kind: ExchangeKind, giver: Giver, status: ExchangeStatus, day: i64) -> Exchange {
        Exchange {
            id: ExchangeId::from_bits(bits),
            person: PersonId::from_bits(1),
            kind,
            weight: kind.default_weight(),
            giver,
            status,
            asked: status != ExchangeStatus::Given,
            opened_at: Timestamp::from_second(day * 86_400).unwrap(),
            closed_at: None,
            note: None,
        }
    }

    #[test]
    fn totals_add_weights_by_side() {
        use ExchangeKind::*;
        use ExchangeStatus::*;
        let ledger = [
            entry(1, Introduction, Giver::Owner, Given, 1),
            entry(2, Referral, Giver::Owner, Given, 2),
            entry(3, Advice, Giver::Them, Given, 3),
            entry(4, Favor, Giver::Owner, Asked, 4),
            entry(5, Help, Giver::Them, Declined, 5),
        ];
        let t = LedgerTotals::of(&ledger);
        assert_eq!((t.given, t.received, t.balance), (8.0, 1.0, 7.0));
        assert_eq!(
            (t.open_asks_from_them, t.open_asks_from_owner, t.declined_by_them),
            (1, 0, 1)
        );
    }

    #[test]
    fn the_oldest_matching_ask_is_settled_first() {
        use ExchangeKind::*;
        use ExchangeStatus::*;
        let ledger = [
            entry(1, Favor, Giver::Owner, Asked, 9),
            entry(2, Favor, Giver::Owner, Asked, 3),
            entry(3, Advice, Giver::Owner, Asked, 1),
            entry(4, Favor, Giver::Them, Asked, 1),
        ];
        assert_eq!(
            open_ask_to_settle(&ledger, Giver::Owner, Favor).unwrap().id,
            ExchangeId::from_bits(2)
        );
        assert!(open_ask_to_settle(&ledger, Giver::Them, Advice).is_none());
    }

    #[test]
    fn weights_must_be_sane() {
        let now = Timestamp::from_second(1_000_000).unwrap();
        let p = PersonId::from_bits(1);
        let bad = NewExchange::new(
            p.clone(),
            ExchangeKind::Help,
            Giver::Owner,
            ExchangeStatus::Given,
            Some(-1.0),
            now,
            now,
        );
        assert_eq!(bad.unwrap_err(), ValidationError::BadWeight(-1.0));
        let ok = NewExchange::new(
            p,
            ExchangeKind::Content,
            Giver::Owner,
            ExchangeStatus::Given,
            None,
            now,
            now,
        )
        .unwrap();
        assert_eq!(ok.weight, 0.5);
    }
}
