//! What a card says, kept through the real binary: kith's own vCard and CSV exports
//! read back change nothing, into an empty database they give the same people, and a
//! structured name greets and is written back as the card wrote it.

use crate::support::*;
use std::path::{Path, PathBuf};

/// kith-import's fixture folder.
fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data").join(sub)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The summary line of a contact import.
fn summary(out: &str) -> &str {
    out.lines().find(|l| l.starts_with("imported ")).unwrap_or_else(|| panic!("no summary in {out}"))
}

/// An export of `format` written to a file in the test's directory.
fn export_to(k: &Kith, format: &str, name: &str) -> PathBuf {
    let path = k.path(name);
    k.ok(&["export", format, "--out", arg(&path)]);
    path
}

/// A vCard export's lines, unfolded, without kith's own `X-KITH` bookkeeping (the stage,
/// which an import never sets).
fn cards_without_stage(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap().replace("\r\n ", "");
    text.split("\r\n").filter(|l| !l.contains("X-KITH")).map(str::to_owned).collect()
}

/// Checks both round trips of one database's vCard and CSV exports: read back into it,
/// nothing is added and nothing changes (each record counted unchanged), and the
/// exports are the same bytes after; read into an empty database, they give the same
/// cards, stage aside.
fn round_trips(k: &Kith, people: usize) {
    let cards = export_to(k, "vcard", "before.vcf");
    let table = export_to(k, "csv", "before.csv");
    for file in [&cards, &table] {
        let out = k.ok(&["import", arg(file)]);
        let want = format!("imported 0, merged 0, updated 0, unchanged {people}, skipped 0");
        assert_eq!(summary(&out), want, "{}", file.display());
    }
    assert_eq!(std::fs::read(export_to(k, "vcard", "after.vcf")).unwrap(), std::fs::read(&cards).unwrap());
    assert_eq!(std::fs::read(export_to(k, "csv", "after.csv")).unwrap(), std::fs::read(&table).unwrap());

    let empty = Kith::new();
    let out = empty.ok(&["import", arg(&cards)]);
    assert_eq!(summary(&out), format!("imported {people}, merged 0, updated 0, unchanged 0, skipped 0"));
    assert_eq!(cards_without_stage(&export_to(&empty, "vcard", "again.vcf")), cards_without_stage(&cards));
}

/// The demo holds the 12 people of its address book (`kith-app/demo/contacts.vcf`), with notes,
/// tags, organizations and ended ties.
#[test]
fn the_demo_exported_and_read_back_changes_nothing() {
    let k = Kith::new();
    k.ok(&["demo"]);
    let people = k.json(&["person", "list"]).as_array().unwrap().len();
    assert_eq!(people, 12);
    round_trips(&k, people);
}

/// Every real vCard fixture, the LinkedIn 2025 export and the Thunderbird address books
/// imported together, then exported and read back.
#[test]
fn real_cards_exported_and_read_back_change_nothing() {
    let k = Kith::new();
    let sources = [fixtures("vcard"), fixtures("csv/linkedin-2025"), fixtures("csv/thunderbird")];
    k.ok(&[&["import"][..], &sources.iter().map(|p| arg(p)).collect::<Vec<_>>()].concat());
    let people = k.json(&["person", "list"]).as_array().unwrap().len();
    assert!(people > 100, "{people}");
    round_trips(&k, people);
}

/// `N:Angstadt;Michael;;Mr.;Jr.` beside `FN:Mr. Michael Angstadt Jr.` (calcard's
/// fixture 042): the draft greets Michael, not "Mr.", and the export writes the `N` the
/// card had, not one split from the display name.
#[test]
fn a_structured_name_greets_by_the_given_name_and_is_written_back() {
    let k = Kith::new();
    k.ok(&["import", arg(&fixtures("vcard/calcard/042.vcf"))]);
    let draft = k.ok(&["draft", "Angstadt", "check-in", "--dry-run"]);
    assert!(draft.contains("Hi Michael,"), "{draft}");
    let cards = std::fs::read_to_string(export_to(&k, "vcard", "out.vcf")).unwrap();
    assert!(cards.contains("\r\nFN:Mr. Michael Angstadt Jr.\r\nN:Angstadt;Michael;;Mr.;Jr.\r\n"), "{cards}");
    assert!(cards.contains("\r\nBDAY:19220310\r\n"), "{cards}");
    assert!(cards.contains("\r\nTEL;VALUE=uri;TYPE=work,fax:tel:1115553333\r\n"), "{cards}");
    // The fax is kept and marked, and never the number to call: that is the first
    // other number, the work line (the card marks no phone preferred).
    let shown = k.ok(&["show", "Angstadt"]);
    assert!(shown.contains("1115553333 (work, fax) - fax, not for calls\n"), "{shown}");
    assert!(shown.contains("1115551111 (work, voice) - the number to call\n"), "{shown}");
    assert!(shown.contains("anniversary 2012-08-01\n"), "{shown}");
}

/// A card that marks its nickname preferred is greeted by the nickname.
#[test]
fn a_preferred_nickname_greets() {
    let k = Kith::new();
    let card = k.path("bob.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Robert Smith\r\nN:Smith;Robert;;;\r\n\
         NICKNAME;PREF=1:Bob\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    k.ok(&["import", arg(&card)]);
    let draft = k.ok(&["draft", "Robert", "check-in", "--dry-run"]);
    assert!(draft.contains("Hi Bob,"), "{draft}");
}

/// A ZIP archive written in the test's directory with these members, deflated as
/// LinkedIn's are.
fn zip_of(k: &Kith, name: &str, members: &[(&str, &[u8])]) -> PathBuf {
    use std::io::Write;
    let path = k.path(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (member, bytes) in members {
        zip.start_file(*member, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// LinkedIn's export as it comes, Basic and Complete: the real 2025 `Connections.csv`
/// (with its "Notes:" preamble) inside, read; the Complete archive's other files named
/// as unread. The real file lists one connection, Alex Rohrberg, connected on 22 Dec
/// 2025: one person and one interaction, and the same connection read again from the
/// second archive changes nothing.
#[test]
fn linkedin_archives_are_read_as_linkedin_delivers_them() {
    let k = Kith::new();
    let connections = std::fs::read(fixtures("csv/linkedin-2025/Connections.csv")).unwrap();
    let basic = zip_of(&k, "Basic_LinkedInDataExport_12-04-2026.zip", &[("Connections.csv", &connections)]);
    let out = k.ok(&["import", arg(&basic)]);
    assert!(out.contains("(linkedin): 1 contact\n"), "{out}");
    assert!(out.contains("also holds nothing"), "{out}");
    assert_eq!(summary(&out), "imported 1, merged 0, updated 0, unchanged 0, skipped 0");
    assert!(out.contains("interactions: 1 added, 0 already present"), "{out}");

    let complete = zip_of(
        &k,
        "Complete_LinkedInDataExport_12-04-2026.zip",
        &[
            ("Profile.csv", b"First Name,Last Name\n"),
            ("Connections.csv", &connections),
            ("messages.csv", b"CONVERSATION ID,FROM,TO\n"),
            ("Invitations.csv", b"From,To,Sent At\n"),
        ],
    );
    let out = k.ok(&["import", arg(&complete)]);
    assert!(
        out.contains("also holds Invitations.csv, Profile.csv, messages.csv, which kith does not read"),
        "{out}"
    );
    assert_eq!(summary(&out), "imported 0, merged 0, updated 0, unchanged 1, skipped 0");
    let people = k.json(&["person", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 1);
    assert_eq!(people[0]["name"], "Alex Rohrberg");
}

/// A format forced on content that is not that format is refused with exit 2, naming
/// the file, what was expected and what was found, and nothing is written.
#[test]
fn a_forced_format_that_does_not_fit_is_refused() {
    let k = Kith::new();
    let other = zip_of(&k, "photos.zip", &[("notes.txt", b"hello")]);
    let line =
        k.refused(&["import", "--format", "linkedin", arg(&other)], 2, &["photos.zip", "Connections.csv"]);
    assert!(line.contains("without Connections.csv (it holds notes.txt)"), "{line}");
    let png = k.path("face.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    k.refused(
        &["import", "--format", "vcard", arg(&png)],
        2,
        &["face.png", "expects a vCard file", "a PNG image"],
    );
    let card = fixtures("vcard/calcard/042.vcf");
    k.refused(&["import", "--format", "linkedin", arg(&card)], 2, &["042.vcf", "LinkedIn", "a vCard file"]);
}

/// Writes a one-card vCard file named `name` with these properties.
fn card(k: &Kith, name: &str, properties: &str) -> PathBuf {
    let path = k.path(name);
    std::fs::write(&path, format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{properties}END:VCARD\r\n")).unwrap();
    path
}

/// Everyone's name and identities, by name.
fn names_and_identities(k: &Kith) -> Vec<(String, Vec<String>)> {
    let people = k.json(&["person", "list"]);
    let mut out: Vec<(String, Vec<String>)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let ids =
                p["identities"].as_array().unwrap().iter().map(|i| i["value"].as_str().unwrap().to_owned());
            (p["name"].as_str().unwrap().to_owned(), ids.collect())
        })
        .collect();
    out.sort();
    out
}

/// A number stored as written (`905-555-1234`) is renumbered when the owner's own
/// international number makes the region known, and the same number written
/// `+1 905 555 1234` on another card then finds the same person. Cy's national number
/// is Bob's in international form: it stays as it is, and the two are not merged.
#[test]
fn two_forms_of_one_number_are_one_once_the_region_is_known() {
    let k = Kith::new();
    k.ok(&["import", arg(&card(&k, "phone.vcf", "FN:Ada Lovelace\r\nTEL;TYPE=cell:905-555-1234\r\n"))]);
    k.add_person("Bob Stone", &["--phone", "+1 212 555 0100"]);
    k.add_person("Cy Twombly", &["--phone", "212-555-0100"]);
    let out = k.ok(&["me", "add", "+1 613 555 0000"]);
    assert!(out.contains("read as +1 from now on"), "{out}");
    assert!(out.contains("1 phone number stored now in international form"), "{out}");
    assert!(out.contains("left Cy Twombly's 2125550100 as it is: +12125550100 is Bob Stone's"), "{out}");

    let other = card(&k, "work.vcf", "FN:Ada Lovelace\r\nTEL:+1 905 555 1234\r\nEMAIL:ada@example.org\r\n");
    let out = k.ok(&["import", arg(&other)]);
    assert_eq!(summary(&out), "imported 0, merged 1, updated 0, unchanged 0, skipped 0");
    assert_eq!(
        names_and_identities(&k),
        [
            ("Ada Lovelace".to_owned(), vec!["ada@example.org".to_owned(), "+19055551234".to_owned()]),
            ("Bob Stone".to_owned(), vec!["+12125550100".to_owned()]),
            ("Cy Twombly".to_owned(), vec!["2125550100".to_owned()]),
        ]
    );
    // The label the first card gave the number followed it into its new form.
    let cards = std::fs::read_to_string(export_to(&k, "vcard", "out.vcf")).unwrap();
    assert!(cards.contains("TEL;VALUE=uri;TYPE=cell:tel:+19055551234\r\n"), "{cards}");
}

/// Birthdays join the check-ins only with --birthdays. Ada's card gives a day without a
/// year 3 days from today, Bob's a full date 10 days from today 40 years ago (so he
/// turns 40), Cy's one 60 days away: within 30 days, Ada then Bob are listed, and
/// nothing is stored (plain `kith checkins` lists none).
#[test]
fn birthdays_feed_check_ins_only_when_asked() {
    let k = Kith::new();
    let today = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).date();
    let day = |n: i64| today.checked_add(jiff::Span::new().days(n)).unwrap();
    let (ada, bob, cy) = (day(3), day(10), day(60));
    let cards = [
        format!("FN:Ada Lovelace\r\nBDAY:--{}\r\n", ada.strftime("%m%d")),
        format!("FN:Bob Stone\r\nBDAY:{}-{}\r\n", bob.year() - 40, bob.strftime("%m-%d")),
        format!("FN:Cy Twombly\r\nBDAY:--{}\r\n", cy.strftime("%m-%d")),
    ];
    for (i, properties) in cards.iter().enumerate() {
        k.ok(&["import", arg(&card(&k, &format!("{i}.vcf"), properties))]);
    }
    let plain = k.json(&["checkins"]);
    assert_eq!(plain.as_array().unwrap().len(), 0);
    let asked = k.json(&["checkins", "--birthdays"]);
    let listed: Vec<(String, String, Option<i64>)> = asked["birthdays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["name"].as_str().unwrap().to_owned(),
                b["on"].as_str().unwrap().to_owned(),
                b["turns"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("Ada Lovelace".to_owned(), ada.to_string(), None),
            ("Bob Stone".to_owned(), bob.to_string(), Some(40))
        ]
    );
    assert_eq!(k.json(&["checkins"]).as_array().unwrap().len(), 0, "nothing was scheduled");
}
