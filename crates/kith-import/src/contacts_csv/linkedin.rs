//! What only LinkedIn's `Connections.csv` has: the day a connection was made, and
//! profile URLs that identify a member across exports.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use kith_core::{ContactRecord, IdentityKind};

/// The ways "Connected On" has been written: `22 Dec 2025` today, US-style `12/22/25`
/// in some older exports, and full month names or ISO dates from tools that rewrite
/// the file.
const DATE_FORMATS: [&str; 5] = ["%d %b %Y", "%d %B %Y", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d"];

/// The start of the day a connection was made, in `tz`; `Err` says what was wrong.
pub(super) fn connected_on(text: &str, tz: &TimeZone, now: Timestamp) -> Result<Timestamp, String> {
    let date = DATE_FORMATS
        .iter()
        .find_map(|format| Date::strptime(format, text).ok())
        .ok_or_else(|| format!("\"{text}\" is not a date (expected something like 22 Dec 2025)"))?;
    let start = date.to_zoned(tz.clone()).map_err(|e| format!("\"{text}\" cannot be placed in time: {e}"))?;
    let start = start.timestamp();
    if start > now {
        return Err(format!("{text} is in the future"));
    }
    Ok(start)
}

/// What identifies a connection across re-imports: the file and the member's profile
/// URL, else their email address, else their name and the day they connected.
pub(super) fn source_key(record: &ContactRecord, file: &str, tz: &TimeZone) -> String {
    let of_kind = |kind| record.identities.iter().find(|id| id.kind() == kind);
    if let Some(url) = of_kind(IdentityKind::Url) {
        return format!("{file}:{url}");
    }
    if let Some(email) = of_kind(IdentityKind::Email) {
        return format!("{file}:{email}");
    }
    let name = record.name.as_deref().unwrap_or_default().to_lowercase();
    let day = record.connected.map(|at| at.to_zoned(tz.clone()).date().to_string()).unwrap_or_default();
    format!("{file}:{name}|{day}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_days_are_read_in_every_known_spelling() {
        let tz = TimeZone::fixed(jiff::tz::offset(1));
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let want: Timestamp = "2025-12-21T23:00:00Z".parse().unwrap();
        for text in ["22 Dec 2025", "12/22/25", "12/22/2025", "2025-12-22", "22 December 2025"] {
            assert_eq!(connected_on(text, &tz, now), Ok(want), "{text}");
        }
        assert!(connected_on("last week", &tz, now).unwrap_err().contains("not a date"));
        assert!(connected_on("02 Jan 2026", &tz, now).unwrap_err().contains("in the future"));
    }
}
