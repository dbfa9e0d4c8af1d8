//! Rows too large to read: found before the CSV reader sees them, which would hold each
//! one whole (several times over while the header row is looked for), and blanked out.

use crate::Parsed;
use crate::limits::{self, RECORD_BYTES};
use csv_core::{ReadRecordResult, Reader};
use std::borrow::Cow;

/// A file's text with every row over [`RECORD_BYTES`] replaced by its line breaks alone
/// (so that the rows after it keep their line numbers), each reported as skipped.
pub(super) fn blank_oversized<'t>(text: &'t str, parsed: &mut Parsed) -> Cow<'t, str> {
    let rows = oversized(text.as_bytes());
    if rows.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut kept = String::with_capacity(text.len() - rows.iter().map(|r| r.len()).sum::<usize>());
    let (mut from, mut line) = (0, 1);
    for row in rows {
        let before = &text[from..row.start];
        kept.push_str(before);
        line += newlines(before);
        let row_text = &text[row.clone()];
        let leading =
            row_text.bytes().take_while(|b| matches!(b, b'\r' | b'\n')).filter(|&b| b == b'\n').count();
        limits::report_too_big("a row", line + leading as u64, row.len(), parsed);
        let breaks = newlines(row_text);
        kept.extend(std::iter::repeat_n('\n', breaks as usize));
        line += breaks;
        from = row.end;
    }
    kept.push_str(&text[from..]);
    Cow::Owned(kept)
}

/// How many line breaks `text` holds.
fn newlines(text: &str) -> u64 {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64
}

/// The byte ranges of the rows (as a CSV reader splits them, quoted line breaks
/// included) longer than [`RECORD_BYTES`].
fn oversized(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut reader = Reader::new();
    let mut output = vec![0; 64 * 1024];
    let mut ends = [0; 1024];
    let (mut at, mut start) = (0, 0);
    let mut found = Vec::new();
    loop {
        let (result, read, _, _) = reader.read_record(&bytes[at..], &mut output, &mut ends);
        at += read;
        match result {
            // The output only ever holds a row being measured: it is thrown away.
            ReadRecordResult::InputEmpty
            | ReadRecordResult::OutputFull
            | ReadRecordResult::OutputEndsFull => {}
            ReadRecordResult::Record => {
                if at - start > RECORD_BYTES {
                    found.push(start..at);
                }
                start = at;
            }
            ReadRecordResult::End => return found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_row_is_blanked_and_the_others_keep_their_lines() {
        let huge = "x".repeat(RECORD_BYTES + 1);
        let text = format!("Name,Notes\r\nAda,hi\r\n\"Big\",\"{huge}\nmore\"\r\nGrace,ok\r\n");
        let mut parsed = Parsed::default();
        let kept = blank_oversized(&text, &mut parsed);
        assert_eq!(kept, "Name,Notes\r\nAda,hi\r\n\n\nGrace,ok\r\n");
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 3);
        assert!(parsed.problems[0].message.starts_with("a row is 2,097,"), "{}", parsed.problems[0]);
        let mut none = Parsed::default();
        assert!(matches!(blank_oversized("a,b\n1,2\n", &mut none), Cow::Borrowed(_)));
    }
}
