//! Which messages are not relationships: bounces, receipts, list and bulk mail, machine
//! mail, no-reply and broadcast senders, spam, and mail in junk, trash or drafts folders,
//! told apart by their headers and the folder they lie in.

use super::folder::FolderRole;
use kith_core::{IdentityKind, KeptOut, MAX_RECIPIENTS, MailAddress};

/// The header values that decide whether a message is kept out (first occurrences).
#[derive(Default)]
pub(super) struct Signals<'a> {
    /// The top-level Content-Type.
    pub content_type: Option<&'a [u8]>,
    /// Whether a List-Id or List-Post header is present.
    pub list: bool,
    /// Whether a List-Unsubscribe header is present (newsletters have one without List-Id).
    pub unsubscribe: bool,
    /// Precedence.
    pub precedence: Option<&'a [u8]>,
    /// Auto-Submitted.
    pub auto_submitted: Option<&'a [u8]>,
    /// Whether an X-Autoreply or X-Autorespond header is present.
    pub autoreply: bool,
    /// Whether a header only delivery reports carry is present (X-Failed-Recipients,
    /// Exchange's X-DSNContext).
    pub delivery_report: bool,
    /// X-Spam-Flag.
    pub spam_flag: Option<&'a [u8]>,
    /// X-Spam-Status.
    pub spam_status: Option<&'a [u8]>,
}

/// What else the rules read of a message.
pub(super) struct Message<'a> {
    pub from: Option<&'a MailAddress>,
    pub recipients: usize,
    pub subject: Option<&'a str>,
    pub folder: Option<FolderRole>,
    /// Whether it answers another message (In-Reply-To, References).
    pub reply: bool,
}

/// What kind of report the top-level Content-Type makes the message.
#[derive(PartialEq)]
enum Report {
    None,
    DeliveryStatus,
    Disposition,
    Other,
}

/// Subjects of delivery failure reports, as mail servers write them (compared in lower case).
const BOUNCE_SUBJECTS: [&str; 12] = [
    "delivery status notification",
    "undeliverable:",
    "undelivered mail returned to sender",
    "returned mail:",
    "mail delivery failed",
    "mail delivery failure",
    "delivery failure",
    "delivery has failed",
    "failure notice",
    "nondeliverable mail",
    "mail system error - returned mail",
    "message not delivered",
];

/// Subjects of automatic replies (compared in lower case).
const AUTO_REPLY_SUBJECTS: [&str; 10] = [
    "out of office:",
    "out of office autoreply",
    "out of office reply",
    "automatic reply:",
    "auto reply:",
    "autoreply:",
    "auto-reply:",
    "auto response:",
    "abwesenheitsnotiz",
    "réponse automatique",
];

/// Local parts of addresses that send to many and read nothing personal.
const ROLE_ACCOUNTS: [&str; 14] = [
    "info",
    "infopost",
    "news",
    "newsletter",
    "newsletters",
    "notification",
    "notifications",
    "notify",
    "announce",
    "announcements",
    "alerts",
    "marketing",
    "updates",
    "communications",
];

/// Words in a sender's name that announce a broadcast or a department rather than a
/// person (`Enron Announcements`, `Outlook Migration Team`, `Office of the Chairman`,
/// `Corporate Benefits`, `Human Resources`: corporate mail is full of them).
const BROADCAST_WORDS: [&str; 30] = [
    "announcement",
    "announcements",
    "newsletter",
    "notification",
    "notifications",
    "notices",
    "alerts",
    "bulletin",
    "digest",
    "broadcast",
    "team",
    "mailer",
    "chairman",
    "office",
    "department",
    "benefits",
    "payroll",
    "resources",
    "relations",
    "security",
    "administration",
    "management",
    "technology",
    "services",
    "wellness",
    "corporate",
    "infrastructure",
    "messaging",
    "committee",
    "helpdesk",
];

/// Why a message is kept out, if it is; the first matching rule wins. A message in the
/// owner's sent folder is judged on its headers alone: its sender is the owner. A reply
/// is a conversation, so a sender that looks like a broadcast (`info@` of a small firm,
/// `Jane Doe | Acme Technology`) is not held against it.
pub(super) fn kept_out(signals: &Signals<'_>, message: &Message<'_>) -> Option<KeptOut> {
    let from = message.from.filter(|_| message.folder != Some(FolderRole::Sent));
    let local = from.map_or("", |from| from.address.rsplit_once('@').map_or("", |(local, _)| local));
    let subject = message.subject.unwrap_or_default();
    // A ticket system's tag (`[rt.example #33575] AutoReply: …`) comes before the words.
    let subject = match subject.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        Some((_, rest)) => rest.trim_start(),
        None => subject,
    };
    let subject_starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| starts_caseless(subject, prefix));
    let report = signals.content_type.map_or(Report::None, report);
    let value_is = |value: Option<&[u8]>, words: &[&str]| {
        value.is_some_and(|v| words.iter().any(|w| first_token(v).eq_ignore_ascii_case(w.as_bytes())))
    };
    match message.folder {
        Some(FolderRole::Junk) => return Some(KeptOut::JunkFolder),
        Some(FolderRole::Trash) => return Some(KeptOut::Trash),
        Some(FolderRole::Drafts) => return Some(KeptOut::Draft),
        _ => {}
    }
    let says_yes = |value: Option<&[u8]>| {
        value.is_some_and(|v| v.trim_ascii_start().get(..3).is_some_and(|w| w.eq_ignore_ascii_case(b"yes")))
    };
    if says_yes(signals.spam_flag) || says_yes(signals.spam_status) {
        Some(KeptOut::Spam)
    } else if report == Report::DeliveryStatus
        || signals.delivery_report
        || matches!(local, "mailer-daemon" | "postmaster")
        || subject_starts(&BOUNCE_SUBJECTS)
    {
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
        || subject_starts(&AUTO_REPLY_SUBJECTS)
    {
        Some(KeptOut::Automated)
    } else if ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"]
        .iter()
        .any(|pattern| local.contains(pattern))
    {
        Some(KeptOut::NoReply)
    } else if signals.unsubscribe || (!message.reply && from.is_some_and(is_broadcaster)) {
        Some(KeptOut::Broadcast)
    } else if message.recipients > MAX_RECIPIENTS {
        Some(KeptOut::ManyRecipients)
    } else {
        None
    }
}

/// Whether `text` starts with `prefix`, ASCII case aside (the prefixes are lower case).
fn starts_caseless(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether a sender is a role account or announces itself as a broadcast by its name.
fn is_broadcaster(from: &MailAddress) -> bool {
    let role = from.kind() == IdentityKind::Email
        && from.address.split_once('@').is_some_and(|(local, _)| {
            // `monica+news@` is Monica's address with a tag: only what precedes `+` counts.
            let local = local.split('+').next().unwrap_or_default();
            local.split(['.', '_', '-']).any(|token| ROLE_ACCOUNTS.contains(&token))
        });
    let name =
        from.name.as_deref().unwrap_or(if from.kind() == IdentityKind::Name { &from.address } else { "" });
    role || name
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| BROADCAST_WORDS.iter().any(|b| word.eq_ignore_ascii_case(b)))
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
