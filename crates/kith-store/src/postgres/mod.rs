//! The PostgreSQL backend: many workspaces in one database, each a store of its own.
//!
//! Every transaction first sets `kith.workspace`; every table's rows carry their
//! workspace, filled in from that setting, and row-level security shows and lets change
//! only the rows of the workspace set. So the SQL written once for both backends reads
//! and writes one workspace without naming it, and no verb can reach another's rows. A
//! role that skips row-level security (a superuser, or one with BYPASSRLS) is refused.
//!
//! Writes to one workspace take its advisory lock, so that they follow each other as on
//! SQLite; reads see one snapshot (REPEATABLE READ). A verb's work runs on a blocking
//! thread that waits on the async driver for each statement.

pub(crate) mod accounts;
mod connection;
mod migrate;
mod pool;

use crate::sql::{Backend, Db, Purpose, SqlStore};
use crate::{OpenMode, ReadOnly, Result, StoreError};
use connection::{PgDb, failed};
use pool::{Conn, Pool};
use std::cell::{Cell, RefCell};
use std::path::Path;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio_postgres::{Config, IsolationLevel};

/// One workspace of a PostgreSQL database.
#[derive(Debug)]
pub(crate) struct Postgres {
    pool: Arc<Pool>,
    workspace: i64,
    /// The database's address without its password, and the workspace's name.
    location: String,
    read_only: Option<ReadOnly>,
}

/// Whether `location` names a PostgreSQL database.
pub(crate) fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Opens the workspace `workspace` of the database at `url` (creating the workspace if
/// `mode` allows), bringing the schema up to date first.
pub(crate) async fn open(url: &str, workspace: &str, mode: OpenMode) -> Result<SqlStore<Postgres>> {
    let (config, client) = connect_and_migrate(url).await?;
    let id = workspace_id(&client, workspace, mode).await?;
    Ok(SqlStore::new(Postgres {
        pool: Arc::new(Pool::new(config)),
        workspace: id,
        location: workspace_location(&shown(url), workspace),
        read_only: None,
    }))
}

/// How a workspace's location is shown: the database's address (without its password)
/// and the workspace's name.
fn workspace_location(shown: &str, workspace: &str) -> String {
    format!("{shown} (workspace {workspace})")
}

/// Connects to the database at `url`, refusing a role that bypasses row-level security,
/// and brings its schema up to date; the connection is left for the caller's first reads.
pub(crate) async fn connect_and_migrate(url: &str) -> Result<(Config, tokio_postgres::Client)> {
    let config: Config = url.parse().map_err(|e| {
        StoreError::Unsupported(format!("{} is not a PostgreSQL address kith can use: {e}", shown(url)))
    })?;
    let mut client = pool::connect(&config).await?;
    refuse_rls_bypass(&client).await?;
    migrate::run(&mut client).await?;
    Ok((config, client))
}

/// `url` without its password.
pub(crate) fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((user, host)) => format!("{scheme}://{}@{host}", user.split(':').next().unwrap_or_default()),
        None => url.to_owned(),
    }
}

/// Refuses a role that row-level security does not hold.
async fn refuse_rls_bypass(client: &tokio_postgres::Client) -> Result<()> {
    let row = client
        .query_one(
            "SELECT current_user::text, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .await
        .map_err(failed)?;
    let (role, bypasses): (String, bool) = (row.get(0), row.get(1));
    if bypasses {
        return Err(StoreError::Unsupported(format!(
            "the PostgreSQL role {role} is a superuser or may bypass row-level security, which keeps \
             workspaces apart; connect as a role without SUPERUSER and BYPASSRLS (it needs only to own \
             the database or be granted its tables)"
        )));
    }
    Ok(())
}

/// The id of the workspace named `name`, made if missing and `mode` allows.
async fn workspace_id(client: &tokio_postgres::Client, name: &str, mode: OpenMode) -> Result<i64> {
    let found =
        client.query_opt("SELECT id FROM workspaces WHERE name = $1", &[&name]).await.map_err(failed)?;
    match (found, mode) {
        (Some(row), _) => Ok(row.get(0)),
        (None, OpenMode::CreateIfMissing) => {
            let now = jiff::Timestamp::now().as_second();
            let row = client
                .query_one("SELECT kith_create_workspace($1, $2)", &[&name, &now])
                .await
                .map_err(failed)?;
            Ok(row.get(0))
        }
        (None, OpenMode::MustExist) => Err(StoreError::NoWorkspace(name.to_owned())),
    }
}

impl Backend for Postgres {
    async fn run<T: Send + 'static>(
        &self,
        purpose: Purpose,
        work: impl FnOnce(&dyn Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if let (true, Some(why)) = (purpose != Purpose::Read, &self.read_only) {
            return Err(StoreError::ReadOnly { path: self.location.clone().into(), why: why.clone() });
        }
        let mut lent = self.pool.get().await?;
        let (workspace, runtime) = (self.workspace, Handle::current());
        let done = tokio::task::spawn_blocking(move || {
            let out = transact(&runtime, &mut lent.conn, workspace, purpose, work);
            (lent, out)
        })
        .await;
        match done {
            Ok((lent, out)) => {
                self.pool.give_back(lent);
                out
            }
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(StoreError::Database(format!("a store task did not finish: {e}").into())),
        }
    }

    fn location(&self) -> String {
        self.location.clone()
    }

    fn read_only(&self) -> Option<ReadOnly> {
        self.read_only.clone()
    }

    /// The workspace as it stands, copied into a new SQLite file.
    async fn backup_to(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::TargetExists(path.to_owned()));
        }
        let snapshot = self.run(Purpose::Read, crate::sql::snapshot).await?;
        let file = crate::sqlite::open(path, OpenMode::CreateIfMissing).await?;
        crate::Store::restore(&file, Arc::new(snapshot)).await
    }
}

/// A write changing at least this many rows has the planner's statistics brought up to
/// date after it commits.
const RESTATED: u64 = 10_000;

/// Runs `work` in one transaction of `workspace` on `conn`, waiting on the driver with
/// `runtime`; commits it if `work` succeeds and `purpose` writes.
fn transact<T>(
    runtime: &Handle,
    conn: &mut Conn,
    workspace: i64,
    purpose: Purpose,
    work: impl FnOnce(&dyn Db) -> Result<T>,
) -> Result<T> {
    let Conn { client, prepared } = conn;
    let reading = purpose == Purpose::Read;
    let begin = client
        .build_transaction()
        .isolation_level(if reading { IsolationLevel::RepeatableRead } else { IsolationLevel::ReadCommitted })
        .read_only(reading)
        .start();
    let tx = runtime.block_on(begin).map_err(failed)?;
    let set = if reading {
        "SELECT set_config('kith.workspace', $1::bigint::text, true)"
    } else {
        "SELECT set_config('kith.workspace', $1::bigint::text, true), pg_advisory_xact_lock($1)"
    };
    runtime.block_on(tx.execute(set, &[&workspace])).map_err(failed)?;
    if purpose == Purpose::WriteCheckedByCaller {
        // The work writes rows before those they refer to (a mail import's people after
        // their identities); the references are checked at commit instead.
        runtime.block_on(tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")).map_err(failed)?;
    }
    let db = PgDb { tx: &tx, runtime, prepared: RefCell::new(prepared), written: Cell::new(0) };
    let out = work(&db);
    let written = db.written.get();
    match out {
        Ok(value) if purpose == Purpose::Rehearse => {
            runtime.block_on(tx.rollback()).map_err(failed)?;
            Ok(value)
        }
        Ok(value) => {
            runtime.block_on(tx.commit()).map_err(failed)?;
            if written >= RESTATED {
                // The planner's figures still describe the tables before this write (an
                // import, a restore): brought up to date, a review right after plans for
                // the rows there are, not for the empty tables of a new workspace.
                runtime.block_on(client.batch_execute("ANALYZE")).map_err(failed)?;
            }
            Ok(value)
        }
        Err(e) => {
            // Rolled back; a rollback that fails leaves a connection the pool drops.
            let _ = runtime.block_on(tx.rollback());
            Err(e)
        }
    }
}
