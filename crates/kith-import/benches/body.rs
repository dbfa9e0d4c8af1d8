//! What reading a message's sentences costs: `written_text`, `own_words` and `sentences`
//! over every message file of a Maildir, its files' bytes read into memory first.
//!
//! `cargo bench -p kith-import --bench body -- <maildir>` (or `KITH_BENCH_MAILDIR`), for
//! instance on the synthetic archive of `bench/gen_maildir.py`. Prints the time per
//! message on one thread and on two, and beside it mail-parser with every header field
//! parsed, the way `MessageParser::default()` reads a message.

use kith_import::mail::body::{own_words, sentences, written_text};
use mail_parser::MessageParser;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("KITH_BENCH_MAILDIR").ok())
        .expect("give a Maildir: cargo bench -p kith-import --bench body -- <maildir>");
    let mut files = Vec::new();
    collect(Path::new(&root), &mut files);
    files.sort();
    let messages: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    println!("{} messages, {:.1} MB", messages.len(), bytes as f64 / 1e6);

    // Warm up, and count what the messages give.
    let (mut texts, mut sentence_count) = (0, 0);
    for message in &messages {
        if let Some(text) = written_text(message) {
            texts += 1;
            sentence_count += sentences(&own_words(&text)).len();
        }
    }
    println!("{texts} with text, {sentence_count} sentences of their own");

    let runs = 5;
    report(
        "written_text",
        best(runs, || each(&messages, |m| drop(black_box(written_text(m))))),
        messages.len(),
    );
    let texts: Vec<String> = messages.iter().filter_map(|m| written_text(m)).collect();
    report(
        "own_words (of the texts)",
        best(runs, || texts.iter().for_each(|t| drop(black_box(own_words(t))))),
        messages.len(),
    );
    let owns: Vec<String> = texts.iter().map(|t| own_words(t)).collect();
    let size = |all: &[String]| all.iter().map(String::len).sum::<usize>() / all.len().max(1);
    println!("{} bytes of text a message on average, {} of them the writer's own", size(&texts), size(&owns));
    report(
        "sentences (of the own words)",
        best(runs, || owns.iter().for_each(|t| drop(black_box(sentences(t))))),
        messages.len(),
    );
    report("written_text + own_words + sentences", best(runs, || each(&messages, whole)), messages.len());
    report(
        "the same on two threads",
        best(runs, || {
            let (a, b) = messages.split_at(messages.len() / 2);
            std::thread::scope(|s| {
                s.spawn(|| each(a, whole));
                s.spawn(|| each(b, whole));
            });
        }),
        messages.len(),
    );
    let every_field = MessageParser::default();
    report(
        "mail-parser, every header field, body_text(0)",
        best(runs, || {
            each(&messages, |m| {
                if let Some(parsed) = every_field.parse(m) {
                    black_box(parsed.body_text(0).map(|t| t.len()));
                }
            })
        }),
        messages.len(),
    );
}

/// One message through all three steps.
fn whole(message: &[u8]) {
    if let Some(text) = written_text(message) {
        black_box(sentences(&own_words(&text)));
    }
}

fn each(messages: &[Vec<u8>], f: impl Fn(&[u8])) {
    for message in messages {
        f(message);
    }
}

/// The fastest of `runs` runs of `f`.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn report(what: &str, took: Duration, messages: usize) {
    let per = took.as_secs_f64() / messages as f64;
    println!("{what:<48} {:>7.2} µs a message, {:>9.0} messages/s", per * 1e6, 1.0 / per);
}

/// Every file under `dir` (Maildir `cur/` and `new/`, any depth), hidden ones left out.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') && !path.is_dir() {
            continue;
        }
        if path.is_dir() {
            if entry.file_name() != "tmp" {
                collect(&path, files);
            }
        } else {
            files.push(path);
        }
    }
}
