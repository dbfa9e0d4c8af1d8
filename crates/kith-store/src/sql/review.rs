//! What a review reads: everyone, their contacts and ledgers (from the packed rows of
//! [`histories`]), who is in client work, and what the user recorded, each loaded in one
//! scan.

use super::db;
use super::db::Db;
use super::histories::{self, Index, Unpacked};
use super::value::params;
use super::{facts, orgs, people};
use crate::{Result, ReviewData};
use kith_core::{EngagementStatus, PersonId};
use std::collections::HashSet;

/// Loads [`ReviewData`], but for the contacts and ledgers of the people whose packed
/// histories are missing: their places in `people` are returned apart, for [`rebuild`].
pub(crate) fn load(conn: &dyn Db) -> Result<(ReviewData, Vec<usize>)> {
    let people = people::all(conn)?;
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.id.as_str(), n)).collect();
    let (histories, missing) = packed(conn, &index)?;
    let (contacts, exchanges): (Vec<_>, Vec<_>) =
        histories.into_iter().map(|h| (h.contacts, h.exchanges)).unzip();
    let engaged = engaged(conn)?;
    let data = ReviewData {
        contacts,
        exchanges,
        engaged,
        facts: facts::facts(conn, None)?,
        mutes: facts::mutes(conn, None)?,
        owner_facts: facts::owner_facts(conn)?,
        people,
    };
    Ok((data, missing))
}

/// Loads [`ReviewData`] of `ids` alone (those still there), as [`load`] does of
/// everyone, with how many people there are in all.
pub(crate) fn load_of(conn: &dyn Db, ids: &[PersonId]) -> Result<(ReviewData, Vec<usize>, usize)> {
    let mut people = Vec::with_capacity(ids.len());
    let (mut facts, mut mutes) = (Vec::new(), Vec::new());
    for id in ids {
        people.extend(people::load(conn, Some(id))?);
        facts.extend(facts::facts(conn, Some(id))?);
        mutes.extend(facts::mutes(conn, Some(id))?);
    }
    let wanted: HashSet<&PersonId> = people.iter().map(|p| &p.id).collect();
    let engaged = engaged(conn)?.into_iter().filter(|id| wanted.contains(id)).collect();
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let (histories, missing) = packed_of(conn, &ids)?;
    let (contacts, exchanges): (Vec<_>, Vec<_>) =
        histories.into_iter().map(|h| (h.contacts, h.exchanges)).unzip();
    let everyone: i64 = db::scalar(conn, "SELECT count(*) FROM people", params![])?;
    let data = ReviewData {
        contacts,
        exchanges,
        engaged,
        facts,
        mutes,
        owner_facts: facts::owner_facts(conn)?,
        people,
    };
    Ok((data, missing, usize::try_from(everyone).unwrap_or_default()))
}

/// Who is in client work going on now.
fn engaged(conn: &dyn Db) -> Result<HashSet<PersonId>> {
    Ok(orgs::engagements(conn, None)?
        .into_iter()
        .filter(|e| e.status == EngagementStatus::Active)
        .flat_map(|e| e.people)
        .collect())
}

/// Builds the packed histories of `people`, of `everyone` there are, and keeps them when
/// `keep` (not in a database open for reading only); returns them, in the same order.
pub(crate) fn rebuild(
    conn: &dyn Db,
    people: &[String],
    everyone: usize,
    keep: bool,
) -> Result<Vec<Unpacked>> {
    histories::rebuild(conn, people, everyone, keep)
}

/// Every person's packed history, by the person's place in `index`, and the places of
/// those without a usable one.
fn packed(db: &dyn Db, index: &Index<'_>) -> Result<(Vec<Unpacked>, Vec<usize>)> {
    let mut all: Vec<Option<Unpacked>> = std::iter::repeat_with(|| None).take(index.len()).collect();
    let mut select = db.prepare("SELECT person, packed FROM histories")?;
    let mut rows = select.query(params![])?;
    while let Some(row) = rows.next()? {
        let person = row.value(0)?.as_str().and_then(|p| index.get(p));
        if let Some(&n) = person {
            all[n] = histories::decode(row.value(1)?.as_blob().unwrap_or_default())?;
        }
    }
    let missing = all.iter().enumerate().filter(|(_, c)| c.is_none()).map(|(n, _)| n).collect();
    Ok((all.into_iter().map(Option::unwrap_or_default).collect(), missing))
}

/// The packed histories of `people`, in their order, and the places of those without a
/// usable one.
fn packed_of(db: &dyn Db, people: &[&str]) -> Result<(Vec<Unpacked>, Vec<usize>)> {
    let mut select = db.prepare("SELECT packed FROM histories WHERE person = ?1")?;
    let (mut all, mut missing) = (Vec::with_capacity(people.len()), Vec::new());
    for (n, person) in people.iter().enumerate() {
        let mut rows = select.query(params![person])?;
        let history = match rows.next()? {
            Some(row) => histories::decode(row.value(0)?.as_blob().unwrap_or_default())?,
            None => None,
        };
        if history.is_none() {
            missing.push(n);
        }
        all.push(history.unwrap_or_default());
    }
    Ok((all, missing))
}
