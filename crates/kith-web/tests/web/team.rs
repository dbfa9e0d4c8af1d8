//! The team server on PostgreSQL, route by route: a user's requests reach their own
//! workspace only, a viewer reads and changes nothing, and which workspace a request
//! works in is the user's to choose among those they may open. The routes are read from
//! the OpenAPI document and the page list, so that a new route fails these tests until
//! it is classified here.

use crate::support::{Finish, request};
use crate::team_support::{FACT, Ids, MUTED, PASSWORD, Team, page_form, page_upload, problem};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use kith_web::Access;
use serde_json::{Value, json};

/// What a route is sent with.
#[derive(Clone, Debug)]
enum Sent {
    /// Nothing.
    Nothing,
    /// A JSON body.
    Json(Value),
    /// An import's upload (a multipart form).
    Upload,
}

/// One request to an API route: its path (with any query) and body.
#[derive(Clone, Debug)]
struct Call {
    path: String,
    sent: Sent,
}

fn call(path: impl Into<String>, sent: Sent) -> Call {
    Call { path: path.into(), sent }
}

/// A call with no body (a GET, or a DELETE or POST that needs none).
fn bare(path: impl Into<String>) -> Call {
    call(path, Sent::Nothing)
}

fn with(path: impl Into<String>, body: Value) -> Call {
    call(path, Sent::Json(body))
}

/// How an API route may reach another workspace.
enum Reach {
    /// It names entities (in its path or body): these calls name `them`'s, in a request
    /// working in `own`'s workspace, each with a body `own` would have accepted had the
    /// ids been its own.
    Names(Vec<Call>),
    /// It names no entity: it acts on the caller's own workspace only, for the reason
    /// given; the call is one its workspace accepts.
    Own(&'static str, Call),
}

/// Every API route, from the OpenAPI document: method, path as documented, and whether
/// it needs a token.
fn api_routes() -> Vec<(Method, String, Access)> {
    let document = serde_json::to_value(kith_web::openapi()).unwrap();
    let mut routes = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            let open = operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r == &json!({})));
            routes.push((method, path.clone(), if open { Access::Public } else { Access::Protected }));
        }
    }
    routes
}

/// How the API route `method path` reaches entities, its calls naming `them`'s ids in a
/// request working in `own`'s workspace (`them` is `own` for a call that must succeed).
/// A route not listed fails the tests until it is classified here.
fn reach(method: &Method, path: &str, them: &Ids, own: &Ids) -> Reach {
    let p = &them.person;
    let people = format!("/api/v1/people/{p}");
    let route = format!("{method} {path}");
    match route.as_str() {
        // One person, by id (and, where a name or an address is read, by the name and the
        // address of a person only `them` has).
        "GET /api/v1/people/{who}" => Reach::Names(vec![
            bare(&people),
            bare(format!("/api/v1/people/{}", them.only_email)),
            bare(format!("/api/v1/people/{}", them.only_name.replace(' ', "%20"))),
        ]),
        "PATCH /api/v1/people/{who}" => Reach::Names(vec![
            with(&people, json!({"role": "Engineer"})),
            // One's own person moved to their organization.
            with(format!("/api/v1/people/{}", own.person), json!({"org": them.org})),
        ]),
        "DELETE /api/v1/people/{who}" => Reach::Names(vec![bare(&people)]),
        "GET /api/v1/people/{who}/plan" => Reach::Names(vec![bare(format!("{people}/plan"))]),
        "GET /api/v1/people/{who}/health" => Reach::Names(vec![bare(format!("{people}/health"))]),
        "POST /api/v1/people/{who}/stage" => {
            Reach::Names(vec![with(format!("{people}/stage"), json!({"stage": "distanced"}))])
        }
        "POST /api/v1/people/{who}/tags" => {
            Reach::Names(vec![with(format!("{people}/tags"), json!({"tags": ["investor"]}))])
        }
        "DELETE /api/v1/people/{who}/tags/{tag}" => {
            Reach::Names(vec![bare(format!("{people}/tags/{}", them.tag))])
        }
        "POST /api/v1/people/{who}/notes" => {
            Reach::Names(vec![with(format!("{people}/notes"), json!({"text": "likes tea"}))])
        }
        "GET /api/v1/people/{who}/ledger" => Reach::Names(vec![bare(format!("{people}/ledger"))]),
        "POST /api/v1/people/{who}/ledger" => {
            Reach::Names(vec![with(format!("{people}/ledger"), json!({"action": "gave", "kind": "advice"}))])
        }
        "POST /api/v1/people/{who}/ledger/declined" => {
            Reach::Names(vec![with(format!("{people}/ledger/declined"), json!({"kind": "introduction"}))])
        }
        "GET /api/v1/people/{who}/facts" => Reach::Names(vec![bare(format!("{people}/facts"))]),
        "POST /api/v1/people/{who}/facts" => {
            Reach::Names(vec![with(format!("{people}/facts"), json!({"fact": "values_conflict"}))])
        }
        "DELETE /api/v1/people/{who}/facts/{fact}" => {
            Reach::Names(vec![bare(format!("{people}/facts/{FACT}"))])
        }
        "PUT /api/v1/people/{who}/mutes/{diagnosis}" => {
            Reach::Names(vec![with(format!("{people}/mutes/overdue"), json!({"until": "2026-09-01"}))])
        }
        "DELETE /api/v1/people/{who}/mutes/{diagnosis}" => {
            Reach::Names(vec![bare(format!("{people}/mutes/{MUTED}"))])
        }
        "POST /api/v1/people/{who}/drafts" => {
            Reach::Names(vec![with(format!("{people}/drafts"), json!({"move": "reconnect"}))])
        }
        // People named in a body.
        "POST /api/v1/people" => {
            Reach::Names(vec![with("/api/v1/people", json!({"name": "Newly Added", "org": them.org}))])
        }
        "POST /api/v1/log" => Reach::Names(vec![
            with("/api/v1/log", json!({"who": [p], "channel": "call", "dir": "out"})),
            with("/api/v1/log", json!({"who": [own.person, p], "channel": "call", "dir": "out"})),
        ]),
        "POST /api/v1/merges" => Reach::Names(vec![
            with("/api/v1/merges", json!({"keep": p, "other": them.other})),
            with("/api/v1/merges", json!({"keep": own.person, "other": p})),
            with("/api/v1/merges", json!({"keep": p, "other": own.person})),
        ]),
        "POST /api/v1/merges/{id}/undo" => {
            Reach::Names(vec![bare(format!("/api/v1/merges/{}/undo", them.merge))])
        }
        // Drafts.
        "GET /api/v1/drafts/{id}" => Reach::Names(vec![bare(format!("/api/v1/drafts/{}", them.draft))]),
        "PUT /api/v1/drafts/{id}" => Reach::Names(vec![with(
            format!("/api/v1/drafts/{}", them.draft),
            json!({"subject": "Hello", "body": "Dear you,\n\nHello.\n"}),
        )]),
        "GET /api/v1/drafts/{id}/eml" => {
            Reach::Names(vec![bare(format!("/api/v1/drafts/{}/eml", them.draft))])
        }
        "POST /api/v1/drafts/{id}/sent" => {
            Reach::Names(vec![with(format!("/api/v1/drafts/{}/sent", them.draft), json!({}))])
        }
        // Check-ins and favors found in mail.
        "POST /api/v1/checkins/{id}/done" => {
            Reach::Names(vec![with(format!("/api/v1/checkins/{}/done", them.checkin), json!({}))])
        }
        "POST /api/v1/suggestions/accept" => Reach::Names(vec![
            with("/api/v1/suggestions/accept", json!({"ids": [them.suggestion]})),
            with("/api/v1/suggestions/accept", json!({"min_confidence": 0.0, "who": p})),
        ]),
        "POST /api/v1/suggestions/reject" => {
            Reach::Names(vec![with("/api/v1/suggestions/reject", json!({"ids": [them.suggestion]}))])
        }
        // Client work.
        "GET /api/v1/orgs/{org}" => Reach::Names(vec![bare(format!("/api/v1/orgs/{}", them.org))]),
        "GET /api/v1/orgs/{org}/offboarding" => Reach::Names(vec![
            bare(format!("/api/v1/orgs/{}/offboarding?engagement={}", them.org, them.engagement)),
            bare(format!("/api/v1/orgs/{}/offboarding?engagement={}", own.org, them.engagement)),
        ]),
        "POST /api/v1/orgs/{org}/offboarding" => Reach::Names(vec![
            with(format!("/api/v1/orgs/{}/offboarding", them.org), json!({"engagement": them.engagement})),
            with(format!("/api/v1/orgs/{}/offboarding", own.org), json!({"engagement": them.engagement})),
        ]),
        "GET /api/v1/engagements/{id}" => {
            Reach::Names(vec![bare(format!("/api/v1/engagements/{}", them.engagement))])
        }
        "POST /api/v1/engagements" => Reach::Names(vec![
            with("/api/v1/engagements", json!({"org": them.org, "title": "Audit", "people": [them.other]})),
            with("/api/v1/engagements", json!({"org": own.org, "title": "Audit", "people": [p]})),
        ]),
        "POST /api/v1/engagements/{id}/finish" => {
            Reach::Names(vec![with(format!("/api/v1/engagements/{}/finish", them.engagement), json!({}))])
        }
        // The owner's identities: one only `them`'s owner has.
        "DELETE /api/v1/me/identities/{identity}" => {
            Reach::Names(vec![bare(format!("/api/v1/me/identities/{}", them.identity))])
        }
        // Imports, kept by the server for each workspace.
        "GET /api/v1/imports/{job}" => Reach::Names(vec![bare(format!("/api/v1/imports/{}", them.job))]),

        // The routes that name no entity: they read or change the caller's own workspace,
        // the only one a request works in, and take no id another workspace's data could
        // be reached by.
        "GET /api/v1/health" => Reach::Own("the liveness check reads no workspace", bare("/api/v1/health")),
        "GET /api/v1/openapi.json" => {
            Reach::Own("the document is the same for everyone", bare("/api/v1/openapi.json"))
        }
        // Lists filtered by a person or an organization named in the query.
        "GET /api/v1/review" => Reach::Names(vec![bare(format!("/api/v1/review?org={}", them.org))]),
        "GET /api/v1/people" => Reach::Names(vec![bare(format!("/api/v1/people?org={}", them.org))]),
        "GET /api/v1/drafts" => Reach::Names(vec![bare(format!("/api/v1/drafts?person={p}"))]),
        "GET /api/v1/merges" => Reach::Names(vec![bare(format!("/api/v1/merges?who={p}"))]),
        "GET /api/v1/suggestions" => Reach::Names(vec![bare(format!("/api/v1/suggestions?who={p}"))]),
        "GET /api/v1/checkins" => Reach::Own("the caller's check-ins due", bare("/api/v1/checkins")),
        "GET /api/v1/checkins/feed.ics" => {
            Reach::Own("the caller's check-ins as a calendar", bare("/api/v1/checkins/feed.ics"))
        }
        "GET /api/v1/templates" => Reach::Own("the server's templates, no data", bare("/api/v1/templates")),
        "GET /api/v1/dupes" => Reach::Own("the caller's likely duplicates", bare("/api/v1/dupes")),
        "POST /api/v1/dupes" => Reach::Own(
            "numbers in the caller's own list of duplicates, never ids",
            with("/api/v1/dupes", json!({"reject": [1]})),
        ),
        "GET /api/v1/mail/correspondents" => {
            Reach::Own("the caller's imported mail", bare("/api/v1/mail/correspondents"))
        }
        "GET /api/v1/mail/kept-out" => {
            Reach::Own("the caller's mail kept out", bare("/api/v1/mail/kept-out"))
        }
        "GET /api/v1/me" => Reach::Own("the caller's owner identities", bare("/api/v1/me")),
        "POST /api/v1/me/identities" => Reach::Own(
            "adds to the caller's owner",
            with("/api/v1/me/identities", json!({"identities": ["new@own.example"]})),
        ),
        "PUT /api/v1/me/name" => {
            Reach::Own("names the caller's owner", with("/api/v1/me/name", json!({"name": "Sam Rivera"})))
        }
        "PUT /api/v1/me/region" => {
            Reach::Own("the caller's phone region", with("/api/v1/me/region", json!({"region": "+44"})))
        }
        "PUT /api/v1/me/read-bodies" => {
            Reach::Own("how the caller's mail is read", with("/api/v1/me/read-bodies", json!({"on": false})))
        }
        "PUT /api/v1/me/evidence" => {
            Reach::Own("how the caller's mail is read", with("/api/v1/me/evidence", json!({"on": false})))
        }
        "PUT /api/v1/me/changes/{change}" => Reach::Own(
            "a kind of change (strategy_change …) in the caller's owner's life, not an id",
            with("/api/v1/me/changes/retiring", json!({})),
        ),
        "DELETE /api/v1/me/changes/{change}" => Reach::Own(
            "a kind of change in the caller's owner's life, not an id",
            bare("/api/v1/me/changes/strategy_change"),
        ),
        "GET /api/v1/export" => Reach::Own("the caller's workspace, whole", bare("/api/v1/export")),
        "GET /api/v1/doctor" => Reach::Own("checks the caller's database", bare("/api/v1/doctor")),
        "GET /api/v1/network" => Reach::Own("the caller's rings", bare("/api/v1/network")),
        "GET /api/v1/segments" => Reach::Own("the caller's segments", bare("/api/v1/segments")),
        "GET /api/v1/orgs" => Reach::Own("the caller's organizations", bare("/api/v1/orgs")),
        "POST /api/v1/orgs" => Reach::Own(
            "adds to the caller's organizations",
            with("/api/v1/orgs", json!({"name": "Initech", "domains": ["initech.example"]})),
        ),
        "GET /api/v1/engagements" => Reach::Own("the caller's engagements", bare("/api/v1/engagements")),
        "POST /api/v1/imports" => Reach::Own(
            "imports the files sent into the caller's workspace",
            call("/api/v1/imports", Sent::Upload),
        ),
        _ => {
            panic!("{route} is not classified: say in `reach` which entities it names, or why it names none")
        }
    }
}

/// Sends `call` as `method`, bearing `token`.
fn api_request(method: &Method, call: &Call, token: &str) -> Request<Body> {
    let builder =
        request(method.clone(), &call.path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    match &call.sent {
        Sent::Nothing => builder.empty(),
        Sent::Json(body) => builder.json(body),
        Sent::Upload => builder
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={}", crate::team_support::BOUNDARY),
            )
            .body(Body::from(crate::team_support::multipart(
                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:New\r\nEND:VCARD\r\n",
            )))
            .unwrap(),
    }
}

/// Ann, in her own workspace, sends every API route that names an entity with ben's ids:
/// each answers 404 with a problem document, and neither workspace's export changes by
/// a byte.
#[tokio::test]
async fn every_api_route_given_another_workspaces_ids_finds_nothing() {
    let Some(team) = Team::new().await else { return };
    let (ann, ben) = (&team.tokens[0], &team.tokens[1]);
    let before = (team.export(ann).await, team.export(ben).await);
    let mut own = Vec::new();
    let mut sent = 0;
    for (method, path, _) in api_routes() {
        match reach(&method, &path, &team.ben, &team.ann) {
            Reach::Names(calls) => {
                assert!(!calls.is_empty(), "{method} {path}");
                for call in calls {
                    let answer = team.send(api_request(&method, &call, ann)).await;
                    let what = format!("{method} {} as ann with ben's ids", call.path);
                    problem(&answer, StatusCode::NOT_FOUND, &what);
                    sent += 1;
                }
            }
            Reach::Own(why, _) => own.push(format!("{method} {path}: {why}")),
        }
    }
    assert!(sent >= 50, "{sent} calls");
    // A search by what only ben's people have finds nobody.
    for search in [format!("q={}", team.ben.only_email), format!("tag={}", team.ben.tag)] {
        let found = team.api(ann, Method::GET, &format!("/api/v1/people?{search}"), None).await;
        assert_eq!((found.status, found.json()), (StatusCode::OK, json!([])), "GET /api/v1/people?{search}");
    }
    assert!(own.len() >= 20, "the routes that name nothing: {own:#?}");
    let after = (team.export(ann).await, team.export(ben).await);
    assert!(before.0 == after.0, "ann's export changed");
    assert!(before.1 == after.1, "ben's export changed");
}

/// The control of the walk above: the same calls with ann's own ids, as ann, are
/// accepted (so that a 404 there says the ids are not hers, not that the call was
/// wrong). Removing the person goes last.
#[tokio::test]
async fn the_same_calls_with_ones_own_ids_are_accepted() {
    let Some(team) = Team::new().await else { return };
    let ann = &team.tokens[0];
    let mut calls = Vec::new();
    for (method, path, _) in api_routes() {
        if let Reach::Names(named) = reach(&method, &path, &team.ann, &team.ann) {
            calls.push((method, named[0].clone()));
        }
    }
    calls.sort_by_key(|(method, call)| {
        *method == Method::DELETE && call.path == format!("/api/v1/people/{}", team.ann.person)
    });
    assert!(calls.len() >= 40, "{} calls", calls.len());
    let mut refused = Vec::new();
    for (method, call) in calls {
        let answer = team.send(api_request(&method, &call, ann)).await;
        if !answer.status.is_success() {
            refused
                .push(format!("{method} {} {:?}: {}: {}", call.path, call.sent, answer.status, answer.body));
        }
    }
    assert!(refused.is_empty(), "refused with ann's own ids:\n{}", refused.join("\n"));
    // An address one of ben's people has is free in ann's workspace: identities are
    // unique within a workspace, and the answer names nobody of ben's.
    let body = json!({"name": "Same Address", "emails": [team.ben.only_email]});
    let added = team.api(ann, Method::POST, "/api/v1/people", Some(&body)).await;
    assert_eq!(added.status, StatusCode::OK, "ben's address, added in ann's workspace: {}", added.body);
    assert!(!added.body.contains(&team.ben.only_name), "{}", added.body);
}

/// The control of the page walk: the same visits with ann's own ids, signed in as ann,
/// are shown (200) or done (303).
#[tokio::test]
async fn the_same_pages_with_ones_own_ids_are_found() {
    let Some(team) = Team::new().await else { return };
    let (cookie, csrf) = team.sign_in("ann", "").await;
    let mut refused = Vec::new();
    let mut visited = 0;
    for (method, path, _) in kith_web::page_routes() {
        let PageReach::Names(visits) = page_reach(&method, path, &team.ann) else { continue };
        for visit in visits {
            let answer = team.send(visit.request(&cookie, &csrf)).await;
            let expected = if method == Method::GET { StatusCode::OK } else { StatusCode::SEE_OTHER };
            if answer.status != expected {
                refused.push(format!("{method} {}: {}: {}", visit.path(), answer.status, answer.body));
            }
            visited += 1;
        }
    }
    assert!(visited >= 15, "{visited} visits");
    assert!(refused.is_empty(), "refused with ann's own ids:\n{}", refused.join("\n"));
}

/// One request to a page route: its path (with any query), and the form it posts.
#[derive(Clone, Debug)]
enum Visit {
    /// A GET.
    Get(String),
    /// A form posted with these fields (URL-encoded, the CSRF token added).
    Post(String, &'static str),
    /// The import form, uploading a file.
    Upload,
}

impl Visit {
    fn path(&self) -> &str {
        match self {
            Visit::Get(path) | Visit::Post(path, _) => path,
            Visit::Upload => "/import",
        }
    }

    /// The request, from the browser signed in with `cookie` and `csrf`.
    fn request(&self, cookie: &str, csrf: &str) -> Request<Body> {
        match self {
            Visit::Get(path) => request(Method::GET, path).header("cookie", cookie).empty(),
            Visit::Post(path, fields) => page_form(Method::POST, path, cookie, csrf, fields),
            Visit::Upload => page_upload(cookie, csrf),
        }
    }
}

/// How a page route may reach another workspace.
enum PageReach {
    /// It names an entity in its path (or query): these visits name `them`'s.
    Names(Vec<Visit>),
    /// It names none: it shows or changes the signed-in workspace only.
    Own(&'static str, Visit),
    /// It is open to everyone and reads no workspace.
    Public,
}

/// How the page route `method path` reaches entities, its visits naming `them`'s ids. A
/// route not listed fails the tests until it is classified here.
fn page_reach(method: &Method, path: &str, them: &Ids) -> PageReach {
    let person = format!("/people/{}", them.person);
    let post = |path: String, fields| PageReach::Names(vec![Visit::Post(path, fields)]);
    let route = format!("{method} {path}");
    match route.as_str() {
        "GET /people/{id}" => PageReach::Names(vec![Visit::Get(person)]),
        "POST /people/{id}/tags" => post(format!("{person}/tags"), "tag=investor"),
        "POST /people/{id}/tags/remove" => post(format!("{person}/tags/remove"), "tag=investor"),
        "POST /people/{id}/notes" => post(format!("{person}/notes"), "text=likes+tea&at="),
        "POST /people/{id}/ledger" => post(format!("{person}/ledger"), "action=gave&kind=advice&note=&at="),
        "POST /people/{id}/stage" => {
            post(format!("{person}/stage"), "stage=distanced&door=&every=&reason=&delivered=")
        }
        "GET /people/{id}/compose" => PageReach::Names(vec![Visit::Get(format!("{person}/compose"))]),
        "POST /people/{id}/compose" => post(format!("{person}/compose"), "move=reconnect&tone=warm"),
        "GET /drafts/{id}" => PageReach::Names(vec![Visit::Get(format!("/drafts/{}", them.draft))]),
        "POST /drafts/{id}" => post(format!("/drafts/{}", them.draft), "subject=Hello&body=Dear+you"),
        "GET /drafts/{id}/eml" => PageReach::Names(vec![Visit::Get(format!("/drafts/{}/eml", them.draft))]),
        "POST /drafts/{id}/sent" => post(format!("/drafts/{}/sent", them.draft), "at=&channel="),
        "GET /engagements/{id}" => {
            PageReach::Names(vec![Visit::Get(format!("/engagements/{}", them.engagement))])
        }
        "POST /engagements/{id}/offboard" => {
            post(format!("/engagements/{}/offboard", them.engagement), "outcome=&tone=warm&checkins_every=")
        }
        "GET /import/{job}" => PageReach::Names(vec![Visit::Get(format!("/import/{}", them.job))]),
        // The people page may be filtered by an organization; one that is not the
        // workspace's is said above an empty list (200), which the walk checks apart.
        "GET /people" => PageReach::Own(
            "the signed-in workspace's people",
            Visit::Get(format!("/people?org={}", them.org)),
        ),

        // Pages that name no entity: they show or change the signed-in workspace only.
        "GET /" => PageReach::Own("Today, of the signed-in workspace", Visit::Get("/".into())),
        "GET /network" => PageReach::Own("the signed-in workspace's rings", Visit::Get("/network".into())),
        "GET /engagements" => {
            PageReach::Own("the signed-in workspace's client work", Visit::Get("/engagements".into()))
        }
        "GET /import" => {
            PageReach::Own("the import form and this workspace's jobs", Visit::Get("/import".into()))
        }
        "POST /import" => PageReach::Own("imports into the signed-in workspace", Visit::Upload),
        "POST /signout" => PageReach::Own("closes the session itself", Visit::Post("/signout".into(), "")),
        "GET /signin" | "POST /signin" | "GET /assets/{file}" => PageReach::Public,
        _ => panic!(
            "{route} is not classified: say in `page_reach` which entities it names, or why it names none"
        ),
    }
}

/// Ann, signed in through the sign-in form, visits every page route that names an
/// entity with ben's ids: each is not found (404), and neither export changes.
#[tokio::test]
async fn every_page_given_another_workspaces_ids_is_not_found() {
    let Some(team) = Team::new().await else { return };
    let (ann, ben) = (&team.tokens[0], &team.tokens[1]);
    let before = (team.export(ann).await, team.export(ben).await);
    let (cookie, csrf) = team.sign_in("ann", "").await;
    let (mut visited, mut own) = (0, Vec::new());
    for (method, path, _) in kith_web::page_routes() {
        let visits = match page_reach(&method, path, &team.ben) {
            PageReach::Names(visits) => visits,
            PageReach::Own(why, _) => {
                own.push(format!("{method} {path}: {why}"));
                continue;
            }
            PageReach::Public => continue,
        };
        for visit in visits {
            let answer = team.send(visit.request(&cookie, &csrf)).await;
            let what = format!("{method} {} as ann with ben's ids", visit.path());
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{what}: {}", answer.body);
            // The page may repeat the id asked for, but shows nothing of ben's person.
            assert!(!answer.body.contains(&team.ben.tag), "{what} shows nothing of ben's: {}", answer.body);
            visited += 1;
        }
    }
    assert!(visited >= 15, "{visited} visits");
    assert!(own.len() >= 6, "the pages that name nothing: {own:#?}");
    // The people page filtered by ben's organization says there is none, and lists nobody.
    let filtered =
        team.send(Visit::Get(format!("/people?org={}", team.ben.org)).request(&cookie, &csrf)).await;
    assert_eq!(filtered.status, StatusCode::OK, "{}", filtered.body);
    let html = filtered.html();
    assert!(html.contains(&format!("no organization with id {}", team.ben.org)), "{html}");
    assert!(!html.contains("href=\"/people/p_"), "GET /people?org= lists nobody: {html}");
    // The session was never refused: ann's own person is there.
    let own = team.send(Visit::Get(format!("/people/{}", team.ann.person)).request(&cookie, &csrf)).await;
    assert_eq!(own.status, StatusCode::OK, "ann's own person: {}", own.body);
    let after = (team.export(ann).await, team.export(ben).await);
    assert!(before.0 == after.0, "ann's export changed");
    assert!(before.1 == after.1, "ben's export changed");
}

/// Vic, a viewer of ann's workspace, reads every route of it (with his token, and signed
/// in with his session) as ann does, and every route that changes something refuses him
/// (403) and changes nothing; he can still sign out. Eve, an editor, can write.
#[tokio::test]
async fn a_viewer_reads_everything_and_changes_nothing() {
    let Some(team) = Team::new().await else { return };
    let [ann, _, vic, eve] = &team.tokens;
    let before = team.export(ann).await;
    let (ann_cookie, ann_csrf) = team.sign_in("ann", "").await;
    let (vic_cookie, vic_csrf) = team.sign_in("vic", "ann").await;
    let in_ann = |builder: axum::http::request::Builder| builder.header("kith-workspace", "ann");
    let (mut read, mut refused) = (0, 0);
    for (method, path, access) in api_routes() {
        if access == Access::Public {
            continue;
        }
        let calls = match reach(&method, &path, &team.ann, &team.ann) {
            Reach::Names(calls) => calls,
            Reach::Own(_, call) => vec![call],
        };
        for call in calls {
            let what = format!("{method} {}", call.path);
            let by_token = {
                let mut request = api_request(&method, &call, vic);
                request.headers_mut().insert("kith-workspace", "ann".parse().unwrap());
                request
            };
            let by_session = {
                let mut request = api_request(&method, &call, vic);
                request.headers_mut().remove(header::AUTHORIZATION);
                let headers = request.headers_mut();
                headers.insert("cookie", vic_cookie.parse().unwrap());
                headers.insert("x-csrf-token", vic_csrf.parse().unwrap());
                headers.insert(header::ORIGIN, crate::support::ORIGIN.parse().unwrap());
                request
            };
            if method == Method::GET {
                let owners = team.send(api_request(&method, &call, ann)).await;
                // Every read of ann's own workspace answers, but the damage check, which
                // is SQLite's and refused on PostgreSQL (422) alike for both.
                let expected =
                    if path == "/api/v1/doctor" { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
                assert_eq!(owners.status, expected, "{what} as ann: {}", owners.body);
                for (how, request) in [("token", by_token), ("session", by_session)] {
                    let answer = team.send(request).await;
                    assert_eq!(answer.status, owners.status, "{what} as vic ({how}): {}", answer.body);
                    if owners.status == StatusCode::OK {
                        assert_eq!(answer.body, owners.body, "{what} as vic ({how}) reads what ann reads");
                    }
                }
                read += 1;
            } else {
                for (how, request) in [("token", by_token), ("session", by_session)] {
                    let answer = team.send(request).await;
                    let detail = problem(&answer, StatusCode::FORBIDDEN, &format!("{what} as vic ({how})"));
                    assert!(detail.contains("viewer"), "{what} as vic ({how}): {detail}");
                }
                refused += 1;
            }
        }
    }
    for (method, path, access) in kith_web::page_routes() {
        let visits = match page_reach(&method, path, &team.ann) {
            PageReach::Names(visits) => visits,
            PageReach::Own(_, visit) if path != "/signout" => vec![visit],
            PageReach::Own(..) | PageReach::Public => continue,
        };
        assert_eq!(access, Access::Protected, "{method} {path}");
        for visit in visits {
            let what = format!("{method} {}", visit.path());
            let answer = team.send(visit.request(&vic_cookie, &vic_csrf)).await;
            if method == Method::GET {
                let owners = team.send(visit.request(&ann_cookie, &ann_csrf)).await;
                assert_eq!(answer.status, owners.status, "{what} as vic: {}", answer.body);
                assert_eq!(answer.status, StatusCode::OK, "{what} as vic: {}", answer.body);
                read += 1;
            } else {
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what} as vic: {}", answer.body);
                assert!(answer.body.contains("viewer"), "{what} as vic says why: {}", answer.body);
                refused += 1;
            }
        }
    }
    assert!(read >= 40 && refused >= 40, "{read} read, {refused} refused");
    assert!(before == team.export(ann).await, "ann's workspace changed under a viewer");

    // Signing out still works, and the session is closed.
    let out = team.send(page_form(Method::POST, "/signout", &vic_cookie, &vic_csrf, "")).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "vic signs out: {}", out.body);
    assert_eq!(out.header("location"), Some("/signin"));
    let gone = team.send(request(Method::GET, "/").header("cookie", &vic_cookie).empty()).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "vic's session is closed");

    // An editor writes.
    let tags = format!("/api/v1/people/{}/tags", team.ann.person);
    let tagged = team
        .send(
            in_ann(request(Method::POST, &tags))
                .header(header::AUTHORIZATION, format!("Bearer {eve}"))
                .json(&json!({"tags": ["met-eve"]})),
        )
        .await;
    assert_eq!(tagged.status, StatusCode::OK, "eve adds a tag: {}", tagged.body);
    assert!(tagged.json()["tags"].as_array().unwrap().contains(&json!("met-eve")), "{}", tagged.body);
    let (eve_cookie, eve_csrf) = team.sign_in("eve", "ann").await;
    let noted = format!("/people/{}/notes", team.ann.person);
    let answer =
        team.send(page_form(Method::POST, &noted, &eve_cookie, &eve_csrf, "text=from+eve&at=")).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "eve adds a note: {}", answer.body);
    assert!(before != team.export(ann).await, "eve's tag and note are in ann's workspace");
}

/// Which workspace a request works in: the one its `Kith-Workspace` header names, if its
/// user may open it (any other is not found, whether or not it exists); else the user's
/// own. A revoked token lets nobody in, and a member who lost the workspace loses it at
/// once, session and token.
#[tokio::test]
async fn a_request_works_in_a_workspace_its_user_may_open() {
    let Some(team) = Team::new().await else { return };
    let [ann, _, vic, _] = &team.tokens;
    let person = |ids: &Ids| format!("/api/v1/people/{}", ids.person);
    let as_vic = |workspace: Option<&str>, path: &str| {
        let builder = request(Method::GET, path).header(header::AUTHORIZATION, format!("Bearer {vic}"));
        match workspace {
            Some(name) => builder.header("kith-workspace", name).empty(),
            None => builder.empty(),
        }
    };

    let in_ann = team.send(as_vic(Some("ann"), &person(&team.ann))).await;
    assert_eq!(in_ann.status, StatusCode::OK, "vic in ann's workspace: {}", in_ann.body);
    // A workspace vic may not open and one that does not exist are refused alike: the
    // answer tells nothing of which exists.
    let mut details = Vec::new();
    for name in ["ben", "nobody"] {
        let answer = team.send(as_vic(Some(name), "/api/v1/people")).await;
        details.push(
            problem(
                &answer,
                StatusCode::NOT_FOUND,
                &format!("GET /api/v1/people as vic in workspace {name}"),
            )
            .replace(name, "NAME"),
        );
    }
    assert_eq!(details[0], details[1], "ben's workspace and none at all");
    // Without the header, vic works in his own workspace, where ann's people are not.
    let own = team.send(as_vic(None, &person(&team.ann))).await;
    problem(&own, StatusCode::NOT_FOUND, "vic, in his own workspace, asks for ann's person");
    let own = team.send(as_vic(None, "/api/v1/people")).await;
    assert_eq!((own.status, own.json()), (StatusCode::OK, json!([])), "vic's own workspace is empty");

    // Ann without the header: her own.
    let answer = team.api(ann, Method::GET, &person(&team.ann), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    problem(
        &team.api(ann, Method::GET, &person(&team.ben), None).await,
        StatusCode::NOT_FOUND,
        "ann asks for ben's person",
    );
    let in_ben = team
        .send(
            request(Method::GET, "/api/v1/people")
                .header(header::AUTHORIZATION, format!("Bearer {ann}"))
                .header("kith-workspace", "ben")
                .empty(),
        )
        .await;
    problem(&in_ben, StatusCode::NOT_FOUND, "ann asks for her people in ben's workspace");

    // A session works where it signed in: the header does not move it.
    let (cookie, _) = team.sign_in("ann", "").await;
    let moved =
        request(Method::GET, &person(&team.ben)).header("cookie", &cookie).header("kith-workspace", "ben");
    problem(
        &team.send(moved.empty()).await,
        StatusCode::NOT_FOUND,
        "ann's session asks for ben's person with Kith-Workspace: ben",
    );

    // A role changed while a session is open holds from the next request: eve, an
    // editor made a viewer, is refused a change.
    let (eve_cookie, eve_csrf) = team.sign_in("eve", "ann").await;
    let notes = format!("/people/{}/notes", team.ann.person);
    let noted = team.send(page_form(Method::POST, &notes, &eve_cookie, &eve_csrf, "text=one&at=")).await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER, "eve, an editor: {}", noted.body);
    team.accounts.share("ann", "ann", "eve", kith_app::team::Role::Viewer).await.unwrap();
    let refused = team.send(page_form(Method::POST, &notes, &eve_cookie, &eve_csrf, "text=two&at=")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "eve, a viewer now: {}", refused.body);

    // A revoked token lets nobody in.
    let now = crate::support::now().timestamp();
    let (token, secret) = team.accounts.add_token("ann", "laptop", now).await.unwrap();
    let answer = team.api(&secret, Method::GET, "/api/v1/people", None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    team.accounts.revoke_token("ann", token.id, now).await.unwrap();
    let answer = team.api(&secret, Method::GET, "/api/v1/people", None).await;
    problem(&answer, StatusCode::UNAUTHORIZED, "a revoked token");
    let page = team
        .send(request(Method::GET, "/").header(header::AUTHORIZATION, format!("Bearer {secret}")).empty())
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "a page with a revoked token: {}", page.body);

    // Vic signed in to ann's workspace; then ann takes it from him.
    let (cookie, _) = team.sign_in("vic", "ann").await;
    let page = team
        .send(request(Method::GET, &format!("/people/{}", team.ann.person)).header("cookie", &cookie).empty())
        .await;
    assert_eq!(page.status, StatusCode::OK, "vic's session in ann's workspace: {}", page.body);
    team.accounts.unshare("ann", "ann", "vic").await.unwrap();
    let page = team
        .send(request(Method::GET, &format!("/people/{}", team.ann.person)).header("cookie", &cookie).empty())
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "vic's session after unshare: {}", page.body);
    assert!(page.header("location").unwrap_or_default().starts_with("/signin"), "{:?}", page.headers);
    // The session is closed, not only refused once.
    let api = team.send(request(Method::GET, "/api/v1/people").header("cookie", &cookie).empty()).await;
    problem(&api, StatusCode::UNAUTHORIZED, "vic's session after unshare, on the API");
    let after = team.send(as_vic(Some("ann"), &person(&team.ann))).await;
    problem(&after, StatusCode::NOT_FOUND, "vic's token in ann's workspace after unshare");
    // Signing in to it again is refused as not found, with the form and no cookie.
    let body = format!("name=vic&password={}&workspace=ann", PASSWORD.replace(' ', "+"));
    let again = team.send(crate::support::form(Method::POST, "/signin", &body).body_form()).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    assert!(
        again.header("set-cookie").is_none() && again.body.contains("name=\"password\""),
        "{}",
        again.body
    );
}

/// The team server's sign-in page asks for a name, a password and a workspace (no
/// server token); a wrong password, or a name nobody has, shows the form again with 401
/// and sets no cookie.
#[tokio::test]
async fn the_team_sign_in_asks_for_a_name_and_password() {
    let Some(team) = Team::new().await else { return };
    let page = team.send(request(Method::GET, "/signin").empty()).await;
    assert_eq!(page.status, StatusCode::OK);
    for field in ["name=\"name\"", "name=\"password\"", "name=\"workspace\""] {
        assert!(page.body.contains(field), "the sign-in page has {field}: {}", page.body);
    }
    assert!(!page.body.contains("name=\"token\""), "no server token is asked for: {}", page.body);
    assert!(!page.html().contains(kith_web::TOKEN_FILE), "nor its file named: {}", page.body);
    for (what, body) in [
        ("a wrong password", "name=ann&password=not+her+password+at+all&workspace="),
        ("a name nobody has", "name=zoe&password=a+long+team+password&workspace="),
    ] {
        let answer = team.send(crate::support::form(Method::POST, "/signin", body).body_form()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{what}: {}", answer.body);
        assert!(answer.header("set-cookie").is_none(), "{what}");
        assert!(
            answer.body.contains("do not match") && answer.body.contains("name=\"password\""),
            "{what}: {}",
            answer.body
        );
    }
    // The right one signs in.
    team.sign_in("ann", "").await;
}
