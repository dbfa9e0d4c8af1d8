//! The owner and the database as a whole, over the API: who the owner is (`kith me
//! list`), their identities added and removed (`kith me add`, `kith me remove`), their
//! name, region and how mail is read (`kith me name`, `region`, `read-bodies`,
//! `evidence`), the changes in their working life (`kith me strategy-change` …, `kith
//! me clear`), the export (`kith export json`) and the damage check (`kith doctor`).
//! Each answer is the same JSON as the command prints.

use super::{ApiJson, ApiPath, Changes, JsonBody, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kith_app::backup::{self, Checked};
use kith_app::facts::{self, Cleared};
use kith_app::setup::{self, Owner, OwnerAdded, OwnerName, RegionSet};
use kith_core::Identity;
use kith_core::health::{OwnerChange, OwnerFact};
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
pub(crate) async fn owner(_auth: Auth, state: Scope) -> Result<Json<Owner>, WebError> {
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
    state: Scope,
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
    state: Scope,
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
        (status = 200, description = "The export", content_type = "application/json", body = kith_core::Snapshot),
        Refused
    )
)]
pub(crate) async fn export(_auth: Auth, state: Scope) -> Result<Response, WebError> {
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
                   and the places found; the server then reads it but does not write to it. A \
                   PostgreSQL database checks its own pages, and is answered 422.",
    responses(
        (status = 200, description = "What the check found", body = Checked),
        (status = 422, description = "The database is PostgreSQL's, not a SQLite file", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn doctor(_auth: Auth, state: Scope) -> Result<Json<Checked>, WebError> {
    let ctx = state.ctx();
    let checked = tokio::task::spawn_blocking(move || backup::doctor_of(&ctx))
        .await
        .map_err(|e| WebError::Internal(format!("the damage check stopped: {e}")))??;
    Ok(Json(checked))
}

/// `DELETE /api/v1/me/identities/{identity}`
#[utoipa::path(
    delete,
    path = "/api/v1/me/identities/{identity}",
    tag = "setup",
    summary = "Remove an identity of the owner",
    description = "The identity removed: the same JSON as `kith me remove --json`.",
    params(("identity" = String, Path, description = "An email, phone, URL or mail name of the owner's")),
    responses(
        (status = 200, description = "The identity removed", body = Identity),
        (status = 404, description = "It is not one of the owner's", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "Not an identity", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn remove_identity(
    _auth: Auth,
    state: Scope,
    ApiPath(identity): ApiPath<String>,
) -> Result<Json<Identity>, WebError> {
    Ok(Json(setup::remove_identity(&state.ctx(), &identity).await?))
}

/// The region phone numbers written without a calling code are read in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegionRequest {
    /// A country calling code: 44 or +44.
    #[schema(example = "+44")]
    region: String,
}

/// `PUT /api/v1/me/region`
#[utoipa::path(
    put,
    path = "/api/v1/me/region",
    tag = "setup",
    summary = "Set the region phone numbers are read in",
    description = "Every stored number is read again in it; one whose international form is someone \
                   else's is left as it is. The same JSON as `kith me region --json`.",
    request_body = RegionRequest,
    responses(
        (status = 200, description = "The region, and what reading the numbers again changed", body = RegionSet),
        (status = 422, description = "No such region, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn set_region(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<RegionRequest>,
) -> Result<Json<RegionSet>, WebError> {
    Ok(Json(setup::set_region(&state.ctx(), &request.region).await?))
}

/// A setting turned on or off.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Switch {
    /// On or off.
    on: bool,
}

/// `PUT /api/v1/me/read-bodies`
#[utoipa::path(
    put,
    path = "/api/v1/me/read-bodies",
    tag = "setup",
    summary = "Whether every mail import reads personal messages' text for favors",
    description = "Texts are never stored, and mail kept out is never read. How mail is now read: the \
                   same JSON as `kith me read-bodies on|off --json`.",
    request_body = Switch,
    responses(
        (status = 200, description = "How mail is read", body = MailReading),
        (status = 422, description = "A field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn read_bodies(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<Switch>,
) -> Result<Json<kith_store::MailReading>, WebError> {
    Ok(Json(setup::read_bodies(&state.ctx(), request.on).await?))
}

/// `PUT /api/v1/me/evidence`
#[utoipa::path(
    put,
    path = "/api/v1/me/evidence",
    tag = "setup",
    summary = "Whether favors found in mail keep the sentence they were found in",
    description = "Turned off, the sentences kept so far are gone. How mail is now read: the same JSON \
                   as `kith me evidence on|off --json`.",
    request_body = Switch,
    responses(
        (status = 200, description = "How mail is read", body = MailReading),
        (status = 422, description = "A field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn keep_evidence(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<Switch>,
) -> Result<Json<kith_store::MailReading>, WebError> {
    Ok(Json(setup::keep_evidence(&state.ctx(), request.on).await?))
}

/// How mail is read, as `kith_store::MailReading` serializes (the store's type, which
/// carries no schema of its own, described here field for field).
#[derive(ToSchema)]
#[expect(dead_code, reason = "it describes the answer for the document; the store's type is served")]
pub(crate) struct MailReading {
    /// Every mail import reads the text of personal messages for favors.
    read_bodies: bool,
    /// Favors found keep the sentence they were found in.
    keep_evidence: bool,
}

/// Since when a change in the owner's working life holds.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SinceRequest {
    /// As the command line takes it; none: now.
    #[serde(default)]
    since: Option<String>,
}

/// `PUT /api/v1/me/changes/{change}`
#[utoipa::path(
    put,
    path = "/api/v1/me/changes/{change}",
    tag = "setup",
    summary = "Declare a change in the owner's working life",
    description = "strategy_change, changing_industry or retiring; declared again, it holds from the \
                   new date. The same JSON as `kith me strategy-change --json` and the others.",
    params(("change" = String, Path, description = "strategy_change, changing_industry or retiring")),
    request_body = SinceRequest,
    responses(
        (status = 200, description = "The change as declared", body = OwnerFact),
        (status = 422, description = "No such change, a date that cannot be read, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn declare(
    _auth: Auth,
    state: Scope,
    ApiPath(change): ApiPath<String>,
    ApiJson(request): ApiJson<SinceRequest>,
) -> Result<Json<OwnerFact>, WebError> {
    let change: OwnerChange = change.parse().map_err(kith_app::Error::from)?;
    let ctx = state.ctx();
    let since = ctx.when(request.since.as_deref())?;
    Ok(Json(facts::declare(&ctx, change, since).await?))
}

/// `DELETE /api/v1/me/changes/{change}`
#[utoipa::path(
    delete,
    path = "/api/v1/me/changes/{change}",
    tag = "setup",
    summary = "Withdraw a declared change",
    description = "The change as it was declared: the same JSON as `kith me clear --json`.",
    params(("change" = String, Path, description = "strategy_change, changing_industry or retiring")),
    responses(
        (status = 200, description = "The change withdrawn", body = Cleared),
        (status = 404, description = "It was not declared", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "No such change", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn withdraw(
    _auth: Auth,
    state: Scope,
    ApiPath(change): ApiPath<String>,
) -> Result<Json<Cleared>, WebError> {
    let change: OwnerChange = change.parse().map_err(kith_app::Error::from)?;
    Ok(Json(facts::withdraw(&state.ctx(), change).await?))
}
