//! What changed since a revision (migration 0013): the counter, and the people whose
//! reviewed data changed after it. Triggers note most changes; [`touch`] notes the ones
//! made in bulk, where the writer already knows whom it touched.

use super::db;
use super::db::Db;
use super::rows::corrupt;
use super::value::params;
use crate::{Changes, Result};
use kith_core::PersonId;

/// The person standing for everyone in `person_revisions`.
const EVERYONE: &str = "";

/// The revision now.
pub(crate) fn current(conn: &dyn Db) -> Result<u64> {
    let n: i64 = db::scalar(conn, "SELECT n FROM revision", params![])?;
    u64::try_from(n).map_err(|_| corrupt("revision", n))
}

/// The changes after revision `since`.
pub(crate) fn since(conn: &dyn Db, since: u64) -> Result<Changes> {
    let revision = current(conn)?;
    let after = i64::try_from(since).unwrap_or(i64::MAX);
    let changed: Vec<String> = db::scalars(
        conn,
        "SELECT person FROM person_revisions WHERE n > ?1 ORDER BY person",
        params![after],
    )?;
    let everyone = changed.first().is_some_and(|p| p == EVERYONE);
    let people = changed.iter().filter_map(|p| PersonId::parse(p)).collect();
    Ok(Changes { revision, everyone, people })
}

/// Notes a change to each of `people`, under one new revision.
pub(crate) fn touch<'p>(db: &dyn Db, people: impl IntoIterator<Item = &'p str>) -> Result<()> {
    db.prepare("UPDATE revision SET n = n + 1")?.execute(params![])?;
    let mut note = db.prepare(
        "INSERT INTO person_revisions (person, n) VALUES (?1, (SELECT n FROM revision)) \
         ON CONFLICT (person) DO UPDATE SET n = excluded.n",
    )?;
    for person in people {
        note.execute(params![person])?;
    }
    Ok(())
}
