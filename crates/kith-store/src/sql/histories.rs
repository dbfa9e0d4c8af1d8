//! Each person's history packed in one row (`histories`): their contacts and their ledger,
//! in the order and form a review reads them, so that a review reads one row a person.
//! Rows are derived: a write that adds a person's interactions deletes their row with
//! [`forget`] (triggers cover moves, deletions and every ledger change), and [`rebuild`]
//! makes the missing ones again from the tables they come from.

use super::db::{Db, Row, Rows, in_statement};
use super::rows::{Named, corrupt, maybe_timestamp, named, timestamp};
use super::value::{Value, params};
use crate::Result;
use jiff::Timestamp;
use kith_core::health::{Contact, Key, LedgerEntry};
use kith_core::{Channel, Direction, ExchangeKind, ExchangeStatus, Giver, QuickHasher};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::str::FromStr;

/// The layout of a row's bytes; a row in another layout is rebuilt.
const FORMAT: u8 = 2;

/// Bytes a contact takes: time (8), channel (1), direction (1), three keys (4 each).
const CONTACT_BYTES: usize = 22;

/// Bytes a ledger entry takes: kind, giver, status and whether it was asked (1 each),
/// weight (8), opened (8) and closed (8, [`NOT_CLOSED`] when open).
const ENTRY_BYTES: usize = 28;

/// The closing time of an entry not settled.
const NOT_CLOSED: i64 = i64::MIN;

/// One person's history, unpacked.
#[derive(Debug, Default)]
pub(super) struct Unpacked {
    /// Their contacts, oldest first.
    pub(super) contacts: Vec<Contact>,
    /// Their ledger entries, in the order of [`super::ledger::sort`].
    pub(super) exchanges: Vec<LedgerEntry>,
}

/// Packs a history (already in review order): the format, the number of contacts
/// (4 bytes), the contacts, then the ledger entries.
pub(crate) fn encode(history: &Unpacked) -> Vec<u8> {
    let Unpacked { contacts, exchanges } = history;
    let mut bytes = Vec::with_capacity(5 + contacts.len() * CONTACT_BYTES + exchanges.len() * ENTRY_BYTES);
    bytes.push(FORMAT);
    bytes.extend_from_slice(&u32::try_from(contacts.len()).unwrap_or(u32::MAX).to_le_bytes());
    for c in contacts {
        bytes.extend_from_slice(&c.at.as_second().to_le_bytes());
        bytes.push(code(Channel::ALL, c.channel));
        bytes.push(code(Direction::ALL, c.direction));
        for key in [c.thread, c.message, c.replies_to] {
            bytes.extend_from_slice(&key.map_or(0, Key::bits).to_le_bytes());
        }
    }
    for e in exchanges {
        bytes.push(code(ExchangeKind::ALL, e.kind));
        bytes.push(code(Giver::ALL, e.giver));
        bytes.push(code(ExchangeStatus::ALL, e.status));
        bytes.push(u8::from(e.asked));
        bytes.extend_from_slice(&e.weight.to_le_bytes());
        bytes.extend_from_slice(&e.opened_at.as_second().to_le_bytes());
        bytes.extend_from_slice(&e.closed_at.map_or(NOT_CLOSED, Timestamp::as_second).to_le_bytes());
    }
    bytes
}

/// Unpacks a row; `None` if the row is in another layout.
pub(crate) fn decode(bytes: &[u8]) -> Result<Option<Unpacked>> {
    let Some((&FORMAT, packed)) = bytes.split_first() else { return Ok(None) };
    let cut = || corrupt("packed history of length", bytes.len());
    let (count, packed) = packed.split_first_chunk::<4>().ok_or_else(cut)?;
    let count = usize::try_from(u32::from_le_bytes(*count)).map_err(|_| cut())?;
    let (contacts, entries) = packed.split_at_checked(count * CONTACT_BYTES).ok_or_else(cut)?;
    if entries.len() % ENTRY_BYTES != 0 {
        return Err(cut());
    }
    Ok(Some(Unpacked {
        contacts: contacts.chunks_exact(CONTACT_BYTES).map(unpack_contact).collect::<Result<_>>()?,
        exchanges: entries.chunks_exact(ENTRY_BYTES).map(unpack_entry).collect::<Result<_>>()?,
    }))
}

/// The little-endian 4 bytes at `at`.
fn word(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// The little-endian 8 bytes at `at`.
fn long(bytes: &[u8], at: usize) -> [u8; 8] {
    let mut long = [0; 8];
    long.copy_from_slice(&bytes[at..at + 8]);
    long
}

fn unpack_contact(c: &[u8]) -> Result<Contact> {
    Ok(Contact {
        at: timestamp(i64::from_le_bytes(long(c, 0)))?,
        channel: decoded(Channel::ALL, c[8], "contact channel")?,
        direction: decoded(Direction::ALL, c[9], "contact direction")?,
        thread: Key::from_bits(word(c, 10)),
        message: Key::from_bits(word(c, 14)),
        replies_to: Key::from_bits(word(c, 18)),
    })
}

fn unpack_entry(e: &[u8]) -> Result<LedgerEntry> {
    let closed = i64::from_le_bytes(long(e, 20));
    Ok(LedgerEntry {
        kind: decoded(ExchangeKind::ALL, e[0], "ledger entry kind")?,
        giver: decoded(Giver::ALL, e[1], "ledger entry giver")?,
        status: decoded(ExchangeStatus::ALL, e[2], "ledger entry status")?,
        asked: e[3] != 0,
        weight: f64::from_le_bytes(long(e, 4)),
        opened_at: timestamp(i64::from_le_bytes(long(e, 12)))?,
        closed_at: (closed != NOT_CLOSED).then(|| timestamp(closed)).transpose()?,
    })
}

/// A value's place among `all`, which is how it is stored.
fn code<T: PartialEq>(all: &[T], value: T) -> u8 {
    all.iter().position(|v| *v == value).and_then(|n| u8::try_from(n).ok()).unwrap_or(u8::MAX)
}

/// The value stored as `code`; `what` names it should the code be unknown.
fn decoded<T: Copy>(all: &[T], code: u8, what: &str) -> Result<T> {
    all.get(usize::from(code)).copied().ok_or_else(|| corrupt(what, code))
}

/// Deletes the rows of `people`, whose interactions are about to change, and notes the
/// change for readers that keep judgments (`revisions`).
pub(crate) fn forget<'p>(db: &dyn Db, people: impl IntoIterator<Item = &'p str> + Clone) -> Result<()> {
    let mut delete = db.prepare("DELETE FROM histories WHERE person = ?1")?;
    for person in people.clone() {
        delete.execute(params![person])?;
    }
    super::revisions::touch(db, people)
}

/// Builds the rows of `people` from their interactions and ledger, and stores them when
/// `keep` (passing over anyone no longer there); returns their histories in review order,
/// in the order of `people`. `everyone` is how many people there are: when `people` are a good part of
/// them, every interaction and ledger entry is read in one pass rather than theirs one
/// person at a time.
pub(crate) fn rebuild(db: &dyn Db, people: &[String], everyone: usize, keep: bool) -> Result<Vec<Unpacked>> {
    let index: Index<'_> = people.iter().enumerate().map(|(n, p)| (p.as_str(), n)).collect();
    let (contacts, ledgers) = if people.len() * SCAN_SHARE >= everyone {
        (scan(db, &index)?, ledgers(db, &index)?)
    } else {
        (each(db, people)?, each_ledger(db, people)?)
    };
    let mut insert = keep
        .then(|| {
            db.prepare(
                "INSERT INTO histories (person, packed) \
                 SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM people WHERE id = ?1) \
                 ON CONFLICT (person) DO UPDATE SET packed = excluded.packed",
            )
        })
        .transpose()?;
    let mut all = Vec::with_capacity(people.len());
    for ((person, mut contacts), mut ledger) in people.iter().zip(contacts).zip(ledgers) {
        contacts.sort_by_key(|c| c.at);
        ledger.sort_unstable_by_key(|(entry, id)| (entry.opened_at, *id));
        let history = Unpacked { contacts, exchanges: ledger.into_iter().map(|(entry, _)| entry).collect() };
        if let Some(insert) = insert.as_mut() {
            insert.execute(params![person, encode(&history)])?;
        }
        all.push(history);
    }
    Ok(all)
}

/// Rebuilding the rows of more than one person in this many reads every interaction and
/// ledger entry.
const SCAN_SHARE: usize = 16;

/// People's places in a list, by id.
pub(super) type Index<'p> = HashMap<&'p str, usize, BuildHasherDefault<QuickHasher>>;

/// The contacts of each of `people`, found through their participant rows.
fn each(db: &dyn Db, people: &[String]) -> Result<Vec<Vec<Contact>>> {
    let mut select = db.prepare(
        "SELECT i.at, i.channel, i.direction, i.thread_key, m.key, COALESCE(m.thread, m.key), m.parent \
         FROM interaction_participants p JOIN interactions i ON i.id = p.interaction \
         LEFT JOIN mail_messages m ON m.id = i.message WHERE p.person = ?1",
    )?;
    let mut all = Vec::with_capacity(people.len());
    for person in people {
        let mut contacts = Vec::new();
        let mut rows = select.query(params![person])?;
        while let Some(row) = rows.next()? {
            let digest = |column| row.value(column).map(|value| value.as_str().map(Key::of));
            let message = match (digest(4)?, digest(5)?) {
                (Some(key), Some(thread)) => Some(MailKeys { key, thread, parent: digest(6)? }),
                _ => None,
            };
            let (channel, direction) = (row.value(1)?, row.value(2)?);
            contacts.push(contact(row.get(0)?, channel, direction, digest(3)?, message.as_ref())?);
        }
        all.push(contacts);
    }
    Ok(all)
}

/// The columns a ledger entry is read from, after the person's.
const LEDGER_SELECT: &str =
    "SELECT person, id, kind, giver, status, asked, weight, opened_at, closed_at FROM exchanges";

/// A ledger entry, with its id's place in text order (for [`super::ledger::sort`]'s ties).
type Sortable = (LedgerEntry, IdOrder);

/// The ledger entries of each of `people`.
fn each_ledger(db: &dyn Db, people: &[String]) -> Result<Vec<Vec<Sortable>>> {
    let sql = format!("{LEDGER_SELECT} WHERE person = ?1");
    let mut select = db.prepare(&sql)?;
    let mut all = Vec::with_capacity(people.len());
    for person in people {
        let mut ledger = Vec::new();
        let mut rows = select.query(params![person])?;
        while let Some(row) = rows.next()? {
            ledger.push(entry(row, &sql)?);
        }
        all.push(ledger);
    }
    Ok(all)
}

/// The ledger entries of the people in `index`, by their place there, read in one pass.
fn ledgers(db: &dyn Db, index: &Index<'_>) -> Result<Vec<Vec<Sortable>>> {
    let mut all = vec![Vec::new(); index.len()];
    let mut select = db.prepare(LEDGER_SELECT)?;
    let mut rows = select.query(params![])?;
    while let Some(row) = rows.next()? {
        if let Some(&n) = row.value(0)?.as_str().and_then(|p| index.get(p)) {
            all[n].push(entry(row, LEDGER_SELECT)?);
        }
    }
    Ok(all)
}

/// The ledger entry in a row of [`LEDGER_SELECT`].
fn entry(row: &dyn Row, sql: &str) -> Result<Sortable> {
    let entry = LedgerEntry {
        kind: column(row, 2, sql)?,
        giver: column(row, 3, sql)?,
        status: column(row, 4, sql)?,
        asked: row.get(5)?,
        weight: row.get(6)?,
        opened_at: timestamp(row.get(7)?)?,
        closed_at: maybe_timestamp(row.get(8)?)?,
    };
    Ok((entry, IdOrder::of(row.value(1)?.as_str().unwrap_or_default())))
}

/// The value from a fixed list in `column`.
fn column<T: FromStr>(row: &dyn Row, column: usize, sql: &str) -> Result<T> {
    row.get::<Named<T>>(column).map(|named| named.0).map_err(|e| in_statement(e, sql))
}

/// An id's place in text order, without keeping the text: its first 16 bytes, which hold
/// all of any id kith makes. It breaks ties as [`super::ledger::sort`] does with the whole id.
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

/// The contacts of the people in `index`, by their place there, read in one pass. Interactions
/// and their participants are both kept in interaction id order, so they are read as two
/// sequential scans walked side by side rather than one lookup per participant.
fn scan(db: &dyn Db, index: &Index<'_>) -> Result<Vec<Vec<Contact>>> {
    let mail = mail_keys(db)?;
    let mut all: Vec<Vec<Contact>> = vec![Vec::new(); index.len()];
    let mut participants =
        db.prepare("SELECT interaction, person FROM interaction_participants ORDER BY interaction")?;
    let mut participants = Participants::new(participants.query(params![])?, index)?;
    let mut interactions =
        db.prepare("SELECT id, at, channel, direction, thread_key, message FROM interactions ORDER BY id")?;
    let mut rows = interactions.query(params![])?;
    while let Some(row) = rows.next()? {
        let id = row.value(0)?.as_str().ok_or_else(|| corrupt("interaction id", "not text"))?;
        let message = row.get::<Option<i64>>(5)?.and_then(|m| mail.get(usize::try_from(m).ok()?)?.as_ref());
        let thread = row.value(4)?.as_str().map(Key::of);
        let contact = contact(row.get(1)?, row.value(2)?, row.value(3)?, thread, message)?;
        participants.each_of(id, |person| all[person].push(contact))?;
    }
    Ok(all)
}

/// One contact from an interaction's columns and the keys of the message it came from.
fn contact(
    seconds: i64,
    channel: Value<'_>,
    direction: Value<'_>,
    thread: Option<Key>,
    message: Option<&MailKeys>,
) -> Result<Contact> {
    Ok(Contact {
        at: timestamp(seconds)?,
        channel: named(channel.as_str().unwrap_or_default())?,
        direction: named(direction.as_str().unwrap_or_default())?,
        thread: thread.or(message.map(|m| m.thread)),
        message: message.map(|m| m.key),
        replies_to: message.and_then(|m| m.parent),
    })
}

/// The participants scan, one row ahead of the interactions scan.
struct Participants<'s, 'i> {
    rows: Box<dyn Rows + 's>,
    index: &'i Index<'i>,
    /// The interaction of the row ahead (reused, to spare an allocation a row).
    interaction: String,
    /// The person of the row ahead, if they are among the people loaded.
    person: Option<usize>,
    done: bool,
}

impl<'s, 'i> Participants<'s, 'i> {
    fn new(rows: Box<dyn Rows + 's>, index: &'i Index<'i>) -> Result<Self> {
        let mut scan = Self { rows, index, interaction: String::new(), person: None, done: false };
        scan.advance()?;
        Ok(scan)
    }

    fn advance(&mut self) -> Result<()> {
        match self.rows.next()? {
            Some(row) => {
                self.interaction.clear();
                self.interaction.push_str(row.value(0)?.as_str().unwrap_or_default());
                self.person = row.value(1)?.as_str().and_then(|p| self.index.get(p)).copied();
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
fn mail_keys(db: &dyn Db) -> Result<Vec<Option<MailKeys>>> {
    let last: i64 = super::db::scalar(db, "SELECT COALESCE(MAX(id), 0) FROM mail_messages", params![])?;
    let mut keys = vec![None; usize::try_from(last).unwrap_or(0) + 1];
    let mut select = db.prepare("SELECT id, key, COALESCE(thread, key), parent FROM mail_messages")?;
    let mut rows = select.query(params![])?;
    while let Some(row) = rows.next()? {
        let text = |column| row.value(column).map(|value| value.as_str().map(Key::of));
        let slot = usize::try_from(row.get::<i64>(0)?).ok().and_then(|id| keys.get_mut(id));
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
        // A history stores these values as their places in `ALL`: new ones go last, or
        // FORMAT changes.
        let names = |all: Vec<&str>| all.join(" ");
        assert_eq!(
            names(Channel::ALL.iter().map(|c| c.as_str()).collect()),
            "email call meeting message event social"
        );
        assert_eq!(names(Direction::ALL.iter().map(|d| d.as_str()).collect()), "out in mutual");
        assert_eq!(
            names(ExchangeKind::ALL.iter().map(|k| k.as_str()).collect()),
            "introduction referral reference advice feedback help content favor"
        );
        assert_eq!(names(Giver::ALL.iter().map(|g| g.as_str()).collect()), "owner them");
        assert_eq!(names(ExchangeStatus::ALL.iter().map(|s| s.as_str()).collect()), "asked given declined");
    }

    #[test]
    fn histories_come_back_as_they_went() {
        let at = |seconds| Timestamp::from_second(seconds).unwrap();
        let history = Unpacked {
            contacts: vec![
                Contact {
                    at: at(1_700_000_000),
                    channel: Channel::Email,
                    direction: Direction::In,
                    thread: Some(Key::of("t")),
                    message: Some(Key::of("m")),
                    replies_to: None,
                },
                Contact {
                    at: at(-5),
                    channel: Channel::Social,
                    direction: Direction::Mutual,
                    thread: None,
                    message: None,
                    replies_to: Some(Key::of("p")),
                },
            ],
            exchanges: vec![
                LedgerEntry {
                    kind: ExchangeKind::Referral,
                    giver: Giver::Them,
                    status: ExchangeStatus::Asked,
                    asked: true,
                    weight: 5.0,
                    opened_at: at(1_600_000_000),
                    closed_at: None,
                },
                LedgerEntry {
                    kind: ExchangeKind::Content,
                    giver: Giver::Owner,
                    status: ExchangeStatus::Given,
                    asked: false,
                    weight: 0.25,
                    opened_at: at(0),
                    closed_at: Some(at(0)),
                },
            ],
        };
        let same = |packed: &[u8]| decode(packed).unwrap().map(|h| (h.contacts, h.exchanges));
        assert_eq!(same(&encode(&history)), Some((history.contacts.clone(), history.exchanges.clone())));
        assert_eq!(same(&encode(&Unpacked::default())), Some((vec![], vec![])));
        assert_eq!(same(&[FORMAT - 1, 0]), None, "another layout is rebuilt");
        let packed = encode(&history);
        assert!(decode(&packed[..packed.len() - 1]).is_err(), "a cut row is damage");
        assert!(decode(&packed[..3]).is_err(), "a cut count is damage");
    }
}
