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

impl Format {
    /// What a file of this format is, in words with an article.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Vcard => "a vCard file",
            Format::Ical => "an iCalendar file",
            Format::Linkedin => "LinkedIn's Connections.csv (or the export ZIP holding it)",
            Format::GoogleCsv => "a Google Contacts CSV",
            Format::OutlookCsv => "an Outlook contacts CSV",
            Format::ContactCsv => "a contact CSV with a header row",
            Format::KithJson => "a kith JSON export",
        }
    }

    /// Whether this is one of the contact CSV formats, which a user may tell apart
    /// better than the header row does.
    fn is_csv(self) -> bool {
        matches!(self, Format::Linkedin | Format::GoogleCsv | Format::OutlookCsv | Format::ContactCsv)
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

/// What bytes forced to be read as `format` are instead, when they cannot be that: a
/// binary file (an image, an archive), another of kith's formats, or text in none. A
/// contact CSV may be forced to be another kind of contact CSV, and any JSON object to be
/// a kith export (whose reader says what is wrong with it); `None` means the bytes may
/// be read as `format`.
pub fn mismatch(format: Format, bytes: &[u8]) -> Option<String> {
    if let Some(binary) = binary_kind(bytes) {
        return Some(binary.to_owned());
    }
    match detect(bytes) {
        Some(found) if found == format || (found.is_csv() && format.is_csv()) => None,
        Some(found) => Some(found.describe().to_owned()),
        None if format.is_csv() => Some("text without a header row kith recognizes".to_owned()),
        None if format == Format::KithJson
            && text::decode(&bytes[..bytes.len().min(1024)], None).trim_start().starts_with('{') =>
        {
            None
        }
        None => Some("text in none of the formats kith reads".to_owned()),
    }
}

/// What a binary file is, by its first bytes, or `None` for text. A NUL byte in text
/// that is not UTF-16 makes it binary data.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"PK\x05\x06", "a ZIP archive"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    let head = &bytes[..bytes.len().min(8 * 1024)];
    (!utf16 && head.contains(&0)).then_some("binary data")
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
    fn a_forced_format_must_fit_the_content() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(mismatch(Format::Vcard, png).as_deref(), Some("a PNG image"));
        let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n";
        assert_eq!(mismatch(Format::Vcard, card), None);
        assert_eq!(mismatch(Format::Linkedin, card).as_deref(), Some("a vCard file"));
        // A contact CSV may be read as another kind of contact CSV, but text without a
        // header is none.
        let csv = b"First Name,Last Name,E-mail Address\r\nAda,Lovelace,ada@example.org\r\n";
        assert_eq!(mismatch(Format::GoogleCsv, csv), None);
        assert!(mismatch(Format::Linkedin, b"hello\nworld\n").unwrap().contains("header row"));
        assert!(mismatch(Format::Ical, b"hello").unwrap().contains("none of the formats"));
        assert_eq!(mismatch(Format::KithJson, br#"{"format": "someone-else"}"#), None);
        assert_eq!(mismatch(Format::KithJson, card).as_deref(), Some("a vCard file"));
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
