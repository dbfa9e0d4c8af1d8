//! The database's setup and the owner: their identities and name, the region their
//! phone numbers are read in, and how kith may read their mail.

use crate::{Ctx, Error, Result};
use kith_core::health::OwnerFact;
use kith_core::{Identity, PersonId, PhoneRegion, Renumbering, clean_name};
use kith_store::MailReading;
use serde::{Deserialize, Serialize};

/// A database ready for use.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ready {
    /// Where it is.
    pub database: String,
}

/// The database, created (or opened and upgraded) with the context.
pub fn init(ctx: &Ctx) -> Ready {
    Ready { database: ctx.store.location() }
}

/// A stored number left as it was because its international form is someone else's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clash {
    /// Who holds the international form.
    pub holder: PersonId,
    /// Its international form.
    pub international: Identity,
    /// The number as stored.
    pub number: Identity,
    /// Whose number it is.
    pub person: PersonId,
    /// Their name.
    #[serde(skip)]
    pub person_name: String,
    /// The holder's name.
    #[serde(skip)]
    pub holder_name: String,
}

/// The region phone numbers are read in, and what reading the stored ones again in it
/// changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSet {
    /// Numbers left as they were.
    pub left_alone: Vec<Clash>,
    /// The region's calling code.
    pub region: String,
    /// The region in words.
    #[serde(skip)]
    pub name: String,
    /// How many stored numbers took their international form.
    pub renumbered: usize,
}

/// Sets the region phone numbers written without a calling code are read in (a calling
/// code or a country, as typed), and reads every stored number again in it.
pub async fn set_region(ctx: &Ctx, code: &str) -> Result<RegionSet> {
    let region = PhoneRegion::new(code)?;
    let renumbering = ctx.store.set_phone_region(&region).await?;
    region_set(ctx, &region, renumbering).await
}

async fn region_set(ctx: &Ctx, region: &PhoneRegion, renumbering: Renumbering) -> Result<RegionSet> {
    let mut left_alone = Vec::with_capacity(renumbering.clashes.len());
    for c in renumbering.clashes {
        left_alone.push(Clash {
            person_name: ctx.store.person(&c.person).await?.name,
            holder_name: ctx.store.person(&c.holder).await?.name,
            holder: c.holder,
            international: c.international,
            number: c.number,
            person: c.person,
        });
    }
    Ok(RegionSet {
        left_alone,
        region: region.code().to_owned(),
        name: region.to_string(),
        renumbered: renumbering.numbers,
    })
}

/// The owner's identities added.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OwnerAdded {
    /// The identities, as kith keeps them.
    pub identities: Vec<Identity>,
    /// The region set from the first phone number with a calling code, when none was
    /// set yet.
    #[serde(skip)]
    pub region: Option<RegionSet>,
    /// Mail already imported will be read again for the owner on the next import.
    #[serde(skip)]
    pub relog: bool,
}

/// Adds identities of the owner (the kind of each is guessed). The first phone number
/// with a calling code sets the region numbers are read in, when none is set yet.
pub async fn add_identities(ctx: &Ctx, identities: &[String]) -> Result<OwnerAdded> {
    let identities = identities.iter().map(|i| Identity::parse_any_kind(i)).collect::<Result<Vec<_>, _>>()?;
    for identity in &identities {
        ctx.store.add_owner_identity(identity).await?;
    }
    let mut region = None;
    if let Some(found) = identities.iter().find_map(PhoneRegion::of_number)
        && ctx.store.phone_region().await?.is_none()
    {
        let renumbering = ctx.store.set_phone_region(&found).await?;
        region = Some(region_set(ctx, &found, renumbering).await?);
    }
    let relog = ctx.store.mail_logged_for().await?.is_some();
    Ok(OwnerAdded { identities, region, relog })
}

/// Removes one of the owner's identities; one that is not theirs is not found.
pub async fn remove_identity(ctx: &Ctx, identity: &str) -> Result<Identity> {
    let identity = Identity::parse_any_kind(identity)?;
    if !ctx.store.remove_owner_identity(&identity).await? {
        return Err(Error::NotFound(format!(
            "{identity} is not one of your identities; `kith me list` shows them"
        )));
    }
    Ok(identity)
}

/// The owner's name, which drafts are signed with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerName {
    /// The name.
    pub name: String,
}

/// Sets the owner's name.
pub async fn set_name(ctx: &Ctx, name: &str) -> Result<OwnerName> {
    let name = clean_name(name)?;
    ctx.store.set_owner_name(&name).await?;
    Ok(OwnerName { name })
}

/// Whether every mail import reads the text of personal messages for favors.
pub async fn read_bodies(ctx: &Ctx, on: bool) -> Result<MailReading> {
    let reading = MailReading { read_bodies: on, ..ctx.store.mail_reading().await? };
    ctx.store.set_mail_reading(&reading).await?;
    Ok(reading)
}

/// Whether suggestions from mail keep the sentence they were found in; off forgets the
/// sentences kept so far.
pub async fn keep_evidence(ctx: &Ctx, on: bool) -> Result<MailReading> {
    let reading = MailReading { keep_evidence: on, ..ctx.store.mail_reading().await? };
    ctx.store.set_mail_reading(&reading).await?;
    Ok(reading)
}

/// Who the owner is to kith.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Owner {
    /// Their identities.
    pub identities: Vec<Identity>,
    /// Their name, if set.
    #[serde(skip)]
    pub name: Option<String>,
    /// The changes in their working life they declared.
    #[serde(skip)]
    pub declared: Vec<OwnerFact>,
}

/// The owner's identities, name and declared changes.
pub async fn owner(ctx: &Ctx) -> Result<Owner> {
    Ok(Owner {
        identities: ctx.store.owner_identities().await?,
        name: ctx.store.owner_name().await?,
        declared: crate::facts::declared(ctx).await?,
    })
}
