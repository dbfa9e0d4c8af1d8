//! The fuzz targets' inputs replayed on stable: every file of the workspace's
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` (inputs that once crashed), and
//! of `fuzz/artifacts/<target>/` when a local fuzz run left any there, goes through the
//! same calls as the target, which must not panic.

#[path = "../../../../fuzz/src/lib.rs"]
mod calls;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The fuzz crate's folder.
fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The inputs of `target` in `folder` (`corpus`, `regressions` or `artifacts`), sorted;
/// none when the folder does not exist. Hidden files (`.gitkeep`) are not inputs.
fn inputs(folder: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(folder).join(target)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && !path.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    paths.sort();
    paths
}

/// Runs `run` on every input of `target`, and fails naming each one that panicked.
fn replay(target: &str, run: fn(&[u8])) {
    let corpus = inputs("corpus", target);
    assert!(!corpus.is_empty(), "no corpus in {}", fuzz_dir().join("corpus").join(target).display());
    let all = corpus.into_iter().chain(inputs("regressions", target)).chain(inputs("artifacts", target));
    let panicked: Vec<String> = all
        .filter(|path| {
            let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "{target} panicked on {panicked:#?}");
}

#[test]
fn mail_header_inputs_do_not_panic() {
    replay("mail_header", calls::mail_header);
}

#[test]
fn mbox_inputs_do_not_panic() {
    replay("mbox", calls::mbox);
}

#[test]
fn mail_name_inputs_do_not_panic() {
    replay("mail_name", calls::mail_name);
}

#[test]
fn vcard_inputs_do_not_panic() {
    replay("vcard", calls::vcard);
}

#[test]
fn linkedin_archive_inputs_do_not_panic() {
    replay("linkedin_archive", calls::linkedin_archive);
}

#[test]
fn contact_csv_inputs_do_not_panic() {
    replay("contact_csv", calls::contact_csv);
}

#[test]
fn ical_inputs_do_not_panic() {
    replay("ical", calls::ical);
}

#[test]
fn maildir_inputs_do_not_panic() {
    replay("maildir", calls::maildir);
}

#[test]
fn json_restore_inputs_do_not_panic() {
    replay("json_restore", calls::json_restore);
}

#[test]
fn mail_body_inputs_do_not_panic() {
    replay("mail_body", calls::mail_body);
}

#[test]
fn zoning_inputs_do_not_panic() {
    replay("zoning", calls::zoning);
}
