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
