//! Everything kith knows, as one value: the format of `kith export json`.

use crate::health::{Mute, OwnerFact, PersonFact};
use crate::{
    CheckIn, Draft, Engagement, Exchange, Identity, Interaction, MailMessage, Note, Organization, Person,
    SourceRecord, Suggestion, Transition,
};
use serde::{Deserialize, Serialize};

/// The name in every export's `format` field.
pub const FORMAT: &str = "kith-export";
/// The export format version this build writes and reads.
pub const VERSION: u32 = 1;

/// Every entity in a database, in a canonical order (see [`Snapshot::canonicalize`]) so
/// that the same data always serializes to the same bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version, [`VERSION`] for this build.
    pub version: u32,
    /// The owner's own identities.
    pub owner: Vec<Identity>,
    /// The owner's name, which drafts are signed with (absent from older exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    /// Organizations.
    pub organizations: Vec<Organization>,
    /// People.
    pub people: Vec<Person>,
    /// Engagements.
    pub engagements: Vec<Engagement>,
    /// Interactions.
    pub interactions: Vec<Interaction>,
    /// Ledger entries.
    pub exchanges: Vec<Exchange>,
    /// Stage changes.
    pub transitions: Vec<Transition>,
    /// Notes.
    pub notes: Vec<Note>,
    /// Check-ins.
    pub checkins: Vec<CheckIn>,
    /// Where imported records came from (absent from exports made before imports existed).
    #[serde(default)]
    pub sources: Vec<SourceRecord>,
    /// Mail messages read from archives, kept out or not (absent from older exports).
    #[serde(default)]
    pub mail: Vec<MailMessage>,
    /// Facts recorded about people (absent from exports made before facts existed).
    #[serde(default)]
    pub facts: Vec<PersonFact>,
    /// Changes the owner declared in their own working life (absent from older exports).
    #[serde(default)]
    pub owner_facts: Vec<OwnerFact>,
    /// Diagnoses muted for a person until a date (absent from older exports).
    #[serde(default)]
    pub mutes: Vec<Mute>,
    /// Drafts the composer wrote, sent or not (absent from older exports).
    #[serde(default)]
    pub drafts: Vec<Draft>,
    /// Favors found in mail, in every state (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// The keys of the messages whose text was read for favors (absent when none was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mail_texts_read: Vec<String>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            owner: vec![],
            owner_name: None,
            organizations: vec![],
            people: vec![],
            engagements: vec![],
            interactions: vec![],
            exchanges: vec![],
            transitions: vec![],
            notes: vec![],
            checkins: vec![],
            sources: vec![],
            mail: vec![],
            facts: vec![],
            owner_facts: vec![],
            mutes: vec![],
            drafts: vec![],
            suggestions: vec![],
            mail_texts_read: vec![],
        }
    }
}

impl Snapshot {
    /// Sorts every list (entities by id, their inner lists by value).
    pub fn canonicalize(&mut self) {
        self.owner.sort();
        self.organizations.sort_by(|a, b| a.id.cmp(&b.id));
        for o in &mut self.organizations {
            o.domains.sort();
        }
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
        for p in &mut self.people {
            p.aliases.sort();
            p.identities.sort();
            p.tags.sort();
        }
        self.engagements.sort_by(|a, b| a.id.cmp(&b.id));
        for e in &mut self.engagements {
            e.people.sort();
        }
        self.interactions.sort_by(|a, b| a.id.cmp(&b.id));
        for i in &mut self.interactions {
            i.participants.sort();
        }
        self.exchanges.sort_by(|a, b| a.id.cmp(&b.id));
        self.transitions.sort_by(|a, b| a.id.cmp(&b.id));
        self.notes.sort_by(|a, b| a.id.cmp(&b.id));
        self.checkins.sort_by(|a, b| a.id.cmp(&b.id));
        self.sources.sort_by(|a, b| a.key.cmp(&b.key));
        self.mail.sort_by(|a, b| a.key.cmp(&b.key));
        self.facts.sort_by(|a, b| (&a.person, a.fact).cmp(&(&b.person, b.fact)));
        self.owner_facts.sort_by_key(|f| f.change);
        self.mutes.sort_by(|a, b| (&a.person, a.diagnosis).cmp(&(&b.person, b.diagnosis)));
        self.drafts.sort_by(|a, b| a.id.cmp(&b.id));
        self.suggestions.sort_by(|a, b| a.id.cmp(&b.id));
        self.mail_texts_read.sort();
    }

    /// Whether this build can read the snapshot; an error message otherwise.
    pub fn check_format(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!("the file's format is \"{}\", not a kith export", self.format));
        }
        if self.version != VERSION {
            return Err(format!(
                "the export is version {}, this kith reads version {VERSION}; use a matching kith",
                self.version
            ));
        }
        Ok(())
    }
}
