//! Where the database is: paths, URLs, the default location, and files that are not a
//! kith database.

use crate::support::*;

#[test]
fn relative_paths_and_sqlite_urls_name_the_same_file() {
    let k = Kith::uninit();
    let out = stdout_of(k.bare().current_dir(k.dir()).args(["--db", "rel.db", "init"]).assert().success());
    assert!(out.contains("rel.db"), "{out}");
    assert!(k.path("rel.db").is_file());
    k.bare()
        .current_dir(k.dir())
        .args(["--db", "rel.db", "person", "add", "Ada Lovelace"])
        .assert()
        .success();

    let url = format!("sqlite://{}", k.path("rel.db").display());
    let listed = stdout_of(k.bare().args(["--db", &url, "--json", "person", "list"]).assert().success());
    assert_eq!(field(&parse_json(&listed, &["person", "list"]), "name"), ["Ada Lovelace"]);
}

#[test]
#[cfg(target_os = "linux")]
fn without_db_kith_uses_the_platform_data_directory() {
    let k = Kith::uninit();
    let out = stdout_of(k.bare().arg("init").assert().success());
    let default = k.path("home/data/kith/kith.db");
    assert!(default.is_file(), "init without --db creates {}: {out}", default.display());
    assert!(out.contains(&default.display().to_string()), "{out}");
    k.bare().args(["person", "add", "Ada Lovelace"]).assert().success();
    assert_eq!(
        len(&parse_json(&stdout_of(k.bare().args(["--json", "person", "list"]).assert().success()), &[])),
        1
    );
}

#[test]
fn an_empty_database_path_is_refused() {
    // An empty --db (or `export KITH_DB=`) is a mistake, not a place to keep data.
    let k = Kith::uninit();
    let line = fail_with(k.bare().args(["--db", "", "init"]).assert(), 2);
    assert!(line.contains("empty"), "{line}");
    let line = fail_with(k.bare().env("KITH_DB", "").arg("init").assert(), 2);
    assert!(line.contains("empty"), "{line}");
}

#[test]
fn a_file_that_is_not_a_kith_database_is_left_alone() {
    let k = Kith::uninit();
    let notes = k.path("notes.txt");
    let text = "my notes, not a database\n".repeat(100);
    std::fs::write(&notes, &text).unwrap();
    for args in [&["person", "list"][..], &["init"], &["person", "add", "Ada Lovelace"]] {
        let assert = k.cmd_on(&notes).args(args).assert().failure();
        let line = one_error_line(&stderr_of(&assert));
        assert!(line.contains("not a database"), "`kith {}`: {line}", args.join(" "));
        assert_eq!(line.matches("not a database").count(), 1, "the error repeats itself: {line}");
    }
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), text, "kith wrote into a file that is not its own");
}

#[test]
fn a_sqlite_database_of_something_else_is_refused_before_anything_is_written() {
    // Another program's SQLite file: before, a read added kith's 27 tables to it and
    // switched it to WAL mode.
    let k = Kith::uninit();
    let other = k.path("other.db");
    let db = rusqlite::Connection::open(&other).unwrap();
    db.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');").unwrap();
    drop(db);
    let before = std::fs::read(&other).unwrap();
    for args in [&["person", "list"][..], &["init"], &["person", "add", "Ada Lovelace"]] {
        let line = fail_with(k.cmd_on(&other).args(args).assert(), 2);
        for word in ["not kith's", "notes", "another --db"] {
            assert!(line.contains(word), "`kith {}`: {line}", args.join(" "));
        }
    }
    assert_eq!(std::fs::read(&other).unwrap(), before, "kith wrote into another program's database");
    assert!(!k.path("other.db-wal").exists(), "kith switched it to WAL mode");
}

#[test]
fn errors_in_json_mode_are_still_one_line_on_stderr() {
    let k = Kith::new();
    let line = fail_with(k.cmd().args(["--json", "show", "Nobody"]).assert(), 3);
    assert!(line.contains("no person matches \"Nobody\""), "{line}");
    let line = fail_with(k.cmd().args(["--json", "person", "add", " "]).assert(), 2);
    assert!(line.contains("the name is empty"), "{line}");
}

#[test]
fn export_to_an_unwritable_place_names_it() {
    let k = Kith::new();
    let target = k.path("no/such/dir/out.json");
    let line = k.fail(&["export", "json", "--out", target.to_str().unwrap()], 1);
    assert!(line.contains("could not write") && line.contains("no/such/dir/out.json"), "{line}");
}

#[test]
fn a_failed_multi_person_log_records_nothing() {
    let k = Kith::new();
    k.add_person("Ada Lovelace", &[]);
    k.add_person("Grace Hopper", &[]);
    k.refused(
        &["log", "Ada Lovelace", "Grace Hopper", "Nobody", "--channel", "call", "--dir", "out"],
        3,
        &["\"Nobody\""],
    );
    k.refused(&["person", "add", "X", "--email", "x@example.com", "--email", "bad@"], 2, &["bad@"]);
}
