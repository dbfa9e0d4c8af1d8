//! The ledger through the API: one person's ledger, an ask declined, a check-in done and
//! favors found in mail accepted or rejected each give what their use case gives on a
//! twin of the database; what cannot be read or found is a problem.

use crate::records::{as_json, call, direct, refused, twin, with_ada, without};
use axum::http::{Method, StatusCode};
use kith_app::checkins;
use kith_app::ledger::{self, EntryInput};
use kith_app::stages::{StageInput, change};
use kith_app::suggestions::{self, Acceptance};
use kith_core::{Giver, Stage};
use serde_json::json;

#[tokio::test]
async fn the_ledger_and_a_decline_give_what_the_use_cases_give() {
    let (server, ada) = with_ada().await;
    let ctx = direct(&server);
    let entry =
        |kind: &str, at: &str| EntryInput { kind: kind.parse().unwrap(), at: Some(at.into()), note: None };
    ledger::ask(&ctx, "Ada Lovelace", false, entry("introduction", "2026-03-01")).await.unwrap();
    ledger::ask(&ctx, "Ada Lovelace", true, entry("advice", "2026-03-02")).await.unwrap();
    ledger::give(&ctx, "Ada Lovelace", Giver::Owner, None, entry("referral", "2026-03-03")).await.unwrap();

    let shown = call(&server, Method::GET, &format!("/api/v1/people/{}/ledger", ada.id), None).await;
    assert_eq!(shown, as_json(&ledger::ledger(&ctx, "Ada Lovelace").await.unwrap()));
    assert_eq!(shown["entries"].as_array().unwrap().len(), 3);
    assert_eq!(shown["totals"]["open_asks_from_them"], 1);

    let twin = twin(&server, "twin.db").await;
    let body = json!({"kind": "introduction", "at": "2026-04-01"});
    let declined =
        call(&server, Method::POST, "/api/v1/people/ada@example.com/ledger/declined", Some(body)).await;
    let kind = "introduction".parse().unwrap();
    let direct = ledger::decline(&twin, "ada@example.com", false, kind, Some("2026-04-01")).await.unwrap();
    assert_eq!(declined, as_json(&direct));
    assert_eq!(declined["status"], "declined");

    let path = "/api/v1/people/Ada%20Lovelace/ledger/declined";
    let none = json!({"kind": "introduction"});
    refused(&server, Method::POST, path, Some(none), StatusCode::NOT_FOUND, "no open ask").await;
    let kind = json!({"kind": "bribe"});
    refused(&server, Method::POST, path, Some(kind), StatusCode::UNPROCESSABLE_ENTITY, "bribe").await;
    let nobody = "/api/v1/people/Nobody/ledger";
    refused(&server, Method::GET, nobody, None, StatusCode::NOT_FOUND, "Nobody").await;
}

#[tokio::test]
async fn a_check_in_done_gives_what_the_use_case_gives() {
    let (server, _) = with_ada().await;
    let ctx = direct(&server);
    let input = StageInput { reason: None, note: None, every_days: Some(30), door: None, delivered: None };
    change(&ctx, "Ada Lovelace", Stage::Reduced, input).await.unwrap();
    let pending = server.store.pending_checkins().await.unwrap();
    let id = pending.first().expect("a check-in scheduled").id.clone();
    let twin = twin(&server, "twin.db").await;

    let path = format!("/api/v1/checkins/{id}/done");
    let done = call(&server, Method::POST, &path, Some(json!({"at": "2026-04-30"}))).await;
    let direct = checkins::done(&twin, &id, Some("2026-04-30")).await.unwrap();
    assert_eq!(without(done.clone(), &["/next/id"]), without(as_json(&direct), &["/next/id"]));
    assert!(done["done"]["done_at"].is_string(), "{done}");
    assert!(done["next"]["due_at"].is_string(), "a repeating check-in schedules the next: {done}");

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    refused(&server, Method::POST, &path, Some(json!({})), unprocessable, "").await;
    refused(&server, Method::POST, "/api/v1/checkins/soon/done", Some(json!({})), unprocessable, "soon")
        .await;
    let unknown = "/api/v1/checkins/c_aaaaaaaaaaaa/done";
    server
        .send(crate::records::send(Method::POST, unknown, Some(json!({}))))
        .await
        .problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn suggestions_are_accepted_and_rejected_as_the_use_cases_do() {
    let (server, _) = with_ada().await;
    let ctx = direct(&server);
    let body = json!({"min_confidence": 0.5, "who": "Ada Lovelace"});
    let accepted = call(&server, Method::POST, "/api/v1/suggestions/accept", Some(body)).await;
    let which = Acceptance::Confident { min: 0.5, who: Some("Ada Lovelace".into()) };
    assert_eq!(accepted, as_json(&suggestions::accept(&ctx, which).await.unwrap()));
    assert_eq!(accepted, json!([]), "nothing was found in mail");

    let path = "/api/v1/suggestions/accept";
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let both = json!({"ids": ["s_aaaaaaaaaaaa"], "min_confidence": 0.5});
    refused(&server, Method::POST, path, Some(both), unprocessable, "ids").await;
    refused(&server, Method::POST, path, Some(json!({})), unprocessable, "ids").await;
    let sure = json!({"min_confidence": 2.0});
    refused(&server, Method::POST, path, Some(sure), unprocessable, "0 to 1").await;
    let bad = json!({"ids": ["maybe"]});
    refused(&server, Method::POST, path, Some(bad), unprocessable, "maybe").await;
    let reject = "/api/v1/suggestions/reject";
    refused(&server, Method::POST, reject, Some(json!({"ids": ["maybe"]})), unprocessable, "maybe").await;
    refused(&server, Method::POST, reject, Some(json!({"ids": []})), unprocessable, "ids").await;
}
