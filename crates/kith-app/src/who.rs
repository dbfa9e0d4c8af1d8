//! Resolving what the user typed to a person, an organization or an engagement: by id,
//! by identity (email, phone, URL, domain) or by name. An ambiguous name lists the
//! candidates; an unknown one suggests the nearest.

use crate::{Ctx, Error, Result};
use kith_core::resolve::{NameMatch, Named, match_name};
use kith_core::{
    Engagement, EngagementId, EngagementStatus, Identity, OrgId, Organization, Person, PersonId, clean_domain,
};

/// The person `who` names.
pub async fn person(ctx: &Ctx, who: &str) -> Result<Person> {
    if let Some(id) = PersonId::parse(who.trim()) {
        return Ok(ctx.store.person(&id).await?);
    }
    if Identity::looks_like_one(who) {
        let identity = Identity::parse(who)?;
        return match ctx.store.person_with_identity(&identity).await? {
            Some(id) => Ok(ctx.store.person(&id).await?),
            None => Err(Error::NotFound(format!(
                "nobody has the {} {identity}; add it to someone with `kith person edit <who> --add {identity}`",
                identity.kind().as_str()
            ))),
        };
    }
    let people = ctx.store.people().await?;
    pick(who, &people, "person", "people", "kith person list").cloned()
}

/// The organization `text` names: an id, a domain or a name.
pub async fn org(ctx: &Ctx, text: &str) -> Result<Organization> {
    if let Some(id) = OrgId::parse(text.trim()) {
        return Ok(ctx.store.organization(&id).await?);
    }
    let orgs = ctx.store.organizations().await?;
    if let Ok(domain) = clean_domain(text)
        && let Some(org) = orgs.iter().find(|o| o.domains.contains(&domain))
    {
        return Ok(org.clone());
    }
    pick(text, &orgs, "organization", "organizations", "kith org list").cloned()
}

/// The engagement `text` names: an id, or a client with exactly one engagement
/// (exactly one active one when `active_only`).
pub async fn engagement(ctx: &Ctx, text: &str, active_only: bool) -> Result<Engagement> {
    if let Some(id) = EngagementId::parse(text.trim()) {
        return Ok(ctx.store.engagement(&id).await?);
    }
    let org = org(ctx, text).await?;
    let mut found: Vec<Engagement> = ctx
        .store
        .engagements()
        .await?
        .into_iter()
        .filter(|e| e.org == org.id && (!active_only || e.status == EngagementStatus::Active))
        .collect();
    let what = if active_only { "active engagement" } else { "engagement" };
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::NotFound(format!("{} has no {what}; see `kith engagement list`", org.name))),
        n => Err(Error::Invalid(format!(
            "{} has {n} {what}s ({}); name one by its id",
            org.name,
            found.iter().map(|e| format!("{} {}", e.id, e.title)).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// How many candidates an ambiguous name lists; the rest are counted.
const SHOWN: usize = 5;

/// Picks the one candidate a name matches, or explains why not.
fn pick<'a, T: Named>(query: &str, all: &'a [T], one: &str, many: &str, list: &str) -> Result<&'a T>
where
    T::Id: PartialEq + std::fmt::Display,
{
    let by_id = |id: &T::Id| all.iter().find(|c| c.id() == id).expect("matched among these");
    let label = |c: &T| format!("{} ({})", c.names()[0], c.id());
    match match_name(query, all) {
        NameMatch::One(id) => Ok(by_id(&id)),
        NameMatch::Ambiguous(ids) => {
            let mut shown: Vec<String> = ids.iter().take(SHOWN).map(|id| label(by_id(id))).collect();
            if ids.len() > SHOWN {
                shown.push(format!("and {} more (`{list}` lists them)", ids.len() - SHOWN));
            }
            Err(Error::Invalid(format!(
                "\"{query}\" matches {} {many}: {}; use an id or a fuller name",
                ids.len(),
                shown.join(", ")
            )))
        }
        NameMatch::NoneLike(ids) if ids.is_empty() => {
            Err(Error::NotFound(format!("no {one} matches \"{query}\"; see `{list}`")))
        }
        NameMatch::NoneLike(ids) => Err(Error::NotFound(format!(
            "no {one} matches \"{query}\"; did you mean {}?",
            ids.iter().map(|id| label(by_id(id))).collect::<Vec<_>>().join(" or ")
        ))),
    }
}
