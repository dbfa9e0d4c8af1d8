//! Drafts the composer wrote, and marking one sent with the contact it made.

use super::db;
use super::db::Db;
use super::interactions;
use super::query::{fetch_plain, new_id, of_person, require, require_person};
use super::rows::{DraftRow, stored};
use super::value::params;
use crate::{Result, StoreError};
use kith_core::{
    Draft, DraftId, InteractionId, NewDraft, NewInteraction, PersonId, TransitionId, ValidationError,
};

/// Keeps a new draft, unsent.
pub(crate) fn save(conn: &dyn Db, new: &NewDraft) -> Result<Draft> {
    require_person(conn, &new.person)?;
    if let Some(engagement) = &new.engagement {
        require(conn, "engagements", "engagement", engagement.as_str())?;
    }
    let mut draft = new.with_id(new_id(DraftId::from_bits)?);
    draft.created_at = stored(draft.created_at)?;
    insert(conn, &draft)?;
    Ok(draft)
}

/// Writes a draft as it is.
pub(crate) fn insert(conn: &dyn Db, d: &Draft) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO drafts (id, person, move, tone, manner, subject, body, cited, asks_reference, engagement, \
         created_at, sent_at, interaction, used_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            d.id.as_str(),
            d.person.as_str(),
            d.what.as_str(),
            d.tone.as_str(),
            d.manner.as_str(),
            &d.subject,
            &d.body,
            d.cited.join("\n"),
            d.asks_reference,
            d.engagement.as_ref().map(|e| e.as_str()),
            d.created_at.as_second(),
            d.sent_at.map(|t| t.as_second()),
            d.interaction.as_ref().map(|i| i.as_str()),
            d.used_by.as_ref().map(|t| t.as_str())
        ],
    )?;
    Ok(())
}

/// Puts a new draft in the place of an unsent one, unless it was sent in the meantime.
pub(crate) fn replace(conn: &dyn Db, old: &DraftId, new: &NewDraft) -> Result<Draft> {
    let gone =
        db::execute(conn, "DELETE FROM drafts WHERE id = ?1 AND sent_at IS NULL", params![old.as_str()])?;
    if gone.rows_affected() == 0 {
        let sent = one(conn, old)?.sent_at.map(kith_core::when::day).unwrap_or_default();
        return Err(ValidationError::AlreadySent { draft: old.to_string(), on: sent }.into());
    }
    save(conn, new)
}

/// Changes an unsent draft's words, as `Draft::edited` allows.
pub(crate) fn edit(
    conn: &dyn Db,
    id: &DraftId,
    subject: &str,
    body: &str,
    cited: &[String],
) -> Result<Draft> {
    let draft = one(conn, id)?.edited(subject, body, cited.to_vec())?;
    db::execute(
        conn,
        "UPDATE drafts SET subject = ?2, body = ?3, cited = ?4 WHERE id = ?1 AND sent_at IS NULL",
        params![id.as_str(), &draft.subject, &draft.body, draft.cited.join("\n")],
    )?;
    Ok(draft)
}

/// Marks the farewell draft an ending used, so that no later ending can use it again.
pub(crate) fn use_farewell(conn: &dyn Db, id: &DraftId, ending: &TransitionId) -> Result<()> {
    let used = db::execute(
        conn,
        "UPDATE drafts SET used_by = ?2 WHERE id = ?1 AND used_by IS NULL AND sent_at IS NOT NULL",
        params![id.as_str(), ending.as_str()],
    )?;
    if used.rows_affected() == 0 {
        return Err(ValidationError::Stage(format!(
            "the farewell {id} was already used for an earlier ending (or is not sent); send a new one"
        ))
        .into());
    }
    Ok(())
}

/// One person's drafts (or everyone's), oldest first.
pub(crate) fn list(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Draft>> {
    fetch_plain::<DraftRow>(conn, of_person(person), "ORDER BY created_at, id")
}

/// One draft, or [`StoreError::NotFound`].
pub(crate) fn one(conn: &dyn Db, id: &DraftId) -> Result<Draft> {
    fetch_plain::<DraftRow>(conn, Some(("id = ?1", id.as_str())), "")?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "draft", id: id.to_string() })
}

/// Marks a draft sent and logs the contact sending it made, unless it was sent already.
pub(crate) fn mark_sent(conn: &dyn Db, id: &DraftId, contact: &NewInteraction) -> Result<Draft> {
    let mut draft = one(conn, id)?;
    if let Some(sent) = draft.sent_at {
        let on = kith_core::when::day(sent);
        return Err(ValidationError::AlreadySent { draft: id.to_string(), on }.into());
    }
    let mut interaction = contact.with_id(new_id(InteractionId::from_bits)?);
    interaction.at = stored(interaction.at)?;
    interactions::insert_all(conn, std::slice::from_ref(&interaction))?;
    db::execute(
        conn,
        "UPDATE drafts SET sent_at = ?2, interaction = ?3 WHERE id = ?1",
        params![id.as_str(), interaction.at.as_second(), interaction.id.as_str()],
    )?;
    draft.sent_at = Some(interaction.at);
    draft.interaction = Some(interaction.id);
    Ok(draft)
}
