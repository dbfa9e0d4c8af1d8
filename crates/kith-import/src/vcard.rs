//! vCard 2.1, 3.0 and 4.0 into contact records.
//!
//! The file is decoded once (UTF-8 is borrowed, not copied) and cut into cards at their
//! `BEGIN:VCARD` and `END:VCARD` lines, one card at a time within the
//! [limits](crate::limits), and each card is given to calcard on its own: a card that
//! cannot be read costs that card alone, with a problem at its `BEGIN` line. A value kith cannot use (an
//! "email" that is no address) is reported and dropped, and the rest of its card goes in.

use crate::limits::{self, Cleaner, Kind, Line, Lines, NOTE_CHARS, RECORD_BYTES};
use crate::{Context, Effect, Parsed, text};
use calcard::common::IanaString;
use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue};
use calcard::{Entry, Parser};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use kith_core::{
    CardDate, ContactRecord, Identity, IdentityLabel, NameParts, PersonId, PostalAddress, ValidationError,
    clean_name, clean_tag,
};
use std::collections::HashMap;

/// The parameter kith's own export puts on its bookkeeping (the stage, as a category
/// and as a note). Such properties are not read back: a stage changes only when the
/// owner decides so, never because a file says so.
pub(crate) const KITH_PARAMETER: &str = "X-KITH";

/// How kith's own export writes a card's UID: this prefix and the person's id.
pub(crate) const KITH_UID_PREFIX: &str = "urn:kith:";

/// Reads every card in a vCard file, one card at a time.
pub(crate) fn parse(bytes: &[u8], cx: &Context<'_>) -> Parsed {
    let text = text::decode(bytes, declared_charset(bytes));
    let mut parsed = Parsed::default();
    let mut keys = Keys::default();
    let mut cards = Cards::new(&text);
    while let Some(card) = cards.next_card(&mut parsed) {
        read_card(&card, cx, &mut keys, &mut parsed);
    }
    parsed.problems.sort_by_key(|p| p.line);
    parsed
}

/// The value of the first `CHARSET=` parameter in the raw bytes, to decode a file that
/// is not UTF-8 (old Japanese phones write raw Shift_JIS).
fn declared_charset(bytes: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"charset=";
    let start = bytes.windows(KEY.len()).position(|w| w.eq_ignore_ascii_case(KEY))? + KEY.len();
    let rest = &bytes[start..];
    let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b';' | b':' | b',' | b'"') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).ok().filter(|label| !label.is_empty())
}

/// One card's text, cut out of the file.
#[derive(Debug, PartialEq)]
struct Card {
    /// The 1-based line of its `BEGIN:VCARD`.
    line: u64,
    /// Its lines, from `BEGIN` to `END` (or to the end of the file if it is truncated),
    /// without any card nested in it nor what the [limits](crate::limits) leave out.
    text: String,
}

/// Cuts a file into cards, one at a time. Text between cards is ignored (a line there
/// longer than [`PROPERTY_BYTES`](limits::PROPERTY_BYTES) is reported), and so are cards nested in a card: vCard
/// 2.1 puts an assistant's card inside their principal's (`AGENT`), and the principal is
/// the contact. Nesting exists only in 2.1, so in a card that declared 3.0 or 4.0 a second
/// `BEGIN:VCARD` means the first card was cut short: it ends there and the new card
/// starts. Continuation lines (folded, or of a quoted-printable or base64 value) are never
/// taken for `BEGIN` or `END`, so a 3.0 `AGENT` folded inline stays in its card.
struct Cards<'a> {
    lines: Lines<'a>,
    open: Option<OpenCard>,
}

impl<'a> Cards<'a> {
    fn new(text: &'a str) -> Self {
        Self { lines: Lines::new(text, 1, Kind::Vcard), open: None }
    }

    /// The next card small enough to read; problems met on the way go to `parsed`.
    fn next_card(&mut self, parsed: &mut Parsed) -> Option<Card> {
        for line in self.lines.by_ref() {
            let bare = line.bare().trim_start_matches('\u{feff}').trim_end();
            let is_begin = bare.eq_ignore_ascii_case("BEGIN:VCARD");
            let is_end = bare.eq_ignore_ascii_case("END:VCARD");
            let closed = match self.open.as_mut() {
                None if is_begin => {
                    self.open = Some(OpenCard::new(line.number));
                    None
                }
                None if line.overlong() => {
                    limits::report_overlong(&line, parsed);
                    None
                }
                None => None,
                Some(card) if is_begin && card.nested == 0 && card.declared_3_or_later => {
                    self.open.replace(OpenCard::new(line.number))
                }
                Some(card) if is_begin => {
                    card.nested += 1;
                    None
                }
                Some(card) if is_end && card.nested > 0 => {
                    card.nested -= 1;
                    None
                }
                Some(card) if is_end => {
                    card.push(line.text);
                    self.open.take()
                }
                Some(card) => {
                    card.add(&line, parsed);
                    None
                }
            };
            if let Some(card) = closed.and_then(|card| card.close(parsed)) {
                return Some(card);
            }
        }
        self.open.take().and_then(|card| card.close(parsed))
    }
}

/// A card whose `END` has not been seen yet.
struct OpenCard {
    line: u64,
    text: String,
    /// The bytes of its lines kept so far, counted on when the text is given up.
    size: usize,
    /// How many cards nested in this one are open.
    nested: usize,
    declared_3_or_later: bool,
    cleaner: Cleaner,
}

impl OpenCard {
    /// A card starting at `line`; its `BEGIN` is written in one spelling for calcard.
    fn new(line: u64) -> Self {
        let text = "BEGIN:VCARD\r\n".to_owned();
        Self {
            line,
            size: text.len(),
            text,
            nested: 0,
            declared_3_or_later: false,
            cleaner: Cleaner::new(Kind::Vcard),
        }
    }

    /// Adds a line of this card, unless it belongs to a nested card or is left out.
    fn add(&mut self, line: &Line<'_>, parsed: &mut Parsed) {
        if self.nested > 0 {
            return;
        }
        if line.name() == "VERSION"
            && let Some((_, value)) = line.text.split_once(':')
        {
            self.declared_3_or_later = value.trim().starts_with(['3', '4']);
        }
        if let Some(kept) = self.cleaner.clean(line, parsed) {
            self.push(&kept);
        }
    }

    /// Adds text to the card, or only counts it once the card is over [`RECORD_BYTES`].
    fn push(&mut self, text: &str) {
        self.size += text.len();
        if self.size > RECORD_BYTES {
            self.text = String::new();
        } else {
            self.text.push_str(text);
        }
    }

    /// The card, or none (and a problem) when it is too big to read.
    fn close(self, parsed: &mut Parsed) -> Option<Card> {
        if self.size > RECORD_BYTES {
            limits::report_too_big("card", self.line, self.size, parsed);
            return None;
        }
        self.cleaner.finish(parsed);
        Some(Card { line: self.line, text: self.text })
    }
}

/// Source keys handed out so far in this file, to tell repeated ones apart.
#[derive(Default)]
struct Keys(HashMap<String, usize>);

impl Keys {
    /// `key` the first time, then `key#2`, `key#3`…
    fn unique(&mut self, key: String) -> String {
        let seen = self.0.entry(key.clone()).or_default();
        *seen += 1;
        if *seen == 1 { key } else { format!("{key}#{seen}") }
    }
}

/// Reads one card into `parsed`: a contact, or a problem saying why not.
fn read_card(card: &Card, cx: &Context<'_>, keys: &mut Keys, parsed: &mut Parsed) {
    let vcard = match Parser::new(&card.text).entry() {
        Entry::VCard(vcard) => vcard,
        other => {
            parsed.problem(
                card.line,
                Effect::Skipped,
                format!("card could not be read: {}", failure(&other)),
            );
            return;
        }
    };
    let (mut record, uid, unusable, cut) = Reader::read(&vcard, &card.text, cx.tz);
    let label = match record.display_name() {
        name if name.is_empty() => "unnamed card".to_owned(),
        name => format!("card \"{name}\""),
    };
    for bad in unusable {
        parsed.problem(
            card.line,
            Effect::Dropped,
            format!("{label}: \"{}\" is not {}", bad.value, bad.expected),
        );
    }
    for message in cut {
        parsed.problem(card.line, Effect::Dropped, format!("{label}: {message}"));
    }
    if !record.is_someone() {
        parsed.problem(card.line, Effect::Skipped, "card has no name, email, phone or URL");
        return;
    }
    let key = format!("{}:{}", cx.file, uid.unwrap_or_else(|| natural_key(&record)));
    record.source_key = keys.unique(key);
    record.file = cx.file.to_owned();
    parsed.contacts.push(record);
}

/// Why calcard gave something other than a card.
fn failure(entry: &Entry) -> String {
    match entry {
        Entry::InvalidLine(line) => format!("unreadable line \"{line}\""),
        Entry::UnterminatedComponent(what) => format!("unterminated {what}"),
        Entry::Eof => "the card is empty".to_owned(),
        _ => "it is not a vcard".to_owned(),
    }
}

/// What identifies a card without a UID within its file: its first identity, else its
/// name in lower case.
fn natural_key(record: &ContactRecord) -> String {
    match record.identities.first() {
        Some(identity) => identity.value().to_owned(),
        None => record.name.as_deref().unwrap_or_default().to_lowercase(),
    }
}

/// A value that was dropped.
struct Unusable {
    value: String,
    /// What it should have been, with its article ("an email address").
    expected: &'static str,
}

/// Gathers a record from a card's properties, in file order.
#[derive(Default)]
struct Reader<'a> {
    /// The card's text, to read again what calcard reads wrong.
    raw: &'a str,
    record: ContactRecord,
    formatted_name: Option<String>,
    name_parts: Option<NameParts>,
    title: Option<String>,
    role: Option<String>,
    uid: Option<String>,
    unusable: Vec<Unusable>,
    /// What was cut short, in words.
    cut: Vec<String>,
}

impl<'a> Reader<'a> {
    /// The card's record (without source key and file yet), its UID, the values that
    /// could not be used, and what was cut short.
    fn read(
        vcard: &VCard,
        raw: &'a str,
        tz: &TimeZone,
    ) -> (ContactRecord, Option<String>, Vec<Unusable>, Vec<String>) {
        let mut reader = Reader { raw, ..Reader::default() };
        for entry in vcard.entries.iter().filter(|e| !is_kiths_own(e)) {
            reader.take(entry, tz);
        }
        let mut record = reader.record;
        let joined = reader.name_parts.as_ref().map(NameParts::joined).and_then(|n| name(&n));
        record.name = reader.formatted_name.or(joined);
        record.details.name_parts = reader
            .name_parts
            .filter(|parts| record.name.as_deref().map(NameParts::guessed).as_ref() != Some(parts));
        match reader.title {
            Some(title) => (record.role, record.details.function) = (Some(title), reader.role),
            None => record.role = reader.role,
        }
        record.kith_id =
            reader.uid.as_deref().and_then(|uid| uid.strip_prefix(KITH_UID_PREFIX)).and_then(PersonId::parse);
        (record, reader.uid, reader.unusable, reader.cut)
    }

    /// Takes what kith uses of one property; photos, sounds, keys and the rest are
    /// passed by.
    fn take(&mut self, entry: &VCardEntry, tz: &TimeZone) {
        match &entry.name {
            VCardProperty::Fn => fill(&mut self.formatted_name, first_text(entry).and_then(name)),
            VCardProperty::N if self.name_parts.is_none() => self.name_parts = name_parts(entry),
            VCardProperty::Nickname => self.nicknames(entry),
            VCardProperty::Bday => self.date(entry, |r| &mut r.details.birthday),
            VCardProperty::Anniversary => self.date(entry, |r| &mut r.details.anniversary),
            VCardProperty::Adr => self.record.details.addresses.extend(address(entry)),
            VCardProperty::Email => self.identity(entry, email, "an email address"),
            VCardProperty::Tel => self.identity(entry, phone, "a phone number"),
            VCardProperty::Url | VCardProperty::Socialprofile => self.identity(entry, Identity::url, "a URL"),
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-SOCIALPROFILE") => {
                self.identity(entry, Identity::url, "a URL");
            }
            // vCard 3 has no anniversary; Outlook and others write their own property.
            VCardProperty::Other(name)
                if ["X-ANNIVERSARY", "X-MS-ANNIVERSARY"].iter().any(|x| name.eq_ignore_ascii_case(x)) =>
            {
                self.date(entry, |r| &mut r.details.anniversary);
            }
            VCardProperty::Org => fill(&mut self.record.org, first_text(entry).map(str::to_owned)),
            VCardProperty::Title => fill(&mut self.title, first_text(entry).map(str::to_owned)),
            VCardProperty::Role => fill(&mut self.role, first_text(entry).map(str::to_owned)),
            VCardProperty::Note => self.note(entry),
            VCardProperty::Categories => self.tags(entry),
            VCardProperty::Rev => self.revision(entry, tz),
            VCardProperty::Uid => fill(&mut self.uid, first_text(entry).map(str::to_owned)),
            _ => {}
        }
    }

    /// Adds the property's value as an identity, once, or notes it as unusable.
    fn identity(
        &mut self,
        entry: &VCardEntry,
        read: fn(&str) -> Result<Identity, ValidationError>,
        expected: &'static str,
    ) {
        let Some(value) = first_text(entry) else { return };
        match read(value) {
            Ok(identity) if self.record.identities.contains(&identity) => {}
            Ok(identity) => {
                let (types, pref) = types_and_pref(entry);
                let extension = extension(value);
                let label = IdentityLabel { identity: identity.clone(), types, pref, extension };
                if label.says_something() {
                    self.record.details.labels.push(label);
                    self.record.details.labels.sort_by(|a, b| a.identity.cmp(&b.identity));
                }
                self.record.identities.push(identity);
            }
            Err(_) => self.unusable.push(Unusable { value: value.to_owned(), expected }),
        }
    }

    /// Adds each nickname, once; a preferred one goes first and is the one to greet by.
    fn nicknames(&mut self, entry: &VCardEntry) {
        let (_, pref) = types_and_pref(entry);
        let details = &mut self.record.details;
        for nickname in entry.values.iter().filter_map(VCardValue::as_text).filter_map(name) {
            if details.nicknames.contains(&nickname) {
                continue;
            }
            if pref && !details.prefers_nickname {
                details.nicknames.insert(0, nickname);
                details.prefers_nickname = true;
            } else {
                details.nicknames.push(nickname);
            }
        }
    }

    /// Takes the first date of a birthday or anniversary, or notes it as unusable.
    fn date(&mut self, entry: &VCardEntry, slot: fn(&mut ContactRecord) -> &mut Option<CardDate>) {
        if slot(&mut self.record).is_some() {
            return;
        }
        let Some(value) = entry.values.first() else { return };
        // calcard reads `--04-15` as April with no day, so the text is read first.
        let raw = raw_value(self.raw, &entry.name.as_str().to_ascii_uppercase());
        match raw.and_then(CardDate::parse).or_else(|| card_date(value)) {
            Some(date) => *slot(&mut self.record) = Some(date),
            None => {
                let text = value.as_text().unwrap_or_default().trim();
                if !text.is_empty() {
                    self.unusable.push(Unusable { value: text.to_owned(), expected: "a date" });
                }
            }
        }
    }

    /// Adds the note, cut to [`NOTE_CHARS`] characters.
    fn note(&mut self, entry: &VCardEntry) {
        let Some(text) = first_text(entry) else { return };
        let (text, cut) = limits::cut_text(note(text), NOTE_CHARS, "NOTE");
        self.cut.extend(cut);
        self.record.notes.push(text);
    }

    /// Adds each category as a tag, once.
    fn tags(&mut self, entry: &VCardEntry) {
        for tag in entry.values.iter().filter_map(VCardValue::as_text).filter_map(|t| clean_tag(t).ok()) {
            if !self.record.tags.contains(&tag) {
                self.record.tags.push(tag);
            }
        }
    }

    /// Takes the first revision date, or notes it as unusable.
    fn revision(&mut self, entry: &VCardEntry, tz: &TimeZone) {
        if self.record.revised.is_some() {
            return;
        }
        let Some(value) = entry.values.first() else { return };
        match revised_at(value, tz) {
            Some(at) => self.record.revised = Some(at),
            None => {
                let text = value.as_text().unwrap_or_default().trim();
                if !text.is_empty() {
                    self.unusable.push(Unusable { value: text.to_owned(), expected: "a date" });
                }
            }
        }
    }
}

/// Whether a property is kith's own bookkeeping (see [`KITH_PARAMETER`]).
fn is_kiths_own(entry: &VCardEntry) -> bool {
    entry
        .params
        .iter()
        .any(|p| matches!(&p.name, VCardParameterName::Other(n) if n.eq_ignore_ascii_case(KITH_PARAMETER)))
}

/// Sets `slot` to `value` unless it already holds one: the first usable value wins.
fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// A property's first text value, trimmed, if it is not empty.
fn first_text(entry: &VCardEntry) -> Option<&str> {
    entry.values.iter().find_map(VCardValue::as_text).map(str::trim).filter(|t| !t.is_empty())
}

/// A name with its whitespace collapsed, if any is left.
fn name(text: &str) -> Option<String> {
    clean_name(text).ok()
}

/// A note with its line breaks as `\n`, however the file wrote them.
fn note(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The `i`th component of a structured value, its several values joined by a space
/// and its white space collapsed.
fn component(entry: &VCardEntry, i: usize) -> String {
    let text = match entry.values.get(i) {
        Some(VCardValue::Text(text)) => text.clone(),
        Some(VCardValue::Component(texts)) => texts.join(" "),
        _ => String::new(),
    };
    name(&text).unwrap_or_default()
}

/// `N` in its parts (its components are family, given, additional, prefixes,
/// suffixes), if any is not empty.
fn name_parts(entry: &VCardEntry) -> Option<NameParts> {
    let parts = NameParts {
        family: component(entry, 0),
        given: component(entry, 1),
        additional: component(entry, 2),
        prefix: component(entry, 3),
        suffix: component(entry, 4),
    };
    (parts != NameParts::default()).then_some(parts)
}

/// `ADR` with its types, if any part is not empty (its components are post office
/// box, extended address, street, locality, region, postal code, country).
fn address(entry: &VCardEntry) -> Option<PostalAddress> {
    let address = PostalAddress {
        types: types_and_pref(entry).0,
        po_box: component(entry, 0),
        extended: component(entry, 1),
        street: component(entry, 2),
        locality: component(entry, 3),
        region: component(entry, 4),
        postal_code: component(entry, 5),
        country: component(entry, 6),
    };
    (!address.is_blank()).then_some(address)
}

/// A property's types in lower case, each once, and whether it is marked preferred
/// (`PREF=1` in vCard 4, `TYPE=pref` before). `internet`, which every email address
/// is, says nothing and is left out.
fn types_and_pref(entry: &VCardEntry) -> (Vec<String>, bool) {
    let mut types: Vec<String> = Vec::new();
    let mut pref = false;
    for param in &entry.params {
        match (&param.name, &param.value) {
            (VCardParameterName::Pref, _) => pref = true,
            (VCardParameterName::Type, VCardParameterValue::Type(t)) => types.push(t.as_str().to_lowercase()),
            (VCardParameterName::Type, VCardParameterValue::Text(t)) => {
                types.extend(t.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()));
            }
            _ => {}
        }
    }
    pref |= types.iter().any(|t| t == "pref");
    let mut unique: Vec<String> = Vec::with_capacity(types.len());
    for t in types {
        if t != "pref" && t != "internet" && !unique.contains(&t) {
            unique.push(t);
        }
    }
    (unique, pref)
}

/// The value of the first line of a card's text naming `property` (upper case), any
/// group prefix (`item1.`) and parameters aside.
fn raw_value<'t>(text: &'t str, property: &str) -> Option<&'t str> {
    text.lines().find_map(|line| {
        let (head, value) = line.split_once(':')?;
        let name = head.split(';').next()?.rsplit('.').next()?;
        name.trim().eq_ignore_ascii_case(property).then(|| value.trim())
    })
}

/// A birthday or anniversary: a date calcard read (the year may be missing), or text
/// in one of the forms [`CardDate::parse`] knows.
fn card_date(value: &VCardValue) -> Option<CardDate> {
    match value {
        VCardValue::PartialDateTime(dt) => CardDate::new(
            dt.year.and_then(|y| i16::try_from(y).ok()),
            i8::try_from(dt.month?).ok()?,
            i8::try_from(dt.day?).ok()?,
        ),
        VCardValue::Text(text) => CardDate::parse(text),
        _ => None,
    }
}

/// The extension written after a phone number (`;ext=55`, `x55`, `ext. 55`), digits only.
fn extension(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let start =
        ["ext=", "ext.", "ext", "x"].iter().find_map(|mark| lower.find(mark).map(|i| i + mark.len()))?;
    let digits: String = lower[start..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// An email address, also out of `"Name" <address>`.
fn email(value: &str) -> Result<Identity, ValidationError> {
    Identity::email(value).or_else(|err| {
        match value.rsplit_once('<').and_then(|(_, rest)| rest.split_once('>')) {
            Some((inner, _)) => Identity::email(inner),
            None => Err(err),
        }
    })
}

/// A phone number, without what follows it for dialling: an extension (`;ext=`, `x`,
/// `ext`) or pauses and waits (`,`, `;`, `p`, `w`).
fn phone(value: &str) -> Result<Identity, ValidationError> {
    let lower = value.trim().to_ascii_lowercase();
    let number = lower.strip_prefix("tel:").unwrap_or(&lower);
    let end = number.find([';', ',', 'p', 'w', 'x', 'e']).unwrap_or(number.len());
    Identity::phone(&number[..end]).map_err(|_| ValidationError::MalformedPhone(value.to_owned()))
}

/// When a `REV` value says the card was revised; a date alone means the start of that
/// day in `tz`, and so does a time without a zone.
fn revised_at(value: &VCardValue, tz: &TimeZone) -> Option<Timestamp> {
    match value {
        VCardValue::PartialDateTime(dt) => {
            let date = Date::new(
                i16::try_from(dt.year?).ok()?,
                i8::try_from(dt.month?).ok()?,
                i8::try_from(dt.day?).ok()?,
            )
            .ok()?;
            let time = match dt.hour {
                Some(hour) => Time::new(
                    i8::try_from(hour).ok()?,
                    i8::try_from(dt.minute.unwrap_or(0)).ok()?,
                    i8::try_from(dt.second.unwrap_or(0)).ok()?,
                    0,
                )
                .ok()?,
                None => Time::midnight(),
            };
            let at = DateTime::from_parts(date, time);
            match dt.tz_hour {
                Some(hours) => {
                    let seconds = i32::from(hours) * 3600 + i32::from(dt.tz_minute.unwrap_or(0)) * 60;
                    let offset = Offset::from_seconds(if dt.tz_minus { -seconds } else { seconds }).ok()?;
                    offset.to_timestamp(at).ok()
                }
                None => tz.to_timestamp(at).ok(),
            }
        }
        VCardValue::Text(text) => revised_from_text(text.trim(), tz),
        _ => None,
    }
}

/// A revision written as text calcard did not read as a date: an RFC 3339 instant, or
/// a civil date or date-time taken in `tz`.
fn revised_from_text(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    let civil = text.parse::<DateTime>().or_else(|_| text.parse::<Date>().map(DateTime::from)).ok()?;
    tz.to_timestamp(civil).ok()
}
