//! The check-ins as an iCalendar (RFC 5545) feed a calendar app can subscribe to.
//!
//! Each pending check-in is one all-day event on its due day (in UTC), identified by the
//! check-in's id, so that a regenerated feed updates the events it already showed.

use crate::CheckIn;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The longest content line RFC 5545 allows, in octets, before it must be folded.
const LINE_OCTETS: usize = 75;

/// One check-in as the feed shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeedEntry<'a> {
    /// The check-in.
    pub checkin: &'a CheckIn,
    /// The person's name.
    pub name: &'a str,
    /// What to run when it is due, e.g. `kith draft "Ann Lee" check-in`.
    pub suggestion: Option<&'a str>,
}

/// A valid iCalendar feed of the pending check-ins (done ones are left out): one all-day
/// event each, ordered by due date then id, stamped with `now`.
pub fn checkins_ics(entries: &[FeedEntry<'_>], now: Timestamp) -> String {
    let mut pending: Vec<&FeedEntry<'_>> = entries.iter().filter(|e| e.checkin.done_at.is_none()).collect();
    pending.sort_by(|a, b| (a.checkin.due_at, &a.checkin.id).cmp(&(b.checkin.due_at, &b.checkin.id)));
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kith//kith check-ins//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:kith check-ins",
    ] {
        push_line(&mut out, line);
    }
    for entry in pending {
        push_event(&mut out, entry, &stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Writes one check-in as a `VEVENT`.
fn push_event(out: &mut String, entry: &FeedEntry<'_>, stamp: &str) {
    let checkin = entry.checkin;
    let day = checkin.due_at.to_zoned(TimeZone::UTC).date();
    // A timestamp's UTC day is never the last day jiff can represent, so there is always a
    // next one; falling back to the same day merely keeps this total.
    let next = day.tomorrow().unwrap_or(day);
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}@kith", escape(checkin.id.as_str())));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART;VALUE=DATE:{}", day.strftime("%Y%m%d")));
    push_line(out, &format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")));
    push_line(out, &format!("SUMMARY:{}", escape(&format!("Check in with {}", entry.name))));
    if let Some(description) = description(entry) {
        push_line(out, &format!("DESCRIPTION:{}", escape(&description)));
    }
    push_line(out, "TRANSP:TRANSPARENT");
    push_line(out, "END:VEVENT");
}

/// The event's description: the check-in's note, then the suggested command; `None` when
/// there is neither.
fn description(entry: &FeedEntry<'_>) -> Option<String> {
    let note = entry.checkin.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let suggestion =
        entry.suggestion.map(str::trim).filter(|s| !s.is_empty()).map(|s| format!("Suggested: {s}"));
    let parts: Vec<String> = note.map(str::to_owned).into_iter().chain(suggestion).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A text value escaped per RFC 5545 §3.3.11: backslash, semicolon and comma behind a
/// backslash, line breaks (CRLF, CR or LF) as `\n`; other control characters, which a
/// text value may not hold, are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line exceeds 75 octets (continuations start
/// with a space) without splitting a character, and ended with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut start = 0;
    for (at, c) in line.char_indices() {
        if at + c.len_utf8() - start > room {
            out.push_str(&line[start..at]);
            out.push_str("\r\n ");
            start = at;
            room = LINE_OCTETS - 1;
        }
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckInId, PersonId};
    use calcard::icalendar::{ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarProperty};
    use calcard::{Entry, Parser};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn checkin(bits: u64, due: &str, note: Option<&str>) -> CheckIn {
        CheckIn {
            id: CheckInId::from_bits(bits),
            person: PersonId::from_bits(bits),
            due_at: at(due),
            note: note.map(str::to_owned),
            done_at: None,
            every_days: None,
        }
    }

    /// The feed as calcard reads it, after checking its framing by hand: CRLF endings only,
    /// no line over 75 octets.
    fn parse(feed: &str) -> ICalendar {
        assert!(feed.ends_with("\r\n"), "{feed:?}");
        for line in feed.split_terminator("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "bare line break in {line:?}");
            assert!(line.len() <= LINE_OCTETS, "{} octets: {line:?}", line.len());
        }
        match Parser::new(feed).entry() {
            Entry::ICalendar(ical) => ical,
            other => panic!("not a calendar: {other:?}"),
        }
    }

    fn text(component: &ICalendarComponent, property: ICalendarProperty) -> Option<String> {
        let entry = component.property(&property)?;
        assert_eq!(entry.values.len(), 1, "{property:?} should hold one value: {:?}", entry.values);
        Some(entry.values[0].as_text()?.to_owned())
    }

    /// A date property as `YYYY-MM-DD`, checking it is a date without a time.
    fn date(component: &ICalendarComponent, property: ICalendarProperty) -> String {
        let value = component.property(&property).unwrap().values[0].as_partial_date_time().unwrap();
        assert_eq!(value.hour, None, "{property:?} should be a date");
        format!("{:04}-{:02}-{:02}", value.year.unwrap(), value.month.unwrap(), value.day.unwrap())
    }

    fn events(ical: &ICalendar) -> Vec<&ICalendarComponent> {
        ical.components.iter().filter(|c| c.component_type == ICalendarComponentType::VEvent).collect()
    }

    fn uids(feed: &str) -> Vec<String> {
        events(&parse(feed)).iter().map(|e| e.uid().unwrap().to_owned()).collect()
    }

    #[test]
    fn every_pending_checkin_is_an_all_day_event_read_back_intact() {
        let long_note = format!("Ask how the move to Zürich went — {}", "and the new team ".repeat(6));
        let ann = checkin(1, "2026-07-01T23:30:00Z", Some("They said: call back in summer;\nno rush"));
        let bo = checkin(2, "2026-05-10T08:00:00Z", Some(&long_note));
        let cy = checkin(3, "2026-05-10T00:00:00Z", None);
        let mut done = checkin(4, "2026-04-01T00:00:00Z", Some("already done"));
        done.done_at = Some(at("2026-04-02T00:00:00Z"));
        let entries = [
            FeedEntry {
                checkin: &ann,
                name: "Lee, Ann; PhD",
                suggestion: Some("kith draft \"Lee, Ann; PhD\" check-in"),
            },
            FeedEntry { checkin: &bo, name: "Bo Ærø Ñúñez", suggestion: None },
            FeedEntry { checkin: &cy, name: "Cy", suggestion: None },
            FeedEntry { checkin: &done, name: "Di", suggestion: Some("kith draft Di check-in") },
        ];
        let feed = checkins_ics(&entries, at("2026-03-20T15:04:05Z"));
        assert!(feed.contains("\r\n "), "the long note should be folded:\n{feed}");
        assert!(feed.contains("DTSTAMP:20260320T150405Z\r\n"), "{feed}");
        assert!(feed.contains("SUMMARY:Check in with Lee\\, Ann\\; PhD\r\n"), "{feed}");
        let ical = parse(&feed);

        let calendar = &ical.components[0];
        assert_eq!(calendar.component_type, ICalendarComponentType::VCalendar);
        assert_eq!(text(calendar, ICalendarProperty::Prodid).as_deref(), Some("-//kith//kith check-ins//EN"));
        assert!(calendar.has_property(&ICalendarProperty::Version));
        assert!(calendar.has_property(&ICalendarProperty::Method));

        let events = events(&ical);
        let got: Vec<_> = events
            .iter()
            .map(|e| {
                (
                    e.uid().unwrap().to_owned(),
                    date(e, ICalendarProperty::Dtstart),
                    date(e, ICalendarProperty::Dtend),
                    text(e, ICalendarProperty::Summary).unwrap(),
                    text(e, ICalendarProperty::Description),
                )
            })
            .collect();
        let uid = |c: &CheckIn| format!("{}@kith", c.id);
        assert_eq!(
            got,
            [
                (uid(&cy), "2026-05-10".into(), "2026-05-11".into(), "Check in with Cy".into(), None),
                (
                    uid(&bo),
                    "2026-05-10".into(),
                    "2026-05-11".into(),
                    "Check in with Bo Ærø Ñúñez".into(),
                    Some(long_note.trim().to_owned())
                ),
                (
                    uid(&ann),
                    "2026-07-01".into(),
                    "2026-07-02".into(),
                    "Check in with Lee, Ann; PhD".into(),
                    Some(
                        "They said: call back in summer;\nno rush\n\n\
                         Suggested: kith draft \"Lee, Ann; PhD\" check-in"
                            .into()
                    )
                ),
            ],
            "{feed}"
        );
        assert!(events.iter().all(|e| e.has_property(&ICalendarProperty::Dtstamp)));
        assert!(events.iter().all(|e| e.has_property(&ICalendarProperty::Transp)));
    }

    #[test]
    fn a_later_feed_keeps_every_uid() {
        let (a, b) = (checkin(7, "2026-05-01T12:00:00Z", None), checkin(8, "2026-06-01T12:00:00Z", None));
        let entries = [
            FeedEntry { checkin: &b, name: "B", suggestion: None },
            FeedEntry { checkin: &a, name: "A", suggestion: None },
        ];
        let first = checkins_ics(&entries, at("2026-03-01T00:00:00Z"));
        let later = checkins_ics(&entries, at("2026-04-15T09:30:00Z"));
        assert_ne!(first, later, "the stamp moves on");
        assert_eq!(uids(&first), uids(&later));
        assert_eq!(uids(&first), [format!("{}@kith", a.id), format!("{}@kith", b.id)]);
    }

    #[test]
    fn no_pending_checkins_still_make_a_calendar() {
        let mut done = checkin(1, "2026-05-01T12:00:00Z", None);
        done.done_at = Some(at("2026-05-01T13:00:00Z"));
        for entries in [vec![], vec![FeedEntry { checkin: &done, name: "A", suggestion: None }]] {
            let feed = checkins_ics(&entries, at("2026-06-01T00:00:00Z"));
            let ical = parse(&feed);
            assert_eq!(ical.components.len(), 1, "{feed}");
            assert_eq!(ical.components[0].component_type, ICalendarComponentType::VCalendar);
        }
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "é€😀x".repeat(40));
        let mut out = String::new();
        push_line(&mut out, &line);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= LINE_OCTETS));
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String =
            lines.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf\rg\u{7}h\ti"), "a\\\\b\\;c\\,d\\ne\\nf\\ngh\ti");
    }
}
