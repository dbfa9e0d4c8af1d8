//! Bulk writes: rows inserted one by one through prepared statements on the connection
//! sqlx already holds, inside its open transaction.
//!
//! A mail archive brings hundreds of thousands of rows. Through sqlx each value is copied
//! into an argument list, a statement is built per batch of rows and the work crosses to
//! sqlx's worker thread; measured on a 200,000-message archive, that overhead cost as much
//! as SQLite's own work. Here values are bound in place and stepped at once.

use crate::{Result, StoreError};
use sqlx::SqliteConnection;

/// Runs `work` on the SQLite connection under `conn`, in `conn`'s transaction.
pub(super) async fn run_on<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut locked = conn.lock_handle().await?;
    let handle = locked.as_raw_handle().as_ptr();
    // SAFETY: `handle` is sqlx's open connection, which nothing else can use while `locked`
    // lives, and `locked` outlives `db`. `from_handle` borrows the handle: dropping `db`
    // finalizes only the statements `work` prepared and leaves the connection open.
    #[allow(unsafe_code)]
    let db = unsafe { rusqlite::Connection::from_handle(handle) }?;
    // The rows must go in with the rest of `conn`'s transaction, or not at all.
    let out = if db.is_autocommit() { Err(outside_transaction()) } else { work(&db) };
    let ended = db.is_autocommit();
    drop(db);
    drop(locked);
    // Each `lock_handle` queues an unlock command for sqlx's worker thread (sqlx 0.8.6).
    // When the worker lags, those commands pile up unused; once its queue of 50 is full,
    // `lock_handle` holds the lock while it waits to queue one more, and the worker waits
    // for that lock: a re-import of the test fixtures hung so about one time in twenty. A
    // ping is answered only after every queued command, so the queue is empty again.
    let drained = sqlx::Connection::ping(conn).await;
    if ended {
        return Err(outside_transaction());
    }
    let out = out?;
    drained?;
    Ok(out)
}

/// Runs `work` on `conn`.
pub(super) fn run<T>(
    conn: &rusqlite::Connection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    work(conn)
}

fn outside_transaction() -> StoreError {
    StoreError::Database("bulk rows must be written inside an open transaction".into())
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
