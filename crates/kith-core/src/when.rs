//! Reading the dates people type: `2026-03-14`, `14 Mar 2026`, `today`, `3d` or `2w ago`.

use crate::ValidationError;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, Zoned};

/// Reads a date or an age relative to `now`. Calendar dates mean the start of that day in
/// `now`'s time zone; ages (`3d`, `2w`, `6m`, `1y`, `5h`, optionally followed by `ago`)
/// count back from `now`.
pub fn parse_when(text: &str, now: &Zoned) -> Result<Timestamp, ValidationError> {
    let bad = || ValidationError::MalformedDate(text.trim().to_owned());
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_suffix(" ago").unwrap_or(&t).trim();
    match t {
        "now" => return Ok(now.timestamp()),
        "today" => return start_of(now.date(), now.time_zone()).ok_or_else(bad),
        "yesterday" => {
            let day = now.date().yesterday().map_err(|_| bad())?;
            return start_of(day, now.time_zone()).ok_or_else(bad);
        }
        _ => {}
    }
    if let Some(span) = parse_age(t) {
        return now.checked_sub(span).map(|z| z.timestamp()).map_err(|_| bad());
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(dt) = t.parse::<DateTime>() {
        return dt.to_zoned(now.time_zone().clone()).map(|z| z.timestamp()).map_err(|_| bad());
    }
    let date = t
        .parse::<Date>()
        .ok()
        .or_else(|| {
            ["%d %b %Y", "%b %d %Y", "%b %d, %Y", "%d %B %Y", "%B %d %Y", "%B %d, %Y"]
                .iter()
                .find_map(|f| Date::strptime(f, t).ok())
        })
        .ok_or_else(bad)?;
    start_of(date, now.time_zone()).ok_or_else(bad)
}

fn start_of(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    date.to_zoned(tz.clone()).ok().map(|z| z.timestamp())
}

/// Reads how often something repeats, in whole days: `90d`, `12w`, `3m` (a month is 30
/// days) or `1y` (365 days).
pub fn parse_every(text: &str) -> Result<u32, ValidationError> {
    let bad = || ValidationError::MalformedSpan(text.trim().to_owned());
    let t = text.trim().to_ascii_lowercase();
    let unit_at = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let n: u32 = t[..unit_at].parse().map_err(|_| bad())?;
    let days_per = match t[unit_at..].trim() {
        "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        "m" | "mo" | "month" | "months" => 30,
        "y" | "year" | "years" => 365,
        _ => return Err(bad()),
    };
    n.checked_mul(days_per).filter(|days| *days > 0).ok_or_else(bad)
}

fn parse_age(t: &str) -> Option<Span> {
    let unit_at = t.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = t[..unit_at].parse().ok()?;
    let span = match t[unit_at..].trim() {
        "h" | "hour" | "hours" => Span::new().try_hours(n),
        "d" | "day" | "days" => Span::new().try_days(n),
        "w" | "week" | "weeks" => Span::new().try_weeks(n),
        "m" | "mo" | "month" | "months" => Span::new().try_months(n),
        "y" | "year" | "years" => Span::new().try_years(n),
        _ => return None,
    };
    span.ok()
}

/// Refuses a moment after `now` for something that must already have happened.
pub fn not_after(at: Timestamp, now: Timestamp, what: &'static str) -> Result<(), ValidationError> {
    if at > now {
        Err(ValidationError::FutureDate { what, at: at.strftime("%Y-%m-%d %H:%M UTC").to_string() })
    } else {
        Ok(())
    }
}

/// Refuses an end dated before its start.
pub fn not_before(at: Timestamp, start: Timestamp, what: &'static str) -> Result<(), ValidationError> {
    if at < start {
        Err(ValidationError::BeforeStart { what, at: day(at), start: day(start) })
    } else {
        Ok(())
    }
}

/// A moment as its UTC day, e.g. `2026-03-12`.
pub fn day(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_in_whole_days() {
        for (text, days) in [("90d", 90), (" 12w ", 84), ("3m", 90), ("4 months", 120), ("1y", 365)] {
            assert_eq!(parse_every(text), Ok(days), "{text}");
        }
        for text in ["", "d", "0d", "90", "3 fortnights", "99999999999d"] {
            assert!(matches!(parse_every(text), Err(ValidationError::MalformedSpan(_))), "{text}");
        }
    }

    fn now() -> Zoned {
        "2026-03-20T15:30:00+00:00[UTC]".parse().unwrap()
    }

    fn day(s: &str) -> Timestamp {
        format!("{s}T00:00:00Z").parse().unwrap()
    }

    #[test]
    fn calendar_dates() {
        for given in ["2026-03-14", "14 Mar 2026", "14 March 2026", "Mar 14, 2026", "march 14 2026"] {
            assert_eq!(parse_when(given, &now()).unwrap(), day("2026-03-14"), "{given}");
        }
        assert_eq!(parse_when("today", &now()).unwrap(), day("2026-03-20"));
        assert_eq!(parse_when("yesterday", &now()).unwrap(), day("2026-03-19"));
    }

    #[test]
    fn ages_count_back_from_now() {
        let n = now().timestamp();
        assert_eq!(parse_when("3d", &now()).unwrap(), n - Span::new().hours(72));
        assert_eq!(parse_when("2w ago", &now()).unwrap(), n - Span::new().hours(24 * 14));
        assert_eq!(parse_when("1y", &now()).unwrap(), "2025-03-20T15:30:00Z".parse().unwrap());
    }

    #[test]
    fn nonsense_is_refused_with_the_input_named() {
        for given in ["", "soon", "32 Mar 2026", "2026-13-01", "3 fortnights"] {
            let err = parse_when(given, &now()).unwrap_err();
            assert_eq!(err, ValidationError::MalformedDate(given.trim().to_owned()));
        }
    }
}
