//! Merging two records of one person, kept so that the merge can be undone.

use super::db;
use super::db::Db;
use super::query::new_id;
use super::rows::stored;
use super::value::params;
use super::{facts, people, stages};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{Identity, MergeId, MergePlan, MergeRecord, Person, PersonId, Stage, plan_merge};

/// Tables listing people as members of something, with the column naming that thing.
const MEMBERSHIPS: [(&str, &str); 2] =
    [("interaction_participants", "interaction"), ("engagement_people", "engagement")];

/// Tables of things that belong to one person, with the column that identifies a row.
const BELONGINGS: [(&str, &str); 7] = [
    ("exchanges", "id"),
    ("exchange_suggestions", "id"),
    ("notes", "id"),
    ("transitions", "id"),
    ("checkins", "id"),
    ("import_sources", "key"),
    ("drafts", "id"),
];

/// The table name under which a merge's own note is kept among its moves: the note
/// goes when the merge is undone.
const MERGE_NOTE: &str = "merge_note";

/// A row that moved from the absorbed person to the kept one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Move {
    /// The table.
    pub table: &'static str,
    /// The row's key: its id, or the group a membership row names.
    pub row: String,
    /// A membership both people had: the absorbed person's row was dropped.
    pub both: bool,
}

impl Move {
    /// A row of `table` that moved whole.
    pub fn of(table: &'static str, row: impl Into<String>) -> Self {
        Self { table, row: row.into(), both: false }
    }
}

/// Why a merge was made, and on which identity.
#[derive(Clone, Debug)]
pub(super) struct Reason<'a> {
    /// In words.
    pub why: &'a str,
    /// The identity the two shared, if that was the reason.
    pub on: Option<&'a Identity>,
}

/// Merges `other` into `keep` as kith-core plans it from both records as they are now,
/// and keeps the merge.
pub(crate) fn merge(
    conn: &dyn Db,
    keep: &PersonId,
    other: &PersonId,
    reason: Reason<'_>,
    now: Timestamp,
) -> Result<(Person, MergeRecord)> {
    let kept = people::one(conn, keep)?;
    let absorbed = people::one(conn, other)?;
    let mut history = stages::transitions(conn, Some(keep))?;
    history.extend(stages::transitions(conn, Some(other))?);
    let plan = plan_merge(&kept, &absorbed, &history)?;
    let mut record = record(conn, &kept, &absorbed, reason, now)?;
    let moves = carry_out(conn, &plan)?;
    let merged = people::one(conn, &plan.merged.id)?;
    record.merged = merged.clone();
    keep_record(conn, &record, &moves)?;
    Ok((merged, record))
}

/// A merge record of `kept` and `absorbed` as they are, with their facts and mutes;
/// `merged` is left as `kept` for the caller to fill in once the merge is done.
pub(crate) fn record(
    conn: &dyn Db,
    kept: &Person,
    absorbed: &Person,
    reason: Reason<'_>,
    now: Timestamp,
) -> Result<MergeRecord> {
    let mut record = without_facts(kept, absorbed, kept, reason, now)?;
    record.facts = (facts::facts(conn, Some(&kept.id))?, facts::facts(conn, Some(&absorbed.id))?);
    record.mutes = (facts::mutes(conn, Some(&kept.id))?, facts::mutes(conn, Some(&absorbed.id))?);
    Ok(record)
}

/// A merge record of a merge that moved no facts or mutes (a record an import folded
/// into someone): undoing it leaves the kept person's facts and mutes as they are.
pub(crate) fn without_facts(
    kept: &Person,
    absorbed: &Person,
    merged: &Person,
    reason: Reason<'_>,
    now: Timestamp,
) -> Result<MergeRecord> {
    Ok(MergeRecord {
        id: new_id(MergeId::from_bits)?,
        at: stored(now)?,
        why: reason.why.to_owned(),
        on: reason.on.cloned(),
        kept: kept.clone(),
        absorbed: absorbed.clone(),
        merged: merged.clone(),
        absorbed_org: None,
        facts: (Vec::new(), Vec::new()),
        mutes: (Vec::new(), Vec::new()),
        undone_at: None,
    })
}

/// Stores a merge record with the rows that moved.
pub(crate) fn keep_record(conn: &dyn Db, record: &MergeRecord, moves: &[Move]) -> Result<()> {
    let json = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    db::execute(
        conn,
        "INSERT INTO merges (id, at, kept, absorbed, record) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            record.id.as_str(),
            record.at.as_second(),
            record.kept.id.as_str(),
            record.absorbed.id.as_str(),
            json
        ],
    )?;
    keep_moves(conn, &record.id, moves)
}

/// Records that the note `note` was written by the merge `id`, to go with it on undo.
pub(crate) fn note_written(conn: &dyn Db, id: &MergeId, note: &str) -> Result<()> {
    keep_moves(conn, id, &[Move::of(MERGE_NOTE, note)])
}

/// Stores rows that moved in the merge `id`, in one statement.
fn keep_moves(conn: &dyn Db, id: &MergeId, moves: &[Move]) -> Result<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let mut insert =
        conn.prepare("INSERT INTO merge_moves (merge, tbl, row, \"both\") VALUES (?1, ?2, ?3, ?4)")?;
    for m in moves {
        insert.execute(params![id.as_str(), m.table, &m.row, m.both])?;
    }
    Ok(())
}

/// Moves everything of the absorbed person to the kept one, deletes the absorbed
/// person and writes the merged record, stage included, over the kept one. Returns the
/// rows that moved.
fn carry_out(conn: &dyn Db, plan: &MergePlan) -> Result<Vec<Move>> {
    let kept = plan.merged.id.as_str();
    let gone = plan.absorbed.id.as_str();
    let mut moves = Vec::new();
    for (table, group) in MEMBERSHIPS {
        let rows: Vec<(String, bool)> = db::all(
            conn,
            &format!(
                "SELECT {group}, {group} IN (SELECT {group} FROM {table} WHERE person = ?1) \
             FROM {table} WHERE person = ?2"
            ),
            params![kept, gone],
        )?;
        moves.extend(rows.into_iter().map(|(row, both)| Move { table, row, both }));
        // Where both took part, the absorbed person's row is left to the cascade below.
        db::execute(
            conn,
            &format!(
                "UPDATE {table} SET person = ?1 WHERE person = ?2 \
             AND {group} NOT IN (SELECT {group} FROM {table} WHERE person = ?1)"
            ),
            params![kept, gone],
        )?;
    }
    for (table, key) in BELONGINGS {
        let rows: Vec<String> =
            db::scalars(conn, &format!("SELECT {key} FROM {table} WHERE person = ?1"), params![gone])?;
        moves.extend(rows.into_iter().map(|row| Move::of(table, row)));
        db::execute(conn, &format!("UPDATE {table} SET person = ?1 WHERE person = ?2"), params![kept, gone])?;
    }
    facts::merge(conn, &plan.merged.id, &plan.absorbed.id)?;
    db::execute(conn, "DELETE FROM people WHERE id = ?1", params![gone])?;
    people::save_shared(conn, &plan.merged)?;
    if plan.merged.stage == Stage::WalkedAway {
        // Walking away schedules nothing, whatever either record had scheduled.
        db::execute(conn, "DELETE FROM checkins WHERE person = ?1 AND done_at IS NULL", params![kept])?;
    }
    set_stage(conn, &plan.merged)?;
    Ok(moves)
}

fn set_stage(conn: &dyn Db, person: &Person) -> Result<()> {
    db::execute(
        conn,
        "UPDATE people SET stage = ?2 WHERE id = ?1",
        params![person.id.as_str(), person.stage.as_str()],
    )?;
    Ok(())
}

/// Every merge, newest first; only those whose kept or absorbed person is `person`,
/// if given.
pub(crate) fn merges(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<MergeRecord>> {
    let rows: Vec<(String, Option<i64>)> = db::all(
        conn,
        "SELECT record, undone_at FROM merges WHERE kept = ?1 OR absorbed = ?1 OR ?1 IS NULL \
         ORDER BY at DESC, rowid DESC",
        params![person.map(PersonId::as_str)],
    )?;
    rows.into_iter()
        .map(|(json, undone)| {
            let mut record: MergeRecord =
                serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("merge record: {e}")))?;
            record.undone_at = undone.map(super::rows::timestamp).transpose()?;
            Ok(record)
        })
        .collect()
}

/// Undoes a merge: the absorbed person comes back as they were, with the rows that
/// moved, and the kept one loses what the other brought (see [`MergeRecord::undo`]).
/// The two are remembered as distinct, so that neither an import nor `kith dupes`
/// joins them again. Returns both.
pub(crate) fn unmerge(conn: &dyn Db, id: &MergeId, now: Timestamp) -> Result<(Person, Person)> {
    let record = merges(conn, None)?
        .into_iter()
        .find(|r| &r.id == id)
        .ok_or_else(|| StoreError::NotFound { entity: "merge", id: id.to_string() })?;
    if let Some(at) = record.undone_at {
        return Err(StoreError::Unsupported(format!("the merge {id} was already undone on {at}")));
    }
    let current = people::one(conn, &record.kept.id).map_err(|_| {
        StoreError::Unsupported(format!(
            "{} ({}) is no longer in the database: undo what merged or removed them first (kith person merges)",
            record.merged.name, record.kept.id
        ))
    })?;
    if people::exists(conn, &record.absorbed.id)? {
        return Err(StoreError::Unsupported(format!("{} is in the database already", record.absorbed.id)));
    }
    let facts_now = facts::facts(conn, Some(&current.id))?;
    let mutes_now = facts::mutes(conn, Some(&current.id))?;
    let mut undone = record.undo(&current, &facts_now, &mutes_now);
    if let Some(name) = &record.absorbed_org {
        undone.absorbed.org = Some(super::import::org_named(conn, name, now)?);
    }
    people::save_shared(conn, &undone.absorbed)?;
    set_stage(conn, &undone.absorbed)?;
    people::save_shared(conn, &undone.kept)?;
    set_stage(conn, &undone.kept)?;
    move_back(conn, id, &undone.kept.id, &undone.absorbed.id)?;
    facts::replace(conn, &undone.kept.id, &undone.kept_facts.0, &undone.kept_facts.1)?;
    facts::replace(conn, &undone.absorbed.id, &undone.absorbed_facts.0, &undone.absorbed_facts.1)?;
    db::execute(
        conn,
        "UPDATE merges SET undone_at = ?2 WHERE id = ?1",
        params![id.as_str(), stored(now)?.as_second()],
    )?;
    mark_distinct(conn, &undone.kept.id, &undone.absorbed.id, now)?;
    Ok((undone.kept, undone.absorbed))
}

/// Moves the rows a merge moved back from `kept` to `absorbed`, and deletes its note.
fn move_back(conn: &dyn Db, id: &MergeId, kept: &PersonId, absorbed: &PersonId) -> Result<()> {
    let moves: Vec<(String, String, bool)> =
        db::all(conn, "SELECT tbl, row, \"both\" FROM merge_moves WHERE merge = ?1", params![id.as_str()])?;
    for (table, row, both) in moves {
        if table == MERGE_NOTE {
            db::execute(conn, "DELETE FROM notes WHERE id = ?1", params![&row])?;
        } else if let Some((table, group)) = MEMBERSHIPS.iter().find(|(t, _)| *t == table) {
            match both {
                true => db::execute(
                    conn,
                    &format!("INSERT INTO {table} ({group}, person) VALUES (?1, ?2) ON CONFLICT DO NOTHING"),
                    params![&row, absorbed.as_str()],
                )?,
                false => db::execute(
                    conn,
                    &format!("UPDATE {table} SET person = ?3 WHERE {group} = ?1 AND person = ?2"),
                    params![&row, kept.as_str(), absorbed.as_str()],
                )?,
            };
        } else if let Some((table, key)) = BELONGINGS.iter().find(|(t, _)| *t == table) {
            db::execute(
                conn,
                &format!("UPDATE {table} SET person = ?3 WHERE {key} = ?1 AND person = ?2"),
                params![&row, kept.as_str(), absorbed.as_str()],
            )?;
        } else {
            return Err(StoreError::Corrupt(format!("merge {id} moved a row of an unknown table {table}")));
        }
    }
    Ok(())
}

/// Remembers that `a` and `b` are not one person.
pub(crate) fn mark_distinct(conn: &dyn Db, a: &PersonId, b: &PersonId, now: Timestamp) -> Result<()> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    db::execute(
        conn,
        "INSERT INTO distinct_people (a, b, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![a.as_str(), b.as_str(), stored(now)?.as_second()],
    )?;
    Ok(())
}

/// Every pair remembered as not one person, the smaller id first.
pub(crate) fn distinct_pairs(conn: &dyn Db) -> Result<Vec<(PersonId, PersonId)>> {
    let rows: Vec<(String, String)> =
        db::all(conn, "SELECT a, b FROM distinct_people ORDER BY a, b", params![])?;
    rows.into_iter()
        .map(|(a, b)| match (PersonId::parse(&a), PersonId::parse(&b)) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(StoreError::Corrupt(format!("distinct pair {a} {b}"))),
        })
        .collect()
}
