//! Cutting a calendar file into the pieces calcard parses: each top-level component on
//! its own (a broken calendar costs only itself), and a `VCALENDAR` further into its
//! series (the events sharing a UID) with the time zones they name, so that calcard never
//! holds a whole calendar. The text is cleaned on the way (see [`crate::limits`]) and
//! every component keeps its line number.

use crate::Parsed;
use crate::limits::{self, Cleaner, Kind, Line, Lines, RECORD_BYTES};
use calcard::icalendar::{ICalendar, ICalendarComponentType};
use std::borrow::Cow;
use std::collections::HashMap;

/// A top-level component of a file, normally one `VCALENDAR`.
pub(super) struct Block<'a> {
    /// Its text, from its `BEGIN` line to its `END` line (or the end of the file).
    pub text: &'a str,
    /// The 1-based line of its `BEGIN`.
    pub line: u64,
    /// The component's name in upper case.
    pub name: String,
}

impl Block<'_> {
    /// The whole block as one piece, cleaned; none (and a problem) when it is larger than
    /// [`RECORD_BYTES`].
    pub fn whole(&self, parsed: &mut Parsed) -> Option<Unit> {
        let kept: usize = Lines::new(self.text, self.line, Kind::Ical)
            .filter(|l| limits::is_kept(l, Kind::Ical))
            .map(|l| l.text.len())
            .sum();
        if kept > RECORD_BYTES {
            limits::report_too_big("calendar component", self.line, kept, parsed);
            return None;
        }
        let mut unit = Unit::new(self.line);
        let mut cleaner = Cleaner::new(Kind::Ical);
        unit.add(self.text, self.line, &mut cleaner, parsed);
        cleaner.finish(parsed);
        Some(unit)
    }
}

/// Text handed to calcard in one piece.
pub(super) struct Unit {
    /// The text.
    pub text: String,
    /// The line a problem with the whole piece is reported at.
    pub line: u64,
    /// Every `BEGIN` inside it, its own first: the line and the component's name in upper
    /// case. The parser numbers components in this same order.
    begins: Vec<(u64, String)>,
}

impl Unit {
    fn new(line: u64) -> Self {
        Self { text: String::new(), line, begins: Vec::new() }
    }

    /// Adds the lines of `text` (whose first line is line `number`) that `cleaner` keeps.
    fn add(&mut self, text: &str, number: u64, cleaner: &mut Cleaner, parsed: &mut Parsed) {
        for line in Lines::new(text, number, Kind::Ical) {
            let Some(kept) = cleaner.clean(&line, parsed) else { continue };
            if let Some(Boundary::Begin(name)) = boundary(&kept) {
                self.begins.push((line.number, name));
            }
            self.text.push_str(&kept);
            if !kept.ends_with('\n') {
                self.text.push_str("\r\n");
            }
        }
    }

    /// Adds another piece's text and components.
    fn append(&mut self, other: &Unit) {
        self.text.push_str(&other.text);
        self.begins.extend(other.begins.iter().cloned());
    }

    /// The line where each component of the parsed piece begins, by component index. When
    /// the parser and the text disagree about the components, every one is given the
    /// piece's own line rather than a wrong one.
    pub fn component_lines(&self, ical: &ICalendar) -> Vec<u64> {
        let agree = self.begins.len() == ical.components.len()
            && ical.components.iter().zip(&self.begins).all(|(component, (_, name))| {
                (component.component_type == ICalendarComponentType::VEvent) == (name == "VEVENT")
            });
        if agree {
            self.begins.iter().map(|(line, _)| *line).collect()
        } else {
            vec![self.line; ical.components.len()]
        }
    }
}

/// No next event in a series.
const NONE: u32 = u32::MAX;

/// An event of a calendar, where it is in the text and which event of its series follows.
struct Event<'a> {
    text: &'a str,
    line: u64,
    next: u32,
}

/// A `VCALENDAR` cut into series: its events are only located here, and cleaned and
/// copied one series at a time by [`Calendar::series`]; its time zones are cleaned once.
pub(super) struct Calendar<'a> {
    line: u64,
    /// The calendar's `VERSION` line.
    version: Option<&'a str>,
    zones: Vec<Unit>,
    /// The zones' indices by their `TZID` (see [`zone_key`]).
    zone_ids: HashMap<String, Vec<usize>>,
    events: Vec<Event<'a>>,
    /// The first event of each series, in the order the file first mentions them.
    heads: Vec<u32>,
}

/// A component of the calendar being located.
struct Part<'a> {
    name: String,
    start: usize,
    line: u64,
    /// The bytes of its lines that will be kept.
    kept: usize,
    /// Its `UID` or `TZID`.
    id: Option<Cow<'a, str>>,
}

impl<'a> Calendar<'a> {
    /// Locates the events and time zones of a `VCALENDAR` block. Events and time zones
    /// over [`RECORD_BYTES`] are reported and left out; other components (to-dos, journal
    /// entries, free/busy) and calendar properties other than `VERSION` are never read.
    pub fn cut(block: &Block<'a>, parsed: &mut Parsed) -> Self {
        let mut calendar = Calendar {
            line: block.line,
            version: None,
            zones: Vec::new(),
            zone_ids: HashMap::new(),
            events: Vec::new(),
            heads: Vec::new(),
        };
        let mut last_of: HashMap<Cow<'a, str>, u32> = HashMap::new();
        let mut depth = 0usize;
        let mut part: Option<Part<'a>> = None;
        for line in Lines::new(block.text, block.line, Kind::Ical) {
            let boundary = if line.overlong() { None } else { boundary(line.text) };
            if let Some(Boundary::Begin(name)) = &boundary {
                depth += 1;
                if depth == 2 {
                    part = Some(Part {
                        name: name.clone(),
                        start: line.start,
                        line: line.number,
                        kept: 0,
                        id: None,
                    });
                }
            }
            match part.as_mut() {
                Some(part) => {
                    if limits::is_kept(&line, Kind::Ical) {
                        part.kept += line.text.len();
                    }
                    let wanted = if part.name == "VEVENT" { "UID" } else { "TZID" };
                    if depth == 2 && boundary.is_none() && part.id.is_none() && line.name() == wanted {
                        part.id = value(&line);
                    }
                }
                None if depth == 1 && line.overlong() => limits::report_overlong(&line, parsed),
                None if depth == 1
                    && calendar.version.is_none()
                    && line.text.len() < 256
                    && line.name() == "VERSION" =>
                {
                    calendar.version = Some(line.text);
                }
                None => {}
            }
            if let Some(Boundary::End) = boundary {
                if depth == 2
                    && let Some(part) = part.take()
                {
                    let end = line.start + line.text.len();
                    calendar.add(part, &block.text[..end], &mut last_of, parsed);
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
        }
        if let Some(part) = part {
            calendar.add(part, block.text, &mut last_of, parsed);
        }
        calendar
    }

    /// Adds a located component, whose text runs from its start to the end of `text`.
    fn add(
        &mut self,
        part: Part<'a>,
        text: &'a str,
        last_of: &mut HashMap<Cow<'a, str>, u32>,
        parsed: &mut Parsed,
    ) {
        let what = match part.name.as_str() {
            "VEVENT" => "event",
            "VTIMEZONE" => "time zone",
            _ => return,
        };
        if part.kept > RECORD_BYTES {
            return limits::report_too_big(what, part.line, part.kept, parsed);
        }
        let text = &text[part.start..];
        if what == "time zone" {
            let mut zone = Unit::new(part.line);
            let mut cleaner = Cleaner::new(Kind::Ical);
            zone.add(text, part.line, &mut cleaner, parsed);
            cleaner.finish(parsed);
            if let Some(id) = part.id {
                self.zone_ids.entry(zone_key(&id)).or_default().push(self.zones.len());
            }
            self.zones.push(zone);
            return;
        }
        let Ok(index) = u32::try_from(self.events.len()) else { return };
        self.events.push(Event { text, line: part.line, next: NONE });
        match part.id.filter(|uid| !uid.is_empty()) {
            Some(uid) => match last_of.get_mut(&uid) {
                Some(last) => {
                    self.events[*last as usize].next = index;
                    *last = index;
                }
                None => {
                    last_of.insert(uid, index);
                    self.heads.push(index);
                }
            },
            None => self.heads.push(index),
        }
    }

    /// How many series the calendar holds.
    pub fn series_count(&self) -> usize {
        self.heads.len()
    }

    /// The `i`th series as a calendar of its own: the calendar's `VERSION`, the time zones
    /// its events name, and its events, cleaned (problems go to `parsed`).
    pub fn series(&self, i: usize, parsed: &mut Parsed) -> Unit {
        let mut events = Unit::new(self.line);
        let mut at = self.heads[i];
        while let Some(event) = self.events.get(at as usize) {
            if events.begins.is_empty() {
                events.line = event.line;
            }
            let mut cleaner = Cleaner::new(Kind::Ical);
            events.add(event.text, event.line, &mut cleaner, parsed);
            cleaner.finish(parsed);
            at = event.next;
        }
        let mut zones: Vec<usize> = zone_references(&events.text)
            .filter_map(|id| self.zone_ids.get(&zone_key(id)))
            .flatten()
            .copied()
            .collect();
        zones.sort_unstable();
        zones.dedup();
        let mut unit = Unit::new(events.line);
        unit.text.push_str("BEGIN:VCALENDAR\r\n");
        unit.begins.push((self.line, "VCALENDAR".to_owned()));
        if let Some(version) = self.version {
            unit.text.push_str(version.trim_end());
            unit.text.push_str("\r\n");
        }
        for zone in zones {
            unit.append(&self.zones[zone]);
        }
        unit.append(&events);
        unit.text.push_str("END:VCALENDAR\r\n");
        unit
    }
}

/// A property's value, unfolded and trimmed.
fn value<'a>(line: &Line<'a>) -> Option<Cow<'a, str>> {
    let (_, value) = line.text.split_once(':')?;
    let value = value.trim();
    if value.contains('\n') {
        let unfolded: String = value.split('\n').map(|l| l.strip_prefix([' ', '\t']).unwrap_or(l)).collect();
        Some(Cow::Owned(unfolded.replace('\r', "").trim().to_owned()))
    } else {
        Some(Cow::Borrowed(value))
    }
}

/// A zone's name as looked up: its letters and digits in lower case, so that escapes and
/// quotes do not matter (`Pacific Time (US & Canada)\, Tijuana` is named by
/// `TZID="Pacific Time (US & Canada), Tijuana"`). Two zones that differ only in the rest
/// are both given to a series naming either.
fn zone_key(id: &str) -> String {
    id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The time zones a text names in `TZID=` parameters.
fn zone_references(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4)).filter(move |&i| bytes[i..i + 5].eq_ignore_ascii_case(b"TZID=")).map(
        move |i| {
            let rest = &text[i + 5..];
            match rest.strip_prefix('"') {
                Some(quoted) => &quoted[..quoted.find('"').unwrap_or(quoted.len())],
                None => &rest[..rest.find([';', ':', '\r', '\n']).unwrap_or(rest.len())],
            }
        },
    )
}

/// A `BEGIN` or `END` line.
enum Boundary {
    Begin(String),
    End,
}

/// The top-level components of a file's text, in order. Lines outside any component are
/// ignored (one longer than [`limits::PROPERTY_BYTES`] is reported); a component left open
/// runs to the end of the text.
pub(super) fn split<'a>(text: &'a str, parsed: &mut Parsed) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Block<'a>)> = None;
    let mut depth = 0usize;
    for line in Lines::new(text, 1, Kind::Ical) {
        if line.overlong() {
            if open.is_none() {
                limits::report_overlong(&line, parsed);
            }
            continue;
        }
        match boundary(line.text) {
            Some(Boundary::Begin(name)) => {
                if open.is_none() {
                    open = Some((line.start, Block { text: "", line: line.number, name }));
                }
                depth += 1;
            }
            Some(Boundary::End) if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some((from, mut block)) = open.take()
                {
                    block.text = &text[from..line.start + line.text.len()];
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    if let Some((from, mut block)) = open {
        block.text = &text[from..];
        blocks.push(block);
    }
    blocks
}

/// Whether a line begins or ends a component. Folded continuation lines start with white
/// space and so are never boundaries.
fn boundary(line: &str) -> Option<Boundary> {
    let (name, value) = line.trim_end().split_once(':')?;
    let name = name.trim_start_matches('\u{feff}');
    if name.eq_ignore_ascii_case("BEGIN") {
        Some(Boundary::Begin(value.trim().to_ascii_uppercase()))
    } else if name.eq_ignore_ascii_case("END") {
        Some(Boundary::End)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendars_are_cut_apart_and_into_series_with_their_lines() {
        let text = "junk\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\n BEGIN:folded\r\nEND:VEVENT\r\n\
                    BEGIN:VTIMEZONE\r\nTZID:Z\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Z:1\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nbegin:vcalendar\nBEGIN:VTODO\n";
        let mut parsed = Parsed::default();
        let blocks = split(text, &mut parsed);
        assert_eq!(blocks.len(), 2);
        assert_eq!((blocks[0].line, blocks[0].name.as_str()), (2, "VCALENDAR"));
        assert!(
            blocks[0].text.starts_with("BEGIN:VCALENDAR") && blocks[0].text.ends_with("END:VCALENDAR\r\n")
        );
        assert_eq!(blocks[1].line, 20);
        assert!(blocks[1].text.ends_with("BEGIN:VTODO\n"), "an open calendar runs to the end");
        let calendar = Calendar::cut(&blocks[0], &mut parsed);
        assert_eq!(calendar.series_count(), 2);
        let first = calendar.series(0, &mut parsed);
        assert_eq!(
            first.begins,
            [(2, "VCALENDAR".to_owned()), (4, "VEVENT".to_owned()), (16, "VEVENT".to_owned())]
        );
        assert!(first.text.starts_with(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\n BEGIN:folded"
        ));
        let second = calendar.series(1, &mut parsed);
        assert_eq!(
            second.begins.iter().map(|b| b.0).collect::<Vec<_>>(),
            [2, 9, 12],
            "with the zone it names"
        );
        assert!(second.text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(parsed.problems.is_empty());
    }
}
