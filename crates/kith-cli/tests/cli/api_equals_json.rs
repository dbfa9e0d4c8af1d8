//! The same use case through the command line's `--json` and through the API of the real
//! `kith serve` gives the same JSON, exactly: the demo's database, both at one moment
//! (`KITH_NOW`), every read use case compared as parsed JSON (and the export byte for
//! byte), then one write each way seen by the other side.

use crate::serve::{http, start_with};
use crate::support::{Kith, stdout_of};
use serde_json::Value;

/// The moment both sides run at: the demo is built as of it too.
const NOW: &str = "2026-11-02T10:00:00Z";

/// Each read use case as the command line and the API name it. `{who}` stands for each
/// person of the demo in turn; adding a use case is adding its line.
const PAIRS: &[(&[&str], &str)] = &[
    (&["review"], "/api/v1/review"),
    (&["review", "--all", "--limit", "0"], "/api/v1/review?all=true&limit=0"),
    (
        &["review", "--tier", "inner,close", "--diagnosis", "drifting"],
        "/api/v1/review?tier=inner,close&diagnosis=drifting",
    ),
    (&["plan", "{who}"], "/api/v1/people/{who}/plan"),
    (&["health", "{who}"], "/api/v1/people/{who}/health"),
    (&["show", "{who}"], "/api/v1/people/{who}"),
    (&["ledger", "{who}"], "/api/v1/people/{who}/ledger"),
    (&["fact", "{who}"], "/api/v1/people/{who}/facts"),
    (&["person", "list"], "/api/v1/people"),
    (&["person", "list", "--stage", "ended"], "/api/v1/people?stage=ended"),
    (&["drafts"], "/api/v1/drafts"),
    (&["drafts", "--unsent"], "/api/v1/drafts?unsent=true"),
    (&["templates", "list"], "/api/v1/templates"),
    (&["org", "list"], "/api/v1/orgs"),
    (&["engagement", "list"], "/api/v1/engagements"),
    (&["engagement", "list", "--active"], "/api/v1/engagements?active=true"),
    (&["segment"], "/api/v1/segments"),
    (&["checkins"], "/api/v1/checkins"),
    (&["checkins", "--within", "1y", "--birthdays"], "/api/v1/checkins?within=1y&birthdays=true"),
    (&["checkins", "--ics"], "/api/v1/checkins/feed.ics"),
    (&["ledger", "suggestions"], "/api/v1/suggestions"),
    (&["ledger", "suggestions", "--all"], "/api/v1/suggestions?all=true"),
    (&["dupes"], "/api/v1/dupes"),
    (&["dupes", "--min", "30"], "/api/v1/dupes?min=30"),
    (&["person", "merges"], "/api/v1/merges"),
    (&["mail", "correspondents"], "/api/v1/mail/correspondents"),
    (&["mail", "kept-out"], "/api/v1/mail/kept-out"),
    (&["mail", "kept-out", "--reason", "mailing_list"], "/api/v1/mail/kept-out?reason=mailing_list"),
    (&["me", "list"], "/api/v1/me"),
    (&["export", "json"], "/api/v1/export"),
    (&["doctor"], "/api/v1/doctor"),
];

/// The demo's database, served at [`NOW`].
struct Both {
    kith: Kith,
    address: String,
    bearer: String,
    _server: crate::serve::Running,
}

impl Both {
    fn new() -> Self {
        let kith = Kith::new();
        stdout_of(kith.cmd().env("KITH_NOW", NOW).arg("demo").assert().success());
        let config = kith.path("config");
        let (server, address, token_file) = start_with(&kith, &config, &[("KITH_NOW", NOW)]);
        let bearer = format!("Bearer {}", std::fs::read_to_string(token_file).unwrap().trim());
        Self { kith, address, bearer, _server: server }
    }

    /// `kith --json ARGS` at [`NOW`], with the server's configuration directory: its
    /// standard output.
    fn cli(&self, args: &[&str]) -> String {
        let config = self.kith.path("config");
        let mut kith = self.kith.cmd();
        kith.env("KITH_NOW", NOW).env("KITH_CONFIG_DIR", config).arg("--json").args(args);
        stdout_of(kith.assert().success())
    }

    /// The API's answer to `method path` with `body`: its status and body.
    fn api(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let headers = [("Authorization", self.bearer.as_str()), ("Content-Type", "application/json")];
        http(&self.address, method, path, &headers, body)
    }

    /// A 200 answer of the API, as JSON.
    fn get(&self, path: &str) -> Value {
        let (status, body) = self.api("GET", path, "");
        assert_eq!(status, 200, "{path}: {body}");
        json(&body, path)
    }

    /// Compares one pair for one person.
    fn compare(&self, args: &[&str], path: &str, who: &str) {
        let args: Vec<String> = args.iter().map(|a| a.replace("{who}", who)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let path = path.replace("{who}", who);
        let printed = self.cli(&args);
        let (status, served) = self.api("GET", &path, "");
        assert_eq!(status, 200, "{path}: {served}");
        if args == ["export", "json"] {
            assert_eq!(served, printed, "the export is the same text, byte for byte");
        }
        if path.ends_with(".ics") {
            assert!(served.contains("BEGIN:VEVENT"), "the demo's check-ins: {served}");
            return assert_eq!(served, printed, "the calendar is the same text, byte for byte");
        }
        assert_eq!(
            json(&served, &path),
            json(&printed, &args.join(" ")),
            "kith {} --json against GET {path}",
            args.join(" ")
        );
    }
}

fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"))
}

#[test]
fn every_read_use_case_gives_the_same_json_through_the_command_line_and_the_api() {
    let both = Both::new();
    // Besides the demo: a merge undone and one kept, a likely duplicate, a fact and a
    // mute, so that those use cases have something to show.
    for (name, email) in [("Ada Lovelace", "ada@one.example"), ("Ada Lovelace", "ada@two.example")] {
        both.cli(&["person", "add", name, "--email", email]);
    }
    for (name, email) in [("Grace Hopper", "grace@one.example"), ("Grace Hopper", "grace@two.example")] {
        both.cli(&["person", "add", name, "--email", email]);
    }
    let merged = json(&both.cli(&["person", "merge", "ada@one.example", "ada@two.example"]), "the merge");
    both.cli(&["person", "unmerge", merged["id"].as_str().unwrap()]);
    both.cli(&["person", "merge", "ada@one.example", "ada@two.example"]);
    let people = both.get("/api/v1/people");
    let ids: Vec<String> =
        people.as_array().expect("a list").iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();
    assert!(ids.len() >= 10, "the demo's people: {people}");
    both.cli(&["fact", &ids[0], "interests-diverged", "--since", "2026-10-01", "--note", "moved on"]);
    both.cli(&["mute", &ids[1], "drifting", "--until", "2027-01-01"]);
    let mut compared = 0;
    // `kith doctor` checks a SQLite file's pages: a PostgreSQL workspace has none.
    let pairs = PAIRS.iter().filter(|(args, _)| !(crate::support::on_postgres() && args[0] == "doctor"));
    for (args, path) in pairs {
        let whom: &[String] = if path.contains("{who}") { &ids } else { &ids[..1] };
        for who in whom {
            both.compare(args, path, who);
            compared += 1;
        }
    }
    assert!(compared > PAIRS.len(), "{compared}");
    // The demo's data make the comparisons say something: a review with diagnoses, a
    // ledger with entries, favors accepted from mail, check-ins and drafts.
    let review = both.get("/api/v1/review");
    assert!(review.as_array().is_some_and(|r| !r.is_empty()), "{review}");
    let suggestions = both.get("/api/v1/suggestions?all=true");
    assert!(suggestions.to_string().contains("accepted"), "{suggestions}");
    let drafts = both.get("/api/v1/drafts");
    assert!(drafts.as_array().is_some_and(|d| !d.is_empty()), "{drafts}");
    // Each draft kept, as `kith drafts show` prints it and the API gives it.
    for draft in drafts.as_array().unwrap() {
        let id = draft["id"].as_str().expect("a draft's id");
        both.compare(&["drafts", "show", "{who}"], "/api/v1/drafts/{who}", id);
    }
    // Each organization and each engagement, shown.
    let orgs = both.get("/api/v1/orgs");
    let orgs = orgs["organizations"].as_array().or(orgs.as_array()).expect("the organizations").clone();
    assert!(!orgs.is_empty(), "the demo's organizations");
    for org in &orgs {
        let id = org["id"].as_str().expect("an organization's id");
        both.compare(&["org", "show", "{who}"], "/api/v1/orgs/{who}", id);
    }
    let engagements = both.get("/api/v1/engagements");
    let engagements =
        engagements["engagements"].as_array().or(engagements.as_array()).expect("the engagements").clone();
    assert!(!engagements.is_empty(), "the demo's engagements");
    for engagement in &engagements {
        let id = engagement["id"].as_str().expect("an engagement's id");
        both.compare(&["engagement", "show", "{who}"], "/api/v1/engagements/{who}", id);
    }
    for path in [
        "/api/v1/dupes",
        "/api/v1/merges",
        "/api/v1/mail/kept-out",
        &format!("/api/v1/people/{}/facts", ids[0]),
    ] {
        let found = both.get(path);
        assert!(found.as_array().is_some_and(|d| !d.is_empty()), "{path}: {found}");
    }
}

#[test]
fn a_write_through_either_side_shows_on_the_other() {
    let both = Both::new();
    let people = both.get("/api/v1/people");
    let id = people[0]["id"].as_str().unwrap().to_owned();

    // A tag added through the API: the person it answers is the one `kith show` prints.
    let (status, tagged) =
        both.api("POST", &format!("/api/v1/people/{id}/tags"), r#"{"tags":["met-at-api"]}"#);
    assert_eq!(status, 200, "{tagged}");
    let tagged = json(&tagged, "the tag");
    let shown = json(&both.cli(&["show", &id]), "kith show");
    assert_eq!(shown["person"], tagged);
    assert!(shown["person"]["tags"].as_array().unwrap().iter().any(|t| t == "met-at-api"), "{shown}");

    // A note added by the command line: the API's page of the person holds it as printed.
    let noted = json(
        &both.cli(&["person", "note", &id, "spoke at the meetup", "--at", "2026-10-30"]),
        "kith person note",
    );
    let page = both.get(&format!("/api/v1/people/{id}"));
    let notes = page["notes"].as_array().expect("notes");
    assert!(notes.contains(&noted), "{noted} in {notes:?}");

    // A contact logged through the API shows in the command line's page, and both sides
    // still agree on everything about the person afterwards: the server's judgments
    // followed the writes of either side.
    let body = r#"{"who":["ID"],"channel":"call","dir":"out","at":"2026-11-01"}"#.replace("ID", &id);
    let (status, logged) = both.api("POST", "/api/v1/log", &body);
    assert_eq!(status, 200, "{logged}");
    let shown = json(&both.cli(&["show", &id]), "kith show");
    let calls = shown["interactions"].as_array().unwrap().iter().filter(|i| i["channel"] == "call").count();
    assert!(calls >= 1, "{shown}");
    let gave = json(&both.cli(&["gave", &id, "introduction", "--at", "2026-11-01"]), "kith gave");
    assert_eq!(
        both.get(&format!("/api/v1/people/{id}/ledger"))["entries"].as_array().unwrap().last(),
        Some(&gave)
    );
    for (args, path) in PAIRS.iter().filter(|(_, path)| path.contains("{who}")) {
        both.compare(args, path, &id);
    }
    both.compare(&["review", "--all", "--limit", "0"], "/api/v1/review?all=true&limit=0", &id);
}

#[test]
fn a_moment_kith_cannot_read_is_refused_naming_the_variable() {
    let kith = Kith::new();
    for bad in ["tomorrow", "2026-13-01", "12:00"] {
        let refused = kith.cmd().env("KITH_NOW", bad).args(["person", "list"]).assert();
        let line = crate::support::fail_with(refused, 2);
        assert!(line.contains("KITH_NOW") && line.contains(bad), "{line}");
    }
    // A day, a moment with its offset and one with its zone are all read.
    for good in ["2026-05-01", "2026-05-01T12:00:00Z", "2026-05-01T12:00:00+02:00[Europe/Paris]"] {
        kith.cmd().env("KITH_NOW", good).args(["person", "list"]).assert().success();
    }
    // The moment is the one kith works at: a note dated today is dated that day.
    kith.add_person("Ada Lovelace", &[]);
    let noted = kith
        .cmd()
        .env("KITH_NOW", "2026-05-01T12:00:00Z")
        .args(["--json", "person", "note", "Ada Lovelace", "hello"])
        .assert()
        .success();
    let noted = json(&stdout_of(noted), "the note");
    assert_eq!(noted["at"], "2026-05-01T12:00:00Z", "{noted}");
}
