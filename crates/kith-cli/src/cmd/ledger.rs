//! `kith gave`, `got`, `asked`, `declined` and `ledger`: the reciprocity ledger, and the
//! favors found in mail waiting to enter it.

use crate::cli::{AskArgs, ExchangeArgs, LedgerArgs, LedgerCommand};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use jiff::Timestamp;
use kith_app::who;
use kith_core::{
    Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, LedgerTotals, NewExchange, Person, PersonId,
    SourceMessage, clean_text,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Records help given by `giver`; an open ask of the same kind is fulfilled instead of
/// adding a new entry.
pub async fn give(ctx: &Ctx, args: ExchangeArgs, giver: Giver) -> Result<()> {
    let (person, kind, at) = read_entry(ctx, &args.who, &args.kind, args.at.as_deref()).await?;
    let mut new = NewExchange::new(
        person.id.clone(),
        kind,
        giver,
        ExchangeStatus::Given,
        args.weight,
        at,
        ctx.now_ts(),
    )?;
    new.note = args.note.as_deref().map(|n| clean_text(n, "note")).transpose()?;
    let given = ctx.store.give(&new).await?;
    if ctx.json {
        return out::json(&given.entry);
    }
    let what = describe(&given.entry, &person);
    if given.fulfilled_ask {
        out::line(&format!("{what} — fulfilling the ask of {}", out::date(given.entry.opened_at)))
    } else {
        out::line(&what)
    }
}

/// Opens an ask: theirs of the owner, or with `--mine` the owner's of them.
pub async fn ask(ctx: &Ctx, args: AskArgs) -> Result<()> {
    let (person, kind, at) = read_entry(ctx, &args.who, &args.kind, args.at.as_deref()).await?;
    let mut new = NewExchange::new(
        person.id.clone(),
        kind,
        asked_giver(args.mine),
        ExchangeStatus::Asked,
        None,
        at,
        ctx.now_ts(),
    )?;
    new.note = args.note.as_deref().map(|n| clean_text(n, "note")).transpose()?;
    let entry = ctx.store.record_exchange(&new).await?;
    if ctx.json {
        return out::json(&entry);
    }
    out::line(&describe(&entry, &person))
}

/// Declines the oldest open ask of that kind (theirs, or with `--mine` the owner's).
pub async fn decline(ctx: &Ctx, args: AskArgs) -> Result<()> {
    let (person, kind, at) = read_entry(ctx, &args.who, &args.kind, args.at.as_deref()).await?;
    let Some(entry) = ctx.store.decline(&person.id, asked_giver(args.mine), kind, at, ctx.now_ts()).await?
    else {
        let whose = if args.mine { "open ask of yours to" } else { "open ask from" };
        return Err(UserError::NotFound(format!(
            "there is no {whose} {} for {} as of {}; see `kith ledger \"{}\"`",
            person.name,
            with_article(kind),
            out::date(at),
            person.name
        ))
        .into());
    };
    if ctx.json {
        return out::json(&entry);
    }
    out::line(&describe(&entry, &person))
}

/// The person, kind and moment every ledger command starts from.
async fn read_entry(
    ctx: &Ctx,
    who: &str,
    kind: &str,
    at: Option<&str>,
) -> Result<(Person, ExchangeKind, Timestamp)> {
    Ok((who::person(ctx, who).await?, kind.parse()?, ctx.when(at)?))
}

/// Who would give, for an ask: the owner for theirs, them for the owner's.
fn asked_giver(mine: bool) -> Giver {
    if mine { Giver::Them } else { Giver::Owner }
}

/// One entry in words: "you gave Ada Lovelace an introduction (3.0)".
pub fn describe(x: &Exchange, person: &Person) -> String {
    let name = &person.name;
    let kind = with_article(x.kind);
    match (x.status, x.giver) {
        (ExchangeStatus::Given, Giver::Owner) => {
            format!("you gave {name} {kind} ({})", out::weight(x.weight, false))
        }
        (ExchangeStatus::Given, Giver::Them) => {
            format!("{name} gave you {kind} ({})", out::weight(x.weight, false))
        }
        (ExchangeStatus::Asked, Giver::Owner) if !x.asked => {
            format!("you offered {name} {kind}; open until given or declined")
        }
        (ExchangeStatus::Asked, Giver::Them) if !x.asked => {
            format!("{name} offered you {kind}; open until given or declined")
        }
        (ExchangeStatus::Asked, Giver::Owner) => {
            format!("{name} asked you for {kind}; open until given or declined")
        }
        (ExchangeStatus::Asked, Giver::Them) => {
            format!("you asked {name} for {kind}; open until given or declined")
        }
        (ExchangeStatus::Declined, Giver::Owner) => format!("you declined {name}'s ask for {kind}"),
        (ExchangeStatus::Declined, Giver::Them) => format!("{name} declined your ask for {kind}"),
    }
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

#[derive(Serialize)]
struct LedgerView<'a> {
    person: &'a kith_core::PersonId,
    name: &'a str,
    totals: LedgerTotals,
    entries: &'a [Exchange],
    /// The message each entry accepted from mail was found in, by entry id.
    sources: &'a Sources,
}

/// The message each ledger entry accepted from mail was found in, by entry id.
pub type Sources = BTreeMap<ExchangeId, SourceMessage>;

/// Where a person's ledger entries accepted from mail came from.
pub async fn sources(ctx: &Ctx, person: &PersonId) -> Result<Sources> {
    let found = ctx.store.suggestions(Some(person)).await?;
    Ok(found.into_iter().filter_map(|s| Some((s.exchange?, s.message))).collect())
}

/// Runs `kith ledger`: a person's ledger, or the suggestions from mail.
pub async fn run(ctx: &Ctx, args: LedgerArgs) -> Result<()> {
    match (args.command, args.who) {
        (Some(LedgerCommand::Suggestions { who, all }), _) => {
            super::suggestions::list(ctx, who.as_deref(), all).await
        }
        (Some(LedgerCommand::Accept { ids, min_confidence, who }), _) => {
            super::suggestions::accept(ctx, &ids, min_confidence, who.as_deref()).await
        }
        (Some(LedgerCommand::Reject { ids }), _) => super::suggestions::reject(ctx, &ids).await,
        (None, Some(who)) => show(ctx, &who).await,
        (None, None) => Err(UserError::Invalid("name whose ledger to show: `kith ledger WHO`".into()).into()),
    }
}

/// Shows a person's ledger.
pub async fn show(ctx: &Ctx, who: &str) -> Result<()> {
    let person = who::person(ctx, who).await?;
    let entries = ctx.store.exchanges_with(&person.id).await?;
    let totals = LedgerTotals::of(&entries);
    let sources = sources(ctx, &person.id).await?;
    if ctx.json {
        let view = LedgerView {
            person: &person.id,
            name: &person.name,
            totals,
            entries: &entries,
            sources: &sources,
        };
        return out::json(&view);
    }
    out::line(&format!("Ledger with {} ({})", person.name, person.id))?;
    print_ledger(&entries, &totals, &sources)
}

/// Prints ledger entries and their totals (shared with `kith show`).
pub fn print_ledger(entries: &[Exchange], totals: &LedgerTotals, sources: &Sources) -> Result<()> {
    let mut table = out::table(["date", "kind", "who gives", "status", "weight", "note", "from"]);
    for x in entries {
        let giver = match x.giver {
            Giver::Owner => "you",
            Giver::Them => "them",
        };
        table.add_row([
            out::date(x.settled_at()),
            x.kind.to_string(),
            giver.into(),
            x.status.to_string(),
            out::weight(x.weight, false),
            out::or_dash(x.note.as_deref()).into(),
            sources.get(&x.id).map_or_else(
                || "-".to_owned(),
                |m| {
                    format!("mail of {}: {}", out::date(m.at), m.subject.as_deref().unwrap_or("(no subject)"))
                },
            ),
        ]);
    }
    out::table_or(&table, "  nothing recorded yet")?;
    out::line(&format!(
        "you gave {}, received {}, balance {}; open asks: {} from them, {} from you",
        out::weight(totals.given, false),
        out::weight(totals.received, false),
        out::weight(totals.balance, true),
        totals.open_asks_from_them,
        totals.open_asks_from_owner,
    ))
}
