//! Telling formats apart by their content.

use crate::text;
use std::fmt;
use std::str::FromStr;

/// A format `kith import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// vCard 2.1, 3.0 or 4.0, one or many cards.
    Vcard,
    /// iCalendar.
    Ical,
    /// LinkedIn's `Connections.csv`.
    Linkedin,
    /// Google Contacts CSV.
    GoogleCsv,
    /// Outlook contacts CSV.
    OutlookCsv,
    /// Another contact CSV with a header row (Thunderbird, kith's own export, ...).
    ContactCsv,
    /// kith's own JSON export.
    KithJson,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 7] = [
        Format::Vcard,
        Format::Ical,
        Format::Linkedin,
        Format::GoogleCsv,
        Format::OutlookCsv,
        Format::ContactCsv,
        Format::KithJson,
    ];

    /// The name `--format` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Vcard => "vcard",
            Format::Ical => "ical",
            Format::Linkedin => "linkedin",
            Format::GoogleCsv => "google",
            Format::OutlookCsv => "outlook",
            Format::ContactCsv => "csv",
            Format::KithJson => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        let alias = match s.as_str() {
            "vcf" => "vcard",
            "ics" | "icalendar" => "ical",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.as_str() == alias).ok_or_else(|| {
            let names: Vec<_> = Format::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown format \"{s}\"; expected one of: {}", names.join(", "))
        })
    }
}

/// Guesses a file's format from its first few kilobytes; `None` if it is none of them.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let head = text::decode(head, None);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let first_line = trimmed.lines().next().unwrap_or_default().trim().to_ascii_uppercase();
    if first_line.starts_with("BEGIN:VCARD") {
        return Some(Format::Vcard);
    }
    // A calendar, or a bare component of one (some tools export a lone VEVENT).
    if ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VTODO", "BEGIN:VALARM"]
        .iter()
        .any(|b| first_line.starts_with(b))
    {
        return Some(Format::Ical);
    }
    if trimmed.starts_with('{') && trimmed.contains("\"kith-export\"") {
        return Some(Format::KithJson);
    }
    crate::contacts_csv::detect(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_content() {
        assert_eq!(detect(b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\n"), Some(Format::Vcard));
        assert_eq!(detect(b"\n\nbegin:vcalendar\n"), Some(Format::Ical));
        assert_eq!(detect(b"BEGIN:VALARM\nACTION:EMAIL\nEND:VALARM\n"), Some(Format::Ical));
        assert_eq!(
            detect(b"BEGIN:VEVENT\r\nATTENDEE:mailto:a@example.org\r\nEND:VEVENT\r\n"),
            Some(Format::Ical)
        );
        assert_eq!(detect(br#"{"format": "kith-export", "version": 1}"#), Some(Format::KithJson));
        assert_eq!(detect(b"hello"), None);
    }

    #[test]
    fn format_names_read_back() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
        }
        assert_eq!("ICS".parse::<Format>(), Ok(Format::Ical));
        assert!("xls".parse::<Format>().unwrap_err().contains("vcard, ical"));
    }
}
