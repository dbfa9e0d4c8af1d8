//! Logging a contact by hand: one interaction with one or more people.

use crate::{Ctx, Result, who};
use jiff::Timestamp;
use kith_core::{Channel, Direction, NewInteraction, Person, PersonId, clean_text};
use serde::{Deserialize, Serialize};

/// A contact to log.
#[derive(Debug, Clone)]
pub struct LogInput {
    /// Who took part, each as `who` is typed; one named twice counts once.
    pub who: Vec<String>,
    /// How.
    pub channel: Channel,
    /// Which way.
    pub direction: Direction,
    /// When, as typed (none: now).
    pub at: Option<String>,
    /// What it was about.
    pub subject: Option<String>,
    /// Anything else worth remembering.
    pub note: Option<String>,
}

/// A contact logged.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Logged {
    /// When it happened.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Which way.
    pub direction: Direction,
    /// Who took part.
    pub participants: Vec<PersonId>,
    /// Their names, in the same order.
    #[serde(skip)]
    pub names: Vec<String>,
}

/// Logs one interaction with the people named.
pub async fn log(ctx: &Ctx, input: LogInput) -> Result<Logged> {
    let at = ctx.when(input.at.as_deref())?;
    let mut people: Vec<Person> = Vec::with_capacity(input.who.len());
    for w in &input.who {
        let person = who::person(ctx, w).await?;
        if !people.iter().any(|p| p.id == person.id) {
            people.push(person);
        }
    }
    let participants = people.iter().map(|p| p.id.clone()).collect();
    let mut interaction =
        NewInteraction::new(at, input.channel, input.direction, participants, ctx.now_ts())?;
    interaction.subject = input.subject.as_deref().map(|t| clean_text(t, "subject")).transpose()?;
    interaction.note = input.note.as_deref().map(|t| clean_text(t, "note")).transpose()?;
    ctx.store.record_interactions(std::slice::from_ref(&interaction)).await?;
    Ok(Logged {
        at: interaction.at,
        channel: input.channel,
        direction: input.direction,
        participants: interaction.participants,
        names: people.into_iter().map(|p| p.name).collect(),
    })
}
