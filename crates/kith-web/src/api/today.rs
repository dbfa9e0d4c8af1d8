//! What Today shows, over the API: the review (`GET /api/v1/review`), the check-ins due
//! (`GET /api/v1/checkins`, and as a calendar `…/feed.ics`), the drafts (`GET /api/v1/drafts`) and the favors found in
//! mail waiting for the owner's word (`GET /api/v1/suggestions`), each the same JSON as
//! the command line's `--json`.

use super::{ApiQuery, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kith_app::{checkins, compose, health, suggestions};
use kith_core::Tier;
use kith_core::health::DiagnosisKind;
use kith_core::when::parse_every;
use serde::Deserialize;
use utoipa::IntoParams;

/// A comma-separated list of names (`inner,close`), each read as `T`.
pub(crate) fn names<T: std::str::FromStr>(text: Option<&str>) -> Result<Vec<T>, WebError>
where
    T::Err: Into<kith_app::Error>,
{
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.parse::<T>().map_err(|e| WebError::App(e.into())))
        .collect()
}

/// What `kith review` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReviewQuery {
    /// Everyone, thriving and ended ties included, not only those that need attention.
    #[serde(default)]
    all: bool,
    /// Only these tiers, comma-separated: inner, close, active, network, acquaintance.
    tier: Option<String>,
    /// Only people with this tag.
    tag: Option<String>,
    /// Only people at this organization: a name, a domain or an id.
    org: Option<String>,
    /// Only people with one of these diagnoses, comma-separated (e.g. drifting,overdue).
    diagnosis: Option<String>,
    /// At most this many, most in need first (0: all); 20 unless given, as on the
    /// command line.
    limit: Option<usize>,
}

impl ReviewQuery {
    pub(crate) fn input(&self) -> Result<health::ReviewInput, WebError> {
        Ok(health::ReviewInput {
            all: self.all,
            tiers: names::<Tier>(self.tier.as_deref())?,
            tag: self.tag.clone().filter(|t| !t.trim().is_empty()),
            org: self.org.clone().filter(|o| !o.trim().is_empty()),
            diagnoses: names::<DiagnosisKind>(self.diagnosis.as_deref())?,
            limit: self.limit.unwrap_or(20),
        })
    }
}

/// The attention list, most in need first: each person's name, stage, tier, metrics,
/// diagnoses with their evidence, moves, and favors waiting; as `kith review --json`.
#[utoipa::path(
    get,
    path = "/api/v1/review",
    tag = "today",
    summary = "Who needs attention",
    params(ReviewQuery),
    responses(
        (status = 200, description = "The review's entries, most in need first", body = [kith_app::health::ReviewEntry]),
        (status = 404, description = "No organization matches `org`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A tier, diagnosis or tag that does not exist", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn review(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<ReviewQuery>,
) -> Result<Json<health::Review>, WebError> {
    let input = query.input()?;
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    Ok(Json(health::review_of(&ctx, &assessed, input).await?))
}

/// What `kith checkins` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CheckinsQuery {
    /// Check-ins due within this long (overdue ones always): 30d unless given; 12w, 3m,
    /// 1y work too.
    within: Option<String>,
    /// Also the birthdays in the same span; the answer is then an object with
    /// `checkins` and `birthdays`.
    #[serde(default)]
    birthdays: bool,
}

/// The check-ins due, each with the draft that carries it out; as `kith checkins --json`.
#[utoipa::path(
    get,
    path = "/api/v1/checkins",
    tag = "today",
    summary = "Check-ins due",
    params(CheckinsQuery),
    responses(
        (status = 200, description = "The check-ins due, soonest first (with `birthdays`, an object of both)", body = kith_app::checkins::DueJson),
        (status = 422, description = "A span that cannot be read", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn checkins(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<CheckinsQuery>,
) -> Result<Json<checkins::Due>, WebError> {
    let within = parse_every(query.within.as_deref().unwrap_or("30d")).map_err(kith_app::Error::from)?;
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    Ok(Json(checkins::due_among(&ctx, &assessed, within, query.birthdays).await?))
}

/// The check-ins still to do as an iCalendar feed, as `kith checkins --ics` writes it.
#[utoipa::path(
    get,
    path = "/api/v1/checkins/feed.ics",
    tag = "today",
    summary = "Check-ins as a calendar",
    description = "Every check-in still to do as an event of an iCalendar file, each with its suggested \
                   message: what `kith checkins --ics` writes, for a script to put where a calendar \
                   reads it.",
    responses(
        (status = 200, description = "The feed", content_type = "text/calendar", body = String),
        Refused
    )
)]
pub(crate) async fn checkins_feed(_auth: Auth, state: Scope) -> Result<Response, WebError> {
    let feed = checkins::feed(&state.ctx()).await?;
    let calendar = HeaderValue::from_static("text/calendar; charset=utf-8");
    Ok(([(header::CONTENT_TYPE, calendar)], feed).into_response())
}

/// What `kith drafts` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DraftsQuery {
    /// Only this person's drafts: an id, an email, phone or URL, or a name.
    person: Option<String>,
    /// Only drafts not sent yet.
    #[serde(default)]
    unsent: bool,
}

/// The drafts kept; as `kith drafts --json`.
#[utoipa::path(
    get,
    path = "/api/v1/drafts",
    tag = "today",
    summary = "Drafts kept",
    params(DraftsQuery),
    responses(
        (status = 200, description = "The drafts", body = [kith_app::compose::ListedDraft]),
        (status = 404, description = "Nobody matches `person`", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn drafts(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<DraftsQuery>,
) -> Result<Json<Vec<compose::ListedDraft>>, WebError> {
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    Ok(Json(compose::list_among(&ctx, &assessed, query.person.as_deref(), query.unsent).await?))
}

/// What `kith ledger suggestions` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SuggestionsQuery {
    /// Only this person's: an id, an email, phone or URL, or a name.
    who: Option<String>,
    /// Also those accepted or rejected.
    #[serde(default)]
    all: bool,
}

/// Favors found in mail that wait for the owner's word, each with the ask it answers;
/// as `kith ledger suggestions --json`.
#[utoipa::path(
    get,
    path = "/api/v1/suggestions",
    tag = "today",
    summary = "Favors found in mail, waiting",
    params(SuggestionsQuery),
    responses(
        (status = 200, description = "The suggestions", body = [kith_app::suggestions::Listed]),
        (status = 404, description = "Nobody matches `who`", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn suggestions(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<SuggestionsQuery>,
) -> Result<Json<suggestions::SuggestionList>, WebError> {
    Ok(Json(suggestions::list(&state.ctx(), query.who.as_deref(), query.all).await?))
}
