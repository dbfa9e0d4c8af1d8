//! Imported records: contacts folded into people one per human, meetings into the log.

use super::db;
use super::db::Db;
use super::merge::{Move, Reason};
use super::query::{fetch_plain, new_id, rows};
use super::rows::{SourceRow, stored, timestamp};
use super::value::params;
use super::{interactions, merge, orgs, people};
use crate::{ImportTally, MergeNotice, Result};
use jiff::Timestamp;
use kith_core::{
    Channel, ContactRecord, Direction, Identity, MeetingRecord, NewInteraction, NewNote, NewOrganization,
    NewPerson, OrgId, Person, PersonId, SourceRecord, contest, keeper, supersedes,
};
use std::collections::HashSet;

/// The pairs of people the user said are not one person, either way round.
struct Distinct(HashSet<(PersonId, PersonId)>);

impl Distinct {
    fn holds(&self, a: &PersonId, b: &PersonId) -> bool {
        let pair = if a <= b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) };
        self.0.contains(&pair)
    }
}

/// Imports contacts, then meetings, counting what happened to each.
pub(crate) fn import(
    conn: &dyn Db,
    contacts: &[ContactRecord],
    meetings: &[MeetingRecord],
    now: Timestamp,
) -> Result<ImportTally> {
    let mut tally = ImportTally::default();
    let distinct = Distinct(merge::distinct_pairs(conn)?.into_iter().collect());
    for record in contacts {
        contact(conn, record, &distinct, now, &mut tally)?;
    }
    for meeting in meetings {
        self::meeting(conn, meeting, now, &mut tally)?;
    }
    Ok(tally)
}

/// Every source record, for snapshots.
pub(crate) fn sources(conn: &dyn Db) -> Result<Vec<SourceRecord>> {
    fetch_plain::<SourceRow>(conn, None, "ORDER BY key")
}

/// Writes a source record as it is, replacing the one under the same key.
pub(crate) fn save_source(conn: &dyn Db, source: &SourceRecord) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO import_sources (key, file, person, digest, revised_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (key) DO UPDATE SET file = excluded.file, person = excluded.person, \
         digest = excluded.digest, revised_at = excluded.revised_at",
        params![
            &source.key,
            &source.file,
            source.person.as_str(),
            &source.digest,
            source.revised_at.as_second()
        ],
    )?;
    Ok(())
}

/// Folds one contact record in: unchanged if its source already said exactly this;
/// otherwise into the person its source made or whoever shares an identity with it
/// when nothing contradicts that (see [`kith_core::contest`]), merging them all into
/// one when it names several; or into a new person. Every merge is kept (see
/// [`merge`]); a record kept apart from someone sharing one of its identities shares it
/// with them, for `kith dupes` to propose.
fn contact(
    conn: &dyn Db,
    record: &ContactRecord,
    distinct: &Distinct,
    now: Timestamp,
    tally: &mut ImportTally,
) -> Result<()> {
    let digest = record.digest();
    let known = source(conn, &record.source_key)?;
    if known.as_ref().is_some_and(|s| s.digest == digest) {
        tally.unchanged += 1;
        return Ok(());
    }
    let by_source = match &known {
        Some(s) => Some(people::one(conn, &s.person)?),
        None => exported_from(conn, record)?,
    };
    // A card of kith's own export whose person is not here was one person where it was
    // written: it joins nobody, so that an export read into an empty database gives the
    // same people (what it shares with others stays shared, for `kith dupes`).
    let (joins, kept_apart) = match (&by_source, &record.kith_id) {
        (None, Some(_)) => (Vec::new(), false),
        _ => joins(conn, record, by_source.as_ref(), distinct)?,
    };
    if kept_apart {
        tally.kept_apart += 1;
    }
    let revised = stored(record.revised(now))?;
    let joined: Vec<Person> = joins.iter().map(|(p, _)| p.clone()).collect();
    let Some(kept) = keeper(by_source.as_ref(), &joined).cloned() else {
        tally.imported += 1;
        let org = org_of(conn, record, now)?;
        let new = record.new_person(org);
        // A card kith exported keeps its person's id, so that reading the export into an
        // empty database gives the same people.
        let id = match &record.kith_id {
            Some(id) => id.clone(),
            None => new_id(PersonId::from_bits)?,
        };
        let person = people::add_as(conn, &new, &id, now)?;
        return finish(conn, record, &person.id, revised, digest, now, tally).map(drop);
    };
    for (other, on) in joins.iter().filter(|(p, _)| p.id != kept.id) {
        absorb(conn, &kept, other, record, on, now, tally)?;
    }
    let current = people::one(conn, &kept.id)?;
    let newer = supersedes(revised, &current, newest_source(conn, &current.id)?);
    // An organization is looked up (or added) only when it goes onto the person.
    let org = match record.sets_org(&current, newer) {
        true => org_of(conn, record, now)?,
        false => None,
    };
    let folded = record.fold_into(&current, org, newer);
    if folded != current {
        people::save_shared(conn, &folded)?;
    }
    let moves = finish(conn, record, &kept.id, revised, digest, now, tally)?;
    if by_source.is_some() {
        // A record read again, or a card of kith's own export: a change only if it
        // changed someone (an export read back changes nothing).
        let absorbed = joins.iter().any(|(p, _)| p.id != kept.id);
        let noted = moves.iter().any(|m| m.table == "notes");
        match folded != current || absorbed || noted {
            true => tally.updated += 1,
            false => tally.unchanged += 1,
        }
        return Ok(());
    }
    tally.merged += 1;
    // The record joined someone it did not make: kept as a merge of the person the
    // record would have become into them, so that it can be undone.
    let on = joins.iter().find(|(p, _)| p.id == kept.id).map(|(_, on)| on);
    // The record's organization is not added for it: named in the merge record, it is
    // added only if the merge is undone.
    let alone = record.new_person(None).with_id(new_id(PersonId::from_bits)?, stored(now)?);
    let why = why(record, on);
    let mut kept_record = merge::without_facts(&current, &alone, &folded, Reason { why: &why, on }, now)?;
    kept_record.absorbed_org.clone_from(&record.org);
    merge::keep_record(conn, &kept_record, &moves)?;
    tally.merges.push(MergeNotice::of(&kept_record));
    Ok(())
}

/// Why a record joined a person, in words.
fn why(record: &ContactRecord, on: Option<&Identity>) -> String {
    match on {
        Some(on) => format!("{} lists {on} for both", record.file),
        None => format!("{} names both", record.file),
    }
}

/// The people a record joins, each with the identity that joins them, and whether it
/// shares an identity with someone it is kept apart from.
fn joins(
    conn: &dyn Db,
    record: &ContactRecord,
    own: Option<&Person>,
    distinct: &Distinct,
) -> Result<(Vec<(Person, Identity)>, bool)> {
    let mut joins: Vec<(Person, Identity)> = Vec::new();
    let mut apart = false;
    for identity in &record.identities {
        let all = people::holders(conn, identity)?;
        if own.is_some_and(|own| all.contains(&own.id)) {
            // Shared with the record's own person already: kept apart before.
            continue;
        }
        let holders = all;
        for holder in &holders {
            if joins.iter().any(|(p, _)| &p.id == holder) {
                continue;
            }
            if own.is_some_and(|own| distinct.holds(&own.id, holder)) {
                apart = true;
                continue;
            }
            let person = people::one(conn, holder)?;
            match contest(record.name.as_deref(), &person, identity, holders.len()) {
                None => joins.push((person, identity.clone())),
                Some(_) => apart = true,
            }
        }
    }
    Ok((joins, apart))
}

/// What every applied record writes besides the person: its new notes, the connection
/// date as the first interaction, and its source record. Returns those rows as merge
/// moves (they are the record's, and go with it if its merge is undone).
fn finish(
    conn: &dyn Db,
    record: &ContactRecord,
    person: &PersonId,
    revised: Timestamp,
    digest: String,
    now: Timestamp,
    tally: &mut ImportTally,
) -> Result<Vec<Move>> {
    let mut moves: Vec<Move> = add_new_notes(conn, person, &record.notes, revised)?
        .into_iter()
        .map(|n| Move::of("notes", n))
        .collect();
    if let Some(at) = record.connected.filter(|at| *at <= now) {
        let mut first =
            NewInteraction::new(at, Channel::Social, Direction::Mutual, vec![person.clone()], now)?;
        let key = connection_key(record);
        first.source_key = Some(key.clone());
        let recorded = interactions::record(conn, &[first])?;
        tally.interactions_added += recorded.added;
        tally.interactions_present += recorded.already_present;
        if recorded.added > 0 {
            let id: String =
                db::scalar(conn, "SELECT id FROM interactions WHERE source_key = ?1", params![&key])?;
            moves.push(Move::of("interaction_participants", id));
        }
    }
    let source = SourceRecord {
        key: record.source_key.clone(),
        file: record.file.clone(),
        person: person.clone(),
        digest,
        revised_at: revised,
    };
    save_source(conn, &source)?;
    moves.push(Move::of("import_sources", record.source_key.clone()));
    Ok(moves)
}

/// The source key of the interaction a connection date becomes: the same for every
/// export that lists the connection, so two exports of one network give it once.
fn connection_key(record: &ContactRecord) -> String {
    match record.identities.first() {
        Some(identity) => format!("connected:{identity}"),
        None => format!("connected:{}", record.source_key),
    }
}

/// Records one meeting with everyone in it, adding the attendees nobody knows yet.
fn meeting(conn: &dyn Db, meeting: &MeetingRecord, now: Timestamp, tally: &mut ImportTally) -> Result<()> {
    if interactions::is_known(conn, &meeting.source_key)? {
        tally.interactions_present += 1;
        return Ok(());
    }
    let mut participants = Vec::with_capacity(meeting.attendees.len());
    for attendee in &meeting.attendees {
        let id = match people::holder(conn, &attendee.identity)? {
            Some(id) => id,
            None => {
                tally.imported += 1;
                let name = attendee.name.clone().unwrap_or_else(|| attendee.identity.to_string());
                let new =
                    NewPerson { identities: vec![attendee.identity.clone()], ..NewPerson::named(&name)? };
                people::add(conn, &new, now)?.id
            }
        };
        participants.push(id);
    }
    let mut new = NewInteraction::new(meeting.at, Channel::Meeting, Direction::Mutual, participants, now)?;
    new.subject.clone_from(&meeting.subject);
    new.source_key = Some(meeting.source_key.clone());
    tally.interactions_added += interactions::record(conn, &[new])?.added;
    Ok(())
}

/// The source record stored under `key`.
fn source(conn: &dyn Db, key: &str) -> Result<Option<SourceRecord>> {
    let sql = format!("{} WHERE key = ?1", <SourceRow as super::rows::Plain>::SELECT);
    rows::<SourceRow>(conn, &sql, &[key])?.pop().map(super::rows::Plain::decode).transpose()
}

/// The person a kith export wrote the record from, if they are still here.
fn exported_from(conn: &dyn Db, record: &ContactRecord) -> Result<Option<Person>> {
    match &record.kith_id {
        Some(id) => Ok(people::load(conn, Some(id))?.pop()),
        None => Ok(None),
    }
}

/// Merges `other` into `kept` because `record` lists `on` for both, and notes why on
/// the kept person.
fn absorb(
    conn: &dyn Db,
    kept: &Person,
    other: &Person,
    record: &ContactRecord,
    on: &Identity,
    now: Timestamp,
    tally: &mut ImportTally,
) -> Result<()> {
    let why = why(record, Some(on));
    let (_, kept_record) = merge::merge(conn, &kept.id, &other.id, Reason { why: &why, on: Some(on) }, now)?;
    let note = NewNote::new(kept.id.clone(), &record.merge_note(other), now, now)?;
    let note = people::add_note(conn, &note)?;
    merge::note_written(conn, &kept_record.id, note.id.as_str())?;
    tally.people_merged += 1;
    tally.merges.push(MergeNotice::of(&kept_record));
    Ok(())
}

/// The revision of the newest record imported into a person, if any was.
fn newest_source(conn: &dyn Db, person: &PersonId) -> Result<Option<Timestamp>> {
    let newest: Option<i64> = db::scalar(
        conn,
        "SELECT MAX(revised_at) FROM import_sources WHERE person = ?1",
        params![person.as_str()],
    )?;
    newest.map(timestamp).transpose()
}

/// The organization the record names, if it names one.
fn org_of(conn: &dyn Db, record: &ContactRecord, now: Timestamp) -> Result<Option<OrgId>> {
    match &record.org {
        Some(name) => Ok(Some(org_named(conn, name, now)?)),
        None => Ok(None),
    }
}

/// The organization with this name (ignoring case), added if there is none.
pub(crate) fn org_named(conn: &dyn Db, name: &str, now: Timestamp) -> Result<OrgId> {
    let found: Option<String> = db::scalar_opt(
        conn,
        "SELECT id FROM organizations WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
        params![name],
    )?;
    if let Some(id) = found.as_deref().and_then(OrgId::parse) {
        return Ok(id);
    }
    Ok(orgs::add(conn, &NewOrganization::new(name, &[])?, now)?.id)
}

/// Adds the notes the person does not have yet, word for word, and returns their ids.
/// They keep the record's order: each is dated a second before the next, the last at
/// `at`.
fn add_new_notes(conn: &dyn Db, person: &PersonId, texts: &[String], at: Timestamp) -> Result<Vec<String>> {
    let mut added = Vec::new();
    for (text, before) in texts.iter().zip((0..texts.len() as i64).rev()) {
        let present: Option<i64> = db::scalar_opt(
            conn,
            "SELECT 1 FROM notes WHERE person = ?1 AND text = ?2",
            params![person.as_str(), text],
        )?;
        if present.is_none() {
            let dated = at - jiff::SignedDuration::from_secs(before);
            let note = people::add_note(conn, &NewNote::new(person.clone(), text, dated, at)?)?;
            added.push(note.id.to_string());
        }
    }
    Ok(added)
}
