//! The one error of every handler, mapped to HTTP here and nowhere else: a use case's
//! refusal is 422, something missing 404, a failure the input cannot fix 500 (logged,
//! never shown). The API answers with an RFC 9457 problem (`application/problem+json`),
//! the pages with an HTML page in the layout.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kith_app::ErrorKind;
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A use case failed or refused.
    #[error(transparent)]
    App(#[from] kith_app::Error),
    /// No token, a wrong token, or no open session.
    #[error("sign in first, or send the server token as a bearer token")]
    Unauthorized,
    /// A state-changing request that may come from another site: its origin is another
    /// site's, or it lacks the session's CSRF token.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The request cannot be read (malformed JSON or form, a bad path).
    #[error("{0}")]
    BadRequest(String),
    /// The request was read but its content does not fit (a missing or mistyped field).
    #[error("{0}")]
    Unprocessable(String),
    /// The body is larger than the route accepts.
    #[error("the request body is larger than this server accepts")]
    TooLarge,
    /// The body is not of a type the route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The request cannot be carried out now (another import runs).
    #[error("{0}")]
    Conflict(String),
    /// No route has this path.
    #[error("there is nothing at {0}")]
    NoRoute(String),
    /// The server failed (a template, a task); the text is for the log only.
    #[error("{0}")]
    Internal(String),
}

/// How an error is shown: to a script (a problem document) or to a person (a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `application/problem+json`.
    Api,
    /// An HTML page; a missing sign-in redirects to the sign-in page.
    Page,
}

/// An RFC 9457 problem document, as every API error is answered.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    /// What kind of problem: `about:blank`, the title then being the status's name.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status's name.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words a person can act on.
    pub detail: String,
}

/// The media type of a problem document.
pub const PROBLEM_JSON: &str = "application/problem+json";

const INTERNAL_DETAIL: &str = "kith could not complete this request; the server's log says why";

impl WebError {
    /// The HTTP status: the one place errors become statuses.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(e) => match e.kind() {
                ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorKind::NotFound => StatusCode::NOT_FOUND,
                ErrorKind::Forbidden => StatusCode::FORBIDDEN,
                ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::NoRoute(_) => StatusCode::NOT_FOUND,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told: the error's own words, except for internal failures,
    /// which are logged and named only in general.
    pub fn detail(&self) -> String {
        if self.status().is_server_error() { INTERNAL_DETAIL.to_owned() } else { self.to_string() }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        Problem {
            kind: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
        }
    }

    /// The response, as `flavor` shows it.
    pub fn render(self, flavor: Flavor) -> Response {
        if self.status().is_server_error() {
            tracing::error!(error = %chain(&self), "request failed");
        }
        match (flavor, &self) {
            (Flavor::Page, WebError::Unauthorized) => Redirect::to("/signin").into_response(),
            (Flavor::Page, _) => {
                let problem = self.problem();
                crate::pages::error_page(self.status(), &problem.title, &problem.detail)
            }
            (Flavor::Api, _) => {
                let mut response = (self.status(), axum::Json(self.problem())).into_response();
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
                if matches!(self, WebError::Unauthorized) {
                    headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                response
            }
        }
    }

    /// An error from a rejected extraction, by the status axum gave it.
    fn rejected(status: StatusCode, text: String) -> Self {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => WebError::UnsupportedMediaType(text),
            StatusCode::UNPROCESSABLE_ENTITY => WebError::Unprocessable(text),
            s if s.is_server_error() => WebError::Internal(text),
            _ => WebError::BadRequest(text),
        }
    }
}

/// The error and its causes, for the log.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let more = e.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = e.source();
    }
    text
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.render(Flavor::Api)
    }
}

macro_rules! from_rejection {
    ($($rejection:ty),*) => {$(
        impl From<$rejection> for WebError {
            fn from(rejection: $rejection) -> Self {
                WebError::rejected(rejection.status(), rejection.body_text())
            }
        }
    )*};
}

from_rejection!(
    JsonRejection,
    FormRejection,
    PathRejection,
    QueryRejection,
    MultipartRejection,
    MultipartError
);

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.render(Flavor::Page)
    }
}
