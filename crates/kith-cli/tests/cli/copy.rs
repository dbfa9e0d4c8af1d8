//! `kith copy`: a whole database from a SQLite file into a PostgreSQL workspace and back,
//! the last export equal to the first byte for byte; a copy never lands on data. Each test
//! runs on a scratch PostgreSQL database (skipped without `KITH_TEST_POSTGRES`, never
//! under `CI=true`).

use crate::support::{Kith, stdout_of};
use kith_store::scratch::ScratchDatabase;

/// The demo network in a SQLite file of a new test directory, and a scratch PostgreSQL
/// database; `None` (the test then skips) without a test server.
fn demo_and_server() -> Option<(Kith, ScratchDatabase)> {
    let Some(server) = ScratchDatabase::blocking_new() else {
        eprintln!("skipped: KITH_TEST_POSTGRES names no PostgreSQL server to test on");
        return None;
    };
    let k = Kith::uninit();
    k.bare().args(["--db", k.path("first.db").to_str()?, "demo"]).assert().success();
    Some((k, server))
}

/// `kith export json` of a workspace of the scratch database.
fn export_of_workspace(k: &Kith, server: &ScratchDatabase, workspace: &str) -> String {
    stdout_of(
        k.bare().args(["--db", server.url(), "--workspace", workspace, "export", "json"]).assert().success(),
    )
}

#[test]
fn the_demo_goes_to_postgresql_and_back_unchanged() {
    let Some((k, server)) = demo_and_server() else { return };
    let (first, last) = (k.path("first.db"), k.path("last.db"));
    let original = k.export_of(&first);
    assert!(original.len() > 10_000 && original.contains("\"people\""), "the demo has a network");

    let there = ["--json", "copy", first.to_str().unwrap(), server.url(), "--to-workspace", "members"];
    let there = stdout_of(k.bare().args(there).assert().success());
    let told: serde_json::Value = serde_json::from_str(&there).unwrap();
    assert_eq!(told["people"], 12, "{told}");
    assert!(!told["to"].as_str().unwrap().contains(":kith@"), "no password shown: {told}");
    assert_eq!(export_of_workspace(&k, &server, "members"), original, "the workspace exports as the file");

    let back = ["copy", server.url(), last.to_str().unwrap(), "--from-workspace", "members"];
    k.bare().args(back).assert().success();
    assert_eq!(k.export_of(&last), original, "SQLite → PostgreSQL → SQLite gives the same bytes");
}

#[test]
fn a_copy_into_a_workspace_holding_data_is_refused_and_changes_nothing() {
    let Some((k, server)) = demo_and_server() else { return };
    let first = k.path("first.db");
    let into = |workspace: &str| {
        k.bare().args(["copy", first.to_str().unwrap(), server.url(), "--to-workspace", workspace]).assert()
    };
    into("members").success();
    let add = ["--db", server.url(), "--workspace", "members", "person", "add", "Only There"];
    k.bare().args(add).assert().success();
    let before = export_of_workspace(&k, &server, "members");

    let refused = into("members").failure().code(2);
    let line = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(line.contains("members") && line.contains("already holds data"), "{line}");
    assert_eq!(export_of_workspace(&k, &server, "members"), before);
    assert!(refused.get_output().stdout.is_empty());
}

/// Real data, not a generated network: the notmuch Maildir and a Pony Mail month of the
/// httpd users' list (mail, people, organizations, sources), a real LinkedIn export and
/// Android's vCards, then a ledger, a note and a stage change by hand. Copied SQLite →
/// PostgreSQL → SQLite, the last export equals the first byte for byte, and the attention
/// list read from the workspace is the file's, line for line.
#[test]
fn real_mail_and_contacts_go_to_postgresql_and_back_unchanged() {
    let Some(server) = ScratchDatabase::blocking_new() else {
        eprintln!("skipped: KITH_TEST_POSTGRES names no PostgreSQL server to test on");
        return;
    };
    let k = Kith::uninit();
    let (first, last) = (k.path("first.db"), k.path("last.db"));
    let on_first = |args: &[&str]| stdout_of(k.cmd_on(&first).args(args).assert().success());
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data");
    let path = |rel: &str| data.join(rel).to_str().unwrap().to_owned();
    on_first(&["init"]);
    on_first(&["me", "add", "cworth@cworth.org"]);
    on_first(&["import", &path("mail/notmuch")]);
    on_first(&["import", &path("mail/ponymail/httpd-users-200606-part.mbox"), "--me", "wrowe@rowe-clan.net"]);
    on_first(&["import", &path("csv/linkedin-2025/Connections.csv")]);
    let mut cards: Vec<String> = std::fs::read_dir(data.join("vcard/aosp"))
        .unwrap()
        .map(|entry| entry.unwrap().path().to_str().unwrap().to_owned())
        .filter(|name| name.ends_with(".vcf"))
        .collect();
    cards.sort();
    let mut import_cards = vec!["import"];
    import_cards.extend(cards.iter().map(String::as_str));
    on_first(&import_cards);
    let people: serde_json::Value = serde_json::from_str(&on_first(&["--json", "person", "list"])).unwrap();
    let ids: Vec<&str> = people.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(ids.len() > 20, "the real data brings people: {}", ids.len());
    on_first(&["gave", ids[0], "introduction"]);
    on_first(&["asked", ids[1], "advice"]);
    on_first(&["got", ids[1], "advice"]);
    on_first(&["person", "note", ids[0], "met at the list's meetup"]);
    on_first(&["distance", ids[2], "--reason", "moved on"]);
    let original = k.export_of(&first);
    for part in ["\"mail\"", "\"exchanges\"", "\"transitions\""] {
        assert!(original.contains(part), "{part} in the export");
    }

    let there = ["copy", first.to_str().unwrap(), server.url(), "--to-workspace", "real"];
    k.bare().args(there).assert().success();
    let back = ["copy", server.url(), last.to_str().unwrap(), "--from-workspace", "real"];
    k.bare().args(back).assert().success();
    assert_eq!(k.export_of(&last), original, "SQLite → PostgreSQL → SQLite gives the same bytes");

    let review = |cmd: &mut assert_cmd::Command| {
        stdout_of(
            cmd.env("KITH_NOW", "2026-12-05T00:00:00Z").args(["review", "--limit", "0"]).assert().success(),
        )
    };
    let on_file = review(&mut k.cmd_on(&first));
    let on_workspace = review(k.bare().args(["--db", server.url(), "--workspace", "real"]));
    assert!(on_file.lines().count() > 3, "{on_file}");
    assert_eq!(on_workspace, on_file, "the same attention list from both backends");
}
