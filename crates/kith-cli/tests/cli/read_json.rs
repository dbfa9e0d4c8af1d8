//! `--json` on the read commands: valid JSON with the data in fields, and filters that
//! filter.

use crate::export::build_rich;
use crate::support::*;

#[test]
fn person_list_as_json_and_its_filters() {
    let k = Kith::new();
    build_rich(&k);
    let all = k.json(&["person", "list"]);
    assert_eq!(
        field(&all, "name"),
        ["Ada Lovelace", "Charles Babbage", "Grace Hopper", "Élodie Brontë"],
        "everyone, merged record once"
    );
    let names: Vec<&str> = all.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names[..3], sorted[..3], "sorted by name");

    assert_eq!(field(&k.json(&["person", "list", "--tag", "navy"]), "name"), ["Grace Hopper"]);
    assert_eq!(field(&k.json(&["person", "list", "--tag", "compilers"]), "name"), ["Grace Hopper"]);
    assert_eq!(field(&k.json(&["person", "list", "--tag", "Client"]), "name"), ["Charles Babbage"]);
    assert_eq!(len(&k.json(&["person", "list", "--tag", "nobody-has-this"])), 0);
    assert_eq!(
        field(&k.json(&["person", "list", "--org", "engines.example"]), "name"),
        ["Ada Lovelace", "Charles Babbage"]
    );
    assert_eq!(len(&k.json(&["person", "list", "--stage", "active"])), 4);
    assert_eq!(len(&k.json(&["person", "list", "--stage", "ended"])), 0);
    k.refused(&["person", "list", "--stage", "gone"], 2, &["unknown stage \"gone\""]);

    let text = k.ok(&["person", "list", "--tag", "navy"]);
    assert!(text.contains("Grace Hopper") && !text.contains("Ada Lovelace"), "{text}");
}

#[test]
fn org_and_engagement_lists_as_json() {
    let k = Kith::new();
    build_rich(&k);
    let orgs = k.json(&["org", "list"]);
    assert_eq!(field(&orgs, "name"), ["Analytical Engines", "Harbor Partners"]);
    assert!(orgs[0]["id"].as_str().unwrap().starts_with("o_"));

    let org = k.json(&["org", "show", "babbage.example"]);
    assert_eq!(org["organization"]["name"], "Analytical Engines");
    assert_eq!(field(&org["people"], "name"), ["Ada Lovelace", "Charles Babbage"]);
    assert_eq!(len(&org["engagements"]), 2);

    let all = k.json(&["engagement", "list"]);
    assert_eq!(field(&all, "title"), ["Difference engine audit", "Punch card pilot"]);
    assert_eq!(all[0]["title"], "Difference engine audit", "newest start first");
    let active = k.json(&["engagement", "list", "--active"]);
    assert_eq!(field(&active, "title"), ["Difference engine audit"]);
    assert_eq!(len(&active[0]["people"]), 2);
    let pilot = all.as_array().unwrap().iter().find(|e| e["title"] == "Punch card pilot").unwrap();
    assert_eq!(pilot["status"], "finished");
    assert_eq!(pilot["ended_at"], "2025-12-01T00:00:00Z");
    assert_eq!(pilot["started_at"], "2025-06-01T00:00:00Z");

    let shown = k.json(&["engagement", "show", pilot["id"].as_str().unwrap()]);
    assert_eq!(&shown, pilot);
    let text = k.ok(&["engagement", "show", pilot["id"].as_str().unwrap()]);
    assert_contains_all(
        &text,
        &["Punch card pilot for Analytical Engines", "finished", "2025-12-01", "Charles Babbage"],
    );

    // The client names the engagement when it has one; two are ambiguous.
    k.refused(&["engagement", "show", "Analytical Engines"], 2, &["has 2 engagements", "Punch card pilot"]);
    // Finishing takes the only active one, and once is enough.
    k.ok(&["engagement", "finish", "engines.example", "--at", "2026-03-20"]);
    k.refused(&["engagement", "finish", "engines.example"], 3, &["no active engagement"]);
    k.refused(&["engagement", "finish", pilot["id"].as_str().unwrap()], 2, &["already finished"]);

    let text = k.ok(&["engagement", "list"]);
    assert_contains_all(
        &text,
        &["Difference engine audit", "Analytical Engines", "2026-01-10", "2026-03-20"],
    );
}

#[test]
fn show_ledger_and_me_as_json() {
    let k = Kith::new();
    build_rich(&k);
    let view = k.show("Ada Lovelace");
    for key in ["person", "organization", "transitions", "interactions", "ledger", "notes", "checkins"] {
        assert!(view.get(key).is_some(), "show --json has no {key}: {view}");
    }
    assert_eq!(view["organization"]["name"], "Analytical Engines");
    assert_eq!(view["person"]["tier"], "inner");
    assert_eq!(view["person"]["cadence_days"], 14);
    assert_eq!(len(&view["interactions"]), 1);
    assert_eq!(view["interactions"][0]["subject"], "Kick-off");
    assert_eq!(view["interactions"][0]["note"], "went well");
    assert_eq!(view["interactions"][0]["channel"], "meeting");
    assert_eq!(view["interactions"][0]["direction"], "mutual");
    assert_eq!(len(&view["interactions"][0]["participants"]), 2);
    assert_eq!(view["notes"][0]["text"], "Likes long letters");
    assert_eq!(view["notes"][0]["at"], "2026-03-01T00:00:00Z");

    let ledger = k.json(&["ledger", "Ada Lovelace"]);
    assert_eq!(ledger["name"], "Ada Lovelace");
    assert_eq!(ledger["totals"]["given"], 3.0);
    assert_eq!(ledger["totals"]["open_asks_from_them"], 1);
    assert_eq!(ledger["entries"], view["ledger"]["entries"]);

    let charles = k.json(&["ledger", "Charles"]);
    assert_eq!(charles["totals"]["received"], 4.0, "the --weight is kept");
    assert_eq!(charles["totals"]["open_asks_from_owner"], 1);
    assert_eq!(charles["totals"]["balance"], -4.0);

    let me = k.json(&["me", "list"]);
    assert_eq!(identity_values(&me), ["+15550109999", "me@example.com"]);
    assert_eq!(field(&me, "kind"), ["email", "phone"]);
    k.ok(&["me", "add", "ME@example.com"]);
    assert_eq!(len(&k.json(&["me", "list"])), 2, "adding an identity twice is harmless");
    assert_contains_all(&k.ok(&["me", "list"]), &["email", "me@example.com", "phone", "+15550109999"]);
}

#[test]
fn empty_lists_are_empty_json_arrays() {
    let k = Kith::new();
    for args in [&["person", "list"][..], &["org", "list"], &["engagement", "list"], &["me", "list"]] {
        assert_eq!(k.json(args), serde_json::json!([]), "kith --json {}", args.join(" "));
    }
    assert!(k.ok(&["person", "list"]).contains("nobody yet"));
    assert!(k.ok(&["me", "list"]).contains("no identities of yours yet"));
}

#[test]
fn write_commands_report_json_too() {
    let k = Kith::new();
    let org = k.json(&["org", "add", "Acme", "--domain", "acme.example"]);
    assert_eq!(org["domains"], serde_json::json!(["acme.example"]));
    let me = k.json(&["me", "add", "Me@Example.com"]);
    assert_eq!(me[0]["value"], "me@example.com");
    let p = k.json(&["person", "add", "Ada", "--org", "Acme"]);
    assert_eq!(p["org"], org["id"]);
    let tagged = k.json(&["person", "tag", "Ada", "x"]);
    assert_eq!(tagged["tags"], serde_json::json!(["x"]));
    let note = k.json(&["person", "note", "Ada", "hello", "--at", "2026-03-14"]);
    assert_eq!(note["text"], "hello");
    assert_eq!(note["person"], p["id"]);
    let x = k.json(&["asked", "Ada", "advice"]);
    assert_eq!(x["status"], "asked");
    assert_eq!(x["kind"], "advice");
    let removed = k.json(&["person", "rm", "Ada"]);
    assert_eq!(removed["removed"], p["id"]);
}
