//! Real messages of other projects' corpora, labeled by reading them: which are bounces,
//! receipts, auto-replies, list posts and bulk mail, and which are people writing to
//! people. Each labeled message must get its reason; no personal one may be kept out.
//!
//! What the corpora hold, read message by message (headers, and the bodies of reports):
//! - notmuch (`notmuch/`): list posts, most with List-Id; 45 of the `default` corpus's 53
//!   were stripped of their list headers by notmuch's authors and are not labeled (nothing
//!   in them says "list" but the list address in To); one request tracker auto-reply; no
//!   bounce, no spam flag.
//! - Pony Mail (`ponymail/`): only list posts (every message of every mbox has List-Id or
//!   List-Post); no bounce, auto-reply or spam.
//! - MimeKit (`mimekit/`, `mimekit-mbox/`): the bounces and the receipt, an abuse report,
//!   1996 list mail marked only `Precedence: bulk`, and ordinary mail.
//! - mail-parser (`stalwart/`): one list post, personal mail; the only `X-Spam-Status: Yes`
//!   of all four corpora is inside a message forwarded as an attachment of
//!   `thirdparty/015.eml`, and its header lost its folding white space and has a blank
//!   line in the middle: no header block can be read from it, so no spam-flagged message
//!   is labeled. Its sibling attachment, an auto-generated ticket answer, is.

use crate::support::data;
use kith_core::{KeptOut, MailMessage};
use kith_import::mail::{MboxReader, Origin, parse_message};
use std::io;

/// Reads one header block as `kith import` does for a message with no folder or delivery
/// time of its own (the one line to change when `parse_message` changes).
fn parse(header: &[u8]) -> Result<MailMessage, String> {
    parse_message(header, &Origin::default())
}

/// Where a labeled message lies, under `tests/data/mail`.
#[derive(Clone, Copy, Debug)]
enum At {
    /// A file holding one message.
    File(&'static str),
    /// The message with this Message-ID (as written, brackets included) in an mbox file.
    Mbox(&'static str, &'static str),
    /// A message attached (`message/rfc822`) to a file's message, by the attachment's
    /// file name.
    Attached(&'static str, &'static str),
}

/// What kith must make of it.
#[derive(Clone, Copy, Debug)]
enum Label {
    /// Kept out for this reason.
    Kept(KeptOut),
    /// Kept out for this reason, or not read at all (a report with no sender, no recipient
    /// and no Message-ID): never personal mail.
    KeptOrUnreadable(KeptOut),
    /// A person writing to people: not kept out.
    Personal,
}

/// One labeled message: where it is, what it is, the header text that shows it (found in
/// its header block, unfolded, case and white space aside), and why in a line.
struct Labeled {
    at: At,
    label: Label,
    evidence: &'static str,
    why: &'static str,
}

const fn kept(at: At, reason: KeptOut, evidence: &'static str, why: &'static str) -> Labeled {
    Labeled { at, label: Label::Kept(reason), evidence, why }
}

const fn personal(at: At, why: &'static str) -> Labeled {
    Labeled { at, label: Label::Personal, evidence: "", why }
}

use At::{Attached, File, Mbox};
use KeptOut::{Automated, Bounce, Bulk, MailingList, Receipt};

const LABELED: &[Labeled] = &[
    // --- notmuch -------------------------------------------------------------------------
    kept(
        File("notmuch/default/bar/baz/24:2,"),
        MailingList,
        "List-Id:",
        "a notmuch list post; its X-Spam-Flag: NO and X-Spam-Status: No say it is not spam",
    ),
    kept(
        File("notmuch/default/foo/cur/08:2,"),
        MailingList,
        "List-Post:",
        "a list post addressed To one person",
    ),
    kept(
        File("notmuch/default/bar/new/22:2,"),
        MailingList,
        "List-Id:",
        "a list post addressed To one person",
    ),
    kept(
        File("notmuch/lkml/cur/1382298587.001731:2,"),
        MailingList,
        "List-ID: <linux-kernel.vger.kernel.org>",
        "a vger post, its header spelled List-ID",
    ),
    kept(
        File("notmuch/lkml/cur/1382298793.002432:2,"),
        MailingList,
        "List-Post:",
        "an alsa-devel (Mailman) post",
    ),
    kept(File("notmuch/lkml/cur/1382298587.003112:2,"), MailingList, "List-Post:", "a samba-technical post"),
    kept(
        File("notmuch/lkml/cur/1382298793.002257:2,"),
        Bulk,
        "Precedence: bulk",
        "a linux-mm post through majordomo: Precedence: bulk and a Sender owner-linux-mm, no List-Id",
    ),
    kept(File("notmuch/duplicate/msg-1-1:2,"), MailingList, "List-Post:", "a Debian maintainers' list post"),
    kept(
        File("notmuch/duplicate/msg-2-2:2,"),
        MailingList,
        "List-Id: <emacs-goodies-el.tracker.debian.org>",
        "a bug report copied by Debian's package tracker",
    ),
    kept(
        File("notmuch/threading/ghost-root/1532672447.R3166642290392477575.len:2,S"),
        Automated,
        "] AutoReply: FYI",
        "Request Tracker's automatic answer to a new ticket, with no Auto-Submitted header",
    ),
    personal(
        File("notmuch/threading/ghost-root/1529425589.M615261P21663.len:2,S"),
        "a person writing to a support queue",
    ),
    personal(File("notmuch/threading/ghost-root/real-root"), "Alice to Daniel"),
    personal(File("notmuch/threading/ghost-root/child"), "Alice to Daniel, answering"),
    personal(File("notmuch/threading/ghost-root/grand-child2"), "Daniel to Alice"),
    personal(
        File("notmuch/default/cur/52:2,"),
        "a person answering a person, with the AUR list in To but no list header",
    ),
    // --- Pony Mail -----------------------------------------------------------------------
    kept(
        Mbox(
            "ponymail/maven-dev-2017-12-listsao.mbox",
            "<81b49baa-8d43-c04d-8f07-05a0d0481cba@st.informatik.tu-darmstadt.de>",
        ),
        MailingList,
        "List-Id: \"Maven Developers List\"",
        "a Maven dev post (ezmlm)",
    ),
    kept(
        Mbox(
            "ponymail/ponymail-dev-1080-listsao.mbox",
            "<CAOwvvydHMY2oa8t4m+UWi8N4o+3JgdqSxujqRueP+OoiNW1EQg@mail.gmail.com>",
        ),
        MailingList,
        "List-Id: <dev.ponymail.incubator.apache.org>",
        "a Pony Mail dev post",
    ),
    kept(
        Mbox("ponymail/httpd-users-200606-part.mbox", "<BAY103-F28070ECF509B48E8F10ECEC2910@phx.gbl>"),
        MailingList,
        "List-Id: <users.httpd.apache.org>",
        "an httpd users post",
    ),
    kept(
        Mbox("ponymail/labeled/httpd-dev-28428.mbox", "<007801c1dfd5$68f32d80$0f01a8c0@kaluga>"),
        MailingList,
        "list-post: <mailto:dev@httpd.apache.org>",
        "an httpd dev post of 2002: lower-case list-post and no List-Id",
    ),
    // --- MimeKit -------------------------------------------------------------------------
    kept(
        File("mimekit/bounce.txt"),
        Bounce,
        "report-type=delivery-status",
        "Postfix's bounce from MAILER-DAEMON, also Auto-Submitted: auto-replied",
    ),
    kept(
        File("mimekit/delivery-status.txt"),
        Bounce,
        "report-type=delivery-status",
        "a delivery report from postmaster, also Precedence: junk",
    ),
    kept(
        File("mimekit/delivery-status-no-blank-line.txt"),
        Bounce,
        "report-type=delivery-status",
        "the same report, its MIME parts not separated by a blank line",
    ),
    Labeled {
        at: File("mimekit/labeled/delivery-status2.txt"),
        label: Label::KeptOrUnreadable(Bounce),
        evidence: "Subject: Mail delivery failed: returning message to sender",
        why: "Exim's bounce (Return-Path: <>), with no From, To or Message-ID",
    },
    Labeled {
        at: File("mimekit/labeled/delivery-status-multiple-blank-lines.txt"),
        label: Label::KeptOrUnreadable(Bounce),
        evidence: "report-type=delivery-status",
        why: "Exchange's delivery report with only Received and Content-Type",
    },
    kept(
        File("mimekit/disposition-notification.txt"),
        Receipt,
        "report-type=disposition-notification",
        "a read receipt",
    ),
    kept(
        File("mimekit/feedback-report.txt"),
        Automated,
        "report-type=feedback-report",
        "an abuse report (ARF) from an abuse desk",
    ),
    kept(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<9606101835.AA29051@www>"),
        Bulk,
        "Precedence: bulk",
        "a 1996 post to smime-dev@rsa.com, a list marking its mail only with Precedence: bulk",
    ),
    kept(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<01BB9E4D.CA27D8A0@Peter.verisign.com>"),
        Bulk,
        "Precedence: bulk",
        "the same list; \"returning what gets delivered\" in its subject is no bounce",
    ),
    kept(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<19960923092443.03af0217.in@peapod.deming.com>"),
        Bulk,
        "Precedence: bulk",
        "the same list",
    ),
    personal(File("mimekit/japanese.txt"), "one person to another, in Japanese"),
    personal(File("mimekit/issue358.txt"), "an Italian reply chain between two people"),
    personal(File("mimekit/missing-subtype.txt"), "someone to someone else"),
    personal(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<32B97DAA.167E@netscape.com>"),
        "a Netscape colleague to Jamie Zawinski (\"very cool\")",
    ),
    personal(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<3.0.32.19961213150855.009172e0@mail.craswell.com>"),
        "a developer answering Jamie Zawinski",
    ),
    personal(
        Mbox("mimekit-mbox/content-length.mbox.txt", "<332DED2F.F5365D61@netscape.com>"),
        "a Netscape colleague sending Jamie Zawinski a signed message",
    ),
    // --- mail-parser (Stalwart) ----------------------------------------------------------
    kept(
        File("stalwart/eml/thirdparty/014.eml"),
        MailingList,
        "List-Id: Shapelib Development",
        "a Shapelib (Mailman) post",
    ),
    personal(
        File("stalwart/eml/thirdparty/015.eml"),
        "a person answering a person about spam scores; the spam flags are in its attachments",
    ),
    kept(
        Attached("stalwart/eml/thirdparty/015.eml", "office-reply.txt"),
        Automated,
        "Auto-Submitted: auto-generated",
        "a help desk's ticket answer, attached to 015.eml",
    ),
    personal(File("stalwart/eml/rfc/000.eml"), "Nathaniel Borenstein to Ned Freed"),
    personal(File("stalwart/eml/rfc/003.eml"), "Nathaniel Borenstein to Ned Freed"),
    personal(File("stalwart/eml/rfc/005.eml"), "Nathaniel Borenstein to Ned Freed"),
    personal(File("stalwart/eml/rfc/009.eml"), "Whomever to Someone"),
];

/// The header block of a labeled message (the bytes `parse_message` is given: a file
/// whole, an mbox message's header block, an attached message from its first line on).
fn header_of(at: At) -> Vec<u8> {
    let read = |path: &str| {
        let full = data().join("mail").join(path);
        std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    };
    match at {
        File(path) => read(path),
        Mbox(path, id) => {
            let bytes = read(path);
            let messages: Vec<_> = MboxReader::new(&bytes[..], 0).collect::<io::Result<_>>().unwrap();
            let found = messages.into_iter().find(|m| field(&m.header, "message-id").as_deref() == Some(id));
            found.unwrap_or_else(|| panic!("no message {id} in {path}")).header
        }
        Attached(path, name) => {
            let bytes = read(path);
            let marker = format!("filename={name};");
            let text = String::from_utf8_lossy(&bytes);
            let part = text.find(&marker).unwrap_or_else(|| panic!("no attachment {name} in {path}"));
            let start = part + text[part..].find("\n\n").expect("the part's headers end") + 2;
            bytes[start..].to_vec()
        }
    }
}

/// The header block's fields, unfolded, white space runs made one space: (lower-cased
/// name, value). The test's own reading, independent of kith's parser.
fn fields(header: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(header);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    for (_, value) in &mut fields {
        *value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    fields
}

fn field(header: &[u8], name: &str) -> Option<String> {
    fields(header).into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

#[test]
fn the_labels_rest_on_what_the_headers_say() {
    for labeled in LABELED {
        let header = header_of(labeled.at);
        let unfolded: Vec<String> = fields(&header)
            .into_iter()
            .map(|(name, value)| format!("{name}: {value}").to_lowercase())
            .collect();
        let evidence = labeled.evidence.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        assert!(
            unfolded.iter().any(|line| line.contains(&evidence)),
            "{:?}: {:?} is not in its header block",
            labeled.at,
            labeled.evidence
        );
        if matches!(labeled.label, Label::Personal) {
            // Nothing a machine or a list puts in a header.
            for (name, value) in fields(&header) {
                let machine =
                    matches!(name.as_str(), "list-id" | "list-post" | "auto-submitted" | "x-autoreply")
                        || (name == "precedence" && !value.eq_ignore_ascii_case("first-class"))
                        || (name == "content-type"
                            && value.to_ascii_lowercase().starts_with("multipart/report"))
                        || (name == "x-spam-flag" && value.eq_ignore_ascii_case("yes"));
                assert!(!machine, "{:?} is labeled personal but has {name}: {value}", labeled.at);
            }
        }
    }
}

#[test]
fn each_labeled_real_message_gets_its_reason_and_personal_mail_none() {
    let mut wrong = Vec::new();
    for labeled in LABELED {
        let parsed = parse(&header_of(labeled.at));
        let what = format!("{:?} ({})", labeled.at, labeled.why);
        match (labeled.label, parsed) {
            (Label::KeptOrUnreadable(_), Err(_)) => {}
            (_, Err(e)) => wrong.push(format!("{what}: not read: {e}")),
            (Label::Kept(reason) | Label::KeptOrUnreadable(reason), Ok(message)) => {
                if message.kept_out != Some(reason) {
                    wrong.push(format!("{what}: kept out as {:?}, expected {reason:?}", message.kept_out));
                }
            }
            (Label::Personal, Ok(message)) => {
                if let Some(reason) = message.kept_out {
                    wrong.push(format!("{what}: personal mail kept out as {reason:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {} labeled messages:\n{}", wrong.len(), LABELED.len(), wrong.join("\n"));
}

#[test]
fn every_kind_of_reason_the_corpora_hold_is_labeled() {
    let count = |wanted: fn(&Label) -> bool| LABELED.iter().filter(|l| wanted(&l.label)).count();
    assert!(count(|l| matches!(l, Label::Kept(MailingList))) >= 10);
    assert!(count(|l| matches!(l, Label::Kept(Bounce) | Label::KeptOrUnreadable(Bounce))) >= 5);
    assert!(count(|l| matches!(l, Label::Kept(Automated))) >= 3);
    assert!(count(|l| matches!(l, Label::Kept(Bulk))) >= 4);
    assert!(count(|l| matches!(l, Label::Kept(Receipt))) >= 1);
    assert!(count(|l| matches!(l, Label::Personal)) >= 15);
}
