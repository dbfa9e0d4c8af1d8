//! People, the owner, tags and notes.

use crate::names::named_enum;
use crate::{Identity, IdentityKind, NoteId, OrgId, PersonDetails, PersonId, Stage, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// A closeness layer, after Dunbar: inner 5, close 15, active 50, network 150, beyond.
    Tier, "tier" {
        /// The five closest.
        Inner = "inner",
        /// The next fifteen.
        Close = "close",
        /// The next fifty.
        Active = "active",
        /// The next hundred and fifty.
        Network = "network",
        /// Everyone else.
        Acquaintance = "acquaintance",
    }
);

/// A contact, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// Its id.
    pub id: PersonId,
    /// The name shown everywhere.
    pub name: String,
    /// Other names the person is known by (kept from merges and imports).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Email addresses, phone numbers and URLs, sorted.
    #[serde(default)]
    pub identities: Vec<Identity>,
    /// Where they work.
    pub org: Option<OrgId>,
    /// Their role there.
    pub role: Option<String>,
    /// Their industry.
    pub industry: Option<String>,
    /// A tier the owner pinned, overriding the computed one.
    pub tier: Option<Tier>,
    /// A cadence in days the owner pinned, overriding the tier's.
    pub cadence_days: Option<u32>,
    /// Tags, sorted.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The lifecycle stage, as the latest transition left it.
    pub stage: Stage,
    /// When the person was added.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// What their address book card says beyond the fields above.
    #[serde(default, skip_serializing_if = "PersonDetails::is_empty")]
    pub details: PersonDetails,
}

impl Person {
    /// The name to greet them by: the nickname their card prefers, else their given
    /// name, else the first word of their display name.
    pub fn greeting_name(&self) -> String {
        let details = &self.details;
        let nickname = details.nicknames.first().filter(|_| details.prefers_nickname);
        let given = details.name_parts.as_ref().map(|p| p.given.as_str()).filter(|g| !g.is_empty());
        match nickname.map(String::as_str).or(given) {
            Some(name) => name.to_owned(),
            None => self.name.split_whitespace().next().unwrap_or(&self.name).to_owned(),
        }
    }

    /// The identity of `kind` to show and write to: the one their card marks preferred,
    /// else the first; never a fax number.
    pub fn preferred(&self, kind: IdentityKind) -> Option<&Identity> {
        let usable = |i: &&Identity| i.kind() == kind && !self.details.label(i).is_some_and(|l| l.is_fax());
        let pref = |i: &&Identity| self.details.label(i).is_some_and(|l| l.pref);
        self.identities.iter().filter(usable).find(pref).or_else(|| self.identities.iter().find(usable))
    }
}

/// A person about to be added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewPerson {
    /// The name.
    pub name: String,
    /// Identities (already normalized by construction).
    pub identities: Vec<Identity>,
    /// Organization.
    pub org: Option<OrgId>,
    /// Role.
    pub role: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Tags (already cleaned).
    pub tags: Vec<String>,
    /// What an address book card says beyond the fields above.
    pub details: PersonDetails,
}

impl NewPerson {
    /// The person this draft becomes under `id`: identities and tags sorted, each once,
    /// in the default stage.
    pub fn with_id(&self, id: PersonId, created_at: Timestamp) -> Person {
        let mut identities = self.identities.clone();
        identities.sort();
        identities.dedup();
        let mut tags = self.tags.clone();
        tags.sort();
        tags.dedup();
        Person {
            id,
            name: self.name.clone(),
            aliases: vec![],
            identities,
            org: self.org.clone(),
            role: self.role.clone(),
            industry: self.industry.clone(),
            tier: None,
            cadence_days: None,
            tags,
            stage: Stage::default(),
            created_at,
            details: self.details.clone(),
        }
    }

    /// A person with just a name, checked and trimmed.
    pub fn named(name: &str) -> Result<Self, ValidationError> {
        Ok(Self { name: clean_name(name)?, ..Self::default() })
    }
}

/// Changes to a person; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonPatch {
    /// A new name.
    pub name: Option<String>,
    /// A new organization, or none.
    pub org: Option<Option<OrgId>>,
    /// A new role, or none.
    pub role: Option<Option<String>>,
    /// A new industry, or none.
    pub industry: Option<Option<String>>,
    /// A pinned tier, or unpinned.
    pub tier: Option<Option<Tier>>,
    /// A pinned cadence, or unpinned.
    pub cadence_days: Option<Option<u32>>,
    /// Identities to add.
    pub add_identities: Vec<Identity>,
    /// Identities to remove.
    pub remove_identities: Vec<Identity>,
}

impl PersonPatch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Checks the patch against the person it changes: it must change something, and
    /// identities it removes must be theirs.
    pub fn check(&self, person: &Person) -> Result<(), ValidationError> {
        if self.is_empty() {
            return Err(ValidationError::NothingToChange(
                "give at least one of --name, --org, --role, --industry, --tier, --cadence, --add, --remove",
            ));
        }
        match self.remove_identities.iter().find(|i| !person.identities.contains(i)) {
            Some(missing) => Err(ValidationError::MissingIdentity {
                person: person.name.clone(),
                identity: missing.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Applies the patch to a person in memory.
    pub fn apply(&self, person: &mut Person) {
        if let Some(name) = &self.name {
            person.name.clone_from(name);
        }
        if let Some(org) = &self.org {
            person.org.clone_from(org);
        }
        if let Some(role) = &self.role {
            person.role.clone_from(role);
        }
        if let Some(industry) = &self.industry {
            person.industry.clone_from(industry);
        }
        if let Some(tier) = self.tier {
            person.tier = tier;
        }
        if let Some(cadence) = self.cadence_days {
            person.cadence_days = cadence;
        }
        person.identities.retain(|i| !self.remove_identities.contains(i));
        person.identities.extend(self.add_identities.iter().cloned());
        person.identities.sort();
        person.identities.dedup();
        // A removed identity's label goes with it.
        let identities = &person.identities;
        person.details.labels.retain(|l| identities.contains(&l.identity));
    }
}

/// A dated free-text note on a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// Its id.
    pub id: NoteId,
    /// Whom it is about.
    pub person: PersonId,
    /// When it was written.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The text.
    pub text: String,
}

/// A note about to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct NewNote {
    /// Whom it is about.
    pub person: PersonId,
    /// When it was written.
    pub at: Timestamp,
    /// The text, trimmed.
    pub text: String,
}

impl NewNote {
    /// Checks a note: some text, and not dated in the future.
    pub fn new(person: PersonId, text: &str, at: Timestamp, now: Timestamp) -> Result<Self, ValidationError> {
        crate::when::not_after(at, now, "a note")?;
        Ok(Self { person, at, text: clean_text(text, "note")? })
    }

    /// The note this draft becomes under `id`.
    pub fn with_id(&self, id: NoteId) -> Note {
        Note { id, person: self.person.clone(), at: self.at, text: self.text.clone() }
    }
}

/// Trims a name and refuses an empty one.
pub fn clean_name(name: &str) -> Result<String, ValidationError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() { Err(ValidationError::EmptyName) } else { Ok(name) }
}

/// A tag in normal form: trimmed, lower-case, inner spaces as hyphens.
pub fn clean_tag(tag: &str) -> Result<String, ValidationError> {
    let tag = tag.split_whitespace().collect::<Vec<_>>().join("-").to_lowercase();
    if tag.is_empty() { Err(ValidationError::EmptyTag) } else { Ok(tag) }
}

/// Trims free text and refuses an empty one; `what` names the field in the error.
pub fn clean_text(text: &str, what: &'static str) -> Result<String, ValidationError> {
    let text = text.trim();
    if text.is_empty() { Err(ValidationError::EmptyText(what)) } else { Ok(text.to_owned()) }
}

/// Checks a cadence in days.
pub fn check_cadence(days: u32) -> Result<u32, ValidationError> {
    if days == 0 { Err(ValidationError::ZeroCadence) } else { Ok(days) }
}

/// A bare person for tests: an id from `bits`, a name, nothing else.
#[cfg(test)]
pub(crate) fn test_person(bits: u64, name: &str) -> Person {
    Person {
        id: PersonId::from_bits(bits),
        name: name.into(),
        aliases: vec![],
        identities: vec![],
        org: None,
        role: None,
        industry: None,
        tier: None,
        cadence_days: None,
        tags: vec![],
        stage: Stage::Active,
        created_at: Timestamp::from_second(bits as i64).expect("small"),
        details: PersonDetails::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tags_are_cleaned() {
        assert_eq!(clean_name("  Ada   Lovelace ").unwrap(), "Ada Lovelace");
        assert_eq!(clean_name(" \t"), Err(ValidationError::EmptyName));
        assert_eq!(clean_tag(" Former Client ").unwrap(), "former-client");
        assert_eq!(clean_tag(""), Err(ValidationError::EmptyTag));
    }

    #[test]
    fn a_new_person_keeps_each_identity_and_tag_once_in_order() {
        let mut new = NewPerson::named("Ada").unwrap();
        new.identities = vec![Identity::email("b@x.org").unwrap(), Identity::email("a@x.org").unwrap()];
        new.identities.push(new.identities[0].clone());
        new.tags = vec!["speaker".into(), "client".into(), "speaker".into()];
        let person = new.with_id(PersonId::from_bits(1), Timestamp::UNIX_EPOCH);
        assert_eq!(
            person.identities,
            [Identity::email("a@x.org").unwrap(), Identity::email("b@x.org").unwrap()]
        );
        assert_eq!(person.tags, ["client", "speaker"]);
        assert_eq!(person.stage, Stage::Active);
    }

    #[test]
    fn notes_need_text_and_a_past_date() {
        let (p, now) = (PersonId::from_bits(1), Timestamp::from_second(1_000).unwrap());
        assert_eq!(NewNote::new(p.clone(), "  ", now, now), Err(ValidationError::EmptyText("note")));
        let later = Timestamp::from_second(2_000).unwrap();
        assert!(matches!(NewNote::new(p.clone(), "x", later, now), Err(ValidationError::FutureDate { .. })));
        assert_eq!(NewNote::new(p, " met at the meetup ", now, now).unwrap().text, "met at the meetup");
    }

    #[test]
    fn greetings_use_the_given_name_or_a_preferred_nickname() {
        let mut p = test_person(1, "Mr. Michael Angstadt Jr.");
        assert_eq!(p.greeting_name(), "Mr.", "with no parts, the first word is all there is");
        p.details.name_parts = Some(crate::NameParts {
            prefix: "Mr.".into(),
            given: "Michael".into(),
            family: "Angstadt".into(),
            suffix: "Jr.".into(),
            ..crate::NameParts::default()
        });
        assert_eq!(p.greeting_name(), "Michael");
        p.details.nicknames = vec!["Mike".into()];
        assert_eq!(p.greeting_name(), "Michael", "a nickname alone is not a preference");
        p.details.prefers_nickname = true;
        assert_eq!(p.greeting_name(), "Mike");
    }

    #[test]
    fn the_preferred_number_is_never_a_fax() {
        let (fax, cell, desk) = (
            Identity::phone("+15550001").unwrap(),
            Identity::phone("+15550002").unwrap(),
            Identity::phone("+15550003").unwrap(),
        );
        let label = |identity: &Identity, types: &[&str], pref| crate::IdentityLabel {
            identity: identity.clone(),
            types: types.iter().map(|t| (*t).to_owned()).collect(),
            pref,
            extension: None,
        };
        let mut p = test_person(1, "Ada");
        p.identities = vec![fax.clone(), cell.clone(), desk.clone()];
        p.details.labels = vec![label(&fax, &["fax"], true), label(&desk, &["work"], false)];
        // The fax is marked preferred and comes first, yet the first other number wins.
        assert_eq!(p.preferred(IdentityKind::Phone), Some(&cell));
        p.details.labels.push(label(&desk, &["work"], true));
        p.details.labels.remove(1);
        assert_eq!(p.preferred(IdentityKind::Phone), Some(&desk));
        assert_eq!(p.preferred(IdentityKind::Email), None);
    }

    #[test]
    fn tiers_read_from_names() {
        assert_eq!("close".parse::<Tier>().unwrap(), Tier::Close);
        let err = "closest".parse::<Tier>().unwrap_err().to_string();
        assert!(err.contains("inner, close, active, network, acquaintance"), "{err}");
    }
}
