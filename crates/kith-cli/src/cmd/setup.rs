//! `kith init` and `kith me`: parsed here, carried out by `kith_app::setup` (the owner's
//! declared changes by `kith_app::facts`).

use crate::cli::{MeCommand, OnOff};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::setup::{self, RegionSet};
use kith_core::IdentityKind;
use kith_core::health::OwnerChange;

/// Creates (or opens and upgrades) the database.
pub async fn init(ctx: &Ctx) -> Result<()> {
    let ready = setup::init(ctx);
    if ctx.json {
        return out::json(&ready);
    }
    out::line(&format!("kith database ready at {}", ready.database))?;
    out::line("next: `kith me add you@example.com`, then `kith person add \"Name\" --email them@example.com`")
}

/// Adds or lists the owner's identities; declares or withdraws changes in their working life.
pub async fn me(ctx: &Ctx, command: MeCommand) -> Result<()> {
    match command {
        MeCommand::Add { identities } => {
            let added = setup::add_identities(ctx, &identities).await?;
            if ctx.json {
                return out::json(&added);
            }
            for identity in &added.identities {
                out::line(&format!("added your {} {identity}", describe_kind(identity.kind())))?;
            }
            if let Some(region) = &added.region {
                out::line(&format!(
                    "phone numbers written without a calling code are read as {} from now on (`kith me region` changes it)",
                    region.name
                ))?;
                print_renumbering(region)?;
            }
            if added.relog {
                out::line("mail already imported is read again for you on the next `kith import`")?;
            }
            Ok(())
        }
        MeCommand::Remove { identity } => {
            let identity = setup::remove_identity(ctx, &identity).await?;
            if ctx.json {
                return out::json(&identity);
            }
            out::line(&format!("removed your {} {identity}", describe_kind(identity.kind())))
        }
        MeCommand::Name { name } => {
            let named = setup::set_name(ctx, &name).await?;
            if ctx.json {
                return out::json(&named);
            }
            out::line(&format!("drafts will be signed {}", named.name))
        }
        MeCommand::Region { code } => {
            let region = setup::set_region(ctx, &code).await?;
            if ctx.json {
                return out::json(&region);
            }
            out::line(&format!("phone numbers written without a calling code are read as {}", region.name))?;
            print_renumbering(&region)
        }
        MeCommand::ReadBodies { state } => {
            let reading = setup::read_bodies(ctx, state == OnOff::On).await?;
            if ctx.json {
                return out::json(&reading);
            }
            out::line(if reading.read_bodies {
                "every mail import now reads the text of your personal messages for favors (never of mail kept \
                 out); texts are not stored"
            } else {
                "mail imports read headers only, unless `kith import --read-bodies` asks for more"
            })
        }
        MeCommand::Evidence { state } => {
            let reading = setup::keep_evidence(ctx, state == OnOff::On).await?;
            if ctx.json {
                return out::json(&reading);
            }
            out::line(if reading.keep_evidence {
                "suggestions from mail keep the sentence they were found in"
            } else {
                "suggestions from mail keep no sentence, only what it says and its message; the sentences kept \
                 so far are gone"
            })
        }
        MeCommand::List => {
            let owner = setup::owner(ctx).await?;
            if ctx.json {
                return out::json(&owner);
            }
            match &owner.name {
                Some(name) => out::line(&format!("name: {name}"))?,
                None => out::line("name: not set (drafts are signed with it: `kith me name \"Your Name\"`)")?,
            }
            let mut table = out::table(["kind", "identity"]);
            for id in &owner.identities {
                table.add_row([id.kind().as_str(), id.value()]);
            }
            out::table_or(&table, "no identities of yours yet; add one with `kith me add you@example.com`")?;
            super::facts::print_declared(&owner.declared)
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

/// What reading the stored numbers in a region changed, and the numbers left alone.
fn print_renumbering(region: &RegionSet) -> Result<()> {
    if region.renumbered > 0 {
        out::line(&format!(
            "  {} stored now in international form",
            out::count(region.renumbered, "phone number")
        ))?;
    }
    for clash in &region.left_alone {
        out::line(&format!(
            "  left {}'s {} as it is: {} is {}'s; if they are one person, `kith person merge` them",
            clash.person_name, clash.number, clash.international, clash.holder_name
        ))?;
    }
    Ok(())
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
