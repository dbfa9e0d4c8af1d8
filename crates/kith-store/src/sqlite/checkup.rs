//! Whether a database file is damaged: a cheap look on every open, and the full check of
//! `kith doctor`.
//!
//! The look reads the file's header (a file cut short is caught there) and runs SQLite's
//! quick check, which reads every page: on every open for files up to
//! [`ALWAYS_CHECKED_BYTES`] (0.03 s at 15 MiB), and at most once a day for bigger ones
//! (1.4 s at 390 MB), the time of the last passed check being kept in the database itself.

use crate::{Checkup, Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Files up to this size get SQLite's quick check on every open.
pub(super) const ALWAYS_CHECKED_BYTES: u64 = 16 << 20;

/// How long, in seconds, a passed quick check of a bigger file stands.
const CHECK_STANDS_FOR: i64 = 24 * 60 * 60;

/// The key in `settings` of when the last quick check passed (Unix seconds).
const CHECKED_AT: &str = "integrity_checked_at";

/// How many of the problems a check finds are kept in its report.
const PROBLEMS_KEPT: usize = 10;

/// What the look on opening found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Look {
    /// No damage seen; `stamp` when the quick check ran on a file big enough for its time
    /// to be kept.
    Sound { stamp: bool },
    /// The file is damaged: what was found.
    Damaged(String),
}

/// Looks at the file at `path` before it is opened. A file SQLite cannot open at all is
/// left to the ordinary open, which says what is wrong with it.
pub(super) fn look(path: &Path) -> Look {
    let Ok(size) = std::fs::metadata(path).map(|m| m.len()) else { return Look::Sound { stamp: false } };
    if size == 0 {
        return Look::Sound { stamp: false };
    }
    if let Some(damage) = cut_short(path, size) {
        return Look::Damaged(damage);
    }
    let big = size > ALWAYS_CHECKED_BYTES;
    if big && read_only(path).is_ok_and(|db| checked_recently(&db)) {
        return Look::Sound { stamp: false };
    }
    match check(path, "quick_check") {
        Ok(found) if found.is_empty() => Look::Sound { stamp: big },
        Ok(found) => Look::Damaged(summary(&found)),
        Err(e) if is_damage(&e) => Look::Damaged(e.to_string()),
        // The check could not run (a read-only disk without room for SQLite's lock
        // file): the ordinary open goes on and meets any damage itself.
        Err(_) => Look::Sound { stamp: false },
    }
}

/// Keeps the time of a passed quick check.
pub(super) fn stamp(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        [CHECKED_AT, &unix_now().to_string()],
    )?;
    Ok(())
}

/// The full check of the file at `path`: SQLite's integrity check, which also compares
/// every index with its table.
pub(super) fn full(path: &Path) -> Result<Checkup> {
    if !path.is_file() {
        return Err(StoreError::NoDatabase(path.to_owned()));
    }
    let size = std::fs::metadata(path).map_err(|e| StoreError::Database(Box::new(e)))?.len();
    let mut checkup = Checkup { path: path.to_owned(), bytes: size, problems: Vec::new() };
    if let Some(damage) = cut_short(path, size) {
        checkup.problems.push(damage);
    }
    match check(path, "integrity_check") {
        Ok(found) => checkup.problems.extend(found.into_iter().take(PROBLEMS_KEPT)),
        Err(e) => checkup.problems.push(e.to_string()),
    }
    Ok(checkup)
}

/// A read-only connection to the file at `path`.
pub(super) fn read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
}

/// What `PRAGMA <check>` reports on the file at `path`, read only. A file without a
/// write-ahead log that cannot be read so (on a read-only disk, where SQLite cannot make
/// its lock file) is read again as immutable, which needs none.
fn check(path: &Path, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let found = read_only(path).and_then(|db| problems(&db, pragma));
    match found {
        Err(e) if !is_damage(&e) && !has_log(path) => problems(&immutable(path)?, pragma),
        found => found,
    }
}

/// Whether the database at `path` has a write-ahead log beside it.
pub(super) fn has_log(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    Path::new(&log).exists()
}

/// A connection to the file at `path` that takes it as unchanging: no lock, no log.
fn immutable(path: &Path) -> rusqlite::Result<Connection> {
    let escaped = path.to_string_lossy().replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(format!("file:{escaped}?immutable=1"), flags)
}

/// What `PRAGMA <check>` reports, without its "ok".
fn problems(db: &Connection, check: &str) -> rusqlite::Result<Vec<String>> {
    let mut query = db.prepare(&format!("PRAGMA {check}"))?;
    let rows: Vec<String> = query.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|row| row != "ok").collect())
}

/// Whether an error means the file is damaged, rather than that it could not be read.
fn is_damage(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    matches!(error.sqlite_error_code(), Some(DatabaseCorrupt | NotADatabase))
}

/// The problems found, in one line.
fn summary(found: &[String]) -> String {
    let first: String = found[0].chars().take(200).collect();
    match found.len() {
        1 => format!("SQLite's check found: {first}"),
        n => format!("SQLite's check found {n} problems, the first: {first}"),
    }
}

/// Whether a quick check passed less than a day ago.
fn checked_recently(db: &Connection) -> bool {
    let at: rusqlite::Result<String> =
        db.query_row("SELECT value FROM settings WHERE key = ?1", [CHECKED_AT], |row| row.get(0));
    at.ok()
        .and_then(|at| at.parse::<i64>().ok())
        .is_some_and(|at| (0..CHECK_STANDS_FOR).contains(&(unix_now() - at)))
}

/// The time now, in Unix seconds.
fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// What is wrong when the file holds fewer pages than its header says: it was cut short.
/// Nothing is said of a file that is not SQLite's, or whose header count is out of date
/// (SQLite then counts the pages from the file's size).
fn cut_short(path: &Path, size: u64) -> Option<String> {
    let mut header = [0u8; 100];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).ok()?;
    if !header.starts_with(b"SQLite format 3\0") {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(word(28));
    let current = word(24) == word(92);
    let expected = pages * page_size;
    (current && pages > 0 && size < expected)
        .then(|| format!("the file is {size} bytes long but its header says {expected}: it was cut short"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_cut_short_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let db = Connection::open(&path).unwrap();
        db.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000));").unwrap();
        drop(db);
        assert_eq!(look(&path), Look::Sound { stamp: false });
        let size = std::fs::metadata(&path).unwrap().len();
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(size - 4096).unwrap();
        match look(&path) {
            Look::Damaged(damage) => assert!(damage.ends_with("it was cut short"), "{damage}"),
            sound => panic!("{sound:?}"),
        }
    }
}
