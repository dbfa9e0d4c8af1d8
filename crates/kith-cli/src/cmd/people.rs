//! `kith person …`: adding, listing, changing, tagging, noting, merging and removing
//! people; parsed here, carried out by `kith_app::people` and `kith_app::dupes`.

use crate::cli::{PersonAddArgs, PersonCommand, PersonEditArgs, PersonListArgs};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::people::{self, NewPersonInput, PeopleFilter, PeopleList, PersonEdit};
use kith_core::{Identity, Person, Stage, Tier};

/// Runs a `kith person` subcommand.
pub async fn run(ctx: &Ctx, command: PersonCommand) -> Result<()> {
    match command {
        PersonCommand::Add(args) => add(ctx, args).await,
        PersonCommand::List(args) => list(ctx, args).await,
        PersonCommand::Show(w) => super::show::show(ctx, &w.who).await,
        PersonCommand::Edit(args) => edit(ctx, args).await,
        PersonCommand::Tag { who, tags } => tagged(ctx, &people::tag(ctx, &who, &tags).await?),
        PersonCommand::Untag { who, tags } => tagged(ctx, &people::untag(ctx, &who, &tags).await?),
        PersonCommand::Note { who, text, at } => note(ctx, &who, &text, at.as_deref()).await,
        PersonCommand::Merge { keep, other } => super::merges::merge(ctx, &keep, &other).await,
        PersonCommand::Merges { who } => super::merges::list(ctx, who.as_deref()).await,
        PersonCommand::Unmerge { merge } => super::merges::unmerge(ctx, &merge).await,
        PersonCommand::Rm(w) => remove(ctx, &w.who).await,
    }
}

async fn add(ctx: &Ctx, args: PersonAddArgs) -> Result<()> {
    let input = NewPersonInput {
        name: args.name,
        emails: args.email,
        phones: args.phone,
        urls: args.url,
        org: args.org,
        role: args.role,
        industry: args.industry,
        tags: args.tag,
    };
    let added = people::add(ctx, input).await?;
    if ctx.json {
        return out::json(&added);
    }
    out::line(&format!("added {} ({})", added.name, added.id))
}

pub(super) async fn list(ctx: &Ctx, args: PersonListArgs) -> Result<()> {
    let filter = PeopleFilter {
        tag: args.tag,
        stage: args.stage.as_deref().map(str::parse::<Stage>).transpose()?,
        org: args.org,
    };
    render_list(ctx, &people::list(ctx, filter).await?)
}

/// Prints people as a table, with their organizations, stages, tags and first identity.
pub(super) fn render_list(ctx: &Ctx, list: &PeopleList) -> Result<()> {
    if ctx.json {
        return out::json(list);
    }
    let mut table = out::table(["name", "id", "organization", "stage", "tags", "contact"]);
    for p in &list.people {
        table.add_row([
            p.name.as_str(),
            p.id.as_str(),
            out::or_dash(p.org.as_ref().and_then(|o| list.org_names.get(o)).map(String::as_str)),
            p.stage.as_str(),
            &p.tags.join(", "),
            out::or_dash(p.identities.first().map(Identity::value)),
        ]);
    }
    out::table_or(&table, "nobody yet; add someone with `kith person add \"Name\" --email them@example.com`")
}

async fn edit(ctx: &Ctx, args: PersonEditArgs) -> Result<()> {
    let mut edit = PersonEdit {
        name: args.name,
        org: args.org.map(Some),
        role: args.role,
        industry: args.industry,
        tier: args.tier.as_deref().map(|t| t.parse::<Tier>().map(Some)).transpose()?,
        cadence_days: args.cadence.map(Some),
        add: args.add,
        remove: args.remove,
    };
    if args.no_org {
        edit.org = Some(None);
    }
    if args.no_tier {
        edit.tier = Some(None);
    }
    if args.no_cadence {
        edit.cadence_days = Some(None);
    }
    let updated = people::edit(ctx, &args.who, edit).await?;
    if ctx.json {
        return out::json(&updated);
    }
    out::line(&format!("updated {} ({})", updated.name, updated.id))
}

fn tagged(ctx: &Ctx, person: &Person) -> Result<()> {
    if ctx.json {
        return out::json(person);
    }
    let tags = if person.tags.is_empty() { "none".to_owned() } else { person.tags.join(", ") };
    out::line(&format!("{} is tagged: {tags}", person.name))
}

async fn note(ctx: &Ctx, who: &str, text: &str, at: Option<&str>) -> Result<()> {
    let noted = people::note(ctx, who, text, at).await?;
    if ctx.json {
        return out::json(&noted);
    }
    out::line(&format!("noted on {} ({})", noted.name, out::date(noted.note.at)))
}

async fn remove(ctx: &Ctx, who: &str) -> Result<()> {
    let removed = people::remove(ctx, who).await?;
    if ctx.json {
        return out::json(&removed);
    }
    out::line(&format!("removed {} ({})", removed.name, removed.removed))
}
