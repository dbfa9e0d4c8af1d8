//! Foreign formats for kith: address books (vCard), contact exports (LinkedIn, Google,
//! Outlook and other CSV), calendars (iCalendar) in; vCard and CSV out.
//!
//! Every parser takes the bytes of one file and returns what it could read together
//! with the problems it met ([`Parsed`]): one bad card, row or event is reported with
//! its line and skipped, never the whole file. Nothing here opens files, reads the
//! clock or writes to storage; callers pass the bytes, the file's name and `now`.

pub mod archive;
mod calendar;
mod contacts_csv;
mod detect;
pub mod export;
mod export_file;
pub mod limits;
pub mod mail;
mod text;
mod vcard;
mod vcard_out;

pub use detect::{Format, detect, mismatch};
pub use export_file::{ExportError, read_export};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{ContactRecord, Identity, MeetingRecord};
use std::collections::BTreeMap;
use std::fmt;

/// What a parser needs to know besides the bytes.
#[derive(Clone, Debug)]
pub struct Context<'a> {
    /// The file's name, used in source keys and messages.
    pub file: &'a str,
    /// The owner's identities: the owner is never an attendee of their own meetings.
    pub owner: &'a [Identity],
    /// The present: nothing after it is imported as having happened.
    pub now: Timestamp,
    /// The zone of dates and times that carry none.
    pub tz: &'a TimeZone,
    /// Calendar occurrences before this are left out.
    pub since: Option<Timestamp>,
}

/// What a file held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Contacts, in file order.
    pub contacts: Vec<ContactRecord>,
    /// Meetings, in file order (recurring events expanded).
    pub meetings: Vec<MeetingRecord>,
    /// What was wrong, in file order.
    pub problems: Vec<Problem>,
    /// Records read correctly but deliberately not imported, counted by reason.
    pub passed_over: BTreeMap<PassedOver, usize>,
}

impl Parsed {
    /// Records a problem at `line`.
    pub(crate) fn problem(&mut self, line: u64, effect: Effect, message: impl Into<String>) {
        self.problems.push(Problem { line, effect, message: excerpt(message.into()) });
    }

    /// Counts a record passed over.
    pub(crate) fn pass_over(&mut self, reason: PassedOver) {
        *self.passed_over.entry(reason).or_default() += 1;
    }

    /// How many records were skipped for a problem.
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.effect == Effect::Skipped).count()
    }
}

/// Something wrong in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The 1-based line where the record or value starts.
    pub line: u64,
    /// Whether the whole record was skipped or only one value in it.
    pub effect: Effect,
    /// What was wrong, in words.
    pub message: String,
}

/// The longest problem message kept whole, in characters: a message quoting a huge value
/// (a one-megabyte phone number) keeps its start and says how long it was.
pub const MESSAGE_CHARS: usize = 300;

/// The longest problem message kept whole, in bytes (300 characters of a script written
/// with 3 or 4 bytes a character would be over a kilobyte): with the words saying how long
/// it was, a problem printed as `file:line: message; skipped` stays under 1 KiB.
pub const MESSAGE_BYTES: usize = 800;

/// `message`, cut to [`MESSAGE_CHARS`] characters and [`MESSAGE_BYTES`] bytes with its
/// length said, when longer.
fn excerpt(message: String) -> String {
    let mut cut = message.char_indices().nth(MESSAGE_CHARS).map_or(message.len(), |(at, _)| at);
    if cut > MESSAGE_BYTES {
        cut = MESSAGE_BYTES;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
    }
    if cut == message.len() {
        return message;
    }
    format!("{}… (cut: {} characters in all)", &message[..cut], message.chars().count())
}

/// What a problem cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// The record was skipped.
    Skipped,
    /// One value was dropped; the rest of the record went in.
    Dropped,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let effect = match self.effect {
            Effect::Skipped => "skipped",
            Effect::Dropped => "ignored",
        };
        write!(f, "line {}: {}; {effect}", self.line, self.message)
    }
}

/// Why a well-formed record was not imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassedOver {
    /// An event with more than 20 attendees (`BROADCAST_ATTENDEES` of the calendar import).
    Broadcast,
    /// An event the owner declined.
    DeclinedByOwner,
    /// An event with nobody in it but the owner.
    NoOneElse,
    /// A cancelled event.
    Cancelled,
    /// An occurrence after `now`.
    Future,
    /// An occurrence before `since`.
    BeforeRange,
}

impl PassedOver {
    /// The reason in words, for summaries.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Broadcast => "events with more than 20 attendees",
            Self::DeclinedByOwner => "events you declined",
            Self::NoOneElse => "events with nobody else in them",
            Self::Cancelled => "cancelled events",
            Self::Future => "occurrences still to come",
            Self::BeforeRange => "occurrences before --since",
        }
    }
}

/// Reads one file in a known format. Kith's own JSON export is not parsed here: it
/// restores a whole database rather than adding records.
pub fn parse(format: Format, bytes: &[u8], cx: &Context<'_>) -> Parsed {
    match format {
        Format::Vcard => vcard::parse(bytes, cx),
        Format::Ical => calendar::parse(bytes, cx),
        Format::Linkedin | Format::GoogleCsv | Format::OutlookCsv | Format::ContactCsv => {
            contacts_csv::parse(format, bytes, cx)
        }
        Format::KithJson => Parsed::default(),
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::{MESSAGE_BYTES, MESSAGE_CHARS, excerpt};

    #[test]
    fn a_long_message_keeps_its_start_and_says_its_length() {
        let short = "TEL: \"abc\" is not a phone number".to_owned();
        assert_eq!(excerpt(short.clone()), short);
        // 6 characters before the value, a million in it, 23 after.
        let long = format!("TEL: \"{}\" is not a phone number", "é".repeat(1_000_000));
        let cut = excerpt(long);
        assert!(cut.chars().count() < MESSAGE_CHARS + 50, "{}", cut.len());
        assert!(cut.ends_with("(cut: 1000029 characters in all)"), "{}", &cut[cut.len() - 60..]);
        let wide = format!("TEL: \"{}\" is not a phone number", "😀".repeat(1000));
        let cut = excerpt(wide);
        assert!(cut.len() < MESSAGE_BYTES + 50, "{}", cut.len());
    }
}
