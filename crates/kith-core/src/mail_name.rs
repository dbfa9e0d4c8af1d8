//! A person's name from what a mail header says of them, given name first.
//!
//! Real exports write names every which way: `"Jones, Tana"`, `TOWNSEND  JUDITH G`
//! beside `judy.townsend@…`, `'Shanna Boudreaux`, a Lotus Notes name with its domain
//! (`Enron Change Management Announcement@ENRON`), or nothing at all beside
//! `sara.shackleton@…`. Drafts greet people by the first word of their name, so the order
//! matters.

/// Words that follow a family name and stay last: `Robert Regan Jr`.
const SUFFIXES: [&str; 10] = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md", "esq"];

/// The name to give a correspondent: the display name in "given family" order, without
/// quote marks or a Notes domain, capitalised when written all in capitals; without a
/// usable display name, the words of a `first.last@` address; failing both, the address.
///
/// A display name is turned around when it says so itself (`Townsend, Judy`, `Regan Jr,
/// Robert`, `Smith, John, Jr.`) or when the address does: `Shackleton Sara` beside
/// `sara.shackleton@…` starts with the family name the address ends with.
pub fn person_name_from_mail(display: Option<&str>, address: &str) -> String {
    let local = address.split_once('@').map_or("", |(local, _)| local);
    let tokens: Vec<&str> = local.split(['.', '_', '-']).filter(|t| !t.is_empty()).collect();
    let name = display.map(clean_display).filter(|d| d.chars().any(char::is_alphabetic) && !d.contains('@'));
    match name {
        Some(name) => capitalised_if_shouting(&given_first(&name, &tokens)),
        None => from_address(&tokens).unwrap_or_else(|| address.to_owned()),
    }
}

/// The display name without surrounding quote marks, a Notes `@DOMAIN` ending, or runs of
/// spaces.
fn clean_display(display: &str) -> String {
    let mut text = display.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'));
    if let Some((name, domain)) = text.rsplit_once('@')
        && !domain.is_empty()
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !name.contains('@')
    {
        text = name;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c| matches!(c, '"' | '`')))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// `name` with its family name last, as the name itself or the address tokens show.
fn given_first(name: &str, tokens: &[&str]) -> String {
    let parts: Vec<&str> = name.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [family, given] if !family.is_empty() && !given.is_empty() => {
            if is_suffix_words(given) {
                return format!("{family} {given}");
            }
            let (family, suffix) = split_suffix(family);
            join([given, family.as_str(), suffix.as_str()])
        }
        [family, given, suffix] if !family.is_empty() && !given.is_empty() && is_suffix_words(suffix) => {
            join([*given, *family, *suffix])
        }
        [_] => family_first_by_address(name, tokens).unwrap_or_else(|| name.to_owned()),
        _ => name.replace(',', " ").split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// `Shackleton Sara` turned around when the address is `sara.shackleton@`: the name starts
/// with the address's last token and not with its first.
fn family_first_by_address(name: &str, tokens: &[&str]) -> Option<String> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    let words: Vec<&str> = name.split_whitespace().collect();
    if tokens.len() < 2 || words.len() < 2 {
        return None;
    }
    // `O'NEAL` is the `oneal` of `james.oneal@`: only letters and digits are compared.
    let same = |a: &str, b: &str| {
        let letters = |s: &str| {
            s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>()
        };
        letters(a) == letters(b)
    };
    if !same(words[0], last) || same(words[0], first) {
        return None;
    }
    let (family, suffix) = split_suffix(words[0]);
    let given = words[1..].join(" ");
    let (given, more) = split_suffix(&given);
    Some(join([given.as_str(), family.as_str(), suffix.as_str(), more.as_str()]))
}

/// The words of `text` before its trailing suffixes, and those suffixes.
fn split_suffix(text: &str) -> (String, String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keep = words.iter().rposition(|w| !is_suffix(w)).map_or(0, |i| i + 1).max(1).min(words.len());
    (words[..keep].join(" "), words[keep..].join(" "))
}

fn is_suffix(word: &str) -> bool {
    SUFFIXES.iter().any(|s| word.eq_ignore_ascii_case(s))
}

fn is_suffix_words(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    words.peek().is_some() && words.all(is_suffix)
}

/// The non-empty parts joined by single spaces.
fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
}

/// A name written all in capitals (`TOWNSEND JUDITH G`) in ordinary case; initials and
/// roman-numeral suffixes stay as they are.
fn capitalised_if_shouting(name: &str) -> String {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 4 || name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    let word = |w: &str| {
        if w.chars().filter(|c| c.is_alphabetic()).count() <= 1 || ["II", "III", "IV"].contains(&w) {
            return w.to_owned();
        }
        let lower = w.to_lowercase();
        let mut out = String::with_capacity(lower.len());
        let mut start = true;
        for c in lower.chars() {
            if start {
                out.extend(c.to_uppercase())
            } else {
                out.push(c)
            }
            start = matches!(c, '-' | '\'');
        }
        out
    };
    name.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

/// `Sara Shackleton` from `sara.shackleton@`: two or three alphabetic tokens, the first
/// and last of two letters or more.
fn from_address(tokens: &[&str]) -> Option<String> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    let alphabetic = tokens.iter().all(|t| t.chars().all(char::is_alphabetic));
    if !(2..=3).contains(&tokens.len())
        || !alphabetic
        || first.chars().count() < 2
        || last.chars().count() < 2
    {
        return None;
    }
    Some(tokens.iter().map(|t| crate::names::capitalized(&t.to_lowercase())).collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::person_name_from_mail as name;

    #[test]
    fn names_read_given_family() {
        // Every form here was seen in one real Enron mailbox (townsend-j).
        let cases = [
            (Some("Townsend, Judy"), "/o=enron/ou=na/cn=recipients/cn=jtownse", "Judy Townsend"),
            (Some("Fletcher, Brenda H."), "/o=enron/ou=na/cn=recipients/cn=bfletch", "Brenda H. Fletcher"),
            (Some("TOWNSEND  JUDITH G"), "judy.townsend@enron.com", "Judith G Townsend"),
            (Some("Alatorre  Hector"), "hector.x.alatorre@williams.com", "Hector Alatorre"),
            (Some("'Shanna Boudreaux"), "shannaboudreaux@hotmail.com", "Shanna Boudreaux"),
            (Some("Judy Townsend"), "", "Judy Townsend"),
            (Some("Enron Change Management Announcement@ENRON"), "", "Enron Change Management Announcement"),
            (Some("infopost@duke-energy.com@ENRON"), "infopost@duke-energy.com", "infopost@duke-energy.com"),
            (None, "sara.shackleton@enron.com", "Sara Shackleton"),
            (None, "laurie.e.catlett@williams.com", "Laurie E Catlett"),
            (None, "jtownse@yahoo.com", "jtownse@yahoo.com"),
            (Some("Shackleton Sara"), "sara.shackleton@enron.com", "Sara Shackleton"),
            (Some("Regan Jr, Robert"), "", "Robert Regan Jr"),
            (Some("Smith, John, Jr."), "", "John Smith Jr."),
            (Some("Robert Regan Jr"), "", "Robert Regan Jr"),
            (Some("Audry O'Toole"), "", "Audry O'Toole"),
            (Some("\"Jones, Tana\""), "tana.jones@enron.com", "Tana Jones"),
            (Some("O'NEAL JAMES III"), "james.oneal@x.com", "James O'Neal III"),
        ];
        for (display, address, want) in cases {
            assert_eq!(name(display, address), want, "{display:?} <{address}>");
        }
    }

    #[test]
    fn a_name_that_starts_with_the_given_name_stays() {
        // The address's first token is the name's first word: nothing to turn around.
        assert_eq!(name(Some("Sara Shackleton"), "sara.shackleton@enron.com"), "Sara Shackleton");
        // One token says nothing about order.
        assert_eq!(name(Some("Germany Chris"), "cgerman@enron.com"), "Germany Chris");
    }
}
