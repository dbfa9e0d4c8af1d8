//! Tiers that mean something: on real address books and a LinkedIn export alone nobody is
//! close, the demo's close ties stay close, and a rare but steady tie keeps its own rhythm.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// kith-import's real fixture files.
fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data").join(sub)
}

/// Everyone's tier in a `review --all --json`, by name.
fn tiers(review: &Value) -> Vec<(String, String)> {
    let all = review.as_array().unwrap_or_else(|| panic!("the review is an array: {review}"));
    all.iter()
        .map(|e| (e["name"].as_str().unwrap().to_owned(), e["tier"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn real_address_books_and_a_linkedin_export_alone_have_no_close_tie() {
    let k = Kith::new();
    let sources = [
        "vcard/aosp",
        "vcard/calcard",
        "vcard/sabre",
        "csv/thunderbird",
        "csv/linkedin-2025/Connections.csv",
    ];
    let paths: Vec<String> = sources.iter().map(|s| fixtures(s).to_str().unwrap().to_owned()).collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    k.ok(&args);
    let all = tiers(&k.json(&["review", "--all", "--limit", "0"]));
    assert!(all.len() > 50, "the real cards are in: {}", all.len());
    // Cards carry no contact, and a connection date shows no conversation: nobody is
    // inner, close or active. Before, the one LinkedIn connection (22 Dec 2025), the only
    // person with any contact, ranked inner with a 14-day cadence.
    let close: Vec<&(String, String)> =
        all.iter().filter(|(_, tier)| !matches!(tier.as_str(), "network" | "acquaintance")).collect();
    assert!(close.is_empty(), "{close:?}");
    let connected = all.iter().find(|(name, _)| name == "Alex Rohrberg").expect("the LinkedIn connection");
    assert_eq!(connected.1, "network");
    let explained = k.ok(&["health", "Alex Rohrberg", "--explain"]);
    assert_contains_all(
        &explained,
        &[
            "tier           network (ranked by tie strength among ",
            "closest        network: no conversation in the last year (a connection is none)",
            "cadence        none (they have never taken part unless you pin one)",
            "recency        0: they never took part, so only intensity counts",
        ],
    );
}

#[test]
fn the_demo_keeps_its_close_ties_close() {
    let k = Kith::uninit();
    k.ok(&["demo"]);
    let all = tiers(&k.json(&["review", "--all", "--limit", "0"]));
    let tier = |name: &str| all.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str()).unwrap();
    // Each met or spoke with the owner, both ways, in the last months: the five inner ties
    // (Maya's pinned) are what they were.
    for name in ["Maya Okafor", "Tomás Lindqvist", "Priya Raman", "Grace Whitfield", "Ivo Brandt"] {
        assert_eq!(tier(name), "inner", "{name}: {all:?}");
    }
    // Samir never answered the owner's mail, and Dev's only contact was the owner's call:
    // active at most, whatever their strength.
    assert_eq!((tier("Samir Haddad"), tier("Dev Anand")), ("active", "active"));
}

#[test]
fn a_yearly_call_is_not_overdue_at_eleven_months() {
    let k = Kith::new();
    k.add_person("Yara Quist", &["--email", "yara@example.com"]);
    // A call a year, taking turns, the last 335 days ago: a steady rhythm of 365 days.
    for (at, dir) in [("1430d", "out"), ("1065d", "in"), ("700d", "out"), ("335d", "in")] {
        k.ok(&["log", "Yara", "--channel", "call", "--dir", dir, "--at", at]);
    }
    let explained = k.ok(&["health", "Yara", "--explain"]);
    assert_contains_all(
        &explained,
        &["cadence        every 365 days, at most 547 (their own steady rhythm, slower than the tier's)"],
    );
    // The same rhythm, the last call 400 days ago: 35 days past it, so overdue.
    k.add_person("Zeno Park", &["--email", "zeno@example.com"]);
    for (at, dir) in [("1495d", "out"), ("1130d", "in"), ("765d", "out"), ("400d", "in")] {
        k.ok(&["log", "Zeno", "--channel", "call", "--dir", dir, "--at", at]);
    }
    let review = k.json(&["review", "--all"]);
    let kinds = |name: &str| -> Vec<String> {
        let entry = review.as_array().unwrap().iter().find(|e| e["name"] == name).unwrap();
        entry["diagnoses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["evidence"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(kinds("Yara Quist").iter().all(|e| !e.contains("cadence") && !e.contains("rhythm")), "{review}");
    let zeno = kinds("Zeno Park");
    assert!(
        zeno.iter().any(|e| e.starts_with("last contact 400 days ago")
            && e.ends_with("their own rhythm is 365 days, at most 547")),
        "{zeno:?}"
    );
}
