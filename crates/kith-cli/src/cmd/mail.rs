//! `kith mail`: what the imported mail says, per address and about the mail kept out.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use jiff::Timestamp;
use kith_core::{Correspondence, KeptOut, MailOwner, correspondence};
use serde::Serialize;
use std::collections::BTreeMap;

/// One address's figures as printed: dates in UTC, to the second.
#[derive(Serialize)]
struct Figures {
    from_them: u32,
    to_them: u32,
    cc_with: u32,
    first: Option<String>,
    last: Option<String>,
    they_replied_to_owner: u32,
    owner_replied_to_them: u32,
}

impl From<&Correspondence> for Figures {
    fn from(c: &Correspondence) -> Self {
        let utc = |at: Option<Timestamp>| at.map(|at| at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        Self {
            from_them: c.from_them,
            to_them: c.to_them,
            cc_with: c.cc_with,
            first: utc(c.first),
            last: utc(c.last),
            they_replied_to_owner: c.they_replied_to_owner,
            owner_replied_to_them: c.owner_replied_to_them,
        }
    }
}

#[derive(Serialize)]
struct Report {
    owner: Vec<String>,
    contacts: BTreeMap<String, Figures>,
}

/// Prints per-address figures: the busiest `limit` as a table, or all as JSON.
pub async fn correspondents(ctx: &Ctx, limit: usize) -> Result<()> {
    let identities = ctx.store.owner_identities().await?;
    let mail_owner = MailOwner::of_identities(&identities);
    let owner: Vec<String> =
        identities.iter().filter(|i| mail_owner.is(i.value())).map(|i| i.value().to_owned()).collect();
    let figures = correspondence(&ctx.store.mail_messages().await?, &mail_owner, ctx.now_ts());
    if ctx.json {
        let contacts = figures.iter().map(|(address, c)| (address.clone(), Figures::from(c))).collect();
        return out::json(&Report { owner, contacts });
    }
    let mut busiest: Vec<_> = figures.iter().collect();
    busiest.sort_by_key(|(address, c)| (std::cmp::Reverse(c.from_them + c.to_them), *address));
    let mut table =
        out::table(["address", "from them", "to them", "they replied", "you replied", "first", "last"]);
    for (address, c) in busiest.iter().take(limit) {
        let day = |at: Option<Timestamp>| at.map_or_else(|| "-".to_owned(), out::date);
        table.add_row([
            address.to_string(),
            c.from_them.to_string(),
            c.to_them.to_string(),
            c.they_replied_to_owner.to_string(),
            c.owner_replied_to_them.to_string(),
            day(c.first),
            day(c.last),
        ]);
    }
    out::table_or(&table, "no mail imported yet: run `kith import` on a Maildir, mbox or .eml files")?;
    if figures.len() > limit {
        out::line(&format!("\n{} more; --limit to see them, --json for all", figures.len() - limit))?;
    }
    Ok(())
}

/// Lists the mail kept out of the interaction log, for one reason or all.
pub async fn kept_out(ctx: &Ctx, reason: Option<&str>) -> Result<()> {
    let reason = reason.map(str::parse::<KeptOut>).transpose()?;
    let messages = ctx.store.kept_out_mail(reason).await?;
    if ctx.json {
        return out::json(&messages);
    }
    let mut table = out::table(["date", "why", "from", "subject"]);
    for m in &messages {
        table.add_row([
            m.at.or(m.delivered_at).map_or_else(|| "-".to_owned(), out::date),
            m.kept_out.map_or("", KeptOut::describe).to_owned(),
            m.from.as_ref().map_or_else(|| "-".to_owned(), sender),
            out::or_dash(m.subject.as_deref()).to_owned(),
        ]);
    }
    out::table_or(&table, "no mail was kept out")?;
    if !messages.is_empty() {
        out::line(&format!("\n{}", out::count(messages.len(), "message")))?;
    }
    Ok(())
}

/// A sender as the list of kept-out mail shows it: the name with the email address, so
/// that what made it look automated shows.
fn sender(from: &kith_core::MailAddress) -> String {
    match (&from.name, from.kind()) {
        (Some(name), kith_core::IdentityKind::Email) => format!("{name} <{}>", from.address),
        (Some(name), _) => name.clone(),
        (None, _) => from.address.clone(),
    }
}
