//! `kith org …` and `kith engagement …`.

use crate::cli::{EngagementCommand, OrgCommand};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::{Engagement, EngagementStatus, NewEngagement, NewOrganization, Organization, Person};
use serde::Serialize;

/// Runs a `kith org` subcommand.
pub async fn org(ctx: &Ctx, command: OrgCommand) -> Result<()> {
    match command {
        OrgCommand::Add { name, domain } => {
            let org = NewOrganization::new(&name, &domain)?;
            let org = ctx.store.add_organization(&org, ctx.now_ts()).await?;
            if ctx.json {
                return out::json(&org);
            }
            out::line(&format!("added {} ({})", org.name, org.id))
        }
        OrgCommand::List => {
            let orgs = ctx.store.organizations().await?;
            if ctx.json {
                return out::json(&orgs);
            }
            let people = ctx.store.people().await?;
            let mut table = out::table(["name", "id", "domains", "people"]);
            for o in &orgs {
                let count = people.iter().filter(|p| p.org.as_ref() == Some(&o.id)).count();
                table.add_row([o.name.as_str(), o.id.as_str(), &o.domains.join(", "), &count.to_string()]);
            }
            out::table_or(
                &table,
                "no organizations yet; add one with `kith org add \"Acme\" --domain acme.io`",
            )
        }
        OrgCommand::Show { org } => show_org(ctx, &org).await,
    }
}

#[derive(Serialize)]
struct OrgView<'a> {
    organization: &'a Organization,
    people: Vec<&'a Person>,
    engagements: Vec<&'a Engagement>,
}

async fn show_org(ctx: &Ctx, text: &str) -> Result<()> {
    let org = who::org(ctx, text).await?;
    let people = ctx.store.people().await?;
    let engagements = ctx.store.engagements().await?;
    let view = OrgView {
        organization: &org,
        people: people.iter().filter(|p| p.org.as_ref() == Some(&org.id)).collect(),
        engagements: engagements.iter().filter(|e| e.org == org.id).collect(),
    };
    if ctx.json {
        return out::json(&view);
    }
    out::line(&format!("{} ({})", org.name, org.id))?;
    out::line(&format!("  domains  {}", out::or_dash(Some(&org.domains.join(", ")))))?;
    out::line("\nPeople")?;
    let mut table = out::table(["name", "id", "role", "stage"]);
    for p in &view.people {
        table.add_row([p.name.as_str(), p.id.as_str(), out::or_dash(p.role.as_deref()), p.stage.as_str()]);
    }
    out::table_or(&table, "  nobody yet")?;
    out::line("\nEngagements")?;
    engagement_table(&view.engagements, |_| org.name.clone())
}

fn engagement_table(list: &[&Engagement], org_name: impl Fn(&Engagement) -> String) -> Result<()> {
    let mut table = out::table(["id", "client", "title", "status", "started", "ended", "people"]);
    for e in list {
        table.add_row([
            e.id.to_string(),
            org_name(e),
            e.title.clone(),
            e.status.to_string(),
            out::date(e.started_at),
            e.ended_at.map(out::date).unwrap_or_else(|| "-".into()),
            e.people.len().to_string(),
        ]);
    }
    out::table_or(&table, "  none yet; add one with `kith engagement add <org> \"title\" --person <who>`")
}

/// Runs a `kith engagement` subcommand.
pub async fn engagement(ctx: &Ctx, command: EngagementCommand) -> Result<()> {
    match command {
        EngagementCommand::Add { org, title, start, people } => {
            let org = who::org(ctx, &org).await?;
            let mut ids = Vec::with_capacity(people.len());
            for p in &people {
                ids.push(who::person(ctx, p).await?.id);
            }
            let started = ctx.when(start.as_deref())?;
            let new = NewEngagement::new(org.id, &title, started, ids, ctx.now_ts())?;
            let e = ctx.store.add_engagement(&new).await?;
            if ctx.json {
                return out::json(&e);
            }
            out::line(&format!("started {} with {} ({})", e.title, org.name, e.id))
        }
        EngagementCommand::List { active } => {
            let list: Vec<Engagement> = ctx
                .store
                .engagements()
                .await?
                .into_iter()
                .filter(|e| !active || e.status == EngagementStatus::Active)
                .collect();
            if ctx.json {
                return out::json(&list);
            }
            let names = super::people::org_names(ctx).await?;
            engagement_table(&list.iter().collect::<Vec<_>>(), |e| {
                names.get(&e.org).cloned().unwrap_or_default()
            })
        }
        EngagementCommand::Show { engagement } => {
            let e = who::engagement(ctx, &engagement, false).await?;
            if ctx.json {
                return out::json(&e);
            }
            let org = ctx.store.organization(&e.org).await?;
            out::line(&format!("{} for {} ({})", e.title, org.name, e.id))?;
            out::line(&format!("  status   {}", e.status))?;
            out::line(&format!("  started  {}", out::date(e.started_at)))?;
            if let Some(ended) = e.ended_at {
                out::line(&format!("  ended    {}", out::date(ended)))?;
            }
            let mut table = out::table(["name", "id", "role"]);
            for id in &e.people {
                let p = ctx.store.person(id).await?;
                table.add_row([p.name, p.id.to_string(), p.role.unwrap_or_else(|| "-".into())]);
            }
            out::line("\nPeople")?;
            out::table_or(&table, "  nobody recorded")
        }
        EngagementCommand::Finish { engagement, at } => {
            let e = who::engagement(ctx, &engagement, true).await?;
            let at = ctx.when(at.as_deref())?;
            let e = ctx.store.finish_engagement(&e.id, at, ctx.now_ts()).await?;
            if ctx.json {
                return out::json(&e);
            }
            out::line(&format!("finished {} ({}) on {}", e.title, e.id, out::date(at)))
        }
    }
}
