//! What the user records that the data cannot show: facts about people, the owner's own
//! changes, and muted diagnoses — recorded, listed, replaced, removed and carried through
//! merges and exports.

use crate::support::*;
use serde_json::Value;

/// A database with Ada and Grace, and a note of Ada's so that exports have some history.
fn two_people() -> Kith {
    let k = Kith::new();
    k.add_person("Ada Lovelace", &["--email", "ada@example.com"]);
    k.add_person("Grace Hopper", &["--email", "grace@navy.example"]);
    k
}

/// One list of an export.
fn exported(k: &Kith, list: &str) -> Value {
    let snapshot: Value = serde_json::from_str(&k.export()).expect("the export is JSON");
    snapshot[list].clone()
}

#[test]
fn facts_are_recorded_listed_and_removed() {
    let k = two_people();
    let out =
        k.ok(&["fact", "Ada", "interests-diverged", "--since", "2026-03-01", "--note", "moved to biotech"]);
    assert_eq!(out, "recorded on Ada Lovelace: interests_diverged since 2026-03-01: moved to biotech\n");
    let retired = k.json(&["fact", "ada@example.com", "retired", "--since", "14 Mar 2026"]);
    assert_eq!(retired["fact"], "retired");
    assert_eq!(retired["at"], "2026-03-14T00:00:00Z");
    assert_eq!(retired["note"], Value::Null);

    let listed = k.json(&["fact", "Ada"]);
    assert_eq!(field(&listed, "fact"), ["interests_diverged", "retired"]);
    assert_contains_all(
        &k.ok(&["fact", "Ada"]),
        &["interests_diverged", "2026-03-01", "moved to biotech", "retired", "2026-03-14"],
    );
    assert_eq!(k.json(&["fact", "Grace"]), serde_json::json!([]));
    assert!(k.ok(&["fact", "Grace"]).starts_with("no facts about Grace Hopper"));

    // The same fact again is still one fact, with the new date and note.
    k.ok(&["fact", "Ada", "interests_diverged", "--since", "2026-04-02", "--note", "now in pharma"]);
    let listed = k.json(&["fact", "Ada"]);
    assert_eq!(len(&listed), 2, "{listed}");
    let diverged = listed.as_array().unwrap().iter().find(|f| f["fact"] == "interests_diverged").unwrap();
    assert_eq!(diverged["at"], "2026-04-02T00:00:00Z");
    assert_eq!(diverged["note"], "now in pharma");

    let out = k.ok(&["fact", "Ada", "--remove", "retired"]);
    assert_eq!(out, "removed retired from Ada Lovelace\n");
    assert_eq!(field(&k.json(&["fact", "Ada"]), "fact"), ["interests_diverged"]);
    k.refused(&["fact", "Ada", "--remove", "retired"], 3, &["Ada Lovelace has no fact \"retired\""]);
    let removed = k.json(&["fact", "Ada", "--remove", "interests-diverged"]);
    assert_eq!(removed["removed"]["note"], "now in pharma");
    assert_eq!(len(&exported(&k, "facts")), 0);
}

#[test]
fn show_has_a_short_facts_section() {
    let k = two_people();
    assert!(!k.ok(&["show", "Ada"]).contains("\nFacts"), "no section when there is nothing to say");
    k.ok(&["fact", "Ada", "hostile", "--since", "2026-02-01", "--note", "shouted at the meetup"]);
    k.ok(&["mute", "Ada", "strained", "--until", "2099-01-01"]);
    k.ok(&["mute", "Grace", "drifting", "--until", "2099-01-01"]);
    let shown = k.ok(&["show", "Ada"]);
    assert_contains_all(
        &shown,
        &["\nFacts\n", "hostile since 2026-02-01: shouted at the meetup", "strained muted until 2099-01-01"],
    );
    assert!(!shown.contains("drifting"), "Grace's mute is hers: {shown}");
    let view = k.show("Ada");
    assert_eq!(field(&view["facts"], "fact"), ["hostile"]);
    assert_eq!(field(&view["mutes"], "diagnosis"), ["strained"]);
    assert_eq!(len(&k.show("Grace")["facts"]), 0);
}

#[test]
fn owner_changes_are_declared_listed_and_cleared() {
    let k = Kith::new();
    k.ok(&["me", "add", "me@example.com"]);
    let out = k.ok(&["me", "strategy-change", "--since", "2026-01-05"]);
    assert_eq!(out, "declared strategy_change since 2026-01-05\n");
    let retiring = k.json(&["me", "retiring", "--since", "2026-06-01"]);
    assert_eq!(retiring, serde_json::json!({ "change": "retiring", "since": "2026-06-01T00:00:00Z" }));
    k.ok(&["me", "changing-industry"]);
    assert_contains_all(
        &k.ok(&["me", "list"]),
        &[
            "me@example.com",
            "Declared changes",
            "strategy_change since 2026-01-05",
            "retiring since 2026-06-01",
            "changing_industry since ",
        ],
    );
    assert_eq!(len(&k.json(&["me", "list"])), 1, "--json still lists the identities");

    // Declaring again moves the date; it stays one declaration.
    k.ok(&["me", "strategy-change", "--since", "2026-02-01"]);
    let declared = exported(&k, "owner_facts");
    assert_eq!(field(&declared, "change"), ["changing_industry", "retiring", "strategy_change"]);
    let strategy = declared.as_array().unwrap().iter().find(|d| d["change"] == "strategy_change").unwrap();
    assert_eq!(strategy["since"], "2026-02-01T00:00:00Z");

    let out = k.ok(&["me", "clear", "strategy-change"]);
    assert_eq!(out, "cleared strategy_change (declared since 2026-02-01)\n");
    let cleared = k.json(&["me", "clear", "changing_industry"]);
    assert_eq!(cleared["cleared"]["change"], "changing_industry");
    let listed = k.ok(&["me", "list"]);
    assert!(listed.contains("retiring") && !listed.contains("strategy_change"), "{listed}");
    k.refused(&["me", "clear", "strategy-change"], 3, &["you have not declared strategy_change"]);
    k.ok(&["me", "clear", "retiring"]);
    assert!(!k.ok(&["me", "list"]).contains("Declared changes"));
}

#[test]
fn mutes_are_set_replaced_and_lifted() {
    let k = two_people();
    let out = k.ok(&["mute", "Ada", "drifting", "--until", "2099-01-01"]);
    assert_eq!(out, "muted drifting for Ada Lovelace until 2099-01-01\n");
    let again = k.json(&["mute", "Ada", "drifting", "--until", "1 Jun 2098"]);
    assert_eq!(again["until"], "2098-06-01T00:00:00Z");
    k.ok(&["mute", "Ada", "one-sided-taking", "--until", "2099-01-01"]);
    let mutes = exported(&k, "mutes");
    assert_eq!(field(&mutes, "diagnosis"), ["drifting", "one_sided_taking"], "one mute per diagnosis");
    assert_eq!(field(&mutes, "until"), ["2098-06-01T00:00:00Z", "2099-01-01T00:00:00Z"]);

    let out = k.ok(&["unmute", "Ada", "drifting"]);
    assert_eq!(out, "unmuted drifting for Ada Lovelace\n");
    assert_eq!(field(&k.show("Ada")["mutes"], "diagnosis"), ["one_sided_taking"]);
    k.refused(&["unmute", "Ada", "drifting"], 3, &["drifting is not muted for Ada Lovelace"]);
    k.refused(&["unmute", "Grace", "one_sided_taking"], 3, &["not muted for Grace Hopper"]);
    let lifted = k.json(&["unmute", "Ada", "one_sided_taking"]);
    assert_eq!(lifted["unmuted"]["until"], "2099-01-01T00:00:00Z");
    assert_eq!(len(&exported(&k, "mutes")), 0);
}

#[test]
fn bad_names_and_dates_are_refused_and_change_nothing() {
    let k = two_people();
    k.ok(&["fact", "Ada", "retired", "--since", "2026-01-01"]);
    k.ok(&["mute", "Ada", "dormant", "--until", "2099-01-01"]);
    k.ok(&["me", "retiring", "--since", "2026-01-01"]);

    k.refused(
        &["fact", "Ada", "bored"],
        2,
        &[
            "unknown fact \"bored\"",
            "interests_diverged, values_conflict, hostile, changed_industry, retired",
        ],
    );
    k.refused(&["fact", "Ada", "--remove", "bored"], 2, &["unknown fact \"bored\""]);
    k.refused(
        &["mute", "Ada", "sulking", "--until", "2099-01-01"],
        2,
        &["unknown diagnosis \"sulking\"", "one_sided_taking", "thriving"],
    );
    k.refused(&["unmute", "Ada", "sulking"], 2, &["unknown diagnosis \"sulking\""]);
    k.refused(
        &["me", "clear", "sabbatical"],
        2,
        &["unknown owner change \"sabbatical\"", "strategy_change, changing_industry, retiring"],
    );
    k.refused(&["mute", "Ada", "dormant", "--until", "2020-01-01"], 2, &["2020-01-01", "has passed"]);
    k.refused(&["mute", "Ada", "dormant", "--until", "yesterday"], 2, &["has passed"]);
    k.refused(&["fact", "Ada", "hostile", "--since", "2999-01-01"], 2, &["2999-01-01", "in the future"]);
    k.refused(&["fact", "Ada", "hostile", "--since", "soon"], 2, &["\"soon\" is not a date"]);
    k.refused(&["me", "retiring", "--since", "someday"], 2, &["\"someday\""]);
    k.refused(&["fact", "Ada", "hostile", "--note", " "], 2, &["the note cannot be empty"]);
    k.refused(&["fact", "Nobody", "hostile"], 3, &["no person matches \"Nobody\""]);
    k.refused(&["mute", "Nobody", "drifting", "--until", "2099-01-01"], 3, &["no person matches"]);

    // Usage errors are clap's, with its exit code.
    let before = k.export();
    k.run(&["fact", "Ada", "--remove", "retired", "--note", "why"]).code(2);
    k.run(&["fact", "Ada", "hostile", "--remove", "retired"]).code(2);
    k.run(&["fact", "Ada", "--since", "2026-01-01"]).code(2);
    k.run(&["mute", "Ada", "drifting"]).code(2);
    k.run(&["me", "clear"]).code(2);
    assert_eq!(before, k.export());
}

#[test]
fn merging_and_removing_people_take_their_facts_and_mutes() {
    let k = two_people();
    k.add_person("A. Lovelace", &["--email", "ada@home.example"]);
    k.ok(&["fact", "Ada Lovelace", "retired", "--since", "2026-01-01", "--note", "older"]);
    k.ok(&["fact", "A. Lovelace", "retired", "--since", "2026-02-01", "--note", "newer"]);
    k.ok(&["fact", "A. Lovelace", "changed-industry", "--since", "2026-01-15"]);
    k.ok(&["mute", "A. Lovelace", "overdue", "--until", "2099-01-01"]);
    k.ok(&["person", "merge", "Ada Lovelace", "A. Lovelace"]);
    let facts = k.json(&["fact", "Ada Lovelace"]);
    assert_eq!(field(&facts, "fact"), ["changed_industry", "retired"]);
    assert_eq!(field(&facts, "note"), ["newer", "null"], "the later of the two facts stays");
    assert_eq!(field(&k.show("ada@home.example")["mutes"], "diagnosis"), ["overdue"]);

    k.ok(&["mute", "Grace", "dormant", "--until", "2099-01-01"]);
    k.ok(&["person", "rm", "Ada Lovelace"]);
    assert_eq!(len(&exported(&k, "facts")), 0);
    assert_eq!(field(&exported(&k, "mutes"), "diagnosis"), ["dormant"], "only Grace's mute is left");
}

#[test]
fn facts_owner_changes_and_mutes_round_trip_byte_for_byte() {
    let a = Kith::new();
    crate::export::build_rich(&a);
    a.ok(&["fact", "Ada", "changed-industry", "--since", "2026-03-02", "--note", "now in looms"]);
    a.ok(&["fact", "Grace Hopper", "retired", "--note", "«finally» 🙂"]);
    a.ok(&["fact", "Charles", "values-conflict", "--since", "2w"]);
    a.ok(&["me", "strategy-change", "--since", "2026-01-01"]);
    a.ok(&["me", "retiring", "--since", "2027-01-01"]);
    a.ok(&["mute", "Grace Hopper", "dormant", "--until", "2099-01-01"]);
    a.ok(&["mute", "Ada", "one_sided_giving", "--until", "2098-12-31"]);
    let exported = a.export();
    let snapshot: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!((len(&snapshot["facts"]), len(&snapshot["owner_facts"]), len(&snapshot["mutes"])), (3, 2, 2));

    let file = a.path("a.json");
    std::fs::write(&file, &exported).unwrap();
    let b = Kith::uninit();
    b.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    let reexported = b.export();
    assert!(
        reexported == exported,
        "export → import → export differs:\n--- a\n{exported}\n--- b\n{reexported}"
    );
    assert_eq!(b.json(&["fact", "Grace Hopper"])[0]["note"], "«finally» 🙂");
}

#[test]
fn exports_made_before_facts_still_import() {
    let a = two_people();
    a.ok(&["person", "note", "Ada", "Likes long letters", "--at", "2026-03-01"]);
    let exported = a.export();
    let mut older: Value = serde_json::from_str(&exported).unwrap();
    for list in ["facts", "owner_facts", "mutes"] {
        older.as_object_mut().unwrap().remove(list).unwrap_or_else(|| panic!("the export has {list}"));
    }
    let file = a.path("older.json");
    std::fs::write(&file, serde_json::to_string_pretty(&older).unwrap()).unwrap();
    let b = Kith::uninit();
    b.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(b.export(), exported);
}
