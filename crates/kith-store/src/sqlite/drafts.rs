//! Drafts the composer wrote, and marking one sent with the contact it made.

use super::query::{fetch_plain, new_id, of_person, require, require_person};
use super::rows::{DraftRow, stored};
use super::{bulk, interactions};
use crate::{Result, StoreError};
use kith_core::{
    Draft, DraftId, InteractionId, NewDraft, NewInteraction, PersonId, TransitionId, ValidationError,
};
use sqlx::SqliteConnection;

/// Keeps a new draft, unsent.
pub(super) async fn save(conn: &mut SqliteConnection, new: &NewDraft) -> Result<Draft> {
    require_person(conn, &new.person).await?;
    if let Some(engagement) = &new.engagement {
        require(conn, "engagements", "engagement", engagement.as_str()).await?;
    }
    let mut draft = new.with_id(new_id(DraftId::from_bits)?);
    draft.created_at = stored(draft.created_at)?;
    insert(conn, &draft).await?;
    Ok(draft)
}

/// Writes a draft as it is.
pub(super) async fn insert(conn: &mut SqliteConnection, d: &Draft) -> Result<()> {
    sqlx::query(
        "INSERT INTO drafts (id, person, move, tone, manner, subject, body, cited, asks_reference, engagement, \
         created_at, sent_at, interaction, used_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )
    .bind(d.id.as_str())
    .bind(d.person.as_str())
    .bind(d.what.as_str())
    .bind(d.tone.as_str())
    .bind(d.manner.as_str())
    .bind(&d.subject)
    .bind(&d.body)
    .bind(d.cited.join("\n"))
    .bind(d.asks_reference)
    .bind(d.engagement.as_ref().map(|e| e.as_str()))
    .bind(d.created_at.as_second())
    .bind(d.sent_at.map(|t| t.as_second()))
    .bind(d.interaction.as_ref().map(|i| i.as_str()))
    .bind(d.used_by.as_ref().map(|t| t.as_str()))
    .execute(conn)
    .await?;
    Ok(())
}

/// Puts a new draft in the place of an unsent one, unless it was sent in the meantime.
pub(super) async fn replace(conn: &mut SqliteConnection, old: &DraftId, new: &NewDraft) -> Result<Draft> {
    let gone = sqlx::query("DELETE FROM drafts WHERE id = ?1 AND sent_at IS NULL")
        .bind(old.as_str())
        .execute(&mut *conn)
        .await?;
    if gone.rows_affected() == 0 {
        let sent = one(conn, old).await?.sent_at.map(kith_core::when::day).unwrap_or_default();
        return Err(ValidationError::AlreadySent { draft: old.to_string(), on: sent }.into());
    }
    save(conn, new).await
}

/// Changes an unsent draft's words, as `Draft::edited` allows.
pub(super) async fn edit(
    conn: &mut SqliteConnection,
    id: &DraftId,
    subject: &str,
    body: &str,
    cited: &[String],
) -> Result<Draft> {
    let draft = one(conn, id).await?.edited(subject, body, cited.to_vec())?;
    sqlx::query("UPDATE drafts SET subject = ?2, body = ?3, cited = ?4 WHERE id = ?1 AND sent_at IS NULL")
        .bind(id.as_str())
        .bind(&draft.subject)
        .bind(&draft.body)
        .bind(draft.cited.join("\n"))
        .execute(conn)
        .await?;
    Ok(draft)
}

/// Marks the farewell draft an ending used, so that no later ending can use it again.
pub(super) async fn use_farewell(
    conn: &mut SqliteConnection,
    id: &DraftId,
    ending: &TransitionId,
) -> Result<()> {
    let used = sqlx::query(
        "UPDATE drafts SET used_by = ?2 WHERE id = ?1 AND used_by IS NULL AND sent_at IS NOT NULL",
    )
    .bind(id.as_str())
    .bind(ending.as_str())
    .execute(conn)
    .await?;
    if used.rows_affected() == 0 {
        return Err(ValidationError::Stage(format!(
            "the farewell {id} was already used for an earlier ending (or is not sent); send a new one"
        ))
        .into());
    }
    Ok(())
}

/// One person's drafts (or everyone's), oldest first.
pub(super) async fn list(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<Draft>> {
    fetch_plain::<DraftRow>(conn, of_person(person), "ORDER BY created_at, id").await
}

/// One draft, or [`StoreError::NotFound`].
pub(super) async fn one(conn: &mut SqliteConnection, id: &DraftId) -> Result<Draft> {
    fetch_plain::<DraftRow>(conn, Some(("id = ?1", id.as_str())), "")
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "draft", id: id.to_string() })
}

/// Marks a draft sent and logs the contact sending it made, unless it was sent already.
pub(super) async fn mark_sent(
    conn: &mut SqliteConnection,
    id: &DraftId,
    contact: &NewInteraction,
) -> Result<Draft> {
    let mut draft = one(conn, id).await?;
    if let Some(sent) = draft.sent_at {
        let on = kith_core::when::day(sent);
        return Err(ValidationError::AlreadySent { draft: id.to_string(), on }.into());
    }
    let mut interaction = contact.with_id(new_id(InteractionId::from_bits)?);
    interaction.at = stored(interaction.at)?;
    bulk::with_connection(conn, |db| interactions::insert_all(db, std::slice::from_ref(&interaction)))
        .await?;
    sqlx::query("UPDATE drafts SET sent_at = ?2, interaction = ?3 WHERE id = ?1")
        .bind(id.as_str())
        .bind(interaction.at.as_second())
        .bind(interaction.id.as_str())
        .execute(conn)
        .await?;
    draft.sent_at = Some(interaction.at);
    draft.interaction = Some(interaction.id);
    Ok(draft)
}
