//! The situations kith is built for, one small history each, with the diagnoses and the
//! first move a user should see.

use jiff::{SignedDuration, Timestamp};
use kith_core::health::{
    Cadence, Contact, DiagnosisKind, Fact, HealthSettings, History, LedgerEntry, Metrics, Move, OwnerChange,
    OwnerFact, PersonFact, Situation, Step, diagnose, plan,
};
use kith_core::{
    Channel, Direction, Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, Interaction,
    InteractionId, NewPerson, Person, PersonId, Tier,
};

fn now() -> Timestamp {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

fn days_ago(days: f64) -> Timestamp {
    now().checked_sub(SignedDuration::from_secs_f64(days * 86_400.0)).unwrap()
}

fn person() -> Person {
    NewPerson::named("Sam Rivera").unwrap().with_id(PersonId::from_bits(7), days_ago(1_500.0))
}

/// One relationship and what the user recorded about it.
struct Case {
    person: Person,
    interactions: Vec<Interaction>,
    exchanges: Vec<Exchange>,
    tier: Tier,
    facts: Vec<PersonFact>,
    owner: Vec<OwnerFact>,
}

/// What kith makes of a case.
struct Verdict {
    diagnoses: Vec<DiagnosisKind>,
    evidence: Vec<String>,
    plan: Vec<Step>,
}

impl Verdict {
    fn first_move(&self) -> Move {
        self.plan.first().map(|s| s.action).expect("a plan with a first move")
    }
}

impl Case {
    fn new() -> Self {
        Self {
            person: person(),
            interactions: vec![],
            exchanges: vec![],
            tier: Tier::Active,
            facts: vec![],
            owner: vec![],
        }
    }

    /// A contact every `every` days from `from` to `to` days ago, alternating who starts.
    fn every(mut self, from: f64, to: f64, every: f64) -> Self {
        let mut day = from;
        while day > to {
            let direction =
                if self.interactions.len().is_multiple_of(2) { Direction::Out } else { Direction::In };
            self = self.contact(day, Channel::Message, direction);
            day -= every;
        }
        self
    }

    fn contact(mut self, days: f64, channel: Channel, direction: Direction) -> Self {
        let n = self.interactions.len() as u64;
        self.interactions.push(Interaction {
            id: InteractionId::from_bits(n),
            at: days_ago(days),
            channel,
            direction,
            participants: vec![self.person.id.clone()],
            subject: None,
            thread_key: (channel == Channel::Email).then(|| format!("t{n}")),
            source_key: None,
            note: None,
            message: (channel == Channel::Email).then(|| format!("m{n}")),
            replies_to: None,
        });
        self
    }

    fn exchange(mut self, giver: Giver, status: ExchangeStatus, asked: bool, days: f64) -> Self {
        self.exchanges.push(Exchange {
            id: ExchangeId::from_bits(self.exchanges.len() as u64),
            person: self.person.id.clone(),
            kind: ExchangeKind::Introduction,
            weight: 3.0,
            giver,
            status,
            asked,
            opened_at: days_ago(days),
            closed_at: (status != ExchangeStatus::Asked).then(|| days_ago(days - 2.0)),
            note: None,
        });
        self
    }

    fn fact(mut self, fact: Fact, days: f64) -> Self {
        self.facts.push(PersonFact { person: self.person.id.clone(), fact, at: days_ago(days), note: None });
        self
    }

    fn owner(mut self, change: OwnerChange, days: f64) -> Self {
        self.owner.push(OwnerFact { change, since: days_ago(days) });
        self
    }

    fn tier(mut self, tier: Tier) -> Self {
        self.tier = tier;
        self
    }

    fn verdict(&mut self) -> Verdict {
        let mut contacts: Vec<Contact> = self.interactions.iter().map(Contact::of).collect();
        contacts.sort_by_key(|c| c.at);
        let exchanges: Vec<LedgerEntry> = self.exchanges.iter().map(LedgerEntry::of).collect();
        let history = History { person: &self.person, contacts: &contacts, exchanges: &exchanges };
        let settings = HealthSettings::default();
        let metrics = Metrics::of(&history, &settings, now());
        let situation = Situation {
            tier: self.tier,
            cadence: Cadence::of(&self.person, self.tier, &metrics),
            facts: &self.facts,
            owner: &self.owner,
            mutes: &[],
        };
        let diagnoses = diagnose(&history, &metrics, &situation, &settings, now());
        let plan = plan(&history, &metrics, &diagnoses, &situation, now());
        Verdict {
            diagnoses: diagnoses.iter().map(|d| d.kind).collect(),
            evidence: diagnoses.into_iter().map(|d| d.evidence).collect(),
            plan,
        }
    }
}

#[test]
fn a_contact_who_only_asks_is_first_asked_for_a_favor_then_talked_to() {
    let mut case = Case::new()
        .every(400.0, 0.0, 20.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 200.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 120.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 60.0)
        .exchange(Giver::Owner, ExchangeStatus::Asked, true, 10.0);
    let verdict = case.verdict();
    assert!(verdict.diagnoses.contains(&DiagnosisKind::OneSidedTaking), "{:?}", verdict.diagnoses);
    assert!(
        verdict.evidence.iter().any(|e| e.contains("they asked 4 times and gave back nothing")),
        "{:?}",
        verdict.evidence
    );
    assert_eq!(verdict.first_move(), Move::AskFavor);

    let mut tested = case.exchange(Giver::Them, ExchangeStatus::Asked, true, 45.0);
    let verdict = tested.verdict();
    assert_eq!(verdict.first_move(), Move::ReciprocityTalk);
    let tried = verdict.plan[0].tried.as_deref().unwrap();
    assert!(tried.contains("still not given after 45 days"), "{tried}");
}

#[test]
fn a_partner_drifting_during_a_strategy_change_is_flagged_early() {
    // Three times a month for a year, then 3 contacts in the last 90 days where 9 were usual:
    // unusual, but not unusual enough on its own.
    let quieter = || Case::new().tier(Tier::Close).every(455.0, 90.0, 10.0).every(85.0, 0.0, 30.0);
    let calm = quieter().verdict();
    assert!(!calm.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", calm.diagnoses);

    let mut changing = quieter().owner(OwnerChange::StrategyChange, 120.0);
    let verdict = changing.verdict();
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", verdict.diagnoses);
    assert!(verdict.evidence.iter().any(|e| e.contains("strategy change")), "{:?}", verdict.evidence);
    assert_eq!(verdict.first_move(), Move::Reconnect);
}

#[test]
fn three_emails_and_a_call_without_reply_pause_the_outreach() {
    let mut case = Case::new()
        .every(300.0, 70.0, 15.0)
        .contact(60.0, Channel::Email, Direction::Out)
        .contact(45.0, Channel::Email, Direction::Out)
        .contact(30.0, Channel::Call, Direction::Out)
        .contact(20.0, Channel::Email, Direction::Out);
    let verdict = case.verdict();
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Unresponsive), "{:?}", verdict.diagnoses);
    assert!(verdict.evidence.iter().any(|e| e.contains("4 times") && e.contains("3 emails and a call")));
    assert_eq!(verdict.first_move(), Move::PauseOutreach);
}

#[test]
fn a_contact_in_the_industry_the_owner_left_is_reduced() {
    let mut case = Case::new().every(400.0, 0.0, 25.0).owner(OwnerChange::ChangingIndustry, 60.0);
    case.person.industry = Some("insurance".into());
    let verdict = case.verdict();
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Misaligned));
    assert_eq!(verdict.first_move(), Move::Reduce);
    assert!(verdict.plan[0].reason.contains("tell them where you are heading"));
}

#[test]
fn a_retiring_owner_mentors_rather_than_ends() {
    let mut case = Case::new().every(400.0, 0.0, 25.0).owner(OwnerChange::Retiring, 30.0);
    assert_eq!(case.verdict().first_move(), Move::Mentor);
}

#[test]
fn a_values_conflict_leads_to_distance() {
    let mut case = Case::new().every(400.0, 0.0, 25.0).fact(Fact::ValuesConflict, 14.0);
    let verdict = case.verdict();
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Strained));
    assert_eq!(verdict.first_move(), Move::Distance);
}

#[test]
fn a_hostile_contact_is_walked_away_from_and_nothing_else() {
    let mut case = Case::new().every(400.0, 0.0, 25.0).fact(Fact::Hostile, 3.0);
    let verdict = case.verdict();
    assert_eq!(verdict.diagnoses.first(), Some(&DiagnosisKind::Strained));
    assert_eq!(verdict.plan.iter().map(|s| s.action).collect::<Vec<_>>(), [Move::WalkAway]);
}

#[test]
fn a_rare_but_steady_yearly_contact_is_not_drifting() {
    let mut case = Case::new().tier(Tier::Network).every(1_400.0, 0.0, 365.0);
    let verdict = case.verdict();
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", verdict.diagnoses);
}

#[test]
fn a_regular_balanced_tie_is_thriving_with_nothing_to_do() {
    let mut case = Case::new()
        .tier(Tier::Close)
        .every(400.0, 0.0, 9.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, false, 100.0)
        .exchange(Giver::Them, ExchangeStatus::Given, false, 50.0);
    let verdict = case.verdict();
    assert_eq!(verdict.diagnoses, [DiagnosisKind::Thriving]);
    assert!(verdict.plan.is_empty());
}

#[test]
fn a_contact_who_retired_is_not_chased_for_contact_falling_off() {
    let quiet = || Case::new().tier(Tier::Close).every(455.0, 120.0, 10.0);
    let without = quiet().verdict();
    assert!(without.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", without.diagnoses);
    assert!(without.diagnoses.contains(&DiagnosisKind::Overdue), "{:?}", without.diagnoses);
    let retired = quiet().fact(Fact::Retired, 100.0).verdict();
    assert!(
        !retired.diagnoses.iter().any(|d| matches!(d, DiagnosisKind::Drifting | DiagnosisKind::Overdue)),
        "{:?}",
        retired.diagnoses
    );
}
