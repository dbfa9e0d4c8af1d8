//! Organizations and engagements (client work): adding, listing, showing, and finishing
//! an engagement, which kith-core allows only once it has begun.

use crate::{Ctx, Result, people, who};
use jiff::Timestamp;
use kith_core::{Engagement, EngagementStatus, NewEngagement, NewOrganization, OrgId, Organization, Person};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Adds an organization with a name and its domains, as typed.
pub async fn add_org(ctx: &Ctx, name: &str, domains: &[String]) -> Result<Organization> {
    let org = NewOrganization::new(name, domains)?;
    Ok(ctx.store.add_organization(&org, ctx.now_ts()).await?)
}

/// Every organization, and how many people each has.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgList {
    /// The organizations.
    pub orgs: Vec<Organization>,
    /// How many people work for each.
    #[serde(skip)]
    pub people: HashMap<OrgId, usize>,
}

/// Every organization.
pub async fn orgs(ctx: &Ctx) -> Result<OrgList> {
    let orgs = ctx.store.organizations().await?;
    let mut people: HashMap<OrgId, usize> = HashMap::new();
    for person in ctx.store.people().await? {
        if let Some(org) = person.org {
            *people.entry(org).or_default() += 1;
        }
    }
    Ok(OrgList { orgs, people })
}

/// One organization, its people and its engagements.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgView {
    /// The organization.
    pub organization: Organization,
    /// The people who work for it.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub people: Vec<Person>,
    /// Its engagements.
    pub engagements: Vec<Engagement>,
}

/// The organization `text` names (an id, a domain or a name), whole.
pub async fn org(ctx: &Ctx, text: &str) -> Result<OrgView> {
    let org = who::org(ctx, text).await?;
    let people = ctx.store.people().await?.into_iter().filter(|p| p.org.as_ref() == Some(&org.id)).collect();
    let engagements = ctx.store.engagements().await?.into_iter().filter(|e| e.org == org.id).collect();
    Ok(OrgView { organization: org, people, engagements })
}

/// An engagement to start, as typed.
#[derive(Debug, Clone, Default)]
pub struct EngagementInput {
    /// The client: an id, a domain or a name.
    pub org: String,
    /// What the work is.
    pub title: String,
    /// When it started (none: now).
    pub start: Option<String>,
    /// The people in it, each as `who` is typed.
    pub people: Vec<String>,
}

/// An engagement, with its client's name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngagementAdded {
    /// The engagement.
    pub engagement: Engagement,
    /// The client's name.
    #[serde(skip)]
    pub client: String,
}

/// Starts an engagement with a client.
pub async fn add_engagement(ctx: &Ctx, input: EngagementInput) -> Result<EngagementAdded> {
    let org = who::org(ctx, &input.org).await?;
    let mut ids = Vec::with_capacity(input.people.len());
    for p in &input.people {
        ids.push(who::person(ctx, p).await?.id);
    }
    let started = ctx.when(input.start.as_deref())?;
    let new = NewEngagement::new(org.id, &input.title, started, ids, ctx.now_ts())?;
    let engagement = ctx.store.add_engagement(&new).await?;
    Ok(EngagementAdded { engagement, client: org.name })
}

/// Engagements, with their clients' names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngagementList {
    /// The engagements.
    pub engagements: Vec<Engagement>,
    /// Each client's name, by id.
    #[serde(skip)]
    pub clients: HashMap<OrgId, String>,
}

/// Every engagement, or only the active ones.
pub async fn engagements(ctx: &Ctx, active_only: bool) -> Result<EngagementList> {
    let engagements = ctx
        .store
        .engagements()
        .await?
        .into_iter()
        .filter(|e| !active_only || e.status == EngagementStatus::Active)
        .collect();
    Ok(EngagementList { engagements, clients: people::org_names(ctx).await? })
}

/// One engagement, with its client and its people.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngagementView {
    /// The engagement.
    pub engagement: Engagement,
    /// The client's name.
    #[serde(skip)]
    pub client: String,
    /// The people in it.
    #[serde(skip)]
    pub people: Vec<Person>,
}

/// The engagement `text` names: an id, or a client with exactly one engagement.
pub async fn engagement(ctx: &Ctx, text: &str) -> Result<EngagementView> {
    let engagement = who::engagement(ctx, text, false).await?;
    let client = ctx.store.organization(&engagement.org).await?.name;
    let mut people = Vec::with_capacity(engagement.people.len());
    for id in &engagement.people {
        people.push(ctx.store.person(id).await?);
    }
    Ok(EngagementView { engagement, client, people })
}

/// An engagement finished.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Finished {
    /// The engagement as it now stands.
    pub engagement: Engagement,
    /// When it finished.
    #[serde(skip)]
    pub at: Timestamp,
}

/// Finishes the active engagement `text` names, as of `at` as typed (none: now).
pub async fn finish_engagement(ctx: &Ctx, text: &str, at: Option<&str>) -> Result<Finished> {
    let engagement = who::engagement(ctx, text, true).await?;
    let at = ctx.when(at)?;
    let engagement = ctx.store.finish_engagement(&engagement.id, at, ctx.now_ts()).await?;
    Ok(Finished { engagement, at })
}
