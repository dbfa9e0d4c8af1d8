//! Copying what can be read of a damaged database into a new one.
//!
//! A new database is made with this build's schema, and every table is copied row by row
//! in the order of its key, without any index (an index may be what is damaged). Where a
//! read fails, the table is read again from its other end, back to the damage: with one
//! damaged place in a table, every row outside it is copied. Rows between two damaged
//! places of one table, and rows under a damaged inner page of a table's tree, cannot be
//! reached this way and are lost. Rows left pointing at a lost row (a participant of a
//! lost interaction) are then removed, as the new database's foreign keys require, and
//! counted.

use super::checkup;
use super::connect;
use crate::{OpenMode, Result, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use std::collections::BTreeMap;
use std::path::Path;

/// What a salvage copied and what it could not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Salvage {
    /// Each table of the schema, by name.
    pub tables: BTreeMap<String, SalvagedTable>,
}

/// One table's salvage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SalvagedTable {
    /// Rows copied and kept.
    pub copied: u64,
    /// Whether some of the table could not be read (its rows there are lost).
    pub damaged: bool,
    /// Rows read but refused by the new database (a damaged value breaking a rule).
    pub refused: u64,
    /// Rows copied, then removed because they pointed at a row that was lost.
    pub orphaned: u64,
    /// Why nothing of the table could be read, if so.
    pub unreadable: Option<String>,
}

/// How many rows are read at a time.
const BATCH: usize = 1000;

/// Copies what can be read of the database at `from` into a new database at `to`.
pub(super) fn salvage(from: &Path, to: &Path) -> Result<Salvage> {
    if !from.is_file() {
        return Err(StoreError::NoDatabase(from.to_owned()));
    }
    if to.exists() {
        return Err(StoreError::TargetExists(to.to_owned()));
    }
    drop(connect::open(to, OpenMode::CreateIfMissing)?);
    let source = checkup::read_only(from)?;
    let target = Connection::open(to)?;
    target.execute_batch("PRAGMA foreign_keys = OFF")?;
    let mut salvage = Salvage::default();
    // One transaction for the whole copy: a salvage that fails leaves an empty database.
    target.execute_batch("BEGIN")?;
    for table in tables(&target)? {
        let copied = copy_table(&source, &target, &table);
        salvage.tables.insert(table, copied);
    }
    for (table, orphans) in remove_orphans(&target)? {
        let entry = salvage.tables.entry(table).or_default();
        entry.orphaned += orphans;
        entry.copied -= orphans.min(entry.copied);
    }
    target.execute_batch("COMMIT")?;
    Ok(salvage)
}

/// The tables of kith's schema, in the new database, but for the record of changes
/// (`revision`, `person_revisions`), which the copy's own writes make anew.
fn tables(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut query = db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN ('_sqlx_migrations', 'revision', 'person_revisions') ORDER BY name",
    )?;
    query.query_map([], |row| row.get(0))?.collect()
}

/// How a table's rows are read in order.
struct Layout {
    /// The columns both databases have, quoted, with `rowid` first for a table that has one.
    columns: Vec<String>,
    /// How many of the first columns make the key the rows are ordered by.
    key: usize,
}

/// Copies one table.
fn copy_table(source: &Connection, target: &Connection, table: &str) -> SalvagedTable {
    let mut result = SalvagedTable::default();
    let layout = match layout(source, target, table) {
        Ok(layout) => layout,
        Err(e) => {
            result.unreadable = Some(e.to_string());
            return result;
        }
    };
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quoted(table),
        layout.columns.join(", "),
        vec!["?"; layout.columns.len()].join(", ")
    );
    let write = |rows: Vec<Vec<Value>>, result: &mut SalvagedTable| {
        for row in rows {
            match target.execute(&insert, params_from_iter(row)) {
                Ok(_) => result.copied += 1,
                Err(_) => result.refused += 1,
            }
        }
    };
    let (forward, stopped) = read_from_end(source, table, &layout, Direction::Forward, None);
    let last = forward.last().map(|row| row[..layout.key].to_vec());
    write(forward, &mut result);
    if stopped.is_some() {
        result.damaged = true;
        let (backward, _) = read_from_end(source, table, &layout, Direction::Backward, last);
        write(backward, &mut result);
        if result.copied == 0 {
            result.unreadable = stopped;
        }
    }
    result
}

/// The columns of `table` in both databases, and its key.
fn layout(source: &Connection, target: &Connection, table: &str) -> rusqlite::Result<Layout> {
    let theirs = table_info(source, table)?;
    let ours = table_info(target, table)?;
    let shared: Vec<&(String, i64)> =
        ours.iter().filter(|(name, _)| theirs.iter().any(|(n, _)| n == name)).collect();
    let mut key: Vec<&(String, i64)> = shared.iter().copied().filter(|(_, pk)| *pk > 0).collect();
    key.sort_by_key(|(_, pk)| *pk);
    let without_rowid: bool = target.query_row(
        "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |row| row.get(0),
    )?;
    let mut columns: Vec<String> = Vec::new();
    if without_rowid {
        columns.extend(key.iter().map(|(name, _)| quoted(name)));
    } else {
        columns.push("rowid".to_owned());
    }
    let key_len = columns.len();
    let rest: Vec<String> =
        shared.iter().map(|(name, _)| quoted(name)).filter(|name| !columns.contains(name)).collect();
    columns.extend(rest);
    Ok(Layout { columns, key: key_len })
}

/// The columns of a table and their place in its primary key (0 when not in it).
fn table_info(db: &Connection, table: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut query = db.prepare("SELECT name, pk FROM pragma_table_info(?1)")?;
    let columns: Vec<(String, i64)> =
        query.query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    if columns.is_empty() {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    Ok(columns)
}

/// Which end a table is read from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

/// The rows of a table from one end, in key order from there, until the end or a read
/// that fails (whose error is returned); a backward read stops at the key `until`.
fn read_from_end(
    source: &Connection,
    table: &str,
    layout: &Layout,
    direction: Direction,
    until: Option<Vec<Value>>,
) -> (Vec<Vec<Value>>, Option<String>) {
    let key_columns = &layout.columns[..layout.key];
    let key = key_columns.join(", ");
    let placeholders = vec!["?"; layout.key].join(", ");
    let (order, onward) = match direction {
        Direction::Forward => ("ASC", ">"),
        Direction::Backward => ("DESC", "<"),
    };
    let order_by: Vec<String> = key_columns.iter().map(|c| format!("{c} {order}")).collect();
    let query = |conditions: &[String]| {
        let filter =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        format!(
            "SELECT {} FROM {} NOT INDEXED {filter} ORDER BY {} LIMIT {BATCH}",
            layout.columns.join(", "),
            quoted(table),
            order_by.join(", ")
        )
    };
    let bound = until.as_ref().map(|_| format!("({key}) > ({placeholders})"));
    let step = format!("({key}) {onward} ({placeholders})");
    let first = query(&bound.iter().cloned().collect::<Vec<_>>());
    let next = query(&bound.iter().cloned().chain([step]).collect::<Vec<_>>());
    let mut rows: Vec<Vec<Value>> = Vec::new();
    loop {
        let mut params = until.clone().unwrap_or_default();
        let sql = match rows.last() {
            None => &first,
            Some(last) => {
                params.extend_from_slice(&last[..layout.key]);
                &next
            }
        };
        let (batch, error) = read_batch(source, sql, params, layout.columns.len());
        let done = batch.len() < BATCH;
        rows.extend(batch);
        if error.is_some() || done {
            return (rows, error);
        }
    }
}

/// The rows one query gives, up to the first that cannot be read, and that read's error.
fn read_batch(
    source: &Connection,
    sql: &str,
    params: Vec<Value>,
    width: usize,
) -> (Vec<Vec<Value>>, Option<String>) {
    let mut rows = Vec::new();
    let mut query = match source.prepare(sql) {
        Ok(query) => query,
        Err(e) => return (rows, Some(e.to_string())),
    };
    let mut cursor = match query.query(params_from_iter(params)) {
        Ok(cursor) => cursor,
        Err(e) => return (rows, Some(e.to_string())),
    };
    loop {
        match cursor.next() {
            Ok(None) => return (rows, None),
            Ok(Some(row)) => match (0..width).map(|i| row.get::<_, Value>(i)).collect() {
                Ok(values) => rows.push(values),
                Err(e) => return (rows, Some(e.to_string())),
            },
            Err(e) => return (rows, Some(e.to_string())),
        }
    }
}

/// Removes, until none is left, the rows that point at a row that is not there, and
/// counts them by table.
fn remove_orphans(db: &Connection) -> rusqlite::Result<BTreeMap<String, u64>> {
    let mut removed: BTreeMap<String, u64> = BTreeMap::new();
    loop {
        let mut check = db.prepare("SELECT \"table\", rowid FROM pragma_foreign_key_check")?;
        let orphans: Vec<(String, Option<i64>)> =
            check.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        if orphans.is_empty() {
            return Ok(removed);
        }
        for (table, rowid) in orphans {
            let deleted = match rowid {
                Some(rowid) => {
                    db.execute(&format!("DELETE FROM {} WHERE rowid = ?1", quoted(&table)), [rowid])?
                }
                None => remove_keyless_orphans(db, &table)?,
            };
            *removed.entry(table).or_default() += deleted as u64;
        }
    }
}

/// Removes the rows of a table without rowids whose references lead nowhere: SQLite's
/// check cannot name them, so each reference is checked by a query.
fn remove_keyless_orphans(db: &Connection, table: &str) -> rusqlite::Result<usize> {
    let mut query = db.prepare("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)")?;
    let references: Vec<(String, String, Option<String>)> = query
        .query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut deleted = 0;
    for (parent, from, to) in references {
        let to = to.unwrap_or_else(|| "rowid".to_owned());
        deleted += db.execute(
            &format!(
                "DELETE FROM {t} WHERE {f} IS NOT NULL AND {f} NOT IN (SELECT {to} FROM {p})",
                t = quoted(table),
                f = quoted(&from),
                to = quoted(&to),
                p = quoted(&parent)
            ),
            [],
        )?;
    }
    Ok(deleted)
}

/// A name quoted for SQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
