//! Address-book-only people, old archives and one-message senders keep their shapes, and
//! kith's tiers follow the tiers the simulator means the ties to have.

use jiff::SignedDuration;
use kith_core::{Channel, Direction, Interaction, PersonId, Tier};
use kith_sim::{Config, Mix, Network, Trajectory, generate, given_tiers, tier_confusion};
use std::collections::HashMap;

/// A small address book where most people have no live tie, so the layers have room for
/// them: only the history can keep them out.
fn mostly_outside() -> (Config, Network) {
    let mix = Mix {
        steady: 0.1,
        drifting: 0.0,
        one_sided_taking: 0.0,
        unresponsive: 0.0,
        rare_but_steady: 0.0,
        new: 0.0,
        address_book_only: 0.5,
        old_archive: 0.2,
        one_message: 0.2,
        ..Mix::default()
    };
    let config = Config { people: 200, seed: 9, mix, ..Config::default() };
    let network = generate(&config);
    (config, network)
}

fn by_person(net: &Network) -> HashMap<&PersonId, Vec<&Interaction>> {
    let mut map: HashMap<&PersonId, Vec<&Interaction>> = HashMap::new();
    for i in &net.interactions {
        map.entry(&i.participants[0]).or_default().push(i);
    }
    map
}

#[test]
fn people_outside_live_ties_keep_their_shapes() {
    let (config, net) = mostly_outside();
    let lists = by_person(&net);
    let none = Vec::new();
    let mut connected = 0;
    for label in &net.labels {
        let list = lists.get(&label.person).unwrap_or(&none);
        match label.trajectory {
            Trajectory::AddressBookOnly => {
                assert!(list.len() <= 1 && label.since.is_none(), "{label:?}: {list:?}");
                for i in list {
                    assert_eq!((i.channel, i.direction), (Channel::Social, Direction::Mutual));
                    connected += 1;
                }
            }
            Trajectory::OldArchive => {
                // Contact ended 730 to 900 days ago; the owner's last replies follow within days.
                let since = label.since.unwrap();
                assert!(since <= config.now - SignedDuration::from_hours(730 * 24), "{label:?}");
                assert!(list.len() >= 3, "a tie once kept up: {label:?}");
                let latest = list.iter().map(|i| i.at).max().unwrap();
                assert!(latest <= since + SignedDuration::from_hours(30 * 24), "{label:?}");
            }
            Trajectory::OneMessage => {
                assert_eq!(list.len(), 1, "{label:?}");
                let message = list[0];
                assert_eq!((message.channel, message.direction), (Channel::Email, Direction::In));
                assert_eq!(Some(message.at), label.since);
            }
            _ => {}
        }
    }
    // A hundred address-book-only people, each connected on LinkedIn with a chance of one
    // half: 50 expected, and fewer than 35 or more than 65 is a 3-sigma surprise.
    assert!((35..=65).contains(&connected), "{connected} connections");
}

#[test]
fn no_one_outside_a_live_tie_is_close() {
    let (config, net) = mostly_outside();
    let given = given_tiers(&net, config.now);
    let lists = by_person(&net);
    for (label, tier) in net.labels.iter().zip(&given) {
        // Whether the owner ever took part, a connection included.
        let owners = lists.get(&label.person).is_some_and(|l| l.iter().any(|i| i.direction != Direction::In));
        let expected = match label.trajectory {
            // There is room in the network layer for all of them (20 steady ties, 40 old
            // archives and about 50 connections, of 150 places), but no closer, and only
            // where the owner took part.
            Trajectory::AddressBookOnly | Trajectory::OldArchive if owners => Tier::Network,
            Trajectory::AddressBookOnly | Trajectory::OldArchive | Trajectory::OneMessage => {
                Tier::Acquaintance
            }
            _ => continue,
        };
        assert_eq!(*tier, expected, "{label:?}");
        assert!(label.tier == Tier::Acquaintance, "nothing meant for them: {label:?}");
    }
    // The 20 steady ties fill the inner and close layers.
    let close = given.iter().filter(|t| matches!(t, Tier::Inner | Tier::Close)).count();
    assert_eq!(close, 15);
}

#[test]
fn tiers_follow_the_tiers_meant_on_seeds_not_used_for_tuning() {
    // The intensity's scale was chosen on seeds 1 to 3; these are others.
    for seed in [4, 5] {
        let config = Config { people: 2_000, seed, mix: Mix::with_address_book(), ..Config::default() };
        let net = generate(&config);
        let confusion = tier_confusion(&net, &given_tiers(&net, config.now));
        let top = |row: &[usize; 5]| row[0] + row[1];
        // Of the 15 ties meant to be inner or close, 11 and 9 are (checked by hand); by
        // chance alone, 15 places among some 1,300 live ties would take none.
        let agreed = top(&confusion.counts[0]) + top(&confusion.counts[1]);
        assert!(agreed >= 8, "seed {seed}: {confusion:?}");
        // Nobody meant to be an acquaintance is inner or close.
        assert_eq!(top(&confusion.counts[4]), 0, "seed {seed}: {confusion:?}");
    }
}
