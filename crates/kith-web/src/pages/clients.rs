//! Client work in the browser: `GET /engagements`, every engagement (those going on
//! first) with its client, and `GET /engagements/{id}`, its offboarding person by person
//! as `kith_app::offboard::standing` gives it (reading only), with the moves left linked
//! to each person's composer. `POST /engagements/{id}/offboard` does what
//! `kith offboard` does (records how it went, writes the missing thank-yous, finishes if
//! asked) through `kith_app::offboard::offboard_among`, then goes back to the page.

use super::{PageForm, render};
use crate::auth::Auth;
use crate::error::PageError;
use crate::state::Scope;
use axum::extract::Path;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kith_app::offboard::{OffboardInput, Offboarding, TypedOffboard, offboard_among, standing};
use kith_app::orgs::engagements as all_engagements;
use kith_core::{ChecklistItem, EngagementStatus, LeftStep, PersonId};
use minijinja::context;
use serde::{Deserialize, Serialize};

/// `GET /engagements`
pub(crate) async fn engagements(auth: Auth, state: Scope) -> Result<Html<String>, PageError> {
    let list = all_engagements(&state.ctx(), false).await?;
    // Those going on first, each group in the use case's order.
    let mut sorted: Vec<_> = list.engagements.iter().collect();
    sorted.sort_by_key(|e| e.status != EngagementStatus::Active);
    let going_on = sorted.iter().filter(|e| e.status == EngagementStatus::Active).count();
    let rows: Vec<_> = sorted
        .into_iter()
        .map(
            |e| context! { engagement => e, client => list.clients.get(&e.org).cloned().unwrap_or_default() },
        )
        .collect();
    Ok(render("engagements.html", Some(&auth), context! { here => "/engagements", rows, going_on })?)
}

/// One person's line of the checklist, with their name and what is left for them.
#[derive(Serialize)]
struct PersonLine<'a> {
    name: &'a str,
    item: &'a ChecklistItem,
    left: Vec<&'a LeftStep>,
}

/// `GET /engagements/{id}`
pub(crate) async fn engagement(
    auth: Auth,
    state: Scope,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let done = standing(&state.ctx(), &id, None).await?;
    Ok(page(&auth, &done)?)
}

fn page(auth: &Auth, done: &Offboarding) -> Result<Html<String>, crate::error::WebError> {
    let of = |step: &LeftStep| -> Option<PersonId> {
        match step {
            LeftStep::SendThanks { person, .. }
            | LeftStep::AskReference { person }
            | LeftStep::AwaitAnswer { person } => Some(person.clone()),
            LeftStep::Finish => None,
        }
    };
    let lines: Vec<PersonLine<'_>> = done
        .checklist
        .items
        .iter()
        .map(|item| PersonLine {
            name: done.name(&item.person),
            item,
            left: done.checklist.left.iter().filter(|s| of(s).as_ref() == Some(&item.person)).collect(),
        })
        .collect();
    let unwritten = done.checklist.items.iter().filter(|i| i.draft.is_none()).count();
    let to_thank = done.checklist.items.iter().filter(|i| i.thanked.is_none()).count();
    let may_finish = done.checklist.left.iter().any(|s| matches!(s, LeftStep::Finish));
    render(
        "engagement.html",
        Some(auth),
        context! {
            here => "/engagements",
            engagement => &done.engagement,
            client => &done.org,
            checklist => &done.checklist,
            lines,
            unwritten,
            to_thank,
            may_finish,
        },
    )
}

/// What the offboarding form sends: `kith offboard`'s options.
#[derive(Debug, Deserialize)]
pub(crate) struct OffboardForm {
    /// `well`, `not_well`, or empty to leave it as recorded.
    #[serde(default)]
    outcome: String,
    /// `on` to finish.
    #[serde(default)]
    finish: Option<String>,
    /// Days between check-ins after finishing, as the command line reads them.
    #[serde(default)]
    checkins_every: String,
    /// warm, frank or light.
    #[serde(default)]
    tone: String,
}

/// `POST /engagements/{id}/offboard`
pub(crate) async fn offboard(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<OffboardForm>,
) -> Result<Response, PageError> {
    let went_well = match form.outcome.as_str() {
        "well" => Some(true),
        "not_well" => Some(false),
        _ => None,
    };
    let input = OffboardInput::typed(TypedOffboard {
        engagement: Some(&id),
        went_well,
        finish: form.finish.is_some(),
        checkins_every: Some(&form.checkins_every),
        tone: Some(&form.tone),
        ..TypedOffboard::default()
    })?;
    let ctx = state.ctx();
    let done = offboard_among(&ctx, &*state.judged(&ctx).await?, &id, input).await?;
    Ok(Redirect::to(&format!("/engagements/{}", done.engagement.id)).into_response())
}
