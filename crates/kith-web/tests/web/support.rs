//! The harness: a database and a configuration directory per test, the router over
//! them, and requests sent through it without a socket.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use jiff::Zoned;
use kith_store::{OpenMode, Store};
use kith_web::{AppState, Token};
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

/// The token the tests' servers take.
pub const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// The host the tests' requests are addressed to (and the origin of kith's own pages).
pub const HOST: &str = "127.0.0.1:4141";
/// kith's own origin.
pub const ORIGIN: &str = "http://127.0.0.1:4141";

/// The moment every test server lives at.
pub fn now() -> Zoned {
    "2026-05-01T12:00:00+00:00[UTC]".parse().expect("a fixed moment")
}

/// A server over its own new database.
pub struct Server {
    pub dir: TempDir,
    pub store: Arc<dyn Store>,
    pub router: Router,
}

impl Server {
    /// A server over a new, empty database.
    pub async fn new() -> Self {
        Self::with_limit(kith_web::DEFAULT_BODY_LIMIT).await
    }

    /// A server whose bodies are limited to `limit` bytes.
    pub async fn with_limit(limit: usize) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("kith.db");
        let store =
            kith_store::open(db.to_str().unwrap(), OpenMode::CreateIfMissing).await.expect("a database");
        Self::over(dir, store, limit)
    }

    /// A server whose imports' uploads are limited to `limit` bytes.
    pub async fn with_upload_limit(limit: usize) -> Self {
        let mut server = Self::new().await;
        let state = AppState::new(server.store.clone(), server.dir.path().join("config"), Token::new(TOKEN))
            .with_clock(Arc::new(now))
            .with_upload_limit(limit);
        server.router = kith_web::router(state);
        server
    }

    /// A server over `store`.
    pub fn over(dir: TempDir, store: Arc<dyn Store>, limit: usize) -> Self {
        let state = AppState::new(store.clone(), dir.path().join("config"), Token::new(TOKEN))
            .with_body_limit(limit)
            .with_clock(Arc::new(now));
        Self { dir, store, router: kith_web::router(state) }
    }

    /// Sends a request and reads the whole answer.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        answer(&self.router, request).await
    }

    /// `method path` as a script sends it (the bearer token, `body` as JSON or nothing),
    /// which must answer 200.
    pub async fn api_ok(&self, method: Method, path: &str, body: Option<&serde_json::Value>) -> Answer {
        let builder = request(method, path).bearer();
        let answer = self
            .send(match body {
                Some(body) => builder.json(body),
                None => builder.empty(),
            })
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        answer
    }

    /// Signs in with the token, as a browser on kith's own page does; the session's
    /// cookie (`name=value`) and its CSRF token.
    pub async fn sign_in(&self) -> (String, String) {
        let answer = self.send(form(Method::POST, "/signin", &format!("token={TOKEN}")).body_form()).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let set = answer.header(header::SET_COOKIE.as_str()).expect("a cookie");
        let cookie = set.split(';').next().unwrap().to_owned();
        // Any page in the layout carries the session's CSRF token in its sign-out form.
        let page = self.send(request(Method::GET, "/nowhere").header("cookie", &cookie).empty()).await;
        let csrf = page.body.split("name=\"csrf\" value=\"").nth(1).expect("a CSRF field").split('"').next();
        (cookie, csrf.unwrap().to_owned())
    }
}

/// Sends a request through `router` and reads the whole answer.
pub async fn answer(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
    Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
}

/// A whole answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as a person's browser reads it: the template engine writes `/` in
    /// values as `&#x2f;`.
    pub fn html(&self) -> String {
        self.body.replace("&#x2f;", "/")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// Asserts a problem document with this status, and gives its detail.
    pub fn problem(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{}", self.body);
        let problem = self.json();
        assert_eq!(problem["status"], status.as_u16(), "{problem}");
        assert!(problem["type"].is_string() && problem["title"].is_string(), "{problem}");
        problem["detail"].as_str().expect("a detail").to_owned()
    }
}

/// A request to kith's host, as a browser or a script sends it.
pub fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path).header(header::HOST, HOST)
}

/// A form posted from kith's own page.
pub fn form(method: Method, path: &str, body: &str) -> FormRequest {
    FormRequest { builder: request(method, path).header(header::ORIGIN, ORIGIN), body: body.to_owned() }
}

/// A form being built.
pub struct FormRequest {
    pub builder: axum::http::request::Builder,
    pub body: String,
}

impl FormRequest {
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// The request, URL-encoded.
    pub fn body_form(self) -> Request<Body> {
        self.builder
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(self.body))
            .unwrap()
    }
}

/// Finishing touches for a request builder.
pub trait Finish {
    /// With no body.
    fn empty(self) -> Request<Body>;
    /// With a JSON body.
    fn json(self, body: &serde_json::Value) -> Request<Body>;
    /// With the bearer token.
    fn bearer(self) -> Self;
}

impl Finish for axum::http::request::Builder {
    fn empty(self) -> Request<Body> {
        self.body(Body::empty()).unwrap()
    }

    fn json(self, body: &serde_json::Value) -> Request<Body> {
        self.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
    }

    fn bearer(self) -> Self {
        self.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
    }
}
