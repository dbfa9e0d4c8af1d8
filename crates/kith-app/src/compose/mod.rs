//! Drafts in the user's voice, kept and marked sent; the templates.
//!
//! A draft is kith-core's composer run over a person's grounding (their ledger and log
//! with the owner, nothing else) with the shipped templates or the user's own; the
//! manner follows the person's tier unless the style says otherwise. A draft is kept
//! until the owner marks it sent, which logs the contact it made ([`sent`]).

mod grounding;
mod kept;
mod templates;

pub use kept::{DraftSent, ListedDraft, draft_id, draft_move, list, list_among, sent};
pub use templates::{TemplateRow, template_list, template_path, template_source, templates};

use crate::health::Assessed;
use crate::{Ctx, Error, Result, who};
use kith_core::{
    Composed, Draft, DraftFormat, DraftId, DraftMove, DraftRequest, Engagement, Manner, NewDraft, Person,
    PersonId, Stage, Tier, Tone, compose,
};
use serde::{Deserialize, Serialize};

/// How a draft should read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// The tone.
    pub tone: Tone,
    /// How it is written out.
    pub format: DraftFormat,
    /// The manner chosen, if any; else the tier's ([`Manner::for_tier`]).
    pub manner: Option<Manner>,
}

impl Style {
    /// A style. An `.eml` is an email whatever the tier would suggest, so it takes the
    /// email manner, and a conversation written as one is refused.
    pub fn new(tone: Tone, format: DraftFormat, manner: Option<Manner>) -> Result<Style> {
        let manner = match (format, manner) {
            (DraftFormat::Eml, Some(Manner::Conversation)) => {
                return Err(Error::Invalid(
                    "an .eml is an email: leave out --manner conversation, or choose --format text or markdown"
                        .into(),
                ));
            }
            (DraftFormat::Eml, _) => Some(Manner::Email),
            (_, manner) => manner,
        };
        Ok(Style { tone, format, manner })
    }

    /// The manner for someone of `tier`.
    pub fn manner_for(&self, tier: Tier) -> Manner {
        self.manner.unwrap_or_else(|| Manner::for_tier(tier))
    }
}

/// A draft the owner asks for.
#[derive(Debug, Clone)]
pub struct DraftInput {
    /// The move.
    pub what: DraftMove,
    /// How it reads.
    pub style: Style,
    /// The reason to give, in the owner's words.
    pub reason: Option<String>,
    /// For endings: whether the door stays open (else the move's default).
    pub door: Option<kith_core::Door>,
    /// A resource or person to point them to.
    pub alternative: Option<String>,
    /// Compose and show it without keeping it.
    pub dry_run: bool,
}

/// A draft as shown: its words, the facts it cites, the stage change it goes with, and
/// the whole of it written out in the format asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Drafted {
    /// The draft's id once kept; none for a dry run.
    pub id: Option<DraftId>,
    /// For whom.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// The move.
    #[serde(rename = "move")]
    pub what: DraftMove,
    /// The tone.
    pub tone: Tone,
    /// Conversation (talking points) or email.
    pub manner: Manner,
    /// The subject line, or the title of talking points.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The facts it states, in words, as the grounding gave them.
    pub cited: Vec<String>,
    /// The draft written out: text, Markdown, or a whole `.eml` message.
    pub rendered: String,
    /// The stage the owner may move the person to with it ([`DraftMove::enables`]).
    pub enables: Option<Stage>,
}

/// Composes the draft `input` asks for to the person `who` names, and keeps it unless
/// it is a dry run. An `.eml` needs the owner's address as its sender.
pub async fn draft(ctx: &Ctx, who: &str, input: DraftInput) -> Result<Drafted> {
    let person = who::person(ctx, who).await?;
    can_write(ctx, &input).await?;
    let tier = crate::health::assessment(ctx, &person.id).await?.tier;
    drafted(ctx, person, tier, input).await
}

/// The draft [`draft`] composes, the person's tier read from an assessment of everyone
/// already made.
pub async fn draft_among(ctx: &Ctx, assessed: &Assessed, who: &str, input: DraftInput) -> Result<Drafted> {
    let person = who::person(ctx, who).await?;
    can_write(ctx, &input).await?;
    let tier = assessed.of(&person.id)?.tier;
    drafted(ctx, person, tier, input).await
}

/// What the composer's form needs to know of the person a draft is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Composing {
    /// For whom.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Their tier, pinned or by rank.
    pub tier: Tier,
    /// The manner their tier calls for ([`Manner::for_tier`]), unless the owner chooses.
    pub manner: Manner,
    /// The drafts their plan calls for, its first move first.
    pub suggested: Vec<DraftMove>,
}

/// What the composer's form needs to know of the person `who` names, from an assessment
/// of everyone already made.
pub async fn composing_among(ctx: &Ctx, assessed: &Assessed, who: &str) -> Result<Composing> {
    let person = who::person(ctx, who).await?;
    let judged = assessed.of(&person.id)?;
    let mut suggested: Vec<DraftMove> = Vec::new();
    for step in &judged.plan {
        if let Some(what) = step.action.draft()
            && !suggested.contains(&what)
        {
            suggested.push(what);
        }
    }
    Ok(Composing {
        person: person.id,
        name: person.name,
        tier: judged.tier,
        manner: Manner::for_tier(judged.tier),
        suggested,
    })
}

/// Refuses an `.eml` without the owner's address as its sender.
async fn can_write(ctx: &Ctx, input: &DraftInput) -> Result<()> {
    if input.style.format == DraftFormat::Eml && grounding::owner_email(ctx).await?.is_none() {
        return Err(grounding::no_sender());
    }
    Ok(())
}

/// Composes `input` for `person`, of `tier`, and keeps it unless it is a dry run.
async fn drafted(ctx: &Ctx, person: Person, tier: Tier, input: DraftInput) -> Result<Drafted> {
    let format = input.style.format;
    let request = DraftRequest {
        what: input.what,
        tone: input.style.tone,
        manner: input.style.manner_for(tier),
        reason: input.reason,
        door: input.door,
        alternative: input.alternative,
        went_well: false,
    };
    let composed = compose_for(ctx, &person, &request, None).await?;
    let id = match input.dry_run {
        true => None,
        false => Some(keep(ctx, &person, composed.clone(), None).await?.id),
    };
    shown(ctx, &person, &composed, id, format).await
}

/// The kept draft `id`, written out in `format`.
pub async fn show(ctx: &Ctx, id: &DraftId, format: DraftFormat) -> Result<Drafted> {
    let draft = ctx.store.draft(id).await?;
    let person = ctx.store.person(&draft.person).await?;
    shown(ctx, &person, &draft.composed(&person.name), Some(draft.id), format).await
}

/// A kept draft as its page shows it: as [`show`] writes it out in plain text, and as
/// kept (when it was written and sent, the contact sending it made, the ending it
/// served).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftPage {
    /// The draft written out as text.
    pub shown: Drafted,
    /// The draft as kept.
    pub draft: Draft,
}

/// The kept draft `id`, for its page.
pub async fn page(ctx: &Ctx, id: &DraftId) -> Result<DraftPage> {
    let draft = ctx.store.draft(id).await?;
    let person = ctx.store.person(&draft.person).await?;
    let shown =
        shown(ctx, &person, &draft.composed(&person.name), Some(draft.id.clone()), DraftFormat::Text).await?;
    Ok(DraftPage { shown, draft })
}

/// Puts the owner's words in the place of the unsent draft `id`'s: its subject and text
/// as they rewrote them, citing the facts of the person's grounding the new words still
/// state (a fact they added in their own words is theirs, and not listed). Refused once
/// the draft was sent, or with an empty subject or text. Gives the draft as [`show`]
/// writes it out in plain text.
pub async fn edit(ctx: &Ctx, id: &DraftId, subject: &str, body: &str) -> Result<Drafted> {
    let draft = ctx.store.draft(id).await?;
    let person = ctx.store.person(&draft.person).await?;
    let engagement = match &draft.engagement {
        Some(id) => Some(ctx.store.engagement(id).await?),
        None => None,
    };
    let grounding = grounding::grounding(ctx, &person, engagement.as_ref()).await?;
    let cited = grounding.cited_in(&format!("{}\n{}", subject.trim(), body.trim()), ctx.now_ts());
    let edited = ctx.store.edit_draft(id, subject, body, &cited).await?;
    shown(ctx, &person, &edited.composed(&person.name), Some(edited.id), DraftFormat::Text).await
}

/// The kept draft `id` as an RFC 5322 message marked unsent, for a mail client to open:
/// the bytes of a `.eml` file. It needs the owner's address as its sender.
pub async fn eml(ctx: &Ctx, id: &DraftId) -> Result<String> {
    Ok(show(ctx, id, DraftFormat::Eml).await?.rendered)
}

/// The command that drafts `what` for a person: by name, or by id when the name would
/// need more quoting than a pair of double quotes.
pub fn draft_command(name: &str, id: &PersonId, what: DraftMove) -> String {
    let who = if name.is_empty() || name.contains(['"', '\\', '$', '`']) {
        id.to_string()
    } else {
        format!("\"{name}\"")
    };
    format!("kith draft {who} {}", what.typed())
}

/// Composes `request` for `person` from what the store knows of them, with the user's
/// templates.
pub(crate) async fn compose_for(
    ctx: &Ctx,
    person: &Person,
    request: &DraftRequest,
    engagement: Option<&Engagement>,
) -> Result<Composed> {
    let grounding = grounding::grounding(ctx, person, engagement).await?;
    let templates = templates(ctx.config_dir.as_deref())?;
    compose(&templates, request, &grounding, ctx.now_ts())
        .map_err(|source| Error::Template { path: None, source })
}

/// A composed draft for `person`, written now.
pub(crate) fn new_draft(
    ctx: &Ctx,
    person: &Person,
    composed: Composed,
    engagement: Option<&Engagement>,
) -> NewDraft {
    NewDraft {
        person: person.id.clone(),
        composed,
        engagement: engagement.map(|e| e.id.clone()),
        created_at: ctx.now_ts(),
    }
}

/// Keeps a composed draft for `person`.
pub(crate) async fn keep(
    ctx: &Ctx,
    person: &Person,
    composed: Composed,
    engagement: Option<&Engagement>,
) -> Result<kith_core::Draft> {
    Ok(ctx.store.save_draft(&new_draft(ctx, person, composed, engagement)).await?)
}

/// `composed` for `person` as shown, written out in `format`.
async fn shown(
    ctx: &Ctx,
    person: &Person,
    composed: &Composed,
    id: Option<DraftId>,
    format: DraftFormat,
) -> Result<Drafted> {
    let envelope = grounding::envelope(ctx, person, id.as_ref(), format).await?;
    Ok(Drafted {
        rendered: composed.render(format, &envelope),
        id,
        person: person.id.clone(),
        name: person.name.clone(),
        what: composed.what,
        tone: composed.tone,
        manner: composed.manner,
        subject: composed.subject.clone(),
        body: composed.body.clone(),
        cited: composed.cited.clone(),
        enables: composed.what.enables(),
    })
}
