//! People with their aliases, identities and tags; the owner's identities; notes.

use super::query::{fetch, fetch_plain, new_id, of_person, require, require_person};
use super::rows::{NoteRow, PersonRow, group, identities_by_owner, identity, stored};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{
    Identity, NewNote, NewPerson, Note, NoteId, OrgId, Person, PersonDetails, PersonId, PersonPatch, Tier,
};
use sqlx::SqliteConnection;

/// Adds one of the owner's identities (no longer refused, if it was); a repeat is ignored.
pub(super) async fn add_owner_identity(conn: &mut SqliteConnection, identity: &Identity) -> Result<()> {
    sqlx::query("INSERT INTO owner_identities (kind, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(identity.kind().as_str())
        .bind(identity.value())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM owner_refused_identities WHERE kind = ?1 AND value = ?2")
        .bind(identity.kind().as_str())
        .bind(identity.value())
        .execute(conn)
        .await?;
    Ok(())
}

/// The identities the owner took back, sorted.
pub(super) async fn refused_owner_identities(conn: &mut SqliteConnection) -> Result<Vec<Identity>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM owner_refused_identities ORDER BY kind, value")
            .fetch_all(conn)
            .await?;
    rows.iter().map(|(kind, value)| identity(kind, value)).collect()
}

/// Removes one of the owner's identities and remembers it was refused; whether it was theirs.
pub(super) async fn remove_owner_identity(conn: &mut SqliteConnection, identity: &Identity) -> Result<bool> {
    let done = sqlx::query("DELETE FROM owner_identities WHERE kind = ?1 AND value = ?2")
        .bind(identity.kind().as_str())
        .bind(identity.value())
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() > 0 {
        sqlx::query(
            "INSERT INTO owner_refused_identities (kind, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )
        .bind(identity.kind().as_str())
        .bind(identity.value())
        .execute(conn)
        .await?;
    }
    Ok(done.rows_affected() > 0)
}

/// The owner's identities, sorted.
pub(super) async fn owner_identities(conn: &mut SqliteConnection) -> Result<Vec<Identity>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM owner_identities").fetch_all(conn).await?;
    let mut identities =
        rows.iter().map(|(kind, value)| identity(kind, value)).collect::<Result<Vec<_>>>()?;
    identities.sort();
    Ok(identities)
}

/// Sets the owner's name (to sign drafts with).
pub(super) async fn set_owner_name(conn: &mut SqliteConnection, name: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO owner_profile (id, name) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET name = ?1",
    )
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// The owner's name, once set.
pub(super) async fn owner_name(conn: &mut SqliteConnection) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM owner_profile WHERE id = 1").fetch_optional(conn).await?)
}

/// One person with everything that is theirs, or everyone.
pub(super) async fn load(conn: &mut SqliteConnection, only: Option<&PersonId>) -> Result<Vec<Person>> {
    let only = only.map(PersonId::as_str);
    let theirs = only.map(|id| ("person = ?1", id));
    let rows: Vec<PersonRow> = fetch(conn, PersonRow::SELECT, only.map(|id| ("id = ?1", id)), "").await?;
    let mut aliases =
        group(fetch::<(String, String)>(conn, "SELECT person, alias FROM person_aliases", theirs, "").await?);
    let mut identities =
        identities_by_owner(fetch(conn, "SELECT person, kind, value FROM identities", theirs, "").await?)?;
    let mut tags =
        group(fetch::<(String, String)>(conn, "SELECT person, tag FROM person_tags", theirs, "").await?);
    rows.into_iter()
        .map(|row| {
            let aliases = aliases.remove(&row.id).unwrap_or_default();
            let identities = identities.remove(&row.id).unwrap_or_default();
            let tags = tags.remove(&row.id).unwrap_or_default();
            row.decode(aliases, identities, tags)
        })
        .collect()
}

/// One person, or [`StoreError::NotFound`].
pub(super) async fn one(conn: &mut SqliteConnection, id: &PersonId) -> Result<Person> {
    load(conn, Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "person", id: id.to_string() })
}

/// Everyone, sorted by name (ignoring case) then id.
pub(super) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Person>> {
    let mut people = load(conn, None).await?;
    people.sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
    Ok(people)
}

/// Whoever holds the identity; of several (a shared identity), the first to have it.
pub(super) async fn holder(conn: &mut SqliteConnection, identity: &Identity) -> Result<Option<PersonId>> {
    Ok(holders(conn, identity).await?.into_iter().next())
}

/// Everyone holding the identity, the first to have it first.
pub(super) async fn holders(conn: &mut SqliteConnection, identity: &Identity) -> Result<Vec<PersonId>> {
    let held: Vec<String> =
        sqlx::query_scalar("SELECT person FROM identities WHERE kind = ?1 AND value = ?2 ORDER BY rowid")
            .bind(identity.kind().as_str())
            .bind(identity.value())
            .fetch_all(conn)
            .await?;
    held.into_iter().map(super::rows::id).collect()
}

/// Whether a person with this id exists.
pub(super) async fn exists(conn: &mut SqliteConnection, id: &PersonId) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people WHERE id = ?1")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Adds a new person. Fails if an identity belongs to someone else.
pub(super) async fn add(conn: &mut SqliteConnection, new: &NewPerson, now: Timestamp) -> Result<Person> {
    let person = new.with_id(new_id(PersonId::from_bits)?, stored(now)?);
    save(conn, &person).await?;
    Ok(person)
}

/// Adds a new person under an id nobody has (one a kith export gave them before), who
/// may share identities with others (see [`save_shared`]).
pub(super) async fn add_as(
    conn: &mut SqliteConnection,
    new: &NewPerson,
    id: &PersonId,
    now: Timestamp,
) -> Result<Person> {
    let person = new.with_id(id.clone(), stored(now)?);
    save_shared(conn, &person).await?;
    Ok(person)
}

/// Writes a person over their row, or adds it, with exactly their aliases, identities
/// and tags. The stage is written only for a new row: afterwards only transitions
/// change it. Fails if the organization is unknown or an identity belongs to someone
/// else.
pub(super) async fn save(conn: &mut SqliteConnection, person: &Person) -> Result<()> {
    for identity in &person.identities {
        if let Some(owner) = holders(conn, identity).await?.into_iter().find(|owner| owner != &person.id) {
            return Err(StoreError::IdentityTaken { identity: identity.clone(), owner });
        }
    }
    save_shared(conn, person).await
}

/// [`save`], but an identity someone else holds too is shared with them rather than
/// refused: for records kept apart on purpose (an import that found names disagreeing
/// on one switchboard number, an undone merge).
pub(super) async fn save_shared(conn: &mut SqliteConnection, person: &Person) -> Result<()> {
    if let Some(org) = &person.org {
        require(conn, "organizations", "organization", org.as_str()).await?;
    }
    let id = person.id.as_str();
    sqlx::query(
        "INSERT INTO people (id, name, org, role, industry, tier, cadence_days, stage, created_at, details) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, org = excluded.org, role = excluded.role, \
         industry = excluded.industry, tier = excluded.tier, cadence_days = excluded.cadence_days, \
         created_at = excluded.created_at, details = excluded.details",
    )
    .bind(id)
    .bind(&person.name)
    .bind(person.org.as_ref().map(OrgId::as_str))
    .bind(person.role.as_deref())
    .bind(person.industry.as_deref())
    .bind(person.tier.map(Tier::as_str))
    .bind(person.cadence_days.map(i64::from))
    .bind(person.stage.as_str())
    .bind(person.created_at.as_second())
    .bind(details_json(&person.details)?)
    .execute(&mut *conn)
    .await?;
    for table in ["person_aliases", "identities", "person_tags"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE person = ?1")).bind(id).execute(&mut *conn).await?;
    }
    for alias in &person.aliases {
        sqlx::query("INSERT INTO person_aliases (person, alias) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(alias)
            .execute(&mut *conn)
            .await?;
    }
    for identity in &person.identities {
        sqlx::query(
            "INSERT INTO identities (kind, value, person) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )
        .bind(identity.kind().as_str())
        .bind(identity.value())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    for tag in &person.tags {
        insert_tag(conn, &person.id, tag).await?;
    }
    Ok(())
}

/// A person's details as stored: JSON, or NULL when there are none.
fn details_json(details: &PersonDetails) -> Result<Option<String>> {
    if details.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(details).map(Some).map_err(|e| StoreError::Corrupt(format!("card details: {e}")))
}

/// Applies a patch to a person.
pub(super) async fn update(
    conn: &mut SqliteConnection,
    id: &PersonId,
    patch: &PersonPatch,
) -> Result<Person> {
    let mut person = one(conn, id).await?;
    patch.check(&person)?;
    patch.apply(&mut person);
    save(conn, &person).await?;
    Ok(person)
}

/// Deletes a person, with the interactions nobody else took part in; everything else
/// of theirs goes by cascade.
pub(super) async fn remove(conn: &mut SqliteConnection, id: &PersonId) -> Result<()> {
    require_person(conn, id).await?;
    sqlx::query(
        "DELETE FROM interactions \
         WHERE id IN (SELECT interaction FROM interaction_participants WHERE person = ?1) \
         AND id NOT IN (SELECT interaction FROM interaction_participants WHERE person <> ?1)",
    )
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM people WHERE id = ?1").bind(id.as_str()).execute(conn).await?;
    Ok(())
}

async fn insert_tag(conn: &mut SqliteConnection, id: &PersonId, tag: &str) -> Result<()> {
    sqlx::query("INSERT INTO person_tags (person, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(id.as_str())
        .bind(tag)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds tags (already cleaned); ones the person has are left as they are.
pub(super) async fn tag(conn: &mut SqliteConnection, id: &PersonId, tags: &[String]) -> Result<()> {
    require_person(conn, id).await?;
    for tag in tags {
        insert_tag(conn, id, tag).await?;
    }
    Ok(())
}

/// Removes tags; how many of them the person had.
pub(super) async fn untag(conn: &mut SqliteConnection, id: &PersonId, tags: &[String]) -> Result<usize> {
    require_person(conn, id).await?;
    let mut removed = 0;
    for tag in tags {
        let done = sqlx::query("DELETE FROM person_tags WHERE person = ?1 AND tag = ?2")
            .bind(id.as_str())
            .bind(tag)
            .execute(&mut *conn)
            .await?;
        removed += done.rows_affected() as usize;
    }
    Ok(removed)
}

/// Adds a note on a person.
pub(super) async fn add_note(conn: &mut SqliteConnection, new: &NewNote) -> Result<Note> {
    require_person(conn, &new.person).await?;
    let mut note = new.with_id(new_id(NoteId::from_bits)?);
    note.at = stored(note.at)?;
    insert_note(conn, &note).await?;
    Ok(note)
}

/// Writes a note as it is.
pub(super) async fn insert_note(conn: &mut SqliteConnection, note: &Note) -> Result<()> {
    sqlx::query("INSERT INTO notes (id, person, at, text) VALUES (?1, ?2, ?3, ?4)")
        .bind(note.id.as_str())
        .bind(note.person.as_str())
        .bind(note.at.as_second())
        .bind(&note.text)
        .execute(conn)
        .await?;
    Ok(())
}

/// One person's notes (or everyone's), oldest first.
pub(super) async fn notes(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<Note>> {
    fetch_plain::<NoteRow>(conn, of_person(person), "ORDER BY at, id").await
}

/// A person's notes, oldest first, or [`StoreError::NotFound`].
pub(super) async fn notes_of(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<Note>> {
    require_person(conn, id).await?;
    notes(conn, Some(id)).await
}
