//! Stage changes and check-ins.

use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{CheckInRow, TransitionRow, named, stored};
use crate::{Result, StoreError};
use kith_core::{CheckIn, CheckInId, NewCheckIn, NewTransition, PersonId, Stage, Transition, TransitionId};
use sqlx::SqliteConnection;

/// Records a stage change if the person is still in its `from` stage, and moves them on.
pub(super) async fn transition(conn: &mut SqliteConnection, new: &NewTransition) -> Result<Transition> {
    let stage: Option<String> = sqlx::query_scalar("SELECT stage FROM people WHERE id = ?1")
        .bind(new.person.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let stage: Stage = match stage {
        Some(stage) => named(&stage)?,
        None => {
            return Err(StoreError::NotFound { entity: "person", id: new.person.to_string() });
        }
    };
    if stage != new.from {
        return Err(StoreError::StageChanged { expected: new.from.as_str().to_owned() });
    }
    let transition = Transition {
        id: new_id(TransitionId::from_bits)?,
        person: new.person.clone(),
        from: new.from,
        to: new.to,
        at: stored(new.at)?,
        reason: new.reason.clone(),
        door: new.door,
        note: new.note.clone(),
    };
    insert_transition(conn, &transition).await?;
    sqlx::query("UPDATE people SET stage = ?2 WHERE id = ?1")
        .bind(new.person.as_str())
        .bind(new.to.as_str())
        .execute(conn)
        .await?;
    Ok(transition)
}

/// Writes a stage change as it is, leaving the person's stage alone.
pub(super) async fn insert_transition(conn: &mut SqliteConnection, t: &Transition) -> Result<()> {
    sqlx::query(
        "INSERT INTO transitions (id, person, from_stage, to_stage, at, reason, door, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .bind(t.id.as_str())
    .bind(t.person.as_str())
    .bind(t.from.as_str())
    .bind(t.to.as_str())
    .bind(t.at.as_second())
    .bind(t.reason.as_deref())
    .bind(t.door.map(|d| d.as_str()))
    .bind(t.note.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's stage history (or everyone's), oldest first.
pub(super) async fn transitions(
    conn: &mut SqliteConnection,
    person: Option<&PersonId>,
) -> Result<Vec<Transition>> {
    fetch_plain::<TransitionRow>(conn, of_person(person), "ORDER BY at, id").await
}

/// A person's stage history, oldest first, or [`StoreError::NotFound`].
pub(super) async fn transitions_of(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<Transition>> {
    require_person(conn, id).await?;
    transitions(conn, Some(id)).await
}

/// Schedules a check-in with a person.
pub(super) async fn schedule_checkin(conn: &mut SqliteConnection, new: &NewCheckIn) -> Result<CheckIn> {
    require_person(conn, &new.person).await?;
    let checkin = CheckIn {
        id: new_id(CheckInId::from_bits)?,
        person: new.person.clone(),
        due_at: stored(new.due_at)?,
        note: new.note.clone(),
        done_at: None,
    };
    insert_checkin(conn, &checkin).await?;
    Ok(checkin)
}

/// Writes a check-in as it is.
pub(super) async fn insert_checkin(conn: &mut SqliteConnection, c: &CheckIn) -> Result<()> {
    sqlx::query("INSERT INTO checkins (id, person, due_at, note, done_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(c.id.as_str())
        .bind(c.person.as_str())
        .bind(c.due_at.as_second())
        .bind(c.note.as_deref())
        .bind(c.done_at.map(|t| t.as_second()))
        .execute(conn)
        .await?;
    Ok(())
}

/// One person's check-ins (or everyone's), soonest first.
pub(super) async fn checkins(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<CheckIn>> {
    fetch_plain::<CheckInRow>(conn, of_person(person), "ORDER BY due_at, id").await
}

/// A person's check-ins, soonest first, or [`StoreError::NotFound`].
pub(super) async fn checkins_of(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<CheckIn>> {
    require_person(conn, id).await?;
    checkins(conn, Some(id)).await
}
