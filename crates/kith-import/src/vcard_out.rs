//! People as vCard 4.0 (RFC 6350), for address books and phones.

use crate::export::Exported;
use crate::vcard::{KITH_PARAMETER, KITH_UID_PREFIX};
use kith_core::{CardDate, Identity, IdentityKind, NameParts, Person, Stage, Transition};

/// The longest a line may be, in octets, before it is folded.
const LINE_OCTETS: usize = 75;

/// One vCard 4.0 file holding a card for each person, in the order given.
pub fn vcard(people: &[Exported<'_>]) -> String {
    people.iter().map(vcard_card).collect()
}

/// One person's vCard 4.0 card: name (whole and in parts), nicknames, birthday and
/// anniversary, addresses, identities with their labels, organization, title and
/// function, tags and notes, with the stage and its latest change as properties marked `X-KITH=stage`, which
/// address books keep and kith ignores when the card is imported again. Lines end in
/// CRLF and are folded at 75 octets.
pub fn vcard_card(p: &Exported<'_>) -> String {
    let person = p.person;
    let mut card = Card::default();
    card.line("BEGIN:VCARD");
    card.line("VERSION:4.0");
    card.line(&format!("UID:{KITH_UID_PREFIX}{}", person.id));
    card.line(&format!("FN:{}", text(&person.name)));
    card.line(&format!("N:{}", structured_name(person)));
    let details = &person.details;
    for (i, nickname) in details.nicknames.iter().enumerate() {
        let pref = if i == 0 && details.prefers_nickname { ";PREF=1" } else { "" };
        card.line(&format!("NICKNAME{pref}:{}", text(nickname)));
    }
    for (property, date) in [("BDAY", details.birthday), ("ANNIVERSARY", details.anniversary)] {
        if let Some(date) = date {
            card.line(&format!("{property}:{}", basic_date(date)));
        }
    }
    for address in &details.addresses {
        let parts: Vec<String> = address.lines().iter().map(|part| text(part)).collect();
        card.line(&format!("ADR{}:{}", type_parameter(&address.types), parts.join(";")));
    }
    for identity in &person.identities {
        // A vCard has no place for an X.500 address or a bare Notes name; the JSON
        // export keeps them.
        if let Some(line) = identity_line(person, identity) {
            card.line(&line);
        }
    }
    if let Some(org) = p.org {
        card.line(&format!("ORG:{}", text(org)));
    }
    if let Some(role) = &person.role {
        card.line(&format!("TITLE:{}", text(role)));
    }
    if let Some(function) = &details.function {
        card.line(&format!("ROLE:{}", text(function)));
    }
    // The `stage:` tag repeats the stage, which has a line of its own below.
    let tags: Vec<String> =
        person.tags.iter().filter(|t| !t.starts_with(kith_core::STAGE_TAG_PREFIX)).map(|t| text(t)).collect();
    if !tags.is_empty() {
        card.line(&format!("CATEGORIES:{}", tags.join(",")));
    }
    card.line(&format!("CATEGORIES;{KITH_PARAMETER}=stage:{}", person.stage));
    if let Some(change) = p.last_transition {
        card.line(&format!("NOTE;{KITH_PARAMETER}=stage:{}", text(&summary(change))));
    }
    for note in p.notes {
        card.line(&format!("NOTE:{}", text(&note.text)));
    }
    card.line("END:VCARD");
    card.0
}

/// A stage change in a sentence or two, such as "Ended on 2026-05-03: moved away (door
/// open). Write at New Year." The date is in UTC.
fn summary(change: &Transition) -> String {
    let mut out = format!("{} on {}", stage_words(change.to), change.at.strftime("%Y-%m-%d"));
    if let Some(reason) = &change.reason {
        out.push_str(": ");
        out.push_str(reason.trim_end_matches('.'));
    }
    if let Some(door) = change.door {
        out.push_str(&format!(" (door {door})"));
    }
    out.push('.');
    if let Some(note) = &change.note {
        out.push(' ');
        out.push_str(note);
    }
    out
}

/// A stage's name as words with a capital: "Walked away".
fn stage_words(stage: Stage) -> String {
    let words = stage.as_str().replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// `N`: the parts the person's card gave, else the display name split as
/// [`NameParts::guessed`] does.
fn structured_name(person: &Person) -> String {
    let parts = person.details.name_parts.clone().unwrap_or_else(|| NameParts::guessed(&person.name));
    [&parts.family, &parts.given, &parts.additional, &parts.prefix, &parts.suffix]
        .map(|part| text(part))
        .join(";")
}

/// An `EMAIL`, `TEL` or `URL` line with the identity's types, preference and
/// extension; `None` for kinds a vCard has no place for.
fn identity_line(person: &Person, identity: &Identity) -> Option<String> {
    let label = person.details.label(identity);
    let mut parameters = type_parameter(label.map_or(&[][..], |l| &l.types));
    if label.is_some_and(|l| l.pref) {
        parameters.push_str(";PREF=1");
    }
    let value = identity.value();
    Some(match identity.kind() {
        IdentityKind::Email => format!("EMAIL{parameters}:{}", text(value)),
        IdentityKind::Phone => {
            let extension = label.and_then(|l| l.extension.as_deref()).map(|x| format!(";ext={x}"));
            format!("TEL;VALUE=uri{parameters}:tel:{value}{}", extension.unwrap_or_default())
        }
        IdentityKind::Url => format!("URL{parameters}:{value}"),
        IdentityKind::Exchange | IdentityKind::Name => return None,
    })
}

/// `;TYPE=a,b` for a property's types, or nothing when it has none.
fn type_parameter(types: &[String]) -> String {
    if types.is_empty() { String::new() } else { format!(";TYPE={}", types.join(",")) }
}

/// A date in vCard 4.0's basic form: `19850415`, or `--0415` without a year.
fn basic_date(date: CardDate) -> String {
    match date.year {
        Some(year) => format!("{year:04}{:02}{:02}", date.month, date.day),
        None => format!("--{:02}{:02}", date.month, date.day),
    }
}

/// Text escaped for a property value: backslash, comma and semicolon behind a
/// backslash, and line breaks as `\n`.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            other => out.push(other),
        }
    }
    out
}

/// A card being written.
#[derive(Default)]
struct Card(String);

impl Card {
    /// Appends a content line, folded so that no line is longer than [`LINE_OCTETS`]:
    /// a continuation line starts with a space. A fold never splits a UTF-8 character,
    /// nor an escape such as `\n`.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let mut unit = String::from(c);
            if c == '\\' {
                unit.extend(chars.next());
            }
            if width + unit.len() > LINE_OCTETS {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push_str(&unit);
            width += unit.len();
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_split_neither_characters_nor_escapes() {
        let value = text(&"é\\,;€".repeat(40));
        let mut card = Card::default();
        card.line(&format!("NOTE:{value}"));
        let lines: Vec<&str> = card.0.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= LINE_OCTETS), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let dangling = |l: &&str| l.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
        assert!(!lines.iter().any(dangling), "an escape split: {lines:?}");
        assert_eq!(card.0.replace("\r\n ", ""), format!("NOTE:{value}\r\n"));
    }

    #[test]
    fn text_is_escaped_and_names_split() {
        assert_eq!(text("a\\b,c;d\r\ne\rf\ng"), "a\\\\b\\,c\\;d\\ne\\nf\\ng");
        let named = |name: &str| {
            kith_core::NewPerson::named(name)
                .unwrap()
                .with_id(kith_core::PersonId::from_bits(1), jiff::Timestamp::UNIX_EPOCH)
        };
        assert_eq!(structured_name(&named("Grace Brewster Hopper")), "Hopper;Grace Brewster;;;");
        assert_eq!(structured_name(&named("Plato")), "Plato;;;;");
    }
}
