//! `kith init` and `kith me`.

use crate::cli::{MeCommand, OnOff};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_core::health::OwnerChange;
use kith_core::{Identity, IdentityKind, PhoneRegion, Renumbering, clean_name};
use kith_store::MailReading;

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
            if let Some(region) = identities.iter().find_map(PhoneRegion::of_number)
                && ctx.store.phone_region().await?.is_none()
            {
                out::line(&format!(
                    "phone numbers written without a calling code are read as {region} from now on (`kith me region` changes it)"
                ))?;
                print_renumbering(ctx, &ctx.store.set_phone_region(&region).await?).await?;
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
        MeCommand::Region { code } => {
            let region = PhoneRegion::new(&code)?;
            let renumbering = ctx.store.set_phone_region(&region).await?;
            if ctx.json {
                let clashes: Vec<_> = renumbering
                    .clashes
                    .iter()
                    .map(|c| serde_json::json!({"person": c.person, "number": c.number, "international": c.international, "holder": c.holder}))
                    .collect();
                return out::json(
                    &serde_json::json!({ "region": region.code(), "renumbered": renumbering.numbers, "left_alone": clashes }),
                );
            }
            out::line(&format!("phone numbers written without a calling code are read as {region}"))?;
            print_renumbering(ctx, &renumbering).await
        }
        MeCommand::ReadBodies { state } => {
            let reading = MailReading { read_bodies: state == OnOff::On, ..ctx.store.mail_reading().await? };
            ctx.store.set_mail_reading(&reading).await?;
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
            let reading =
                MailReading { keep_evidence: state == OnOff::On, ..ctx.store.mail_reading().await? };
            ctx.store.set_mail_reading(&reading).await?;
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

/// What reading the stored numbers in a region changed, and the numbers left alone.
async fn print_renumbering(ctx: &Ctx, renumbering: &Renumbering) -> Result<()> {
    if renumbering.numbers > 0 {
        out::line(&format!(
            "  {} stored now in international form",
            out::count(renumbering.numbers, "phone number")
        ))?;
    }
    for clash in &renumbering.clashes {
        let (person, holder) =
            (ctx.store.person(&clash.person).await?, ctx.store.person(&clash.holder).await?);
        out::line(&format!(
            "  left {}'s {} as it is: {} is {}'s; if they are one person, `kith person merge` them",
            person.name, clash.number, clash.international, holder.name
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
