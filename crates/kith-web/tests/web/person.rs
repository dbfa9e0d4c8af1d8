//! The person page and its API: the page shows every section; the timeline chart's bars
//! are the months and counts of the log, worked out by hand; the stage change is marked;
//! the forms change the data and go back to the page, whose judgments follow; and each
//! API route gives what its use case gives on the same database.

use crate::support::{Finish, Server, form, now, request};
use axum::http::{Method, StatusCode};
use kith_app::Ctx;
use kith_app::log::{LogInput, log};
use kith_app::stages::{StageInput, change};
use kith_core::{Channel, Direction, NewPerson, Person, Stage};
use kith_store::OpenMode;
use serde_json::{Value, json};

/// A server whose database holds Ada, with five contacts over half a year and a stage
/// change today, and Bob, with one; and Ada.
async fn with_ada() -> (Server, Person) {
    let server = Server::new().await;
    let ctx = Ctx::new(server.store.clone(), now());
    let ada =
        server.store.add_person(&NewPerson::named("Ada Lovelace").unwrap(), now().timestamp()).await.unwrap();
    server.store.add_person(&NewPerson::named("Bob Babbage").unwrap(), now().timestamp()).await.unwrap();
    let contacts = [
        ("Ada Lovelace", "2025-11-03", Channel::Email, Direction::Out),
        ("Ada Lovelace", "2025-11-10", Channel::Email, Direction::In),
        ("Ada Lovelace", "2025-11-20", Channel::Call, Direction::Mutual),
        ("Ada Lovelace", "2026-01-15", Channel::Meeting, Direction::Mutual),
        ("Ada Lovelace", "2026-03-02", Channel::Email, Direction::Out),
        ("Bob Babbage", "2026-02-01", Channel::Email, Direction::In),
    ];
    for (who, at, channel, direction) in contacts {
        let input = LogInput {
            who: vec![who.into()],
            channel,
            direction,
            at: Some(at.into()),
            subject: Some(format!("about {at}")),
            note: None,
        };
        log(&ctx, input).await.unwrap();
    }
    let input = StageInput {
        reason: Some("we grew apart".into()),
        note: None,
        every_days: None,
        door: None,
        delivered: None,
    };
    change(&ctx, "Ada Lovelace", Stage::Distanced, input).await.unwrap();
    (server, ada)
}

/// The page at `path`, signed in as `cookie`.
async fn page(server: &Server, cookie: &str, path: &str) -> String {
    let answer = server.send(request(Method::GET, path).header("cookie", cookie).empty()).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.html()
}

/// The `<svg>` of the chart with this class.
fn chart<'h>(html: &'h str, class: &str) -> &'h str {
    let start = html.find(&format!("class=\"chart {class}\"")).unwrap_or_else(|| panic!("a {class} chart"));
    let end = html[start..].find("</svg>").unwrap() + start;
    &html[start..end]
}

/// The value of attribute `name` in `tag`.
fn attr<'t>(tag: &'t str, name: &str) -> &'t str {
    let from = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 3;
    &tag[from..from + tag[from..].find('"').unwrap()]
}

/// The opening tags of `svg` that start with `start` (`<g class="bar"`).
fn tags<'s>(svg: &'s str, start: &str) -> Vec<&'s str> {
    svg.match_indices(start).map(|(at, _)| &svg[at..at + svg[at..].find('>').unwrap()]).collect()
}

#[tokio::test]
async fn the_page_shows_every_section_of_the_person() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let html = page(&server, &cookie, &format!("/people/{}", ada.id)).await;
    assert!(html.contains("<h1>Ada Lovelace</h1>"), "{html}");
    for heading in [
        "Profile",
        "Health",
        "Plan",
        "Timeline",
        "Give and take",
        "Tags and notes",
        "Stage history",
        "Check-ins",
    ] {
        assert!(html.contains(&format!("\">{heading}</h2>")), "{heading}: {html}");
    }
    assert!(html.contains("Stage: <strong>distanced</strong>"), "{html}");
    assert!(html.contains("we grew apart"), "the stage history says why");
    assert!(html.contains("about 2026-03-02"), "the latest contacts are listed");
    assert!(html.contains("The numbers behind this"), "the explain numbers");
    assert!(html.contains("<dt>cadence</dt>") || html.contains("<dt>tier</dt>"), "{html}");
    // Every form carries the session's CSRF token, and every field its label.
    for action in ["tags", "notes", "ledger", "stage"] {
        assert!(html.contains(&format!("action=\"/people/{}/{action}\"", ada.id)), "{action}");
    }
    // The tag, ledger, note and stage forms, the removal of her one tag (the stage's),
    // sign-out.
    assert!(html.contains("<span>stage:distanced</span>"), "{html}");
    assert_eq!(html.matches(&format!("name=\"csrf\" value=\"{csrf}\"")).count(), 6);
    for id in [
        "ledger-action",
        "ledger-kind",
        "ledger-at",
        "ledger-note",
        "tag-new",
        "note-text",
        "note-at",
        "stage-to",
        "stage-door",
        "stage-every",
        "stage-reason",
        "stage-delivered",
    ] {
        assert!(html.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert!(!html.contains("<script") && !html.contains(" style="), "nothing the CSP blocks");
    // The same page by name, and nobody's page is not found.
    page(&server, &cookie, "/people/Ada%20Lovelace").await;
    let nobody = server.send(request(Method::GET, "/people/Nobody").header("cookie", &cookie).empty()).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_timeline_bars_are_the_months_and_counts_of_the_log() {
    let (server, ada) = with_ada().await;
    let (cookie, _) = server.sign_in().await;
    let html = page(&server, &cookie, &format!("/people/{}", ada.id)).await;
    let svg = chart(&html, "timeline");
    let bars: Vec<(&str, &str)> = tags(svg, "<g class=\"bar\"")
        .into_iter()
        .map(|t| (attr(t, "data-month"), attr(t, "data-total")))
        .collect();
    // Ada's log by hand: three contacts in November 2025 (3, 10 and 20 November), none in
    // December, the meeting of 15 January, none in February (Bob's mail is not hers),
    // the mail of 2 March, then nothing through May, the month of "now".
    assert_eq!(
        bars,
        [
            ("2025-11", "3"),
            ("2025-12", "0"),
            ("2026-01", "1"),
            ("2026-02", "0"),
            ("2026-03", "1"),
            ("2026-04", "0"),
            ("2026-05", "0")
        ]
    );
    // November's bar is split: one mail from you, one from her, one call together.
    let november = &svg[svg.find("data-month=\"2025-11\"").unwrap()..];
    let november = &november[..november.find("</g>").unwrap()];
    let mut parts: Vec<(&str, &str, &str)> = tags(november, "<rect")
        .into_iter()
        .map(|r| (attr(r, "data-direction"), attr(r, "data-channel"), attr(r, "data-count")))
        .collect();
    parts.sort();
    assert_eq!(parts, [("in", "email", "1"), ("mutual", "call", "1"), ("out", "email", "1")]);
    assert!(november.contains("<title>2025-11: 3 contacts"), "{november}");
    // The same figures as a table, for a reader who cannot see the chart.
    assert!(html.contains("<tr><th scope=\"row\">2025-11</th><td>3</td><td>1 email from you, 1 email from them, 1 call together</td></tr>"), "{html}");
    // The move to distanced, made today, is marked in May.
    let marks = tags(svg, "<g class=\"stage-change\"");
    assert_eq!(marks.len(), 1, "{svg}");
    assert_eq!(
        (attr(marks[0], "data-month"), attr(marks[0], "data-from"), attr(marks[0], "data-to")),
        ("2026-05", "active", "distanced")
    );
    // With nothing in the ledger there is no reciprocity chart yet.
    assert!(!html.contains("class=\"chart reciprocity\""));
}

/// A form posted from the person page with the session's cookie and CSRF token.
async fn post(server: &Server, cookie: &str, csrf: &str, path: &str, fields: &str) -> String {
    let body = format!("csrf={csrf}&{fields}");
    let answer = server.send(form(Method::POST, path, &body).header("cookie", cookie).body_form()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}: {}", answer.body);
    answer.header("location").expect("back to the page").to_owned()
}

#[tokio::test]
async fn the_forms_change_the_data_and_go_back_to_the_page() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let here = format!("/people/{}", ada.id);
    let before = page(&server, &cookie, &here).await;
    assert!(before.contains("Nothing given or asked yet."));
    assert!(before.contains("you gave</span> 0 times"), "{before}");

    assert_eq!(post(&server, &cookie, &csrf, &format!("{here}/tags"), "tag=investor").await, here);
    let html = page(&server, &cookie, &here).await;
    assert!(html.contains("<span>investor</span>"), "{html}");
    assert_eq!(post(&server, &cookie, &csrf, &format!("{here}/tags/remove"), "tag=investor").await, here);
    assert!(!page(&server, &cookie, &here).await.contains("<span>investor</span>"));

    let note = "Met+at+the+Analytical+Engine+launch";
    assert_eq!(
        post(&server, &cookie, &csrf, &format!("{here}/notes"), &format!("text={note}&at=")).await,
        here
    );
    assert!(page(&server, &cookie, &here).await.contains("Met at the Analytical Engine launch"));

    let fields = "action=gave&kind=introduction&at=2026-04-10&note=to+Charles";
    assert_eq!(post(&server, &cookie, &csrf, &format!("{here}/ledger"), fields).await, here);
    let html = page(&server, &cookie, &here).await;
    assert!(html.contains("You gave an introduction (weight"), "{html}");
    assert!(html.contains("to Charles"));
    // The judgments the server keeps followed: her health counts the giving.
    assert!(html.contains("you gave</span> 1 times"), "{html}");
    let svg = chart(&html, "reciprocity");
    let bars = tags(svg, "<g class=\"bar\"");
    assert_eq!(bars.len(), 2, "April and May: {svg}");
    assert_eq!(attr(bars[0], "data-month"), "2026-04");
    assert!(attr(bars[0], "data-given").parse::<f64>().unwrap() > 0.0);

    let fields = "action=asked&kind=advice&at=&note=";
    post(&server, &cookie, &csrf, &format!("{here}/ledger"), fields).await;
    let html = page(&server, &cookie, &here).await;
    assert!(html.contains("They asked you for advice; still open"), "{html}");
    assert_eq!(tags(chart(&html, "reciprocity"), "<g class=\"open").len(), 1, "the open ask is marked");

    // Without the CSRF token nothing is done.
    let refused = form(Method::POST, &format!("{here}/tags"), "tag=spy").header("cookie", &cookie);
    assert_eq!(server.send(refused.body_form()).await.status, StatusCode::FORBIDDEN);
    assert!(!page(&server, &cookie, &here).await.contains("<span>spy</span>"));
}

/// The stage form keeps the no-ghosting rule: an ending with no farewell is refused with
/// the reason and changes nothing; said to have been given over lunch, the ending is
/// recorded with the door open and a check-in every 90 days, shown on the page.
#[tokio::test]
async fn the_stage_form_ends_a_tie_only_after_a_farewell() {
    let (server, ada) = with_ada().await;
    let (cookie, csrf) = server.sign_in().await;
    let here = format!("/people/{}", ada.id);
    let ending = "stage=ended&door=open&every=90d&reason=moving+away";
    let body = format!("csrf={csrf}&{ending}&delivered=");
    let refused = server
        .send(form(Method::POST, &format!("{here}/stage"), &body).header("cookie", &cookie).body_form())
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("farewell"), "the page says why: {}", refused.body);
    assert!(page(&server, &cookie, &here).await.contains("<span>stage:distanced</span>"));

    let fields = format!("{ending}&delivered=over+lunch");
    assert_eq!(post(&server, &cookie, &csrf, &format!("{here}/stage"), &fields).await, here);
    let html = page(&server, &cookie, &here).await;
    assert!(html.contains("<span>stage:ended</span>"), "{html}");
    assert!(html.contains("to <strong>ended</strong>: moving away"), "{html}");
    assert!(html.contains("every 90 days"), "the check-in is scheduled: {html}");
}

/// A copy of the server's database, opened as a use case's context.
async fn copy(server: &Server, name: &str) -> Ctx {
    let path = server.dir.path().join(name);
    server.store.backup_to(&path).await.unwrap();
    Ctx::new(kith_store::open(path.to_str().unwrap(), OpenMode::MustExist).await.unwrap(), now())
}

/// A use case's result as the API's JSON reads back: through text, so that numbers are
/// parsed as the answer's are.
fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// `value` without its `id` field.
fn without_id(mut value: Value) -> Value {
    let id = value.as_object_mut().unwrap().remove("id").expect("an id");
    assert!(id.is_string(), "{id}");
    value
}

#[tokio::test]
async fn the_api_reads_what_the_use_cases_give() {
    let (server, ada) = with_ada().await;
    let ctx = Ctx::new(server.store.clone(), now());
    let s = &server;
    let get = |path: String| async move {
        let answer = s.send(request(Method::GET, &path).bearer().empty()).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        assert_eq!(answer.header("content-type"), Some("application/json"), "{path}");
        answer.json()
    };
    let shown = get(format!("/api/v1/people/{}", ada.id)).await;
    let direct = kith_app::show::person(&ctx, ada.id.as_str()).await.unwrap();
    assert_eq!(shown, as_json(&direct));
    assert_eq!(shown["timeline"]["months"].as_array().unwrap().len(), 7);

    let plan = get("/api/v1/people/Ada%20Lovelace/plan".into()).await;
    let direct = kith_app::health::plan(&ctx, "Ada Lovelace").await.unwrap();
    assert_eq!(plan, as_json(&direct));

    let health = get(format!("/api/v1/people/{}/health", ada.id)).await;
    let direct = kith_app::health::explain(&ctx, ada.id.as_str()).await.unwrap();
    assert_eq!(health, as_json(&direct));
    assert!(health["strength"].is_number(), "{health}");

    let nobody = server.send(request(Method::GET, "/api/v1/people/Nobody/plan").bearer().empty()).await;
    assert!(nobody.problem(StatusCode::NOT_FOUND).contains("Nobody"));
}

#[tokio::test]
async fn the_api_writes_what_the_use_cases_write() {
    let (server, ada) = with_ada().await;
    let twin = copy(&server, "twin.db").await;
    let s = &server;
    let send = |method: Method, path: String, body: Option<Value>| async move {
        s.api_ok(method, &path, body.as_ref()).await.json()
    };
    let base = format!("/api/v1/people/{}", ada.id);
    let who = ada.id.as_str();

    let tagged =
        send(Method::POST, format!("{base}/tags"), Some(json!({"tags": ["investor", "friend"]}))).await;
    let direct = kith_app::people::tag(&twin, who, &["investor".into(), "friend".into()]).await.unwrap();
    assert_eq!(tagged, as_json(&direct));
    assert_eq!(tagged["tags"], json!(["friend", "investor", "stage:distanced"]));

    let untagged = send(Method::DELETE, format!("{base}/tags/friend"), None).await;
    let direct = kith_app::people::untag(&twin, who, &["friend".into()]).await.unwrap();
    assert_eq!(untagged, as_json(&direct));

    let noted =
        send(Method::POST, format!("{base}/notes"), Some(json!({"text": "likes tea", "at": "2026-04-02"})))
            .await;
    let direct = kith_app::people::note(&twin, who, "likes tea", Some("2026-04-02")).await.unwrap();
    assert_eq!(without_id(noted), without_id(as_json(&direct)));

    let input = |kind: &str, note: Option<&str>| kith_app::ledger::EntryInput {
        kind: kind.parse().unwrap(),
        at: Some("2026-04-03".into()),
        note: note.map(str::to_owned),
    };
    let asked = send(
        Method::POST,
        format!("{base}/ledger"),
        Some(json!({"action": "asked", "kind": "advice", "at": "2026-04-03", "mine": true})),
    )
    .await;
    let direct = kith_app::ledger::ask(&twin, who, true, input("advice", None)).await.unwrap();
    assert_eq!(without_id(asked), without_id(as_json(&direct)));

    let got = send(
        Method::POST,
        format!("{base}/ledger"),
        Some(json!({"action": "got", "kind": "advice", "at": "2026-04-03", "note": "on the engine"})),
    )
    .await;
    let direct = kith_app::ledger::give(
        &twin,
        who,
        kith_core::Giver::Them,
        None,
        input("advice", Some("on the engine")),
    )
    .await
    .unwrap();
    assert_eq!(without_id(got.clone()), without_id(as_json(&direct)));
    assert_eq!(got["status"], "given", "the giving fulfilled the open ask: {got}");

    let gave = send(
        Method::POST,
        format!("{base}/ledger"),
        Some(json!({"action": "gave", "kind": "referral", "weight": 2.5})),
    )
    .await;
    let direct = kith_app::ledger::give(
        &twin,
        who,
        kith_core::Giver::Owner,
        Some(2.5),
        kith_app::ledger::EntryInput { kind: "referral".parse().unwrap(), at: None, note: None },
    )
    .await
    .unwrap();
    assert_eq!(without_id(gave), without_id(as_json(&direct)));

    // The health read after the writes counts them: the judgments followed.
    let health = send(Method::GET, format!("{base}/health"), None).await;
    assert_eq!(health["reciprocity"]["times_given"], 1, "{health}");
    assert_eq!(health["reciprocity"]["times_received"], 1, "{health}");

    let wrong = request(Method::POST, &format!("{base}/ledger"))
        .bearer()
        .json(&json!({"action": "gave", "kind": "advice", "mine": true}));
    server.send(wrong).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let untag = request(Method::DELETE, &format!("{base}/tags/nothing")).bearer().empty();
    assert!(server.send(untag).await.problem(StatusCode::NOT_FOUND).contains("nothing"));
}

#[test]
fn the_document_describes_the_person_routes_requests() {
    let doc = serde_json::to_value(kith_web::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let actions: Vec<&str> =
        schemas["LedgerAction"]["enum"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(actions, ["gave", "got", "asked"]);
    assert_eq!(schemas["LedgerRequest"]["required"], json!(["action", "kind"]));
    assert_eq!(schemas["NoteRequest"]["required"], json!(["text"]));
    assert_eq!(schemas["TagsRequest"]["required"], json!(["tags"]));
    let body = &doc["paths"]["/api/v1/people/{who}/ledger"]["post"]["requestBody"];
    assert_eq!(body["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/LedgerRequest");
}
