//! The files pages link to, embedded in the binary and served under `/assets/` with a
//! digest of their content in the name, so that a browser may keep them for a year.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

/// kith's one stylesheet.
const STYLESHEET: &[u8] = include_bytes!("../assets/kith.css");

/// The stylesheet's path, its content's digest in the name.
pub static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let mut digest = kith_core::Fnv::default();
    digest.bytes(STYLESHEET);
    format!("/assets/kith.{}.css", digest.hex())
});

/// kith's one script: the People list refreshed as the owner types.
const SCRIPT: &[u8] = include_bytes!("../assets/kith.js");

/// The script's path, its content's digest in the name.
pub static SCRIPT_PATH: LazyLock<String> = LazyLock::new(|| {
    let mut digest = kith_core::Fnv::default();
    digest.bytes(SCRIPT);
    format!("/assets/kith.{}.js", digest.hex())
});

/// `GET /assets/{file}`: an embedded file by its current name; any other name is not
/// found (an old digest included: the page that named it is out of date).
pub async fn asset(Path(file): Path<String>) -> Response {
    if STYLESHEET_PATH.strip_prefix("/assets/") == Some(file.as_str()) {
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ];
        return (headers, STYLESHEET).into_response();
    }
    if SCRIPT_PATH.strip_prefix("/assets/") == Some(file.as_str()) {
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ];
        return (headers, SCRIPT).into_response();
    }
    (StatusCode::NOT_FOUND, "no such asset").into_response()
}
