//! Mail archives split into header blocks: Pony Mail's and MimeKit's mboxes against their
//! expected results, notmuch's and mail-parser's Maildir trees, and synthetic mboxes,
//! Maildirs and message files for every framing rule.

use crate::support::data;
use jiff::Timestamp;
use kith_import::mail::{
    MaildirEntry, MaildirFolder, MboxMessage, MboxReader, is_maildir, looks_like_mbox, looks_like_message,
    maildir_entries, maildir_folders, read_header_block,
};
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

fn mail(path: &str) -> PathBuf {
    data().join("mail").join(path)
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Every message of `bytes`, read from the start.
fn split(bytes: &[u8]) -> Vec<MboxMessage> {
    MboxReader::new(bytes, 0).collect::<io::Result<_>>().unwrap()
}

/// Every message of the file at `path`, checking that they tile it and that reading it
/// 7 bytes at a time, or resuming at its middle message, finds the same.
fn split_file(path: &Path) -> Vec<MboxMessage> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let messages = split(&bytes);
    assert_eq!(messages.first().map(|m| m.offset), Some(0), "{}", path.display());
    for pair in messages.windows(2) {
        assert_eq!(pair[0].end, pair[1].offset, "{}", path.display());
    }
    assert_eq!(messages.last().unwrap().end, bytes.len() as u64, "{}", path.display());
    let trickled: Vec<MboxMessage> =
        MboxReader::new(Trickle { bytes: &bytes, n: 7 }, 0).collect::<io::Result<_>>().unwrap();
    assert!(trickled == messages, "{} read 7 bytes at a time", path.display());
    let middle = messages.len() / 2;
    let start = messages[middle].offset;
    let resumed: Vec<MboxMessage> =
        MboxReader::new(&bytes[start as usize..], start).collect::<io::Result<_>>().unwrap();
    assert!(resumed == messages[middle..], "{} resumed at {start}", path.display());
    messages
}

/// The first `name` field of a header block, unfolded, with runs of white space made one
/// space (a test's own reading, independent of kith's header parser).
fn field(header: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let mut lines = text.lines().skip_while(|line| {
        let (field, _) = line.split_once(':').unwrap_or_default();
        !field.trim_end().eq_ignore_ascii_case(name)
    });
    let mut value = lines.next()?.split_once(':')?.1.to_owned();
    for more in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        value.push(' ');
        value.push_str(more);
    }
    Some(value.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn message_id(header: &[u8]) -> String {
    field(header, "Message-ID").unwrap_or_default()
}

fn ids(messages: &[MboxMessage]) -> Vec<String> {
    messages.iter().map(|m| message_id(&m.header)).collect()
}

/// The Message-IDs a Pony Mail `yaml` file lists for each mbox, in order. Keys with no list
/// of their own share the next list.
fn listed_ids(yaml: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let (mut keys, mut list) = (Vec::new(), Vec::new());
    for line in yaml.lines().map(str::trim) {
        let key = line.strip_prefix("corpus/").map(|k| k.trim_end_matches(" null"));
        if let Some(key) = key.and_then(|k| k.strip_suffix(".mbox:")) {
            if !list.is_empty() {
                out.extend(keys.drain(..).map(|k| (k, list.clone())));
                list.clear();
            }
            keys.push(format!("{key}.mbox"));
        } else if let Some(id) = line.strip_prefix("message-id:") {
            list.push(id.trim().trim_matches('\'').to_owned());
        }
    }
    out.extend(keys.into_iter().map(|k| (k, list.clone())));
    out
}

#[test]
fn yaml_lists_are_read_as_pony_mail_means_them() {
    let yaml = "parsing:\n  corpus/a.mbox:\n  corpus/b.mbox: null\n  corpus/c.mbox:\n  - index: 0\n    \
                message-id: <1@x>\n  - index: 1\n    message-id: ''\n  corpus/d.mbox:\n  - index: 0\n    \
                message-id: <2@x>\n";
    let one = vec!["<1@x>".to_owned(), String::new()];
    assert_eq!(
        listed_ids(yaml),
        [
            ("a.mbox".to_owned(), one.clone()),
            ("b.mbox".to_owned(), one.clone()),
            ("c.mbox".to_owned(), one),
            ("d.mbox".to_owned(), vec!["<2@x>".to_owned()]),
        ]
    );
}

#[test]
fn pony_mail_mboxes_hold_the_listed_messages_in_order() {
    let dir = mail("ponymail");
    let mut checked = BTreeSet::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if !name.contains(".yaml") {
            continue;
        }
        for (mbox, expected) in listed_ids(&fs::read_to_string(&path).unwrap()) {
            let messages = split_file(&dir.join(&mbox));
            assert_eq!(ids(&messages), expected, "{mbox} per {name}");
            assert!(messages.iter().all(|m| m.header.ends_with(b"\n\n")), "{mbox}");
            checked.insert(mbox);
        }
    }
    // Every mbox copied has a list, except the December 2017 exports (checked below).
    let all: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".mbox") && !n.starts_with("maven-dev-2017-12"))
        .collect();
    assert_eq!(checked, all);
}

#[test]
fn the_three_exports_of_maven_dev_december_2017_hold_the_same_messages() {
    let read = |service: &str| split_file(&mail(&format!("ponymail/maven-dev-2017-12-{service}.mbox")));
    let (listsao, mailarchives, mboxvm) = (read("listsao"), read("mailarchivesao"), read("mboxvm"));
    // The README's counts: 222, 221, 221.
    assert_eq!((listsao.len(), mailarchives.len(), mboxvm.len()), (222, 221, 221));
    let set = |messages: &[MboxMessage]| ids(messages).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(set(&mailarchives).len(), 221);
    assert_eq!(set(&mailarchives), set(&mboxvm));
    // lists.apache.org exported one message twice: the same set, one ID repeated.
    assert_eq!(set(&listsao), set(&mboxvm));
    let listed = ids(&listsao);
    let twice: Vec<&String> =
        listed.iter().filter(|id| listed.iter().filter(|other| other == id).count() == 2).collect();
    assert_eq!(twice, ["<151238757459.14520.7532165007668224803.gitbox@gitbox.apache.org>"; 2]);
    // Each service writes the envelope's date its own way.
    assert_eq!(listsao[0].delivered_at, Some(ts("2017-12-01T08:22:14Z")));
    assert_eq!(mailarchives[0].delivered_at, Some(ts("2017-12-01T08:22:12Z")));
    assert_eq!(mboxvm[0].delivered_at, Some(ts("2017-12-01T08:22:13Z")));
    assert!([&listsao, &mailarchives, &mboxvm].iter().all(|ms| ms.iter().all(|m| m.delivered_at.is_some())));
}

/// The address of a From value: inside angle brackets, else the word with an `@`.
fn address(value: &str) -> String {
    let inner = match value.split_once('<') {
        Some((_, rest)) => rest.split('>').next().unwrap_or(rest),
        None => value.split_whitespace().find(|w| w.contains('@')).unwrap_or(value),
    };
    inner.to_ascii_lowercase()
}

#[test]
fn mimekit_content_length_mbox_splits_as_its_summary_says() {
    let bytes = fs::read(mail("mimekit-mbox/content-length.mbox.txt")).unwrap();
    let summary = fs::read_to_string(mail("mimekit-mbox/content-length-summary.txt")).unwrap();
    let messages = split_file(&mail("mimekit-mbox/content-length.mbox.txt"));
    let expected: Vec<&str> = summary.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
    assert_eq!(messages.len(), 29);
    assert_eq!(expected.len(), 29);
    for (i, (message, block)) in messages.iter().zip(&expected).enumerate() {
        let envelope = bytes[message.offset as usize..].split(|&b| b == b'\n').next().unwrap();
        let mut lines = block.lines();
        assert_eq!(
            String::from_utf8_lossy(envelope).trim_end(),
            lines.next().unwrap().trim_end(),
            "message {i}"
        );
        let summary_field = |name: &str| {
            let prefix = format!("{name}: ");
            block
                .lines()
                .find_map(|l| l.strip_prefix(&prefix))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        // MimeKit reads `develop!nextmime@ebony@sblab.att.com` as `develop!nextmime@ebony`.
        let from = address(&field(&message.header, "From").unwrap());
        let expected_from = address(&summary_field("From").unwrap());
        assert!(from.starts_with(&expected_from), "message {i}: {from} for {expected_from}");
        assert_eq!(field(&message.header, "Subject"), summary_field("Subject"), "message {i}");
    }
}

/// A reader that hands out at most `n` bytes per read.
struct Trickle<'a> {
    bytes: &'a [u8],
    n: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.n.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// Splits `text` whole, in pieces of every size from 1 to 13 bytes, and resumed at every
/// message's offset, checking that all agree; returns the messages.
fn split_every_way(text: &str) -> Vec<MboxMessage> {
    let bytes = text.as_bytes();
    let whole = split(bytes);
    for n in 1..=13 {
        let pieces: Vec<MboxMessage> =
            MboxReader::new(Trickle { bytes, n }, 0).collect::<io::Result<_>>().unwrap();
        assert_eq!(pieces, whole, "pieces of {n} bytes");
    }
    for (i, message) in whole.iter().enumerate() {
        let start = message.offset;
        let resumed: Vec<MboxMessage> =
            MboxReader::new(&bytes[start as usize..], start).collect::<io::Result<_>>().unwrap();
        assert_eq!(resumed, whole[i..], "resumed at {start}");
    }
    whole
}

fn headers(messages: &[MboxMessage]) -> Vec<String> {
    messages.iter().map(|m| String::from_utf8(m.header.clone()).unwrap()).collect()
}

#[test]
fn mboxrd_escaped_from_lines_stay_in_their_body() {
    let text = "From alice@example.org Tue Nov 14 10:01:02 2017\nSubject: one\n\n\
                >From the archive:\n>>From deeper\n\n>From alice@example.org Tue Nov 14 10:01:02 2017\n\n\
                From bob@example.org Wed Nov 15 11:00:00 2017\nSubject: two\n\nbody\n";
    let messages = split_every_way(text);
    assert_eq!(headers(&messages), ["Subject: one\n\n", "Subject: two\n\n"]);
    assert_eq!(messages[1].offset, text.find("From bob").unwrap() as u64);
    assert_eq!(messages[1].delivered_at, Some(ts("2017-11-15T11:00:00Z")));
}

#[test]
fn an_unescaped_body_line_starting_with_from_is_not_a_separator() {
    let text = "From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nSubject: minutes\n\nHello,\n\n\
                From the notes of our last meeting: nothing\nwas decided.\n\nFrom me\n\n\
                From jane@x.org  Tue Nov 14 10:01:02 2017\nSubject: next\n\nhi\n";
    let messages = split_every_way(text);
    assert_eq!(headers(&messages), ["Subject: minutes\n\n", "Subject: next\n\n"]);
    assert_eq!(messages[0].delivered_at, Some(ts("2011-07-08T12:08:34Z")));
    assert_eq!(messages[1].delivered_at, Some(ts("2017-11-14T10:01:02Z")));
}

#[test]
fn crlf_mboxes_keep_their_line_endings() {
    let text = "From a@x Mon Jan  2 15:04:05 2006\r\nSubject: one\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n\r\n\
                From b@x Mon Jan  2 15:04:06 2006\r\nSubject: two\r\n\r\nFrom the notes\r\nbody\r\n\r\n\
                From c@x Mon Jan  2 15:04:07 2006\r\nSubject: three\r\n\r\n";
    let messages = split_every_way(text);
    assert_eq!(
        headers(&messages),
        ["Subject: one\r\nMessage-ID: <1@x>\r\n\r\n", "Subject: two\r\n\r\n", "Subject: three\r\n\r\n"]
    );
    assert_eq!(messages[2].delivered_at, Some(ts("2006-01-02T15:04:07Z")));
    assert_eq!(messages[2].end, text.len() as u64);
}

#[test]
fn leading_blank_lines_and_a_missing_final_newline() {
    let text = "\n\r\n\nFrom a@x Mon Jan  2 15:04:05 2006\nSubject: one\n\nlast line\n\n\
                From b@x Mon Jan  2 15:04:06 2006\nSubject: two\n\nno newline at the end";
    let messages = split_every_way(text);
    assert_eq!(messages[0].offset, 4);
    assert_eq!(headers(&messages), ["Subject: one\n\n", "Subject: two\n\n"]);
    assert_eq!(messages[1].end, text.len() as u64);

    // A header that runs to the end of the file, without a blank line or a final newline.
    let cut = split_every_way("From a@x Mon Jan  2 15:04:05 2006\nSubject: cut");
    assert_eq!(headers(&cut), ["Subject: cut"]);
    // Not an mbox at all, or an empty one.
    assert!(split_every_way("Subject: hello\n\nbody\n").is_empty());
    assert!(split_every_way("").is_empty());
}

#[test]
fn envelope_dates_with_and_without_offsets() {
    let text = "From 1@x Mon Jan 01 00:00:00 +0100 2018\nA: 1\n\n\
                From 2@x Tue Feb  6 07:08:09 2018 -0230\nA: 2\n\n\
                From 3@x Sat Feb 31 07:08:09 2018\nA: 3\n\n\
                From - Thu Feb  8 18:49:08 1996\nA: 4\n\n";
    let dates: Vec<_> = split_every_way(text).into_iter().map(|m| m.delivered_at).collect();
    assert_eq!(
        dates,
        [
            Some(ts("2017-12-31T23:00:00Z")),
            Some(ts("2018-02-06T09:38:09Z")),
            None,
            Some(ts("1996-02-08T18:49:08Z"))
        ]
    );
}

#[test]
fn content_length_is_trusted_only_where_it_lands_on_a_separator() {
    let body = "Forwarded:\n\nFrom carol@x.org Tue Nov 14 10:01:02 2017\nSubject: inner\n\ntext\n";
    let text = format!(
        "From a@x Mon Jan  2 15:04:05 2006\nContent-Length: {}\n\n{body}\n\
         From b@x Mon Jan  2 15:04:06 2006\nContent-Length: 3\n\nlonger than three\n\n\
         From c@x Mon Jan  2 15:04:07 2006\nSubject: last\n\n",
        body.len()
    );
    let messages = split_every_way(&text);
    // The first body's separator-like lines are skipped; the second length is wrong, so the
    // next separator is found by looking.
    assert_eq!(
        headers(&messages),
        [
            format!("Content-Length: {}\n\n", body.len()),
            "Content-Length: 3\n\n".into(),
            "Subject: last\n\n".into()
        ]
    );
}

#[test]
fn a_from_line_followed_by_header_fields_starts_a_message() {
    // Old writers put no blank line before the separator and no date in it.
    let text =
        "From - \nSubject: one\n\nbody\n--boundary--\nFrom - \nMessage-ID: <2@x>\nSubject: two\n\nbody\n";
    let messages = split_every_way(text);
    assert_eq!(headers(&messages), ["Subject: one\n\n", "Message-ID: <2@x>\nSubject: two\n\n"]);
    assert_eq!(messages[0].delivered_at, None);
}

/// An empty scratch directory for one test, under Cargo's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mail_sources").join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Creates `files` (paths relative to `root`, a trailing `/` for an empty directory).
fn tree(root: &Path, files: &[&str]) {
    for file in files {
        let path = root.join(file);
        if file.ends_with('/') {
            fs::create_dir_all(&path).unwrap();
        } else {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, format!("Subject: {file}\n\nbody\n")).unwrap();
        }
    }
}

fn names(root: &Path) -> Vec<String> {
    maildir_folders(root).unwrap().into_iter().map(|f| f.name).collect()
}

/// The messages of the Maildir folder at `path`, as a folder with no role.
fn entries_of(path: &Path) -> io::Result<Vec<MaildirEntry>> {
    maildir_entries(&MaildirFolder { path: path.to_owned(), name: String::new() })
}

fn file_names(folder: &Path) -> Vec<String> {
    let entries = entries_of(folder).unwrap();
    entries.iter().map(|e| e.path.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

#[test]
fn notmuch_default_corpus_every_folder_and_message() {
    let root = mail("notmuch/default");
    let folders = maildir_folders(&root).unwrap();
    let names: Vec<&str> = folders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["", "bar", "bar/baz", "foo", "foo/baz"]);
    assert_eq!(folders[2].path, root.join("bar/baz"));
    let entries: Vec<_> = folders.iter().flat_map(|f| maildir_entries(f).unwrap()).collect();
    // The README's 53 messages: 43 in cur/ or new/, 10 lying in the folders themselves.
    assert_eq!(entries.len(), 53);
    let in_cur_or_new = entries
        .iter()
        .filter(|e| e.path.parent().unwrap().ends_with("cur") || e.path.parent().unwrap().ends_with("new"));
    assert_eq!(in_cur_or_new.count(), 43);
    let copies: BTreeSet<String> = entries.iter().map(|e| e.copy.clone()).collect();
    assert_eq!(copies, (1..=53).map(|n| format!("{n:02}")).collect());
    let cur41 = entries.iter().find(|e| e.path.ends_with("cur/41:2,")).unwrap();
    assert_eq!((cur41.copy.as_str(), cur41.delivered_at), ("41", None));
    let mut header = Vec::new();
    for entry in &entries {
        read_header_block(&entry.path, &mut header).unwrap();
        assert!(header.ends_with(b"\n\n"), "{}", entry.path.display());
        assert!(field(&header, "Message-ID").is_some(), "{}", entry.path.display());
    }
}

#[test]
fn mail_parser_maildir_plus_plus_tree() {
    let root = mail("stalwart-maildir/maildir");
    assert_eq!(names(&root), ["", "My Folder", "My Folder.Nested Folder"]);
    let nested = root.join(".My Folder.Nested Folder");
    let entries = entries_of(&nested).unwrap();
    let copies: Vec<&str> = entries.iter().map(|e| e.copy.as_str()).collect();
    // Sorted by file name; `;2,` is the info separator where `:` cannot be used.
    assert_eq!(copies, ["1035478339.27041_118.foo.org,S=1000,W=1030", "1276533073.M242911P3632.kurkku"]);
    assert_eq!(entries[0].path, nested.join("new/1035478339.27041_118.foo.org,S=1000,W=1030;2,RDF,"));
    assert_eq!(entries[1].delivered_at, Some(ts("2010-06-14T16:31:13Z")));
    assert_eq!(entries_of(&root).unwrap().len(), 2);
}

#[test]
fn maildir_messages_are_in_plain_name_order_however_long_the_shared_start() {
    let root = scratch("order");
    // Names that differ early, names alike in their first 16 bytes and beyond, a name that
    // starts another, and copies in new/ whose names sort between those in cur/.
    tree(
        &root,
        &[
            "cur/1700000000.M1P1Q10.host:2,S",
            "cur/1700000000.M1P1Q9.host:2,S",
            "cur/1700000000.M1P1Q1.host:2,",
            "new/1700000000.M1P1Q",
            "new/1700000000.M1P1Q2.host",
            "cur/16:2,",
            "cur/1700000000.M1P1Q1.host.x:2,",
            "cur/1599999999.M9P9Q9.host:2,",
            "new/1600000000.M0P0Q0.hosz",
        ],
    );
    let copies: Vec<String> = entries_of(&root).unwrap().into_iter().map(|e| e.copy).collect();
    let mut sorted = copies.clone();
    sorted.sort();
    assert_eq!(copies, sorted);
    assert_eq!(copies[..3], ["1599999999.M9P9Q9.host", "16", "1600000000.M0P0Q0.hosz"]);
    assert_eq!(copies[3], "1700000000.M1P1Q");
}

#[test]
fn maildir_trees_of_every_shape() {
    let root = scratch("shapes");
    tree(
        &root,
        &[
            "cur/1700000000.1.host:2,S",
            "new/1600000000.2.host",
            "new/.hidden",
            "tmp/1700000001.3.host",
            "dovecot-uidlist",
            "maildirfolder",
            "notes:todo",
            ".Sent/cur/1500000000.4.host:2,S",
            ".Sent/tmp/",
            ".A.B/new/1400000000.5.host",
            ".notmuch/xapian/flintlock",
            ".empty/",
            "foo/bar/cur/12:2,",
            "foo/bar/deeper/new/13",
            "archive/2019/cur/14:2,",
            "cur/sub/new/not-a-folder",
        ],
    );
    assert!(is_maildir(&root) && is_maildir(&root.join(".A.B")) && !is_maildir(&root.join("foo")));
    assert_eq!(names(&root), ["", "A.B", "Sent", "archive/2019", "foo/bar", "foo/bar/deeper"]);
    // cur/ and new/ sorted together by name; not tmp/, hidden files, or the folder's own
    // files without an info suffix.
    assert_eq!(file_names(&root), ["1600000000.2.host", "1700000000.1.host:2,S"]);
    let entries = entries_of(&root).unwrap();
    assert_eq!(entries[1].copy, "1700000000.1.host");
    assert_eq!(entries[1].delivered_at, Some(ts("2023-11-14T22:13:20Z")));
    assert_eq!(entries[0].copy, "1600000000.2.host");
    // A folder without cur/ or new/ has no messages; a missing one is an error.
    assert!(entries_of(&root.join("foo")).unwrap().is_empty());
    assert!(entries_of(&root.join("nowhere")).is_err());
    // A tree with no Maildir in it.
    assert!(names(&root.join(".notmuch")).is_empty());
}

#[test]
fn read_header_block_reads_no_further_than_it_must() {
    let dir = scratch("header_block");
    let path = dir.join("message");
    let mut buf = b"left over".to_vec();
    // Blank lines ending at, just before and just after the 4 KiB chunk boundary.
    for header_len in (4090_usize..4100).chain([10, 100, 8192, 20_000]) {
        for ending in ["\n\n", "\r\n\r\n"] {
            let mut header = "X-Pad: ".to_owned();
            header.push_str(&"a".repeat(header_len.saturating_sub(7 + ending.len())));
            header.push_str(ending);
            let body = "From the body\n\nmore\n\n".repeat(50_000);
            fs::write(&path, format!("{header}{body}")).unwrap();
            read_header_block(&path, &mut buf).unwrap();
            assert_eq!(String::from_utf8_lossy(&buf), header, "{header_len} {ending:?}");
        }
    }
    fs::write(&path, "Subject: no blank line\nbody?").unwrap();
    read_header_block(&path, &mut buf).unwrap();
    assert_eq!(buf, b"Subject: no blank line\nbody?");
    fs::write(&path, "").unwrap();
    read_header_block(&path, &mut buf).unwrap();
    assert!(buf.is_empty());
    assert!(read_header_block(&dir.join("missing"), &mut buf).is_err());
}

fn prefix(path: &str) -> Vec<u8> {
    let bytes = fs::read(data().join(path)).unwrap();
    bytes[..bytes.len().min(4096)].to_vec()
}

#[test]
fn mbox_and_message_files_are_told_from_other_files() {
    let mboxes = [prefix("mail/ponymail/no_date.mbox"), prefix("mail/mimekit-mbox/content-length.mbox.txt")];
    let messages = [
        prefix("mail/notmuch/default/cur/41:2,"),
        b"Received: from x\n\tby y\nSubject : old style\n\nbody".to_vec(),
        b"X-Mozilla-Status: 0001\r\nMIME-Version: 1.0\r\n".to_vec(),
        b"\xEF\xBB\xBFDate: Thu, 1 Jan 2015 00:00:00 +0000\n".to_vec(),
    ];
    let neither = [
        prefix("vcard/sabre/issue153.vcf"),
        prefix("csv/thunderbird/basic_csv_addressbook.csv"),
        prefix("ical/icaljs/daily_recur.ics"),
        b"Note: a text file\nTodo: nothing\n".to_vec(),
        b" Subject: folded first\n".to_vec(),
        b"Subject: only one line without its end".to_vec(),
        Vec::new(),
    ];
    for mbox in &mboxes {
        assert!(looks_like_mbox(mbox) && !looks_like_message(mbox), "{}", String::from_utf8_lossy(mbox));
    }
    assert!(looks_like_mbox(b"\r\n\nFrom someone"));
    for message in &messages {
        assert!(
            looks_like_message(message) && !looks_like_mbox(message),
            "{}",
            String::from_utf8_lossy(message)
        );
    }
    for other in &neither {
        assert!(!looks_like_mbox(other) && !looks_like_message(other), "{}", String::from_utf8_lossy(other));
    }
}

#[test]
fn bounded_memory_for_absurd_headers_and_lengths() {
    // A header of 1.5 MiB is cut at 1 MiB; the rest is skipped like a body.
    let long = format!(
        "From a@x Mon Jan  2 15:04:05 2006\nSubject: long\n{}\nbody\n\n\
         From b@x Mon Jan  2 15:04:06 2006\nContent-Length: 99999999999\n\nbody\n\n\
         From c@x Mon Jan  2 15:04:07 2006\nContent-Length: 9999\n\nbody\n",
        "X-Filler: 0123456789abcdef\n".repeat(60_000)
    );
    let messages = split(long.as_bytes());
    assert_eq!(messages.len(), 3);
    assert!(messages[0].header.starts_with(b"Subject: long\n") && messages[0].header.len() == 1 << 20);
    assert_eq!(messages[1].header, b"Content-Length: 99999999999\n\n");
    assert_eq!(messages[2].end, long.len() as u64);
}
