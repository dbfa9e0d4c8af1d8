//! The simulated people as an address book lists them, with the numbers people share:
//! a front desk many people give as their number, a landline two people of one household
//! give, and a placeholder some cards carry instead of a number. Every card is a person
//! of their own, so an import that joins any two of them is wrong.

use crate::Network;
use kith_core::{ContactRecord, Identity};

/// How many people one front-desk number serves.
pub const DESK_SIZE: usize = 8;

/// The placeholder number some cards carry.
pub const PLACEHOLDER: &str = "555-555-1111";

/// Who shares what, by a person's index: every fifth person (0, 5, 10, …) gives the front
/// desk of their block of [`DESK_SIZE`] such people; persons 1 and 6, 11 and 16, … share
/// a landline in pairs; every twentieth from 2 (2, 22, 42, …) gives the placeholder; the
/// rest have a mobile number of their own.
fn phone(index: usize) -> String {
    match index % 5 {
        0 => format!("+1 416 555 {:04}", 1000 + index / 5 / DESK_SIZE),
        1 => format!("+1 905 555 {:04}", 2000 + index / 10),
        2 if index % 20 == 2 => PLACEHOLDER.to_owned(),
        _ => format!("+1 647 {:03} {:04}", 200 + index / 10_000, index % 10_000),
    }
}

/// A card for everyone in `network`, in `file`: their name, their address and the number
/// [`phone`] gives them.
pub fn address_book(network: &Network, file: &str) -> Vec<ContactRecord> {
    network
        .people
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let mut identities = person.identities.clone();
            identities.push(Identity::phone(&phone(index)).expect("simulated numbers are valid"));
            ContactRecord {
                source_key: format!("{file}:{}", person.id),
                file: file.to_owned(),
                name: Some(person.name.clone()),
                identities,
                ..ContactRecord::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, generate};

    #[test]
    fn numbers_are_shared_as_the_rules_say() {
        let net = generate(&Config { people: 100, ..Config::default() });
        let cards = address_book(&net, "book.vcf");
        let holders = |number: &str| {
            let number = Identity::phone(number).unwrap();
            cards.iter().filter(|c| c.identities.contains(&number)).count()
        };
        // 20 people (0, 5, …, 95) at the desks: 8, 8 and 4.
        assert_eq!(
            (holders("+1 416 555 1000"), holders("+1 416 555 1001"), holders("+1 416 555 1002")),
            (8, 8, 4)
        );
        assert_eq!(holders("+1 905 555 2000"), 2, "persons 1 and 6");
        assert_eq!(holders(PLACEHOLDER), 5, "persons 2, 22, 42, 62 and 82");
        assert_eq!(holders("+1 647 200 0003"), 1);
    }
}
