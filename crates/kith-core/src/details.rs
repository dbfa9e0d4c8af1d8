//! What an address book says of a person beyond name and identities: the parts of their
//! name, nicknames, birthday and anniversary, postal addresses, the function behind
//! their title, and how each email address or phone number is labelled.

use crate::{Fnv, Identity, IdentityKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything kept of a card that kith's own fields do not hold. Empty for a person
/// typed by hand; an old snapshot without it reads as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDetails {
    /// The name in parts, when they say more than the display name split at its last
    /// space (see [`NameParts::guessed`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_parts: Option<NameParts>,
    /// Nicknames, in the card's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nicknames: Vec<String>,
    /// Whether the card prefers the first nickname as the name to greet them by.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prefers_nickname: bool,
    /// Their birthday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<CardDate>,
    /// Their wedding or other anniversary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anniversary: Option<CardDate>,
    /// Postal addresses, in the card's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<PostalAddress>,
    /// The function they fill (vCard `ROLE`) when the card also gave a title, which is
    /// the person's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Labels of their identities (types, preference, extension), sorted by identity;
    /// an identity without any has no entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<IdentityLabel>,
}

impl PersonDetails {
    /// Whether nothing is known beyond name and identities.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The label of one identity, if it has one.
    pub fn label(&self, identity: &Identity) -> Option<&IdentityLabel> {
        self.labels.iter().find(|l| &l.identity == identity)
    }

    /// Folds another source's details in: when `newer`, each thing it says replaces
    /// ours; otherwise it only fills what we lack. Labels go by identity the same way.
    pub fn fold(&mut self, other: &PersonDetails, newer: bool) {
        fn take<T: Clone>(ours: &mut Option<T>, theirs: &Option<T>, newer: bool) {
            if theirs.is_some() && (newer || ours.is_none()) {
                ours.clone_from(theirs);
            }
        }
        take(&mut self.name_parts, &other.name_parts, newer);
        if !other.nicknames.is_empty() && (newer || self.nicknames.is_empty()) {
            self.nicknames.clone_from(&other.nicknames);
            self.prefers_nickname = other.prefers_nickname;
        }
        take(&mut self.birthday, &other.birthday, newer);
        take(&mut self.anniversary, &other.anniversary, newer);
        if !other.addresses.is_empty() && (newer || self.addresses.is_empty()) {
            self.addresses.clone_from(&other.addresses);
        }
        take(&mut self.function, &other.function, newer);
        for label in &other.labels {
            match self.labels.iter_mut().find(|l| l.identity == label.identity) {
                Some(ours) if newer => *ours = label.clone(),
                Some(_) => {}
                None => self.labels.push(label.clone()),
            }
        }
        self.labels.sort_by(|a, b| a.identity.cmp(&b.identity));
    }

    /// Adds everything to a digest, field by field.
    pub fn digest_into(&self, h: &mut Fnv) {
        let parts = self.name_parts.clone().unwrap_or_default();
        for part in [&parts.prefix, &parts.given, &parts.additional, &parts.family, &parts.suffix] {
            h.field(part);
        }
        h.list(&self.nicknames);
        h.field(if self.prefers_nickname { "nick" } else { "" });
        for date in [&self.birthday, &self.anniversary] {
            h.field(&date.map(|d| d.to_string()).unwrap_or_default());
        }
        for address in &self.addresses {
            h.list(&address.types);
            h.list(&address.lines());
        }
        h.field(self.function.as_deref().unwrap_or(""));
        for label in &self.labels {
            h.field(label.identity.value());
            h.list(&label.types);
            h.field(if label.pref { "pref" } else { "" });
            h.field(label.extension.as_deref().unwrap_or(""));
        }
    }
}

/// A name in the five parts of a vCard `N`. Several values of one part (two given
/// names) are kept joined by a space.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameParts {
    /// Honorific prefixes ("Mr.", "Dr.").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Given names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub given: String,
    /// Additional (middle) names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub additional: String,
    /// Family names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family: String,
    /// Honorific suffixes ("Jr.", "PhD").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

impl NameParts {
    /// The parts kith assumes when it knows only a display name: the last word is the
    /// family name and the words before it the given names. A card whose `N` says just
    /// this adds nothing, so it is not kept.
    pub fn guessed(display_name: &str) -> Self {
        let name = display_name.split_whitespace().collect::<Vec<_>>().join(" ");
        let (given, family) = name.rsplit_once(' ').unwrap_or(("", &name));
        Self { given: given.to_owned(), family: family.to_owned(), ..Self::default() }
    }

    /// The name as people write it: prefix, given, additional, family, suffix, the
    /// empty parts left out.
    pub fn joined(&self) -> String {
        [&self.prefix, &self.given, &self.additional, &self.family, &self.suffix]
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A day of the year, with the year when it is known (a birthday written `--0415`
/// has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardDate {
    /// The year, when known.
    pub year: Option<i16>,
    /// The month, 1 to 12.
    pub month: i8,
    /// The day of the month.
    pub day: i8,
}

impl CardDate {
    /// A date, checked (29 February is allowed without a year).
    pub fn new(year: Option<i16>, month: i8, day: i8) -> Option<Self> {
        jiff::civil::Date::new(year.unwrap_or(2000), month, day).ok()?;
        Some(Self { year, month, day })
    }

    /// Reads the forms address books write: `1985-04-15`, `19850415`, vCard 3's
    /// `--0415` and `--04-15` and vCard 4's `--0415`, each possibly followed by a time
    /// (`T…`), which is ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let date = text.trim().split(['T', 't']).next()?;
        let (year, rest) = match date.strip_prefix("--") {
            Some(rest) => (None, rest),
            None if date.len() >= 8 && date.is_char_boundary(4) => {
                let (year, rest) = date.split_at(4);
                (Some(year.parse::<i16>().ok()?), rest.trim_start_matches('-'))
            }
            None => return None,
        };
        let digits: String = rest.chars().filter(|c| *c != '-').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(year, digits[..2].parse().ok()?, digits[2..].parse().ok()?)
    }
}

impl fmt::Display for CardDate {
    /// `1985-04-15`, or `--04-15` without a year.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(f, "{year:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

// By hand: it is written as text (`1985-04-15`, or `--04-15` without a year).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for CardDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("A day of the year: 1985-04-15, or --04-15 when the year is not known"))
            .examples(["1985-04-15", "--04-15"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for CardDate {}

impl Serialize for CardDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CardDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a date")))
    }
}

/// A postal address as a card gives it (vCard `ADR`), with its types (home, work).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostalAddress {
    /// Its types, lower-case ("home", "work").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Post office box.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub po_box: String,
    /// Extended address (apartment, suite).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extended: String,
    /// Street.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
    /// City.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub locality: String,
    /// State or province.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// Postal code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postal_code: String,
    /// Country.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
}

impl PostalAddress {
    /// The seven parts in `ADR` order.
    pub fn lines(&self) -> [String; 7] {
        [
            self.po_box.clone(),
            self.extended.clone(),
            self.street.clone(),
            self.locality.clone(),
            self.region.clone(),
            self.postal_code.clone(),
            self.country.clone(),
        ]
    }

    /// Whether every part is empty.
    pub fn is_blank(&self) -> bool {
        self.lines().iter().all(String::is_empty)
    }
}

/// How a card labels one identity: its types (work, home, cell, fax…), whether it is
/// the preferred one of its kind, and the extension to dial after a phone number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityLabel {
    /// The identity labelled.
    pub identity: Identity,
    /// Its types, lower-case, in the card's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Whether the card marks it as preferred.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pref: bool,
    /// The extension to dial after the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

impl IdentityLabel {
    /// Whether the label says anything (an identity with an empty label has none).
    pub fn says_something(&self) -> bool {
        !self.types.is_empty() || self.pref || self.extension.is_some()
    }

    /// Whether it is a fax number: kept, but never the number to call.
    pub fn is_fax(&self) -> bool {
        self.identity.kind() == IdentityKind::Phone && self.types.iter().any(|t| t == "fax")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_every_form_address_books_write() {
        let full = CardDate::new(Some(1985), 4, 15);
        for text in ["1985-04-15", "19850415", "1985-04-15T00:00:00Z", "19850415T120000"] {
            assert_eq!(CardDate::parse(text), full, "{text}");
        }
        let yearless = CardDate::new(None, 4, 15);
        for text in ["--0415", "--04-15"] {
            assert_eq!(CardDate::parse(text), yearless, "{text}");
        }
        assert_eq!(full.unwrap().to_string(), "1985-04-15");
        assert_eq!(yearless.unwrap().to_string(), "--04-15");
        // 29 February needs a leap year only when the year is known.
        assert!(CardDate::parse("--0229").is_some());
        assert!(CardDate::parse("1985-02-29").is_none());
        for bad in ["", "April", "1985", "--13-01", "--04", "19850415x"] {
            assert_eq!(CardDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_newer_source_replaces_and_an_older_one_fills_gaps() {
        let phone = Identity::phone("+15550100").unwrap();
        let label = |types: &[&str]| IdentityLabel {
            identity: phone.clone(),
            types: types.iter().map(|t| (*t).to_owned()).collect(),
            pref: false,
            extension: None,
        };
        let mut ours = PersonDetails {
            birthday: CardDate::new(None, 4, 15),
            labels: vec![label(&["work"])],
            ..PersonDetails::default()
        };
        let theirs = PersonDetails {
            birthday: CardDate::new(Some(1985), 4, 15),
            nicknames: vec!["Mike".into()],
            labels: vec![label(&["fax"])],
            ..PersonDetails::default()
        };
        let mut older = ours.clone();
        older.fold(&theirs, false);
        assert_eq!(older.birthday, CardDate::new(None, 4, 15), "an older source keeps ours");
        assert_eq!(older.nicknames, ["Mike"], "but fills what we lack");
        assert!(!older.labels[0].is_fax());
        ours.fold(&theirs, true);
        assert_eq!(ours.birthday, CardDate::new(Some(1985), 4, 15));
        assert!(ours.labels[0].is_fax());
    }

    #[test]
    fn guessed_parts_split_at_the_last_space() {
        let parts = NameParts::guessed("Grace  Brewster Hopper");
        assert_eq!((parts.given.as_str(), parts.family.as_str()), ("Grace Brewster", "Hopper"));
        assert_eq!(NameParts::guessed("Plato").family, "Plato");
        let full = NameParts {
            prefix: "Mr.".into(),
            given: "Michael".into(),
            family: "Angstadt".into(),
            suffix: "Jr.".into(),
            ..NameParts::default()
        };
        assert_eq!(full.joined(), "Mr. Michael Angstadt Jr.");
    }
}
