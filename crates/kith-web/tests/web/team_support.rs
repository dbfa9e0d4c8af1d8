//! The team's harness: a scratch PostgreSQL database with four users — `ann` and `ben`,
//! each in a workspace of their own filled with the sample network and more; `vic`, a
//! viewer of ann's workspace, and `eve`, an editor of it — a personal token for each, and
//! the router over `AppState::team` at the tests' fixed moment.

use crate::support::{Answer, Finish, ORIGIN, form, now, request};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use kith_app::Ctx;
use kith_app::facts::FactInput;
use kith_app::ledger::EntryInput;
use kith_app::people::NewPersonInput;
use kith_app::team::{Accounts, Role};
use kith_core::health::{DiagnosisKind, Fact, OwnerChange};
use kith_core::{ExchangeKind, SuggestionState};
use kith_store::scratch::ScratchDatabase;
use kith_web::AppState;
use std::sync::Arc;
use tempfile::TempDir;

/// Every user's password.
pub const PASSWORD: &str = "a long team password";

/// The fact recorded about each workspace's [`Ids::person`] (and removed by the routes
/// that remove one).
pub const FACT: &str = "interests_diverged";
/// The diagnosis muted for each workspace's [`Ids::person`].
pub const MUTED: &str = "drifting";

/// What a workspace holds that a route can name: ids of its entities, and names only it
/// has (its tag, its owner's identity, a person's name and address).
#[derive(Clone, Debug)]
pub struct Ids {
    /// A person of the sample with a tag, a fact, a mute, a note, an open ask of theirs.
    pub person: String,
    /// Another person of the sample.
    pub other: String,
    /// A tag only this workspace's `person` has.
    pub tag: String,
    /// A person only this workspace has, by name and by address.
    pub only_name: String,
    /// Their address.
    pub only_email: String,
    /// An identity of the owner's only this workspace has.
    pub identity: String,
    /// An organization (the client of `engagement`).
    pub org: String,
    /// An active engagement.
    pub engagement: String,
    /// A draft not sent.
    pub draft: String,
    /// A check-in not done.
    pub checkin: String,
    /// A merge not undone.
    pub merge: String,
    /// A favor found in mail, waiting for the owner's word.
    pub suggestion: String,
    /// An import run by this server into the workspace.
    pub job: String,
}

/// A team's server over its own scratch database.
pub struct Team {
    pub router: Router,
    /// The accounts, through connections of their own (to share, unshare, revoke).
    pub accounts: Accounts,
    pub ann: Ids,
    pub ben: Ids,
    /// Each user's personal token: ann, ben, vic, eve.
    pub tokens: [String; 4],
    /// The configuration directory, kept while the server runs.
    _dir: TempDir,
    /// Dropped last: the database goes with it.
    _db: ScratchDatabase,
}

impl Team {
    /// The team, or `None` when no PostgreSQL server is named for tests (the test is then
    /// skipped).
    pub async fn new() -> Option<Self> {
        let db = ScratchDatabase::new().await?;
        let accounts = kith_app::team::open(db.url()).await.expect("the team's accounts");
        let at = now().timestamp();
        for user in ["ann", "ben", "vic", "eve"] {
            accounts.add_user(user, PASSWORD, at).await.expect("a user");
        }
        accounts.share("ann", "ann", "vic", Role::Viewer).await.expect("vic sees ann's workspace");
        accounts.share("ann", "ann", "eve", Role::Editor).await.expect("eve edits ann's workspace");
        let mut tokens = Vec::new();
        for user in ["ann", "ben", "vic", "eve"] {
            tokens.push(accounts.add_token(user, "tests", at).await.expect("a token").1);
        }
        let tokens: [String; 4] = tokens.try_into().expect("four tokens");
        let (mut ann, mut ben) = (fill(&accounts, "ann").await, fill(&accounts, "ben").await);

        let dir = tempfile::tempdir().expect("a temporary directory");
        let served = kith_app::team::open(db.url()).await.expect("the server's accounts");
        let state = AppState::team(served, dir.path().join("config")).with_clock(Arc::new(now));
        let mut team = Self {
            router: kith_web::router(state),
            accounts,
            ann: ann.clone(),
            ben: ben.clone(),
            tokens,
            _dir: dir,
            _db: db,
        };
        ann.job = team.import(&team.tokens[0], "ann").await;
        ben.job = team.import(&team.tokens[1], "ben").await;
        (team.ann, team.ben) = (ann, ben);
        Some(team)
    }

    /// Sends a request and reads the whole answer.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        crate::support::answer(&self.router, request).await
    }

    /// `method path` as a script of the token's user sends it, `body` as JSON.
    pub async fn api(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Answer {
        let builder = request(method, path).header(header::AUTHORIZATION, format!("Bearer {token}"));
        self.send(match body {
            Some(body) => builder.json(body),
            None => builder.empty(),
        })
        .await
    }

    /// The workspace's JSON export, as the token's user reads it.
    pub async fn export(&self, token: &str) -> String {
        let answer = self.api(token, Method::GET, "/api/v1/export", None).await;
        assert_eq!(answer.status, StatusCode::OK, "the export: {}", answer.body);
        answer.body
    }

    /// Signs `user` in through the sign-in form, in `workspace` (blank: their own): the
    /// session's cookie (`name=value`) and its CSRF token.
    pub async fn sign_in(&self, user: &str, workspace: &str) -> (String, String) {
        let body = format!("name={user}&password={}&workspace={workspace}", PASSWORD.replace(' ', "+"));
        let answer = self.send(form(Method::POST, "/signin", &body).body_form()).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{user} signs in: {}", answer.body);
        let set = answer.header(header::SET_COOKIE.as_str()).expect("a cookie");
        let cookie = set.split(';').next().unwrap().to_owned();
        let page = self.send(request(Method::GET, "/nowhere").header("cookie", &cookie).empty()).await;
        let csrf = page.body.split("name=\"csrf\" value=\"").nth(1).expect("a CSRF field").split('"').next();
        (cookie, csrf.unwrap().to_owned())
    }

    /// Imports a small address book into the token's workspace through the API and waits
    /// for it to finish; the job's id.
    async fn import(&self, token: &str, user: &str) -> String {
        let card = format!(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Imported For {user}\r\nEMAIL:imported@{user}.example\r\nEND:VCARD\r\n"
        );
        let upload = request(Method::POST, "/api/v1/imports")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart(&card)))
            .unwrap();
        let started = self.send(upload).await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{user}'s import: {}", started.body);
        let id = started.json()["id"].as_str().expect("a job id").to_owned();
        for _ in 0..600 {
            let job = self.api(token, Method::GET, &format!("/api/v1/imports/{id}"), None).await.json();
            match job["state"].as_str() {
                Some("running") => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
                Some("done") => return id,
                _ => panic!("{user}'s import: {job}"),
            }
        }
        panic!("{user}'s import did not finish");
    }
}

/// The boundary of the import's multipart form.
pub const BOUNDARY: &str = "kith-team-boundary-81c2";

/// An import form with one file, `contacts.vcf`, holding `card`.
pub fn multipart(card: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"contacts.vcf\"\r\n\
         Content-Type: text/vcard\r\n\r\n{card}\r\n--{BOUNDARY}--\r\n"
    )
    .into_bytes()
}

/// Fills `user`'s own workspace: the sample network, then what the sample lacks (a tag,
/// a fact, a mute, an open ask, a merge, a person and an identity only this workspace
/// has, a change in the owner's working life). The import job is added later, through
/// the server.
async fn fill(accounts: &Accounts, user: &'static str) -> Ids {
    let store = accounts.open_workspace(user, Role::Editor).await.expect("the workspace");
    let ctx = Ctx::new(store.clone(), now());
    kith_app::demo::build(&ctx, &kith_app::Silent).await.unwrap_or_else(|e| panic!("{user}'s sample: {e}"));
    let person = kith_app::who::person(&ctx, kith_app::demo::PEOPLE[3].1).await.expect("a sample person").id;
    let other = kith_app::who::person(&ctx, kith_app::demo::PEOPLE[5].1).await.expect("another").id;
    let (person, other) = (person.to_string(), other.to_string());
    let tag = format!("only-{user}");
    kith_app::people::tag(&ctx, &person, std::slice::from_ref(&tag)).await.expect("a tag");
    let fact = FactInput { fact: FACT.parse::<Fact>().unwrap(), since: now().timestamp(), note: None };
    kith_app::facts::record(&ctx, &person, fact).await.expect("a fact");
    let until = ctx.when(Some("2026-09-01")).unwrap();
    let muted = MUTED.parse::<DiagnosisKind>().unwrap();
    kith_app::facts::mute(&ctx, &person, muted, until).await.expect("a mute");
    let ask = EntryInput { kind: ExchangeKind::Introduction, at: None, note: None };
    kith_app::ledger::ask(&ctx, &person, false, ask).await.expect("an open ask");
    kith_app::people::note(&ctx, &person, "met at the conference", None).await.expect("a note");
    let (only_name, only_email) = (format!("Onlyin {user}"), format!("only@{user}.example"));
    let only =
        NewPersonInput { name: only_name.clone(), emails: vec![only_email.clone()], ..Default::default() };
    kith_app::people::add(&ctx, only).await.expect("a person only here");
    for twin in ["Twin Alpha", "Twin Beta"] {
        let name = format!("{twin} {user}");
        kith_app::people::add(&ctx, NewPersonInput { name, ..Default::default() }).await.expect("a twin");
    }
    let merge = kith_app::dupes::merge(&ctx, &format!("Twin Alpha {user}"), &format!("Twin Beta {user}"))
        .await
        .expect("a merge")
        .id
        .to_string();
    let identity = format!("owner@{user}.example");
    kith_app::setup::add_identities(&ctx, std::slice::from_ref(&identity)).await.expect("an identity");
    kith_app::facts::declare(&ctx, OwnerChange::StrategyChange, now().timestamp()).await.expect("a change");

    let client = store.organizations().await.unwrap().into_iter().next().expect("an organization");
    let title = format!("Second phase for {user}");
    let work = kith_app::orgs::EngagementInput {
        org: client.id.to_string(),
        title: title.clone(),
        start: Some("2026-04-01".into()),
        people: vec![person.clone(), other.clone()],
    };
    kith_app::orgs::add_engagement(&ctx, work).await.expect("an engagement");
    let engagement = store.engagements().await.unwrap().into_iter().find(|e| e.title == title).unwrap();
    let draft = store.drafts(None).await.unwrap().into_iter().find(|d| d.sent_at.is_none()).expect("a draft");
    let checkin = store.pending_checkins().await.unwrap().into_iter().next().expect("a check-in");
    let suggestion =
        store.suggestions(None).await.unwrap().into_iter().find(|s| s.state == SuggestionState::Open);
    Ids {
        person,
        other,
        tag,
        only_name,
        only_email,
        identity,
        org: engagement.org.to_string(),
        engagement: engagement.id.to_string(),
        draft: draft.id.to_string(),
        checkin: checkin.id.to_string(),
        merge,
        suggestion: suggestion.expect("an open suggestion").id.to_string(),
        job: String::new(),
    }
}

/// A form posted from kith's own page by a signed-in browser, its CSRF token in it.
pub fn page_form(method: Method, path: &str, cookie: &str, csrf: &str, fields: &str) -> Request<Body> {
    let body = if fields.is_empty() { format!("csrf={csrf}") } else { format!("csrf={csrf}&{fields}") };
    form(method, path, &body).header("cookie", cookie).body_form()
}

/// An import form posted from kith's own page (its CSRF token in the query string).
pub fn page_upload(cookie: &str, csrf: &str) -> Request<Body> {
    request(Method::POST, &format!("/import?csrf={csrf}"))
        .header(header::ORIGIN, ORIGIN)
        .header("cookie", cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nobody New\r\nEND:VCARD\r\n")))
        .unwrap()
}

/// Asserts that `answer` is a problem document with `status`, saying `what` was asked
/// when it is not; the problem's detail.
pub fn problem(answer: &Answer, status: StatusCode, what: &str) -> String {
    assert_eq!(answer.status, status, "{what}: {}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{what}: {}", answer.body);
    let problem = answer.json();
    assert_eq!(problem["status"], status.as_u16(), "{what}: {problem}");
    problem["detail"].as_str().unwrap_or_else(|| panic!("{what}: a detail in {problem}")).to_owned()
}
