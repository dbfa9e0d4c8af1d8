//! Stage changes and check-ins.

use super::db;
use super::db::Db;
use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{CheckInRow, TransitionRow, named, stored};
use super::value::params;
use super::{drafts, people};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{
    CheckIn, CheckInId, NewCheckIn, NewNote, NewTransition, PersonId, STAGE_TAG_PREFIX, Stage, StageChange,
    Transition, TransitionId, ValidationError,
};

/// Records a stage change if the person is still in its `from` stage, and moves them on.
pub(crate) fn transition(conn: &dyn Db, new: &NewTransition) -> Result<Transition> {
    let stage: Option<String> =
        db::scalar_opt(conn, "SELECT stage FROM people WHERE id = ?1", params![new.person.as_str()])?;
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
    insert_transition(conn, &transition)?;
    db::execute(
        conn,
        "UPDATE people SET stage = ?2 WHERE id = ?1",
        params![new.person.as_str(), new.to.as_str()],
    )?;
    Ok(transition)
}

/// Writes a stage change as it is, leaving the person's stage alone.
pub(crate) fn insert_transition(conn: &dyn Db, t: &Transition) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO transitions (id, person, from_stage, to_stage, at, reason, door, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.id.as_str(),
            t.person.as_str(),
            t.from.as_str(),
            t.to.as_str(),
            t.at.as_second(),
            t.reason.as_deref(),
            t.door.map(|d| d.as_str()),
            t.note.as_deref()
        ],
    )?;
    Ok(())
}

/// One person's stage history (or everyone's), oldest first.
pub(crate) fn transitions(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Transition>> {
    fetch_plain::<TransitionRow>(conn, of_person(person), "ORDER BY at, id")
}

/// A person's stage history, oldest first, or [`StoreError::NotFound`].
pub(crate) fn transitions_of(conn: &dyn Db, id: &PersonId) -> Result<Vec<Transition>> {
    require_person(conn, id)?;
    transitions(conn, Some(id))
}

/// Writes everything one stage change makes, as kith-core planned it: the transition
/// (if the person is still where it starts from), the stage tag, the dated note, the
/// cadence and the check-ins.
pub(crate) fn change(conn: &dyn Db, change: &StageChange) -> Result<Transition> {
    let transition = transition(conn, &change.transition)?;
    if let Some(farewell) = &change.farewell_draft {
        drafts::use_farewell(conn, farewell, &transition.id)?;
    }
    let person = transition.person.as_str();
    db::execute(
        conn,
        "DELETE FROM person_tags WHERE person = ?1 AND substr(tag, 1, ?3) = ?2",
        params![person, STAGE_TAG_PREFIX, STAGE_TAG_PREFIX.len() as i64],
    )?;
    people::tag(conn, &transition.person, std::slice::from_ref(&change.tag))?;
    let note = NewNote { person: transition.person.clone(), at: transition.at, text: change.note.clone() };
    people::add_note(conn, &note)?;
    if let Some(days) = change.cadence_days {
        db::execute(conn, "UPDATE people SET cadence_days = ?2 WHERE id = ?1", params![person, days])?;
    }
    if change.cancel_checkins {
        db::execute(conn, "DELETE FROM checkins WHERE person = ?1 AND done_at IS NULL", params![person])?;
    }
    if let Some(checkin) = &change.checkin {
        schedule_checkin(conn, checkin)?;
    }
    Ok(transition)
}

/// Marks a pending check-in done at `at`; a repeating one schedules the next, counted
/// from `at`. Returns the check-in as done and the next one.
pub(crate) fn complete_checkin(
    conn: &dyn Db,
    id: &CheckInId,
    at: Timestamp,
) -> Result<(CheckIn, Option<CheckIn>)> {
    let mut done = fetch_plain::<CheckInRow>(conn, Some(("id = ?1", id.as_str())), "")?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "check-in", id: id.to_string() })?;
    let next = done.next_after(at)?;
    let at = stored(at)?;
    let updated = db::execute(
        conn,
        "UPDATE checkins SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL",
        params![id.as_str(), at.as_second()],
    )?;
    if updated.rows_affected() == 0 {
        return Err(ValidationError::CheckInDone(id.to_string()).into());
    }
    done.done_at = Some(at);
    let next = match next {
        Some(next) => Some(schedule_checkin(conn, &next)?),
        None => None,
    };
    Ok((done, next))
}

/// Everyone's check-ins still to do, soonest first.
pub(crate) fn pending_checkins(conn: &dyn Db) -> Result<Vec<CheckIn>> {
    fetch_plain::<CheckInRow>(conn, None, "WHERE done_at IS NULL ORDER BY due_at, id")
}

/// Schedules a check-in with a person.
pub(crate) fn schedule_checkin(conn: &dyn Db, new: &NewCheckIn) -> Result<CheckIn> {
    require_person(conn, &new.person)?;
    let checkin = CheckIn {
        id: new_id(CheckInId::from_bits)?,
        person: new.person.clone(),
        due_at: stored(new.due_at)?,
        note: new.note.clone(),
        done_at: None,
        every_days: new.every_days,
    };
    insert_checkin(conn, &checkin)?;
    Ok(checkin)
}

/// Writes a check-in as it is.
pub(crate) fn insert_checkin(conn: &dyn Db, c: &CheckIn) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO checkins (id, person, due_at, note, done_at, every_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            c.id.as_str(),
            c.person.as_str(),
            c.due_at.as_second(),
            c.note.as_deref(),
            c.done_at.map(|t| t.as_second()),
            c.every_days
        ],
    )?;
    Ok(())
}

/// One person's check-ins (or everyone's), soonest first.
pub(crate) fn checkins(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<CheckIn>> {
    fetch_plain::<CheckInRow>(conn, of_person(person), "ORDER BY due_at, id")
}

/// A person's check-ins, soonest first, or [`StoreError::NotFound`].
pub(crate) fn checkins_of(conn: &dyn Db, id: &PersonId) -> Result<Vec<CheckIn>> {
    require_person(conn, id)?;
    checkins(conn, Some(id))
}
