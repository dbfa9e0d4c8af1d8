//! Opening a database file: the checks before connecting, the connection settings and
//! the schema migrations.

use super::checkup::{self, Look};
use crate::{OpenMode, ReadOnly, Result, StoreError};
use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

/// The schema, applied in order on every open.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The page cache of each connection, in KiB (SQLite's default is 2 MiB). Imports add
/// rows to indexes in random key order; with a small cache nearly every one of those
/// insertions reads its page back from the file.
const CACHE_KIB: i64 = 64 * 1024;

/// How many pages the write-ahead log grows to before they are copied into the database
/// (SQLite's default is 1,000). An import commits large batches, and pages it changes in
/// several of them are then copied once rather than each time.
const WAL_PAGES: u32 = 8192;

/// How much of the file SQLite may read through a memory map (SQLite's own ceiling)
/// rather than copy into its page cache. A review reads hundreds of megabytes at 100,000
/// people; read in place, those pages need neither a copy nor cache memory of their own.
const MMAP_BYTES: u64 = 0x7fff_0000;

/// How many connections one store keeps.
const MAX_CONNECTIONS: u32 = 4;

/// Opens a pool on the file at `path` and migrates it; or, when the file cannot be
/// written or is damaged, opens it for reading only and says why.
pub(super) async fn open(path: &Path, mode: OpenMode) -> Result<(SqlitePool, Option<ReadOnly>)> {
    require_directory(path)?;
    if mode == OpenMode::MustExist && !path.is_file() {
        return Err(StoreError::NoDatabase(path.to_owned()));
    }
    refuse_foreign(path)?;
    let look = checkup::look(path);
    let why = match &look {
        Look::Damaged(what) => Some(ReadOnly::Damaged(what.clone())),
        Look::Sound { .. } if unwritable(path) => Some(ReadOnly::Unwritable),
        Look::Sound { .. } => None,
    };
    if let Some(why) = why {
        return Ok((open_read_only(path).await?, Some(why)));
    }
    let pool = match open_writable(path, mode).await {
        Err(e) if path.is_file() && is_read_only(&e) => {
            return Ok((open_read_only(path).await?, Some(ReadOnly::Unwritable)));
        }
        opened => opened?,
    };
    if look == (Look::Sound { stamp: true }) {
        checkup::stamp(&pool).await?;
    }
    Ok((pool, None))
}

/// The connection settings every pool shares.
fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
        .pragma("cache_size", format!("-{CACHE_KIB}"))
        .pragma("temp_store", "memory")
        .pragma("mmap_size", MMAP_BYTES.to_string())
}

/// A pool that writes, on the file at `path`, migrated.
async fn open_writable(path: &Path, mode: OpenMode) -> Result<SqlitePool> {
    let options = options(path)
        .create_if_missing(mode == OpenMode::CreateIfMissing)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .pragma("wal_autocheckpoint", WAL_PAGES.to_string());
    let mut waited = Duration::ZERO;
    loop {
        match connect_and_migrate(&options).await {
            Err(e) if is_locked(&e) && waited < BUSY_TIMEOUT => {
                // Another process is creating or migrating the file, and SQLite's switch
                // to WAL mode does not wait for it as a write does: try again shortly.
                std::thread::sleep(RETRY_PAUSE);
                waited += RETRY_PAUSE;
            }
            result => return result,
        }
    }
}

/// A pool that only reads the file at `path`, whose schema must be this build's. A file
/// without a write-ahead log beside it is read as immutable, which needs no lock file
/// (a read-only folder or disk could not hold one).
async fn open_read_only(path: &Path) -> Result<SqlitePool> {
    let has_log = checkup::has_log(path);
    let options = options(path).read_only(true).immutable(!has_log);
    let pool = SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS).connect_with(options).await?;
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success").fetch_one(&pool).await?;
    let known = MIGRATOR.iter().count();
    if usize::try_from(applied).ok() != Some(known) {
        return Err(StoreError::Unsupported(format!(
            "{} was written by another version of kith (schema {applied}, this kith's is {known}) and cannot \
             be brought up to date while it is read-only; open it once where it can be written",
            path.display()
        )));
    }
    Ok(pool)
}

/// Whether the file at `path`, or the folder it is in, is marked read-only. (A read-only
/// disk shows only when opening it for writing fails.)
fn unwritable(path: &Path) -> bool {
    let read_only = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    path.is_file() && (read_only(path) || read_only(folder))
}

/// Whether opening for writing failed because the file, its folder or its disk cannot be
/// written.
fn is_read_only(error: &StoreError) -> bool {
    let text = match error {
        StoreError::Database(e) | StoreError::Migration(e) => e.to_string(),
        _ => return false,
    };
    ["readonly", "read-only", "(code: 8)", "unable to open database file", "Permission denied"]
        .iter()
        .any(|sign| text.contains(sign))
}

/// How long to wait before opening again a file another process holds locked.
const RETRY_PAUSE: Duration = Duration::from_millis(50);

/// A pool on the file, migrated.
async fn connect_and_migrate(options: &SqliteConnectOptions) -> Result<SqlitePool> {
    let pool =
        SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS).connect_with(options.clone()).await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Whether opening failed only because another connection held the file locked.
fn is_locked(error: &StoreError) -> bool {
    let text = match error {
        StoreError::Database(e) | StoreError::Migration(e) => e.to_string(),
        _ => return false,
    };
    text.contains("database is locked") || text.contains("(code: 5)") || text.contains("(code: 517)")
}

/// Fails with [`StoreError::NotKith`] if `path` holds a SQLite database with tables but
/// no kith schema: it is read without writing anything, before any setting or migration
/// would change it.
fn refuse_foreign(path: &Path) -> Result<()> {
    if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
        return Ok(());
    }
    // A file SQLite cannot read is left to the ordinary open, which says what it is.
    let Ok(tables) = tables(path) else { return Ok(()) };
    if tables.is_empty() || tables.iter().any(|t| t == "_sqlx_migrations") {
        return Ok(());
    }
    let shown: Vec<&str> = tables.iter().take(3).map(String::as_str).collect();
    Err(StoreError::NotKith { path: path.to_owned(), tables: shown.join(", ") })
}

/// The names of the tables in the SQLite file at `path`, read without writing.
fn tables(path: &Path) -> rusqlite::Result<Vec<String>> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = rusqlite::Connection::open_with_flags(path, flags)?;
    let mut query = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    query.query_map([], |row| row.get(0))?.collect()
}

/// Fails with [`StoreError::MissingDirectory`] unless the folder `path` would go in exists.
pub(super) fn require_directory(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            Err(StoreError::MissingDirectory(dir.to_owned()))
        }
        _ => Ok(()),
    }
}

/// Applies the pending migrations inside one immediate transaction, so that two
/// processes opening a new file at once do not both try to create the schema.
async fn migrate(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    MIGRATOR.run(&mut *tx).await.map_err(|e| StoreError::Migration(Box::new(e)))?;
    tx.commit().await?;
    Ok(())
}
