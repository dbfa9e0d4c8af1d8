//! Limits on what one vCard or calendar file can make kith hold in memory or print.
//!
//! calcard allocates for every value it reads, so a line of millions of tiny values (a
//! `CATEGORIES` of `a,a,a,…`) would take many times the file's size. The text is therefore
//! read line by line before calcard sees it: a property longer than [`PROPERTY_BYTES`] is
//! dropped, a list property is cut after [`LIST_VALUES`] values, and a card or event
//! larger than [`RECORD_BYTES`] is skipped, each with a problem at its line. calcard is
//! then given one card, or one calendar series, at a time, so that memory stays within a
//! small multiple of the largest record, whatever the size of the file.

use crate::{Effect, Parsed};
use std::borrow::Cow;

/// The longest property (a logical line, as written, its folds included) handed to the
/// parser: 1 MiB. A longer one is dropped with a problem at its line and the rest of its
/// card or event is read. Properties holding files kith never reads (`PHOTO`, `LOGO`,
/// `SOUND` and `KEY` in a vCard, `ATTACH` in a calendar) are passed over whatever their
/// size and without a problem.
pub const PROPERTY_BYTES: usize = 1 << 20;

/// The largest card or event (or any other top-level component of a calendar) read: 2
/// MiB, not counting the properties passed over. A larger one is skipped with a problem
/// at its `BEGIN` line, and the next one is read.
pub const RECORD_BYTES: usize = 2 << 20;

/// The most values kept of one list property (`CATEGORIES`, `NICKNAME`, `RESOURCES`)
/// in one card or event, all its lines together; those past it are dropped with a
/// problem. Attendees are not counted here: an event with more than 20 is passed over
/// as a broadcast.
pub const LIST_VALUES: usize = 1_000;

/// The longest note kept from a card's `NOTE`, in characters; a longer one is cut, with
/// a problem.
pub const NOTE_CHARS: usize = 10_000;

/// The longest subject kept, in characters: a meeting's `SUMMARY` is cut with a problem;
/// a mail subject is cut with an ellipsis (each message is not reported), after the
/// message's key is made from the whole of it.
pub const SUBJECT_CHARS: usize = 500;

/// The list properties whose values are counted against [`LIST_VALUES`].
const LISTS: [&str; 3] = ["CATEGORIES", "NICKNAME", "RESOURCES"];

/// Which syntax a file is written in: they differ in how a line may continue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// vCard: besides folding, a quoted-printable value continues after a line ending in
    /// `=`, and a base64 one (vCard 2.1) on the lines of base64 that follow it.
    Vcard,
    /// iCalendar: folding only.
    Ical,
}

/// One logical line: a physical line and its continuation lines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// The text as written, folds and final line ending included.
    pub text: &'a str,
    /// The 1-based number of its first physical line.
    pub number: u64,
    /// Its offset in the text being split.
    pub start: usize,
}

impl<'a> Line<'a> {
    /// The property's name in upper case, without group (`item1.`) or parameters; empty
    /// when the line's start holds no name.
    pub fn name(&self) -> String {
        let head = prefix(self.text, 256).trim_start_matches('\u{feff}');
        let Some(end) = head.find([';', ':']) else { return String::new() };
        let name = head[..end].trim();
        let name = name.rsplit('.').next().unwrap_or(name);
        if name.is_empty() || name.len() > 64 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return String::new();
        }
        name.to_ascii_uppercase()
    }

    /// The line without its final line ending.
    pub fn bare(&self) -> &'a str {
        self.text.trim_end_matches(['\r', '\n'])
    }

    /// Whether the line is longer than [`PROPERTY_BYTES`].
    pub fn overlong(&self) -> bool {
        self.text.len() > PROPERTY_BYTES
    }
}

/// The start of `text`, at most `bytes` long, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The logical lines of a text.
pub(crate) struct Lines<'a> {
    text: &'a str,
    at: usize,
    number: u64,
    kind: Kind,
}

impl<'a> Lines<'a> {
    /// The lines of `text`, whose first line is line `number` of its file.
    pub fn new(text: &'a str, number: u64, kind: Kind) -> Self {
        Self { text, at: 0, number, kind }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.at >= self.text.len() {
            return None;
        }
        let (start, number) = (self.at, self.number);
        let bytes = self.text.as_bytes();
        let mut end = physical_end(bytes, start);
        let (quoted_printable, base64) = match self.kind {
            Kind::Vcard => {
                // The property's name and parameters: this physical line and the lines
                // folded after it, never the next property.
                let head = prefix(&self.text[start..head_end(bytes, start, end)], 256);
                let head = head.split(':').next().unwrap_or_default().as_bytes();
                let has =
                    |word: &str| head.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()));
                (has("QUOTED-PRINTABLE"), has("BASE64") || has("ENCODING=B"))
            }
            Kind::Ical => (false, false),
        };
        self.number += 1;
        while end < bytes.len() {
            let folded = matches!(bytes[end], b' ' | b'\t');
            let soft_break =
                quoted_printable && self.text[start..end].trim_end_matches(['\r', '\n']).ends_with('=');
            let next = physical_end(bytes, end);
            if !(folded || soft_break || (base64 && is_base64(&bytes[end..next]))) {
                break;
            }
            end = next;
            self.number += 1;
        }
        self.at = end;
        Some(Line { text: &self.text[start..end], number, start })
    }
}

/// Where the name and parameters of the property starting at `start` (its first physical
/// line ending at `end`) may end: the lines folded after it (starting with a space or a
/// tab) count until a colon is seen, up to 256 bytes; a line that is not folded is the
/// next property and never counts.
fn head_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end < bytes.len()
        && end - start < 256
        && matches!(bytes[end], b' ' | b'\t')
        && !bytes[start..end].contains(&b':')
    {
        end = physical_end(bytes, end);
    }
    end
}

/// Where the physical line starting at `from` ends, its line ending included.
fn physical_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1)
}

/// Whether a physical line holds only base64 (as calcard reads the lines of a vCard 2.1
/// base64 value).
fn is_base64(line: &[u8]) -> bool {
    let data = line.strip_suffix(b"\n").unwrap_or(line);
    let data = data.strip_suffix(b"\r").unwrap_or(data);
    !data.is_empty() && data.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Whether a property holds a file kith never reads.
fn is_unread_binary(name: &str, kind: Kind) -> bool {
    match kind {
        Kind::Vcard => matches!(name, "PHOTO" | "LOGO" | "SOUND" | "KEY"),
        Kind::Ical => name == "ATTACH",
    }
}

/// Whether a line is handed to the parser at all (before lists are cut): not a file kith
/// never reads, nor longer than [`PROPERTY_BYTES`].
pub(crate) fn is_kept(line: &Line<'_>, kind: Kind) -> bool {
    !line.overlong() && !is_unread_binary(&line.name(), kind)
}

/// The problem for a line longer than [`PROPERTY_BYTES`].
pub(crate) fn report_overlong(line: &Line<'_>, parsed: &mut Parsed) {
    let name = line.name();
    let what = if name.is_empty() { "a line".to_owned() } else { format!("`{name}`") };
    parsed.problem(
        line.number,
        Effect::Dropped,
        format!(
            "{what} is {} bytes long, over the {} limit",
            thousands(line.text.len()),
            mib(PROPERTY_BYTES)
        ),
    );
}

/// The problem for a record larger than [`RECORD_BYTES`].
pub(crate) fn report_too_big(what: &str, line: u64, bytes: usize, parsed: &mut Parsed) {
    parsed.problem(
        line,
        Effect::Skipped,
        format!("{what} is {} bytes long, over the {} limit", thousands(bytes), mib(RECORD_BYTES)),
    );
}

/// Decides, line by line, what of one record goes to the parser, and reports the rest.
#[derive(Debug)]
pub(crate) struct Cleaner {
    kind: Kind,
    /// For each of [`LISTS`]: the values seen, and the line where the limit was passed.
    values: [(usize, u64); LISTS.len()],
}

impl Cleaner {
    pub fn new(kind: Kind) -> Self {
        Self { kind, values: [(0, 0); LISTS.len()] }
    }

    /// What of `line` goes to the parser: all of it, its start (a list cut short), or
    /// nothing (a file kith never reads, passed over silently, or an overlong line,
    /// reported here). A list cut short is reported when the record ends.
    pub fn clean<'a>(&mut self, line: &Line<'a>, parsed: &mut Parsed) -> Option<Cow<'a, str>> {
        let name = line.name();
        if is_unread_binary(&name, self.kind) {
            return None;
        }
        if line.overlong() {
            report_overlong(line, parsed);
            return None;
        }
        let Some(list) = LISTS.iter().position(|l| *l == name) else { return Some(Cow::Borrowed(line.text)) };
        let (seen, passed_at) = &mut self.values[list];
        let allowed = LIST_VALUES.saturating_sub(*seen);
        let (count, cut) = values(line.text, allowed);
        *seen += count;
        if *seen > LIST_VALUES && *passed_at == 0 {
            *passed_at = line.number;
        }
        match cut {
            None => Some(Cow::Borrowed(line.text)),
            Some(_) if allowed == 0 => None,
            Some(at) => Some(Cow::Owned(format!("{}\r\n", &line.text[..at]))),
        }
    }

    /// Reports the lists cut short in the record.
    pub fn finish(self, parsed: &mut Parsed) {
        for (name, (seen, line)) in LISTS.iter().zip(self.values) {
            if seen > LIST_VALUES {
                parsed.problem(
                    line,
                    Effect::Dropped,
                    format!(
                        "`{name}` holds {} values, over the {} limit: those past the first {}",
                        thousands(seen),
                        thousands(LIST_VALUES),
                        thousands(LIST_VALUES)
                    ),
                );
            }
        }
    }
}

/// How many comma-separated values a property line holds, and where to cut it to keep
/// only `allowed` of them (none when it holds no more).
fn values(text: &str, allowed: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let mut quoted = false;
    let Some(colon) = bytes.iter().position(|&b| {
        quoted ^= b == b'"';
        b == b':' && !quoted
    }) else {
        return (0, None);
    };
    let value = text[colon + 1..].trim_end_matches(['\r', '\n']);
    if value.trim().is_empty() {
        return (0, None);
    }
    let (mut count, mut cut, mut escaped) = (1, None, false);
    for (i, b) in value.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b',' => {
                if count == allowed && cut.is_none() {
                    cut = Some(colon + 1 + i);
                }
                count += 1;
            }
            _ => {}
        }
    }
    if count > allowed && allowed == 0 {
        cut = Some(colon + 1);
    }
    (count, cut)
}

/// `text` cut to `limit` characters and, when it was cut, what to say of it: `what`
/// (`NOTE`, `SUMMARY`, a column's name) was so many characters long.
pub(crate) fn cut_text(text: String, limit: usize, what: &str) -> (String, Option<String>) {
    let (text, cut) = cut_chars(text, limit);
    let said = cut.map(|total| {
        format!(
            "`{what}` is {} characters long, over the {} limit: those past the first {}",
            thousands(total),
            thousands(limit),
            thousands(limit)
        )
    });
    (text, said)
}

/// `text` cut to `limit` characters, and its length in characters when it was cut.
fn cut_chars(text: String, limit: usize) -> (String, Option<usize>) {
    match text.char_indices().nth(limit) {
        None => (text, None),
        Some((at, _)) => {
            let total = text.chars().count();
            let mut text = text;
            text.truncate(at);
            (text, Some(total))
        }
    }
}

/// A count with thousands separators: 7,500,000.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A size in whole mebibytes: "1 MiB".
fn mib(bytes: usize) -> String {
    format!("{} MiB", bytes >> 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, kind: Kind) -> Vec<(u64, &str)> {
        Lines::new(text, 1, kind).map(|l| (l.number, l.text)).collect()
    }

    #[test]
    fn logical_lines_follow_folds_and_vcard_encodings() {
        let text =
            "A:1\r\n 2\r\nB;ENCODING=QUOTED-PRINTABLE:x=\r\ny\r\nC;ENCODING=b:QUJD\r\nREVG\r\nEND:VCARD";
        assert_eq!(
            lines(text, Kind::Vcard),
            [
                (1, "A:1\r\n 2\r\n"),
                (3, "B;ENCODING=QUOTED-PRINTABLE:x=\r\ny\r\n"),
                (5, "C;ENCODING=b:QUJD\r\nREVG\r\n"),
                (7, "END:VCARD")
            ]
        );
        assert_eq!(lines("A:x=\r\ny\r\n", Kind::Ical).len(), 2);
    }

    #[test]
    fn parameters_folded_before_the_colon_still_name_the_encoding() {
        let text = "NOTE;CHARSET=UTF-8;\r\n ENCODING=QUOTED-PRINTABLE:caf=\r\n=C3=A9\r\nFN:Ada\r\n";
        assert_eq!(
            lines(text, Kind::Vcard),
            [(1, "NOTE;CHARSET=UTF-8;\r\n ENCODING=QUOTED-PRINTABLE:caf=\r\n=C3=A9\r\n"), (4, "FN:Ada\r\n")]
        );
    }

    #[test]
    fn a_line_without_a_colon_takes_no_encoding_from_the_next() {
        // "X-JUNK=" names no encoding; the NOTE after it does. Read together, the junk
        // line's "=" was taken for a quoted-printable soft break and swallowed the note.
        let text = "X-JUNK=\r\nNOTE;ENCODING=QUOTED-PRINTABLE:Hi\r\nFN:Ada\r\n";
        assert_eq!(
            lines(text, Kind::Vcard),
            [(1, "X-JUNK=\r\n"), (2, "NOTE;ENCODING=QUOTED-PRINTABLE:Hi\r\n"), (3, "FN:Ada\r\n")]
        );
    }

    #[test]
    fn names_are_read_without_group_or_parameters() {
        let line = |text| Line { text, number: 1, start: 0 }.name();
        assert_eq!(line("item1.tel;type=cell:+1"), "TEL");
        assert_eq!(line("\u{feff}BEGIN:VCARD"), "BEGIN");
        assert_eq!(line("no name here"), "");
        assert_eq!(line("a b:c"), "");
    }

    #[test]
    fn lists_are_cut_after_the_allowed_values() {
        assert_eq!(values("CATEGORIES:a,b\\,c,d\r\n", 10), (3, None));
        assert_eq!(values("CATEGORIES:a,b,c\r\n", 2), (3, Some(14)));
        assert_eq!(values("CATEGORIES;X=\"a:b\":a,b\r\n", 1), (2, Some(20)));
        assert_eq!(values("CATEGORIES:a\r\n", 0), (1, Some(11)));
        assert_eq!(thousands(7_500_000), "7,500,000");
        assert_eq!(thousands(999), "999");
    }
}
