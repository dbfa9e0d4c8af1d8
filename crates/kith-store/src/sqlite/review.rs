//! What a review reads: everyone, their contacts and ledgers (from the packed rows of
//! [`histories`]), who is in client work, and what the user recorded, each loaded in one
//! scan.

use super::histories::{self, Index, Unpacked};
use super::{bulk, facts, orgs, people};
use crate::{Result, ReviewData};
use kith_core::EngagementStatus;
use rusqlite::Connection;
use sqlx::SqliteConnection;

/// Loads [`ReviewData`], but for the contacts and ledgers of the people whose packed
/// histories are missing: their places in `people` are returned apart, for [`rebuild`].
pub(super) async fn load(conn: &mut SqliteConnection) -> Result<(ReviewData, Vec<usize>)> {
    let people = people::all(&mut *conn).await?;
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.id.as_str(), n)).collect();
    let (histories, missing) = bulk::with_connection(&mut *conn, |db| packed(db, &index)).await?;
    let (contacts, exchanges): (Vec<_>, Vec<_>) =
        histories.into_iter().map(|h| (h.contacts, h.exchanges)).unzip();
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

/// Builds the packed histories of `people`, of `everyone` there are, and keeps them when
/// `keep` (not in a database open for reading only); returns them, in the same order.
pub(super) async fn rebuild(
    conn: &mut SqliteConnection,
    people: &[String],
    everyone: usize,
    keep: bool,
) -> Result<Vec<Unpacked>> {
    bulk::with_connection(conn, |db| histories::rebuild(db, people, everyone, keep)).await
}

/// Every person's packed history, by the person's place in `index`, and the places of
/// those without a usable one.
fn packed(db: &Connection, index: &Index<'_>) -> Result<(Vec<Unpacked>, Vec<usize>)> {
    let mut all: Vec<Option<Unpacked>> = std::iter::repeat_with(|| None).take(index.len()).collect();
    let mut select = db.prepare("SELECT person, packed FROM histories")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let person = row.get_ref(0)?.as_str().ok().and_then(|p| index.get(p));
        if let Some(&n) = person {
            all[n] = histories::decode(row.get_ref(1)?.as_blob().unwrap_or_default())?;
        }
    }
    let missing = all.iter().enumerate().filter(|(_, c)| c.is_none()).map(|(n, _)| n).collect();
    Ok((all.into_iter().map(Option::unwrap_or_default).collect(), missing))
}
