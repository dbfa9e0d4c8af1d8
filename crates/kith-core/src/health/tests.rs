use super::*;
use crate::{
    Channel, Direction, Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, Interaction,
    InteractionId, NewPerson, PersonId, Tier,
};

fn now() -> Timestamp {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

fn days_ago(days: f64) -> Timestamp {
    now().checked_sub(SignedDuration::from_secs_f64(days * 86_400.0)).unwrap()
}

fn contact(n: u64, days: f64, channel: Channel, direction: Direction) -> Interaction {
    Interaction {
        id: InteractionId::from_bits(n),
        at: days_ago(days),
        channel,
        direction,
        participants: vec![PersonId::from_bits(1)],
        subject: None,
        thread_key: None,
        source_key: None,
        note: None,
        message: None,
        replies_to: None,
    }
}

/// An email in thread `thread`; `answers` is the message it replies to.
fn mail(n: u64, days: f64, direction: Direction, thread: u64, answers: Option<u64>) -> Interaction {
    Interaction {
        thread_key: Some(format!("t{thread}")),
        message: Some(format!("m{n}")),
        replies_to: answers.map(|a| format!("m{a}")),
        ..contact(n, days, Channel::Email, direction)
    }
}

fn person() -> Person {
    NewPerson::named("Ada Lovelace").unwrap().with_id(PersonId::from_bits(1), days_ago(2_000.0))
}

fn metrics(interactions: &[Interaction], exchanges: &[Exchange]) -> Metrics {
    let person = person();
    let mut contacts: Vec<Contact> = interactions.iter().map(Contact::of).collect();
    contacts.sort_by_key(|c| c.at);
    let exchanges: Vec<LedgerEntry> = exchanges.iter().map(LedgerEntry::of).collect();
    Metrics::of(
        &History { person: &person, contacts: &contacts, exchanges: &exchanges },
        &HealthSettings::default(),
        now(),
    )
}

/// Contacts every `every` days from `from` days ago to `to` days ago.
fn regular(from: f64, to: f64, every: f64) -> Vec<Interaction> {
    let mut out = Vec::new();
    let mut day = from;
    while day > to {
        let direction = if out.len() % 2 == 0 { Direction::Out } else { Direction::In };
        out.push(contact(out.len() as u64, day, Channel::Message, direction));
        day -= every;
    }
    out
}

fn gift(n: u64, giver: Giver, status: ExchangeStatus, asked: bool, days: f64) -> Exchange {
    Exchange {
        id: ExchangeId::from_bits(n),
        person: PersonId::from_bits(1),
        kind: ExchangeKind::Help,
        weight: 2.0,
        giver,
        status,
        asked,
        opened_at: days_ago(days),
        closed_at: (status != ExchangeStatus::Asked).then(|| days_ago(days)),
        note: None,
    }
}

#[test]
fn binomial_tail_matches_known_values() {
    assert!((binomial_at_most(0, 10, 0.5) - 0.5f64.powi(10)).abs() < 1e-12);
    assert!((binomial_at_most(2, 10, 0.3) - 0.382_782_8).abs() < 1e-6);
    assert_eq!(binomial_at_most(10, 10, 0.3), 1.0);
    assert_eq!(binomial_at_most(3, 10, 0.0), 1.0);
    let long = binomial_at_most(5_000, 10_000, 0.5);
    assert!((0.5..0.51).contains(&long), "no underflow on long series: {long}");
}

#[test]
fn a_tie_that_went_quiet_is_drifting() {
    // Twice a month for a year, then nothing for the last 90 days.
    let rate = metrics(&regular(455.0, 91.0, 15.0), &[]).rate;
    assert_eq!(rate.recent, 0);
    assert!(rate.baseline >= 20);
    assert!(rate.expected > 5.0);
    assert!(rate.drifting, "{rate:?}");
}

#[test]
fn rare_new_and_steady_ties_are_not_drifting() {
    let yearly = metrics(&regular(1_000.0, 91.0, 365.0), &[]).rate;
    assert!(!yearly.drifting && yearly.p_value.is_none(), "a yearly contact has no meaningful baseline");
    let new = metrics(&regular(60.0, 0.0, 5.0), &[]).rate;
    assert!(!new.drifting, "someone met 60 days ago has no baseline yet");
    let steady = metrics(&regular(455.0, 0.0, 15.0), &[]).rate;
    assert!(!steady.drifting && steady.p_value.unwrap() > 0.3, "{steady:?}");
}

#[test]
fn a_slowdown_within_noise_is_not_drifting() {
    // Monthly for a year, then one contact in the last 90 days instead of three.
    let mut log = regular(455.0, 91.0, 30.0);
    log.push(contact(99, 40.0, Channel::Call, Direction::Out));
    let rate = metrics(&log, &[]).rate;
    assert_eq!(rate.recent, 1);
    assert!(!rate.drifting, "{rate:?}");
}

#[test]
fn replies_are_matched_in_their_thread() {
    let log = [
        mail(1, 100.0, Direction::Out, 1, None),
        mail(2, 98.0, Direction::In, 1, Some(1)), // answered in 2 days
        mail(3, 80.0, Direction::Out, 2, None),
        mail(4, 79.0, Direction::In, 9, None), // another thread: not an answer
        mail(5, 60.0, Direction::Out, 3, None),
        mail(6, 56.0, Direction::In, 3, None), // same thread without In-Reply-To: 4 days
        mail(7, 5.0, Direction::Out, 4, None), // still inside its window
    ];
    let theirs = metrics(&log, &[]).theirs;
    assert_eq!((theirs.expected, theirs.answered, theirs.pending), (3, 2, 1));
    assert_eq!(theirs.median_latency_days, Some(3.0));
    assert!((theirs.reply_rate().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let owners = metrics(&log, &[]).owners;
    assert_eq!((owners.expected, owners.answered), (1, 0), "their thread 9 went unanswered");
}

#[test]
fn a_call_answers_an_email_and_late_answers_do_not_count() {
    let log = [
        mail(1, 100.0, Direction::Out, 1, None),
        contact(2, 95.0, Channel::Call, Direction::In),
        mail(3, 80.0, Direction::Out, 2, None),
        mail(4, 60.0, Direction::In, 2, Some(3)), // 20 days: past the 14-day window
    ];
    let theirs = metrics(&log, &[]).theirs;
    assert_eq!((theirs.expected, theirs.answered), (2, 1));
}

#[test]
fn the_streak_counts_outreach_since_their_last_contact() {
    let mut log = vec![
        contact(1, 200.0, Channel::Email, Direction::In),
        contact(2, 150.0, Channel::Email, Direction::Out),
        contact(3, 100.0, Channel::Meeting, Direction::Mutual),
    ];
    assert_eq!(metrics(&log, &[]).unanswered.count, 0);
    for (n, day) in [(4, 60.0), (5, 40.0), (6, 20.0)] {
        log.push(contact(n, day, Channel::Email, Direction::Out));
    }
    log.push(contact(7, 10.0, Channel::Call, Direction::Out));
    let streak = metrics(&log, &[]).unanswered;
    let channels = vec![Channel::Email, Channel::Email, Channel::Email, Channel::Call];
    assert_eq!(streak, Streak { count: 4, since: Some(days_ago(60.0)), channels });
}

#[test]
fn another_unanswered_outreach_never_lowers_the_streak() {
    // Every sequence of four contacts, each out, in or mutual, then one more outreach.
    let directions = [Direction::Out, Direction::In, Direction::Mutual];
    for code in 0..81 {
        let mut log: Vec<Interaction> = (0..4u32)
            .map(|n| {
                let direction = directions[(code / 3usize.pow(n)) % 3];
                contact(u64::from(n), 100.0 - f64::from(n) * 10.0, Channel::Email, direction)
            })
            .collect();
        let before = metrics(&log, &[]).unanswered.count;
        log.push(contact(9, 5.0, Channel::Email, Direction::Out));
        assert!(metrics(&log, &[]).unanswered.count > before, "sequence {code}");
    }
}

#[test]
fn initiation_is_the_share_of_conversations_the_owner_started() {
    let log = [
        mail(1, 50.0, Direction::Out, 1, None),
        mail(2, 49.0, Direction::In, 1, Some(1)),
        mail(3, 40.0, Direction::Out, 2, None),
        mail(4, 30.0, Direction::In, 3, None),
        contact(5, 20.0, Channel::Meeting, Direction::Mutual),
    ];
    let share = metrics(&log, &[]).initiation.unwrap();
    assert!((share - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(metrics(&[], &[]).initiation, None);
}

#[test]
fn reciprocity_leans_to_the_side_that_gives() {
    let taking = [
        gift(1, Giver::Owner, ExchangeStatus::Given, true, 100.0),
        gift(2, Giver::Owner, ExchangeStatus::Given, true, 60.0),
        gift(3, Giver::Owner, ExchangeStatus::Asked, true, 10.0),
    ];
    let r = metrics(&[], &taking).reciprocity;
    assert_eq!(r.balance, 1.0, "they only take: {r:?}");
    assert_eq!((r.asks_from_them, r.open_asks_from_them), (3, 1));
    let even = [
        gift(1, Giver::Owner, ExchangeStatus::Given, false, 30.0),
        gift(2, Giver::Them, ExchangeStatus::Given, false, 30.0),
    ];
    assert_eq!(metrics(&[], &even).reciprocity.balance, 0.0);
    assert_eq!(metrics(&[], &[]).reciprocity.balance, 0.0);
}

#[test]
fn a_gift_from_the_owner_never_makes_the_owner_look_more_taking() {
    let statuses = [ExchangeStatus::Given, ExchangeStatus::Asked, ExchangeStatus::Declined];
    for code in 0..(6usize.pow(3)) {
        let mut ledger: Vec<Exchange> = (0..3u32)
            .map(|n| {
                let pick = (code / 6usize.pow(n)) % 6;
                let giver = if pick < 3 { Giver::Owner } else { Giver::Them };
                gift(u64::from(n), giver, statuses[pick % 3], pick % 2 == 0, 300.0 - f64::from(n) * 90.0)
            })
            .collect();
        let before = metrics(&[], &ledger).reciprocity.balance;
        ledger.push(gift(9, Giver::Owner, ExchangeStatus::Given, false, 1.0));
        let after = metrics(&[], &ledger).reciprocity.balance;
        assert!(after >= before, "ledger {code}: {before} -> {after}");
    }
}

#[test]
fn strength_grows_with_contact_and_closeness() {
    let none = metrics(&[], &[]).strength;
    let emails = metrics(&regular(700.0, 0.0, 30.0), &[]).strength;
    let mut close = regular(700.0, 0.0, 10.0);
    close.extend(
        (0..20).map(|n| contact(500 + n, 690.0 - n as f64 * 33.0, Channel::Meeting, Direction::Mutual)),
    );
    let close = metrics(&close, &[]).strength;
    assert_eq!(none, 0.0);
    assert!(0.0 < emails && emails < close && close <= 100.0, "{emails} {close}");
}

#[test]
fn strength_parts_add_up_to_the_strength() {
    let mut close = regular(700.0, 0.0, 10.0);
    close.push(contact(900, 5.0, Channel::Call, Direction::Out));
    let m = metrics(&close, &[]);
    let parts = m.strength_parts(now());
    let names = parts.map(|p| p.name);
    assert_eq!(names, ["intensity", "duration", "multiplexity", "intimacy", "balance"]);
    let total: f64 = parts.iter().map(StrengthPart::points).sum();
    assert!((total - m.strength).abs() < 1e-9, "{total} {}", m.strength);
    assert_eq!(parts[2].value, 2.0, "email and call");
}

#[test]
fn tiers_follow_the_ranking_and_keep_pins() {
    let ids: Vec<PersonId> = (0..200).map(PersonId::from_bits).collect();
    let mut people: Vec<Candidate<'_>> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| Candidate { id, strength: 200.0 - n as f64, pinned: None, closest: Tier::Inner })
        .collect();
    let count = |tiers: &[Tier], tier: Tier| tiers.iter().filter(|t| **t == tier).count();
    let tiers_now = tiers(&people);
    assert_eq!(
        [Tier::Inner, Tier::Close, Tier::Active, Tier::Network, Tier::Acquaintance]
            .map(|t| count(&tiers_now, t)),
        [5, 10, 35, 100, 50]
    );
    assert_eq!(tiers_now[0], Tier::Inner);
    assert_eq!(tiers_now[5], Tier::Close);
    people[199].pinned = Some(Tier::Inner);
    people[198].strength = 0.0;
    let pinned = tiers(&people);
    assert_eq!(pinned[199], Tier::Inner);
    assert_eq!(count(&pinned, Tier::Inner), 5, "a pin takes a place in its layer");
    assert_eq!(pinned[4], Tier::Close);
    assert_eq!(pinned[198], Tier::Acquaintance);
}

#[test]
fn cadence_comes_from_the_tier_unless_set() {
    let mut p = person();
    // Every ten days: a rhythm faster than any tier's, which leaves the tier's cadence.
    let m = metrics(&regular(400.0, 0.0, 10.0), &[]);
    assert_eq!(m.rhythm_days, Some(10.0));
    assert_eq!(
        Cadence::of(&p, Tier::Close, &m),
        Some(Cadence { ideal_days: 30, maximum_days: 45, pinned: false, own_rhythm: false })
    );
    assert_eq!(Cadence::of(&p, Tier::Acquaintance, &m), None);
    // Someone who never took part has no cadence to keep up unless the user sets one.
    let unanswered: Vec<Interaction> =
        (0..4).map(|n| contact(n, 40.0 - 10.0 * n as f64, Channel::Email, Direction::Out)).collect();
    assert_eq!(Cadence::of(&p, Tier::Active, &metrics(&unanswered, &[])), None);
    p.cadence_days = Some(60);
    assert_eq!(
        Cadence::of(&p, Tier::Acquaintance, &metrics(&[], &[])),
        Some(Cadence { ideal_days: 60, maximum_days: 90, pinned: true, own_rhythm: false })
    );
}

/// The tiers of people whose logs are `logs`, when they are everyone, in order.
fn tiers_of(logs: &[Vec<Interaction>]) -> (Vec<Tier>, Vec<Metrics>) {
    let people: Vec<Person> = (0..logs.len())
        .map(|n| {
            let draft = NewPerson::named(&format!("Person {n}")).unwrap();
            draft.with_id(PersonId::from_bits(n as u64 + 1), days_ago(3_000.0))
        })
        .collect();
    let contacts: Vec<Vec<Contact>> = logs
        .iter()
        .map(|log| {
            let mut contacts: Vec<Contact> = log.iter().map(Contact::of).collect();
            contacts.sort_by_key(|c| c.at);
            contacts
        })
        .collect();
    let histories: Vec<History<'_>> = people
        .iter()
        .zip(&contacts)
        .map(|(person, contacts)| History { person, contacts, exchanges: &[] })
        .collect();
    let metrics: Vec<Metrics> =
        histories.iter().map(|h| Metrics::of(h, &HealthSettings::default(), now())).collect();
    (ranked_tiers(&histories, &metrics), metrics)
}

/// A LinkedIn connection made `days` ago, as an import records it.
fn connection(n: u64, days: f64) -> Interaction {
    contact(n, days, Channel::Social, Direction::Mutual)
}

#[test]
fn an_address_book_alone_has_no_close_tie() {
    // Five LinkedIn connections made in 2019 (about 2,500 days before now) and two cards
    // with no contact at all. Before, the five ranked inner with a 14-day cadence; a
    // connection shows no conversation, so they are at most network, and cards acquaintances.
    let mut logs: Vec<Vec<Interaction>> = (0..5).map(|n| vec![connection(n, 2_500.0 + n as f64)]).collect();
    logs.extend([vec![], vec![]]);
    let (tiers, metrics) = tiers_of(&logs);
    assert_eq!(tiers[..5], [Tier::Network; 5]);
    assert_eq!(tiers[5..], [Tier::Acquaintance; 2]);
    for m in &metrics[..5] {
        assert_eq!((m.closest_tier, m.last_heard), (Tier::Network, None));
        assert!(m.strength > 0.0 && m.strength < 0.01, "only a decayed intensity: {}", m.strength);
        assert_eq!(Cadence::of(&person(), Tier::Network, m), None, "nothing to keep up yet");
    }
}

#[test]
fn close_tiers_need_two_way_contact_in_the_last_year() {
    let logs = vec![
        // An old archive: every 30 days, both ways, from 2,000 to 700 days ago.
        regular(2_000.0, 700.0, 30.0),
        // Four emails of the owner's in the last 40 days, never answered.
        (0..4).map(|n| contact(n, 40.0 - 10.0 * n as f64, Channel::Email, Direction::Out)).collect(),
        // They wrote last month; the owner last wrote 500 days ago.
        vec![
            contact(0, 500.0, Channel::Email, Direction::Out),
            contact(1, 30.0, Channel::Email, Direction::In),
        ],
        // The sender of one announcement, last week.
        vec![contact(0, 7.0, Channel::Email, Direction::In)],
        // Monthly, both ways, this past year.
        regular(360.0, 0.0, 30.0),
    ];
    let (tiers, metrics) = tiers_of(&logs);
    let closest: Vec<Tier> = metrics.iter().map(|m| m.closest_tier).collect();
    use Tier::*;
    assert_eq!(closest, [Network, Active, Active, Acquaintance, Inner]);
    // Five people: only the last may be inner, and no one else may be close.
    assert_eq!(tiers, [Network, Active, Active, Acquaintance, Inner]);
    assert!(metrics[3].strength > 0.0, "the sender has some strength, but no layer takes them");
}

#[test]
fn a_layer_takes_the_strongest_of_those_it_allows() {
    // Six two-way ties, messages every 30, 35, … 55 days this past year, and the owner's
    // calls every three days to someone who never answers: the strongest tie of all, by
    // intensity, yet not a close one.
    let mut logs: Vec<Vec<Interaction>> =
        (0..6).map(|k| regular(360.0, 0.0, 30.0 + 5.0 * k as f64)).collect();
    logs.push((0..100).map(|n| contact(n, 300.0 - 3.0 * n as f64, Channel::Call, Direction::Out)).collect());
    let (tiers, metrics) = tiers_of(&logs);
    assert!(metrics[..6].iter().all(|m| m.strength < metrics[6].strength), "{metrics:?}");
    // The five strongest two-way ties fill the inner layer; the sixth is close.
    let weakest = (0..6).min_by(|&a, &b| metrics[a].strength.total_cmp(&metrics[b].strength)).unwrap();
    let mut expected = vec![Tier::Inner; 6];
    expected[weakest] = Tier::Close;
    expected.push(Tier::Active);
    assert_eq!(tiers, expected);
}

#[test]
fn duration_runs_from_the_first_contact_to_the_last_and_the_past_fades() {
    // Both ways every 50 days from 2,000 to 1,000 days ago (the last, from them, at 1,050
    // days): 950 days of contact, 2.60 years, whose score 1 - e^(-2.60/5) = 0.405 counts
    // at the recency 0.5^(1,050/365) = 0.136.
    let log = regular(2_000.0, 1_000.0, 50.0);
    let m = metrics(&log, &[]);
    assert_eq!(m.last_heard, Some(days_ago(1_050.0)));
    let duration = m.strength_parts(now())[1];
    assert!((duration.value - 950.0 / 365.25).abs() < 1e-9, "{duration:?}");
    let recency = 0.5f64.powf(1_050.0 / 365.0);
    assert!((m.recency(now()) - recency).abs() < 1e-9);
    let expected = (1.0 - (-950.0 / 365.25 / 5.0f64).exp()) * recency;
    assert!((duration.score - expected).abs() < 1e-9 && (0.054..0.056).contains(&expected), "{duration:?}");
}

#[test]
fn a_yearly_call_is_not_overdue_at_eleven_months() {
    // A call every 365 days (at 1,430, 1,065, 700 and 335 days ago), taking turns: a steady
    // rhythm of 365 days, slower than the active tier's 90, so the cadence is 365 days, at
    // most 547, and the 335 days since the last call are within it.
    let log: Vec<Interaction> = (0..4)
        .map(|k| {
            let direction = if k % 2 == 0 { Direction::Out } else { Direction::In };
            contact(k, 1_430.0 - 365.0 * k as f64, Channel::Call, direction)
        })
        .collect();
    let m = metrics(&log, &[]);
    assert_eq!(m.rhythm_days, Some(365.0));
    let cadence = Cadence::of(&person(), Tier::Active, &m);
    assert_eq!(
        cadence,
        Some(Cadence { ideal_days: 365, maximum_days: 547, pinned: false, own_rhythm: true })
    );
    let p = person();
    let contacts: Vec<Contact> = log.iter().map(Contact::of).collect();
    let history = History { person: &p, contacts: &contacts, exchanges: &[] };
    let situation = Situation { tier: Tier::Active, cadence, facts: &[], owner: &[], mutes: &[] };
    let found = diagnose(&history, &m, &situation, &HealthSettings::default(), now());
    assert!(found.iter().all(|d| d.kind != DiagnosisKind::Overdue), "{found:?}");
    // Gaps of 10, 300 and 39.5 days keep no rhythm (only one of three lies within a factor
    // of two of the median, 39.5): the tier's default stands.
    let uneven: Vec<Interaction> = [350.0, 340.0, 40.0, 0.5]
        .iter()
        .enumerate()
        .map(|(n, &d)| contact(n as u64, d, Channel::Call, Direction::In))
        .collect();
    assert_eq!(metrics(&uneven, &[]).rhythm_days, None);
}

#[test]
fn the_review_puts_the_tie_in_trouble_first_and_mutes_silence() {
    let (fine, silent) = (
        person(),
        NewPerson::named("Grace Hopper").unwrap().with_id(PersonId::from_bits(2), days_ago(900.0)),
    );
    let steady: Vec<Contact> = regular(400.0, 0.0, 10.0).iter().map(Contact::of).collect();
    let mut ignored: Vec<Contact> = regular(400.0, 100.0, 10.0).iter().map(Contact::of).collect();
    ignored.extend(
        [80.0, 60.0, 40.0].map(|d| Contact::of(&mail(900 + d as u64, d, Direction::Out, d as u64, None))),
    );
    let histories = [
        History { person: &fine, contacts: &steady, exchanges: &[] },
        History { person: &silent, contacts: &ignored, exchanges: &[] },
    ];
    let settings = HealthSettings::default();
    let all = review(&histories, &Context::default(), &settings, now());
    assert_eq!(all[0].person, silent.id);
    assert!(all[0].diagnoses.iter().any(|d| d.kind == DiagnosisKind::Unresponsive));
    assert!(all[0].attention > 0.0 && all[1].attention == 0.0);
    assert_eq!(all[1].diagnoses.iter().map(|d| d.kind).collect::<Vec<_>>(), [DiagnosisKind::Thriving]);

    let mute = Mute::new(silent.id.clone(), DiagnosisKind::Unresponsive, days_ago(-30.0), now()).unwrap();
    let muted =
        review(&histories, &Context::new(vec![], vec![mute], vec![], Default::default()), &settings, now());
    let grace = muted.iter().find(|a| a.person == silent.id).unwrap();
    assert!(grace.diagnoses.iter().all(|d| d.kind != DiagnosisKind::Unresponsive));
    assert!(Mute::new(silent.id.clone(), DiagnosisKind::Drifting, days_ago(1.0), now()).is_err());
}

#[test]
fn a_favor_returned_in_part_leaves_only_the_rest_owed() {
    // The owner gave help of weight 2 a year ago; they returned weight 1 just now (a
    // half-weight gift). Half of the owner's favor is returned, half is still owed, a
    // year old: 1 halved once, 0.5. The returned pair weighs 2 x 1, at the age of the
    // favor returned: 1. Balance (0.5 - 0) / (0.5 + 1) = 1/3.
    let mut half = gift(2, Giver::Them, ExchangeStatus::Given, false, 0.0);
    half.weight = 1.0;
    let ledger = [gift(1, Giver::Owner, ExchangeStatus::Given, false, 365.0), half];
    let balance = metrics(&[], &ledger).reciprocity.balance;
    assert!((balance - 1.0 / 3.0).abs() < 1e-3, "{balance}");
    // Returned in full, nothing is owed, however old the favor.
    let mut full = gift(2, Giver::Them, ExchangeStatus::Given, false, 0.0);
    full.weight = 2.0;
    let ledger = [gift(1, Giver::Owner, ExchangeStatus::Given, false, 2_000.0), full];
    assert_eq!(metrics(&[], &ledger).reciprocity.balance, 0.0);
}
