//! The harder shapes of `Mix::extended` against what each promises: the rhythm, the
//! change and the ledger that make it the trap it is.

use jiff::{SignedDuration, Timestamp};
use kith_core::{Direction, Exchange, Giver, Interaction, PersonId};
use kith_sim::{Config, Label, Mix, Network, Trajectory, generate};
use std::collections::HashMap;
use std::sync::OnceLock;

fn config() -> Config {
    Config { people: 1_500, seed: 21, mix: Mix::extended(), ..Config::default() }
}

fn network() -> &'static Network {
    static NETWORK: OnceLock<Network> = OnceLock::new();
    NETWORK.get_or_init(|| generate(&config()))
}

fn days_before(at: Timestamp, n: i64) -> Timestamp {
    at - SignedDuration::from_hours(24 * n)
}

fn days_between(from: Timestamp, to: Timestamp) -> f64 {
    to.duration_since(from).as_secs_f64() / 86_400.0
}

/// Each person's interactions (sorted), or ledger entries.
type ByPerson<'a, T> = HashMap<&'a PersonId, Vec<&'a T>>;

/// Each person's interactions (sorted) and ledger entries.
fn histories(net: &Network) -> (ByPerson<'_, Interaction>, ByPerson<'_, Exchange>) {
    let mut contacts: HashMap<&PersonId, Vec<&Interaction>> = HashMap::new();
    for i in &net.interactions {
        contacts.entry(&i.participants[0]).or_default().push(i);
    }
    let mut ledger: HashMap<&PersonId, Vec<&Exchange>> = HashMap::new();
    for x in &net.exchanges {
        ledger.entry(&x.person).or_default().push(x);
    }
    (contacts, ledger)
}

/// The contacts that start a conversation rather than answer one.
fn started<'a>(list: &'a [&'a Interaction]) -> impl Iterator<Item = &'a Interaction> {
    list.iter().copied().filter(|i| i.replies_to.is_none())
}

fn labeled(trajectory: Trajectory) -> impl Iterator<Item = &'static Label> {
    network().labels.iter().filter(move |l| l.trajectory == trajectory)
}

#[test]
fn every_shape_is_dealt_with_its_share_and_a_since_where_it_has_one() {
    let shares = Mix::extended().normalized();
    for (trajectory, share) in Trajectory::ALL.iter().zip(shares) {
        let got = labeled(*trajectory).count() as f64 / config().people as f64;
        assert!((got - share).abs() < 0.01, "{trajectory}: {got} against {share}");
        for label in labeled(*trajectory) {
            assert_eq!(label.since.is_some(), trajectory.has_since(), "{label:?}");
        }
    }
}

#[test]
fn seasonal_ties_are_busy_in_one_season_of_each_year() {
    // A burst of four to ten contacts in 40 days each year against one contact a year
    // otherwise: most contacts (counting replies too) fall in the busiest 60 days of the
    // calendar, folded over the years.
    let (contacts, _) = histories(network());
    let (mut in_season, mut all) = (0usize, 0usize);
    for label in labeled(Trajectory::Seasonal) {
        let days: Vec<f64> = contacts[&label.person]
            .iter()
            .map(|i| days_between(i.at, config().now).rem_euclid(365.0))
            .collect();
        let busiest = (0..365)
            .map(|start| days.iter().filter(|d| (**d - f64::from(start)).rem_euclid(365.0) < 60.0).count())
            .max()
            .unwrap_or(0);
        in_season += busiest;
        all += days.len();
    }
    let share = in_season as f64 / all as f64;
    assert!(share > 0.75, "share of contacts in the busiest 60 days: {share}");
}

#[test]
fn recovered_ties_are_back_at_their_rate_and_late_drops_have_one_late_contact() {
    let (contacts, _) = histories(network());
    let now = config().now;
    // Since the return (100–200 days ago), contact runs at the rate of before the lull: the
    // return's contacts per day, all people together, are within a fifth of the first
    // year's.
    let (mut back, mut back_days, mut first, mut first_days) = (0usize, 0.0, 0usize, 0.0);
    for label in labeled(Trajectory::Recovered) {
        let since = label.since.expect("a return");
        let list = &contacts[&label.person];
        back += list.iter().filter(|i| i.at > since).count();
        back_days += days_between(since, now);
        let year_one = days_before(now, 2 * 365);
        first += list.iter().filter(|i| i.at <= year_one).count();
        first_days += days_between(config().history_start(), year_one);
    }
    let ratio = (back as f64 / back_days) / (first as f64 / first_days);
    assert!((0.8..1.2).contains(&ratio), "back at the usual rate: {ratio}");
    // A drop with a late contact: after the drop, one contact started (a reply to one
    // before may come after), within the last 60 days.
    for label in labeled(Trajectory::DropWithLateContact) {
        let since = label.since.expect("a drop");
        let after: Vec<_> = started(&contacts[&label.person]).filter(|i| i.at > since).collect();
        assert_eq!(after.len(), 1, "{label:?}: {after:?}");
        assert!(after.iter().all(|i| i.at >= days_before(now, 60)), "{label:?}");
    }
}

#[test]
fn short_faded_ties_and_outreach_after_silence_end_as_promised() {
    let (contacts, _) = histories(network());
    let now = config().now;
    for label in labeled(Trajectory::ShortFaded) {
        let since = label.since.expect("the last contact");
        let list = &contacts[&label.person];
        assert!(since <= days_before(now, 400), "{label:?}");
        assert!(started(list).all(|i| i.at <= since), "nothing after the last contact: {label:?}");
        let span = days_between(list[0].at, since);
        assert!(span <= 91.0, "a few weeks of contact: {label:?} over {span} days");
    }
    for label in labeled(Trajectory::OutreachAfterSilence) {
        let since = label.since.expect("their last contact");
        let after: Vec<&Interaction> =
            contacts[&label.person].iter().copied().filter(|i| i.at >= since).collect();
        assert!(after.iter().all(|i| i.direction == Direction::Out), "only the owner: {label:?}");
        // The owner's answers to their last emails aside, one or two new emails lately.
        let after: Vec<_> = started(&after).collect();
        assert!((1..=2).contains(&after.len()), "{label:?}: {after:?}");
        assert!(after.iter().all(|i| i.at >= days_before(now, 330)), "{label:?}");
    }
}

#[test]
fn late_reciprocity_returns_every_old_favor_lately() {
    let (_, ledgers) = histories(network());
    let now = config().now;
    for label in labeled(Trajectory::LateReciprocity) {
        let ledger = &ledgers[&label.person];
        let from = |giver| ledger.iter().filter(move |x| x.giver == giver);
        assert_eq!(from(Giver::Owner).count(), from(Giver::Them).count(), "{label:?}");
        assert!((2..=3).contains(&from(Giver::Them).count()), "{label:?}");
        assert!(from(Giver::Owner).all(|x| x.opened_at <= days_before(now, 700)), "{label:?}");
        assert!(from(Giver::Them).all(|x| x.opened_at >= days_before(now, 301) && x.asked), "{label:?}");
    }
}
