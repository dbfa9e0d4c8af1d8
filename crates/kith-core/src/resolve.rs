//! Finding the person a user meant by a name: exact names first, then every word of
//! the query as the start of a word of the name, and the nearest names as suggestions
//! when nothing matches.

use crate::{Organization, Person};

/// Something that can be found by name: a person (name and aliases) or an organization.
pub trait Named {
    /// The id type.
    type Id: Clone;
    /// The id.
    fn id(&self) -> &Self::Id;
    /// Every name it goes by, the main one first.
    fn names(&self) -> Vec<&str>;
}

impl Named for Person {
    type Id = crate::PersonId;
    fn id(&self) -> &Self::Id {
        &self.id
    }
    fn names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).collect()
    }
}

impl Named for Organization {
    type Id = crate::OrgId;
    fn id(&self) -> &Self::Id {
        &self.id
    }
    fn names(&self) -> Vec<&str> {
        vec![self.name.as_str()]
    }
}

/// What a name query matched.
#[derive(Clone, Debug, PartialEq)]
pub enum NameMatch<I> {
    /// Exactly one.
    One(I),
    /// Several; the user must choose.
    Ambiguous(Vec<I>),
    /// None; the nearest names, best first (possibly none).
    NoneLike(Vec<I>),
}

/// Matches a name against candidates' names, ignoring case and extra spaces.
pub fn match_name<T: Named>(query: &str, candidates: &[T]) -> NameMatch<T::Id> {
    let q = fold(query);
    let names = |c: &T| c.names().into_iter().map(fold).collect::<Vec<_>>();
    let pick = |keep: &dyn Fn(&[String]) -> bool| -> Vec<T::Id> {
        candidates.iter().filter(|c| keep(&names(c))).map(|c| c.id().clone()).collect()
    };
    let mut found = pick(&|ns| ns.contains(&q));
    if found.is_empty() {
        found = pick(&|ns| ns.iter().any(|n| words_prefix(&q, n)));
    }
    match found.len() {
        0 => NameMatch::NoneLike(nearest(&q, candidates, names)),
        1 => NameMatch::One(found.remove(0)),
        _ => NameMatch::Ambiguous(found),
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A search typed as it is being typed, read as names are: its words, lower-cased.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words(Vec<String>);

impl Words {
    /// The words of `query`; none when it is blank.
    pub fn of(query: &str) -> Self {
        Words(fold(query).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect())
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every word is part of one of `texts` (a name, an identity, a tag…),
    /// ignoring case; a blank search finds everything.
    pub fn found_in<'a>(&self, texts: impl Iterator<Item = &'a str>) -> bool {
        let folded: Vec<String> = texts.map(str::to_lowercase).collect();
        self.0.iter().all(|w| folded.iter().any(|t| t.contains(w.as_str())))
    }
}

/// Every word of the query starts some distinct word of the name, in order.
fn words_prefix(query: &str, name: &str) -> bool {
    let mut words = name.split(' ');
    !query.is_empty() && query.split(' ').all(|q| words.any(|w| w.starts_with(q)))
}

fn nearest<T: Named>(q: &str, candidates: &[T], names: impl Fn(&T) -> Vec<String>) -> Vec<T::Id> {
    let limit = (q.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let best = names(c)
                .iter()
                .flat_map(|n| std::iter::once(n.as_str()).chain(n.split(' ')).map(|w| edit_distance(q, w)))
                .min()?;
            (best <= limit).then_some((best, i))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, i)| candidates[i].id().clone()).collect()
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diag + usize::from(ca != *cb));
            diag = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonId;
    use crate::person::test_person;

    fn person(bits: u64, name: &str, aliases: &[&str]) -> Person {
        let mut p = test_person(bits, name);
        p.aliases = aliases.iter().map(|a| a.to_string()).collect();
        p
    }

    #[test]
    fn a_search_finds_every_word_in_some_text_whatever_the_case() {
        let texts = ["Ada Lovelace", "ada@example.com", "Analytical Engines", "mentor"];
        assert!(Words::of("  LOVE  engines ").found_in(texts.iter().copied()));
        assert!(Words::of("example.com").found_in(texts.iter().copied()));
        assert!(!Words::of("ada babbage").found_in(texts.iter().copied()));
        assert!(Words::of("   ").is_empty() && Words::of("").found_in(texts.iter().copied()));
    }

    fn people() -> Vec<Person> {
        vec![
            person(1, "Ada Lovelace", &[]),
            person(2, "Ada Byron", &["Augusta Ada King"]),
            person(3, "Grace Hopper", &[]),
            person(4, "Alan Turing", &[]),
        ]
    }

    #[test]
    fn exact_then_word_prefixes() {
        assert_eq!(match_name("grace hopper", &people()), NameMatch::One(PersonId::from_bits(3)));
        assert_eq!(match_name("  Grace  ", &people()), NameMatch::One(PersonId::from_bits(3)));
        assert_eq!(match_name("augusta", &people()), NameMatch::One(PersonId::from_bits(2)));
        assert_eq!(match_name("ada l", &people()), NameMatch::One(PersonId::from_bits(1)));
        assert_eq!(
            match_name("ada", &people()),
            NameMatch::Ambiguous(vec![PersonId::from_bits(1), PersonId::from_bits(2)])
        );
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        assert_eq!(match_name("Grace Hoper", &people()), NameMatch::NoneLike(vec![PersonId::from_bits(3)]));
        assert_eq!(match_name("Alen", &people()), NameMatch::NoneLike(vec![PersonId::from_bits(4)]));
        assert_eq!(match_name("Zebulon Quux", &people()), NameMatch::NoneLike(vec![]));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
