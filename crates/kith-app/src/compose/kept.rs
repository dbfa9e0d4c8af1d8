//! Drafts as kept: listed, and marked sent.

use crate::health::Assessed;
use crate::people::names;
use crate::{Ctx, Error, Result, who};
use kith_core::{Channel, Draft, DraftId, DraftMove, PersonId};
use serde::{Deserialize, Serialize};

/// Reads a draft id as typed.
pub fn draft_id(text: &str) -> Result<DraftId> {
    DraftId::parse(text.trim()).ok_or_else(|| {
        Error::Invalid(format!("\"{text}\" is not a draft id (they look like d_…; see `kith drafts`)"))
    })
}

/// Reads a move as typed (`ask-favor` or `ask_favor`), listing the moves as typed when it
/// is none of them.
pub fn draft_move(text: &str) -> Result<DraftMove> {
    text.parse().map_err(|_| {
        let moves: Vec<String> = DraftMove::ALL.iter().map(|m| m.typed()).collect();
        Error::Invalid(format!("unknown move \"{text}\"; expected one of: {}", moves.join(", ")))
    })
}

/// A draft as listed: the draft kept, and whom it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedDraft {
    /// The draft.
    #[serde(flatten)]
    pub draft: Draft,
    /// The name of the person it is for.
    #[serde(skip)]
    pub name: String,
}

/// The drafts kept, in the store's order: everyone's or those of the person `who`
/// names, only the unsent ones when asked.
pub async fn list(ctx: &Ctx, who: Option<&str>, unsent: bool) -> Result<Vec<ListedDraft>> {
    let names = names(ctx).await?;
    list_named(ctx, who, unsent, |id| names.get(id).cloned()).await
}

/// The drafts as [`list`] lists them, the names taken from an assessment of everyone
/// already made.
pub async fn list_among(
    ctx: &Ctx,
    assessed: &Assessed,
    who: Option<&str>,
    unsent: bool,
) -> Result<Vec<ListedDraft>> {
    let names = assessed.names();
    list_named(ctx, who, unsent, |id| names.get(id).map(|n| (*n).to_owned())).await
}

async fn list_named(
    ctx: &Ctx,
    who: Option<&str>,
    unsent: bool,
    name_of: impl Fn(&PersonId) -> Option<String>,
) -> Result<Vec<ListedDraft>> {
    let person = match who {
        Some(who) => Some(who::person(ctx, who).await?.id),
        None => None,
    };
    let mut drafts = ctx.store.drafts(person.as_ref()).await?;
    drafts.retain(|d| !unsent || d.sent_at.is_none());
    Ok(drafts
        .into_iter()
        .map(|draft| ListedDraft { name: name_of(&draft.person).unwrap_or_default(), draft })
        .collect())
}

/// A draft just marked sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSent {
    /// The draft, with when it was sent and the contact logged.
    #[serde(flatten)]
    pub draft: Draft,
    /// The name of the person it was for.
    #[serde(skip)]
    pub name: String,
    /// How the contact it made was logged (known when just marked).
    #[serde(skip)]
    pub channel: Option<Channel>,
}

/// Marks draft `id` sent at `at` (typed; none means now) and logs the contact it made:
/// by `channel`, else by email for an email and by call for talking points. Refused if
/// it was already sent, or if `at` is in the future or before it was written.
pub async fn sent(ctx: &Ctx, id: &DraftId, at: Option<&str>, channel: Option<Channel>) -> Result<DraftSent> {
    let draft = ctx.store.draft(id).await?;
    let contact = draft.sending(ctx.when(at)?, channel, ctx.now_ts())?;
    let sent = ctx.store.mark_draft_sent(&draft.id, &contact).await?;
    let name = ctx.store.person(&sent.person).await?.name;
    Ok(DraftSent { draft: sent, name, channel: Some(contact.channel) })
}
