//! One person whole: profile, organization, health with its evidence, ledger, timeline,
//! stage history, notes, check-ins, facts and the mutes in force, as of the context's
//! `now` (what came later did not happen yet).

use crate::facts;
use crate::health::{self, Assessed, PersonHealth};
use crate::{Ctx, Result, who};
use kith_core::SuggestionState;
use kith_core::health::{Mute, PersonFact};
use kith_core::timeline::{Reciprocity, Timeline, reciprocity, timeline};
use kith_core::{
    CheckIn, Exchange, ExchangeId, Interaction, LedgerTotals, Note, Organization, Person, PersonId,
    SourceMessage, Transition,
};
use kith_store::PersonRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything about one person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonPage {
    /// The person.
    pub person: Person,
    /// The organization they work at.
    pub organization: Option<Organization>,
    /// Their stage changes, oldest first.
    pub transitions: Vec<Transition>,
    /// Their timeline, oldest first.
    pub interactions: Vec<Interaction>,
    /// Their contacts month by month, stage changes marked, for a chart.
    pub timeline: Timeline,
    /// What was given and received month by month, open entries marked, for a chart.
    pub reciprocity: Reciprocity,
    /// What was given and asked between them and the owner.
    pub ledger: Ledger,
    /// Dated notes.
    pub notes: Vec<Note>,
    /// Check-ins, done and due.
    pub checkins: Vec<CheckIn>,
    /// Facts recorded about them.
    pub facts: Vec<PersonFact>,
    /// The mutes still in force.
    pub mutes: Vec<Mute>,
    /// Their health, assessed among everyone.
    pub health: PersonHealth,
    /// The names of the others who took part in their interactions.
    #[serde(skip)]
    pub others: BTreeMap<PersonId, String>,
}

/// A person's ledger, as their page shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PageLedger))]
pub struct Ledger {
    /// Its totals.
    pub totals: LedgerTotals,
    /// Its entries.
    pub entries: Vec<Exchange>,
    /// Favors found in mail that wait for the owner's word.
    pub suggestions_waiting: usize,
    /// The message each entry accepted from mail was found in, by entry id.
    pub sources: BTreeMap<ExchangeId, SourceMessage>,
}

/// Everything about the person `who` names, everyone assessed now.
pub async fn person(ctx: &Ctx, who: &str) -> Result<PersonPage> {
    let record = record_named(ctx, who).await?;
    page(ctx, record, &health::assess(ctx).await?)
}

/// Everything about the person `who` names, from an assessment of everyone already made
/// (and kept up to date, as a server keeps [`health::Judgments`]).
pub async fn person_among(ctx: &Ctx, who: &str, assessed: &Assessed) -> Result<PersonPage> {
    page(ctx, record_named(ctx, who).await?, assessed)
}

/// Everything stored about the person `who` names: read at once when `who` is an id,
/// after resolving a name or an identity otherwise.
async fn record_named(ctx: &Ctx, who: &str) -> Result<PersonRecord> {
    let id = match PersonId::parse(who.trim()) {
        Some(id) => id,
        None => who::person(ctx, who).await?.id,
    };
    Ok(ctx.store.record_of(&id).await?)
}

/// What a person's page in the browser shows: everything about them, their whole plan,
/// and each metric in words with how it was computed.
#[derive(Debug)]
pub struct PersonView {
    /// Everything about them.
    pub page: PersonPage,
    /// Their moves, in order.
    pub plan: health::Plan,
    /// Each metric in words.
    pub explained: health::Explained,
}

/// [`PersonView`] of the person `who` names, from an assessment of everyone already made.
pub async fn view_among(ctx: &Ctx, who: &str, assessed: &Assessed) -> Result<PersonView> {
    let record = record_named(ctx, who).await?;
    let plan = health::plan_of(assessed, &record.person)?;
    let explained = health::explained(ctx, record.person.clone(), assessed)?;
    Ok(PersonView { page: page(ctx, record, assessed)?, plan, explained })
}

fn page(ctx: &Ctx, record: PersonRecord, assessed: &Assessed) -> Result<PersonPage> {
    let PersonRecord {
        person,
        organization,
        mut interactions,
        exchanges: mut entries,
        suggestions,
        facts,
        mutes,
        transitions,
        notes,
        checkins,
    } = record;
    let now = ctx.now_ts();
    entries.retain(|entry| entry.opened_at <= now);
    interactions.retain(|interaction| interaction.at <= now);
    let mutes = facts::in_force(mutes, &person.id, now);
    let health = health::of_person_among(assessed, &person)?;
    let suggestions_waiting = suggestions.iter().filter(|s| s.state == SuggestionState::Open).count();
    let others = others(assessed, &person.id, &interactions);
    let tz = ctx.now.time_zone();
    Ok(PersonPage {
        organization,
        timeline: timeline(&interactions, &transitions, tz, now),
        reciprocity: reciprocity(&entries, tz, now),
        transitions,
        interactions,
        ledger: Ledger {
            totals: LedgerTotals::of(&entries),
            entries,
            suggestions_waiting,
            sources: crate::ledger::sources_of(suggestions),
        },
        notes,
        checkins,
        facts,
        mutes,
        health,
        others,
        person,
    })
}

/// The names of everyone but `person` who took part in `interactions`.
fn others(
    assessed: &Assessed,
    person: &PersonId,
    interactions: &[Interaction],
) -> BTreeMap<PersonId, String> {
    let wanted: std::collections::BTreeSet<&PersonId> =
        interactions.iter().flat_map(|i| &i.participants).filter(|id| *id != person).collect();
    if wanted.is_empty() {
        return BTreeMap::new();
    }
    assessed
        .people
        .iter()
        .filter(|p| wanted.contains(&p.id))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect()
}
