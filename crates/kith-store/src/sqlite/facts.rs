//! What the user knows that the data cannot show: facts about people, changes in the
//! owner's working life, and muted diagnoses.

use super::query::{fetch_plain, of_person, require_person, rows};
use super::rows::{FactRow, MuteRow, OwnerFactRow, Plain, stored};
use crate::Result;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::{PersonId, merge_facts, merge_mutes};
use sqlx::SqliteConnection;

/// Records a fact about a person; one they already hold takes the new date and note.
pub(super) async fn record(conn: &mut SqliteConnection, fact: &PersonFact) -> Result<PersonFact> {
    require_person(conn, &fact.person).await?;
    let fact = PersonFact { at: stored(fact.at)?, ..fact.clone() };
    insert_fact(conn, &fact).await?;
    Ok(fact)
}

/// Writes a fact as it is, over the person's earlier record of the same fact.
pub(super) async fn insert_fact(conn: &mut SqliteConnection, f: &PersonFact) -> Result<()> {
    sqlx::query(
        "INSERT INTO person_facts (person, fact, at, note) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (person, fact) DO UPDATE SET at = excluded.at, note = excluded.note",
    )
    .bind(f.person.as_str())
    .bind(f.fact.as_str())
    .bind(f.at.as_second())
    .bind(f.note.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's facts (or everyone's, person by person), oldest first.
pub(super) async fn facts(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<PersonFact>> {
    fetch_plain::<FactRow>(conn, of_person(person), "ORDER BY person, at, fact").await
}

/// A person's facts, oldest first, or [`crate::StoreError::NotFound`].
pub(super) async fn facts_of(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<PersonFact>> {
    require_person(conn, id).await?;
    facts(conn, Some(id)).await
}

/// Removes a fact from a person; the fact as it was, if they held it.
pub(super) async fn remove(
    conn: &mut SqliteConnection,
    id: &PersonId,
    fact: Fact,
) -> Result<Option<PersonFact>> {
    require_person(conn, id).await?;
    take::<FactRow>(
        conn,
        "DELETE FROM person_facts WHERE person = ?1 AND fact = ?2 RETURNING person, fact, at, note",
        &[id.as_str(), fact.as_str()],
    )
    .await
}

/// Declares a change in the owner's working life, replacing an earlier declaration of it.
pub(super) async fn set_owner(conn: &mut SqliteConnection, fact: &OwnerFact) -> Result<OwnerFact> {
    let fact = OwnerFact { change: fact.change, since: stored(fact.since)? };
    sqlx::query(
        "INSERT INTO owner_facts (change, since) VALUES (?1, ?2) \
         ON CONFLICT (change) DO UPDATE SET since = excluded.since",
    )
    .bind(fact.change.as_str())
    .bind(fact.since.as_second())
    .execute(conn)
    .await?;
    Ok(fact)
}

/// The owner's declared changes, earliest first.
pub(super) async fn owner_facts(conn: &mut SqliteConnection) -> Result<Vec<OwnerFact>> {
    fetch_plain::<OwnerFactRow>(conn, None, "ORDER BY since, change").await
}

/// Withdraws a declared change; the declaration as it was, if there was one.
pub(super) async fn clear_owner(
    conn: &mut SqliteConnection,
    change: OwnerChange,
) -> Result<Option<OwnerFact>> {
    take::<OwnerFactRow>(
        conn,
        "DELETE FROM owner_facts WHERE change = ?1 RETURNING change, since",
        &[change.as_str()],
    )
    .await
}

/// Mutes a diagnosis for a person, replacing an earlier mute of it.
pub(super) async fn mute(conn: &mut SqliteConnection, mute: &Mute) -> Result<Mute> {
    require_person(conn, &mute.person).await?;
    let mute = Mute { until: stored(mute.until)?, ..mute.clone() };
    insert_mute(conn, &mute).await?;
    Ok(mute)
}

/// Writes a mute as it is, over the person's earlier mute of the same diagnosis.
pub(super) async fn insert_mute(conn: &mut SqliteConnection, m: &Mute) -> Result<()> {
    sqlx::query(
        "INSERT INTO mutes (person, diagnosis, until) VALUES (?1, ?2, ?3) \
         ON CONFLICT (person, diagnosis) DO UPDATE SET until = excluded.until",
    )
    .bind(m.person.as_str())
    .bind(m.diagnosis.as_str())
    .bind(m.until.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's mutes (or everyone's), person by person, by diagnosis.
pub(super) async fn mutes(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<Mute>> {
    fetch_plain::<MuteRow>(conn, of_person(person), "ORDER BY person, diagnosis").await
}

/// Lifts a mute; the mute as it was, if there was one.
pub(super) async fn unmute(
    conn: &mut SqliteConnection,
    id: &PersonId,
    diagnosis: DiagnosisKind,
) -> Result<Option<Mute>> {
    require_person(conn, id).await?;
    take::<MuteRow>(
        conn,
        "DELETE FROM mutes WHERE person = ?1 AND diagnosis = ?2 RETURNING person, diagnosis, until",
        &[id.as_str(), diagnosis.as_str()],
    )
    .await
}

/// Moves the facts and mutes of `gone` to `keep`, as kith-core folds the two sets.
pub(super) async fn merge(conn: &mut SqliteConnection, keep: &PersonId, gone: &PersonId) -> Result<()> {
    let mut all_facts = facts(conn, Some(keep)).await?;
    all_facts.extend(facts(conn, Some(gone)).await?);
    let mut all_mutes = mutes(conn, Some(keep)).await?;
    all_mutes.extend(mutes(conn, Some(gone)).await?);
    replace(conn, gone, &[], &[]).await?;
    replace(conn, keep, &merge_facts(keep, all_facts), &merge_mutes(keep, all_mutes)).await
}

/// Gives a person exactly these facts and mutes.
pub(super) async fn replace(
    conn: &mut SqliteConnection,
    person: &PersonId,
    facts: &[PersonFact],
    mutes: &[Mute],
) -> Result<()> {
    for table in ["person_facts", "mutes"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE person = ?1"))
            .bind(person.as_str())
            .execute(&mut *conn)
            .await?;
    }
    for fact in facts {
        insert_fact(conn, &PersonFact { person: person.clone(), ..fact.clone() }).await?;
    }
    for mute in mutes {
        insert_mute(conn, &Mute { person: person.clone(), ..mute.clone() }).await?;
    }
    Ok(())
}

/// Runs a `DELETE … RETURNING` of at most one row with its key values, and decodes the row.
async fn take<R: Plain>(conn: &mut SqliteConnection, delete: &str, key: &[&str]) -> Result<Option<R::Value>> {
    rows::<R>(conn, delete, key).await?.pop().map(R::decode).transpose()
}
