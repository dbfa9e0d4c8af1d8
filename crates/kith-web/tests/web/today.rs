//! Today and its API: who needs attention with the evidence in words, and each route
//! giving the JSON its use case gives on the same database.

use crate::support::{Finish, Server, now, request};
use axum::http::{Method, StatusCode};
use kith_app::log::{LogInput, log};
use kith_app::people::{NewPersonInput, add};
use kith_core::{Channel, Direction};
use serde_json::Value;

/// A server whose database holds three people: Ada, who stopped answering after a year
/// of talking every month; Grace, in touch every two weeks; Alan, never in touch.
pub async fn with_people() -> Server {
    let server = Server::new().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    for (name, email, tag) in [
        ("Ada Lovelace", "ada@engines.example", "mentor"),
        ("Grace Hopper", "grace@navy.example", "friend"),
        ("Alan Turing", "alan@bletchley.example", "friend"),
    ] {
        let input = NewPersonInput {
            name: name.into(),
            emails: vec![email.into()],
            tags: vec![tag.into()],
            ..NewPersonInput::default()
        };
        add(&ctx, input).await.unwrap();
    }
    let contact = |who: &str, direction: Direction, days_ago: u32| LogInput {
        who: vec![who.to_owned()],
        channel: Channel::Email,
        direction,
        at: Some(format!("{days_ago}d")),
        subject: Some(format!("note {days_ago}")),
        note: None,
    };
    for month in 3..15 {
        log(&ctx, contact("Ada Lovelace", Direction::Out, month * 30)).await.unwrap();
        log(&ctx, contact("Ada Lovelace", Direction::In, month * 30 - 2)).await.unwrap();
    }
    for days_ago in [70, 50, 30, 10] {
        log(&ctx, contact("Ada Lovelace", Direction::Out, days_ago)).await.unwrap();
    }
    for fortnight in 0..26 {
        let days_ago = 3 + fortnight * 14;
        log(&ctx, contact("Grace Hopper", Direction::Out, days_ago)).await.unwrap();
        log(&ctx, contact("Grace Hopper", Direction::In, days_ago - 1)).await.unwrap();
    }
    server
}

/// The JSON a GET with the bearer token answers.
pub async fn api(server: &Server, path: &str) -> Value {
    let answer = server.send(request(Method::GET, path).bearer().empty()).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json"), "{path}");
    answer.json()
}

#[tokio::test]
async fn today_lists_who_needs_attention_with_the_evidence_in_words() {
    let server = with_people().await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    let ada = server.store.people().await.unwrap().into_iter().find(|p| p.name == "Ada Lovelace").unwrap();
    assert!(html.contains(&format!("<a href=\"/people/{}\">Ada Lovelace</a>", ada.id)), "{html}");
    assert!(html.contains("Not answering"), "the diagnosis in words: {html}");
    assert!(html.contains("with no reply"), "its evidence: {html}");
    assert!(html.contains("First move:"), "{html}");
    assert!(!html.contains(">Grace Hopper</a>"), "Grace needs nothing: {html}");
    assert!(html.contains("aria-current=\"page\""), "{html}");
    assert!(!html.contains("<script"), "Today needs no script");
}

#[tokio::test]
async fn an_empty_today_says_how_to_bring_people_in() {
    let server = Server::new().await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    assert!(html.contains("kith import") && html.contains("kith demo"), "{html}");
}

#[tokio::test]
async fn each_today_route_gives_what_its_use_case_gives() {
    let server = with_people().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());

    let review = api(&server, "/api/v1/review").await;
    let direct =
        kith_app::health::review(&ctx, kith_app::health::ReviewInput { limit: 20, ..Default::default() })
            .await
            .unwrap();
    assert_eq!(review, serde_json::to_value(&direct).unwrap());
    assert_eq!(review[0]["name"], "Ada Lovelace", "{review}");
    assert!(review[0]["diagnoses"][0]["evidence"].is_string(), "{review}");

    let everyone =
        api(&server, "/api/v1/review?all=true&tier=inner,close,active,network,acquaintance&limit=0").await;
    let input = kith_app::health::ReviewInput {
        all: true,
        tiers: kith_core::Tier::ALL.to_vec(),
        ..Default::default()
    };
    let direct = kith_app::health::review(&ctx, input).await.unwrap();
    assert_eq!(everyone, serde_json::to_value(&direct).unwrap());
    assert_eq!(everyone.as_array().unwrap().len(), 3);

    let friends = api(&server, "/api/v1/review?all=true&tag=friend&diagnosis=dormant,thriving").await;
    let input = kith_app::health::ReviewInput {
        all: true,
        tag: Some("friend".into()),
        diagnoses: vec![
            kith_core::health::DiagnosisKind::Dormant,
            kith_core::health::DiagnosisKind::Thriving,
        ],
        limit: 20,
        ..Default::default()
    };
    assert_eq!(friends, serde_json::to_value(kith_app::health::review(&ctx, input).await.unwrap()).unwrap());

    let checkins = api(&server, "/api/v1/checkins?within=1y&birthdays=true").await;
    let direct = kith_app::checkins::due(&ctx, 365, true).await.unwrap();
    assert_eq!(checkins, serde_json::to_value(&direct).unwrap());
    assert_eq!(
        api(&server, "/api/v1/checkins").await,
        serde_json::to_value(kith_app::checkins::due(&ctx, 30, false).await.unwrap()).unwrap()
    );

    // The same check-ins as a calendar, as `kith checkins --ics` writes them.
    let feed = server.api_ok(Method::GET, "/api/v1/checkins/feed.ics", None).await;
    assert_eq!(feed.header("content-type"), Some("text/calendar; charset=utf-8"));
    assert_eq!(feed.body, kith_app::checkins::feed(&ctx).await.unwrap());
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"), "{}", feed.body);

    let drafts = api(&server, "/api/v1/drafts?unsent=true").await;
    assert_eq!(
        drafts,
        serde_json::to_value(kith_app::compose::list(&ctx, None, true).await.unwrap()).unwrap()
    );

    let suggestions = api(&server, "/api/v1/suggestions?all=true").await;
    let direct = kith_app::suggestions::list(&ctx, None, true).await.unwrap();
    assert_eq!(suggestions, serde_json::to_value(&direct).unwrap());
}

#[tokio::test]
async fn a_review_filter_that_names_nothing_is_a_problem() {
    let server = with_people().await;
    let tier = server.send(request(Method::GET, "/api/v1/review?tier=closest").bearer().empty()).await;
    assert!(tier.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("closest"));
    let org = server.send(request(Method::GET, "/api/v1/review?org=Nowhere").bearer().empty()).await;
    org.problem(StatusCode::NOT_FOUND);
    let who = server.send(request(Method::GET, "/api/v1/drafts?person=Nobody").bearer().empty()).await;
    who.problem(StatusCode::NOT_FOUND);
}
