//! What a review reads: everyone, their contacts (from the packed logs of
//! [`contact_logs`]) and ledgers, who is in client work, and what the user recorded, each
//! loaded in one scan.

use super::contact_logs::{self, Index};
use super::query::damage;
use super::rows::{Named, maybe_timestamp, timestamp};
use super::{bulk, facts, orgs, people};
use crate::{Result, ReviewData};
use kith_core::EngagementStatus;
use kith_core::health::{Contact, LedgerEntry};
use rusqlite::Connection;
use sqlx::SqliteConnection;
use std::str::FromStr;

/// Loads [`ReviewData`], but for the contacts of the people whose logs are missing: their
/// places in `people` are returned apart, for [`rebuild`].
pub(super) async fn load(conn: &mut SqliteConnection) -> Result<(ReviewData, Vec<usize>)> {
    let people = people::all(&mut *conn).await?;
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.id.as_str(), n)).collect();
    let (contacts, missing) = bulk::with_connection(&mut *conn, |db| logged(db, &index)).await?;
    let exchanges = ledgers(&mut *conn, &index).await?;
    let engaged = orgs::engagements(&mut *conn, None)
        .await?
        .into_iter()
        .filter(|e| e.status == EngagementStatus::Active)
        .flat_map(|e| e.people)
        .collect();
    let data = ReviewData {
        contacts,
        exchanges,
        engaged,
        facts: facts::facts(&mut *conn, None).await?,
        mutes: facts::mutes(&mut *conn, None).await?,
        owner_facts: facts::owner_facts(&mut *conn).await?,
        people,
    };
    Ok((data, missing))
}

/// Builds and keeps the logs of `people`, of `everyone` there are; returns their
/// contacts, in the same order.
pub(super) async fn rebuild(
    conn: &mut SqliteConnection,
    people: &[String],
    everyone: usize,
) -> Result<Vec<Vec<Contact>>> {
    bulk::with_connection(conn, |db| contact_logs::rebuild(db, people, everyone)).await
}

/// Every person's ledger in the order of [`super::ledger::sort`], by the person's place in
/// `index`, read straight into what the metrics need: a review reads hundreds of thousands
/// of entries and has no use for their ids and notes.
async fn ledgers(conn: &mut SqliteConnection, index: &Index<'_>) -> Result<Vec<Vec<LedgerEntry>>> {
    const SELECT: &str =
        "SELECT person, id, kind, giver, status, asked, weight, opened_at, closed_at FROM exchanges";
    bulk::with_connection(conn, |db| {
        let mut all: Vec<Vec<(LedgerEntry, IdOrder)>> = vec![Vec::new(); index.len()];
        let mut select = db.prepare(SELECT)?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let Some(&n) = row.get_ref(0)?.as_str().ok().and_then(|p| index.get(p)) else { continue };
            let entry = LedgerEntry {
                kind: named(row, 2, SELECT)?,
                giver: named(row, 3, SELECT)?,
                status: named(row, 4, SELECT)?,
                asked: row.get(5)?,
                weight: row.get(6)?,
                opened_at: timestamp(row.get(7)?)?,
                closed_at: maybe_timestamp(row.get(8)?)?,
            };
            all[n].push((entry, IdOrder::of(row.get_ref(1)?.as_str().unwrap_or_default())));
        }
        Ok(all
            .into_iter()
            .map(|mut ledger| {
                ledger.sort_unstable_by_key(|(entry, id)| (entry.opened_at, *id));
                ledger.into_iter().map(|(entry, _)| entry).collect()
            })
            .collect())
    })
    .await
}

/// The value from a fixed list in `column`.
fn named<T: FromStr>(row: &rusqlite::Row<'_>, column: usize, sql: &str) -> Result<T> {
    row.get::<_, Named<T>>(column).map(|named| named.0).map_err(|e| damage(e, sql))
}

/// An id's place in text order, without keeping the text: its first 16 bytes, which hold
/// all of any id kith makes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct IdOrder([u8; 16]);

impl IdOrder {
    fn of(id: &str) -> Self {
        let mut bytes = [0; 16];
        let len = id.len().min(16);
        bytes[..len].copy_from_slice(&id.as_bytes()[..len]);
        Self(bytes)
    }
}

/// Every person's contacts from their log, by the person's place in `index`, and the
/// places of those without a usable log.
fn logged(db: &Connection, index: &Index<'_>) -> Result<(Vec<Vec<Contact>>, Vec<usize>)> {
    let mut all: Vec<Option<Vec<Contact>>> = vec![None; index.len()];
    let mut select = db.prepare("SELECT person, contacts FROM contact_logs")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let person = row.get_ref(0)?.as_str().ok().and_then(|p| index.get(p));
        if let Some(&n) = person {
            all[n] = contact_logs::decode(row.get_ref(1)?.as_blob().unwrap_or_default())?;
        }
    }
    let missing = all.iter().enumerate().filter(|(_, c)| c.is_none()).map(|(n, _)| n).collect();
    Ok((all.into_iter().map(Option::unwrap_or_default).collect(), missing))
}
