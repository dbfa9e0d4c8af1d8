//! `kith backup`: a consistent copy that is a database in its own right.

use crate::export::build_rich;
use crate::support::*;

#[test]
fn a_backup_exports_exactly_like_the_original() {
    let k = Kith::new();
    build_rich(&k);
    let original = k.export();
    let copy = k.path("copy.db");

    let out = k.ok(&["backup", copy.to_str().unwrap()]);
    assert!(out.starts_with("backed up "), "{out}");
    assert!(out.contains("copy.db"), "{out}");
    assert!(copy.exists());
    assert_eq!(k.export_of(&copy), original);

    // The copy is independent of the original.
    k.ok(&["person", "add", "Added After The Backup"]);
    assert_eq!(k.export_of(&copy), original);
    k.cmd_on(&copy).args(["person", "add", "Only In The Copy"]).assert().success();
    assert!(!k.export().contains("Only In The Copy"));
}

#[test]
fn a_second_backup_to_the_same_path_is_refused_and_leaves_it_alone() {
    let k = Kith::new();
    build_rich(&k);
    let copy = k.path("copy.db");
    k.ok(&["backup", copy.to_str().unwrap()]);
    let first_export = k.export_of(&copy);
    let bytes = std::fs::read(&copy).unwrap();

    k.ok(&["person", "add", "Changes Since"]);
    let line = k.refused(&["backup", copy.to_str().unwrap()], 2, &["already exists"]);
    assert!(line.contains("copy.db"), "{line}");
    assert_eq!(std::fs::read(&copy).unwrap(), bytes, "the existing file was touched");
    assert_eq!(k.export_of(&copy), first_export);
}

#[test]
fn backup_refuses_an_existing_file_of_any_kind() {
    let k = Kith::new();
    let target = k.path("notes.txt");
    std::fs::write(&target, "precious").unwrap();
    k.refused(&["backup", target.to_str().unwrap()], 2, &["already exists"]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
}

#[test]
fn backup_into_a_missing_directory_fails_cleanly() {
    let k = Kith::new();
    k.ok(&["person", "add", "Ada Lovelace"]);
    let target = k.path("no/such/dir/copy.db");
    let assert = k.run(&["backup", target.to_str().unwrap()]).failure();
    let line = one_error_line(&stderr_of(&assert));
    assert!(line.contains("no/such/dir"), "{line}");
    assert!(!target.exists());
}

#[test]
fn backup_reports_json() {
    let k = Kith::new();
    let copy = k.path("copy.db");
    let json = k.json(&["backup", copy.to_str().unwrap()]);
    assert_eq!(json["backup"], copy.to_str().unwrap());
    assert_eq!(k.export_of(&copy), k.export());
}
