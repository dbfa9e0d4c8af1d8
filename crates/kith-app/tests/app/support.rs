//! A fresh database for each test.

use jiff::Zoned;
use kith_app::Ctx;
use kith_store::OpenMode;

/// A new, empty SQLite database in a temporary folder, and a context over it at `now`.
/// Keep the folder alive as long as the context.
pub async fn fresh(now: &str) -> (tempfile::TempDir, Ctx) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("kith.db");
    let store =
        kith_store::open(&path.to_string_lossy(), OpenMode::CreateIfMissing).await.expect("a new database");
    let now: Zoned = now.parse().expect("a zoned time such as 2026-06-01T12:00:00+00:00[UTC]");
    (dir, Ctx::new(store, now))
}
