//! The interaction log.

use super::query::{fetch, new_id, require_person};
use super::rows::{InteractionRow, group, stored};
use crate::{Recorded, Result};
use kith_core::{Interaction, InteractionId, NewInteraction, PersonId};
use sqlx::SqliteConnection;

/// Records a batch, skipping interactions whose source key is already stored; every
/// participant must exist.
pub(super) async fn record(conn: &mut SqliteConnection, batch: &[NewInteraction]) -> Result<Recorded> {
    let mut recorded = Recorded::default();
    for new in batch {
        if let Some(key) = &new.source_key
            && is_known(conn, key).await?
        {
            recorded.already_present += 1;
            continue;
        }
        for person in &new.participants {
            require_person(conn, person).await?;
        }
        let mut interaction = new.with_id(new_id(InteractionId::from_bits)?);
        interaction.at = stored(interaction.at)?;
        insert(conn, &interaction).await?;
        recorded.added += 1;
    }
    Ok(recorded)
}

/// Whether an interaction with this source key is stored.
pub(super) async fn is_known(conn: &mut SqliteConnection, source_key: &str) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM interactions WHERE source_key = ?1")
        .bind(source_key)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Writes an interaction as it is.
pub(super) async fn insert(conn: &mut SqliteConnection, interaction: &Interaction) -> Result<()> {
    sqlx::query(
        "INSERT INTO interactions (id, at, channel, direction, subject, thread_key, source_key, note, message) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, \
         (SELECT id FROM mail_messages WHERE key_hash = ?10 AND key = ?9))",
    )
    .bind(interaction.id.as_str())
    .bind(interaction.at.as_second())
    .bind(interaction.channel.as_str())
    .bind(interaction.direction.as_str())
    .bind(interaction.subject.as_deref())
    .bind(interaction.thread_key.as_deref())
    .bind(interaction.source_key.as_deref())
    .bind(interaction.note.as_deref())
    .bind(interaction.message.as_deref())
    .bind(interaction.message.as_deref().map(super::mail::key_hash))
    .execute(&mut *conn)
    .await?;
    for person in &interaction.participants {
        sqlx::query(
            "INSERT INTO interaction_participants (interaction, person) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )
        .bind(interaction.id.as_str())
        .bind(person.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The interactions one person took part in (or all of them), oldest first.
pub(super) async fn load(
    conn: &mut SqliteConnection,
    participant: Option<&PersonId>,
) -> Result<Vec<Interaction>> {
    let theirs = participant
        .map(|p| ("id IN (SELECT interaction FROM interaction_participants WHERE person = ?1)", p.as_str()));
    let rows: Vec<InteractionRow> = fetch(conn, InteractionRow::SELECT, theirs, "ORDER BY at, id").await?;
    let with_them = participant.map(|p| {
        let condition = "interaction IN (SELECT interaction FROM interaction_participants WHERE person = ?1)";
        (condition, p.as_str())
    });
    let select = "SELECT interaction, person FROM interaction_participants";
    let mut participants = group(fetch::<(String, String)>(conn, select, with_them, "").await?);
    rows.into_iter()
        .map(|row| {
            let participants = participants.remove(&row.id).unwrap_or_default();
            row.decode(participants)
        })
        .collect()
}

/// The interactions a person took part in, oldest first, or [`crate::StoreError::NotFound`].
pub(super) async fn with(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<Interaction>> {
    require_person(conn, id).await?;
    load(conn, Some(id)).await
}
