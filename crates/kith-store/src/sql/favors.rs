//! Favors found in mail: the suggestions read from personal messages' text, and their
//! acceptance into the ledger or rejection.

use super::db::{self, Db, Statement};
use super::ledger;
use super::query::new_id;
use super::rows::{FromColumns, row};
use super::rows::{id, maybe_id, named, timestamp};
use super::value::params;
use crate::{Accepted, MailBatch, MailReading, MailTally, Result, StoreError};
use jiff::Timestamp;
use kith_core::{
    ExchangeId, LedgerWrite, MailMessage, MailOwner, PersonId, SourceMessage, Suggestion, SuggestionId,
    SuggestionState, giver_of, plan_acceptance,
};
use std::collections::{HashMap, HashSet};

/// Records what reading the batch's texts found: each message's text is taken once (a
/// message read before, or twice in the batch, adds nothing), and only for a message the
/// log takes as personal, one suggestion per favor and correspondent.
pub(crate) fn record_found(
    db: &dyn Db,
    batch: &MailBatch,
    owner: &MailOwner,
    now: Timestamp,
    tally: &mut MailTally,
) -> Result<()> {
    if batch.favors.is_empty() {
        return Ok(());
    }
    let mut row_of = db.prepare("SELECT id FROM mail_messages WHERE key_hash = ?1 AND key = ?2")?;
    let mut mark = db.prepare("INSERT INTO mail_texts_read (message) VALUES (?1) ON CONFLICT DO NOTHING")?;
    let mut holder =
        db.prepare("SELECT person FROM identities WHERE kind = ?1 AND value = ?2 ORDER BY rowid LIMIT 1")?;
    let mut insert = db.prepare(
        "INSERT INTO exchange_suggestions \
         (id, message, sentence, person, act, kind, giver, confidence, evidence, note, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
    )?;
    for (message, found) in batch.messages.iter().zip(&batch.favors) {
        let Some(found) = found else { continue };
        let Some(row): Option<i64> =
            row_of.first(params![super::mail::key_hash(&message.key), message.key])?
        else {
            continue;
        };
        if mark.execute(params![row])? == 0 {
            continue;
        }
        tally.texts_read += 1;
        for (person, at, owner_wrote) in parties(message, owner, now, &mut *holder)? {
            for favor in found {
                let Some(giver) = giver_of(favor.act, owner_wrote) else { continue };
                let added = insert.execute(params![
                    new_id(SuggestionId::from_bits)?.as_str(),
                    row,
                    favor.sentence,
                    &person,
                    favor.act.as_str(),
                    favor.kind.as_str(),
                    giver.as_str(),
                    favor.confidence,
                    favor.evidence.as_deref(),
                    favor.note.as_deref(),
                    at.as_second(),
                ])?;
                tally.favors_found += added as usize;
            }
        }
    }
    Ok(())
}

/// The people a personal message is with, with its date and whether the owner wrote it;
/// none for a message the log does not take.
fn parties(
    message: &MailMessage,
    owner: &MailOwner,
    now: Timestamp,
    holder: &mut dyn Statement,
) -> Result<Vec<(String, Timestamp, bool)>> {
    let (disposition, logged) = message.to_log(owner, now);
    let kith_core::Disposition::Logged(at) = disposition else { return Ok(Vec::new()) };
    let owner_wrote = message.is_outbound(owner);
    let mut people: Vec<(String, Timestamp, bool)> = Vec::new();
    for (_, identity, _) in logged {
        let person: Option<String> = holder.first(params![identity.kind().as_str(), identity.value()])?;
        if let Some(person) = person.filter(|p| !people.iter().any(|(q, ..)| q == p)) {
            people.push((person, at, owner_wrote));
        }
    }
    Ok(people)
}

row! {
    struct SuggestionRow {
        id: String,
        person: String,
        act: String,
        kind: String,
        giver: String,
        confidence: f64,
        evidence: Option<String>,
        note: Option<String>,
        at: i64,
        sentence: i64,
        state: String,
        exchange: Option<String>,
        key: String,
        subject: Option<String>,
        thread: String,
    }
}

impl SuggestionRow {
    const SELECT: &'static str = "SELECT s.id, s.person, s.act, s.kind, s.giver, s.confidence, s.evidence, \
         s.note, s.at, s.sentence, s.state, s.exchange, m.key, m.subject, COALESCE(m.thread, m.key) AS thread \
         FROM exchange_suggestions s JOIN mail_messages m ON m.id = s.message";

    fn decode(self) -> Result<Suggestion> {
        let at = timestamp(self.at)?;
        Ok(Suggestion {
            id: id(self.id)?,
            person: id(self.person)?,
            act: named(&self.act)?,
            kind: named(&self.kind)?,
            giver: named(&self.giver)?,
            confidence: self.confidence,
            evidence: self.evidence,
            note: self.note,
            message: SourceMessage { key: self.key, subject: self.subject, at, thread: self.thread },
            sentence: u32::try_from(self.sentence)
                .map_err(|_| super::rows::corrupt("sentence", self.sentence))?,
            state: named(&self.state)?,
            exchange: maybe_id(self.exchange)?,
        })
    }
}

/// One person's suggestions, or everyone's, oldest first.
pub(crate) fn all(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Suggestion>> {
    let rows: Vec<SuggestionRow> = match person {
        Some(person) => db::all(
            conn,
            &format!("{} WHERE s.person = ?1 ORDER BY s.at, s.sentence, s.id", SuggestionRow::SELECT),
            params![person.as_str()],
        )?,
        None => {
            db::all(conn, &format!("{} ORDER BY s.at, s.sentence, s.id", SuggestionRow::SELECT), params![])?
        }
    };
    rows.into_iter().map(SuggestionRow::decode).collect()
}

/// The suggestions named, or [`StoreError::NotFound`] for the first that does not exist.
fn named_ones(conn: &dyn Db, ids: &[SuggestionId]) -> Result<Vec<Suggestion>> {
    let mut found = Vec::with_capacity(ids.len());
    for wanted in ids {
        let row: Option<SuggestionRow> = db::optional(
            conn,
            &format!("{} WHERE s.id = ?1", SuggestionRow::SELECT),
            params![wanted.as_str()],
        )?;
        let row = row.ok_or_else(|| StoreError::NotFound { entity: "suggestion", id: wanted.to_string() })?;
        found.push(row.decode()?);
    }
    Ok(found)
}

/// Accepts the suggestions named as [`kith_core::plan_acceptance`] plans it, in one
/// transaction: an ask or offer becomes an open entry; a delivery or thanks settles as
/// given the entry of the ask it answers (adding nothing when that entry was given
/// already), else is recorded as a giving, which fulfils an open ask of its kind if there
/// is one.
pub(crate) fn accept(conn: &dyn Db, ids: &[SuggestionId]) -> Result<Vec<Accepted>> {
    let chosen = named_ones(conn, ids)?;
    let people: HashSet<&PersonId> = chosen.iter().map(|s| &s.person).collect();
    let mut all = Vec::new();
    for person in people {
        all.extend(self::all(conn, Some(person))?);
    }
    let wanted: HashSet<&SuggestionId> = ids.iter().collect();
    let plan = plan_acceptance(&all, &wanted);
    let mut entry_of: HashMap<SuggestionId, ExchangeId> =
        all.iter().filter_map(|s| Some((s.id.clone(), s.exchange.clone()?))).collect();
    let mut accepted = Vec::with_capacity(plan.len());
    for step in plan {
        let ask_entry = match step.answers.as_ref().and_then(|ask| entry_of.get(ask)) {
            Some(entry) => ledger::with(conn, &step.entry.person)?.into_iter().find(|x| &x.id == entry),
            None => None,
        };
        let (entry, settled_ask) = match step.write(ask_entry.as_ref())? {
            LedgerWrite::Settle(given) => {
                ledger::update(conn, &given)?;
                (given, true)
            }
            LedgerWrite::Already(given) => (given, true),
            LedgerWrite::Give(giving) => {
                let given = ledger::give(conn, &giving)?;
                (given.entry, given.fulfilled_ask)
            }
            LedgerWrite::Record(new) => (ledger::record(conn, &new)?, false),
        };
        db::execute(
            conn,
            "UPDATE exchange_suggestions SET state = 'accepted', exchange = ?2 WHERE id = ?1",
            params![step.suggestion.as_str(), entry.id.as_str()],
        )?;
        entry_of.insert(step.suggestion.clone(), entry.id.clone());
        let Some(suggestion) = all.iter().find(|s| s.id == step.suggestion) else { continue };
        let suggestion = Suggestion {
            state: SuggestionState::Accepted,
            exchange: Some(entry.id.clone()),
            ..suggestion.clone()
        };
        accepted.push(Accepted { suggestion, entry, settled_ask });
    }
    Ok(accepted)
}

/// Rejects the open suggestions named; returns them as they now stand (one accepted
/// already stays accepted: `kith ledger` corrects the entry it became).
pub(crate) fn reject(conn: &dyn Db, ids: &[SuggestionId]) -> Result<Vec<Suggestion>> {
    let mut out = Vec::with_capacity(ids.len());
    for mut suggestion in named_ones(conn, ids)? {
        if suggestion.state == SuggestionState::Open {
            db::execute(
                conn,
                "UPDATE exchange_suggestions SET state = 'rejected' WHERE id = ?1",
                params![suggestion.id.as_str()],
            )?;
            suggestion.state = SuggestionState::Rejected;
        }
        out.push(suggestion);
    }
    Ok(out)
}

/// How many open suggestions wait for each person who has any.
pub(crate) fn waiting(conn: &dyn Db) -> Result<HashMap<PersonId, usize>> {
    let rows: Vec<(String, i64)> = db::all(
        conn,
        "SELECT person, COUNT(*) FROM exchange_suggestions WHERE state = 'open' GROUP BY person",
        params![],
    )?;
    rows.into_iter().map(|(person, n)| Ok((id(person)?, usize::try_from(n).unwrap_or(0)))).collect()
}

/// The keys of the messages whose text was read, and how many stored messages that are
/// not kept out have a text not read yet.
pub(crate) fn texts_read(conn: &dyn Db) -> Result<(HashSet<String>, u64)> {
    let keys = texts_read_keys(conn)?;
    let unread: i64 = db::scalar(
        conn,
        "SELECT COUNT(*) FROM mail_messages m WHERE m.kept_out IS NULL \
         AND NOT EXISTS (SELECT 1 FROM mail_texts_read r WHERE r.message = m.id)",
        params![],
    )?;
    Ok((keys.into_iter().collect(), u64::try_from(unread).unwrap_or(0)))
}

/// The keys of the messages whose text was read, sorted.
pub(crate) fn texts_read_keys(conn: &dyn Db) -> Result<Vec<String>> {
    db::scalars(
        conn,
        "SELECT m.key FROM mail_texts_read r JOIN mail_messages m ON m.id = r.message ORDER BY m.key",
        params![],
    )
}

/// Writes suggestions and the texts-read marks of a snapshot back, each naming its message
/// by key; the messages (and the ledger entries accepted suggestions became) are there
/// already.
pub(crate) fn restore(conn: &dyn Db, found: &[Suggestion], read: &[String]) -> Result<()> {
    let mut rows = HashMap::new();
    for key in found.iter().map(|s| &s.message.key).chain(read) {
        if rows.contains_key(key) {
            continue;
        }
        let row: Option<i64> = db::scalar_opt(
            conn,
            "SELECT id FROM mail_messages WHERE key_hash = ?1 AND key = ?2",
            params![super::mail::key_hash(key), key],
        )?;
        let row = row.ok_or_else(|| {
            StoreError::Corrupt(format!("the export names the message {key}, which it does not hold"))
        })?;
        rows.insert(key.clone(), row);
    }
    for key in read {
        db::execute(
            conn,
            "INSERT INTO mail_texts_read (message) VALUES (?1) ON CONFLICT DO NOTHING",
            params![rows[key]],
        )?;
    }
    for s in found {
        db::execute(
            conn,
            "INSERT INTO exchange_suggestions (id, message, sentence, person, act, kind, giver, confidence, \
             evidence, note, at, state, exchange) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                s.id.as_str(),
                rows[&s.message.key],
                s.sentence,
                s.person.as_str(),
                s.act.as_str(),
                s.kind.as_str(),
                s.giver.as_str(),
                s.confidence,
                s.evidence.as_deref(),
                s.note.as_deref(),
                s.message.at.as_second(),
                s.state.as_str(),
                s.exchange.as_ref().map(|x| x.as_str())
            ],
        )?;
    }
    Ok(())
}

/// The keys of the settings in `settings`.
const READ_BODIES: &str = "mail_read_bodies";
const KEEP_EVIDENCE: &str = "mail_keep_evidence";

/// How the owner lets kith read mail; off and keeping the sentence until set.
pub(crate) fn reading(conn: &dyn Db) -> Result<MailReading> {
    let rows: Vec<(String, String)> = db::all(
        conn,
        "SELECT key, value FROM settings WHERE key IN (?1, ?2)",
        params![READ_BODIES, KEEP_EVIDENCE],
    )?;
    let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v == "on");
    Ok(MailReading {
        read_bodies: value(READ_BODIES).unwrap_or(false),
        keep_evidence: value(KEEP_EVIDENCE).unwrap_or(true),
    })
}

/// Keeps how the owner lets kith read mail.
pub(crate) fn set_reading(conn: &dyn Db, reading: &MailReading) -> Result<()> {
    for (key, on) in [(READ_BODIES, reading.read_bodies), (KEEP_EVIDENCE, reading.keep_evidence)] {
        db::execute(
            conn,
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, if on { "on" } else { "off" }],
        )?;
    }
    if !reading.keep_evidence {
        db::execute(conn, "UPDATE exchange_suggestions SET evidence = NULL", params![])?;
    }
    Ok(())
}
