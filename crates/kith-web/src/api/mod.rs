//! The JSON API under `/api/v1`: one route per use case, each handler annotated for the
//! OpenAPI document, which is assembled from those annotations (never written by hand)
//! and served at `/api/v1/openapi.json`.
//!
//! Every use case a script may want over HTTP has its route, answering what the command
//! line's `--json` prints for it. Left out, because they make no sense over HTTP:
//! - `kith backup PATH` and `kith doctor --salvage NEW.db`: they write a file at a path
//!   on the server's computer, which a caller cannot name or reach (`GET /api/v1/export`
//!   gives everything instead, and `GET /api/v1/doctor` the damage check);
//! - `kith export vcard --dir` likewise writes into a folder on the server; `kith export
//!   vcard` and `csv` to standard output are other formats than JSON, and hold nothing
//!   the JSON export does not;
//! - `kith demo`: it builds a new database, never the one being served;
//! - `kith serve` and `kith init`: the server is running on a database already;
//! - `kith text` (reading sentences, training the ask model): it opens no database and
//!   is a tool for kith's own development.
//!
//! `--as-of` (judging as of an earlier day) has no query parameter: the server keeps one
//! assessment, of now. To compare or reproduce a run, start the server with `KITH_NOW`.

pub(crate) mod clients;
mod compose;
mod dupes;
mod imports;
mod ledger;
mod mail;
mod network;
pub(crate) mod people;
mod person;
mod records;
mod setup;
mod stages;
pub(crate) mod today;

use crate::auth::Auth;
use crate::error::{Problem, WebError};
use crate::state::AppState;
use axum::extract::{Extension, FromRequest, FromRequestParts};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The person a route is about, named as the command line's `<who>` names them.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "it describes the path for the document; `ApiPath` reads it")]
pub(crate) struct Who {
    /// An id (p_…), an email, phone or URL, or a name.
    who: String,
}

/// What a route about one person answers when nobody matches.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum Unknown {
    /// Nobody matches `who`.
    #[response(status = 404, description = "Nobody matches `who`", content_type = "application/problem+json")]
    Nobody(Problem),
}

/// What every route behind the token may answer besides its own answers.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum Refused {
    /// No token, or a wrong one.
    #[response(
        status = 401,
        description = "No token, or a wrong one",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
}

/// What every route that changes something may answer besides: the cross-site check.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum Changes {
    /// A browser session's request without its CSRF token, or from another site.
    #[response(
        status = 403,
        description = "A browser session's request without its CSRF token, or from another site",
        content_type = "application/problem+json"
    )]
    CrossSite(Problem),
}

/// What every route that reads a JSON body may answer besides.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum JsonBody {
    /// The body is not JSON.
    #[response(status = 400, description = "The body is not JSON", content_type = "application/problem+json")]
    NotJson(Problem),
    /// The body is over the limit.
    #[response(
        status = 413,
        description = "The body is over the limit",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
}

/// The API's routes: those behind the token, the one open to all (the liveness
/// check), and the document describing both.
pub(crate) struct Api {
    pub protected: axum::Router<AppState>,
    pub public: axum::Router<AppState>,
    pub document: Document,
}

/// The document's frame: what kith's API is, its one security scheme (required by
/// every operation unless it says otherwise), and the problem schema.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "kith",
        description = "kith's JSON API: the same use cases and the same result shapes as the \
                       command line's --json. Every route but /api/v1/health needs the server \
                       token (the file server-token in kith's configuration directory) as a \
                       bearer token. Errors are RFC 9457 problem documents."
    ),
    modifiers(&BearerToken),
    security(("bearer" = [])),
    components(schemas(Problem)),
    tags(
        (name = "today", description = "Who needs attention: the review, check-ins due, drafts and favors found in mail"),
        (name = "people", description = "Searching everyone; one person: everything about them, their plan and health, tags, notes and the ledger"),
        (name = "drafts", description = "The composer: a draft written for a move, read, changed, downloaded as .eml and marked sent; the templates"),
        (name = "network", description = "Everyone by tier as rings, and the community segments"),
        (name = "clients", description = "Organizations, client engagements and their offboarding"),
        (name = "stages", description = "Stage changes: reduce, mentor, distance, end, walk away, revive"),
        (name = "records", description = "People added and changed by hand, contacts logged, facts and mutes"),
        (name = "ledger", description = "One person's ledger, asks declined, favors found in mail accepted or rejected, check-ins done"),
        (name = "dupes", description = "Likely duplicates, merges and undoing them"),
        (name = "mail", description = "What imported mail says: each correspondent's figures, the mail kept out"),
        (name = "setup", description = "The owner: identities, name, region, how mail is read, changes in their working life; the export and the damage check"),
        (name = "import", description = "Imports: files uploaded and imported in the background, followed until done"),
        (name = "server", description = "The server itself")
    )
)]
struct Frame;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut Document) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The server token, from the file server-token in kith's configuration directory",
            ))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Builds the API's routes and their document.
pub(crate) fn api() -> Api {
    let (protected, mut document) = OpenApiRouter::with_openapi(Frame::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(stages::change))
        .routes(routes!(person::show))
        .routes(routes!(person::plan))
        .routes(routes!(person::health))
        .routes(routes!(person::tag))
        .routes(routes!(person::untag))
        .routes(routes!(person::note))
        .routes(routes!(person::add_to_ledger))
        .routes(routes!(today::review))
        .routes(routes!(today::checkins))
        .routes(routes!(today::checkins_feed))
        .routes(routes!(today::drafts))
        .routes(routes!(today::suggestions))
        .routes(routes!(people::search))
        .routes(routes!(compose::draft))
        .routes(routes!(compose::show, compose::edit))
        .routes(routes!(compose::eml))
        .routes(routes!(compose::sent))
        .routes(routes!(compose::templates))
        .routes(routes!(records::add))
        .routes(routes!(records::edit))
        .routes(routes!(records::remove))
        .routes(routes!(records::log))
        .routes(routes!(records::facts))
        .routes(routes!(records::record_fact))
        .routes(routes!(records::remove_fact))
        .routes(routes!(records::mute))
        .routes(routes!(records::unmute))
        .routes(routes!(ledger::show))
        .routes(routes!(ledger::decline))
        .routes(routes!(ledger::accept))
        .routes(routes!(ledger::reject))
        .routes(routes!(ledger::checkin_done))
        .routes(routes!(dupes::list))
        .routes(routes!(dupes::resolve))
        .routes(routes!(dupes::merges))
        .routes(routes!(dupes::merge))
        .routes(routes!(dupes::unmerge))
        .routes(routes!(mail::correspondents))
        .routes(routes!(mail::kept_out))
        .routes(routes!(setup::owner))
        .routes(routes!(setup::add_identities))
        .routes(routes!(setup::set_name))
        .routes(routes!(setup::remove_identity))
        .routes(routes!(setup::set_region))
        .routes(routes!(setup::read_bodies))
        .routes(routes!(setup::keep_evidence))
        .routes(routes!(setup::declare))
        .routes(routes!(setup::withdraw))
        .routes(routes!(setup::export))
        .routes(routes!(setup::doctor))
        .routes(routes!(network::network))
        .routes(routes!(network::segments))
        .routes(routes!(clients::orgs, clients::add_org))
        .routes(routes!(clients::org))
        .routes(routes!(clients::engagements, clients::add_engagement))
        .routes(routes!(clients::engagement))
        .routes(routes!(clients::finish))
        .routes(routes!(clients::offboarding, clients::offboard))
        .routes(routes!(imports::start))
        .routes(routes!(imports::job))
        .split_for_parts();
    let (public, open) = OpenApiRouter::new().routes(routes!(health)).split_for_parts();
    document.merge(open);
    Api { protected, public, document }
}

/// The OpenAPI document of kith's API.
pub fn openapi() -> Document {
    api().document
}

/// The document as served, serialized once.
#[derive(Clone)]
pub(crate) struct Served(pub Arc<str>);

/// A JSON body, refused as a problem (400 unreadable, 422 wrong fields, 413 too large,
/// 415 not JSON).
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(WebError))]
pub(crate) struct ApiJson<T>(pub T);

/// A query string, refused as a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(WebError))]
pub(crate) struct ApiQuery<T>(pub T);

/// Path parameters, refused as a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(WebError))]
pub(crate) struct ApiPath<T>(pub T);

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "server",
    summary = "This API's OpenAPI 3.1 document",
    responses(
        (status = 200, description = "The document", content_type = "application/json", body = Object),
        Refused
    )
)]
async fn openapi_json(_auth: Auth, Extension(served): Extension<Served>) -> Response {
    let json = HeaderValue::from_static("application/json");
    ([(header::CONTENT_TYPE, json)], served.0.to_string()).into_response()
}

/// The liveness answer.
#[derive(Serialize, ToSchema)]
struct Health {
    /// Always true: the server answers.
    ok: bool,
}

/// `GET /api/v1/health`: the one route without the token; it says nothing but that the
/// server runs.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "server",
    summary = "Whether the server runs (no token needed)",
    security(()),
    responses((status = 200, description = "The server runs", body = Health))
)]
async fn health() -> axum::Json<Health> {
    axum::Json(Health { ok: true })
}
