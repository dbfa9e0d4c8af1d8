//! A rusqlite connection as the entity modules' [`Db`]: statements from the connection's
//! cache, parameters and columns passed as they are, without copies.

use crate::sql::{Db, Dialect, Row, Rows, Statement, Value};
use crate::{Result, StoreError};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, Connection, ToSql};

impl Db for Connection {
    fn prepare(&self, sql: &str) -> Result<Box<dyn Statement + '_>> {
        Ok(Box::new(Cached(self.prepare_cached(sql)?)))
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
}

/// A statement from the connection's cache, back there once dropped.
struct Cached<'c>(CachedStatement<'c>);

impl Statement for Cached<'_> {
    fn execute(&mut self, params: &[Value<'_>]) -> Result<u64> {
        Ok(self.0.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, params: &[Value<'_>]) -> Result<Box<dyn Rows + '_>> {
        Ok(Box::new(SqliteRows(self.0.query(rusqlite::params_from_iter(params))?)))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

struct SqliteRows<'s>(rusqlite::Rows<'s>);

impl Rows for SqliteRows<'_> {
    fn next(&mut self) -> Result<Option<&dyn Row>> {
        Ok(self.0.next()?.map(|row| row as &dyn Row))
    }
}

impl Row for rusqlite::Row<'_> {
    fn value(&self, column: usize) -> Result<Value<'_>> {
        Ok(match self.get_ref(column)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Int(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(bytes) => Value::Text(
                std::str::from_utf8(bytes)
                    .map_err(|_| StoreError::Corrupt(format!("text that is not UTF-8 (column {column})")))?,
            ),
            ValueRef::Blob(bytes) => Value::Blob(bytes),
        })
    }
}
