//! vCard: every fixture read without losing a card, exact readings of chosen fixtures,
//! and kith's own vCard export read back.

use crate::support::{data, now, parse_file};
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use kith_core::{
    ContactRecord, Door, Identity, NewPerson, Note, NoteId, Person, PersonId, Stage, Transition, TransitionId,
};
use kith_import::export::{Exported, vcard, vcard_card};
use kith_import::{Context, Effect, Format, Parsed, Problem, parse};
use std::path::PathBuf;

fn email(text: &str) -> Identity {
    Identity::email(text).unwrap()
}

fn phone(text: &str) -> Identity {
    Identity::phone(text).unwrap()
}

fn url(text: &str) -> Identity {
    Identity::url(text).unwrap()
}

/// Reads vCard text given inline, as a file named `inline.vcf`, in `tz`.
fn parse_text(text: &str, tz: &TimeZone) -> Parsed {
    let cx = Context { file: "inline.vcf", owner: &[], now: now(), tz, since: None };
    parse(Format::Vcard, text.as_bytes(), &cx)
}

/// The only contact of a file that must hold exactly one.
fn only(parsed: &Parsed) -> &ContactRecord {
    assert_eq!(parsed.contacts.len(), 1, "{:#?}", parsed.contacts);
    &parsed.contacts[0]
}

/// Every `.vcf` fixture, as a path relative to `tests/data`.
fn fixtures() -> Vec<String> {
    let root = data().join("vcard");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).into_iter().flatten())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "vcf"))
        .collect();
    files.sort();
    files.iter().map(|p| p.strip_prefix(data()).unwrap().to_string_lossy().into_owned()).collect()
}

/// How many cards a file holds, counted apart from the parser: `BEGIN:VCARD` lines
/// outside any other card (folded continuation lines never count).
fn top_level_cards(path: &str) -> usize {
    let bytes = std::fs::read(data().join(path)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let (mut depth, mut cards) = (0usize, 0);
    for line in text.lines().filter(|l| !l.starts_with([' ', '\t'])) {
        let line = line.trim().trim_start_matches('\u{feff}').to_ascii_uppercase();
        if line == "BEGIN:VCARD" {
            cards += usize::from(depth == 0);
            depth += 1;
        } else if line == "END:VCARD" {
            depth = depth.saturating_sub(1);
        }
    }
    cards
}

#[test]
fn every_fixture_card_is_read_or_reported() {
    let files = fixtures();
    assert_eq!(files.len(), 120, "fixtures missing: {files:?}");
    for path in files {
        let parsed = parse_file(Format::Vcard, &path, &[]);
        let cards = top_level_cards(&path);
        assert_eq!(cards, parsed.contacts.len() + parsed.skipped(), "{path}: {:#?}", parsed.problems);
        assert!(parsed.problems.iter().all(|p| p.line > 0), "{path}: {:#?}", parsed.problems);
        for contact in &parsed.contacts {
            assert!(contact.is_someone(), "{path}: {contact:#?}");
            assert!(!contact.source_key.is_empty() && contact.file.ends_with(".vcf"), "{path}");
        }
    }
}

#[test]
fn shift_jis_cards_come_out_in_japanese() {
    let card = only(&parse_file(Format::Vcard, "vcard/aosp/v21_japanese_1.vcf", &[])).clone();
    assert_eq!(card.name.as_deref(), Some("安藤ロイド"));
    assert_eq!(card.identities, [phone("0300000000")]);
    assert_eq!(card.source_key, "v21_japanese_1.vcf:0300000000");
    assert_eq!(card.file, "v21_japanese_1.vcf");

    // Quoted-printable Shift_JIS inside a raw Shift_JIS file.
    let parsed = parse_file(Format::Vcard, "vcard/aosp/v21_japanese_2.vcf", &[]);
    assert_eq!(only(&parsed).name.as_deref(), Some("安藤 ロイド 1"));
    assert_eq!(only(&parsed).notes, ["メモ"]);
}

#[test]
fn quoted_printable_values_are_decoded_and_comment_lines_skipped() {
    let parsed = parse_file(Format::Vcard, "vcard/aosp/v21_invalid_comment_line.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("Conference Call"));
    assert_eq!(card.source_key, "v21_invalid_comment_line.vcf:357", "file and UID");
    assert_eq!(card.notes, ["This is an (sharp ->#<- sharp) example. This message must NOT be ignored."]);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn apple_grouped_properties_are_read() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/033.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("Mr. John Richter James Doe Sr."));
    assert_eq!(card.identities.first(), Some(&email("john.doe@ibm.com")), "item1.EMAIL");
    assert_eq!(card.identities.last(), Some(&url("https://ibm.com")), "item5.URL, with an escaped colon");
    assert!(card.identities.contains(&phone("905-222-1234")), "item2.TEL");
    assert_eq!(card.identities.len(), 9);
    assert_eq!(card.org.as_deref(), Some("IBM"));
    assert_eq!(card.role.as_deref(), Some("Money Counter"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn properties_after_a_photo_are_still_read() {
    let parsed = parse_file(Format::Vcard, "vcard/aosp/v21_blackberry_photo.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("boogie"));
    assert_eq!(card.identities, [phone("+5555555"), phone("+5555556"), email("forrestgump@walladalla.com")]);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);

    let malformed = parse_file(Format::Vcard, "vcard/aosp/v21_malformed_photo.vcf", &[]);
    assert_eq!(only(&malformed).name.as_deref(), Some("fullname"));
    assert!(malformed.problems.is_empty(), "{:?}", malformed.problems);
}

#[test]
fn a_vcard_4_card_is_read() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/044.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("Simon Perreault"));
    assert_eq!(
        card.identities,
        [
            phone("+14186569254"), // tel: URI with ;ext=102
            phone("+14182626501"),
            email("simon.perreault@viagenie.ca"),
            url("http://nomis80.org"),
        ]
    );
    assert_eq!(card.org.as_deref(), Some("Viagenie"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn categories_become_tags_and_rev_the_revision() {
    let parsed = parse_file(Format::Vcard, "vcard/icaljs/vcard3.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.tags, ["travel-agent", "internet", "ietf", "industry", "information-technology"]);
    assert_eq!(card.org.as_deref(), Some("ABC, Inc."));
    assert_eq!(card.role.as_deref(), Some("Director, Research and Development"));
    assert_eq!(card.revised, Some("1995-10-31T22:27:10Z".parse().unwrap()));
}

#[test]
fn an_unusable_value_is_dropped_and_the_rest_kept() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/059.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("AAA Our Fax"));
    assert_eq!(card.identities, [phone("9258337660")]);
    let problem = |message: &str| Problem { line: 1, effect: Effect::Dropped, message: message.into() };
    assert_eq!(
        parsed.problems,
        [
            problem("card \"AAA Our Fax\": \"1\" is not a phone number"),
            problem("card \"AAA Our Fax\": \"2\" is not a phone number"),
            problem("card \"AAA Our Fax\": \"e@c\" is not an email address"),
        ]
    );
    assert_eq!(
        parsed.problems[2].to_string(),
        "line 1: card \"AAA Our Fax\": \"e@c\" is not an email address; ignored"
    );
}

#[test]
fn repeated_natural_keys_are_numbered() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/009.vcf", &[]);
    let keys: Vec<&str> = parsed.contacts.iter().map(|c| c.source_key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "009.vcf:+49123456789",
            "009.vcf:+49123456789#2",
            "009.vcf:+49123456789#3",
            "009.vcf:+49123456789#4",
            "009.vcf:+31000000000",
            "009.vcf:https://example.com",
            "009.vcf:test-x@email.com",
            "009.vcf:test-x@email.com#2",
            "009.vcf:the dollar$",
            "009.vcf:hola test",
        ]
    );
    assert_eq!(parsed.contacts[0].name.as_deref(), Some("Mäx Mustermann"));
}

#[test]
fn a_nested_agent_card_is_left_out_and_its_principal_kept() {
    let parsed = parse_file(Format::Vcard, "vcard/aosp/v21_nest.vcf", &[]);
    let card = only(&parsed);
    assert_eq!(card.name.as_deref(), Some("parent"), "neither nest1 nor nest2");
    // The principal's own TEL after the nested cards is still seen (and is too short).
    let dropped = Problem {
        line: 1,
        effect: Effect::Dropped,
        message: "card \"parent\": \"1\" is not a phone number".into(),
    };
    assert_eq!(parsed.problems, [dropped]);
}

#[test]
fn a_bad_card_costs_only_itself() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\nEMAIL:not an address\r\nEND:VCARD\r\n\
                begin:vcard\r\nversion:3.0\r\nn:Hopper;Grace;Brewster;;\r\nitem1.EMAIL:grace@example.org\r\nend:vcard\r\n\
                BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cut Short\r\n\
                BEGIN:VCARD\r\nVERSION:4.0\r\nFN:After The Cut\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Truncated At The End\r\n";
    let parsed = parse_text(text, &TimeZone::UTC);
    let names: Vec<_> = parsed.contacts.iter().map(|c| c.name.as_deref().unwrap_or_default()).collect();
    assert_eq!(
        names,
        ["Ada Lovelace", "Grace Brewster Hopper", "Cut Short", "After The Cut", "Truncated At The End"]
    );
    assert_eq!(parsed.contacts[1].identities, [email("grace@example.org")]);
    assert_eq!(
        parsed.problems,
        [
            Problem {
                line: 5,
                effect: Effect::Dropped,
                message: "unnamed card: \"not an address\" is not an email address".into()
            },
            Problem {
                line: 5,
                effect: Effect::Skipped,
                message: "card has no name, email, phone or URL".into()
            },
        ]
    );
    assert_eq!(parsed.problems[1].to_string(), "line 5: card has no name, email, phone or URL; skipped");
}

#[test]
fn kiths_own_stage_properties_are_not_imported() {
    let text = "BEGIN:VCARD\nVERSION:4.0\nUID:urn:kith:abc\nFN:Ada\nCATEGORIES:math,Former Client\n\
                CATEGORIES;X-KITH=stage:ended\nNOTE;X-KITH=stage:Ended on 2026-05-03.\nNOTE:Likes engines\n\
                CATEGORIES:math\nEMAIL:ada@example.org\nEMAIL:ADA@example.org\nEND:VCARD\n";
    let parsed = parse_text(text, &TimeZone::UTC);
    let card = only(&parsed);
    assert_eq!(card.tags, ["math", "former-client"]);
    assert_eq!(card.notes, ["Likes engines"]);
    assert_eq!(card.identities, [email("ada@example.org")], "each identity once");
    assert_eq!(card.source_key, "inline.vcf:urn:kith:abc");
}

#[test]
fn a_date_only_revision_is_the_start_of_that_day_in_the_zone() {
    let tz = TimeZone::fixed(Offset::from_hours(2).unwrap());
    let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nREV:20240115\nEND:VCARD\n";
    let card = parse_text(text, &tz).contacts.remove(0);
    assert_eq!(card.revised, Some("2024-01-14T22:00:00Z".parse().unwrap()));
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nREV:2024-01-15T10:00:00+01:00\nEND:VCARD\n";
    let card = parse_text(text, &tz).contacts.remove(0);
    assert_eq!(card.revised, Some("2024-01-15T09:00:00Z".parse().unwrap()));
}

/// People with every kind of identity, text that needs escaping and folding, and a
/// stage change.
struct Cast {
    people: Vec<Person>,
    notes: Vec<Note>,
    ending: Transition,
}

fn person(bits: u64, name: &str, identities: Vec<Identity>, tags: &[&str]) -> Person {
    let tags = tags.iter().map(|t| (*t).to_owned()).collect();
    let new = NewPerson { identities, tags, ..NewPerson::named(name).unwrap() };
    new.with_id(PersonId::from_bits(bits), Timestamp::UNIX_EPOCH)
}

fn cast() -> Cast {
    let mut ada = person(
        1,
        "Ada Lovelace",
        vec![email("ada@example.org"), phone("+44 20 7946 0958"), url("https://example.org/ada")],
        &["café", "math", "über-team"],
    );
    ada.role = Some("Countess, analyst; poet".into());
    ada.stage = Stage::Ended;
    let grace = person(2, "Grace Brewster Hopper", vec![phone("+1 555 010 9999")], &[]);
    let plato = person(3, "Plato", vec![url("plato.example.org/academy")], &["philosophy"]);
    let note = |bits: u64, text: &str| Note {
        id: NoteId::from_bits(bits),
        person: PersonId::from_bits(1),
        at: "2026-01-01T10:00:00Z".parse().unwrap(),
        text: text.into(),
    };
    let notes = vec![
        note(1, "Met at the Royal Society; talked about Bernoulli numbers, engines, and poetry."),
        note(
            2,
            "A long note that must be folded: résumé of the evening — 日本語のテキスト, naïve \
             questions about the Analytical Engine, and a promise to write back before spring.",
        ),
        note(3, "Two lines:\nC:\\engines\\notes and \\n literally"),
    ];
    let ending = Transition {
        id: TransitionId::from_bits(1),
        person: PersonId::from_bits(1),
        from: Stage::Active,
        to: Stage::Ended,
        at: "2026-05-03T09:00:00Z".parse().unwrap(),
        reason: Some("moved abroad".into()),
        door: Some(Door::Open),
        note: Some("Write at New Year.".into()),
    };
    Cast { people: vec![ada, grace, plato], notes, ending }
}

impl Cast {
    fn exported(&self) -> Vec<Exported<'_>> {
        vec![
            Exported {
                person: &self.people[0],
                org: Some("Analytical Engines, Ltd; London"),
                notes: &self.notes,
                last_transition: Some(&self.ending),
            },
            Exported { person: &self.people[1], org: None, notes: &[], last_transition: None },
            Exported { person: &self.people[2], org: Some("Academy"), notes: &[], last_transition: None },
        ]
    }
}

#[test]
fn exported_cards_read_back_as_they_were() {
    let cast = cast();
    let exported = cast.exported();
    let file = vcard(&exported);
    let parsed = parse_text(&file, &TimeZone::UTC);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.contacts.len(), 3);
    for (card, sent) in parsed.contacts.iter().zip(&exported) {
        let person = sent.person;
        assert_eq!(card.name.as_deref(), Some(person.name.as_str()));
        assert_eq!(card.identities, person.identities);
        assert_eq!(card.org.as_deref(), sent.org);
        assert_eq!(card.role, person.role);
        assert_eq!(card.tags, person.tags, "the stage category is not a tag");
        let notes: Vec<&str> = sent.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(card.notes, notes, "the stage note is not a note");
        assert_eq!(card.source_key, format!("inline.vcf:urn:kith:{}", person.id));
    }
}

#[test]
fn exported_cards_are_folded_crlf_lines_with_the_stage_marked() {
    let cast = cast();
    let file = vcard(&cast.exported());
    assert!(file.ends_with("\r\n"));
    let lines: Vec<&str> = file.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "{line:?}");
    }
    assert!(lines.iter().any(|l| l.starts_with(' ')), "the long note is folded");

    let ada = vcard_card(&cast.exported()[0]);
    let unfolded = ada.replace("\r\n ", "");
    let expected = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        &format!("UID:urn:kith:{}", cast.people[0].id),
        "FN:Ada Lovelace",
        "N:Lovelace;Ada;;;",
        "EMAIL:ada@example.org",
        "TEL;VALUE=uri:tel:+442079460958",
        "URL:https://example.org/ada",
        "ORG:Analytical Engines\\, Ltd\\; London",
        "TITLE:Countess\\, analyst\\; poet",
        "CATEGORIES:café,math,über-team",
        "CATEGORIES;X-KITH=stage:ended",
        "NOTE;X-KITH=stage:Ended on 2026-05-03: moved abroad (door open). Write at New Year.",
        "NOTE:Met at the Royal Society\\; talked about Bernoulli numbers\\, engines\\, and poetry.",
    ];
    let got: Vec<&str> = unfolded.split("\r\n").collect();
    assert_eq!(got[..expected.len()], expected);
    assert_eq!(got[expected.len() + 1], "NOTE:Two lines:\\nC:\\\\engines\\\\notes and \\\\n literally");
    assert_eq!(got[expected.len() + 2], "END:VCARD");
}

/// RFC 6350's own example card (calcard's fixture 044): its name parts, a birthday
/// without a year, an anniversary with a time, an address, and a preferred work phone
/// with an extension, each kept as the card says.
#[test]
fn what_the_rfc_example_card_says_is_kept() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/044.vcf", &[]);
    let details = &only(&parsed).details;
    // N:Perreault;Simon;;;ing. jr,M.Sc. — the two suffixes are kept joined by a space.
    let parts = details.name_parts.as_ref().expect("the suffixes say more than FN");
    assert_eq!(
        (parts.given.as_str(), parts.family.as_str(), parts.suffix.as_str()),
        ("Simon", "Perreault", "ing. jr M.Sc.")
    );
    // BDAY:--0203 is the 3rd of February of no known year; ANNIVERSARY:20090808T1430-0500
    // is the 8th of August 2009, its time of day left aside.
    assert_eq!(details.birthday.map(|d| d.to_string()).as_deref(), Some("--02-03"));
    assert_eq!(details.anniversary.map(|d| d.to_string()).as_deref(), Some("2009-08-08"));
    // ADR;TYPE=work:;Suite D2-630;2875 Laurier; — extended address and street.
    let [address] = details.addresses.as_slice() else { panic!("{:?}", details.addresses) };
    assert_eq!(address.types, ["work"]);
    assert_eq!((address.extended.as_str(), address.street.as_str()), ("Suite D2-630", "2875 Laurier"));
    // TEL;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102
    let desk = details.label(&phone("+14186569254")).expect("labelled");
    assert_eq!(desk.types, ["work", "voice"]);
    assert!(desk.pref);
    assert_eq!(desk.extension.as_deref(), Some("102"));
    let cell = details.label(&phone("+14182626501")).expect("labelled");
    assert_eq!(cell.types, ["work", "cell", "voice", "video", "text"]);
    assert!(!cell.pref && cell.extension.is_none());
}

/// An Outlook 2.1 card (calcard's fixture 042): the name in parts beside the display
/// name, the nickname, the birthday and Outlook's own anniversary, the fax marked as a
/// fax, and the email the card prefers.
#[test]
fn an_outlook_card_keeps_its_name_parts_dates_and_labels() {
    let parsed = parse_file(Format::Vcard, "vcard/calcard/042.vcf", &[]);
    let record = only(&parsed);
    assert_eq!(record.name.as_deref(), Some("Mr. Michael Angstadt Jr."));
    let details = &record.details;
    let parts = details.name_parts.as_ref().expect("N:Angstadt;Michael;;Mr.;Jr.");
    assert_eq!(
        [&parts.prefix, &parts.given, &parts.additional, &parts.family, &parts.suffix],
        ["Mr.", "Michael", "", "Angstadt", "Jr."]
    );
    assert_eq!(details.nicknames, ["Mike"]);
    assert!(!details.prefers_nickname, "NICKNAME has no PREF");
    assert_eq!(details.birthday.map(|d| d.to_string()).as_deref(), Some("1922-03-10"));
    assert_eq!(details.anniversary.map(|d| d.to_string()).as_deref(), Some("2012-08-01"));
    // TEL;WORK;FAX:(111) 555-3333 and TEL;WORK;VOICE:(111) 555-1111.
    assert!(details.label(&phone("1115553333")).unwrap().is_fax());
    assert!(!details.label(&phone("1115551111")).unwrap().is_fax());
    // EMAIL;PREF;INTERNET: preferred, and "internet" says nothing.
    let mail = details.label(&email("mike.angstadt@gmail.com")).unwrap();
    assert!(mail.pref && mail.types.is_empty());
    // TITLE:TheJobTitle is the role; ROLE:TheProfession is kept beside it.
    assert_eq!(record.role.as_deref(), Some("TheJobTitle"));
    assert_eq!(details.function.as_deref(), Some("TheProfession"));
}

/// Birthdays as vCard 3 writes them without a year (`--MMDD`, `--MM-DD`), a nickname
/// marked preferred, and a structured name that only repeats FN (not kept).
#[test]
fn vcard_3_birthdays_without_a_year_and_a_preferred_nickname() {
    for (bday, want) in [("--0415", "--04-15"), ("--04-15", "--04-15"), ("1985-04-15", "1985-04-15")] {
        let text = format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Robert Smith\r\nN:Smith;Robert;;;\r\n\
             NICKNAME;TYPE=pref:Bob\r\nBDAY:{bday}\r\nEND:VCARD\r\n"
        );
        let parsed = parse_text(&text, &TimeZone::UTC);
        let details = &only(&parsed).details;
        assert_eq!(details.birthday.map(|d| d.to_string()).as_deref(), Some(want), "{bday}");
        assert_eq!((details.nicknames.as_slice(), details.prefers_nickname), (&["Bob".to_owned()][..], true));
        assert_eq!(details.name_parts, None, "Smith;Robert is what FN says already");
    }
}
