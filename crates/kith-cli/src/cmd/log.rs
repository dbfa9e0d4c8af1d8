//! `kith log`: recording a contact by hand.

use crate::cli::LogArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::{Channel, Direction, NewInteraction, clean_text};

/// Logs one interaction with one or more people.
pub async fn log(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let channel: Channel = args.channel.parse()?;
    let direction: Direction = args.dir.parse()?;
    let at = ctx.when(args.at.as_deref())?;
    let mut people = Vec::with_capacity(args.who.len());
    for w in &args.who {
        let person = who::person(ctx, w).await?;
        if !people.iter().any(|p: &kith_core::Person| p.id == person.id) {
            people.push(person);
        }
    }
    let mut interaction = NewInteraction::new(
        at,
        channel,
        direction,
        people.iter().map(|p| p.id.clone()).collect(),
        ctx.now_ts(),
    )?;
    interaction.subject = args.subject.as_deref().map(|t| clean_text(t, "subject")).transpose()?;
    interaction.note = args.note.as_deref().map(|t| clean_text(t, "note")).transpose()?;
    ctx.store.record_interactions(std::slice::from_ref(&interaction)).await?;
    if ctx.json {
        return out::json(&serde_json::json!({
            "at": interaction.at,
            "channel": channel,
            "direction": direction,
            "participants": interaction.participants,
        }));
    }
    let names = people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    out::line(&format!("logged {channel} ({direction}) with {names} on {}", out::date(at)))
}
