//! A message's text: its first text/plain part that is not an attachment, else its first
//! text/html part turned into text, decoded by mail-parser (transfer encodings and
//! charsets).

use super::super::strip_envelope;
use mail_parser::decoders::html::html_to_text;
use mail_parser::{HeaderName, Message, MessageParser, MessagePart, MimeHeaders, PartType};
use std::sync::LazyLock;

/// The most text kept of one message, in bytes: 256 KiB. A longer text is cut on a
/// character boundary; nobody writes a favor that far down a message.
pub const TEXT_BYTES: usize = 256 << 10;

/// The most HTML turned into text, in bytes: markup takes room, so four times
/// [`TEXT_BYTES`].
const HTML_BYTES: usize = 4 * TEXT_BYTES;

/// A parser that reads only the MIME header fields a body needs (type, disposition,
/// transfer encoding) and skips every other field unparsed: addresses, dates, message
/// ids and `Received` chains are kith's header reader's work, not this one's.
static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    MessageParser::new()
        .header_content_type(HeaderName::ContentType)
        .header_content_type(HeaderName::ContentDisposition)
        .header_text(HeaderName::ContentTransferEncoding)
        .default_header_ignore()
});

/// The text of one message (`message` is the whole file, an mbox envelope line on top
/// allowed): its first text/plain part that is not an attachment, else its first
/// text/html part as text, decoded (quoted-printable, base64, the declared charset).
/// Attachments, text ones included, and attached messages are never taken for the text.
/// At most [`TEXT_BYTES`] are kept, cut on a character boundary (of an HTML part, its
/// first 1 MiB is turned into text); `None` when the message has no text, or only blank
/// text.
///
/// mail-parser still decodes the attachments it meets on the way (it has no way to skip
/// them), so the work, not the memory kept, grows with the message's size.
pub fn written_text(message: &[u8]) -> Option<String> {
    let (message, _) = strip_envelope(message);
    if let Some(body) = plain_body(message) {
        let text = cut(body, TEXT_BYTES);
        return (!text.trim().is_empty()).then(|| text.to_owned());
    }
    let unnested = without_attached_messages(message);
    let parsed = PARSER.parse(unnested.as_deref().unwrap_or(message))?;
    let text = match first_part(&parsed, false) {
        Some(text) => cut(text, TEXT_BYTES).to_owned(),
        None => {
            let html = html_to_text(cut(first_part(&parsed, true)?, HTML_BYTES));
            cut(&html, TEXT_BYTES).to_owned()
        }
    };
    (!text.trim().is_empty()).then_some(text)
}

/// `message` with every `message/rfc822` part retyped `message/x-kith` (in a copy; `None`
/// when it has none), so that mail-parser keeps an attached message as an opaque file
/// instead of parsing it. Its text is never the writer's, and mail-parser 0.11 trips over
/// some malformed nestings of them (a debug assertion, "Invalid part ID", found by the
/// `mail_body` fuzz target).
fn without_attached_messages(message: &[u8]) -> Option<Vec<u8>> {
    let mut copy: Option<Vec<u8>> = None;
    for at in memchr::memmem::find_iter(message, b"822") {
        let Some(start) = at.checked_sub(b"message/rfc".len()) else { continue };
        if !message[start..at].eq_ignore_ascii_case(b"message/rfc") {
            continue;
        }
        let line = message[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let field = &message[line..start];
        let value = field.get(b"content-type:".len()..).unwrap_or_default();
        if field.len() >= b"content-type:".len()
            && field[..b"content-type:".len()].eq_ignore_ascii_case(b"content-type:")
            && value.iter().all(|b| b.is_ascii_whitespace())
        {
            let copy = copy.get_or_insert_with(|| message.to_vec());
            copy[start + b"message/".len()..at + 3].copy_from_slice(b"x-kith");
        }
    }
    copy
}

/// The body of a message that is one part of plain text in UTF-8 (or ASCII) with no
/// transfer encoding, the commonest personal message, found without a MIME parser: what
/// mail-parser would give, without its work. `None` for any other message.
fn plain_body(message: &[u8]) -> Option<&str> {
    let mut at = 0;
    loop {
        let end = memchr::memchr(b'\n', &message[at..]).map_or(message.len(), |i| at + i + 1);
        let line = &message[at..end];
        if line == b"\n" || line == b"\r\n" {
            return std::str::from_utf8(&message[end..]).ok();
        }
        if end == message.len() {
            return None;
        }
        // A field and its folded lines.
        let mut next = end;
        while matches!(message.get(next), Some(b' ' | b'\t')) {
            next = memchr::memchr(b'\n', &message[next..]).map_or(message.len(), |i| next + i + 1);
        }
        let field = &message[at..next];
        let value = |name: &str| {
            let named = field.len() > name.len()
                && field[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && field[name.len()] == b':';
            named.then(|| String::from_utf8_lossy(&field[name.len() + 1..]).to_ascii_lowercase())
        };
        if let Some(kind) = value("content-type") {
            let kind: String = kind.chars().filter(|c| !c.is_whitespace()).collect();
            let charset = kind.split(';').find_map(|p| p.strip_prefix("charset="));
            let plain = kind.starts_with("text/plain")
                && charset.is_none_or(|c| matches!(c.trim_matches('"'), "utf-8" | "us-ascii"));
            if !plain {
                return None;
            }
        }
        if value("content-transfer-encoding").is_some_and(|e| !matches!(e.trim(), "7bit" | "8bit")) {
            return None;
        }
        at = next;
    }
}

/// The body of the first part of `message` that is its text (`html` false: text/plain,
/// or text without a declared type) or its HTML (`html` true), in the order the parts
/// come, leaving out attachments and blank parts.
fn first_part<'a>(message: &'a Message<'a>, html: bool) -> Option<&'a str> {
    message.parts.iter().enumerate().find_map(|(at, part)| {
        if message.attachments.contains(&(at as u32)) || is_attachment(part) {
            return None;
        }
        match (&part.body, html) {
            (PartType::Text(text), false) if is_plain(part) => Some(text.as_ref()),
            (PartType::Html(html), true) => Some(html.as_ref()),
            _ => None,
        }
        .filter(|body| !body.trim().is_empty())
    })
}

/// Whether a part says it is an attachment, or names a file.
fn is_attachment(part: &MessagePart<'_>) -> bool {
    part.content_disposition().is_some_and(|d| d.is_attachment() || d.attribute("filename").is_some())
        || part.content_type().is_some_and(|t| t.attribute("name").is_some())
}

/// Whether a text part is plain text: `text/plain`, or no type at all (RFC 2045's
/// default). `text/calendar`, `text/csv` and the like are files, not words.
fn is_plain(part: &MessagePart<'_>) -> bool {
    part.content_type().is_none_or(|t| {
        t.ctype().eq_ignore_ascii_case("text") && t.subtype().is_none_or(|s| s.eq_ignore_ascii_case("plain"))
    })
}

/// `text` cut to at most `bytes`, on a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_message_is_its_body() {
        let mail = b"From: a@example.org\r\nSubject: x\r\n\r\nCould you look at my draft?\r\n";
        assert_eq!(written_text(mail).as_deref(), Some("Could you look at my draft?\r\n"));
    }

    #[test]
    fn one_plain_part_reads_as_mail_parser_reads_it() {
        for mail in [
            &b"From: a@example.org\nContent-Type: text/plain;\n charset=\"UTF-8\"; format=flowed\n\nCaf\xc3\xa9?\n"[..],
            b"Content-Transfer-Encoding: 8bit\r\nSubject: x\r\n\r\nHello\r\nthere\r\n",
            b"Content-Type: text/plain; charset=iso-8859-1\n\nCaf\xe9\n",
            b"Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9\n",
            b"Content-Type: text/html\n\n<p>Hi</p>\n",
        ] {
            let parsed = PARSER.parse(mail).unwrap();
            let by_parser = first_part(&parsed, false).map(|t| cut(t, TEXT_BYTES).to_owned());
            let by_parser = by_parser.or_else(|| first_part(&parsed, true).map(html_to_text));
            assert_eq!(written_text(mail), by_parser.filter(|t| !t.trim().is_empty()), "{mail:?}");
        }
        assert!(plain_body(b"Content-Type: text/plain; charset=utf-8\n\nok\n").is_some());
        assert!(plain_body(b"Content-Type: text/plain; charset=iso-8859-1\n\nok\n").is_none());
        assert!(plain_body(b"Content-Type: multipart/mixed; boundary=b\n\n--b\n").is_none());
    }

    #[test]
    fn an_envelope_line_is_taken_off() {
        let mail = b"From a@example.org Mon Jan  2 15:04:05 2006\nFrom: a@example.org\n\nHello there\n";
        assert_eq!(written_text(mail).as_deref(), Some("Hello there\n"));
    }

    #[test]
    fn a_message_without_text_has_none() {
        assert_eq!(written_text(b"From: a@example.org\n\n  \n"), None);
        assert_eq!(written_text(b""), None);
    }

    #[test]
    fn a_text_attachment_is_not_the_text() {
        let mail = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\
            Content-Disposition: attachment; filename=notes.txt\n\nnot this\n--b\n\
            Content-Type: text/html\n\n<p>the <b>words</b></p>\n--b--\n";
        let text = written_text(mail).unwrap();
        assert!(text.contains("the words"), "{text:?}");
        assert!(!text.contains("not this"), "{text:?}");
    }

    #[test]
    fn a_calendar_part_is_not_the_text() {
        let mail = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/calendar\n\n\
            BEGIN:VCALENDAR\n--b\nContent-Type: text/plain\n\nSee you then.\n--b--\n";
        assert_eq!(written_text(mail).as_deref(), Some("See you then."));
    }

    #[test]
    fn a_blank_plain_part_gives_way_to_the_html() {
        let mail =
            b"Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n \n--b\n\
            Content-Type: text/html\n\n<p>Real words.</p>\n--b--\n";
        assert_eq!(written_text(mail).map(|t| t.trim().to_owned()).as_deref(), Some("Real words."));
    }

    #[test]
    fn an_attached_message_is_not_parsed() {
        let mail = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nMine.\n\
            --b\nContent-Type: Message/RFC822\n\nSubject: old\n\nNot mine.\n--b--\n";
        let unnested = without_attached_messages(mail).unwrap();
        assert!(String::from_utf8_lossy(&unnested).contains("Content-Type: Message/x-kith\n"));
        assert_eq!(written_text(mail).as_deref(), Some("Mine."));
        // Nor is a body that names the type changed.
        assert_eq!(without_attached_messages(b"Subject: x\n\nsend it as message/rfc822\n"), None);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let mut mail = b"Content-Type: text/plain; charset=utf-8\n\n".to_vec();
        mail.extend("é".repeat(TEXT_BYTES).as_bytes());
        let text = written_text(&mail).unwrap();
        assert_eq!(text.len(), TEXT_BYTES);
        assert!(text.chars().all(|c| c == 'é'));
    }
}
