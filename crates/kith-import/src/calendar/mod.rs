//! iCalendar events with attendees into meetings.
//!
//! A file is cut into its top-level calendars, each parsed on its own; every event is
//! expanded into its occurrences up to `now`, and every occurrence becomes a meeting with
//! the people in it or is passed over for a reason: cancelled, declined by the owner,
//! nobody else in it, too many people in it, still to come, or before `since`.

mod blocks;
mod expand;
mod people;
mod recent;

use crate::{Context, Effect, Parsed, PassedOver};
use blocks::Block;
use calcard::icalendar::{ICalendar, ICalendarComponent, ICalendarProperty};
use calcard::{Entry, Parser};
use expand::{Expander, Occurrence};
use kith_core::MeetingRecord;
use people::Verdict;
use std::collections::HashMap;

/// Events with more attendees than this are broadcasts, not meetings.
pub const BROADCAST_ATTENDEES: usize = 20;

/// Reads every event of a calendar file.
pub(crate) fn parse(bytes: &[u8], cx: &Context<'_>) -> Parsed {
    let text = crate::text::decode(bytes, None);
    let mut parsed = Parsed::default();
    let blocks = blocks::split(&text);
    if blocks.is_empty() && !text.trim().is_empty() {
        parsed.problem(1, Effect::Skipped, "no calendar found");
    }
    let mut budget = expand::FILE_CAP;
    for block in &blocks {
        match Parser::new(block.text).entry() {
            Entry::ICalendar(ical) => read_calendar(&ical, block, cx, &mut budget, &mut parsed),
            _ => parsed.problem(block.line, Effect::Skipped, "unreadable calendar"),
        }
    }
    parsed.problems.sort_by_key(|p| p.line);
    parsed
}

/// Reads the events of one calendar into `parsed`.
fn read_calendar(
    ical: &ICalendar,
    block: &Block<'_>,
    cx: &Context<'_>,
    budget: &mut usize,
    parsed: &mut Parsed,
) {
    let lines = block.component_lines(ical);
    let expansion = Expander::new(ical, cx.now, cx.tz).expand(ical, budget);
    for trouble in expansion.troubles {
        let event = &ical.components[trouble.component];
        if trouble.effect == Effect::Skipped && people::is_cancelled(event) {
            parsed.pass_over(PassedOver::Cancelled);
        } else {
            parsed.problem(lines[trouble.component], trouble.effect, trouble.message);
        }
    }
    let mut verdicts: HashMap<usize, Verdict> = HashMap::new();
    for occurrence in expansion.occurrences {
        let event = &ical.components[occurrence.component];
        let verdict = verdicts.entry(occurrence.component).or_insert_with(|| {
            let (verdict, unusable) = people::judge(event, cx.owner);
            for message in unusable {
                parsed.problem(lines[occurrence.component], Effect::Dropped, message);
            }
            verdict
        });
        record(occurrence, event, verdict, cx, parsed);
    }
}

/// Records one occurrence as a meeting, or counts it passed over.
fn record(
    occurrence: Occurrence,
    event: &ICalendarComponent,
    verdict: &Verdict,
    cx: &Context<'_>,
    parsed: &mut Parsed,
) {
    let attendees = match verdict {
        Verdict::Passed(reason) => return parsed.pass_over(*reason),
        Verdict::Meeting(attendees) => attendees,
    };
    if occurrence.at > cx.now {
        return parsed.pass_over(PassedOver::Future);
    }
    if cx.since.is_some_and(|since| occurrence.at < since) {
        return parsed.pass_over(PassedOver::BeforeRange);
    }
    let subject = summary(event);
    parsed.meetings.push(MeetingRecord {
        source_key: source_key(event, occurrence, subject.as_deref(), cx.file),
        at: occurrence.at,
        subject,
        attendees: attendees.clone(),
    });
}

/// What identifies an occurrence across re-imports: the event's UID and the start, or,
/// without a UID, the file, the start and the summary.
fn source_key(
    event: &ICalendarComponent,
    occurrence: Occurrence,
    subject: Option<&str>,
    file: &str,
) -> String {
    let start = occurrence.at.as_second();
    match event.uid().map(str::trim).filter(|uid| !uid.is_empty()) {
        Some(uid) => format!("ical:{uid}@{start}"),
        None => format!("{file}:{start}:{}", subject.unwrap_or_default()),
    }
}

/// The event's `SUMMARY`, trimmed; none when empty.
fn summary(event: &ICalendarComponent) -> Option<String> {
    let text = event.property(&ICalendarProperty::Summary)?.values.first()?.as_text()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
