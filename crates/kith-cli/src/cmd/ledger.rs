//! `kith gave`, `got`, `asked`, `declined` and `ledger`: the reciprocity ledger, and the
//! favors found in mail waiting to enter it; parsed here, carried out by
//! `kith_app::ledger`.

use crate::cli::{AskArgs, ExchangeArgs, LedgerArgs, LedgerCommand};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::ledger::{self as app, Entry, EntryInput};
use kith_core::{Exchange, ExchangeStatus, Giver, LedgerTotals};

pub use kith_app::ledger::{Sources, with_article};

/// Records help given by `giver`; an open ask of the same kind is fulfilled instead of
/// adding a new entry.
pub async fn give(ctx: &Ctx, args: ExchangeArgs, giver: Giver) -> Result<()> {
    let input = EntryInput { kind: args.kind.parse()?, at: args.at, note: args.note };
    let given = app::give(ctx, &args.who, giver, args.weight, input).await?;
    if ctx.json {
        return out::json(&given);
    }
    let what = describe(&given.entry, &given.name);
    if given.fulfilled_ask {
        out::line(&format!("{what} — fulfilling the ask of {}", out::date(given.entry.opened_at)))
    } else {
        out::line(&what)
    }
}

/// Opens an ask: theirs of the owner, or with `--mine` the owner's of them.
pub async fn ask(ctx: &Ctx, args: AskArgs) -> Result<()> {
    let input = EntryInput { kind: args.kind.parse()?, at: args.at, note: args.note };
    render_entry(ctx, &app::ask(ctx, &args.who, args.mine, input).await?)
}

/// Declines the oldest open ask of that kind (theirs, or with `--mine` the owner's).
pub async fn decline(ctx: &Ctx, args: AskArgs) -> Result<()> {
    let entry = app::decline(ctx, &args.who, args.mine, args.kind.parse()?, args.at.as_deref()).await?;
    render_entry(ctx, &entry)
}

fn render_entry(ctx: &Ctx, entry: &Entry) -> Result<()> {
    if ctx.json {
        return out::json(entry);
    }
    out::line(&describe(&entry.entry, &entry.name))
}

/// One entry in words: "you gave Ada Lovelace an introduction (3.0)".
pub fn describe(x: &Exchange, name: &str) -> String {
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
    let ledger = app::ledger(ctx, who).await?;
    if ctx.json {
        return out::json(&ledger);
    }
    out::line(&format!("Ledger with {} ({})", ledger.name, ledger.person))?;
    print_ledger(&ledger.entries, &ledger.totals, &ledger.sources)
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
