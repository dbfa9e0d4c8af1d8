//! Query helpers the entity modules share: narrowed selects, existence checks and new
//! ids.

use super::db::{self, Db};
use super::rows::{FromColumns, Plain};
use super::value::Value;
use super::value::params;
use crate::{Result, StoreError};
use kith_core::PersonId;

/// A condition on `?1` that narrows a query, and the value bound to it.
pub(super) type Scope<'a> = Option<(&'static str, &'a str)>;

/// Runs `select` (narrowed by `scope`, then ordered by `order`) and reads every row.
pub(crate) fn fetch<R: FromColumns>(
    conn: &dyn Db,
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
pub(crate) fn rows<R: FromColumns>(conn: &dyn Db, sql: &str, values: &[&str]) -> Result<Vec<R>> {
    let values: Vec<Value<'_>> = values.iter().map(|value| Value::Text(value)).collect();
    db::all(conn, sql, &values)
}

/// Selects rows of one kind (narrowed by `scope`, then ordered by `order`) and decodes them.
pub(crate) fn fetch_plain<R: Plain>(conn: &dyn Db, scope: Scope<'_>, order: &str) -> Result<Vec<R::Value>> {
    fetch::<R>(conn, R::SELECT, scope, order)?.into_iter().map(R::decode).collect()
}

/// Narrows a query on a table with a `person` column to one person's rows.
pub(crate) fn of_person(person: Option<&PersonId>) -> Scope<'_> {
    person.map(|p| ("person = ?1", p.as_str()))
}

/// Fails with [`StoreError::NotFound`] unless `table` has a row with this id.
pub(crate) fn require(conn: &dyn Db, table: &'static str, entity: &'static str, id: &str) -> Result<()> {
    let found: Option<i64> =
        db::scalar_opt(conn, &format!("SELECT 1 FROM {table} WHERE id = ?1"), params![id])?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound { entity, id: id.to_owned() }),
    }
}

/// Fails with [`StoreError::NotFound`] unless the person exists.
pub(crate) fn require_person(conn: &dyn Db, id: &PersonId) -> Result<()> {
    require(conn, "people", "person", id.as_str())
}

/// A fresh id from 64 random bits.
pub(crate) fn new_id<T>(from_bits: fn(u64) -> T) -> Result<T> {
    let bits = getrandom::u64()
        .map_err(|e| StoreError::Database(format!("the system's random source failed: {e}").into()))?;
    Ok(from_bits(bits))
}
