//! A team's kith on PostgreSQL: its users, their personal tokens, its workspaces and who
//! may open which. The accounts themselves are the store's ([`Accounts`]); what is
//! decided here is which workspace a signed-in user works in, and the roster an
//! administrator lists.

use crate::{Error, Result};
pub use kith_store::accounts::{Accounts, Membership, Role, Token, User};
use serde::Serialize;

/// The accounts of the PostgreSQL database at `location`, its schema brought up to
/// date first.
pub async fn open(location: &str) -> Result<Accounts> {
    Ok(kith_store::accounts::accounts(location).await?)
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
