//! Winding down a client engagement, person by person. Each person involved gets a
//! personal thank-you (never one group message), rewritten while unsent if how the
//! engagement went changes; the checklist says who was thanked, who answered and what is
//! left; finishing ends the engagement and schedules check-ins once everyone was
//! thanked. kith-core decides all three; the store writes a finish in one transaction.

use crate::compose::{Style, compose_for, keep, new_draft};
use crate::health::Assessed;
use crate::{Ctx, Error, Result, who};
use kith_core::when::parse_every;
use kith_core::{
    CheckIn, Checklist, Draft, DraftFormat, DraftMove, DraftRequest, Engagement, Envelope, Exchange,
    Interaction, Involved, Manner, Person, PersonId, Tone, Transition, checklist, plan_finish,
    thanks_to_write,
};
use serde::{Deserialize, Serialize};

/// What the owner asks of an offboarding.
#[derive(Debug, Clone)]
pub struct OffboardInput {
    /// The engagement, by id, when the client has several active ones.
    pub engagement: Option<String>,
    /// How the engagement went, to record now: a reference is asked for only when it
    /// went well.
    pub went_well: Option<bool>,
    /// End the engagement and schedule check-ins (refused until everyone was thanked).
    pub finish: bool,
    /// Days between the check-ins a finish schedules (else kith-core's default).
    pub checkins_every: Option<u32>,
    /// How the thank-yous read; text or Markdown.
    pub style: Style,
}

/// An offboarding's options as typed in a form or a request; blank is not given.
#[derive(Debug, Default)]
pub struct TypedOffboard<'a> {
    /// The engagement, by id.
    pub engagement: Option<&'a str>,
    /// How the engagement went, to record now.
    pub went_well: Option<bool>,
    /// End the engagement and schedule check-ins.
    pub finish: bool,
    /// How often to check in after finishing (120d, 12w…).
    pub checkins_every: Option<&'a str>,
    /// warm (unless given), frank or light.
    pub tone: Option<&'a str>,
    /// text (unless given) or markdown.
    pub format: Option<&'a str>,
    /// conversation or email; unless given, by tier.
    pub manner: Option<&'a str>,
}

impl OffboardInput {
    /// The options `typed` names, read as `kith offboard` reads its flags.
    pub fn typed(typed: TypedOffboard<'_>) -> Result<OffboardInput> {
        let given =
            |value: Option<&'_ str>| value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let style = Style::new(
            given(typed.tone).map(|t| t.parse::<Tone>()).transpose()?.unwrap_or_default(),
            given(typed.format).map(|f| f.parse::<DraftFormat>()).transpose()?.unwrap_or(DraftFormat::Text),
            given(typed.manner).map(|m| m.parse::<Manner>()).transpose()?,
        )?;
        Ok(OffboardInput {
            engagement: given(typed.engagement),
            went_well: typed.went_well,
            finish: typed.finish,
            checkins_every: given(typed.checkins_every).map(|e| parse_every(&e)).transpose()?,
            style,
        })
    }
}

/// Where an offboarding stands, after what this run wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offboarding {
    /// The engagement, as it is now.
    pub engagement: Engagement,
    /// The thank-yous written by this run, one per person who needed one.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub written: Vec<Draft>,
    /// Who was thanked, asked and answered, and what is left.
    pub checklist: Checklist,
    /// The client's name.
    #[serde(skip)]
    pub org: String,
    /// Everyone involved, id and name, in the order of the checklist's items.
    #[serde(skip)]
    pub people: Vec<(PersonId, String)>,
    /// Each draft written, written out in the style's format, in the order of `written`.
    #[serde(skip)]
    pub rendered: Vec<String>,
}

impl Offboarding {
    /// The name of `id`, one of the people involved.
    pub fn name(&self, id: &PersonId) -> &str {
        self.people.iter().find(|(p, _)| p == id).map_or("", |(_, name)| name.as_str())
    }
}

/// Winds down the engagement with the client `org` names (the one `input` names, else
/// the client's active one, or its only one to see a finished offboarding again):
/// records how it went if said, writes the thank-yous kith-core says are missing or out
/// of step, finishes it if asked, and returns the checklist.
pub async fn offboard(ctx: &Ctx, org: &str, input: OffboardInput) -> Result<Offboarding> {
    run(ctx, None, org, input).await
}

/// [`offboard`], the tiers that choose each thank-you's manner read from an assessment
/// of everyone already made.
pub async fn offboard_among(
    ctx: &Ctx,
    assessed: &Assessed,
    org: &str,
    input: OffboardInput,
) -> Result<Offboarding> {
    run(ctx, Some(assessed), org, input).await
}

/// Where the offboarding of the engagement `org` names (chosen as [`offboard`] chooses
/// it; `engagement` names one by id) stands, writing nothing: the checklist
/// `kith offboard` gives, with no thank-you written (`written` is empty, and the item of
/// someone whose thank-you was never written has no draft). An engagement with nobody
/// recorded has an empty checklist.
pub async fn standing(ctx: &Ctx, org: &str, engagement: Option<&str>) -> Result<Offboarding> {
    let engagement = self::engagement(ctx, org, engagement).await?;
    let org = ctx.store.organization(&engagement.org).await?;
    let people = involved(ctx, &engagement).await?;
    let known = Known::load(ctx, &people).await?;
    let checklist = checklist(&engagement, &known.involved(&people));
    Ok(Offboarding {
        engagement,
        written: vec![],
        checklist,
        org: org.name,
        people: people.into_iter().map(|p| (p.id, p.name)).collect(),
        rendered: vec![],
    })
}

/// Everyone recorded on `engagement`.
async fn involved(ctx: &Ctx, engagement: &Engagement) -> Result<Vec<Person>> {
    let mut people = Vec::with_capacity(engagement.people.len());
    for id in &engagement.people {
        people.push(ctx.store.person(id).await?);
    }
    Ok(people)
}

async fn run(ctx: &Ctx, assessed: Option<&Assessed>, org: &str, input: OffboardInput) -> Result<Offboarding> {
    let style = input.style;
    if style.format == DraftFormat::Eml {
        return Err(Error::Invalid(
            "offboarding shows its drafts as text or markdown; write one as an .eml with \
             `kith drafts show d_… --format eml`"
                .into(),
        ));
    }
    let mut engagement = engagement(ctx, org, input.engagement.as_deref()).await?;
    if let Some(went_well) = input.went_well {
        engagement = ctx.store.set_engagement_went_well(&engagement.id, went_well).await?;
    }
    let org = ctx.store.organization(&engagement.org).await?;
    let people = involved(ctx, &engagement).await?;
    if people.is_empty() {
        return Err(Error::Invalid(format!(
            "nobody is recorded on {}; name the people involved when adding an engagement \
             (`kith engagement add \"{}\" \"title\" --person <who>`)",
            engagement.title, org.name
        )));
    }
    let mut known = Known::load(ctx, &people).await?;
    let written = write_thanks(ctx, assessed, &engagement, &people, &known, &style).await?;
    if !written.is_empty() {
        known = Known::load(ctx, &people).await?;
    }
    if input.finish {
        let plan = plan_finish(&engagement, &known.involved(&people), input.checkins_every, ctx.now_ts())?;
        let now = ctx.now_ts();
        engagement =
            ctx.store.finish_offboarding(&engagement.id, now, now, &plan.checkins, &plan.notes).await?;
        known = Known::load(ctx, &people).await?;
    }
    let checklist = checklist(&engagement, &known.involved(&people));
    let rendered = written
        .iter()
        .map(|draft| {
            let name = people.iter().find(|p| p.id == draft.person).map_or("", |p| p.name.as_str());
            let envelope = Envelope {
                from: None,
                to: None,
                date: draft.created_at,
                message_id: format!("{}@kith.invalid", draft.id),
            };
            draft.composed(name).render(style.format, &envelope)
        })
        .collect();
    Ok(Offboarding {
        engagement,
        written,
        checklist,
        org: org.name,
        people: people.into_iter().map(|p| (p.id, p.name)).collect(),
        rendered,
    })
}

/// The engagement to wind down: the one `named` names, else the client's active one (or
/// its only one, to see a finished offboarding again).
async fn engagement(ctx: &Ctx, org: &str, named: Option<&str>) -> Result<Engagement> {
    if let Some(text) = named {
        return who::engagement(ctx, text, false).await;
    }
    match who::engagement(ctx, org, true).await {
        Err(Error::NotFound(_)) => who::engagement(ctx, org, false).await,
        found => found,
    }
}

/// Writes the personal thank-yous kith-core says are missing, or out of step with how the
/// engagement went; returns them.
async fn write_thanks(
    ctx: &Ctx,
    assessed: Option<&Assessed>,
    engagement: &Engagement,
    people: &[Person],
    known: &Known,
    style: &Style,
) -> Result<Vec<Draft>> {
    let to_write = thanks_to_write(engagement, &known.involved(people));
    if to_write.is_empty() {
        return Ok(vec![]);
    }
    let assessed_now;
    let assessed = match assessed {
        Some(kept) => kept,
        None => {
            assessed_now = crate::health::assess(ctx).await?;
            &assessed_now
        }
    };
    let mut written = Vec::with_capacity(to_write.len());
    for thanks in to_write {
        let Some(person) = people.iter().find(|p| p.id == thanks.person) else { continue };
        let manner = style.manner_for(assessed.of(&person.id)?.tier);
        let request = DraftRequest {
            tone: style.tone,
            went_well: engagement.went_well == Some(true),
            ..DraftRequest::new(DraftMove::ClientThanks, manner)
        };
        let composed = compose_for(ctx, person, &request, Some(engagement)).await?;
        written.push(match &thanks.replaces {
            Some(old) => {
                let new = new_draft(ctx, person, composed, Some(engagement));
                ctx.store.replace_draft(old, &new).await?
            }
            None => keep(ctx, person, composed, Some(engagement)).await?,
        });
    }
    Ok(written)
}

/// One person's drafts, interactions, ledger, pending check-ins and stage history.
type Record = (Vec<Draft>, Vec<Interaction>, Vec<Exchange>, Vec<CheckIn>, Vec<Transition>);

/// What the store holds of each person involved, as kith-core's offboarding reads it.
struct Known {
    each: Vec<Record>,
}

impl Known {
    async fn load(ctx: &Ctx, people: &[Person]) -> Result<Known> {
        let mut each = Vec::with_capacity(people.len());
        for p in people {
            let mut checkins = ctx.store.checkins(&p.id).await?;
            checkins.retain(|c| c.done_at.is_none());
            each.push((
                ctx.store.drafts(Some(&p.id)).await?,
                ctx.store.interactions_with(&p.id).await?,
                ctx.store.exchanges_with(&p.id).await?,
                checkins,
                ctx.store.transitions(&p.id).await?,
            ));
        }
        Ok(Known { each })
    }

    fn involved<'a>(&'a self, people: &'a [Person]) -> Vec<Involved<'a>> {
        people
            .iter()
            .zip(&self.each)
            .map(|(person, (drafts, interactions, exchanges, checkins, transitions))| Involved {
                person,
                drafts,
                interactions,
                exchanges,
                checkins,
                transitions,
            })
            .collect()
    }
}
