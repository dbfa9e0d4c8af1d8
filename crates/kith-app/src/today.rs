//! Today: what needs the owner now, in one call for a server's front page. Who needs
//! them most (the review), the check-ins due, the drafts not sent yet and the favors found
//! in mail waiting, all read from an assessment of everyone already made.

use crate::checkins::{self, Due};
use crate::compose::{self, ListedDraft};
use crate::health::{Assessed, Review, ReviewInput, review_of};
use crate::suggestions::{self, Waiting};
use crate::{Ctx, Result};

/// What Today shows.
#[derive(Debug)]
pub struct Today {
    /// The people who need the owner most, at most as many as asked.
    pub review: Review,
    /// The check-ins due within the span asked for.
    pub checkins: Due,
    /// The drafts not sent yet.
    pub drafts: Vec<ListedDraft>,
    /// The favors found in mail waiting, person by person.
    pub waiting: Vec<Waiting>,
}

/// Today as of the context's now: at most `shown` people, and the check-ins due within
/// `within_days`.
pub async fn today(ctx: &Ctx, assessed: &Assessed, shown: usize, within_days: u32) -> Result<Today> {
    Ok(Today {
        review: review_of(ctx, assessed, ReviewInput { limit: shown, ..ReviewInput::default() }).await?,
        checkins: checkins::due_among(ctx, assessed, within_days, false).await?,
        drafts: compose::list_among(ctx, assessed, None, true).await?,
        waiting: suggestions::waiting_among(ctx, assessed).await?,
    })
}
