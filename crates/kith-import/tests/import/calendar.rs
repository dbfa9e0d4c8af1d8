//! Calendars: real invitations and exports from calcard's and ical.js's test files, and
//! synthetic calendars of our own for each rule of the import.

use crate::support;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{Identity, MeetingRecord};
use kith_import::{Context, Effect, Format, Parsed, PassedOver, parse};
use std::collections::BTreeMap;

fn email(text: &str) -> Identity {
    Identity::email(text).unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Parses a fixture for an owner with one address.
fn parse_for(path: &str, owner: &str) -> Parsed {
    support::parse_file(Format::Ical, path, &[email(owner)])
}

/// Parses a fixture as `kith import` would with `--since` and a local zone.
fn parse_with(path: &str, owner: &str, tz: &TimeZone, since: Option<Timestamp>) -> Parsed {
    let bytes = std::fs::read(support::data().join(path)).unwrap();
    let owner = [email(owner)];
    let cx = Context { file: "test.ics", owner: &owner, now: support::now(), tz, since };
    parse(Format::Ical, &bytes, &cx)
}

/// A meeting's people as `address (name)`, in order.
fn people(meeting: &MeetingRecord) -> Vec<String> {
    meeting
        .attendees
        .iter()
        .map(|a| match &a.name {
            Some(name) => format!("{} ({name})", a.identity),
            None => a.identity.to_string(),
        })
        .collect()
}

fn starts(parsed: &Parsed) -> Vec<Timestamp> {
    parsed.meetings.iter().map(|m| m.at).collect()
}

fn passed(counts: &[(PassedOver, usize)]) -> BTreeMap<PassedOver, usize> {
    counts.iter().copied().collect()
}

/// Every `.ics` under `tests/data/ical/<folder>`, sorted.
fn fixtures(folder: &str) -> Vec<String> {
    let dir = support::data().join("ical").join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ics"))
        .map(|name| format!("ical/{folder}/{name}"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_reads_with_problems_at_real_lines() {
    let files: Vec<String> = ["calcard", "icaljs", "synthetic"].iter().flat_map(|f| fixtures(f)).collect();
    assert!(files.len() > 70, "only {} calendars found", files.len());
    for path in files {
        let lines = std::fs::read_to_string(support::data().join(&path)).unwrap().lines().count() as u64;
        let parsed = support::parse_file(Format::Ical, &path, &[]);
        for problem in &parsed.problems {
            assert!(problem.line > 0 && problem.line <= lines, "{path}: {problem}");
        }
        for meeting in &parsed.meetings {
            assert!(!meeting.attendees.is_empty() && meeting.at <= support::now(), "{path}: {meeting:?}");
        }
    }
}

// ---- Real calendars, checked by hand ----

#[test]
fn itip_messages_in_one_file_calcard_220() {
    // Eight iTIP messages (RFC 5546 style), each its own VCALENDAR, about the meetings B
    // organizes. As B:
    // - #I1 (line 6) reschedules the conference to 1997-07-01 20:00Z. A, C and D ("Hal")
    //   remain: the room is no person (CUTYPE=ROOM, and its address has no mailto:), E
    //   is ROLE=NON-PARTICIPANT, B is the owner.
    // - #I2 (line 29) updates it to the " Pool party" at 19:00Z, summary trimmed.
    // - the obsolete request (line 52) is the 1996 "Phone Conference", without CNs
    //   except Hal's.
    // - four REPLYs (lines 76, 91, 106, 121) carry no DTSTART (iTIP allows that): each
    //   is an event without a start, skipped.
    // - the CANCEL (line 136) has no DTSTART either, but being cancelled it is counted
    //   as such rather than reported.
    // - the COUNTER (line 156) proposes 19:00Z with only C listed besides organizer B.
    let parsed = parse_for("ical/calcard/220.ics", "b@example.com");
    let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [76, 91, 106, 121]);
    assert!(parsed.problems.iter().all(|p| p.effect == Effect::Skipped && p.message.contains("DTSTART")));
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::Cancelled, 1)]));
    let summary: Vec<(Timestamp, Option<&str>, Vec<String>)> =
        parsed.meetings.iter().map(|m| (m.at, m.subject.as_deref(), people(m))).collect();
    let hal = "d@example.com (Hal)".to_owned();
    let big = vec!["a@example.com (BIG A)".to_owned(), "c@example.com (C)".to_owned(), hal.clone()];
    assert_eq!(
        summary,
        [
            (at("1997-07-01T20:00:00Z"), Some("Conference"), big.clone()),
            (at("1997-07-01T19:00:00Z"), Some("Pool party"), big),
            (
                at("1996-07-01T18:00:00Z"),
                Some("Phone Conference"),
                vec!["a@example.com".to_owned(), "c@example.com".to_owned(), hal]
            ),
            (at("1997-07-01T19:00:00Z"), Some("Conference"), vec!["c@example.com (C)".to_owned()]),
        ]
    );
    assert_eq!(
        parsed.meetings[0].source_key,
        "ical:calsrv.example.com-873970198738777@example.com@867787200"
    );
}

#[test]
fn outlook_series_keeps_its_last_occurrence_calcard_047() {
    // An Outlook/Teams invitation in "W. Europe Standard Time" (Berlin): every second day
    // from 2020-11-24 11:00 local (10:00Z) UNTIL 2020-11-26T10:00:00Z, which is exactly
    // the start of the second occurrence, so there are two. No ORGANIZER; as the first
    // attendee, the owner met the second one.
    let parsed = parse_for("ical/calcard/047.ics", "Annonym.Usernames@email.com");
    assert_eq!(starts(&parsed), [at("2020-11-24T10:00:00Z"), at("2020-11-26T10:00:00Z")]);
    for meeting in &parsed.meetings {
        assert_eq!(meeting.subject.as_deref(), Some("Testmeeting ➡ ignore it!"));
        assert_eq!(people(meeting), ["testmeeting.channel@email365.onmicrosoft.com (Testmeeting channel)"]);
    }
    assert!(parsed.problems.is_empty() && parsed.passed_over.is_empty());
}

#[test]
fn quoted_address_names_are_no_names_calcard_166() {
    // Outlook 2004 wrote the attendees' names as CN="'address'": they are only their
    // addresses again. TZID "Pacific Time (US & Canada), Tijuana" is Los Angeles, so
    // 2004-10-11 22:30 (PDT) is 05:30Z the next day. The organizer is the owner.
    let parsed = parse_for("ical/calcard/166.ics", "meher.tendjoukian@verdisoft.com");
    assert_eq!(starts(&parsed), [at("2004-10-12T05:30:00Z")]);
    assert_eq!(people(&parsed.meetings[0]), ["tendjoukian@yahoo.de", "meher.t@gmail.com"]);
    assert_eq!(parsed.meetings[0].subject.as_deref(), Some("Now with descriptoin"));
}

#[test]
fn statuses_and_lonely_events_calcard_026() {
    // An Apple export of four events. As tentative@example.com: "Tentative" lists only
    // the owner (organizer and attendee) - nobody else; "Confirmed" is a meeting with
    // confirmed@example.com at 09:00 Vancouver (PDT) = 16:00Z, whose CN is its address;
    // "Cancelled" is cancelled; "No Status" has no attendees at all.
    let parsed = parse_for("ical/calcard/026.ics", "tentative@example.com");
    assert_eq!(starts(&parsed), [at("2022-07-05T16:00:00Z")]);
    assert_eq!(people(&parsed.meetings[0]), ["confirmed@example.com"]);
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::NoOneElse, 2), (PassedOver::Cancelled, 1)]));
}

#[test]
fn occurrences_without_uid_calcard_087() {
    // A khal test case: an override (RECURRENCE-ID, RANGE=THISANDFUTURE) without UID
    // whose occurrences are 19 weekly RDATE periods, 2018-03-27 to 2018-07-31 at 08:00
    // Chicago (13:00Z); the first coincides with its own DTSTART and counts once. Its
    // one attendee is the owner here, so every occurrence has nobody else in it; for
    // nobody in particular they are 19 meetings keyed by file, start and summary.
    let parsed = parse_for("ical/calcard/087.ics", "xyz@xyz.com");
    assert!(parsed.meetings.is_empty());
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::NoOneElse, 19)]));
    let parsed = support::parse_file(Format::Ical, "ical/calcard/087.ics", &[]);
    assert_eq!(parsed.meetings.len(), 19);
    assert_eq!(parsed.meetings[0].at, at("2018-03-27T13:00:00Z"));
    assert_eq!(parsed.meetings[18].at, at("2018-07-31T13:00:00Z"));
    assert_eq!(parsed.meetings[0].source_key, "087.ics:1522155600:Event");
    assert_eq!(people(&parsed.meetings[0]), ["xyz@xyz.com (XYZ)"]);
}

#[test]
fn monthly_series_with_overrides_and_extra_dates_icaljs_recur_instances() {
    // A Lightning export: "Crazy Event Thingy!" on the first Tuesday of every month at
    // 10:00 Los Angeles from 2012-10-02, without end, so expanded to the test's now
    // (2026-11-21): 170 first Tuesdays, the last 2026-11-03. Less 3 EXDATEs (2012-12-04,
    // 2013-02-05, 2013-04-02) and the 2012-10-02 occurrence, moved by an override that
    // lists no attendees (nobody else in it): 166. Plus the RDATEs 2012-11-10 and
    // 2012-11-30, 2023-11-23 09:00Z and the period starting 2023-11-25 09:00Z; the RDATE
    // 2012-11-05 is moved by the second attendee-less override (its RECURRENCE-ID is in
    // UTC, and its SEQUENCE differs from the master's). 170 meetings in all.
    // As james@lightsofapollo.com the others are Sahaja Lal, iam.revelation (whose CN is
    // the address) and the organizer James Lal.
    let parsed = parse_for("ical/icaljs/recur_instances.ics", "james@lightsofapollo.com");
    assert_eq!(parsed.meetings.len(), 170);
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::NoOneElse, 2)]));
    let starts = starts(&parsed);
    assert_eq!(starts.first(), Some(&at("2012-11-06T18:00:00Z")));
    assert_eq!(starts.last(), Some(&at("2026-11-03T18:00:00Z")));
    for present in
        ["2012-11-10T18:00:00Z", "2012-11-30T18:00:00Z", "2013-06-04T17:00:00Z", "2023-11-23T09:00:00Z"]
    {
        assert!(starts.contains(&at(present)), "{present} missing");
    }
    assert!(starts.contains(&at("2023-11-25T09:00:00Z")));
    for absent in
        ["2012-10-02T17:00:00Z", "2012-11-05T18:00:00Z", "2012-12-04T18:00:00Z", "2013-02-05T18:00:00Z"]
    {
        assert!(!starts.contains(&at(absent)), "{absent} present");
    }
    let meeting = &parsed.meetings[0];
    assert_eq!(
        people(meeting),
        ["calmozilla1@gmail.com (Sahaja Lal)", "iam.revelation@gmail.com", "jlal@mozilla.com (James Lal)"]
    );
    assert_eq!(meeting.subject.as_deref(), Some("Crazy Event Thingy!"));
    assert_eq!(meeting.source_key, "ical:623c13c0-6c2b-45d6-a12b-c33ad61c4868@1352224800");
}

#[test]
fn two_rules_make_one_series_icaljs_multiple_rrules() {
    // An event with two RRULEs (RFC 2445 allowed it), from Monday 2012-03-26 11:00 Los
    // Angeles (18:00Z): weekly, and every Sunday of every month, both UNTIL
    // 2012-07-30T06:59:59Z. 18 Mondays (03-26 to 07-23) and 18 Sundays (04-01 to 07-29).
    // The organizer is the owner; James Lal is the one attendee.
    let parsed = parse_for("ical/icaljs/multiple_rrules.ics", "frashed@mozilla.com");
    assert_eq!(parsed.meetings.len(), 36);
    let starts = starts(&parsed);
    assert_eq!(
        &starts[..3],
        [at("2012-03-26T18:00:00Z"), at("2012-04-01T18:00:00Z"), at("2012-04-02T18:00:00Z")]
    );
    assert_eq!(starts.last(), Some(&at("2012-07-29T18:00:00Z")));
    assert!(parsed.meetings.iter().all(|m| people(m) == ["jlal@mozilla.com (James Lal)"]));
}

#[test]
fn virtual_addresses_are_dropped_icaljs_google_birthday() {
    // Google's birthday calendar lists a "Contacts" attendee at a host without a dot
    // (...@virtual): no email address, dropped once per event (lines 8, 27, 48, 69),
    // which leaves nobody in any of the 6 occurrences (the first event recurs once and
    // has two RDATEs; the other three are single overridden occurrences).
    let parsed = support::parse_file(Format::Ical, "ical/icaljs/google_birthday.ics", &[]);
    assert!(parsed.meetings.is_empty());
    let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [8, 27, 48, 69]);
    assert!(parsed.problems.iter().all(|p| p.effect == Effect::Dropped && p.message.contains("@virtual")));
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::NoOneElse, 6)]));
}

// ---- Synthetic calendars ----

#[test]
fn a_rule_without_end_stops_at_now() {
    // Mondays 09:00Z from 2026-01-05; now is Saturday 2026-11-21: 46 Mondays up to
    // 2026-11-16, and nothing of the endless rest.
    let parsed = parse_for("ical/synthetic/weekly.ics", "me@example.org");
    assert_eq!(parsed.meetings.len(), 46);
    assert!(parsed.passed_over.is_empty() && parsed.problems.is_empty());
    let first = &parsed.meetings[0];
    assert_eq!(first.at, at("2026-01-05T09:00:00Z"));
    assert_eq!(parsed.meetings[45].at, at("2026-11-16T09:00:00Z"));
    assert_eq!(first.subject.as_deref(), Some("Weekly sync"));
    assert_eq!(people(first), ["ada@example.org (Ada Lovelace)", "grace@example.org"]);
    assert_eq!(first.source_key, format!("ical:weekly-sync@example.org@{}", first.at.as_second()));
}

#[test]
fn since_leaves_out_earlier_occurrences() {
    let since = Some(at("2026-11-01T00:00:00Z"));
    let parsed = parse_with("ical/synthetic/weekly.ics", "me@example.org", &TimeZone::UTC, since);
    assert_eq!(
        starts(&parsed),
        [at("2026-11-02T09:00:00Z"), at("2026-11-09T09:00:00Z"), at("2026-11-16T09:00:00Z")]
    );
    assert_eq!(parsed.passed_over, passed(&[(PassedOver::BeforeRange, 43)]));
}

#[test]
fn excluded_and_overridden_occurrences() {
    // Wednesdays 14:00 Paris, six times from 2026-03-04 (13:00Z in winter time, 12:00Z
    // from 2026-03-29). 03-18 is excluded; 03-25 moves to Thursday 03-26 10:00 (09:00Z),
    // where Grace declines and the summary changes.
    let parsed = parse_for("ical/synthetic/overrides.ics", "me@example.org");
    let both = ["ada@example.org (Ada Lovelace)", "grace@example.org (Grace Hopper)"];
    let summary: Vec<(Timestamp, Vec<String>)> = parsed.meetings.iter().map(|m| (m.at, people(m))).collect();
    let want: Vec<(Timestamp, Vec<String>)> = vec![
        (at("2026-03-04T13:00:00Z"), both.map(String::from).to_vec()),
        (at("2026-03-11T13:00:00Z"), both.map(String::from).to_vec()),
        (at("2026-03-26T09:00:00Z"), vec![both[0].to_owned()]),
        (at("2026-04-01T12:00:00Z"), both.map(String::from).to_vec()),
        (at("2026-04-08T12:00:00Z"), both.map(String::from).to_vec()),
    ];
    assert_eq!(summary, want);
    assert_eq!(parsed.meetings[2].subject.as_deref(), Some("Design review (moved)"));
    assert!(parsed.passed_over.is_empty() && parsed.problems.is_empty());
}

#[test]
fn events_passed_over_are_counted_by_reason() {
    // One event per reason, plus "Big meeting" with exactly 20 people besides the owner.
    let parsed = parse_for("ical/synthetic/passed_over.ics", "me@example.org");
    assert_eq!(parsed.meetings.len(), 1);
    assert_eq!(parsed.meetings[0].subject.as_deref(), Some("Big meeting"));
    assert_eq!(parsed.meetings[0].attendees.len(), 20);
    assert_eq!(
        parsed.passed_over,
        passed(&[
            (PassedOver::Broadcast, 1),
            (PassedOver::DeclinedByOwner, 1),
            (PassedOver::NoOneElse, 2),
            (PassedOver::Cancelled, 1),
            (PassedOver::Future, 1),
        ])
    );
}

#[test]
fn floating_and_all_day_times_are_local() {
    // In Paris (summer time, UTC+2): "Coffee" at 09:00 floating is 07:00Z; the all-day
    // "Offsite" on 06-11 starts at local midnight, 22:00Z the day before; the floating
    // weekly "Standup" at 09:00 is 08:00Z before the 03-29 change to summer time and
    // 07:00Z after it.
    let paris = TimeZone::get("Europe/Paris").unwrap();
    let parsed = parse_with("ical/synthetic/floating.ics", "me@example.org", &paris, None);
    assert_eq!(
        starts(&parsed),
        [
            at("2026-06-10T07:00:00Z"),
            at("2026-06-10T22:00:00Z"),
            at("2026-03-20T08:00:00Z"),
            at("2026-03-27T08:00:00Z"),
            at("2026-04-03T07:00:00Z"),
        ]
    );
}

#[test]
fn an_event_without_start_costs_only_itself() {
    // A VTIMEZONE (with STANDARD and DAYLIGHT) and a VALARM come before the broken event,
    // whose BEGIN:VEVENT is on line 30.
    let parsed = parse_for("ical/synthetic/broken.ics", "me@example.org");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].to_string(), "line 30: event without a start (DTSTART); skipped");
    let subjects: Vec<_> = parsed.meetings.iter().map(|m| m.subject.as_deref()).collect();
    assert_eq!(subjects, [Some("First"), Some("Last")]);
    assert_eq!(parsed.meetings[0].at, at("2026-03-01T09:00:00Z"));
}

#[test]
fn unusable_rules_are_reported() {
    // FREQ=SOMETIMES cannot be read (line 4); a rule ending before it starts cannot be
    // used (line 11); the third event's two days go in.
    let parsed = parse_for("ical/synthetic/bad_rules.ics", "me@example.org");
    let problems: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "line 4: unreadable recurrence rule (RRULE); skipped",
            "line 11: unusable recurrence rule (RRULE); skipped"
        ]
    );
    assert_eq!(starts(&parsed), [at("2026-03-01T10:00:00Z"), at("2026-03-02T10:00:00Z")]);
}

#[test]
fn a_runaway_rule_is_cut_short_without_starving_the_others() {
    // A rule for every minute since 2026-01-01 would give 467,281 occurrences up to now
    // (324 days and 12 hours); the import keeps the most recent few thousand, up to a day
    // past now, counts up to 100,000 of the earlier ones and says so; the weekly meeting
    // after it still has all its 46 occurrences.
    let parsed = parse_for("ical/synthetic/runaway.ics", "me@example.org");
    assert_eq!(parsed.problems.len(), 1);
    let problem = &parsed.problems[0];
    assert_eq!((problem.line, problem.effect), (4, Effect::Dropped));
    assert!(problem.message.ends_with("; more than 100000 earlier ones were left out"), "{problem}");
    assert_eq!(parsed.meetings.len(), 46);
    let kept = parsed.passed_over[&PassedOver::NoOneElse];
    assert!((1_440..10_000).contains(&kept), "{kept}");
    assert!(problem.message.contains(&format!("its {kept} most recent occurrences were kept")), "{problem}");
}

#[test]
fn a_daily_rule_since_1926_keeps_its_most_recent_occurrences() {
    // A daily standup at 09:00 UTC since Monday 1926-01-04 with no end: 36,847 days up
    // to now (2026-11-21, the day's standup included), less the one excluded on
    // 2026-11-20, is 36,846 occurrences; the one of 2026-11-19 was moved to 15:00. That
    // is more than a rule may give (10,000), so the import keeps the most recent ones:
    // a run of days ending with today's, and says how many earlier ones it left out.
    // Both counts add up to the 36,846. The monthly close after it is untouched: every
    // 31st since January 1900 at 17:00 in Paris up to October 2026 is 888 occurrences.
    let parsed = parse_for("ical/synthetic/since_1926.ics", "me@example.org");
    let (standups, closes): (Vec<&MeetingRecord>, Vec<&MeetingRecord>) =
        parsed.meetings.iter().partition(|m| m.source_key.starts_with("ical:standup"));
    assert_eq!(closes.len(), 888);
    assert_eq!(closes[0].at, at("1900-01-31T16:50:39Z"), "Paris was on local mean time in 1900");
    assert_eq!(closes.last().unwrap().at, at("2026-10-31T16:00:00Z"));

    let kept = standups.len();
    assert!((5_000..10_000).contains(&kept), "{kept} kept");
    let last: Vec<Timestamp> = standups[kept - 3..].iter().map(|m| m.at).collect();
    assert_eq!(last, [at("2026-11-18T09:00:00Z"), at("2026-11-19T15:00:00Z"), at("2026-11-21T09:00:00Z")]);
    assert_eq!(
        parsed.passed_over,
        passed(&[(PassedOver::Future, 1)]),
        "tomorrow's, within the day of margin"
    );
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    let problem = parsed.problems[0].to_string();
    let earlier = 36_846 - kept;
    assert_eq!(
        problem,
        format!(
            "line 4: recurring event repeats more often than can be read: its {} most recent occurrences were \
             kept, from {}; {earlier} earlier ones were left out; ignored",
            kept + 1,
            standups[0].at.strftime("%Y-%m-%d"),
        )
    );
    // Before those three, the kept ones are consecutive days at 09:00.
    for pair in standups[..kept - 2].windows(2) {
        assert_eq!(
            pair[1].at.as_second() - pair[0].at.as_second(),
            86_400,
            "{} then {}",
            pair[0].at,
            pair[1].at
        );
    }
}

#[test]
fn a_block_that_is_no_calendar_costs_only_itself() {
    // Two calendars with an address card between them (line 11); the second event has no
    // UID, so it is keyed by file, start and summary.
    let parsed = parse_for("ical/synthetic/mixed.ics", "me@example.org");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].to_string(), "line 11: unreadable calendar; skipped");
    let keys: Vec<&str> = parsed.meetings.iter().map(|m| m.source_key.as_str()).collect();
    assert_eq!(keys, ["ical:one@example.org@1772359200", "mixed.ics:1772445600:Two"]);
}

#[test]
fn text_without_calendar_is_one_problem() {
    let tz = TimeZone::UTC;
    let cx = Context { file: "notes.ics", owner: &[], now: support::now(), tz: &tz, since: None };
    let parsed = parse(Format::Ical, b"just some notes\n", &cx);
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].line, 1);
    assert_eq!(parse(Format::Ical, b"", &cx), Parsed::default());
}
