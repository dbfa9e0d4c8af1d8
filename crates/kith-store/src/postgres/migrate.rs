//! The PostgreSQL schema's migrations, applied on opening: each missing one in its own
//! transaction, one kith at a time (an advisory lock), recorded in `_kith_migrations`.

use super::connection::failed;
use crate::migration::{Migration, check_applied, migrations};
use crate::{Result, StoreError};
use std::time::Instant;
use tokio_postgres::Client;

/// The schema, in order. Add-only: a test checks this list against the folder.
pub(super) static MIGRATIONS: &[Migration] = migrations!["postgres":
    1 "0001_schema.sql",
    2 "0002_accounts.sql",
    3 "0003_one_revision_a_transaction.sql",
];

/// The table of applied migrations.
const TABLE: &str = "CREATE TABLE IF NOT EXISTS _kith_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
)";

/// The advisory lock two kith processes opening one database at once take in turn.
const MIGRATING: i64 = 0x6b69_7468_6d69_6772;

/// Brings the schema up to date, refusing a database whose record of migrations does not
/// match this kith's.
pub(super) async fn run(client: &mut Client) -> Result<()> {
    let tx = client.transaction().await.map_err(failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATING]).await.map_err(failed)?;
    tx.batch_execute(TABLE).await.map_err(failed)?;
    let applied: Vec<(i64, Vec<u8>, bool)> = tx
        .query("SELECT version, checksum, success FROM _kith_migrations ORDER BY version", &[])
        .await
        .map_err(failed)?
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    check_applied(&applied, MIGRATIONS)?;
    for migration in MIGRATIONS.iter().filter(|m| !applied.iter().any(|(v, ..)| *v == m.version)) {
        let started = Instant::now();
        tx.batch_execute(migration.sql)
            .await
            .map_err(|e| StoreError::Migration(format!("migration {} failed: {e}", migration.file).into()))?;
        let took = i64::try_from(started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO _kith_migrations (version, description, success, checksum, execution_time) \
             VALUES ($1, $2, TRUE, $3, $4)",
            &[&migration.version, &migration.description(), &migration.checksum(), &took],
        )
        .await
        .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_folder_is_listed_in_order() {
        crate::migration::assert_lists_folder(MIGRATIONS, "postgres");
    }
}
