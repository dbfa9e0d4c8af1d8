//! Stage changes and check-ins.

use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{CheckInRow, TransitionRow, named, stored};
use super::{drafts, people};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{
    CheckIn, CheckInId, NewCheckIn, NewNote, NewTransition, PersonId, STAGE_TAG_PREFIX, Stage, StageChange,
    Transition, TransitionId, ValidationError,
};
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

/// Writes everything one stage change makes, as kith-core planned it: the transition
/// (if the person is still where it starts from), the stage tag, the dated note, the
/// cadence and the check-ins.
pub(super) async fn change(conn: &mut SqliteConnection, change: &StageChange) -> Result<Transition> {
    let transition = transition(conn, &change.transition).await?;
    if let Some(farewell) = &change.farewell_draft {
        drafts::use_farewell(conn, farewell, &transition.id).await?;
    }
    let person = transition.person.as_str();
    sqlx::query("DELETE FROM person_tags WHERE person = ?1 AND substr(tag, 1, ?3) = ?2")
        .bind(person)
        .bind(STAGE_TAG_PREFIX)
        .bind(STAGE_TAG_PREFIX.len() as i64)
        .execute(&mut *conn)
        .await?;
    people::tag(conn, &transition.person, std::slice::from_ref(&change.tag)).await?;
    let note = NewNote { person: transition.person.clone(), at: transition.at, text: change.note.clone() };
    people::add_note(conn, &note).await?;
    if let Some(days) = change.cadence_days {
        sqlx::query("UPDATE people SET cadence_days = ?2 WHERE id = ?1")
            .bind(person)
            .bind(days)
            .execute(&mut *conn)
            .await?;
    }
    if change.cancel_checkins {
        sqlx::query("DELETE FROM checkins WHERE person = ?1 AND done_at IS NULL")
            .bind(person)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(checkin) = &change.checkin {
        schedule_checkin(conn, checkin).await?;
    }
    Ok(transition)
}

/// Marks a pending check-in done at `at`; a repeating one schedules the next, counted
/// from `at`. Returns the check-in as done and the next one.
pub(super) async fn complete_checkin(
    conn: &mut SqliteConnection,
    id: &CheckInId,
    at: Timestamp,
) -> Result<(CheckIn, Option<CheckIn>)> {
    let mut done = fetch_plain::<CheckInRow>(conn, Some(("id = ?1", id.as_str())), "")
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "check-in", id: id.to_string() })?;
    let next = done.next_after(at)?;
    let at = stored(at)?;
    let updated = sqlx::query("UPDATE checkins SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL")
        .bind(id.as_str())
        .bind(at.as_second())
        .execute(&mut *conn)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(ValidationError::CheckInDone(id.to_string()).into());
    }
    done.done_at = Some(at);
    let next = match next {
        Some(next) => Some(schedule_checkin(conn, &next).await?),
        None => None,
    };
    Ok((done, next))
}

/// Everyone's check-ins still to do, soonest first.
pub(super) async fn pending_checkins(conn: &mut SqliteConnection) -> Result<Vec<CheckIn>> {
    fetch_plain::<CheckInRow>(conn, None, "WHERE done_at IS NULL ORDER BY due_at, id").await
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
        every_days: new.every_days,
    };
    insert_checkin(conn, &checkin).await?;
    Ok(checkin)
}

/// Writes a check-in as it is.
pub(super) async fn insert_checkin(conn: &mut SqliteConnection, c: &CheckIn) -> Result<()> {
    sqlx::query(
        "INSERT INTO checkins (id, person, due_at, note, done_at, every_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(c.id.as_str())
    .bind(c.person.as_str())
    .bind(c.due_at.as_second())
    .bind(c.note.as_deref())
    .bind(c.done_at.map(|t| t.as_second()))
    .bind(c.every_days)
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
