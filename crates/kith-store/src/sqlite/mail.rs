//! Mail: each message stored once under its key, personal ones logged as one interaction
//! per correspondent. Written with multi-row statements, since an archive brings hundreds
//! of thousands of rows.

use super::query::new_id;
use super::rows::{id, maybe_timestamp, named, stored};
use crate::{MailBatch, MailCheckpoint, MailTally, Result};
use jiff::Timestamp;
use kith_core::{
    Channel, Direction, Disposition, Fnv, Identity, InteractionId, KeptOut, MailAddress, MailMessage,
    MailOwner, NewPerson, PersonId, clean_name,
};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// How many rows one INSERT carries (SQLite allows 32,766 bound values per statement).
const ROWS_PER_STATEMENT: usize = 400;

/// Stores a batch as [`crate::Store::import_mail`] describes.
pub(super) async fn import(
    conn: &mut SqliteConnection,
    batch: &MailBatch,
    owner: &MailOwner,
    now: Timestamp,
) -> Result<MailTally> {
    let mut tally = MailTally::default();
    let fresh = fresh(conn, &batch.messages).await?;
    tally.duplicates = batch.messages.len() - fresh.len();
    tally.stored = fresh.len();
    insert_messages(conn, &fresh).await?;
    let contacts = contacts(&fresh, owner, now, &mut tally);
    let people = people_for(conn, &contacts, now, &mut tally).await?;
    tally.interactions = log(conn, &contacts, &people).await?;
    if !batch.copies.is_empty() {
        sqlx::query("INSERT INTO mail_copies (names) VALUES (?1)")
            .bind(batch.copies.join("\n"))
            .execute(&mut *conn)
            .await?;
    }
    if let Some(checkpoint) = &batch.checkpoint {
        save_checkpoint(conn, checkpoint).await?;
    }
    Ok(tally)
}

/// The 64-bit digest a message is found by.
pub(super) fn key_hash(key: &str) -> i64 {
    let mut digest = Fnv::default();
    digest.bytes(key.as_bytes());
    i64::from_ne_bytes(digest.value().to_ne_bytes())
}

/// The messages of the batch not stored yet, each key once, with the row id each gets.
async fn fresh<'m>(
    conn: &mut SqliteConnection,
    messages: &'m [MailMessage],
) -> Result<Vec<(i64, &'m MailMessage)>> {
    let mut known = HashSet::new();
    for chunk in messages.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new("SELECT key FROM mail_messages WHERE key_hash IN (");
        let mut hashes = query.separated(", ");
        for message in chunk {
            hashes.push_bind(key_hash(&message.key));
        }
        query.push(")");
        known.extend(query.build_query_scalar::<String>().fetch_all(&mut *conn).await?);
    }
    let unseen = messages.iter().filter(|m| known.insert(m.key.clone()));
    numbered(conn, unseen).await
}

/// Gives each message the next free row id, in order.
async fn numbered<'m>(
    conn: &mut SqliteConnection,
    messages: impl Iterator<Item = &'m MailMessage>,
) -> Result<Vec<(i64, &'m MailMessage)>> {
    let next: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM mail_messages").fetch_one(conn).await?;
    Ok((next..).zip(messages).collect())
}

async fn insert_messages(conn: &mut SqliteConnection, messages: &[(i64, &MailMessage)]) -> Result<()> {
    for chunk in messages.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "INSERT INTO mail_messages (id, key, key_hash, at, delivered_at, sender, sender_name, recipients, \
             subject, parent, thread, kept_out) ",
        );
        query.push_values(chunk, |mut row, (id, m)| {
            let recipients: Vec<&str> = m.recipients.iter().map(|r| r.address.as_str()).collect();
            row.push_bind(*id)
                .push_bind(m.key.as_str())
                .push_bind(key_hash(&m.key))
                .push_bind(m.at.map(|at| at.as_second()))
                .push_bind(m.delivered_at.map(|at| at.as_second()))
                .push_bind(m.from.as_ref().map(|f| f.address.as_str()))
                .push_bind(m.from.as_ref().and_then(|f| f.name.as_deref()))
                .push_bind(recipients.join(" "))
                .push_bind(m.subject.as_deref())
                .push_bind(m.parent.as_deref())
                .push_bind((m.thread != m.key).then_some(m.thread.as_str()))
                .push_bind(m.kept_out.map(KeptOut::as_str));
        });
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// One correspondent of one personal message: an interaction to log.
struct Contact<'m> {
    /// The message's row.
    row: i64,
    at: Timestamp,
    identity: Identity,
    name: Option<&'m str>,
    direction: Direction,
}

/// The interactions the new messages make, counting those kept out or undated.
fn contacts<'m>(
    fresh: &[(i64, &'m MailMessage)],
    owner: &MailOwner,
    now: Timestamp,
    tally: &mut MailTally,
) -> Vec<Contact<'m>> {
    let mut contacts = Vec::new();
    for &(row, message) in fresh {
        let at = match message.disposition(now) {
            Disposition::KeptOut(reason) => {
                *tally.kept_out.entry(reason).or_default() += 1;
                continue;
            }
            Disposition::Undated => {
                tally.undated += 1;
                continue;
            }
            Disposition::Logged(at) => at,
        };
        for (address, direction) in message.correspondents(owner) {
            let Ok(identity) = Identity::email(&address.address) else { continue };
            contacts.push(Contact { row, at, identity, name: address.name.as_deref(), direction });
        }
    }
    contacts
}

/// The person behind every correspondent's address: whoever has it as an identity, or a
/// new person named as the first message naming them says.
async fn people_for(
    conn: &mut SqliteConnection,
    contacts: &[Contact<'_>],
    now: Timestamp,
    tally: &mut MailTally,
) -> Result<HashMap<String, PersonId>> {
    let mut wanted: Vec<&str> = contacts.iter().map(|c| c.identity.value()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut people = HashMap::new();
    for chunk in wanted.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT value, person FROM identities WHERE kind = 'email' AND value IN (",
        );
        let mut values = query.separated(", ");
        for value in chunk {
            values.push_bind(*value);
        }
        query.push(")");
        for (value, person) in query.build_query_as::<(String, String)>().fetch_all(&mut *conn).await? {
            people.insert(value, id(&person, PersonId::parse)?);
        }
    }
    let mut newcomers = Vec::new();
    for contact in contacts {
        let value = contact.identity.value();
        if people.contains_key(value) {
            continue;
        }
        let name = contact.name.and_then(|n| clean_name(n).ok()).unwrap_or_else(|| value.to_owned());
        let draft = NewPerson { identities: vec![contact.identity.clone()], ..NewPerson::named(&name)? };
        let person = draft.with_id(new_id(PersonId::from_bits)?, stored(now)?);
        people.insert(value.to_owned(), person.id.clone());
        newcomers.push(person);
    }
    tally.people_added = newcomers.len();
    for chunk in newcomers.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new("INSERT INTO people (id, name, stage, created_at) ");
        query.push_values(chunk, |mut row, p| {
            row.push_bind(p.id.as_str())
                .push_bind(p.name.as_str())
                .push_bind(p.stage.as_str())
                .push_bind(p.created_at.as_second());
        });
        query.build().execute(&mut *conn).await?;
        let mut query = QueryBuilder::<Sqlite>::new("INSERT INTO identities (kind, value, person) ");
        query.push_values(chunk, |mut row, p| {
            let identity = &p.identities[0];
            row.push_bind(identity.kind().as_str()).push_bind(identity.value()).push_bind(p.id.as_str());
        });
        query.build().execute(&mut *conn).await?;
    }
    Ok(people)
}

/// Logs one interaction per message and person; returns how many.
async fn log(
    conn: &mut SqliteConnection,
    contacts: &[Contact<'_>],
    people: &HashMap<String, PersonId>,
) -> Result<usize> {
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(contacts.len());
    let base = id_base()?;
    for contact in contacts {
        let person = &people[contact.identity.value()];
        if seen.insert((contact.row, person)) {
            rows.push((InteractionId::from_bits(base | rows.len() as u64), person, contact));
        }
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut query =
            QueryBuilder::<Sqlite>::new("INSERT INTO interactions (id, at, channel, direction, message) ");
        query.push_values(chunk, |mut row, (id, _, c)| {
            row.push_bind(id.as_str())
                .push_bind(c.at.as_second())
                .push_bind(Channel::Email.as_str())
                .push_bind(c.direction.as_str())
                .push_bind(c.row);
        });
        query.build().execute(&mut *conn).await?;
        let mut query =
            QueryBuilder::<Sqlite>::new("INSERT INTO interaction_participants (interaction, person) ");
        query.push_values(chunk, |mut row, (id, person, _)| {
            row.push_bind(id.as_str()).push_bind(person.as_str());
        });
        query.build().execute(&mut *conn).await?;
    }
    Ok(rows.len())
}

/// Random high bits for one batch's interaction ids, which count up in the low 24 bits
/// (a batch logs far fewer than 16 million): the batch's rows then sit side by side in
/// the indexes instead of all over them.
fn id_base() -> Result<u64> {
    new_id(|bits| bits & !((1u64 << 24) - 1))
}

async fn save_checkpoint(conn: &mut SqliteConnection, checkpoint: &MailCheckpoint) -> Result<()> {
    sqlx::query(
        "INSERT INTO mail_checkpoints (file, offset, digest) VALUES (?1, ?2, ?3) \
         ON CONFLICT (file) DO UPDATE SET offset = excluded.offset, digest = excluded.digest",
    )
    .bind(&checkpoint.file)
    .bind(i64::try_from(checkpoint.offset).unwrap_or(i64::MAX))
    .bind(&checkpoint.digest)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unique names of every Maildir file already imported.
pub(super) async fn copies(conn: &mut SqliteConnection) -> Result<HashSet<String>> {
    let batches: Vec<String> = sqlx::query_scalar("SELECT names FROM mail_copies").fetch_all(conn).await?;
    Ok(batches.iter().flat_map(|names| names.lines()).map(str::to_owned).collect())
}

/// How far `file` has been read.
pub(super) async fn checkpoint(conn: &mut SqliteConnection, file: &str) -> Result<Option<MailCheckpoint>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT offset, digest FROM mail_checkpoints WHERE file = ?1")
            .bind(file)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(offset, digest)| MailCheckpoint {
        file: file.to_owned(),
        offset: u64::try_from(offset).unwrap_or(0),
        digest,
    }))
}

/// A row of `mail_messages`.
#[derive(FromRow)]
struct MessageRow {
    key: String,
    at: Option<i64>,
    delivered_at: Option<i64>,
    sender: Option<String>,
    sender_name: Option<String>,
    recipients: String,
    subject: Option<String>,
    parent: Option<String>,
    thread: Option<String>,
    kept_out: Option<String>,
}

impl MessageRow {
    const SELECT: &'static str = "SELECT key, at, delivered_at, sender, sender_name, recipients, subject, parent, \
                                  thread, kept_out FROM mail_messages";

    fn decode(self) -> Result<MailMessage> {
        Ok(MailMessage {
            at: maybe_timestamp(self.at)?,
            delivered_at: maybe_timestamp(self.delivered_at)?,
            from: self.sender.map(|address| MailAddress { address, name: self.sender_name }),
            recipients: self
                .recipients
                .split_whitespace()
                .map(|address| MailAddress { address: address.to_owned(), name: None })
                .collect(),
            subject: self.subject,
            parent: self.parent,
            thread: self.thread.unwrap_or_else(|| self.key.clone()),
            kept_out: self.kept_out.as_deref().map(named).transpose()?,
            key: self.key,
        })
    }
}

/// Every stored message, in key order.
pub(super) async fn all(conn: &mut SqliteConnection) -> Result<Vec<MailMessage>> {
    let rows: Vec<MessageRow> =
        sqlx::query_as(&format!("{} ORDER BY key", MessageRow::SELECT)).fetch_all(conn).await?;
    rows.into_iter().map(MessageRow::decode).collect()
}

/// Stores restored messages as they are.
pub(super) async fn restore(conn: &mut SqliteConnection, messages: &[MailMessage]) -> Result<()> {
    let numbered = numbered(&mut *conn, messages.iter()).await?;
    insert_messages(conn, &numbered).await
}

/// The messages kept out (for `reason`, or any), oldest first.
pub(super) async fn kept_out(
    conn: &mut SqliteConnection,
    reason: Option<KeptOut>,
) -> Result<Vec<MailMessage>> {
    let sql = format!(
        "{} WHERE kept_out IS NOT NULL AND (?1 IS NULL OR kept_out = ?1) \
         ORDER BY COALESCE(at, delivered_at), key",
        MessageRow::SELECT
    );
    let rows: Vec<MessageRow> =
        sqlx::query_as(&sql).bind(reason.map(KeptOut::as_str)).fetch_all(conn).await?;
    rows.into_iter().map(MessageRow::decode).collect()
}
