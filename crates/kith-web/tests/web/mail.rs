//! What imported mail says, through the API: each correspondent's figures and the mail
//! kept out give what their use cases give; a reason that does not exist is a problem.
//! (The command line's test compares them on the demo's imported mail.)

use crate::records::{as_json, call, direct, refused, with_ada};
use axum::http::{Method, StatusCode};
use kith_app::mail;

#[tokio::test]
async fn the_mail_routes_give_what_the_use_cases_give() {
    let (server, _) = with_ada().await;
    let ctx = direct(&server);
    let figures = call(&server, Method::GET, "/api/v1/mail/correspondents", None).await;
    assert_eq!(figures, as_json(&mail::correspondents(&ctx).await.unwrap()));
    assert!(figures["contacts"].is_object(), "{figures}");
    let kept = call(&server, Method::GET, "/api/v1/mail/kept-out?reason=bounce", None).await;
    let direct = mail::kept_out(&ctx, Some("bounce".parse().unwrap())).await.unwrap();
    assert_eq!(kept, as_json(&direct));
    let all = call(&server, Method::GET, "/api/v1/mail/kept-out", None).await;
    assert_eq!(all, as_json(&mail::kept_out(&ctx, None).await.unwrap()));
    let path = "/api/v1/mail/kept-out?reason=boring";
    refused(&server, Method::GET, path, None, StatusCode::UNPROCESSABLE_ENTITY, "boring").await;
}
