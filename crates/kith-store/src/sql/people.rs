//! People with their aliases, identities and tags; the owner's identities; notes.

use super::db;
use super::db::Db;
use super::query::{fetch, fetch_plain, new_id, of_person, require, require_person};
use super::rows::{NoteRow, PersonRow, group, identities_by_owner, identity, stored};
use super::value::params;
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{
    Identity, NewNote, NewPerson, Note, NoteId, OrgId, Person, PersonDetails, PersonId, PersonPatch, Tier,
};

/// Adds one of the owner's identities (no longer refused, if it was); a repeat is ignored.
pub(crate) fn add_owner_identity(conn: &dyn Db, identity: &Identity) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO owner_identities (kind, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![identity.kind().as_str(), identity.value()],
    )?;
    db::execute(
        conn,
        "DELETE FROM owner_refused_identities WHERE kind = ?1 AND value = ?2",
        params![identity.kind().as_str(), identity.value()],
    )?;
    Ok(())
}

/// The identities the owner took back, sorted.
pub(crate) fn refused_owner_identities(conn: &dyn Db) -> Result<Vec<Identity>> {
    let rows: Vec<(String, String)> =
        db::all(conn, "SELECT kind, value FROM owner_refused_identities ORDER BY kind, value", params![])?;
    rows.iter().map(|(kind, value)| identity(kind, value)).collect()
}

/// Removes one of the owner's identities and remembers it was refused; whether it was theirs.
pub(crate) fn remove_owner_identity(conn: &dyn Db, identity: &Identity) -> Result<bool> {
    let done = db::execute(
        conn,
        "DELETE FROM owner_identities WHERE kind = ?1 AND value = ?2",
        params![identity.kind().as_str(), identity.value()],
    )?;
    if done.rows_affected() > 0 {
        db::execute(
            conn,
            "INSERT INTO owner_refused_identities (kind, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![identity.kind().as_str(), identity.value()],
        )?;
    }
    Ok(done.rows_affected() > 0)
}

/// The owner's identities, sorted.
pub(crate) fn owner_identities(conn: &dyn Db) -> Result<Vec<Identity>> {
    let rows: Vec<(String, String)> = db::all(conn, "SELECT kind, value FROM owner_identities", params![])?;
    let mut identities =
        rows.iter().map(|(kind, value)| identity(kind, value)).collect::<Result<Vec<_>>>()?;
    identities.sort();
    Ok(identities)
}

/// Sets the owner's name (to sign drafts with).
pub(crate) fn set_owner_name(conn: &dyn Db, name: &str) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO owner_profile (id, name) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET name = ?1",
        params![name],
    )?;
    Ok(())
}

/// The owner's name, once set.
pub(crate) fn owner_name(conn: &dyn Db) -> Result<Option<String>> {
    db::scalar_opt(conn, "SELECT name FROM owner_profile WHERE id = 1", params![])
}

/// One person with everything that is theirs, or everyone.
pub(crate) fn load(conn: &dyn Db, only: Option<&PersonId>) -> Result<Vec<Person>> {
    let only = only.map(PersonId::as_str);
    let theirs = only.map(|id| ("person = ?1", id));
    let rows: Vec<PersonRow> = fetch(conn, PersonRow::SELECT, only.map(|id| ("id = ?1", id)), "")?;
    let mut aliases =
        group(fetch::<(String, String)>(conn, "SELECT person, alias FROM person_aliases", theirs, "")?);
    let mut identities =
        identities_by_owner(fetch(conn, "SELECT person, kind, value FROM identities", theirs, "")?)?;
    let mut tags = group(fetch::<(String, String)>(conn, "SELECT person, tag FROM person_tags", theirs, "")?);
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
pub(crate) fn one(conn: &dyn Db, id: &PersonId) -> Result<Person> {
    load(conn, Some(id))?.pop().ok_or_else(|| StoreError::NotFound { entity: "person", id: id.to_string() })
}

/// Everyone, sorted by name (ignoring case) then id.
pub(crate) fn all(conn: &dyn Db) -> Result<Vec<Person>> {
    let mut people = load(conn, None)?;
    people.sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
    Ok(people)
}

/// Whoever holds the identity; of several (a shared identity), the first to have it.
pub(crate) fn holder(conn: &dyn Db, identity: &Identity) -> Result<Option<PersonId>> {
    Ok(holders(conn, identity)?.into_iter().next())
}

/// Everyone holding the identity, the first to have it first.
pub(crate) fn holders(conn: &dyn Db, identity: &Identity) -> Result<Vec<PersonId>> {
    let held: Vec<String> = db::scalars(
        conn,
        "SELECT person FROM identities WHERE kind = ?1 AND value = ?2 ORDER BY rowid",
        params![identity.kind().as_str(), identity.value()],
    )?;
    held.into_iter().map(super::rows::id).collect()
}

/// Whether a person with this id exists.
pub(crate) fn exists(conn: &dyn Db, id: &PersonId) -> Result<bool> {
    let found: Option<i64> =
        db::scalar_opt(conn, "SELECT 1 FROM people WHERE id = ?1", params![id.as_str()])?;
    Ok(found.is_some())
}

/// Adds a new person. Fails if an identity belongs to someone else.
pub(crate) fn add(conn: &dyn Db, new: &NewPerson, now: Timestamp) -> Result<Person> {
    let person = new.with_id(new_id(PersonId::from_bits)?, stored(now)?);
    save(conn, &person)?;
    Ok(person)
}

/// Adds a new person under an id nobody has (one a kith export gave them before), who
/// may share identities with others (see [`save_shared`]).
pub(crate) fn add_as(conn: &dyn Db, new: &NewPerson, id: &PersonId, now: Timestamp) -> Result<Person> {
    let person = new.with_id(id.clone(), stored(now)?);
    save_shared(conn, &person)?;
    Ok(person)
}

/// Writes a person over their row, or adds it, with exactly their aliases, identities
/// and tags. The stage is written only for a new row: afterwards only transitions
/// change it. Fails if the organization is unknown or an identity belongs to someone
/// else.
pub(crate) fn save(conn: &dyn Db, person: &Person) -> Result<()> {
    for identity in &person.identities {
        if let Some(owner) = holders(conn, identity)?.into_iter().find(|owner| owner != &person.id) {
            return Err(StoreError::IdentityTaken { identity: identity.clone(), owner });
        }
    }
    save_shared(conn, person)
}

/// [`save`], but an identity someone else holds too is shared with them rather than
/// refused: for records kept apart on purpose (an import that found names disagreeing
/// on one switchboard number, an undone merge).
pub(crate) fn save_shared(conn: &dyn Db, person: &Person) -> Result<()> {
    if let Some(org) = &person.org {
        require(conn, "organizations", "organization", org.as_str())?;
    }
    let id = person.id.as_str();
    db::execute(
        conn,
        "INSERT INTO people (id, name, org, role, industry, tier, cadence_days, stage, created_at, details) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, org = excluded.org, role = excluded.role, \
         industry = excluded.industry, tier = excluded.tier, cadence_days = excluded.cadence_days, \
         created_at = excluded.created_at, details = excluded.details",
        params![
            id,
            &person.name,
            person.org.as_ref().map(OrgId::as_str),
            person.role.as_deref(),
            person.industry.as_deref(),
            person.tier.map(Tier::as_str),
            person.cadence_days.map(i64::from),
            person.stage.as_str(),
            person.created_at.as_second(),
            details_json(&person.details)?
        ],
    )?;
    for table in ["person_aliases", "identities", "person_tags"] {
        db::execute(conn, &format!("DELETE FROM {table} WHERE person = ?1"), params![id])?;
    }
    for alias in &person.aliases {
        db::execute(
            conn,
            "INSERT INTO person_aliases (person, alias) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![id, alias],
        )?;
    }
    for identity in &person.identities {
        db::execute(
            conn,
            "INSERT INTO identities (kind, value, person) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![identity.kind().as_str(), identity.value(), id],
        )?;
    }
    for tag in &person.tags {
        insert_tag(conn, &person.id, tag)?;
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
pub(crate) fn update(conn: &dyn Db, id: &PersonId, patch: &PersonPatch) -> Result<Person> {
    let mut person = one(conn, id)?;
    patch.check(&person)?;
    patch.apply(&mut person);
    save(conn, &person)?;
    Ok(person)
}

/// Deletes a person, with the interactions nobody else took part in; everything else
/// of theirs goes by cascade.
pub(crate) fn remove(conn: &dyn Db, id: &PersonId) -> Result<()> {
    require_person(conn, id)?;
    db::execute(
        conn,
        "DELETE FROM interactions \
         WHERE id IN (SELECT interaction FROM interaction_participants WHERE person = ?1) \
         AND id NOT IN (SELECT interaction FROM interaction_participants WHERE person <> ?1)",
        params![id.as_str()],
    )?;
    db::execute(conn, "DELETE FROM people WHERE id = ?1", params![id.as_str()])?;
    Ok(())
}

fn insert_tag(conn: &dyn Db, id: &PersonId, tag: &str) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO person_tags (person, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![id.as_str(), tag],
    )?;
    Ok(())
}

/// Adds tags (already cleaned); ones the person has are left as they are.
pub(crate) fn tag(conn: &dyn Db, id: &PersonId, tags: &[String]) -> Result<()> {
    require_person(conn, id)?;
    for tag in tags {
        insert_tag(conn, id, tag)?;
    }
    Ok(())
}

/// Removes tags; how many of them the person had.
pub(crate) fn untag(conn: &dyn Db, id: &PersonId, tags: &[String]) -> Result<usize> {
    require_person(conn, id)?;
    let mut removed = 0;
    for tag in tags {
        let done = db::execute(
            conn,
            "DELETE FROM person_tags WHERE person = ?1 AND tag = ?2",
            params![id.as_str(), tag],
        )?;
        removed += done.rows_affected() as usize;
    }
    Ok(removed)
}

/// Adds a note on a person.
pub(crate) fn add_note(conn: &dyn Db, new: &NewNote) -> Result<Note> {
    require_person(conn, &new.person)?;
    let mut note = new.with_id(new_id(NoteId::from_bits)?);
    note.at = stored(note.at)?;
    insert_note(conn, &note)?;
    Ok(note)
}

/// Writes a note as it is.
pub(crate) fn insert_note(conn: &dyn Db, note: &Note) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO notes (id, person, at, text) VALUES (?1, ?2, ?3, ?4)",
        params![note.id.as_str(), note.person.as_str(), note.at.as_second(), &note.text],
    )?;
    Ok(())
}

/// One person's notes (or everyone's), oldest first.
pub(crate) fn notes(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Note>> {
    fetch_plain::<NoteRow>(conn, of_person(person), "ORDER BY at, id")
}

/// A person's notes, oldest first, or [`StoreError::NotFound`].
pub(crate) fn notes_of(conn: &dyn Db, id: &PersonId) -> Result<Vec<Note>> {
    require_person(conn, id)?;
    notes(conn, Some(id))
}
