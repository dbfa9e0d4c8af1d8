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

    let twin = crate::records::twin(&server, "twin2.db").await;
    let region = call(&server, Method::PUT, "/api/v1/me/region", Some(json!({"region": "+44"}))).await;
    assert_eq!(region, as_json(&setup::set_region(&twin, "+44").await.unwrap()));
    assert_eq!(region["region"], "44");
    let reading = call(&server, Method::PUT, "/api/v1/me/read-bodies", Some(json!({"on": true}))).await;
    assert_eq!(reading, as_json(&setup::read_bodies(&twin, true).await.unwrap()));
    assert_eq!(reading["read_bodies"], true);
    let reading = call(&server, Method::PUT, "/api/v1/me/evidence", Some(json!({"on": false}))).await;
    assert_eq!(reading, as_json(&setup::keep_evidence(&twin, false).await.unwrap()));
    let removed = call(&server, Method::DELETE, "/api/v1/me/identities/me@example.com", None).await;
    assert_eq!(removed, as_json(&setup::remove_identity(&twin, "me@example.com").await.unwrap()));

    let path = "/api/v1/me/changes/changing-industry";
    let declared = call(&server, Method::PUT, path, Some(json!({"since": "2026-02-01"}))).await;
    let change = "changing_industry".parse().unwrap();
    let since = twin.when(Some("2026-02-01")).unwrap();
    assert_eq!(declared, as_json(&kith_app::facts::declare(&twin, change, since).await.unwrap()));
    let cleared = call(&server, Method::DELETE, path, None).await;
    assert_eq!(cleared, as_json(&kith_app::facts::withdraw(&twin, change).await.unwrap()));

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    refused(&server, Method::DELETE, path, None, StatusCode::NOT_FOUND, "changing").await;
    refused(&server, Method::PUT, "/api/v1/me/changes/napping", Some(json!({})), unprocessable, "napping")
        .await;
    let gone = "/api/v1/me/identities/me@example.com";
    refused(&server, Method::DELETE, gone, None, StatusCode::NOT_FOUND, "me@example.com").await;
    let atlantis = json!({"region": "Atlantis"});
    refused(&server, Method::PUT, "/api/v1/me/region", Some(atlantis), unprocessable, "Atlantis").await;
    refused(&server, Method::PUT, "/api/v1/me/evidence", Some(json!({"on": "yes"})), unprocessable, "").await;
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
