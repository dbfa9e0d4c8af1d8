//! Contact CSVs: LinkedIn connections (both layouts), Google (both layouts), Outlook,
//! Thunderbird and kith's own export, each read row by row with problems by line.

use crate::support::{data, now, parse_file};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{ContactRecord, Identity, NewPerson, Person, PersonId, Stage, Tier};
use kith_import::export::{self, Exported};
use kith_import::{Context, Format, Parsed, detect, parse};

/// An expected record, built up field by field.
struct Want(ContactRecord);

impl Want {
    /// A record from `file` with source key `key` and `name` (none if empty).
    /// A record from `file` under `key`, where a leading `FILE:` stands for the file.
    fn new(file: &str, key: &str, name: &str) -> Self {
        Self(ContactRecord {
            source_key: key.replacen("FILE:", &format!("{file}:"), 1),
            file: file.into(),
            name: (!name.is_empty()).then(|| name.into()),
            ..ContactRecord::default()
        })
    }

    fn ids(mut self, ids: &[&str]) -> Self {
        self.0.identities = ids.iter().map(|id| Identity::parse(id).unwrap()).collect();
        self
    }

    fn org(mut self, org: &str) -> Self {
        self.0.org = Some(org.into());
        self
    }

    fn role(mut self, role: &str) -> Self {
        self.0.role = Some(role.into());
        self
    }

    fn tags(mut self, tags: &[&str]) -> Self {
        self.0.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        self
    }

    fn notes(mut self, notes: &[&str]) -> Self {
        self.0.notes = notes.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    fn connected(mut self, at: &str) -> Self {
        self.0.connected = Some(at.parse().unwrap());
        self
    }
}

/// Checks every record and every problem (as `kith import` prints it) of a parse.
fn assert_parsed(parsed: &Parsed, want: Vec<Want>, problems: &[&str]) {
    let want: Vec<ContactRecord> = want.into_iter().map(|w| w.0).collect();
    assert_eq!(parsed.contacts.len(), want.len(), "{:#?}", parsed.contacts);
    for (got, want) in parsed.contacts.iter().zip(&want) {
        assert_eq!(got, want);
    }
    let got: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(got, problems);
}

/// Parses bytes held in memory, as `file`, in UTC.
fn parse_bytes(format: Format, bytes: &[u8], file: &str) -> Parsed {
    let tz = TimeZone::UTC;
    let cx = Context { file, owner: &[], now: now(), tz: &tz, since: None };
    parse(format, bytes, &cx)
}

/// What `kith_import::detect` makes of a fixture.
fn detect_file(path: &str) -> Option<Format> {
    detect(&std::fs::read(data().join(path)).unwrap())
}

#[test]
fn every_file_is_recognized_by_its_content() {
    for (path, want) in [
        ("csv/linkedin-2025/Connections.csv", Some(Format::Linkedin)),
        ("csv/synthetic/linkedin-current.csv", Some(Format::Linkedin)),
        ("csv/synthetic/linkedin-2021.csv", Some(Format::Linkedin)),
        ("csv/synthetic/google-legacy.csv", Some(Format::GoogleCsv)),
        ("csv/synthetic/google-current.csv", Some(Format::GoogleCsv)),
        ("csv/synthetic/outlook.csv", Some(Format::OutlookCsv)),
        ("csv/synthetic/kith-export.csv", Some(Format::ContactCsv)),
        ("csv/thunderbird/basic_csv_addressbook.csv", Some(Format::ContactCsv)),
        ("csv/thunderbird/csv_semicolon.csv", Some(Format::ContactCsv)),
        ("csv/thunderbird/csv_no_header.csv", None),
    ] {
        assert_eq!(detect_file(path), want, "{path}");
    }
}

#[test]
fn the_real_linkedin_export_is_read_past_its_preamble() {
    let parsed = parse_file(Format::Linkedin, "csv/linkedin-2025/Connections.csv", &[]);
    let want = Want::new("Connections.csv", "FILE:https://linkedin.com/in/alexrohrberg", "Alex Rohrberg")
        .ids(&["https://linkedin.com/in/alexrohrberg"])
        .org("Schneider Electric")
        .role("Software Engineer")
        .connected("2025-12-22T00:00:00Z");
    assert_parsed(&parsed, vec![want], &[]);
}

#[test]
fn current_linkedin_exports_keep_quotes_scripts_and_lines_straight() {
    let parsed = parse_file(Format::Linkedin, "csv/synthetic/linkedin-current.csv", &[]);
    let file = "linkedin-current.csv";
    let want = vec![
        Want::new(file, "FILE:https://linkedin.com/in/ada-quillfeather", "Ada Quillfeather")
            .ids(&["https://linkedin.com/in/ada-quillfeather"])
            .org("Quill, Feather & Co.")
            .role("Head of Research, Europe")
            .connected("2024-03-03T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/misaki-takahashi-0a1b2c", "美咲 高橋")
            .ids(&["https://linkedin.com/in/misaki-takahashi-0a1b2c"])
            .org("東京データ株式会社")
            .role("エンジニア")
            .connected("2022-01-01T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/zoe-okafor", "Zoë 🌻 Okafor-Lindqvist")
            .ids(&["zoe.okafor@example.org", "https://linkedin.com/in/zoe-okafor"])
            .org("Sunflower Labs")
            .role("Founder, CEO")
            .connected("2025-12-22T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/bramdevries", "Bram de Vries")
            .ids(&["https://linkedin.com/in/bramdevries"])
            .org("Tulip Logistics")
            .role("Planner")
            .connected("2021-07-15T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/carmen-ruiz", "Carmen Ruiz")
            .ids(&["https://linkedin.com/in/carmen-ruiz"]),
        Want::new(file, "linkedin-current.csv:dev raman|2019-10-10", "Dev Raman")
            .org("Acme Rockets")
            .role("Engineer")
            .connected("2019-10-10T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/ada-quillfeather#2", "Ada Quillfeather")
            .ids(&["https://linkedin.com/in/ada-quillfeather"])
            .org("Quill")
            .connected("2024-03-03T00:00:00Z"),
        Want::new(file, "FILE:https://linkedin.com/in/juniper-holt", "Juniper Holt")
            .ids(&["https://linkedin.com/in/juniper-holt"])
            .org("Orbit"),
    ];
    assert_parsed(
        &parsed,
        want,
        &[
            "line 6: a private member with no name or address; skipped",
            "line 11: column \"Connected On\": \"sometime in 2020\" is not a date (expected something like 22 Dec 2025); ignored",
            "line 12: a private member with no name or address; skipped",
            "line 13: column \"URL\": \"linkedin\" is not a valid URL (expected something like https://example.com/ada); ignored",
            "line 15: column \"Connected On\": 01 Jan 2027 is in the future; ignored",
        ],
    );
}

#[test]
fn older_linkedin_exports_are_keyed_by_address_or_by_name_and_day() {
    let parsed = parse_file(Format::Linkedin, "csv/synthetic/linkedin-2021.csv", &[]);
    let file = "linkedin-2021.csv";
    let want = vec![
        Want::new(file, "linkedin-2021.csv:priya.n@example.com", "Priya Natarajan")
            .ids(&["priya.n@example.com"])
            .org("Banyan, Inc.")
            .role("Product Manager")
            .connected("2021-06-07T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:tomás álvarez|2020-11-30", "Tomás Álvarez")
            .org("Mirador Studio")
            .role("Designer, \"Senior\"")
            .connected("2020-11-30T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:сергей иванов|2022-01-19", "Сергей Иванов")
            .connected("2022-01-19T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:kofi mensah|2022-02-02", "Kofi Mensah")
            .org("Adinkra Works")
            .role("Analyst (Data, Risk)")
            .connected("2022-02-02T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:nadia|2022-01-19", "Nadia").connected("2022-01-19T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:nadia|2022-01-19#2", "Nadia").connected("2022-01-19T00:00:00Z"),
        Want::new(file, "linkedin-2021.csv:wren ashby-kealoha 🦋|2021-03-04", "Wren Ashby-Kealoha 🦋")
            .org("Kite & Key")
            .role("Owner")
            .connected("2021-03-04T00:00:00Z"),
    ];
    // CRLF line ends, an empty line in the preamble and a field over two lines: the
    // lines still count as an editor shows them; the row of empty cells (line 13) is
    // nobody and not a problem.
    assert_parsed(
        &parsed,
        want,
        &[
            "line 7: a private member with no name or address; skipped",
            "line 9: column \"Email Address\": \"kofi@@example.com\" is not a valid email address (expected something like ada@example.com); ignored",
        ],
    );
}

#[test]
fn connection_days_start_at_midnight_in_the_owners_zone() {
    let bytes = std::fs::read(data().join("csv/synthetic/linkedin-2021.csv")).unwrap();
    let tz = TimeZone::fixed(jiff::tz::offset(-5));
    let cx = Context { file: "c.csv", owner: &[], now: now(), tz: &tz, since: None };
    let parsed = parse(Format::Linkedin, &bytes, &cx);
    let want: Timestamp = "2021-06-07T05:00:00Z".parse().unwrap();
    assert_eq!(parsed.contacts[0].connected, Some(want));
    assert_eq!(
        parsed.contacts[1].source_key, "c.csv:tomás álvarez|2020-11-30",
        "the day stays the written one"
    );
}

#[test]
fn google_legacy_exports_split_multiple_values_and_keep_only_real_groups() {
    let parsed = parse_file(Format::GoogleCsv, "csv/synthetic/google-legacy.csv", &[]);
    let file = "google-legacy.csv";
    let want = vec![
        Want::new(file, "google-legacy.csv:lena.fischer@example.com", "Lena Fischer")
            .ids(&[
                "lena.fischer@example.com",
                "lena@example.org",
                "+4915100001234",
                "+493000005678",
                "https://example.org/lena",
                "https://example.com/lena",
            ])
            .org("Hafen GmbH")
            .role("Skipper")
            .tags(&["sailing-club", "friends"])
            .notes(&["Met at the harbour conference.\nLikes sailing."]),
        Want::new(file, "google-legacy.csv:+468000000", "Oskar Berg").ids(&["+468000000"]),
        Want::new(file, "google-legacy.csv:ngozi eze", "Ngozi Eze").org("Eze & Daughters").tags(&["clients"]),
    ];
    assert_parsed(
        &parsed,
        want,
        &[
            "line 4: column \"E-mail 1 - Value\": \"oskar@example\" is not a valid email address (expected something like ada@example.com); ignored",
            "line 5: a row with no name, email address, phone number or URL; skipped",
            "line 6: column \"Phone 1 - Value\": \"call me\" is not a valid phone number (expected digits, optionally starting with +); ignored",
        ],
    );
}

#[test]
fn google_current_exports_compose_names_and_read_labels() {
    let parsed = parse_file(Format::GoogleCsv, "csv/synthetic/google-current.csv", &[]);
    let file = "google-current.csv";
    let want = vec![
        Want::new(file, "google-current.csv:max@example.com", "Maximilian Jonas Weber Jr.")
            .ids(&["max@example.com", "+15550100", "https://example.com/max"])
            .org("Weber & Söhne")
            .role("CTO")
            .tags(&["investors", "board-game-night"]),
        Want::new(file, "google-current.csv:meiling@example.org", "美玲 陳")
            .ids(&["meiling@example.org"])
            .tags(&["家族"])
            .notes(&["喜欢茶 🍵"]),
        Want::new(file, "google-current.csv:anon@example.net", "").ids(&["anon@example.net"]),
        Want::new(file, "google-current.csv:anon@example.net#2", "Anon Again").ids(&["anon@example.net"]),
    ];
    assert_parsed(&parsed, want, &[]);
}

#[test]
fn outlook_titles_are_honorifics_and_job_titles_are_roles() {
    let parsed = parse_file(Format::OutlookCsv, "csv/synthetic/outlook.csv", &[]);
    let file = "outlook.csv";
    let want = vec![
        // Faxes, the company's switchboard and the assistant's line are not hers.
        Want::new(file, "outlook.csv:helga.sorensen@example.org", "Helga Sørensen PhD")
            .ids(&["helga.sorensen@example.org", "+4533334444", "+4520203030", "https://example.org/helga"])
            .org("Nordlys Klinik")
            .role("Chief Physician")
            .tags(&["medicine", "conference-2024"])
            .notes(&["Prefers calls before noon."]),
        Want::new(file, "outlook.csv:tobias.klein@example.com", "Tobias Klein")
            .ids(&["tobias.klein@example.com"])
            .org("Klein Bau")
            .role("Site Manager")
            .tags(&["suppliers"]),
    ];
    assert_parsed(
        &parsed,
        want,
        &[
            "line 3: column \"E-mail Address\": \"tobias at example.com\" is not a valid email address (expected something like ada@example.com); ignored",
            "line 4: a row with no name, email address, phone number or URL; skipped",
        ],
    );
}

/// A small Outlook export with letters outside ASCII, as Outlook writes it in Western
/// European Windows or as "Unicode".
const OUTLOOK_FRENCH: &str = "Title,First Name,Last Name,Company,Job Title,E-mail Address,Business Phone,Categories\r\n\
    Mme,Françoise,Lefèvre-Œillet,Café Crème SARL,Gérante,Francoise@Example.fr,+33 1 23 45 67 89,Clients;Café\r\n";

/// What [`OUTLOOK_FRENCH`] holds, read as `file`.
fn outlook_french(file: &str) -> Want {
    Want::new(file, &format!("{file}:francoise@example.fr"), "Françoise Lefèvre-Œillet")
        .ids(&["francoise@example.fr", "+33123456789"])
        .org("Café Crème SARL")
        .role("Gérante")
        .tags(&["clients", "café"])
}

#[test]
fn utf16_and_windows_1252_outlook_files_are_decoded() {
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(OUTLOOK_FRENCH.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(detect(&utf16), Some(Format::OutlookCsv));
    assert_parsed(&parse_bytes(Format::OutlookCsv, &utf16, "u.csv"), vec![outlook_french("u.csv")], &[]);

    let (windows, _, unmappable) = encoding_rs::WINDOWS_1252.encode(OUTLOOK_FRENCH);
    assert!(!unmappable && std::str::from_utf8(&windows).is_err(), "the bytes must not pass as UTF-8");
    assert_eq!(detect(&windows), Some(Format::OutlookCsv));
    assert_parsed(&parse_bytes(Format::OutlookCsv, &windows, "w.csv"), vec![outlook_french("w.csv")], &[]);
}

#[test]
fn thunderbird_address_books_are_read_whatever_their_delimiter() {
    for path in ["csv/thunderbird/basic_csv_addressbook.csv", "csv/thunderbird/csv_semicolon.csv"] {
        let file = path.rsplit('/').next().unwrap();
        let parsed = parse_file(Format::ContactCsv, path, &[]);
        let want = vec![
            Want::new(file, &format!("{file}:john@doe.invalid"), "John Doe").ids(&["john@doe.invalid"]),
            Want::new(file, &format!("{file}:jane@doe.invalid"), "Jane Doe").ids(&["jane@doe.invalid"]),
        ];
        assert_parsed(&parsed, want, &[]);
    }
}

#[test]
fn a_file_without_a_header_row_says_what_headers_are_expected() {
    let parsed = parse_file(Format::ContactCsv, "csv/thunderbird/csv_no_header.csv", &[]);
    assert_parsed(
        &parsed,
        vec![],
        &[
            "line 1: no header row was recognized; expected column names such as Name, First Name, Last Name, \
           Email, Phone, Company or Job Title; skipped",
        ],
    );
}

#[test]
fn rows_with_too_few_or_too_many_fields_are_read_as_far_as_they_go() {
    let text = "Name;Email;Phone;Tags\nAda;ada@example.org\nGrace;grace@example.org;555 0100;navy;extra\n";
    let want = vec![
        Want::new("t.csv", "t.csv:ada@example.org", "Ada").ids(&["ada@example.org"]),
        Want::new("t.csv", "t.csv:grace@example.org", "Grace")
            .ids(&["grace@example.org", "5550100"])
            .tags(&["navy"]),
    ];
    assert_parsed(&parse_bytes(Format::ContactCsv, text.as_bytes(), "t.csv"), want, &[]);
}

/// Three people as kith stores them, with their organizations.
fn people() -> Vec<(Person, Option<&'static str>)> {
    let person = |bits: u64, name: &str| {
        NewPerson::named(name).unwrap().with_id(PersonId::from_bits(bits), Timestamp::UNIX_EPOCH)
    };
    let mut ada = person(1, "Ada Quillfeather");
    ada.aliases = vec!["Ada Q.".into()];
    ada.identities = ["a.q@example.com", "ada@example.org", "+442079460958", "https://example.org/ada"]
        .iter()
        .map(|id| Identity::parse(id).unwrap())
        .collect();
    ada.role = Some("Head of Research".into());
    ada.industry = Some("Publishing".into());
    ada.tier = Some(Tier::Close);
    ada.tags = vec!["board-games".into(), "mentors".into()];
    let mut misaki = person(2, "美咲 高橋");
    misaki.identities = vec![Identity::url("https://linkedin.com/in/misaki").unwrap()];
    misaki.role = Some("エンジニア".into());
    misaki.tags = vec!["東京".into()];
    misaki.stage = Stage::Mentoring;
    let zoe = person(3, "Zoë \"Sunny\" Okafor");
    vec![(ada, Some("Quill, Feather & Co.")), (misaki, None), (zoe, Some("Sunflower; Labs"))]
}

#[test]
fn kith_csv_export_matches_its_fixture_and_reads_back() {
    let people = people();
    let exported: Vec<Exported<'_>> = people
        .iter()
        .map(|(person, org)| Exported { person, org: *org, notes: &[], last_transition: None })
        .collect();
    let csv = export::csv(&exported);
    let fixture = std::fs::read_to_string(data().join("csv/synthetic/kith-export.csv")).unwrap();
    assert_eq!(csv, fixture);

    let parsed = parse_file(Format::ContactCsv, "csv/synthetic/kith-export.csv", &[]);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.contacts.len(), people.len());
    for (got, (person, org)) in parsed.contacts.iter().zip(&people) {
        assert_eq!(got.name.as_deref(), Some(person.name.as_str()));
        assert_eq!(got.identities, person.identities);
        assert_eq!(got.org.as_deref(), *org);
        assert_eq!(got.role, person.role);
        assert_eq!(got.tags, person.tags);
    }
    let keys: Vec<&str> = parsed.contacts.iter().map(|c| c.source_key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "kith-export.csv:a.q@example.com",
            "kith-export.csv:https://linkedin.com/in/misaki",
            "kith-export.csv:zoë \"sunny\" okafor"
        ]
    );
}
