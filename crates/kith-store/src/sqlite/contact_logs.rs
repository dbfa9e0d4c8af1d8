//! Each person's contacts packed in one row (`contact_logs`), so that a review reads one
//! row a person. Rows are derived: a write that adds a person's interactions deletes their
//! row with [`forget`] (triggers cover moves and deletions), and [`rebuild`] makes the
//! missing ones again from the interactions.

use super::rows::{corrupt, named};
use crate::Result;
use jiff::Timestamp;
use kith_core::health::{Contact, Key};
use kith_core::{Channel, Direction, QuickHasher};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// The layout of a row's bytes; a row in another layout is rebuilt.
const FORMAT: u8 = 1;

/// Bytes a contact takes: time (8), channel (1), direction (1), three keys (4 each).
const CONTACT_BYTES: usize = 22;

/// Packs `contacts` (already in review order).
pub(super) fn encode(contacts: &[Contact]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1 + contacts.len() * CONTACT_BYTES);
    bytes.push(FORMAT);
    for c in contacts {
        bytes.extend_from_slice(&c.at.as_second().to_le_bytes());
        bytes.push(code(Channel::ALL, c.channel));
        bytes.push(code(Direction::ALL, c.direction));
        for key in [c.thread, c.message, c.replies_to] {
            bytes.extend_from_slice(&key.map_or(0, Key::bits).to_le_bytes());
        }
    }
    bytes
}

/// Unpacks a row's contacts; `None` if the row is in another layout.
pub(super) fn decode(bytes: &[u8]) -> Result<Option<Vec<Contact>>> {
    let Some((&FORMAT, packed)) = bytes.split_first() else { return Ok(None) };
    if packed.len() % CONTACT_BYTES != 0 {
        return Err(corrupt("contact log of length", bytes.len()));
    }
    let mut contacts = Vec::with_capacity(packed.len() / CONTACT_BYTES);
    for bytes in packed.chunks_exact(CONTACT_BYTES) {
        contacts.push(unpack(bytes)?);
    }
    Ok(Some(contacts))
}

fn unpack(c: &[u8]) -> Result<Contact> {
    let word = |at: usize| u32::from_le_bytes([c[at], c[at + 1], c[at + 2], c[at + 3]]);
    let seconds = i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    Ok(Contact {
        at: Timestamp::from_second(seconds).map_err(|_| corrupt("contact time", seconds))?,
        channel: *Channel::ALL.get(usize::from(c[8])).ok_or_else(|| corrupt("contact channel", c[8]))?,
        direction: *Direction::ALL
            .get(usize::from(c[9]))
            .ok_or_else(|| corrupt("contact direction", c[9]))?,
        thread: Key::from_bits(word(10)),
        message: Key::from_bits(word(14)),
        replies_to: Key::from_bits(word(18)),
    })
}

/// A value's place among `all`, which is how it is stored.
fn code<T: PartialEq>(all: &[T], value: T) -> u8 {
    all.iter().position(|v| *v == value).and_then(|n| u8::try_from(n).ok()).unwrap_or(u8::MAX)
}

/// Deletes the rows of `people`, whose interactions are about to change.
pub(super) fn forget<'p>(db: &Connection, people: impl IntoIterator<Item = &'p str>) -> Result<()> {
    let mut delete = db.prepare_cached("DELETE FROM contact_logs WHERE person = ?1")?;
    for person in people {
        delete.execute([person])?;
    }
    Ok(())
}

/// Builds and stores the rows of `people` (passing over anyone no longer there) from
/// their interactions; returns their contacts in review order (oldest first), in the order
/// of `people`. `everyone` is how many people there are: when `people` are a good part
/// of them, every interaction is read in one pass rather than theirs one person at a time.
pub(super) fn rebuild(db: &Connection, people: &[String], everyone: usize) -> Result<Vec<Vec<Contact>>> {
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.as_str(), n)).collect();
    let mut all = if people.len() * SCAN_SHARE >= everyone { scan(db, &index)? } else { each(db, people)? };
    let mut insert = db.prepare(
        "INSERT OR REPLACE INTO contact_logs (person, contacts) \
         SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM people WHERE id = ?1)",
    )?;
    for (person, contacts) in people.iter().zip(&mut all) {
        contacts.sort_by_key(|c| c.at);
        insert.execute((person, encode(contacts)))?;
    }
    Ok(all)
}

/// Rebuilding the logs of more than one person in this many reads every interaction.
const SCAN_SHARE: usize = 16;

/// People's places in a list, by id.
pub(super) type Index<'p> = HashMap<&'p str, usize, BuildHasherDefault<QuickHasher>>;

/// The contacts of each of `people`, found through their participant rows.
fn each(db: &Connection, people: &[String]) -> Result<Vec<Vec<Contact>>> {
    let mut select = db.prepare(
        "SELECT i.at, i.channel, i.direction, i.thread_key, m.key, COALESCE(m.thread, m.key), m.parent \
         FROM interaction_participants p JOIN interactions i ON i.id = p.interaction \
         LEFT JOIN mail_messages m ON m.id = i.message WHERE p.person = ?1",
    )?;
    let mut all = Vec::with_capacity(people.len());
    for person in people {
        let mut contacts = Vec::new();
        let mut rows = select.query([person])?;
        while let Some(row) = rows.next()? {
            let digest = |column| row.get_ref(column).map(|value| value.as_str().ok().map(Key::of));
            let message = match (digest(4)?, digest(5)?) {
                (Some(key), Some(thread)) => Some(MailKeys { key, thread, parent: digest(6)? }),
                _ => None,
            };
            let (channel, direction) = (row.get_ref(1)?, row.get_ref(2)?);
            contacts.push(contact(row.get(0)?, channel, direction, digest(3)?, message.as_ref())?);
        }
        all.push(contacts);
    }
    Ok(all)
}

/// The contacts of the people in `index`, by their place there, read in one pass. Interactions
/// and their participants are both kept in interaction id order, so they are read as two
/// sequential scans walked side by side rather than one lookup per participant.
fn scan(db: &Connection, index: &Index<'_>) -> Result<Vec<Vec<Contact>>> {
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
        let thread = row.get_ref(4)?.as_str().ok().map(Key::of);
        let contact = contact(row.get(1)?, row.get_ref(2)?, row.get_ref(3)?, thread, message)?;
        participants.each_of(id, |person| all[person].push(contact))?;
    }
    Ok(all)
}

/// One contact from an interaction's columns and the keys of the message it came from.
fn contact(
    seconds: i64,
    channel: ValueRef<'_>,
    direction: ValueRef<'_>,
    thread: Option<Key>,
    message: Option<&MailKeys>,
) -> Result<Contact> {
    Ok(Contact {
        at: Timestamp::from_second(seconds).map_err(|_| corrupt("interaction time", seconds))?,
        channel: named(channel.as_str().unwrap_or_default())?,
        direction: named(direction.as_str().unwrap_or_default())?,
        thread: thread.or(message.map(|m| m.thread)),
        message: message.map(|m| m.key),
        replies_to: message.and_then(|m| m.parent),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_codes_stay_where_they_are() {
        // A contact stores its channel and direction as their places in `ALL`.
        let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(channels, ["email", "call", "meeting", "message", "event", "social"], "new ones go last");
        let directions: Vec<&str> = Direction::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(directions, ["out", "in", "mutual"], "a new direction goes last, or FORMAT changes");
    }

    #[test]
    fn contacts_come_back_as_they_went() {
        let contacts = vec![
            Contact {
                at: Timestamp::from_second(1_700_000_000).unwrap(),
                channel: Channel::Email,
                direction: Direction::In,
                thread: Some(Key::of("t")),
                message: Some(Key::of("m")),
                replies_to: None,
            },
            Contact {
                at: Timestamp::from_second(-5).unwrap(),
                channel: Channel::Social,
                direction: Direction::Mutual,
                thread: None,
                message: None,
                replies_to: Some(Key::of("p")),
            },
        ];
        assert_eq!(decode(&encode(&contacts)).unwrap(), Some(contacts));
        assert_eq!(decode(&encode(&[])).unwrap(), Some(vec![]));
        assert_eq!(decode(&[FORMAT + 1, 0]).unwrap(), None, "another layout is rebuilt");
        assert!(decode(&[FORMAT, 0, 0]).is_err(), "a cut row is damage");
    }
}
