//! Drafts as RFC 5322 messages: headers encoded per RFC 2047 where they are not plain
//! ASCII, a quoted-printable UTF-8 body, CRLF line endings, and `X-Unsent: 1` so mail
//! clients open the file as a draft.

use super::{Composed, Envelope};
use jiff::tz::TimeZone;
use std::fmt::Write as _;

/// Header lines are folded before they pass this many characters.
const FOLD_AT: usize = 78;
/// The longest encoded-word written: under RFC 2047's 75, so that one fits after `Subject: `.
const ENCODED_WORD_MAX: usize = 66;
/// Longer names are encoded, which splits them into words that fold.
const MAX_QUOTED: usize = 200;
/// Quoted-printable lines carry at most this many characters before the soft break.
const QP_WIDTH: usize = 75;

/// `draft` as an `.eml` message with `envelope`'s headers.
pub(super) fn message(draft: &Composed, envelope: &Envelope) -> String {
    let mut headers: Vec<String> = Vec::new();
    if let Some((name, address)) = &envelope.from {
        headers.push(fold("From", &mailbox(name.as_deref(), address)));
    }
    if let Some((name, address)) = &envelope.to {
        headers.push(fold("To", &mailbox(Some(name), address)));
    }
    headers.push(fold("Subject", &unstructured(&draft.subject)));
    let date = envelope.date.to_zoned(TimeZone::UTC).strftime("%a, %d %b %Y %H:%M:%S +0000");
    headers.push(format!("Date: {date}"));
    let id: String =
        envelope.message_id.chars().filter(|c| c.is_ascii_graphic() && !"<>".contains(*c)).collect();
    headers.push(format!("Message-ID: <{id}>"));
    headers.extend(
        [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "X-Unsent: 1",
        ]
        .map(str::to_owned),
    );
    format!("{}\r\n\r\n{}", headers.join("\r\n"), quoted_printable(&draft.body))
}

/// One line of text for a header: controls become spaces, runs of spaces one.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Name <address>`, the name quoted or encoded as it needs; the bare address without one.
fn mailbox(name: Option<&str>, address: &str) -> Vec<String> {
    let address: String =
        address.chars().filter(|c| !c.is_whitespace() && !c.is_control() && !"<>\"".contains(*c)).collect();
    let name = name.map(one_line).filter(|n| !n.is_empty());
    let mut atoms = match name {
        None => return vec![address],
        Some(n) if !n.is_ascii() || n.contains("=?") || n.len() > MAX_QUOTED => {
            encoded_words(&n, phrase_safe)
        }
        Some(n) if n.chars().all(|c| c == ' ' || is_atext(c)) => n.split(' ').map(str::to_owned).collect(),
        Some(n) => vec![format!("\"{}\"", n.replace('\\', "\\\\").replace('"', "\\\""))],
    };
    atoms.push(format!("<{address}>"));
    atoms
}

/// A free-text header (the subject): its words, or encoded-words when it is not plain
/// ASCII or a word is too long to fold.
fn unstructured(text: &str) -> Vec<String> {
    let text = one_line(text);
    let plain = text.is_ascii() && !text.contains("=?") && text.split(' ').all(|w| w.len() < FOLD_AT - 10);
    if plain { text.split(' ').map(str::to_owned).collect() } else { encoded_words(&text, unstructured_safe) }
}

/// RFC 5322 atext: the characters a name may use unquoted.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// Characters an encoded-word in a display name may carry as themselves.
fn phrase_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!*+-/".contains(c)
}

/// Characters an encoded-word in the subject may carry as themselves.
fn unstructured_safe(c: char) -> bool {
    c.is_ascii_graphic() && !"=?_".contains(c)
}

/// `text` as RFC 2047 Q-encoded UTF-8 words, each at most 75 characters, never
/// splitting a character between two words.
fn encoded_words(text: &str, safe: fn(char) -> bool) -> Vec<String> {
    const OPEN: &str = "=?utf-8?Q?";
    const CLOSE: &str = "?=";
    let mut words = Vec::new();
    let mut word = String::from(OPEN);
    for c in text.chars() {
        let piece = match c {
            ' ' => "_".to_owned(),
            c if safe(c) => c.to_string(),
            c => c.encode_utf8(&mut [0; 4]).bytes().fold(String::new(), |mut s, b| {
                let _ = write!(s, "={b:02X}");
                s
            }),
        };
        if word.len() + piece.len() + CLOSE.len() > ENCODED_WORD_MAX {
            word.push_str(CLOSE);
            words.push(std::mem::replace(&mut word, String::from(OPEN)));
        }
        word.push_str(&piece);
    }
    word.push_str(CLOSE);
    words.push(word);
    words
}

/// `Name: atom atom …`, folded onto continuation lines before it passes 78 characters.
fn fold(name: &str, atoms: &[String]) -> String {
    let mut out = format!("{name}:");
    let mut width = out.len();
    for atom in atoms {
        if width + 1 + atom.len() > FOLD_AT && width > name.len() + 1 {
            out.push_str("\r\n");
            width = 0;
        }
        out.push(' ');
        out.push_str(atom);
        width += 1 + atom.len();
    }
    out
}

/// The body as quoted-printable with CRLF line endings and soft breaks.
fn quoted_printable(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let bytes = line.as_bytes();
        let mut width = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let literal = (b'!'..=b'~').contains(&b) && b != b'=' || (b == b' ' || b == b'\t') && !last;
            let piece = if literal { char::from(b).to_string() } else { format!("={b:02X}") };
            if width + piece.len() > QP_WIDTH {
                out.push_str("=\r\n");
                width = 0;
            }
            out.push_str(&piece);
            width += piece.len();
        }
        out.push_str("\r\n");
    }
    out
}
