//! Input kith refuses: each case exits with the right code, says what is wrong in one
//! `kith: …` line, and leaves the database exactly as it was.

use crate::support::*;

/// A database with two Adas, Grace, an organization and a little history.
fn network() -> Kith {
    let k = Kith::new();
    k.ok(&["me", "add", "me@example.com"]);
    k.ok(&["org", "add", "Analytical Engines", "--domain", "engines.example"]);
    k.add_person("Ada Lovelace", &["--email", "ada@example.com", "--org", "engines.example"]);
    k.add_person("Ada Byron", &["--email", "byron@example.com"]);
    k.add_person("Grace Hopper", &["--email", "grace@navy.example", "--tag", "navy"]);
    k.ok(&["log", "Grace Hopper", "--channel", "call", "--dir", "out", "--at", "2026-03-14"]);
    k.ok(&["asked", "Grace Hopper", "advice"]);
    k
}

#[test]
fn unknown_person_is_not_found() {
    let k = network();
    let line = k.refused(
        &["log", "Nobody", "--channel", "call", "--dir", "out"],
        3,
        &["no person matches \"Nobody\""],
    );
    assert!(line.contains("kith person list"), "points to the list: {line}");
}

#[test]
fn near_miss_name_suggests_the_nearest() {
    let k = network();
    let line = k.refused(
        &["log", "Ada Lovelase", "--channel", "call", "--dir", "out"],
        3,
        &["no person matches \"Ada Lovelase\"", "did you mean", "Ada Lovelace"],
    );
    assert!(!line.contains("Grace"), "only near names are suggested: {line}");
}

#[test]
fn unknown_identity_is_not_found() {
    let k = network();
    k.refused(&["show", "who@nowhere.example"], 3, &["nobody has the email who@nowhere.example"]);
    k.refused(&["show", "p_0000000000zz"], 3, &["p_0000000000zz"]);
}

#[test]
fn ambiguous_name_lists_every_candidate() {
    let k = network();
    let line = k.refused(
        &["log", "Ada", "--channel", "call", "--dir", "out"],
        2,
        &["\"Ada\" matches 2 people", "Ada Lovelace (p_", "Ada Byron (p_", "use an id or a fuller name"],
    );
    assert!(!line.contains("Grace"), "{line}");
    // Any command that takes a person says the same.
    k.refused(&["gave", "ada", "advice"], 2, &["matches 2 people"]);
    k.refused(&["person", "merge", "Grace Hopper", "Ada"], 2, &["matches 2 people"]);
}

#[test]
fn malformed_dates_are_refused() {
    let k = network();
    for bad in ["32 Mar 2026", "soon", "2026-13-01", "3 fortnights"] {
        k.refused(
            &["log", "Grace Hopper", "--channel", "call", "--dir", "out", "--at", bad],
            2,
            &[&format!("\"{bad}\" is not a date kith understands"), "2026-03-14"],
        );
    }
    k.refused(&["person", "note", "Grace Hopper", "text", "--at", "soon"], 2, &["\"soon\""]);
    k.refused(&["engagement", "add", "engines.example", "Job", "--start", "someday"], 2, &["\"someday\""]);
}

#[test]
fn future_dates_are_refused_for_what_already_happened() {
    let k = network();
    k.refused(
        &["log", "Grace Hopper", "--channel", "call", "--dir", "out", "--at", "2999-03-14"],
        2,
        &["2999-03-14", "in the future"],
    );
    k.refused(&["gave", "Grace Hopper", "advice", "--at", "2999-01-01"], 2, &["in the future"]);
    k.refused(
        &["engagement", "add", "engines.example", "Job", "--start", "2999-01-01"],
        2,
        &["in the future"],
    );
}

#[test]
fn malformed_email_is_refused() {
    let k = network();
    k.refused(
        &["person", "add", "X", "--email", "not-an-email"],
        2,
        &["\"not-an-email\" is not a valid email address"],
    );
    k.refused(&["me", "add", "bad@"], 2, &["\"bad@\" is not a valid email address"]);
    k.refused(&["person", "add", "X", "--phone", "call me"], 2, &["not a valid phone number"]);
    k.refused(&["person", "add", "X", "--url", "ftp://x.example"], 2, &["not a valid URL"]);
    // Words without an address are a display name (what Lotus Notes writes for you);
    // text that is neither an address nor a name is refused.
    assert!(k.ok(&["me", "add", "just words"]).contains("added your display name just words"));
    k.refused(&["me", "add", "/CN=RECIPIENTS"], 2, &["not an Exchange X.500 address"]);
    k.refused(&["me", "add", "12"], 2, &["\"12\""]);
}

#[test]
fn unknown_channel_lists_the_valid_ones() {
    let k = network();
    k.refused(
        &["log", "Grace Hopper", "--channel", "fax", "--dir", "out"],
        2,
        &["unknown channel \"fax\"", "email, call, meeting, message, event, social"],
    );
}

#[test]
fn unknown_direction_lists_the_valid_ones() {
    let k = network();
    k.refused(
        &["log", "Grace Hopper", "--channel", "call", "--dir", "sideways"],
        2,
        &["unknown direction \"sideways\"", "out, in, mutual"],
    );
}

#[test]
fn unknown_exchange_kind_lists_the_valid_ones() {
    let k = network();
    k.refused(
        &["gave", "Grace Hopper", "bribe"],
        2,
        &["unknown exchange kind \"bribe\"", "introduction, referral, reference, advice"],
    );
    k.refused(&["asked", "Grace Hopper", "bribe"], 2, &["\"bribe\""]);
}

#[test]
fn empty_name_is_refused() {
    let k = network();
    k.refused(&["person", "add", " "], 2, &["the name is empty"]);
    k.refused(&["org", "add", ""], 2, &["the name is empty"]);
    k.refused(&["person", "edit", "Grace Hopper", "--name", "  "], 2, &["the name is empty"]);
}

#[test]
fn empty_tag_and_note_are_refused() {
    let k = network();
    k.refused(&["person", "tag", "Grace Hopper", "  "], 2, &["tag cannot be empty"]);
    k.refused(&["person", "note", "Grace Hopper", " "], 2, &["note cannot be empty"]);
}

#[test]
fn an_identity_of_someone_else_is_refused() {
    let k = network();
    k.refused(
        &["person", "add", "Impostor", "--email", "ADA@example.com"],
        2,
        &["ada@example.com already belongs to"],
    );
    k.refused(
        &["person", "edit", "Grace Hopper", "--add", "byron@example.com"],
        2,
        &["byron@example.com already belongs to"],
    );
}

#[test]
fn a_domain_of_another_organization_is_refused() {
    let k = network();
    k.refused(&["org", "add", "Copycat", "--domain", "www.engines.example"], 2, &["engines.example"]);
    k.refused(&["org", "add", "Bad", "--domain", "nodots"], 2, &["\"nodots\" is not a valid domain"]);
}

#[test]
fn merging_a_person_with_themselves_is_refused() {
    let k = network();
    k.refused(&["person", "merge", "Grace Hopper", "grace@navy.example"], 2, &["nothing to merge"]);
}

#[test]
fn unknown_organization_is_not_found() {
    let k = network();
    k.refused(&["person", "add", "X", "--org", "Nonexistent Corp"], 3, &["no organization matches"]);
    k.refused(&["org", "show", "Analytical Engins"], 3, &["did you mean", "Analytical Engines"]);
    k.refused(&["engagement", "show", "Analytical Engines"], 3, &["no engagement"]);
}

#[test]
fn missing_database_directory_is_named() {
    let k = Kith::uninit();
    let missing = k.path("no/such/dir");
    let db = missing.join("kith.db");
    let line = fail_with(k.cmd_on(&db).arg("init").assert(), 2);
    assert!(line.contains(&missing.display().to_string()), "names the directory: {line}");
    assert!(line.contains("does not exist"), "{line}");
    assert!(!missing.exists(), "the directory must not be created");

    let line = fail_with(k.bare().args(["--db", "/nonexistent/dir/kith.db", "init"]).assert(), 2);
    assert!(line.contains("/nonexistent/dir"), "{line}");
}

#[test]
fn missing_database_says_to_run_init() {
    let k = Kith::uninit();
    let none = k.path("none.db");
    for args in [
        &["person", "list"][..],
        &["person", "add", "Ada Lovelace"],
        &["show", "Ada"],
        &["export", "json"],
        &["backup", "copy.db"],
    ] {
        let line = fail_with(k.cmd_on(&none).args(args).assert(), 2);
        assert!(line.contains("kith init"), "`kith {}`: {line}", args.join(" "));
        assert!(line.contains("none.db"), "names the path: {line}");
        assert!(!none.exists(), "`kith {}` created the database", args.join(" "));
    }
}

#[test]
fn unsupported_database_locations_are_refused() {
    let k = Kith::uninit();
    let line = fail_with(k.bare().args(["--db", "postgres://localhost/kith", "person", "list"]).assert(), 2);
    assert!(line.contains("PostgreSQL"), "{line}");
    let line = fail_with(k.bare().args(["--db", "mysql://localhost/kith", "init"]).assert(), 2);
    assert!(line.contains("mysql://"), "{line}");
}

#[test]
fn usage_errors_exit_2() {
    let k = network();
    let before = k.export();
    k.run(&["log", "Grace Hopper"]).code(2); // no --channel/--dir
    k.run(&["frobnicate"]).code(2);
    k.run(&["person", "tag", "Grace Hopper"]).code(2); // no tags
    k.run(&["person", "edit", "Grace Hopper", "--tier", "close", "--no-tier"]).code(2);
    k.run(&["person", "edit", "Grace Hopper", "--cadence", "-3"]).code(2);
    assert_eq!(before, k.export());
}

#[test]
fn empty_fields_are_named() {
    let k = network();
    k.refused(&["person", "add", "X", "--role", " "], 2, &["the role cannot be empty"]);
    k.refused(
        &["engagement", "add", "Analytical Engines", " "],
        2,
        &["the engagement title cannot be empty"],
    );
}

#[test]
fn a_note_dated_in_the_future_is_refused() {
    let k = network();
    k.refused(&["person", "note", "Grace Hopper", "later", "--at", "2099-01-01"], 2, &["in the future"]);
}

#[test]
fn an_engagement_cannot_end_before_it_began() {
    let k = network();
    k.ok(&["engagement", "add", "Analytical Engines", "Engine study", "--start", "2026-03-01"]);
    k.refused(
        &["engagement", "finish", "Analytical Engines", "--at", "2026-02-01"],
        2,
        &["before its start on 2026-03-01"],
    );
    k.ok(&["engagement", "finish", "Analytical Engines", "--at", "2026-04-01"]);
    k.refused(&["engagement", "finish", "Analytical Engines"], 3, &["no active engagement"]);
}

#[test]
fn removing_a_tag_the_person_lacks_is_refused() {
    let k = network();
    k.refused(&["person", "untag", "Grace Hopper", "navy", "admiral"], 3, &["has no tag \"admiral\""]);
    assert_eq!(strings(&k.show("Grace Hopper")["person"]["tags"]), ["navy"], "nothing removed");
}

#[test]
fn a_name_many_people_share_lists_a_few_and_counts_the_rest() {
    // Before, a first name shared by thousands listed every one of them in one line.
    let k = Kith::new();
    let mut vcf = String::new();
    for n in 0..40 {
        vcf.push_str(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Person{n}\r\nEND:VCARD\r\n"));
    }
    let cards = k.path("adas.vcf");
    std::fs::write(&cards, vcf).unwrap();
    k.ok(&["import", cards.to_str().unwrap()]);
    let line =
        k.refused(&["show", "Ada"], 2, &["\"Ada\" matches 40 people", "and 35 more", "kith person list"]);
    assert_eq!(line.matches("(p_").count(), 5, "{line}");
    assert!(line.len() < 400, "{} characters: {line}", line.len());
}

#[test]
fn a_huge_bad_value_gives_a_short_warning() {
    // A card whose phone number is half a megabyte of letters (under the 1 MiB limit on a
    // property, so it is read): before, the warning quoted it whole.
    let k = Kith::new();
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:{}\r\nEND:VCARD\r\n",
        "x".repeat(1 << 19)
    );
    let file = k.path("huge.vcf");
    std::fs::write(&file, card).unwrap();
    let assert = k.run(&["import", file.to_str().unwrap()]).success();
    let stderr = stderr_of(&assert);
    let warning = stderr
        .lines()
        .find(|l| l.contains("huge.vcf"))
        .unwrap_or_else(|| panic!("no warning: {stderr:.300}"));
    assert!(warning.len() < 1024, "a warning of {} bytes", warning.len());
    assert!(warning.contains("characters in all"), "{warning}");
    assert_eq!(field(&k.json(&["person", "list"]), "name"), ["Ada Lovelace"], "the card goes in without it");
}
