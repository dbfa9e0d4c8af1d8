//! `kith offboard <organization>`: winding down a client engagement well. Each person
//! involved gets a personal draft (never one group message); the checklist shows who was
//! thanked, who answered and what is left; `--finish` ends the engagement and schedules
//! check-ins once everyone was thanked. kith-core decides all three.

use super::compose::{Style, compose_for, keep};
use crate::cli::OffboardArgs;
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::when::parse_every;
use kith_core::{
    CheckIn, Checklist, Draft, DraftFormat, DraftMove, DraftRequest, Engagement, Envelope, Exchange,
    Interaction, Involved, LeftStep, Person, Transition, checklist, plan_finish, thanks_to_write,
};
use kith_store::StoreError;
use serde::Serialize;

/// Runs `kith offboard`.
pub async fn offboard(ctx: &Ctx, args: OffboardArgs) -> Result<()> {
    let style = Style::read(&args.compose)?;
    if style.format == DraftFormat::Eml {
        return Err(UserError::Invalid(
            "offboarding shows its drafts as text or markdown; write one as an .eml with \
             `kith drafts show d_… --format eml`"
                .into(),
        )
        .into());
    }
    let mut engagement = engagement(ctx, &args).await?;
    if args.went_well || args.not_well {
        engagement = ctx.store.set_engagement_went_well(&engagement.id, args.went_well).await?;
    }
    let org = ctx.store.organization(&engagement.org).await?;
    let mut people = Vec::with_capacity(engagement.people.len());
    for id in &engagement.people {
        people.push(ctx.store.person(id).await?);
    }
    if people.is_empty() {
        return Err(UserError::Invalid(format!(
            "nobody is recorded on {}; name the people involved when adding an engagement \
             (`kith engagement add \"{}\" \"title\" --person <who>`)",
            engagement.title, org.name
        ))
        .into());
    }
    let mut known = Known::load(ctx, &people).await?;
    let written = write_thanks(ctx, &engagement, &people, &known, &style).await?;
    if !written.is_empty() {
        known = Known::load(ctx, &people).await?;
    }
    if args.finish {
        let every = args.checkins_every.as_deref().map(parse_every).transpose()?;
        let plan = plan_finish(&engagement, &known.involved(&people), every, ctx.now_ts())?;
        let now = ctx.now_ts();
        match ctx.store.finish_offboarding(&engagement.id, now, now, &plan.checkins, &plan.notes).await {
            Err(StoreError::Invalid(e)) => return Err(UserError::Invalid(e.to_string()).into()),
            other => engagement = other?,
        }
        known = Known::load(ctx, &people).await?;
    }
    let list = checklist(&engagement, &known.involved(&people));
    if ctx.json {
        #[derive(Serialize)]
        struct View<'a> {
            engagement: &'a Engagement,
            written: &'a [Draft],
            checklist: &'a Checklist,
        }
        return out::json(&View { engagement: &engagement, written: &written, checklist: &list });
    }
    for draft in &written {
        let person = people.iter().find(|p| p.id == draft.person).map_or("", |p| p.name.as_str());
        out::line(&format!("--- to {person} (draft {}, {}) ---", draft.id, draft.manner))?;
        let envelope = Envelope {
            from: None,
            to: None,
            date: draft.created_at,
            message_id: format!("{}@kith.invalid", draft.id),
        };
        out::print(&draft.composed(person).render(style.format, &envelope))?;
        out::line("")?;
    }
    print_checklist(&engagement, &org.name, &people, &list)
}

/// The engagement to wind down: the one `--engagement` names, else the client's active
/// one (or its only one, to see a finished offboarding again).
async fn engagement(ctx: &Ctx, args: &OffboardArgs) -> Result<Engagement> {
    if let Some(text) = &args.engagement {
        return Ok(who::engagement(ctx, text, false).await?);
    }
    match who::engagement(ctx, &args.org, true).await {
        Err(kith_app::Error::NotFound(_)) => Ok(who::engagement(ctx, &args.org, false).await?),
        found => Ok(found?),
    }
}

/// Writes the personal thank-yous kith-core says are missing, or out of step with how the
/// engagement went; returns them.
async fn write_thanks(
    ctx: &Ctx,
    engagement: &Engagement,
    people: &[Person],
    known: &Known,
    style: &Style,
) -> Result<Vec<Draft>> {
    let to_write = thanks_to_write(engagement, &known.involved(people));
    if to_write.is_empty() {
        return Ok(vec![]);
    }
    let assessed = super::health::assess(ctx).await?;
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
                let new = super::compose::new_draft(ctx, person, composed, Some(engagement));
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

fn print_checklist(engagement: &Engagement, org: &str, people: &[Person], list: &Checklist) -> Result<()> {
    let state = if list.finished { "finished" } else { "winding down" };
    let outcome = match engagement.went_well {
        Some(true) => "went well: a reference is asked for",
        Some(false) => "did not go well: no reference is asked for",
        None => "outcome not recorded (--went-well asks for a reference)",
    };
    out::line(&format!("Offboarding {} for {org} ({state}; {outcome})", engagement.title))?;
    let yes = |b: bool| if b { "yes" } else { "-" };
    let when = |t: Option<jiff::Timestamp>| t.map(out::date).unwrap_or_else(|| "-".into());
    let mut table = out::table([
        "person",
        "draft",
        "thanked",
        "feedback asked",
        "reference asked",
        "answered",
        "check-ins",
    ]);
    for (item, p) in list.items.iter().zip(people) {
        table.add_row([
            p.name.clone(),
            item.draft.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into()),
            when(item.thanked),
            yes(item.feedback_asked).into(),
            yes(item.reference_asked).into(),
            when(item.answered),
            yes(item.checkins_scheduled).into(),
        ]);
    }
    out::table_or(&table, "")?;
    if list.left.is_empty() {
        return out::line("Nothing left to do.");
    }
    let name = |id| people.iter().find(|p| &p.id == id).map_or("", |p| p.name.as_str());
    out::line("Left:")?;
    for step in &list.left {
        let text = match step {
            LeftStep::SendThanks { person, draft } => {
                format!("send {}'s thanks, then `kith drafts sent {draft}`", name(person))
            }
            LeftStep::AskReference { person } => format!(
                "ask {} for a reference: `kith draft \"{}\" reference-request`",
                name(person),
                name(person)
            ),
            LeftStep::AwaitAnswer { person } => format!(
                "wait for {}'s answer; record feedback with `kith got \"{}\" feedback`",
                name(person),
                name(person)
            ),
            LeftStep::Finish => {
                format!(
                    "finish with `kith offboard {} --finish` (ends it and schedules check-ins)",
                    engagement.id
                )
            }
        };
        out::line(&format!("  - {text}"))?;
    }
    Ok(())
}
