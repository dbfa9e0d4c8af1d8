//! `GET /`: Today, where signing in lands. Who needs the owner (the review, with each
//! diagnosis's evidence and the first move), the check-ins due, the drafts not sent yet
//! and the favors found in mail waiting for the owner's word.

use super::render;
use crate::auth::Auth;
use crate::error::PageError;
use crate::state::Scope;
use axum::response::Html;
use kith_app::today::{Today, today as today_of};
use minijinja::context;

/// How many people Today lists; the People page, by attention, has the rest.
const SHOWN: usize = 25;

/// How far ahead Today looks for check-ins, in days.
const CHECKINS_WITHIN: u32 = 14;

/// `GET /`
pub(crate) async fn today(auth: Auth, state: Scope) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let Today { review, checkins: due, drafts, waiting } =
        today_of(&ctx, &*state.judged(&ctx).await?, SHOWN, CHECKINS_WITHIN).await?;
    let drafts: Vec<_> = drafts.iter().map(|d| context! { name => d.name, draft => d.draft }).collect();
    Ok(render(
        "today.html",
        Some(&auth),
        context! {
            here => "/",
            entries => review.entries,
            more => review.matched.saturating_sub(review.entries.len()),
            assessed => review.assessed,
            checkins => due.checkins,
            checkins_later => due.later,
            checkins_within => CHECKINS_WITHIN,
            drafts,
            waiting,
            suggestions_waiting => review.suggestions_waiting,
            today => ctx.now.date().to_string(),
        },
    )?)
}
