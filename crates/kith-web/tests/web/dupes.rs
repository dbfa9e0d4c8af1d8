//! Likely duplicates and merges through the API: the list, the owner's word on it, a
//! merge by hand, every merge and undoing one each give what their use case gives on a
//! twin of the database; what cannot be read or found is a problem.

use crate::records::{as_json, call, direct, refused, twin, without};
use crate::support::{Server, now};
use axum::http::{Method, StatusCode};
use kith_app::dupes::{self, Choice};
use kith_core::{Identity, NewPerson};
use serde_json::json;

/// A server with two records of Ada and two of Charles, and Bob.
async fn with_twins() -> Server {
    let server = Server::new().await;
    let add = |name: &str, email: Option<&str>| {
        let mut person = NewPerson::named(name).unwrap();
        person.identities.extend(email.map(|e| Identity::email(e).unwrap()));
        person
    };
    let people = [
        add("Ada Lovelace", Some("ada@example.com")),
        add("Ada Lovelace", Some("ada@engines.example")),
        add("Charles Babbage", None),
        add("Charles Babbage", None),
        add("Bob Smith", None),
    ];
    for person in &people {
        server.store.add_person(person, now().timestamp()).await.unwrap();
    }
    server
}

#[tokio::test]
async fn the_list_and_the_owners_word_give_what_the_use_cases_give() {
    let server = with_twins().await;
    let listed = call(&server, Method::GET, "/api/v1/dupes", None).await;
    assert_eq!(listed, as_json(&dupes::find(&direct(&server), 60).await.unwrap()));
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    let strict = call(&server, Method::GET, "/api/v1/dupes?min=100", None).await;
    assert_eq!(strict, as_json(&dupes::find(&direct(&server), 100).await.unwrap()));

    let twin = twin(&server, "twin.db").await;
    let resolved =
        call(&server, Method::POST, "/api/v1/dupes", Some(json!({"reject": [2], "accept": [1]}))).await;
    let choice = Choice { accept_all: false, accept: vec![1], reject: vec![2] };
    let direct = dupes::resolve(&twin, 60, &choice).await.unwrap();
    let random = ["/merged/0/merge"];
    assert_eq!(without(resolved.clone(), &random), without(as_json(&direct), &random));
    assert_eq!(
        (resolved["rejected"].as_array().unwrap().len(), resolved["merged"].as_array().unwrap().len()),
        (1, 1)
    );

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    refused(&server, Method::POST, "/api/v1/dupes", Some(json!({"accept": [9]})), unprocessable, "9").await;
    let both = json!({"accept": [1], "accept_all": true});
    refused(&server, Method::POST, "/api/v1/dupes", Some(both), unprocessable, "accept_all").await;
    refused(&server, Method::GET, "/api/v1/dupes?min=lots", None, StatusCode::BAD_REQUEST, "").await;
}

#[tokio::test]
async fn a_merge_by_hand_and_its_undoing_give_what_the_use_cases_give() {
    let server = with_twins().await;
    let twin = twin(&server, "twin.db").await;
    let body = json!({"keep": "ada@example.com", "other": "ada@engines.example"});
    let merged = call(&server, Method::POST, "/api/v1/merges", Some(body)).await;
    let direct_merge = dupes::merge(&twin, "ada@example.com", "ada@engines.example").await.unwrap();
    assert_eq!(without(merged.clone(), &["/id"]), without(as_json(&direct_merge), &["/id"]));
    assert_eq!(merged["merged"]["identities"].as_array().unwrap().len(), 2, "{merged}");

    let listed = call(&server, Method::GET, "/api/v1/merges", None).await;
    assert_eq!(listed, as_json(&dupes::merges(&direct(&server), None).await.unwrap()));
    let hers = call(&server, Method::GET, "/api/v1/merges?who=ada@example.com", None).await;
    assert_eq!(hers.as_array().unwrap().len(), 1);

    let id = merged["id"].as_str().unwrap();
    let undone = call(&server, Method::POST, &format!("/api/v1/merges/{id}/undo"), None).await;
    assert_eq!(undone, as_json(&dupes::unmerge(&twin, &direct_merge.id).await.unwrap()));
    assert_eq!(undone["restored"]["identities"][0]["value"], "ada@engines.example");

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    refused(&server, Method::POST, "/api/v1/merges/nothing/undo", None, unprocessable, "nothing").await;
    let unknown = "/api/v1/merges/m_aaaaaaaaaaaa/undo";
    server.send(crate::records::send(Method::POST, unknown, None)).await.problem(StatusCode::NOT_FOUND);
    let nobody = json!({"keep": "Nobody", "other": "Bob Smith"});
    refused(&server, Method::POST, "/api/v1/merges", Some(nobody), StatusCode::NOT_FOUND, "Nobody").await;
    refused(&server, Method::GET, "/api/v1/merges?who=Nobody", None, StatusCode::NOT_FOUND, "Nobody").await;
}
