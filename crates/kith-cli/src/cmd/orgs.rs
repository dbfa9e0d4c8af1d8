//! `kith org …` and `kith engagement …`: parsed here, carried out by `kith_app::orgs`.

use crate::cli::{EngagementCommand, OrgCommand};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::orgs::{self, EngagementInput, EngagementList, OrgList};
use kith_core::Engagement;

/// Runs a `kith org` subcommand.
pub async fn org(ctx: &Ctx, command: OrgCommand) -> Result<()> {
    match command {
        OrgCommand::Add { name, domain } => {
            let org = orgs::add_org(ctx, &name, &domain).await?;
            if ctx.json {
                return out::json(&org);
            }
            out::line(&format!("added {} ({})", org.name, org.id))
        }
        OrgCommand::List => render_orgs(ctx, &orgs::orgs(ctx).await?),
        OrgCommand::Show { org } => show_org(ctx, &org).await,
    }
}

/// Prints the organizations, each with how many people work there.
pub fn render_orgs(ctx: &Ctx, list: &OrgList) -> Result<()> {
    if ctx.json {
        return out::json(list);
    }
    let mut table = out::table(["name", "id", "domains", "people"]);
    for o in &list.orgs {
        let count = list.people.get(&o.id).copied().unwrap_or_default();
        table.add_row([o.name.as_str(), o.id.as_str(), &o.domains.join(", "), &count.to_string()]);
    }
    out::table_or(&table, "no organizations yet; add one with `kith org add \"Acme\" --domain acme.io`")
}

async fn show_org(ctx: &Ctx, text: &str) -> Result<()> {
    let view = orgs::org(ctx, text).await?;
    if ctx.json {
        return out::json(&view);
    }
    let org = &view.organization;
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

fn engagement_table(list: &[Engagement], org_name: impl Fn(&Engagement) -> String) -> Result<()> {
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
            let added = orgs::add_engagement(ctx, EngagementInput { org, title, start, people }).await?;
            if ctx.json {
                return out::json(&added);
            }
            let e = &added.engagement;
            out::line(&format!("started {} with {} ({})", e.title, added.client, e.id))
        }
        EngagementCommand::List { active } => render_engagements(ctx, &orgs::engagements(ctx, active).await?),
        EngagementCommand::Show { engagement } => {
            let view = orgs::engagement(ctx, &engagement).await?;
            if ctx.json {
                return out::json(&view);
            }
            let e = &view.engagement;
            out::line(&format!("{} for {} ({})", e.title, view.client, e.id))?;
            out::line(&format!("  status   {}", e.status))?;
            out::line(&format!("  started  {}", out::date(e.started_at)))?;
            if let Some(ended) = e.ended_at {
                out::line(&format!("  ended    {}", out::date(ended)))?;
            }
            let mut table = out::table(["name", "id", "role"]);
            for p in &view.people {
                table.add_row([p.name.as_str(), p.id.as_str(), out::or_dash(p.role.as_deref())]);
            }
            out::line("\nPeople")?;
            out::table_or(&table, "  nobody recorded")
        }
        EngagementCommand::Finish { engagement, at } => {
            let finished = orgs::finish_engagement(ctx, &engagement, at.as_deref()).await?;
            if ctx.json {
                return out::json(&finished);
            }
            let e = &finished.engagement;
            out::line(&format!("finished {} ({}) on {}", e.title, e.id, out::date(finished.at)))
        }
    }
}

/// Prints the client work, each engagement with its client.
pub fn render_engagements(ctx: &Ctx, list: &EngagementList) -> Result<()> {
    if ctx.json {
        return out::json(list);
    }
    engagement_table(&list.engagements, |e| list.clients.get(&e.org).cloned().unwrap_or_default())
}
