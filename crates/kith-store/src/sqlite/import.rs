//! Imported records: contacts folded into people one per human, meetings into the log.

use super::query::{fetch_plain, rows};
use super::rows::{SourceRow, stored, timestamp};
use super::{interactions, merge, orgs, people};
use crate::{ImportTally, Result};
use jiff::Timestamp;
use kith_core::{
    Channel, ContactRecord, Direction, Identity, MeetingRecord, NewInteraction, NewNote, NewOrganization,
    NewPerson, OrgId, Person, PersonId, SourceRecord, keeper, supersedes,
};
use sqlx::SqliteConnection;

/// Imports contacts, then meetings, counting what happened to each.
pub(super) async fn import(
    conn: &mut SqliteConnection,
    contacts: &[ContactRecord],
    meetings: &[MeetingRecord],
    now: Timestamp,
) -> Result<ImportTally> {
    let mut tally = ImportTally::default();
    for record in contacts {
        contact(conn, record, now, &mut tally).await?;
    }
    for meeting in meetings {
        self::meeting(conn, meeting, now, &mut tally).await?;
    }
    Ok(tally)
}

/// Every source record, for snapshots.
pub(super) async fn sources(conn: &mut SqliteConnection) -> Result<Vec<SourceRecord>> {
    fetch_plain::<SourceRow>(conn, None, "ORDER BY key").await
}

/// Writes a source record as it is, replacing the one under the same key.
pub(super) async fn save_source(conn: &mut SqliteConnection, source: &SourceRecord) -> Result<()> {
    sqlx::query(
        "INSERT INTO import_sources (key, file, person, digest, revised_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (key) DO UPDATE SET file = excluded.file, person = excluded.person, \
         digest = excluded.digest, revised_at = excluded.revised_at",
    )
    .bind(&source.key)
    .bind(&source.file)
    .bind(source.person.as_str())
    .bind(&source.digest)
    .bind(source.revised_at.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

/// Folds one contact record in: unchanged if its source already said exactly this;
/// otherwise into the person its source made or whoever shares an identity with it
/// (merging them all into one when it names several), or into a new person.
async fn contact(
    conn: &mut SqliteConnection,
    record: &ContactRecord,
    now: Timestamp,
    tally: &mut ImportTally,
) -> Result<()> {
    let digest = record.digest();
    let known = source(conn, &record.source_key).await?;
    if known.as_ref().is_some_and(|s| s.digest == digest) {
        tally.unchanged += 1;
        return Ok(());
    }
    let by_source = match &known {
        Some(s) => Some(people::one(conn, &s.person).await?),
        None => exported_from(conn, record).await?,
    };
    let by_identity = holders(conn, &record.identities, by_source.as_ref().map(|p| &p.id)).await?;
    let revised = stored(record.revised(now))?;
    let (person, changed) = match keeper(by_source.as_ref(), &by_identity).cloned() {
        None => {
            tally.imported += 1;
            let org = org_of(conn, record, now).await?;
            let new = record.new_person(org);
            let person = match &record.kith_id {
                Some(id) => people::add_as(conn, &new, id, now).await?,
                None => people::add(conn, &new, now).await?,
            };
            (person, None)
        }
        Some(kept) => {
            for other in by_identity.iter().filter(|p| p.id != kept.id) {
                absorb(conn, &kept, other, record, now).await?;
                tally.people_merged += 1;
            }
            let current = people::one(conn, &kept.id).await?;
            let newer = supersedes(revised, &current, newest_source(conn, &current.id).await?);
            // An organization is looked up (or added) only when it goes onto the person.
            let org = match record.sets_org(&current, newer) {
                true => org_of(conn, record, now).await?,
                false => None,
            };
            let folded = record.fold_into(&current, org, newer);
            let changed = folded != current || by_identity.iter().any(|p| p.id != kept.id);
            if folded != current {
                people::save(conn, &folded).await?;
            }
            (folded, Some(changed))
        }
    };
    let notes_added = add_new_notes(conn, &person.id, &record.notes, revised).await?;
    // A record that joined someone and changed nothing (kith's own export read back)
    // counts as unchanged.
    match changed.map(|changed| changed || notes_added > 0) {
        None => {}
        Some(false) => tally.unchanged += 1,
        Some(true) if known.is_some() => tally.updated += 1,
        Some(true) => tally.merged += 1,
    }
    if let Some(at) = record.connected.filter(|at| *at <= now) {
        let mut first =
            NewInteraction::new(at, Channel::Social, Direction::Mutual, vec![person.id.clone()], now)?;
        first.source_key = Some(connection_key(record));
        let recorded = interactions::record(conn, &[first]).await?;
        tally.interactions_added += recorded.added;
        tally.interactions_present += recorded.already_present;
    }
    let source = SourceRecord {
        key: record.source_key.clone(),
        file: record.file.clone(),
        person: person.id,
        digest,
        revised_at: revised,
    };
    save_source(conn, &source).await
}

/// The source key of the interaction a connection date becomes: the same for every
/// export that lists the connection, so two exports of one network give it once.
fn connection_key(record: &ContactRecord) -> String {
    match record.identities.first() {
        Some(identity) => format!("connected:{identity}"),
        None => format!("connected:{}", record.source_key),
    }
}

/// Records one meeting with everyone in it, adding the attendees nobody knows yet.
async fn meeting(
    conn: &mut SqliteConnection,
    meeting: &MeetingRecord,
    now: Timestamp,
    tally: &mut ImportTally,
) -> Result<()> {
    if interactions::is_known(conn, &meeting.source_key).await? {
        tally.interactions_present += 1;
        return Ok(());
    }
    let mut participants = Vec::with_capacity(meeting.attendees.len());
    for attendee in &meeting.attendees {
        let id = match people::holder(conn, &attendee.identity).await? {
            Some(id) => id,
            None => {
                tally.imported += 1;
                let name = attendee.name.clone().unwrap_or_else(|| attendee.identity.to_string());
                let new =
                    NewPerson { identities: vec![attendee.identity.clone()], ..NewPerson::named(&name)? };
                people::add(conn, &new, now).await?.id
            }
        };
        participants.push(id);
    }
    let mut new = NewInteraction::new(meeting.at, Channel::Meeting, Direction::Mutual, participants, now)?;
    new.subject.clone_from(&meeting.subject);
    new.source_key = Some(meeting.source_key.clone());
    tally.interactions_added += interactions::record(conn, &[new]).await?.added;
    Ok(())
}

/// The source record stored under `key`.
async fn source(conn: &mut SqliteConnection, key: &str) -> Result<Option<SourceRecord>> {
    let sql = format!("{} WHERE key = ?1", <SourceRow as super::rows::Plain>::SELECT);
    rows::<SourceRow>(conn, &sql, &[key]).await?.pop().map(super::rows::Plain::decode).transpose()
}

/// The person a kith export wrote the record from, if they are still here.
async fn exported_from(conn: &mut SqliteConnection, record: &ContactRecord) -> Result<Option<Person>> {
    match &record.kith_id {
        Some(id) => Ok(people::load(conn, Some(id)).await?.pop()),
        None => Ok(None),
    }
}

/// The people holding any of `identities`, each once, leaving out `except`.
async fn holders(
    conn: &mut SqliteConnection,
    identities: &[Identity],
    except: Option<&PersonId>,
) -> Result<Vec<Person>> {
    let mut found: Vec<Person> = Vec::new();
    for identity in identities {
        if let Some(id) = people::holder(conn, identity).await?
            && Some(&id) != except
            && !found.iter().any(|p| p.id == id)
        {
            found.push(people::one(conn, &id).await?);
        }
    }
    Ok(found)
}

/// Merges `other` into `kept` because `record` names them both, and notes why on the
/// kept person.
async fn absorb(
    conn: &mut SqliteConnection,
    kept: &Person,
    other: &Person,
    record: &ContactRecord,
    now: Timestamp,
) -> Result<()> {
    merge::merge(conn, &kept.id, &other.id).await?;
    let note = NewNote::new(kept.id.clone(), &record.merge_note(other), now, now)?;
    people::add_note(conn, &note).await?;
    Ok(())
}

/// The revision of the newest record imported into a person, if any was.
async fn newest_source(conn: &mut SqliteConnection, person: &PersonId) -> Result<Option<Timestamp>> {
    let newest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(revised_at) FROM import_sources WHERE person = ?1")
            .bind(person.as_str())
            .fetch_one(conn)
            .await?;
    newest.map(timestamp).transpose()
}

/// The organization the record names, if it names one.
async fn org_of(
    conn: &mut SqliteConnection,
    record: &ContactRecord,
    now: Timestamp,
) -> Result<Option<OrgId>> {
    match &record.org {
        Some(name) => Ok(Some(org_named(conn, name, now).await?)),
        None => Ok(None),
    }
}

/// The organization with this name (ignoring case), added if there is none.
async fn org_named(conn: &mut SqliteConnection, name: &str, now: Timestamp) -> Result<OrgId> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM organizations WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = found.as_deref().and_then(OrgId::parse) {
        return Ok(id);
    }
    Ok(orgs::add(conn, &NewOrganization::new(name, &[])?, now).await?.id)
}

/// Adds the notes the person does not have yet, word for word, and says how many. They
/// keep the record's order: each is dated a second before the next, the last at `at`.
async fn add_new_notes(
    conn: &mut SqliteConnection,
    person: &PersonId,
    texts: &[String],
    at: Timestamp,
) -> Result<usize> {
    let mut added = 0;
    for (text, before) in texts.iter().zip((0..texts.len() as i64).rev()) {
        let present: Option<i64> = sqlx::query_scalar("SELECT 1 FROM notes WHERE person = ?1 AND text = ?2")
            .bind(person.as_str())
            .bind(text)
            .fetch_optional(&mut *conn)
            .await?;
        if present.is_none() {
            let dated = at - jiff::SignedDuration::from_secs(before);
            people::add_note(conn, &NewNote::new(person.clone(), text, dated, at)?).await?;
            added += 1;
        }
    }
    Ok(added)
}
