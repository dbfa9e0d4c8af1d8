//! The SQL every backend runs: the entity modules, each a set of functions over a
//! [`Db`] inside one transaction, and the [`Store`](crate::Store) verbs built from them
//! ([`SqlStore`]), the same for SQLite and PostgreSQL.

mod db;
mod drafts;
mod facts;
mod favors;
mod histories;
mod import;
mod interactions;
mod ledger;
mod mail;
mod merge;
mod orgs;
mod people;
mod query;
mod review;
mod revisions;
mod rows;
mod settings;
mod stages;
mod store;
mod value;
mod whole;

pub(crate) use db::{Db, Dialect, Row, Rows, Statement};
pub(crate) use store::{Backend, Purpose, SqlStore};
pub(crate) use value::Value;
pub(crate) use whole::snapshot;
