//! A team's kith on PostgreSQL: its users, their personal tokens, its workspaces and who
//! may open which. The accounts themselves are the store's ([`Accounts`]); what is
//! decided here is which workspace a signed-in user works in, the roster and the
//! workspaces an administrator lists, and what each change to the accounts answers with,
//! its failures saying what to do.

use crate::{Error, Result};
use jiff::Timestamp;
use kith_store::StoreError;
pub use kith_store::accounts::{Accounts, Membership, Role, Token, User};
/// A database's location as it may be shown: a PostgreSQL address without its password.
pub use kith_store::shown_location;
use serde::Serialize;

/// The accounts of the PostgreSQL database at `location`, its schema brought up to
/// date first.
pub async fn open(location: &str) -> Result<Accounts> {
    Ok(kith_store::accounts::accounts(location).await?)
}

/// The accounts of the database at `location` for a team's server: refused while it has
/// no user, since nobody could sign in.
pub async fn serving(location: &str) -> Result<Accounts> {
    let accounts = open(location).await?;
    if accounts.users().await?.is_empty() {
        return Err(Error::Invalid(format!(
            "{} has no users yet, and nobody could sign in: add one with `kith user add NAME` (same \
             --db), then serve",
            shown_location(location)
        )));
    }
    Ok(accounts)
}

/// The workspace `user` works in, and their role there: the one they `asked` for, or
/// else their own (named after them), or else the only one they may open.
///
/// A workspace they may not open is "not found", whether or not it exists, so that its
/// name tells nobody anything; several to choose from and none asked for is refused
/// with their names.
pub async fn workspace_for(accounts: &Accounts, user: &str, asked: Option<&str>) -> Result<Membership> {
    if let Some(name) = asked.map(str::trim).filter(|name| !name.is_empty()) {
        return match accounts.role_of(user, name).await? {
            Some(role) => Ok(Membership { workspace: name.to_owned(), role }),
            None => Err(Error::NotFound(format!("{user} has no workspace named {name:?}"))),
        };
    }
    let mut theirs = accounts.workspaces_of(user).await?;
    if let Some(own) = theirs.iter().position(|m| m.workspace == user) {
        return Ok(theirs.swap_remove(own));
    }
    match theirs.len() {
        0 => Err(Error::NotFound(format!(
            "{user} may open no workspace: an owner of one can share it with them"
        ))),
        1 => Ok(theirs.remove(0)),
        _ => Err(Error::Invalid(format!(
            "{user} may open several workspaces ({}); name the one to work in",
            theirs.iter().map(|m| m.workspace.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// A user with the workspaces they may open.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    /// Who.
    #[serde(flatten)]
    pub user: User,
    /// Their workspaces, by name, with their role in each.
    pub workspaces: Vec<Membership>,
}

/// Every user with their workspaces, by name.
pub async fn roster(accounts: &Accounts) -> Result<Vec<Member>> {
    let mut members = Vec::new();
    for user in accounts.users().await? {
        let workspaces = accounts.workspaces_of(&user.name).await?;
        members.push(Member { user, workspaces });
    }
    Ok(members)
}

/// The user `name`, or "not found" saying how to see who there is.
pub async fn user(accounts: &Accounts, name: &str) -> Result<User> {
    let found = accounts.users().await?.into_iter().find(|user| user.name == name);
    found.ok_or_else(|| no_user(name))
}

/// Adds the user `name` with `password` (at least 12 characters) and their own
/// workspace, named after them, which they own; returns them with it.
pub async fn add_user(accounts: &Accounts, name: &str, password: &str, now: Timestamp) -> Result<Member> {
    let user = accounts.add_user(name, password, now).await.map_err(explained)?;
    let workspaces = accounts.workspaces_of(&user.name).await.map_err(explained)?;
    Ok(Member { user, workspaces })
}

/// Changes the password of the user `name` (at least 12 characters); returns them.
pub async fn set_password(accounts: &Accounts, name: &str, password: &str) -> Result<User> {
    let user = user(accounts, name).await?;
    accounts.set_password(name, password).await.map_err(explained)?;
    Ok(user)
}

/// A token just made, with its secret: the only time the secret is known.
#[derive(Clone, Debug, Serialize)]
pub struct NewToken {
    /// Whose token it is.
    pub user: String,
    /// The token, as its list shows it.
    #[serde(flatten)]
    pub token: Token,
    /// The secret a script sends as `Authorization: Bearer <secret>`; it is not kept.
    pub secret: String,
}

/// Makes a token labelled `label` for the user `user`; returns it with its secret.
pub async fn add_token(accounts: &Accounts, user: &str, label: &str, now: Timestamp) -> Result<NewToken> {
    let (token, secret) = accounts.add_token(user, label.trim(), now).await.map_err(explained)?;
    Ok(NewToken { user: user.to_owned(), token, secret })
}

/// The tokens of the user `user`, revoked ones too, oldest first (never their secrets).
pub async fn tokens(accounts: &Accounts, user: &str) -> Result<Vec<Token>> {
    accounts.tokens(user).await.map_err(explained)
}

/// Revokes the token `id` of the user `user`; returns it as it is now.
pub async fn revoke_token(accounts: &Accounts, user: &str, id: i64, now: Timestamp) -> Result<Token> {
    accounts.revoke_token(user, id, now).await.map_err(|e| match e {
        StoreError::NotFound { entity: "token", .. } => {
            Error::NotFound(format!("{user} has no token {id}: `kith token list --user {user}` shows theirs"))
        }
        other => explained(other),
    })?;
    let revoked = tokens(accounts, user).await?.into_iter().find(|token| token.id == id);
    revoked.ok_or_else(|| Error::NotFound(format!("{user} has no token {id}")))
}

/// A workspace with its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Workspace {
    /// Its name.
    pub name: String,
    /// Who may open it, by name, with their role.
    pub members: Vec<Seat>,
}

/// A member of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seat {
    /// The user's name.
    pub user: String,
    /// Their role there.
    pub role: Role,
}

/// Every workspace that has members, by name, with its members by name. (A workspace
/// `kith init` made without accounts has none, and is not listed until an owner adopts
/// it through [`create_workspace`].)
pub async fn workspaces(accounts: &Accounts) -> Result<Vec<Workspace>> {
    let mut by_name = std::collections::BTreeMap::<String, Vec<Seat>>::new();
    for member in roster(accounts).await? {
        for membership in member.workspaces {
            let seat = Seat { user: member.user.name.clone(), role: membership.role };
            by_name.entry(membership.workspace).or_default().push(seat);
        }
    }
    Ok(by_name.into_iter().map(|(name, members)| Workspace { name, members }).collect())
}

/// The workspaces the user `user` may open, by name, with their role in each.
pub async fn workspaces_of(accounts: &Accounts, user: &str) -> Result<Vec<Membership>> {
    accounts.workspaces_of(user).await.map_err(explained)
}

/// The workspace `name` with its members.
pub async fn workspace(accounts: &Accounts, name: &str) -> Result<Workspace> {
    let found = workspaces(accounts).await?.into_iter().find(|workspace| workspace.name == name);
    found.ok_or_else(|| explained(StoreError::NoWorkspace(name.to_owned())))
}

/// Makes the workspace `name`, owned by the user `owner` (or gives `owner` the workspace
/// of that name made without members); returns it.
pub async fn create_workspace(
    accounts: &Accounts,
    owner: &str,
    name: &str,
    now: Timestamp,
) -> Result<Workspace> {
    accounts.create_workspace(owner, name, now).await.map_err(explained)?;
    workspace(accounts, name).await
}

/// The owner `by` gives `user` the role `role` in `workspace` (or changes theirs);
/// returns the workspace as it is now.
pub async fn share(
    accounts: &Accounts,
    by: &str,
    workspace_name: &str,
    user: &str,
    role: Role,
) -> Result<Workspace> {
    accounts.share(by, workspace_name, user, role).await.map_err(explained)?;
    workspace(accounts, workspace_name).await
}

/// `by` (an owner, or `user` leaving) takes `workspace` away from `user`; returns the
/// workspace as it is now.
pub async fn unshare(accounts: &Accounts, by: &str, workspace_name: &str, user: &str) -> Result<Workspace> {
    accounts.unshare(by, workspace_name, user).await.map_err(|e| match e {
        StoreError::NotFound { entity: "membership", .. } => Error::NotFound(format!(
            "{user} is not a member of the workspace {workspace_name:?}: `kith workspace list` shows who is"
        )),
        other => explained(other),
    })?;
    workspace(accounts, workspace_name).await
}

/// A user who does not exist, saying how to see who does.
fn no_user(name: &str) -> Error {
    Error::NotFound(format!(
        "no user named {name:?}: `kith user list` shows the users, `kith user add {name}` adds one"
    ))
}

/// A store failure with what to do: a missing user or workspace says how to see those
/// there are; any other failure is the store's own.
fn explained(e: StoreError) -> Error {
    match e {
        StoreError::NotFound { entity: "user", id } => no_user(&id),
        StoreError::NoWorkspace(name) => Error::NotFound(format!(
            "no workspace named {name:?} in this database: `kith workspace list` shows them, \
             `kith workspace add {name} --owner USER` makes one"
        )),
        other => Error::Store(other),
    }
}
