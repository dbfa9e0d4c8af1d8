//! The dates people type, as kith records them: calendar dates are the start of that day
//! in the local time zone, ages count back from now.

use crate::support::*;
use jiff::{SignedDuration, Timestamp, ToSpan};

/// Logs a call at `at` and returns the moment kith recorded.
fn logged_at(k: &Kith, at: &str) -> Timestamp {
    let out = k.json(&["log", "Ada Lovelace", "--channel", "call", "--dir", "out", "--at", at]);
    out["at"].as_str().unwrap().parse().unwrap()
}

#[track_caller]
fn assert_near(at: Timestamp, expected: Timestamp, what: &str) {
    assert!(
        at.duration_since(expected).abs() < SignedDuration::from_mins(5),
        "--at {what}: expected about {expected}, got {at}"
    );
}

#[test]
fn every_documented_date_form_is_understood() {
    let k = Kith::new();
    k.add_person("Ada Lovelace", &[]);
    let day: Timestamp = "2026-03-14T00:00:00Z".parse().unwrap();
    for form in
        ["2026-03-14", "14 Mar 2026", "14 March 2026", "Mar 14, 2026", "march 14 2026", " 2026-03-14 "]
    {
        assert_eq!(logged_at(&k, form), day, "--at {form:?}");
    }
    assert_eq!(logged_at(&k, "2026-03-14T09:30:00Z"), "2026-03-14T09:30:00Z".parse::<Timestamp>().unwrap());

    let now = Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).start_of_day().unwrap().timestamp();
    assert_eq!(logged_at(&k, "today"), today);
    assert_eq!(logged_at(&k, "Yesterday"), today - 24.hours());
    assert_near(logged_at(&k, "now"), now, "now");
    assert_near(logged_at(&k, "3d"), now - 72.hours(), "3d");
    assert_near(logged_at(&k, "2w ago"), now - (14 * 24).hours(), "2w ago");
    assert_near(logged_at(&k, "5h"), now - 5.hours(), "5h");
    assert_near(
        logged_at(&k, "1y"),
        now.to_zoned(jiff::tz::TimeZone::UTC).checked_sub(1.year()).unwrap().timestamp(),
        "1y",
    );

    // Without --at, the contact happened now.
    let out = k.json(&["log", "Ada Lovelace", "--channel", "call", "--dir", "out"]);
    assert_near(out["at"].as_str().unwrap().parse().unwrap(), now, "(none)");
}

#[test]
fn calendar_dates_are_days_in_the_local_time_zone() {
    // Tokyo is nine hours ahead of UTC, written as a POSIX TZ so no tz database is needed.
    let k = Kith::new();
    k.add_person("Ada Lovelace", &[]);
    let tokyo = |args: &[&str]| stdout_of(k.cmd().env("TZ", "JST-9").args(args).assert().success());

    let out =
        tokyo(&["--json", "log", "Ada Lovelace", "--channel", "call", "--dir", "out", "--at", "2026-03-14"]);
    assert_eq!(parse_json(&out, &["log"])["at"], "2026-03-13T15:00:00Z", "midnight in Tokyo");
    let out = tokyo(&["log", "Ada Lovelace", "--channel", "call", "--dir", "out", "--at", "14 Mar 2026"]);
    assert_eq!(out, "logged call (out) with Ada Lovelace on 2026-03-14\n", "shown as the local day");

    // The same moments, read in UTC, fall on the 13th. (The health section's evidence is
    // worded by kith-core, which knows no time zone: its days are UTC days.)
    let timeline = |shown: String| shown[shown.find("\nTimeline").expect("a timeline")..].to_owned();
    let shown = timeline(tokyo(&["show", "Ada Lovelace"]));
    assert!(shown.contains("2026-03-14") && !shown.contains("2026-03-13"), "{shown}");
    let shown = timeline(k.ok(&["show", "Ada Lovelace"]));
    assert!(shown.contains("2026-03-13") && !shown.contains("2026-03-14"), "{shown}");
}

#[test]
fn nonsense_dates_are_refused() {
    let k = Kith::new();
    k.add_person("Ada Lovelace", &[]);
    for bad in ["", "yesterday-ish", "14/03/2026", "-3d", "2026-02-30", "tomorrow", "3 fortnights ago"] {
        k.refused(
            &["log", "Ada Lovelace", "--channel", "call", "--dir", "out", &format!("--at={bad}")],
            2,
            &["is not a date kith understands"],
        );
    }
}
