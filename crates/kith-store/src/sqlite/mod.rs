//! The SQLite backend: one database file, opened in WAL mode.
//!
//! Every verb runs in one transaction: writes begin with `BEGIN IMMEDIATE`, so that
//! two kith processes writing the same file wait for each other (up to the busy
//! timeout) instead of failing, and every check a write depends on is made inside it.
//! A verb's work is one closure over a rusqlite connection, run where it may block
//! (see `connect::Pool`).

mod checkup;
mod connect;
mod connection;
mod migrate;
mod salvage;

use crate::sql::{Backend, Purpose, SqlStore};
use crate::{OpenMode, ReadOnly, Result, StoreError};
use connect::Pool;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use salvage::{Salvage, SalvagedTable};

/// A kith database in one SQLite file.
#[derive(Debug)]
pub(crate) struct Sqlite {
    pool: Arc<Pool>,
    path: PathBuf,
    /// Why the database is open for reading only, if it is.
    read_only: Option<ReadOnly>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Database(Box::new(e)),
        }
    }
}

/// Runs `work` where it may block: on a multi-threaded runtime, in place on this worker
/// thread (`block_in_place`: its other tasks move to another worker), so that what `work`
/// builds is allocated where the caller uses it; a review's rows built on another thread
/// cost 5% more time and 13 MiB more memory (a second malloc arena). On a single-threaded
/// runtime, which cannot give its thread away, on a blocking thread.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    use tokio::runtime::{Handle, RuntimeFlavor};
    if Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread) {
        return tokio::task::block_in_place(work);
    }
    match tokio::task::spawn_blocking(work).await {
        Ok(out) => out,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(StoreError::Database(format!("a store task did not finish: {e}").into())),
    }
}

/// The full check of the file at `path`.
pub(crate) fn doctor(path: &Path) -> Result<crate::Checkup> {
    checkup::full(path)
}

/// Copies what can be read of the file at `path` into a new database at `out`.
pub(crate) async fn salvage(path: &Path, out: &Path) -> Result<Salvage> {
    let (path, out) = (path.to_owned(), out.to_owned());
    blocking(move || salvage::salvage(&path, &out)).await
}

/// Opens the database file at `path` (creating it if `mode` allows) and brings its
/// schema up to date.
pub(crate) async fn open(path: &Path, mode: OpenMode) -> Result<SqlStore<Sqlite>> {
    let at = path.to_owned();
    let (pool, read_only) = blocking(move || connect::open(&at, mode)).await?;
    Ok(SqlStore::new(Sqlite { pool: Arc::new(pool), path: path.to_owned(), read_only }))
}

impl Backend for Sqlite {
    async fn run<T: Send + 'static>(
        &self,
        purpose: Purpose,
        work: impl FnOnce(&dyn crate::sql::Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if let (true, Some(why)) = (purpose != Purpose::Read, &self.read_only) {
            return Err(StoreError::ReadOnly { path: self.path.clone(), why: why.clone() });
        }
        let pool = Arc::clone(&self.pool);
        blocking(move || pool.transact(purpose, |tx| work(&**tx))).await
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn read_only(&self) -> Option<ReadOnly> {
        self.read_only.clone()
    }

    async fn backup_to(&self, path: &Path) -> Result<()> {
        let (pool, path) = (Arc::clone(&self.pool), path.to_owned());
        blocking(move || pool.outside_transaction(|c| backup(c, &path))).await
    }
}

/// Writes a consistent copy of the database to a new file (`VACUUM INTO`).
fn backup(conn: &Connection, path: &Path) -> Result<()> {
    connect::require_directory(path)?;
    if path.exists() {
        return Err(StoreError::TargetExists(path.to_owned()));
    }
    let target = path.to_str().ok_or_else(|| {
        StoreError::Unsupported(format!("the backup path {} is not valid UTF-8", path.display()))
    })?;
    conn.execute("VACUUM INTO ?1", [target])?;
    Ok(())
}
