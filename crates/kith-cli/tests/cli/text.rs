//! `kith text`: classifying sentences from standard input, training and evaluating the
//! ask model, none of it touching a database.

use crate::support::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

fn repository_data() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/parakweet-email-intent/train_Ask0729-fixed.tsv")
        .to_owned()
}

#[test]
fn classify_prints_one_json_reading_per_line_without_a_database() {
    let k = Kith::uninit();
    let mut input = b"Could you introduce me to Wen Li?\n".to_vec();
    input.extend_from_slice(b"I've attached the slides from Thursday.\r\n");
    input.extend_from_slice(b"Thanks,\n");
    input.extend_from_slice(b"Thanks so much for the referral \xff to your client!\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"Happy to look over your pitch deck this weekend");
    let out = stdout_of(k.cmd().args(["text", "classify"]).write_stdin(input).assert().success());
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 6, "{out}");
    let pairs: Vec<(&str, Option<&str>)> =
        lines.iter().map(|l| (l["act"].as_str().unwrap(), l["kind"].as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("request", Some("introduction")),
            ("delivery", Some("content")),
            ("none", None),
            ("thanks", Some("referral")),
            ("none", None),
            ("offer", Some("feedback")),
        ]
    );
    assert_eq!(lines[0]["note"], "to Wen Li");
    assert!(lines[1].get("note").is_none(), "{out}");
    assert!(lines[2]["kind"].is_null());
    for line in &lines {
        let c = line["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{line}");
    }
    assert!(!k.db().exists(), "kith text opened or created the database");
}

#[test]
fn classify_stops_quietly_when_its_reader_goes_away() {
    let k = Kith::uninit();
    let mut child = k
        .std_cmd(k.db())
        .args(["text", "classify"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith starts");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..200_000 {
            if stdin.write_all(b"Would you send me the notes from the call?\n").is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with(r#"{"act":"request""#), "{first}");
    // The reader is dropped here: kith's next flush meets a closed pipe.
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn train_reproduces_the_shipped_model_and_evaluate_reports_its_figures() {
    let k = Kith::uninit();
    let data = repository_data();
    let out = k.path("intent.model");
    let trained = k.json(&["text", "train", "--data", &data, "--out", out.to_str().unwrap()]);
    assert_eq!(trained["same_as_shipped"], true, "{trained}");
    assert_eq!((trained["trained_on"].as_u64(), trained["held_out"].as_u64()), (Some(2925), Some(732)));
    let shipped =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../kith-core/src/speech/intent.model")).unwrap();
    assert!(std::fs::read(&out).unwrap() == shipped);
    let evaluated = k.json(&["text", "evaluate", "--data", &data]);
    assert_eq!(evaluated["scores"], trained["scores"]);
    let accuracy = evaluated["scores"]["accuracy"].as_f64().unwrap();
    assert!(accuracy > 0.8, "{evaluated}");
    let text = k.ok(&["text", "evaluate", "--data", &data, "--seed", "5"]);
    assert_contains_all(&text, &["accuracy", "precision", "recall", "F1", "read ask", "seed 5"]);
    let without_out = k.ok(&["text", "train", "--data", &data]);
    assert!(without_out.contains("model not written"), "{without_out}");
    assert!(!k.db().exists());
}

#[test]
fn a_bad_labeled_file_is_named_with_its_line() {
    let k = Kith::uninit();
    let path = k.path("labels.tsv");
    std::fs::write(&path, "Yes\tCould you call me?\nNo\tThe call moved.\nPerhaps\tHm.\n").unwrap();
    let line = k.fail(&["text", "train", "--data", path.to_str().unwrap()], 2);
    assert!(line.contains("labels.tsv:3:") && line.contains("Perhaps"), "{line}");
    let missing = k.fail(&["text", "evaluate", "--data", k.path("none.tsv").to_str().unwrap()], 1);
    assert!(missing.contains("none.tsv"), "{missing}");
}
