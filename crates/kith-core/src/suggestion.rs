//! Favors found in mail: what a sentence of a personal message says was asked, offered,
//! done or thanked for, kept as a suggestion until the owner accepts it into the ledger
//! or rejects it.

use crate::names::named_enum;
use crate::speech::Act;
use crate::{
    Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, NewExchange, PersonId, SuggestionId,
    ValidationError,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

named_enum!(
    /// Where a suggestion stands.
    SuggestionState, "suggestion state" {
        /// Waiting for the owner.
        Open = "open",
        /// In the ledger.
        Accepted = "accepted",
        /// Turned down; it never comes back.
        Rejected = "rejected",
    }
);

/// A favor one sentence of a message speaks of, as reading the message found it, before
/// it is known whom the message is with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoundFavor {
    /// The sentence's place among the message's sentences, from 0.
    pub sentence: u32,
    /// What the sentence does (never [`Act::None`]).
    pub act: Act,
    /// What kind of help.
    pub kind: ExchangeKind,
    /// Whom an introduction was to, and the like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How sure the classifier is, from 0 to 1.
    pub confidence: f64,
    /// The sentence itself, unless the owner asked kith to keep none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// The message a suggestion was found in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceMessage {
    /// Its key (the Message-ID).
    pub key: String,
    /// Its subject.
    pub subject: Option<String>,
    /// When it was written.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Its conversation.
    pub thread: String,
}

/// A favor found in a message with one person, waiting for the owner's word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// Its id.
    pub id: SuggestionId,
    /// Whom the message was with.
    pub person: PersonId,
    /// What the sentence does.
    pub act: Act,
    /// What kind of help.
    pub kind: ExchangeKind,
    /// Who gives, or is asked or promised to.
    pub giver: Giver,
    /// How sure the classifier is, from 0 to 1.
    pub confidence: f64,
    /// The sentence, unless kept none.
    pub evidence: Option<String>,
    /// Whom an introduction was to, and the like.
    pub note: Option<String>,
    /// Where it was found.
    pub message: SourceMessage,
    /// The sentence's place in the message.
    pub sentence: u32,
    /// Open, accepted or rejected.
    pub state: SuggestionState,
    /// The ledger entry it became, once accepted.
    pub exchange: Option<ExchangeId>,
}

/// Who gives in what `act` speaks of, depending on whether the owner wrote the sentence:
/// the writer gives what they offer or do; the reader gives what is asked of them or
/// thanked for. `None` for a sentence that speaks of no favor.
pub fn giver_of(act: Act, owner_wrote: bool) -> Option<Giver> {
    let writer_gives = match act {
        Act::Offer | Act::Delivery => true,
        Act::Request | Act::Thanks => false,
        Act::None => return None,
    };
    Some(if writer_gives == owner_wrote { Giver::Owner } else { Giver::Them })
}

impl Suggestion {
    /// Whether it speaks of a favor done (a delivery or thanks) rather than one to come.
    pub fn is_done(&self) -> bool {
        matches!(self.act, Act::Delivery | Act::Thanks)
    }

    /// The ledger entry it becomes: a request or an offer stays open until given (an
    /// offer is not an ask: it counts as the writer's promise, not as the reader asking),
    /// a delivery or thanks is given; the kind's default weight.
    pub fn entry(&self, kind: ExchangeKind) -> NewExchange {
        NewExchange {
            person: self.person.clone(),
            kind,
            weight: kind.default_weight(),
            giver: self.giver,
            status: if self.is_done() { ExchangeStatus::Given } else { ExchangeStatus::Asked },
            at: self.message.at,
            note: self.note.clone(),
            offered: self.act == Act::Offer,
        }
    }
}

/// For each delivery or thanks, the request or offer it answers: the latest one before it
/// in the same conversation, with the same person and the same giver, not rejected.
pub fn answers(suggestions: &[Suggestion]) -> HashMap<&SuggestionId, &Suggestion> {
    let mut asks: HashMap<(&str, &PersonId, Giver), Vec<&Suggestion>> = HashMap::new();
    for s in suggestions.iter().filter(|s| !s.is_done() && s.state != SuggestionState::Rejected) {
        asks.entry((s.message.thread.as_str(), &s.person, s.giver)).or_default().push(s);
    }
    let mut found = HashMap::new();
    for done in suggestions.iter().filter(|s| s.is_done()) {
        let Some(candidates) = asks.get(&(done.message.thread.as_str(), &done.person, done.giver)) else {
            continue;
        };
        let before = candidates
            .iter()
            .filter(|ask| ask.message.at < done.message.at)
            .max_by_key(|ask| (ask.message.at, ask.sentence));
        if let Some(ask) = before {
            found.insert(&done.id, *ask);
        }
    }
    found
}

/// One step of accepting suggestions, in the order the ledger is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Acceptance {
    /// The suggestion accepted.
    pub suggestion: SuggestionId,
    /// The request or offer it answers, accepted in an earlier step or before: its entry
    /// is settled as given rather than a new entry added.
    pub answers: Option<SuggestionId>,
    /// The entry it becomes (the kind of the ask it answers, if any).
    pub entry: NewExchange,
}

/// What one step of accepting writes to the ledger.
#[derive(Clone, Debug, PartialEq)]
pub enum LedgerWrite {
    /// The open entry of the ask it answers, settled as given: write it back.
    Settle(Exchange),
    /// The entry of the ask it answers, already given: nothing new is written.
    Already(Exchange),
    /// A giving, which fulfils an open ask of its kind if there is one (see
    /// [`crate::plan_giving`]), else is a new entry.
    Give(NewExchange),
    /// A new open entry: the ask or the offer itself.
    Record(NewExchange),
}

impl Acceptance {
    /// What this step writes, given the entry of the ask it answers as it stands now (if
    /// that ask was accepted). A settled ask takes the note the answer names ("to Priya
    /// Raman"), which says more than the ask's.
    pub fn write(&self, ask_entry: Option<&Exchange>) -> Result<LedgerWrite, ValidationError> {
        Ok(match ask_entry {
            Some(open) if open.status == ExchangeStatus::Asked => {
                let at = self.entry.at.max(open.opened_at);
                LedgerWrite::Settle(open.settle(
                    ExchangeStatus::Given,
                    at,
                    None,
                    self.entry.note.as_deref(),
                )?)
            }
            Some(given) if given.status == ExchangeStatus::Given => LedgerWrite::Already(given.clone()),
            _ if self.entry.status == ExchangeStatus::Given => LedgerWrite::Give(self.entry.clone()),
            _ => LedgerWrite::Record(self.entry.clone()),
        })
    }
}

/// The open suggestions at least `min` confident, as `kith ledger accept --min-confidence`
/// takes them.
pub fn confident(suggestions: &[Suggestion], min: f64) -> Vec<SuggestionId> {
    suggestions
        .iter()
        .filter(|s| s.state == SuggestionState::Open && s.confidence >= min)
        .map(|s| s.id.clone())
        .collect()
}

/// The steps that accept `chosen` among `all` (one person's suggestions, or everyone's):
/// a delivery or thanks accepted brings the open request or offer it answers along, so
/// the ask is recorded and settled as given; oldest first, so that an ask is in the
/// ledger before what answers it. Suggestions already accepted or rejected are skipped.
pub fn plan_acceptance(all: &[Suggestion], chosen: &HashSet<&SuggestionId>) -> Vec<Acceptance> {
    let answered = answers(all);
    let mut taken: HashSet<&SuggestionId> = HashSet::new();
    for s in all.iter().filter(|s| chosen.contains(&s.id) && s.state == SuggestionState::Open) {
        taken.insert(&s.id);
        if let Some(ask) = answered.get(&s.id).filter(|ask| ask.state == SuggestionState::Open) {
            taken.insert(&ask.id);
        }
    }
    let mut steps: Vec<&Suggestion> = all.iter().filter(|s| taken.contains(&s.id)).collect();
    steps.sort_by(|a, b| (a.message.at, a.sentence, &a.id).cmp(&(b.message.at, b.sentence, &b.id)));
    steps
        .into_iter()
        .map(|s| {
            let ask = answered.get(&s.id);
            Acceptance {
                suggestion: s.id.clone(),
                answers: ask.map(|ask| ask.id.clone()),
                entry: s.entry(ask.map_or(s.kind, |ask| ask.kind)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + n * 86_400).unwrap()
    }

    fn found(n: u64, act: Act, kind: ExchangeKind, giver: Giver, thread: &str, at: i64) -> Suggestion {
        Suggestion {
            id: SuggestionId::from_bits(n),
            person: PersonId::from_bits(1),
            act,
            kind,
            giver,
            confidence: 0.9,
            evidence: None,
            note: None,
            message: SourceMessage {
                key: format!("m{n}"),
                subject: None,
                at: day(at),
                thread: thread.into(),
            },
            sentence: 0,
            state: SuggestionState::Open,
            exchange: None,
        }
    }

    #[test]
    fn the_writer_gives_what_they_offer_or_do_the_reader_what_is_asked_or_thanked_for() {
        assert_eq!(giver_of(Act::Request, false), Some(Giver::Owner), "they ask the owner");
        assert_eq!(giver_of(Act::Request, true), Some(Giver::Them), "the owner asks them");
        assert_eq!(giver_of(Act::Thanks, false), Some(Giver::Owner), "they thank the owner");
        assert_eq!(giver_of(Act::Delivery, false), Some(Giver::Them), "they do it");
        assert_eq!(giver_of(Act::Offer, true), Some(Giver::Owner), "the owner offers");
        assert_eq!(giver_of(Act::None, true), None);
    }

    #[test]
    fn thanks_in_the_thread_answers_the_ask_and_takes_its_kind() {
        let ask = found(1, Act::Request, ExchangeKind::Introduction, Giver::Owner, "t", 0);
        let elsewhere = found(2, Act::Request, ExchangeKind::Advice, Giver::Owner, "u", 1);
        let thanks = found(3, Act::Thanks, ExchangeKind::Favor, Giver::Owner, "t", 5);
        let all = [ask.clone(), elsewhere, thanks.clone()];
        let answered = answers(&all);
        assert_eq!(answered.get(&thanks.id).map(|s| &s.id), Some(&ask.id));

        let plan = plan_acceptance(&all, &HashSet::from([&thanks.id]));
        assert_eq!(plan.len(), 2, "the open ask comes along: {plan:?}");
        assert_eq!(plan[0].suggestion, ask.id);
        assert_eq!(plan[0].entry.status, ExchangeStatus::Asked);
        assert_eq!(plan[1].answers, Some(ask.id.clone()));
        assert_eq!(plan[1].entry.kind, ExchangeKind::Introduction);
        assert_eq!(plan[1].entry.status, ExchangeStatus::Given);
    }

    #[test]
    fn an_answer_settles_the_open_ask_once() {
        let ask = found(1, Act::Request, ExchangeKind::Introduction, Giver::Owner, "t", 0);
        let mut thanks = found(2, Act::Thanks, ExchangeKind::Favor, Giver::Owner, "t", 4);
        thanks.note = Some("to Priya".into());
        let all = [ask.clone(), thanks.clone()];
        let plan = plan_acceptance(&all, &HashSet::from([&thanks.id]));
        let open = plan[0].entry.with_id(ExchangeId::from_bits(5));
        let LedgerWrite::Settle(given) = plan[1].write(Some(&open)).unwrap() else { panic!("{plan:?}") };
        assert_eq!(
            (given.id.clone(), given.status, given.closed_at),
            (open.id.clone(), ExchangeStatus::Given, Some(day(4)))
        );
        assert_eq!(given.note.as_deref(), Some("to Priya"));
        assert_eq!(
            plan[1].write(Some(&given)).unwrap(),
            LedgerWrite::Already(given.clone()),
            "given once only"
        );
        assert!(matches!(plan[1].write(None).unwrap(), LedgerWrite::Give(_)));
        assert!(matches!(plan[0].write(None).unwrap(), LedgerWrite::Record(_)));
    }

    #[test]
    fn confident_takes_open_suggestions_at_the_floor_and_above() {
        let mut low = found(1, Act::Request, ExchangeKind::Help, Giver::Owner, "t", 0);
        low.confidence = 0.6;
        let mut done = found(2, Act::Request, ExchangeKind::Help, Giver::Owner, "t", 1);
        done.state = SuggestionState::Accepted;
        let high = found(3, Act::Request, ExchangeKind::Help, Giver::Owner, "t", 2);
        assert_eq!(confident(&[low, done, high.clone()], 0.9), [high.id]);
    }

    #[test]
    fn a_rejected_ask_is_answered_by_nothing_and_an_offer_is_no_ask() {
        let mut ask = found(1, Act::Request, ExchangeKind::Advice, Giver::Owner, "t", 0);
        ask.state = SuggestionState::Rejected;
        let thanks = found(2, Act::Thanks, ExchangeKind::Advice, Giver::Owner, "t", 3);
        let all = [ask, thanks.clone()];
        let plan = plan_acceptance(&all, &HashSet::from([&thanks.id]));
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].answers, None);

        let offer = found(3, Act::Offer, ExchangeKind::Help, Giver::Them, "v", 0);
        let entry = offer.entry(offer.kind).with_id(crate::ExchangeId::from_bits(9));
        assert_eq!(entry.status, ExchangeStatus::Asked);
        assert!(!entry.asked, "an offer is open but nobody asked");
    }
}
