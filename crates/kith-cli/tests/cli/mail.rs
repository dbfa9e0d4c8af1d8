//! Mail import end to end: generated archives checked against their ground truth, imports
//! run twice, stopped half-way or started without an owner, and real archives from other
//! projects checked against what those projects' own tests say about them.
//!
//! The generated archives come from `bench/gen_maildir.py` (Python 3, standard library
//! only): the same messages as a Maildir++ tree and as one mbox, with the generator's own
//! per-address figures (`--truth`) and counts (`<out>.manifest.json`).

use crate::support::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

/// The owner of every generated archive.
const OWNER: &str = "alex.owner@example.org";

/// The figures `kith mail correspondents` gives for each address.
const FIGURES: [&str; 7] =
    ["from_them", "to_them", "cc_with", "first", "last", "they_replied_to_owner", "owner_replied_to_them"];

/// The archive most tests use: small enough to generate and import in a few seconds.
const SMALL: [&str; 6] = ["--messages", "3000", "--correspondents", "200", "--seed", "11"];

/// What makes an archive light: short bodies, no attachments (kith reads only headers).
const LIGHT: [&str; 6] = ["--min-body", "50", "--max-body", "300", "--multipart-fraction", "0"];

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// kith-import's mail fixtures.
fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data/mail").join(sub)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("could not read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn array(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("expected an array, got {value}"))
}

fn count(value: &Value) -> usize {
    value.as_u64().unwrap_or_else(|| panic!("expected a count, got {value}")) as usize
}

/// What `bench/gen_maildir.py` writes.
#[derive(Clone, Copy)]
enum Layout {
    /// A Maildir++ tree and an mbox of the same messages, and the truth.
    Both,
    /// The Maildir++ tree only.
    Maildir,
    /// The mbox only (the generator makes the same messages, and writes it much faster).
    Mbox,
}

/// A synthetic archive from `bench/gen_maildir.py`, in the test's directory: `name/`
/// (Maildir++), `name.mbox`, `name.truth.json`, as the layout says.
struct Archive {
    maildir: PathBuf,
    mbox: PathBuf,
    manifest: Value,
    /// `{"owner", "contacts": {address: figures}}`, when generated with it.
    truth: Option<Value>,
}

/// A running generator; dropped unfinished (a test failed), it is stopped.
struct Generating {
    child: std::process::Child,
    maildir: PathBuf,
    mbox: PathBuf,
    manifest: PathBuf,
    truth: Option<PathBuf>,
    args: Vec<String>,
}

impl Generating {
    fn start(k: &Kith, name: &str, args: &[&str], layout: Layout) -> Self {
        let maildir = k.path(name);
        let mbox = k.path(&format!("{name}.mbox"));
        let mut cmd = StdCommand::new("python3");
        cmd.arg(repo_file("bench/gen_maildir.py")).args(args);
        let (manifest, truth) = match layout {
            Layout::Mbox => {
                cmd.arg("--no-maildir").arg("--mbox").arg(&mbox);
                (format!("{name}.mbox.manifest.json"), None)
            }
            Layout::Maildir => {
                cmd.arg("--out").arg(&maildir);
                (format!("{name}.manifest.json"), None)
            }
            Layout::Both => {
                let truth = k.path(&format!("{name}.truth.json"));
                cmd.arg("--out").arg(&maildir).arg("--mbox").arg(&mbox).arg("--truth").arg(&truth);
                (format!("{name}.manifest.json"), Some(truth))
            }
        };
        // It prints one line of JSON at the end, which the pipe holds.
        let spawned = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
        let child = spawned.unwrap_or_else(|e| {
            panic!(
                "python3 is needed to generate the test mail archives (bench/gen_maildir.py), and it \
                 could not be run: {e}"
            )
        });
        let args = args.iter().map(|a| a.to_string()).collect();
        Self { child, maildir, mbox, manifest: k.path(&manifest), truth, args }
    }

    fn finish(mut self) -> Archive {
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("the generator's messages");
        }
        let status = self.child.wait().expect("python3 ran");
        assert!(
            status.success(),
            "bench/gen_maildir.py {} failed ({status}):\n{stderr}",
            self.args.join(" ")
        );
        let manifest = read_json(&self.manifest);
        assert_eq!(manifest["owner"], OWNER, "the generator's owner");
        let truth = self.truth.as_deref().map(read_json);
        Archive { maildir: self.maildir.clone(), mbox: self.mbox.clone(), manifest, truth }
    }
}

impl Drop for Generating {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Archive {
    /// The small archive, with its truth: real-looking messages, bodies and attachments
    /// of every size.
    fn small(k: &Kith) -> Self {
        Generating::start(k, "archive", &SMALL, Layout::Both).finish()
    }

    /// The small archive's messages with short bodies, quicker to write.
    fn light(k: &Kith) -> Self {
        Generating::start(k, "archive", &[&SMALL[..], &LIGHT[..]].concat(), Layout::Both).finish()
    }

    /// One of the generator's counts: `messages` (logical messages), `files` (message
    /// files, and mbox messages: copies of self-Cc'd messages included), `list`...
    fn stat(&self, key: &str) -> usize {
        count(&self.manifest["stats"][key])
    }

    fn truth(&self) -> &Value {
        &self.truth.as_ref().expect("generated with --truth")["contacts"]
    }
}

/// Runs `kith --db DB --json ARGS`, which must succeed without panicking; its output.
fn json_on(k: &Kith, db: &Path, args: &[&str]) -> Value {
    let assert = k.cmd_on(db).arg("--json").args(args).assert();
    let stderr = stderr_of(&assert);
    assert!(!stderr.contains("panicked"), "`kith {}` panicked:\n{stderr}", args.join(" "));
    parse_json(&stdout_of(assert.success()), args)
}

/// `kith import PATHS... EXTRA...` into DB; the summary's `mail` part.
fn import_mail(k: &Kith, db: &Path, paths: &[&Path], extra: &[&str]) -> Value {
    let mut args = vec!["import"];
    args.extend(paths.iter().map(|p| arg(p)));
    args.extend_from_slice(extra);
    let summary = json_on(k, db, &args);
    let mail = summary["mail"].clone();
    assert!(mail.is_object(), "`kith import` of mail prints a mail summary: {summary}");
    mail
}

/// `kith mail correspondents --json`: the figures by address.
fn correspondents(k: &Kith, db: &Path) -> Value {
    json_on(k, db, &["mail", "correspondents"])["contacts"].clone()
}

/// A new, initialised database in the test's directory.
fn new_db(k: &Kith, name: &str) -> PathBuf {
    let db = k.path(name);
    k.cmd_on(&db).arg("init").assert().success();
    db
}

/// Checks `kith mail correspondents` against the generator's truth: every address, every
/// figure, and no address the truth does not have. Names the first differences.
#[track_caller]
fn assert_matches_truth(got: &Value, truth: &Value, what: &str) {
    let got = got.as_object().expect("correspondents by address");
    let truth = truth.as_object().expect("the truth by address");
    assert!(truth.len() > 50, "the truth is too small to mean much: {} addresses", truth.len());
    let mut differences = Vec::new();
    for (address, expected) in truth {
        let Some(figures) = got.get(address) else {
            differences.push(format!("{address}: missing"));
            continue;
        };
        for figure in FIGURES {
            if figures[figure] != expected[figure] {
                differences.push(format!(
                    "{address}: {figure} is {}, the truth says {}",
                    figures[figure], expected[figure]
                ));
            }
        }
    }
    for address in got.keys().filter(|a| !truth.contains_key(*a)) {
        differences.push(format!("{address}: not in the truth ({})", got[address]));
    }
    assert!(
        differences.is_empty(),
        "{what}: {} differences from the truth; the first:\n{}",
        differences.len(),
        differences.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// `kith export json` without what differs between two databases holding the same
/// things (random ids, the time people were added): each person as their fields, each
/// interaction as its fields with the participants' identities for their ids, the owner
/// and every stored message. One line each, sorted.
fn canonical(export: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(export).expect("`kith export json` prints JSON");
    let mut lines = Vec::new();
    let mut who: HashMap<String, String> = HashMap::new();
    for person in array(&v["people"]) {
        let identities = identity_values(&person["identities"]).join(" ");
        who.insert(person["id"].as_str().expect("a person id").to_owned(), identities.clone());
        let mut person = person.clone();
        let fields = person.as_object_mut().expect("a person");
        fields.remove("id");
        fields.remove("created_at");
        lines.push(format!("person {identities}: {person}"));
    }
    for interaction in array(&v["interactions"]) {
        let mut interaction = interaction.clone();
        let fields = interaction.as_object_mut().expect("an interaction");
        fields.remove("id");
        let mut participants: Vec<String> = array(&fields["participants"])
            .iter()
            .map(|p| {
                who.get(p.as_str().unwrap_or_default()).cloned().unwrap_or_else(|| format!("unknown {p}"))
            })
            .collect();
        participants.sort();
        fields.insert("participants".into(), participants.into());
        lines.push(format!("interaction {interaction}"));
    }
    lines.push(format!("owner {}", v["owner"]));
    for message in array(&v["mail"]) {
        lines.push(format!("mail {message}"));
    }
    lines.sort();
    lines
}

/// Checks two canonical exports are the same, naming the first lines that differ.
#[track_caller]
fn assert_same_lines(got: &[String], expected: &[String], what: &str) {
    if got == expected {
        return;
    }
    let tally = |lines: &[String]| {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for line in lines {
            *n.entry(line.clone()).or_default() += 1;
        }
        n
    };
    let (a, b) = (tally(got), tally(expected));
    let only = |x: &BTreeMap<String, usize>, y: &BTreeMap<String, usize>| {
        x.iter()
            .filter(|(line, n)| y.get(*line) != Some(n))
            .map(|(line, _)| line.clone())
            .take(6)
            .collect::<Vec<_>>()
    };
    panic!(
        "{what}: {} lines, expected {}\nonly here (or not as often):\n{}\nonly in the expected:\n{}",
        got.len(),
        expected.len(),
        only(&a, &b).join("\n"),
        only(&b, &a).join("\n")
    );
}

// --- generated archives ---------------------------------------------------------------

#[test]
fn a_maildir_and_an_mbox_give_exactly_the_true_figures() {
    let k = Kith::new();
    let archive = Archive::small(&k);
    for (source, name) in [(&archive.maildir, "Maildir"), (&archive.mbox, "mbox")] {
        let db = new_db(&k, &format!("{name}.db"));
        let mail = import_mail(&k, &db, &[source], &["--me", OWNER]);
        assert_eq!(count(&mail["read"]), archive.stat("files"), "{name}: every message read: {mail}");
        assert_eq!(count(&mail["unreadable"]), 0, "{name}: {mail}");
        // Copies of a message the owner sent themselves are one message.
        assert_eq!(count(&mail["stored"]), archive.stat("messages"), "{name}: {mail}");
        assert_eq!(count(&mail["duplicates"]), archive.stat("self_cc_dups"), "{name}: {mail}");
        assert_matches_truth(&correspondents(&k, &db), archive.truth(), name);
    }
}

#[test]
fn the_same_messages_from_a_maildir_and_an_mbox_are_stored_once() {
    let k = Kith::new();
    let archive = Archive::small(&k);
    let first = import_mail(&k, k.db(), &[&archive.maildir], &["--me", OWNER]);
    assert_eq!(count(&first["stored"]), archive.stat("messages"), "{first}");
    let figures = correspondents(&k, k.db());
    let people = len(&k.json(&["person", "list"]));

    let second = import_mail(&k, k.db(), &[&archive.mbox], &[]);
    assert_eq!(count(&second["read"]), archive.stat("files"), "the mbox is read: {second}");
    assert_eq!(count(&second["stored"]), 0, "every message of the mbox is stored already: {second}");
    assert_eq!(count(&second["duplicates"]), archive.stat("files"), "{second}");
    assert_eq!(count(&second["interactions"]), 0, "{second}");
    assert_eq!(count(&second["people_added"]), 0, "{second}");
    assert_eq!(len(&k.json(&["person", "list"])), people);
    assert_eq!(correspondents(&k, k.db()), figures, "the same mail, imported again, changed the figures");
}

#[test]
fn importing_the_same_archive_again_reads_nothing_and_changes_nothing() {
    let k = Kith::new();
    let archive = Archive::light(&k);
    import_mail(&k, k.db(), &[&archive.maildir], &["--me", OWNER]);
    let before = k.export();
    let again = import_mail(&k, k.db(), &[&archive.maildir], &[]);
    assert_eq!(count(&again["already_read"]), archive.stat("files"), "every file is known: {again}");
    assert_eq!(count(&again["read"]), 0, "no file is opened again: {again}");
    assert_eq!(count(&again["stored"]), 0, "{again}");
    assert_eq!(k.export(), before, "a second import of the Maildir changed the database");

    let db = new_db(&k, "mbox.db");
    import_mail(&k, &db, &[&archive.mbox], &["--me", OWNER]);
    let before = k.export_of(&db);
    let again = import_mail(&k, &db, &[&archive.mbox], &[]);
    assert_eq!(count(&again["already_read"]), 1, "the mbox is known as read to its end: {again}");
    assert_eq!(count(&again["read"]), 0, "{again}");
    assert_eq!(k.export_of(&db), before, "a second import of the mbox changed the database");
    let dry = import_mail(&k, &db, &[&archive.mbox], &["--dry-run"]);
    assert_eq!(
        (count(&dry["read"]), count(&dry["stored"])),
        (0, 0),
        "a dry run knows the mbox is read: {dry}"
    );
}

/// Imports `source` into a new database, kills the import (SIGKILL) after it has
/// committed some of the archive and before it has committed all of it, and runs it again
/// to the end; returns the database and the second run's summary.
///
/// kith cannot be asked how far an import is while it runs: every kith command waits to
/// open the database until the import's write is over. So the import is killed after a
/// delay, and the second run says how far the first got: when it finds nothing already
/// imported the kill came too early, when it reads nothing it came too late, and it is
/// all tried again on a new database with a delay in between, starting from three
/// quarters of the time a whole import took.
fn kill_and_resume(k: &Kith, source: &Path, whole_took: Duration, name: &str) -> (PathBuf, Value) {
    const ATTEMPTS: usize = 8;
    let (mut early, mut late) = (whole_took / 2, whole_took);
    let mut outcomes = Vec::new();
    for attempt in 1..=ATTEMPTS {
        let delay = (early + late) / 2;
        let db = new_db(k, &format!("{name}-stopped-{attempt}.db"));
        let log = k.path(&format!("{name}-stopped-{attempt}.stderr"));
        let mut child = k
            .std_cmd(&db)
            .args(["--json", "import", arg(source), "--me", OWNER])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("kith starts");
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap();
        if finished.is_none() {
            child.kill().expect("the import can be killed");
        }
        let status = child.wait().unwrap();
        if let Some(status) = finished {
            let stderr = std::fs::read_to_string(&log).unwrap_or_default();
            assert!(status.success(), "the import of the {name} failed ({status}):\n{stderr}");
        }
        let rest = import_mail(k, &db, &[source], &["--me", OWNER]);
        let (read, already) = (count(&rest["read"]), count(&rest["already_read"]));
        outcomes.push(format!("killed after {delay:?} ({status}); then {rest}"));
        if already == 0 {
            early = delay;
            late = late.max(early.mul_f64(1.5));
        } else if read == 0 {
            late = delay;
            early = early.min(late / 2);
        } else {
            return (db, rest);
        }
    }
    panic!(
        "could not stop the import of the {name} half-way in {ATTEMPTS} attempts (a whole import took \
         {whole_took:?}; kith writes mail in large batches, and the archive may be too small for more \
         than one):\n{}",
        outcomes.join("\n")
    );
}

/// Kills an import of `source` half-way, runs it again, and checks that the database
/// ends up as one uninterrupted import leaves it.
fn check_killed_import(k: &Kith, archive: &Archive, source: &Path, name: &str) {
    let files = archive.stat("files");
    let whole = new_db(k, &format!("{name}-whole.db"));
    let started = Instant::now();
    import_mail(k, &whole, &[source], &["--me", OWNER]);
    let whole_took = started.elapsed();

    let (stopped, rest) = kill_and_resume(k, source, whole_took, name);
    let (read, already) = (count(&rest["read"]), count(&rest["already_read"]));
    if source == archive.maildir {
        assert_eq!(
            already + read,
            files,
            "the rerun skips the files already imported and reads the rest: {rest}"
        );
    } else {
        assert_eq!(already, 1, "the rerun resumes the mbox: {rest}");
        assert!(read < files, "the rerun reads only what was not imported: {rest}");
    }
    assert_eq!(
        correspondents(k, &stopped),
        correspondents(k, &whole),
        "{name}: the figures after a killed import and its rerun differ from one import's"
    );
    let (got, expected) = std::thread::scope(|s| {
        let got = s.spawn(|| canonical(&k.export_of(&stopped)));
        (got.join().unwrap(), canonical(&k.export_of(&whole)))
    });
    assert_same_lines(&got, &expected, &format!("{name}: the database after a killed import and its rerun"));
}

#[test]
fn an_import_killed_half_way_finishes_as_if_it_had_never_stopped() {
    let k = Kith::new();
    // kith commits mail in batches of up to 20,000 messages: the archive spans at least
    // two, the last big enough to be caught in. The bodies are kept short, since kith reads
    // only the headers. The mbox is written (fast) on its own, and checked while the
    // Maildir is being written.
    let args = [&["--messages", "25000", "--correspondents", "500", "--seed", "23"][..], &LIGHT[..]].concat();
    let maildir = Generating::start(&k, "big", &args, Layout::Maildir);
    let mbox = Generating::start(&k, "big", &args, Layout::Mbox).finish();
    check_killed_import(&k, &mbox, &mbox.mbox, "mbox");
    let maildir = maildir.finish();
    assert_eq!(maildir.manifest["stats"], mbox.manifest["stats"], "the generator made other messages");
    check_killed_import(&k, &maildir, &maildir.maildir, "Maildir");
}

#[test]
fn without_an_owner_a_mail_import_proposes_the_likeliest_and_writes_nothing() {
    let k = Kith::new();
    let archive = Archive::light(&k);
    // The Maildir: the commonest sender of its Sent folder.
    let line = k.refused(&["import", arg(&archive.maildir)], 2, &["kith me add", "--me"]);
    assert!(line.contains("the messages of your sent folders"), "{line}");
    assert!(line.contains(&format!("run `kith me add {OWNER}`")), "the owner is proposed: {line}");
    // The mbox, which has no sent folder: the address in the most personal messages.
    let line = k.refused(&["import", arg(&archive.mbox)], 2, &["kith me add", "--me"]);
    assert!(line.contains("personal messages read involve"), "{line}");
    assert!(line.contains(&format!("run `kith me add {OWNER}`")), "the owner is proposed: {line}");
    assert_eq!(len(&k.json(&["person", "list"])), 0);
    assert_eq!(len(&k.json(&["me", "list"])), 0, "no owner was stored");
    assert_eq!(len(&k.json(&["mail", "kept-out"])), 0, "no message was stored");
}

#[test]
fn mailing_list_posts_are_kept_out_and_listed() {
    let k = Kith::new();
    let archive = Archive::light(&k);
    let posts = archive.stat("list");
    assert!(posts > 100, "the archive has list posts: {}", archive.manifest["stats"]);
    let mail = import_mail(&k, k.db(), &[&archive.maildir], &["--me", OWNER]);
    let kept_out: BTreeMap<String, usize> =
        mail["kept_out"].as_object().unwrap().iter().map(|(why, n)| (why.clone(), count(n))).collect();
    // Everything else in the archive is personal mail.
    assert_eq!(kept_out, BTreeMap::from([("mailing_list".to_owned(), posts)]), "{mail}");
    let listed = k.json(&["mail", "kept-out", "--reason", "mailing_list"]);
    assert_eq!(len(&listed), posts);
    for message in array(&listed) {
        assert_eq!(message["kept_out"], "mailing_list", "{message}");
        // The generator sends list posts to the list's address only.
        let to = field(&message["recipients"], "address");
        assert!(to.len() == 1 && to[0].contains("@lists."), "a list post to {to:?}: {message}");
        assert!(message["from"]["address"].is_string(), "{message}");
    }
    assert_eq!(len(&k.json(&["mail", "kept-out"])), posts, "no message is kept out for another reason");
    // Nobody is logged for a list post.
    let keys: BTreeSet<&str> = array(&listed).iter().map(|m| m["key"].as_str().unwrap()).collect();
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let logged =
        array(&export["interactions"]).iter().filter(|i| keys.contains(i["message"].as_str().unwrap_or("")));
    assert_eq!(logged.count(), 0, "an interaction comes from a list post");
}

#[test]
fn a_dry_run_of_a_maildir_writes_nothing_and_says_what_an_import_would_do() {
    let k = Kith::new();
    let archive = Archive::light(&k);
    k.add_person("Ada Lovelace", &["--email", "ada@example.net"]);
    let before = k.export();
    let dry = import_mail(&k, k.db(), &[&archive.maildir], &["--me", OWNER, "--dry-run"]);
    assert_eq!(k.export(), before, "a dry run changed the database");
    assert_eq!(len(&k.json(&["me", "list"])), 0, "a dry run stored the owner");
    let real = import_mail(&k, k.db(), &[&archive.maildir], &["--me", OWNER]);
    for figure in ["read", "stored", "duplicates", "kept_out", "undated", "unreadable"] {
        assert_eq!(dry[figure], real[figure], "{figure}: the dry run said {dry}, the import did {real}");
    }
    assert_eq!(count(&real["stored"]), archive.stat("messages"));
}

// --- real archives --------------------------------------------------------------------

/// The header block of a message, unfolded: (lower-cased name, value) in order.
fn header_fields(message: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(message);
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
    fields
}

fn header<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// A Message-ID as kith keys a message: without its angle brackets.
fn message_id(value: &str) -> String {
    value.trim().trim_start_matches('<').trim_end_matches('>').to_owned()
}

/// Whitespace runs as one space, and the `Re:` prefixes notmuch leaves out of a thread's
/// subject dropped.
fn plain_subject(subject: &str) -> String {
    let mut s = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    while s.len() >= 3 && s[..3].eq_ignore_ascii_case("re:") {
        s = s[3..].trim_start().to_owned();
    }
    s
}

/// One thread of notmuch's search listing.
#[derive(Debug)]
struct ListedThread {
    total: usize,
    /// Authors and subject, whitespace collapsed.
    rest: String,
}

/// Parses `notmuch-search-tag-inbox`: `  DATE [MATCHED/TOTAL]   AUTHORS  SUBJECT (TAGS)`.
fn notmuch_threads(listing: &str) -> Vec<ListedThread> {
    let mut threads = Vec::new();
    for line in listing.lines().filter(|l| !l.trim().is_empty() && *l != "End of search results.") {
        let (_date, rest) =
            line.trim_start().split_once(' ').unwrap_or_else(|| panic!("a search line: {line}"));
        let (counts, rest) = rest.split_once(']').unwrap_or_else(|| panic!("no [matched/total]: {line}"));
        let (_, total) = counts.trim_start_matches('[').split_once('/').expect("matched/total");
        let (rest, _tags) =
            rest.trim_end().strip_suffix(')').and_then(|r| r.rsplit_once(" (")).expect("(tags)");
        threads.push(ListedThread {
            total: total.parse().expect("a message count"),
            rest: rest.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    threads
}

#[test]
fn notmuch_corpus_threads_and_their_authors_match_notmuch() {
    let k = Kith::new();
    let corpus = fixtures("notmuch/default");
    let mail = import_mail(&k, k.db(), &[&corpus], &["--me", "cworth@cworth.org"]);
    let hello = std::fs::read_to_string(fixtures("notmuch/expected-output/notmuch-hello")).unwrap();
    let notmuch_count: usize = hello
        .split("You have ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("notmuch-hello says how many messages there are");
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let messages = array(&export["mail"]);
    // 53 files, one of them a second copy of a message.
    assert_eq!(messages.len(), notmuch_count, "distinct messages: {mail}");
    assert_eq!(count(&mail["stored"]), notmuch_count, "{mail}");
    assert_eq!(count(&mail["read"]), 53, "every file of the nested folders: {mail}");

    let mut threads: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for message in messages {
        threads.entry(message["thread"].as_str().expect("a thread")).or_default().push(message);
    }
    let listing =
        std::fs::read_to_string(fixtures("notmuch/expected-output/notmuch-search-tag-inbox")).unwrap();
    let listed = notmuch_threads(&listing);
    assert_eq!(listed.len(), threads.len(), "threads: notmuch lists {listed:#?}");
    assert_eq!(listed.iter().map(|t| t.total).sum::<usize>(), notmuch_count);
    let mut matched = BTreeSet::new();
    for line in &listed {
        // The thread whose subject ends the line (the longest such subject): notmuch prints
        // a thread's subject without `Re:`, tabs in a folded subject as spaces.
        let found = threads
            .iter()
            .filter_map(|(thread, messages)| {
                let subjects = messages.iter().filter_map(|m| m["subject"].as_str()).map(plain_subject);
                let longest =
                    subjects.filter(|s| line.rest.ends_with(&format!(" {s}"))).max_by_key(String::len)?;
                Some((longest.len(), *thread, messages))
            })
            .max_by_key(|(n, ..)| *n);
        let Some((subject_len, thread, messages)) = found else {
            panic!("no stored thread has the subject of notmuch's {line:?}")
        };
        assert!(matched.insert(thread), "two of notmuch's threads are one thread in kith: {line:?}");
        assert_eq!(messages.len(), line.total, "messages in the thread {line:?}");
        let authors: BTreeSet<&str> = line.rest[..line.rest.len() - subject_len - 1].split(", ").collect();
        let senders: BTreeSet<String> = messages
            .iter()
            .map(|m| {
                let from = &m["from"];
                from["name"].as_str().or(from["address"].as_str()).unwrap_or("").to_owned()
            })
            .collect();
        let senders: BTreeSet<&str> = senders.iter().map(String::as_str).collect();
        assert_eq!(senders, authors, "the senders of the thread {line:?}");
    }
}

/// The messages of an mbox file as (envelope line, Message-ID), split at `From ` lines
/// that start the file or follow a blank line.
fn mbox_message_ids(path: &Path) -> Vec<Option<String>> {
    let bytes = std::fs::read(path).unwrap();
    let mut ids = Vec::new();
    let mut after_blank = true;
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| at + n + 1);
        let line = bytes[at..end].trim_ascii_end();
        if after_blank && line.starts_with(b"From ") {
            let fields = header_fields(&bytes[end..]);
            ids.push(header(&fields, "message-id").map(message_id));
        }
        after_blank = line.is_empty();
        at = end;
    }
    ids
}

#[test]
fn one_month_of_a_list_from_three_archives_is_stored_once() {
    let k = Kith::new();
    let files: Vec<PathBuf> = ["listsao", "mailarchivesao", "mboxvm"]
        .iter()
        .map(|service| fixtures(&format!("ponymail/maven-dev-2017-12-{service}.mbox")))
        .collect();
    let mut unique = BTreeSet::new();
    let mut sizes = Vec::new();
    for file in &files {
        let ids = mbox_message_ids(file);
        sizes.push(ids.len());
        unique.extend(ids.into_iter().map(|id| id.expect("every message has a Message-ID")));
    }
    // As the fixture's README says: one month, one message twice in the listsao export.
    assert_eq!(sizes, [222, 221, 221]);
    assert_eq!(unique.len(), 221);

    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mail = import_mail(&k, k.db(), &paths, &["--me", "owner@example.invalid"]);
    assert_eq!(count(&mail["read"]), 664, "{mail}");
    assert_eq!(count(&mail["stored"]), unique.len(), "{mail}");
    assert_eq!(count(&mail["duplicates"]), 664 - unique.len(), "{mail}");
    assert_eq!(mail["kept_out"], serde_json::json!({"mailing_list": unique.len()}), "list mail: {mail}");
    assert_eq!(count(&mail["interactions"]), 0, "{mail}");

    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let stored: BTreeSet<String> =
        array(&export["mail"]).iter().map(|m| m["key"].as_str().unwrap().to_owned()).collect();
    assert_eq!(stored, unique, "the stored messages are the month's Message-IDs");
    let senderless = array(&export["mail"]).iter().filter(|m| m["from"].is_null()).count();
    let figures = correspondents(&k, k.db());
    let from_them: usize = figures.as_object().unwrap().values().map(|f| count(&f["from_them"])).sum();
    assert_eq!(from_them, unique.len() - senderless, "each message counts once for its sender");
}

/// The report type of a message's top-level `multipart/report`, if it is one.
fn report_type(fields: &[(String, String)]) -> Option<&'static str> {
    let content_type = header(fields, "content-type")?.to_ascii_lowercase().replace(['"', ' '], "");
    if content_type.contains("report-type=delivery-status") {
        Some("bounce")
    } else if content_type.contains("report-type=disposition-notification") {
        Some("receipt")
    } else {
        None
    }
}

#[test]
fn mimekit_bounces_and_receipts_are_kept_out_and_log_nothing() {
    let k = Kith::new();
    let dir = fixtures("mimekit");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "eml"))
        .collect();
    files.sort();
    let mut reports = BTreeMap::new();
    for file in &files {
        let fields = header_fields(&std::fs::read(file).unwrap());
        if let Some(reason) = report_type(&fields) {
            let id = header(&fields, "message-id").map(message_id).expect("a report with a Message-ID");
            reports.insert(id, (reason, file.file_name().unwrap().to_string_lossy().into_owned()));
        }
    }
    // bounce.txt, delivery-status.txt (and delivery-status-no-blank-line.txt, the same
    // message) and disposition-notification.txt.
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert!(reports.values().any(|(r, _)| *r == "receipt"), "{reports:?}");
    // issue358.txt has a folded header line without leading white space, which kith does
    // not recognize as mail on its own: say what the files are.
    k.ok(&["me", "add", "helpdesk@netecgc.com"]);
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    import_mail(&k, k.db(), &paths, &["--format", "eml"]);

    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let figures = correspondents(&k, k.db());
    for (key, (reason, file)) in &reports {
        let message = array(&export["mail"])
            .iter()
            .find(|m| m["key"] == key.as_str())
            .unwrap_or_else(|| panic!("{file} ({key}) is not stored"));
        assert_eq!(message["kept_out"], *reason, "{file}: {message}");
        let logged = array(&export["interactions"]).iter().filter(|i| i["message"] == key.as_str()).count();
        assert_eq!(logged, 0, "{file}: an interaction comes from a {reason}");
        let sender = message["from"]["address"].as_str().expect("a sender");
        assert_eq!(figures[sender]["they_replied_to_owner"], 0, "{file}: {}", figures[sender]);
    }
}

#[test]
fn a_bounce_or_receipt_about_the_owners_message_is_not_a_reply() {
    let k = Kith::new();
    let dir = k.path("mail");
    std::fs::create_dir(&dir).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text.replace('\n', "\r\n")).unwrap();
    // The owner's messages the two reports are about, and one a person answered.
    write(
        "question.eml",
        "From: Help Desk <helpdesk@netecgc.com>\nTo: customer@example.net\nSubject: Your ticket\n\
         Date: Wed, 26 Jan 2022 04:00:00 -0500\nMessage-ID: <ticket-1@netecgc.com>\n\nHello\n",
    );
    write(
        "request.eml",
        "From: Jane Sender <Jane_Sender@example.org>\nTo: Joe Recipient <Joe_Recipient@example.com>\n\
         Subject: Please read\nDate: Tue, 19 Sep 1995 10:00:00 -0400\nMessage-ID: <request-1@example.org>\n\nHi\n",
    );
    write(
        "answer.eml",
        "From: Ann <ann@example.net>\nTo: Help Desk <helpdesk@netecgc.com>\nSubject: Re: Your ticket\n\
         Date: Wed, 26 Jan 2022 05:00:00 -0500\nMessage-ID: <answer-1@example.net>\n\
         In-Reply-To: <ticket-1@netecgc.com>\n\nThanks\n",
    );
    // MimeKit's bounce and read receipt, answering those messages as many mail systems'
    // reports do (In-Reply-To), under Message-IDs of their own.
    let variant = |file: &str, parent: &str, key: &str| {
        let text = std::fs::read_to_string(fixtures("mimekit").join(file)).unwrap();
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let (before, after) = text.split_once("Message-Id: ").expect("a Message-Id header");
        let (_, after) = after.split_once(newline).unwrap();
        let text = format!("{before}Message-Id: <{key}>{newline}In-Reply-To: <{parent}>{newline}{after}");
        std::fs::write(dir.join(file), text).unwrap();
    };
    variant("bounce.txt", "ticket-1@netecgc.com", "bounce-1@hmail.jitbit.com");
    variant("disposition-notification.txt", "request-1@example.org", "receipt-1@example.com");
    k.ok(&["me", "add", "helpdesk@netecgc.com"]);
    k.ok(&["me", "add", "jane_sender@example.org"]);
    let mail = import_mail(&k, k.db(), &[&dir], &[]);
    assert_eq!(count(&mail["stored"]), 5, "{mail}");

    let figures = correspondents(&k, k.db());
    assert_eq!(figures["ann@example.net"]["they_replied_to_owner"], 1, "a person's answer is a reply");
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    for (key, sender, reason) in [
        ("bounce-1@hmail.jitbit.com", "mailer-daemon@hmail.jitbit.com", "bounce"),
        ("receipt-1@example.com", "joe_recipient@example.com", "receipt"),
    ] {
        let message = array(&export["mail"]).iter().find(|m| m["key"] == key).expect("the report is stored");
        assert_eq!(message["kept_out"], reason, "{message}");
        assert_eq!(message["from"]["address"], sender, "{message}");
        let logged = array(&export["interactions"]).iter().filter(|i| i["message"] == key).count();
        assert_eq!(logged, 0, "an interaction comes from the {reason}");
        assert_eq!(
            figures[sender]["they_replied_to_owner"], 0,
            "the {reason} from {sender} counts as a reply to the owner: {}",
            figures[sender]
        );
    }
}

/// A sender's address and display name, and the message's date.
type SenderAndDate = (String, Option<String>, jiff::Timestamp);

/// What mail-parser's expected parse (`NNN.json`) says of a message's From and Date:
/// (address, display name, time), when it names an address and a date.
fn stalwart_expected(json: &Value) -> (Option<String>, Option<SenderAndDate>) {
    let headers = array(&json["parts"][0]["headers"]);
    let get = |name: &str| headers.iter().find(|h| h["name"] == name).map(|h| &h["value"]);
    let id = get("message_id").and_then(|v| v["Text"].as_str()).map(str::to_owned);
    let from = get("from").and_then(|v| v["Address"]["List"].get(0)).cloned();
    let date = get("date").map(|v| &v["DateTime"]).filter(|d| d.is_object());
    let (Some(from), Some(date)) = (from, date) else { return (id, None) };
    // A From without a domain ("moderator") names no mailbox kith can store.
    let Some(address) = from["address"].as_str().filter(|a| a.contains('@')) else { return (id, None) };
    let n = |key: &str| date[key].as_i64().unwrap_or_else(|| panic!("{key} in {date}"));
    let sign = if date["tz_before_gmt"] == true { -1 } else { 1 };
    let offset =
        jiff::tz::Offset::from_seconds((sign * (n("tz_hour") * 3600 + n("tz_minute") * 60)) as i32).unwrap();
    let at = jiff::civil::date(n("year") as i16, n("month") as i8, n("day") as i8)
        .at(n("hour") as i8, n("minute") as i8, n("second") as i8, 0)
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .unwrap()
        .timestamp();
    let name = from["name"].as_str().map(str::to_owned);
    (id, Some((address.to_ascii_lowercase(), name, at)))
}

#[test]
fn stalwart_messages_keep_their_sender_and_date() {
    let k = Kith::new();
    let mut files = Vec::new();
    for folder in ["rfc", "thirdparty"] {
        let dir = fixtures("stalwart/eml").join(folder);
        let mut emls: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        emls.sort();
        files.extend(emls);
    }
    assert_eq!(files.len(), 30);
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    k.ok(&["me", "add", "owner@example.invalid"]);
    let forced = import_mail(&k, k.db(), &paths, &["--format", "eml"]);
    assert_eq!(count(&forced["read"]), files.len(), "{forced}");
    let export: Value = serde_json::from_str(&k.export()).unwrap();
    let stored = array(&export["mail"]);
    assert!(stored.len() >= 10, "{forced}");

    // Recognized without --format: the same messages (two files that begin with MIME
    // headers only are left aside, and they name nobody anyway).
    let detected_db = new_db(&k, "detected.db");
    import_mail(&k, &detected_db, &paths, &["--me", "owner@example.invalid"]);
    let detected: Value = serde_json::from_str(&k.export_of(&detected_db)).unwrap();
    assert_eq!(detected["mail"], export["mail"], "the messages recognized as mail differ from those forced");

    let mut checked = 0;
    for file in &files {
        let expected_json = read_json(&file.with_extension("json"));
        let (id, Some((address, name, at))) = stalwart_expected(&expected_json) else { continue };
        let message = match id {
            Some(id) => stored
                .iter()
                .find(|m| m["key"] == id.as_str())
                .unwrap_or_else(|| panic!("{} ({id}) is not stored", file.display()))
                .clone(),
            // No Message-ID to find it by: import it alone.
            None => {
                let db = new_db(&k, &format!("alone-{checked}.db"));
                import_mail(&k, &db, &[file], &["--me", "owner@example.invalid"]);
                let alone: Value = serde_json::from_str(&k.export_of(&db)).unwrap();
                assert_eq!(len(&alone["mail"]), 1, "{}", file.display());
                alone["mail"][0].clone()
            }
        };
        let what = format!("{}: {message}", file.display());
        assert_eq!(message["from"]["address"], address.as_str(), "{what}");
        if let Some(name) = name {
            assert_eq!(message["from"]["name"], name.as_str(), "{what}");
        }
        let stored_at: jiff::Timestamp =
            message["at"].as_str().unwrap_or_else(|| panic!("no date: {what}")).parse().unwrap();
        assert_eq!(stored_at, at, "{what}");
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} messages name a sender and a date");
}

#[test]
fn a_maildir_plus_plus_tree_with_spaces_and_dots_in_its_folder_names_imports() {
    let k = Kith::new();
    k.ok(&["me", "add", "owner@example.invalid"]);
    let tree = fixtures("stalwart-maildir/maildir");
    // Every file of the three folders is found; each holds two bytes, no message.
    let assert = k.run(&["import", arg(&tree)]).success();
    let stderr = stderr_of(&assert);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.ends_with("; skipped")).count(), 6, "{stderr}");
    assert!(stderr.contains(".My Folder.Nested Folder/cur/"), "{stderr}");
    assert!(stderr.contains(".My Folder/new/"), "{stderr}");

    // The same tree with a message in each file: all six are stored.
    let copy = k.path("copy");
    let mut n = 0;
    for entry in walk(&tree) {
        let target = copy.join(entry.strip_prefix(&tree).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        n += 1;
        let text = format!(
            "From: Person {n} <person{n}@example.com>\r\nTo: owner@example.invalid\r\n\
             Subject: message {n}\r\nDate: {n} Jan 2024 10:00:00 +0000\r\n\
             Message-ID: <m{n}@example.com>\r\n\r\nHello\r\n"
        );
        std::fs::write(target, text).unwrap();
    }
    // A new database: kith knows Maildir files by their unique names, which the copy keeps.
    let db = new_db(&k, "copy.db");
    let mail = import_mail(&k, &db, &[&copy], &["--me", "owner@example.invalid"]);
    assert_eq!((count(&mail["read"]), count(&mail["stored"])), (6, 6), "{mail}");
    assert_eq!(count(&mail["interactions"]), 6, "{mail}");
}

/// Every file under `dir`, hidden folders included.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { found.extend(walk(&path)) } else { found.push(path) }
    }
    found.sort();
    found
}

#[test]
fn a_maildir_file_with_an_mbox_envelope_line_reads_like_the_same_eml() {
    // Many tools export each message with its `From sender date` line on top. Before, the
    // same bytes were read as an .eml and skipped in a Maildir as "not a mail header block".
    let message = "From alice@example.org Mon Jan  6 10:00:00 2025\n\
                   From: Alice Example <alice@example.org>\n\
                   To: me@example.com\n\
                   Subject: hello\n\
                   Date: Mon, 6 Jan 2025 10:00:00 +0000\n\
                   Message-ID: <a1@example.org>\n\n\
                   body\n";
    let maildir = Kith::new();
    let md = maildir.path("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    std::fs::write(md.join("cur/1.host:2,S"), message).unwrap();
    let from_maildir = maildir.json(&["import", "--me", "me@example.com", md.to_str().unwrap()]);
    let eml = Kith::new();
    let file = eml.path("one.eml");
    std::fs::write(&file, message).unwrap();
    let from_eml = eml.json(&["import", "--me", "me@example.com", file.to_str().unwrap()]);
    for summary in [&from_maildir, &from_eml] {
        assert_eq!(summary["mail"]["logged"], 1, "{summary:#}");
    }
    let people = |k: &Kith| field(&k.json(&["person", "list"]), "name");
    assert_eq!(people(&maildir), people(&eml));
    assert_eq!(people(&maildir), ["Alice Example"]);
}

#[test]
fn two_maildirs_whose_file_names_repeat_are_both_read() {
    // Two archives, each with a file `cur/1.host:2,S`, holding different messages. Before,
    // the second was skipped whole ("read 0 messages, 1 already imported"), and importing
    // both in one command gave a different result from one after the other.
    let message = |from: &str, id: &str| {
        format!(
            "From: {from}\nTo: me@example.com\nSubject: hello\nDate: Mon, 6 Jan 2025 10:00:00 +0000\n\
             Message-ID: <{id}@example.org>\n\nbody\n"
        )
    };
    let make = |k: &Kith, name: &str, from: &str, id: &str| {
        let md = k.path(name);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(md.join(sub)).unwrap();
        }
        std::fs::write(md.join("cur/1.host:2,S"), message(from, id)).unwrap();
        md.to_str().unwrap().to_owned()
    };
    let apart = Kith::new();
    let (a, b) = (
        make(&apart, "A", "Alice <alice@example.org>", "a1"),
        make(&apart, "B", "Bob <bob@example.org>", "b1"),
    );
    apart.ok(&["import", "--me", "me@example.com", &a]);
    let second = apart.json(&["import", "--me", "me@example.com", &b]);
    assert_eq!(second["mail"]["logged"], 1, "{second:#}");
    let together = Kith::new();
    let (a2, b2) = (
        make(&together, "A", "Alice <alice@example.org>", "a1"),
        make(&together, "B", "Bob <bob@example.org>", "b1"),
    );
    together.ok(&["import", "--me", "me@example.com", &a2, &b2]);
    let names = |k: &Kith| field(&k.json(&["person", "list"]), "name");
    assert_eq!(names(&apart), ["Alice", "Bob"]);
    assert_eq!(names(&apart), names(&together));
    let again = apart.json(&["import", "--me", "me@example.com", &a, &b]);
    assert_eq!(again["mail"]["already_read"], 2, "each file is still read once: {again:#}");
}

#[test]
fn a_huge_header_is_cut_alike_in_every_source_so_one_message_keeps_one_key() {
    // A two-megabyte Subject, then the Message-ID. An mbox keeps the first MiB of a header
    // block and so never sees the Message-ID; a lone .eml was read whole and did. The one
    // message then had two keys and was stored twice. Now every source keeps the same
    // first MiB, and the message is stored once.
    let k = Kith::new();
    let message = format!(
        "From: Alice <alice@example.org>\nTo: me@example.com\nDate: Mon, 6 Jan 2025 10:00:00 +0000\n\
         Subject: {}\nMessage-ID: <big@example.org>\n\nbody\n",
        "s".repeat(2 << 20)
    );
    let eml = k.path("one.eml");
    std::fs::write(&eml, &message).unwrap();
    let mbox = k.path("box.mbox");
    std::fs::write(&mbox, format!("From alice@example.org Mon Jan  6 10:00:00 2025\n{message}")).unwrap();
    let first = k.json(&["import", "--me", "me@example.com", eml.to_str().unwrap()]);
    assert_eq!(first["mail"]["stored"], 1, "{:#}", first["mail"]);
    let second = k.json(&["import", "--me", "me@example.com", mbox.to_str().unwrap()]);
    assert_eq!(
        (&second["mail"]["stored"], &second["mail"]["duplicates"]),
        (&0.into(), &1.into()),
        "{:#}",
        second["mail"]
    );
    assert_eq!(len(&k.show("Alice")["interactions"]), 1);
}

/// Runs `args` on `db`, kills it (SIGKILL) after `delay` if it still runs, and says
/// whether it was killed.
fn kill_after(k: &Kith, db: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = k
        .std_cmd(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kith starts");
    std::thread::sleep(delay);
    let killed = child.try_wait().unwrap().is_none();
    if killed {
        child.kill().expect("kith can be killed");
    }
    child.wait().unwrap();
    killed
}

#[test]
fn a_killed_card_import_or_restore_run_again_ends_as_one_uninterrupted() {
    // 3,000 simulated cards (some sharing numbers), imported whole once; then imported
    // into new databases killed after a quarter, a half and three quarters of the time
    // that took, and run again. Each ends with the same people, identities and
    // interactions as the whole import. The same for a JSON restore of that database:
    // run again after a kill, it restores or finds the restore already complete.
    let k = Kith::new();
    let vcf = simulated_cards(3_000, 5);
    let book = k.path("book.vcf");
    std::fs::write(&book, vcf).unwrap();
    let whole = new_db(&k, "cards-whole.db");
    let started = Instant::now();
    k.cmd_on(&whole).args(["import", arg(&book)]).assert().success();
    let took = started.elapsed();
    let expected = canonical(&k.export_of(&whole));
    for quarter in 1..=3 {
        let db = new_db(&k, &format!("cards-killed-{quarter}.db"));
        kill_after(&k, &db, &["import", arg(&book)], took * quarter / 4);
        k.cmd_on(&db).args(["import", arg(&book)]).assert().success();
        assert_same_lines(&canonical(&k.export_of(&db)), &expected, &format!("cards killed at {quarter}/4"));
    }

    let dump = k.path("whole.json");
    std::fs::write(&dump, k.export_of(&whole)).unwrap();
    let restore = ["import", "--format", "json", arg(&dump)];
    let started = Instant::now();
    k.cmd_on(&k.path("restored-whole.db")).args(restore).assert().success();
    let took = started.elapsed();
    for quarter in 1..=3 {
        let db = k.path(&format!("restore-killed-{quarter}.db"));
        kill_after(&k, &db, &restore, took * quarter / 4);
        let again = k.cmd_on(&db).args(restore).output().unwrap();
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert!(
            again.status.success() || stderr.contains("already holds data"),
            "restore killed at {quarter}/4, then: {stderr}"
        );
        assert_same_lines(
            &canonical(&k.export_of(&db)),
            &expected,
            &format!("restore killed at {quarter}/4"),
        );
    }
}
