//! What a review reads: everyone, their contacts and ledgers, who is in client work, and
//! what the user recorded, each loaded in one scan.

use super::hashing::IdHasher;
use super::rows::{corrupt, named};
use super::{bulk, facts, ledger, orgs, people};
use crate::{Result, ReviewData};
use jiff::Timestamp;
use kith_core::health::{Contact, Key};
use kith_core::{EngagementStatus, Exchange};
use rusqlite::Connection;
use sqlx::SqliteConnection;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Loads [`ReviewData`].
pub(super) async fn load(conn: &mut SqliteConnection) -> Result<ReviewData> {
    let people = people::all(&mut *conn).await?;
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.id.as_str(), n)).collect();
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

/// People's places in the list loaded, by id.
type Index<'p> = HashMap<&'p str, usize, BuildHasherDefault<IdHasher>>;

/// Every person's contacts, oldest first, by the person's place in `index`. Interactions
/// and their participants are both kept in interaction id order, so they are read as two
/// sequential scans walked side by side rather than one lookup per participant.
fn contacts(db: &Connection, index: &Index<'_>) -> Result<Vec<Vec<Contact>>> {
    let mail = mail_keys(db)?;
    let mut all: Vec<Vec<Contact>> = vec![Vec::new(); index.len()];
    let mut participants =
        db.prepare("SELECT interaction, person FROM interaction_participants ORDER BY interaction")?;
    let mut participants = Participants::new(participants.query([])?, index)?;
    let mut interactions =
        db.prepare("SELECT id, at, channel, direction, thread_key, message FROM interactions ORDER BY id")?;
    let mut rows = interactions.query([])?;
    while let Some(row) = rows.next()? {
        let id = row.get_ref(0)?.as_str().map_err(|_| corrupt("interaction id", "not text"))?;
        let message =
            row.get::<_, Option<i64>>(5)?.and_then(|m| mail.get(usize::try_from(m).ok()?)?.as_ref());
        let contact = Contact {
            at: Timestamp::from_second(row.get(1)?)
                .map_err(|e| corrupt("interaction time", e.to_string()))?,
            channel: named(row.get_ref(2)?.as_str().unwrap_or_default())?,
            direction: named(row.get_ref(3)?.as_str().unwrap_or_default())?,
            thread: row.get_ref(4)?.as_str().ok().map(Key::of).or(message.map(|m| m.thread)),
            message: message.map(|m| m.key),
            replies_to: message.and_then(|m| m.parent),
        };
        participants.each_of(id, |person| all[person].push(contact))?;
    }
    for contacts in &mut all {
        contacts.sort_by_key(|c| c.at);
    }
    Ok(all)
}

/// The participants scan, one row ahead of the interactions scan.
struct Participants<'s, 'i> {
    rows: rusqlite::Rows<'s>,
    index: &'i Index<'i>,
    /// The interaction of the row ahead (reused, to spare an allocation a row).
    interaction: String,
    /// The person of the row ahead, if they are among the people loaded.
    person: Option<usize>,
    done: bool,
}

impl<'s, 'i> Participants<'s, 'i> {
    fn new(rows: rusqlite::Rows<'s>, index: &'i Index<'i>) -> Result<Self> {
        let mut scan = Self { rows, index, interaction: String::new(), person: None, done: false };
        scan.advance()?;
        Ok(scan)
    }

    fn advance(&mut self) -> Result<()> {
        match self.rows.next()? {
            Some(row) => {
                self.interaction.clear();
                self.interaction.push_str(row.get_ref(0)?.as_str().unwrap_or_default());
                self.person = row.get_ref(1)?.as_str().ok().and_then(|p| self.index.get(p)).copied();
            }
            None => self.done = true,
        }
        Ok(())
    }

    /// Calls `each` with every participant of `interaction`, passing over participants of
    /// earlier interactions (there are none unless the database is damaged).
    fn each_of(&mut self, interaction: &str, mut each: impl FnMut(usize)) -> Result<()> {
        while !self.done && self.interaction.as_str() <= interaction {
            if self.interaction == interaction
                && let Some(person) = self.person
            {
                each(person);
            }
            self.advance()?;
        }
        Ok(())
    }
}

/// What the metrics need of a mail message.
#[derive(Clone, Copy)]
struct MailKeys {
    key: Key,
    thread: Key,
    parent: Option<Key>,
}

/// Every mail message's keys, at the index of its row id (row ids count up from 1).
fn mail_keys(db: &Connection) -> Result<Vec<Option<MailKeys>>> {
    let last: i64 = db.query_row("SELECT COALESCE(MAX(id), 0) FROM mail_messages", [], |row| row.get(0))?;
    let mut keys = vec![None; usize::try_from(last).unwrap_or(0) + 1];
    let mut select = db.prepare("SELECT id, key, COALESCE(thread, key), parent FROM mail_messages")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let text = |column| row.get_ref(column).map(|value| value.as_str().ok().map(Key::of));
        let slot = usize::try_from(row.get::<_, i64>(0)?).ok().and_then(|id| keys.get_mut(id));
        if let (Some(slot), Some(key), Some(thread)) = (slot, text(1)?, text(2)?) {
            *slot = Some(MailKeys { key, thread, parent: text(3)? });
        }
    }
    Ok(keys)
}
