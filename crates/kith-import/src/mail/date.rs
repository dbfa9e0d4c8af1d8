//! RFC 5322 dates, obsolete forms included: optional day of week, two- and three-digit
//! years, optional seconds, numeric or alphabetic zones, comments anywhere. Anything
//! else (ISO 8601, impossible values) is not a date.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The instant a Date (or Received) value names, if it is a date.
pub(super) fn parse_date(value: &[u8]) -> Option<Timestamp> {
    let mut tokens = Tokens { s: value, pos: 0 };
    let mut token = tokens.next()?;
    if let Token::Word(word) = token {
        name_index(&DAYS, word)?;
        token = tokens.next()?;
        if token == Token::Punct(b',') {
            token = tokens.next()?;
        }
    }
    let day = number(token, 1..=2)?;
    let Token::Word(month) = tokens.next()? else { return None };
    let month = name_index(&MONTHS, month)? + 1;
    let year = match tokens.next()? {
        Token::Number(digits) if digits.len() == 2 && value_of(digits) < 50 => 2000 + value_of(digits),
        Token::Number(digits) if (2..=3).contains(&digits.len()) => 1900 + value_of(digits),
        Token::Number(digits) if digits.len() == 4 => value_of(digits),
        _ => return None,
    };
    let hour = number(tokens.next()?, 1..=2)?;
    (tokens.next()? == Token::Punct(b':')).then_some(())?;
    let minute = number(tokens.next()?, 1..=2)?;
    let mut zone = tokens.next();
    let mut second = 0;
    if zone == Some(Token::Punct(b':')) {
        second = number(tokens.next()?, 1..=2)?.min(59);
        zone = tokens.next();
    }
    let offset = match zone {
        Some(Token::Punct(sign @ (b'+' | b'-'))) => {
            let digits = number(tokens.next()?, 4..=4)?;
            let (hours, minutes) = (digits / 100, digits % 100);
            if minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if sign == b'-' { -seconds } else { seconds }
        }
        Some(Token::Word(name)) => zone_hours(name) * 3600,
        _ => 0,
    };
    let date = Date::new(year as i16, month as i8, day as i8).ok()?;
    let time = Time::new(hour as i8, minute as i8, second as i8, 0).ok()?;
    Offset::from_seconds(offset).ok()?.to_timestamp(DateTime::from_parts(date, time)).ok()
}

/// The hours from UTC of an alphabetic zone; unknown ones (military letters) are UTC.
fn zone_hours(name: &[u8]) -> i32 {
    const ZONES: [(&str, i32); 8] = [
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
    ];
    ZONES.iter().find(|(zone, _)| name.eq_ignore_ascii_case(zone.as_bytes())).map_or(0, |&(_, hours)| hours)
}

/// The index of the day or month `word` abbreviates (three letters at least).
fn name_index(names: &[&str], word: &[u8]) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    let index = names.iter().position(|name| {
        name.len() >= word.len() && name.as_bytes()[..word.len()].eq_ignore_ascii_case(word)
    })?;
    Some(index as u32)
}

/// The value of a number token with as many digits as `digits` allows.
fn number(token: Token<'_>, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    match token {
        Token::Number(number) if digits.contains(&number.len()) => Some(value_of(number)),
        _ => None,
    }
}

fn value_of(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// A piece of a date: digits, letters or one other character.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Token<'a> {
    Number(&'a [u8]),
    Word(&'a [u8]),
    Punct(u8),
}

/// The tokens of a value, whitespace and (nested) comments skipped.
struct Tokens<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.s;
        let mut depth = 0;
        while let Some(&b) = s.get(self.pos) {
            match b {
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b'\\' if depth > 0 => self.pos += 1,
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ if depth > 0 => {}
                _ => break,
            }
            self.pos += 1;
        }
        let start = self.pos;
        let b = *s.get(start)?;
        let run = |pred: fn(&u8) -> bool| {
            start + s[start..].iter().position(|b| !pred(b)).unwrap_or(s.len() - start)
        };
        let (end, token) = if b.is_ascii_digit() {
            let end = run(u8::is_ascii_digit);
            (end, Token::Number(&s[start..end]))
        } else if b.is_ascii_alphabetic() {
            let end = run(u8::is_ascii_alphabetic);
            (end, Token::Word(&s[start..end]))
        } else {
            (start + 1, Token::Punct(b))
        };
        self.pos = end;
        Some(token)
    }
}
