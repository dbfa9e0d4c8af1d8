//! `kith mail correspondents` and `kith mail kept-out`: parsed here, gathered by
//! `kith_app::mail`.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use jiff::Timestamp;
use kith_core::KeptOut;

/// Prints per-address figures: the busiest `limit` as a table, or all as JSON.
pub async fn correspondents(ctx: &Ctx, limit: usize) -> Result<()> {
    let found = kith_app::mail::correspondents(ctx).await?;
    if ctx.json {
        return out::json(&found);
    }
    let mut table =
        out::table(["address", "from them", "to them", "they replied", "you replied", "first", "last"]);
    for (address, c) in found.busiest().into_iter().take(limit) {
        let day = |at: Option<Timestamp>| at.map_or_else(|| "-".to_owned(), out::date);
        table.add_row([
            address.to_owned(),
            c.from_them.to_string(),
            c.to_them.to_string(),
            c.they_replied_to_owner.to_string(),
            c.owner_replied_to_them.to_string(),
            day(c.first),
            day(c.last),
        ]);
    }
    out::table_or(&table, "no mail imported yet: run `kith import` on a Maildir, mbox or .eml files")?;
    if found.contacts.len() > limit {
        out::line(&format!("\n{} more; --limit to see them, --json for all", found.contacts.len() - limit))?;
    }
    Ok(())
}

/// Lists the mail kept out of the interaction log, for one reason or all.
pub async fn kept_out(ctx: &Ctx, reason: Option<&str>) -> Result<()> {
    let reason = reason.map(str::parse::<KeptOut>).transpose()?;
    let messages = kith_app::mail::kept_out(ctx, reason).await?;
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
