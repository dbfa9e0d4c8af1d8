//! One message's header block: mail-parser's address and date vectors and sample
//! messages, MimeKit's reports and receipts, and synthetic cases for every rule.

use crate::support::data;
use jiff::Timestamp;
use kith_core::{KeptOut, MAX_RECIPIENTS, MailAddress, MailMessage};
use kith_import::mail::{Origin, parse_message};
use serde_json::Value;
use std::path::Path;

fn parse(block: &str) -> MailMessage {
    parse_message(block.as_bytes(), &Origin::default()).unwrap_or_else(|e| panic!("{block:?}: {e}"))
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn addresses(list: &[MailAddress]) -> Vec<&str> {
    list.iter().map(|a| a.address.as_str()).collect()
}

fn from_of(block: &str) -> (String, Option<String>) {
    let from = parse(block).from.expect("a sender");
    (from.address, from.name)
}

// --- mail-parser's vectors -------------------------------------------------------------

/// mail-parser's mailboxes of one expected address value: `(name, address)`, groups
/// flattened.
fn expected_mailboxes(expected: &Value) -> Vec<(Option<String>, Option<String>)> {
    let entry = |m: &Value| (m["name"].as_str().map(str::to_owned), m["address"].as_str().map(str::to_owned));
    match expected {
        Value::Object(o) if o.contains_key("List") => {
            o["List"].as_array().unwrap().iter().map(entry).collect()
        }
        Value::Object(o) if o.contains_key("Group") => o["Group"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["addresses"].as_array().unwrap().iter().map(entry))
            .collect(),
        _ => Vec::new(),
    }
}

/// Vectors whose addresses kith reads differently from mail-parser, on purpose.
const ADDRESSES_DIFFER: &[(usize, &str)] = &[
    // mail-parser keeps the obsolete route and the spaces around the dot; kith drops the
    // route and reads `jdoe@test . example` as the address it spells.
    (13, "mary@example.net jdoe@test.example"),
    // The same: whitespace left by a comment inside the domain is not part of it.
    (14, "jdoe@machine.example"),
];

/// Vectors whose display names (`-` for none) kith reads differently from mail-parser,
/// on purpose.
const NAMES_DIFFER: &[(usize, &str, &str)] = &[
    (8, "Pete", COMMENTS),
    (9, "Pete chap)", "unfolded, the backslash escapes a space: the comment ends at the next `)`"),
    (10, "Chris Jones / - / John", COMMENTS),
    (14, "John Doe", COMMENTS),
    (22, "Nathaniel Borenstein", COMMENTS),
    (56, "Name Doe", COMMENTS),
];

const COMMENTS: &str =
    "mail-parser appends comments to the display name; kith uses a comment only when there is none";

#[test]
fn stalwart_address_vectors() {
    let vectors = json(&data().join("mail/stalwart/address.json"));
    for (i, vector) in vectors.as_array().unwrap().iter().enumerate() {
        let header = vector["header"].as_str().unwrap();
        let block = format!("Message-ID: <vector@test>\nTo: {}\n\n", header.trim_end_matches('\n'));
        let got = parse(&block).recipients;
        let mut expected: Vec<(Option<String>, String)> = Vec::new();
        for (name, address) in expected_mailboxes(&vector["expected"]) {
            let Some(address) = address.filter(|a| a.contains('@')).map(|a| a.to_lowercase()) else {
                continue;
            };
            if !expected.iter().any(|(_, a)| *a == address) {
                let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                expected.push((name, address));
            }
        }
        match ADDRESSES_DIFFER.iter().find(|(n, _)| *n == i) {
            Some((_, ours)) => assert_eq!(addresses(&got).join(" "), *ours, "vector {i}: {header:?}"),
            None => {
                let want: Vec<&str> = expected.iter().map(|(_, a)| a.as_str()).collect();
                assert_eq!(addresses(&got), want, "vector {i}: {header:?}");
            }
        }
        let names: Vec<&str> = got.iter().map(|a| a.name.as_deref().unwrap_or("-")).collect();
        match NAMES_DIFFER.iter().find(|(n, _, _)| *n == i) {
            Some((_, ours, why)) => assert_eq!(names.join(" / "), *ours, "vector {i}: {why}"),
            None => {
                let want: Vec<&str> = expected.iter().map(|(n, _)| n.as_deref().unwrap_or("-")).collect();
                assert_eq!(names, want, "vector {i}: {header:?}");
            }
        }
    }
}

/// mail-parser's expected date as an instant.
fn expected_instant(expected: &Value) -> Option<Timestamp> {
    let n = |key: &str| expected.get(key).and_then(Value::as_i64);
    let date = jiff::civil::date(n("year")? as i16, n("month")? as i8, n("day")? as i8);
    let at = date.at(n("hour")? as i8, n("minute")? as i8, n("second")? as i8, 0);
    let mut offset = n("tz_hour")? * 3600 + n("tz_minute")? * 60;
    if expected["tz_before_gmt"].as_bool()? {
        offset = -offset;
    }
    jiff::tz::Offset::from_seconds(offset as i32).unwrap().to_timestamp(at).ok()
}

/// Vectors mail-parser reads as dates and kith, on purpose, does not.
const NOT_DATES: &[(usize, &str)] = &[
    (10, "a numeric month is not RFC 5322"),
    (12, "numbers only: a numeric month, and nonsense"),
    (28, "a Received value: kith reads only what follows its last ';'"),
];

#[test]
fn stalwart_date_vectors() {
    let vectors = json(&data().join("mail/stalwart/date.json"));
    for (i, vector) in vectors.as_array().unwrap().iter().enumerate() {
        let header = vector["header"].as_str().unwrap();
        let block = format!("Message-ID: <vector@test>\nDate: {}\n\n", header.trim_end_matches('\n'));
        let expected =
            if NOT_DATES.iter().any(|(n, _)| *n == i) { None } else { expected_instant(&vector["expected"]) };
        assert_eq!(parse(&block).at, expected, "vector {i}: {header:?}");
    }
    // The Received vector, read where kith reads it.
    let received = vectors[28]["header"].as_str().unwrap();
    let message = parse(&format!("Message-ID: <r@test>\nReceived: {received}\n\n"));
    assert_eq!(message.delivered_at, Some(ts("2022-10-10T17:31:15Z")));
}

/// mail-parser's expected sender address (From, else Sender) and date of a sample.
fn expected_from_and_date(expected: &Value) -> (Option<String>, Option<Timestamp>) {
    let headers = expected["parts"][0]["headers"].as_array().unwrap();
    let value = |name: &str| headers.iter().find(|h| h["name"] == name).map(|h| &h["value"]);
    let address = |name: &str| {
        let first = expected_mailboxes(&value(name)?["Address"]).into_iter().next()?;
        first.1.filter(|a| a.contains('@')).map(|a| a.to_lowercase())
    };
    let date = value("date").and_then(|v| expected_instant(&v["DateTime"]));
    (address("from").or_else(|| address("sender")), date)
}

#[test]
fn stalwart_samples_parse_and_agree_on_sender_and_date() {
    let root = data().join("mail/stalwart/eml");
    let mut compared = 0;
    for folder in ["rfc", "thirdparty", "legacy", "malformed"] {
        let mut paths: Vec<_> =
            std::fs::read_dir(root.join(folder)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "eml")) {
            let bytes = std::fs::read(path).unwrap();
            let parsed = parse_message(&bytes, &Origin::default());
            let expected_path = path.with_extension("json");
            if !expected_path.exists() {
                continue;
            }
            let (from, at) = expected_from_and_date(&json(&expected_path));
            match parsed {
                Ok(message) => {
                    assert_eq!(message.from.map(|f| f.address), from, "{}", path.display());
                    assert_eq!(message.at, at, "{}", path.display());
                    compared += 1;
                }
                // No sender, recipient or Message-ID: refused, even with a date.
                Err(_) => assert_eq!(from, None, "{}", path.display()),
            }
        }
    }
    assert!(compared >= 15, "only {compared} samples compared");
}

// --- MimeKit's messages ----------------------------------------------------------------

fn mimekit(name: &str) -> MailMessage {
    let bytes = std::fs::read(data().join("mail/mimekit").join(name)).unwrap();
    parse_message(&bytes, &Origin::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn mimekit_bounces_and_receipts_are_kept_out() {
    for name in ["bounce.txt", "delivery-status.txt", "delivery-status-no-blank-line.txt"] {
        assert_eq!(mimekit(name).kept_out, Some(KeptOut::Bounce), "{name}");
    }
    let receipt = mimekit("disposition-notification.txt");
    assert_eq!(receipt.kept_out, Some(KeptOut::Receipt));
    assert_eq!(receipt.at, Some(ts("1995-09-20T04:19:00Z")));
    // An ARF abuse report, after a byte-order mark.
    let feedback = mimekit("feedback-report.txt");
    assert_eq!(feedback.kept_out, Some(KeptOut::Automated));
    assert_eq!(feedback.from.unwrap().address, "abusedesk@example.com");

    let bounce = mimekit("bounce.txt");
    let from = bounce.from.unwrap();
    assert_eq!(
        (from.address.as_str(), from.name.as_deref()),
        ("mailer-daemon@hmail.jitbit.com", Some("Mail Delivery System"))
    );
    // The topmost Received, folded inside its date.
    assert_eq!(bounce.delivered_at, Some(ts("2022-01-26T09:06:52Z")));
    assert_eq!(bounce.at, Some(ts("2022-01-26T09:06:48Z")));
}

#[test]
fn mimekit_ordinary_messages_are_not_kept_out() {
    for name in [
        "body.1.txt",
        "epilogue.txt",
        "issue358.txt",
        "japanese.txt",
        "missing-subtype.txt",
        "simple-multipart.eml",
    ] {
        assert_eq!(mimekit(name).kept_out, None, "{name}");
    }
    let japanese = mimekit("japanese.txt");
    assert_eq!(japanese.subject.as_deref(), Some("日本語メールテスト (testing Japanese emails)"));
    assert_eq!(japanese.at, Some(ts("2015-07-21T16:02:29Z")));
    let qmail = mimekit("issue358.txt");
    assert_eq!(qmail.delivered_at, Some(ts("2017-11-15T14:16:18Z")));
    assert_eq!(addresses(&qmail.recipients), ["jang12@linux12.org.new"]);
}

// --- synthetic cases -------------------------------------------------------------------

#[test]
fn display_names_quoted_encoded_commented_or_raw() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("\"Doe, Jane\" <Jane.Doe@Example.COM>", "jane.doe@example.com", Some("Doe, Jane")),
        ("\"Say \\\"hi\\\"\" <a@b.org>", "a@b.org", Some("Say \"hi\"")),
        ("'Ann Lee' <ann@x.org>", "ann@x.org", Some("Ann Lee")),
        ("bob@x.org (Bob Stone)", "bob@x.org", Some("Bob Stone")),
        ("Bob <bob@x.org> (work)", "bob@x.org", Some("Bob")),
        ("<bob@x.org>", "bob@x.org", None),
        ("  bob@x.org  ", "bob@x.org", None),
        ("\"\" <bob@x.org>", "bob@x.org", None),
        ("=?UTF-8?Q?S=C3=B8ren_=C5=A0imi=C4=87?= <s@x.org>", "s@x.org", Some("Søren Šimić")),
        ("=?utf-8?q?Ren=C3=A9e?= Lefèvre <r@x.org>", "r@x.org", Some("Renée Lefèvre")),
        ("=?UTF-8?B?0JDQvdC00YDQtdC5?= <a@x.org>", "a@x.org", Some("Андрей")),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard <a@x.org>", "a@x.org", Some("André Pirard")),
        ("=?UTF-8?Q?Zo=C3=AB?= =?UTF-8?Q?_M=C3=BCller?= <z@x.org>", "z@x.org", Some("Zoë Müller")),
        // A character split between two encoded words.
        ("=?UTF-8?B?SsM=?=\n =?UTF-8?B?vHJnZW4=?= <j@x.org>", "j@x.org", Some("Jürgen")),
        ("=?windows-1251?B?yOLg7Q==?= <i@x.org>", "i@x.org", Some("Иван")),
        ("=?koi8-r?Q?=E9=D7=C1=CE?= <i@x.org>", "i@x.org", Some("Иван")),
        ("Jürgen Größe-Müller <j@x.org>", "j@x.org", Some("Jürgen Größe-Müller")),
        ("Dvořák (boss) <d@x.org>", "d@x.org", Some("Dvořák")),
        ("\"Trimmed \" (note) <t@x.org>", "t@x.org", Some("Trimmed")),
    ];
    for (from, address, name) in cases {
        let got = from_of(&format!("From: {from}\nMessage-ID: <n@x>\n\n"));
        assert_eq!((got.0.as_str(), got.1.as_deref()), (*address, *name), "{from:?}");
    }
    // Raw Windows-1252 bytes in a name.
    let block = b"From: Ren\xe9e <r@x.org>\nTo: a@b.org\n\n";
    assert_eq!(
        parse_message(block, &Origin::default()).unwrap().from.unwrap().name.as_deref(),
        Some("Renée")
    );
}

#[test]
fn groups_routes_and_comments() {
    let m = parse(
        "From: ann@x.org\nTo: undisclosed-recipients:;\nCc: Team: B@y.org, \"Cy\" <c@y.org>;, dee@y.org\n\
         Bcc: <@relay.one,@relay.two:eve@z.org>, Fay (the boss) <fay(work)@z.org (office)>, nobody\n\n",
    );
    assert_eq!(addresses(&m.recipients), ["b@y.org", "c@y.org", "dee@y.org", "eve@z.org", "fay@z.org"]);
    assert_eq!(m.recipients[1].name.as_deref(), Some("Cy"));
    assert_eq!(m.recipients[4].name.as_deref(), Some("Fay"));
    let undisclosed = parse("From: ann@x.org\nTo: undisclosed-recipients:;\n\n");
    assert!(undisclosed.recipients.is_empty());
}

#[test]
fn recipients_are_to_then_cc_then_bcc_without_repeats() {
    let m = parse(
        "Cc: Cat <cat@x.org>, ann@x.org\nFrom: me@x.org\nTo: Ann <ANN@x.org>\nBcc: dan@x.org, Cat@X.org\n\
         to: bob@x.org\n\n",
    );
    assert_eq!(addresses(&m.recipients), ["ann@x.org", "bob@x.org", "cat@x.org", "dan@x.org"]);
    assert_eq!(m.recipients[0].name.as_deref(), Some("Ann"));
}

#[test]
fn sender_falls_back_to_the_sender_header() {
    let m = parse("From: Undisclosed\nSender: Desk <desk@x.org>\nTo: a@b.org\n\n");
    assert_eq!(m.from.unwrap().address, "desk@x.org");
    let m = parse("Sender: desk@x.org\nfrom: Ann <ann@x.org>\nFROM: bob@x.org\nTo: a@b.org\n\n");
    assert_eq!(m.from.unwrap().address, "ann@x.org");
}

#[test]
fn dates_in_current_and_obsolete_forms() {
    let cases: &[(&str, Option<&str>)] = &[
        ("Thu, 29 Jun 2017 13:49:24 +0100", Some("2017-06-29T12:49:24Z")),
        ("Thu, 01 Jun 2017 13:49:24 +0100", Some("2017-06-01T12:49:24Z")),
        ("1 Jun 2017 13:49:24 -0330", Some("2017-06-01T17:19:24Z")),
        ("Mon, 4 Mar 19 07:00:00 EST", Some("2019-03-04T12:00:00Z")),
        ("Mon, 4 Mar 99 07:00:00 EDT", Some("1999-03-04T11:00:00Z")),
        ("Mon, 4 Mar 119 07:00 GMT", Some("2019-03-04T07:00:00Z")),
        ("4 mar 2019 07:00:00 pdt", Some("2019-03-04T14:00:00Z")),
        ("4 MAR 2019 07:00:00 CST", Some("2019-03-04T13:00:00Z")),
        ("4 Mar 2019 07:00:00 MST", Some("2019-03-04T14:00:00Z")),
        ("4 Mar 2019 07:00:00 UT", Some("2019-03-04T07:00:00Z")),
        ("4 Mar 2019 07:00:00 Z", Some("2019-03-04T07:00:00Z")),
        ("4 Mar 2019 07:00:00 J", Some("2019-03-04T07:00:00Z")),
        ("4 Mar 2019 07:00:00 CET", Some("2019-03-04T07:00:00Z")),
        ("Mon, 4 Mar 2019 07:00:00 -0000", Some("2019-03-04T07:00:00Z")),
        ("Mon, 4 Mar 2019 07:00:00 +0000 (UTC)", Some("2019-03-04T07:00:00Z")),
        ("Mon, 4 Mar 2019 07:00:00 +0100 (CET)", Some("2019-03-04T06:00:00Z")),
        ("Fri, 29 Mar 2024 14:23:46 +0200 (GMT+02)", Some("2024-03-29T12:23:46Z")),
        ("  Mon,   4  Mar\n   2019  07:00:00   +0100  ", Some("2019-03-04T06:00:00Z")),
        ("Monday, 4 March 2019 07:00:00 +0100", Some("2019-03-04T06:00:00Z")),
        ("29 Feb 2020 23:59:60 +0000", Some("2020-02-29T23:59:59Z")),
        ("2019-03-04T12:00:00Z", None),
        ("2019-03-04 12:00:00 +0000", None),
        ("Mon, 4 Foo 2019 07:00:00 +0000", None),
        ("Mon, 32 Mar 2019 07:00:00 +0000", None),
        ("Fri, 29 Feb 2019 07:00:00 +0000", None),
        ("Mon, 4 Mar 2019 25:00:00 +0000", None),
        ("Mon, 4 Mar 2019 07:61:00 +0000", None),
        ("Mon, 4 13 2019 07:00:00 +0000", None),
        ("Mon, 4 Mar 2019", None),
        ("yesterday", None),
        ("", None),
    ];
    for (date, expected) in cases {
        let m = parse(&format!("Message-ID: <d@x>\nDate: {date}\n\n"));
        assert_eq!(m.at, expected.map(ts), "{date:?}");
    }
    assert_eq!(parse("Message-ID: <d@x>\n\n").at, None);
}

#[test]
fn crlf_folding_and_the_body_after_the_blank_line() {
    let block = "Return-Path: <a@x.org>\r\nFROM: Ann\r\n <ann@x.org>\r\nsubject: a long\r\n\tsubject line\r\n\
                 To: b@y.org,\r\n c@y.org\r\nMessage-Id: <id1@x.org>\r\n\r\nFrom: body@z.org\r\nTo: body@z.org\r\n";
    let m = parse(block);
    assert_eq!(m.from.unwrap(), MailAddress { address: "ann@x.org".into(), name: Some("Ann".into()) });
    assert_eq!(m.subject.as_deref(), Some("a long\tsubject line"));
    assert_eq!(addresses(&m.recipients), ["b@y.org", "c@y.org"]);
    assert_eq!(m.key, "id1@x.org");
    // No blank line at all is fine too.
    assert_eq!(parse("Message-ID: <x@y>").key, "x@y");
}

#[test]
fn first_occurrences_win() {
    let m = parse(
        "From: a@x.org\nSubject: first\nDate: 1 Mar 2020 00:00:00 +0000\nMessage-ID: <one@x>\n\
         SUBJECT: second\nDate: 2 Mar 2020 00:00:00 +0000\nmessage-id: <two@x>\nFrom: b@x.org\n\n",
    );
    assert_eq!(
        (m.from.unwrap().address.as_str(), m.subject.as_deref(), m.key.as_str()),
        ("a@x.org", Some("first"), "one@x")
    );
    assert_eq!(m.at, Some(ts("2020-03-01T00:00:00Z")));
}

#[test]
fn message_ids_parents_and_threads() {
    let m =
        parse("Message-ID:\n  < Abc.1@X.org >  (comment)\nIn-Reply-To: Your message of \"Monday\" <p@x>\n\n");
    assert_eq!((m.key.as_str(), m.parent.as_deref(), m.thread.as_str()), ("Abc.1@X.org", Some("p@x"), "p@x"));
    let m = parse("Message-ID: bare-id@x.org\nReferences: <r1@x> <r2@x>\n <r3@x>\n\n");
    assert_eq!(
        (m.key.as_str(), m.parent.as_deref(), m.thread.as_str()),
        ("bare-id@x.org", Some("r3@x"), "r1@x")
    );
    let m = parse("Message-ID: <c@x>\nIn-Reply-To: <b@x>\nReferences: <a@x> <b@x>\n\n");
    assert_eq!((m.parent.as_deref(), m.thread.as_str()), (Some("b@x"), "a@x"));
    let m = parse("Message-ID: <c@x>\nIn-Reply-To: <b@x>\n\n");
    assert_eq!((m.parent.as_deref(), m.thread.as_str()), (Some("b@x"), "b@x"));
    let m = parse("Message-ID: <c@x>\n\n");
    assert_eq!((m.parent.as_deref(), m.thread.as_str()), (None, "c@x"));
    // A message answering itself has no parent.
    let m = parse("Message-ID: <loop@x>\nIn-Reply-To: <loop@x>\n\n");
    assert_eq!((m.parent.as_deref(), m.thread.as_str()), (None, "loop@x"));
    // An id with a space is no id without brackets.
    let m = parse("From: a@x.org\nMessage-ID: not an id\n\n");
    assert!(m.key.starts_with("content:"));
}

/// FNV-1a 64, written out once more for the expected key.
fn fnv1a(bytes: &[u8]) -> String {
    let hash = bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("content:{hash:016x}")
}

#[test]
fn a_message_without_message_id_gets_a_stable_content_key() {
    let stored = "From: Ann <Ann@X.org>\nTo: b@y.org, Cat <c@y.org>\nCc: b@y.org\nSubject: =?UTF-8?Q?Caf=C3=A9?= plans\n\
                  Date: Mon,  4 Mar 2019\n  07:00:00 +0000 \n\nBody\n";
    let m = parse(stored);
    assert_eq!(
        m.key,
        fnv1a("ann@x.org\nb@y.org\nc@y.org\nMon, 4 Mar 2019 07:00:00 +0000\nCafé plans".as_bytes())
    );
    assert_eq!(m.thread, m.key);
    let delivered = format!(
        "Return-Path: <ann@x.org>\nDelivered-To: b@y.org\nReceived: from localhost by mx1.y.org (Postfix);\n\
         \tMon, 4 Mar 2019 08:00:05 +0100\n{stored}"
    );
    let copy = parse(&delivered);
    assert_eq!(copy.key, m.key);
    assert_eq!(copy.delivered_at, Some(ts("2019-03-04T07:00:05Z")));
    let other = parse(&stored.replace("plans", "plan"));
    assert_ne!(other.key, m.key);
    // Only a recipient: the other parts are empty.
    let lone = parse("To: b@y.org\n\n");
    assert_eq!(lone.key, fnv1a(b"\nb@y.org\n\n"));
}

#[test]
fn subjects_are_unfolded_decoded_and_trimmed() {
    let cases: &[(&[u8], Option<&str>)] = &[
        (b"Subject: Plain one\n", Some("Plain one")),
        (b"Subject: folded\n line\n", Some("folded line")),
        (b"Subject: =?UTF-8?Q?Ask_wonder_fly_sm=C3=B6rg=C3=A5sbord?=\n", Some("Ask wonder fly smörgåsbord")),
        (b"Subject: =?utf-8?b?w5xiZXJzaWNodA==?=\n =?utf-8?q?_2019?=\n", Some("Übersicht 2019")),
        (b"Subject: Re: =?iso-8859-1?q?caf=E9?= time\n", Some("Re: café time")),
        (b"Subject: =?UTF-8?Q?broken\n", Some("=?UTF-8?Q?broken")),
        (b"Subject: Gr\xc3\xbc\xc3\x9fe\n", Some("Grüße")),
        (b"Subject: Gr\xfc\xdfe \x80100\n", Some("Grüße €100")),
        (b"Subject:   \n", None),
        (b"Subject: =?utf-8?q??=\n", None),
    ];
    for (line, expected) in cases {
        let block = [b"Message-ID: <s@x>\n".as_slice(), line, b"\n"].concat();
        let m = parse_message(&block, &Origin::default()).unwrap();
        assert_eq!(m.subject.as_deref(), *expected, "{:?}", String::from_utf8_lossy(line));
    }
}

#[test]
fn delivery_time_comes_from_the_topmost_received_else_the_hint() {
    let hint = Some(ts("2020-01-01T00:00:00Z"));
    let origin = Origin { delivered_at: hint, folder: None };
    let block = "Received: from b by c; Tue, 3 Mar 2020 10:00:00 +0000\nReceived: from a by b; Mon, 2 Mar 2020 10:00:00 +0000\n\
                 Message-ID: <r@x>\nDate: Mon, 2 Mar 2020 09:00:00 +0000\n\n";
    let m = parse_message(block.as_bytes(), &origin).unwrap();
    assert_eq!((m.delivered_at, m.at), (Some(ts("2020-03-03T10:00:00Z")), Some(ts("2020-03-02T09:00:00Z"))));
    let m = parse_message(
        b"Received: (qmail invoked by uid 0); garbage\nMessage-ID: <r@x>\nDate: 2020-03-02\n\n",
        &origin,
    )
    .unwrap();
    assert_eq!((m.delivered_at, m.at), (hint, None));
    let m = parse_message(b"Message-ID: <r@x>\n\n", &origin).unwrap();
    assert_eq!(m.delivered_at, hint);
}

fn kept_out(headers: &str) -> Option<KeptOut> {
    parse(&format!("From: Ann <ann@x.org>\nTo: me@y.org\nMessage-ID: <k@x>\n{headers}\n")).kept_out
}

#[test]
fn each_kept_out_rule_in_order() {
    use KeptOut::*;
    let cases: &[(&str, Option<KeptOut>)] = &[
        ("", None),
        ("Content-Type: multipart/report; report-type=delivery-status; boundary=x\n", Some(Bounce)),
        ("Content-Type: Multipart/Report;\n boundary=\"x\"; REPORT-TYPE=\"Delivery-Status\"\n", Some(Bounce)),
        ("Content-Type: message/delivery-status\n", Some(Bounce)),
        ("Content-Type: multipart/report; report-type=disposition-notification\n", Some(Receipt)),
        ("Content-Type: message/disposition-notification\n", Some(Receipt)),
        ("Content-Type: multipart/report; report-type=feedback-report\n", Some(Automated)),
        ("Content-Type: multipart/mixed; boundary=x\n", None),
        ("List-Id: Dev <dev.lists.x.org>\n", Some(MailingList)),
        ("List-Post: <mailto:dev@lists.x.org>\n", Some(MailingList)),
        // A newsletter: it offers to unsubscribe, but names no list.
        ("List-Unsubscribe: <mailto:leave@x.org>\n", Some(Broadcast)),
        ("X-Spam-Flag: YES\nList-Id: <d.x>\n", Some(Spam)),
        ("X-Spam-Status: Yes, score=9.1\n", Some(Spam)),
        ("X-Spam-Status: No, score=0.1\n", None),
        ("X-Failed-Recipients: gone@x.org\n", Some(Bounce)),
        ("X-DSNContext: 7ce717b1 - 1196 - 00000002 - 00000000\n", Some(Bounce)),
        ("Precedence: bulk\n", Some(Bulk)),
        ("Precedence: LIST\n", Some(Bulk)),
        ("Precedence: junk\n", Some(Bulk)),
        ("Precedence: first-class\n", None),
        ("Auto-Submitted: auto-replied\n", Some(Automated)),
        ("Auto-Submitted: auto-generated; type=x\n", Some(Automated)),
        ("Auto-Submitted: No\n", None),
        ("X-Autoreply: yes\n", Some(Automated)),
        ("X-Autorespond: yes\n", Some(Automated)),
        // Earlier rules win.
        ("Precedence: list\nList-Id: <dev.x.org>\n", Some(MailingList)),
        ("Auto-Submitted: auto-replied\nPrecedence: bulk\n", Some(Bulk)),
        ("Content-Type: multipart/report; report-type=delivery-status\nList-Id: <d.x>\n", Some(Bounce)),
        (
            "Content-Type: multipart/report; report-type=disposition-notification\nList-Id: <d.x>\n",
            Some(Receipt),
        ),
    ];
    for (headers, expected) in cases {
        assert_eq!(kept_out(headers), *expected, "{headers:?}");
    }
    let from = |from: &str, extra: &str| parse(&format!("From: {from}\nTo: me@y.org\n{extra}\n")).kept_out;
    assert_eq!(from("MAILER-DAEMON@mx.x.org (Mail Delivery System)", ""), Some(Bounce));
    assert_eq!(from("Mailer-Daemon@mx.x.org", "Auto-Submitted: auto-replied\n"), Some(Bounce));
    for sender in [
        "noreply@x.org",
        "No-Reply@x.org",
        "shop_no_reply@x.org",
        "DoNotReply@x.org",
        "do-not-reply@x.org",
        "do_not_reply@x.org",
    ] {
        assert_eq!(from(sender, ""), Some(NoReply), "{sender}");
    }
    assert_eq!(from("noreply@x.org", "Auto-Submitted: auto-generated\n"), Some(Automated));
    assert_eq!(from("reply@noreply.x.org", ""), None);

    let many = |n: usize| {
        let to: Vec<String> = (0..n).map(|i| format!("p{i}@x.org")).collect();
        parse(&format!("From: a@x.org\nTo: {}\nCc: p0@x.org\n\n", to.join(",\n "))).kept_out
    };
    assert_eq!(many(MAX_RECIPIENTS), None);
    assert_eq!(many(MAX_RECIPIENTS + 1), Some(ManyRecipients));
}

#[test]
fn what_is_not_a_header_block_is_an_error() {
    let bad: &[&[u8]] = &[
        b"",
        b"\n\nFrom: a@x.org\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"From a@x.org Mon Mar  4 07:00:00 2019\nFrom: a@x.org\n\n",
        b" folded: first\nFrom: a@x.org\n\n",
        b"Subject: only a subject\nDate: Mon, 4 Mar 2019 07:00:00 +0000\n\n",
        b"From: Nobody\nTo: undisclosed-recipients:;\nMessage-ID: <>\n\n",
    ];
    for block in bad {
        assert!(parse_message(block, &Origin::default()).is_err(), "{:?}", String::from_utf8_lossy(block));
    }
    // Any one of sender, recipient and Message-ID is enough.
    assert!(parse_message(b"From: a@x.org\n\n", &Origin::default()).is_ok());
    assert!(parse_message(b"Bcc: a@x.org\n\n", &Origin::default()).is_ok());
    assert!(parse_message(b"Message-ID: <a@x>\n\n", &Origin::default()).is_ok());
    // A line that is no header after the first is skipped.
    assert_eq!(parse("From: a@x.org\nthis is not a header\nTo: b@x.org\n\n").recipients.len(), 1);
}

/// The kinds of dirty message the benchmark generator writes, as it writes them.
#[test]
fn generator_style_dirty_messages() {
    let head = "Return-Path: <mark@krusty-corp.nl>\nDelivered-To: alex.owner@example.org\n\
                Received: from mail-x.krusty-corp.nl (mail-out.krusty-corp.nl [1.2.3.4])\n\
                \tby mx1.example.org (Postfix) with ESMTPS id 83DAJE92NJ0\n\
                \tfor <alex.owner@example.org>; Fri, 29 Mar 2024 13:24:23 +0100\n\
                DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=krusty-corp.nl; s=s1;\n        b=XxkKgj2hj5bSX1In6IHH\n";
    let undisclosed = parse(&format!(
        "{head}From: Mark Dubois <mark@krusty-corp.nl>\nTo: undisclosed-recipients:;\nSubject: Re: Of live port\n\
         Date: Fri, 29 Mar 2024 14:23:46 +0200 (GMT+02)\nMessage-ID: <9db8@krusty-corp.nl>\n\n"
    ));
    assert!(undisclosed.recipients.is_empty());
    assert_eq!(undisclosed.at, Some(ts("2024-03-29T12:23:46Z")));
    assert_eq!(undisclosed.delivered_at, Some(ts("2024-03-29T12:24:23Z")));

    let lowercase = parse(&format!(
        "{head}from: 'Ann Lee' <ann@acme.com>\nto: Alex Owner <alex.owner@example.org>\nSubject: Hi\nDate: Fri, 29 Mar 2024 14:23:46 +0200\n\n"
    ));
    assert_eq!(lowercase.from.unwrap().name.as_deref(), Some("Ann Lee"));
    assert_eq!(addresses(&lowercase.recipients), ["alex.owner@example.org"]);

    let raw = parse(&format!(
        "{head}From: Jürgen Größe-Müller <j@x.de>\nTo: alex.owner@example.org\nDate: 2024-03-29T12:23:46Z\n\n"
    ));
    assert_eq!(raw.from.unwrap().name.as_deref(), Some("Jürgen Größe-Müller"));
    assert_eq!((raw.at, raw.delivered_at), (None, Some(ts("2024-03-29T12:24:23Z"))));
    assert!(raw.key.starts_with("content:") && raw.key.len() == 24);

    let list = parse(&format!(
        "{head}From: \"L. Carter\" <leila.carter@acme.com>\nTo: infra4 <infra4@lists.googlegroups.com>\n\
         Subject: [infra4] Came\nList-Id: Infra4 list <infra4.lists.googlegroups.com>\nPrecedence: list\n\n"
    ));
    assert_eq!(list.kept_out, Some(KeptOut::MailingList));
}

#[test]
fn the_folder_a_message_lies_in_says_whether_it_is_the_owners_or_junk() {
    use kith_import::mail::FolderRole;
    let block =
        "From: Judy Townsend\nTo: Chris Germany\nSubject: gas\nDate: Mon, 2 Apr 2001 09:00:00 +0000\n";
    let in_folder = |folder: Option<FolderRole>, extra: &str| {
        let origin = Origin { delivered_at: None, folder };
        parse_message(format!("{block}{extra}\n").as_bytes(), &origin).unwrap()
    };
    // A Lotus Notes message: no address anywhere, so only the folder says it was sent.
    let sent = in_folder(Some(FolderRole::Sent), "");
    assert!(sent.sent && sent.kept_out.is_none());
    assert_eq!(sent.from.as_ref().map(|f| f.address.as_str()), Some("judy townsend"));
    assert_eq!(sent.recipients[0].address, "chris germany");
    assert!(!in_folder(None, "").sent);
    // Exports that keep the folder in a header: the Enron-style X-Folder path, Takeout's labels.
    assert!(in_folder(None, "X-Folder: \\Judy_Townsend_Dec2000\\Notes Folders\\Sent\n").sent);
    assert!(in_folder(None, "X-Gmail-Labels: Sent,Opened\n").sent);
    assert!(!in_folder(None, "X-Folder: \\Judy_Townsend_Dec2000\\Notes Folders\\Inbox\n").sent);
    // A header says more than the folder the file lies in.
    assert_eq!(
        in_folder(Some(FolderRole::Sent), "X-Gmail-Labels: Spam\n").kept_out,
        Some(KeptOut::JunkFolder)
    );
    assert_eq!(in_folder(Some(FolderRole::Junk), "").kept_out, Some(KeptOut::JunkFolder));
    assert_eq!(in_folder(Some(FolderRole::Trash), "").kept_out, Some(KeptOut::Trash));
    assert_eq!(in_folder(Some(FolderRole::Drafts), "").kept_out, Some(KeptOut::Draft));
    // The owner's own sent mail is never a broadcast, whatever its sender's name says.
    let team = "From: Outlook Migration Team\nTo: Chris Germany\nMessage-ID: <t@x>\n";
    let sent_team = parse_message(
        format!("{team}\n").as_bytes(),
        &Origin { delivered_at: None, folder: Some(FolderRole::Sent) },
    );
    assert_eq!(sent_team.unwrap().kept_out, None);
    assert_eq!(parse(&format!("{team}\n")).kept_out, Some(KeptOut::Broadcast));
}

#[test]
fn every_address_form_of_a_real_corporate_mailbox_is_a_correspondent() {
    // Forms from townsend-j (the Enron mailbox in crates/kith-cli/tests/data).
    let to = |value: &str| -> Vec<(String, Option<String>)> {
        parse(&format!("From: a@x.org\nTo: {value}\nMessage-ID: <f@x>\n\n"))
            .recipients
            .into_iter()
            .map(|r| (r.address, r.name))
            .collect()
    };
    let one = |address: &str, name: Option<&str>| vec![(address.to_owned(), name.map(str::to_owned))];
    // Exchange: an unquoted "Family, Given" before an X.500 address is one mailbox.
    assert_eq!(
        to(
            "Bradford, William\n\t S. </O=ENRON/OU=NA/CN=RECIPIENTS/CN=Wbradfo>, Fitzgerald, Genia </O=ENRON/OU=NA/CN=RECIPIENTS/CN=Gfitzge>"
        ),
        [
            ("/o=enron/ou=na/cn=recipients/cn=wbradfo".to_owned(), Some("Bradford, William S.".to_owned())),
            ("/o=enron/ou=na/cn=recipients/cn=gfitzge".to_owned(), Some("Fitzgerald, Genia".to_owned())),
        ]
    );
    // A family name of several words before an Exchange address (townsend-j has 19).
    assert_eq!(
        to(
            "Van Hooser, Steve </O=ENRON/OU=NA/CN=RECIPIENTS/CN=SVANHOO>, Baughman Jr., Edward D. </O=ENRON/OU=NA/CN=RECIPIENTS/CN=EBAUGHM>"
        ),
        [
            ("/o=enron/ou=na/cn=recipients/cn=svanhoo".to_owned(), Some("Van Hooser, Steve".to_owned())),
            (
                "/o=enron/ou=na/cn=recipients/cn=ebaughm".to_owned(),
                Some("Baughman Jr., Edward D.".to_owned())
            ),
        ]
    );
    // Before an email address, two words and a comma are two mailboxes: a Notes name, then
    // someone else (only Exchange writes `Family, Given` unquoted).
    assert_eq!(to("Mark Breese, Judy Townsend <judy@example.org>").len(), 2);
    // On a host without a dot, one word is an address like any other, not a Notes name.
    assert_eq!(to("john@localhost"), one("john@localhost", None));
    assert!(to("Multiple recipients of list <>").is_empty());
    // The family name in brackets and the given name quoted, or bare and quoted.
    assert_eq!(to("<Jones>,\"Tana\""), one("tana jones", Some("Jones, Tana")));
    assert_eq!(to("Jones,\"Tana\", bob@example.org").len(), 2);
    assert_eq!(to("Jones,\"Tana\"")[0].0, "tana jones");
    // Lotus Notes: bare names, each its own correspondent.
    assert_eq!(to("Mark Breese, John Hodge").len(), 2);
    assert_eq!(to("Mark Breese"), one("mark breese", Some("Mark Breese")));
    // A Notes hierarchical name, bare or in brackets.
    assert_eq!(to("Clarissa Garcia/Enron@EnronXGate"), one("clarissa garcia", Some("Clarissa Garcia")));
    assert_eq!(
        to("Cynthia Franklin <Cynthia Franklin/Corp/Enron@ENRON>"),
        one("cynthia franklin", Some("Cynthia Franklin"))
    );
    // IMCEA: an X.500 address, an internet address routed through Notes, a Notes name.
    assert_eq!(
        to("Townsend, Judy <IMCEAEX-_O=ENRON_OU=NA_CN=RECIPIENTS_CN=JTOWNSE@ENRON.com>"),
        one("/o=enron/ou=na/cn=recipients/cn=jtownse", Some("Townsend, Judy"))
    );
    assert_eq!(
        to("infopost@duke-energy.com@ENRON <IMCEANOTES-infopost+40duke-energy+2Ecom+40ENRON@ENRON.com>"),
        one("infopost@duke-energy.com", Some("infopost@duke-energy.com@ENRON"))
    );
    assert_eq!(
        to("Enron Announcements@ENRON <IMCEANOTES-Enron+20Announcements+40ENRON@ENRON.com>"),
        one("enron announcements", Some("Enron Announcements@ENRON"))
    );
    // Outlook's quotes around an address, and an unmatched one before a name.
    assert_eq!(to("'jtownse@yahoo.com'"), one("jtownse@yahoo.com", None));
    assert_eq!(
        to("'Shanna Boudreaux <shannaboudreaux@hotmail.com>"),
        one("shannaboudreaux@hotmail.com", Some("Shanna Boudreaux"))
    );
    // Nobody: a lone word, a group of undisclosed recipients, a comment alone.
    assert!(to("undisclosed-recipients:;").is_empty());
    assert!(to("whomever").is_empty());
    assert!(to("(nobody at all)").is_empty());
}

#[test]
fn the_sender_is_the_mailbox_with_an_address_and_a_reply_is_never_a_broadcast() {
    let m = parse(
        "From: Priya Patel, Wellness Coach <priya@example.org>\nTo: me@example.org\nMessage-ID: <p@x>\n\n",
    );
    assert_eq!(m.from.map(|f| f.address), Some("priya@example.org".to_owned()));
    // A small firm's info@ answering a client is a conversation.
    let first = "From: Maria Rossi <info@rossi-design.example>\nTo: me@example.org\nMessage-ID: <r1@x>\n";
    assert_eq!(parse(&format!("{first}\n")).kept_out, Some(KeptOut::Broadcast));
    let reply = format!("{first}In-Reply-To: <mine@example.org>\nSubject: Re: our contract\n\n");
    assert_eq!(parse(&reply).kept_out, None);
}

#[test]
fn a_spam_filters_verdict_is_read_on_real_headers() {
    // A real Debian list post scanned by SpamAssassin (notmuch's corpus): its verdict is
    // "No", so it is kept out as the list post it is. The same headers with the verdict a
    // filter writes for spam are spam, whatever else they say.
    let real = std::fs::read(data().join("mail/notmuch/duplicate/msg-1-1:2,")).unwrap();
    let real = String::from_utf8_lossy(&real).into_owned();
    assert!(real.contains("X-Spam-Status: No, score=-1.9"));
    let verdict = |text: &str| parse_message(text.as_bytes(), &Origin::default()).unwrap().kept_out;
    assert_eq!(verdict(&real), Some(KeptOut::MailingList));
    let flagged = real.replace("X-Spam-Status: No, score=-1.9", "X-Spam-Status: Yes, score=9.1");
    assert_eq!(verdict(&flagged), Some(KeptOut::Spam));
    let flagged = real.replace("X-Spam-Level: \n", "X-Spam-Level: *********\nX-Spam-Flag: YES\n");
    assert_eq!(verdict(&flagged), Some(KeptOut::Spam));
}

#[test]
fn a_long_subject_is_kept_cut_and_keys_the_message_as_before() {
    // No Message-ID: the message is keyed by its sender, recipients, date and subject. A
    // 600-character subject keeps its first 500 and an ellipsis; the key still reads the
    // whole subject, so the same message stored before the limit is found again.
    let long = "s".repeat(600);
    let block = format!(
        "From: ada@example.org\r\nTo: me@example.org\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nSubject: {long}\r\n\r\n"
    );
    let message = parse(&block);
    let subject = message.subject.as_deref().unwrap();
    assert_eq!(subject.chars().count(), 501);
    assert!(subject.ends_with("s…"), "{subject}");
    let shorter = parse(&block.replace(&long, &"s".repeat(500)));
    assert_ne!(message.key, shorter.key, "the key is made from the whole subject");
}
