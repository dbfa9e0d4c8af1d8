//! The most recent occurrences of a series whose rule repeats too often to expand from its
//! start (a daily meeting since 1926): the rule is restarted a whole number of its periods
//! later, which gives the same occurrences from there on, and the occurrences it skips are
//! counted separately.

use super::expand::{date_time, has_rule};
use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::dates::CalendarExpand;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarDay, ICalendarFrequency, ICalendarMonth, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarValue, ICalendarWeekday,
};
use jiff::civil::{self, Weekday};
use jiff::{SignedDuration, Span, Unit};

/// How many tries, each with half the window of the one before, are made to find a
/// window that holds no more occurrences than may be expanded.
const TRIES: usize = 8;

/// At most this many skipped occurrences are counted one by one; past it the count is a
/// lower bound.
pub(super) const COUNTED_CAP: usize = 100_000;

/// How many occurrences before the kept ones were left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Earlier {
    /// Exactly this many.
    Exactly(usize),
    /// More than this many.
    MoreThan(usize),
}

/// A series restarted late enough for its occurrences up to the cutoff to fit.
pub(super) struct Latest {
    /// The series' occurrences from the restart on.
    pub expanded: CalendarExpand,
    /// The occurrences before the restart.
    pub earlier: Earlier,
}

/// The occurrences of a series' calendar `alone` from as late a restart of its rule as
/// holds them all, when its expansion from the start (`capped`) stopped at `limit`; none
/// when the rule cannot be restarted (it counts its occurrences, or the series has more
/// than one rule) or no window short enough was found.
pub(super) fn latest(
    alone: &ICalendar,
    capped: &CalendarExpand,
    cutoff: &PartialDateTime,
    limit: usize,
    fits: impl Fn(&CalendarExpand) -> bool,
) -> Option<Latest> {
    let mut with_rule = alone.components.iter().enumerate().filter(|(_, c)| has_rule(c));
    let (index, event) = with_rule.next()?;
    if with_rule.next().is_some() || limit == 0 {
        return None;
    }
    let restart = Restart::new(event)?;
    let end = civil_of(cutoff)?;
    let starts = capped.events.iter().map(|event| event.start.timestamp());
    let span = starts.clone().max()? - starts.min()?;
    let mut window = SignedDuration::from_secs(span) * 9 / 10;
    for _ in 0..TRIES {
        let periods = restart.periods_until(end.checked_sub(window).ok()?)?;
        if periods <= 0 {
            return None;
        }
        let expanded =
            with_component(alone, index, restart.moved(periods)?).expand_dates(Tz::Floating, limit);
        if fits(&expanded) {
            // Overrides of occurrences elsewhere come out too: only the rule's own count.
            let earlier = with_component(alone, index, restart.ended_before(periods)?)
                .expand_dates(Tz::Floating, COUNTED_CAP + 1)
                .events
                .iter()
                .filter(|event| usize::try_from(event.comp_id).is_ok_and(|id| id == index))
                .count();
            let earlier = if earlier > COUNTED_CAP {
                Earlier::MoreThan(COUNTED_CAP)
            } else {
                Earlier::Exactly(earlier)
            };
            return Some(Latest { expanded, earlier });
        }
        window /= 2;
    }
    None
}

/// A copy of `calendar` with its component at `index` replaced.
fn with_component(calendar: &ICalendar, index: usize, component: ICalendarComponent) -> ICalendar {
    let mut calendar = calendar.clone();
    calendar.components[index] = component;
    calendar
}

/// An event with one rule, and how to start it later.
struct Restart<'a> {
    event: &'a ICalendarComponent,
    /// Its start, as written (in its own zone, or floating).
    start: civil::DateTime,
    /// Its rule, with what the rule takes from the start (the day of the month, the month,
    /// the weekday) written out, so that a later start does not change it.
    rule: ICalendarRecurrenceRule,
    /// The length of one period of the rule, in units of `unit`.
    interval: i64,
    /// The unit of the rule's frequency.
    unit: Unit,
}

impl<'a> Restart<'a> {
    /// How to restart `event`; none when its rule counts its occurrences (a later start
    /// would count from elsewhere) or its start or rule cannot be read.
    fn new(event: &'a ICalendarComponent) -> Option<Self> {
        let rule = event.entries.iter().find(|entry| entry.name == ICalendarProperty::Rrule)?;
        let Some(ICalendarValue::RecurrenceRule(rule)) = rule.values.first() else { return None };
        if rule.count.is_some() {
            return None;
        }
        let start = civil_of(start_of(event)?)?;
        let unit = match rule.freq {
            ICalendarFrequency::Yearly => Unit::Year,
            ICalendarFrequency::Monthly => Unit::Month,
            ICalendarFrequency::Weekly => Unit::Week,
            ICalendarFrequency::Daily => Unit::Day,
            ICalendarFrequency::Hourly => Unit::Hour,
            ICalendarFrequency::Minutely => Unit::Minute,
            ICalendarFrequency::Secondly => Unit::Second,
        };
        let interval = i64::from(rule.interval.unwrap_or(1).max(1));
        Some(Self { event, start, rule: explicit(rule, start), interval, unit })
    }

    /// How many whole periods of the rule fit between the start and `until`.
    fn periods_until(&self, until: civil::DateTime) -> Option<i64> {
        let span = self.start.until((self.unit, until)).ok()?;
        let units = match self.unit {
            Unit::Year => i64::from(span.get_years()),
            Unit::Month => i64::from(span.get_months()),
            Unit::Week => i64::from(span.get_weeks()),
            Unit::Day => i64::from(span.get_days()),
            Unit::Hour => i64::from(span.get_hours()),
            Unit::Minute => span.get_minutes(),
            _ => span.get_seconds(),
        };
        Some(units.div_euclid(self.interval))
    }

    /// The start `periods` periods later.
    fn start_after(&self, periods: i64) -> Option<civil::DateTime> {
        let units = periods.checked_mul(self.interval)?;
        let span = match self.unit {
            Unit::Year => Span::new().try_years(units),
            Unit::Month => Span::new().try_months(units),
            Unit::Week => Span::new().try_weeks(units),
            Unit::Day => Span::new().try_days(units),
            Unit::Hour => Span::new().try_hours(units),
            Unit::Minute => Span::new().try_minutes(units),
            _ => Span::new().try_seconds(units),
        };
        self.start.checked_add(span.ok()?).ok()
    }

    /// The event starting `periods` periods later, with its written-out rule.
    fn moved(&self, periods: i64) -> Option<ICalendarComponent> {
        let start = self.start_after(periods)?;
        Some(self.rewritten(Some(start), self.rule.clone()))
    }

    /// The event as it is, its rule ending just before it would restart `periods` periods
    /// later.
    fn ended_before(&self, periods: i64) -> Option<ICalendarComponent> {
        let last = self.start_after(periods)?.checked_sub(SignedDuration::from_secs(1)).ok()?;
        let mut rule = self.rule.clone();
        rule.until = Some(partial(last, rule.until.as_ref()));
        Some(self.rewritten(None, rule))
    }

    /// The event with another start (when given) and rule.
    fn rewritten(&self, start: Option<civil::DateTime>, rule: ICalendarRecurrenceRule) -> ICalendarComponent {
        let mut event = self.event.clone();
        for entry in &mut event.entries {
            match entry.name {
                ICalendarProperty::Rrule => {
                    entry.values = vec![ICalendarValue::RecurrenceRule(Box::new(rule.clone()))]
                }
                ICalendarProperty::Dtstart => {
                    if let (Some(start), Some(ICalendarValue::PartialDateTime(written))) =
                        (start, entry.values.first_mut())
                    {
                        **written = partial(start, Some(written));
                    }
                }
                _ => {}
            }
        }
        event
    }
}

/// A rule with the parts it takes from its start written out, as RFC 5545 reads them:
/// a yearly rule without days repeats on the start's month and day, a monthly one on the
/// start's day, a weekly one on the start's weekday. The time of day also comes from the
/// start, but a later start by whole periods keeps it.
fn explicit(rule: &ICalendarRecurrenceRule, start: civil::DateTime) -> ICalendarRecurrenceRule {
    let mut rule = rule.clone();
    let has_days = !(rule.byweekno.is_empty()
        && rule.byyearday.is_empty()
        && rule.bymonthday.is_empty()
        && rule.byday.is_empty());
    if has_days {
        return rule;
    }
    let day = start.day();
    match rule.freq {
        ICalendarFrequency::Yearly => {
            if rule.bymonth.is_empty() {
                rule.bymonth = vec![ICalendarMonth::new(start.month().unsigned_abs(), false)];
            }
            rule.bymonthday = vec![day];
        }
        ICalendarFrequency::Monthly => rule.bymonthday = vec![day],
        ICalendarFrequency::Weekly => {
            rule.byday = vec![ICalendarDay { ordwk: None, weekday: weekday(start.weekday()) }];
        }
        _ => {}
    }
    rule
}

/// A jiff weekday as iCalendar's.
fn weekday(day: Weekday) -> ICalendarWeekday {
    match day {
        Weekday::Monday => ICalendarWeekday::Monday,
        Weekday::Tuesday => ICalendarWeekday::Tuesday,
        Weekday::Wednesday => ICalendarWeekday::Wednesday,
        Weekday::Thursday => ICalendarWeekday::Thursday,
        Weekday::Friday => ICalendarWeekday::Friday,
        Weekday::Saturday => ICalendarWeekday::Saturday,
        Weekday::Sunday => ICalendarWeekday::Sunday,
    }
}

/// An event's written start.
fn start_of(event: &ICalendarComponent) -> Option<&PartialDateTime> {
    event.property(&ICalendarProperty::Dtstart)?.values.first()?.as_partial_date_time()
}

/// A written date-time as a civil one (midnight for a date).
fn civil_of(written: &PartialDateTime) -> Option<civil::DateTime> {
    civil::DateTime::new(
        i16::try_from(written.year?).ok()?,
        i8::try_from(written.month?).ok()?,
        i8::try_from(written.day?).ok()?,
        i8::try_from(written.hour.unwrap_or(0)).ok()?,
        i8::try_from(written.minute.unwrap_or(0)).ok()?,
        i8::try_from(written.second.unwrap_or(0)).ok()?,
        0,
    )
    .ok()
}

/// `dt` written like `like` (a date stays a date, a zone marker stays), or as a floating
/// date-time.
fn partial(dt: civil::DateTime, like: Option<&PartialDateTime>) -> PartialDateTime {
    let mut written = date_time(dt, false);
    if like.is_some_and(|like| like.hour.is_none()) {
        (written.hour, written.minute, written.second) = (None, None, None);
    }
    if let Some(like) = like {
        (written.tz_hour, written.tz_minute, written.tz_minus) =
            (like.tz_hour, like.tz_minute, like.tz_minus);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use calcard::{Entry, Parser};

    /// A calendar of one event (its component 1) with `rule`, starting at `start`.
    fn calendar(start: &str, rule: &str) -> ICalendar {
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:{start}\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        match Parser::new(&text).entry() {
            Entry::ICalendar(ical) => ical,
            other => panic!("{other:?}"),
        }
    }

    /// The first starts of `event`, as `YYYY-MM-DD HH:MM`.
    fn first_starts(event: ICalendarComponent, n: usize) -> Vec<String> {
        let expanded = ICalendar { components: vec![event] }.expand_dates(Tz::Floating, n);
        expanded.events.iter().map(|e| e.start.format("%Y-%m-%d %H:%M").to_string()).collect()
    }

    #[test]
    fn a_later_start_keeps_the_day_the_rule_took_from_the_first() {
        // Monthly on the 31st: one month later is February, where the 31st never comes;
        // the rule still gives the 31st of the months that have one.
        let ical = calendar("20000131T100000", "FREQ=MONTHLY");
        let restart = Restart::new(&ical.components[1]).unwrap();
        assert_eq!(first_starts(restart.moved(1).unwrap(), 2), ["2000-03-31 10:00", "2000-05-31 10:00"]);
        // Weekly on the start's weekday, every other week: 10 periods are 20 weeks.
        let ical = calendar("20240103T090000", "FREQ=WEEKLY;INTERVAL=2");
        let restart = Restart::new(&ical.components[1]).unwrap();
        let later = civil::date(2024, 6, 1).at(0, 0, 0, 0);
        assert_eq!(restart.periods_until(later), Some(10), "21 weeks and 3 days are 10 whole periods");
        assert_eq!(first_starts(restart.moved(10).unwrap(), 2), ["2024-05-22 09:00", "2024-06-05 09:00"]);
        // Yearly on a leap day stays on leap days.
        let ical = calendar("20000229", "FREQ=YEARLY");
        let restart = Restart::new(&ical.components[1]).unwrap();
        assert_eq!(first_starts(restart.moved(1).unwrap(), 2), ["2004-02-29 00:00", "2008-02-29 00:00"]);
    }

    #[test]
    fn a_rule_that_counts_its_occurrences_is_not_restarted() {
        let ical = calendar("20000101T100000", "FREQ=DAILY;COUNT=20000");
        assert!(Restart::new(&ical.components[1]).is_none());
    }
}
