//! What a review reads: everyone, their contacts and ledgers, who is in client work, and
//! what the user recorded, each loaded in one scan.

use super::rows::corrupt;
use super::{bulk, facts, ledger, orgs, people};
use crate::{Result, ReviewData};
use jiff::Timestamp;
use kith_core::health::{Contact, Key};
use kith_core::{Channel, Direction, EngagementStatus, Exchange};
use rusqlite::Connection;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Loads [`ReviewData`].
pub(super) async fn load(conn: &mut SqliteConnection) -> Result<ReviewData> {
    let people = people::all(&mut *conn).await?;
    let index: HashMap<&str, usize> = people.iter().enumerate().map(|(n, p)| (p.id.as_str(), n)).collect();
    let contacts = bulk::with_connection(&mut *conn, |db| contacts(db, &index)).await?;
    let mut exchanges: Vec<Vec<Exchange>> = vec![Vec::new(); people.len()];
    for exchange in ledger::load(&mut *conn, None).await? {
        if let Some(&n) = index.get(exchange.person.as_str()) {
            exchanges[n].push(exchange);
        }
    }
    let engaged = orgs::engagements(&mut *conn, None)
        .await?
        .into_iter()
        .filter(|e| e.status == EngagementStatus::Active)
        .flat_map(|e| e.people)
        .collect();
    Ok(ReviewData {
        contacts,
        exchanges,
        engaged,
        facts: facts::facts(&mut *conn, None).await?,
        mutes: facts::mutes(&mut *conn, None).await?,
        owner_facts: facts::owner_facts(&mut *conn).await?,
        people,
    })
}

/// Every person's contacts, oldest first, by the person's place in `index`.
fn contacts(db: &Connection, index: &HashMap<&str, usize>) -> Result<Vec<Vec<Contact>>> {
    let mut all: Vec<Vec<Contact>> = vec![Vec::new(); index.len()];
    let mut rows = db.prepare(
        "SELECT p.person, i.at, i.channel, i.direction, COALESCE(i.thread_key, m.thread, m.key), m.key, m.parent \
         FROM interaction_participants p JOIN interactions i ON i.id = p.interaction \
         LEFT JOIN mail_messages m ON m.id = i.message",
    )?;
    let mut rows = rows.query([])?;
    while let Some(row) = rows.next()? {
        let Some(&n) = row.get_ref(0)?.as_str().ok().and_then(|person| index.get(person)) else { continue };
        let key = |column| row.get_ref(column).map(|value| value.as_str().ok().map(Key::of));
        all[n].push(Contact {
            at: Timestamp::from_second(row.get(1)?)
                .map_err(|e| corrupt("interaction time", e.to_string()))?,
            channel: named(
                Channel::ALL,
                Channel::as_str,
                row.get_ref(2)?.as_str().unwrap_or_default(),
                "channel",
            )?,
            direction: named(
                Direction::ALL,
                Direction::as_str,
                row.get_ref(3)?.as_str().unwrap_or_default(),
                "direction",
            )?,
            thread: key(4)?,
            message: key(5)?,
            replies_to: key(6)?,
        });
    }
    for contacts in &mut all {
        contacts.sort_by_key(|c| c.at);
    }
    Ok(all)
}

/// The value of a named enum stored as `text`, found without allocating.
fn named<T: Copy>(all: &[T], name: fn(T) -> &'static str, text: &str, what: &'static str) -> Result<T> {
    all.iter().copied().find(|v| name(*v) == text).ok_or_else(|| corrupt(what, text))
}
