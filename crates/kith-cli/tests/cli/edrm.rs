//! An EDRM XML load file (the e-discovery export of a mailbox: one `<Document>` per item,
//! its header fields as `<Tag>`s, its folder as a `<LocationURI>`) read by hand and
//! written out as a Maildir++ tree of header blocks, so that kith reads it as the mailbox
//! it came from.
//!
//! The reader knows only what the load files of the EDRM Enron set hold: elements and
//! attributes in double quotes, values XML-escaped with the five named entities (numeric
//! ones are read too). Attribute values are taken exactly as written, line breaks
//! included: an XML parser would turn those into spaces, and they are the header folds
//! the messages had.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One message of the load file (`DocType="Message"`).
#[derive(Clone, Debug)]
pub struct Message {
    /// Its position among the file's messages, from 1.
    pub n: usize,
    /// The folder, below the custodian (`Inbox`, `'Sent Mail`, `Deleted Items`…).
    pub folder: String,
    /// The `#From`, `#To`, `#CC` and `#Subject` values, unescaped, folds kept.
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub subject: Option<String>,
    /// `#DateSent` as written (`2001-04-30T10:20:00.0+00:00`).
    pub date_sent: String,
}

impl Message {
    /// When it was sent.
    pub fn at(&self) -> jiff::Timestamp {
        self.date_sent.parse().unwrap_or_else(|e| panic!("#DateSent {:?}: {e}", self.date_sent))
    }

    /// The Date header made from `#DateSent`: `Mon, 30 Apr 2001 10:20:00 +0000`.
    pub fn date_header(&self) -> String {
        self.at().to_zoned(jiff::tz::TimeZone::UTC).strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
    }

    /// The subject with its whitespace runs collapsed (as kith's stored subject is
    /// compared).
    pub fn plain_subject(&self) -> Option<String> {
        self.subject.as_deref().map(collapse).filter(|s| !s.is_empty())
    }

    /// The header block: From, To, Cc, Subject, Date (those it has), then a blank line.
    /// Values keep their folds; a continuation line that does not start with white space
    /// gets a tab (the Townsend file has none, but a fold must stay a fold).
    pub fn header_block(&self) -> String {
        let mut block = String::new();
        for (name, value) in
            [("From", &self.from), ("To", &self.to), ("Cc", &self.cc), ("Subject", &self.subject)]
        {
            if let Some(value) = value {
                block.push_str(name);
                block.push_str(": ");
                for (i, line) in value.split('\n').enumerate() {
                    if i > 0 {
                        block.push('\n');
                        if !line.starts_with([' ', '\t']) {
                            block.push('\t');
                        }
                    }
                    block.push_str(line.trim_end_matches('\r'));
                }
                block.push('\n');
            }
        }
        block.push_str("Date: ");
        block.push_str(&self.date_header());
        block.push_str("\n\n");
        block
    }
}

/// Whitespace runs as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every message of a load file, in file order.
pub fn read(xml: &str) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<Document ") {
        let after = &rest[start..];
        let end = after.find("</Document>").expect("every <Document> is closed");
        let document = &after[..end];
        rest = &after[end + "</Document>".len()..];
        let open_tag = &document[..document.find('>').expect("the <Document> tag ends")];
        if attribute(open_tag, "DocType").as_deref() != Some("Message") {
            continue;
        }
        let mut tags: BTreeMap<String, String> = BTreeMap::new();
        let mut tag_rest = document;
        while let Some(at) = tag_rest.find("<Tag ") {
            let tag = &tag_rest[at..];
            let close = tag.find("/>").expect("a <Tag> closes itself");
            let element = &tag[..close];
            let name = attribute(element, "TagName").expect("a TagName");
            let value = attribute(element, "TagValue").expect("a TagValue");
            assert!(tags.insert(name.clone(), value).is_none(), "{name} twice in one document");
            tag_rest = &tag[close..];
        }
        let location = between(document, "<LocationURI>", "</LocationURI>").expect("a <LocationURI>");
        let location = unescape(location);
        let (_custodian, folder) = location.split_once('\\').expect("custodian\\folder");
        messages.push(Message {
            n: messages.len() + 1,
            folder: folder.to_owned(),
            from: tags.remove("#From"),
            to: tags.remove("#To"),
            cc: tags.remove("#CC"),
            subject: tags.remove("#Subject"),
            date_sent: tags.remove("#DateSent").expect("every message has #DateSent"),
        });
    }
    messages
}

/// The unescaped value of `name="…"` in an element's text.
fn attribute(element: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = element.find(&marker)? + marker.len();
    let len = element[start..].find('"').expect("attribute values are closed");
    Some(unescape(&element[start..start + len]))
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// XML's five named entities and numeric character references.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';').map(|i| amp + i).expect("an entity ends with ;");
        let entity = &rest[amp + 1..semi];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => entity.strip_prefix('#').expect("a known entity").parse(),
                };
                char::from_u32(code.expect("a character number")).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// The Maildir++ folder a message of `folder` goes to, relative to the root: the root
/// itself for the Inbox, `.F` for every other folder F.
pub fn maildir_folder(folder: &str) -> String {
    if folder == "Inbox" { String::new() } else { format!(".{folder}") }
}

/// Writes `messages` as a Maildir++ tree under `root` (which must not exist): `cur/`,
/// `new/` and `tmp/` at the root and in every folder, one file per message in `cur/`,
/// named `m0001.townsend:2,S` (a letter first: the name gives no delivery time). Returns
/// each message's file, in the order of `messages`.
pub fn write_maildir(messages: &[Message], root: &Path) -> Vec<PathBuf> {
    assert!(!root.exists(), "{} exists already", root.display());
    let mut files = Vec::new();
    for message in messages {
        let folder = root.join(maildir_folder(&message.folder));
        if !folder.join("cur").exists() {
            for sub in ["cur", "new", "tmp"] {
                std::fs::create_dir_all(folder.join(sub)).unwrap();
            }
        }
        let file = folder.join("cur").join(format!("m{:04}.townsend:2,S", message.n));
        std::fs::write(&file, message.header_block()).unwrap();
        files.push(file);
    }
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    files
}
