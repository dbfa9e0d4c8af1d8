//! The reciprocity ledger kept by hand: help given and received, asks opened and
//! declined, and one person's ledger with its totals. Which open ask a giving or a
//! decline settles is kith-core's decision, made inside the store's transaction.

use crate::{Ctx, Error, Result, who};
use jiff::Timestamp;
use kith_core::{
    Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, LedgerTotals, NewExchange, PersonId,
    SourceMessage, Suggestion, clean_text,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One ledger entry to record, about the person `who` names.
#[derive(Debug, Clone)]
pub struct EntryInput {
    /// What kind of help.
    pub kind: ExchangeKind,
    /// When, as typed (none: now).
    pub at: Option<String>,
    /// What it was.
    pub note: Option<String>,
}

/// A ledger entry as it now stands, with the person's name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Entry {
    /// The entry.
    pub entry: Exchange,
    /// The name of the person it is with.
    #[serde(skip)]
    pub name: String,
    /// A giving that fulfilled an open ask rather than adding an entry.
    #[serde(skip)]
    pub fulfilled_ask: bool,
}

/// Records help given by `giver` (`weight` none: the kind's own); an open ask of the same
/// kind made before it is fulfilled instead of adding a new entry.
pub async fn give(
    ctx: &Ctx,
    who: &str,
    giver: Giver,
    weight: Option<f64>,
    input: EntryInput,
) -> Result<Entry> {
    let person = who::person(ctx, who).await?;
    let at = ctx.when(input.at.as_deref())?;
    let mut new = NewExchange::new(
        person.id.clone(),
        input.kind,
        giver,
        ExchangeStatus::Given,
        weight,
        at,
        ctx.now_ts(),
    )?;
    new.note = clean_note(input.note.as_deref())?;
    let given = ctx.store.give(&new).await?;
    Ok(Entry { entry: given.entry, name: person.name, fulfilled_ask: given.fulfilled_ask })
}

/// Opens an ask: theirs of the owner, or with `mine` the owner's of them.
pub async fn ask(ctx: &Ctx, who: &str, mine: bool, input: EntryInput) -> Result<Entry> {
    let person = who::person(ctx, who).await?;
    let at = ctx.when(input.at.as_deref())?;
    let giver = asked_giver(mine);
    let mut new = NewExchange::new(
        person.id.clone(),
        input.kind,
        giver,
        ExchangeStatus::Asked,
        None,
        at,
        ctx.now_ts(),
    )?;
    new.note = clean_note(input.note.as_deref())?;
    let entry = ctx.store.record_exchange(&new).await?;
    Ok(Entry { entry, name: person.name, fulfilled_ask: false })
}

/// Declines the oldest open ask of that kind open at `at` (theirs, or with `mine` the
/// owner's); none is not found.
pub async fn decline(
    ctx: &Ctx,
    who: &str,
    mine: bool,
    kind: ExchangeKind,
    at: Option<&str>,
) -> Result<Entry> {
    let person = who::person(ctx, who).await?;
    let at = ctx.when(at)?;
    match ctx.store.decline(&person.id, asked_giver(mine), kind, at, ctx.now_ts()).await? {
        Some(entry) => Ok(Entry { entry, name: person.name, fulfilled_ask: false }),
        None => {
            let whose = if mine { "open ask of yours to" } else { "open ask from" };
            Err(Error::NotFound(format!(
                "there is no {whose} {} for {} as of {}; see `kith ledger \"{}\"`",
                person.name,
                with_article(kind),
                day(ctx, at),
                person.name
            )))
        }
    }
}

/// Who would give, for an ask: the owner for theirs, them for the owner's.
fn asked_giver(mine: bool) -> Giver {
    if mine { Giver::Them } else { Giver::Owner }
}

fn clean_note(note: Option<&str>) -> Result<Option<String>> {
    Ok(note.map(|n| clean_text(n, "note")).transpose()?)
}

/// A moment as the user's day, `2026-03-14`.
fn day(ctx: &Ctx, at: Timestamp) -> String {
    at.to_zoned(ctx.now.time_zone().clone()).strftime("%Y-%m-%d").to_string()
}

/// "an introduction", "a favor", "advice".
pub fn with_article(kind: ExchangeKind) -> String {
    match kind {
        ExchangeKind::Introduction => format!("an {kind}"),
        ExchangeKind::Referral | ExchangeKind::Reference | ExchangeKind::Favor => format!("a {kind}"),
        ExchangeKind::Advice | ExchangeKind::Feedback | ExchangeKind::Help | ExchangeKind::Content => {
            kind.to_string()
        }
    }
}

/// The message each ledger entry accepted from mail was found in, by entry id.
pub type Sources = BTreeMap<ExchangeId, SourceMessage>;

/// Where a person's ledger entries accepted from mail came from.
pub async fn sources(ctx: &Ctx, person: &PersonId) -> Result<Sources> {
    Ok(sources_of(ctx.store.suggestions(Some(person)).await?))
}

/// The message each entry accepted from mail was found in, of a person's suggestions.
pub(crate) fn sources_of(suggestions: Vec<Suggestion>) -> Sources {
    suggestions.into_iter().filter_map(|s| Some((s.exchange?, s.message))).collect()
}

/// One person's ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    /// Whose.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// What was given and received, the balance and the open asks.
    pub totals: LedgerTotals,
    /// The entries, oldest first.
    pub entries: Vec<Exchange>,
    /// The message each entry accepted from mail was found in, by entry id.
    pub sources: BTreeMap<ExchangeId, SourceMessage>,
}

/// The ledger of the person `who` names.
pub async fn ledger(ctx: &Ctx, who: &str) -> Result<Ledger> {
    let person = who::person(ctx, who).await?;
    let entries = ctx.store.exchanges_with(&person.id).await?;
    let totals = LedgerTotals::of(&entries);
    let sources = sources(ctx, &person.id).await?;
    Ok(Ledger { person: person.id, name: person.name, totals, entries, sources })
}
