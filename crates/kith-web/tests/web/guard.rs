//! The token guards every route but the public ones, and a browser's state-changing
//! requests must come from kith's own pages with the session's CSRF token. The routes
//! are read from the OpenAPI document and the page list, so that a new route cannot
//! escape these tests.

use crate::support::{Finish, ORIGIN, Server, TOKEN, form, request};
use axum::http::{Method, StatusCode, header};
use kith_web::Access;
use serde_json::json;

/// Every route the server has: method, path (parameters filled in) and access.
fn every_route() -> Vec<(Method, String, Access)> {
    let mut routes = Vec::new();
    let document = serde_json::to_value(kith_web::openapi()).unwrap();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            // An operation with an empty security requirement needs no token.
            let open = operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r == &json!({})));
            let access = if open { Access::Public } else { Access::Protected };
            routes.push((method, filled(path), access));
        }
    }
    for (method, path, access) in kith_web::page_routes() {
        routes.push((method, filled(path), access));
    }
    routes
}

/// A path with each `{parameter}` replaced by a value.
fn filled(path: &str) -> String {
    path.split('/')
        .map(|part| if part.starts_with('{') { "someone" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn only_signing_in_the_stylesheet_and_the_liveness_check_are_public() {
    let mut public: Vec<String> = every_route()
        .into_iter()
        .filter(|(_, _, access)| *access == Access::Public)
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    public.sort();
    assert_eq!(public, ["GET /api/v1/health", "GET /assets/someone", "GET /signin", "POST /signin"]);
}

#[tokio::test]
async fn every_protected_route_refuses_a_missing_or_wrong_token() {
    let server = Server::new().await;
    let routes: Vec<_> = every_route().into_iter().filter(|(_, _, a)| *a == Access::Protected).collect();
    assert!(routes.len() >= 3, "{routes:?}");
    let listed: Vec<String> = routes.iter().map(|(m, p, _)| format!("{m} {p}")).collect();
    for route in [
        "GET /",
        "GET /people",
        "GET /api/v1/review",
        "GET /api/v1/people",
        "GET /api/v1/checkins",
        "GET /api/v1/drafts",
        "GET /api/v1/suggestions",
    ] {
        assert!(listed.iter().any(|r| r == route), "{route} is guarded: {listed:?}");
    }
    // Any other path too: what is not a route is not shown to strangers either.
    let others = [(Method::GET, "/nobody-here".to_owned()), (Method::GET, "/api/v1/nothing".to_owned())];
    let credentials: [(&str, Option<(&str, String)>); 5] = [
        ("no token", None),
        ("a wrong bearer token", Some(("authorization", "Bearer 0000".to_owned()))),
        ("the token under another scheme", Some(("authorization", format!("Basic {TOKEN}")))),
        ("the token cut short", Some(("authorization", format!("Bearer {}", &TOKEN[..63])))),
        ("an unknown session", Some(("cookie", format!("kith_session={TOKEN}")))),
    ];
    for (method, path) in routes.into_iter().map(|(m, p, _)| (m, p)).chain(others) {
        for (what, credential) in &credentials {
            let mut builder = request(method.clone(), &path).header(header::ORIGIN, ORIGIN);
            if let Some((name, value)) = credential {
                builder = builder.header(*name, value);
            }
            let answer = server.send(builder.json(&json!({"stage": "ended"}))).await;
            let context = format!("{method} {path} with {what}");
            if path.starts_with("/api/") {
                assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{context}: {}", answer.body);
                assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{context}");
                assert_eq!(answer.header("www-authenticate"), Some("Bearer"), "{context}");
            } else {
                assert_eq!(answer.status, StatusCode::SEE_OTHER, "{context}: {}", answer.body);
                let to = answer.header("location").unwrap_or_default();
                assert!(to.starts_with("/signin"), "{context}: {to}");
            }
            assert!(!answer.body.contains("openapi"), "{context}: {}", answer.body);
        }
    }
}

#[tokio::test]
async fn the_bearer_token_opens_the_api_and_other_paths_are_not_found() {
    let server = Server::new().await;
    let answer = server.send(request(Method::GET, "/api/v1/openapi.json").bearer().empty()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let nothing = server.send(request(Method::GET, "/api/v1/nothing").bearer().empty()).await;
    assert!(nothing.problem(StatusCode::NOT_FOUND).contains("/api/v1/nothing"));
    let health = server.send(request(Method::GET, "/api/v1/health").empty()).await;
    assert_eq!((health.status, health.json()), (StatusCode::OK, json!({"ok": true})));
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    let body = format!("csrf={csrf}");
    let cases = [
        ("another site's origin", "origin", "https://evil.example"),
        ("a null origin", "origin", "null"),
        ("another port on this host", "origin", "http://127.0.0.1:9999"),
        ("a cross-site fetch", "sec-fetch-site", "cross-site"),
        ("a same-site fetch from another origin", "sec-fetch-site", "same-site"),
    ];
    for (what, name, value) in cases {
        let mut post = form(Method::POST, "/signout", &body).header("cookie", &cookie);
        post.builder = post.builder.header(name, value);
        if name == "origin" {
            // Replace kith's own origin with the other one.
            post.builder.headers_mut().unwrap().insert(header::ORIGIN, value.parse().unwrap());
        }
        let answer = server.send(post.body_form()).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}: {}", answer.body);
        assert!(answer.body.contains("another site"), "{what}: {}", answer.body);
        assert!(answer.header("set-cookie").is_none(), "{what}");
    }
    // The session is still open: nothing was done.
    let still =
        server.send(request(Method::GET, "/api/v1/openapi.json").header("cookie", &cookie).empty()).await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn a_form_post_without_the_sessions_csrf_token_is_refused() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    for (what, body) in [("no token", "x=1".to_owned()), ("a wrong token", format!("csrf={}", &csrf[1..]))] {
        let post = form(Method::POST, "/signout", &body).header("cookie", &cookie);
        let answer = server.send(post.body_form()).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}: {}", answer.body);
        assert!(answer.body.contains("CSRF"), "{what}: {}", answer.body);
    }
    // Another session's token is no better.
    let (_, other_csrf) = server.sign_in().await;
    let post = form(Method::POST, "/signout", &format!("csrf={other_csrf}")).header("cookie", &cookie);
    assert_eq!(server.send(post.body_form()).await.status, StatusCode::FORBIDDEN);
    // With its own token, the same post signs out.
    let post = form(Method::POST, "/signout", &format!("csrf={csrf}")).header("cookie", &cookie);
    assert_eq!(server.send(post.body_form()).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn signing_in_from_another_site_is_refused() {
    let server = Server::new().await;
    let mut post = form(Method::POST, "/signin", &format!("token={TOKEN}"));
    post.builder.headers_mut().unwrap().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    let answer = server.send(post.body_form()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.header("set-cookie").is_none());
}

#[tokio::test]
async fn a_pages_script_sends_the_csrf_token_in_a_header_and_scripts_need_none() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    let body = json!({"stage": "distanced"});
    let path = "/api/v1/people/nobody/stage";
    let with_session =
        || request(Method::POST, path).header("cookie", &cookie).header(header::ORIGIN, ORIGIN);
    let refused = server.send(with_session().json(&body)).await;
    assert!(refused.problem(StatusCode::FORBIDDEN).contains("CSRF"));
    let wrong = server.send(with_session().header("x-csrf-token", "0").json(&body)).await;
    wrong.problem(StatusCode::FORBIDDEN);
    // Past the guard, the use case answers: nobody is named so.
    let let_in = server.send(with_session().header("x-csrf-token", &csrf).json(&body)).await;
    let_in.problem(StatusCode::NOT_FOUND);
    // A bearer request needs no CSRF token, whatever its origin says.
    let script = request(Method::POST, path).header(header::ORIGIN, "https://elsewhere.example").bearer();
    server.send(script.json(&body)).await.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_bearer_token_is_refused_even_with_a_session() {
    let server = Server::new().await;
    let (cookie, _) = server.sign_in().await;
    let both = request(Method::GET, "/api/v1/openapi.json")
        .header("cookie", &cookie)
        .header("authorization", "Bearer 1");
    server.send(both.empty()).await.problem(StatusCode::UNAUTHORIZED);
}
