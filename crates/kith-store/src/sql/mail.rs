//! Mail: each message stored once under its key, personal ones logged as one interaction
//! per correspondent. An archive brings hundreds of thousands of rows, so the lookups and
//! writes go through statements prepared once per batch, one row at a time.

use super::db::{self, Db, Dialect};
use super::query::new_id;
use super::rows::{FromColumns, row};
use super::rows::{id, maybe_timestamp, named, stored};
use super::value::{Bind, Value, params};
use super::{favors, histories};
use crate::{JoinedByName, MailBatch, MailCheckpoint, MailTally, Result};
use jiff::Timestamp;
use kith_core::{
    Channel, Direction, Fnv, Identity, IdentityKind, InteractionId, KeptOut, MailAddress, MailMessage,
    MailOwner, NewPerson, Person, PersonId, QuickHasher, clean_name,
};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// The digests of the keys of the messages stored, as far as one store has seen them:
/// a batch then asks the database about a key only when its digest is already known.
///
/// Messages are only ever added, each with a higher row id than any before it, so the set
/// stays right by reading, before each batch, the rows added since it was last brought up
/// to date (by another process, or by a batch that was rolled back and then retried).
#[derive(Debug, Default)]
pub(super) struct KnownKeys {
    digests: HashSet<i64, BuildHasherDefault<QuickHasher>>,
    /// The highest row id whose key is in `digests`.
    through: i64,
}

impl KnownKeys {
    /// Adds the keys of the rows stored after `through`. The first time, that is every row,
    /// read from the index of digests rather than from the much larger table.
    fn catch_up(&mut self, db: &dyn Db) -> Result<()> {
        let mut newer = if self.through == 0 && db.dialect() == Dialect::Sqlite {
            db.prepare(
                "SELECT id, key_hash FROM mail_messages INDEXED BY mail_messages_key_hash WHERE id > ?1",
            )?
        } else {
            db.prepare("SELECT id, key_hash FROM mail_messages WHERE id > ?1")?
        };
        let mut rows = newer.query(params![self.through])?;
        while let Some(row) = rows.next()? {
            self.add(row.get(0)?, row.get(1)?);
        }
        Ok(())
    }

    /// Adds the key stored in row `id`.
    pub(crate) fn add(&mut self, id: i64, digest: i64) {
        self.through = self.through.max(id);
        self.digests.insert(digest);
    }
}

/// Stores a batch as [`crate::Store::import_mail`] describes; returns the tally and the
/// rows stored with their keys' digests, for `known` to learn once the caller commits.
pub(crate) fn import(
    conn: &dyn Db,
    batch: &MailBatch,
    known: &mut KnownKeys,
    owner: &MailOwner,
    now: Timestamp,
) -> Result<(MailTally, Vec<(i64, i64)>)> {
    let mut tally = MailTally::default();
    let stored = {
        let db = conn;
        known.catch_up(db)?;
        let fresh = fresh(db, &batch.messages, known)?;
        tally.duplicates = batch.messages.len() - fresh.len();
        insert_messages(db, &fresh)?;
        log_messages(db, &fresh, owner, now, &mut tally)?;
        favors::record_found(db, batch, owner, now, &mut tally)?;
        if !batch.copies.is_empty() {
            db::execute(db, "INSERT INTO mail_copies (names) VALUES (?1)", params![batch.copies.join("\n")])?;
        }
        if let Some(checkpoint) = &batch.checkpoint {
            save_checkpoint(db, checkpoint)?;
        }
        fresh.iter().map(|m| (m.row, m.digest)).collect()
    };
    Ok((tally, stored))
}

/// Logs stored messages as the owner's interactions, adding people for correspondents
/// nobody knew, and records for which owner the log was derived.
fn log_messages(
    db: &dyn Db,
    messages: &[Fresh<'_>],
    owner: &MailOwner,
    now: Timestamp,
    tally: &mut MailTally,
) -> Result<()> {
    let contacts = contacts(messages, owner, now, tally);
    let (people, newcomers, joined) = people_for(db, &contacts, now)?;
    tally.people_added += newcomers.len();
    tally.joined.extend(joined);
    insert_people(db, &newcomers)?;
    let interactions = interactions(&contacts, &people)?;
    log(db, &interactions)?;
    tally.interactions += interactions.len();
    if !messages.is_empty() {
        db::execute(
            db,
            "INSERT INTO mail_log_owner (id, digest) VALUES (1, ?1) \
             ON CONFLICT (id) DO UPDATE SET digest = excluded.digest",
            params![owner.digest()],
        )?;
    }
    Ok(())
}

/// Replaces every interaction logged from mail with those the stored messages make for
/// `owner` now, in one transaction.
pub(crate) fn relog(conn: &dyn Db, owner: &MailOwner, now: Timestamp) -> Result<MailTally> {
    let rows: Vec<MessageRow> = db::all(conn, &format!("{} ORDER BY id", MessageRow::SELECT), params![])?;
    let messages: Vec<(i64, MailMessage)> =
        rows.into_iter().map(|row| Ok((row.id, row.decode()?))).collect::<Result<_>>()?;
    {
        let db = conn;
        let people: Vec<String> = db::scalars(
            db,
            "SELECT DISTINCT p.person FROM interaction_participants p JOIN interactions i ON i.id = p.interaction \
             WHERE i.message IS NOT NULL",
            params![],
        )?;
        histories::forget(db, people.iter().map(String::as_str))?;
        db::execute(
            db,
            "DELETE FROM interaction_participants WHERE interaction IN \
             (SELECT id FROM interactions WHERE message IS NOT NULL)",
            params![],
        )?;
        db::execute(db, "DELETE FROM interactions WHERE message IS NOT NULL", params![])?;
        let fresh: Vec<Fresh<'_>> =
            messages.iter().map(|(row, message)| Fresh { row: *row, digest: 0, message }).collect();
        let mut tally = MailTally::default();
        log_messages(db, &fresh, owner, now, &mut tally)?;
        Ok(tally)
    }
}

/// The owner digest the mail log was last derived for; empty when mail is stored but
/// the digest is not known (a database from before it was kept, or restored).
pub(crate) fn logged_for(conn: &dyn Db) -> Result<Option<String>> {
    db::scalar(
        conn,
        "SELECT COALESCE((SELECT digest FROM mail_log_owner WHERE id = 1), \
         CASE WHEN EXISTS (SELECT 1 FROM mail_messages) THEN '' END)",
        params![],
    )
}

/// The 64-bit digest a message is found by.
pub(crate) fn key_hash(key: &str) -> i64 {
    let mut digest = Fnv::default();
    digest.bytes(key.as_bytes());
    i64::from_ne_bytes(digest.value().to_ne_bytes())
}

/// A message about to be stored.
struct Fresh<'m> {
    /// The row it gets.
    row: i64,
    /// Its key's digest.
    digest: i64,
    message: &'m MailMessage,
}

/// The messages of the batch not stored yet, each key once, with the row each gets. The
/// database is asked only about keys whose digest is known: nearly all keys of a new
/// archive are not.
fn fresh<'m>(db: &dyn Db, messages: &'m [MailMessage], known: &KnownKeys) -> Result<Vec<Fresh<'m>>> {
    let mut stored = db.prepare("SELECT 1 FROM mail_messages WHERE key_hash = ?1 AND key = ?2")?;
    let mut seen = HashSet::with_hasher(BuildHasherDefault::<QuickHasher>::default());
    let mut unseen = Vec::new();
    for message in messages {
        if !seen.insert(message.key.as_str()) {
            continue;
        }
        let digest = key_hash(&message.key);
        if !known.digests.contains(&digest) || stored.first::<i64>(params![digest, message.key])?.is_none() {
            unseen.push((digest, message));
        }
    }
    numbered(db, unseen)
}

/// Gives each message the next free row id, in order.
fn numbered<'m>(
    db: &dyn Db,
    messages: impl IntoIterator<Item = (i64, &'m MailMessage)>,
) -> Result<Vec<Fresh<'m>>> {
    let next: i64 = db::scalar(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM mail_messages", params![])?;
    Ok((next..).zip(messages).map(|(row, (digest, message))| Fresh { row, digest, message }).collect())
}

fn insert_messages(db: &dyn Db, messages: &[Fresh<'_>]) -> Result<()> {
    let recipients: Vec<String> = messages.iter().map(|m| recipients_column(m.message)).collect();
    let rows: Vec<[Value<'_>; 13]> = messages
        .iter()
        .zip(&recipients)
        .map(|(&Fresh { row, digest, message: m }, recipients)| {
            [
                Value::Int(row),
                m.key.value(),
                Value::Int(digest),
                Value::int_or_null(m.at.map(|at| at.as_second())),
                Value::int_or_null(m.delivered_at.map(|at| at.as_second())),
                Value::text_or_null(m.from.as_ref().map(|f| f.address.as_str())),
                Value::text_or_null(m.from.as_ref().and_then(|f| f.name.as_deref())),
                recipients.value(),
                m.subject.value(),
                m.parent.value(),
                Value::text_or_null((m.thread != m.key).then_some(m.thread.as_str())),
                Value::text_or_null(m.kept_out.map(KeptOut::as_str)),
                m.sent.value(),
            ]
        })
        .collect();
    db::insert_rows(
        db,
        "INSERT INTO mail_messages (id, key, key_hash, at, delivered_at, sender, sender_name, recipients, \
         subject, parent, thread, kept_out, sent)",
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        "",
        &rows,
    )?;
    Ok(())
}

/// A message's recipients as stored: one a line, each its address and, after a tab, its
/// name (tabs and line breaks in a name become spaces).
fn recipients_column(m: &MailMessage) -> String {
    let mut recipients = String::new();
    for (n, recipient) in m.recipients.iter().enumerate() {
        if n > 0 {
            recipients.push('\n');
        }
        recipients.push_str(&recipient.address);
        if let Some(name) = &recipient.name {
            recipients.push('\t');
            recipients.extend(name.chars().map(|c| if c == '\n' || c == '\t' { ' ' } else { c }));
        }
    }
    recipients
}

/// One correspondent of one personal message: an interaction to log.
struct Contact<'m> {
    /// The message's row.
    row: i64,
    at: Timestamp,
    identity: Identity,
    address: &'m MailAddress,
    direction: Direction,
}

/// The interactions the new messages make, counting each message by what becomes of it.
fn contacts<'m>(
    fresh: &[Fresh<'m>],
    owner: &MailOwner,
    now: Timestamp,
    tally: &mut MailTally,
) -> Vec<Contact<'m>> {
    let mut contacts = Vec::new();
    for &Fresh { row, message, .. } in fresh {
        let (disposition, logged) = message.to_log(owner, now);
        let Some(at) = tally.count_new(disposition, message.is_outbound(owner)) else { continue };
        for (address, identity, direction) in logged {
            contacts.push(Contact { row, at, identity, address, direction });
        }
    }
    contacts
}

/// Who is behind each identity a batch names, by its value (the forms of the three mail
/// kinds never collide: only email has an `@`, only X.500 starts with `/`).
type PeopleByAddress = HashMap<String, PersonId, BuildHasherDefault<QuickHasher>>;

/// The person behind every correspondent: whoever has the identity, else someone the
/// archive shows to be the same (see [`SameName`]), else a new person (returned apart)
/// named as the first message naming them says, given name first.
fn people_for(
    db: &dyn Db,
    contacts: &[Contact<'_>],
    now: Timestamp,
) -> Result<(PeopleByAddress, Vec<Person>, Vec<JoinedByName>)> {
    let mut holder =
        db.prepare("SELECT person FROM identities WHERE kind = ?1 AND value = ?2 ORDER BY rowid LIMIT 1")?;
    let mut people = PeopleByAddress::default();
    let mut newcomers = Vec::new();
    let mut joined = Vec::new();
    let mut same_name = SameName::default();
    for contact in contacts {
        let value = contact.identity.value();
        if people.contains_key(value) {
            continue;
        }
        let held: Option<String> = holder.first(params![contact.identity.kind().as_str(), value])?;
        let person = match held {
            Some(person) => id(person)?,
            None => {
                let name = clean_name(&contact.address.person_name()).unwrap_or_else(|_| value.to_owned());
                match same_name.join(db, &contact.identity, &name)? {
                    Some(person) => {
                        db::execute(
                            db,
                            "INSERT INTO identities (kind, value, person) VALUES (?1, ?2, ?3)",
                            params![contact.identity.kind().as_str(), value, person.as_str()],
                        )?;
                        joined.push(JoinedByName {
                            identity: contact.identity.clone(),
                            person: person.clone(),
                            name,
                        });
                        person
                    }
                    None => {
                        let draft = NewPerson {
                            identities: vec![contact.identity.clone()],
                            ..NewPerson::named(&name)?
                        };
                        let person = draft.with_id(new_id(PersonId::from_bits)?, stored(now)?);
                        let id = person.id.clone();
                        same_name.add(&name, &id, contact.identity.kind());
                        newcomers.push(person);
                        id
                    }
                }
            }
        };
        people.insert(value.to_owned(), person);
    }
    Ok((people, newcomers, joined))
}

/// People by name, for the correspondents an archive shows to be someone known: a Notes
/// name or an X.500 address, which carry no address of their own, joins the one person of
/// that name; an email address joins the one person of that name known only by a Notes
/// name or an X.500 address (the same display name over both forms). Two people of one
/// name, or none, join nobody. Every join is reported, and `kith dupes` finds what stays
/// apart.
///
/// Names are read from the database only when a batch first needs them, and an email
/// address needs them only when someone is known by one of those forms.
#[derive(Default)]
struct SameName {
    /// Lower-cased name: each person of that name, whether they have an email address,
    /// and whether a Notes name or an X.500 address.
    people: Option<HashMap<String, Vec<Known>>>,
    /// Whether anyone has a Notes name or an X.500 address, once asked.
    mail_forms: Option<bool>,
    /// People this batch adds, for a map read later in it.
    added: Vec<(String, PersonId, IdentityKind)>,
}

/// One person of a name.
struct Known {
    person: PersonId,
    email: bool,
    mail_form: bool,
}

impl SameName {
    /// The person `identity`, named `name`, joins, if the archive shows who.
    fn join(&mut self, db: &dyn Db, identity: &Identity, name: &str) -> Result<Option<PersonId>> {
        let email = identity.kind() == IdentityKind::Email;
        if email && !self.any_mail_forms(db)? {
            return Ok(None);
        }
        let people = self.people(db)?;
        let Some([known]) = people.get(&name.to_lowercase()).map(Vec::as_slice) else { return Ok(None) };
        let joins = if email { !known.email && known.mail_form } else { true };
        let person = known.person.clone();
        if joins {
            self.add(name, &person, identity.kind());
        }
        Ok(joins.then_some(person))
    }

    /// Someone new of this name, or someone with a new identity.
    fn add(&mut self, name: &str, person: &PersonId, kind: IdentityKind) {
        let mail_form = matches!(kind, IdentityKind::Exchange | IdentityKind::Name);
        if mail_form {
            self.mail_forms = Some(true);
        }
        match &mut self.people {
            Some(people) => Self::note(people, name, person, kind),
            None => self.added.push((name.to_owned(), person.clone(), kind)),
        }
    }

    fn note(people: &mut HashMap<String, Vec<Known>>, name: &str, person: &PersonId, kind: IdentityKind) {
        let entry = people.entry(name.to_lowercase()).or_default();
        let (email, mail_form) =
            (kind == IdentityKind::Email, matches!(kind, IdentityKind::Exchange | IdentityKind::Name));
        match entry.iter_mut().find(|known| known.person == *person) {
            Some(known) => {
                known.email |= email;
                known.mail_form |= mail_form;
            }
            None => entry.push(Known { person: person.clone(), email, mail_form }),
        }
    }

    fn any_mail_forms(&mut self, db: &dyn Db) -> Result<bool> {
        if let Some(any) = self.mail_forms {
            return Ok(any);
        }
        let any = db::scalar(
            db,
            "SELECT EXISTS (SELECT 1 FROM identities WHERE kind IN ('exchange', 'name'))",
            params![],
        )?;
        self.mail_forms = Some(any);
        Ok(any)
    }

    /// Everyone's name, read once.
    fn people(&mut self, db: &dyn Db) -> Result<&HashMap<String, Vec<Known>>> {
        if self.people.is_none() {
            let mut query = db.prepare(
                "SELECT p.id, p.name, \
                 EXISTS (SELECT 1 FROM identities i WHERE i.person = p.id AND i.kind = 'email'), \
                 EXISTS (SELECT 1 FROM identities i WHERE i.person = p.id AND i.kind IN ('exchange', 'name')) \
                 FROM people p",
            )?;
            let mut people: HashMap<String, Vec<Known>> = HashMap::new();
            let mut rows = query.query(params![])?;
            while let Some(row) = rows.next()? {
                let name: String = row.get(1)?;
                let known = Known { person: id(row.get(0)?)?, email: row.get(2)?, mail_form: row.get(3)? };
                people.entry(name.to_lowercase()).or_default().push(known);
            }
            for (name, person, kind) in std::mem::take(&mut self.added) {
                Self::note(&mut people, &name, &person, kind);
            }
            self.people = Some(people);
        }
        Ok(self.people.get_or_insert_default())
    }
}

fn insert_people(db: &dyn Db, people: &[Person]) -> Result<()> {
    let mut insert_person =
        db.prepare("INSERT INTO people (id, name, stage, created_at) VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert_identity =
        db.prepare("INSERT INTO identities (kind, value, person) VALUES (?1, ?2, ?3)")?;
    for p in people {
        insert_person.execute(params![p.id.as_str(), p.name, p.stage.as_str(), p.created_at.as_second()])?;
        for identity in &p.identities {
            insert_identity.execute(params![identity.kind().as_str(), identity.value(), p.id.as_str()])?;
        }
    }
    Ok(())
}

/// One interaction to log: a message's row, with one of its correspondents.
struct Logged<'c> {
    id: InteractionId,
    person: &'c PersonId,
    contact: &'c Contact<'c>,
}

/// One interaction per message and person, ordered by person so that the rows a batch adds
/// to the index of participants by person go in side by side.
fn interactions<'c>(contacts: &'c [Contact<'c>], people: &'c PeopleByAddress) -> Result<Vec<Logged<'c>>> {
    let mut pairs: Vec<(&PersonId, &Contact)> =
        contacts.iter().map(|c| (&people[c.identity.value()], c)).collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.row.cmp(&b.1.row)));
    pairs.dedup_by(|a, b| a.0 == b.0 && a.1.row == b.1.row);
    let base = id_base()?;
    Ok(pairs
        .into_iter()
        .enumerate()
        .map(|(n, (person, contact))| Logged {
            id: InteractionId::from_bits(base | n as u64),
            person,
            contact,
        })
        .collect())
}

/// Writes the interactions and their participants, and forgets the participants' packed
/// histories.
fn log(db: &dyn Db, interactions: &[Logged<'_>]) -> Result<()> {
    let rows: Vec<[Value<'_>; 5]> = interactions
        .iter()
        .map(|Logged { id, contact, .. }| {
            [
                id.as_str().value(),
                Value::Int(contact.at.as_second()),
                Channel::Email.as_str().value(),
                contact.direction.as_str().value(),
                Value::Int(contact.row),
            ]
        })
        .collect();
    db::insert_rows(
        db,
        "INSERT INTO interactions (id, at, channel, direction, message)",
        "(?1, ?2, ?3, ?4, ?5)",
        "",
        &rows,
    )?;
    let participants: Vec<[Value<'_>; 2]> =
        interactions.iter().map(|i| [i.id.as_str().value(), i.person.as_str().value()]).collect();
    db::insert_rows(
        db,
        "INSERT INTO interaction_participants (interaction, person)",
        "(?1, ?2)",
        "",
        &participants,
    )?;
    let mut people: Vec<&str> = interactions.iter().map(|i| i.person.as_str()).collect();
    people.dedup();
    histories::forget(db, people)
}

/// Random high bits for one batch's interaction ids, which count up in the low 24 bits
/// (a batch logs far fewer than 16 million): the batch's rows then sit side by side in
/// the indexes instead of all over them.
fn id_base() -> Result<u64> {
    new_id(|bits| bits & !((1u64 << 24) - 1))
}

fn save_checkpoint(db: &dyn Db, checkpoint: &MailCheckpoint) -> Result<()> {
    db::execute(
        db,
        "INSERT INTO mail_checkpoints (file, \"offset\", digest) VALUES (?1, ?2, ?3) \
         ON CONFLICT (file) DO UPDATE SET \"offset\" = excluded.\"offset\", digest = excluded.digest",
        params![checkpoint.file, i64::try_from(checkpoint.offset).unwrap_or(i64::MAX), checkpoint.digest],
    )?;
    Ok(())
}

/// The unique names of every Maildir file already imported.
pub(crate) fn copies(conn: &dyn Db) -> Result<HashSet<String>> {
    let batches: Vec<String> = db::scalars(conn, "SELECT names FROM mail_copies", params![])?;
    Ok(batches.iter().flat_map(|names| names.lines()).map(str::to_owned).collect())
}

/// How far `file` has been read.
pub(crate) fn checkpoint(conn: &dyn Db, file: &str) -> Result<Option<MailCheckpoint>> {
    let row: Option<(i64, String)> =
        db::optional(conn, "SELECT \"offset\", digest FROM mail_checkpoints WHERE file = ?1", params![file])?;
    Ok(row.map(|(offset, digest)| MailCheckpoint {
        file: file.to_owned(),
        offset: u64::try_from(offset).unwrap_or(0),
        digest,
    }))
}

row! {
    /// A row of `mail_messages`.
    struct MessageRow {
        id: i64,
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
        sent: bool,
    }
}

impl MessageRow {
    const SELECT: &'static str = "SELECT id, key, at, delivered_at, sender, sender_name, recipients, subject, \
                                  parent, thread, kept_out, sent FROM mail_messages";

    fn decode(self) -> Result<MailMessage> {
        Ok(MailMessage {
            at: maybe_timestamp(self.at)?,
            delivered_at: maybe_timestamp(self.delivered_at)?,
            from: self.sender.map(|address| MailAddress { address, name: self.sender_name }),
            recipients: self
                .recipients
                .lines()
                .filter(|line| !line.is_empty())
                .map(|line| match line.split_once('\t') {
                    Some((address, name)) => {
                        MailAddress { address: address.to_owned(), name: Some(name.to_owned()) }
                    }
                    None => MailAddress { address: line.to_owned(), name: None },
                })
                .collect(),
            subject: self.subject,
            parent: self.parent,
            thread: self.thread.unwrap_or_else(|| self.key.clone()),
            kept_out: self.kept_out.as_deref().map(named).transpose()?,
            sent: self.sent,
            key: self.key,
        })
    }
}

/// Every stored message, in key order.
pub(crate) fn all(conn: &dyn Db) -> Result<Vec<MailMessage>> {
    let rows: Vec<MessageRow> = db::all(conn, &format!("{} ORDER BY key", MessageRow::SELECT), params![])?;
    rows.into_iter().map(MessageRow::decode).collect()
}

/// Stores restored messages as they are.
pub(crate) fn restore(conn: &dyn Db, messages: &[MailMessage]) -> Result<()> {
    let digested = messages.iter().map(|m| (key_hash(&m.key), m));
    insert_messages(conn, &numbered(conn, digested)?)
}

/// The messages kept out (for `reason`, or any), oldest first.
pub(crate) fn kept_out(conn: &dyn Db, reason: Option<KeptOut>) -> Result<Vec<MailMessage>> {
    let sql = format!(
        "{} WHERE kept_out IS NOT NULL AND (kept_out = ?1 OR ?1 IS NULL) \
         ORDER BY COALESCE(at, delivered_at), key",
        MessageRow::SELECT
    );
    let rows: Vec<MessageRow> = db::all(conn, &sql, params![reason.map(KeptOut::as_str)])?;
    rows.into_iter().map(MessageRow::decode).collect()
}
