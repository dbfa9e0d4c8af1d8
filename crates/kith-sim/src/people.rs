//! Simulated people: a name from small built-in lists and one email address each.

use jiff::Timestamp;
use kith_core::{Identity, NewPerson, Person, PersonId};

const FIRST: [&str; 48] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam",
    "Maya", "Nikos", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena",
    "Yusuf", "Zoe", "Amara", "Bruno", "Carmen", "Dmitri", "Esther", "Felix", "Gita", "Hamid", "Ilse", "Jun",
    "Kofi", "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Rafael", "Signe", "Tomas", "Uma", "Viktor", "Wanda",
];

const LAST: [&str; 48] = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gallo",
    "Hartmann",
    "Ibarra",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quiroga",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Alvarez",
    "Brennan",
    "Costa",
    "Dalton",
    "Esposito",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Kim",
    "Larsen",
    "Mendes",
    "Novak",
    "Olsen",
    "Park",
    "Rahman",
    "Schmidt",
    "Torres",
    "Vogel",
    "Wright",
    "Yamada",
    "Ziegler",
];

/// The name of person number `index`. The first 2,304 names are distinct pairs of a
/// first and a last name, spread so that neighbours rarely share either; after that
/// the pairs come round again with a number (`Ada Okafor 2`).
pub(crate) fn name(index: usize) -> String {
    let combos = FIRST.len() * LAST.len();
    // 1,237 is prime and does not divide 2,304, so this visits every pair once per round.
    let j = (index % combos) * 1237 % combos;
    let (first, last) = (FIRST[j % FIRST.len()], LAST[j / FIRST.len()]);
    match index / combos {
        0 => format!("{first} {last}"),
        round => format!("{first} {last} {}", round + 1),
    }
}

/// Person number `index`: a name, the address `p00042@sim.example`, default stage, no
/// tier, added at `created_at`.
pub(crate) fn person(index: usize, id: PersonId, created_at: Timestamp) -> Person {
    let email = Identity::email(&format!("p{index:05}@sim.example")).expect("simulated addresses are valid");
    let draft = NewPerson::named(&name(index)).expect("simulated names are valid");
    NewPerson { identities: vec![email], ..draft }.with_id(id, created_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_distinct() {
        let names: HashSet<String> = (0..10_000).map(name).collect();
        assert_eq!(names.len(), 10_000);
        assert_eq!(name(2304 + 5).split(' ').nth(2), Some("2"));
    }

    #[test]
    fn a_person_has_one_email() {
        let p = person(42, PersonId::from_bits(1), Timestamp::UNIX_EPOCH);
        assert_eq!(p.identities.len(), 1);
        assert_eq!(p.identities[0].value(), "p00042@sim.example");
        assert_eq!(p.stage, kith_core::Stage::default());
    }
}
