//! Opening a database file: the checks before connecting, the connection settings and
//! the schema migrations.

use super::checkup::{self, Look};
use super::migrate;
use crate::sql::Purpose;
use crate::{OpenMode, ReadOnly, Result, StoreError};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

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

/// How many reading connections one store opens at most; a read finding them all in use
/// waits for one.
const READERS: usize = 4;

/// How many prepared statements each connection keeps (sqlx's default): the entity
/// modules prepare every statement through the cache.
const STATEMENTS_KEPT: usize = 100;

/// The connections of one store: the one that writes (SQLite has one writer at a time;
/// writes begin with `BEGIN IMMEDIATE`) and those that read (WAL readers do not wait for
/// the writer). Connections are used by one blocking thread at a time.
#[derive(Debug)]
pub(super) struct Pool {
    path: PathBuf,
    /// The writing connection; `None` when the file is open for reading only.
    writer: Option<Mutex<Connection>>,
    /// The reading connections: those idle, and how many are open.
    readers: Mutex<Readers>,
    /// Told when a reading connection is given back.
    reader_back: Condvar,
    /// How readers open the file: read-only (and immutable) when the store is.
    reading: Reading,
}

/// The reading connections of a pool.
#[derive(Debug, Default)]
struct Readers {
    idle: Vec<Connection>,
    open: usize,
}

/// How reading connections open the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Beside a writer, on a file in WAL mode.
    Shared,
    /// Read-only, with the write-ahead log there is.
    ReadOnly,
    /// Read-only on a file without a write-ahead log, which nothing else writes.
    Immutable,
}

/// Locks `mutex`, whatever a panicking holder left (a transaction it held rolled back when
/// it was dropped).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pool {
    /// Runs `work` in one transaction for `purpose`, on this thread (a blocking one).
    pub(super) fn transact<T>(
        &self,
        purpose: Purpose,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        if purpose == Purpose::Read {
            let mut conn = self.reader()?;
            let out = (|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
                let out = work(&tx)?;
                tx.commit()?;
                Ok(out)
            })();
            self.give_back(conn);
            return out;
        }
        let writer = self.writer.as_ref().ok_or_else(|| {
            StoreError::Database("a write was asked of a store open for reading only".into())
        })?;
        let mut conn = lock(writer);
        let checked = purpose == Purpose::WriteCheckedByCaller;
        if checked {
            conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        }
        let out = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = work(&tx)?;
            match purpose {
                Purpose::Rehearse => tx.rollback()?,
                _ => tx.commit()?,
            }
            Ok(out)
        })();
        if checked && conn.execute_batch("PRAGMA foreign_keys = ON").is_err() {
            // The connection cannot be trusted to check references again: open a new one.
            *conn = writer_connection(&self.path, false)?;
        }
        out
    }

    /// Runs `work` on a reading connection outside any transaction (`VACUUM INTO`).
    pub(super) fn outside_transaction<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.reader()?;
        let out = work(&conn);
        self.give_back(conn);
        out
    }

    /// An idle reading connection, or a new one while fewer than [`READERS`] are open;
    /// otherwise waits for one to be given back.
    fn reader(&self) -> Result<Connection> {
        let mut readers = lock(&self.readers);
        loop {
            if let Some(conn) = readers.idle.pop() {
                return Ok(conn);
            }
            if readers.open < READERS {
                readers.open += 1;
                drop(readers);
                let opened = reader_connection(&self.path, self.reading);
                if opened.is_err() {
                    lock(&self.readers).open -= 1;
                    self.reader_back.notify_one();
                }
                return opened;
            }
            readers = self.reader_back.wait(readers).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Keeps `conn` for the next read (closes it if a transaction was left open on it).
    fn give_back(&self, conn: Connection) {
        let mut readers = lock(&self.readers);
        if conn.is_autocommit() {
            readers.idle.push(conn);
        } else {
            readers.open -= 1;
        }
        drop(readers);
        self.reader_back.notify_one();
    }
}

/// Opens the file at `path` and migrates it; or, when the file cannot be written or is
/// damaged, opens it for reading only and says why. Blocks: call on a blocking thread.
pub(super) fn open(path: &Path, mode: OpenMode) -> Result<(Pool, Option<ReadOnly>)> {
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
        return Ok((open_read_only(path)?, Some(why)));
    }
    let writer = match open_writable(path, mode) {
        Err(e) if path.is_file() && is_read_only(&e) => {
            return Ok((open_read_only(path)?, Some(ReadOnly::Unwritable)));
        }
        opened => opened?,
    };
    if look == (Look::Sound { stamp: true }) {
        checkup::stamp(&writer)?;
    }
    let pool = Pool {
        path: path.to_owned(),
        writer: Some(Mutex::new(writer)),
        readers: Mutex::default(),
        reader_back: Condvar::new(),
        reading: Reading::Shared,
    };
    Ok((pool, None))
}

/// The settings every connection shares.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA cache_size = -{CACHE_KIB}; PRAGMA temp_store = memory; \
         PRAGMA mmap_size = {MMAP_BYTES};"
    ))
}

/// The writing connection on the file at `path` (made if `create`), in WAL mode.
fn writer_connection(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    // The journal mode answers with a row.
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.execute_batch(&format!("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {WAL_PAGES};"))?;
    Ok(conn)
}

/// A reading connection on the file at `path`.
fn reader_connection(path: &Path, reading: Reading) -> Result<Connection> {
    let conn = match reading {
        Reading::Shared => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        Reading::ReadOnly => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        Reading::Immutable => Connection::open_with_flags(
            format!("file:{}?immutable=1", uri_path(path)),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?,
    };
    configure(&conn)?;
    Ok(conn)
}

/// `path` as the path of a `file:` URI.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The writing connection on the file at `path`, migrated.
fn open_writable(path: &Path, mode: OpenMode) -> Result<Connection> {
    let mut waited = Duration::ZERO;
    loop {
        match connect_and_migrate(path, mode == OpenMode::CreateIfMissing) {
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

/// A store that only reads the file at `path`, whose schema must be this build's. A file
/// without a write-ahead log beside it is read as immutable, which needs no lock file
/// (a read-only folder or disk could not hold one).
fn open_read_only(path: &Path) -> Result<Pool> {
    let reading = if checkup::has_log(path) { Reading::ReadOnly } else { Reading::Immutable };
    let conn = reader_connection(path, reading)?;
    let applied = migrate::applied_count(&conn)?;
    let known = migrate::MIGRATIONS.len();
    if usize::try_from(applied).ok() != Some(known) {
        return Err(StoreError::Unsupported(format!(
            "{} was written by another version of kith (schema {applied}, this kith's is {known}) and cannot \
             be brought up to date while it is read-only; open it once where it can be written",
            path.display()
        )));
    }
    let readers = Readers { idle: vec![conn], open: 1 };
    Ok(Pool {
        path: path.to_owned(),
        writer: None,
        readers: Mutex::new(readers),
        reader_back: Condvar::new(),
        reading,
    })
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

/// The writing connection on the file, migrated.
fn connect_and_migrate(path: &Path, create: bool) -> Result<Connection> {
    let mut conn = writer_connection(path, create)?;
    migrate::run(&mut conn)?;
    Ok(conn)
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
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = Connection::open_with_flags(path, flags)?;
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
