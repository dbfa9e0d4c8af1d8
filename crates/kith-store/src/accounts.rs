//! Accounts for a team's kith on PostgreSQL: users who sign in with a password, personal
//! API tokens for their scripts, and who may open which workspace as owner, editor or
//! viewer.
//!
//! Every user has a workspace of their own, named after them, made with them as its owner.
//! Passwords are kept only as Argon2id hashes, token secrets only as their SHA-256. Users
//! and workspaces are named by their (unique) names, tokens by their ids.

use crate::postgres::{self, accounts::PgAccounts};
use crate::sql::SqlStore;
use crate::{Result, Store, StoreError};
use jiff::Timestamp;
use kith_core::ValidationError;
use serde::Serialize;
use std::str::FromStr;
use std::sync::Arc;

/// Someone who signs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Their number in the database.
    pub id: i64,
    /// Their name, unique in the database; their own workspace has it too.
    pub name: String,
    /// When they were added.
    pub created_at: Timestamp,
}

/// What a member may do in a workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads, writes, and shares the workspace with others.
    Owner,
    /// Reads and writes.
    Editor,
    /// Only reads.
    Viewer,
}

impl Role {
    /// Whether the role may change the workspace's data.
    pub fn may_write(self) -> bool {
        matches!(self, Role::Owner | Role::Editor)
    }

    /// The role's name, as stored and as typed: `owner`, `editor` or `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }
}

impl FromStr for Role {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Role::Owner, Role::Editor, Role::Viewer].into_iter().find(|role| role.as_str() == s).ok_or_else(
            || ValidationError::UnknownKind {
                what: "role",
                given: s.to_owned(),
                expected: "owner, editor, viewer".into(),
            },
        )
    }
}

/// A personal API token, as its user sees it later: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Its number, for revoking it.
    pub id: i64,
    /// What its user called it (the script or machine it is for).
    pub label: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it last signed its user in, if ever (to the minute: a use within a minute of
    /// the last one noted is not noted again).
    pub last_used_at: Option<Timestamp>,
    /// When it was revoked; a revoked token signs nobody in.
    pub revoked_at: Option<Timestamp>,
}

/// A workspace a user may open, and as what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The workspace's name.
    pub workspace: String,
    /// The user's role there.
    pub role: Role,
}

/// The accounts of one PostgreSQL database. Every call is one transaction.
#[derive(Debug)]
pub struct Accounts {
    db: PgAccounts,
}

/// Opens the accounts of the PostgreSQL database at `location`, bringing its schema up
/// to date first. A role that bypasses row-level security is refused, as when opening a
/// workspace, and so is a SQLite location: a SQLite file has no accounts.
pub async fn accounts(location: &str) -> Result<Accounts> {
    if !postgres::is_postgres(location) {
        return Err(StoreError::Unsupported(
            "accounts are for a PostgreSQL database (a postgres:// address); a SQLite database file is \
             one person's and has none"
                .into(),
        ));
    }
    Ok(Accounts { db: PgAccounts::connect(location).await? })
}

impl Accounts {
    /// Adds the user `name` with `password` (at least 12 characters), and their own
    /// workspace, named `name` too, with them as its owner. Refuses a name a user or a
    /// workspace has already.
    pub async fn add_user(&self, name: &str, password: &str, now: Timestamp) -> Result<User> {
        if name.trim().is_empty() {
            return Err(ValidationError::EmptyText("user name").into());
        }
        let hash = password::hash(password).await?;
        self.db.add_user(name, &hash, now).await
    }

    /// Changes the password of the user `name` (at least 12 characters).
    pub async fn set_password(&self, name: &str, password: &str) -> Result<()> {
        let hash = password::hash(password).await?;
        self.db.set_password_hash(name, &hash).await
    }

    /// The user `name`, if `password` is theirs; `None` for a wrong password and for a
    /// user who does not exist, after the same time spent checking either way.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Option<User>> {
        let (user, hash) = match self.db.user_with_hash(name).await? {
            Some((user, hash)) => (Some(user), hash),
            None => (None, password::NOBODYS.to_owned()),
        };
        let matches = password::verify(password, hash).await?;
        Ok(user.filter(|_| matches))
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        self.db.users().await
    }

    /// Makes a token for the user `user`, and returns it with its secret: `kith_` and 64
    /// hex digits. The secret is not kept and cannot be shown again.
    pub async fn add_token(&self, user: &str, label: &str, now: Timestamp) -> Result<(Token, String)> {
        let secret = secret::new()?;
        let token = self.db.add_token(user, label, &secret::digest(&secret), now).await?;
        Ok((token, secret))
    }

    /// The tokens of the user `user`, revoked ones too, oldest first.
    pub async fn tokens(&self, user: &str) -> Result<Vec<Token>> {
        self.db.tokens(user).await
    }

    /// Revokes the token `token` of the user `user` (a token revoked already keeps the
    /// time it was first revoked); another user's token is not found.
    pub async fn revoke_token(&self, user: &str, token: i64, now: Timestamp) -> Result<()> {
        self.db.revoke_token(user, token, now).await
    }

    /// The user whose token has the secret `secret`, noting that it was used at `now`
    /// (unless its last use noted is less than a minute old);
    /// `None` when no token has it or the token was revoked.
    pub async fn user_for_token(&self, secret: &str, now: Timestamp) -> Result<Option<User>> {
        self.db.user_for_token(&secret::digest(secret), now).await
    }

    /// Makes the workspace `name` with `owner` as its owner. A workspace of that name
    /// that has no members (made by `kith init` or `kith copy`, outside the accounts) is
    /// given `owner` instead; a name a workspace with members has is refused.
    pub async fn create_workspace(&self, owner: &str, name: &str, now: Timestamp) -> Result<()> {
        if name.trim().is_empty() {
            return Err(ValidationError::EmptyText("workspace name").into());
        }
        self.db.create_workspace(owner, name, now).await
    }

    /// Gives `user` the role `role` in `workspace`, or changes the role they have there.
    /// Only an owner (`by`) may, and a workspace keeps at least one owner.
    pub async fn share(&self, by: &str, workspace: &str, user: &str, role: Role) -> Result<()> {
        self.db.share(by, workspace, user, role).await
    }

    /// Takes `workspace` away from `user`: an owner (`by`) may, and so may a member
    /// leaving it. A workspace keeps at least one owner.
    pub async fn unshare(&self, by: &str, workspace: &str, user: &str) -> Result<()> {
        self.db.unshare(by, workspace, user).await
    }

    /// The workspaces `user` may open, by name, with their role in each.
    pub async fn workspaces_of(&self, user: &str) -> Result<Vec<Membership>> {
        self.db.workspaces_of(user).await
    }

    /// The workspace `name` as a store sharing this database's connections, for reading
    /// only when `role` may not write (its writes fail with [`StoreError::ReadOnly`]).
    pub async fn open_workspace(&self, name: &str, role: Role) -> Result<Arc<dyn Store>> {
        Ok(Arc::new(SqlStore::new(self.db.workspace(name, role.may_write()).await?)))
    }

    /// The role of `user` in `workspace`; `None` when they are not a member, or when
    /// either does not exist.
    pub async fn role_of(&self, user: &str, workspace: &str) -> Result<Option<Role>> {
        self.db.role_of(user, workspace).await
    }
}

/// Passwords: Argon2id with the argon2 crate's default parameters, as PHC strings.
/// Hashing takes tens of milliseconds on purpose, so it runs on a blocking thread.
mod password {
    use crate::{Result, StoreError};
    use argon2::Argon2;
    use argon2::password_hash::{self, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

    /// The fewest characters a password may have.
    const SHORTEST: usize = 12;

    /// The hash of a random password nobody kept, with the default parameters: what a
    /// password for a user who does not exist is checked against, so that the answer
    /// takes as long as for one who does.
    pub(super) const NOBODYS: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$AfSDPmHHFasxVJR3+E9rkg$QqbCt1stI1X7POB2Cj8ySTOcSzORa2/Y2J3oIhtCcF4";

    /// The PHC string of `password` with a fresh salt; refuses a short password.
    pub(super) async fn hash(password: &str) -> Result<String> {
        if password.chars().count() < SHORTEST {
            return Err(StoreError::PasswordTooShort { least: SHORTEST });
        }
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| StoreError::Database(format!("the system's random source failed: {e}").into()))?;
        let password = password.to_owned();
        blocking(move || {
            let salt = SaltString::encode_b64(&salt).map_err(failed)?;
            Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(failed)?.to_string())
        })
        .await
    }

    /// Whether `password` is the one `hash` (a PHC string) was made from.
    pub(super) async fn verify(password: &str, hash: String) -> Result<bool> {
        let password = password.to_owned();
        blocking(move || {
            let hash = PasswordHash::new(&hash)
                .map_err(|e| StoreError::Corrupt(format!("a password hash that does not read ({e})")))?;
            match Argon2::default().verify_password(password.as_bytes(), &hash) {
                Ok(()) => Ok(true),
                Err(password_hash::Error::Password) => Ok(false),
                Err(e) => Err(StoreError::Corrupt(format!("a password hash that cannot be checked ({e})"))),
            }
        })
        .await
    }

    fn failed(e: password_hash::Error) -> StoreError {
        StoreError::Database(format!("hashing a password failed: {e}").into())
    }

    /// Runs `work` on a blocking thread.
    async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
        match tokio::task::spawn_blocking(work).await {
            Ok(out) => out,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(StoreError::Database(format!("a password check did not finish: {e}").into())),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn nobodys_hash_costs_what_a_new_one_does() {
            let nobodys = PasswordHash::new(NOBODYS).unwrap();
            let (params, defaults) = (argon2::Params::try_from(&nobodys).unwrap(), Argon2::default());
            let cost = |p: &argon2::Params| (p.m_cost(), p.t_cost(), p.p_cost());
            assert_eq!(nobodys.algorithm, argon2::Algorithm::Argon2id.ident());
            assert_eq!(cost(&params), cost(defaults.params()));
            assert_eq!(nobodys.hash.unwrap().len(), argon2::Params::DEFAULT_OUTPUT_LEN);
        }
    }
}

/// Token secrets: 32 random bytes in hex after `kith_`, kept only as their SHA-256.
mod secret {
    use crate::{Result, StoreError};
    use sha2::{Digest, Sha256};

    /// A new secret.
    pub(super) fn new() -> Result<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Database(format!("the system's random source failed: {e}").into()))?;
        Ok(format!("kith_{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()))
    }

    /// What is stored of `secret`.
    pub(super) fn digest(secret: &str) -> Vec<u8> {
        Sha256::digest(secret.as_bytes()).to_vec()
    }
}
