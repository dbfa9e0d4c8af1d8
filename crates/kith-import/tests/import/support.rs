//! What every test needs: the fixture folder and a parsing context.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::Identity;
use kith_import::{Context, Format, Parsed, parse};
use std::path::{Path, PathBuf};

/// The fixture folder, `tests/data`.
pub fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fixed present for tests: 2026-11-21 12:00 UTC.
pub fn now() -> Timestamp {
    "2026-11-21T12:00:00Z".parse().unwrap()
}

/// Parses `path` (relative to `tests/data`) as `format`, for an owner with `owner`'s
/// addresses, in UTC, with no lower bound.
pub fn parse_file(format: Format, path: &str, owner: &[Identity]) -> Parsed {
    let full = data().join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    let name = full.file_name().unwrap().to_string_lossy().into_owned();
    let tz = TimeZone::UTC;
    let cx = Context { file: &name, owner, now: now(), tz: &tz, since: None };
    parse(format, &bytes, &cx)
}
