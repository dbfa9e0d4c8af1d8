//! A PostgreSQL transaction as the entity modules' [`Db`]. The work runs on a blocking
//! thread, which waits on the async driver for each statement (`Handle::block_on`).
//!
//! kith's SQL is written once; two rewrites make it PostgreSQL's: parameters `?N` become
//! `$N`, and a conflict target `ON CONFLICT (cols)` becomes `(workspace, cols)`, since
//! every unique key of a workspace's table starts with its workspace. Parameters are
//! encoded as the type the server inferred for them, and columns decoded from the type
//! they have, so the same [`Value`]s serve both backends.

use crate::sql::{Db, Dialect, Row, Rows, Statement, Value};
use crate::{Result, StoreError};
use bytes::BytesMut;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error;
use tokio::runtime::Handle;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{Portal, Transaction};

/// A driver error, as the store reports it.
pub(super) fn failed(e: tokio_postgres::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// One transaction on one connection, and the statements that connection has prepared.
pub(super) struct PgDb<'t> {
    pub(super) tx: &'t Transaction<'t>,
    pub(super) runtime: &'t Handle,
    pub(super) prepared: RefCell<&'t mut HashMap<String, tokio_postgres::Statement>>,
    /// How many rows the transaction's statements changed so far.
    pub(super) written: Cell<u64>,
}

impl Db for PgDb<'_> {
    fn prepare(&self, sql: &str) -> Result<Box<dyn Statement + '_>> {
        let known = self.prepared.borrow().get(sql).cloned();
        let statement = match known {
            Some(statement) => statement,
            None => {
                let statement = self.runtime.block_on(self.tx.prepare(&rewritten(sql))).map_err(failed)?;
                self.prepared.borrow_mut().insert(sql.to_owned(), statement.clone());
                statement
            }
        };
        Ok(Box::new(PgStatement { tx: self.tx, runtime: self.runtime, written: &self.written, statement }))
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
}

/// kith's SQL as PostgreSQL takes it: `?N` → `$N` (a bare `?` numbered in turn) and
/// `ON CONFLICT (` → `ON CONFLICT (workspace, `; quoted text and names are left alone.
pub(super) fn rewritten(sql: &str) -> String {
    const CONFLICT: &str = "ON CONFLICT (";
    let mut out = String::with_capacity(sql.len() + 16);
    let (mut quote, mut bare) = (None, 0);
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '?') => {
                let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
                out.push('$');
                if digits == 0 {
                    bare += 1;
                    out.push_str(&bare.to_string());
                } else {
                    out.push_str(&rest[1..=digits]);
                }
                rest = &rest[1 + digits..];
                continue;
            }
            (None, 'O') if rest.starts_with(CONFLICT) => {
                out.push_str(CONFLICT);
                out.push_str("workspace, ");
                rest = &rest[CONFLICT.len()..];
                continue;
            }
            (None, _) => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

struct PgStatement<'d> {
    tx: &'d Transaction<'d>,
    runtime: &'d Handle,
    written: &'d Cell<u64>,
    statement: tokio_postgres::Statement,
}

impl Statement for PgStatement<'_> {
    fn execute(&mut self, params: &[Value<'_>]) -> Result<u64> {
        let changed =
            self.runtime.block_on(self.tx.execute_raw(&self.statement, params.iter())).map_err(failed)?;
        self.written.set(self.written.get() + changed);
        Ok(changed)
    }

    fn query(&mut self, params: &[Value<'_>]) -> Result<Box<dyn Rows + '_>> {
        let portal =
            self.runtime.block_on(self.tx.bind_raw(&self.statement, params.iter())).map_err(failed)?;
        Ok(Box::new(PgRows {
            tx: self.tx,
            runtime: self.runtime,
            portal,
            batch: Vec::new(),
            read: 0,
            done: false,
        }))
    }
}

/// Rows fetched from the server at most this many at a time.
const BATCH: i32 = 2_000;

/// A result read through a portal, a batch at a time: two results can be read side by
/// side on one connection (a review's scans walk two at once), and a large one is never
/// held whole.
struct PgRows<'d> {
    tx: &'d Transaction<'d>,
    runtime: &'d Handle,
    portal: Portal,
    batch: Vec<tokio_postgres::Row>,
    /// How many rows of `batch` were handed out.
    read: usize,
    /// Whether the last batch was fetched.
    done: bool,
}

impl Rows for PgRows<'_> {
    fn next(&mut self) -> Result<Option<&dyn Row>> {
        if self.read == self.batch.len() {
            if self.done {
                return Ok(None);
            }
            let fetch = self.tx.query_portal(&self.portal, BATCH);
            self.batch = self.runtime.block_on(fetch).map_err(failed)?;
            self.read = 0;
            self.done = self.batch.len() < BATCH as usize;
        }
        self.read += 1;
        Ok(self.batch.get(self.read - 1).map(|row| row as &dyn Row))
    }
}

impl Row for tokio_postgres::Row {
    fn value(&self, column: usize) -> Result<Value<'_>> {
        self.try_get::<_, Column<'_>>(column).map(|c| c.0).map_err(failed)
    }
}

/// A column decoded from the type it has.
struct Column<'a>(Value<'a>);

type Failure = Box<dyn Error + Sync + Send>;

impl<'a> FromSql<'a> for Column<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, Failure> {
        let value = if *ty == Type::INT8 {
            Value::Int(i64::from_sql(ty, raw)?)
        } else if *ty == Type::INT4 {
            Value::Int(i32::from_sql(ty, raw)?.into())
        } else if *ty == Type::INT2 {
            Value::Int(i16::from_sql(ty, raw)?.into())
        } else if *ty == Type::BOOL {
            Value::Int(bool::from_sql(ty, raw)?.into())
        } else if *ty == Type::FLOAT8 {
            Value::Real(f64::from_sql(ty, raw)?)
        } else if *ty == Type::FLOAT4 {
            Value::Real(f32::from_sql(ty, raw)?.into())
        } else if *ty == Type::BYTEA {
            Value::Blob(raw)
        } else if <&str as FromSql>::accepts(ty) {
            Value::Text(<&str as FromSql>::from_sql(ty, raw)?)
        } else {
            return Err(format!("a column of type {ty}, which kith does not read").into());
        };
        Ok(Column(value))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, Failure> {
        Ok(Column(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Failure> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) if *ty == Type::INT8 => n.to_sql(ty, out),
            Value::Int(n) if *ty == Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
            Value::Int(n) if *ty == Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
            Value::Int(n) if *ty == Type::BOOL => (n != 0).to_sql(ty, out),
            Value::Int(n) if *ty == Type::FLOAT8 => (n as f64).to_sql(ty, out),
            Value::Real(x) if *ty == Type::FLOAT8 => x.to_sql(ty, out),
            Value::Real(x) if *ty == Type::FLOAT4 => (x as f32).to_sql(ty, out),
            Value::Text(text) if <&str as ToSql>::accepts(ty) => text.to_sql(ty, out),
            Value::Blob(bytes) if *ty == Type::BYTEA => bytes.to_sql(ty, out),
            other => Err(format!("{} cannot be bound to a parameter of type {ty}", other.kind()).into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::rewritten;

    #[test]
    fn kiths_sql_becomes_postgresqls() {
        assert_eq!(
            rewritten("INSERT INTO t (a, b) VALUES (?1, ?2) ON CONFLICT (a) DO UPDATE SET b = ?2"),
            "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (workspace, a) DO UPDATE SET b = $2"
        );
        assert_eq!(rewritten("SELECT ? , ?"), "SELECT $1 , $2");
        assert_eq!(
            rewritten("SELECT '?1', \"ON CONFLICT (\" FROM t WHERE a = ?10"),
            "SELECT '?1', \"ON CONFLICT (\" FROM t WHERE a = $10"
        );
        assert_eq!(
            rewritten("INSERT INTO t VALUES (?1) ON CONFLICT DO NOTHING"),
            "INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING"
        );
        assert_eq!(rewritten("SELECT 'é?' || ?1"), "SELECT 'é?' || $1");
    }
}
