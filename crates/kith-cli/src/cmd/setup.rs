//! `kith init` and `kith me`.

use crate::cli::MeCommand;
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_core::health::OwnerChange;
use kith_core::{Identity, IdentityKind, clean_name};

/// Creates (or opens and upgrades) the database.
pub async fn init(ctx: &Ctx) -> Result<()> {
    let location = ctx.store.location();
    if ctx.json {
        return out::json(&serde_json::json!({ "database": location }));
    }
    out::line(&format!("kith database ready at {location}"))?;
    out::line("next: `kith me add you@example.com`, then `kith person add \"Name\" --email them@example.com`")
}

/// Adds or lists the owner's identities; declares or withdraws changes in their working life.
pub async fn me(ctx: &Ctx, command: MeCommand) -> Result<()> {
    match command {
        MeCommand::Add { identities } => {
            let identities =
                identities.iter().map(|i| Identity::parse_any_kind(i)).collect::<Result<Vec<_>, _>>()?;
            for identity in &identities {
                ctx.store.add_owner_identity(identity).await?;
            }
            if ctx.json {
                return out::json(&identities);
            }
            for identity in &identities {
                out::line(&format!("added your {} {identity}", describe_kind(identity.kind())))?;
            }
            if ctx.store.mail_logged_for().await?.is_some() {
                out::line("mail already imported is read again for you on the next `kith import`")?;
            }
            Ok(())
        }
        MeCommand::Remove { identity } => {
            let identity = Identity::parse_any_kind(&identity)?;
            if !ctx.store.remove_owner_identity(&identity).await? {
                return Err(UserError::NotFound(format!(
                    "{identity} is not one of your identities; `kith me list` shows them"
                ))
                .into());
            }
            if ctx.json {
                return out::json(&identity);
            }
            out::line(&format!("removed your {} {identity}", describe_kind(identity.kind())))
        }
        MeCommand::Name { name } => {
            let name = clean_name(&name)?;
            ctx.store.set_owner_name(&name).await?;
            if ctx.json {
                return out::json(&serde_json::json!({ "name": name }));
            }
            out::line(&format!("drafts will be signed {name}"))
        }
        MeCommand::List => {
            let ids = ctx.store.owner_identities().await?;
            if ctx.json {
                return out::json(&ids);
            }
            match ctx.store.owner_name().await? {
                Some(name) => out::line(&format!("name: {name}"))?,
                None => out::line("name: not set (drafts are signed with it: `kith me name \"Your Name\"`)")?,
            }
            let mut table = out::table(["kind", "identity"]);
            for id in &ids {
                table.add_row([id.kind().as_str(), id.value()]);
            }
            out::table_or(&table, "no identities of yours yet; add one with `kith me add you@example.com`")?;
            super::facts::print_declared(ctx).await
        }
        MeCommand::StrategyChange(s) => {
            super::facts::declare(ctx, OwnerChange::StrategyChange, s.since.as_deref()).await
        }
        MeCommand::ChangingIndustry(s) => {
            super::facts::declare(ctx, OwnerChange::ChangingIndustry, s.since.as_deref()).await
        }
        MeCommand::Retiring(s) => super::facts::declare(ctx, OwnerChange::Retiring, s.since.as_deref()).await,
        MeCommand::Clear { change } => super::facts::withdraw(ctx, &change).await,
    }
}

/// An identity kind in words.
fn describe_kind(kind: IdentityKind) -> &'static str {
    match kind {
        IdentityKind::Email => "email address",
        IdentityKind::Phone => "phone number",
        IdentityKind::Url => "URL",
        IdentityKind::Exchange => "Exchange X.500 address",
        IdentityKind::Name => "display name",
    }
}
