//! Several `kith` processes on one database at once: every write lands, nobody is told
//! the database is locked.

use crate::support::*;
use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::thread;

fn log_cmd(k: &Kith, who: &str, subject: &str) -> std::process::Command {
    let mut cmd = k.std_cmd(k.db());
    cmd.args(["log", who, "--channel", "call", "--dir", "out", "--subject", subject]);
    cmd
}

fn spawn(mut cmd: std::process::Command) -> Child {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("kith starts")
}

#[track_caller]
fn check(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("locked"), "{what}: {stderr}");
    assert!(!stderr.contains("busy"), "{what}: {stderr}");
    assert!(out.status.success(), "{what} failed ({}): {stderr}", out.status);
}

#[test]
fn pairs_of_simultaneous_logs_all_land() {
    const ROUNDS: usize = 20;
    let k = Kith::new();
    k.add_person("Ada Lovelace", &[]);
    for round in 0..ROUNDS {
        let a = spawn(log_cmd(&k, "Ada Lovelace", &format!("a{round}")));
        let b = spawn(log_cmd(&k, "Ada Lovelace", &format!("b{round}")));
        check(&a.wait_with_output().unwrap(), &format!("round {round}, first"));
        check(&b.wait_with_output().unwrap(), &format!("round {round}, second"));
    }
    let view = k.show("Ada Lovelace");
    assert_eq!(len(&view["interactions"]), 2 * ROUNDS);
    let subjects = field(&view["interactions"], "subject");
    let mut expected: Vec<String> = (0..ROUNDS).flat_map(|r| [format!("a{r}"), format!("b{r}")]).collect();
    expected.sort();
    assert_eq!(subjects, expected, "each log is recorded exactly once");
}

#[test]
fn two_writers_in_loops_and_a_reader_do_not_lock_each_other_out() {
    const PER_WRITER: usize = 30;
    let k = Arc::new(Kith::new());
    k.add_person("Ada Lovelace", &[]);
    k.add_person("Grace Hopper", &[]);
    let start = Arc::new(Barrier::new(3));
    let writers: Vec<_> = ["Ada Lovelace", "Grace Hopper"]
        .into_iter()
        .map(|who| {
            let (k, start) = (Arc::clone(&k), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                for i in 0..PER_WRITER {
                    // Both write to Ada's timeline, each also to their own.
                    let out = log_cmd(&k, who, &format!("{who} {i}")).arg("Ada Lovelace").output().unwrap();
                    check(&out, &format!("{who} #{i}"));
                }
            })
        })
        .collect();
    let reader = {
        let (k, start) = (Arc::clone(&k), Arc::clone(&start));
        thread::spawn(move || {
            start.wait();
            for i in 0..PER_WRITER / 3 {
                let out = k.std_cmd(k.db()).args(["--json", "show", "Ada Lovelace"]).output().unwrap();
                check(&out, &format!("reader #{i}"));
                parse_json(&String::from_utf8_lossy(&out.stdout), &["show", "Ada Lovelace"]);
            }
        })
    };
    for w in writers {
        w.join().expect("a writer failed");
    }
    reader.join().expect("the reader failed");

    assert_eq!(len(&k.show("Ada Lovelace")["interactions"]), 2 * PER_WRITER);
    assert_eq!(len(&k.show("Grace Hopper")["interactions"]), PER_WRITER);
}

#[test]
fn simultaneous_first_use_of_a_new_database() {
    // Two people adding someone to a database that `init` created a moment ago, while a
    // third process runs `init` again.
    let k = Kith::new();
    let mut children = Vec::new();
    for name in ["Ada Lovelace", "Grace Hopper"] {
        let mut cmd = k.std_cmd(k.db());
        cmd.args(["person", "add", name]);
        children.push(spawn(cmd));
    }
    let mut init = k.std_cmd(k.db());
    init.arg("init");
    children.push(spawn(init));
    for (i, child) in children.into_iter().enumerate() {
        check(&child.wait_with_output().unwrap(), &format!("process {i}"));
    }
    assert_eq!(field(&k.json(&["person", "list"]), "name"), ["Ada Lovelace", "Grace Hopper"]);
}

#[test]
fn processes_creating_one_new_database_at_once_all_succeed() {
    // Four processes open a file that does not exist yet, three to create it and one to
    // read it. SQLite's switch of a new file to WAL mode does not wait for another
    // process as a write does; before, about one round in forty had one of them fail with
    // "database is locked".
    const ROUNDS: usize = 40;
    let k = Kith::uninit();
    for round in 0..ROUNDS {
        let db = k.path(&format!("new-{round}.db"));
        let create = || {
            let mut cmd = k.std_cmd(&db);
            cmd.arg("init");
            spawn(cmd)
        };
        let (a, b, c) = (create(), create(), create());
        let mut read = k.std_cmd(&db);
        read.args(["person", "list"]);
        let reader = spawn(read);
        for (child, what) in [(a, "first init"), (b, "second init"), (c, "third init")] {
            check(&child.wait_with_output().unwrap(), &format!("round {round}, {what}"));
        }
        // The reader may find no database yet, which is its own clear error; never a lock.
        let out = reader.wait_with_output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("locked"), "round {round}, reader");
    }
}
