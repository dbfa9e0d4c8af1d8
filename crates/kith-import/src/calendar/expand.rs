//! Events into occurrences: each series (the events sharing a UID: the recurring master
//! and its overridden occurrences) is expanded on its own by calcard, its rules cut off
//! just after `now` so that a rule without end stops where the import does.

use super::recent::{self, Earlier};
use crate::Effect;
use calcard::common::PartialDateTime;
use calcard::common::timezone::{Tz, TzTimestamp};
use calcard::icalendar::dates::{CalendarErrorType, CalendarExpand};
use calcard::icalendar::timezone::TzResolver;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarValue,
};
use jiff::civil;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::{HashMap, HashSet};

/// At most this many occurrences are expanded from one recurrence rule (a daily meeting
/// for 27 years): a safety net against rules that repeat every minute for years. A rule
/// that gives more keeps its most recent ones (see `recent`).
const SERIES_CAP: usize = 10_000;

/// At most this many occurrences are expanded from the recurrence rules of one file.
pub(super) const FILE_CAP: usize = 100_000;

/// How far past `now` rules are expanded. Rules are compared in local time, which may be
/// up to 14 hours ahead of UTC; a day covers every zone, and the few occurrences it lets
/// through are counted as still to come.
const RULE_MARGIN: SignedDuration = SignedDuration::from_hours(24);

/// One occurrence of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Occurrence {
    /// When it starts.
    pub at: Timestamp,
    /// The index, in the calendar, of the component it comes from: the series' master,
    /// or the component that overrides this occurrence.
    pub component: usize,
}

/// Something wrong with one component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Trouble {
    /// The component's index in the calendar.
    pub component: usize,
    /// What it cost.
    pub effect: Effect,
    /// What was wrong.
    pub message: String,
}

/// A calendar's occurrences, series by series in the order the file first mentions them,
/// each series in time order; and what went wrong.
#[derive(Debug, Default)]
pub(super) struct Expansion {
    pub occurrences: Vec<Occurrence>,
    pub troubles: Vec<Trouble>,
}

/// How the events of one calendar are expanded.
pub(super) struct Expander<'a> {
    /// The calendar's time zone definitions, given to every series.
    zones: Vec<ICalendarComponent>,
    /// The zones those definitions and IANA names stand for.
    resolver: TzResolver<String>,
    /// Where rules without an earlier end are cut off.
    cutoff: PartialDateTime,
    /// The zone of floating and date-only times.
    tz: &'a TimeZone,
}

impl<'a> Expander<'a> {
    /// An expander for a calendar, cutting rules off just after `now`.
    pub fn new(ical: &ICalendar, now: Timestamp, tz: &'a TimeZone) -> Self {
        let zones = ical
            .components
            .iter()
            .filter(|c| c.component_type == ICalendarComponentType::VTimezone)
            .cloned()
            .collect();
        Self { zones, resolver: ical.build_owned_tz_resolver(), cutoff: cutoff(now), tz }
    }

    /// Expands every event of the calendar, taking rule occurrences from `budget`.
    pub fn expand(&self, ical: &ICalendar, budget: &mut usize) -> Expansion {
        let mut expansion = Expansion::default();
        for series in series(ical) {
            self.expand_series(ical, &series, budget, &mut expansion);
        }
        expansion
    }

    /// An event as it is handed to calcard: without what the import does not use and that
    /// could only make it fail (its end, its children) or mismatch its overrides
    /// (`SEQUENCE`, which calcard requires to be equal in a master and its overrides), and
    /// with its rules cut off at the cutoff, or dropped if it starts later still (they
    /// could only add later occurrences). An event with several rules (which RFC 2445
    /// allowed) becomes one copy per rule, since calcard reads only one. The error is for
    /// a rule that cannot be read.
    fn prepared(&self, event: &ICalendarComponent) -> Result<Vec<ICalendarComponent>, &'static str> {
        let mut event = event.clone();
        event.component_ids.clear();
        event.entries.retain(|entry| {
            !matches!(
                entry.name,
                ICalendarProperty::Dtend | ICalendarProperty::Duration | ICalendarProperty::Sequence
            )
        });
        let start = event.property(&ICalendarProperty::Dtstart);
        let zone = self.resolver.resolve_or_default(start.and_then(|entry| entry.tz_id()));
        let starts_after_cutoff = start
            .and_then(|entry| entry.values.first())
            .and_then(|value| value.as_partial_date_time())
            .is_some_and(|start| sort_key(start) > sort_key(&self.cutoff));
        let mut rules = Vec::new();
        for entry in event.entries.iter().filter(|entry| entry.name == ICalendarProperty::Rrule) {
            match entry.values.first() {
                Some(ICalendarValue::RecurrenceRule(rule)) => rules.push(rule.as_ref().clone()),
                _ if starts_after_cutoff => {}
                _ => return Err("unreadable recurrence rule (RRULE)"),
            }
        }
        event.entries.retain(|entry| entry.name != ICalendarProperty::Rrule);
        if rules.is_empty() || starts_after_cutoff {
            return Ok(vec![event]);
        }
        rules
            .into_iter()
            .map(|mut rule| {
                localize_until(&mut rule, zone);
                cut_off(&mut rule, &self.cutoff)?;
                Ok(with_rule(&event, rule))
            })
            .collect()
    }

    /// The starts (epoch seconds as calcard computes them) that a series' master must not
    /// produce: its `EXDATE`s, and the `RECURRENCE-ID`s of the occurrences its overrides
    /// replace. calcard applies both to rule occurrences only, not to `RDATE`s.
    fn replaced_or_excluded(&self, series: &ICalendar) -> HashSet<i64> {
        let mut starts = HashSet::new();
        for event in series.components.iter().filter(|c| c.component_type == ICalendarComponentType::VEvent) {
            let start_zone = event.property(&ICalendarProperty::Dtstart).and_then(|entry| entry.tz_id());
            let entries = event.entries.iter().filter(|entry| {
                matches!(entry.name, ICalendarProperty::Exdate | ICalendarProperty::RecurrenceId)
            });
            for entry in entries {
                let zone = self.resolver.resolve_or_default(entry.tz_id().or(start_zone));
                let dates = entry.values.iter().filter_map(|value| value.as_partial_date_time());
                starts.extend(dates.filter_map(|dt| dt.to_date_time_with_tz(zone)).map(|dt| dt.timestamp()));
            }
        }
        starts
    }

    /// Expands one series (component indices sharing a UID) into `out`. A rule that gives
    /// more occurrences than may be expanded keeps its most recent ones.
    fn expand_series(&self, ical: &ICalendar, series: &[usize], budget: &mut usize, out: &mut Expansion) {
        let (alone, members) = self.isolate(ical, series, out);
        let limit = SERIES_CAP.min(*budget);
        let mut expanded = alone.expand_dates(Tz::Floating, limit);
        let mut earlier = None;
        let master = members.indices.iter().copied().find(|&i| has_rule(&ical.components[i]));
        if let Some(master) = master {
            let excluded = exclusions(&ical.components[master]);
            let fits = |expansion: &CalendarExpand| expansion.events.len() + excluded < limit;
            *budget = budget.saturating_sub(expanded.events.len());
            if !fits(&expanded) {
                match recent::latest(&alone, &expanded, &self.cutoff, limit, fits) {
                    Some(latest) => {
                        *budget = budget.saturating_sub(latest.expanded.events.len());
                        expanded = latest.expanded;
                        earlier = Some(latest.earlier);
                    }
                    None => out.troubles.push(Trouble {
                        component: master,
                        effect: Effect::Dropped,
                        message: "recurring event repeats more often than can be read; later occurrences \
                                  were left out"
                            .to_owned(),
                    }),
                }
            }
        }
        for error in &expanded.errors {
            if let Some(component) = members.original(error.comp_id) {
                out.troubles.push(Trouble {
                    component,
                    effect: Effect::Skipped,
                    message: describe(&error.error).to_owned(),
                });
            }
        }
        let mut found = self.occurrences(ical, &alone, &expanded, &members, out);
        found.sort();
        found.dedup_by_key(|o| o.at);
        if let (Some(master), Some(earlier)) = (master, earlier) {
            out.troubles.push(Trouble {
                component: master,
                effect: Effect::Dropped,
                message: kept(&found, earlier),
            });
        }
        out.occurrences.extend(found);
    }

    /// A series as a calendar of its own, with the time zones it may refer to, and where
    /// its components came from. Events that cannot be prepared are reported and left out.
    fn isolate(&self, ical: &ICalendar, series: &[usize], out: &mut Expansion) -> (ICalendar, Members) {
        let mut components = self.zones.clone();
        let mut members = Members { offset: self.zones.len(), indices: Vec::new() };
        for &index in series {
            match self.prepared(&ical.components[index]) {
                Ok(copies) => {
                    members.indices.extend(copies.iter().map(|_| index));
                    components.extend(copies);
                }
                Err(message) => out.troubles.push(Trouble {
                    component: index,
                    effect: Effect::Skipped,
                    message: message.to_owned(),
                }),
            }
        }
        (ICalendar { components }, members)
    }

    /// The occurrences calcard found for a series, less those its master must not
    /// produce, as timestamps.
    fn occurrences(
        &self,
        ical: &ICalendar,
        alone: &ICalendar,
        expanded: &CalendarExpand,
        members: &Members,
        out: &mut Expansion,
    ) -> Vec<Occurrence> {
        let replaced = self.replaced_or_excluded(alone);
        let mut found = Vec::new();
        for event in &expanded.events {
            let Some(component) = members.original(event.comp_id) else { continue };
            let seconds = event.start.timestamp();
            if !ical.components[component].is_recurrence_override() && replaced.contains(&seconds) {
                continue;
            }
            match instant(seconds, event.start.timezone().is_floating(), self.tz) {
                Some(at) => found.push(Occurrence { at, component }),
                None => out.troubles.push(Trouble {
                    component,
                    effect: Effect::Skipped,
                    message: "occurrence starts at a time out of range".to_owned(),
                }),
            }
        }
        found
    }
}

/// What is said of a series whose earliest occurrences were left out, `found` being the
/// ones kept.
fn kept(found: &[Occurrence], earlier: Earlier) -> String {
    let from = found.first().map_or_else(String::new, |o| format!(", from {}", o.at.strftime("%Y-%m-%d")));
    let earlier = match earlier {
        Earlier::Exactly(n) => format!("{n} earlier ones were"),
        Earlier::MoreThan(n) => format!("more than {n} earlier ones were"),
    };
    format!(
        "recurring event repeats more often than can be read: its {} most recent occurrences were kept{from}; \
         {earlier} left out",
        found.len()
    )
}

/// Where the components of a series' own calendar came from.
struct Members {
    /// How many time zone definitions come before the series' events.
    offset: usize,
    /// For each event of the series' calendar, its index in the original calendar.
    indices: Vec<usize>,
}

impl Members {
    /// The original index of a component of the series' calendar; none for a time zone.
    fn original(&self, comp_id: u32) -> Option<usize> {
        let position = usize::try_from(comp_id).ok()?.checked_sub(self.offset)?;
        self.indices.get(position).copied()
    }
}

/// The events of a calendar grouped into series by UID, in the order the file first
/// mentions each; an event without a UID is a series of its own.
fn series(ical: &ICalendar) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_uid: HashMap<&str, usize> = HashMap::new();
    let events = ical
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.component_type == ICalendarComponentType::VEvent);
    for (index, event) in events {
        match event.uid().map(str::trim).filter(|uid| !uid.is_empty()) {
            Some(uid) => match by_uid.get(uid) {
                Some(&group) => groups[group].push(index),
                None => {
                    by_uid.insert(uid, groups.len());
                    groups.push(vec![index]);
                }
            },
            None => groups.push(vec![index]),
        }
    }
    groups
}

/// An event with one recurrence rule.
fn with_rule(event: &ICalendarComponent, rule: ICalendarRecurrenceRule) -> ICalendarComponent {
    let mut event = event.clone();
    event.entries.push(ICalendarEntry {
        name: ICalendarProperty::Rrule,
        params: Vec::new(),
        values: vec![ICalendarValue::RecurrenceRule(Box::new(rule))],
    });
    event
}

/// Restates a rule's end given in UTC as the wall-clock time of the event's zone. calcard
/// compares the end with occurrences in wall-clock time, which east of UTC would lose the
/// last occurrence of every series whose end is its exact start (as Outlook writes them).
fn localize_until(rule: &mut ICalendarRecurrenceRule, zone: Tz) {
    let Some(until) = rule.until.as_ref().filter(|until| until.tz_hour.is_some()) else { return };
    if zone.is_floating() {
        return;
    }
    let wall = until
        .to_date_time_with_tz(Tz::UTC)
        .and_then(|at| Timestamp::from_second(at.with_timezone(&zone).to_naive_timestamp()).ok());
    if let Some(wall) = wall {
        rule.until = Some(date_time(TimeZone::UTC.to_datetime(wall), false));
    }
}

/// Ends a rule at `cutoff` unless it already ends earlier.
fn cut_off(rule: &mut ICalendarRecurrenceRule, cutoff: &PartialDateTime) -> Result<(), &'static str> {
    let ends_later = match &rule.until {
        None => true,
        Some(until) if until.to_date_time().is_none() => return Err("unreadable end of recurrence (UNTIL)"),
        Some(until) => sort_key(until) > sort_key(cutoff),
    };
    if ends_later {
        rule.until = Some(cutoff.clone());
    }
    Ok(())
}

/// A date-time's fields in order of significance, its offset ignored (calcard compares a
/// rule's end with local times the same way).
fn sort_key(dt: &PartialDateTime) -> (Option<u16>, Option<u8>, Option<u8>, u8, u8, u8) {
    (dt.year, dt.month, dt.day, dt.hour.unwrap_or(0), dt.minute.unwrap_or(0), dt.second.unwrap_or(0))
}

/// A day after `now`, in UTC, as an iCalendar date-time.
fn cutoff(now: Timestamp) -> PartialDateTime {
    date_time(TimeZone::UTC.to_datetime(now.checked_add(RULE_MARGIN).unwrap_or(now)), true)
}

/// A civil date-time as an iCalendar one, in UTC or floating.
pub(super) fn date_time(dt: civil::DateTime, utc: bool) -> PartialDateTime {
    PartialDateTime {
        year: u16::try_from(dt.year()).ok(),
        month: u8::try_from(dt.month()).ok(),
        day: u8::try_from(dt.day()).ok(),
        hour: u8::try_from(dt.hour()).ok(),
        minute: u8::try_from(dt.minute()).ok(),
        second: u8::try_from(dt.second()).ok(),
        tz_hour: utc.then_some(0),
        tz_minute: utc.then_some(0),
        tz_minus: false,
    }
}

/// Whether an event has a recurrence rule.
pub(super) fn has_rule(event: &ICalendarComponent) -> bool {
    event.has_property(&ICalendarProperty::Rrule)
}

/// How many dates an event excludes.
fn exclusions(event: &ICalendarComponent) -> usize {
    event.properties(&ICalendarProperty::Exdate).map(|entry| entry.values.len()).sum()
}

/// An occurrence's start as a timestamp. calcard gives floating and date-only times as
/// their local time counted as UTC; those are placed in `tz`.
fn instant(seconds: i64, floating: bool, tz: &TimeZone) -> Option<Timestamp> {
    let at = Timestamp::from_second(seconds).ok()?;
    if !floating {
        return Some(at);
    }
    tz.to_ambiguous_timestamp(TimeZone::UTC.to_datetime(at)).compatible().ok()
}

/// What a calcard error means, in words.
fn describe(error: &CalendarErrorType) -> &'static str {
    match error {
        CalendarErrorType::MissingDtStart => "event without a start (DTSTART)",
        CalendarErrorType::InvalidDtStart => "event start (DTSTART) is not a valid time",
        CalendarErrorType::InvalidDtEnd | CalendarErrorType::InvalidDuration => {
            "event end is not a valid time"
        }
        CalendarErrorType::RRule(_) => "unusable recurrence rule (RRULE)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floating_times_are_placed_in_the_given_zone() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let noon_as_utc = 1_780_056_000; // 2026-05-29T12:00:00 counted as UTC
        assert_eq!(instant(noon_as_utc, true, &paris).unwrap().to_string(), "2026-05-29T10:00:00Z");
        assert_eq!(instant(noon_as_utc, false, &paris).unwrap().to_string(), "2026-05-29T12:00:00Z");
    }

    #[test]
    fn rules_end_a_day_after_now_unless_they_end_sooner() {
        let now: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let cut = cutoff(now);
        assert_eq!(sort_key(&cut), (Some(2026), Some(11), Some(22), 12, 0, 0));
        let mut open = ICalendarRecurrenceRule::default();
        cut_off(&mut open, &cut).unwrap();
        assert_eq!(open.until, Some(cut.clone()));
        let early =
            PartialDateTime { year: Some(2020), month: Some(1), day: Some(1), ..PartialDateTime::default() };
        let mut ended =
            ICalendarRecurrenceRule { until: Some(early.clone()), ..ICalendarRecurrenceRule::default() };
        cut_off(&mut ended, &cut).unwrap();
        assert_eq!(ended.until, Some(early));
    }
}
