//! People kept by hand: adding, listing with filters, changing, tagging, noting and
//! removing them. Names, identities, tags and free text arrive as typed and are checked
//! by kith-core here; a phone number written without a calling code is read in the
//! owner's region.

use crate::health::Assessed;
use crate::{Ctx, Error, Result, who};
use jiff::Timestamp;
use kith_core::health::{Assessment, DiagnosisKind};
use kith_core::resolve::Words;
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
    let chosen = Chosen::of(ctx, &filter).await?;
    let people = ctx.store.people().await?.into_iter().filter(|p| chosen.keeps(p)).collect();
    Ok(PeopleList { people, org_names: org_names(ctx).await? })
}

/// A [`PeopleFilter`] with its tag and organization read.
struct Chosen {
    tag: Option<String>,
    stage: Option<Stage>,
    org: Option<OrgId>,
}

impl Chosen {
    async fn of(ctx: &Ctx, filter: &PeopleFilter) -> Result<Self> {
        let org = match &filter.org {
            Some(org) => Some(who::org(ctx, org).await?.id),
            None => None,
        };
        Ok(Self { tag: filter.tag.as_deref().map(clean_tag).transpose()?, stage: filter.stage, org })
    }

    fn keeps(&self, p: &Person) -> bool {
        self.tag.as_ref().is_none_or(|t| p.tags.contains(t))
            && self.stage.is_none_or(|s| p.stage == s)
            && (self.org.is_none() || p.org == self.org)
    }
}

/// How people found are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    /// By name, as `kith person list` lists them.
    #[default]
    Name,
    /// Closest tier first, the strongest first within a tier.
    Tier,
    /// Strongest tie first.
    Strength,
    /// Latest contact first; never in touch last.
    LastContact,
    /// Most in need of attention first, as the review ranks them.
    Attention,
}

impl PeopleSort {
    /// Every order, as offered.
    pub const ALL: [PeopleSort; 5] = [
        PeopleSort::Name,
        PeopleSort::Tier,
        PeopleSort::Strength,
        PeopleSort::LastContact,
        PeopleSort::Attention,
    ];

    /// The order's name, as a query string or a flag gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            PeopleSort::Name => "name",
            PeopleSort::Tier => "tier",
            PeopleSort::Strength => "strength",
            PeopleSort::LastContact => "last_contact",
            PeopleSort::Attention => "attention",
        }
    }
}

impl std::str::FromStr for PeopleSort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().replace('-', "_");
        Self::ALL.into_iter().find(|o| o.as_str() == s).ok_or_else(|| {
            Error::Invalid(format!(
                "\"{s}\" is not an order; use one of {}",
                Self::ALL.map(PeopleSort::as_str).join(", ")
            ))
        })
    }
}

/// A search over everyone: words typed, the list's filters, the review's, an order and a
/// page.
#[derive(Debug, Clone, Default)]
pub struct SearchInput {
    /// Words each of which must be in the person's name, an alias, an identity (email,
    /// phone, URL), their organization's name or a tag.
    pub query: String,
    /// Tag, stage and organization, as `kith person list` takes them.
    pub filter: PeopleFilter,
    /// Only these tiers (none: every tier).
    pub tiers: Vec<Tier>,
    /// Only people with one of these diagnoses (none: anyone).
    pub diagnoses: Vec<DiagnosisKind>,
    /// The order.
    pub sort: PeopleSort,
    /// How many found to pass over, for the pages after the first.
    pub offset: usize,
    /// At most this many (0: all).
    pub limit: usize,
}

/// One person found, with what the list shows of their health.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Found {
    /// The person.
    pub person: Person,
    /// Their tier, pinned or by rank.
    #[serde(skip)]
    pub tier: Tier,
    /// Tie strength, 0 to 100.
    #[serde(skip)]
    pub strength: f64,
    /// How much they need the owner now.
    #[serde(skip)]
    pub attention: f64,
    /// Their latest contact.
    #[serde(skip)]
    pub last_contact: Option<Timestamp>,
    /// What holds, most severe first.
    #[serde(skip)]
    pub diagnoses: Vec<DiagnosisKind>,
    /// Their organization's name.
    #[serde(skip)]
    pub org_name: Option<String>,
}

/// The people a search found, one page of them. As JSON, the people of the page, as
/// `kith person list --json` gives them.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct PeopleFound {
    /// The page's people, in the order asked.
    pub people: Vec<Found>,
    /// How many were found in all.
    #[serde(skip)]
    pub total: usize,
    /// How many found come before this page.
    #[serde(skip)]
    pub offset: usize,
}

/// Everyone `input` finds among the people assessed, in its order, one page of them.
pub async fn search(ctx: &Ctx, assessed: &Assessed, input: SearchInput) -> Result<PeopleFound> {
    let chosen = Chosen::of(ctx, &input.filter).await?;
    let orgs = org_names(ctx).await?;
    let words = Words::of(&input.query);
    let judged: HashMap<&PersonId, &Assessment> = assessed.ranked.iter().map(|a| (&a.person, a)).collect();
    let mut found: Vec<(&Person, &Assessment)> = assessed
        .people
        .iter()
        .filter(|p| chosen.keeps(p))
        .filter_map(|p| judged.get(&p.id).map(|a| (p, *a)))
        .filter(|(_, a)| input.tiers.is_empty() || input.tiers.contains(&a.tier))
        .filter(|(_, a)| {
            input.diagnoses.is_empty() || a.diagnoses.iter().any(|d| input.diagnoses.contains(&d.kind))
        })
        .filter(|(p, _)| {
            let org = p.org.as_ref().and_then(|o| orgs.get(o)).map(String::as_str);
            let texts = std::iter::once(p.name.as_str())
                .chain(p.aliases.iter().map(String::as_str))
                .chain(p.identities.iter().map(Identity::value))
                .chain(p.tags.iter().map(String::as_str))
                .chain(org);
            words.found_in(texts)
        })
        .collect();
    drop(judged);
    // People come in name order; a stable sort keeps it among equals.
    let by = |x: f64, y: f64| y.total_cmp(&x);
    match input.sort {
        PeopleSort::Name => {}
        PeopleSort::Tier => found.sort_by(|(_, a), (_, b)| {
            a.tier.cmp(&b.tier).then_with(|| by(a.metrics.strength, b.metrics.strength))
        }),
        PeopleSort::Strength => found.sort_by(|(_, a), (_, b)| by(a.metrics.strength, b.metrics.strength)),
        PeopleSort::LastContact => found.sort_by_key(|(_, a)| std::cmp::Reverse(a.metrics.last)),
        PeopleSort::Attention => found.sort_by(|(_, a), (_, b)| by(a.attention, b.attention)),
    }
    let total = found.len();
    let take = if input.limit == 0 { usize::MAX } else { input.limit };
    let people = found
        .into_iter()
        .skip(input.offset)
        .take(take)
        .map(|(p, a)| Found {
            person: p.clone(),
            tier: a.tier,
            strength: a.metrics.strength,
            attention: a.attention,
            last_contact: a.metrics.last,
            diagnoses: a.diagnoses.iter().map(|d| d.kind).collect(),
            org_name: p.org.as_ref().and_then(|o| orgs.get(o)).cloned(),
        })
        .collect();
    Ok(PeopleFound { people, total, offset: input.offset })
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
