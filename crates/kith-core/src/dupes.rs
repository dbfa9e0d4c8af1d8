//! Finding records that are probably one human under two names: proposed to the user,
//! never merged without them.

use crate::matching::is_placeholder;
use crate::resolve::edit_distance;
use crate::{Identity, IdentityKind, Person, PersonId};
use std::collections::{HashMap, HashSet};

/// Scores below this are not proposed.
const THRESHOLD: u8 = 60;

/// People sharing a name word with more people than this are not compared on that word
/// alone (a common first name says little).
const CROWD: usize = 300;

/// An identity held by more people than this belongs to a place (a switchboard, a
/// front desk), and proposes no pair of them.
const SHARED_BY_FEW: usize = 4;

/// Two records that look like one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikelyDuplicate {
    /// One record.
    pub a: PersonId,
    /// The other.
    pub b: PersonId,
    /// How alike they look, 0–100.
    pub score: u8,
    /// Why, in words.
    pub reasons: Vec<&'static str>,
    /// The identity both hold, if they hold one.
    pub shared: Option<Identity>,
}

/// Pairs of people who look like one person, strongest first, leaving out the pairs
/// the user said are `distinct` (either order): names that look like one person's, and
/// people holding one identity (an import keeps records apart that share an identity
/// but not a name, for the user to decide). Only people who share a word of their
/// names, or an identity, are compared, so the cost grows with the size of those groups
/// rather than with the square of the network.
pub fn likely_duplicates(people: &[Person], distinct: &[(PersonId, PersonId)]) -> Vec<LikelyDuplicate> {
    let apart: HashSet<(&PersonId, &PersonId)> =
        distinct.iter().flat_map(|(a, b)| [(a, b), (b, a)]).collect();
    let mut found = by_name(people);
    let named: HashSet<(PersonId, PersonId)> = found.iter().map(|d| (d.a.clone(), d.b.clone())).collect();
    found.extend(by_identity(people).into_iter().filter(|d| !named.contains(&(d.a.clone(), d.b.clone()))));
    for dupe in &mut found {
        if dupe.shared.is_none()
            && let Some(shared) = shared_identity(people, &dupe.a, &dupe.b)
        {
            dupe.score = (dupe.score + 10).min(100);
            dupe.reasons.push(same(&shared));
            dupe.shared = Some(shared);
        }
    }
    found.retain(|d| !apart.contains(&(&d.a, &d.b)));
    found.sort_by(|x, y| y.score.cmp(&x.score).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
    found
}

/// An identity two people both hold.
fn shared_identity(people: &[Person], a: &PersonId, b: &PersonId) -> Option<Identity> {
    let find = |id: &PersonId| people.iter().find(|p| &p.id == id);
    let (a, b) = (find(a)?, find(b)?);
    a.identities.iter().find(|i| b.identities.contains(i) && !is_placeholder(i)).cloned()
}

/// The reason a shared identity gives, in words.
fn same(identity: &Identity) -> &'static str {
    match identity.kind() {
        IdentityKind::Email => "same email address",
        IdentityKind::Phone => "same phone number",
        IdentityKind::Url => "same profile",
        IdentityKind::Exchange => "same Exchange address",
        IdentityKind::Name => "same mail name",
    }
}

/// Pairs of people holding one identity that few people hold and that is no
/// placeholder, whose names do not already make them a pair.
fn by_identity(people: &[Person]) -> Vec<LikelyDuplicate> {
    let mut holders: HashMap<&Identity, Vec<&Person>> = HashMap::new();
    for person in people {
        for identity in person.identities.iter().filter(|i| !is_placeholder(i)) {
            holders.entry(identity).or_default().push(person);
        }
    }
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for (identity, group) in holders.into_iter().filter(|(_, g)| (2..=SHARED_BY_FEW).contains(&g.len())) {
        for (n, p) in group.iter().enumerate() {
            for q in &group[n + 1..] {
                let (a, b) = if p.id <= q.id { (&p.id, &q.id) } else { (&q.id, &p.id) };
                if seen.insert((a.clone(), b.clone())) {
                    found.push(LikelyDuplicate {
                        a: a.clone(),
                        b: b.clone(),
                        score: THRESHOLD,
                        reasons: vec![same(identity), "names differ"],
                        shared: Some(identity.clone()),
                    });
                }
            }
        }
    }
    found
}

/// Pairs of people whose names look like one person's.
fn by_name(people: &[Person]) -> Vec<LikelyDuplicate> {
    let names: Vec<Vec<String>> = people.iter().map(|p| name_words(&p.name)).collect();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, words) in names.iter().enumerate() {
        let distinct: HashSet<&str> =
            words.iter().map(String::as_str).filter(|w| w.chars().count() > 1).collect();
        for word in distinct {
            by_word.entry(word).or_default().push(i);
        }
    }
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for group in by_word.values().filter(|g| g.len() <= CROWD) {
        for (n, &i) in group.iter().enumerate() {
            for &j in &group[n + 1..] {
                if seen.insert((i.min(j), i.max(j)))
                    && let Some(dupe) = compare(&people[i], &names[i], &people[j], &names[j])
                {
                    found.push(dupe);
                }
            }
        }
    }
    found
}

fn compare(p: &Person, pw: &[String], q: &Person, qw: &[String]) -> Option<LikelyDuplicate> {
    let (mut score, reason) = name_likeness(pw, qw)?;
    let mut reasons = vec![reason];
    match (&p.org, &q.org) {
        (Some(a), Some(b)) if a == b => {
            score += 10;
            reasons.push("same organization");
        }
        (Some(_), Some(_)) => {
            score -= 20;
            reasons.push("different organizations");
        }
        _ => {}
    }
    (score >= THRESHOLD).then(|| {
        let (a, b) = if p.id <= q.id { (&p.id, &q.id) } else { (&q.id, &p.id) };
        LikelyDuplicate { a: a.clone(), b: b.clone(), score: score.min(100), reasons, shared: None }
    })
}

/// How alike two names are, with the reason, or `None` if not alike at all.
pub(crate) fn name_likeness(a: &[String], b: &[String]) -> Option<(u8, &'static str)> {
    let (mut sa, mut sb) = (a.to_vec(), b.to_vec());
    sa.sort();
    sb.sort();
    if sa == sb {
        return Some((90, "same name"));
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 2 && short.iter().all(|w| long.contains(w)) {
        return Some((75, "one name holds the other"));
    }
    if let (Some((fa, la)), Some((fb, lb))) = (ends(a), ends(b))
        && la == lb
        && compatible_first_names(fa, fb)
    {
        return Some((70, "same surname, matching first name or initial"));
    }
    let (ja, jb) = (a.join(" "), b.join(" "));
    let close = edit_distance(&ja, &jb);
    if ja.chars().count().min(jb.chars().count()) >= 8 && close <= 2 {
        return Some((65, "names spelled almost alike"));
    }
    None
}

/// The first and last words of a name of at least two words.
pub(crate) fn ends(words: &[String]) -> Option<(&str, &str)> {
    match words {
        [first, .., last] => Some((first, last)),
        _ => None,
    }
}

/// `a` and `ada`, or `chris` and `christopher`: one is an initial or a prefix of at
/// least three letters of the other.
pub(crate) fn compatible_first_names(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let n = short.chars().count();
    (n == 1 || n >= 3) && long.starts_with(short)
}

/// A name as comparable words: lower-case, accents folded, punctuation dropped.
pub(crate) fn name_words(name: &str) -> Vec<String> {
    let folded: String = name.chars().flat_map(char::to_lowercase).map(fold_accent).collect();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The unaccented letter of common Latin accented letters.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrgId;
    use crate::person::test_person as person;

    fn pairs(people: &[Person]) -> Vec<(String, String, u8)> {
        let name = |id: &PersonId| people.iter().find(|p| &p.id == id).unwrap().name.clone();
        likely_duplicates(people, &[]).iter().map(|d| (name(&d.a), name(&d.b), d.score)).collect()
    }

    #[test]
    fn alike_names_are_proposed_and_strangers_are_not() {
        let people = [
            person(1, "Ada Lovelace"),
            person(2, "Lovelace, Ada"),
            person(3, "A. Lovelace"),
            person(4, "Chloé Martin"),
            person(5, "Chloe Martin"),
            person(6, "Grace Hopper"),
            person(7, "Grace Kelly"),
            person(8, "Christopher Strachey"),
            person(9, "Chris Strachey"),
            person(10, "Margaret Hamiltn"),
            person(11, "Margaret Hamilton"),
        ];
        let found = pairs(&people);
        let has = |a: &str, b: &str| found.iter().any(|(x, y, _)| (x == a && y == b) || (x == b && y == a));
        assert!(has("Ada Lovelace", "Lovelace, Ada"));
        assert!(has("Ada Lovelace", "A. Lovelace"));
        assert!(has("Chloé Martin", "Chloe Martin"), "accents fold");
        assert!(has("Christopher Strachey", "Chris Strachey"));
        assert!(has("Margaret Hamiltn", "Margaret Hamilton"), "a typo");
        assert!(!has("Grace Hopper", "Grace Kelly"), "a shared first name is not enough");
        assert_eq!(found[0].2, 90, "exact matches come first: {found:?}");
    }

    #[test]
    fn a_shared_identity_proposes_a_pair_unless_many_hold_it_or_the_user_said_no() {
        let phone = |s: &str| Identity::phone(s).unwrap();
        let desk = phone("+1 905 555 1234");
        let with = |bits, name, ids: &[&Identity]| {
            let mut p = person(bits, name);
            p.identities = ids.iter().map(|i| (*i).clone()).collect();
            p
        };
        let people = [
            with(1, "Ada Lovelace", &[&desk]),
            with(2, "Greg Dartmouth", &[&desk]),
            with(3, "Ada Lovelace", &[&phone("555-555-1111")]),
            with(4, "Taro Yamada", &[&phone("555-555-1111")]),
        ];
        let found = likely_duplicates(&people, &[]);
        let pair = |a: u64, b: u64| {
            found
                .iter()
                .find(|d| d.a == PersonId::from_bits(a.min(b)) && d.b == PersonId::from_bits(a.max(b)))
        };
        let desk_pair = pair(1, 2).expect("one desk number, two names: proposed");
        assert_eq!(desk_pair.reasons, ["same phone number", "names differ"]);
        assert_eq!(desk_pair.shared.as_ref(), Some(&desk));
        assert!(pair(3, 4).is_none(), "a placeholder number proposes nobody");
        let same_name = pair(1, 3).expect("same name");
        assert_eq!((same_name.score, same_name.shared.as_ref()), (90, None));
        let rejected = likely_duplicates(&people, &[(PersonId::from_bits(2), PersonId::from_bits(1))]);
        assert!(!rejected.iter().any(|d| d.a == PersonId::from_bits(1) && d.b == PersonId::from_bits(2)));
        let names = ["Ann Lee", "Bo Diaz", "Cy Park", "Di Osei", "Ed Holm", "Fay Ruiz"];
        let crowd: Vec<Person> = (10..).zip(names).map(|(n, name)| with(n, name, &[&desk])).collect();
        assert!(likely_duplicates(&crowd, &[]).is_empty(), "six people on one number: a switchboard");
    }

    #[test]
    fn organizations_raise_or_lower_the_score() {
        let mut a = person(1, "Ada Lovelace");
        let mut b = person(2, "A. Lovelace");
        a.org = Some(OrgId::from_bits(1));
        b.org = Some(OrgId::from_bits(1));
        assert_eq!(pairs(&[a.clone(), b.clone()])[0].2, 80);
        b.org = Some(OrgId::from_bits(2));
        assert!(pairs(&[a, b]).is_empty(), "different employers and only an initial: not proposed");
    }
}
