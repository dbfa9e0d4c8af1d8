//! `kith person …`: adding, listing, changing, tagging, noting, merging and removing people.

use crate::cli::{PersonAddArgs, PersonCommand, PersonEditArgs, PersonListArgs};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::{
    Identity, NewNote, NewPerson, OrgId, Person, PersonPatch, PhoneRegion, Stage, Tier, check_cadence,
    clean_name, clean_tag, clean_text,
};
use kith_store::StoreError;
use std::collections::HashMap;

/// Runs a `kith person` subcommand.
pub async fn run(ctx: &Ctx, command: PersonCommand) -> Result<()> {
    match command {
        PersonCommand::Add(args) => add(ctx, args).await,
        PersonCommand::List(args) => list(ctx, args).await,
        PersonCommand::Show(w) => super::show::show(ctx, &w.who).await,
        PersonCommand::Edit(args) => edit(ctx, args).await,
        PersonCommand::Tag { who, tags } => tag(ctx, &who, &tags, true).await,
        PersonCommand::Untag { who, tags } => tag(ctx, &who, &tags, false).await,
        PersonCommand::Note { who, text, at } => note(ctx, &who, &text, at.as_deref()).await,
        PersonCommand::Merge { keep, other } => super::merges::merge(ctx, &keep, &other).await,
        PersonCommand::Merges { who } => super::merges::list(ctx, who.as_deref()).await,
        PersonCommand::Unmerge { merge } => super::merges::unmerge(ctx, &merge).await,
        PersonCommand::Rm(w) => remove(ctx, &w.who).await,
    }
}

/// A typed identity, a phone number read in the owner's region when one is set.
fn in_region(region: Option<&PhoneRegion>, identity: Identity) -> Identity {
    match region {
        Some(region) => region.normalize(&identity),
        None => identity,
    }
}

async fn add(ctx: &Ctx, args: PersonAddArgs) -> Result<()> {
    let mut person = NewPerson::named(&args.name)?;
    for email in &args.email {
        person.identities.push(Identity::email(email)?);
    }
    let region = ctx.store.phone_region().await?;
    for phone in &args.phone {
        person.identities.push(in_region(region.as_ref(), Identity::phone(phone)?));
    }
    for url in &args.url {
        person.identities.push(Identity::url(url)?);
    }
    if let Some(org) = &args.org {
        person.org = Some(who::org(ctx, org).await?.id);
    }
    person.role = args.role.as_deref().map(|r| clean_text(r, "role")).transpose()?;
    person.industry = args.industry.as_deref().map(|i| clean_text(i, "industry")).transpose()?;
    person.tags = args.tag.iter().map(|t| clean_tag(t)).collect::<Result<_, _>>()?;
    let added = ctx.store.add_person(&person, ctx.now_ts()).await.map_err(|e| e.into());
    let added = name_identity_holder(ctx, added).await?;
    if ctx.json {
        return out::json(&added);
    }
    out::line(&format!("added {} ({})", added.name, added.id))
}

pub(super) async fn list(ctx: &Ctx, args: PersonListArgs) -> Result<()> {
    let tag = args.tag.as_deref().map(clean_tag).transpose()?;
    let stage = args.stage.as_deref().map(str::parse::<Stage>).transpose()?;
    let org = match &args.org {
        Some(org) => Some(who::org(ctx, org).await?.id),
        None => None,
    };
    let people: Vec<Person> = ctx
        .store
        .people()
        .await?
        .into_iter()
        .filter(|p| tag.as_ref().is_none_or(|t| p.tags.contains(t)))
        .filter(|p| stage.is_none_or(|s| p.stage == s))
        .filter(|p| org.is_none() || p.org == org)
        .collect();
    if ctx.json {
        return out::json(&people);
    }
    let orgs = org_names(ctx).await?;
    let mut table = out::table(["name", "id", "organization", "stage", "tags", "contact"]);
    for p in &people {
        table.add_row([
            p.name.as_str(),
            p.id.as_str(),
            out::or_dash(p.org.as_ref().and_then(|o| orgs.get(o)).map(String::as_str)),
            p.stage.as_str(),
            &p.tags.join(", "),
            out::or_dash(p.identities.first().map(Identity::value)),
        ]);
    }
    out::table_or(&table, "nobody yet; add someone with `kith person add \"Name\" --email them@example.com`")
}

/// Organization names by id, for display.
pub async fn org_names(ctx: &Ctx) -> Result<HashMap<OrgId, String>> {
    Ok(ctx.store.organizations().await?.into_iter().map(|o| (o.id, o.name)).collect())
}

async fn edit(ctx: &Ctx, args: PersonEditArgs) -> Result<()> {
    let person = who::person(ctx, &args.who).await?;
    let region = ctx.store.phone_region().await?;
    let typed = |text: &String| Identity::parse_any_kind(text).map(|i| in_region(region.as_ref(), i));
    let mut patch = PersonPatch {
        name: args.name.as_deref().map(clean_name).transpose()?,
        role: args.role.as_deref().map(|r| clean_text(r, "role").map(Some)).transpose()?,
        industry: args.industry.as_deref().map(|i| clean_text(i, "industry").map(Some)).transpose()?,
        tier: args.tier.as_deref().map(|t| t.parse::<Tier>().map(Some)).transpose()?,
        cadence_days: args.cadence.map(|d| check_cadence(d).map(Some)).transpose()?,
        add_identities: args.add.iter().map(typed).collect::<Result<_, _>>()?,
        remove_identities: args.remove.iter().map(typed).collect::<Result<_, _>>()?,
        ..PersonPatch::default()
    };
    if let Some(org) = &args.org {
        patch.org = Some(Some(who::org(ctx, org).await?.id));
    }
    if args.no_org {
        patch.org = Some(None);
    }
    if args.no_tier {
        patch.tier = Some(None);
    }
    if args.no_cadence {
        patch.cadence_days = Some(None);
    }
    let updated = ctx.store.update_person(&person.id, &patch).await.map_err(|e| e.into());
    let updated = name_identity_holder(ctx, updated).await?;
    if ctx.json {
        return out::json(&updated);
    }
    out::line(&format!("updated {} ({})", updated.name, updated.id))
}

/// Rewords an identity conflict to name the person who holds the identity.
async fn name_identity_holder<T>(ctx: &Ctx, result: Result<T>) -> Result<T> {
    let Err(err) = result else { return result };
    let Some(StoreError::IdentityTaken { identity, owner }) = err.downcast_ref::<StoreError>() else {
        return Err(err);
    };
    let holder = ctx.store.person(owner).await?;
    Err(UserError::Invalid(format!(
        "{identity} already belongs to {} ({owner}); if they are one person, use `kith person merge`",
        holder.name
    ))
    .into())
}

async fn tag(ctx: &Ctx, who: &str, tags: &[String], add: bool) -> Result<()> {
    let person = who::person(ctx, who).await?;
    let tags = tags.iter().map(|t| clean_tag(t)).collect::<Result<Vec<_>, _>>()?;
    if add {
        ctx.store.tag(&person.id, &tags).await?;
    } else {
        if let Some(missing) = tags.iter().find(|t| !person.tags.contains(t)) {
            return Err(UserError::NotFound(format!("{} has no tag \"{missing}\"", person.name)).into());
        }
        ctx.store.untag(&person.id, &tags).await?;
    }
    let person = ctx.store.person(&person.id).await?;
    if ctx.json {
        return out::json(&person);
    }
    let tags = if person.tags.is_empty() { "none".to_owned() } else { person.tags.join(", ") };
    out::line(&format!("{} is tagged: {tags}", person.name))
}

async fn note(ctx: &Ctx, who: &str, text: &str, at: Option<&str>) -> Result<()> {
    let person = who::person(ctx, who).await?;
    let note = NewNote::new(person.id.clone(), text, ctx.when(at)?, ctx.now_ts())?;
    let note = ctx.store.add_note(&note).await?;
    if ctx.json {
        return out::json(&note);
    }
    out::line(&format!("noted on {} ({})", person.name, out::date(note.at)))
}

async fn remove(ctx: &Ctx, who: &str) -> Result<()> {
    let person = who::person(ctx, who).await?;
    ctx.store.remove_person(&person.id).await?;
    if ctx.json {
        return out::json(&serde_json::json!({ "removed": person.id }));
    }
    out::line(&format!("removed {} ({})", person.name, person.id))
}
