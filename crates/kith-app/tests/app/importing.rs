//! Use cases of this area, on a real database: imports of an address book and mail
//! archives (a Maildir++ tree, an mbox) watched by a counting [`Watch`], run twice; dry
//! runs; an export restored; and what the mail read says afterwards.

use crate::support::fresh;
use kith_app::import::{self, Found, Gathered, Options, Problem, Summary, Watch};
use kith_app::{ErrorKind, Progress, Unit};
use kith_core::{Identity, KeptOut};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const NOW: &str = "2026-06-01T12:00:00+00:00[UTC]";
const OWNER: &str = "alex.owner@example.org";

/// Two people and a card naming nobody, which is skipped.
const CONTACTS: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.net\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nTEL:+1 202 555 0143\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:a card about nobody\r\nEND:VCARD\r\n";

/// Everything a watch was told.
#[derive(Default)]
struct Counting {
    told: Mutex<Told>,
}

#[derive(Default, Debug)]
struct Told {
    /// Each piece of work begun: its total and unit.
    begun: Vec<(u64, Unit)>,
    /// What was advanced, summed per piece of work.
    advanced: Vec<u64>,
    ended: usize,
    problems: Vec<String>,
    messages_read: usize,
}

impl Progress for Counting {
    fn begin(&self, total: u64, unit: Unit) {
        let mut told = self.told.lock().unwrap();
        told.begun.push((total, unit));
        told.advanced.push(0);
    }
    fn advance(&self, done: u64) {
        *self.told.lock().unwrap().advanced.last_mut().expect("advanced after begin") += done;
    }
    fn end(&self) {
        self.told.lock().unwrap().ended += 1;
    }
}

impl Watch for Counting {
    fn problem(&self, problem: &Problem<'_>) {
        let text = match problem {
            Problem::InFile { file, problem } => {
                format!("{}:{}: {}", file.display(), problem.line, problem.message)
            }
            Problem::Message(text) => text.to_string(),
        };
        self.told.lock().unwrap().problems.push(text);
    }
    fn messages_read(&self, read: usize) {
        self.told.lock().unwrap().messages_read = read;
    }
}

/// A message file's text.
fn message(id: &str, from: &str, to: &str, date: &str, extra: &str) -> String {
    format!(
        "Message-ID: <{id}@example.net>\r\nFrom: {from}\r\nTo: {to}\r\nDate: {date}\r\nSubject: {id}\r\n{extra}\r\nHello.\r\n"
    )
}

/// A Maildir++ tree: a question from Ada and a list post in the inbox, the owner's
/// answer to Ada in `.Sent`.
fn maildir(root: &Path) -> PathBuf {
    let maildir = root.join("Mail");
    for folder in [maildir.clone(), maildir.join(".Sent")] {
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(folder.join(sub)).unwrap();
        }
    }
    let ada = "Ada Lovelace <ada@example.net>";
    let owner = format!("Alex Owner <{OWNER}>");
    let files = [
        ("cur/1780000001.1.host:2,S", message("q1", ada, &owner, "Mon, 4 May 2026 09:00:00 +0000", "")),
        (
            "cur/1780000002.2.host:2,S",
            message(
                "post1",
                "Bob <bob@example.com>",
                "dev@lists.example.com",
                "Tue, 5 May 2026 09:00:00 +0000",
                "List-Id: <dev.lists.example.com>\r\n",
            ),
        ),
        (
            ".Sent/cur/1780000003.3.host:2,S",
            message("a1", &owner, ada, "Tue, 5 May 2026 10:00:00 +0000", "In-Reply-To: <q1@example.net>\r\n"),
        ),
    ];
    for (name, text) in files {
        std::fs::write(maildir.join(name), text).unwrap();
    }
    maildir
}

fn files(found: Found) -> Gathered {
    match found {
        Found::Files(found) => found,
        Found::Export(export) => panic!("{} read as an export", export.path.display()),
    }
}

async fn import(ctx: &kith_app::Ctx, paths: &[PathBuf], options: &Options, watch: &dyn Watch) -> Summary {
    let found = files(import::gather(paths, None).expect("gathered"));
    import::run(ctx, found, options, watch).await.expect("imported")
}

fn me() -> Options {
    Options { me: Some(Identity::email(OWNER).unwrap()), ..Options::default() }
}

/// An address book and a Maildir imported once give people, a log and figures; the
/// card naming nobody is told as it is found; imported again, nothing is added and no
/// message file is read again.
#[tokio::test]
async fn an_address_book_and_a_maildir_import_once() {
    let (dir, ctx) = fresh(NOW).await;
    let vcf = dir.path().join("contacts.vcf");
    std::fs::write(&vcf, CONTACTS).unwrap();
    let paths = vec![vcf.clone(), maildir(dir.path())];

    let watch = Counting::default();
    let first = import(&ctx, &paths, &me(), &watch).await;
    assert_eq!((first.imported, first.skipped), (2, 1), "{first:?}");
    assert_eq!(first.files.len(), 1);
    assert_eq!((first.files[0].contacts, first.files[0].format.as_str()), (2, "vcard"));
    let mail = first.mail.as_ref().expect("the Maildir was read");
    assert_eq!((mail.read, mail.already_read, mail.unreadable), (3, 0, 0), "{mail:?}");
    assert_eq!((mail.tally.stored, mail.tally.logged, mail.tally.sent_by_you), (3, 2, 1), "{mail:?}");
    assert_eq!(mail.tally.kept_out.get(&KeptOut::MailingList), Some(&1), "{mail:?}");
    assert_eq!(mail.tally.people_added, 0, "Ada's mail joins her card: {mail:?}");
    {
        let told = watch.told.lock().unwrap();
        assert_eq!(told.begun, vec![(2, Unit::Records), (3, Unit::Messages)]);
        assert_eq!(told.advanced, vec![2, 3], "progress reaches each total");
        assert_eq!(told.ended, 2);
        assert_eq!(told.messages_read, 3);
        assert_eq!(told.problems.len(), 1, "{:?}", told.problems);
        assert!(told.problems[0].starts_with(&format!("{}:", vcf.display())), "{:?}", told.problems);
        assert_eq!(first.files[0].problems.len(), 1, "the summary has the problem too");
    }
    let json = serde_json::to_value(&first).unwrap();
    let back: Summary = serde_json::from_value(json.clone()).expect("the summary reads back");
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    assert_eq!(json["mail"]["kept_out"]["mailing_list"], 1, "{json}");
    assert_eq!(ctx.store.owner_identities().await.unwrap(), vec![Identity::email(OWNER).unwrap()]);
    let people = ctx.store.snapshot().await.unwrap().people;
    assert_eq!(people.len(), 2, "Ada, Grace; nobody for the list post");

    let again = import(&ctx, &paths, &Options::default(), &Counting::default()).await;
    assert_eq!((again.imported, again.unchanged), (0, 2), "{again:?}");
    let mail = again.mail.as_ref().expect("the Maildir was looked at");
    assert_eq!((mail.read, mail.already_read, mail.tally.stored), (0, 3, 0), "{mail:?}");
    assert_eq!(ctx.store.snapshot().await.unwrap().people.len(), 2);

    // What the mail says afterwards.
    let found = kith_app::mail::correspondents(&ctx).await.unwrap();
    assert_eq!(found.owner, vec![OWNER.to_owned()]);
    let ada = &found.contacts["ada@example.net"];
    assert_eq!((ada.from_them, ada.to_them, ada.owner_replied_to_them), (1, 1, 1), "{ada:?}");
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json["contacts"]["ada@example.net"]["first"], "2026-05-04T09:00:00Z");
    let kept = kith_app::mail::kept_out(&ctx, Some(KeptOut::MailingList)).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].subject.as_deref(), Some("post1"));
}

/// An mbox read once is resumed from its checkpoint: read again, it is one archive
/// already read and no message is stored twice.
#[tokio::test]
async fn an_mbox_is_resumed_where_it_was_left() {
    let (dir, ctx) = fresh(NOW).await;
    let mbox = dir.path().join("archive.mbox");
    let ada = "Ada Lovelace <ada@example.net>";
    let mut text = String::new();
    for (n, day) in [(1, 4), (2, 5), (3, 6)] {
        text.push_str("From ada@example.net Mon May  4 09:00:00 2026\n");
        let date = format!("{day} May 2026 09:00:00 +0000");
        text.push_str(&message(&format!("m{n}"), ada, OWNER, &date, "").replace("\r\n", "\n"));
        text.push('\n');
    }
    std::fs::write(&mbox, &text).unwrap();
    let watch = Counting::default();
    let first = import(&ctx, std::slice::from_ref(&mbox), &me(), &watch).await;
    let mail = first.mail.expect("read as mail");
    assert_eq!((mail.read, mail.tally.logged), (3, 3), "{mail:?}");
    assert_eq!(watch.told.lock().unwrap().begun, vec![(0, Unit::Records), (text.len() as u64, Unit::Bytes)]);

    let again = import(&ctx, &[mbox], &Options::default(), &Counting::default()).await;
    let mail = again.mail.expect("read as mail");
    assert_eq!((mail.read, mail.already_read, mail.tally.stored), (0, 1, 0), "{mail:?}");
}

/// A dry run says what an import would do and writes nothing, not even the owner.
#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let (dir, ctx) = fresh(NOW).await;
    let vcf = dir.path().join("contacts.vcf");
    std::fs::write(&vcf, CONTACTS).unwrap();
    let paths = vec![vcf, maildir(dir.path())];
    let options = Options { dry_run: true, ..me() };
    let dry = import(&ctx, &paths, &options, &Counting::default()).await;
    assert!(dry.dry_run);
    assert_eq!(dry.imported, 2);
    let mail = dry.mail.expect("the Maildir was read");
    assert_eq!((mail.read, mail.tally.stored, mail.tally.logged), (3, 3, 2), "{mail:?}");
    let snapshot = ctx.store.snapshot().await.unwrap();
    assert!(snapshot.people.is_empty() && snapshot.interactions.is_empty());
    assert!(ctx.store.owner_identities().await.unwrap().is_empty());
}

/// Mail is not read before the owner is known; the refusal proposes the sender of the
/// sent folder.
#[tokio::test]
async fn mail_needs_an_owner_and_the_sent_folder_proposes_one() {
    let (dir, ctx) = fresh(NOW).await;
    let paths = vec![maildir(dir.path())];
    let guess = import::guess_owner(&paths).unwrap().expect("a guess");
    assert!(guess.from_sent_folders);
    let found = files(import::gather(&paths, None).unwrap());
    let refused = import::run(&ctx, found, &Options::default(), &kith_app::Silent).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    assert!(refused.to_string().contains(&format!("kith me add {OWNER}")), "{refused}");
    assert!(ctx.store.snapshot().await.unwrap().people.is_empty());
}

/// What cannot be imported is refused before any database is needed: nothing known,
/// a path that does not exist, a format the file does not fit, an export beside other
/// files.
#[tokio::test]
async fn gathering_refuses_what_cannot_be_imported() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "just some words\n").unwrap();
    let kind = |found: kith_app::Result<Found>| found.err().map(|e| e.kind());
    assert_eq!(kind(import::gather(std::slice::from_ref(&notes), None)), Some(ErrorKind::Invalid));
    assert_eq!(kind(import::gather(&[dir.path().join("missing.vcf")], None)), Some(ErrorKind::NotFound));
    let ical = "ical".parse().unwrap();
    let vcf = dir.path().join("contacts.vcf");
    std::fs::write(&vcf, CONTACTS).unwrap();
    assert_eq!(kind(import::gather(std::slice::from_ref(&vcf), Some(ical))), Some(ErrorKind::Invalid));
    assert!("nonsense".parse::<import::FormatChoice>().is_err());

    let (_db, ctx) = fresh(NOW).await;
    let export = dir.path().join("export.json");
    let snapshot = ctx.store.snapshot().await.unwrap();
    std::fs::write(&export, serde_json::to_string(&snapshot).unwrap()).unwrap();
    assert_eq!(kind(import::gather(&[export.clone(), vcf], None)), Some(ErrorKind::Invalid));
    assert!(matches!(import::gather(&[export], None).unwrap(), Found::Export(_)));
}

/// An export restores everything it holds into an empty database.
#[tokio::test]
async fn an_export_restores_into_an_empty_database() {
    let (dir, ctx) = fresh(NOW).await;
    let vcf = dir.path().join("contacts.vcf");
    std::fs::write(&vcf, CONTACTS).unwrap();
    import(&ctx, &[vcf], &Options::default(), &kith_app::Silent).await;
    let export = dir.path().join("export.json");
    std::fs::write(&export, serde_json::to_string(&ctx.store.snapshot().await.unwrap()).unwrap()).unwrap();

    let (_other, empty) = fresh(NOW).await;
    let Found::Export(found) = import::gather(&[export], None).unwrap() else { panic!("not an export") };
    let restored = import::restore(&empty, *found).await.unwrap();
    assert_eq!((restored.people, restored.interactions), (2, 0));
    assert_eq!(empty.store.snapshot().await.unwrap(), ctx.store.snapshot().await.unwrap());
}

/// kith-import's real mail fixtures: Maildirs from notmuch and Stalwart, and mboxes from
/// Pony Mail.
fn mail_fixtures() -> Vec<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data/mail");
    ["notmuch/default", "stalwart-maildir/maildir", "ponymail"].iter().map(|sub| data.join(sub)).collect()
}

/// The mail fixtures imported 200 times in a row into one database, each import given
/// 20 seconds: none may hang (an earlier store shared its SQLite connection between two
/// drivers, and about one re-import in twenty waited forever), and after the first none
/// stores anything again. The imports run on a thread of their own, so that a hang in
/// the store, even one blocking its async runtime, fails the test instead of stalling it.
#[test]
fn the_mail_fixtures_imported_again_two_hundred_times_never_hang() {
    const TIMES: usize = 200;
    let (done, finished) = std::sync::mpsc::channel();
    let importing = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (_dir, ctx) = fresh(NOW).await;
            let paths = mail_fixtures();
            for time in 0..TIMES {
                let summary = import(&ctx, &paths, &me(), &Counting::default()).await;
                let mail = summary.mail.expect("the fixtures are mail");
                done.send((time, mail.read, mail.tally.stored)).unwrap();
            }
        });
    });
    let mut first_stored = 0;
    for time in 0..TIMES {
        let (n, read, stored) = finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("re-import {time} did not finish within 20 seconds"));
        assert_eq!(n, time);
        if time == 0 {
            first_stored = stored;
            assert!(read > 50 && stored > 50, "{read} read, {stored} stored");
        } else {
            assert_eq!(stored, 0, "re-import {time} stored again");
        }
    }
    assert!(first_stored > 0);
    importing.join().unwrap();
}
