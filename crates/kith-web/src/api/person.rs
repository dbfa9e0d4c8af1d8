//! One person through the API: everything about them (as `kith show --json`), their
//! plan (`kith plan --json`) and health (`kith health --json`), all read from the
//! judgments the server keeps; and tags, notes and the ledger (`kith person tag`,
//! `untag`, `note`, `kith gave`, `got` and `asked`).

use super::{ApiJson, ApiPath, Changes, JsonBody, Refused, Unknown, Who};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use axum::response::{IntoResponse, Response};
use kith_app::health::{explain_among, plan_of};
use kith_app::ledger::{self, EntryInput};
use kith_app::{people, show, who};
use kith_core::{ExchangeKind, Giver};
use serde::Deserialize;
use utoipa::ToSchema;

/// `GET /api/v1/people/{who}`
#[utoipa::path(
    get,
    path = "/api/v1/people/{who}",
    tag = "people",
    summary = "Everything about one person",
    description = "Profile, organization, stage history, interactions, the timeline and reciprocity \
                   figures month by month, the ledger, notes, check-ins, facts, mutes and health: the \
                   same JSON as `kith show --json`.",
    params(Who),
    responses(
        (status = 200, description = "The person's page, as `kith show --json` prints it", body = kith_app::show::PersonPage),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused
    )
)]
pub(crate) async fn show(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Response, WebError> {
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    let page = show::person_among(&ctx, &who, &assessed).await?;
    Ok(Json(page).into_response())
}

/// `GET /api/v1/people/{who}/plan`
#[utoipa::path(
    get,
    path = "/api/v1/people/{who}/plan",
    tag = "people",
    summary = "One person's moves in order",
    description = "Their tier, the diagnoses that hold and the moves to try, each with its reason and \
                   what was already tried: the same JSON as `kith plan --json`.",
    params(Who),
    responses(
        (status = 200, description = "The plan", body = kith_app::health::Plan),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused
    )
)]
pub(crate) async fn plan(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Response, WebError> {
    let ctx = state.ctx();
    let person = who::person(&ctx, &who).await?;
    let assessed = state.judged(&ctx).await?;
    Ok(Json(plan_of(&assessed, &person)?).into_response())
}

/// `GET /api/v1/people/{who}/health`
#[utoipa::path(
    get,
    path = "/api/v1/people/{who}/health",
    tag = "people",
    summary = "One person's health metrics, as computed",
    description = "Every metric of the relationship (strength, cadence, recent rate, replies, \
                   initiation, reciprocity …) as computed: the same JSON as `kith health --json`.",
    params(Who),
    responses(
        (status = 200, description = "The metrics", body = kith_core::health::Metrics),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused
    )
)]
pub(crate) async fn health(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Response, WebError> {
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    Ok(Json(explain_among(&ctx, &who, &assessed).await?).into_response())
}

/// Tags to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TagsRequest {
    /// The tags, as typed.
    #[schema(example = json!(["investor"]))]
    tags: Vec<String>,
}

/// `POST /api/v1/people/{who}/tags`
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/tags",
    tag = "people",
    summary = "Tag a person",
    description = "Adds tags; the person as they now are, as `kith person tag --json` prints them.",
    params(Who),
    request_body = TagsRequest,
    responses(
        (status = 200, description = "The person, tags added", body = kith_core::Person),
        (status = 422, description = "A tag that cannot be one, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn tag(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<TagsRequest>,
) -> Result<Response, WebError> {
    Ok(Json(people::tag(&state.ctx(), &who, &request.tags).await?).into_response())
}

/// `DELETE /api/v1/people/{who}/tags/{tag}`
#[utoipa::path(
    delete,
    path = "/api/v1/people/{who}/tags/{tag}",
    tag = "people",
    summary = "Remove a tag from a person",
    description = "The person as they now are, as `kith person untag --json` prints them.",
    params(
        ("who" = String, Path, description = "An id (p_…), an email, phone or URL, or a name"),
        ("tag" = String, Path, description = "The tag to remove")
    ),
    responses(
        (status = 200, description = "The person, the tag removed", body = kith_core::Person),
        (status = 404, description = "Nobody matches `who`, or they have no such tag", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn untag(
    _auth: Auth,
    state: Scope,
    ApiPath((who, tag)): ApiPath<(String, String)>,
) -> Result<Response, WebError> {
    Ok(Json(people::untag(&state.ctx(), &who, &[tag]).await?).into_response())
}

/// A note to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoteRequest {
    /// The note.
    text: String,
    /// Its date, as the command line takes it (2026-03-14, yesterday); none: now.
    #[serde(default)]
    at: Option<String>,
}

/// `POST /api/v1/people/{who}/notes`
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/notes",
    tag = "people",
    summary = "Add a dated note to a person",
    description = "The note as kept, as `kith person note --json` prints it.",
    params(Who),
    request_body = NoteRequest,
    responses(
        (status = 200, description = "The note", body = kith_core::Note),
        (status = 422, description = "An empty note, a date that cannot be read, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn note(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<NoteRequest>,
) -> Result<Response, WebError> {
    let noted = people::note(&state.ctx(), &who, &request.text, request.at.as_deref()).await?;
    Ok(Json(noted).into_response())
}

/// Which ledger command an entry is.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LedgerAction {
    /// `kith gave`: you gave them something (fulfilling their open ask of that kind, if any).
    Gave,
    /// `kith got`: they gave you something (fulfilling your open ask of that kind, if any).
    Got,
    /// `kith asked`: an ask opened; theirs of you, or with `mine` yours of them.
    Asked,
}

/// A ledger entry to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LedgerRequest {
    /// Which command.
    action: LedgerAction,
    /// What kind of help.
    #[schema(value_type = String, example = "introduction")]
    kind: ExchangeKind,
    /// When, as the command line takes it; none: now.
    #[serde(default)]
    at: Option<String>,
    /// What exactly, e.g. whom the introduction was to.
    #[serde(default)]
    note: Option<String>,
    /// `gave` and `got`: the weight, instead of the kind's own.
    #[serde(default)]
    weight: Option<f64>,
    /// `asked`: the ask is yours (you asked them), not theirs.
    #[serde(default)]
    mine: bool,
}

/// `POST /api/v1/people/{who}/ledger`
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/ledger",
    tag = "people",
    summary = "Add to a person's ledger",
    description = "Records help given or received, or an ask: the entry as it now stands, the same \
                   JSON as `kith gave --json`, `kith got --json` and `kith asked --json`.",
    params(Who),
    request_body = LedgerRequest,
    responses(
        (status = 200, description = "The entry", body = kith_core::Exchange),
        (status = 422, description = "A kind, date or weight that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn add_to_ledger(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<LedgerRequest>,
) -> Result<Response, WebError> {
    let ctx = state.ctx();
    let LedgerRequest { action, kind, at, note, weight, mine } = request;
    match action {
        LedgerAction::Gave | LedgerAction::Got if mine => {
            return Err(WebError::Unprocessable("`mine` goes with `asked` only".into()));
        }
        LedgerAction::Asked if weight.is_some() => {
            return Err(WebError::Unprocessable("an ask has no weight until it is given".into()));
        }
        _ => {}
    }
    let input = EntryInput { kind, at, note };
    let entry = match action {
        LedgerAction::Gave => ledger::give(&ctx, &who, Giver::Owner, weight, input).await?,
        LedgerAction::Got => ledger::give(&ctx, &who, Giver::Them, weight, input).await?,
        LedgerAction::Asked => ledger::ask(&ctx, &who, mine, input).await?,
    };
    Ok(Json(entry).into_response())
}
