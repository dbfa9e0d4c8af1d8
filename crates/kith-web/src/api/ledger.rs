//! The ledger and what settles things, over the API: one person's ledger (`kith ledger
//! WHO`), an ask declined (`kith declined`), favors found in mail accepted or rejected
//! (`kith ledger accept`, `kith ledger reject`) and a check-in done (`kith checkins
//! done`). Giving and asking are `POST /api/v1/people/{who}/ledger`. Each answer is the
//! same JSON as the command's `--json`.

use super::{ApiJson, ApiPath, Changes, JsonBody, Refused, Unknown, Who};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::checkins::{self, Done};
use kith_app::ledger::{self, Entry, Ledger};
use kith_app::suggestions::{self, Acceptance, AcceptedList};
use kith_core::{Exchange, ExchangeKind, Suggestion};
use serde::Deserialize;
use utoipa::ToSchema;

/// `GET /api/v1/people/{who}/ledger`
#[utoipa::path(
    get,
    path = "/api/v1/people/{who}/ledger",
    tag = "ledger",
    summary = "One person's ledger",
    description = "Every entry, oldest first, the totals (given, received, balance, open asks) and the \
                   message each entry accepted from mail was found in: the same JSON as `kith ledger WHO --json`.",
    params(Who),
    responses(
        (status = 200, description = "The ledger", body = Ledger),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused
    )
)]
pub(crate) async fn show(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Json<Ledger>, WebError> {
    Ok(Json(ledger::ledger(&state.ctx(), &who).await?))
}

/// An ask declined, as `kith declined` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeclineRequest {
    /// The kind of help asked for.
    #[schema(value_type = String, example = "introduction")]
    kind: ExchangeKind,
    /// The ask is the owner's (they declined it), not theirs (the owner declined it).
    #[serde(default)]
    mine: bool,
    /// When, as the command line takes it; none: now.
    #[serde(default)]
    at: Option<String>,
}

/// `POST /api/v1/people/{who}/ledger/declined`
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/ledger/declined",
    tag = "ledger",
    summary = "Decline an open ask",
    description = "The oldest open ask of that kind open at `at` is declined: the entry as it now stands, \
                   the same JSON as `kith declined --json`.",
    params(Who),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "The ask, declined", body = Exchange),
        (status = 404, description = "Nobody matches `who`, or no such ask is open", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A kind or date that cannot be read, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn decline(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<DeclineRequest>,
) -> Result<Json<Entry>, WebError> {
    let DeclineRequest { kind, mine, at } = request;
    Ok(Json(ledger::decline(&state.ctx(), &who, mine, kind, at.as_deref()).await?))
}

/// Which suggestions to accept: these ids, or every open one at least this sure.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptRequest {
    /// Suggestion ids (s_…).
    #[serde(default)]
    ids: Vec<String>,
    /// Instead of ids: every open suggestion at least this confident (0 to 1).
    #[serde(default)]
    min_confidence: Option<f64>,
    /// With `min_confidence`: only this person's.
    #[serde(default)]
    who: Option<String>,
}

/// `POST /api/v1/suggestions/accept`
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/accept",
    tag = "ledger",
    summary = "Accept favors found in mail into the ledger",
    description = "A thanks or a delivery brings along the open ask it answers in the same conversation, \
                   which is then settled as given; one not open is left as it is. What was accepted, each \
                   with the ledger entry it became: the same JSON as `kith ledger accept --json`.",
    request_body = AcceptRequest,
    responses(
        (status = 200, description = "The suggestions accepted", body = [Accepted]),
        (status = 404, description = "Nobody matches `who`, or no such suggestion", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "An id that cannot be one, ids and a confidence both or neither, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn accept(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<AcceptRequest>,
) -> Result<Json<AcceptedList>, WebError> {
    let which = match (request.ids.is_empty(), request.min_confidence) {
        (false, None) if request.who.is_none() => Acceptance::Ids(suggestions::suggestion_ids(&request.ids)?),
        (false, None) => return Err(WebError::Unprocessable("`who` goes with `min_confidence`".into())),
        (true, Some(min)) => Acceptance::Confident { min, who: request.who },
        _ => {
            return Err(WebError::Unprocessable("give either `ids` or `min_confidence`".into()));
        }
    };
    Ok(Json(suggestions::accept(&state.ctx(), which).await?))
}

/// Suggestions to reject.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RejectRequest {
    /// Suggestion ids (s_…).
    ids: Vec<String>,
}

/// `POST /api/v1/suggestions/reject`
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/reject",
    tag = "ledger",
    summary = "Reject favors found in mail",
    description = "An open suggestion stays rejected and never comes back; one not open is left as it \
                   is. Each as it now stands: the same JSON as `kith ledger reject --json`.",
    request_body = RejectRequest,
    responses(
        (status = 200, description = "The suggestions, as they now stand", body = [Suggestion]),
        (status = 404, description = "No such suggestion", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "An id that cannot be one, no id, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn reject(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<RejectRequest>,
) -> Result<Json<Vec<Suggestion>>, WebError> {
    if request.ids.is_empty() {
        return Err(WebError::Unprocessable("`ids`: name at least one suggestion".into()));
    }
    let ids = suggestions::suggestion_ids(&request.ids)?;
    Ok(Json(suggestions::reject(&state.ctx(), &ids).await?))
}

/// When a check-in was done.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DoneRequest {
    /// When, as the command line takes it; none: now.
    #[serde(default)]
    at: Option<String>,
}

/// `POST /api/v1/checkins/{id}/done`
#[utoipa::path(
    post,
    path = "/api/v1/checkins/{id}/done",
    tag = "ledger",
    summary = "Mark a check-in done",
    description = "A repeating check-in schedules the next. The check-in done and the next one: the same \
                   JSON as `kith checkins done ID --json`.",
    params(("id" = String, Path, description = "The check-in's id (c_…)")),
    request_body = DoneRequest,
    responses(
        (status = 200, description = "The check-in done, and the next one", body = Done),
        (status = 404, description = "No such check-in", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "An id that cannot be one, a check-in done already, a date that cannot be read, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn checkin_done(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<DoneRequest>,
) -> Result<Json<Done>, WebError> {
    let id = checkins::checkin_id(&id)?;
    Ok(Json(checkins::done(&state.ctx(), &id, request.at.as_deref()).await?))
}

/// A suggestion accepted, as `AcceptedList` serializes each (the store's type, which
/// carries no schema of its own, described here field for field).
#[derive(ToSchema)]
#[expect(dead_code, reason = "it describes the answer for the document; the store's type is served")]
pub(crate) struct Accepted {
    /// The suggestion, as it now stands.
    suggestion: Suggestion,
    /// The ledger entry it became or settled.
    entry: Exchange,
    /// Whether it settled an open ask as given rather than adding an entry.
    settled_ask: bool,
}
