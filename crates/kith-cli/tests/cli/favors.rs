//! Favors read from mail: `kith import --read-bodies` reads the text of personal
//! messages, proposes ledger entries, and the owner's acceptance makes the judgment see
//! them. Nothing of a body is stored but the sentence each suggestion was found in.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

const OWNER: &str = "alex@example.org";

/// One message file in a Maildir's `cur`, with a plain-text body.
fn message(dir: &Path, name: &str, headers: &[(&str, &str)], body: &str) {
    let mut text = String::new();
    for (field, value) in headers {
        text.push_str(&format!("{field}: {value}\n"));
    }
    text.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n");
    text.push_str(body);
    std::fs::write(dir.join("cur").join(format!("{name}:2,S")), text).unwrap();
}

/// A Maildir where Sam asks three times and gives nothing back, and Dana thanks the owner
/// for an introduction. Each body also has a greeting, small talk, a signature and
/// (in replies) the quoted message, which are not favors.
fn archive(k: &Kith) -> std::path::PathBuf {
    let root = k.path("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let sam = "Sam Ortiz <sam@ortiz.example>";
    let dana = "Dana Reyes <dana@reyes.example>";
    let me = "Alex Owner <alex@example.org>";
    message(
        &root,
        "1001.sam1",
        &[
            ("From", sam),
            ("To", me),
            ("Subject", "Quick one"),
            ("Date", "Tue, 03 Mar 2026 09:10:00 +0000"),
            ("Message-ID", "<sam-1@ortiz.example>"),
        ],
        "Hi Alex,\n\nThe harbor lights were brighter than usual last night.\n\
         Could you introduce me to your head of data?\n\nBest,\nSam\n",
    );
    message(
        &root,
        "1002.sam2",
        &[
            ("From", sam),
            ("To", me),
            ("Subject", "Slides"),
            ("Date", "Thu, 02 Apr 2026 16:45:00 +0000"),
            ("Message-ID", "<sam-2@ortiz.example>"),
        ],
        "Alex,\n\nCould you send me the slides from your talk in Lisbon?\n\n-- \nSam Ortiz\nOrtiz Consulting\n",
    );
    message(
        &root,
        "1003.me",
        &[
            ("From", me),
            ("To", sam),
            ("Subject", "Re: Slides"),
            ("Date", "Fri, 03 Apr 2026 08:00:00 +0000"),
            ("Message-ID", "<alex-1@example.org>"),
            ("In-Reply-To", "<sam-2@ortiz.example>"),
        ],
        "Good to hear from you, Sam.\n\nOn Thu, 2 Apr 2026 at 16:45, Sam Ortiz wrote:\n\
         > Could you send me the slides from your talk in Lisbon?\n",
    );
    message(
        &root,
        "1004.sam3",
        &[
            ("From", sam),
            ("To", me),
            ("Subject", "Résumé"),
            ("Date", "Mon, 11 May 2026 12:00:00 +0000"),
            ("Message-ID", "<sam-3@ortiz.example>"),
        ],
        "Hello again,\n\nWould you review my résumé before Friday?\n\nThanks,\nSam\n",
    );
    message(
        &root,
        "1005.dana",
        &[
            ("From", dana),
            ("To", me),
            ("Subject", "Priya"),
            ("Date", "Wed, 20 May 2026 18:30:00 +0000"),
            ("Message-ID", "<dana-1@reyes.example>"),
        ],
        "Alex,\n\nThank you so much for the introduction to Priya!\n\
         We met for coffee and the seagulls stole half my croissant.\n\nDana\n",
    );
    message(
        &root,
        "1006.lee",
        &[
            ("From", "Lee Park <lee@park.example>"),
            ("To", me),
            ("Subject", "Marta"),
            ("Date", "Tue, 09 Jun 2026 07:15:00 +0000"),
            ("Message-ID", "<lee-1@park.example>"),
        ],
        "Alex,\n\nI've introduced you to Marta Silva, who runs the data team at Quarry.\n\
         She is expecting your note.\n\nLee\n",
    );
    root
}

fn suggestions(k: &Kith, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["ledger", "suggestions"];
    all.extend_from_slice(args);
    k.json(&all).as_array().unwrap().clone()
}

#[test]
fn favors_read_from_mail_become_the_ledger_the_judgment_sees() {
    let k = Kith::new();
    k.ok(&["me", "add", OWNER]);
    let mail = archive(&k);
    let maildir = mail.to_str().unwrap();

    // Headers only: the messages are logged, nothing is read of their text.
    k.ok(&["import", maildir]);
    assert!(suggestions(&k, &[]).is_empty());
    let stored = len(&k.json(&["export", "json"])["mail"]);
    assert_eq!(stored, 6);

    // With --read-bodies, the messages stored before are read again for their text only.
    let out = k.ok(&["import", "--read-bodies", maildir]);
    assert!(out.contains("read the text of 6 personal messages for favors: 5 suggestions"), "{out}");
    assert_eq!(len(&k.json(&["export", "json"])["mail"]), stored, "nothing stored twice");

    let found = suggestions(&k, &[]);
    let sams: Vec<&Value> = found.iter().filter(|s| s["name"] == "Sam Ortiz").collect();
    let danas: Vec<&Value> = found.iter().filter(|s| s["name"] == "Dana Reyes").collect();
    assert_eq!(sams.len(), 3, "Sam's three asks, not the quote of one in Alex's reply: {found:#?}");
    assert!(sams.iter().all(|s| s["act"] == "request" && s["giver"] == "owner"), "{sams:#?}");
    assert_eq!(sams[0]["evidence"], "Could you introduce me to your head of data?");
    assert_eq!(sams[0]["kind"], "introduction");
    assert_eq!(sams[0]["message"]["subject"], "Quick one");
    assert_eq!(danas.len(), 1, "{found:#?}");
    assert_eq!(danas[0]["act"], "thanks");
    assert_eq!(danas[0]["kind"], "introduction");
    assert_eq!(danas[0]["giver"], "owner", "Dana thanks Alex: Alex gave");

    // `kith show` and `kith review` say what waits.
    let show = k.show("Sam Ortiz");
    assert_eq!(show["ledger"]["suggestions_waiting"], 3);
    let review = k.ok(&["review", "--all"]);
    assert!(review.contains("5 favors found in mail wait for your word (3 people)"), "{review}");

    // A second read adds nothing.
    let out = k.ok(&["import", "--read-bodies", maildir]);
    assert!(out.contains("read the text of 0 personal messages"), "{out}");
    assert_eq!(suggestions(&k, &["--all"]).len(), 5);

    // Accepted, they are the ledger the judgment reads.
    let accepted = k.json(&["ledger", "accept", "--min-confidence", "0.5"]);
    assert_eq!(len(&accepted), 5, "{accepted:#}");
    let review = k.json(&["review", "--all"]);
    let sam = review.as_array().unwrap().iter().find(|e| e["name"] == "Sam Ortiz").unwrap();
    let diagnoses: Vec<&str> =
        sam["diagnoses"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert!(diagnoses.contains(&"one_sided_taking"), "{sam:#}");
    assert_eq!(sam["suggestions_waiting"], 0);
    let ledger = k.json(&["ledger", "Dana Reyes"]);
    let entries = ledger["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{ledger:#}");
    assert_eq!(entries[0]["kind"], "introduction");
    assert_eq!(entries[0]["giver"], "owner");
    assert_eq!(entries[0]["status"], "given");
    assert!(suggestions(&k, &[]).is_empty(), "none waits once accepted");
    // Lee's introduction grounds a draft as one typed with `kith got` would.
    let farewell = k.ok(&["draft", "Lee Park", "farewell", "--reason", "I am moving to Lisbon", "--dry-run"]);
    assert!(farewell.contains("the introduction to Marta Silva"), "{farewell}");

    // Nothing of a body is stored beyond the sentences kept as evidence.
    crate::sqlite_only!("the rest reads the database file's bytes");
    let mut bytes = std::fs::read(k.db()).unwrap();
    bytes.extend(std::fs::read(k.path("kith.db-wal")).unwrap_or_default());
    for other in ["harbor lights", "seagulls stole", "Good to hear from you", "Ortiz Consulting"] {
        assert!(
            memchr::memmem::find(&bytes, other.as_bytes()).is_none(),
            "the database holds \"{other}\", which is not a suggestion's sentence"
        );
    }
    assert!(memchr::memmem::find(&bytes, b"Could you introduce me to your head of data?").is_some());
}

#[test]
fn the_setting_reads_bodies_a_rejected_suggestion_never_comes_back_and_evidence_can_be_kept_out() {
    let k = Kith::new();
    k.ok(&["me", "add", OWNER]);
    k.ok(&["me", "evidence", "off"]);
    // The setting reads bodies on every import, without --read-bodies.
    k.ok(&["me", "read-bodies", "on"]);
    let mail = archive(&k);
    let maildir = mail.to_str().unwrap();
    k.ok(&["import", maildir]);
    let found = suggestions(&k, &[]);
    assert_eq!(found.len(), 5);
    assert!(found.iter().all(|s| s.get("evidence").is_none_or(Value::is_null)), "{found:#?}");

    let dana = found.iter().find(|s| s["name"] == "Dana Reyes").unwrap()["id"].as_str().unwrap().to_owned();
    let out = k.ok(&["ledger", "reject", &dana]);
    assert_eq!(out, format!("{dana}: rejected; it will not come back\n"));
    // Read again from a new copy of the archive: still rejected, nothing new.
    let copy = k.path("Mail2");
    std::fs::create_dir_all(copy.join("cur")).unwrap();
    for sub in ["new", "tmp"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
    }
    for entry in std::fs::read_dir(mail.join("cur")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join("cur").join(entry.file_name())).unwrap();
    }
    k.ok(&["import", copy.to_str().unwrap()]);
    let open = suggestions(&k, &[]);
    assert_eq!(open.len(), 4, "{open:#?}");
    assert!(open.iter().all(|s| s["name"] != "Dana Reyes"));
    assert!(k.ok(&["ledger", "Dana Reyes"]).contains("nothing recorded yet"));
    // Off again, an import reads headers only.
    k.ok(&["me", "read-bodies", "off"]);
    let out = k.ok(&["import", maildir]);
    assert!(!out.contains("read the text"), "{out}");
}

/// The early notmuch list as Carl Worth's mail (real messages, in the repository's test
/// data): 53 messages, 9 kept out as list mail, 1 stored twice, 43 personal ones read.
/// Their writers quote with supercite (`LK> …`), send patches, sign off with "Thanks,",
/// and thank each other for patches and reports. Worked out by hand, the writers' own
/// words hold 15 sentences read as favors: 8 thanks (7 by Carl, to contributors or to the
/// list address the oldest posts came from, which carries no List-Id; 1 by Keith, to
/// everyone trying notmuch) and 7 asks: one request ("do you mind trying…"), three
/// suggestions or wishes Parakweet's labels count as asks ("Have you considered…", "So
/// maybe … should…", "It would be really nice if…"), a question to the list, and two
/// sentences only the model reads as asks ("I presume it's newly supported…?",
/// "Otherwise it would have seemed…"). Quotes, patches and code are never read as
/// sentences.
#[test]
fn favors_on_a_real_list_archive_are_read_from_the_writers_own_words() {
    let k = Kith::new();
    k.ok(&["me", "add", "cworth@cworth.org"]);
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kith-import/tests/data/mail/notmuch/default");
    let out = k.ok(&["import", "--read-bodies", corpus.to_str().unwrap()]);
    assert!(out.contains("read the text of 43 personal messages for favors: 15 suggestions"), "{out}");
    let found = suggestions(&k, &[]);
    let said = |s: &Value| s["evidence"].as_str().unwrap().to_owned();
    let all: Vec<String> = found.iter().map(said).collect();
    // Nothing quoted, and nothing of a patch: "LK> Is the list archived anywhere?" is a
    // quote of Lars; `d_ino`, `progn` and `Copyright` are in patches.
    for foreign in ["archived anywhere", "d_ino", "progn", "Copyright", "introducing myself"] {
        assert!(all.iter().all(|s| !s.contains(foreign)), "{foreign} in {all:#?}");
    }
    let thanks = found.iter().filter(|s| s["act"] == "thanks").count();
    assert_eq!(thanks, 8, "{all:#?}");
    // Carl thanks them: they gave. Alexander asks Carl to try a fix: Carl is to give.
    let input =
        found.iter().find(|s| said(s).starts_with("Thanks Keith and Mikhail for your input")).unwrap();
    assert_eq!((&input["giver"], &input["kind"]), (&Value::from("them"), &Value::from("advice")));
    let ask = found.iter().find(|s| said(s).contains("do you mind trying #define _GNU_SOURCE")).unwrap();
    assert_eq!(
        (&ask["act"], &ask["giver"], &ask["name"]),
        (&Value::from("request"), &Value::from("owner"), &Value::from("Alexander Botero-Lowry"))
    );
}
