//! Databases in a state kith did not leave them in: read-only, or damaged on disk.

use crate::real_mail::Townsend;
use crate::support::*;
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The rows of every kith table of the database at `path` but the record of changes,
/// each as its values' text,
/// sorted, by table.
fn rows_by_table(path: &Path) -> Vec<(String, Vec<String>)> {
    let db = Connection::open(path).unwrap();
    let mut names = db
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = names.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    tables
        .into_iter()
        // The record of changes is bookkeeping the salvage's own writes make anew.
        .filter(|table| !["_sqlx_migrations", "revision", "person_revisions"].contains(&table.as_str()))
        .map(|table| {
            let mut query = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = query.column_count();
            let mut rows: Vec<String> = query
                .query_map([], |row| {
                    let values: Vec<String> = (0..width)
                        .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(values.join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// Copies every page of the write-ahead log into the database file, so that the file
/// alone holds every row.
fn checkpoint(path: &Path) {
    let db = Connection::open(path).unwrap();
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
}

#[test]
fn a_read_only_database_can_be_read_reviewed_and_exported_but_not_changed() {
    crate::sqlite_only!("about a SQLite file's permissions and damage");
    let k = Kith::new();
    k.ok(&["demo"]);
    let before = k.export();
    let review = k.ok(&["review", "--limit", "0"]);
    checkpoint(k.db());
    for read_only_part in ["file", "folder"] {
        let target = if read_only_part == "file" { k.db().to_owned() } else { k.dir().to_owned() };
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode & !0o222)).unwrap();

        assert_eq!(k.ok(&["review", "--limit", "0"]), review, "read-only {read_only_part}");
        assert_eq!(k.export(), before, "read-only {read_only_part}");
        let line = k.refused(&["person", "add", "Grace Hopper"], 2, &["cannot be written", "read-only"]);
        assert!(line.contains(&k.db().display().to_string()), "{line}");

        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode)).unwrap();
        assert_eq!(k.export(), before, "the refused write changed something");
    }
    k.ok(&["person", "add", "Grace Hopper"]);
}

/// The leaf pages of a table's tree, with how many rows each holds.
fn leaves(db: &Connection, table: &str) -> Vec<(i64, usize)> {
    db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno")
        .unwrap()
        .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn damaged_pages_are_found_on_open_and_every_other_row_is_salvaged() {
    crate::sqlite_only!("about a SQLite file's permissions and damage");
    // The real townsend-j mailbox (491 messages) imported, then 16 bytes overwritten at
    // the start of two pages, as a failing disk might: one in the middle of the stored
    // messages (a table ordered by number) and the first of the interactions (a table
    // ordered by its text id). Each page's header becomes unreadable, and with it the
    // rows on that page.
    let t = Townsend::new();
    t.import_as_judy();
    let k = &t.k;
    checkpoint(k.db());
    let original = k.path("original.db");
    std::fs::copy(k.db(), &original).unwrap();
    let db = Connection::open(k.db()).unwrap();
    let page_size: i64 = db.query_row("PRAGMA page_size", [], |row| row.get(0)).unwrap();
    let messages = leaves(&db, "mail_messages");
    let interactions = leaves(&db, "interactions");
    drop(db);
    assert!(messages.len() >= 5, "the messages fill {} pages", messages.len());
    assert!(interactions.len() >= 2, "the interactions fill {} pages", interactions.len());
    let (message_page, lost_messages) = messages[messages.len() / 2];
    let (interaction_page, lost_interactions) = interactions[0];
    let mut bytes = std::fs::read(k.db()).unwrap();
    for page in [message_page, interaction_page] {
        let at = usize::try_from((page - 1) * page_size).unwrap();
        bytes[at..at + 16].fill(0xff);
    }
    std::fs::write(k.db(), &bytes).unwrap();

    // Every command warns; a write is refused and says what to do.
    let stderr = stderr_of(&k.run(&["person", "add", "Grace Hopper"]).failure().code(2));
    let [warning, line] = stderr.lines().collect::<Vec<_>>()[..] else { panic!("{stderr}") };
    assert!(warning.starts_with("kith: warning:") && warning.contains("is damaged"), "{warning}");
    assert!(line.contains("is damaged") && line.contains("kith doctor --salvage"), "{line}");
    assert!(line.contains(&k.db().display().to_string()), "{line}");
    let doctor = k.run(&["doctor"]).failure().code(1);
    let report = String::from_utf8_lossy(&doctor.get_output().stdout).into_owned();
    assert!(report.contains("is damaged") && report.contains("doctor --salvage"), "{report}");

    // The salvage copies every row but those on the damaged page, and the participants of
    // the interactions lost with it, which the new database could not keep.
    let salvaged = k.path("salvaged.db");
    let summary = k.json(&["doctor", "--salvage", salvaged.to_str().unwrap()]);
    assert_eq!(summary["tables"]["interactions"]["damaged"], true, "{summary}");
    assert_eq!(summary["tables"]["mail_messages"]["damaged"], true, "{summary}");
    let before = rows_by_table(&original);
    let after = rows_by_table(&salvaged);
    let tables: Vec<&String> = before.iter().map(|(table, _)| table).collect();
    assert_eq!(tables, after.iter().map(|(table, _)| table).collect::<Vec<_>>());
    let kept_interactions: Vec<String> = after
        .iter()
        .find(|(table, _)| table == "interactions")
        .map(|(_, rows)| rows.iter().map(|row| row.split('|').next().unwrap().to_owned()).collect())
        .unwrap();
    for ((table, was), (_, now)) in before.iter().zip(&after) {
        assert!(now.iter().all(|row| was.binary_search(row).is_ok()), "{table}: a row changed or appeared");
        let expected = match table.as_str() {
            "mail_messages" => was.len() - lost_messages,
            "interactions" => was.len() - lost_interactions,
            "interaction_participants" => was
                .iter()
                .filter(|row| kept_interactions.contains(&row.split('|').next().unwrap().to_owned()))
                .count(),
            _ => was.len(),
        };
        assert_eq!(now.len(), expected, "{table}");
    }
    assert_eq!(summary["tables"]["interactions"]["copied"], kept_interactions.len(), "{summary}");

    // The new database is whole and works.
    k.cmd_on(&salvaged).arg("doctor").assert().success();
    k.cmd_on(&salvaged).args(["review", "--limit", "0"]).assert().success();
}

#[test]
fn a_database_on_a_read_only_disk_can_be_read_reviewed_and_exported() {
    crate::sqlite_only!("about a SQLite file's permissions and damage");
    // A read-only mount, made in a mount namespace of its own; where the system allows
    // none (no privilege to mount), there is nothing to run this on.
    if !std::process::Command::new("unshare").args(["--mount", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: `unshare --mount` is not allowed here");
        return;
    }
    let k = Kith::new();
    k.ok(&["demo"]);
    checkpoint(k.db());
    let export = k.export();
    let disk = k.path("disk");
    std::fs::create_dir(&disk).unwrap();
    // The review reads histories the database never built: they are built in memory.
    let script = format!(
        "set -e; mount -t tmpfs none {disk}; cp {db} {disk}/k.db; mount -o remount,ro {disk}; \
         {kith} --db {disk}/k.db review --limit 0 > {out}/review.txt; \
         {kith} --db {disk}/k.db export json > {out}/export.json; \
         {kith} --db {disk}/k.db doctor > {out}/doctor.txt; \
         if {kith} --db {disk}/k.db person add 'Grace Hopper' 2> {out}/refused.txt; then exit 9; fi",
        disk = disk.display(),
        db = k.db().display(),
        kith = kith_bin().display(),
        out = k.dir().display(),
    );
    let run = std::process::Command::new("unshare").args(["--mount", "sh", "-c", &script]).output().unwrap();
    assert!(run.status.success(), "{run:?}");
    let read = |name: &str| std::fs::read_to_string(k.path(name)).unwrap();
    assert_eq!(read("export.json"), export);
    assert_eq!(read("review.txt"), k.ok(&["review", "--limit", "0"]));
    assert!(read("doctor.txt").contains("no damage found"), "{}", read("doctor.txt"));
    assert!(read("refused.txt").contains("cannot be written"), "{}", read("refused.txt"));
}
