//! The simulator against its promises: determinism, the mix, each trajectory's shape,
//! and the integrity of what it produces.

use jiff::{SignedDuration, Timestamp};
use kith_core::{Channel, Direction, Exchange, ExchangeStatus, Giver, Interaction, PersonId};
use kith_sim::{Config, Label, Mix, Network, Trajectory, generate};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const PEOPLE: usize = 2_000;

fn config() -> Config {
    Config { people: PEOPLE, seed: 7, ..Config::default() }
}

/// One network of 2,000 people, shared by the tests that only read it.
fn network() -> &'static Network {
    static NETWORK: OnceLock<Network> = OnceLock::new();
    NETWORK.get_or_init(|| generate(&config()))
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

/// Each person's interactions, in time order.
fn by_person(net: &Network) -> HashMap<&PersonId, Vec<&Interaction>> {
    let mut map: HashMap<&PersonId, Vec<&Interaction>> = HashMap::new();
    for i in &net.interactions {
        map.entry(&i.participants[0]).or_default().push(i);
    }
    map
}

/// Each person's ledger.
fn ledgers(net: &Network) -> HashMap<&PersonId, Vec<&Exchange>> {
    let mut map: HashMap<&PersonId, Vec<&Exchange>> = HashMap::new();
    for x in &net.exchanges {
        map.entry(&x.person).or_default().push(x);
    }
    map
}

fn labeled(net: &Network, trajectory: Trajectory) -> impl Iterator<Item = &Label> {
    net.labels.iter().filter(move |l| l.trajectory == trajectory)
}

fn count_in(list: &[&Interaction], from: Timestamp, to: Timestamp) -> usize {
    list.iter().filter(|i| i.at >= from && i.at < to).count()
}

#[test]
fn the_same_config_gives_the_same_network() {
    let small = Config { people: 300, seed: 11, ..Config::default() };
    let a = generate(&small);
    let b = generate(&small);
    assert!(a.interactions.len() > 1_000, "a real network: {} interactions", a.interactions.len());
    assert_eq!(a, b);
    // Big enough to be built on several threads, where the machine has them.
    let big = generate(&config());
    assert!(big.interactions.len() > 60_000, "{} interactions", big.interactions.len());
    assert!(big == *network());
}

#[test]
fn another_seed_gives_another_network() {
    let a = generate(&Config { people: 300, seed: 11, ..Config::default() });
    let b = generate(&Config { people: 300, seed: 12, ..Config::default() });
    assert_ne!(a.people[0].id, b.people[0].id);
    assert_ne!(a.interactions.len(), b.interactions.len());
    let trajectories = |n: &Network| n.labels.iter().map(|l| l.trajectory).collect::<Vec<_>>();
    assert_ne!(trajectories(&a), trajectories(&b), "the trajectories are dealt anew");
    // Names and addresses follow the index, whatever the seed.
    assert_eq!(a.people[5].name, b.people[5].name);
}

#[test]
fn label_shares_follow_the_mix() {
    let net = network();
    assert_eq!(net.labels.len(), PEOPLE);
    let shares = Mix::default().normalized();
    for (trajectory, share) in Trajectory::ALL.iter().zip(shares) {
        let got = labeled(net, *trajectory).count() as f64 / PEOPLE as f64;
        assert!((got - share).abs() < 0.02, "{trajectory}: {got} against {share}");
    }
    let half = Mix {
        steady: 1.0,
        drifting: 1.0,
        one_sided_taking: 0.0,
        unresponsive: 0.0,
        rare_but_steady: 0.0,
        new: 0.0,
        ..Mix::default()
    };
    let net = generate(&Config { people: 100, mix: half, ..Config::default() });
    let drifting = labeled(&net, Trajectory::Drifting).count();
    assert_eq!(drifting, 50);
    assert_eq!(labeled(&net, Trajectory::Steady).count(), 50);
}

#[test]
fn labels_have_a_since_exactly_when_something_changed() {
    let net = network();
    let cfg = config();
    let start = cfg.history_start();
    for (label, person) in net.labels.iter().zip(&net.people) {
        assert_eq!(label.person, person.id);
        assert_eq!(label.since.is_some(), label.trajectory.has_since(), "{label:?}");
        if let Some(since) = label.since {
            assert!(since >= start && since <= cfg.now, "{label:?}");
        }
        let window = match label.trajectory {
            Trajectory::Drifting => Some((60, 300)),
            Trajectory::OneSidedTaking => Some((120, 400)),
            Trajectory::Unresponsive => Some((45, 200)),
            Trajectory::New => Some((30, 150)),
            Trajectory::Recovered => Some((100, 200)),
            Trajectory::DropWithLateContact => Some((120, 400)),
            Trajectory::ShortFaded => Some((400, 900)),
            Trajectory::LateReciprocity => Some((20, 300)),
            Trajectory::OutreachAfterSilence => Some((400, 700)),
            // Not in the default mix; `tests/tiers.rs` checks their shapes.
            Trajectory::Steady
            | Trajectory::RareButSteady
            | Trajectory::Seasonal
            | Trajectory::AddressBookOnly
            | Trajectory::OldArchive
            | Trajectory::OneMessage => None,
        };
        if let (Some((near, far)), Some(since)) = (window, label.since) {
            assert!(since <= cfg.now - days(near) && since >= cfg.now - days(far), "{label:?}");
        }
    }
}

#[test]
fn drifting_people_fall_away_and_steady_ones_do_not() {
    let net = network();
    let now = config().now;
    let lists = by_person(net);
    let empty = Vec::new();
    // Contacts in the last 90 days against a 90-day share of the year before `since`.
    let (mut recent, mut before) = (0.0, 0.0);
    for label in labeled(net, Trajectory::Drifting) {
        let since = label.since.unwrap();
        let list = lists.get(&label.person).unwrap_or(&empty);
        recent += count_in(list, now - days(90), now) as f64;
        before += count_in(list, since - days(365), since) as f64 * 90.0 / 365.0;
    }
    assert!(before > 500.0, "enough history to judge: {before}");
    assert!(recent < 0.25 * before, "drifting: {recent} recently against {before} before");

    let (mut recent, mut before) = (0.0, 0.0);
    for label in labeled(net, Trajectory::Steady) {
        let list = lists.get(&label.person).unwrap_or(&empty);
        recent += count_in(list, now - days(90), now) as f64;
        before += count_in(list, now - days(455), now - days(90)) as f64 * 90.0 / 365.0;
    }
    let ratio = recent / before;
    assert!((0.85..1.15).contains(&ratio), "steady people keep their pace: {ratio}");
}

/// For each outbound email, whether it got an inbound reply, and the delay.
fn replies(list: &[&Interaction]) -> Vec<(Timestamp, Option<SignedDuration>)> {
    let answers: HashMap<&str, &Interaction> = list
        .iter()
        .filter(|i| i.direction == Direction::In)
        .filter_map(|i| Some((i.replies_to.as_deref()?, *i)))
        .collect();
    list.iter()
        .filter(|i| i.channel == Channel::Email && i.direction == Direction::Out && i.replies_to.is_none())
        .map(|i| {
            let answer = answers.get(i.message.as_deref().unwrap());
            (i.at, answer.map(|a| a.at.duration_since(i.at)))
        })
        .collect()
}

#[test]
fn unresponsive_people_answer_nothing_after_since() {
    let net = network();
    let lists = by_person(net);
    let (mut answered_before, mut asked_before) = (0, 0);
    for label in labeled(net, Trajectory::Unresponsive) {
        let since = label.since.unwrap();
        let list = &lists[&label.person];
        let after: Vec<&&Interaction> = list.iter().filter(|i| i.at >= since).collect();
        assert!(after.iter().all(|i| i.direction == Direction::Out), "nothing comes back: {label:?}");
        // The owner may still answer what they sent before; everything else is a try.
        let tries: Vec<&&&Interaction> = after.iter().filter(|i| i.replies_to.is_none()).collect();
        assert!(tries.len() >= 3, "at least three tries: {label:?}");
        assert_eq!(tries.iter().filter(|i| i.channel == Channel::Call).count(), 1, "{label:?}");
        let first = tries[0];
        assert_eq!((first.at, first.channel), (since, Channel::Email), "since is the first unanswered email");
        for (at, answer) in replies(list) {
            if at < since {
                asked_before += 1;
                answered_before += usize::from(answer.is_some());
            } else {
                assert!(answer.is_none());
            }
        }
    }
    let rate = answered_before as f64 / asked_before as f64;
    assert!(rate > 0.75, "before since they answered as usual: {rate}");
}

#[test]
fn normal_people_answer_most_emails_within_days() {
    let net = network();
    let now = config().now;
    let lists = by_person(net);
    let mut delays = Vec::new();
    let (mut answered, mut sent) = (0, 0);
    for label in labeled(net, Trajectory::Steady) {
        let Some(list) = lists.get(&label.person) else { continue };
        for (at, answer) in replies(list) {
            if at < now - days(30) {
                sent += 1;
                answered += usize::from(answer.is_some());
                delays.extend(answer);
            }
        }
    }
    let rate = answered as f64 / sent as f64;
    assert!(sent > 1_000 && (0.80..0.90).contains(&rate), "{answered} of {sent} answered");
    assert!(delays.iter().all(|d| d.is_positive()));
    delays.sort();
    let median = delays[delays.len() / 2].as_secs_f64() / 86_400.0;
    assert!((1.0..2.5).contains(&median), "median reply delay {median} days");
    let slow = delays.iter().filter(|d| **d > days(5)).count() as f64 / delays.len() as f64;
    assert!(slow < 0.05, "few replies take over five days: {slow}");
}

#[test]
fn the_owner_answers_most_inbound_threads() {
    let net = network();
    let now = config().now;
    let answered: HashSet<&str> = net
        .interactions
        .iter()
        .filter(|i| i.direction == Direction::Out)
        .filter_map(|i| i.replies_to.as_deref())
        .collect();
    let inbound: Vec<&Interaction> = net
        .interactions
        .iter()
        .filter(|i| i.channel == Channel::Email && i.direction == Direction::In && i.replies_to.is_none())
        .filter(|i| i.at < now - days(30))
        .collect();
    let rate = inbound.iter().filter(|i| answered.contains(i.message.as_deref().unwrap())).count() as f64
        / inbound.len() as f64;
    assert!((0.75..0.88).contains(&rate), "owner answers {rate}");
}

#[test]
fn one_sided_takers_ask_and_never_give_back() {
    let net = network();
    let ledgers = ledgers(net);
    let lists = by_person(net);
    for label in labeled(net, Trajectory::OneSidedTaking) {
        let since = label.since.unwrap();
        let ledger = &ledgers[&label.person];
        let asks: Vec<&&Exchange> =
            ledger.iter().filter(|x| x.opened_at >= since && x.giver == Giver::Owner && x.asked).collect();
        let granted = asks.iter().filter(|x| x.status == ExchangeStatus::Given).count();
        assert!(granted >= 3, "{granted} favors granted: {label:?}");
        assert_eq!(asks.iter().map(|x| x.opened_at).min(), Some(since), "since is the first ask");
        assert!(
            ledger.iter().filter(|x| x.giver == Giver::Them).all(|x| x.closed_at.is_some_and(|c| c < since)),
            "nothing given back from since: {label:?}"
        );
        // Before since, the ledger was even.
        let before = |giver| -> f64 {
            ledger
                .iter()
                .filter(|x| x.giver == giver && x.status == ExchangeStatus::Given && x.opened_at < since)
                .map(|x| x.weight)
                .sum()
        };
        assert!(before(Giver::Owner) > 0.0 && before(Giver::Owner) == before(Giver::Them), "{label:?}");
        // Each ask arrived by email.
        let inbound = lists[&label.person].iter().filter(|i| i.at >= since && i.direction == Direction::In);
        assert!(inbound.count() >= asks.len());
    }
}

#[test]
fn everyone_else_keeps_an_even_ledger() {
    let net = network();
    let ledgers = ledgers(net);
    let mut with_entries = 0;
    for label in net.labels.iter().filter(|l| l.trajectory != Trajectory::OneSidedTaking) {
        let Some(ledger) = ledgers.get(&label.person) else { continue };
        with_entries += 1;
        let total = |giver| -> f64 { ledger.iter().filter(|x| x.giver == giver).map(|x| x.weight).sum() };
        assert_eq!(total(Giver::Owner), total(Giver::Them), "{label:?}");
        assert!(ledger.iter().all(|x| x.status == ExchangeStatus::Given));
    }
    let steady = labeled(net, Trajectory::Steady).count();
    assert!(with_entries > steady / 2, "most people have some exchanges: {with_entries}");
}

#[test]
fn rare_but_steady_people_come_once_to_three_times_a_year() {
    let net = network();
    let cfg = config();
    let start = cfg.history_start();
    let lists = by_person(net);
    let mut seen = 0;
    for label in labeled(net, Trajectory::RareButSteady) {
        let contacts: Vec<&Interaction> =
            lists[&label.person].iter().copied().filter(|i| i.replies_to.is_none()).collect();
        for year in 0..i64::from(cfg.years) {
            let from = start + days(365 * year);
            let n = count_in(&contacts, from, from + days(365));
            assert!((1..=3).contains(&n), "year {year}: {n} contacts for {label:?}");
        }
        seen += 1;
    }
    assert!(seen > 100);
}

#[test]
fn new_people_start_at_since() {
    let net = network();
    let lists = by_person(net);
    for label in labeled(net, Trajectory::New) {
        let first = lists[&label.person][0];
        assert_eq!(Some(first.at), label.since);
    }
}

#[test]
fn the_network_is_well_formed() {
    let net = network();
    let cfg = config();
    let start = cfg.history_start();
    assert!(net.interactions.windows(2).all(|w| w[0].at <= w[1].at), "sorted by time");
    assert!(net.exchanges.windows(2).all(|w| w[0].opened_at <= w[1].opened_at), "ledger sorted");
    let known: HashSet<&PersonId> = net.people.iter().map(|p| &p.id).collect();
    assert_eq!(known.len(), PEOPLE, "person ids are unique");
    let ids: HashSet<&str> = net.interactions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), net.interactions.len(), "interaction ids are unique");
    let ids: HashSet<&str> = net.exchanges.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids.len(), net.exchanges.len(), "exchange ids are unique");
    let emails: HashSet<&str> = net.people.iter().map(|p| p.identities[0].value()).collect();
    assert_eq!(emails.len(), PEOPLE);
    assert!(net.people.iter().all(|p| p.created_at == start && p.tier.is_none()));

    let mut messages: HashMap<&str, &Interaction> = HashMap::new();
    for i in &net.interactions {
        assert!(i.at <= cfg.now && i.at >= start, "{i:?}");
        assert_eq!(i.participants.len(), 1);
        assert!(known.contains(&i.participants[0]));
        if i.channel != Channel::Email {
            assert!(i.thread_key.is_none() && i.message.is_none() && i.replies_to.is_none(), "{i:?}");
            continue;
        }
        assert!(i.subject.is_some() && i.thread_key.is_some() && i.direction != Direction::Mutual, "{i:?}");
        let key = i.message.as_deref().unwrap();
        assert!(messages.insert(key, i).is_none(), "message keys are unique: {key}");
        if let Some(parent) = i.replies_to.as_deref() {
            let parent = messages.get(parent).expect("a reply answers an earlier message");
            assert_eq!(parent.thread_key, i.thread_key);
            assert_eq!(parent.participants, i.participants);
            assert_ne!(parent.direction, i.direction, "a reply goes the other way");
            assert_eq!(i.subject.as_deref().unwrap(), format!("Re: {}", parent.subject.as_deref().unwrap()));
        }
    }
    for x in &net.exchanges {
        assert!(known.contains(&x.person));
        assert!(x.opened_at >= start && x.opened_at <= cfg.now);
        assert_eq!(x.closed_at.is_some(), x.status != ExchangeStatus::Asked);
        assert!(x.closed_at.is_none_or(|c| c >= x.opened_at && c <= cfg.now));
        assert_eq!(x.weight, x.kind.default_weight());
    }
}

#[test]
fn channels_and_directions_are_mixed() {
    let net = network();
    let share = |f: &dyn Fn(&Interaction) -> bool| {
        net.interactions.iter().filter(|i| f(i)).count() as f64 / net.interactions.len() as f64
    };
    let email = share(&|i| i.channel == Channel::Email);
    let message = share(&|i| i.channel == Channel::Message);
    let call = share(&|i| i.channel == Channel::Call);
    let meeting = share(&|i| i.channel == Channel::Meeting);
    assert!(
        email > message && message > call && call > meeting && meeting > 0.03,
        "{email} {message} {call} {meeting}"
    );
    let starts = |d| share(&|i: &Interaction| i.direction == d && i.replies_to.is_none());
    let (out, inbound, mutual) = (starts(Direction::Out), starts(Direction::In), starts(Direction::Mutual));
    assert!(out > inbound && inbound > mutual && mutual > 0.03, "{out} {inbound} {mutual}");
}

#[test]
fn a_one_year_history_still_keeps_every_promise_it_can() {
    let cfg = Config { people: 300, seed: 3, years: 1, ..Config::default() };
    let net = generate(&cfg);
    let start = cfg.history_start();
    assert_eq!(start, cfg.now - days(365));
    assert!(net.interactions.iter().all(|i| i.at >= start && i.at <= cfg.now));
    assert!(net.labels.iter().filter_map(|l| l.since).all(|s| s >= start && s <= cfg.now));
}

/// The benchmark scale: 100,000 people. Run with
/// `cargo test -p kith-sim --release --test sim -- --ignored`.
#[test]
#[ignore = "large; run by hand in release"]
fn a_hundred_thousand_people() {
    let cfg = Config { people: 100_000, seed: 5, ..Config::default() };
    let net = generate(&cfg);
    assert_eq!(net.people.len(), 100_000);
    assert!(net.interactions.len() > 3_000_000, "{} interactions", net.interactions.len());
    assert!(net.interactions.windows(2).all(|w| w[0].at <= w[1].at));
    let ids: HashSet<&str> = net.interactions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), net.interactions.len());
}
