//! Rows as stored and their decoding into domain values; a value that will not decode
//! is reported as [`StoreError::Corrupt`].

pub(crate) use super::db::FromColumns;
pub(crate) use super::value::Named;
use super::value::short_type_name;
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::{
    Channel, CheckIn, Direction, Door, Draft, DraftMove, Engagement, EngagementStatus, Exchange,
    ExchangeKind, ExchangeStatus, Giver, Identity, IdentityKind, Interaction, Manner, Note, Organization,
    Person, PersonDetails, PersonId, SourceRecord, Stage, Tier, Tone, Transition,
};
use std::collections::HashMap;
use std::fmt::Debug;
use std::str::FromStr;

/// A row read from a result: implements [`FromColumns`] for the struct declared inside,
/// whose fields must come in the order of the columns its statement selects.
macro_rules! row {
    (
        $(#[$doc:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_doc:meta])* $field_vis:vis $field:ident: $type:ty),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        $vis struct $name {
            $($(#[$field_doc])* $field_vis $field: $type),+
        }

        impl FromColumns for $name {
            fn from_columns(row: &dyn $crate::sql::db::Row) -> $crate::Result<Self> {
                let mut column = 0..;
                Ok(Self { $($field: row.get(column.next().unwrap_or_default())?),+ })
            }
        }
    };
}

pub(crate) use row;

/// A row that decodes into a domain value on its own.
pub(super) trait Plain: FromColumns + Send {
    /// What the row decodes into.
    type Value;
    /// The statement selecting the row's columns.
    const SELECT: &'static str;
    /// Decodes the row.
    fn decode(self) -> Result<Self::Value>;
}

/// A timestamp as it reads back once stored: cut to the whole second.
pub(crate) fn stored(at: Timestamp) -> Result<Timestamp> {
    timestamp(at.as_second())
}

/// Gathers `(owner id, value)` pairs by owner, keeping their order.
pub(crate) fn group<V>(pairs: impl IntoIterator<Item = (String, V)>) -> HashMap<String, Vec<V>> {
    let mut groups: HashMap<String, Vec<V>> = HashMap::new();
    for (owner, value) in pairs {
        groups.entry(owner).or_default().push(value);
    }
    groups
}

pub(crate) fn corrupt(what: &str, value: impl Debug) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

/// Reads a stored timestamp.
pub(crate) fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds).map_err(|_| corrupt("timestamp", seconds))
}

/// Reads a stored optional timestamp.
pub(crate) fn maybe_timestamp(seconds: Option<i64>) -> Result<Option<Timestamp>> {
    seconds.map(timestamp).transpose()
}

/// Reads a stored id of one kind.
pub(crate) fn id<T: TryFrom<String, Error = String>>(text: String) -> Result<T> {
    T::try_from(text).map_err(StoreError::Corrupt)
}

/// Reads a stored optional id.
pub(crate) fn maybe_id<T: TryFrom<String, Error = String>>(text: Option<String>) -> Result<Option<T>> {
    text.map(id).transpose()
}

/// Reads a stored name from a fixed list (a stage, channel, tier…).
pub(crate) fn named<T: FromStr>(text: &str) -> Result<T> {
    text.parse().map_err(|_| corrupt(short_type_name::<T>(), text))
}

/// Reads a stored identity.
pub(crate) fn identity(kind: &str, value: &str) -> Result<Identity> {
    let kind: IdentityKind = named(kind)?;
    Identity::of_kind(kind, value).map_err(|_| corrupt("identity", value))
}

/// Reads a list of `(owner, kind, value)` identity rows, grouped by owner and sorted.
pub(crate) fn identities_by_owner(
    rows: Vec<(String, String, String)>,
) -> Result<HashMap<String, Vec<Identity>>> {
    let decoded = rows
        .into_iter()
        .map(|(owner, kind, value)| Ok((owner, identity(&kind, &value)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut groups = group(decoded);
    groups.values_mut().for_each(|list| list.sort());
    Ok(groups)
}

/// Reads a list of stored person ids, sorted.
fn person_ids(texts: Vec<String>) -> Result<Vec<PersonId>> {
    let mut ids = texts.into_iter().map(id).collect::<Result<Vec<PersonId>>>()?;
    ids.sort();
    Ok(ids)
}

row! {
    /// A row of `people`.
    pub(super) struct PersonRow {
        /// The person's id, to find their aliases, identities and tags by.
        pub(super) id: String,
        name: String,
        org: Option<String>,
        role: Option<String>,
        industry: Option<String>,
        tier: Option<Named<Tier>>,
        cadence_days: Option<i64>,
        stage: Named<Stage>,
        created_at: i64,
        details: Option<String>,
    }
}

impl PersonRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str =
        "SELECT id, name, org, role, industry, tier, cadence_days, stage, created_at, details FROM people";

    /// Decodes the row with the person's aliases, identities and tags.
    pub(crate) fn decode(
        self,
        mut aliases: Vec<String>,
        identities: Vec<Identity>,
        mut tags: Vec<String>,
    ) -> Result<Person> {
        aliases.sort();
        tags.sort();
        let cadence_days = self
            .cadence_days
            .map(|days| u32::try_from(days).map_err(|_| corrupt("cadence", days)))
            .transpose()?;
        Ok(Person {
            id: id(self.id)?,
            name: self.name,
            aliases,
            identities,
            org: maybe_id(self.org)?,
            role: self.role,
            industry: self.industry,
            tier: self.tier.map(|named| named.0),
            cadence_days,
            tags,
            stage: self.stage.0,
            created_at: timestamp(self.created_at)?,
            details: match self.details {
                Some(json) => serde_json::from_str(&json).map_err(|e| corrupt("card details", e))?,
                None => PersonDetails::default(),
            },
        })
    }
}

row! {
    /// A row of `organizations`.
    pub(super) struct OrgRow {
        /// The organization's id, to find its domains by.
        pub(super) id: String,
        name: String,
        created_at: i64,
    }
}

impl OrgRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str = "SELECT id, name, created_at FROM organizations";

    /// Decodes the row with the organization's domains.
    pub(crate) fn decode(self, mut domains: Vec<String>) -> Result<Organization> {
        domains.sort();
        Ok(Organization {
            id: id(self.id)?,
            name: self.name,
            domains,
            created_at: timestamp(self.created_at)?,
        })
    }
}

row! {
    /// A row of `engagements`.
    pub(super) struct EngagementRow {
        /// The engagement's id, to find its people by.
        pub(super) id: String,
        org: String,
        title: String,
        started_at: i64,
        ended_at: Option<i64>,
        status: Named<EngagementStatus>,
        went_well: Option<bool>,
    }
}

impl EngagementRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str =
        "SELECT id, org, title, started_at, ended_at, status, went_well FROM engagements";

    /// Decodes the row with the ids of the people involved.
    pub(crate) fn decode(self, people: Vec<String>) -> Result<Engagement> {
        Ok(Engagement {
            id: id(self.id)?,
            org: id(self.org)?,
            title: self.title,
            started_at: timestamp(self.started_at)?,
            ended_at: maybe_timestamp(self.ended_at)?,
            status: self.status.0,
            went_well: self.went_well,
            people: person_ids(people)?,
        })
    }
}

row! {
    /// A row of `interactions`.
    pub(super) struct InteractionRow {
        /// The interaction's id, to find its participants by.
        pub(super) id: String,
        at: i64,
        channel: Named<Channel>,
        direction: Named<Direction>,
        subject: Option<String>,
        thread_key: Option<String>,
        source_key: Option<String>,
        note: Option<String>,
        message: Option<String>,
        replies_to: Option<String>,
    }
}

impl InteractionRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str = "SELECT id, at, channel, direction, subject, thread_key, source_key, note, message, replies_to \
         FROM interaction_rows";

    /// Decodes the row with the ids of its participants.
    pub(crate) fn decode(self, participants: Vec<String>) -> Result<Interaction> {
        Ok(Interaction {
            id: id(self.id)?,
            at: timestamp(self.at)?,
            channel: self.channel.0,
            direction: self.direction.0,
            participants: person_ids(participants)?,
            subject: self.subject,
            thread_key: self.thread_key,
            source_key: self.source_key,
            note: self.note,
            message: self.message,
            replies_to: self.replies_to,
        })
    }
}

row! {
    /// A row of `notes`.
    pub(super) struct NoteRow {
        id: String,
        person: String,
        at: i64,
        text: String,
    }
}

impl Plain for NoteRow {
    type Value = Note;

    const SELECT: &'static str = "SELECT id, person, at, text FROM notes";

    fn decode(self) -> Result<Note> {
        Ok(Note { id: id(self.id)?, person: id(self.person)?, at: timestamp(self.at)?, text: self.text })
    }
}

row! {
    /// A row of `exchanges`.
    pub(super) struct ExchangeRow {
        id: String,
        person: String,
        kind: Named<ExchangeKind>,
        weight: f64,
        giver: Named<Giver>,
        status: Named<ExchangeStatus>,
        asked: bool,
        opened_at: i64,
        closed_at: Option<i64>,
        note: Option<String>,
    }
}

impl Plain for ExchangeRow {
    type Value = Exchange;

    const SELECT: &'static str = "SELECT id, person, kind, weight, giver, status, asked, opened_at, \
         closed_at, note FROM exchanges";

    fn decode(self) -> Result<Exchange> {
        Ok(Exchange {
            id: id(self.id)?,
            person: id(self.person)?,
            kind: self.kind.0,
            weight: self.weight,
            giver: self.giver.0,
            status: self.status.0,
            asked: self.asked,
            opened_at: timestamp(self.opened_at)?,
            closed_at: maybe_timestamp(self.closed_at)?,
            note: self.note,
        })
    }
}

row! {
    /// A row of `transitions`.
    pub(super) struct TransitionRow {
        id: String,
        person: String,
        from_stage: Named<Stage>,
        to_stage: Named<Stage>,
        at: i64,
        reason: Option<String>,
        door: Option<Named<Door>>,
        note: Option<String>,
    }
}

impl Plain for TransitionRow {
    type Value = Transition;

    const SELECT: &'static str =
        "SELECT id, person, from_stage, to_stage, at, reason, door, note FROM transitions";

    fn decode(self) -> Result<Transition> {
        Ok(Transition {
            id: id(self.id)?,
            person: id(self.person)?,
            from: self.from_stage.0,
            to: self.to_stage.0,
            at: timestamp(self.at)?,
            reason: self.reason,
            door: self.door.map(|named| named.0),
            note: self.note,
        })
    }
}

row! {
    /// A row of `checkins`.
    pub(super) struct CheckInRow {
        id: String,
        person: String,
        due_at: i64,
        note: Option<String>,
        done_at: Option<i64>,
        every_days: Option<u32>,
    }
}

impl Plain for CheckInRow {
    type Value = CheckIn;

    const SELECT: &'static str = "SELECT id, person, due_at, note, done_at, every_days FROM checkins";

    fn decode(self) -> Result<CheckIn> {
        Ok(CheckIn {
            id: id(self.id)?,
            person: id(self.person)?,
            due_at: timestamp(self.due_at)?,
            note: self.note,
            done_at: maybe_timestamp(self.done_at)?,
            every_days: self.every_days,
        })
    }
}

row! {
    /// A row of `drafts`.
    pub(super) struct DraftRow {
        id: String,
        person: String,
        what: Named<DraftMove>,
        tone: Named<Tone>,
        manner: Named<Manner>,
        subject: String,
        body: String,
        cited: String,
        asks_reference: bool,
        engagement: Option<String>,
        created_at: i64,
        sent_at: Option<i64>,
        interaction: Option<String>,
        used_by: Option<String>,
    }
}

impl Plain for DraftRow {
    type Value = Draft;

    const SELECT: &'static str = "SELECT id, person, move, tone, manner, subject, body, cited, asks_reference, \
         engagement, created_at, sent_at, interaction, used_by FROM drafts";

    fn decode(self) -> Result<Draft> {
        Ok(Draft {
            id: id(self.id)?,
            person: id(self.person)?,
            what: self.what.0,
            tone: self.tone.0,
            manner: self.manner.0,
            subject: self.subject,
            body: self.body,
            cited: self.cited.lines().map(str::to_owned).collect(),
            asks_reference: self.asks_reference,
            engagement: self.engagement.map(id).transpose()?,
            created_at: timestamp(self.created_at)?,
            sent_at: maybe_timestamp(self.sent_at)?,
            interaction: self.interaction.map(id).transpose()?,
            used_by: self.used_by.map(id).transpose()?,
        })
    }
}

row! {
    /// A row of `import_sources`.
    pub(super) struct SourceRow {
        key: String,
        file: String,
        person: String,
        digest: String,
        revised_at: i64,
    }
}

impl Plain for SourceRow {
    type Value = SourceRecord;

    const SELECT: &'static str = "SELECT key, file, person, digest, revised_at FROM import_sources";

    fn decode(self) -> Result<SourceRecord> {
        Ok(SourceRecord {
            key: self.key,
            file: self.file,
            person: id(self.person)?,
            digest: self.digest,
            revised_at: timestamp(self.revised_at)?,
        })
    }
}

row! {
    /// A row of `person_facts`.
    pub(super) struct FactRow {
        person: String,
        fact: Named<Fact>,
        at: i64,
        note: Option<String>,
    }
}

impl Plain for FactRow {
    type Value = PersonFact;

    const SELECT: &'static str = "SELECT person, fact, at, note FROM person_facts";

    fn decode(self) -> Result<PersonFact> {
        Ok(PersonFact {
            person: id(self.person)?,
            fact: self.fact.0,
            at: timestamp(self.at)?,
            note: self.note,
        })
    }
}

row! {
    /// A row of `owner_facts`.
    pub(super) struct OwnerFactRow {
        change: Named<OwnerChange>,
        since: i64,
    }
}

impl Plain for OwnerFactRow {
    type Value = OwnerFact;

    const SELECT: &'static str = "SELECT change, since FROM owner_facts";

    fn decode(self) -> Result<OwnerFact> {
        Ok(OwnerFact { change: self.change.0, since: timestamp(self.since)? })
    }
}

row! {
    /// A row of `mutes`.
    pub(super) struct MuteRow {
        person: String,
        diagnosis: Named<DiagnosisKind>,
        until: i64,
    }
}

impl Plain for MuteRow {
    type Value = Mute;

    const SELECT: &'static str = "SELECT person, diagnosis, until FROM mutes";

    fn decode(self) -> Result<Mute> {
        Ok(Mute { person: id(self.person)?, diagnosis: self.diagnosis.0, until: timestamp(self.until)? })
    }
}
