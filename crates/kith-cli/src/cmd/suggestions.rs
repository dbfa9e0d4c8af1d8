//! `kith ledger suggestions`, `accept` and `reject`: the favors found in mail, waiting for
//! the owner's word before they enter the ledger; parsed here, carried out by
//! `kith_app::suggestions`.

use super::ledger::{describe, with_article};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::suggestions::{self as app, Acceptance, AcceptedList, Listed, SuggestionList};
use kith_core::speech::Act;
use kith_core::{Giver, PersonId, Suggestion, SuggestionState};

/// Lists the suggestions waiting (with `all`, every one), per person.
pub async fn list(ctx: &Ctx, who: Option<&str>, all: bool) -> Result<()> {
    render_list(ctx, &app::list(ctx, who, all).await?)
}

/// Prints the suggestions listed, per person.
pub fn render_list(ctx: &Ctx, list: &SuggestionList) -> Result<()> {
    if ctx.json {
        return out::json(list);
    }
    let shown = &list.shown;
    if shown.is_empty() {
        let hint = if list.found == 0 {
            "no favors found in mail yet: `kith import --read-bodies ARCHIVE` reads the text of your personal messages"
        } else {
            "no suggestion waits for your word (`--all` lists those you accepted or rejected)"
        };
        return out::line(hint);
    }
    let mut by_person: Vec<(&PersonId, Vec<&Listed>)> = Vec::new();
    for listed in shown {
        match by_person.iter_mut().find(|(p, _)| *p == &listed.suggestion.person) {
            Some((_, group)) => group.push(listed),
            None => by_person.push((&listed.suggestion.person, vec![listed])),
        }
    }
    for (person, group) in by_person {
        out::line(&format!("{} ({person}): {}", group[0].name, out::count(group.len(), "suggestion")))?;
        let mut table = out::table(["id", "date", "what", "confidence", "sentence", "message"]);
        for listed in group {
            let s = &listed.suggestion;
            let mut what = what(s, &listed.name);
            if let Some(ask) = &listed.answers {
                what.push_str(&format!(" (answers {ask})"));
            }
            if s.state != SuggestionState::Open {
                what.push_str(&format!(" [{}]", s.state));
            }
            table.add_row([
                s.id.to_string(),
                out::date(s.message.at),
                what,
                format!("{:.2}", s.confidence),
                s.evidence.as_deref().map_or_else(|| "(not kept)".to_owned(), |e| format!("\"{e}\"")),
                out::or_dash(s.message.subject.as_deref()).to_owned(),
            ]);
        }
        out::print(&format!("{table}\n"))?;
    }
    out::line(
        "accept with `kith ledger accept ID…` (or `--min-confidence 0.8`), reject with `kith ledger reject ID…`",
    )
}

/// What a suggestion says in words: "Sam asks you for an introduction".
fn what(s: &Suggestion, name: &str) -> String {
    let kind = with_article(s.kind);
    match (s.act, s.giver) {
        (Act::Request, Giver::Owner) => format!("{name} asks you for {kind}"),
        (Act::Request, Giver::Them) => format!("you ask {name} for {kind}"),
        (Act::Offer, Giver::Owner) => format!("you offer {name} {kind}"),
        (Act::Offer, Giver::Them) => format!("{name} offers you {kind}"),
        (Act::Delivery, Giver::Owner) => format!("you give {name} {kind}"),
        (Act::Delivery, Giver::Them) => format!("{name} gives you {kind}"),
        (Act::Thanks, Giver::Owner) => format!("{name} thanks you for {kind}"),
        (Act::Thanks, Giver::Them) => format!("you thank {name} for {kind}"),
        (Act::None, _) => format!("{kind} with {name}"),
    }
}

/// Accepts the suggestions named, or every open one at least `min_confidence` sure.
pub async fn accept(ctx: &Ctx, ids: &[String], min_confidence: Option<f64>, who: Option<&str>) -> Result<()> {
    let which = match min_confidence {
        Some(min) => Acceptance::Confident { min, who: who.map(str::to_owned) },
        None => Acceptance::Ids(app::suggestion_ids(ids)?),
    };
    render_accepted(ctx, &app::accept(ctx, which).await?)
}

/// Prints the suggestions accepted, each with the ledger entry it became.
pub fn render_accepted(ctx: &Ctx, list: &AcceptedList) -> Result<()> {
    if ctx.json {
        return out::json(list);
    }
    if list.accepted.is_empty() {
        return out::line("nothing to accept: no open suggestion matches");
    }
    for a in &list.accepted {
        let name = list.names.get(&a.entry.person).map_or("", String::as_str);
        let how = if a.settled_ask { ", settling the ask as given" } else { "" };
        out::line(&format!(
            "{}: {} ({}){how}; ledger entry {}",
            a.suggestion.id,
            describe(&a.entry, name),
            out::date(a.suggestion.message.at),
            a.entry.id
        ))?;
    }
    Ok(())
}

/// Rejects the suggestions named.
pub async fn reject(ctx: &Ctx, ids: &[String]) -> Result<()> {
    let rejected = app::reject(ctx, &app::suggestion_ids(ids)?).await?;
    if ctx.json {
        return out::json(&rejected);
    }
    for s in &rejected {
        let state = match s.state {
            SuggestionState::Rejected => "rejected; it will not come back".to_owned(),
            other => format!("left {other}: only an open suggestion can be rejected"),
        };
        out::line(&format!("{}: {state}", s.id))?;
    }
    Ok(())
}
