//! A person's life in kith: added, contacted, tagged, noted, edited, and merged with a
//! second record of the same person.

use crate::support::*;
use jiff::{SignedDuration, Timestamp};

/// Adds Ada with every kind of detail and checks what `person add` reports.
fn add_ada(k: &Kith) -> String {
    let ada = k.json(&[
        "person",
        "add",
        "  Ada   Lovelace ",
        "--email",
        "Ada@Example.COM",
        "--phone",
        "+44 20 7946 0958",
        "--url",
        "https://www.example.com/ada/",
        "--role",
        "Mathematician",
        "--industry",
        "Computing",
        "--tag",
        "mentor",
        "--tag",
        "Analytical Engines",
    ]);
    assert_eq!(ada["name"], "Ada Lovelace", "the name is cleaned");
    assert_eq!(
        identity_values(&ada["identities"]),
        ["+442079460958", "ada@example.com", "https://example.com/ada"],
        "identities are normalized: {ada}"
    );
    assert_eq!(strings(&ada["tags"]), ["analytical-engines", "mentor"]);
    assert_eq!(ada["role"], "Mathematician");
    assert_eq!(ada["industry"], "Computing");
    assert_eq!(ada["stage"], "active");
    ada["id"].as_str().unwrap().to_owned()
}

#[test]
fn person_lifecycle_ends_in_one_merged_record_with_everything() {
    let k = Kith::new();
    let ada = add_ada(&k);

    // Three contacts, with the three ways of writing a date.
    let out = k.ok(&[
        "log",
        "Ada Lovelace",
        "--channel",
        "call",
        "--dir",
        "out",
        "--at",
        "2026-03-14",
        "--subject",
        "Bernoulli numbers",
        "--note",
        "Note G is finished",
    ]);
    assert_eq!(out, "logged call (out) with Ada Lovelace on 2026-03-14\n");
    let logged = k.json(&[
        "log",
        "ada",
        "--channel",
        "meeting",
        "--dir",
        "mutual",
        "--at",
        "14 Mar 2026",
        "--subject",
        "Engine demonstration",
    ]);
    assert_eq!(logged["at"], "2026-03-14T00:00:00Z");
    assert_eq!(logged["participants"], serde_json::json!([ada]));
    let logged = k.json(&[
        "log",
        "ada@example.com",
        "--channel",
        "email",
        "--dir",
        "in",
        "--at",
        "3d",
        "--subject",
        "Translation of Menabrea",
    ]);
    let at: Timestamp = logged["at"].as_str().unwrap().parse().unwrap();
    let expected = Timestamp::now() - SignedDuration::from_hours(72);
    assert!(
        at.duration_since(expected).abs() < SignedDuration::from_mins(5),
        "--at 3d should be three days ago, got {at}"
    );

    // Tags come and go.
    let out = k.ok(&["person", "tag", "Ada Lovelace", "poet", "Temporary Tag"]);
    assert_contains_all(&out, &["Ada Lovelace is tagged:", "poet", "temporary-tag", "mentor"]);
    let out = k.ok(&["person", "untag", "Ada Lovelace", "temporary-tag"]);
    assert!(!out.contains("temporary-tag"), "untag kept the tag: {out}");
    assert_eq!(strings(&k.show(&ada)["person"]["tags"]), ["analytical-engines", "mentor", "poet"]);

    let out = k.ok(&["person", "note", "Ada Lovelace", "Prefers letters to calls", "--at", "2026-03-01"]);
    assert_eq!(out, "noted on Ada Lovelace (2026-03-01)\n");

    let edited = k.json(&[
        "person",
        "edit",
        "Ada Lovelace",
        "--tier",
        "close",
        "--cadence",
        "30",
        "--add",
        "ada@work.example",
    ]);
    assert_eq!(edited["tier"], "close");
    assert_eq!(edited["cadence_days"], 30);
    assert!(identity_values(&edited["identities"]).contains(&"ada@work.example".to_owned()), "{edited}");

    // The same person, recorded a second time under another name and address.
    let augusta = k.add_person("Augusta King", &["--email", "augusta@kings.example", "--tag", "client"]);
    assert_ne!(ada, augusta);
    k.ok(&[
        "log",
        "Augusta King",
        "--channel",
        "email",
        "--dir",
        "in",
        "--at",
        "2026-02-01",
        "--subject",
        "Letter from Augusta",
    ]);
    k.ok(&[
        "log",
        "Ada Lovelace",
        "Augusta King",
        "--channel",
        "meeting",
        "--dir",
        "mutual",
        "--at",
        "2026-01-15",
        "--subject",
        "Both records at once",
    ]);
    k.ok(&["gave", "Augusta King", "introduction", "--note", "to Charles Babbage", "--at", "2026-02-02"]);
    k.ok(&["got", "augusta@kings.example", "advice", "--at", "2026-02-03"]);
    k.ok(&["asked", "Augusta King", "reference"]);
    k.ok(&["asked", "Augusta King", "favor"]);
    k.ok(&["declined", "Augusta King", "favor"]);
    k.ok(&["gave", "Ada Lovelace", "feedback"]);
    k.ok(&["person", "note", "Augusta King", "Signs her letters A.A.L."]);
    assert_eq!(len(&k.show(&augusta)["ledger"]["entries"]), 4);

    let out = k.ok(&["person", "merge", "Ada Lovelace", "Augusta King"]);
    assert!(
        out.starts_with(&format!(
            "merged Augusta King ({augusta}) into Ada Lovelace ({ada})\nto undo it: kith person unmerge m_"
        )),
        "{out}"
    );

    // One record is left, and it has everything of both.
    let people = k.json(&["person", "list"]);
    assert_eq!(len(&people), 1, "{people}");
    assert_eq!(people[0]["id"], ada.as_str());

    let view = k.show("Ada Lovelace");
    let person = &view["person"];
    assert_eq!(person["id"], ada.as_str());
    assert_eq!(person["name"], "Ada Lovelace");
    assert_eq!(strings(&person["aliases"]), ["Augusta King"]);
    assert_eq!(
        identity_values(&person["identities"]),
        [
            "+442079460958",
            "ada@example.com",
            "ada@work.example",
            "augusta@kings.example",
            "https://example.com/ada"
        ]
    );
    assert_eq!(strings(&person["tags"]), ["analytical-engines", "client", "mentor", "poet"]);
    assert_eq!(person["tier"], "close");
    assert_eq!(person["cadence_days"], 30);
    assert_eq!(person["role"], "Mathematician");
    assert_eq!(person["industry"], "Computing");

    let interactions = &view["interactions"];
    assert_eq!(
        len(interactions),
        5,
        "3 with Ada, 1 with Augusta, 1 with both (counted once): {interactions}"
    );
    assert_eq!(
        field(interactions, "subject"),
        [
            "Bernoulli numbers",
            "Both records at once",
            "Engine demonstration",
            "Letter from Augusta",
            "Translation of Menabrea"
        ]
    );
    for i in interactions.as_array().unwrap() {
        assert_eq!(i["participants"], serde_json::json!([ada]), "participants after the merge: {i}");
    }
    let on_the_14th =
        interactions.as_array().unwrap().iter().filter(|i| i["at"] == "2026-03-14T00:00:00Z").count();
    assert_eq!(on_the_14th, 2, "2026-03-14 and \"14 Mar 2026\" are the same day");

    let ledger = &view["ledger"];
    assert_eq!(len(&ledger["entries"]), 5, "{ledger}");
    let totals = &ledger["totals"];
    assert_eq!(totals["given"], 4.0, "introduction 3 + feedback 1: {totals}");
    assert_eq!(totals["received"], 1.0, "advice: {totals}");
    assert_eq!(totals["balance"], 3.0);
    assert_eq!(totals["open_asks_from_them"], 1);
    assert_eq!(totals["open_asks_from_owner"], 0);
    assert_eq!(totals["declined_by_owner"], 1);
    for x in ledger["entries"].as_array().unwrap() {
        assert_eq!(x["person"], ada.as_str(), "ledger entries move to the kept record: {x}");
    }

    assert_eq!(field(&view["notes"], "text"), ["Prefers letters to calls", "Signs her letters A.A.L."]);

    // The same, in words.
    let text = k.ok(&["show", "Ada Lovelace"]);
    assert_contains_all(
        &text,
        &[
            &format!("Ada Lovelace ({ada})"),
            "ada@example.com",
            "ada@work.example",
            "augusta@kings.example",
            "+442079460958",
            "https://example.com/ada",
            "Augusta King",
            "analytical-engines, client, mentor, poet",
            "close (pinned)",
            "every 30 days (pinned)",
            "Mathematician",
            "Timeline (5 interactions)",
            "Bernoulli numbers",
            "Engine demonstration",
            "Translation of Menabrea",
            "Letter from Augusta",
            "Both records at once",
            "Note G is finished",
            "2026-03-14",
            "to Charles Babbage",
            "you gave 4.0, received 1.0, balance +3.0; open asks: 1 from them, 0 from you",
            "Prefers letters to calls",
            "Signs her letters A.A.L.",
        ],
    );
    assert!(!text.contains(&augusta), "the absorbed id is gone:\n{text}");

    // Every way of naming her reaches the kept record.
    for who in [
        ada.as_str(),
        "ada@example.com",
        "augusta@kings.example",
        "+44 20 7946 0958",
        "Augusta King",
        "lovelace",
        "example.com/ada",
        "https://www.example.com/ada/",
    ] {
        assert_eq!(k.show(who)["person"]["id"], ada.as_str(), "resolving {who}");
    }
    assert_eq!(k.ok(&["person", "show", "ADA@EXAMPLE.COM"]), text, "`person show` is `show`");
    assert_eq!(len(&k.json(&["ledger", "augusta@kings.example"])["entries"]), 5);

    // The absorbed record does not exist any more.
    let line = k.fail(&["show", &augusta], 3);
    assert!(line.contains(&augusta), "{line}");
}

#[test]
fn edit_changes_and_clears_details() {
    let k = Kith::new();
    k.ok(&["org", "add", "Analytical Engines", "--domain", "engines.example"]);
    let ada = add_ada(&k);
    let p = k.json(&[
        "person",
        "edit",
        &ada,
        "--org",
        "engines.example",
        "--name",
        "Ada King",
        "--remove",
        "ada@example.com",
    ]);
    assert_eq!(p["name"], "Ada King");
    assert!(p["org"].as_str().unwrap().starts_with("o_"), "{p}");
    assert!(!identity_values(&p["identities"]).contains(&"ada@example.com".to_owned()));
    assert_contains_all(&k.ok(&["show", "Ada King"]), &["works at", "Analytical Engines, Mathematician"]);

    k.ok(&["person", "edit", "Ada King", "--tier", "inner", "--cadence", "7"]);
    let p = k.json(&["person", "edit", "Ada King", "--no-tier", "--no-cadence", "--no-org"]);
    assert_eq!(p["tier"], serde_json::Value::Null);
    assert_eq!(p["cadence_days"], serde_json::Value::Null);
    assert_eq!(p["org"], serde_json::Value::Null);

    // The old email is free again.
    k.add_person("Someone Else", &["--email", "ada@example.com"]);

    k.refused(&["person", "edit", "Ada King"], 2, &["nothing to change"]);
    k.refused(&["person", "edit", "Ada King", "--remove", "nobody@example.com"], 2, &["nobody@example.com"]);
    k.refused(&["person", "edit", "Ada King", "--tier", "closest"], 2, &["closest", "inner, close, active"]);
    k.refused(&["person", "edit", "Ada King", "--cadence", "0"], 2, &["cadence"]);
    k.refused(
        &["person", "edit", "Ada King", "--add", "ada@example.com"],
        2,
        &["ada@example.com", "already belongs"],
    );
}

#[test]
fn removing_a_person_takes_their_history_with_them() {
    let k = Kith::new();
    let ada = k.add_person("Ada Lovelace", &["--email", "ada@example.com"]);
    let charles = k.add_person("Charles Babbage", &[]);
    k.ok(&["log", "Ada", "--channel", "call", "--dir", "out", "--at", "2026-03-01", "--subject", "Alone"]);
    k.ok(&[
        "log",
        "Ada",
        "Charles",
        "--channel",
        "meeting",
        "--dir",
        "mutual",
        "--at",
        "2026-03-02",
        "--subject",
        "Together",
    ]);
    k.ok(&["gave", "Ada", "advice"]);
    k.ok(&["person", "note", "Ada", "a note"]);

    let out = k.ok(&["person", "rm", "Ada Lovelace"]);
    assert_eq!(out, format!("removed Ada Lovelace ({ada})\n"));
    k.fail(&["show", &ada], 3);
    k.fail(&["show", "ada@example.com"], 3);

    let export: serde_json::Value = serde_json::from_str(&k.export()).unwrap();
    assert_eq!(len(&export["people"]), 1);
    assert_eq!(len(&export["exchanges"]), 0);
    assert_eq!(len(&export["notes"]), 0);
    assert_eq!(len(&export["interactions"]), 1, "only the meeting Charles was in remains: {export}");
    assert_eq!(export["interactions"][0]["subject"], "Together");
    assert_eq!(export["interactions"][0]["participants"], serde_json::json!([charles]));

    // The email address can be given to someone new.
    k.add_person("Ada Again", &["--email", "ada@example.com"]);
}

#[test]
fn init_is_safe_to_run_again_and_kith_db_names_the_database() {
    let k = Kith::new();
    let id = k.add_person("Ada Lovelace", &[]);
    let out = k.ok(&["init"]);
    assert!(out.contains("kith database ready at"), "{out}");
    let json = k.json(&["init"]);
    assert_eq!(json["database"], k.location(), "{json}");
    assert_eq!(k.json(&["person", "list"])[0]["id"], id.as_str(), "init keeps the data");

    crate::sqlite_only!("the rest names the database by its file");
    // KITH_DB stands in for --db.
    let listed =
        stdout_of(k.bare().env("KITH_DB", k.db()).args(["--json", "person", "list"]).assert().success());
    assert_eq!(parse_json(&listed, &["person", "list"])[0]["id"], id.as_str());
}

#[test]
fn merging_people_who_share_an_engagement_keeps_one_member() {
    let k = Kith::new();
    k.ok(&["org", "add", "Analytical Engines"]);
    let ada = k.add_person("Ada Lovelace", &[]);
    let other = k.add_person("A. A. Lovelace", &["--tag", "client"]);
    k.ok(&["engagement", "add", "Analytical Engines", "Audit", "--person", &ada, "--person", &other]);
    k.ok(&["person", "merge", &ada, &other]);
    let engagements = k.json(&["engagement", "list"]);
    assert_eq!(engagements[0]["people"], serde_json::json!([ada]));

    // A name equal to the kept one (but for case) adds no alias; merging again takes
    // the aliases along.
    let third = k.add_person("ADA LOVELACE", &["--email", "ada@third.example"]);
    k.ok(&["person", "merge", &ada, &third]);
    assert_eq!(strings(&k.show(&ada)["person"]["aliases"]), ["A. A. Lovelace"]);
    let fourth = k.add_person("Countess of Lovelace", &[]);
    k.ok(&["person", "merge", &fourth, &ada]);
    let person = &k.show(&fourth)["person"];
    assert_eq!(strings(&person["aliases"]), ["A. A. Lovelace", "Ada Lovelace"]);
    assert_eq!(identity_values(&person["identities"]), ["ada@third.example"]);
    assert_eq!(strings(&person["tags"]), ["client"]);
    assert_eq!(k.json(&["engagement", "list"])[0]["people"], serde_json::json!([fourth]));
}
