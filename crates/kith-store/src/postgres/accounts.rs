//! Accounts on PostgreSQL: the tables of `0002_accounts.sql`, which belong to the whole
//! database rather than to one workspace, so no transaction here sets `kith.workspace`
//! (but `kith_create_workspace`, which sets it for itself). Each call is one transaction
//! on a connection of the pool; a rule that depends on what is stored (only an owner
//! shares, a workspace keeps an owner) is checked inside it, with the workspace's row
//! locked so that two changes to its members follow each other.

use super::Postgres;
use super::connection::failed;
use super::pool::Pool;
use crate::accounts::{Membership, Role, Token, User};
use crate::{ReadOnly, Result, StoreError};
use jiff::Timestamp;
use std::sync::Arc;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Row, Transaction};

/// The accounts tables of one database, through a pool of connections that the
/// workspaces opened from here share.
#[derive(Debug)]
pub(crate) struct PgAccounts {
    pool: Arc<Pool>,
    /// The database's address without its password.
    shown: String,
}

const USER_COLUMNS: &str = "users.id, users.name, users.created_at";
const TOKEN_COLUMNS: &str = "id, label, created_at, last_used_at, revoked_at";

/// Seconds between two notes of a token's use.
const USE_NOTED_EVERY: i64 = 60;

impl PgAccounts {
    /// Connects to the database at `url` as [`super::open`] does: a role that bypasses
    /// row-level security is refused, and the schema brought up to date.
    pub(crate) async fn connect(url: &str) -> Result<Self> {
        let (config, _) = super::connect_and_migrate(url).await?;
        Ok(Self { pool: Arc::new(Pool::new(config)), shown: super::shown(url) })
    }

    /// The workspace `name` as a store on this pool, for reading only unless `writable`.
    pub(crate) async fn workspace(&self, name: &str, writable: bool) -> Result<Postgres> {
        let id = self
            .transact(async |tx| {
                let row = tx.query_opt("SELECT id FROM workspaces WHERE name = $1", &[&name]).await;
                row.map_err(failed)?
                    .map(|row| row.get(0))
                    .ok_or_else(|| StoreError::NoWorkspace(name.to_owned()))
            })
            .await?;
        Ok(Postgres {
            pool: Arc::clone(&self.pool),
            workspace: id,
            location: super::workspace_location(&self.shown, name),
            read_only: (!writable).then_some(ReadOnly::Viewer),
        })
    }

    /// Runs `work` in one transaction, committed if it succeeds.
    async fn transact<T>(&self, work: impl AsyncFnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut lent = self.pool.get().await?;
        let out = async {
            let tx = lent.conn.client.transaction().await.map_err(failed)?;
            let value = work(&tx).await?;
            tx.commit().await.map_err(failed)?;
            Ok(value)
        }
        .await;
        // A transaction that failed was rolled back when dropped; the connection serves on.
        self.pool.give_back(lent);
        out
    }

    pub(crate) async fn add_user(&self, name: &str, password_hash: &str, now: Timestamp) -> Result<User> {
        self.transact(async |tx| {
            let row = tx
                .query_one(
                    &format!(
                        "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) \
                         RETURNING {USER_COLUMNS}"
                    ),
                    &[&name, &password_hash, &now.as_second()],
                )
                .await
                .map_err(taken("a user", name))?;
            let user = user(&row)?;
            let workspace = new_workspace(tx, name, now).await?;
            add_member(tx, workspace, user.id, Role::Owner).await?;
            Ok(user)
        })
        .await
    }

    pub(crate) async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
        self.transact(async |tx| {
            let changed = tx
                .execute("UPDATE users SET password_hash = $2 WHERE name = $1", &[&name, &password_hash])
                .await
                .map_err(failed)?;
            if changed == 0 {
                return Err(no_user(name));
            }
            Ok(())
        })
        .await
    }

    /// The user `name` and their password's hash, if they exist.
    pub(crate) async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>> {
        self.transact(async |tx| {
            let sql = format!("SELECT {USER_COLUMNS}, users.password_hash FROM users WHERE name = $1");
            match tx.query_opt(&sql, &[&name]).await.map_err(failed)? {
                Some(row) => Ok(Some((user(&row)?, row.get(3)))),
                None => Ok(None),
            }
        })
        .await
    }

    pub(crate) async fn users(&self) -> Result<Vec<User>> {
        self.transact(async |tx| {
            let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
            tx.query(&sql, &[]).await.map_err(failed)?.iter().map(user).collect()
        })
        .await
    }

    pub(crate) async fn add_token(
        &self,
        user: &str,
        label: &str,
        digest: &[u8],
        now: Timestamp,
    ) -> Result<Token> {
        self.transact(async |tx| {
            let user = user_id(tx, user).await?;
            let row = tx
                .query_one(
                    &format!(
                        "INSERT INTO tokens (\"user\", label, secret_sha256, created_at) VALUES ($1, $2, $3, $4) \
                         RETURNING {TOKEN_COLUMNS}"
                    ),
                    &[&user, &label, &digest, &now.as_second()],
                )
                .await
                .map_err(failed)?;
            token(&row)
        })
        .await
    }

    pub(crate) async fn tokens(&self, user: &str) -> Result<Vec<Token>> {
        self.transact(async |tx| {
            let user = user_id(tx, user).await?;
            let sql = format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE \"user\" = $1 ORDER BY id");
            tx.query(&sql, &[&user]).await.map_err(failed)?.iter().map(token).collect()
        })
        .await
    }

    pub(crate) async fn revoke_token(&self, user: &str, token: i64, now: Timestamp) -> Result<()> {
        self.transact(async |tx| {
            let user = user_id(tx, user).await?;
            let changed = tx
                .execute(
                    "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $2 AND \"user\" = $1",
                    &[&user, &token, &now.as_second()],
                )
                .await
                .map_err(failed)?;
            if changed == 0 {
                return Err(StoreError::NotFound { entity: "token", id: token.to_string() });
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn user_for_token(&self, digest: &[u8], now: Timestamp) -> Result<Option<User>> {
        self.transact(async |tx| {
            // The time it was used is written at most once a minute, so that a script's
            // every request does not also write.
            let sql = format!(
                "WITH found AS (SELECT id, \"user\", last_used_at FROM tokens \
                                WHERE secret_sha256 = $1 AND revoked_at IS NULL), \
                      noted AS (UPDATE tokens SET last_used_at = $2::bigint FROM found WHERE tokens.id = found.id \
                                AND (found.last_used_at IS NULL OR found.last_used_at <= $2::bigint - {USE_NOTED_EVERY})) \
                 SELECT {USER_COLUMNS} FROM users JOIN found ON found.\"user\" = users.id"
            );
            match tx.query_opt(&sql, &[&digest, &now.as_second()]).await.map_err(failed)? {
                Some(row) => Ok(Some(user(&row)?)),
                None => Ok(None),
            }
        })
        .await
    }

    pub(crate) async fn create_workspace(&self, owner: &str, name: &str, now: Timestamp) -> Result<()> {
        self.transact(async |tx| {
            let owner = user_id(tx, owner).await?;
            let found = tx
                .query_opt(
                    "SELECT id, EXISTS (SELECT 1 FROM memberships WHERE workspace = workspaces.id) \
                     FROM workspaces WHERE name = $1 FOR NO KEY UPDATE",
                    &[&name],
                )
                .await
                .map_err(failed)?;
            let workspace = match found {
                None => new_workspace(tx, name, now).await?,
                // Made without accounts (`kith init`, `kith copy`): nobody could open it
                // on the team's server yet, and the owner named now adopts it.
                Some(row) if !row.get::<_, bool>(1) => row.get(0),
                Some(_) => return Err(StoreError::NameTaken { what: "a workspace", name: name.to_owned() }),
            };
            add_member(tx, workspace, owner, Role::Owner).await
        })
        .await
    }

    pub(crate) async fn share(&self, by: &str, workspace: &str, user: &str, role: Role) -> Result<()> {
        self.transact(async |tx| {
            let ws = locked_workspace(tx, workspace).await?;
            let (by_id, user_id) = (user_id(tx, by).await?, user_id(tx, user).await?);
            if member_role(tx, ws, by_id).await? != Some(Role::Owner) {
                return Err(StoreError::NotAllowed(format!(
                    "only an owner of the workspace {workspace:?} may share it, and {by} is not one"
                )));
            }
            if role != Role::Owner && member_role(tx, ws, user_id).await? == Some(Role::Owner) {
                keep_an_owner(tx, ws, workspace, user).await?;
            }
            tx.execute(
                "INSERT INTO memberships (workspace, \"user\", role) VALUES ($1, $2, $3) \
                 ON CONFLICT (workspace, \"user\") DO UPDATE SET role = EXCLUDED.role",
                &[&ws, &user_id, &role.as_str()],
            )
            .await
            .map_err(failed)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn unshare(&self, by: &str, workspace: &str, user: &str) -> Result<()> {
        self.transact(async |tx| {
            let ws = locked_workspace(tx, workspace).await?;
            let (by_id, user_id) = (user_id(tx, by).await?, user_id(tx, user).await?);
            if by_id != user_id && member_role(tx, ws, by_id).await? != Some(Role::Owner) {
                return Err(StoreError::NotAllowed(format!(
                    "only an owner of the workspace {workspace:?} may take it away from others, and {by} is \
                     not one"
                )));
            }
            match member_role(tx, ws, user_id).await? {
                None => {
                    return Err(StoreError::NotFound {
                        entity: "membership",
                        id: format!("{user} in {workspace}"),
                    });
                }
                Some(Role::Owner) => keep_an_owner(tx, ws, workspace, user).await?,
                Some(_) => {}
            }
            tx.execute("DELETE FROM memberships WHERE workspace = $1 AND \"user\" = $2", &[&ws, &user_id])
                .await
                .map_err(failed)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn workspaces_of(&self, user: &str) -> Result<Vec<Membership>> {
        self.transact(async |tx| {
            let user = user_id(tx, user).await?;
            let rows = tx
                .query(
                    "SELECT workspaces.name, memberships.role FROM memberships \
                     JOIN workspaces ON workspaces.id = memberships.workspace \
                     WHERE memberships.\"user\" = $1 ORDER BY workspaces.name",
                    &[&user],
                )
                .await
                .map_err(failed)?;
            rows.iter().map(|row| Ok(Membership { workspace: row.get(0), role: role(row.get(1))? })).collect()
        })
        .await
    }

    pub(crate) async fn role_of(&self, user: &str, workspace: &str) -> Result<Option<Role>> {
        self.transact(async |tx| {
            let row = tx
                .query_opt(
                    "SELECT memberships.role FROM memberships \
                     JOIN users ON users.id = memberships.\"user\" \
                     JOIN workspaces ON workspaces.id = memberships.workspace \
                     WHERE users.name = $1 AND workspaces.name = $2",
                    &[&user, &workspace],
                )
                .await
                .map_err(failed)?;
            row.map(|row| role(row.get(0))).transpose()
        })
        .await
    }
}

/// Makes the workspace `name`; refuses a name taken.
async fn new_workspace(tx: &Transaction<'_>, name: &str, now: Timestamp) -> Result<i64> {
    let row = tx
        .query_one("SELECT kith_create_workspace($1, $2)", &[&name, &now.as_second()])
        .await
        .map_err(taken("a workspace", name))?;
    Ok(row.get(0))
}

async fn add_member(tx: &Transaction<'_>, workspace: i64, user: i64, role: Role) -> Result<()> {
    tx.execute(
        "INSERT INTO memberships (workspace, \"user\", role) VALUES ($1, $2, $3)",
        &[&workspace, &user, &role.as_str()],
    )
    .await
    .map_err(failed)?;
    Ok(())
}

/// The id of the user `name`.
async fn user_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let row = tx.query_opt("SELECT id FROM users WHERE name = $1", &[&name]).await.map_err(failed)?;
    row.map(|row| row.get(0)).ok_or_else(|| no_user(name))
}

/// The id of the workspace `name`, its row locked until the transaction ends (rows that
/// refer to it may still be written meanwhile).
async fn locked_workspace(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let row = tx
        .query_opt("SELECT id FROM workspaces WHERE name = $1 FOR NO KEY UPDATE", &[&name])
        .await
        .map_err(failed)?;
    row.map(|row| row.get(0)).ok_or_else(|| StoreError::NoWorkspace(name.to_owned()))
}

/// The role of the user `user` in the workspace `workspace`, if any.
async fn member_role(tx: &Transaction<'_>, workspace: i64, user: i64) -> Result<Option<Role>> {
    let row = tx
        .query_opt(
            "SELECT role FROM memberships WHERE workspace = $1 AND \"user\" = $2",
            &[&workspace, &user],
        )
        .await
        .map_err(failed)?;
    row.map(|row| role(row.get(0))).transpose()
}

/// Refuses to take the owner `user` of `workspace` (id `ws`) away when they are its only
/// one.
async fn keep_an_owner(tx: &Transaction<'_>, ws: i64, workspace: &str, user: &str) -> Result<()> {
    let row = tx
        .query_one("SELECT count(*) FROM memberships WHERE workspace = $1 AND role = 'owner'", &[&ws])
        .await
        .map_err(failed)?;
    if row.get::<_, i64>(0) > 1 {
        return Ok(());
    }
    Err(StoreError::NotAllowed(format!(
        "{user} is the only owner of the workspace {workspace:?}, which must keep one: make someone else \
         its owner first"
    )))
}

/// A unique name's clash as [`StoreError::NameTaken`], any other failure as itself.
fn taken(what: &'static str, name: &str) -> impl FnOnce(tokio_postgres::Error) -> StoreError {
    move |e| match e.code() {
        Some(&SqlState::UNIQUE_VIOLATION) => StoreError::NameTaken { what, name: name.to_owned() },
        _ => failed(e),
    }
}

fn no_user(name: &str) -> StoreError {
    StoreError::NotFound { entity: "user", id: name.to_owned() }
}

fn user(row: &Row) -> Result<User> {
    Ok(User { id: row.get(0), name: row.get(1), created_at: timestamp(row.get(2))? })
}

fn token(row: &Row) -> Result<Token> {
    let maybe = |seconds: Option<i64>| seconds.map(timestamp).transpose();
    Ok(Token {
        id: row.get(0),
        label: row.get(1),
        created_at: timestamp(row.get(2))?,
        last_used_at: maybe(row.get(3))?,
        revoked_at: maybe(row.get(4))?,
    })
}

fn role(stored: &str) -> Result<Role> {
    stored.parse().map_err(|_| StoreError::Corrupt(format!("role {stored:?}")))
}

fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds).map_err(|_| StoreError::Corrupt(format!("timestamp {seconds}")))
}
