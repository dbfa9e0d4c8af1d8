//! Rows as stored and their decoding into domain values; a value that will not decode
//! is reported as [`StoreError::Corrupt`].

use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::health::{Mute, OwnerFact, PersonFact};
use kith_core::{
    CheckIn, CheckInId, Engagement, EngagementId, Exchange, ExchangeId, Identity, IdentityKind, Interaction,
    InteractionId, Note, NoteId, OrgId, Organization, Person, PersonId, SourceRecord, Transition,
    TransitionId,
};
use sqlx::FromRow;
use sqlx::sqlite::SqliteRow;
use std::collections::HashMap;
use std::fmt::Debug;
use std::str::FromStr;

/// A row that decodes into a domain value on its own.
pub(super) trait Plain: for<'r> FromRow<'r, SqliteRow> + Send + Unpin {
    /// What the row decodes into.
    type Value;
    /// The statement selecting the row's columns.
    const SELECT: &'static str;
    /// Decodes the row.
    fn decode(self) -> Result<Self::Value>;
}

/// A timestamp as it reads back once stored: cut to the whole second.
pub(super) fn stored(at: Timestamp) -> Result<Timestamp> {
    timestamp(at.as_second())
}

/// Gathers `(owner id, value)` pairs by owner, keeping their order.
pub(super) fn group<V>(pairs: impl IntoIterator<Item = (String, V)>) -> HashMap<String, Vec<V>> {
    let mut groups: HashMap<String, Vec<V>> = HashMap::new();
    for (owner, value) in pairs {
        groups.entry(owner).or_default().push(value);
    }
    groups
}

pub(super) fn corrupt(what: &str, value: impl Debug) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

/// The last part of a type's path, to name it in messages.
fn short_type_name<T>() -> &'static str {
    std::any::type_name::<T>().rsplit("::").next().unwrap_or_default()
}

/// Reads a stored timestamp.
pub(super) fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds).map_err(|_| corrupt("timestamp", seconds))
}

/// Reads a stored optional timestamp.
pub(super) fn maybe_timestamp(seconds: Option<i64>) -> Result<Option<Timestamp>> {
    seconds.map(timestamp).transpose()
}

/// Reads a stored id of one kind.
pub(super) fn id<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(text).ok_or_else(|| corrupt(short_type_name::<T>(), text))
}

/// Reads a stored optional id.
pub(super) fn maybe_id<T>(text: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    text.map(|t| id(t, parse)).transpose()
}

/// Reads a stored name from a fixed list (a stage, channel, tier…).
pub(super) fn named<T: FromStr>(text: &str) -> Result<T> {
    text.parse().map_err(|_| corrupt(short_type_name::<T>(), text))
}

/// Reads a stored optional name from a fixed list.
pub(super) fn maybe_named<T: FromStr>(text: Option<&str>) -> Result<Option<T>> {
    text.map(named).transpose()
}

/// Reads a stored identity.
pub(super) fn identity(kind: &str, value: &str) -> Result<Identity> {
    let kind: IdentityKind = named(kind)?;
    Identity::of_kind(kind, value).map_err(|_| corrupt("identity", value))
}

/// Reads a list of `(owner, kind, value)` identity rows, grouped by owner and sorted.
pub(super) fn identities_by_owner(
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
    let mut ids = texts.iter().map(|t| id(t, PersonId::parse)).collect::<Result<Vec<_>>>()?;
    ids.sort();
    Ok(ids)
}

/// A row of `people`.
#[derive(FromRow)]
pub(super) struct PersonRow {
    /// The person's id, to find their aliases, identities and tags by.
    pub(super) id: String,
    name: String,
    org: Option<String>,
    role: Option<String>,
    industry: Option<String>,
    tier: Option<String>,
    cadence_days: Option<i64>,
    stage: String,
    created_at: i64,
}

impl PersonRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str =
        "SELECT id, name, org, role, industry, tier, cadence_days, stage, created_at FROM people";

    /// Decodes the row with the person's aliases, identities and tags.
    pub(super) fn decode(
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
            id: id(&self.id, PersonId::parse)?,
            name: self.name,
            aliases,
            identities,
            org: maybe_id(self.org.as_deref(), OrgId::parse)?,
            role: self.role,
            industry: self.industry,
            tier: maybe_named(self.tier.as_deref())?,
            cadence_days,
            tags,
            stage: named(&self.stage)?,
            created_at: timestamp(self.created_at)?,
        })
    }
}

/// A row of `organizations`.
#[derive(FromRow)]
pub(super) struct OrgRow {
    /// The organization's id, to find its domains by.
    pub(super) id: String,
    name: String,
    created_at: i64,
}

impl OrgRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str = "SELECT id, name, created_at FROM organizations";

    /// Decodes the row with the organization's domains.
    pub(super) fn decode(self, mut domains: Vec<String>) -> Result<Organization> {
        domains.sort();
        Ok(Organization {
            id: id(&self.id, OrgId::parse)?,
            name: self.name,
            domains,
            created_at: timestamp(self.created_at)?,
        })
    }
}

/// A row of `engagements`.
#[derive(FromRow)]
pub(super) struct EngagementRow {
    /// The engagement's id, to find its people by.
    pub(super) id: String,
    org: String,
    title: String,
    started_at: i64,
    ended_at: Option<i64>,
    status: String,
}

impl EngagementRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str =
        "SELECT id, org, title, started_at, ended_at, status FROM engagements";

    /// Decodes the row with the ids of the people involved.
    pub(super) fn decode(self, people: Vec<String>) -> Result<Engagement> {
        Ok(Engagement {
            id: id(&self.id, EngagementId::parse)?,
            org: id(&self.org, OrgId::parse)?,
            title: self.title,
            started_at: timestamp(self.started_at)?,
            ended_at: maybe_timestamp(self.ended_at)?,
            status: named(&self.status)?,
            people: person_ids(people)?,
        })
    }
}

/// A row of `interactions`.
#[derive(FromRow)]
pub(super) struct InteractionRow {
    /// The interaction's id, to find its participants by.
    pub(super) id: String,
    at: i64,
    channel: String,
    direction: String,
    subject: Option<String>,
    thread_key: Option<String>,
    source_key: Option<String>,
    note: Option<String>,
    message: Option<String>,
    replies_to: Option<String>,
}

impl InteractionRow {
    /// The columns to select.
    pub(super) const SELECT: &'static str = "SELECT id, at, channel, direction, subject, thread_key, source_key, note, message, replies_to \
         FROM interaction_rows";

    /// Decodes the row with the ids of its participants.
    pub(super) fn decode(self, participants: Vec<String>) -> Result<Interaction> {
        Ok(Interaction {
            id: id(&self.id, InteractionId::parse)?,
            at: timestamp(self.at)?,
            channel: named(&self.channel)?,
            direction: named(&self.direction)?,
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

/// A row of `notes`.
#[derive(FromRow)]
pub(super) struct NoteRow {
    id: String,
    person: String,
    at: i64,
    text: String,
}

impl Plain for NoteRow {
    type Value = Note;

    const SELECT: &'static str = "SELECT id, person, at, text FROM notes";

    fn decode(self) -> Result<Note> {
        Ok(Note {
            id: id(&self.id, NoteId::parse)?,
            person: id(&self.person, PersonId::parse)?,
            at: timestamp(self.at)?,
            text: self.text,
        })
    }
}

/// A row of `exchanges`.
#[derive(FromRow)]
pub(super) struct ExchangeRow {
    id: String,
    person: String,
    kind: String,
    weight: f64,
    giver: String,
    status: String,
    asked: bool,
    opened_at: i64,
    closed_at: Option<i64>,
    note: Option<String>,
}

impl Plain for ExchangeRow {
    type Value = Exchange;

    const SELECT: &'static str = "SELECT id, person, kind, weight, giver, status, asked, opened_at, \
         closed_at, note FROM exchanges";

    fn decode(self) -> Result<Exchange> {
        Ok(Exchange {
            id: id(&self.id, ExchangeId::parse)?,
            person: id(&self.person, PersonId::parse)?,
            kind: named(&self.kind)?,
            weight: self.weight,
            giver: named(&self.giver)?,
            status: named(&self.status)?,
            asked: self.asked,
            opened_at: timestamp(self.opened_at)?,
            closed_at: maybe_timestamp(self.closed_at)?,
            note: self.note,
        })
    }
}

/// A row of `transitions`.
#[derive(FromRow)]
pub(super) struct TransitionRow {
    id: String,
    person: String,
    from_stage: String,
    to_stage: String,
    at: i64,
    reason: Option<String>,
    door: Option<String>,
    note: Option<String>,
}

impl Plain for TransitionRow {
    type Value = Transition;

    const SELECT: &'static str =
        "SELECT id, person, from_stage, to_stage, at, reason, door, note FROM transitions";

    fn decode(self) -> Result<Transition> {
        Ok(Transition {
            id: id(&self.id, TransitionId::parse)?,
            person: id(&self.person, PersonId::parse)?,
            from: named(&self.from_stage)?,
            to: named(&self.to_stage)?,
            at: timestamp(self.at)?,
            reason: self.reason,
            door: maybe_named(self.door.as_deref())?,
            note: self.note,
        })
    }
}

/// A row of `checkins`.
#[derive(FromRow)]
pub(super) struct CheckInRow {
    id: String,
    person: String,
    due_at: i64,
    note: Option<String>,
    done_at: Option<i64>,
}

impl Plain for CheckInRow {
    type Value = CheckIn;

    const SELECT: &'static str = "SELECT id, person, due_at, note, done_at FROM checkins";

    fn decode(self) -> Result<CheckIn> {
        Ok(CheckIn {
            id: id(&self.id, CheckInId::parse)?,
            person: id(&self.person, PersonId::parse)?,
            due_at: timestamp(self.due_at)?,
            note: self.note,
            done_at: maybe_timestamp(self.done_at)?,
        })
    }
}

/// A row of `import_sources`.
#[derive(FromRow)]
pub(super) struct SourceRow {
    key: String,
    file: String,
    person: String,
    digest: String,
    revised_at: i64,
}

impl Plain for SourceRow {
    type Value = SourceRecord;

    const SELECT: &'static str = "SELECT key, file, person, digest, revised_at FROM import_sources";

    fn decode(self) -> Result<SourceRecord> {
        Ok(SourceRecord {
            key: self.key,
            file: self.file,
            person: id(&self.person, PersonId::parse)?,
            digest: self.digest,
            revised_at: timestamp(self.revised_at)?,
        })
    }
}

/// A row of `person_facts`.
#[derive(FromRow)]
pub(super) struct FactRow {
    person: String,
    fact: String,
    at: i64,
    note: Option<String>,
}

impl Plain for FactRow {
    type Value = PersonFact;

    const SELECT: &'static str = "SELECT person, fact, at, note FROM person_facts";

    fn decode(self) -> Result<PersonFact> {
        Ok(PersonFact {
            person: id(&self.person, PersonId::parse)?,
            fact: named(&self.fact)?,
            at: timestamp(self.at)?,
            note: self.note,
        })
    }
}

/// A row of `owner_facts`.
#[derive(FromRow)]
pub(super) struct OwnerFactRow {
    change: String,
    since: i64,
}

impl Plain for OwnerFactRow {
    type Value = OwnerFact;

    const SELECT: &'static str = "SELECT change, since FROM owner_facts";

    fn decode(self) -> Result<OwnerFact> {
        Ok(OwnerFact { change: named(&self.change)?, since: timestamp(self.since)? })
    }
}

/// A row of `mutes`.
#[derive(FromRow)]
pub(super) struct MuteRow {
    person: String,
    diagnosis: String,
    until: i64,
}

impl Plain for MuteRow {
    type Value = Mute;

    const SELECT: &'static str = "SELECT person, diagnosis, until FROM mutes";

    fn decode(self) -> Result<Mute> {
        Ok(Mute {
            person: id(&self.person, PersonId::parse)?,
            diagnosis: named(&self.diagnosis)?,
            until: timestamp(self.until)?,
        })
    }
}
