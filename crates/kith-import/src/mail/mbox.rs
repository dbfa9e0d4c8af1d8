//! mbox files, mboxo or mboxrd, LF or CRLF, split into messages as they stream past.
//!
//! Memory stays bounded whatever the file's size: the file is read in large chunks into a
//! rolling buffer, separator candidates are found with a SIMD substring search, and only
//! header blocks are copied out; bodies are skipped, and read again only for their text,
//! when [`unescape_from_lines`] undoes the `>From ` quoting.
//!
//! A message starts at a line beginning with `From `: the first line of the file, or a line
//! that follows an empty line and looks like an envelope (`From sender date`, the date with
//! a time and a four-digit year). Unescaped `From ` lines in mboxo bodies rarely look like
//! that. Two more kinds of separators are accepted, both seen in real archives: a `From `
//! line where a message's `Content-Length` says its body ends, and a `From ` line that is
//! immediately followed by message header fields (old writers omit the blank line before
//! the separator, or the envelope's date).

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use memchr::memmem::Finder;
use std::io::{self, Read};

/// How much is read from the file at a time.
const CHUNK: usize = 1 << 20;
/// The longest header block kept ([`super::MAX_HEADER`]); the rest is skipped like a body.
const MAX_HEADER: u64 = super::MAX_HEADER as u64;
/// The longest body a `Content-Length` is trusted for (checking it buffers the body).
const MAX_CONTENT_LENGTH: u64 = 16 << 20;
/// How much of what follows a `From ` line is looked at to tell whether it is a separator.
const LOOKAHEAD: u64 = 4096;
/// Header fields of which at least one opens any real message.
const MESSAGE_FIELDS: [&str; 9] = [
    "from",
    "to",
    "date",
    "subject",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "delivered-to",
];

/// One message of an mbox file: where it lies and its header block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MboxMessage {
    /// The byte offset of the message's `From ` line in the file.
    pub offset: u64,
    /// The byte offset where the next message's `From ` line starts, or the file's size.
    pub end: u64,
    /// The header block after the `From ` line, up to and including the blank line that
    /// ends it (line endings as in the file).
    pub header: Vec<u8>,
    /// The date of the `From ` line (asctime, taken as UTC unless it carries an offset).
    pub delivered_at: Option<Timestamp>,
}

/// Where the reader stands.
#[derive(Clone, Copy, Debug)]
enum State {
    /// Before the first message: blank lines and anything before a separator are skipped.
    Start,
    /// At the `From ` line of the next message, or at the end of the file.
    At(u64),
    /// After the last message or an error.
    Done,
}

/// Undoes the quoting an mbox writer puts before body lines that start with `From `: one
/// `>` comes off every line of `>From `, `>>From `, … (mboxrd; in mboxo, where only
/// `From ` lines were quoted, this reads a body's own `>From ` as `From `, which only a
/// quote of a quote could tell apart).
pub fn unescape_from_lines(message: &mut Vec<u8>) {
    if memchr::memmem::find(message, b">From ").is_none() {
        return;
    }
    let mut out = Vec::with_capacity(message.len());
    let mut at_line_start = true;
    let mut i = 0;
    while i < message.len() {
        if at_line_start && message[i] == b'>' {
            let quotes = message[i..].iter().take_while(|&&b| b == b'>').count();
            if message[i + quotes..].starts_with(b"From ") {
                i += 1;
            }
        }
        at_line_start = message[i] == b'\n';
        out.push(message[i]);
        i += 1;
    }
    *message = out;
}

/// Reads an mbox file message by message, as an iterator of [`MboxMessage`]s.
pub struct MboxReader<R> {
    reader: R,
    /// The rolling buffer; `buf[..filled]` holds the file's bytes from offset `base`.
    buf: Vec<u8>,
    filled: usize,
    base: u64,
    eof: bool,
    state: State,
    separator: Finder<'static>,
}

impl<R: Read> MboxReader<R> {
    /// A reader of `reader`, which is positioned at byte offset `start` of the file (the
    /// caller seeks, for instance to resume at a message's `offset`): offsets are absolute.
    pub fn new(reader: R, start: u64) -> Self {
        MboxReader {
            reader,
            buf: Vec::new(),
            filled: 0,
            base: start,
            eof: false,
            state: State::Start,
            separator: Finder::new(b"\nFrom "),
        }
    }

    /// The buffered bytes.
    fn data(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// The file offset just past the buffered bytes.
    fn data_end(&self) -> u64 {
        self.base + self.filled as u64
    }

    /// The index in the buffer of file offset `at` (which must be buffered or just past).
    fn index(&self, at: u64) -> usize {
        (at - self.base) as usize
    }

    /// The buffered bytes from file offset `at`.
    fn bytes_at(&self, at: u64) -> &[u8] {
        &self.data()[self.index(at)..]
    }

    /// Drops the buffered bytes before offset `keep` and reads the next chunk; sets `eof`
    /// when there is nothing more.
    fn fill(&mut self, keep: u64) -> io::Result<()> {
        let drop = keep.saturating_sub(self.base).min(self.filled as u64) as usize;
        if drop > 0 {
            self.buf.copy_within(drop..self.filled, 0);
            self.filled -= drop;
            self.base += drop as u64;
        }
        if self.buf.len() - self.filled < CHUNK {
            self.buf.resize(self.filled + CHUNK, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            return Ok(());
        }
    }

    /// Reads until offset `upto` is buffered or the file ends, keeping bytes from `keep`.
    fn ensure(&mut self, upto: u64, keep: u64) -> io::Result<()> {
        while self.data_end() < upto && !self.eof {
            self.fill(keep)?;
        }
        Ok(())
    }

    /// The offset just past the line break of the line at `at`, or the end of the file, or
    /// `limit` if the line runs past it; keeps bytes from `keep`.
    fn line_end(&mut self, at: u64, keep: u64, limit: u64) -> io::Result<u64> {
        let mut scanned = at;
        loop {
            let stop = limit.min(self.data_end());
            let hay = &self.data()[self.index(scanned)..self.index(stop)];
            if let Some(i) = memchr::memchr(b'\n', hay) {
                return Ok(scanned + i as u64 + 1);
            }
            scanned = stop;
            if scanned >= limit || self.eof {
                return Ok(scanned);
            }
            self.fill(keep)?;
        }
    }

    /// Whether the `From ` line at `at` starts a message: it follows an empty line
    /// (`after_blank`) and looks like an envelope, or header fields follow it.
    fn is_separator(&mut self, at: u64, after_blank: bool, keep: u64) -> io::Result<bool> {
        self.ensure(at + LOOKAHEAD, keep)?;
        let window = self.bytes_at(at);
        let window = &window[..window.len().min(LOOKAHEAD as usize)];
        let (line, rest) = match memchr::memchr(b'\n', window) {
            Some(i) => (&window[..i], &window[i + 1..]),
            None => (window, &[][..]),
        };
        let envelope = line.strip_suffix(b"\r").unwrap_or(line).get(5..).unwrap_or_default();
        Ok((after_blank && is_envelope(envelope)) || looks_like_message(rest))
    }

    /// Whether the line that the line break at offset `newline` ends is empty.
    fn after_blank(&self, newline: u64) -> bool {
        let before = &self.data()[..self.index(newline)];
        matches!(before, [.., b'\n'] | [.., b'\n', b'\r'])
    }

    /// The offset of the first separator whose preceding line break is at or after `from`,
    /// or the end of the file.
    fn find_separator(&mut self, mut from: u64) -> io::Result<u64> {
        loop {
            if let Some(i) = self.separator.find(self.bytes_at(from)) {
                let newline = from + i as u64;
                let after_blank = self.after_blank(newline);
                if self.is_separator(newline + 1, after_blank, newline.saturating_sub(2))? {
                    return Ok(newline + 1);
                }
                from = newline + 1;
            } else if self.eof {
                return Ok(self.data_end());
            } else {
                // "\nFrom " may straddle the chunks: search its last five bytes again.
                from = from.max(self.data_end().saturating_sub(5));
                self.fill(from.saturating_sub(2))?;
            }
        }
    }

    /// The offset of the first message: after blank lines if a `From ` line follows them,
    /// else at the first separator.
    fn first_message(&mut self) -> io::Result<Option<u64>> {
        let mut at = self.base;
        loop {
            self.ensure(at + 5, at)?;
            match self.bytes_at(at) {
                [b'\n', ..] => at += 1,
                [b'\r', b'\n', ..] => at += 2,
                rest if rest.starts_with(b"From ") => return Ok(Some(at)),
                _ => break,
            }
        }
        let first = self.find_separator(at)?;
        Ok((first < self.data_end()).then_some(first))
    }

    /// Reads the message whose `From ` line is at `offset`.
    fn read_message(&mut self, offset: u64) -> io::Result<MboxMessage> {
        let start = self.line_end(offset, offset, offset + MAX_HEADER)?;
        let delivered_at =
            envelope_date(self.data()[self.index(offset)..self.index(start)].get(5..).unwrap_or_default());
        let limit = start + MAX_HEADER;
        let mut at = start;
        let mut content_length = None;
        // Where the header ends, and whether a body follows it.
        let (header_end, has_body) = loop {
            if at >= limit {
                break (at, true);
            }
            let end = self.line_end(at, offset, limit)?;
            let line = &self.data()[self.index(at)..self.index(end)];
            if line.is_empty() {
                break (at, false);
            }
            if matches!(line, b"\n" | b"\r\n") {
                break (end, true);
            }
            if line.starts_with(b"From ") {
                if self.is_separator(at, false, offset)? {
                    break (at, false);
                }
            } else if content_length.is_none() {
                content_length = field_content_length(line);
            }
            at = end;
        };
        let header = self.data()[self.index(start)..self.index(header_end)].to_vec();
        let end = if !has_body {
            header_end
        } else {
            let keep = header_end.saturating_sub(3);
            let trusted = match content_length {
                Some(length) if length <= MAX_CONTENT_LENGTH => self.body_end(header_end + length, keep)?,
                _ => None,
            };
            match trusted {
                Some(end) => end,
                None => self.find_separator(header_end - 1)?,
            }
        };
        Ok(MboxMessage { offset, end, header, delivered_at })
    }

    /// Where a body said to end at `target` (by `Content-Length`) really ends, if `target` is
    /// the end of the file or a `From ` line starts there, possibly after one or two line
    /// breaks; keeps bytes from `keep`.
    fn body_end(&mut self, target: u64, keep: u64) -> io::Result<Option<u64>> {
        self.ensure(target + 9, keep)?;
        if target > self.data_end() {
            return Ok(None);
        }
        let mut at = target;
        for _ in 0..2 {
            match self.bytes_at(at) {
                [b'\n', ..] => at += 1,
                [b'\r', b'\n', ..] => at += 2,
                _ => break,
            }
        }
        let line_start = at > target || self.data()[..self.index(at)].ends_with(b"\n");
        let rest = self.bytes_at(at);
        let ends = rest.is_empty() || (line_start && rest.starts_with(b"From "));
        Ok(ends.then_some(at))
    }

    /// The next message, if any.
    fn advance(&mut self) -> io::Result<Option<MboxMessage>> {
        let offset = match self.state {
            State::Done => None,
            State::Start => self.first_message()?,
            State::At(at) => {
                self.ensure(at + 5, at)?;
                (at < self.data_end()).then_some(at)
            }
        };
        let Some(offset) = offset else {
            self.state = State::Done;
            return Ok(None);
        };
        let message = self.read_message(offset)?;
        self.state = State::At(message.end);
        Ok(Some(message))
    }
}

impl<R: Read> Iterator for MboxReader<R> {
    type Item = io::Result<MboxMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.advance() {
            Ok(message) => message.map(Ok),
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}

/// The value of a `Content-Length:` header line, if `line` is one.
fn field_content_length(line: &[u8]) -> Option<u64> {
    let name = b"content-length:";
    let value =
        line.get(..name.len()).filter(|n| n.eq_ignore_ascii_case(name)).map(|_| &line[name.len()..])?;
    std::str::from_utf8(value).ok()?.trim().parse().ok()
}

/// A message file's header block without the mbox envelope line (`From sender date`)
/// that many tools write at the top of each exported message, with the envelope's date;
/// a block without one is returned whole.
pub fn strip_envelope(block: &[u8]) -> (&[u8], Option<Timestamp>) {
    let Some(rest) = block.strip_prefix(b"From ") else { return (block, None) };
    let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    let line = rest[..line_end].strip_suffix(b"\r").unwrap_or(&rest[..line_end]);
    if !is_envelope(line) {
        return (block, None);
    }
    (rest.get(line_end + 1..).unwrap_or_default(), envelope_date(line))
}

/// Whether what follows `From ` looks like an envelope: a sender, then a time (`hh:mm`)
/// and a four-digit year.
fn is_envelope(rest: &[u8]) -> bool {
    let words = rest.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).skip(1);
    let (mut time, mut year) = (false, false);
    for word in words {
        time |= clock(word).is_some();
        year |= word.len() == 4 && word.iter().all(u8::is_ascii_digit);
    }
    time && year
}

/// The date of an envelope (what follows `From `): `Mon Jan  2 15:04:05 2006`, with an
/// optional numeric offset before or after the year.
fn envelope_date(rest: &[u8]) -> Option<Timestamp> {
    let words: Vec<&[u8]> = rest.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).skip(1).collect();
    let at = words.iter().position(|w| month(w).is_some())?;
    let month = month(words[at])?;
    let day = small_number(words.get(at + 1)?)?;
    let (hour, minute, second) = clock(words.get(at + 2)?)?;
    let tail = words.get(at + 3..(at + 5).min(words.len()))?;
    let year: i16 = tail
        .iter()
        .find(|w| w.len() == 4 && w.iter().all(u8::is_ascii_digit))
        .and_then(|w| std::str::from_utf8(w).ok()?.parse().ok())?;
    let offset = tail.iter().find_map(|w| numeric_offset(w)).unwrap_or(Offset::UTC);
    let civil = DateTime::new(year, month, day, hour, minute, second, 0).ok()?;
    offset.to_timestamp(civil).ok()
}

/// The month number of a three-letter English month name.
fn month(word: &[u8]) -> Option<i8> {
    const MONTHS: [&[u8]; 12] =
        [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word)).map(|i| i as i8 + 1)
}

/// Hours, minutes and seconds of `hh:mm` or `hh:mm:ss` (one-digit numbers allowed).
fn clock(word: &[u8]) -> Option<(i8, i8, i8)> {
    let mut parts = word.split(|&b| b == b':').map(small_number);
    let hour = parts.next()??;
    let minute = parts.next()??;
    let second = parts.next().unwrap_or(Some(0))?;
    parts.next().is_none().then_some((hour, minute, second))
}

/// The value of one or two decimal digits.
fn small_number(digits: &[u8]) -> Option<i8> {
    match digits {
        [d] if d.is_ascii_digit() => Some((d - b'0') as i8),
        [t, d] if t.is_ascii_digit() && d.is_ascii_digit() => Some(((t - b'0') * 10 + d - b'0') as i8),
        _ => None,
    }
}

/// The offset of `+hhmm` or `-hhmm`.
fn numeric_offset(word: &[u8]) -> Option<Offset> {
    let (sign, digits) = match word {
        [b'+', rest @ ..] if rest.len() == 4 => (1, rest),
        [b'-', rest @ ..] if rest.len() == 4 => (-1, rest),
        _ => return None,
    };
    let value: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Offset::from_seconds(sign * (value / 100 * 3600 + value % 100 * 60)).ok()
}

/// Whether a file starting with `prefix` is an mbox: its first line that is not blank
/// starts with `From `.
pub fn looks_like_mbox(prefix: &[u8]) -> bool {
    let text = prefix.iter().position(|&b| b != b'\n' && b != b'\r').map_or(&[][..], |i| &prefix[i..]);
    text.starts_with(b"From ")
}

/// Whether `prefix` starts like an RFC 5322 message (an `.eml` file): its first lines are
/// header fields (`Name: value`, the name printable ASCII without spaces, or folded
/// continuations), and at least one of their names is From, To, Date, Subject, Message-ID,
/// Received, Return-Path, MIME-Version or Delivered-To. Only whole lines are looked at,
/// up to the first blank one; a UTF-8 byte-order mark before them is allowed.
pub fn looks_like_message(prefix: &[u8]) -> bool {
    let prefix = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let mut known = false;
    let mut fields = 0;
    for line in prefix.split_inclusive(|&b| b == b'\n') {
        let Some(line) = line.strip_suffix(b"\n") else { break };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match line {
            [] => break,
            [b' ' | b'\t', ..] if fields > 0 => continue,
            _ => {}
        }
        let Some(colon) = memchr::memchr(b':', line) else { return false };
        let name = line[..colon].trim_ascii_end();
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        fields += 1;
        known |= MESSAGE_FIELDS.iter().any(|f| name.eq_ignore_ascii_case(f.as_bytes()));
    }
    known
}

#[cfg(test)]
mod tests {
    use super::{strip_envelope, unescape_from_lines};

    #[test]
    fn from_lines_lose_one_quote_each() {
        let mut m = b"From a@b Mon Jan  2 15:04:05 2006\nSubject: x\n\n>From the notes: yes\n>>From two\n> From not\nok\n".to_vec();
        unescape_from_lines(&mut m);
        assert_eq!(m, b"From a@b Mon Jan  2 15:04:05 2006\nSubject: x\n\nFrom the notes: yes\n>From two\n> From not\nok\n");
    }

    #[test]
    fn an_envelope_line_is_taken_off_with_its_date() {
        let file = b"From alice@example.org Mon Jan  6 10:00:00 2025\nFrom: Alice <alice@example.org>\n\n";
        let (header, date) = strip_envelope(file);
        assert_eq!(header, b"From: Alice <alice@example.org>\n\n");
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2025-01-06T10:00:00Z"));
        let plain = b"From: Alice <alice@example.org>\n\n";
        assert_eq!(strip_envelope(plain), (&plain[..], None), "a From: field is no envelope");
        let odd = b"From the desk of Alice\nSubject: x\n\n";
        assert_eq!(strip_envelope(odd).0, &odd[..], "nor is prose without a date");
    }
}
