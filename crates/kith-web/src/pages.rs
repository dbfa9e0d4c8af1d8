//! The pages: server-rendered HTML from templates embedded in the binary, in one layout
//! (a skip link, kith's name and the main navigation, the page). For now the sign-in
//! page and the pages errors show; the rest come with their use cases.

pub(crate) mod clients;
mod network;
mod people;
mod today;

pub(crate) use network::network;
pub(crate) use people::people;
pub(crate) use today::today;

use crate::assets::{SCRIPT_PATH, STYLESHEET_PATH};
use crate::auth::{Auth, SESSION_COOKIE, is_api, same_origin};
use crate::error::{Flavor, PageError, WebError};
use crate::state::{AppState, SignIn};
use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Environment, Value, context};
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) mod compose;
pub(crate) mod import;
pub(crate) mod person;

/// The templates, embedded; HTML is escaped by default (the names end in `.html`).
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in [
        ("layout.html", include_str!("../templates/layout.html")),
        ("signin.html", include_str!("../templates/signin.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("person.html", include_str!("../templates/person.html")),
        ("today.html", include_str!("../templates/today.html")),
        ("people.html", include_str!("../templates/people.html")),
        ("import.html", include_str!("../templates/import.html")),
        ("import_job.html", include_str!("../templates/import_job.html")),
        ("words.html", include_str!("../templates/words.html")),
        ("compose.html", include_str!("../templates/compose.html")),
        ("draft.html", include_str!("../templates/draft.html")),
        ("network.html", include_str!("../templates/network.html")),
        ("engagements.html", include_str!("../templates/engagements.html")),
        ("engagement.html", include_str!("../templates/engagement.html")),
    ] {
        env.add_template(name, source).expect("kith's own templates parse (a test renders each)");
    }
    env.add_global("stylesheet", STYLESHEET_PATH.as_str());
    env.add_global("script", SCRIPT_PATH.as_str());
    env.add_filter("date", date);
    env
});

/// A template rendered with `ctx`, merged with what the layout needs to know of the
/// reader: whether they are signed in, their session's CSRF token for its forms, and on
/// a team's server who they are and where they work.
pub(crate) fn render(name: &str, auth: Option<&Auth>, ctx: Value) -> Result<Html<String>, WebError> {
    let member = auth.and_then(Auth::member).map(|m| context! { user => m.user, workspace => m.workspace });
    let reader = context! { signed_in => auth.is_some(), csrf => auth.and_then(Auth::csrf), member };
    let template = TEMPLATES.get_template(name).map_err(|e| WebError::Internal(e.to_string()))?;
    let html = template
        .render(context! { ..ctx, ..reader })
        .map_err(|e| WebError::Internal(format!("rendering {name}: {e}")))?;
    Ok(Html(html))
}

/// A moment as a reader reads a date: `12 Mar 2026` (an empty string for none, the text
/// itself if it is no moment).
fn date(value: Option<String>) -> String {
    match value.as_deref().map(str::parse::<jiff::Timestamp>) {
        Some(Ok(at)) => at.strftime("%-d %b %Y").to_string(),
        Some(Err(_)) => value.unwrap_or_default(),
        None => String::new(),
    }
}

/// An error as a page in the layout; plain text if even that fails.
pub(crate) fn error_page(status: StatusCode, title: &str, detail: &str) -> Response {
    shown_error(status, title, detail, None)
}

/// An error as a page whose first link (`href`, its words) leads to what puts it right.
pub(crate) fn error_page_leading(
    status: StatusCode,
    title: &str,
    detail: &str,
    next: (&str, &str),
) -> Response {
    shown_error(status, title, detail, Some(next))
}

fn shown_error(status: StatusCode, title: &str, detail: &str, next: Option<(&str, &str)>) -> Response {
    let (next_href, next_words) = next.unzip();
    match render("error.html", None, context! { title, detail, next_href, next_words }) {
        Ok(html) => (status, html).into_response(),
        Err(_) => (status, format!("{title}: {detail}")).into_response(),
    }
}

/// A form field as typed, if anything was.
pub(crate) fn filled(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A form body, refused as a page (413 past the body limit, 422 when a field is
/// missing).
#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(PageError))]
pub(crate) struct PageForm<T>(pub T);

/// A query string, refused as a page.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(PageError))]
pub(crate) struct PageQuery<T>(pub T);

/// Passes a request that comes from kith's own pages (or from no page at all), and
/// refuses one a browser says comes from another site: for forms that need no session,
/// such as signing in.
pub(crate) struct SameOrigin;

impl<S: Send + Sync> FromRequestParts<S> for SameOrigin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, PageError> {
        same_origin(&parts.headers)?;
        Ok(SameOrigin)
    }
}

/// Where to go after signing in.
#[derive(Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// `GET /signin`: the form asking for the server token, saying where its file is; on a
/// team's server, for a user's name, password and workspace.
pub(crate) async fn signin_page(
    State(state): State<AppState>,
    PageQuery(next): PageQuery<Next>,
) -> Result<Html<String>, PageError> {
    let next = local_path(next.next.as_deref());
    Ok(signin_form(&state, next, None)?)
}

/// The sign-in form, with why the last attempt was refused, if it was.
fn signin_form(state: &AppState, next: &str, refused: Option<&str>) -> Result<Html<String>, WebError> {
    let token_file = state.token_file().display().to_string();
    render("signin.html", None, context! { token_file, next, refused, team => state.is_team() })
}

/// `POST /signin`: the right token (or name and password) opens a session (an
/// `HttpOnly`, `SameSite=Strict` cookie) and goes on to the page asked for; a wrong one
/// shows the form again, 401, and a workspace the user may not open says so, 404.
pub(crate) async fn signin(
    _same_origin: SameOrigin,
    State(state): State<AppState>,
    PageForm(form): PageForm<SignIn>,
) -> Result<Response, PageError> {
    let next = local_path(form.next.as_deref());
    let refused = |status: StatusCode, why: &str| -> Result<Response, PageError> {
        Ok((status, signin_form(&state, next, Some(why))?).into_response())
    };
    let session = match state.sign_in(&form).await {
        Ok(Some(session)) => session,
        Ok(None) if state.is_team() => {
            return refused(StatusCode::UNAUTHORIZED, "That name and password do not match. Try again.");
        }
        Ok(None) => {
            return refused(
                StatusCode::UNAUTHORIZED,
                "That is not the token in this file. Copy it again, without spaces.",
            );
        }
        Err(e) if !e.status().is_server_error() => return refused(e.status(), &e.detail()),
        Err(e) => return Err(e.into()),
    };
    let cookie = format!("{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", session.id);
    let cookie = HeaderValue::try_from(cookie).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response())
}

/// `POST /signout`: closes the session and forgets the cookie.
pub(crate) async fn signout(auth: Auth, State(state): State<AppState>) -> Response {
    if let Auth::Session(session) = &auth {
        state.sessions().close(&session.id);
    }
    let forget = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    let forget = HeaderValue::try_from(forget).expect("a fixed cookie is a valid header value");
    ([(header::SET_COOKIE, forget)], Redirect::to("/signin")).into_response()
}

/// Any other path, once signed in: a 404 page in the layout, or a problem under `/api`.
pub(crate) async fn not_found(auth: Auth, uri: Uri) -> Response {
    let path = uri.path();
    if is_api(path) {
        return WebError::NoRoute(path.to_owned()).render(Flavor::Api);
    }
    let detail = format!("There is no page at {path}.");
    match render("error.html", Some(&auth), context! { title => "Not found", detail }) {
        Ok(html) => (StatusCode::NOT_FOUND, html).into_response(),
        Err(e) => PageError(e).into_response(),
    }
}

/// `next` if it is a path on this server (so that signing in never sends anyone
/// elsewhere), else `/`.
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(local_path(Some("/people?q=ann")), "/people?q=ann");
        for elsewhere in ["https://evil.example/", "//evil.example", "/\\evil.example", "people", "/a b"] {
            assert_eq!(local_path(Some(elsewhere)), "/", "{elsewhere}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn every_template_renders() {
        let session = crate::state::Session { id: "i".into(), csrf: "c".into(), member: None };
        let auth = Auth::Session(session);
        let html = render("error.html", Some(&auth), context! { title => "T", detail => "<d>" }).unwrap().0;
        assert!(html.contains("&lt;d&gt;") && html.contains("name=\"csrf\" value=\"c\""), "{html}");
        let html =
            render("signin.html", None, context! { token_file => "/x", next => "/", refused => "No." })
                .unwrap()
                .0;
        assert!(html.contains("&#x2f;x") && !html.contains("Sign out"), "{html}");
    }
}
