//! What each fuzz target does with one input. The targets in `fuzz_targets/` only call
//! these; the stable replay test (`crates/kith-import/tests/import/fuzz_corpus.rs`)
//! includes this file and runs the same calls on the committed corpus and regressions.
//!
//! Nothing here reads a clock or the environment, so a run is repeatable.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{CardDate, MailMessage, MailOwner, person_name_from_mail};
use kith_import::mail::body::{TEXT_BYTES, own_words, sentences, written_text};
use kith_import::mail::{
    MAX_HEADER, MboxMessage, MboxReader, Origin, parse_message, read_header_from, strip_envelope,
};
use kith_import::{Context, Format, Parsed, read_export};
use std::collections::HashSet;
use std::hint::black_box;
use std::io::Cursor;
use std::sync::LazyLock;

/// The `now` messages are dated against: 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_767_225_600, 0);

/// The archive's owner that decides which way a message went.
static OWNER: LazyLock<MailOwner> = LazyLock::new(|| MailOwner::new(["me@example.org"]));

/// `mail_header`: the input as one message's header block.
pub fn mail_header(data: &[u8]) {
    header(data, None);
}

/// `mbox`: the input as an mbox file, split to the end and every header block parsed.
///
/// Beyond not panicking, the splitter must keep what `MboxMessage` promises: each message
/// starts at a `From ` line, ends where the next one starts (the last one at the end of
/// the input), and holds its header block; and reading resumed at a message's offset
/// (as an import resumes) finds the same messages from there on.
pub fn mbox(data: &[u8]) {
    let messages = split(data, 0);
    for message in &messages {
        header(&message.header, message.delivered_at);
        let (offset, end) = (message.offset as usize, message.end as usize);
        assert!(offset < end && end <= data.len(), "message at {offset}..{end} of {}", data.len());
        assert!(data[offset..].starts_with(b"From "), "no From line at {offset}");
        let text = &data[offset..end];
        let after_from_line = text.iter().position(|&b| b == b'\n').map_or(text.len(), |i| i + 1);
        assert!(
            text[after_from_line..].starts_with(&message.header),
            "the header block of the message at {offset} does not follow its From line"
        );
    }
    for pair in messages.windows(2) {
        assert_eq!(pair[0].end, pair[1].offset, "a gap or overlap between two messages");
    }
    if let Some(last) = messages.last() {
        assert_eq!(last.end as usize, data.len(), "the last message ends before the input");
    }
    if messages.len() >= 2 {
        let from = messages.len() / 2;
        let offset = messages[from].offset;
        let resumed = split(&data[offset as usize..], offset);
        assert_eq!(resumed, messages[from..], "resuming at {offset} reads other messages");
    }
}

/// `mail_name`: the input as a display name and an address, split at the first 0 byte
/// (no 0 byte: no display name, the whole input is the address), each read as lossy
/// UTF-8, turned into a person's name.
pub fn mail_name(data: &[u8]) {
    let (display, address) = match data.iter().position(|&b| b == 0) {
        Some(at) => (Some(String::from_utf8_lossy(&data[..at])), &data[at + 1..]),
        None => (None, data),
    };
    let address = String::from_utf8_lossy(address);
    black_box(person_name_from_mail(display.as_deref(), &address));
}

/// `vcard`: the input as a vCard file. Beyond not panicking, every birthday and
/// anniversary read must write and read back as the same date.
pub fn vcard(data: &[u8]) {
    for record in contacts(Format::Vcard, data).contacts {
        for date in [record.details.birthday, record.details.anniversary].into_iter().flatten() {
            assert_eq!(CardDate::parse(&date.to_string()), Some(date), "{date} reads back otherwise");
        }
        black_box(record.digest());
    }
}

/// `linkedin_archive`: the input as LinkedIn's export ZIP; its `Connections.csv`, when
/// the archive has one, read as LinkedIn connections.
pub fn linkedin_archive(data: &[u8]) {
    if let Ok(archive) = kith_import::archive::read_linkedin(data) {
        assert!(!archive.unread.contains(&archive.connections_path), "the member read is listed as unread");
        black_box(contacts(Format::Linkedin, &archive.connections));
    }
}

/// `contact_csv`: the input's first byte picks the CSV flavour it is read as (LinkedIn,
/// Google, Outlook, or any contact CSV), the rest is the file. Every contact read must
/// carry an identity or a name, and every problem a line inside the file.
pub fn contact_csv(data: &[u8]) {
    let Some((&pick, file)) = data.split_first() else { return };
    let formats = [Format::Linkedin, Format::GoogleCsv, Format::OutlookCsv, Format::ContactCsv];
    let parsed = contacts(formats[usize::from(pick) % formats.len()], file);
    check_lines(&parsed, file);
    for record in &parsed.contacts {
        black_box(record.digest());
    }
}

/// `ical`: the input as a calendar file, read with `now` at 2026-01-01. No meeting may
/// start after `now`, and every problem is at a line of the file.
pub fn ical(data: &[u8]) {
    let parsed = contacts(Format::Ical, data);
    check_lines(&parsed, data);
    for meeting in &parsed.meetings {
        assert!(meeting.at <= NOW, "a meeting at {} is after now", meeting.at);
    }
}

/// `maildir`: the input as one Maildir message file, read as an import reads it (its
/// header block in small chunks, an mbox envelope line taken off) and parsed. The first
/// byte sets how many bytes each read returns (1 to 256), as a slow disk might. The
/// block read must be the file's start and respect [`MAX_HEADER`].
pub fn maildir(data: &[u8]) {
    let Some((&step, file)) = data.split_first() else { return };
    let mut block = Vec::new();
    let source = Trickle { data: file, step: usize::from(step) + 1 };
    read_header_from(source, &mut block).expect("reading from memory cannot fail");
    assert!(file.starts_with(&block), "the block read is not the file's start");
    assert!(block.len() <= MAX_HEADER, "a header block of {} bytes", block.len());
    let (header, envelope) = strip_envelope(&block);
    self::header(header, envelope);
}

/// `json_restore`: the input as a `kith export json` file. What reads must write back to
/// JSON that reads as the same snapshot.
pub fn json_restore(data: &[u8]) {
    if let Ok(mut snapshot) = read_export(data) {
        snapshot.canonicalize();
        let text = serde_json::to_vec(&snapshot).expect("a snapshot always serializes");
        let mut again = read_export(&text).expect("an export written by kith reads back");
        again.canonicalize();
        assert!(again == snapshot, "the snapshot changed on a round trip");
    }
}

/// `mail_body`: the input as one message file (an mbox envelope line on top allowed),
/// its written text read as the favor finder reads it. The text must be within
/// [`TEXT_BYTES`] and not blank, and go on through [`zoning`]'s checks.
pub fn mail_body(data: &[u8]) {
    if let Some(text) = written_text(data) {
        assert!(text.len() <= TEXT_BYTES, "a text of {} bytes", text.len());
        assert!(!text.trim().is_empty(), "a blank text");
        words(&text);
    }
}

/// `zoning`: the input as lossy UTF-8 text through the writer's own words and their
/// sentences. Every line kept must be a line of the text (quoted ones blanked), and
/// every sentence, of the text or of the words kept, non-empty, trimmed, with single
/// spaces, and made only of the text's words.
pub fn zoning(data: &[u8]) {
    words(&String::from_utf8_lossy(data));
}

/// The checks of [`zoning`] on `text`.
fn words(text: &str) {
    let own = own_words(text);
    let lines: HashSet<&str> = text.lines().map(str::trim).collect();
    for line in own.lines() {
        assert!(line.is_empty() || lines.contains(line.trim()), "a line not of the text: {line:?}");
    }
    assert_eq!(own.trim(), own, "the own words are not trimmed");
    let tokens: HashSet<&str> = text.split_whitespace().collect();
    for sentence in sentences(text).iter().chain(&sentences(&own)) {
        assert!(!sentence.is_empty(), "an empty sentence");
        assert_eq!(sentence.trim(), sentence, "a sentence not trimmed");
        for word in sentence.split(' ') {
            assert!(tokens.contains(word), "{word:?} of {sentence:?} is not a word of the text");
        }
    }
}

/// Every problem of `parsed` is at a line of `data` (counting a last line without a
/// newline, and line 1 of an empty file).
fn check_lines(parsed: &Parsed, data: &[u8]) {
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    for problem in &parsed.problems {
        assert!(
            (1..=lines as u64).contains(&problem.line),
            "a problem at line {} of a file of {lines} lines: {problem}",
            problem.line
        );
        assert!(problem.message.len() < 1024, "a problem message of {} bytes", problem.message.len());
    }
}

/// A reader that returns at most `step` bytes at a time.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// A contact file read as `format`, in UTC, with no owner.
fn contacts(format: Format, data: &[u8]) -> Parsed {
    let cx = Context { file: "fuzz", owner: &[], now: NOW, tz: &TimeZone::UTC, since: None };
    kith_import::parse(format, data, &cx)
}

/// The messages of an mbox `data` that starts at file offset `start`, up to the first
/// read error (there is none in memory, but the reader may report one of its own).
fn split(data: &[u8], start: u64) -> Vec<MboxMessage> {
    MboxReader::new(Cursor::new(data), start).map_while(Result::ok).collect()
}

/// Parses a header block and, when it is a message, asks what the log and the owner make
/// of it.
fn header(block: &[u8], delivered_at: Option<Timestamp>) {
    if let Ok(message) = parse(block, delivered_at) {
        black_box(message.when(NOW));
        black_box(message.correspondents(&OWNER));
    }
}

/// `parse_message` with the delivery time the mail system gave, in no known folder.
fn parse(block: &[u8], delivered_at: Option<Timestamp>) -> Result<MailMessage, String> {
    parse_message(block, &Origin { delivered_at, ..Origin::default() })
}
