//! The limits on what one file can make kith hold or print: overlong properties, long
//! lists, large cards and events, long notes and subjects, and long warnings.

use crate::support::now;
use jiff::tz::TimeZone;
use kith_core::Identity;
use kith_import::limits::{LIST_VALUES, NOTE_CHARS, PROPERTY_BYTES, RECORD_BYTES, SUBJECT_CHARS};
use kith_import::{Context, Effect, Format, Parsed, parse};

fn read(format: Format, text: &str) -> Parsed {
    let owner = [Identity::email("me@example.org").unwrap()];
    let tz = TimeZone::UTC;
    let cx = Context { file: "big", owner: &owner, now: now(), tz: &tz, since: None };
    parse(format, text.as_bytes(), &cx)
}

/// A calendar of the given events' lines, each event with a start and an attendee.
fn calendar(events: &[String]) -> String {
    let mut text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".to_owned();
    for (i, lines) in events.iter().enumerate() {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:e{i}@example.org\r\nDTSTART:20260301T100000Z\r\n\
             ATTENDEE:mailto:ada@example.org\r\n{lines}END:VEVENT\r\n"
        ));
    }
    text + "END:VCALENDAR\r\n"
}

/// The problems as `(line, effect)`.
fn lines(parsed: &Parsed) -> Vec<(u64, Effect)> {
    parsed.problems.iter().map(|p| (p.line, p.effect)).collect()
}

#[test]
fn an_overlong_vcard_property_is_dropped_at_its_line_and_the_card_kept() {
    let long = "1".repeat(PROPERTY_BYTES + 10);
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:{long}\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
    );
    let parsed = read(Format::Vcard, &text);
    assert_eq!(lines(&parsed), [(4, Effect::Dropped)]);
    assert_eq!(
        parsed.problems[0].to_string(),
        "line 4: `TEL` is 1,048,592 bytes long, over the 1 MiB limit; ignored"
    );
    assert_eq!(parsed.contacts.len(), 1);
    assert_eq!(parsed.contacts[0].identities, [Identity::email("ada@example.org").unwrap()]);
}

#[test]
fn a_file_of_one_overlong_line_is_reported_once() {
    let text = format!("BEGIN:VCARD{}", "x".repeat(PROPERTY_BYTES));
    let parsed = read(Format::Vcard, &text);
    assert_eq!(lines(&parsed), [(1, Effect::Dropped)]);
    assert!(parsed.contacts.is_empty());
    let text = format!("BEGIN:VCALENDAR{}", "x".repeat(PROPERTY_BYTES));
    let parsed = read(Format::Ical, &text);
    assert_eq!(lines(&parsed), [(1, Effect::Dropped), (1, Effect::Skipped)], "{:?}", parsed.problems);
}

#[test]
fn an_overlong_event_property_is_dropped_and_the_meeting_kept() {
    let long = "a,".repeat(PROPERTY_BYTES / 2 + 10);
    let parsed = read(Format::Ical, &calendar(&[format!("SUMMARY:Review\r\nCATEGORIES:{long}x\r\n")]));
    assert_eq!(lines(&parsed), [(8, Effect::Dropped)]);
    assert!(parsed.problems[0].message.starts_with("`CATEGORIES` is 1,048,610 bytes long"));
    assert_eq!(parsed.meetings.len(), 1);
    assert_eq!(parsed.meetings[0].subject.as_deref(), Some("Review"));
}

#[test]
fn many_valued_categories_are_bounded() {
    // Three lines of 2,000 values each: the first 1,000 in all are kept.
    let values: Vec<String> = (0..2_000).map(|i| format!("t{i}")).collect();
    let line = format!("CATEGORIES:{}\r\n", values.join(","));
    let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n{line}{line}{line}END:VCARD\r\n");
    let parsed = read(Format::Vcard, &text);
    assert_eq!(parsed.contacts[0].tags.len(), LIST_VALUES);
    assert_eq!(lines(&parsed), [(4, Effect::Dropped)]);
    assert_eq!(
        parsed.problems[0].message,
        "`CATEGORIES` holds 6,000 values, over the 1,000 limit: those past the first 1,000"
    );
    let parsed = read(Format::Ical, &calendar(&[line.repeat(3)]));
    assert_eq!(lines(&parsed), [(7, Effect::Dropped)]);
    assert_eq!(parsed.meetings.len(), 1);
}

#[test]
fn a_card_over_the_limit_is_skipped_and_the_next_one_read() {
    let note = format!("NOTE:{}\r\n", "n".repeat(1_000));
    let big = note.repeat(RECORD_BYTES / 1_000 + 10);
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\n{big}END:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Small\r\nEND:VCARD\r\n"
    );
    let parsed = read(Format::Vcard, &text);
    assert_eq!(lines(&parsed), [(1, Effect::Skipped)]);
    assert!(parsed.problems[0].message.starts_with("card is 2,"), "{}", parsed.problems[0]);
    assert!(parsed.problems[0].message.ends_with("bytes long, over the 2 MiB limit"));
    let names: Vec<_> = parsed.contacts.iter().map(|c| c.name.as_deref()).collect();
    assert_eq!(names, [Some("Small")]);
}

#[test]
fn an_event_over_the_limit_is_skipped_and_the_next_one_read() {
    let description = format!("DESCRIPTION:{}\r\n", "d".repeat(1_000));
    let big = description.repeat(RECORD_BYTES / 1_000 + 10);
    let parsed = read(Format::Ical, &calendar(&[big, "SUMMARY:Small\r\n".to_owned()]));
    assert_eq!(lines(&parsed), [(3, Effect::Skipped)]);
    assert!(parsed.problems[0].message.starts_with("event is 2,"), "{}", parsed.problems[0]);
    let subjects: Vec<_> = parsed.meetings.iter().map(|m| m.subject.as_deref()).collect();
    assert_eq!(subjects, [Some("Small")]);
}

#[test]
fn photos_and_attachments_are_passed_over_whatever_their_size() {
    let photo = format!("PHOTO;ENCODING=b;TYPE=JPEG:{}\r\n", "A".repeat(RECORD_BYTES + 10));
    let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n{photo}END:VCARD\r\n");
    let parsed = read(Format::Vcard, &text);
    assert_eq!((parsed.contacts.len(), parsed.problems.len()), (1, 0));
    let attach = format!("ATTACH;ENCODING=BASE64;VALUE=BINARY:{}\r\n", "A".repeat(RECORD_BYTES + 10));
    let parsed = read(Format::Ical, &calendar(&[attach]));
    assert_eq!((parsed.meetings.len(), parsed.problems.len()), (1, 0));
}

#[test]
fn long_notes_and_subjects_are_cut_and_said_so() {
    let text =
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nNOTE:{}\r\nEND:VCARD\r\n", "é".repeat(25_000));
    let parsed = read(Format::Vcard, &text);
    assert_eq!(parsed.contacts[0].notes[0].chars().count(), NOTE_CHARS);
    assert_eq!(lines(&parsed), [(1, Effect::Dropped)]);
    assert_eq!(
        parsed.problems[0].message,
        "card \"Ada\": `NOTE` is 25,000 characters long, over the 10,000 limit: those past the first 10,000"
    );
    let parsed = read(Format::Ical, &calendar(&[format!("SUMMARY:{}\r\n", "s".repeat(2_000))]));
    assert_eq!(parsed.meetings[0].subject.as_ref().unwrap().chars().count(), SUBJECT_CHARS);
    assert_eq!(lines(&parsed), [(3, Effect::Dropped)]);
}

#[test]
fn a_warning_stays_under_a_kilobyte() {
    // A phone "number" of 100,000 four-byte characters: the problem quotes its start only.
    let text =
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nTEL:{}\r\nEND:VCARD\r\n", "😀".repeat(100_000));
    let parsed = read(Format::Vcard, &text);
    assert_eq!(parsed.problems.len(), 1);
    let printed = format!("big.vcf:{}", parsed.problems[0]);
    assert!(printed.len() < 1024, "{} bytes", printed.len());
    assert!(printed.ends_with("(cut: 100036 characters in all); ignored"), "{printed}");
}

#[test]
fn a_contact_csv_row_over_the_record_limit_is_skipped_and_the_rows_after_it_keep_their_lines() {
    // Row 3 holds a note of over 2 MiB: it is skipped before the CSV reader holds it, and
    // Grace on line 4 is still read and reported at her line (her note, 12,000
    // characters, is cut to 10,000).
    let huge = "n".repeat(RECORD_BYTES + 1);
    let long = "m".repeat(12_000);
    let text = format!(
        "First Name,Last Name,E-mail Address,Notes\r\nAda,Lovelace,ada@example.org,hi\r\n\
         Big,Row,big@example.org,{huge}\r\nGrace,Hopper,grace@example.org,{long}\r\n"
    );
    let parsed = read(Format::ContactCsv, &text);
    let names: Vec<&str> = parsed.contacts.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(lines(&parsed), [(3, Effect::Skipped), (4, Effect::Dropped)]);
    assert!(parsed.problems[0].message.starts_with("a row is 2,097,"), "{}", parsed.problems[0]);
    assert!(
        parsed.problems[1].message.starts_with("`Notes` is 12,000 characters long"),
        "{}",
        parsed.problems[1]
    );
    assert_eq!(parsed.contacts[1].notes[0].chars().count(), NOTE_CHARS);
}
