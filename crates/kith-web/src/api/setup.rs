//! The owner and the database as a whole, over the API: who the owner is (`kith me
//! list`), their identities added (`kith me add`) and their name (`kith me name`), the
//! export (`kith export json`) and the damage check (`kith doctor`). Each answer is the
//! same JSON as the command prints.

use super::{ApiJson, Changes, JsonBody, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kith_app::backup::{self, Checked};
use kith_app::setup::{self, Owner, OwnerAdded, OwnerName};
use kith_core::Identity;
use serde::Deserialize;
use utoipa::ToSchema;

/// `GET /api/v1/me`
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "setup",
    summary = "The owner's identities",
    description = "The emails, phones, URLs and mail names that are the owner's: the same JSON as \
                   `kith me list --json`.",
    responses((status = 200, description = "The owner's identities", body = [Identity]), Refused)
)]
pub(crate) async fn owner(_auth: Auth, State(state): State<AppState>) -> Result<Json<Owner>, WebError> {
    Ok(Json(setup::owner(&state.ctx()).await?))
}

/// Identities of the owner to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentitiesRequest {
    /// Emails, phones, URLs or mail names; the kind of each is guessed.
    #[schema(example = json!(["me@example.com"]))]
    identities: Vec<String>,
}

/// `POST /api/v1/me/identities`
#[utoipa::path(
    post,
    path = "/api/v1/me/identities",
    tag = "setup",
    summary = "Add identities of the owner",
    description = "The first phone number with a calling code sets the region numbers are read in, \
                   when none is set yet. The identities as kith keeps them: the same JSON as \
                   `kith me add --json`.",
    request_body = IdentitiesRequest,
    responses(
        (status = 200, description = "The identities added", body = [Identity]),
        (status = 422, description = "An identity that cannot be one, none given, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn add_identities(
    _auth: Auth,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<IdentitiesRequest>,
) -> Result<Json<OwnerAdded>, WebError> {
    if request.identities.is_empty() {
        return Err(WebError::Unprocessable("`identities`: give at least one".into()));
    }
    Ok(Json(setup::add_identities(&state.ctx(), &request.identities).await?))
}

/// The owner's name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NameRequest {
    /// The name drafts are signed with.
    #[schema(example = "Sam Rivera")]
    name: String,
}

/// `PUT /api/v1/me/name`
#[utoipa::path(
    put,
    path = "/api/v1/me/name",
    tag = "setup",
    summary = "Set the owner's name",
    description = "The name drafts are signed with: the same JSON as `kith me name --json`.",
    request_body = NameRequest,
    responses(
        (status = 200, description = "The name", body = OwnerName),
        (status = 422, description = "A name that cannot be one, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn set_name(
    _auth: Auth,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<NameRequest>,
) -> Result<Json<OwnerName>, WebError> {
    Ok(Json(setup::set_name(&state.ctx(), &request.name).await?))
}

/// `GET /api/v1/export`
#[utoipa::path(
    get,
    path = "/api/v1/export",
    tag = "setup",
    summary = "Everything, as kith's canonical JSON export",
    description = "Every entity in canonical order: the same bytes as `kith export json` (the same data \
                   always gives the same text, and importing it into an empty database gives it back). \
                   Its format is kith's export format, versioned by its `format` and `version` fields.",
    responses(
        (status = 200, description = "The export", content_type = "application/json", body = Object),
        Refused
    )
)]
pub(crate) async fn export(_auth: Auth, State(state): State<AppState>) -> Result<Response, WebError> {
    let export = backup::export_json(&state.ctx()).await?;
    let json = HeaderValue::from_static("application/json");
    Ok(([(header::CONTENT_TYPE, json)], export.text).into_response())
}

/// `GET /api/v1/doctor`
#[utoipa::path(
    get,
    path = "/api/v1/doctor",
    tag = "setup",
    summary = "Check every page of the database for damage",
    description = "SQLite's integrity check over the whole file the server reads: the same JSON as \
                   `kith doctor --json`. A damaged database is still answered with 200, `damaged` true \
                   and the places found; the server then reads it but does not write to it.",
    responses((status = 200, description = "What the check found", body = Checked), Refused)
)]
pub(crate) async fn doctor(_auth: Auth, State(state): State<AppState>) -> Result<Json<Checked>, WebError> {
    let ctx = state.ctx();
    let checked = tokio::task::spawn_blocking(move || backup::doctor_of(&ctx))
        .await
        .map_err(|e| WebError::Internal(format!("the damage check stopped: {e}")))??;
    Ok(Json(checked))
}
