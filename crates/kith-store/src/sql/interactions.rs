//! The interaction log.

use super::db::{self, Db};
use super::histories;
use super::query::{fetch, new_id, require_person};
use super::rows::{InteractionRow, group, stored};
use super::value::{Bind, Value, params};
use crate::{Recorded, Result};
use kith_core::{Interaction, InteractionId, NewInteraction, PersonId};
use std::collections::{BTreeSet, HashSet};

/// Records a batch, skipping interactions whose source key is already stored (or came
/// earlier in the batch); every participant must exist.
pub(crate) fn record(conn: &dyn Db, batch: &[NewInteraction]) -> Result<Recorded> {
    let mut recorded = Recorded::default();
    let mut keys = HashSet::new();
    let mut fresh = Vec::with_capacity(batch.len());
    for new in batch {
        if let Some(key) = &new.source_key
            && (!keys.insert(key.as_str()) || is_known(conn, key)?)
        {
            recorded.already_present += 1;
            continue;
        }
        for person in &new.participants {
            require_person(conn, person)?;
        }
        let mut interaction = new.with_id(new_id(InteractionId::from_bits)?);
        interaction.at = stored(interaction.at)?;
        fresh.push(interaction);
    }
    recorded.added = fresh.len();
    insert_all(conn, &fresh)?;
    Ok(recorded)
}

/// Whether an interaction with this source key is stored.
pub(crate) fn is_known(conn: &dyn Db, source_key: &str) -> Result<bool> {
    let found: Option<i64> =
        db::scalar_opt(conn, "SELECT 1 FROM interactions WHERE source_key = ?1", params![source_key])?;
    Ok(found.is_some())
}

/// Writes interactions as they are, with their participants, many rows a statement (a
/// restore can bring millions), and forgets the participants' packed histories.
pub(crate) fn insert_all(db: &dyn Db, interactions: &[Interaction]) -> Result<()> {
    let hashes: Vec<Option<i64>> =
        interactions.iter().map(|i| i.message.as_deref().map(super::mail::key_hash)).collect();
    let rows: Vec<[Value<'_>; 10]> = interactions
        .iter()
        .zip(&hashes)
        .map(|(interaction, hash)| {
            [
                interaction.id.as_str().value(),
                Value::Int(interaction.at.as_second()),
                interaction.channel.as_str().value(),
                interaction.direction.as_str().value(),
                interaction.subject.value(),
                interaction.thread_key.value(),
                interaction.source_key.value(),
                interaction.note.value(),
                interaction.message.value(),
                hash.value(),
            ]
        })
        .collect();
    db::insert_rows(
        db,
        "INSERT INTO interactions (id, at, channel, direction, subject, thread_key, source_key, note, message)",
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT id FROM mail_messages WHERE key_hash = ?10 AND key = ?9))",
        "",
        &rows,
    )?;
    let participants: Vec<[Value<'_>; 2]> = interactions
        .iter()
        .flat_map(|i| {
            i.participants.iter().map(move |person| [i.id.as_str().value(), person.as_str().value()])
        })
        .collect();
    db::insert_rows(
        db,
        "INSERT INTO interaction_participants (interaction, person)",
        "(?1, ?2)",
        " ON CONFLICT DO NOTHING",
        &participants,
    )?;
    let people: BTreeSet<&str> =
        interactions.iter().flat_map(|i| &i.participants).map(PersonId::as_str).collect();
    histories::forget(db, people)
}

/// The interactions one person took part in (or all of them), oldest first.
pub(crate) fn load(conn: &dyn Db, participant: Option<&PersonId>) -> Result<Vec<Interaction>> {
    let theirs = participant
        .map(|p| ("id IN (SELECT interaction FROM interaction_participants WHERE person = ?1)", p.as_str()));
    let rows: Vec<InteractionRow> = fetch(conn, InteractionRow::SELECT, theirs, "ORDER BY at, id")?;
    let with_them = participant.map(|p| {
        let condition = "interaction IN (SELECT interaction FROM interaction_participants WHERE person = ?1)";
        (condition, p.as_str())
    });
    let select = "SELECT interaction, person FROM interaction_participants";
    let mut participants = group(fetch::<(String, String)>(conn, select, with_them, "")?);
    rows.into_iter()
        .map(|row| {
            let participants = participants.remove(&row.id).unwrap_or_default();
            row.decode(participants)
        })
        .collect()
}

/// The interactions a person took part in, oldest first, or [`crate::StoreError::NotFound`].
pub(crate) fn with(conn: &dyn Db, id: &PersonId) -> Result<Vec<Interaction>> {
    require_person(conn, id)?;
    load(conn, Some(id))
}
