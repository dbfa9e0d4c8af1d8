//! Who may ask: the server token (or on a team's server, a user's personal token), sent
//! by a script as a bearer token, or a session cookie made by signing in. [`guard`]
//! checks every protected request once (for a session, also that a state-changing
//! request comes from kith's own pages; for a viewer, that it changes nothing), and every
//! protected handler takes [`Auth`] and the [`crate::Scope`] it works in, which exist
//! only when the guard let the request in.

use crate::error::{Flavor, WebError};
use crate::state::{AppState, Member, Session};
use crate::token::same_secret;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kith_session";
/// The header a script in a page sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a page's form sends the session's CSRF token in.
pub const CSRF_FIELD: &str = "csrf";

/// How a request proved it may ask: the extractor every protected handler takes.
#[derive(Clone, Debug)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A signed-in browser.
    Session(Session),
}

impl Auth {
    /// The CSRF token a page rendered for this request puts in its forms (none for a
    /// bearer request, which needs none).
    pub fn csrf(&self) -> Option<&str> {
        match self {
            Auth::Bearer => None,
            Auth::Session(session) => Some(&session.csrf),
        }
    }

    /// The user and workspace of a team's signed-in browser.
    pub fn member(&self) -> Option<&Member> {
        match self {
            Auth::Bearer => None,
            Auth::Session(session) => session.member.as_ref(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, WebError> {
        // Only the guard puts it there: a handler outside the guarded routes that takes
        // `Auth` refuses everyone instead of letting everyone in.
        parts.extensions.get::<Auth>().cloned().ok_or(WebError::Unauthorized)
    }
}

/// Whether a path is the API's (its errors are problem documents, not pages).
pub(crate) fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The middleware in front of every protected route: lets a request in with its
/// [`Auth`], or answers the refusal (401 problem for the API, the sign-in page for pages,
/// 403 for a cross-site or CSRF-less state change, 413 for a body too large to check).
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let flavor = if is_api(request.uri().path()) { Flavor::Api } else { Flavor::Page };
    let back_to = (request.method() == Method::GET).then(|| request.uri().to_string());
    match admit(&state, request).await {
        Ok(request) => next.run(request).await,
        Err(WebError::Unauthorized) if flavor == Flavor::Page => {
            let to = match back_to {
                Some(path) if path != "/" => {
                    format!(
                        "/signin?next={}",
                        form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
                    )
                }
                _ => "/signin".to_owned(),
            };
            Redirect::to(&to).into_response()
        }
        Err(refused) => refused.render(flavor),
    }
}

/// The header a team's script names the workspace to work in with (blank or absent:
/// the user's own).
pub const WORKSPACE_HEADER: &str = "kith-workspace";

async fn admit(state: &AppState, mut request: Request) -> Result<Request, WebError> {
    let headers = request.headers();
    let (auth, scope) = if let Some(value) = headers.get(header::AUTHORIZATION) {
        let given = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .and_then(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()))
            .ok_or(WebError::Unauthorized)?;
        let asked = match headers.get(WORKSPACE_HEADER).map(|v| v.to_str()) {
            Some(Ok(name)) => Some(name),
            Some(Err(_)) => return Err(WebError::BadRequest("the Kith-Workspace header is not text".into())),
            None => None,
        };
        (Auth::Bearer, state.bearer(given, asked).await?)
    } else {
        let session = cookie(headers, SESSION_COOKIE)
            .and_then(|id| state.sessions().get(id))
            .ok_or(WebError::Unauthorized)?;
        let Some(scope) = state.session_scope(&session).await? else {
            state.sessions().close(&session.id);
            return Err(WebError::Unauthorized);
        };
        if !is_safe(request.method()) {
            same_origin(request.headers())?;
            request = with_csrf(request, &session.csrf, state.body_limit()).await?;
        }
        (Auth::Session(session), scope)
    };
    if !is_safe(request.method()) && !scope.role().may_write() && request.uri().path() != "/signout" {
        return Err(WebError::Forbidden(
            "you are a viewer of this workspace: you may read it, not change it (an owner can make you its editor)",
        ));
    }
    request.extensions_mut().insert(auth);
    request.extensions_mut().insert(scope);
    Ok(request)
}

/// Methods that change nothing, and so need no CSRF token.
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A cookie's value.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Refuses a request a browser says comes from another site or another origin: its
/// `Sec-Fetch-Site` is not `same-origin` (or `none`, typed by the user), or its `Origin`
/// is not this server's host. Requests that send neither (scripts, old browsers) pass:
/// they still need a token.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), WebError> {
    const CROSS_SITE: &str =
        "this request comes from another site; kith accepts changes only from its own pages";
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.as_bytes(), b"same-origin" | b"none")
    {
        return Err(WebError::Forbidden(CROSS_SITE));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let authority = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, a)| a);
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        match (authority, host) {
            (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => {}
            _ => return Err(WebError::Forbidden(CROSS_SITE)),
        }
    }
    Ok(())
}

/// The request, once it is known to carry the session's CSRF token: in the
/// `X-CSRF-Token` header, in the `csrf` field of a URL-encoded form (whose body is
/// read here, up to the body limit, and handed on unchanged), or, for a multipart form
/// (an upload), in the `csrf` parameter of its query string.
async fn with_csrf(request: Request, expected: &str, limit: usize) -> Result<Request, WebError> {
    const MISSING: &str =
        "this form lacks its CSRF token; reload the page and send it again (scripts: send X-CSRF-Token)";
    if let Some(given) = request.headers().get(CSRF_HEADER) {
        return match given.to_str() {
            Ok(given) if same_secret(expected, given) => Ok(request),
            _ => Err(WebError::Forbidden(MISSING)),
        };
    }
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data")
        && crate::imports::UPLOAD_ROUTES.contains(&request.uri().path())
    {
        // An upload's body is too large to read twice: its form carries the token in the
        // query string of its action instead (only where uploads are received).
        let query = request.uri().query().unwrap_or_default();
        let given = form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == CSRF_FIELD);
        return match given {
            Some((_, given)) if same_secret(expected, &given) => Ok(request),
            _ => Err(WebError::Forbidden(MISSING)),
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(WebError::Forbidden(MISSING));
    }
    let (parts, body) = request.into_parts();
    let bytes = read_body(body, limit).await?;
    let given = form_urlencoded::parse(&bytes).find(|(key, _)| key == CSRF_FIELD).map(|(_, v)| v);
    match given {
        Some(given) if same_secret(expected, &given) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(WebError::Forbidden(MISSING)),
    }
}

/// A whole body, refused past `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, WebError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(WebError::TooLarge),
        Err(e) => Err(WebError::BadRequest(format!("the request body could not be read: {e}"))),
    }
}
