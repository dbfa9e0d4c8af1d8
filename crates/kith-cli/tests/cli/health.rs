//! Relationship health through the real binary: `kith review`, `kith plan`, `kith health`
//! and the "Health" section of `kith show`, on small databases built with `kith log`,
//! the ledger, facts and mutes, whose diagnoses are known in advance.

use crate::support::*;
use serde_json::Value;

/// Logs one contact with `who` at an age such as `30d`.
fn log(k: &Kith, who: &str, channel: &str, dir: &str, at: &str) {
    k.ok(&["log", who, "--channel", channel, "--dir", dir, "--at", at]);
}

/// Ada, who has not answered four emails in a row.
fn unanswered(k: &Kith) {
    k.add_person("Ada Lovelace", &["--email", "ada@example.com", "--tag", "mentor"]);
    for at in ["40d", "30d", "20d", "10d"] {
        log(k, "Ada", "email", "out", at);
    }
}

/// Dan: a call every fifteen days for most of a year, then nothing for four months.
fn drifted(k: &Kith) {
    k.add_person("Dan Brook", &["--email", "dan@example.com"]);
    for n in 0..15 {
        let dir = if n % 2 == 0 { "out" } else { "in" };
        log(k, "Dan", "call", dir, &format!("{}d", 330 - 15 * n));
    }
}

/// Carol, who asked twice (one still open) and has not given anything back.
fn taker(k: &Kith) {
    k.add_person("Carol Ives", &["--email", "carol@example.com"]);
    log(k, "Carol", "call", "in", "100d");
    k.ok(&["asked", "Carol", "introduction", "--at", "100d"]);
    k.ok(&["gave", "Carol", "introduction", "--at", "99d"]);
    k.ok(&["asked", "Carol", "referral", "--at", "20d"]);
}

/// The `--json` review entry of `name`.
fn entry<'a>(review: &'a Value, name: &str) -> &'a Value {
    let all = review.as_array().unwrap_or_else(|| panic!("the review is an array: {review}"));
    all.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("{name} is not in the review: {review}"))
}

/// The names in a `--json` review, in its order.
fn names(review: &Value) -> Vec<String> {
    review.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_owned()).collect()
}

/// The kinds of a JSON list of diagnoses, in order.
fn kinds(diagnoses: &Value) -> Vec<String> {
    diagnoses.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap().to_owned()).collect()
}

/// The moves of a JSON plan, in order.
fn moves(plan: &Value) -> Vec<String> {
    plan.as_array().unwrap().iter().map(|s| s["move"].as_str().unwrap().to_owned()).collect()
}

/// The review table's line for `name`.
fn line_of(text: &str, name: &str) -> String {
    let found = text.lines().find(|l| l.trim_start().starts_with(name));
    found.unwrap_or_else(|| panic!("no line for {name} in:\n{text}")).to_owned()
}

#[test]
fn four_unanswered_emails_make_an_unresponsive_tie_whose_first_move_is_to_pause() {
    let k = Kith::new();
    unanswered(&k);
    let review = k.json(&["review"]);
    assert_eq!(names(&review), ["Ada Lovelace"]);
    let ada = entry(&review, "Ada Lovelace");
    assert_eq!(kinds(&ada["diagnoses"]), ["unresponsive"]);
    let evidence = ada["diagnoses"][0]["evidence"].as_str().unwrap();
    assert!(evidence.starts_with("you reached out 4 times since "), "{evidence}");
    assert!(evidence.ends_with("(4 emails) with no reply"), "{evidence}");
    assert_eq!(moves(&ada["plan"]), ["pause_outreach"]);

    let text = k.ok(&["review"]);
    let line = line_of(&text, "Ada Lovelace");
    // Ada never answered: with no two-way contact in the last year she is neither inner nor
    // close, even alone in the database; the owner's recent outreach keeps her active.
    assert_contains_all(
        &line,
        &["active", "unresponsive", "pause_outreach", "you reached out 4 times since"],
    );
    assert!(!line.contains("(4 emails)"), "asides are left out of the table: {line}");
    assert!(text.starts_with(" name"), "a table with a header: {text}");

    let plan = k.ok(&["plan", "Ada"]);
    assert_contains_all(
        &plan,
        &["Plan for Ada Lovelace (active tier; unresponsive)", "1. pause_outreach: you reached out 4 times"],
    );
    assert!(plan.contains("send one last light note"), "{plan}");
}

#[test]
fn a_values_conflict_makes_a_strained_tie_to_step_back_from() {
    let k = Kith::new();
    k.add_person("Bob Marsh", &[]);
    log(&k, "Bob", "meeting", "mutual", "5d");
    k.ok(&["fact", "Bob", "values-conflict", "--since", "3d", "--note", "pushed a shady deal"]);
    let plan = k.json(&["plan", "Bob"]);
    assert_eq!(plan["name"], "Bob Marsh");
    assert_eq!(kinds(&plan["diagnoses"]), ["strained"]);
    assert_eq!(moves(&plan["plan"]), ["distance", "end_gracefully"]);
    let evidence = plan["diagnoses"][0]["evidence"].as_str().unwrap();
    assert!(
        evidence.starts_with("your values conflict (recorded for ")
            && evidence.ends_with(": pushed a shady deal")
    );

    let line = line_of(&k.ok(&["review"]), "Bob Marsh");
    assert_contains_all(&line, &["strained", "distance", "your values conflict: pushed a shady deal"]);
    let text = k.ok(&["plan", "Bob"]);
    assert_contains_all(&text, &["1. distance: your values conflict", "2. end_gracefully: "]);
}

#[test]
fn a_muted_diagnosis_disappears_until_unmuted() {
    let k = Kith::new();
    unanswered(&k);
    k.ok(&["mute", "Ada", "unresponsive", "--until", "2099-01-01"]);
    let review = k.json(&["review"]);
    assert!(names(&review).is_empty(), "the only diagnosis is muted: {review}");
    assert!(k.ok(&["review"]).starts_with("nobody needs attention right now (1 relationship assessed;"));
    let all = k.json(&["review", "--all"]);
    let ada = entry(&all, "Ada Lovelace");
    assert_eq!(kinds(&ada["diagnoses"]), Vec::<String>::new());
    assert_eq!(ada["attention"], 0.0);
    assert_eq!(moves(&k.json(&["plan", "Ada"])["plan"]), Vec::<String>::new());
    assert!(k.ok(&["plan", "Ada"]).starts_with("no moves for Ada Lovelace (active tier): nothing to report"));

    k.ok(&["unmute", "Ada", "unresponsive"]);
    assert_eq!(kinds(&entry(&k.json(&["review"]), "Ada Lovelace")["diagnoses"]), ["unresponsive"]);
}

#[test]
fn a_tie_that_used_to_be_regular_drifts_and_is_worth_reconnecting() {
    let k = Kith::new();
    drifted(&k);
    let review = k.json(&["review"]);
    let dan = entry(&review, "Dan Brook");
    assert_eq!(kinds(&dan["diagnoses"]), ["drifting", "overdue"]);
    assert_eq!(moves(&dan["plan"]), ["reconnect"]);
    let reason = dan["plan"][0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("used to talk ") && reason.ends_with("reach out and suggest meeting"),
        "{reason}"
    );
    let rate = &dan["metrics"]["rate"];
    assert_eq!(rate["recent"], 0);
    assert_eq!(rate["drifting"], true);
    // The p-value is now that of a search over change points, its cost paid (multiplied
    // by the number tried), so the level it is held to is the search's: 10%.
    assert!(rate["p_value"].as_f64().unwrap() < 0.1, "{rate}");
    assert!(rate["tested"].as_u64().unwrap() > 1, "{rate}");
}

#[test]
fn one_sided_taking_asks_a_favor_first_then_talks_once_a_favor_went_unreturned() {
    let k = Kith::new();
    taker(&k);
    let plan = k.json(&["plan", "Carol"]);
    // Her own call is the only contact logged: the owner never took part, so she is an
    // acquaintance, with no cadence to be overdue on and no reconnecting to suggest.
    assert_eq!(plan["tier"], "acquaintance");
    assert_eq!(kinds(&plan["diagnoses"]), ["one_sided_taking"]);
    assert_eq!(moves(&plan["plan"]), ["ask_favor", "reciprocity_talk"]);
    assert_eq!(plan["plan"][0]["tried"], Value::Null);
    let evidence = plan["diagnoses"][0]["evidence"].as_str().unwrap();
    assert_eq!(evidence, "they asked twice and gave back nothing; you gave once");

    // Your own ask of her, open for six weeks: the favor test failed.
    k.ok(&["asked", "Carol", "advice", "--mine", "--at", "42d"]);
    let plan = k.json(&["plan", "Carol"]);
    assert_eq!(moves(&plan["plan"]), ["reciprocity_talk", "reduce"]);
    let tried = plan["plan"][0]["tried"].as_str().unwrap();
    assert!(
        tried.starts_with("you asked them for advice on ")
            && tried.ends_with("still not given after 42 days")
    );
    let text = k.ok(&["plan", "Carol"]);
    assert_contains_all(
        &text,
        &[
            "1. reciprocity_talk: they asked twice",
            "     already tried: you asked them for advice on ",
            "2. reduce: ",
        ],
    );
}

#[test]
fn the_plan_follows_the_playbook_order() {
    let k = Kith::new();
    unanswered(&k);
    // Ada also asks and does not give back, and her interests went elsewhere.
    k.ok(&["asked", "Ada", "reference", "--at", "50d"]);
    k.ok(&["asked", "Ada", "referral", "--at", "45d"]);
    k.ok(&["fact", "Ada", "interests-diverged", "--since", "5d"]);
    let plan = k.json(&["plan", "Ada"]);
    assert_eq!(
        moves(&plan["plan"]),
        ["reduce", "offer_alternative", "pause_outreach", "ask_favor", "reciprocity_talk"]
    );
    let text = k.ok(&["plan", "Ada"]);
    let order: Vec<usize> =
        ["1. reduce", "2. offer_alternative", "3. pause_outreach", "4. ask_favor", "5. reciprocity_talk"]
            .iter()
            .map(|m| text.find(m).unwrap_or_else(|| panic!("{m} missing in:\n{text}")))
            .collect();
    assert!(order.is_sorted(), "{text}");
}

#[test]
fn the_review_is_ranked_and_filtered() {
    let k = Kith::new();
    k.ok(&["org", "add", "Northwind Labs", "--domain", "northwind.example"]);
    unanswered(&k);
    drifted(&k);
    taker(&k);
    k.ok(&["person", "edit", "Carol", "--org", "Northwind"]);
    k.add_person("Eve Stone", &[]);
    for at in ["200d", "100d", "60d", "30d", "20d", "10d", "2d"] {
        log(&k, "Eve", "meeting", "mutual", at);
    }

    let review = k.json(&["review"]);
    let shown = names(&review);
    assert_eq!(shown.len(), 3, "Eve is thriving and left out: {shown:?}");
    let attention: Vec<f64> =
        review.as_array().unwrap().iter().map(|e| e["attention"].as_f64().unwrap()).collect();
    assert!(attention.windows(2).all(|w| w[0] >= w[1]), "most in need first: {attention:?}");
    assert!(attention.iter().all(|a| *a > 0.0));

    let all = k.json(&["review", "--all"]);
    assert_eq!(len(&all), 4);
    assert_eq!(kinds(&entry(&all, "Eve Stone")["diagnoses"]), ["thriving"]);
    assert_eq!(names(&k.json(&["review", "--diagnosis", "thriving"])), ["Eve Stone"]);
    assert_eq!(names(&k.json(&["review", "--diagnosis", "unresponsive,drifting"])).len(), 2);
    assert_eq!(names(&k.json(&["review", "--diagnosis", "one-sided-taking"])), ["Carol Ives"]);
    assert_eq!(names(&k.json(&["review", "--tag", "mentor"])), ["Ada Lovelace"]);
    assert_eq!(names(&k.json(&["review", "--org", "northwind.example"])), ["Carol Ives"]);
    assert_eq!(names(&k.json(&["review", "--org", "Northwind Labs"])), ["Carol Ives"]);
    let limited = k.json(&["review", "--limit", "1"]);
    assert_eq!(names(&limited), shown[..1]);
    assert_eq!(names(&k.json(&["review", "--all", "--limit", "0"])).len(), 4);
    let text = k.ok(&["review", "--limit", "2"]);
    assert!(text.ends_with("… and 1 more; `--limit 0` shows them all\n"), "{text}");

    let tiers: Vec<String> =
        review.as_array().unwrap().iter().map(|e| e["tier"].as_str().unwrap().to_owned()).collect();
    let first = tiers[0].clone();
    let same: Vec<String> =
        shown.iter().zip(&tiers).filter(|(_, t)| **t == first).map(|(n, _)| n.clone()).collect();
    assert_eq!(names(&k.json(&["review", "--tier", &first])), same);
    // Carol only called the owner, who never took part: an acquaintance. Ada, who never
    // answered, is active; Dan, with calls both ways this year, inner.
    assert_eq!(names(&k.json(&["review", "--tier", "inner,close", "--tier", "active"])).len(), 2);
    assert_eq!(names(&k.json(&["review", "--tier", "acquaintance"])), ["Carol Ives"]);
    assert!(names(&k.json(&["review", "--tier", "network"])).is_empty());
    assert!(k.ok(&["review", "--tier", "network"]).starts_with("nobody matches these filters"));

    k.refused(
        &["review", "--tier", "closest"],
        2,
        &["tier", "closest", "inner, close, active, network, acquaintance"],
    );
    k.refused(&["review", "--diagnosis", "sad"], 2, &["diagnosis", "sad", "drifting"]);
    k.refused(&["review", "--org", "Nowhere Inc"], 3, &["no organization matches"]);
    k.refused(&["plan", "Nobody Atall"], 3, &["no person matches"]);
}

#[test]
fn review_json_has_the_full_assessments() {
    let k = Kith::new();
    unanswered(&k);
    let review = k.json(&["review"]);
    let ada = entry(&review, "Ada Lovelace");
    assert!(ada["person"].as_str().unwrap().starts_with("p_"), "{ada}");
    for key in ["stage", "tier", "metrics", "diagnoses", "plan", "importance", "urgency", "attention"] {
        assert!(!ada[key].is_null(), "{key} missing: {ada}");
    }
    assert_eq!(ada["stage"], "active");
    let d = &ada["diagnoses"][0];
    assert!(d["severity"].as_f64().unwrap() > 0.0 && d["evidence"].is_string(), "{d}");
    let step = &ada["plan"][0];
    assert!(step["reason"].is_string() && step.get("tried").is_some(), "{step}");
    let m = &ada["metrics"];
    assert_eq!(m["contacts"], 4);
    assert_eq!(m["unanswered"]["count"], 4);
    assert_eq!(m["theirs"]["expected"], 3, "the latest email is still inside its window: {m}");
    assert_eq!(m["theirs"]["pending"], 1);
    let product = ada["importance"].as_f64().unwrap() * ada["urgency"].as_f64().unwrap();
    assert!((product - ada["attention"].as_f64().unwrap()).abs() < 1e-9);
}

#[test]
fn health_explains_how_each_metric_was_computed() {
    let k = Kith::new();
    drifted(&k);
    let brief = k.ok(&["health", "Dan"]);
    assert_contains_all(
        &brief,
        &[
            "Dan Brook (p_",
            "tier           inner (ranked by tie strength among 1 relationship)",
            "recent rate",
            "strength",
        ],
    );
    assert!(!brief.contains("p-value"), "the short form leaves the workings out: {brief}");
    let explained = k.ok(&["health", "Dan", "--explain"]);
    assert_contains_all(
        &explained,
        &[
            // A call every 15 days, a steady rhythm one day slower than the inner tier's 14.
            "cadence        every 15 days, at most 22 (their own steady rhythm, slower than the tier's)",
            "closest        any: you and they both took part in the last year",
            "recency        0.",
            "duration       0.6 years from the first contact to the last",
            "pinned         no",
            "p-value        0.0",
            "a binomial test of the two counts",
            "window         the last ",
            "baseline       15 in the ",
            "expected       ",
            "drifting       yes: needs a p-value below 0.1 and at most 50% of the expected",
            "times the ",
            "their replies",
            "14 days to answer",
            "unanswered",
            "initiation",
            "reciprocity",
            "halved every 365 days",
            "intensity      ",
            "score ",
            "multiplexity   1 channels",
            "intimacy       100%",
        ],
    );
    let metrics = k.json(&["health", "Dan"]);
    assert_eq!(metrics["contacts"], 15);
    assert_eq!(metrics["channels"], 1);
    // Held to the change point search's level (see above).
    assert!(metrics["rate"]["p_value"].as_f64().unwrap() < 0.1);
    assert!(metrics["strength"].as_f64().unwrap() > 0.0);

    k.ok(&["person", "edit", "Dan", "--tier", "close", "--cadence", "60"]);
    let explained = k.ok(&["health", "Dan", "--explain"]);
    assert_contains_all(
        &explained,
        &[
            "tier           close (pinned)",
            "pinned         yes",
            "every 60 days, at most 90 (pinned for them)",
        ],
    );
}

#[test]
fn show_has_a_short_health_section() {
    let k = Kith::new();
    unanswered(&k);
    let shown = k.ok(&["show", "Ada"]);
    assert_contains_all(
        &shown,
        &[
            "\nHealth\n",
            "  tier       active (strength ",
            "  diagnoses  unresponsive: you reached out 4 times since ",
            "  first move pause_outreach (`kith plan \"Ada Lovelace\"`",
        ],
    );
    assert!(
        shown.find("\nHealth") < shown.find("\nStage history"),
        "health comes after the profile: {shown}"
    );
    let health = &k.show("Ada")["health"];
    assert_eq!(health["tier"], "active", "she never answered: not inner");
    assert_eq!(kinds(&health["diagnoses"]), ["unresponsive"]);
    assert_eq!(health["first_move"]["move"], "pause_outreach");
    assert!(health["strength"].as_f64().unwrap() > 0.0);

    k.add_person("Nobody Yet", &[]);
    let shown = k.ok(&["show", "Nobody Yet"]);
    assert_contains_all(&shown, &["  tier       acquaintance (strength 0 of 100)", "  diagnoses  none"]);
    assert!(!shown.contains("first move"), "{shown}");
    assert_eq!(k.show("Nobody Yet")["health"]["first_move"], Value::Null);
}

#[test]
fn an_empty_network_has_nobody_to_review() {
    let k = Kith::new();
    assert!(k.ok(&["review"]).starts_with("nobody to review yet"));
    assert_eq!(k.json(&["review"]), serde_json::json!([]));
}
