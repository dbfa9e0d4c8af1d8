//! `kith user …`, `kith token …` and `kith workspace …`: the accounts of a shared
//! PostgreSQL database, parsed here and carried out by `kith_app::team`.

use crate::cli::{TokenCommand, UserCommand, WorkspaceCommand};
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::ErrorKind;
use kith_app::team::{self, Accounts, Membership, Role, Token, Workspace};
use kith_store::OpenMode;
use std::io::{BufRead, IsTerminal};

/// The accounts of the database `--db` names, and the output mode.
struct Team {
    accounts: Accounts,
    json: bool,
}

impl Team {
    /// Opens the accounts of `--db`/`KITH_DB` (a SQLite file, the default too, is refused
    /// with the store's reason).
    async fn open(db: Option<&str>, json: bool) -> Result<Self> {
        let location = crate::context::location(db, OpenMode::MustExist)?;
        let accounts = team::open(&location).await.map_err(|e| {
            // A server that cannot be reached or signed in to: say which one.
            let internal = e.kind() == ErrorKind::Internal;
            let e = anyhow::Error::new(e);
            if !internal {
                return e;
            }
            e.context(format!("could not open the accounts of {}", team::shown_location(&location)))
        })?;
        Ok(Self { accounts, json })
    }
}

/// The moment this run works at.
fn now() -> Result<jiff::Timestamp> {
    Ok(crate::context::now()?.timestamp())
}

/// Runs a `kith user` subcommand.
pub async fn user(db: Option<&str>, json: bool, command: UserCommand) -> Result<()> {
    let t = Team::open(db, json).await?;
    match command {
        UserCommand::Add { name } => {
            let password = new_password(&format!("Password for {name}: "))?;
            let member = team::add_user(&t.accounts, &name, &password, now()?).await?;
            if t.json {
                return out::json(&member);
            }
            let own = member.workspaces.first().map_or(name.as_str(), |m| m.workspace.as_str());
            out::line(&format!(
                "added the user {} and their own workspace {own}, which they own",
                member.user.name
            ))
        }
        UserCommand::Passwd { name } => {
            // Known before asking, so that a misspelt name costs no typing.
            team::user(&t.accounts, &name).await?;
            let password = new_password(&format!("New password for {name}: "))?;
            let user = team::set_password(&t.accounts, &name, &password).await?;
            if t.json {
                return out::json(&user);
            }
            out::line(&format!("changed the password of {}", user.name))
        }
        UserCommand::List => {
            let roster = team::roster(&t.accounts).await?;
            if t.json {
                return out::json(&roster);
            }
            let mut table = out::table(["user", "added", "workspaces"]);
            for member in &roster {
                table.add_row([
                    member.user.name.clone(),
                    out::date(member.user.created_at),
                    memberships(&member.workspaces),
                ]);
            }
            out::table_or(&table, "no users yet; add one with `kith user add NAME`")
        }
    }
}

/// Runs a `kith token` subcommand.
pub async fn token(db: Option<&str>, json: bool, command: TokenCommand) -> Result<()> {
    let t = Team::open(db, json).await?;
    match command {
        TokenCommand::Add { user, label } => {
            let made =
                team::add_token(&t.accounts, &user, label.as_deref().unwrap_or_default(), now()?).await?;
            if t.json {
                return out::json(&made);
            }
            out::line(&format!("made token {}{} for {}:", made.token.id, labelled(&made.token), made.user))?;
            out::line(&format!("\n    {}\n", made.secret))?;
            out::line("It cannot be shown again: keep it now (kith keeps only its digest).")?;
            out::line(&format!(
                "Scripts send it with every request to kith's web API, as the header\n    \
                 Authorization: Bearer {}\n\
                 Revoke it with `kith token revoke --user {} {}`.",
                made.secret, made.user, made.token.id
            ))
        }
        TokenCommand::List { user } => {
            let tokens = team::tokens(&t.accounts, &user).await?;
            if t.json {
                return out::json(&tokens);
            }
            let mut table = out::table(["id", "label", "made", "last used", "revoked"]);
            for token in &tokens {
                table.add_row([
                    token.id.to_string(),
                    out::or_dash(Some(&token.label)).to_owned(),
                    out::date(token.created_at),
                    token.last_used_at.map_or_else(|| "never".into(), out::date),
                    token.revoked_at.map_or_else(|| "-".into(), out::date),
                ]);
            }
            out::table_or(
                &table,
                &format!("{user} has no tokens; make one with `kith token add --user {user}`"),
            )
        }
        TokenCommand::Revoke { user, id } => {
            let token = team::revoke_token(&t.accounts, &user, id, now()?).await?;
            if t.json {
                return out::json(&token);
            }
            out::line(&format!(
                "revoked token {}{} of {user}: it signs nobody in any more",
                token.id,
                labelled(&token)
            ))
        }
    }
}

/// Runs a `kith workspace` subcommand.
pub async fn workspace(db: Option<&str>, json: bool, command: WorkspaceCommand) -> Result<()> {
    let t = Team::open(db, json).await?;
    match command {
        WorkspaceCommand::Add { name, owner } => {
            let made = team::create_workspace(&t.accounts, &owner, &name, now()?).await?;
            t.changed(&made, &format!("made the workspace {name}, owned by {owner}"))
        }
        WorkspaceCommand::Share { name, user, role, by } => {
            let role: Role = role.parse()?;
            let shared = team::share(&t.accounts, &by, &name, &user, role).await?;
            t.changed(&shared, &format!("{user} may open the workspace {name} as {}", role.as_str()))
        }
        WorkspaceCommand::Unshare { name, user, by } => {
            let left = team::unshare(&t.accounts, &by, &name, &user).await?;
            let done = if by == user {
                format!("{user} left the workspace {name}")
            } else {
                format!("{user} may no longer open the workspace {name}")
            };
            t.changed(&left, &done)
        }
        WorkspaceCommand::List { user: Some(user) } => {
            let theirs = team::workspaces_of(&t.accounts, &user).await?;
            if t.json {
                return out::json(&theirs);
            }
            let mut table = out::table(["workspace", "role"]);
            for m in &theirs {
                table.add_row([m.workspace.as_str(), m.role.as_str()]);
            }
            out::table_or(&table, &format!("{user} may open no workspace"))
        }
        WorkspaceCommand::List { user: None } => {
            let all = team::workspaces(&t.accounts).await?;
            if t.json {
                return out::json(&all);
            }
            let mut table = out::table(["workspace", "members"]);
            for w in &all {
                table.add_row([w.name.clone(), members(w)]);
            }
            out::table_or(&table, "no workspaces with members yet; `kith user add NAME` makes one")
        }
    }
}

impl Team {
    /// Prints a workspace after a change: `done`, then its members (or the workspace, as
    /// JSON).
    fn changed(&self, workspace: &Workspace, done: &str) -> Result<()> {
        if self.json {
            return out::json(workspace);
        }
        out::line(&format!("{done}; its members: {}", members(workspace)))
    }
}

/// "ada (owner), bob (viewer)".
fn members(workspace: &Workspace) -> String {
    let seats: Vec<String> =
        workspace.members.iter().map(|s| format!("{} ({})", s.user, s.role.as_str())).collect();
    seats.join(", ")
}

/// "ada (owner), team (viewer)", or `-`.
fn memberships(list: &[Membership]) -> String {
    let all: Vec<String> = list.iter().map(|m| format!("{} ({})", m.workspace, m.role.as_str())).collect();
    if all.is_empty() { "-".into() } else { all.join(", ") }
}

/// " (label)", or nothing for a token without one.
fn labelled(token: &Token) -> String {
    if token.label.is_empty() { String::new() } else { format!(" ({})", token.label) }
}

/// A new password, never an argument: asked twice on the terminal without echo, or the
/// first line of standard input when it is not a terminal (a script's pipe). Its length
/// is the store's to judge.
fn new_password(prompt: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        if line.is_empty() {
            return Err(UserError::Invalid(
                "no password on standard input: pipe it as the first line, or run kith in a terminal to be \
                 asked for it"
                    .into(),
            )
            .into());
        }
        let line = line.strip_suffix('\n').unwrap_or(&line);
        return Ok(line.strip_suffix('\r').unwrap_or(line).to_owned());
    }
    let first = rpassword::prompt_password(prompt)?;
    let again = rpassword::prompt_password("The same password again: ")?;
    if first != again {
        return Err(
            UserError::Invalid("the two passwords differ; nothing was changed: try again".into()).into()
        );
    }
    Ok(first)
}
