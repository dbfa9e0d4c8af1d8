//! A deterministic relationship simulator.
//!
//! [`generate`] builds a network of people whose relationships follow known
//! trajectories — steady, drifting, one-sided taking, unresponsive, rare but steady,
//! new, and people without a live tie: address-book-only, old archives, one-message
//! senders — as kith-core [`Interaction`]s and [`Exchange`]s, with a [`Label`] per
//! person saying which trajectory they follow, since when, and the tier the tie is meant
//! to have. Tests, the demo and benchmarks use it to check health metrics and tiers
//! against the labels.
//!
//! The same [`Config`] always gives the same [`Network`]: every random number comes
//! from the crate's own generator, seeded from [`Config::seed`], one independent
//! stream per person.
//!
//! Email contacts are conversations: an email that starts a thread has a thread key,
//! a message key and a subject, and its answer (if any) is an email the other way in
//! the same thread whose `replies_to` names it. Other channels carry none of these.

mod cards;
mod detection;
mod intent;
mod logs;
mod materialize;
mod people;
mod rng;
mod snapshot;
mod tiering;
mod timeline;
mod trajectory;

pub use cards::{DESK_SIZE, PLACEHOLDER, address_book};
pub use detection::{CHECKED, Detection, Evaluation, Truth, evaluate, in_trouble, truth};
pub use tiering::{TIERS, TierConfusion, given_tiers, tier_confusion, tier_position};
pub use trajectory::{KINDS, Mix, Trajectory};

use jiff::Timestamp;
use kith_core::{Exchange, Interaction, Person, PersonId, Tier};
use materialize::timestamp;
use rng::{Permutation60, Rng};
use timeline::{Output, Span, YEAR};

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// How many people (indexes are 32-bit: up to about four billion).
    pub people: usize,
    /// Seeds every random draw.
    pub seed: u64,
    /// The end of the history; nothing is dated after it.
    pub now: Timestamp,
    /// Length of the history in years of 365 days, ending at `now` (0 counts as 1).
    pub years: u32,
    /// The share of people on each trajectory.
    pub mix: Mix,
}

impl Default for Config {
    /// 200 people, seed 1, now 2026-06-01T00:00:00Z, three years, the default mix.
    fn default() -> Self {
        Self {
            people: 200,
            seed: 1,
            now: Timestamp::constant(1_780_272_000, 0),
            years: 3,
            mix: Mix::default(),
        }
    }
}

impl Config {
    /// When the history begins: `years` × 365 days before `now` (everyone is added
    /// then).
    pub fn history_start(&self) -> Timestamp {
        timestamp(self.span().start)
    }

    fn span(&self) -> Span {
        let mut now = self.now.as_second();
        if self.now.subsec_nanosecond() < 0 {
            now -= 1; // `as_second` rounds towards zero; stay at or before `now`
        }
        let earliest = Timestamp::MIN.as_second() + 1;
        let start = now.saturating_sub(i64::from(self.years.max(1)) * YEAR).max(earliest);
        Span { start, now }
    }
}

/// What a person's relationship is known to do: the ground truth for health metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Whom it is about.
    pub person: PersonId,
    /// Their trajectory.
    pub trajectory: Trajectory,
    /// When the change began: the drift's start, the first unreturned favor, the first
    /// unanswered outreach, the first contact of someone new, the last of an old archive,
    /// or the one message of a one-message sender. `None` for steady, rare-but-steady and
    /// address-book-only people.
    pub since: Option<Timestamp>,
    /// The tier the tie is meant to have at `now` (see `intent.rs`).
    pub tier: Tier,
}

/// A simulated network.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// The people, all added at the start of the history.
    pub people: Vec<Person>,
    /// Every contact and reply, sorted by `at`; each has exactly one participant.
    pub interactions: Vec<Interaction>,
    /// The ledger, sorted by `opened_at`.
    pub exchanges: Vec<Exchange>,
    /// One label per person, in the order of `people`.
    pub labels: Vec<Label>,
}

/// Streams of the generator: one for the network's setup, one per person.
const SETUP_STREAM: u64 = 0;
const PERSON_STREAM: u64 = 1;

/// Simulates the network `config` describes. Deterministic: the same config always
/// gives the same network.
pub fn generate(config: &Config) -> Network {
    let span = config.span();
    let mut setup = Rng::derive(config.seed, SETUP_STREAM, 0);
    let trajectories = trajectory::assign(&config.mix, config.people, &mut setup);
    let person_bits = Permutation60::new(&mut setup);
    let interaction_bits = Permutation60::new(&mut setup);
    let exchange_bits = Permutation60::new(&mut setup);

    let ids: Vec<PersonId> =
        (0..config.people).map(|i| PersonId::from_bits(person_bits.apply(i as u64))).collect();
    let mut out = Output::with_capacity(config.people);
    let since: Vec<Option<i64>> = trajectories
        .iter()
        .enumerate()
        .map(|(i, &trajectory)| {
            let rng = Rng::derive(config.seed, PERSON_STREAM, i as u64);
            timeline::simulate(trajectory, i as u32, rng, span, &mut out)
        })
        .collect();
    let tiers = intent::tiers(&ids, &trajectories, &out.pace);
    let labels: Vec<Label> = (0..config.people)
        .map(|i| Label {
            person: ids[i].clone(),
            trajectory: trajectories[i],
            since: since[i].map(timestamp),
            tier: tiers[i],
        })
        .collect();

    let Output { mut events, mut deals, .. } = out;
    events.sort_unstable_by_key(|e| (e.at, e.seq));
    let interactions = materialize::interactions(&events, &interaction_bits, &ids);
    drop(events);
    deals.sort_by_key(|d| d.opened); // stable: ties keep their order of creation
    let exchanges = materialize::exchanges(&deals, &exchange_bits, &ids);

    let created_at = timestamp(span.start);
    let people = ids.into_iter().enumerate().map(|(i, id)| people::person(i, id, created_at)).collect();
    Network { people, interactions, exchanges, labels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_now_is_june_first_2026() {
        let expected: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        assert_eq!(Config::default().now, expected);
        let start: Timestamp = "2023-06-02T00:00:00Z".parse().unwrap();
        assert_eq!(Config::default().history_start(), start, "three years of 365 days");
    }

    #[test]
    fn an_empty_network_is_fine() {
        let net = generate(&Config { people: 0, ..Config::default() });
        assert!(net.people.is_empty() && net.interactions.is_empty() && net.labels.is_empty());
    }

    #[test]
    fn a_fractional_now_is_never_exceeded() {
        let now = Timestamp::constant(1_780_272_000, 999_999_999);
        let net = generate(&Config { people: 50, now, ..Config::default() });
        assert!(net.interactions.iter().all(|i| i.at <= now));
    }
}
