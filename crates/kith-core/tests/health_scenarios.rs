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
    metrics: Metrics,
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
            metrics,
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

/// `count` contacts, one every `every` days from `from` days ago on, alternating who starts.
fn burst(case: Case, from: f64, count: usize, every: f64) -> Case {
    (0..count).fold(case, |case, k| case.every(from - k as f64 * every, from - k as f64 * every - 0.5, 1.0))
}

#[test]
fn a_tie_busy_around_a_yearly_event_is_not_drifting_in_its_quiet_months() {
    // Four years of the same rhythm: 20 contacts in the four weeks from 178 to 150 days
    // before the date of every year, and one in mid-year. Now is five months after this
    // year's burst. The 365 days before a change point 129 days ago hold this year's
    // burst and one more contact, 21 in all, and the 129 days since hold none: with the
    // two spans 129 and 365 days long, nothing since has a chance of (365/494)^21, about
    // 0.2%, far below 10% even after paying for trying some fifteen change points. But the
    // same five months of every earlier year were as quiet (at most the one mid-year
    // contact), so this is the tie's rhythm, not a drift.
    let yearly = |years: std::ops::Range<u32>| {
        years.fold(Case::new(), |case, year| {
            let shift = 365.0 * f64::from(year);
            burst(case, 178.0 + shift, 20, 1.4).every(330.0 + shift, 329.0 + shift, 1.0)
        })
    };
    let verdict = yearly(0..4).verdict();
    let rate = &verdict.metrics.rate;
    assert!(rate.p_value.is_some_and(|p| p < 0.1), "the change point test alone sees a drop: {rate:?}");
    let season = rate.season.as_ref().expect("earlier years were observed");
    assert!(season.years >= 2 && season.per_year() <= 1.0, "{season:?}");
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", verdict.evidence);
    // When this year's burst does not come, that is a drift: the same months of the two
    // earlier years held 20 contacts each, and these hold none.
    let missed = yearly(1..4).every(330.0, 329.0, 1.0).verdict();
    assert!(missed.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", missed.metrics.rate);
    let season = missed.metrics.rate.season.as_ref().expect("earlier years were observed");
    assert!(season.per_year() >= 20.0, "{season:?}");
}

#[test]
fn a_tie_that_dipped_and_came_back_is_not_drifting_now() {
    // Every 15 days from 1,000 to 400 days ago, one contact in the lull until 150 days ago,
    // then every 15 days again. The lull alone is a drop (a change point 385 days ago sees
    // about 11 contacts in the 150 days after 400 where 25 would have been usual), but the
    // last 150 days hold 10 contacts, back at the usual two a month: the drift is over.
    let back = || Case::new().every(1_000.0, 400.0, 15.0).contact(300.0, Channel::Call, Direction::In);
    let verdict = back().every(150.0, 0.0, 15.0).verdict();
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", verdict.evidence);
    // Without the return, the same lull is a drift.
    let gone = back().verdict();
    assert!(gone.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", gone.diagnoses);
}

#[test]
fn a_drop_with_one_late_contact_is_found_at_its_change_point() {
    // Every 10 days from 700 to 200 days ago, then one contact 20 days ago. The silence
    // since the last contact is 20 days, too short to say anything, and a fixed 90- or
    // 180-day window would count the late contact against a baseline half after the drop.
    // The change point search finds the drop itself: the candidate nearest 200 days (186
    // or 223) holds 1 or 2 contacts where about 19 to 22 were usual.
    let verdict = Case::new().every(700.0, 200.0, 10.0).contact(20.0, Channel::Call, Direction::In).verdict();
    let rate = &verdict.metrics.rate;
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{rate:?}");
    assert!((160..=240).contains(&rate.window_days), "the change point is near 200 days: {rate:?}");
    assert!(rate.recent <= 2 && rate.expected > 15.0, "{rate:?}");
}

#[test]
fn the_owners_own_unanswered_outreach_does_not_make_a_tie_thriving() {
    // Alternating every 10 days for two years until 120 days ago (each of the owner's
    // contacts answered 10 days later), then only the owner writing, every 10 days, with
    // no answer. The count of contacts never falls, and 36 of the owner's 47 contacts whose
    // 14 days to answer are over were answered (77%, above the 60% a thriving tie needs),
    // but nothing came from them in the last 90 days: not thriving.
    let mut case = Case::new().every(840.0, 120.0, 10.0);
    for k in 0..12 {
        case = case.contact(115.0 - 10.0 * f64::from(k), Channel::Message, Direction::Out);
    }
    let verdict = case.verdict();
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Thriving), "{:?}", verdict.evidence);
    assert!(verdict.metrics.unanswered.count >= 11, "{:?}", verdict.metrics.unanswered);
}

#[test]
fn a_short_tie_that_faded_is_dormant() {
    // Five contacts over 60 days, the last 500 days ago, then nothing: no baseline to
    // drift from (five contacts spread over 60 days say nothing about 500), but plainly
    // gone quiet.
    let verdict = Case::new().every(560.0, 499.0, 15.0).verdict();
    assert_eq!(verdict.metrics.contacts, 5);
    assert!(verdict.diagnoses.contains(&DiagnosisKind::Dormant), "{:?}", verdict.diagnoses);
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Drifting), "{:?}", verdict.diagnoses);
}

#[test]
fn favors_returned_years_later_are_balanced() {
    // The owner made two introductions they asked for, 900 and 800 days ago; they made
    // two the owner asked for, 100 and 50 days ago. Weighed by age alone, the owner's
    // gifts (weight 3, halved every 365 days: about 0.55 and 0.67) would be dwarfed by
    // theirs (about 2.5 and 2.7), a balance near -0.6 with two asks from the owner: "one
    // sided giving". Matched first, each of their favors returns one of the owner's, and
    // nothing is left owed: a balance of 0.
    let verdict = Case::new()
        .every(1_000.0, 0.0, 20.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 900.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 800.0)
        .exchange(Giver::Them, ExchangeStatus::Given, true, 100.0)
        .exchange(Giver::Them, ExchangeStatus::Given, true, 50.0)
        .verdict();
    assert_eq!(verdict.metrics.reciprocity.balance, 0.0, "{:?}", verdict.metrics.reciprocity);
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::OneSidedGiving), "{:?}", verdict.diagnoses);
    // An old favor never returned still leans the balance, less with its age.
    let owed = Case::new()
        .every(1_000.0, 0.0, 20.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 900.0)
        .exchange(Giver::Owner, ExchangeStatus::Given, true, 800.0)
        .exchange(Giver::Them, ExchangeStatus::Given, true, 50.0)
        .verdict();
    assert!(owed.metrics.reciprocity.balance > 0.0, "{:?}", owed.metrics.reciprocity);
}

#[test]
fn an_outreach_left_unanswered_past_the_reply_window_is_not_thriving() {
    // Once a month for two years the owner writes and they answer two days later: one
    // conversation start every 30 days, every outreach answered. The last outreach is
    // alone at the end. Over the last 90 days the starts are those of days 62, 32 and the
    // last outreach (3 where 3 are usual), so the rate looks regular either way. Sent 10
    // days ago, it still has 4 of its 14 days to be answered: thriving. Sent 20 days ago,
    // its 14 days are over with no answer: the first sign of a fade, not thriving.
    let monthly = |last: f64| {
        let mut case = Case::new().tier(Tier::Close);
        for k in (1..24).rev() {
            let day = 30.0 * f64::from(k);
            case = case.contact(day + 2.0, Channel::Message, Direction::Out).contact(
                day,
                Channel::Message,
                Direction::In,
            );
        }
        case.contact(last, Channel::Message, Direction::Out)
    };
    let fresh = monthly(10.0).verdict();
    assert_eq!(fresh.diagnoses, [DiagnosisKind::Thriving], "{:?}", fresh.evidence);
    let stale = monthly(20.0).verdict();
    assert!(!stale.diagnoses.contains(&DiagnosisKind::Thriving), "{:?}", stale.evidence);
    assert!(stale.metrics.rate.regular, "the rate alone would allow it: {:?}", stale.metrics.rate);
}

#[test]
fn someone_the_owner_never_answers_is_not_thriving() {
    // Seen in a real Enron mailbox: two colleagues wrote every few weeks and the owner
    // never wrote back; both were called thriving. Every 9 days for 400 days a message
    // from them, none from the owner: regular, balanced ledger, no outreach unanswered,
    // but the owner takes no part.
    let mut case = Case::new().tier(Tier::Close);
    let mut day = 400.0;
    while day > 0.0 {
        case = case.contact(day, Channel::Message, Direction::In);
        day -= 9.0;
    }
    let verdict = case.verdict();
    assert!(!verdict.diagnoses.contains(&DiagnosisKind::Thriving), "{:?}", verdict.evidence);
}
