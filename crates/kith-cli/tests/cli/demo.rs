//! `kith demo`: a sample network, temporary or kept.

use crate::support::*;
use std::io::Read;
use std::process::Stdio;

#[test]
fn demo_without_a_database_shows_the_sample_and_leaves_nothing_behind() {
    let k = Kith::uninit();
    let out = stdout_of(k.bare().arg("demo").assert().success());
    assert_contains_all(
        &out,
        &[
            "a sample network of 12 people",
            "kith import contacts.vcf calendar.ics Mail/",
            "contacts.vcf (vcard): 12 contacts",
            "calendar.ics (ical): 14 meetings",
            "== Who you are, found from your sent folder (kith import Mail/)",
            "the messages of your sent folders (12 of 12) come from \"Alex Quinn\": if that is you, run `kith me add me@example.com`",
            "(the demo takes it) added your email me@example.com",
            "mail: read 27 messages",
            "logged 24 personal messages (12 sent by you) as 24 interactions; 0 correspondents new to kith",
            "read the text of 24 personal messages for favors",
            "== Favors found in your mail, waiting for your word (kith ledger suggestions)",
            "\"Could you introduce me to a studio lead at Northwind?\"",
            "you give Jonah Feld an introduction (answers s_",
            "== Jonah's, taken into the ledger (kith ledger accept --min-confidence 0.7 --who \"Jonah Feld\")",
            "you gave Jonah Feld an introduction (3.0) (",
            "settling the ask as given; ledger entry x_",
            "to Priya Raman",
            "mail of ",
            "kept out: mailing list 1, no-reply sender 1, bounce 1",
            "imported 12, merged 0, updated 0, unchanged 0, skipped 0",
            "events with more than 20 attendees: 1",
            "== People",
            "Maya Okafor",
            "Tomás Lindqvist",
            "== Organizations",
            "Northwind Labs",
            "Harbor & Co",
            "== Client work",
            "Data platform migration",
            "== One person in full",
            "Jonah Feld",
            "Chloé Martin",
            "ended",
            "she moved abroad",
            "Stage history",
            "Timeline",
            "Re: Reference for the Acme pitch",
            "Ledger",
            "== Who needs you now, and why (kith review)",
            "== What to do about one of them (kith plan \"Jonah Feld\")",
            "Plan for Jonah Feld (close tier; one_sided_taking, overdue)",
            "1. reciprocity_talk: they asked 3 times and gave back once",
            "already tried: you asked them for feedback on ",
            "draft it: kith draft \"Jonah Feld\" reciprocity-talk",
            "== A farewell that names real help (kith draft \"Grace Whitfield\" farewell",
            "the introduction to Ivo Brandt at Harbor & Co",
            "your advice in ",
            "(how to price a first consulting job)",
            "Alex\n",
            "Grace Whitfield: active -> ended",
            "check-in ",
            "== Winding down client work, one person at a time (kith offboard \"Northwind Labs\" --went-well)",
            "--- to Tomás Lindqvist (draft d_",
            "--- to Priya Raman (draft d_",
            "Hi Tomás,",
            "Hi Priya,",
            "Offboarding Data platform migration for Northwind Labs (winding down; went well",
            "== One thank-you sent; the checklist follows",
            "wait for Tomás Lindqvist's answer",
            "send Priya Raman's thanks",
            "== Check-ins coming up (kith checkins --within 6m)",
            "kith draft \"Chloé Martin\" check-in",
            "kith draft \"Grace Whitfield\" check-in",
            "this database was temporary",
        ],
    );
    // The checklist after one thank-you was sent: Tomás thanked, Priya not yet.
    let after = &out[out.find("== One thank-you sent").unwrap()..out.find("== Check-ins coming up").unwrap()];
    let row =
        |name: &str| after.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_default().to_owned();
    assert!(row("Tomás Lindqvist").contains(" yes "), "{after}");
    assert!(!row("Priya Raman").contains(" yes "), "{after}");
    // The review lists several different diagnoses, each with its first move.
    let review = &out[out.find("== Who needs you now").unwrap()..out.find("== What to do").unwrap()];
    for (name, diagnosis, first) in [
        ("Priya Raman", "drifting", "reconnect"),
        ("Samir Haddad", "unresponsive", "pause_outreach"),
        ("Jonah Feld", "one_sided_taking", "reciprocity_talk"),
        ("Elena Sokolova", "overdue", "reconnect"),
    ] {
        let line = review.lines().find(|l| l.trim_start().starts_with(name));
        let line = line.unwrap_or_else(|| panic!("{name} is not in the review:\n{review}"));
        assert_contains_all(line, &[diagnosis, first]);
    }
    for left_out in ["Chloé Martin", "Rafael Costa", "Maya Okafor"] {
        assert!(!review.contains(left_out), "{left_out} needs no attention:\n{review}");
    }
    let left: Vec<_> = std::fs::read_dir(k.tmp()).unwrap().collect();
    assert!(left.is_empty(), "the temporary demo database was left behind: {left:?}");
    assert!(!k.path("home/data/kith").exists(), "the demo must not touch the default database");
}

#[test]
fn demo_with_a_database_keeps_it_and_refuses_to_run_twice() {
    let k = Kith::uninit();
    let out = k.ok(&["demo"]);
    assert!(out.contains(&format!("explore it: kith {}", k.db_option())), "{out}");
    assert!(on_postgres() || k.db().exists());

    let people = k.json(&["person", "list"]);
    assert_eq!(len(&people), 12);
    let maya = k.show("Maya Okafor");
    assert_eq!(maya["organization"]["name"], "Northwind Labs");
    assert_eq!(maya["person"]["tier"], "inner");
    assert_eq!(k.show("Chloé Martin")["person"]["stage"], "ended");
    assert_eq!(
        len(&k.json(&["person", "list", "--stage", "ended"])),
        2,
        "Chloé and, in the walkthrough, Grace"
    );
    assert_eq!(len(&k.json(&["person", "list", "--org", "northwind.example"])), 3);
    let owner = k.json(&["me", "list"]);
    assert_eq!(identity_values(&owner), ["me@example.com"]);

    // The sample mail: personal threads logged as email, the rest kept out.
    let emails = |who: &str| -> Vec<String> {
        let shown = k.show(who);
        let all = shown["interactions"].as_array().unwrap().iter();
        all.filter(|i| i["channel"] == "email").map(|i| i["direction"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(emails("Maya Okafor").len(), 6);
    assert_eq!(emails("Samir Haddad"), ["out"; 3], "Samir answers none of the owner's mail");
    let kept = k.json(&["mail", "kept-out"]);
    assert_eq!(field(&kept, "kept_out"), ["bounce", "mailing_list", "no_reply"]);
    let figures = k.json(&["mail", "correspondents"]);
    let replies = |address: &str| {
        let c = &figures["contacts"][address];
        (c["they_replied_to_owner"].as_u64().unwrap(), c["owner_replied_to_them"].as_u64().unwrap())
    };
    assert_eq!(replies("maya@northwind.example"), (2, 3));
    assert_eq!(replies("priya@northwind.example"), (1, 1));
    assert_eq!(replies("jonah@feldstudio.example"), (0, 2));
    assert_eq!(replies("samir@harbor.example"), (0, 0));
    assert_eq!(figures["contacts"]["samir@harbor.example"]["to_them"], 3);

    // The kept database is an ordinary one.
    k.ok(&["log", "Maya Okafor", "--channel", "call", "--dir", "out"]);

    let line = k.refused(&["demo"], 2, &["already holds data"]);
    assert!(line.contains(&k.location()), "{line}");
}

#[test]
fn the_demo_review_has_several_diagnoses_and_plans() {
    let k = Kith::uninit();
    k.ok(&["demo"]);
    let review = k.json(&["review"]);
    let of = |name: &str| {
        let all = review.as_array().unwrap();
        all.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("{name} not in {review}")).clone()
    };
    let kinds = |e: &serde_json::Value| field(&e["diagnoses"], "kind");
    let first_move = |e: &serde_json::Value| e["plan"][0]["move"].as_str().unwrap().to_owned();
    assert_eq!(kinds(&of("Samir Haddad")), ["unresponsive"]);
    assert_eq!(first_move(&of("Samir Haddad")), "pause_outreach");
    assert_eq!(kinds(&of("Priya Raman")), ["drifting", "overdue"]);
    let jonah = of("Jonah Feld");
    assert_eq!(kinds(&jonah), ["one_sided_taking", "overdue"]);
    assert_eq!(field(&jonah["plan"], "move"), ["reciprocity_talk", "reconnect", "reduce"]);
    assert_eq!(jonah["plan"][0]["move"], "reciprocity_talk");
    assert!(jonah["plan"][0]["tried"].as_str().unwrap().contains("still not given after 45 days"));
    let all: Vec<String> = review
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            e["diagnoses"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap().to_owned())
        })
        .collect();
    for kind in ["drifting", "unresponsive", "one_sided_taking", "overdue"] {
        assert!(all.iter().any(|k| k == kind), "no {kind} in the demo's review: {all:?}");
    }

    // Ended ties stay out of the review unless --all, even when something is wrong.
    k.ok(&["fact", "Rafael Costa", "hostile", "--note", "threatened to sue"]);
    assert!(field(&k.json(&["review"]), "name").iter().all(|n| n != "Rafael Costa"));
    let everyone = k.json(&["review", "--all"]);
    assert_eq!(len(&everyone), 12);
    let rafael = everyone.as_array().unwrap().iter().find(|e| e["name"] == "Rafael Costa").unwrap();
    assert_eq!(rafael["stage"], "walked_away");
    assert_eq!(field(&rafael["diagnoses"], "kind"), ["strained"]);
    assert_eq!(field(&rafael["plan"], "move"), ["walk_away"]);
    assert!(k.ok(&["review", "--all"]).contains("Chloé Martin"));
}

#[test]
fn demo_refuses_an_initialised_database_with_data_but_takes_an_empty_one() {
    let k = Kith::new();
    k.ok(&["demo"]);
    assert_eq!(len(&k.json(&["person", "list"])), 12);

    let other = Kith::new();
    other.ok(&["org", "add", "Just An Org"]);
    other.refused(&["demo"], 2, &["already holds data"]);
}

#[test]
fn demo_as_json_says_what_was_built_step_by_step() {
    let k = Kith::uninit();
    let json = k.json(&["demo"]);
    assert_eq!(json["database"], k.location());
    assert_eq!(len(&json["people"]), 12);
    let names = field(&json["people"], "name");
    assert!(
        names.contains(&"Maya Okafor".to_owned()) && names.contains(&"Chloé Martin".to_owned()),
        "{names:?}"
    );
    assert_eq!(json["mail"]["messages"], 27);
    let kinds: Vec<&str> =
        json["steps"].as_array().unwrap().iter().map(|s| s["outcome"]["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "owner",
            "imported",
            "suggestions",
            "accepted",
            "recorded",
            "people",
            "organizations",
            "engagements",
            "person",
            "person",
            "review",
            "plan",
            "drafted",
            "ended",
            "offboarded",
            "thanked_one",
            "check_ins"
        ]
    );
    let step = |kind: &str| {
        json["steps"].as_array().unwrap().iter().find(|s| s["outcome"]["kind"] == kind).unwrap()["outcome"]["result"]
            .clone()
    };
    assert_eq!(len(&step("engagements")), 1);
    assert_eq!(step("engagements")[0]["title"], "Data platform migration");
    assert_eq!(step("plan")["name"], "Jonah Feld");
    assert_eq!(step("ended")["ended"]["transition"]["to"], "ended");
    // With --db, the database is what the steps built.
    let export = parse_json(&k.export(), &["export", "json"]);
    assert_eq!(len(&export["people"]), 12);
    assert_eq!(len(&export["organizations"]), 2);
    assert_eq!(len(&export["engagements"]), 1);
}

#[test]
fn a_closed_pipe_is_not_a_failure() {
    let k = Kith::uninit();
    let mut child = k
        .std_cmd(k.db())
        .arg("demo")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith starts");
    // The reader goes away before kith writes anything.
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "kith panicked on a closed pipe: {stderr}");
    assert!(stderr.is_empty(), "nothing to report on a closed pipe: {stderr}");
    assert!(status.success(), "exit status {status}");

    // The same when the reader has read a little first (`kith … | head -c 100`).
    let other = k.path("second.db");
    let mut child =
        k.std_cmd(&other).arg("demo").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = [0u8; 100];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "kith panicked on a closed pipe: {stderr}");
    assert!(status.success(), "exit status {status}: {stderr}");
}

#[test]
fn demo_leaves_the_database_kith_db_names_alone() {
    let k = Kith::new();
    let before = k.export();
    let out = k.bare().env("KITH_DB", k.db()).arg("demo").assert().success();
    let out = stdout_of(out);
    assert!(out.contains("this database was temporary"), "{out}");
    assert_eq!(k.export(), before, "the demo wrote to the KITH_DB database");
}

#[test]
fn merging_records_in_different_stages_takes_the_latest_change() {
    let k = Kith::uninit();
    k.ok(&["demo"]);
    k.ok(&["person", "merge", "Lena Park", "Chloé Martin"]);
    let lena = k.show("Lena Park");
    assert_eq!(lena["person"]["stage"], "ended", "Chloé's ending is the latest stage change");
    assert_eq!(len(&lena["transitions"]), 1);
    assert_eq!(len(&lena["checkins"]), 1);
}

#[test]
fn a_simulated_demo_reviews_a_network_that_drifts_takes_and_goes_quiet() {
    let k = Kith::uninit();
    let out = k.ok(&["demo", "--simulate", "300", "--seed", "2"]);
    assert_contains_all(
        &out,
        &[
            "a simulated network of 300 people (seed 2)",
            "== Who needs you now, and why (kith review)",
            "drifting",
            "unresponsive",
            "one_sided_taking",
            "== What to do about the first of them",
            "Plan for",
            "explore it: kith --db",
        ],
    );
    let review = k.json(&["review", "--limit", "0"]);
    let reviewed = review.as_array().expect("an array of assessments");
    assert!(reviewed.len() > 30, "a tenth or more of the network needs attention: {}", reviewed.len());
    assert!(
        reviewed.iter().any(|a| a["plan"][0]["move"] == "ask_favor"),
        "one-sided ties get the favor test"
    );

    let again = Kith::uninit();
    let written = again.json(&["demo", "--simulate", "300", "--seed", "2"]);
    assert_eq!(written["people"], 300);
    assert!(written["mail"].as_u64().unwrap() > 0 && written["interactions"].as_u64().unwrap() > 10_000);
    // The same seed gives the same network: the same people need the same moves (figures
    // that decay with time move with the clock between the two runs).
    let verdicts = |review: &serde_json::Value| -> Vec<(String, String)> {
        let all = review.as_array().expect("an array");
        let mut verdicts: Vec<_> =
            all.iter().map(|a| (a["name"].to_string(), a["plan"][0]["move"].to_string())).collect();
        verdicts.sort();
        verdicts
    };
    assert_eq!(verdicts(&again.json(&["review", "--limit", "0"])), verdicts(&review));
    again.refused(&["demo", "--simulate", "300"], 2, &["already holds data"]);
}
