//! The README's walk-through, command by command, works as written.

use crate::support::*;

#[test]
fn the_readme_walkthrough_works_as_written() {
    let k = Kith::new();
    k.ok(&["me", "add", "you@example.com"]);
    k.ok(&["org", "add", "Northwind Labs", "--domain", "northwind.example"]);
    k.ok(&[
        "person",
        "add",
        "Maya Okafor",
        "--email",
        "maya@northwind.example",
        "--org",
        "Northwind",
        "--role",
        "CTO",
        "--tag",
        "mentor",
    ]);
    let out = k.ok(&[
        "log",
        "Maya",
        "--channel",
        "call",
        "--dir",
        "out",
        "--at",
        "yesterday",
        "--subject",
        "Catch-up",
        "--note",
        "she is hiring",
    ]);
    assert!(out.starts_with("logged call (out) with Maya Okafor on "), "{out}");
    k.ok(&["asked", "Maya", "introduction", "--note", "to a data lead"]);
    let out = k.ok(&["gave", "Maya", "introduction"]);
    assert!(out.contains("fulfilling the ask"), "{out}");
    k.ok(&["got", "Maya", "advice"]);
    let ledger = k.ok(&["ledger", "Maya"]);
    assert_contains_all(&ledger, &["introduction", "advice", "you gave 3.0, received 1.0, balance +2.0"]);
    let shown = k.ok(&["show", "Maya"]);
    assert_contains_all(
        &shown,
        &["Maya Okafor", "Northwind Labs, CTO", "mentor", "Catch-up", "she is hiring", "to a data lead"],
    );
    k.ok(&["fact", "Maya", "changed-industry", "--note", "biotech"]);
    k.ok(&["mute", "Maya", "drifting", "--until", "2030-01-01"]);
    k.ok(&["me", "strategy-change", "--since", "2026-01-05"]);
    assert_contains_all(
        &k.ok(&["show", "Maya"]),
        &["changed_industry since", "biotech", "drifting muted until 2030-01-01"],
    );
    k.ok(&["review"]);
    k.ok(&["review", "--tier", "inner,close", "--diagnosis", "drifting"]);
    assert!(k.ok(&["plan", "Maya"]).contains("Maya Okafor"));
    assert!(k.ok(&["health", "Maya", "--explain"]).contains("p-value"));
    k.ok(&["fact", "Maya", "interests-diverged"]);
    k.ok(&["mute", "Maya", "overdue", "--until", "2030-01-01"]);
    let out = k.ok(&["engagement", "add", "Northwind", "Data platform migration", "--person", "Maya"]);
    assert!(out.starts_with("started Data platform migration with Northwind Labs (e_"), "{out}");
    let out = k.ok(&["engagement", "finish", "Northwind"]);
    assert!(out.starts_with("finished Data platform migration (e_"), "{out}");

    let all = k.path("all.json");
    std::fs::write(&all, k.export()).unwrap();
    let other = Kith::uninit();
    other.ok(&["import", all.to_str().unwrap()]);
    assert_eq!(other.export(), k.export());
    let copy = k.path("kith-copy.db");
    k.ok(&["backup", copy.to_str().unwrap()]);
    assert_eq!(k.export_of(&copy), k.export());
}

#[test]
fn help_and_version_work() {
    let k = Kith::uninit();
    let help = stdout_of(k.bare().arg("--help").assert().success());
    for command in [
        "init",
        "demo",
        "me",
        "person",
        "org",
        "engagement",
        "log",
        "gave",
        "got",
        "asked",
        "declined",
        "ledger",
        "show",
        "review",
        "plan",
        "health",
        "fact",
        "mute",
        "unmute",
        "export",
        "import",
        "backup",
    ] {
        assert!(help.contains(command), "--help lists {command}:\n{help}");
    }
    let version = stdout_of(k.bare().arg("--version").assert().success());
    assert!(version.starts_with("kith "), "{version}");
    k.bare().args(["log", "--help"]).assert().success();
    let review = stdout_of(k.bare().args(["review", "--help"]).assert().success());
    assert_contains_all(
        &review,
        &["--all", "--tier", "--tag", "--org", "--diagnosis", "--limit", "one_sided_taking"],
    );
    let health = stdout_of(k.bare().args(["health", "--help"]).assert().success());
    assert!(health.contains("--explain"), "{health}");
    k.bare().assert().code(2);
}
