//! Client work in the browser and over the API: the engagements, going on first; an
//! engagement's offboarding person by person as the use case gives it, with the move
//! left linked to the person's composer; the form that writes the thank-yous; and each
//! API route giving what its use case gives on the same database.

use crate::support::{Finish, Server, form, now, request};
use crate::today::api;
use axum::http::{Method, StatusCode};
use kith_app::compose::Style;
use kith_app::offboard::{OffboardInput, offboard, standing};
use kith_app::orgs::{self, EngagementInput};
use kith_app::people::{NewPersonInput, add};
use kith_core::{DraftFormat, LeftStep, Tone};
use serde_json::{Value, json};

/// A server with Acme (Ada and Grace work on its migration, begun 60 days ago) and
/// Initech (an audit, finished).
async fn with_clients() -> (Server, String) {
    let server = Server::new().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    orgs::add_org(&ctx, "Acme", &["acme.example".into()]).await.unwrap();
    orgs::add_org(&ctx, "Initech", &[]).await.unwrap();
    for (name, email) in [("Ada Lovelace", "ada@acme.example"), ("Grace Hopper", "grace@acme.example")] {
        let input = NewPersonInput { name: name.into(), emails: vec![email.into()], ..Default::default() };
        add(&ctx, input).await.unwrap();
    }
    let audit = EngagementInput {
        org: "Initech".into(),
        title: "Audit".into(),
        start: Some("200d".into()),
        people: vec!["Grace Hopper".into()],
    };
    let audit = orgs::add_engagement(&ctx, audit).await.unwrap().engagement;
    orgs::finish_engagement(&ctx, audit.id.as_str(), Some("100d")).await.unwrap();
    let migration = EngagementInput {
        org: "Acme".into(),
        title: "Migration".into(),
        start: Some("60d".into()),
        people: vec!["Ada Lovelace".into(), "Grace Hopper".into()],
    };
    let id = orgs::add_engagement(&ctx, migration).await.unwrap().engagement.id.to_string();
    (server, id)
}

fn input() -> OffboardInput {
    OffboardInput {
        engagement: None,
        went_well: None,
        finish: false,
        checkins_every: None,
        style: Style::new(Tone::Warm, DraftFormat::Text, None).unwrap(),
    }
}

/// A person's card on the offboarding page: from its start to the next card or the end
/// of the list.
fn card_of<'a>(html: &'a str, person: &str) -> &'a str {
    let start = html.find(&format!("data-person=\"{person}\"")).unwrap_or_else(|| panic!("{person}: {html}"));
    let rest = &html[start + 1..];
    let end = [rest.find("data-person=\""), rest.find("</section>")].into_iter().flatten().min().unwrap();
    &rest[..end]
}

/// What the page says of one item of the checklist.
fn said<'a>(card: &'a str, name: &str) -> &'a str {
    card.split(&format!("data-item=\"{name}\">")).nth(1).unwrap().split("</dd>").next().unwrap()
}

#[tokio::test]
async fn the_offboarding_page_lists_the_engagements_people_with_the_checklist_the_app_gives() {
    let (server, id) = with_clients().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    let (cookie, csrf) = server.sign_in().await;

    let list = server.send(request(Method::GET, "/engagements").header("cookie", &cookie).empty()).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let html = list.html();
    let (migration, audit) = (html.find(">Migration</a>").unwrap(), html.find(">Audit</a>").unwrap());
    assert!(migration < audit, "the engagement going on comes first");
    assert!(html.contains(&format!("<a href=\"/engagements/{id}\">Migration</a>")));
    assert!(html.contains("aria-current=\"page\">Clients</a>"));

    let path = format!("/engagements/{id}");
    let page = server.send(request(Method::GET, &path).header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    let before = standing(&ctx, &id, None).await.unwrap();
    assert!(before.written.is_empty() && before.checklist.items.iter().all(|i| i.draft.is_none()));
    assert_eq!(server.store.drafts(None).await.unwrap().len(), 0, "reading the page writes nothing");
    for item in &before.checklist.items {
        let card = card_of(&html, item.person.as_str());
        assert!(card.contains(&format!(
            "<a href=\"/people/{}\">{}</a>",
            item.person,
            before.name(&item.person)
        )));
        assert_eq!(said(card, "thanked"), "not written yet");
        assert!(card.contains(&format!("/people/{}/compose?move=client_thanks", item.person)), "{card}");
    }

    // The form writes the thank-yous, as `kith offboard` does; Ada's is sent.
    let post = format!("/engagements/{id}/offboard");
    let body = format!("csrf={csrf}&outcome=&tone=warm&checkins_every=");
    let answer = server.send(form(Method::POST, &post, &body).header("cookie", &cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.header("location"), Some(path.as_str()));
    let written = standing(&ctx, &id, None).await.unwrap();
    let ada = written.people.iter().find(|(_, n)| n == "Ada Lovelace").unwrap().0.clone();
    let ada_draft = written.checklist.items.iter().find(|i| i.person == ada).unwrap().draft.clone().unwrap();
    kith_app::compose::sent(&ctx, &ada_draft, None, None).await.unwrap();
    // Then it went well: Grace's unsent thanks is rewritten to ask for a reference, and
    // Ada, thanked already, is to be asked for one.
    let body = format!("csrf={csrf}&outcome=well&tone=warm&checkins_every=");
    let answer = server.send(form(Method::POST, &post, &body).header("cookie", &cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    let after = standing(&ctx, &id, None).await.unwrap();
    let page = server.send(request(Method::GET, &path).header("cookie", &cookie).empty()).await;
    let html = page.html();
    assert!(html.contains("It went well"), "{html}");
    for item in &after.checklist.items {
        let card = card_of(&html, item.person.as_str());
        let name = after.name(&item.person);
        match item.thanked {
            Some(at) => assert_eq!(said(card, "thanked"), format!("sent {}", at.strftime("%-d %b %Y"))),
            None => assert!(said(card, "thanked").contains(item.draft.as_ref().unwrap().as_str()), "{card}"),
        }
        assert_eq!(said(card, "reference_asked"), if item.reference_asked { "yes" } else { "no" });
        assert_eq!(said(card, "feedback_asked"), if item.feedback_asked { "yes" } else { "no" });
        assert_eq!(
            said(card, "checkins_scheduled"),
            if item.checkins_scheduled { "scheduled" } else { "none" }
        );
        for step in after.checklist.left.iter() {
            match step {
                LeftStep::SendThanks { person, draft } if *person == item.person => {
                    assert!(
                        card.contains(&format!("<a href=\"/drafts/{draft}\">Send your thank-you</a>")),
                        "{card}"
                    );
                }
                LeftStep::AskReference { person } if *person == item.person => {
                    let link = format!(
                        "<a href=\"/people/{person}/compose?move=reference_request\">ask {name} for a reference</a>"
                    );
                    assert!(card.contains(&link), "{card}");
                }
                LeftStep::AwaitAnswer { person } if *person == item.person => {
                    assert!(card.contains("data-step=\"await_answer\""), "{card}");
                }
                _ => {}
            }
        }
    }
    let steps: Vec<&LeftStep> = after.checklist.left.iter().collect();
    assert!(steps.contains(&&LeftStep::AskReference { person: ada.clone() }), "{steps:?}");
    assert!(steps.iter().any(|s| matches!(s, LeftStep::SendThanks { .. })), "{steps:?}");
    assert!(html.contains("name=\"finish\" disabled"), "no finishing before everyone is thanked");

    // Once Grace's is sent too, the form finishes it, with check-ins as asked.
    for step in &after.checklist.left {
        if let LeftStep::SendThanks { draft, .. } = step {
            kith_app::compose::sent(&ctx, draft, None, None).await.unwrap();
        }
    }
    let page = server.send(request(Method::GET, &path).header("cookie", &cookie).empty()).await;
    assert!(page.html().contains("Everyone was thanked: you can finish it."), "{}", page.html());
    let body = format!("csrf={csrf}&outcome=&tone=warm&finish=on&checkins_every=90d");
    let answer = server.send(form(Method::POST, &post, &body).header("cookie", &cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let finished = standing(&ctx, &id, None).await.unwrap();
    assert!(finished.checklist.finished && finished.checklist.items.iter().all(|i| i.checkins_scheduled));
    let checkins = server.store.checkins(&ada).await.unwrap();
    assert_eq!(checkins.iter().filter_map(|c| c.every_days).collect::<Vec<_>>(), [90]);
    let html = server.send(request(Method::GET, &path).header("cookie", &cookie).empty()).await.html();
    assert!(html.contains("Finished: everyone was thanked personally."), "{html}");
    assert!(!html.contains("action=\"/engagements/"), "nothing left to wind down: {html}");
}

#[tokio::test]
async fn without_its_csrf_token_the_offboarding_form_changes_nothing() {
    let (server, id) = with_clients().await;
    let (cookie, _) = server.sign_in().await;
    let post = format!("/engagements/{id}/offboard");
    let answer =
        server.send(form(Method::POST, &post, "outcome=well").header("cookie", &cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(server.store.drafts(None).await.unwrap().is_empty());
}

/// The JSON a request with the bearer token and `body` answers.
async fn post(server: &Server, path: &str, body: Value) -> Value {
    let answer = server.send(request(Method::POST, path).bearer().json(&body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.json()
}

fn value<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap()
}

#[tokio::test]
async fn each_client_route_gives_what_its_use_case_gives() {
    let (server, id) = with_clients().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());

    assert_eq!(api(&server, "/api/v1/orgs").await, value(orgs::orgs(&ctx).await.unwrap()));
    assert_eq!(api(&server, "/api/v1/orgs/Acme").await, value(orgs::org(&ctx, "Acme").await.unwrap()));
    assert_eq!(
        api(&server, "/api/v1/engagements").await,
        value(orgs::engagements(&ctx, false).await.unwrap())
    );
    let active = api(&server, "/api/v1/engagements?active=true").await;
    assert_eq!(active, value(orgs::engagements(&ctx, true).await.unwrap()));
    assert_eq!(active.as_array().unwrap().len(), 1);
    let one = api(&server, &format!("/api/v1/engagements/{id}")).await;
    assert_eq!(one, value(orgs::engagement(&ctx, &id).await.unwrap()));

    let added = post(&server, "/api/v1/orgs", json!({"name": "Globex", "domains": ["globex.example"]})).await;
    let globex = orgs::org(&ctx, "globex.example").await.unwrap();
    assert_eq!(added, value(&globex.organization));
    let started = json!({"org": "Globex", "title": "Rollout", "start": "10d", "people": ["Ada Lovelace"]});
    let started = post(&server, "/api/v1/engagements", started).await;
    let rollout = started["id"].as_str().unwrap().to_owned();
    assert_eq!(started, value(orgs::engagement(&ctx, &rollout).await.unwrap()));
    let finished = post(&server, &format!("/api/v1/engagements/{rollout}/finish"), json!({})).await;
    assert_eq!(finished, value(orgs::engagement(&ctx, &rollout).await.unwrap()));
    assert_eq!(finished["status"], "finished");
    let again = server
        .send(
            request(Method::POST, &format!("/api/v1/engagements/{rollout}/finish")).bearer().json(&json!({})),
        )
        .await;
    assert!(again.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("Rollout"));

    // Reading the offboarding writes nothing; the POST writes as `kith offboard` does.
    let standing_now = api(&server, "/api/v1/orgs/Acme/offboarding").await;
    assert_eq!(standing_now, value(standing(&ctx, "Acme", None).await.unwrap()));
    assert_eq!(standing_now["written"], json!([]));
    let by_id = api(&server, &format!("/api/v1/orgs/Acme/offboarding?engagement={id}")).await;
    assert_eq!(by_id, standing_now);
    let done = post(&server, "/api/v1/orgs/Acme/offboarding", json!({"went_well": true})).await;
    assert_eq!(done["written"].as_array().unwrap().len(), 2, "{done}");
    assert_eq!(done["checklist"], value(standing(&ctx, "Acme", None).await.unwrap().checklist));
    let nothing_more = post(&server, "/api/v1/orgs/Acme/offboarding", json!({})).await;
    assert_eq!(nothing_more, value(offboard(&ctx, "Acme", input()).await.unwrap()));
    assert_eq!(nothing_more["written"], json!([]));
    let early = server
        .send(request(Method::POST, "/api/v1/orgs/Acme/offboarding").bearer().json(&json!({"finish": true})))
        .await;
    assert!(early.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("not everyone was thanked"));
    let nobody = server.send(request(Method::GET, "/api/v1/orgs/Nowhere/offboarding").bearer().empty()).await;
    nobody.problem(StatusCode::NOT_FOUND);
}
