//! Records that are probably one person, and merges, over the API: the likely duplicates
//! (`kith dupes`), the owner's word on them (`kith dupes --accept … --reject …`), a merge
//! by hand (`kith person merge`), every merge (`kith person merges`) and undoing one
//! (`kith person unmerge`). Each answer is the same JSON as the command's `--json`.

use super::{ApiJson, ApiPath, ApiQuery, Changes, JsonBody, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::dupes::{self, Choice, Pair, Resolved, Unmerged};
use kith_core::MergeRecord;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The least score `kith dupes` shows unless told otherwise.
const MIN_SCORE: u8 = 60;

/// What `kith dupes` takes to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DupesQuery {
    /// Only pairs scoring at least this (0-100); 60 unless given, as on the command line.
    min: Option<u8>,
}

/// `GET /api/v1/dupes`
#[utoipa::path(
    get,
    path = "/api/v1/dupes",
    tag = "dupes",
    summary = "Likely duplicates",
    description = "Records that are probably one person, strongest first and numbered (the numbers the \
                   owner's word refers to), each with why: the same JSON as `kith dupes --json`. Pairs the \
                   owner said are two people are left out.",
    params(DupesQuery),
    responses(
        (status = 200, description = "The pairs", body = [Pair]),
        (status = 400, description = "A score that is not a number from 0 to 255", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn list(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<DupesQuery>,
) -> Result<Json<Vec<Pair>>, WebError> {
    Ok(Json(dupes::find(&state.ctx(), query.min.unwrap_or(MIN_SCORE)).await?))
}

/// The owner's word on the likely duplicates, by their numbers in the list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResolveRequest {
    /// The least score of the list the numbers refer to; 60 unless given.
    #[serde(default)]
    min: Option<u8>,
    /// Merge these pairs (the one added first stays).
    #[serde(default)]
    accept: Vec<usize>,
    /// Merge every pair listed.
    #[serde(default)]
    accept_all: bool,
    /// Remember these pairs as two people: never proposed again.
    #[serde(default)]
    reject: Vec<usize>,
}

/// `POST /api/v1/dupes`
#[utoipa::path(
    post,
    path = "/api/v1/dupes",
    tag = "dupes",
    summary = "Merge likely duplicates, or mark them as two people",
    description = "Rejected pairs first, then the accepted ones merged in order; a number not listed, or \
                   a pair both accepted and rejected, is refused before anything is written. What was \
                   done: the same JSON as `kith dupes --accept … --reject … --json`.",
    request_body = ResolveRequest,
    responses(
        (status = 200, description = "The pairs rejected and merged", body = Resolved),
        (status = 422, description = "A number not listed, a pair both accepted and rejected, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn resolve(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<ResolveRequest>,
) -> Result<Json<Resolved>, WebError> {
    let ResolveRequest { min, accept, accept_all, reject } = request;
    if accept_all && !accept.is_empty() {
        return Err(WebError::Unprocessable("`accept` and `accept_all` go apart".into()));
    }
    let choice = Choice { accept_all, accept, reject };
    Ok(Json(dupes::resolve(&state.ctx(), min.unwrap_or(MIN_SCORE), &choice).await?))
}

/// What `kith person merges` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MergesQuery {
    /// Only this person's merges: an id, an email, phone or URL, or a name.
    who: Option<String>,
}

/// `GET /api/v1/merges`
#[utoipa::path(
    get,
    path = "/api/v1/merges",
    tag = "dupes",
    summary = "Every merge",
    description = "Newest first, those undone too: the same JSON as `kith person merges --json`.",
    params(MergesQuery),
    responses(
        (status = 200, description = "The merges", body = [MergeRecord]),
        (status = 404, description = "Nobody matches `who`", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn merges(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<MergesQuery>,
) -> Result<Json<Vec<MergeRecord>>, WebError> {
    let who = query.who.as_deref().map(str::trim).filter(|w| !w.is_empty());
    Ok(Json(dupes::merges(&state.ctx(), who).await?))
}

/// Two records of one person to merge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeRequest {
    /// The one who stays: an id, an email, phone or URL, or a name.
    keep: String,
    /// The one who joins them.
    other: String,
}

/// `POST /api/v1/merges`
#[utoipa::path(
    post,
    path = "/api/v1/merges",
    tag = "dupes",
    summary = "Merge two records of one person",
    description = "The merge as kept (who both were and who they are now, for undoing it): the same \
                   JSON as `kith person merge --json`.",
    request_body = MergeRequest,
    responses(
        (status = 200, description = "The merge", body = MergeRecord),
        (status = 404, description = "Nobody matches `keep` or `other`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "One person named twice, a name that names several, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn merge(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<MergeRequest>,
) -> Result<Json<MergeRecord>, WebError> {
    Ok(Json(dupes::merge(&state.ctx(), &request.keep, &request.other).await?))
}

/// `POST /api/v1/merges/{id}/undo`
#[utoipa::path(
    post,
    path = "/api/v1/merges/{id}/undo",
    tag = "dupes",
    summary = "Undo a merge",
    description = "Each person gets back what they brought, and the two are never joined or proposed \
                   again: the same JSON as `kith person unmerge --json`.",
    params(("id" = String, Path, description = "The merge's id (m_…)")),
    responses(
        (status = 200, description = "The two people again", body = Unmerged),
        (status = 404, description = "No such merge", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "An id that cannot be one, or a merge undone already", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn unmerge(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Unmerged>, WebError> {
    let id = dupes::merge_id(&id)?;
    Ok(Json(dupes::unmerge(&state.ctx(), &id).await?))
}
