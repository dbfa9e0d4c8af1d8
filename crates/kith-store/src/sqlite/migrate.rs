//! The schema's migrations, applied by kith itself with the bookkeeping sqlx kept before:
//! a database records what it has in `_sqlx_migrations` (version, description,
//! installed_on, success, checksum, execution_time), the checksum being SHA-384 of the
//! migration's text, so that a file moves between kith versions of either kind.

use crate::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use sha2::{Digest, Sha384};
use std::time::Instant;

/// One migration: its version, file name and text.
pub(super) struct Migration {
    pub(super) version: i64,
    pub(super) file: &'static str,
    pub(super) sql: &'static str,
}

macro_rules! migrations {
    ($($version:literal $file:literal),+ $(,)?) => {
        &[$(Migration {
            version: $version,
            file: $file,
            sql: include_str!(concat!("../../migrations/sqlite/", $file)),
        }),+]
    };
}

/// The schema, in order. Add-only: a test checks this list against the folder.
pub(super) static MIGRATIONS: &[Migration] = migrations![
    1 "0001_initial.sql",
    2 "0002_import_sources.sql",
    3 "0003_mail.sql",
    4 "0004_interactions_by_id.sql",
    5 "0005_facts.sql",
    6 "0006_contact_logs.sql",
    7 "0007_histories.sql",
    8 "0008_drafts.sql",
    9 "0009_mail_read_right.sql",
    10 "0010_cards.sql",
    11 "0011_merges.sql",
    12 "0012_favors_from_mail.sql",
    13 "0013_revisions.sql",
];

impl Migration {
    /// What sqlx recorded as its description: the file name's words after the version.
    pub(super) fn description(&self) -> String {
        let stem = self.file.trim_end_matches(".sql");
        stem.split_once('_').map_or(stem, |(_, words)| words).replace('_', " ")
    }

    /// What sqlx recorded as its checksum: SHA-384 of the text.
    pub(super) fn checksum(&self) -> Vec<u8> {
        Sha384::digest(self.sql.as_bytes()).to_vec()
    }
}

/// The table of applied migrations, as sqlx creates it.
const TABLE: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
);";

/// How many migrations the database at `conn` has applied successfully.
pub(super) fn applied_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM _sqlx_migrations WHERE success", [], |row| row.get(0))?)
}

/// Applies the migrations the database lacks, in order, each in its own immediate
/// transaction (which first reads again whether another process applied it meanwhile).
/// Refuses a database a migration failed on, one whose applied migrations differ from
/// this kith's, and one with migrations this kith does not know.
pub(super) fn run(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(TABLE)?;
    check_applied(conn)?;
    for migration in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done: bool =
            tx.prepare("SELECT 1 FROM _sqlx_migrations WHERE version = ?1")?.exists([migration.version])?;
        if done {
            continue;
        }
        let started = Instant::now();
        tx.execute_batch(migration.sql)
            .map_err(|e| StoreError::Migration(format!("migration {} failed: {e}", migration.file).into()))?;
        let took = i64::try_from(started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, ?2, TRUE, ?3, ?4)",
            rusqlite::params![migration.version, migration.description(), migration.checksum(), took],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// Fails as sqlx did on a database it would not migrate.
fn check_applied(conn: &Connection) -> Result<()> {
    let mut query =
        conn.prepare("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")?;
    let applied = query
        .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?, row.get::<_, bool>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (version, checksum, success) in applied {
        if !success {
            return Err(StoreError::Migration(
                format!("migration {version} was left partly applied; the database needs repair").into(),
            ));
        }
        match MIGRATIONS.iter().find(|m| m.version == version) {
            None => {
                return Err(StoreError::Migration(
                    format!("migration {version} was applied but is unknown to this version of kith").into(),
                ));
            }
            Some(m) if m.checksum() != checksum => {
                return Err(StoreError::Migration(
                    format!("migration {version} was applied but has been modified").into(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_folder_is_listed_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|m| m.file).collect();
        assert_eq!(files, listed);
        for m in MIGRATIONS {
            assert_eq!(m.file[..4].parse::<i64>().unwrap(), m.version);
        }
    }

    #[test]
    fn descriptions_are_those_sqlx_wrote() {
        assert_eq!(MIGRATIONS[0].description(), "initial");
        assert_eq!(MIGRATIONS[8].description(), "mail read right");
    }
}
