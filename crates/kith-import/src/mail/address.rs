//! RFC 5322 address lists, read leniently: display names (quoted, encoded or raw UTF-8),
//! bare addresses, `addr (Name)` comments, groups and obsolete routes. Also the text
//! helpers the other fields share: raw 8-bit bytes and RFC 2047 encoded words.

use encoding_rs::{Encoding, WINDOWS_1252};
use kith_core::{Identity, MailAddress};
use std::borrow::Cow;

/// Header bytes as text: UTF-8 when they are valid UTF-8, else Windows-1252.
pub(super) fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Appends `text` to `out` with its RFC 2047 encoded words decoded; the whitespace
/// between two encoded words is dropped, and their bytes are joined before decoding when
/// they share a charset (a character may be split between them).
pub(super) fn decode_words(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let (mut pos, mut literal) = (0, 0);
    let mut pending: Option<(&str, Vec<u8>)> = None;
    while let Some(found) = memchr::memmem::find(&bytes[pos..], b"=?") {
        let at = pos + found;
        let Some(word) = EncodedWord::at(&bytes[at..]) else {
            pos = at + 1;
            continue;
        };
        let gap = &text[literal..at];
        let joins = pending.is_some() && gap.bytes().all(|b| b.is_ascii_whitespace());
        match &mut pending {
            Some((charset, data)) if joins && charset.eq_ignore_ascii_case(word.charset) => word.decode(data),
            _ => {
                if let Some((charset, data)) = pending.take() {
                    decode_charset(charset, &data, out);
                }
                if !joins {
                    out.push_str(gap);
                }
                let mut data = Vec::new();
                word.decode(&mut data);
                pending = Some((word.charset, data));
            }
        }
        pos = at + word.len;
        literal = pos;
    }
    if let Some((charset, data)) = pending {
        decode_charset(charset, &data, out);
    }
    out.push_str(&text[literal..]);
}

/// One `=?charset?encoding?text?=` token.
struct EncodedWord<'a> {
    charset: &'a str,
    base64: bool,
    data: &'a [u8],
    len: usize,
}

impl<'a> EncodedWord<'a> {
    /// The encoded word `s` starts with, if it is one (no whitespace inside).
    fn at(s: &'a [u8]) -> Option<Self> {
        if !s.starts_with(b"=?") {
            return None;
        }
        let charset_end = 2 + s[2..].iter().position(|&b| b == b'?' || !b.is_ascii_graphic())?;
        if charset_end == 2 || s[charset_end] != b'?' || s.get(charset_end + 2) != Some(&b'?') {
            return None;
        }
        let base64 = match s[charset_end + 1] {
            b'B' | b'b' => true,
            b'Q' | b'q' => false,
            _ => return None,
        };
        let start = charset_end + 3;
        // Encoded words are short; looking no further keeps odd input linear.
        let window = &s[start..s.len().min(start + 1024)];
        let end = start + memchr::memmem::find(window, b"?=")?;
        let data = &s[start..end];
        if !data.iter().all(u8::is_ascii_graphic) {
            return None;
        }
        // The charset is ASCII, so the slice is valid UTF-8.
        let charset = std::str::from_utf8(&s[2..charset_end]).ok()?;
        Some(Self { charset, base64, data, len: end + 2 })
    }

    /// Appends the decoded bytes to `out`.
    fn decode(&self, out: &mut Vec<u8>) {
        if self.base64 {
            let (mut acc, mut bits) = (0u32, 0);
            for &b in self.data {
                let value = match b {
                    b'A'..=b'Z' => b - b'A',
                    b'a'..=b'z' => b - b'a' + 26,
                    b'0'..=b'9' => b - b'0' + 52,
                    b'+' => 62,
                    b'/' => 63,
                    _ => continue,
                };
                acc = (acc << 6 | u32::from(value)) & 0xFFFF;
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    out.push((acc >> bits) as u8);
                }
            }
            return;
        }
        let mut i = 0;
        while i < self.data.len() {
            let b = self.data[i];
            let hex = || Some(hex_value(*self.data.get(i + 1)?)? << 4 | hex_value(*self.data.get(i + 2)?)?);
            match (b, hex()) {
                (b'=', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                (b'_', _) => out.push(b' '),
                _ => out.push(b),
            }
            i += 1;
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Appends `data`, in `charset` (an RFC 2231 `*language` suffix allowed), to `out`.
fn decode_charset(charset: &str, data: &[u8], out: &mut String) {
    let label = charset.split('*').next().unwrap_or_default();
    if label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("us-ascii") {
        out.push_str(&String::from_utf8_lossy(data));
    } else if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
        out.push_str(&encoding.decode_without_bom_handling(data).0);
    } else {
        out.push_str(&text(data));
    }
}

/// Appends every mailbox of an address-list value to `out`, groups flattened, in order:
/// email addresses, Exchange X.500 addresses (also IMCEA-encoded), and Lotus Notes names
/// standing alone or with their Notes domain. An unquoted `Family, Given <address>` is one
/// mailbox, as Exchange exports write them.
pub(super) fn parse_address_list(value: &str, out: &mut Vec<MailAddress>) {
    let s = value.as_bytes();
    let mut mailbox = Mailbox::default();
    let mut gap = false;
    let mut pos = 0;
    while pos < s.len() {
        match s[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => {
                gap = true;
                pos += 1;
            }
            b'(' => {
                let end = skip_comment(s, pos);
                mailbox.comments.push((pos + 1, closed_before(s, pos, end, b')')));
                gap = true;
                pos = end;
            }
            b'"' => {
                let end = skip_quoted(s, pos);
                let close = closed_before(s, pos, end, b'"');
                mailbox.words.push(Word { start: pos + 1, end: close, quoted: true, space_before: gap });
                gap = false;
                pos = end;
            }
            b'<' => {
                let start = pos + 1;
                pos = mailbox.read_angle(s, start);
                if mailbox.words.is_empty() && mailbox.angle.as_deref().is_some_and(is_a_name) {
                    // `<Jones>,"Tana"`: a family name written in brackets, not an address.
                    mailbox.angle = None;
                    let end = (pos - 1).min(s.len());
                    mailbox.words.push(Word { start, end, quoted: false, space_before: false });
                }
                gap = true;
            }
            b',' if mailbox.is_family_name(value, next_angle(s, pos + 1))
                || (mailbox.is_family_name(value, Some(b"")) && next_is_given_name(s, pos + 1)) =>
            {
                mailbox.words.push(Word { start: pos, end: pos + 1, quoted: false, space_before: false });
                gap = true;
                pos += 1;
            }
            b',' | b';' => {
                mailbox.finish(value, out);
                gap = false;
                pos += 1;
            }
            b':' if mailbox.angle.is_none() => {
                // A group's name: its members follow.
                mailbox.words.clear();
                mailbox.comments.clear();
                pos += 1;
            }
            _ => {
                let end = match EncodedWord::at(&s[pos..]) {
                    Some(word) => pos + word.len,
                    None => {
                        pos + s[pos..]
                            .iter()
                            .position(|&b| {
                                matches!(
                                    b,
                                    b' ' | b'\t' | b'\r' | b'\n' | b'(' | b'"' | b'<' | b',' | b';' | b':'
                                )
                            })
                            .unwrap_or(s.len() - pos)
                            .max(1)
                    }
                };
                mailbox.words.push(Word { start: pos, end, quoted: false, space_before: gap });
                gap = false;
                pos = end;
            }
        }
    }
    mailbox.finish(value, out);
}

/// Whether what stood in `<>` is a word of a name rather than an address of any kind.
fn is_a_name(inside: &str) -> bool {
    !inside.is_empty() && inside.chars().all(char::is_alphabetic)
}

/// Whether the list element starting at `from` is one quoted word and nothing else: the
/// given name of `<Jones>,"Tana"` or `Jones,"Tana"`.
fn next_is_given_name(s: &[u8], from: usize) -> bool {
    let rest = s[from.min(s.len())..].trim_ascii_start();
    if rest.first() != Some(&b'"') {
        return false;
    }
    let end = skip_quoted(rest, 0);
    let inside = &rest[1..end.saturating_sub(1).max(1)];
    let after = rest[end..].trim_ascii();
    !inside.is_empty()
        && !inside.iter().any(|b| matches!(b, b'@' | b'<' | b' '))
        && (after.is_empty() || after[0] == b',' || after[0] == b';')
}

/// The angle address of the list element starting at `from` (up to the next `,` or `;`
/// outside quotes and comments), with leading spaces skipped, if it has one.
fn next_angle(s: &[u8], from: usize) -> Option<&[u8]> {
    let mut i = from;
    while i < s.len() {
        match s[i] {
            b'"' => i = skip_quoted(s, i),
            b'(' => i = skip_comment(s, i),
            b'<' => return Some(s[i + 1..].trim_ascii_start()),
            b',' | b';' => return None,
            _ => i += 1,
        }
    }
    None
}

/// Names that stand in for recipients nobody is told of.
const NOBODY: [&str; 7] = [
    "undisclosed-recipients",
    "undisclosed recipients",
    "undisclosed recipient",
    "unlisted recipients",
    "recipient list suppressed",
    "multiple recipients of list",
    "multiple recipients",
];

/// The mailbox an address (as written: an angle address lower-cased, or a bare word) and a
/// display name make, if they name someone:
/// - `/o=…` is an Exchange X.500 address, and so is what `IMCEAEX-…@domain` encodes;
/// - `IMCEANOTES-…@domain` encodes a Notes address: an email address routed through
///   Notes, or a Notes name;
/// - a Notes address (`Name/Org@DOMAIN`, or a domain without a dot) is the Notes name;
/// - anything else with an `@` is an email address;
/// - no address at all leaves the display name standing alone, a Notes correspondent.
///
/// `bare` says the address was written without `<>`: a Notes name's first words then come
/// before it (`Clarissa Garcia/Enron@EnronXGate`), where inside `<>` they are in it.
fn mailbox(address: Option<String>, name: Option<String>, bare: bool) -> Option<MailAddress> {
    let Some(mut address) = address else { return named_only(name, 2) };
    if address.contains('(') {
        address = without_comments(&address);
    }
    if address.starts_with(char::is_whitespace) || address.ends_with(char::is_whitespace) {
        address = address.trim().to_owned();
    }
    if address.starts_with(['\'', '"']) || address.ends_with(['\'', '"']) {
        address = address.trim_matches(['\'', '"']).to_owned();
    }
    let lowered =
        (!address.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())).then(|| address.to_lowercase());
    let lower = lowered.as_deref().unwrap_or(&address);
    if lower.starts_with("/o=") {
        return Some(MailAddress { address: lower.to_owned(), name });
    }
    if let Some(encoded) = lower.strip_prefix("imceaex-") {
        let dn = imcea_decode(encoded);
        return dn.starts_with("/o=").then_some(MailAddress { address: dn, name });
    }
    if let Some(encoded) = address.get(11..).filter(|_| lower.starts_with("imceanotes-")) {
        let decoded = imcea_decode(encoded);
        let inner = match (decoded.find('<'), decoded.rfind('>')) {
            (Some(open), Some(close)) if open < close => decoded[open + 1..close].to_owned(),
            _ => decoded,
        };
        return mailbox(Some(inner), name, false);
    }
    // Inside `<>`, anything else without an `@` (a URL, say) is no mailbox.
    let (local, domain) = address.rsplit_once('@')?;
    // A Notes address has a hierarchical name (`Name/Org`), or a name of several words
    // (inside `<>`, or begun by the words before it) and a domain without a dot.
    let several_words = local.trim().contains(' ') || (bare && name.is_some());
    let notes_name = local.contains('/') || (!domain.contains('.') && several_words);
    if notes_name || local.contains('@') {
        // A Notes address: the name is what comes before its first `/`.
        let notes = local.split('/').next().unwrap_or_default();
        if local.contains('@') {
            return mailbox(Some(local.to_owned()), name, false);
        }
        let written = match &name {
            Some(display) if bare => format!("{display} {notes}"),
            Some(display) => display.clone(),
            None => notes.to_owned(),
        };
        // A Notes address says it is someone even when their name is one word.
        return named_only(Some(written), 1);
    }
    Some(MailAddress { address: lowered.unwrap_or(address), name })
}

/// `text` without its parenthesised comments.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A display name standing alone as a mailbox, unless it is no one's: it takes `words`
/// words at least (a bare `Nobody` or `whomever` names no one; `Judy Townsend` does).
fn named_only(name: Option<String>, words: usize) -> Option<MailAddress> {
    let name = name.filter(|name| name.split_whitespace().count() >= words)?;
    let identity = Identity::display_name(&name).ok()?;
    if NOBODY.contains(&identity.value()) {
        return None;
    }
    Some(MailAddress { address: identity.value().to_owned(), name: Some(name) })
}

/// What an IMCEA encoding (Exchange's way to carry a foreign address as an email address)
/// says: the part before its last `@`, with `_` for `/` and `+XX` for a byte in hex.
fn imcea_decode(encoded: &str) -> String {
    let body = encoded.rsplit_once('@').map_or(encoded, |(body, _)| body).as_bytes();
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'_' => out.push(b'/'),
            b'+' if i + 2 < body.len() => match (hex_value(body[i + 1]), hex_value(body[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'+'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the inside of a comment or quoted string opened at `open` and ending at `end`
/// stops: before its closing `close`, or at `end` when it was never closed.
fn closed_before(s: &[u8], open: usize, end: usize, close: u8) -> usize {
    if end > open + 1 && s[end - 1] == close { end - 1 } else { end }
}

/// Where the comment opening at `start` ends (just past its `)`, or the end of `s`).
fn skip_comment(s: &[u8], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    s.len()
}

/// Where the quoted string opening at `start` ends (just past its `"`, or the end of `s`).
fn skip_quoted(s: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'"' => return i + 1,
            _ => {}
        }
        i += 1;
    }
    s.len()
}

/// A word of a display name or bare address: an atom or a quoted string's inside.
struct Word {
    start: usize,
    end: usize,
    quoted: bool,
    space_before: bool,
}

/// The mailbox being read: its words, `<address>` and comments.
#[derive(Default)]
struct Mailbox {
    words: Vec<Word>,
    angle: Option<String>,
    comments: Vec<(usize, usize)>,
}

impl Mailbox {
    /// Reads an angle address from just past its `<`, without comments, whitespace or
    /// route, ASCII lower-cased; returns where it ends.
    fn read_angle(&mut self, s: &[u8], mut pos: usize) -> usize {
        let mut addr = Vec::with_capacity(32);
        while pos < s.len() && s[pos] != b'>' {
            match s[pos] {
                b'(' => pos = skip_comment(s, pos),
                b'"' => {
                    let end = skip_quoted(s, pos);
                    addr.extend_from_slice(&s[pos..end]);
                    pos = end;
                }
                b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
                b => {
                    addr.push(b.to_ascii_lowercase());
                    pos += 1;
                }
            }
        }
        if addr.first() == Some(&b'@') {
            let route_end = addr.iter().rposition(|&b| b == b':').map_or(addr.len(), |i| i + 1);
            addr.drain(..route_end);
        }
        // Cut only at ASCII bytes of valid UTF-8, so this stays valid.
        self.angle = Some(String::from_utf8(addr).unwrap_or_default());
        pos + 1
    }

    /// Ends the mailbox: appends it to `out` if it names someone (see [`mailbox`]).
    fn finish(&mut self, value: &str, out: &mut Vec<MailAddress>) {
        let bare = self.angle.is_none();
        let (address, name_words) = match self.angle.take() {
            Some(addr) => (Some(addr), self.words.len()),
            None => match self.bare_address(value) {
                Some((addr, before)) => (Some(addr), before),
                None => (None, self.words.len()),
            },
        };
        let mut name = self.phrase(value, name_words);
        if name.trim().is_empty() {
            if address.is_none() {
                // A comment alone names no one.
                self.words.clear();
                self.comments.clear();
                return;
            }
            name = self.comment_text(value);
        }
        out.extend(mailbox(address, clean_name(name), bare));
        self.words.clear();
        self.comments.clear();
    }

    /// Whether the mailbox so far is the family name of an unquoted `Family, Given
    /// <address>` that a comma must not cut, given the angle address of the next element:
    /// one bare word before any address, or up to three (`Van Hooser, Steve`, `Baughman
    /// Jr., Edward`) before an Exchange address, the form Exchange exports write.
    fn is_family_name(&self, value: &str, next: Option<&[u8]>) -> bool {
        let Some(next) = next else { return false };
        let bare = self.angle.is_none()
            && self.comments.is_empty()
            && self.words.iter().all(|w| !w.quoted && !value[w.start..w.end].contains('@'));
        let exchange = next.len() > 8
            && (next[..3].eq_ignore_ascii_case(b"/o=") || next[..8].eq_ignore_ascii_case(b"imceaex-"));
        bare && match self.words.len() {
            1 => true,
            2..=3 => exchange,
            _ => false,
        }
    }

    /// The address of a mailbox without `<>`: the last word with an `@`, joined to its
    /// neighbours across obsolete spaces around dots; with how many words precede it.
    fn bare_address(&self, value: &str) -> Option<(String, usize)> {
        let at = self.words.iter().rposition(|w| value[w.start..w.end].contains('@'))?;
        let joined = |a: &Word, b: &Word| {
            let (a, b) = (&value[a.start..a.end], &value[b.start..b.end]);
            a.ends_with(['.', '@']) || b.starts_with(['.', '@'])
        };
        let (mut first, mut last) = (at, at);
        while first > 0 && joined(&self.words[first - 1], &self.words[first]) {
            first -= 1;
        }
        while last + 1 < self.words.len() && joined(&self.words[last], &self.words[last + 1]) {
            last += 1;
        }
        let words = &self.words[first..=last];
        let addr = match words {
            [only] => value[only.start..only.end].trim().to_owned(),
            _ => words
                .iter()
                .map(|w| {
                    // A quoted word's quotes, the closing one only if it was closed.
                    let closed = value.as_bytes().get(w.end) == Some(&b'"');
                    if w.quoted {
                        &value[w.start - 1..w.end + usize::from(closed)]
                    } else {
                        &value[w.start..w.end]
                    }
                })
                .collect(),
        };
        Some((addr, first))
    }

    /// The display name from the first `count` words, encoded words decoded.
    fn phrase(&self, value: &str, count: usize) -> String {
        let mut raw = String::new();
        for word in &self.words[..count.min(self.words.len())] {
            let text = &value[word.start..word.end];
            if !raw.is_empty() && word.space_before {
                raw.push(' ');
            }
            raw.push_str(&if word.quoted { unescape(text) } else { Cow::Borrowed(text) });
        }
        if !raw.contains("=?") {
            return raw;
        }
        let mut name = String::with_capacity(raw.len());
        decode_words(&raw, &mut name);
        name
    }

    /// The comments' text, decoded and joined by spaces.
    fn comment_text(&self, value: &str) -> String {
        let mut name = String::new();
        for &(start, end) in &self.comments {
            if !name.is_empty() {
                name.push(' ');
            }
            decode_words(&unescape(&value[start..end]), &mut name);
        }
        name
    }
}

/// A quoted string's or comment's inside with its escapes and line breaks removed.
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['\\', '\r', '\n']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\r' | '\n' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A display name trimmed and without the quote marks around it (even unmatched ones, as
/// in `'Shanna Boudreaux`); `None` when nothing is left.
fn clean_name(name: String) -> Option<String> {
    let mut clean = name.trim();
    for quote in ['"', '\'', '`'] {
        let (opens, closes) = (clean.starts_with(quote), clean.ends_with(quote));
        let single = clean.matches(quote).count() == 1;
        if opens && closes && clean.len() >= 2 {
            clean = clean[1..clean.len() - 1].trim();
        } else if (opens || closes) && single {
            clean = clean.trim_matches(quote).trim();
        }
    }
    match clean.len() {
        0 => None,
        n if n == name.len() => Some(name),
        _ => Some(clean.to_owned()),
    }
}
