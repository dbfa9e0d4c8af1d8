//! `kith import`, `kith dupes` and the vCard and CSV exports, on real fixture files.

use crate::support::*;
use jiff::tz::TimeZone;
use kith_import::{Context, Format};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// kith-import's fixture folder.
fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data").join(sub)
}

/// Every file under `dir` whose name ends in `ext`, sorted.
fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_with(&path, ext));
        } else if path.to_string_lossy().ends_with(ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A kith whose owner is known, and the arguments importing every fixture folder.
fn owner_and_every_fixture() -> (Kith, Vec<String>) {
    let k = Kith::new();
    k.ok(&["me", "add", "pete@example.com"]);
    let folders = ["vcard", "csv", "ical"].map(|sub| arg(&fixtures(sub)).to_owned());
    (k, ["import".to_owned()].into_iter().chain(folders).collect())
}

/// How many cards of these files name someone (a name or an identity), each card once
/// even if several files hold it under one source key.
fn cards_naming_someone(files: &[PathBuf]) -> usize {
    let mut keys = std::collections::HashSet::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(file).unwrap();
        let cx =
            Context { file: &name, owner: &[], now: jiff::Timestamp::now(), tz: &TimeZone::UTC, since: None };
        keys.extend(
            kith_import::parse(Format::Vcard, &bytes, &cx).contacts.into_iter().map(|c| c.source_key),
        );
    }
    keys.len()
}

#[test]
fn every_vcard_fixture_imports_one_person_per_human() {
    let k = Kith::new();
    let dir = fixtures("vcard");
    let files = files_with(&dir, ".vcf");
    assert!(files.len() >= 100, "the vCard fixtures are missing: {}", files.len());
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| arg(f)));
    let assert = k.run(&args).success();
    let stderr = stderr_of(&assert);
    let out = stdout_of(assert);
    let skipped: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("imported ").and_then(|l| l.rsplit_once("skipped ")))
        .map(|(_, n)| n.parse().unwrap())
        .unwrap_or_else(|| panic!("no summary line: {out}"));
    assert!(skipped > 0, "some fixture cards name nobody: {out}");
    let summary = k.json(&["import", "--dry-run", arg(&files[0])]);
    assert_eq!(summary["imported"], 0, "a dry run of an imported file finds nothing new");

    // One person per card that names someone, less one for each merge: which merges
    // are right is checked against the names in `merges.rs`.
    let people = k.json(&["person", "list"]);
    let cards = cards_naming_someone(&files);
    let merges = k.json(&["person", "merges"]);
    assert_eq!(len(&people), cards - len(&merges), "{merges:#}");
    // Each skipped card is reported on standard error with its file and line.
    let reported: Vec<&str> = stderr.lines().filter(|l| l.ends_with("; skipped")).collect();
    assert_eq!(reported.len(), skipped, "{stderr}");
    for line in reported {
        let (place, _) = line.split_once(": ").unwrap();
        let (file, number) = place.rsplit_once(':').unwrap();
        assert!(file.ends_with(".vcf") && number.parse::<u64>().unwrap() > 0, "{line}");
    }
}

/// Re-imports through the binary, each given 20 seconds: none may hang (an earlier store
/// shared its connection between two drivers, and one re-import in twenty or so waited
/// forever). kith-app's tests import the mail fixtures 200 times in a row.
#[test]
fn importing_the_same_files_again_and_again_never_hangs() {
    let (k, args) = owner_and_every_fixture();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    k.ok(&args);
    for _ in 0..30 {
        k.cmd().args(&args).timeout(std::time::Duration::from_secs(20)).assert().success();
    }
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let (k, args) = owner_and_every_fixture();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let first = k.json(&args);
    let unrecognized = strings(&first["unrecognized"]);
    // Only the header-less CSV cannot be told from other text (licenses, READMEs).
    let data = |f: &&String| [".vcf", ".ics", ".csv"].iter().any(|ext| f.ends_with(ext));
    let data: Vec<_> = unrecognized.iter().filter(data).collect();
    assert!(data.len() == 1 && data[0].ends_with("csv_no_header.csv"), "{data:?}");
    let records = first["imported"].as_u64().unwrap() + first["merged"].as_u64().unwrap();
    assert!(records > 100 && first["interactions_added"].as_u64().unwrap() > 100, "{first}");
    let before = k.export();
    let again = k.json(&args);
    let counts = |s: &Value| (s["imported"].as_u64(), s["merged"].as_u64(), s["updated"].as_u64());
    assert_eq!(counts(&again), (Some(0), Some(0), Some(0)), "{again}");
    assert_eq!(again["interactions_added"], 0);
    // Every meeting is found already present; unchanged contacts are not looked at again.
    let meetings: u64 =
        again["files"].as_array().unwrap().iter().map(|f| f["meetings"].as_u64().unwrap()).sum();
    assert_eq!(again["interactions_present"], meetings);
    assert_eq!(again["skipped"], first["skipped"]);
    assert_eq!(k.export(), before, "a second import must change nothing");
}

#[test]
fn an_updated_file_updates_what_changed() {
    let k = Kith::new();
    let file = k.path("book.vcf");
    let card = |title: &str| {
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nTITLE:{title}\r\nEND:VCARD\r\n"
        )
    };
    std::fs::write(&file, card("Analyst")).unwrap();
    k.ok(&["import", arg(&file)]);
    std::fs::write(&file, card("Countess")).unwrap();
    let summary = k.json(&["import", arg(&file)]);
    assert_eq!((summary["updated"].as_u64(), summary["imported"].as_u64()), (Some(1), Some(0)));
    assert_eq!(k.show("Ada")["person"]["role"], "Countess");
    assert_eq!(len(&k.json(&["person", "list"])), 1);
}

#[test]
fn a_bad_card_is_reported_with_its_line_and_the_rest_goes_in() {
    let k = Kith::new();
    let file = k.path("mixed.vcf");
    std::fs::write(
        &file,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nNOTE:nobody in particular\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:not-an-address\nEND:VCARD\n",
    )
    .unwrap();
    let assert = k.run(&["import", arg(&file)]).success();
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("mixed.vcf:6: ") && stderr.contains("; skipped"), "{stderr}");
    assert!(stderr.contains("mixed.vcf:10: ") && stderr.contains("not-an-address"), "{stderr}");
    let out = stdout_of(assert);
    assert!(out.contains("imported 2, merged 0, updated 0, unchanged 0, skipped 1"), "{out}");
    let names = field(&k.json(&["person", "list"]), "name");
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
}

#[test]
fn a_dry_run_prints_the_summary_and_writes_nothing() {
    let k = Kith::new();
    let before = k.export();
    let out = k.ok(&["import", "--dry-run", arg(&fixtures("vcard/aosp"))]);
    assert!(out.contains("imported ") && out.contains("dry run: nothing was written"), "{out}");
    assert_eq!(k.export(), before);
}

#[test]
fn vcard_export_imports_back_the_same_people() {
    let a = Kith::new();
    a.ok(&["org", "add", "Northwind Labs"]);
    a.add_person(
        "Maya Okafor",
        &[
            "--email",
            "maya@northwind.example",
            "--phone",
            "+44 20 7946 0958",
            "--org",
            "Northwind",
            "--role",
            "CTO",
        ],
    );
    a.add_person("Jonah Feld", &["--url", "https://feldstudio.example/jonah", "--tag", "designer"]);
    a.add_person("Chloé Martin", &[]);
    a.ok(&["person", "tag", "Maya", "mentor", "former manager"]);
    a.ok(&["person", "edit", "Maya", "--add", "https://linkedin.com/in/maya"]);
    a.ok(&["person", "note", "Maya", "Prefers calls; knows everyone in data, engineering and ops."]);
    a.ok(&["person", "note", "Chloé", "Second line\nof a note"]);
    let cards = a.path("all.vcf");
    a.ok(&["export", "vcard", "--out", arg(&cards)]);
    let dir = a.path("cards");
    a.ok(&["export", "vcard", "--dir", arg(&dir)]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);

    for source in [cards, dir] {
        let b = Kith::new();
        b.ok(&["import", arg(&source)]);
        assert_eq!(people_view(&b), people_view(&a), "from {}", source.display());
    }
}

/// Everyone's name, identities, organization, role, tags and notes, without ids.
fn people_view(k: &Kith) -> Vec<Value> {
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let orgs: HashMap<&str, &str> = export["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), o["name"].as_str().unwrap()))
        .collect();
    let mut view: Vec<Value> = export["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut notes: Vec<&str> = export["notes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["person"] == p["id"])
                .map(|n| n["text"].as_str().unwrap())
                .collect();
            notes.sort();
            serde_json::json!({
                "name": p["name"],
                "identities": p["identities"],
                "org": p["org"].as_str().map(|o| orgs[o]),
                "role": p["role"],
                "tags": p["tags"],
                "notes": notes,
            })
        })
        .collect();
    view.sort_by_key(|v| v["name"].as_str().unwrap().to_owned());
    view
}

#[test]
fn csv_export_lists_everyone() {
    let k = Kith::new();
    k.add_person("Maya Okafor", &["--email", "maya@northwind.example", "--tag", "mentor"]);
    k.add_person("Li, Wei", &[]);
    let out = k.ok(&["export", "csv"]);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let headers = rows.headers().unwrap().clone();
    assert_eq!(&headers[0], "Name");
    let names: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(names, ["Li, Wei", "Maya Okafor"]);
}

#[test]
fn linkedin_connections_become_people_with_a_first_interaction() {
    let k = Kith::new();
    let real = fixtures("csv/linkedin-2025/Connections.csv");
    let summary = k.json(&["import", arg(&real)]);
    assert_eq!((summary["imported"].as_u64(), summary["interactions_added"].as_u64()), (Some(1), Some(1)));
    assert_eq!(summary["files"][0]["format"], "linkedin");
    let person = k.show("Alex Rohrberg");
    assert_eq!(person["person"]["role"], "Software Engineer");
    assert_eq!(person["organization"]["name"], "Schneider Electric");
    assert_eq!(identity_values(&person["person"]["identities"]), ["https://linkedin.com/in/alexrohrberg"]);
    let timeline = person["interactions"].as_array().unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0]["channel"], "social");
    assert!(timeline[0]["at"].as_str().unwrap().starts_with("2025-12-2"), "{}", timeline[0]);
}

/// A small calendar: a meeting with two guests, one of whom declined, and a call with
/// one of them, both organized by the owner.
const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith tests//EN\r\n\
BEGIN:VEVENT\r\nUID:call-1\r\nDTSTART:20260305T100000Z\r\nSUMMARY:Call\r\n\
ORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:grace@example.org\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:review-1\r\nDTSTART:20260302T100000Z\r\nDTEND:20260302T110000Z\r\n\
SUMMARY:Quarterly review\r\nORGANIZER;CN=Me:mailto:me@example.org\r\n\
ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.org\r\n\
ATTENDEE;CN=Grace Hopper;PARTSTAT=DECLINED:mailto:grace@example.org\r\n\
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn calendars_need_the_owner_and_log_meetings_with_the_others() {
    let k = Kith::new();
    let file = k.path("work.ics");
    std::fs::write(&file, CALENDAR).unwrap();
    let line = k.refused(&["import", arg(&file)], 2, &["which attendee is you", "--me"]);
    assert!(line.contains("me@example.org"), "the likeliest owner is proposed: {line}");

    let before = k.export();
    let dry = k.json(&["import", "--dry-run", "--me", "me@example.org", arg(&file)]);
    assert_eq!(dry["interactions_added"], 2);
    assert_eq!(k.export(), before, "a dry run does not even keep --me");
    let summary = k.json(&["import", "--me", "me@example.org", arg(&file)]);
    assert_eq!((summary["imported"].as_u64(), summary["interactions_added"].as_u64()), (Some(2), Some(2)));
    let ada = k.show("Ada Lovelace");
    assert_eq!(ada["interactions"][0]["channel"], "meeting");
    assert_eq!(ada["interactions"][0]["subject"], "Quarterly review");
    let grace = k.show("grace@example.org");
    assert_eq!(len(&grace["interactions"]), 1, "not the review she declined: {grace}");
    assert_eq!(grace["person"]["name"], "grace@example.org", "named by address when the calendar gives none");
    let again = k.json(&["import", arg(&file)]);
    assert_eq!(
        (again["interactions_added"].as_u64(), again["interactions_present"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn files_of_unknown_formats_are_named_and_left_alone() {
    let k = Kith::new();
    let dir = k.path("mixed");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "just some notes\n").unwrap();
    std::fs::write(dir.join("one.vcf"), "BEGIN:VCARD\nVERSION:4.0\nFN:Ada Lovelace\nEND:VCARD\n").unwrap();
    let out = k.ok(&["import", arg(&dir)]);
    assert!(out.contains("not recognized, left alone") && out.contains("notes.txt"), "{out}");
    assert!(out.contains("imported 1"), "{out}");
    k.refused(&["import", arg(&dir.join("notes.txt"))], 2, &["found nothing kith can import", "--format"]);
    k.refused(&["import", "--format", "xls", arg(&dir)], 2, &["unknown format", "vcard"]);
    k.fail(&["import", arg(&k.path("missing.vcf"))], 3);
}

#[test]
fn dupes_proposes_and_merge_resolves() {
    let k = Kith::new();
    k.ok(&["org", "add", "Northwind Labs"]);
    let ada = k.add_person("Ada Lovelace", &["--email", "ada@example.org", "--org", "Northwind"]);
    let twin = k.add_person("A. Lovelace", &["--email", "ada@home.example", "--org", "Northwind"]);
    k.add_person("Grace Hopper", &[]);
    let pairs = k.json(&["dupes"]);
    assert_eq!(len(&pairs), 1, "{pairs}");
    let ids = [pairs[0]["a"]["id"].as_str().unwrap(), pairs[0]["b"]["id"].as_str().unwrap()];
    assert!(ids.contains(&ada.as_str()) && ids.contains(&twin.as_str()));
    let out = k.ok(&["dupes"]);
    assert!(out.contains("same organization") && out.contains("kith dupes --accept"), "{out}");
    assert_eq!(len(&k.json(&["person", "list"])), 3, "dupes never merges by itself");
    k.ok(&["person", "merge", &ada, &twin]);
    assert_eq!(len(&k.json(&["dupes"])), 0);
}
