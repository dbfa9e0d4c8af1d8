//! People kept by hand: adding, listing with filters, changing, tagging, noting and
//! removing them. Names, identities, tags and free text arrive as typed and are checked
//! by kith-core here; a phone number written without a calling code is read in the
//! owner's region.

use crate::{Ctx, Error, Result, who};
use kith_core::{
    Identity, NewNote, NewPerson, Note, OrgId, Person, PersonId, PersonPatch, PhoneRegion, Stage, Tier,
    clean_name, clean_tag, clean_text,
};
use kith_store::StoreError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A person to add, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewPersonInput {
    /// The name.
    pub name: String,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// URLs (profiles, sites).
    pub urls: Vec<String>,
    /// The organization they work for: an id, a domain or a name.
    pub org: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Their industry.
    pub industry: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// Adds a person. An identity someone else holds is refused, naming who holds it.
pub async fn add(ctx: &Ctx, input: NewPersonInput) -> Result<Person> {
    let mut person = NewPerson::named(&input.name)?;
    for email in &input.emails {
        person.identities.push(Identity::email(email)?);
    }
    let region = ctx.store.phone_region().await?;
    for phone in &input.phones {
        person.identities.push(in_region(region.as_ref(), Identity::phone(phone)?));
    }
    for url in &input.urls {
        person.identities.push(Identity::url(url)?);
    }
    if let Some(org) = &input.org {
        person.org = Some(who::org(ctx, org).await?.id);
    }
    person.role = input.role.as_deref().map(|r| clean_text(r, "role")).transpose()?;
    person.industry = input.industry.as_deref().map(|i| clean_text(i, "industry")).transpose()?;
    person.tags = input.tags.iter().map(|t| clean_tag(t)).collect::<Result<_, _>>()?;
    let added = ctx.store.add_person(&person, ctx.now_ts()).await;
    name_identity_holder(ctx, added).await
}

/// Which people to list; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Only people with this tag (as typed).
    pub tag: Option<String>,
    /// Only people in this stage.
    pub stage: Option<Stage>,
    /// Only people of this organization: an id, a domain or a name.
    pub org: Option<String>,
}

/// People, and the names of their organizations for showing them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeopleList {
    /// The people, in the store's order.
    pub people: Vec<Person>,
    /// The name of each organization, by id.
    #[serde(skip)]
    pub org_names: HashMap<OrgId, String>,
}

/// The people the filter lets through.
pub async fn list(ctx: &Ctx, filter: PeopleFilter) -> Result<PeopleList> {
    let tag = filter.tag.as_deref().map(clean_tag).transpose()?;
    let org = match &filter.org {
        Some(org) => Some(who::org(ctx, org).await?.id),
        None => None,
    };
    let people = ctx
        .store
        .people()
        .await?
        .into_iter()
        .filter(|p| tag.as_ref().is_none_or(|t| p.tags.contains(t)))
        .filter(|p| filter.stage.is_none_or(|s| p.stage == s))
        .filter(|p| org.is_none() || p.org == org)
        .collect();
    Ok(PeopleList { people, org_names: org_names(ctx).await? })
}

/// People's names by id.
pub async fn names(ctx: &Ctx) -> Result<HashMap<PersonId, String>> {
    Ok(ctx.store.people().await?.into_iter().map(|p| (p.id, p.name)).collect())
}

/// Organization names by id.
pub async fn org_names(ctx: &Ctx) -> Result<HashMap<OrgId, String>> {
    Ok(ctx.store.organizations().await?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// A change to a person, as typed; what is left out stays as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonEdit {
    /// A new name.
    pub name: Option<String>,
    /// A new organization (an id, a domain or a name), or none.
    pub org: Option<Option<String>>,
    /// A new role.
    pub role: Option<String>,
    /// A new industry.
    pub industry: Option<String>,
    /// A pinned tier, or unpinned.
    pub tier: Option<Option<Tier>>,
    /// A pinned cadence in days, or unpinned.
    pub cadence_days: Option<Option<u32>>,
    /// Identities to add (email, phone, URL, …; the kind is guessed).
    pub add: Vec<String>,
    /// Identities to remove.
    pub remove: Vec<String>,
}

/// Changes the person `who` names; kith-core refuses a change that changes nothing or
/// removes an identity they do not have.
pub async fn edit(ctx: &Ctx, who: &str, edit: PersonEdit) -> Result<Person> {
    let person = who::person(ctx, who).await?;
    let region = ctx.store.phone_region().await?;
    let typed = |text: &String| Identity::parse_any_kind(text).map(|i| in_region(region.as_ref(), i));
    let mut patch = PersonPatch {
        name: edit.name.as_deref().map(clean_name).transpose()?,
        role: edit.role.as_deref().map(|r| clean_text(r, "role").map(Some)).transpose()?,
        industry: edit.industry.as_deref().map(|i| clean_text(i, "industry").map(Some)).transpose()?,
        tier: edit.tier,
        cadence_days: edit.cadence_days.map(|d| d.map(kith_core::check_cadence).transpose()).transpose()?,
        add_identities: edit.add.iter().map(typed).collect::<Result<_, _>>()?,
        remove_identities: edit.remove.iter().map(typed).collect::<Result<_, _>>()?,
        ..PersonPatch::default()
    };
    patch.org = match edit.org {
        Some(Some(org)) => Some(Some(who::org(ctx, &org).await?.id)),
        Some(None) => Some(None),
        None => None,
    };
    let updated = ctx.store.update_person(&person.id, &patch).await;
    name_identity_holder(ctx, updated).await
}

/// Adds tags to the person `who` names; returns them as they now are.
pub async fn tag(ctx: &Ctx, who: &str, tags: &[String]) -> Result<Person> {
    let person = who::person(ctx, who).await?;
    let tags = clean_tags(tags)?;
    ctx.store.tag(&person.id, &tags).await?;
    Ok(ctx.store.person(&person.id).await?)
}

/// Removes tags from the person `who` names; a tag they do not have is not found and
/// nothing is removed.
pub async fn untag(ctx: &Ctx, who: &str, tags: &[String]) -> Result<Person> {
    let person = who::person(ctx, who).await?;
    let tags = clean_tags(tags)?;
    if let Some(missing) = tags.iter().find(|t| !person.tags.contains(t)) {
        return Err(Error::NotFound(format!("{} has no tag \"{missing}\"", person.name)));
    }
    ctx.store.untag(&person.id, &tags).await?;
    Ok(ctx.store.person(&person.id).await?)
}

fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    Ok(tags.iter().map(|t| clean_tag(t)).collect::<Result<Vec<_>, _>>()?)
}

/// A note added to a person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Noted {
    /// The note.
    pub note: Note,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// Adds a dated note to the person `who` names, dated `at` as typed (none: now).
pub async fn note(ctx: &Ctx, who: &str, text: &str, at: Option<&str>) -> Result<Noted> {
    let person = who::person(ctx, who).await?;
    let note = NewNote::new(person.id.clone(), text, ctx.when(at)?, ctx.now_ts())?;
    let note = ctx.store.add_note(&note).await?;
    Ok(Noted { note, name: person.name })
}

/// A person removed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Removed {
    /// Their id.
    pub removed: PersonId,
    /// Their name.
    #[serde(skip)]
    pub name: String,
}

/// Removes the person `who` names, with everything that is only theirs.
pub async fn remove(ctx: &Ctx, who: &str) -> Result<Removed> {
    let person = who::person(ctx, who).await?;
    ctx.store.remove_person(&person.id).await?;
    Ok(Removed { removed: person.id, name: person.name })
}

/// A typed identity, a phone number read in the owner's region when one is set.
fn in_region(region: Option<&PhoneRegion>, identity: Identity) -> Identity {
    match region {
        Some(region) => region.normalize(&identity),
        None => identity,
    }
}

/// Rewords an identity conflict to name the person who holds the identity.
async fn name_identity_holder<T>(ctx: &Ctx, result: Result<T, StoreError>) -> Result<T> {
    match result {
        Err(StoreError::IdentityTaken { identity, owner }) => {
            let holder = ctx.store.person(&owner).await?;
            Err(Error::Invalid(format!(
                "{identity} already belongs to {} ({owner}); if they are one person, use `kith person merge`",
                holder.name
            )))
        }
        other => Ok(other?),
    }
}
