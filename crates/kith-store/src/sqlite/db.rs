//! Running one statement on a connection: the few shapes the entity modules use, each
//! through SQLite's cache of prepared statements, so that a statement run per row is
//! prepared once per connection.

use super::query::damage;
use super::rows::FromColumns;
use crate::Result;
use rusqlite::types::FromSql;
use rusqlite::{Connection, OptionalExtension, Params};

/// What a write did.
pub(super) struct Done(usize);

impl Done {
    /// How many rows it changed.
    pub(super) fn rows_affected(&self) -> u64 {
        self.0 as u64
    }
}

/// Runs a statement that returns no rows.
pub(super) fn execute(conn: &Connection, sql: &str, params: impl Params) -> Result<Done> {
    Ok(Done(conn.prepare_cached(sql)?.execute(params)?))
}

/// The first column of the one row `sql` returns.
pub(super) fn scalar<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> Result<T> {
    conn.prepare_cached(sql)?.query_row(params, |row| row.get(0)).map_err(|e| damage(e, sql))
}

/// The first column of the first row `sql` returns, if it returns one.
pub(super) fn scalar_opt<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> Result<Option<T>> {
    conn.prepare_cached(sql)?.query_row(params, |row| row.get(0)).optional().map_err(|e| damage(e, sql))
}

/// The first column of every row `sql` returns.
pub(super) fn scalars<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<T>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, |row| row.get(0))?;
    rows.collect::<rusqlite::Result<_>>().map_err(|e| damage(e, sql))
}

/// The first row `sql` returns, if it returns one.
pub(super) fn optional<R: FromColumns>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> Result<Option<R>> {
    conn.prepare_cached(sql)?.query_row(params, R::from_columns).optional().map_err(|e| damage(e, sql))
}

/// Every row `sql` returns.
pub(super) fn all<R: FromColumns>(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<R>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, R::from_columns)?;
    rows.collect::<rusqlite::Result<_>>().map_err(|e| damage(e, sql))
}
