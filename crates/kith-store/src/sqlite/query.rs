//! Query helpers the entity modules share: narrowed selects, existence checks and new
//! ids.

use super::db;
use super::rows::{FromColumns, Plain};
use crate::{Result, StoreError};
use kith_core::PersonId;
use rusqlite::Connection;

/// A condition on `?1` that narrows a query, and the value bound to it.
pub(super) type Scope<'a> = Option<(&'static str, &'a str)>;

/// Runs `select` (narrowed by `scope`, then ordered by `order`) and reads every row.
pub(super) fn fetch<R: FromColumns>(
    conn: &Connection,
    select: &str,
    scope: Scope<'_>,
    order: &str,
) -> Result<Vec<R>> {
    match scope {
        Some((condition, value)) => rows(conn, &format!("{select} WHERE {condition} {order}"), &[value]),
        None => rows(conn, &format!("{select} {order}"), &[]),
    }
}

/// Runs `sql` with `values` bound to `?1`, `?2`, … and reads every row it returns.
pub(super) fn rows<R: FromColumns>(conn: &Connection, sql: &str, values: &[&str]) -> Result<Vec<R>> {
    let mut all = Vec::new();
    each_row(conn, sql, values, |row| {
        all.push(row);
        Ok(())
    })?;
    Ok(all)
}

/// Runs `sql` with `values` bound to `?1`, `?2`, … and hands `each` every row it returns.
/// Rows are decoded as they are stepped, with no copy between: a review reads hundreds
/// of thousands.
pub(super) fn each_row<R: FromColumns>(
    conn: &Connection,
    sql: &str,
    values: &[&str],
    mut each: impl FnMut(R) -> Result<()>,
) -> Result<()> {
    {
        let db = conn;
        let mut statement = db.prepare(sql)?;
        let mut rows = statement.query(rusqlite::params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            each(R::from_columns(row).map_err(|e| damage(e, sql))?)?;
        }
        Ok(())
    }
}

/// A column that would not convert is damage to the database; other errors are its own.
pub(super) fn damage(e: rusqlite::Error, sql: &str) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(column, _, why) => {
            StoreError::Corrupt(format!("{why} (column {column} of `{sql}`)"))
        }
        other => other.into(),
    }
}

/// Selects rows of one kind (narrowed by `scope`, then ordered by `order`) and decodes them.
pub(super) fn fetch_plain<R: Plain>(
    conn: &Connection,
    scope: Scope<'_>,
    order: &str,
) -> Result<Vec<R::Value>> {
    fetch::<R>(conn, R::SELECT, scope, order)?.into_iter().map(R::decode).collect()
}

/// Narrows a query on a table with a `person` column to one person's rows.
pub(super) fn of_person(person: Option<&PersonId>) -> Scope<'_> {
    person.map(|p| ("person = ?1", p.as_str()))
}

/// Fails with [`StoreError::NotFound`] unless `table` has a row with this id.
pub(super) fn require(conn: &Connection, table: &'static str, entity: &'static str, id: &str) -> Result<()> {
    let found: Option<i64> =
        db::scalar_opt(conn, &format!("SELECT 1 FROM {table} WHERE id = ?1"), rusqlite::params![id])?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound { entity, id: id.to_owned() }),
    }
}

/// Fails with [`StoreError::NotFound`] unless the person exists.
pub(super) fn require_person(conn: &Connection, id: &PersonId) -> Result<()> {
    require(conn, "people", "person", id.as_str())
}

/// A fresh id from 64 random bits.
pub(super) fn new_id<T>(from_bits: fn(u64) -> T) -> Result<T> {
    let bits = getrandom::u64()
        .map_err(|e| StoreError::Database(format!("the system's random source failed: {e}").into()))?;
    Ok(from_bits(bits))
}
