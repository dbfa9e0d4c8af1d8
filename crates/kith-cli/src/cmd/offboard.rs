//! `kith offboard <organization>`: winding down a client engagement well. Each person
//! involved gets a personal draft (never one group message); the checklist shows who was
//! thanked, who answered and what is left; `--finish` ends the engagement and schedules
//! check-ins once everyone was thanked.

use super::compose::{Style, compose_for, keep};
use crate::cli::OffboardArgs;
use crate::context::Ctx;
use crate::failure::UserError;
use crate::{out, who};
use anyhow::Result;
use kith_core::when::parse_every;
use kith_core::{
    CHECKIN_EVERY_DAYS, Checklist, Draft, DraftFormat, DraftMove, DraftRequest, Engagement, Envelope,
    Involved, NewCheckIn, NewNote, Person, checklist,
};
use kith_store::StoreError;
use serde::Serialize;

/// Runs `kith offboard`.
pub async fn offboard(ctx: &Ctx, args: OffboardArgs) -> Result<()> {
    let style = Style::read(&args.compose)?;
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
    let written = write_missing_thanks(ctx, &engagement, &people, &style).await?;
    if args.finish {
        finish(ctx, &engagement, &people, args.checkins_every.as_deref()).await?;
        engagement = ctx.store.engagement(&engagement.id).await?;
    }
    let list = current_checklist(ctx, &engagement, &people).await?;
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
        let text = draft.composed(person).render(
            if style.format == DraftFormat::Eml { DraftFormat::Text } else { style.format },
            &envelope,
        );
        out::print(&text)?;
        out::line("")?;
    }
    print_checklist(&engagement, &org.name, &people, &list)
}

/// The engagement to wind down: the one `--engagement` names, else the client's active
/// one (or its only one, to see a finished offboarding again).
async fn engagement(ctx: &Ctx, args: &OffboardArgs) -> Result<Engagement> {
    if let Some(text) = &args.engagement {
        return who::engagement(ctx, text, false).await;
    }
    match who::engagement(ctx, &args.org, true).await {
        Err(e) if e.downcast_ref::<UserError>().is_some_and(|u| matches!(u, UserError::NotFound(_))) => {
            who::engagement(ctx, &args.org, false).await
        }
        found => found,
    }
}

/// Composes and keeps a personal thank-you for each person who has none for this
/// engagement yet; returns the new drafts.
async fn write_missing_thanks(
    ctx: &Ctx,
    engagement: &Engagement,
    people: &[Person],
    style: &Style,
) -> Result<Vec<Draft>> {
    let existing = ctx.store.drafts(None).await?;
    let has_thanks = |p: &Person| {
        existing.iter().any(|d| {
            d.person == p.id
                && d.what == DraftMove::ClientThanks
                && d.engagement.as_ref() == Some(&engagement.id)
        })
    };
    let missing: Vec<&Person> = people.iter().filter(|p| !has_thanks(p)).collect();
    if missing.is_empty() {
        return Ok(vec![]);
    }
    let assessed = super::health::assess(ctx).await?;
    let mut written = Vec::with_capacity(missing.len());
    for person in missing {
        let request = DraftRequest {
            what: DraftMove::ClientThanks,
            tone: style.tone,
            manner: style.manner_for(assessed.of(&person.id)?.tier),
            reason: None,
            door: None,
            alternative: None,
            went_well: engagement.went_well == Some(true),
        };
        let composed = compose_for(ctx, person, &request, Some(engagement)).await?;
        written.push(keep(ctx, person, composed, Some(engagement)).await?);
    }
    Ok(written)
}

/// Ends the engagement and schedules everyone's check-ins, once everyone was thanked.
async fn finish(ctx: &Ctx, engagement: &Engagement, people: &[Person], every: Option<&str>) -> Result<()> {
    let list = current_checklist(ctx, engagement, people).await?;
    let unthanked: Vec<String> = list
        .items
        .iter()
        .zip(people)
        .filter(|(item, _)| item.thanked.is_none())
        .map(|(item, p)| match &item.draft {
            Some(draft) => format!("{} (draft {draft})", p.name),
            None => p.name.clone(),
        })
        .collect();
    if !unthanked.is_empty() {
        return Err(UserError::Invalid(format!(
            "not everyone was thanked yet: {}; send each draft and mark it with `kith drafts sent <id>`, then finish",
            unthanked.join(", ")
        ))
        .into());
    }
    let days = every.map(parse_every).transpose()?.unwrap_or(CHECKIN_EVERY_DAYS);
    let now = ctx.now_ts();
    let why = format!("a light check-in after {}", engagement.title);
    let mut checkins = Vec::with_capacity(people.len());
    let mut notes = Vec::with_capacity(people.len());
    for p in people {
        checkins.push(NewCheckIn::every(p.id.clone(), now, days, Some(why.clone()))?);
        let text = format!("{} finished; thanked personally; check-ins every {days} days", engagement.title);
        notes.push(NewNote::new(p.id.clone(), &text, now, now)?);
    }
    match ctx.store.finish_offboarding(&engagement.id, now, now, &checkins, &notes).await {
        Err(StoreError::Invalid(e)) => Err(UserError::Invalid(e.to_string()).into()),
        other => other.map(drop).map_err(Into::into),
    }
}

/// The checklist as the store stands now.
async fn current_checklist(ctx: &Ctx, engagement: &Engagement, people: &[Person]) -> Result<Checklist> {
    let mut known = Vec::with_capacity(people.len());
    for p in people {
        let mut checkins = ctx.store.checkins(&p.id).await?;
        checkins.retain(|c| c.done_at.is_none());
        known.push((
            p.id.clone(),
            ctx.store.drafts(Some(&p.id)).await?,
            ctx.store.interactions_with(&p.id).await?,
            ctx.store.exchanges_with(&p.id).await?,
            checkins,
        ));
    }
    let involved: Vec<Involved<'_>> = known
        .iter()
        .map(|(person, drafts, interactions, exchanges, checkins)| Involved {
            person: person.clone(),
            drafts,
            interactions,
            exchanges,
            checkins,
        })
        .collect();
    Ok(checklist(engagement, &involved))
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
    let mut left = Vec::new();
    for (item, p) in list.items.iter().zip(people) {
        match (&item.draft, item.thanked, item.answered) {
            (Some(draft), None, _) => {
                left.push(format!("send {}'s thanks, then `kith drafts sent {draft}`", p.name))
            }
            (_, Some(_), None) => left.push(format!(
                "wait for {}'s answer; record feedback with `kith got \"{}\" feedback`",
                p.name, p.name
            )),
            _ => {}
        }
    }
    if list.all_thanked && !list.finished {
        left.push(format!(
            "finish with `kith offboard {} --finish` (ends it and schedules check-ins)",
            engagement.id
        ));
    }
    if left.is_empty() {
        return out::line("Nothing left to do.");
    }
    out::line("Left:")?;
    for step in left {
        out::line(&format!("  - {step}"))?;
    }
    Ok(())
}
