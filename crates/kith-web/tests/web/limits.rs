//! Bodies over the limit are refused with 413, whichever reads them: the API's JSON, the
//! sign-in form, or the guard reading a form's CSRF field.

use crate::support::{Finish, Server, TOKEN, form, request};
use axum::http::{Method, StatusCode};

const MIB: usize = 1 << 20;

#[tokio::test]
async fn an_oversized_api_body_is_refused() {
    let server = Server::new().await;
    let note = "x".repeat(MIB);
    let body = serde_json::json!({"stage": "distanced", "note": note});
    let answer =
        server.send(request(Method::POST, "/api/v1/people/someone/stage").bearer().json(&body)).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn an_oversized_form_is_refused() {
    let server = Server::new().await;
    let padding = "x".repeat(MIB);
    let signin = form(Method::POST, "/signin", &format!("token={TOKEN}&pad={padding}"));
    let answer = server.send(signin.body_form()).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert!(answer.header("content-type").unwrap().starts_with("text/html"));
    assert!(answer.header("set-cookie").is_none());

    let (cookie, csrf) = server.sign_in().await;
    let signout =
        form(Method::POST, "/signout", &format!("pad={padding}&csrf={csrf}")).header("cookie", &cookie);
    assert_eq!(server.send(signout.body_form()).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_limit_is_the_states() {
    let server = Server::with_limit(1000).await;
    let body = serde_json::json!({"stage": "distanced", "note": "x".repeat(1000)});
    let answer =
        server.send(request(Method::POST, "/api/v1/people/someone/stage").bearer().json(&body)).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    let small = serde_json::json!({"stage": "distanced", "note": "x".repeat(100)});
    let answer =
        server.send(request(Method::POST, "/api/v1/people/someone/stage").bearer().json(&small)).await;
    answer.problem(StatusCode::NOT_FOUND);
}
