//! The schema's migrations, applied by kith itself with the bookkeeping sqlx kept before:
//! a database records what it has in `_sqlx_migrations` (version, description,
//! installed_on, success, checksum, execution_time), the checksum being SHA-384 of the
//! migration's text, so that a file moves between kith versions of either kind.

use crate::migration::{Migration, check_applied, migrations};
use crate::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::time::Instant;

/// The schema, in order. Add-only: a test checks this list against the folder.
pub(super) static MIGRATIONS: &[Migration] = migrations!["sqlite":
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
    check_applied(&applied(conn)?, MIGRATIONS)?;
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

/// The migrations the database records, in order: version, checksum, success.
fn applied(conn: &Connection) -> Result<Vec<(i64, Vec<u8>, bool)>> {
    let mut query =
        conn.prepare("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")?;
    let applied = query
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_folder_is_listed_in_order() {
        crate::migration::assert_lists_folder(MIGRATIONS, "sqlite");
    }

    #[test]
    fn descriptions_are_those_sqlx_wrote() {
        assert_eq!(MIGRATIONS[0].description(), "initial");
        assert_eq!(MIGRATIONS[8].description(), "mail read right");
    }
}
