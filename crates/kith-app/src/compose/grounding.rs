//! What a draft may cite and whom it is from and to.

use crate::{Ctx, Error, Result};
use kith_core::{DraftFormat, DraftId, Engagement, Envelope, Grounding, IdentityKind, Person};

/// Everything a draft for `person` may cite.
pub(super) async fn grounding(
    ctx: &Ctx,
    person: &Person,
    engagement: Option<&Engagement>,
) -> Result<Grounding> {
    let org = match &person.org {
        Some(id) => Some(ctx.store.organization(id).await?.name),
        None => None,
    };
    Ok(Grounding {
        name: person.name.clone(),
        greeting_name: Some(person.greeting_name()),
        email: email_of(person),
        owner_name: ctx.store.owner_name().await?,
        owner_email: owner_email(ctx).await?,
        org,
        engagement: engagement.map(|e| e.title.clone()),
        exchanges: ctx.store.exchanges_with(&person.id).await?,
        interactions: ctx.store.interactions_with(&person.id).await?,
    })
}

/// The envelope of a draft to `person`; an `.eml` needs the owner's address.
pub(super) async fn envelope(
    ctx: &Ctx,
    person: &Person,
    id: Option<&DraftId>,
    format: DraftFormat,
) -> Result<Envelope> {
    let name = ctx.store.owner_name().await?;
    let from = owner_email(ctx).await?.map(|email| (name, email));
    if from.is_none() && format == DraftFormat::Eml {
        return Err(no_sender());
    }
    let to = email_of(person).map(|email| (person.name.clone(), email));
    let message_id = match id {
        Some(id) => format!("{id}@kith.invalid"),
        None => format!("preview-{}-{}@kith.invalid", person.id, ctx.now_ts().as_second()),
    };
    Ok(Envelope { from, to, date: ctx.now_ts(), message_id })
}

/// The refusal of an `.eml` without a sender.
pub(super) fn no_sender() -> Error {
    Error::Invalid(
        "an .eml draft needs your address as its sender; add it with `kith me add you@example.com`".into(),
    )
}

/// The owner's first email address.
pub(super) async fn owner_email(ctx: &Ctx) -> Result<Option<String>> {
    let identities = ctx.store.owner_identities().await?;
    Ok(identities.into_iter().find(|i| i.kind() == IdentityKind::Email).map(|i| i.value().to_owned()))
}

fn email_of(person: &Person) -> Option<String> {
    person.preferred(IdentityKind::Email).map(|i| i.value().to_owned())
}
