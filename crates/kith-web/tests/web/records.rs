//! People kept by hand and what the owner knows about them, through the API: adding and
//! changing a person, a contact logged, facts and mutes each give what their use case
//! gives on a twin of the database, and what cannot be read or found is a problem.

use crate::support::{Finish, Server, now, request};
use axum::http::{Method, StatusCode};
use kith_app::Ctx;
use kith_app::facts::{self, FactInput};
use kith_app::log::{LogInput, log};
use kith_app::people::{self, NewPersonInput, PersonEdit};
use kith_core::{Channel, Direction, Identity, NewPerson, Person};
use kith_store::OpenMode;
use serde_json::{Value, json};

/// A server whose database holds Ada (with her email) and Bob; and Ada.
pub(crate) async fn with_ada() -> (Server, Person) {
    let server = Server::new().await;
    let mut ada = NewPerson::named("Ada Lovelace").unwrap();
    ada.identities.push(Identity::email("ada@example.com").unwrap());
    let ada = server.store.add_person(&ada, now().timestamp()).await.unwrap();
    server.store.add_person(&NewPerson::named("Bob Babbage").unwrap(), now().timestamp()).await.unwrap();
    (server, ada)
}

/// A copy of the server's database as it is now, opened as a use case's context: the
/// twin a write through the API is compared with.
pub(crate) async fn twin(server: &Server, name: &str) -> Ctx {
    let path = server.dir.path().join(name);
    server.store.backup_to(&path).await.unwrap();
    Ctx::new(kith_store::open(path.to_str().unwrap(), OpenMode::MustExist).await.unwrap(), now())
}

/// The use case's context on the server's own database.
pub(crate) fn direct(server: &Server) -> Ctx {
    Ctx::new(server.store.clone(), now())
}

/// A use case's result as the API's JSON reads back: through text, so that numbers are
/// parsed as the answer's are.
pub(crate) fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// `value` with the fields at these JSON pointers taken out (ids each database draws at
/// random), each checked to be there.
pub(crate) fn without(mut value: Value, pointers: &[&str]) -> Value {
    for pointer in pointers {
        let (parent, field) = pointer.rsplit_once('/').unwrap();
        let object = value.pointer_mut(parent).and_then(Value::as_object_mut);
        let object = object.unwrap_or_else(|| panic!("{parent} in the answer"));
        assert!(object.remove(field).is_some(), "{pointer} in the answer");
    }
    value
}

/// Sends a request with the bearer token (a JSON body if given) and reads a 200 JSON
/// answer.
pub(crate) async fn call(server: &Server, method: Method, path: &str, body: Option<Value>) -> Value {
    let answer = server.send(send(method, path, body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json"), "{path}");
    answer.json()
}

/// The request [`call`] sends.
pub(crate) fn send(method: Method, path: &str, body: Option<Value>) -> axum::http::Request<axum::body::Body> {
    let builder = request(method, path).bearer();
    match body {
        Some(body) => builder.json(&body),
        None => builder.empty(),
    }
}

/// Asserts a problem with this status, whose detail mentions `word`.
pub(crate) async fn refused(
    server: &Server,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
    word: &str,
) {
    let detail = server.send(send(method, path, body)).await.problem(status);
    assert!(detail.contains(word), "{path}: {word:?} in {detail:?}");
}

#[tokio::test]
async fn adding_and_changing_a_person_gives_what_the_use_cases_give() {
    let (server, _) = with_ada().await;
    let twin = twin(&server, "twin.db").await;
    let added = call(
        &server,
        Method::POST,
        "/api/v1/people",
        Some(json!({"name": "Grace Hopper", "emails": ["grace@example.com"], "role": "admiral", "tags": ["navy"]})),
    )
    .await;
    let input = NewPersonInput {
        name: "Grace Hopper".into(),
        emails: vec!["grace@example.com".into()],
        role: Some("admiral".into()),
        tags: vec!["navy".into()],
        ..NewPersonInput::default()
    };
    let direct = people::add(&twin, input).await.unwrap();
    assert_eq!(without(added.clone(), &["/id"]), without(as_json(&direct), &["/id"]));
    assert_eq!(added["identities"], json!([{"kind": "email", "value": "grace@example.com"}]));

    let id = added["id"].as_str().unwrap();
    let edited = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/people/{id}"),
        Some(json!({"role": "rear admiral", "tier": "close", "cadence": 30, "add": ["+1 555 0100"]})),
    )
    .await;
    let edit = PersonEdit {
        role: Some("rear admiral".into()),
        tier: Some(Some("close".parse().unwrap())),
        cadence_days: Some(Some(30)),
        add: vec!["+1 555 0100".into()],
        ..PersonEdit::default()
    };
    let direct = people::edit(&twin, "grace@example.com", edit).await.unwrap();
    assert_eq!(without(edited.clone(), &["/id"]), without(as_json(&direct), &["/id"]));
    assert_eq!((edited["tier"].as_str(), edited["cadence_days"].as_u64()), (Some("close"), Some(30)));

    let unpinned =
        call(&server, Method::PATCH, "/api/v1/people/grace@example.com", Some(json!({"no_tier": true})))
            .await;
    assert!(unpinned["tier"].is_null(), "{unpinned}");
    let listed = people::list(&direct_ctx(&server), Default::default()).await.unwrap();
    assert_eq!(listed.people.len(), 3, "the person added is in the list");

    // Refusals: an identity someone holds, a change of nothing, fields that contradict
    // or do not exist, and nobody.
    let path = "/api/v1/people";
    let taken = json!({"name": "Ada Two", "emails": ["ada@example.com"]});
    refused(&server, Method::POST, path, Some(taken), StatusCode::UNPROCESSABLE_ENTITY, "Ada Lovelace").await;
    let odd = json!({"name": "Someone", "mood": "sunny"});
    refused(&server, Method::POST, path, Some(odd), StatusCode::UNPROCESSABLE_ENTITY, "mood").await;
    let both = json!({"org": "Navy", "no_org": true});
    refused(
        &server,
        Method::PATCH,
        "/api/v1/people/Ada%20Lovelace",
        Some(both),
        StatusCode::UNPROCESSABLE_ENTITY,
        "org",
    )
    .await;
    let tier = json!({"tier": "bestie"});
    refused(
        &server,
        Method::PATCH,
        "/api/v1/people/Ada%20Lovelace",
        Some(tier),
        StatusCode::UNPROCESSABLE_ENTITY,
        "bestie",
    )
    .await;
    refused(
        &server,
        Method::PATCH,
        "/api/v1/people/Nobody",
        Some(json!({"role": "x"})),
        StatusCode::NOT_FOUND,
        "Nobody",
    )
    .await;

    let twin = crate::records::twin(&server, "twin2.db").await;
    let removed = call(&server, Method::DELETE, "/api/v1/people/grace@example.com", None).await;
    assert_eq!(removed, as_json(&people::remove(&twin, "grace@example.com").await.unwrap()));
    refused(
        &server,
        Method::DELETE,
        "/api/v1/people/grace@example.com",
        None,
        StatusCode::NOT_FOUND,
        "grace",
    )
    .await;
}

fn direct_ctx(server: &Server) -> Ctx {
    direct(server)
}

#[tokio::test]
async fn a_contact_logged_gives_what_the_use_case_gives() {
    let (server, _) = with_ada().await;
    let twin = twin(&server, "twin.db").await;
    let body = json!({"who": ["Ada Lovelace", "Bob Babbage"], "channel": "meeting", "dir": "mutual", "at": "2026-04-20", "subject": "engines"});
    let logged = call(&server, Method::POST, "/api/v1/log", Some(body)).await;
    let input = LogInput {
        who: vec!["Ada Lovelace".into(), "Bob Babbage".into()],
        channel: Channel::Meeting,
        direction: Direction::Mutual,
        at: Some("2026-04-20".into()),
        subject: Some("engines".into()),
        note: None,
    };
    assert_eq!(logged, as_json(&log(&twin, input).await.unwrap()));
    assert_eq!(logged["participants"].as_array().unwrap().len(), 2);
    let shown = kith_app::show::person(&direct(&server), "Ada Lovelace").await.unwrap();
    assert_eq!(shown.interactions.len(), 1, "the contact is in her log");

    let path = "/api/v1/log";
    let channel = json!({"who": ["Ada Lovelace"], "channel": "pigeon", "dir": "out"});
    refused(&server, Method::POST, path, Some(channel), StatusCode::UNPROCESSABLE_ENTITY, "pigeon").await;
    let nobody = json!({"who": ["Nobody"], "channel": "call", "dir": "out"});
    refused(&server, Method::POST, path, Some(nobody), StatusCode::NOT_FOUND, "Nobody").await;
    let none = json!({"who": [], "channel": "call", "dir": "out"});
    refused(&server, Method::POST, path, Some(none), StatusCode::UNPROCESSABLE_ENTITY, "who").await;
}

#[tokio::test]
async fn facts_and_mutes_give_what_the_use_cases_give() {
    let (server, ada) = with_ada().await;
    let twin = twin(&server, "twin.db").await;
    let base = format!("/api/v1/people/{}", ada.id);
    let who = ada.id.as_str();

    let body = json!({"fact": "interests_diverged", "since": "2026-03-14", "note": "moved to biotech"});
    let recorded = call(&server, Method::POST, &format!("{base}/facts"), Some(body)).await;
    let input = FactInput {
        fact: "interests_diverged".parse().unwrap(),
        since: twin.when(Some("2026-03-14")).unwrap(),
        note: Some("moved to biotech".into()),
    };
    assert_eq!(recorded, as_json(&facts::record(&twin, who, input).await.unwrap()));
    assert_eq!(recorded["fact"], "interests_diverged");

    let listed = call(&server, Method::GET, &format!("{base}/facts"), None).await;
    assert_eq!(listed, as_json(&facts::list(&twin, who).await.unwrap()));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let removed = call(&server, Method::DELETE, &format!("{base}/facts/interests-diverged"), None).await;
    let fact = "interests_diverged".parse().unwrap();
    assert_eq!(removed, as_json(&facts::remove(&twin, who, fact).await.unwrap()));

    let muted =
        call(&server, Method::PUT, &format!("{base}/mutes/drifting"), Some(json!({"until": "2026-09-01"})))
            .await;
    let until = twin.when(Some("2026-09-01")).unwrap();
    let diagnosis = "drifting".parse().unwrap();
    assert_eq!(muted, as_json(&facts::mute(&twin, who, diagnosis, until).await.unwrap()));
    assert_eq!(muted["diagnosis"], "drifting");

    let unmuted = call(&server, Method::DELETE, &format!("{base}/mutes/drifting"), None).await;
    assert_eq!(unmuted, as_json(&facts::unmute(&twin, who, diagnosis).await.unwrap()));

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    refused(&server, Method::GET, "/api/v1/people/Nobody/facts", None, StatusCode::NOT_FOUND, "Nobody").await;
    let grumpy = json!({"fact": "grumpy"});
    refused(&server, Method::POST, &format!("{base}/facts"), Some(grumpy), unprocessable, "grumpy").await;
    let later = json!({"fact": "retired", "since": "2027-01-01"});
    refused(&server, Method::POST, &format!("{base}/facts"), Some(later), unprocessable, "future").await;
    refused(
        &server,
        Method::DELETE,
        &format!("{base}/facts/hostile"),
        None,
        StatusCode::NOT_FOUND,
        "hostile",
    )
    .await;
    let past = json!({"until": "2026-01-01"});
    refused(&server, Method::PUT, &format!("{base}/mutes/drifting"), Some(past), unprocessable, "").await;
    let sulking = json!({"until": "2026-09-01"});
    refused(&server, Method::PUT, &format!("{base}/mutes/sulking"), Some(sulking), unprocessable, "sulking")
        .await;
    refused(
        &server,
        Method::DELETE,
        &format!("{base}/mutes/drifting"),
        None,
        StatusCode::NOT_FOUND,
        "drifting",
    )
    .await;
}
