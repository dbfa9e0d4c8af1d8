//! The owner and the database as a whole through the API: who the owner is, their
//! identities and name, the export and the damage check each give what their use case
//! gives; what cannot be read is a problem.

use crate::records::{as_json, call, direct, refused, twin, with_ada};
use crate::support::{Finish, request};
use axum::http::{Method, StatusCode};
use kith_app::{backup, setup};
use serde_json::json;

#[tokio::test]
async fn the_owner_gives_what_the_use_cases_give() {
    let (server, _) = with_ada().await;
    let twin = twin(&server, "twin.db").await;
    let body = json!({"identities": ["me@example.com", "+44 20 7946 0000"]});
    let added = call(&server, Method::POST, "/api/v1/me/identities", Some(body)).await;
    let ids = ["me@example.com".to_owned(), "+44 20 7946 0000".to_owned()];
    assert_eq!(added, as_json(&setup::add_identities(&twin, &ids).await.unwrap()));
    assert_eq!(added[0], json!({"kind": "email", "value": "me@example.com"}));

    let named = call(&server, Method::PUT, "/api/v1/me/name", Some(json!({"name": "Sam Rivera"}))).await;
    assert_eq!(named, as_json(&setup::set_name(&twin, "Sam Rivera").await.unwrap()));

    let owner = call(&server, Method::GET, "/api/v1/me", None).await;
    assert_eq!(owner, as_json(&setup::owner(&direct(&server)).await.unwrap()));
    assert_eq!(owner.as_array().unwrap().len(), 2);

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let none = json!({"identities": []});
    refused(&server, Method::POST, "/api/v1/me/identities", Some(none), unprocessable, "identities").await;
    refused(&server, Method::PUT, "/api/v1/me/name", Some(json!({"name": " "})), unprocessable, "").await;
}

#[tokio::test]
async fn the_export_is_the_canonical_text_and_the_check_is_the_doctors() {
    let (server, _) = with_ada().await;
    let answer = server.send(request(Method::GET, "/api/v1/export").bearer().empty()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let export = backup::export_json(&direct(&server)).await.unwrap();
    assert_eq!(answer.body, export.text, "the same bytes as `kith export json`");
    assert_eq!(answer.json()["people"].as_array().unwrap().len(), 2);

    let checked = call(&server, Method::GET, "/api/v1/doctor", None).await;
    let direct = backup::doctor(&server.store.location()).unwrap();
    assert_eq!(checked, as_json(&direct));
    assert_eq!(checked["damaged"], false);
}
