//! One message's header block read into a [`MailMessage`]: the block is scanned line by
//! line, only the fields kith keeps are parsed, and the rest are skipped unread.

use super::address::{decode_words, parse_address_list, text};
use super::classify::{Message, Signals, kept_out};
use super::date::parse_date;
use super::folder::FolderRole;
use crate::limits::SUBJECT_CHARS;
use jiff::Timestamp;
use kith_core::{Fnv, IdentityKind, MailAddress, MailMessage};
use memchr::{memchr, memrchr};

/// Where a message was found, which says what its headers may not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// When the mail system says it arrived (Maildir file name, mbox `From ` line).
    pub delivered_at: Option<Timestamp>,
    /// What the folder it lies in is for (Maildir folder, the directory of an `.eml`, an
    /// mbox file's name); an `X-Folder` or `X-Gmail-Labels` header says more.
    pub folder: Option<FolderRole>,
}

/// Reads a message's header block (the bytes up to and including the blank line; a block
/// without one is fine, and trailing body bytes after the blank line are ignored), found
/// where `origin` says.
///
/// Fails only when the block is not a header block at all, or has no sender, no
/// recipient and no Message-ID.
pub fn parse_message(header: &[u8], origin: &Origin) -> Result<MailMessage, String> {
    let fields = Fields::read(header.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header))?;
    let from = [fields.from, fields.sender].into_iter().flatten().find_map(|value| {
        let mut list = Vec::new();
        parse_address_list(&text(value), &mut list);
        // `Priya Patel, Wellness Coach <priya@…>` reads as a name, then an address: the
        // address is the sender.
        let addressed = list.iter().position(|m| m.kind() != IdentityKind::Name).unwrap_or(0);
        (!list.is_empty()).then(|| list.swap_remove(addressed))
    });
    let recipients = fields.recipients();
    let message_id = fields.message_id.and_then(first_id);
    if from.is_none() && recipients.is_empty() && message_id.is_none() {
        return Err("no sender, recipient or Message-ID".to_owned());
    }
    let subject = fields.subject.and_then(subject);
    let key = message_id
        .unwrap_or_else(|| content_key(from.as_ref(), &recipients, fields.date, subject.as_deref()));
    // Keyed by the whole subject (as before there was a limit), kept cut.
    let subject = subject.map(shortened);
    let reply_to = fields.in_reply_to.and_then(first_id);
    let (first_ref, last_ref) = match fields.references {
        Some(refs) => (first_id(refs), last_id(refs)),
        None => (None, None),
    };
    let parent = reply_to.clone().or(last_ref).filter(|parent| *parent != key);
    let thread = first_ref.or(reply_to).unwrap_or_else(|| key.clone());
    let delivered_at = fields
        .received
        .and_then(|received| {
            parse_date(&received[memrchr(b';', received).map_or(received.len(), |i| i + 1)..])
        })
        .or(origin.delivered_at);
    let folder = fields.folder().or(origin.folder);
    let message = Message {
        from: from.as_ref(),
        recipients: recipients.len(),
        subject: subject.as_deref(),
        folder,
        reply: parent.is_some(),
    };
    let kept_out = kept_out(&fields.signals, &message);
    Ok(MailMessage {
        key,
        at: fields.date.and_then(parse_date),
        delivered_at,
        from,
        recipients,
        subject,
        parent,
        thread,
        kept_out,
        sent: folder == Some(FolderRole::Sent),
    })
}

/// A recipient header.
#[derive(Clone, Copy, PartialEq)]
enum Recipient {
    To,
    Cc,
    Bcc,
}

/// The raw values (folding kept) of the fields kith reads; first occurrences only,
/// except for the recipient headers.
#[derive(Default)]
struct Fields<'a> {
    from: Option<&'a [u8]>,
    sender: Option<&'a [u8]>,
    recipients: Vec<(Recipient, &'a [u8])>,
    date: Option<&'a [u8]>,
    message_id: Option<&'a [u8]>,
    subject: Option<&'a [u8]>,
    in_reply_to: Option<&'a [u8]>,
    references: Option<&'a [u8]>,
    received: Option<&'a [u8]>,
    x_folder: Option<&'a [u8]>,
    gmail_labels: Option<&'a [u8]>,
    signals: Signals<'a>,
}

impl<'a> Fields<'a> {
    /// Scans the block up to its first empty line.
    fn read(block: &'a [u8]) -> Result<Self, String> {
        let mut fields = Self::default();
        let mut pos = 0;
        while pos < block.len() {
            let line_end = memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i);
            let line = strip_cr(&block[pos..line_end]);
            if line.is_empty() {
                break;
            }
            let (mut end, mut next) = (line_end, line_end + 1);
            while matches!(block.get(next), Some(b' ' | b'\t')) {
                end = memchr(b'\n', &block[next..]).map_or(block.len(), |i| next + i);
                next = end + 1;
            }
            match field_name(line) {
                Some(colon) => fields.keep(&line[..colon], strip_cr(&block[pos + colon + 1..end])),
                None if pos == 0 => return Err("not a mail header block".to_owned()),
                None => {}
            }
            pos = next;
        }
        Ok(fields)
    }

    /// Keeps `value` if `name` is a field kith reads.
    fn keep(&mut self, name: &[u8], value: &'a [u8]) {
        let name = trim_end(name);
        let is = |known: &str| name.eq_ignore_ascii_case(known.as_bytes());
        let first = |slot: &mut Option<&'a [u8]>| {
            slot.get_or_insert(value);
        };
        match name.len() {
            2 if is("to") => self.recipients.push((Recipient::To, value)),
            2 if is("cc") => self.recipients.push((Recipient::Cc, value)),
            3 if is("bcc") => self.recipients.push((Recipient::Bcc, value)),
            4 if is("from") => first(&mut self.from),
            4 if is("date") => first(&mut self.date),
            6 if is("sender") => first(&mut self.sender),
            7 if is("subject") => first(&mut self.subject),
            7 if is("list-id") => self.signals.list = true,
            8 if is("received") => first(&mut self.received),
            8 if is("x-folder") => first(&mut self.x_folder),
            9 if is("list-post") => self.signals.list = true,
            10 if is("message-id") => first(&mut self.message_id),
            10 if is("references") => first(&mut self.references),
            10 if is("precedence") => first(&mut self.signals.precedence),
            11 if is("in-reply-to") => first(&mut self.in_reply_to),
            11 if is("x-autoreply") => self.signals.autoreply = true,
            11 if is("x-spam-flag") => first(&mut self.signals.spam_flag),
            12 if is("content-type") => first(&mut self.signals.content_type),
            12 if is("x-dsncontext") => self.signals.delivery_report = true,
            13 if is("x-autorespond") => self.signals.autoreply = true,
            13 if is("x-spam-status") => first(&mut self.signals.spam_status),
            14 if is("auto-submitted") => first(&mut self.signals.auto_submitted),
            14 if is("x-gmail-labels") => first(&mut self.gmail_labels),
            16 if is("list-unsubscribe") => self.signals.unsubscribe = true,
            19 if is("x-failed-recipients") => self.signals.delivery_report = true,
            _ => {}
        }
    }

    /// The folder role the headers of an export give: Google Takeout's labels, or the
    /// folder path Enron-style exports write in X-Folder.
    fn folder(&self) -> Option<FolderRole> {
        let labels = self.gmail_labels.and_then(|labels| FolderRole::of_labels(&text(labels)));
        labels.or_else(|| self.x_folder.and_then(|folder| FolderRole::of(text(folder).trim())))
    }

    /// To, then Cc, then Bcc, each in header order, without repeated addresses.
    fn recipients(&self) -> Vec<MailAddress> {
        let mut all = Vec::new();
        for kind in [Recipient::To, Recipient::Cc, Recipient::Bcc] {
            for &(_, value) in self.recipients.iter().filter(|(k, _)| *k == kind) {
                parse_address_list(&text(value), &mut all);
            }
        }
        if all.len() > 32 {
            let mut seen = std::collections::HashSet::with_capacity(all.len());
            all.retain(|r| seen.insert(r.address.clone()));
            return all;
        }
        let mut kept = Vec::with_capacity(all.len());
        for recipient in all {
            if !kept.iter().any(|k: &MailAddress| k.address == recipient.address) {
                kept.push(recipient);
            }
        }
        kept
    }
}

/// Where the colon of a header line is, if the line starts with a field name.
fn field_name(line: &[u8]) -> Option<usize> {
    let colon = memchr(b':', line)?;
    let name = trim_end(&line[..colon]);
    (!name.is_empty() && name.iter().all(|&b| b.is_ascii_graphic())).then_some(colon)
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(0, |i| i + 1);
    &bytes[..end]
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The first message id of a value: its first `<...>`, else the whole trimmed value if
/// it is one word without brackets.
fn first_id(value: &[u8]) -> Option<String> {
    let Some(open) = memchr(b'<', value) else { return bare_id(value) };
    let close = open + memchr(b'>', &value[open..])?;
    id(&value[open + 1..close]).or_else(|| first_id(&value[close + 1..]))
}

/// The last message id of a value: its last `<...>`, else the whole trimmed value if it
/// is one word without brackets.
fn last_id(value: &[u8]) -> Option<String> {
    let Some(close) = memrchr(b'>', value) else { return bare_id(value) };
    let open = memrchr(b'<', &value[..close])?;
    id(&value[open + 1..close]).or_else(|| last_id(&value[..open]))
}

fn bare_id(value: &[u8]) -> Option<String> {
    let value = value.trim_ascii();
    let one_word = !value.iter().any(|b| b.is_ascii_whitespace() || matches!(b, b'<' | b'>'));
    (!value.is_empty() && one_word).then(|| text(value).into_owned())
}

/// The inside of `<...>` without whitespace, if anything is left.
fn id(inside: &[u8]) -> Option<String> {
    let mut id = text(inside).into_owned();
    if inside.iter().any(u8::is_ascii_whitespace) {
        id.retain(|c| !c.is_ascii_whitespace());
    }
    (!id.is_empty()).then_some(id)
}

/// A subject cut to [`SUBJECT_CHARS`] characters, an ellipsis marking the cut.
fn shortened(subject: String) -> String {
    match subject.char_indices().nth(SUBJECT_CHARS) {
        None => subject,
        Some((at, _)) => format!("{}…", &subject[..at]),
    }
}

/// The subject unfolded, decoded and trimmed, if anything is left.
fn subject(value: &[u8]) -> Option<String> {
    let raw = text(value);
    let unfolded: String;
    let mut raw = raw.as_ref();
    if raw.contains(['\r', '\n']) {
        unfolded = raw.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        raw = &unfolded;
    }
    let mut decoded = String::new();
    if raw.contains("=?") {
        decode_words(raw, &mut decoded);
        raw = &decoded;
    }
    let subject = raw.trim();
    (!subject.is_empty()).then(|| subject.to_owned())
}

/// `content:` and an FNV-1a 64 digest of the sender, the recipients, the Date value
/// (whitespace runs collapsed, trimmed) and the subject, separated by newlines: the key
/// of a message without a Message-ID, the same for every copy of it.
fn content_key(
    from: Option<&MailAddress>,
    recipients: &[MailAddress],
    date: Option<&[u8]>,
    subject: Option<&str>,
) -> String {
    let mut hash = Fnv::default();
    hash.bytes(from.map_or("", |f| &f.address).as_bytes());
    for recipient in recipients {
        hash.bytes(b"\n");
        hash.bytes(recipient.address.as_bytes());
    }
    hash.bytes(b"\n");
    let mut space = false;
    for word in date.unwrap_or_default().split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()) {
        if space {
            hash.bytes(b" ");
        }
        hash.bytes(word);
        space = true;
    }
    hash.bytes(b"\n");
    hash.bytes(subject.unwrap_or_default().as_bytes());
    format!("content:{}", hash.hex())
}
