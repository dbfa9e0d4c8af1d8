//! Merges that are never wrong in silence: what an import joins, what it keeps apart
//! for `kith dupes`, and undoing a merge, on the real address books kith-import's tests
//! hold (AOSP, calcard, ical.js and sabre vCards; LinkedIn's 2025 Connections.csv;
//! Thunderbird's CSV exports).

use crate::support::*;
use kith_core::{Person, names_agree};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The real address books, as one import's arguments.
fn real_address_books() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data");
    let folders: Vec<PathBuf> =
        vec![data.join("vcard"), data.join("csv/linkedin-2025"), data.join("csv/thunderbird")];
    std::iter::once("import".to_owned())
        .chain(folders.iter().map(|p| p.to_str().unwrap().to_owned()))
        .collect()
}

fn person(value: &Value) -> Person {
    serde_json::from_value(value.clone()).unwrap()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn real_address_books_join_only_records_whose_names_agree() {
    let k = Kith::new();
    let import = k.json(&args(&real_address_books()));
    let merges = k.json(&["person", "merges"]);
    // Worked out by hand from the files: 16 records share an identity with the one
    // person an earlier record made and name the same person: Simon Perreault's card is
    // in four files (3 merges), calcard's "Mr. John Richter, James Doe Sr." in five
    // spellings (4), calcard's Forrest Gump in three files (2), Thunderbird's John and
    // Jane Doe in two CSVs (2), and John Q. Public, the NextCloud card, Bjørn Jensen, Sam
    // Roberts and the card of Ñs (1 each). Three more name nobody and join the one
    // holder of their only address (jdoe@example.com, work@example.com,
    // https://email.com). 19 in all.
    assert_eq!(len(&merges), 19, "{merges:#}");
    assert_eq!(len(&import["merges"]), 19, "every merge is in the import's report");
    for m in merges.as_array().unwrap() {
        let (absorbed, kept) = (person(&m["absorbed"]), person(&m["kept"]));
        assert!(names_agree(&absorbed.name, &kept), "{} joined {}", absorbed.name, kept.name);
        assert!(m["on"].is_object(), "each says on which identity: {m}");
    }
    // Before, one placeholder number (555-555-1111) and shared test addresses folded
    // Greg Dartmouth, Stepcase TestUser, VCard Test and five others into one record of 18
    // emails; Taro Yamada into "J. Doe"; Forrest Gump into "{NAME}". Now each is apart,
    // and the placeholder is held by everyone whose card gives it.
    let people = k.json(&["person", "list"]);
    let named = |name: &str| people.as_array().unwrap().iter().filter(|p| p["name"] == name).count();
    for name in ["Greg Dartmouth", "Stepcase TestUser", "VCard Test", "Taro Yamada"] {
        assert!(named(name) >= 1, "{name} is a person of their own");
    }
    let placeholder: Vec<&Value> = people
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| identity_values(&p["identities"]).iter().any(|v| v == "5555551111"))
        .collect();
    assert!(placeholder.len() >= 2, "the placeholder number is held apart: {placeholder:?}");
    assert!(import["kept_apart"].as_u64().unwrap() > 0);

    let again = k.json(&args(&real_address_books()));
    assert_eq!(
        (again["imported"].as_u64(), again["merged"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0), Some(0))
    );
    assert_eq!(len(&k.json(&["person", "merges"])), 19, "a repeated import merges nothing more");
}

#[test]
fn undoing_every_merge_of_an_import_restores_both_people_as_they_were() {
    let k = Kith::new();
    k.ok(&args(&real_address_books()));
    let merges = k.json(&["person", "merges"]);
    // Newest first, so that each merge is undone on the person it left: right after,
    // both people are exactly as the merge found them.
    for m in merges.as_array().unwrap() {
        let out = k.ok(&["person", "unmerge", m["id"].as_str().unwrap()]);
        assert!(out.contains("are two people again"), "{out}");
        let export: Value = serde_json::from_str(&k.export()).unwrap();
        let stored = |id: &Value| -> Person {
            let people = export["people"].as_array().unwrap();
            person(people.iter().find(|p| &p["id"] == id).unwrap_or_else(|| panic!("{id} is back")))
        };
        for side in ["kept", "absorbed"] {
            let was = person(&m[side]);
            let mut is = stored(&m[side]["id"]);
            if side == "absorbed" && !m["absorbed_org"].is_null() {
                // A record's organization is added when its merge is undone.
                let org = k.json(&["org", "show", is.org.take().unwrap().as_str()]);
                assert_eq!(org["organization"]["name"], m["absorbed_org"]);
            }
            assert_eq!(is, was, "{side} of {}", m["id"]);
        }
    }
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let sources = export["sources"].as_array().unwrap();
    for m in merges.as_array().unwrap() {
        assert!(
            sources.iter().any(|s| s["person"] == m["absorbed"]["id"]),
            "the record that joined is the given-back person's again: {}",
            m["id"]
        );
    }
    let again = k.json(&args(&real_address_books()));
    assert_eq!((again["imported"].as_u64(), again["merged"].as_u64()), (Some(0), Some(0)), "{again:#}");
    k.refused(&["person", "unmerge", merges[0]["id"].as_str().unwrap()], 2, &["already undone"]);
}

#[test]
fn a_switchboard_number_is_proposed_not_merged_and_dupes_accepts_and_rejects_by_number() {
    let k = Kith::new();
    let cards = k.path("office.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:+1 416 555 0100\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Greg Dartmouth\r\nTEL:+1 416 555 0100\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Taro Yamada\r\nTEL:+1 416 555 0100\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A. Lovelace\r\nEMAIL:ada@example.org\r\nTEL:+1 905 555 0199\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let import = k.json(&["import", cards.to_str().unwrap()]);
    // Three names on one front-desk number: three people, each holding it. The fourth
    // card shares Ada's address and her name (an initial of it): one merge.
    assert_eq!((import["imported"].as_u64(), import["merged"].as_u64()), (Some(3), Some(1)), "{import:#}");
    assert_eq!(import["merges"][0]["on"]["value"], "ada@example.org");
    let dupes = k.json(&["dupes"]);
    let reasons: Vec<String> = dupes.as_array().unwrap().iter().map(|d| d["reasons"].to_string()).collect();
    assert_eq!(len(&dupes), 3, "every pair on the desk number: {reasons:?}");
    assert!(
        reasons.iter().all(|r| r.contains("same phone number +14165550100") && r.contains("names differ"))
    );

    let rejected = k.ok(&["dupes", "--reject", "1"]);
    assert!(rejected.contains("two people"), "{rejected}");
    assert_eq!(len(&k.json(&["dupes"])), 2, "a rejected pair is not proposed again");
    let accepted = k.ok(&["dupes", "--accept", "1"]);
    assert_eq!(accepted.matches("merged").count(), 1, "{accepted}");
    assert_eq!(len(&k.json(&["person", "list"])), 2, "two of the three desk people joined by hand");
    assert_eq!(len(&k.json(&["person", "merges"])), 2, "the import's and the accepted one");
    assert_eq!(len(&k.json(&["dupes"])), 0, "the rejected pair stays rejected");
    k.refused(&["dupes", "--accept", "7"], 2, &["no pair 7"]);
}

#[test]
fn a_simulated_address_book_with_shared_numbers_keeps_every_person() {
    // 400 simulated people, each a card with a name, an address of their own and one
    // number (kith-sim's `address_book`): 80 give one of 10 front-desk numbers (8 each),
    // 80 share a landline in 40 pairs, 20 give the placeholder 555-555-1111, 220 have a
    // mobile of their own. Every card is someone else, so nothing may be merged: the 7
    // later cards of each desk, the second of each pair and 19 of the placeholder's 20
    // are kept apart (70 + 40 + 19 = 129), and only the 40 landline pairs are proposed.
    let vcf = simulated_cards(400, 3);
    let k = Kith::new();
    let book = k.path("book.vcf");
    std::fs::write(&book, vcf).unwrap();
    let import = k.json(&["import", book.to_str().unwrap()]);
    assert_eq!(
        (import["imported"].as_u64(), import["merged"].as_u64(), import["kept_apart"].as_u64()),
        (Some(400), Some(0), Some(129)),
        "{import:#}"
    );
    let dupes = k.json(&["dupes"]);
    let on_a_number: Vec<&Value> = dupes
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["reasons"].to_string().contains("same phone number"))
        .collect();
    assert_eq!(on_a_number.len(), 40, "the landline pairs, and no desk or placeholder pair");
    assert!(on_a_number.iter().all(|d| d["reasons"].to_string().contains("+1905555")));
}
