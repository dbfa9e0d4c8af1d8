//! Acting on a relationship: stage changes and their rules (no ghosting), drafts marked
//! sent, check-ins and their calendar feed, client offboarding and community segments.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Ann, with a little shared history: a meeting and an introduction she made.
fn ann(k: &Kith) -> String {
    k.ok(&["me", "add", "alex@example.org"]);
    let id = k.add_person("Ann Lee", &["--email", "ann@example.com"]);
    k.ok(&[
        "log",
        &id,
        "--channel",
        "meeting",
        "--dir",
        "mutual",
        "--at",
        "2025-03-04",
        "--subject",
        "Roadmap",
    ]);
    k.ok(&["got", &id, "introduction", "--at", "2025-05-20", "--note", "Dana Reyes at Northwind"]);
    id
}

fn stage_of(k: &Kith, who: &str) -> (String, Vec<String>, Vec<String>) {
    let shown = k.show(who);
    let notes =
        shown["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_owned()).collect();
    (shown["person"]["stage"].as_str().unwrap().to_owned(), strings(&shown["person"]["tags"]), notes)
}

#[test]
fn ending_without_a_farewell_is_refused_and_changes_nothing() {
    let k = Kith::new();
    let id = ann(&k);
    k.refused(&["end", &id, "--door", "open"], 2, &["without a farewell", "kith draft", "--delivered"]);
    // A name a shell would read into is not put in the command to paste: the id is.
    let odd = k.json(&["person", "add", "Bo $(whoami)", "--email", "bo@example.com"]);
    let odd = odd["id"].as_str().unwrap();
    let hint = format!("kith draft {odd} farewell");
    k.refused(&["end", odd, "--door", "open"], 2, &["without a farewell", &hint]);
    // An unsent farewell draft is no farewell either.
    let draft = k.json(&["draft", &id, "farewell", "--reason", "I am moving into climate tech"]);
    k.refused(&["end", &id, "--door", "open"], 2, &["without a farewell"]);
    assert_eq!(stage_of(&k, &id).0, "active");

    // Once sent, the ending goes through, with its note, tag and check-ins.
    k.ok(&["drafts", "sent", draft["id"].as_str().unwrap()]);
    let ended = k.json(&["end", &id, "--door", "open", "--reason", "moving into climate tech"]);
    assert_eq!(ended["transition"]["to"], "ended");
    assert_eq!(ended["transition"]["door"], "open");
    assert_eq!(ended["checkin"]["every_days"], 120);
    let (stage, tags, notes) = stage_of(&k, &id);
    assert_eq!(stage, "ended");
    assert_eq!(tags, ["stage:ended"]);
    let note = notes.last().unwrap();
    assert!(note.contains("door open") && note.contains(draft["id"].as_str().unwrap()), "{note}");
}

#[test]
fn a_farewell_given_in_person_counts_and_the_door_can_close() {
    let k = Kith::new();
    let id = ann(&k);
    let ended = k.json(&["end", &id, "--door", "closed", "--delivered", "in person on 3 May"]);
    assert!(ended["checkin"].is_null(), "a closed door schedules nothing: {ended}");
    let (_, _, notes) = stage_of(&k, &id);
    assert!(notes.last().unwrap().contains("Farewell given in person on 3 May"));
    assert!(k.show(&id)["checkins"].as_array().unwrap().is_empty());
}

#[test]
fn walking_away_needs_a_reason_and_schedules_nothing() {
    let k = Kith::new();
    let id = ann(&k);
    k.refused(&["walk-away", &id], 2, &["needs a reason", "--reason"]);
    k.json(&["reduce", &id, "--every", "90d"]);
    let walked = k.json(&["walk-away", &id, "--reason", "insulted the team in public"]);
    assert_eq!(walked["transition"]["to"], "walked_away");
    let shown = k.show(&id);
    assert!(
        shown["checkins"].as_array().unwrap().iter().all(|c| !c["done_at"].is_null()),
        "pending check-ins go"
    );
    assert_eq!(strings(&shown["person"]["tags"]), ["stage:walked-away"]);
}

#[test]
fn every_transition_writes_stage_tag_and_note_and_revive_is_recorded() {
    let k = Kith::new();
    let id = ann(&k);
    let steps: [(&[&str], &str, &str); 4] = [
        (
            &["reduce", &id, "--every", "3m", "--reason", "different industries now"],
            "reduced",
            "stage:reduced",
        ),
        (&["revive", &id, "--note", "she called about a role"], "revived", "stage:revived"),
        (&["mentor", &id, "--reason", "I am retiring"], "mentoring", "stage:mentoring"),
        (&["distance", &id], "distanced", "stage:distanced"),
    ];
    for (n, (args, stage, tag)) in steps.iter().enumerate() {
        k.json(args);
        let (now, tags, notes) = stage_of(&k, &id);
        assert_eq!((now.as_str(), tags.as_slice()), (*stage, [tag.to_string()].as_slice()), "after {args:?}");
        assert_eq!(notes.len(), n + 1, "one dated note per change");
    }
    let shown = k.show(&id);
    assert_eq!(shown["person"]["cadence_days"], Value::Null, "revive undid the reduced cadence");
    k.ok(&["end", &id, "--door", "open", "--delivered", "over lunch"]);
    let revived = k.json(&["revive", &id, "--reason", "new project together"]);
    assert_eq!(
        (revived["transition"]["from"].as_str(), revived["transition"]["to"].as_str()),
        (Some("ended"), Some("revived"))
    );
    let transitions = k.show(&id)["transitions"].as_array().unwrap().len();
    assert_eq!(transitions, 6);
    // The check-ins the ending scheduled went with the revival.
    assert!(k.json(&["checkins", "--within", "1y"]).as_array().unwrap().is_empty());
    k.refused(&["revive", &id], 2, &["already revived"]);
}

#[test]
fn a_draft_names_real_help_and_its_eml_opens_in_a_mail_client() {
    let k = Kith::new();
    let id = ann(&k);
    // A call last month, after the meeting of March 2025 (which alone, more than a year
    // ago, leaves no tie close): two-way contact this year makes Ann inner, so the manner
    // is a conversation: talking points.
    k.ok(&["log", &id, "--channel", "call", "--dir", "mutual", "--at", "20d"]);
    let draft = k.json(&["draft", &id, "farewell", "--tone", "warm"]);
    assert_eq!(draft["manner"], "conversation");
    let body = draft["body"].as_str().unwrap();
    assert!(body.lines().all(|l| l.starts_with("- ")), "talking points: {body}");
    assert!(body.contains("Dana Reyes at Northwind"), "the introduction she made is cited: {body}");
    assert!(strings(&draft["cited"]).iter().any(|c| c.contains("May 2025")));

    k.ok(&["me", "name", "Alex Owner"]);
    let eml = k.ok(&["draft", &id, "farewell", "--format", "eml"]);
    let nobody = Kith::new();
    let bo = nobody.add_person("Bo Chen", &["--email", "bo@example.com"]);
    nobody.refused(&["draft", &bo, "farewell", "--format", "eml"], 2, &["kith me add"]);
    let message = mail_parser::MessageParser::default().parse(eml.as_bytes()).expect("a parsable message");
    let to = message.to().and_then(|a| a.first()).expect("a To address");
    assert_eq!(to.address(), Some("ann@example.com"));
    assert_eq!(to.name(), Some("Ann Lee"));
    let from = message.from().and_then(|a| a.first()).expect("a From address");
    assert_eq!((from.name(), from.address()), (Some("Alex Owner"), Some("alex@example.org")));
    assert!(message.subject().is_some_and(|s| !s.is_empty()));
    let text = message.body_text(0).expect("a text body");
    assert!(
        text.contains("Dana Reyes at Northwind") && text.contains("Alex"),
        "cites her help, signed: {text}"
    );

    // Both drafts were kept; marking the talking points sent logs the call they were for.
    let drafts = k.json(&["drafts", "--person", &id]);
    assert_eq!(drafts.as_array().unwrap().len(), 2);
    let before = k.show(&id)["interactions"].as_array().unwrap().len();
    // "Sent today", typed as a date, means after it was written that day.
    let sent = k.json(&["drafts", "sent", draft["id"].as_str().unwrap(), "--at", "today"]);
    assert!(!sent["sent_at"].is_null());
    let interactions = k.show(&id)["interactions"].as_array().unwrap().clone();
    assert_eq!(interactions.len(), before + 1);
    assert!(
        interactions.iter().any(|i| i["channel"] == "call" && i["direction"] == "out"),
        "{interactions:?}"
    );
    k.refused(&["drafts", "sent", draft["id"].as_str().unwrap()], 2, &["already marked sent"]);
    assert_eq!(k.json(&["drafts", "--unsent"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_template_of_your_own_replaces_the_shipped_one() {
    let k = Kith::new();
    let id = ann(&k);
    let path = k.ok(&["templates", "edit-path", "check-in"]);
    let path = std::path::PathBuf::from(path.trim());
    assert!(path.starts_with(k.dir()), "the config directory is under the test's HOME: {}", path.display());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "Subject: Hello {{ first_name }}\n\nJust saying hi, {{ first_name }}.\n").unwrap();
    let list = k.json(&["templates", "list"]);
    let check_in = list.as_array().unwrap().iter().find(|t| t["move"] == "check_in").unwrap();
    assert_eq!(check_in["yours"], true);
    let draft = k.json(&["draft", &id, "check-in", "--manner", "email"]);
    assert_eq!(draft["subject"], "Hello Ann");
    assert!(draft["body"].as_str().unwrap().contains("Just saying hi, Ann."));
    std::fs::write(&path, "Subject: {{ broken\n").unwrap();
    let line = k.fail(&["draft", &id, "check-in"], 1);
    assert!(line.contains("check_in.j2") || line.contains(&path.display().to_string()), "{line}");
}

/// The UIDs of an iCalendar feed, after checking that an independent parser reads it.
fn feed_uids(ics: &str) -> BTreeSet<String> {
    let parsed = calcard::icalendar::ICalendar::parse(ics).expect("the feed parses");
    assert!(!parsed.components.is_empty());
    ics.lines().filter_map(|l| l.strip_prefix("UID:")).map(|u| u.trim().to_owned()).collect()
}

#[test]
fn checkins_are_listed_with_a_draft_and_fed_to_calendars_with_stable_uids() {
    let k = Kith::new();
    let id = ann(&k);
    let bo = k.add_person("Bo Chen, Jr.", &["--email", "bo@example.com"]);
    k.ok(&["end", &id, "--door", "open", "--delivered", "over lunch", "--checkins-every", "10d"]);
    k.ok(&["reduce", &bo, "--every", "60d"]);
    let soon = k.json(&["checkins"]);
    assert_eq!(soon.as_array().unwrap().len(), 1, "only Ann's is due within 30 days: {soon}");
    assert_eq!(soon[0]["suggestion"], "kith draft \"Ann Lee\" check-in");
    assert_eq!(k.json(&["checkins", "--within", "1y"]).as_array().unwrap().len(), 2);

    let first = k.ok(&["checkins", "--ics"]);
    let uids = feed_uids(&first);
    assert_eq!(uids.len(), 2);
    assert!(first.contains("SUMMARY:Check in with Bo Chen\\, Jr."), "{first}");
    assert_eq!(feed_uids(&k.ok(&["checkins", "--ics"])), uids, "regenerating keeps the UIDs");

    // Done: the repeating check-in schedules the next, which joins the feed.
    let checkin = soon[0]["id"].as_str().unwrap();
    let done = k.json(&["checkins", "done", checkin]);
    assert!(!done["next"].is_null());
    let after = feed_uids(&k.ok(&["checkins", "--ics"]));
    assert_eq!(after.len(), 2);
    assert!(!after.contains(&format!("{checkin}@kith")));
    k.refused(&["checkins", "done", checkin], 2, &["already done"]);
}

#[test]
fn offboarding_four_people_gives_four_personal_drafts_and_a_checklist_that_follows() {
    let k = Kith::new();
    k.ok(&["me", "add", "alex@example.org"]);
    k.ok(&["org", "add", "Acme", "--domain", "acme.io"]);
    let names = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans"];
    let ids: Vec<String> = names
        .iter()
        .map(|n| {
            let email = format!("{}@acme.io", n.split(' ').next().unwrap().to_lowercase());
            k.add_person(n, &["--email", &email, "--org", "Acme"])
        })
        .collect();
    let mut add = vec!["engagement", "add", "Acme", "Data platform", "--start", "2025-01-06"];
    for id in &ids {
        add.extend(["--person", id.as_str()]);
    }
    k.ok(&add);
    k.ok(&["got", &ids[1], "advice", "--at", "2025-06-10", "--note", "how to size the cluster"]);

    let first = k.json(&["offboard", "Acme", "--went-well"]);
    let written = first["written"].as_array().unwrap();
    assert_eq!(written.len(), 4, "one personal draft each");
    let people: BTreeSet<&str> = written.iter().map(|d| d["person"].as_str().unwrap()).collect();
    assert_eq!(people.len(), 4);
    let bodies: BTreeSet<&str> = written.iter().map(|d| d["body"].as_str().unwrap()).collect();
    assert_eq!(bodies.len(), 4, "four distinct drafts, each addressed to its person");
    let draft_for = |id: &str| written.iter().find(|d| d["person"] == id).unwrap();
    for (id, name) in ids.iter().zip(names) {
        let first_name = name.split(' ').next().unwrap();
        let d = draft_for(id);
        assert!(
            d["body"].as_str().unwrap().contains(&format!("Hi {first_name},")),
            "{name}'s draft greets them: {d}"
        );
    }
    let bo = draft_for(&ids[1]);
    assert!(bo["body"].as_str().unwrap().contains("how to size the cluster"), "Bo's advice is cited: {bo}");
    let items = first["checklist"]["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["thanked"].is_null()));

    // Running it again writes nothing new; marking two sent updates the checklist.
    let again = k.json(&["offboard", "Acme"]);
    assert!(again["written"].as_array().unwrap().is_empty());
    let send = |id: &str| k.ok(&["drafts", "sent", draft_for(id)["id"].as_str().unwrap()]);
    send(&ids[0]);
    send(&ids[1]);
    let item = |view: &Value, id: &str| {
        view["checklist"]["items"].as_array().unwrap().iter().find(|i| i["person"] == id).unwrap().clone()
    };
    let now = k.json(&["offboard", "Acme"]);
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(!item(&now, id)["thanked"].is_null(), n < 2, "{} thanked", names[n]);
    }
    assert_eq!(item(&now, &ids[0])["reference_asked"], true, "it went well");
    let text = k.ok(&["offboard", "Acme"]);
    assert!(text.contains("Left:") && text.contains("kith drafts sent"), "{text}");

    // Finishing waits for everyone's thanks, then ends the engagement with check-ins.
    k.refused(&["offboard", "Acme", "--finish"], 2, &["not everyone was thanked", "Cy Diaz", "Di Evans"]);
    k.ok(&["log", &ids[0], "--channel", "email", "--dir", "in", "--subject", "Thanks to you too"]);
    send(&ids[2]);
    send(&ids[3]);
    let done = k.json(&["offboard", "Acme", "--finish"]);
    assert_eq!(done["engagement"]["status"], "finished");
    assert!(done["checklist"]["items"].as_array().unwrap().iter().all(|i| i["checkins_scheduled"] == true));
    assert!(!item(&done, &ids[0])["answered"].is_null(), "Ann's reply counts as an answer");
    assert!(item(&done, &ids[1])["answered"].is_null());
    assert_eq!(k.json(&["checkins", "--within", "1y"]).as_array().unwrap().len(), 4);
}

#[test]
fn segments_suggest_a_plan_and_count_returns_and_referrals() {
    let k = Kith::new();
    let ann = k.add_person("Ann Lee", &["--tag", "lapsed"]);
    let bo = k.add_person("Bo Chen", &["--tag", "no-budget"]);
    k.add_person("Cy Diaz", &["--tag", "lapsed"]);
    // A lapsed member who comes back is revived from where they stood.
    k.ok(&["revive", &ann, "--note", "renewed after a year away"]);
    k.ok(&["got", &bo, "referral", "--note", "sent us Di"]);
    let report = k.json(&["segment"]);
    let lapsed = &report[0];
    assert_eq!((lapsed["segment"].as_str(), lapsed["people"].as_array().unwrap().len()), (Some("lapsed"), 2));
    assert_eq!(strings(&lapsed["revived"]), [ann]);
    assert_eq!(report[1]["referrals"], 1);
    assert!(!report[1]["plan"].as_array().unwrap().is_empty());
    let text = k.ok(&["segment"]);
    assert!(text.contains("lapsed (tag lapsed): 2 members; 1 came back"), "{text}");
}

#[test]
fn changing_how_an_engagement_went_rewrites_unsent_thanks_and_asks_for_what_is_missing() {
    let k = Kith::new();
    k.ok(&["me", "add", "alex@example.org"]);
    k.ok(&["org", "add", "Acme"]);
    let ann = k.add_person("Ann Lee", &["--email", "ann@acme.io"]);
    let bo = k.add_person("Bo Chen", &["--email", "bo@acme.io"]);
    k.ok(&["engagement", "add", "Acme", "Audit", "--start", "2025-01-06", "--person", &ann, "--person", &bo]);
    let first = k.json(&["offboard", "Acme"]);
    let draft_of = |view: &Value, id: &str| {
        view["written"].as_array().unwrap().iter().find(|d| d["person"] == id).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let ann_draft = draft_of(&first, &ann);
    k.ok(&["drafts", "sent", &ann_draft]);

    // Marked as gone well afterwards: Bo's unsent thanks is rewritten with the ask; Ann's,
    // sent without it, is not counted as asking, and the checklist says what to do.
    let after = k.json(&["offboard", "Acme", "--went-well"]);
    let written = after["written"].as_array().unwrap();
    assert_eq!(written.len(), 1, "only the unsent thanks is rewritten: {after}");
    assert_eq!(written[0]["person"], bo.as_str());
    assert_eq!(written[0]["asks_reference"], true);
    let items = after["checklist"]["items"].as_array().unwrap();
    let ann_item = items.iter().find(|i| i["person"] == ann.as_str()).unwrap();
    assert_eq!(ann_item["reference_asked"], false);
    let left = after["checklist"]["left"].as_array().unwrap();
    assert!(left.iter().any(|s| s["step"] == "ask_reference" && s["person"] == ann.as_str()), "{left:?}");
    assert_eq!(
        k.json(&["drafts", "--person", &bo]).as_array().unwrap().len(),
        1,
        "the old draft is replaced"
    );
}
