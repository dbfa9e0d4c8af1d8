//! Which messages are not relationships: bounces, receipts, list and bulk mail, machine
//! mail, no-reply senders and broadcasts, told apart by their headers alone.

use kith_core::{KeptOut, MAX_RECIPIENTS, MailAddress};

/// The header values that decide whether a message is kept out (first occurrences).
#[derive(Default)]
pub(super) struct Signals<'a> {
    /// The top-level Content-Type.
    pub content_type: Option<&'a [u8]>,
    /// Whether a List-Id or List-Post header is present.
    pub list: bool,
    /// Precedence.
    pub precedence: Option<&'a [u8]>,
    /// Auto-Submitted.
    pub auto_submitted: Option<&'a [u8]>,
    /// Whether an X-Autoreply or X-Autorespond header is present.
    pub autoreply: bool,
}

/// What kind of report the top-level Content-Type makes the message.
#[derive(PartialEq)]
enum Report {
    None,
    DeliveryStatus,
    Disposition,
    Other,
}

/// Why a message with these headers, sender and recipient count is kept out, if it is;
/// the first matching rule wins.
pub(super) fn kept_out(
    signals: &Signals<'_>,
    from: Option<&MailAddress>,
    recipients: usize,
) -> Option<KeptOut> {
    let local = from.map_or("", |from| from.address.rsplit_once('@').map_or("", |(local, _)| local));
    let report = signals.content_type.map_or(Report::None, report);
    let value_is = |value: Option<&[u8]>, words: &[&str]| {
        value.is_some_and(|v| words.iter().any(|w| first_token(v).eq_ignore_ascii_case(w.as_bytes())))
    };
    if report == Report::DeliveryStatus || local == "mailer-daemon" {
        Some(KeptOut::Bounce)
    } else if report == Report::Disposition {
        Some(KeptOut::Receipt)
    } else if signals.list {
        Some(KeptOut::MailingList)
    } else if value_is(signals.precedence, &["bulk", "list", "junk"]) {
        Some(KeptOut::Bulk)
    } else if report == Report::Other
        || signals.autoreply
        || (signals.auto_submitted.is_some() && !value_is(signals.auto_submitted, &["no"]))
    {
        Some(KeptOut::Automated)
    } else if ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"]
        .iter()
        .any(|pattern| local.contains(pattern))
    {
        Some(KeptOut::NoReply)
    } else if recipients > MAX_RECIPIENTS {
        Some(KeptOut::ManyRecipients)
    } else {
        None
    }
}

/// The report a Content-Type value announces.
fn report(content_type: &[u8]) -> Report {
    let mut params = content_type.split(|&b| b == b';');
    let media = first_token(params.next().unwrap_or_default());
    if media.eq_ignore_ascii_case(b"message/delivery-status") {
        return Report::DeliveryStatus;
    }
    if media.eq_ignore_ascii_case(b"message/disposition-notification") {
        return Report::Disposition;
    }
    if !media.eq_ignore_ascii_case(b"multipart/report") {
        return Report::None;
    }
    let report_type = params.find_map(|param| {
        let (name, value) = param.split_at(param.iter().position(|&b| b == b'=')?);
        first_token(name).eq_ignore_ascii_case(b"report-type").then(|| first_token(&value[1..]))
    });
    match report_type {
        Some(t) if t.eq_ignore_ascii_case(b"delivery-status") => Report::DeliveryStatus,
        Some(t) if t.eq_ignore_ascii_case(b"disposition-notification") => Report::Disposition,
        _ => Report::Other,
    }
}

/// The first word of a header value: leading whitespace, quotes and comments skipped,
/// up to the next whitespace, quote, comment or `;`.
fn first_token(value: &[u8]) -> &[u8] {
    let is_separator = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'(' | b';');
    let mut start = 0;
    while let Some(&b) = value.get(start) {
        if b == b'(' {
            start += value[start..].iter().position(|&b| b == b')').unwrap_or(value.len() - start);
        } else if !is_separator(&b) {
            break;
        }
        start += 1;
    }
    let rest = &value[start.min(value.len())..];
    &rest[..rest.iter().position(is_separator).unwrap_or(rest.len())]
}
