//! Facts the data cannot show, mutes and the owner's declared changes: what the user
//! knows about a person or their own working life, which the diagnoses then take into
//! account.

use crate::{Ctx, Error, Result, who};
use jiff::Timestamp;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::when::not_after;
use kith_core::{PersonId, clean_text};
use serde::{Deserialize, Serialize};

/// A fact to record about a person.
#[derive(Debug, Clone)]
pub struct FactInput {
    /// The fact.
    pub fact: Fact,
    /// Since when it holds; not in the future.
    pub since: Timestamp,
    /// Anything worth saying with it.
    pub note: Option<String>,
}

/// A fact recorded (it serializes as the fact).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactRecorded {
    /// The fact as stored.
    pub fact: PersonFact,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// Records a fact about the person `who` names (again: from the new date).
pub async fn record(ctx: &Ctx, who: &str, input: FactInput) -> Result<FactRecorded> {
    not_after(input.since, ctx.now_ts(), "the fact")?;
    let note = input.note.as_deref().map(|n| clean_text(n, "note")).transpose()?;
    let person = who::person(ctx, who).await?;
    let new = PersonFact { person: person.id.clone(), fact: input.fact, at: input.since, note };
    let fact = ctx.store.record_fact(&new).await?;
    Ok(FactRecorded { fact, name: person.name })
}

/// A fact removed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactRemoved {
    /// The fact as it was.
    pub removed: PersonFact,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// Removes a fact from the person `who` names; not found when they have none such.
pub async fn remove(ctx: &Ctx, who: &str, fact: Fact) -> Result<FactRemoved> {
    let person = who::person(ctx, who).await?;
    let Some(removed) = ctx.store.remove_fact(&person.id, fact).await? else {
        let why = format!("{} has no fact \"{fact}\"; see `kith fact \"{}\"`", person.name, person.name);
        return Err(Error::NotFound(why));
    };
    Ok(FactRemoved { removed, name: person.name })
}

/// The facts recorded about a person (it serializes as the list).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactList {
    /// The facts.
    pub facts: Vec<PersonFact>,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// The facts recorded about the person `who` names.
pub async fn list(ctx: &Ctx, who: &str) -> Result<FactList> {
    let person = who::person(ctx, who).await?;
    let facts = ctx.store.facts_of(&person.id).await?;
    Ok(FactList { facts, name: person.name })
}

/// What a person's page shows of what the owner knows about them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PersonFacts {
    /// The facts recorded about them.
    pub facts: Vec<PersonFact>,
    /// The mutes still in force.
    pub mutes: Vec<Mute>,
}

/// A person's facts and the mutes still in force.
pub async fn of_person(ctx: &Ctx, person: &PersonId) -> Result<PersonFacts> {
    let facts = ctx.store.facts_of(person).await?;
    Ok(PersonFacts { facts, mutes: in_force(ctx.store.mutes().await?, person, ctx.now_ts()) })
}

/// Of `mutes`, those silencing a diagnosis of `person` at `now`.
pub(crate) fn in_force(mutes: Vec<Mute>, person: &PersonId, now: Timestamp) -> Vec<Mute> {
    mutes.into_iter().filter(|m| m.silences(person, m.diagnosis, now)).collect()
}

/// Declares a change in the owner's working life since `since` (declared again: from the
/// new date).
pub async fn declare(ctx: &Ctx, change: OwnerChange, since: Timestamp) -> Result<OwnerFact> {
    Ok(ctx.store.set_owner_fact(&OwnerFact { change, since }).await?)
}

/// A declared change withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cleared {
    /// The change as it was declared.
    pub cleared: OwnerFact,
}

/// Withdraws a declared change; not found when it was not declared.
pub async fn withdraw(ctx: &Ctx, change: OwnerChange) -> Result<Cleared> {
    match ctx.store.clear_owner_fact(change).await? {
        Some(cleared) => Ok(Cleared { cleared }),
        None => Err(Error::NotFound(format!("you have not declared {change}; see `kith me list`"))),
    }
}

/// The owner's declared changes.
pub async fn declared(ctx: &Ctx) -> Result<Vec<OwnerFact>> {
    Ok(ctx.store.owner_facts().await?)
}

/// A mute (it serializes as the mute).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Muted {
    /// The mute as stored.
    pub mute: Mute,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// Mutes a diagnosis for the person `who` names until a moment in the future.
pub async fn mute(ctx: &Ctx, who: &str, diagnosis: DiagnosisKind, until: Timestamp) -> Result<Muted> {
    let person = who::person(ctx, who).await?;
    let mute = Mute::new(person.id.clone(), diagnosis, until, ctx.now_ts())?;
    let mute = ctx.store.mute(&mute).await?;
    Ok(Muted { mute, name: person.name })
}

/// A mute lifted.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unmuted {
    /// The mute as it was.
    pub unmuted: Mute,
    /// The person's name.
    #[serde(skip)]
    pub name: String,
}

/// Lifts the mute of a diagnosis for the person `who` names; not found when there is
/// none.
pub async fn unmute(ctx: &Ctx, who: &str, diagnosis: DiagnosisKind) -> Result<Unmuted> {
    let person = who::person(ctx, who).await?;
    match ctx.store.unmute(&person.id, diagnosis).await? {
        Some(unmuted) => Ok(Unmuted { unmuted, name: person.name }),
        None => Err(Error::NotFound(format!("{diagnosis} is not muted for {}", person.name))),
    }
}
