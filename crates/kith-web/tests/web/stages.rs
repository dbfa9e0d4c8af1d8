//! The first use case through the API: a stage change gives the JSON that
//! `kith_app::stages::change` gives on an identical database, and a refusal is a 422
//! problem.

use crate::support::{Finish, Server, now, request};
use axum::http::{Method, StatusCode};
use kith_app::stages::{StageInput, change};
use kith_core::{Door, NewPerson, Stage};
use kith_store::OpenMode;
use serde_json::{Value, json};

/// A server whose database holds Ada, and a copy of that database.
async fn with_ada() -> (Server, std::path::PathBuf) {
    let server = Server::new().await;
    server.store.add_person(&NewPerson::named("Ada Lovelace").unwrap(), now().timestamp()).await.unwrap();
    let copy = server.dir.path().join("copy.db");
    server.store.backup_to(&copy).await.unwrap();
    (server, copy)
}

/// The JSON without the transition's id, which each database draws at random.
fn without_id(mut changed: Value) -> Value {
    let id = changed["transition"].as_object_mut().unwrap().remove("id").expect("an id");
    assert!(id.as_str().unwrap().starts_with("t_"), "{id}");
    changed
}

#[tokio::test]
async fn a_stage_change_gives_what_the_use_case_gives() {
    let (server, copy) = with_ada().await;
    let body = json!({
        "stage": "ended",
        "door": "open",
        "delivered": "over lunch",
        "every": "12w",
        "reason": "she moved on",
        "note": "keep in touch"
    });
    let answer =
        server.send(request(Method::POST, "/api/v1/people/Ada%20Lovelace/stage").bearer().json(&body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json"));

    let store = kith_store::open(copy.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
    let ctx = kith_app::Ctx::new(store, now());
    let input = StageInput {
        reason: Some("she moved on".into()),
        note: Some("keep in touch".into()),
        every_days: Some(84),
        door: Some(Door::Open),
        delivered: Some("over lunch".into()),
    };
    let direct = change(&ctx, "Ada Lovelace", Stage::Ended, input).await.unwrap();
    let direct = serde_json::to_value(&direct).unwrap();
    assert_eq!(without_id(answer.json()), without_id(direct.clone()));
    assert_eq!(direct["transition"]["to"], "ended");
    assert!(direct["checkin"]["due_at"].is_string(), "{direct}");

    let ada = server.store.people().await.unwrap().into_iter().find(|p| p.name == "Ada Lovelace").unwrap();
    assert_eq!(ada.stage, Stage::Ended);
}

#[tokio::test]
async fn an_ending_without_a_farewell_is_a_422_problem() {
    let (server, _) = with_ada().await;
    let body = json!({"stage": "ended", "door": "closed"});
    let answer =
        server.send(request(Method::POST, "/api/v1/people/Ada%20Lovelace/stage").bearer().json(&body)).await;
    let detail = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail.contains("farewell"), "{detail}");
    let ada = server.store.people().await.unwrap().into_iter().find(|p| p.name == "Ada Lovelace").unwrap();
    assert_eq!(ada.stage, Stage::Active, "nothing was written");
}

#[tokio::test]
async fn what_cannot_be_read_or_found_is_a_problem_that_says_so() {
    let (server, _) = with_ada().await;
    let post = |path: &str| request(Method::POST, path).bearer();
    let ada = "/api/v1/people/Ada%20Lovelace/stage";

    let nobody = server.send(post("/api/v1/people/Nobody/stage").json(&json!({"stage": "distanced"}))).await;
    assert!(nobody.problem(StatusCode::NOT_FOUND).contains("Nobody"));

    let cadence = server.send(post(ada).json(&json!({"stage": "reduced", "every": "3 fortnights"}))).await;
    assert!(cadence.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("3 fortnights"));

    let stage = server.send(post(ada).json(&json!({"stage": "sideways"}))).await;
    assert!(stage.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("sideways"));

    let unknown = server.send(post(ada).json(&json!({"stage": "distanced", "mood": "sad"}))).await;
    assert!(unknown.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("mood"));

    let broken = post(ada).header("content-type", "application/json").body("{\"stage\":".into()).unwrap();
    server.send(broken).await.problem(StatusCode::BAD_REQUEST);

    let text = post(ada).header("content-type", "text/plain").body("distanced".into()).unwrap();
    server.send(text).await.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
