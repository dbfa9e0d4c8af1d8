//! kith over HTTP: the router of `kith serve`, its pages and its JSON API. Handlers
//! only read requests, call `kith-app`'s use cases and render what comes back (HTML
//! pages from embedded templates, JSON with the same shapes as the command line's
//! `--json`); they decide nothing.
//!
//! Everything but signing in, the stylesheet and the liveness check is behind the
//! server token ([`token`]): a bearer token for scripts, a session cookie for a browser
//! that signed in with it. A browser's state-changing requests also carry the session's
//! CSRF token and come from kith's own origin ([`auth`]). Bodies are limited
//! ([`DEFAULT_BODY_LIMIT`]; an import's upload to [`DEFAULT_UPLOAD_LIMIT`]), and every
//! error becomes a status in one place ([`error`]).

mod api;
mod assets;
pub mod auth;
mod charts;
pub mod error;
mod imports;
mod pages;
mod rings;
mod state;
pub mod token;

pub use api::openapi;
pub use auth::Auth;
pub use error::{Problem, WebError};
pub use state::{AppState, Clock, DEFAULT_BODY_LIMIT, DEFAULT_UPLOAD_LIMIT, Member, Scope, Session};
pub use token::{TOKEN_FILE, Token, load_or_create as load_or_create_token, token_path};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use std::future::Future;
use std::sync::Arc;
use tower::{Layer, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Who may reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone who reaches the port: signing in, the stylesheet, the liveness check.
    Public,
    /// Only with the server token or a signed-in session.
    Protected,
}

/// The pages' routes with their handlers (the API's are in its OpenAPI document).
fn page_table() -> Vec<(Method, &'static str, Access, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/signin", Access::Public, get(pages::signin_page)),
        (Method::POST, "/signin", Access::Public, post(pages::signin)),
        (Method::POST, "/signout", Access::Protected, post(pages::signout)),
        (Method::GET, "/assets/{file}", Access::Public, get(assets::asset)),
        (Method::GET, "/people/{id}", Access::Protected, get(pages::person::page)),
        (Method::POST, "/people/{id}/tags", Access::Protected, post(pages::person::add_tag)),
        (Method::POST, "/people/{id}/tags/remove", Access::Protected, post(pages::person::remove_tag)),
        (Method::POST, "/people/{id}/notes", Access::Protected, post(pages::person::add_note)),
        (Method::POST, "/people/{id}/ledger", Access::Protected, post(pages::person::add_to_ledger)),
        (Method::POST, "/people/{id}/stage", Access::Protected, post(pages::person::change_stage)),
        (Method::GET, "/", Access::Protected, get(pages::today)),
        (Method::GET, "/people", Access::Protected, get(pages::people)),
        (Method::GET, "/people/{id}/compose", Access::Protected, get(pages::compose::form)),
        (Method::POST, "/people/{id}/compose", Access::Protected, post(pages::compose::compose)),
        (Method::GET, "/drafts/{id}", Access::Protected, get(pages::compose::page)),
        (Method::POST, "/drafts/{id}", Access::Protected, post(pages::compose::edit)),
        (Method::GET, "/drafts/{id}/eml", Access::Protected, get(pages::compose::eml)),
        (Method::POST, "/drafts/{id}/sent", Access::Protected, post(pages::compose::sent)),
        (Method::GET, "/network", Access::Protected, get(pages::network)),
        (Method::GET, "/engagements", Access::Protected, get(pages::clients::engagements)),
        (Method::GET, "/engagements/{id}", Access::Protected, get(pages::clients::engagement)),
        (Method::POST, "/engagements/{id}/offboard", Access::Protected, post(pages::clients::offboard)),
        (Method::GET, "/import", Access::Protected, get(pages::import::form)),
        (Method::POST, "/import", Access::Protected, post(pages::import::upload)),
        (Method::GET, "/import/{job}", Access::Protected, get(pages::import::job)),
    ]
}

/// Every route that is not the API's: method, path and who may reach it. The router is
/// built from this same list, so that a test going through it misses no page.
pub fn page_routes() -> Vec<(Method, &'static str, Access)> {
    page_table().into_iter().map(|(method, path, access, _)| (method, path, access)).collect()
}

/// kith's whole HTTP interface over `state`: pages, assets and the API, the token
/// guarding all but the public routes, any other path answered (once signed in) as not
/// found.
pub fn router(state: AppState) -> Router {
    let api = api::api();
    let served = api::Served(Arc::from(api.document.to_json().expect("the OpenAPI document serializes")));
    let (mut public, mut protected) = (api.public, api.protected);
    for (_, path, access, handler) in page_table() {
        match access {
            Access::Public => public = public.route(path, handler),
            Access::Protected => protected = protected.route(path, handler),
        }
    }
    let protected =
        protected.fallback(pages::not_found).layer(from_fn_with_state(state.clone(), auth::guard));
    let mut router = public.merge(protected);
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router
        .layer(Extension(served))
        .layer(from_fn_with_state(state.clone(), limit_bodies))
        .layer(CatchPanicLayer::custom(|_| panicked()))
        .with_state(state)
}

/// Headers every response carries unless it set its own: nothing from elsewhere (no
/// script, no CDN), no framing, no sniffing, no referrer sent to other sites, and nothing
/// kept in caches (pages hold the owner's network and a CSRF token). The referrer policy
/// is `same-origin`, not `no-referrer`: under `no-referrer` a browser sends `Origin: null`
/// with kith's own forms, which the origin check refuses as it refuses any null origin.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; \
         connect-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (header::CACHE_CONTROL, "no-store"),
];

/// Sets the largest body a request may have: the upload limit for the routes that take
/// an upload, the body limit for all others.
async fn limit_bodies(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let upload = request.method() == Method::POST && imports::UPLOAD_ROUTES.contains(&request.uri().path());
    let limit = if upload { state.upload_limit() } else { state.body_limit() };
    match DefaultBodyLimit::max(limit).layer(next).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn panicked() -> Response {
    tracing::error!("a request handler panicked");
    WebError::Internal("a handler panicked".into()).into_response()
}

/// Serves `router(state)` on `listener` until `shutdown` completes, then lets the
/// requests under way finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
