//! The composer's pages and API: the form composes a farewell that the draft's page
//! shows with the facts it cites; the owner's words are kept; the `.eml` is the app's;
//! marking it sent logs the contact and offers the ending; an ending with no farewell
//! sent is refused with the rule in words; each API route gives what its use case gives.

use crate::support::{Finish, Server, form, now, request};
use axum::http::{Method, StatusCode};
use kith_app::Ctx;
use kith_app::compose::{self, DraftInput, Style};
use kith_core::{
    DraftFormat, DraftId, DraftMove, ExchangeKind, ExchangeStatus, Giver, Identity, Manner, NewExchange,
    NewPerson, Person, Tone,
};
use kith_store::OpenMode;
use serde_json::{Value, json};

/// The introduction Ada made, as a draft cites it.
const INTRO: &str = "Dana Reyes at Northwind";

/// A server whose owner has an address, and Ada, who made an introduction a year ago.
async fn with_ada() -> (Server, Person) {
    let server = Server::new().await;
    let store = &server.store;
    store.add_owner_identity(&Identity::parse("alex@example.org").unwrap()).await.unwrap();
    store.set_owner_name("Alex Owner").await.unwrap();
    let ada = NewPerson {
        name: "Ada Lovelace".into(),
        identities: vec![Identity::parse("ada@example.com").unwrap()],
        ..NewPerson::default()
    };
    let ada = store.add_person(&ada, now().timestamp()).await.unwrap();
    let at: jiff::Timestamp = "2025-05-20T10:00:00Z".parse().unwrap();
    let mut intro = NewExchange::new(
        ada.id.clone(),
        ExchangeKind::Introduction,
        Giver::Them,
        ExchangeStatus::Given,
        None,
        at,
        now().timestamp(),
    )
    .unwrap();
    intro.note = Some(INTRO.into());
    store.record_exchange(&intro).await.unwrap();
    (server, ada)
}

/// The page at `path`, signed in as `cookie`.
async fn page(server: &Server, cookie: &str, path: &str) -> String {
    let answer = server.send(request(Method::GET, path).header("cookie", cookie).empty()).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.html()
}

/// A form posted from kith's page; where it goes next.
async fn post(server: &Server, cookie: &str, csrf: &str, path: &str, fields: &str) -> String {
    let body = format!("csrf={csrf}&{fields}");
    let answer = server.send(form(Method::POST, path, &body).header("cookie", cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}: {}", answer.body);
    answer.header("location").expect("a next page").to_owned()
}

/// The farewell the compose form asks for, by email, with a reason.
const FAREWELL: &str = "move=farewell&tone=warm&manner=email&reason=I+am+moving+to+Lisbon&door=&alternative=";

/// Composes Ada's farewell through the form; the draft's id.
async fn farewell(server: &Server, cookie: &str, csrf: &str, ada: &Person) -> DraftId {
    let to = post(server, cookie, csrf, &format!("/people/{}/compose", ada.id), FAREWELL).await;
    let id = to.strip_prefix("/drafts/").unwrap_or_else(|| panic!("to the draft's page: {to}"));
    compose::draft_id(id).unwrap()
}

/// The use cases' context over the server's database and configuration directory.
fn ctx(server: &Server) -> Ctx {
    let mut ctx = Ctx::new(server.store.clone(), now());
    ctx.config_dir = Some(server.dir.path().join("config"));
    ctx
}

#[tokio::test]
async fn the_form_composes_a_farewell_that_the_draft_page_shows_with_its_facts() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let html = page(&server, &cookie, &format!("/people/{}/compose?move=farewell", ada.id)).await;
    assert!(html.contains("<h1>Write to Ada Lovelace</h1>"), "{html}");
    assert!(html.contains("id=\"move-farewell\" value=\"farewell\" checked"), "the move asked for: {html}");
    assert_eq!(html.matches(" checked").count(), 2, "one move and one tone chosen");
    assert!(html.contains("id=\"tone-warm\" value=\"warm\" checked"), "warm by default");
    for field in ["compose-reason", "compose-door", "compose-alternative", "compose-manner", "move-reconnect"]
    {
        assert!(html.contains(&format!("<label for=\"{field}\">")), "{field} has its label");
    }
    assert!(html.contains("As their tier calls for"), "the default manner in words: {html}");
    assert!(html.contains(&format!("name=\"csrf\" value=\"{csrf}\"")));
    assert!(!html.contains("<script>") && !html.contains(" style="), "nothing the CSP blocks");
    // A move from the person page's plan, as it names them, is chosen too.
    let html = page(&server, &cookie, "/people/Ada%20Lovelace/compose?move=ask_favor").await;
    assert!(html.contains("id=\"move-ask_favor\" value=\"ask_favor\" checked"), "{html}");

    let id = farewell(&server, &cookie, &csrf, &ada).await;
    let kept = compose::show(&ctx(&server), &id, DraftFormat::Text).await.unwrap();
    assert_eq!((kept.what, kept.manner, kept.tone), (DraftMove::Farewell, Manner::Email, Tone::Warm));
    assert!(kept.body.contains("Lisbon"), "the reason is said: {}", kept.body);
    let html = page(&server, &cookie, &format!("/drafts/{id}")).await;
    let escaped = |text: &str| text.replace('&', "&amp;").replace('\'', "&#x27;").replace('"', "&quot;");
    assert!(html.contains(&escaped(&kept.subject)), "the subject: {html}");
    assert!(html.contains(&escaped(&kept.body)), "the text: {html}");
    let cited: Vec<&String> = kept.cited.iter().filter(|c| c.contains(INTRO)).collect();
    assert_eq!(cited.len(), 1, "the introduction is cited: {:?}", kept.cited);
    assert!(html.contains(&format!("<li>{}</li>", escaped(cited[0]))), "the page lists it: {html}");
    assert!(cited[0].contains("May 2025"), "with its date: {}", cited[0]);
    assert!(html.contains("Not sent yet"));
    assert!(html.contains(&format!("href=\"/drafts/{id}/eml\"")), "the download");
    assert!(html.contains("data-copy=\"draft-text\" hidden"), "the copy button waits for the script");
    assert!(html.contains("kith does not end a relationship without a farewell"), "{html}");
    assert!(!html.contains("id=\"stage-form\""), "no ending before it is sent");
    assert!(!html.contains(" style="), "nothing the CSP blocks");
    // Today's drafts not sent link to it.
    let today = page(&server, &cookie, "/").await;
    assert!(today.contains(&format!("<a href=\"/drafts/{id}\">Ada Lovelace: ")), "{today}");
    // Nobody, and no such draft, are not found; a move that does not exist is refused.
    let nobody =
        server.send(request(Method::GET, "/people/Nobody/compose").header("cookie", &cookie).empty()).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    let none =
        server.send(request(Method::GET, "/drafts/d_0000000000zz").header("cookie", &cookie).empty()).await;
    assert!(
        matches!(none.status, StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY),
        "{}",
        none.status
    );
    let body = format!("csrf={csrf}&move=sideways");
    let wrong = form(Method::POST, &format!("/people/{}/compose", ada.id), &body).header("cookie", &cookie);
    let wrong = server.send(wrong.body_form()).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("sideways"), "{}", wrong.body);
}

#[tokio::test]
async fn the_owners_words_are_kept() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let id = farewell(&server, &cookie, &csrf, &ada).await;
    let kept = compose::show(&ctx(&server), &id, DraftFormat::Text).await.unwrap();
    let intro = kept.cited.iter().find(|c| c.contains(INTRO)).unwrap().clone();
    let body = format!("Dear Ada,\n\nThank you for {intro}. Lisbon calls.\n\nAlex");
    let fields =
        format!("subject={}&body={}", urlencoding("Off to Lisbon"), urlencoding(&body.replace('\n', "\r\n")));
    assert_eq!(
        post(&server, &cookie, &csrf, &format!("/drafts/{id}"), &fields).await,
        format!("/drafts/{id}")
    );
    let edited = compose::show(&ctx(&server), &id, DraftFormat::Text).await.unwrap();
    assert_eq!((edited.subject.as_str(), edited.body.as_str()), ("Off to Lisbon", body.as_str()));
    assert_eq!(edited.cited, vec![intro]);
    let html = page(&server, &cookie, &format!("/drafts/{id}")).await;
    assert!(html.contains("Lisbon calls."), "{html}");
    assert!(html.contains("value=\"Off to Lisbon\""), "the form holds the new words");
    // An empty text is refused, and changes nothing.
    let emptied = format!("csrf={csrf}&subject=Off&body=+");
    let refused = form(Method::POST, &format!("/drafts/{id}"), &emptied).header("cookie", &cookie);
    assert_eq!(server.send(refused.body_form()).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(compose::show(&ctx(&server), &id, DraftFormat::Text).await.unwrap(), edited);
}

/// A form field's value, URL-encoded.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_eml_download_is_the_apps() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let id = farewell(&server, &cookie, &csrf, &ada).await;
    let answer = server
        .send(request(Method::GET, &format!("/drafts/{id}/eml")).header("cookie", &cookie).empty())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("message/rfc822"));
    let disposition = answer.header("content-disposition").unwrap_or_default();
    assert!(disposition.starts_with("attachment;") && disposition.contains(".eml"), "{disposition}");
    assert_eq!(answer.body, compose::eml(&ctx(&server), &id).await.unwrap());
    assert!(answer.body.contains("To: Ada Lovelace <ada@example.com>"), "{}", answer.body);
}

#[tokio::test]
async fn marking_it_sent_logs_the_contact_and_offers_the_ending() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let id = farewell(&server, &cookie, &csrf, &ada).await;
    let to = post(&server, &cookie, &csrf, &format!("/drafts/{id}/sent"), "at=&channel=email").await;
    assert_eq!(to, format!("/drafts/{id}#next"));
    let contacts = server.store.interactions_with(&ada.id).await.unwrap();
    assert_eq!(contacts.len(), 1, "the email is logged");
    let html = page(&server, &cookie, &format!("/drafts/{id}")).await;
    assert!(html.contains("Sent 1 May 2026"), "{html}");
    assert!(!html.contains("id=\"edit-form\"") && !html.contains("id=\"sent-form\""), "kept as sent");
    assert!(html.contains(&format!("action=\"/people/{}/stage\"", ada.id)), "the ending is offered: {html}");
    assert!(html.contains("name=\"stage\" value=\"ended\""), "{html}");
    for field in ["stage-door", "stage-every", "stage-reason"] {
        assert!(html.contains(&format!("<label for=\"{field}\">")), "{field}");
    }
    // Her page lists the contact the farewell made.
    let person = page(&server, &cookie, &format!("/people/{}", ada.id)).await;
    assert!(person.contains("you reached out"), "{person}");
    // Sent twice is refused with the day it was sent.
    let again = form(Method::POST, &format!("/drafts/{id}/sent"), &format!("csrf={csrf}&at=&channel="))
        .header("cookie", &cookie);
    let again = server.send(again.body_form()).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already marked sent"), "{}", again.body);

    // The ending the page offers is recorded, and uses the farewell.
    let fields = "stage=ended&door=open&every=90d&reason=I+am+moving+to+Lisbon";
    let back = post(&server, &cookie, &csrf, &format!("/people/{}/stage", ada.id), fields).await;
    assert_eq!(back, format!("/people/{}", ada.id));
    let person = page(&server, &cookie, &back).await;
    assert!(person.contains("to <strong>ended</strong>: I am moving to Lisbon"), "{person}");
    let html = page(&server, &cookie, &format!("/drafts/{id}")).await;
    assert!(html.contains("This farewell ended the relationship"), "{html}");
    assert!(!html.contains("id=\"stage-form\""), "a farewell serves one ending");
}

#[tokio::test]
async fn an_ending_without_a_farewell_sent_is_refused_with_the_rule_in_words() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    farewell(&server, &cookie, &csrf, &ada).await;
    let body = format!("csrf={csrf}&stage=ended&door=open&every=90d&reason=moving");
    let refused = form(Method::POST, &format!("/people/{}/stage", ada.id), &body).header("cookie", &cookie);
    let refused = server.send(refused.body_form()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("kith does not end a relationship without a farewell"), "{}", refused.body);
    // The page leads to the composer with the farewell chosen, and names no command.
    let compose = format!("href=\"/people/{}/compose?move=farewell\"", ada.id);
    assert!(refused.body.replace("&#x2f;", "/").contains(&compose), "{}", refused.body);
    assert!(!refused.body.contains("kith draft"), "{}", refused.body);
    let kept = server.store.people().await.unwrap().into_iter().find(|p| p.id == ada.id).unwrap();
    assert_eq!(kept.stage, kith_core::Stage::Active, "nothing was written");
}

/// A copy of the server's database, opened as a use case's context.
async fn copy(server: &Server, name: &str) -> Ctx {
    let path = server.dir.path().join(name);
    server.store.backup_to(&path).await.unwrap();
    let store = kith_store::open(path.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
    let mut ctx = Ctx::new(store, now());
    ctx.config_dir = Some(server.dir.path().join("config"));
    ctx
}

/// A use case's result as the API's JSON reads back.
fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// `value` without the ids each database draws at random (the draft's, the contact's),
/// and the message id written from the draft's.
fn without_ids(mut value: Value) -> Value {
    let object = value.as_object_mut().unwrap();
    for key in ["id", "interaction"] {
        object.remove(key);
    }
    if let Some(Value::String(rendered)) = object.get_mut("rendered") {
        *rendered = rendered.lines().filter(|l| !l.starts_with("Message-ID:")).collect::<Vec<_>>().join("\n");
    }
    value
}

#[tokio::test]
async fn the_api_gives_what_the_use_cases_give() {
    let (server, ada) = with_ada().await;
    let twin = copy(&server, "twin.db").await;
    let s = &server;
    let send = |method: Method, path: String, body: Option<Value>| async move {
        s.api_ok(method, &path, body.as_ref()).await
    };
    let input = |dry_run| DraftInput {
        what: DraftMove::Farewell,
        style: Style::new(Tone::Frank, DraftFormat::Eml, None).unwrap(),
        reason: Some("I am moving to Lisbon".into()),
        door: Some(kith_core::Door::Closed),
        alternative: Some("Bea".into()),
        dry_run,
    };
    let body = json!({
        "move": "farewell", "tone": "frank", "format": "eml", "reason": "I am moving to Lisbon",
        "door": "closed", "alternative": "Bea"
    });
    let drafted =
        send(Method::POST, format!("/api/v1/people/{}/drafts", ada.id), Some(body.clone())).await.json();
    let direct = compose::draft(&twin, "Ada Lovelace", input(false)).await.unwrap();
    assert_eq!(without_ids(drafted.clone()), without_ids(as_json(&direct)));
    assert_eq!(drafted["enables"], "ended");
    let id = compose::draft_id(drafted["id"].as_str().unwrap()).unwrap();
    let twin_id = direct.id.unwrap();
    let mut dry = body;
    dry["dry_run"] = json!(true);
    let preview = send(Method::POST, "/api/v1/people/Ada%20Lovelace/drafts".into(), Some(dry)).await.json();
    assert_eq!(preview["id"], Value::Null, "a dry run keeps nothing");
    assert_eq!(preview["body"], drafted["body"]);

    let ctx = ctx(&server);
    for format in ["text", "markdown", "eml"] {
        let shown = send(Method::GET, format!("/api/v1/drafts/{id}?format={format}"), None).await.json();
        let direct = compose::show(&ctx, &id, format.parse().unwrap()).await.unwrap();
        assert_eq!(shown, as_json(&direct), "{format}");
    }
    let shown = send(Method::GET, format!("/api/v1/drafts/{id}"), None).await.json();
    assert_eq!(shown, as_json(&compose::show(&ctx, &id, DraftFormat::Text).await.unwrap()));

    let eml = send(Method::GET, format!("/api/v1/drafts/{id}/eml"), None).await;
    assert_eq!(eml.header("content-type"), Some("message/rfc822"));
    assert_eq!(eml.body, compose::eml(&ctx, &id).await.unwrap());

    let words = json!({"subject": "Off to Lisbon", "body": "Dear Ada,\n\nThank you for everything.\n\nAlex"});
    let edited = send(Method::PUT, format!("/api/v1/drafts/{id}"), Some(words)).await.json();
    let direct =
        compose::edit(&twin, &twin_id, "Off to Lisbon", "Dear Ada,\n\nThank you for everything.\n\nAlex")
            .await
            .unwrap();
    assert_eq!(without_ids(edited.clone()), without_ids(as_json(&direct)));
    assert_eq!(edited["subject"], "Off to Lisbon");

    let sent = send(Method::POST, format!("/api/v1/drafts/{id}/sent"), Some(json!({"channel": "message"})))
        .await
        .json();
    let direct = compose::sent(&twin, &twin_id, None, Some(kith_core::Channel::Message)).await.unwrap();
    assert_eq!(without_ids(sent.clone()), without_ids(as_json(&direct)));
    assert!(sent["sent_at"].is_string() && sent["interaction"].is_string(), "{sent}");
    let again = request(Method::POST, &format!("/api/v1/drafts/{id}/sent")).bearer().json(&json!({}));
    assert!(
        server.send(again).await.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("already marked sent")
    );
    let late = request(Method::PUT, &format!("/api/v1/drafts/{id}"))
        .bearer()
        .json(&json!({"subject": "a", "body": "b"}));
    server.send(late).await.problem(StatusCode::UNPROCESSABLE_ENTITY);

    let templates = send(Method::GET, "/api/v1/templates".into(), None).await.json();
    let direct = compose::template_list(Some(&server.dir.path().join("config"))).unwrap();
    assert_eq!(templates, as_json(&direct));
    assert_eq!(templates.as_array().unwrap().len(), DraftMove::ALL.len());

    let nobody =
        request(Method::POST, "/api/v1/people/Nobody/drafts").bearer().json(&json!({"move": "farewell"}));
    assert!(server.send(nobody).await.problem(StatusCode::NOT_FOUND).contains("Nobody"));
    let missing = request(Method::GET, "/api/v1/drafts/d_0000000000zz").bearer().empty();
    let missing = server.send(missing).await;
    assert!(
        matches!(missing.status, StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY),
        "{}",
        missing.body
    );
}

#[test]
fn the_document_describes_drafts_with_kiths_own_types() {
    let doc = serde_json::to_value(kith_web::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let drafted = &schemas["Drafted"]["properties"];
    for field in ["id", "person", "move", "subject", "body", "cited", "rendered", "enables"] {
        assert!(drafted.get(field).is_some(), "Drafted lacks {field}: {drafted}");
    }
    assert_eq!(schemas["ComposeRequest"]["required"], json!(["move"]));
    assert_eq!(schemas["DraftWords"]["required"], json!(["subject", "body"]));
    let draft = &doc["paths"]["/api/v1/drafts/{id}/eml"]["get"]["responses"]["200"]["content"];
    assert!(draft.get("message/rfc822").is_some(), "{draft}");
    let sent = serde_json::to_string(&schemas["DraftSent"]).unwrap();
    assert!(sent.contains("sent_at") || sent.contains("Draft"), "{sent}");
    assert!(!sent.contains("\"name\""), "fields the JSON skips are not described: {sent}");
}
