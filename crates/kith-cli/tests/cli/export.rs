//! `kith export json` and `kith import json`: a database survives the round trip byte
//! for byte, and a bad import changes nothing.

use crate::support::*;
use serde_json::Value;

/// Fills a database with one of everything the command line can make.
pub fn build_rich(k: &Kith) {
    k.ok(&["me", "add", "me@example.com"]);
    k.ok(&["me", "add", "+1 555 010 9999"]);
    k.ok(&[
        "org",
        "add",
        "Analytical Engines",
        "--domain",
        "engines.example",
        "--domain",
        "WWW.Babbage.Example",
    ]);
    k.ok(&["org", "add", "Harbor Partners"]);
    k.add_person(
        "Ada Lovelace",
        &["--email", "ada@engines.example", "--org", "engines.example", "--role", "CTO", "--tag", "mentor"],
    );
    k.add_person(
        "Charles Babbage",
        &[
            "--email",
            "charles@babbage.example",
            "--phone",
            "+44 20 7946 0000",
            "--org",
            "Analytical Engines",
            "--industry",
            "Computing",
            "--tag",
            "client",
        ],
    );
    k.add_person("Grace Hopper", &["--url", "https://example.com/grace", "--tag", "navy"]);
    k.add_person("G. Hopper", &["--email", "grace@navy.example", "--tag", "compilers"]);
    k.add_person("Élodie Brontë", &["--email", "elodie@example.com", "--role", "Writer — «quoted»"]);
    k.ok(&["person", "edit", "Ada Lovelace", "--tier", "inner", "--cadence", "14"]);

    k.ok(&[
        "engagement",
        "add",
        "engines.example",
        "Difference engine audit",
        "--start",
        "2026-01-10",
        "--person",
        "Ada Lovelace",
        "--person",
        "charles@babbage.example",
    ]);
    let pilot = k.json(&[
        "engagement",
        "add",
        "Analytical Engines",
        "Punch card pilot",
        "--start",
        "2025-06-01",
        "--person",
        "Charles",
    ]);
    let pilot = pilot["id"].as_str().unwrap();
    let finished = k.json(&["engagement", "finish", pilot, "--at", "2025-12-01"]);
    assert_eq!(finished["status"], "finished");

    k.ok(&[
        "log",
        "Ada",
        "Charles",
        "--channel",
        "meeting",
        "--dir",
        "mutual",
        "--at",
        "2026-03-14",
        "--subject",
        "Kick-off",
        "--note",
        "went well",
    ]);
    k.ok(&["log", "Grace Hopper", "--channel", "call", "--dir", "in", "--at", "14 Mar 2026"]);
    k.ok(&["log", "G. Hopper", "--channel", "email", "--dir", "out", "--at", "2w", "--subject", "COBOL"]);
    k.ok(&[
        "log",
        "Élodie",
        "--channel",
        "social",
        "--dir",
        "in",
        "--at",
        "yesterday",
        "--subject",
        "ça va? 🙂",
    ]);
    k.ok(&["gave", "Ada", "introduction", "--note", "to Grace", "--at", "2026-03-15"]);
    k.ok(&["asked", "Ada", "reference"]);
    k.ok(&["asked", "--mine", "Charles", "advice"]);
    k.ok(&["got", "Charles", "help", "--weight", "4"]);
    k.ok(&["asked", "G. Hopper", "favor"]);
    k.ok(&["declined", "G. Hopper", "favor"]);
    k.ok(&["person", "note", "Ada", "Likes long letters", "--at", "2026-03-01"]);
    k.ok(&["person", "note", "G. Hopper", "Met at the compiler meetup"]);
    k.ok(&["person", "tag", "Grace Hopper", "speaker"]);
    k.ok(&["person", "merge", "Grace Hopper", "G. Hopper"]);
}

#[test]
fn a_rich_database_round_trips_byte_for_byte() {
    let a = Kith::new();
    build_rich(&a);
    let exported = a.export();

    let snapshot: Value = serde_json::from_str(&exported).expect("the export is JSON");
    assert_eq!(snapshot["format"], "kith-export");
    assert_eq!(snapshot["version"], 1);
    assert_eq!(identity_values(&snapshot["owner"]), ["+15550109999", "me@example.com"]);
    assert_eq!(len(&snapshot["organizations"]), 2);
    assert_eq!(len(&snapshot["people"]), 4, "five added, one merged away");
    assert_eq!(len(&snapshot["engagements"]), 2);
    assert_eq!(field(&snapshot["engagements"], "status"), ["active", "finished"]);
    assert_eq!(len(&snapshot["interactions"]), 4);
    assert_eq!(len(&snapshot["exchanges"]), 5);
    assert_eq!(len(&snapshot["notes"]), 2);
    let grace = snapshot["people"].as_array().unwrap().iter().find(|p| p["name"] == "Grace Hopper").unwrap();
    assert_eq!(strings(&grace["aliases"]), ["G. Hopper"]);
    assert_eq!(strings(&grace["tags"]), ["compilers", "navy", "speaker"]);
    let orgs = snapshot["organizations"].as_array().unwrap();
    let engines = orgs.iter().find(|o| o["name"] == "Analytical Engines").unwrap();
    assert_eq!(strings(&engines["domains"]), ["babbage.example", "engines.example"]);

    let file = a.path("a.json");
    std::fs::write(&file, &exported).unwrap();
    let b = Kith::uninit();
    let out = b.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    assert!(
        out.starts_with("restored 4 people, 2 organizations, 4 interactions and 5 ledger entries into "),
        "{out}"
    );
    let reexported = b.export();
    assert!(
        reexported == exported,
        "export → import → export differs:\n--- a\n{exported}\n--- b\n{reexported}"
    );

    // And the restored database is a working one.
    assert_eq!(b.show("Grace Hopper")["person"]["id"], grace["id"]);
    b.ok(&["log", "G. Hopper", "--channel", "call", "--dir", "out"]);
    assert_eq!(len(&b.show("grace@navy.example")["interactions"]), 3);
}

#[test]
fn the_demo_database_round_trips_byte_for_byte() {
    let a = Kith::uninit();
    a.ok(&["demo"]);
    let exported = a.export();
    let snapshot: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(len(&snapshot["people"]), 12);
    assert!(len(&snapshot["transitions"]) >= 3, "the demo changes stages: {}", snapshot["transitions"]);
    assert!(len(&snapshot["checkins"]) >= 1);

    let file = a.path("a.json");
    std::fs::write(&file, &exported).unwrap();
    let b = Kith::uninit();
    let summary = b.json(&["import", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(summary["people"], 12);
    assert_eq!(summary["organizations"], 2);
    let reexported = b.export();
    assert!(
        reexported == exported,
        "export → import → export differs:\n--- a\n{exported}\n--- b\n{reexported}"
    );
    assert_eq!(b.show("Chloé Martin")["person"]["stage"], "ended");
}

#[test]
fn export_to_a_file_writes_the_same_bytes() {
    let k = Kith::new();
    build_rich(&k);
    let file = k.path("out.json");
    let assert = k.run(&["export", "json", "--out", file.to_str().unwrap()]).success();
    assert!(assert.get_output().stdout.is_empty(), "--out writes nothing on stdout");
    let note = stderr_of(&assert);
    assert!(note.contains("exported 4 people to"), "{note}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), k.export());

    // -o is the short form.
    let file2 = k.path("out2.json");
    k.ok(&["export", "json", "-o", file2.to_str().unwrap()]);
    assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(&file2).unwrap());
}

#[test]
fn an_empty_database_exports_and_round_trips() {
    let a = Kith::new();
    let exported = a.export();
    let snapshot: Value = serde_json::from_str(&exported).unwrap();
    for list in ["owner", "organizations", "people", "engagements", "interactions", "exchanges", "notes"] {
        assert_eq!(len(&snapshot[list]), 0, "{list}");
    }
    let file = a.path("a.json");
    std::fs::write(&file, &exported).unwrap();
    let b = Kith::new();
    b.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(b.export(), exported);
}

#[test]
fn importing_into_a_database_with_data_changes_nothing() {
    let a = Kith::new();
    build_rich(&a);
    let file = a.path("a.json");
    std::fs::write(&file, a.export()).unwrap();

    let b = Kith::new();
    b.add_person("Somebody Else", &["--email", "somebody@example.com"]);
    b.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["already holds data"]);

    // Importing into itself is the same refusal.
    a.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["already holds data"]);

    // Only the owner's identities count as data too.
    let c = Kith::new();
    c.ok(&["me", "add", "me@example.com"]);
    c.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["already holds data"]);
}

#[test]
fn malformed_json_names_the_file_and_line() {
    let k = Kith::new();
    let file = k.path("broken.json");
    std::fs::write(&file, "{\n  \"format\": \"kith-export\",\n  \"version\": 1,\n  \"owner\": [,\n}\n")
        .unwrap();
    let line =
        k.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &[file.to_str().unwrap()]);
    assert!(line.contains("broken.json:4:"), "names the line: {line}");

    // A truncated export.
    let a = Kith::new();
    build_rich(&a);
    let full = a.export();
    let cut: String = full.lines().take(20).collect::<Vec<_>>().join("\n");
    let file = k.path("cut.json");
    std::fs::write(&file, cut).unwrap();
    let line = k.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["cut.json:"]);
    assert!(line.contains("not a kith export"), "{line}");
}

#[test]
fn json_that_is_not_a_kith_export_is_refused() {
    let k = Kith::new();
    let file = k.path("other.json");
    std::fs::write(&file, "{\"hello\": \"world\"}\n").unwrap();
    k.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["other.json"]);

    let a = Kith::new();
    a.add_person("Ada Lovelace", &[]);
    let wrong_format = a.export().replace("\"kith-export\"", "\"someone-else\"");
    std::fs::write(&file, wrong_format).unwrap();
    k.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["other.json", "someone-else"]);

    let newer = a.export().replace("\"version\": 1,", "\"version\": 99,");
    std::fs::write(&file, newer).unwrap();
    k.refused(&["import", "--format", "json", file.to_str().unwrap()], 2, &["other.json", "version 99"]);
}

#[test]
fn a_missing_import_file_is_an_error() {
    let k = Kith::new();
    let missing = k.path("missing.json");
    let line = k.fail(&["import", "--format", "json", missing.to_str().unwrap()], 3);
    assert!(line.contains("missing.json"), "{line}");
}

#[test]
fn an_import_that_breaks_a_rule_writes_nothing() {
    // Two people under one id cannot both be restored.
    let a = Kith::new();
    let ada = a.add_person("Ada Lovelace", &["--email", "ada@example.com"]);
    let charles = a.add_person("Charles Babbage", &["--email", "charles@example.com"]);
    let doctored = a.export().replace(&charles, &ada);
    let file = a.path("doctored.json");
    std::fs::write(&file, doctored).unwrap();

    let b = Kith::new();
    let before = b.export();
    let assert = b.run(&["import", "--format", "json", file.to_str().unwrap()]).failure();
    one_error_line(&stderr_of(&assert));
    assert_eq!(b.export(), before, "a failed import must write nothing");
}

#[test]
fn a_missing_import_file_creates_no_database() {
    let k = Kith::uninit();
    let missing = k.path("missing.json");
    let line = k.fail(&["import", "--format", "json", missing.to_str().unwrap()], 3);
    assert!(line.contains("there is no file") && line.contains("missing.json"), "{line}");
    assert!(!k.db().exists(), "a failed import left a database behind");
}
