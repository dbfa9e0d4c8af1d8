//! Contact exports in CSV: LinkedIn connections, Google, Outlook and other address books
//! (Thunderbird, kith's own export). The header row says what each column holds and,
//! by the columns only one exporter writes, whose export the file is.

mod header;
mod linkedin;
mod oversize;
mod row;

use crate::{Context, Effect, Format, Parsed, text};
use kith_core::ContactRecord;
use std::collections::HashMap;

/// What a file without a recognizable header row is told.
const NO_HEADER: &str = "no header row was recognized; expected column names such as \
    Name, First Name, Last Name, Email, Phone, Company or Job Title";

/// Recognizes a contact CSV by its header row (after an optional preamble), in any of
/// the delimiters contact exports use.
pub(crate) fn detect(text: &str) -> Option<Format> {
    header::find(text).map(|header| header.format)
}

/// Reads every row of a contact CSV as `format`: one contact per row that names
/// someone, in file order, with what could not be read reported by line.
pub(crate) fn parse(format: Format, bytes: &[u8], cx: &Context<'_>) -> Parsed {
    let text = text::decode(bytes, None);
    let mut parsed = Parsed::default();
    let text = oversize::blank_oversized(&text, &mut parsed);
    let Some(header) = header::find(&text) else {
        parsed.problem(1, Effect::Skipped, NO_HEADER);
        return parsed;
    };
    let columns = header.columns(format);
    let mut keys = SourceKeys::default();
    let mut lines = Lines::new(&text);
    for result in header::reader(&text, header.delimiter).records().skip(header.preamble + 1) {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = lines.of(e.position());
                parsed.problem(line, Effect::Skipped, "a row that could not be read as CSV");
                continue;
            }
        };
        let line = lines.of(record.position());
        let row = row::Row { record: &record, line, columns: &columns, format };
        if let Some(mut contact) = row::contact(&row, cx, &mut parsed) {
            contact.source_key = keys.unique(natural_key(format, &contact, cx));
            parsed.contacts.push(contact);
        }
    }
    parsed
}

/// What identifies a row across re-imports before repeats are told apart: LinkedIn's
/// own rule, else the file and the first identity or the lower-cased name.
fn natural_key(format: Format, contact: &ContactRecord, cx: &Context<'_>) -> String {
    if format == Format::Linkedin {
        return linkedin::source_key(contact, cx.file, cx.tz);
    }
    let what = match contact.identities.first() {
        Some(identity) => identity.value().to_owned(),
        None => contact.name.as_deref().unwrap_or_default().to_lowercase(),
    };
    format!("{}:{what}", cx.file)
}

/// Line numbers of records, counted from their byte offsets. The csv crate's own line
/// count lags behind after CRLF line ends and empty lines, because a record's position is
/// taken before the line breaks that precede it; those are stepped over here.
struct Lines<'t> {
    text: &'t [u8],
    /// How far newlines have been counted.
    counted_to: usize,
    /// The 1-based line at `counted_to`.
    line: u64,
}

impl<'t> Lines<'t> {
    /// Counting from the start of `text`.
    fn new(text: &'t str) -> Self {
        Self { text: text.as_bytes(), counted_to: 0, line: 1 }
    }

    /// The 1-based line a record at `position` starts on. Positions must come in file
    /// order.
    fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else { return self.line };
        let offset = usize::try_from(position.byte()).unwrap_or(usize::MAX).min(self.text.len());
        let breaks = self.text[offset..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let start = (offset + breaks).max(self.counted_to);
        let newlines = self.text[self.counted_to..start].iter().filter(|b| **b == b'\n').count();
        self.line += newlines as u64;
        self.counted_to = start;
        self.line
    }
}

/// The source keys given so far in one file, so that a repeated key gets `#2`, `#3`.
#[derive(Default)]
struct SourceKeys(HashMap<String, usize>);

impl SourceKeys {
    /// `key`, or `key#n` when it is the n-th time it is seen.
    fn unique(&mut self, key: String) -> String {
        let seen = self.0.entry(key.clone()).or_default();
        *seen += 1;
        if *seen == 1 { key } else { format!("{key}#{seen}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_lines_count_crlf_empty_lines_and_multi_line_fields() {
        let text = "h\r\n\r\na\r\n\"b\r\nc\"\r\nd\r\n";
        let mut reader = header::reader(text, b',');
        let mut lines = Lines::new(text);
        let got: Vec<u64> = reader.records().map(|r| lines.of(r.unwrap().position())).collect();
        assert_eq!(got, [1, 3, 4, 6]);
    }
}
