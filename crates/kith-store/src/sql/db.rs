//! A connection as the entity modules see it, whatever the backend: statements prepared
//! once per connection, run with [`Value`] parameters, their rows read column by column;
//! and the few shapes of statement the modules run.

use super::value::{FromValue, Value};
use crate::{Result, StoreError};

/// Which SQL a connection speaks, for the few statements written once per backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// SQLite's.
    Sqlite,
    /// PostgreSQL's.
    Postgres,
}

/// A connection inside a transaction.
pub(crate) trait Db {
    /// Prepares `sql`, whose parameters are `?1`, `?2`, …; a statement prepared before on
    /// this connection is reused.
    fn prepare(&self, sql: &str) -> Result<Box<dyn Statement + '_>>;
    /// Which SQL this connection speaks.
    fn dialect(&self) -> Dialect;
}

/// A prepared statement.
pub(crate) trait Statement {
    /// Runs it for its effect; how many rows it changed.
    fn execute(&mut self, params: &[Value<'_>]) -> Result<u64>;
    /// Runs it for its rows.
    fn query(&mut self, params: &[Value<'_>]) -> Result<Box<dyn Rows + '_>>;
}

/// The rows a statement returns, one at a time.
pub(crate) trait Rows {
    /// The next row, until there are none.
    fn next(&mut self) -> Result<Option<&dyn Row>>;
}

/// One row of a result.
pub(crate) trait Row {
    /// The value in `column` (from 0), borrowed from the row.
    fn value(&self, column: usize) -> Result<Value<'_>>;
}

impl dyn Row + '_ {
    /// The value in `column` read as a `T`; a value that is not one is damage.
    pub(crate) fn get<T: FromValue>(&self, column: usize) -> Result<T> {
        T::from_value(self.value(column)?)
            .map_err(|why| StoreError::Corrupt(format!("{why} (column {column})")))
    }
}

/// A value made from the columns of a result row, in order.
pub(crate) trait FromColumns: Sized {
    /// Reads the row.
    fn from_columns(row: &dyn Row) -> Result<Self>;
}

impl<A: FromValue, B: FromValue> FromColumns for (A, B) {
    fn from_columns(row: &dyn Row) -> Result<Self> {
        Ok((row.get(0)?, row.get(1)?))
    }
}

impl<A: FromValue, B: FromValue, C: FromValue> FromColumns for (A, B, C) {
    fn from_columns(row: &dyn Row) -> Result<Self> {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    }
}

/// A value read from a result's first column alone.
pub(crate) struct First<T>(pub(crate) T);

impl<T: FromValue> FromColumns for First<T> {
    fn from_columns(row: &dyn Row) -> Result<Self> {
        row.get(0).map(First)
    }
}

/// Damage found reading `sql`'s rows names the statement.
pub(crate) fn in_statement(e: StoreError, sql: &str) -> StoreError {
    match e {
        StoreError::Corrupt(why) => StoreError::Corrupt(format!("{why} of `{sql}`")),
        other => other,
    }
}

/// What a write did.
pub(crate) struct Done(u64);

impl Done {
    /// How many rows it changed.
    pub(crate) fn rows_affected(&self) -> u64 {
        self.0
    }
}

/// Runs a statement that returns no rows.
pub(crate) fn execute(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Done> {
    Ok(Done(db.prepare(sql)?.execute(params)?))
}

/// Hands `each` every row `sql` returns, decoded as it is read.
pub(crate) fn each<R: FromColumns>(
    db: &dyn Db,
    sql: &str,
    params: &[Value<'_>],
    mut each: impl FnMut(R) -> Result<()>,
) -> Result<()> {
    let mut statement = db.prepare(sql)?;
    let mut rows = statement.query(params)?;
    while let Some(row) = rows.next()? {
        each(R::from_columns(row).map_err(|e| in_statement(e, sql))?)?;
    }
    Ok(())
}

/// Every row `sql` returns.
pub(crate) fn all<R: FromColumns>(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Vec<R>> {
    let mut rows = Vec::new();
    each(db, sql, params, |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}

/// The first row `sql` returns, if it returns one.
pub(crate) fn optional<R: FromColumns>(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Option<R>> {
    let mut statement = db.prepare(sql)?;
    let mut rows = statement.query(params)?;
    match rows.next()? {
        Some(row) => R::from_columns(row).map(Some).map_err(|e| in_statement(e, sql)),
        None => Ok(None),
    }
}

/// The first column of every row `sql` returns.
pub(crate) fn scalars<T: FromValue>(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Vec<T>> {
    Ok(all::<First<T>>(db, sql, params)?.into_iter().map(|First(value)| value).collect())
}

/// The first column of the first row `sql` returns, if it returns one.
pub(crate) fn scalar_opt<T: FromValue>(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Option<T>> {
    Ok(optional::<First<T>>(db, sql, params)?.map(|First(value)| value))
}

/// The first column of the one row `sql` returns.
pub(crate) fn scalar<T: FromValue>(db: &dyn Db, sql: &str, params: &[Value<'_>]) -> Result<T> {
    scalar_opt(db, sql, params)?
        .ok_or_else(|| StoreError::Database(format!("no row where one was expected: `{sql}`").into()))
}

impl dyn Statement + '_ {
    /// The first column of the first row the statement returns, if it returns one.
    pub(crate) fn first<T: FromValue>(&mut self, params: &[Value<'_>]) -> Result<Option<T>> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => row.get(0).map(Some),
            None => Ok(None),
        }
    }
}

/// Rows one insert statement takes at most; with their parameters it stays under both
/// backends' limits (SQLite binds up to 32,766 parameters, PostgreSQL 65,535).
const ROWS_AT_ONCE: usize = 200;

/// Inserts `rows` as `head VALUES row, row, … tail`, where `row` is the template of one
/// row written with `?1`…`?N`: on PostgreSQL as few statements as the parameter limits
/// allow, each one round trip to the server instead of one a row. How many rows the
/// statements changed.
pub(crate) fn insert_rows<const N: usize>(
    db: &dyn Db,
    head: &str,
    row: &str,
    tail: &str,
    rows: &[[Value<'_>; N]],
) -> Result<u64> {
    // SQLite runs in the process: a statement a row costs no round trip, and one of many
    // rows costs more to prepare and bind than it saves (10% more instructions for a mail
    // import, counted); so there, one row a statement.
    let at_once = match db.dialect() {
        Dialect::Sqlite => 1,
        Dialect::Postgres => ROWS_AT_ONCE.min(30_000 / N.max(1)).max(1),
    };
    let mut changed = 0;
    // Each size's statement, prepared once a call.
    let mut statements: Vec<(usize, Box<dyn Statement + '_>)> = Vec::new();
    for chunk in chunked(rows, at_once) {
        let known = statements.iter().position(|(size, _)| *size == chunk.len());
        let at = match known {
            Some(at) => at,
            None => {
                let mut sql = format!("{head} VALUES ");
                for n in 0..chunk.len() {
                    if n > 0 {
                        sql.push_str(", ");
                    }
                    renumbered(row, n * N, &mut sql);
                }
                sql.push_str(tail);
                statements.push((chunk.len(), db.prepare(&sql)?));
                statements.len() - 1
            }
        };
        changed += statements[at].1.execute(chunk.as_flattened())?;
    }
    Ok(changed)
}

/// `rows` in chunks of `at_once`, the rest in chunks of the powers of two below it, so
/// that a statement is prepared for a few sizes only (each size is one text, prepared
/// once per connection) however many rows there are.
fn chunked<T>(rows: &[T], at_once: usize) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let size = if rest.len() >= at_once { at_once } else { 1 << rest.len().ilog2() };
        let (chunk, after) = rest.split_at(size);
        rest = after;
        Some(chunk)
    })
}

/// Appends `template` to `out` with each parameter `?k` written `?{k + offset}`.
fn renumbered(template: &str, offset: usize, out: &mut String) {
    let mut rest = template;
    while let Some(at) = rest.find('?') {
        out.push_str(&rest[..=at]);
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let number: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
        out.push_str(&(number + offset).to_string());
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::renumbered;

    #[test]
    fn rows_go_in_a_few_sizes_of_chunk() {
        let rows: Vec<u32> = (0..523).collect();
        let sizes: Vec<usize> = super::chunked(&rows, 200).map(<[u32]>::len).collect();
        assert_eq!(sizes, [200, 200, 64, 32, 16, 8, 2, 1]);
        let again: Vec<u32> = super::chunked(&rows, 200).flatten().copied().collect();
        assert_eq!(again, rows, "every row once, in order");
    }

    #[test]
    fn a_row_template_is_numbered_for_its_place() {
        let mut sql = String::new();
        renumbered("(?1, (SELECT id FROM m WHERE k = ?3), ?2)", 6, &mut sql);
        assert_eq!(sql, "(?7, (SELECT id FROM m WHERE k = ?9), ?8)");
    }
}
