//! When an identity two records share may join them without asking (PRODUCT.md §8):
//! only when nothing contradicts it. Names that disagree, an identity held by several
//! people (a switchboard, a shared inbox) or a placeholder number make the pair a
//! proposal for `kith dupes` instead of a merge.

use crate::dupes::{compatible_first_names, ends, name_likeness, name_words};
use crate::{Identity, IdentityKind, Person};

/// Why a shared identity does not join two records by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contest {
    /// The two records carry names of different people.
    NamesDiffer,
    /// Someone else holds the identity too: it belongs to a place or a group.
    HeldByMany,
    /// The identity is a placeholder (`555-555-1111`, `0000000000`) that says nothing.
    Placeholder,
}

/// What stands against joining a record named `name` to `person` on `identity`, which
/// `holders` people hold already (the person among them), or `None` if nothing does.
pub fn contest(name: Option<&str>, person: &Person, identity: &Identity, holders: usize) -> Option<Contest> {
    if is_placeholder(identity) {
        Some(Contest::Placeholder)
    } else if holders > 1 {
        Some(Contest::HeldByMany)
    } else if name.is_some_and(|name| !names_agree(name, person)) {
        Some(Contest::NamesDiffer)
    } else {
        None
    }
}

/// Whether `name` can be the person's: it is like their name or one of their aliases,
/// or either side is no real name (an address standing in for one).
pub fn names_agree(name: &str, person: &Person) -> bool {
    if !is_real_name(name) {
        return true;
    }
    let words = name_words(name);
    let theirs: Vec<Vec<String>> = std::iter::once(&person.name)
        .chain(&person.aliases)
        .filter(|n| is_real_name(n))
        .map(|n| name_words(n))
        .collect();
    theirs.is_empty() || theirs.iter().any(|w| alike(&words, w))
}

/// Whether two names, as words, can be one person's: alike as `kith dupes` sees names;
/// or one is a single word of the other (`Ada` on a phone, `Ada Lovelace` in mail); or
/// first and last words each match or are an initial or a short form of the other
/// (`Ada L.` and `Ada Lovelace`).
fn alike(a: &[String], b: &[String]) -> bool {
    let within = |one: &[String], other: &[String]| matches!(one, [word] if word.chars().count() > 1 && other.contains(word));
    name_likeness(a, b).is_some()
        || within(a, b)
        || within(b, a)
        || matches!((ends(a), ends(b)), (Some((fa, la)), Some((fb, lb)))
            if compatible_first_names(fa, fb) && compatible_first_names(la, lb))
}

/// A name with letters that is not an address: `bob@x.org`, `https://x.org/bob` or
/// `+1 555 0100` standing in for a name is no name.
fn is_real_name(name: &str) -> bool {
    name.chars().any(char::is_alphabetic) && !name.contains('@') && !name.contains("://")
}

/// A phone number that cannot be anyone's own: seven or more digits using at most two
/// different digits (`555-555-1111`, `000-000-0000`, `1111111`) or running straight up
/// (`1234567890`).
pub fn is_placeholder(identity: &Identity) -> bool {
    if identity.kind() != IdentityKind::Phone {
        return false;
    }
    let digits: Vec<u8> = identity.value().bytes().filter(u8::is_ascii_digit).map(|d| d - b'0').collect();
    let national = national_digits(&digits);
    if national.len() < 7 {
        return false;
    }
    let mut distinct = national.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() <= 2 || national.windows(2).all(|w| w[1] == (w[0] + 1) % 10)
}

/// The digits after a North American country code `1` when there are eleven, else all.
fn national_digits(digits: &[u8]) -> &[u8] {
    match digits {
        [1, rest @ ..] if rest.len() == 10 => rest,
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::test_person as person;

    fn phone(s: &str) -> Identity {
        Identity::phone(s).unwrap()
    }

    #[test]
    fn placeholders_are_recognized_and_real_numbers_are_not() {
        for fake in ["555-555-1111", "+1 555 555 5555", "000-000-0000", "11111111", "1234567890"] {
            assert!(is_placeholder(&phone(fake)), "{fake}");
        }
        for real in ["+1 905 555 1234", "+44 20 7946 0958", "555-0100", "+49 30 1234567"] {
            assert!(!is_placeholder(&phone(real)), "{real}");
        }
        assert!(!is_placeholder(&Identity::email("a@b.org").unwrap()));
    }

    #[test]
    fn names_agree_when_alike_or_missing() {
        let mut ada = person(1, "Ada Lovelace");
        assert!(names_agree("Lovelace, Ada", &ada));
        assert!(names_agree("A. Lovelace", &ada));
        assert!(names_agree("ada@example.org", &ada), "an address is no name");
        assert!(names_agree("Ada L.", &ada), "a family name's initial");
        assert!(names_agree("Ada", &ada), "a given name alone");
        assert!(!names_agree("Greg Dartmouth", &ada));
        assert!(!names_agree("Ada King", &ada), "another family name: maybe married, maybe not; asked");
        ada.aliases.push("Augusta King".into());
        assert!(names_agree("Augusta King", &ada), "an alias counts");
        assert!(names_agree("Greg Dartmouth", &person(2, "+1 555 0100")), "a number is no name");
    }

    #[test]
    fn a_contest_names_the_first_thing_against_a_join() {
        let ada = person(1, "Ada Lovelace");
        let email = Identity::email("ada@example.org").unwrap();
        assert_eq!(contest(Some("Ada Lovelace"), &ada, &email, 1), None);
        assert_eq!(contest(None, &ada, &email, 1), None);
        assert_eq!(contest(Some("Greg Dartmouth"), &ada, &email, 1), Some(Contest::NamesDiffer));
        assert_eq!(contest(Some("Ada Lovelace"), &ada, &email, 2), Some(Contest::HeldByMany));
        assert_eq!(
            contest(Some("Ada Lovelace"), &ada, &phone("555-555-1111"), 1),
            Some(Contest::Placeholder)
        );
    }
}
