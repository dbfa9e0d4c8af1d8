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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opened_at: Timestamp,
    /// When it was given or declined; `None` while open.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
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
    /// An open entry the giver offered rather than was asked for: it counts as their
    /// promise, not as an ask.
    pub offered: bool,
}

impl Exchange {
    /// When it was given or declined; while open, when it was opened.
    pub fn settled_at(&self) -> Timestamp {
        self.closed_at.unwrap_or(self.opened_at)
    }
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
        Ok(Self { person, kind, weight, giver, status, at, note: None, offered: false })
    }
}

/// The undecayed totals of one person's ledger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl NewExchange {
    /// The ledger entry this draft becomes under `id`: an ask stays open; help given,
    /// or an ask declined on the spot, is closed when it happens.
    pub fn with_id(&self, id: ExchangeId) -> Exchange {
        Exchange {
            id,
            person: self.person.clone(),
            kind: self.kind,
            weight: self.weight,
            giver: self.giver,
            status: self.status,
            asked: self.status != ExchangeStatus::Given && !self.offered,
            opened_at: self.at,
            closed_at: (self.status != ExchangeStatus::Asked).then_some(self.at),
            note: self.note.clone(),
        }
    }
}

impl Exchange {
    /// This open ask closed as given or declined at `at`. A giving may bring its own
    /// weight, and a note that replaces the ask's.
    pub fn settle(
        &self,
        status: ExchangeStatus,
        at: Timestamp,
        weight: Option<f64>,
        note: Option<&str>,
    ) -> Result<Exchange, ValidationError> {
        if self.status != ExchangeStatus::Asked || status == ExchangeStatus::Asked {
            return Err(ValidationError::NotOpen(self.status.to_string()));
        }
        crate::when::not_before(at, self.opened_at, "settling an ask")?;
        Ok(Exchange {
            status,
            closed_at: Some(at),
            weight: weight.unwrap_or(self.weight),
            note: note.map(str::to_owned).or_else(|| self.note.clone()),
            ..self.clone()
        })
    }
}

/// The ask a giving or declining settles: the oldest open ask with the same giver and
/// kind that was already open at `at`.
pub fn open_ask_to_settle(
    exchanges: &[Exchange],
    giver: Giver,
    kind: ExchangeKind,
    at: Timestamp,
) -> Option<&Exchange> {
    exchanges
        .iter()
        .filter(|x| x.status == ExchangeStatus::Asked && x.giver == giver && x.kind == kind)
        .filter(|x| x.opened_at <= at)
        .min_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)))
}

/// What recording a giving does to a person's ledger.
#[derive(Clone, Debug, PartialEq)]
pub enum Giving {
    /// It fulfils an open ask, which becomes this given entry.
    Fulfils(Exchange),
    /// Nothing was asked: it is a new entry.
    Unasked,
}

/// Decides whether a giving (a [`NewExchange`] with status `Given`) fulfils an open ask
/// in `existing` (the person's ledger) or stands alone.
pub fn plan_giving(existing: &[Exchange], giving: &NewExchange) -> Result<Giving, ValidationError> {
    match open_ask_to_settle(existing, giving.giver, giving.kind, giving.at) {
        Some(ask) => Ok(Giving::Fulfils(ask.settle(
            ExchangeStatus::Given,
            giving.at,
            Some(giving.weight),
            giving.note.as_deref(),
        )?)),
        None => Ok(Giving::Unasked),
    }
}

/// The open ask a decline at `at` closes, already closed; `None` if there is none.
/// A decline cannot be dated after `now`.
pub fn plan_decline(
    existing: &[Exchange],
    giver: Giver,
    kind: ExchangeKind,
    at: Timestamp,
    now: Timestamp,
) -> Result<Option<Exchange>, ValidationError> {
    crate::when::not_after(at, now, "declining an ask")?;
    open_ask_to_settle(existing, giver, kind, at)
        .map(|ask| ask.settle(ExchangeStatus::Declined, at, None, None))
        .transpose()
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
        assert_eq!((t.open_asks_from_them, t.open_asks_from_owner, t.declined_by_them), (1, 0, 1));
    }

    fn day(n: i64) -> Timestamp {
        Timestamp::from_second(n * 86_400).unwrap()
    }

    #[test]
    fn the_oldest_matching_ask_open_by_then_is_settled_first() {
        use ExchangeKind::*;
        use ExchangeStatus::*;
        let ledger = [
            entry(1, Favor, Giver::Owner, Asked, 9),
            entry(2, Favor, Giver::Owner, Asked, 3),
            entry(3, Advice, Giver::Owner, Asked, 1),
            entry(4, Favor, Giver::Them, Asked, 1),
        ];
        let settled =
            |giver, kind, at| open_ask_to_settle(&ledger, giver, kind, day(at)).map(|x| x.id.clone());
        assert_eq!(settled(Giver::Owner, Favor, 10), Some(ExchangeId::from_bits(2)));
        assert_eq!(settled(Giver::Owner, Favor, 2), None, "no ask was open yet on day 2");
        assert_eq!(settled(Giver::Them, Advice, 10), None);
    }

    #[test]
    fn a_giving_fulfils_an_ask_with_its_own_weight_and_note() {
        use ExchangeKind::*;
        let mut ask = entry(1, Introduction, Giver::Owner, ExchangeStatus::Asked, 3);
        ask.note = Some("to a data lead".into());
        let mut giving = NewExchange::new(
            PersonId::from_bits(1),
            Introduction,
            Giver::Owner,
            ExchangeStatus::Given,
            Some(10.0),
            day(5),
            day(6),
        )
        .unwrap();
        giving.note = Some("to Bob".into());
        let Giving::Fulfils(done) = plan_giving(std::slice::from_ref(&ask), &giving).unwrap() else {
            panic!("the ask should be fulfilled");
        };
        assert_eq!(done.id, ask.id);
        assert_eq!(
            (done.status, done.weight, done.note.as_deref()),
            (ExchangeStatus::Given, 10.0, Some("to Bob"))
        );
        assert_eq!((done.opened_at, done.closed_at), (day(3), Some(day(5))));
        giving.at = day(2);
        assert_eq!(
            plan_giving(&[ask], &giving).unwrap(),
            Giving::Unasked,
            "a giving before the ask stands alone"
        );
    }

    #[test]
    fn only_open_asks_settle() {
        let given = entry(1, ExchangeKind::Help, Giver::Owner, ExchangeStatus::Given, 1);
        let err = given.settle(ExchangeStatus::Declined, day(2), None, None).unwrap_err();
        assert_eq!(err, ValidationError::NotOpen("given".into()));
        let ask = entry(2, ExchangeKind::Help, Giver::Them, ExchangeStatus::Asked, 4);
        assert!(ask.settle(ExchangeStatus::Given, day(3), None, None).is_err(), "closed before it opened");
        let future =
            plan_decline(std::slice::from_ref(&ask), Giver::Them, ExchangeKind::Help, day(9), day(8));
        assert!(matches!(future, Err(ValidationError::FutureDate { .. })));
        let declined =
            plan_decline(&[ask], Giver::Them, ExchangeKind::Help, day(5), day(8)).unwrap().unwrap();
        assert_eq!((declined.status, declined.closed_at), (ExchangeStatus::Declined, Some(day(5))));
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
        let ok =
            NewExchange::new(p, ExchangeKind::Content, Giver::Owner, ExchangeStatus::Given, None, now, now)
                .unwrap();
        assert_eq!(ok.weight, 0.5);
    }
}
