//! What the user knows that the data cannot show: facts about people, changes in the
//! owner's working life, and muted diagnoses.

use super::db;
use super::db::Db;
use super::query::{fetch_plain, of_person, require_person, rows};
use super::rows::{FactRow, MuteRow, OwnerFactRow, Plain, stored};
use super::value::params;
use crate::Result;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::{PersonId, merge_facts, merge_mutes};

/// Records a fact about a person; one they already hold takes the new date and note.
pub(crate) fn record(conn: &dyn Db, fact: &PersonFact) -> Result<PersonFact> {
    require_person(conn, &fact.person)?;
    let fact = PersonFact { at: stored(fact.at)?, ..fact.clone() };
    insert_fact(conn, &fact)?;
    Ok(fact)
}

/// Writes a fact as it is, over the person's earlier record of the same fact.
pub(crate) fn insert_fact(conn: &dyn Db, f: &PersonFact) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO person_facts (person, fact, at, note) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (person, fact) DO UPDATE SET at = excluded.at, note = excluded.note",
        params![f.person.as_str(), f.fact.as_str(), f.at.as_second(), f.note.as_deref()],
    )?;
    Ok(())
}

/// One person's facts (or everyone's, person by person), oldest first.
pub(crate) fn facts(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<PersonFact>> {
    fetch_plain::<FactRow>(conn, of_person(person), "ORDER BY person, at, fact")
}

/// A person's facts, oldest first, or [`crate::StoreError::NotFound`].
pub(crate) fn facts_of(conn: &dyn Db, id: &PersonId) -> Result<Vec<PersonFact>> {
    require_person(conn, id)?;
    facts(conn, Some(id))
}

/// Removes a fact from a person; the fact as it was, if they held it.
pub(crate) fn remove(conn: &dyn Db, id: &PersonId, fact: Fact) -> Result<Option<PersonFact>> {
    require_person(conn, id)?;
    take::<FactRow>(
        conn,
        "DELETE FROM person_facts WHERE person = ?1 AND fact = ?2 RETURNING person, fact, at, note",
        &[id.as_str(), fact.as_str()],
    )
}

/// Declares a change in the owner's working life, replacing an earlier declaration of it.
pub(crate) fn set_owner(conn: &dyn Db, fact: &OwnerFact) -> Result<OwnerFact> {
    let fact = OwnerFact { change: fact.change, since: stored(fact.since)? };
    db::execute(
        conn,
        "INSERT INTO owner_facts (change, since) VALUES (?1, ?2) \
         ON CONFLICT (change) DO UPDATE SET since = excluded.since",
        params![fact.change.as_str(), fact.since.as_second()],
    )?;
    Ok(fact)
}

/// The owner's declared changes, earliest first.
pub(crate) fn owner_facts(conn: &dyn Db) -> Result<Vec<OwnerFact>> {
    fetch_plain::<OwnerFactRow>(conn, None, "ORDER BY since, change")
}

/// Withdraws a declared change; the declaration as it was, if there was one.
pub(crate) fn clear_owner(conn: &dyn Db, change: OwnerChange) -> Result<Option<OwnerFact>> {
    take::<OwnerFactRow>(
        conn,
        "DELETE FROM owner_facts WHERE change = ?1 RETURNING change, since",
        &[change.as_str()],
    )
}

/// Mutes a diagnosis for a person, replacing an earlier mute of it.
pub(crate) fn mute(conn: &dyn Db, mute: &Mute) -> Result<Mute> {
    require_person(conn, &mute.person)?;
    let mute = Mute { until: stored(mute.until)?, ..mute.clone() };
    insert_mute(conn, &mute)?;
    Ok(mute)
}

/// Writes a mute as it is, over the person's earlier mute of the same diagnosis.
pub(crate) fn insert_mute(conn: &dyn Db, m: &Mute) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO mutes (person, diagnosis, until) VALUES (?1, ?2, ?3) \
         ON CONFLICT (person, diagnosis) DO UPDATE SET until = excluded.until",
        params![m.person.as_str(), m.diagnosis.as_str(), m.until.as_second()],
    )?;
    Ok(())
}

/// One person's mutes (or everyone's), person by person, by diagnosis.
pub(crate) fn mutes(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Mute>> {
    fetch_plain::<MuteRow>(conn, of_person(person), "ORDER BY person, diagnosis")
}

/// Lifts a mute; the mute as it was, if there was one.
pub(crate) fn unmute(conn: &dyn Db, id: &PersonId, diagnosis: DiagnosisKind) -> Result<Option<Mute>> {
    require_person(conn, id)?;
    take::<MuteRow>(
        conn,
        "DELETE FROM mutes WHERE person = ?1 AND diagnosis = ?2 RETURNING person, diagnosis, until",
        &[id.as_str(), diagnosis.as_str()],
    )
}

/// Moves the facts and mutes of `gone` to `keep`, as kith-core folds the two sets.
pub(crate) fn merge(conn: &dyn Db, keep: &PersonId, gone: &PersonId) -> Result<()> {
    let mut all_facts = facts(conn, Some(keep))?;
    all_facts.extend(facts(conn, Some(gone))?);
    let mut all_mutes = mutes(conn, Some(keep))?;
    all_mutes.extend(mutes(conn, Some(gone))?);
    replace(conn, gone, &[], &[])?;
    replace(conn, keep, &merge_facts(keep, all_facts), &merge_mutes(keep, all_mutes))
}

/// Gives a person exactly these facts and mutes.
pub(crate) fn replace(conn: &dyn Db, person: &PersonId, facts: &[PersonFact], mutes: &[Mute]) -> Result<()> {
    for table in ["person_facts", "mutes"] {
        db::execute(conn, &format!("DELETE FROM {table} WHERE person = ?1"), params![person.as_str()])?;
    }
    for fact in facts {
        insert_fact(conn, &PersonFact { person: person.clone(), ..fact.clone() })?;
    }
    for mute in mutes {
        insert_mute(conn, &Mute { person: person.clone(), ..mute.clone() })?;
    }
    Ok(())
}

/// Runs a `DELETE … RETURNING` of at most one row with its key values, and decodes the row.
fn take<R: Plain>(conn: &dyn Db, delete: &str, key: &[&str]) -> Result<Option<R::Value>> {
    rows::<R>(conn, delete, key)?.pop().map(R::decode).transpose()
}
