//! Signing in with the token once: the session cookie is HttpOnly and SameSite=Strict,
//! opens the pages and the API, and signing out closes it.

use crate::support::{Finish, Server, TOKEN, form, request};
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn the_signin_page_says_where_the_token_is() {
    let server = Server::new().await;
    let answer = server.send(request(Method::GET, "/signin").empty()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header("content-type").unwrap().starts_with("text/html"));
    let token_file = server.dir.path().join("config").join("server-token");
    assert!(answer.html().contains(&token_file.display().to_string()), "{}", answer.body);
    assert!(answer.body.contains("<form method=\"post\" action=\"/signin\">"), "{}", answer.body);
    assert!(answer.body.contains("<label for=\"token\">"), "{}", answer.body);
    // Signed out, there is no navigation to pages that would only send one back here.
    assert!(!answer.body.contains("aria-label=\"Main\""), "{}", answer.body);
}

#[tokio::test]
async fn signing_in_sets_a_strict_httponly_cookie_that_then_works() {
    let server = Server::new().await;
    let answer = server.send(form(Method::POST, "/signin", &format!("token={TOKEN}")).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.header("location"), Some("/"));
    let set = answer.header("set-cookie").expect("a cookie");
    let attributes: Vec<&str> = set.split(';').map(str::trim).collect();
    for wanted in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(attributes.contains(&wanted), "{set}");
    }
    let cookie = attributes[0];
    let (name, id) = cookie.split_once('=').unwrap();
    assert_eq!(name, "kith_session");
    assert!(id.len() == 64 && !id.contains(TOKEN), "a random session id, not the token: {id}");

    let api =
        server.send(request(Method::GET, "/api/v1/openapi.json").header("cookie", cookie).empty()).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let page = server.send(request(Method::GET, "/nobody-here").header("cookie", cookie).empty()).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "signed in, a page that does not exist yet is not found");
    assert!(page.body.contains("Sign out") && page.body.contains("aria-label=\"Main\""), "{}", page.body);
}

#[tokio::test]
async fn a_wrong_token_shows_the_form_again() {
    let server = Server::new().await;
    let answer = server.send(form(Method::POST, "/signin", "token=guess").body_form()).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.header("set-cookie").is_none());
    assert!(
        answer.body.contains("role=\"alert\"") && answer.body.contains("name=\"token\""),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn signing_in_goes_back_to_the_page_asked_for_and_never_elsewhere() {
    let server = Server::new().await;
    let asked = server.send(request(Method::GET, "/people?q=ada").empty()).await;
    assert_eq!(asked.header("location"), Some("/signin?next=%2Fpeople%3Fq%3Dada"));
    let page = server.send(request(Method::GET, asked.header("location").unwrap()).empty()).await;
    assert!(page.html().contains("name=\"next\" value=\"/people?q=ada\""), "{}", page.body);
    for (next, to) in [
        ("%2Fpeople%3Fq%3Dada", "/people?q=ada"),
        ("%2F%2Fevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
    ] {
        let body = format!("token={TOKEN}&next={next}");
        let answer = server.send(form(Method::POST, "/signin", &body).body_form()).await;
        assert_eq!(answer.header("location"), Some(to), "{next}");
    }
}

#[tokio::test]
async fn signing_out_closes_the_session() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    let post = form(Method::POST, "/signout", &format!("csrf={csrf}")).header("cookie", &cookie);
    let answer = server.send(post.body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.header("location"), Some("/signin"));
    assert!(answer.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after =
        server.send(request(Method::GET, "/api/v1/openapi.json").header("cookie", &cookie).empty()).await;
    after.problem(StatusCode::UNAUTHORIZED);
}
