//! The demo built through the app on a new database: the sample network, the walkthrough's
//! steps, and what they wrote.

use crate::support::fresh;
use kith_app::demo::{Demo, Outcome, PEOPLE, SimulateInput, build, simulate};
use kith_app::{ErrorKind, Silent};
use kith_core::Stage;

/// The moment the demo runs: its sample is dated back from it.
const NOW: &str = "2026-06-01T12:00:00+00:00[UTC]";

fn outcome<'a>(demo: &'a Demo, kind: &str) -> &'a Outcome {
    let found = demo.steps.iter().find(|s| {
        let value = serde_json::to_value(&s.outcome).expect("a step serializes");
        value["kind"] == kind
    });
    &found.unwrap_or_else(|| panic!("no {kind} step")).outcome
}

#[tokio::test]
async fn the_demo_builds_the_sample_and_walks_through_it() {
    let (_dir, ctx) = fresh(NOW).await;
    let demo = build(&ctx, &Silent).await.expect("the demo runs on an empty database");
    assert_eq!(demo.people.len(), PEOPLE.len());
    assert_eq!(demo.mail.messages, 27);
    assert_eq!(ctx.store.people().await.unwrap().len(), 12);

    // The sample mail was read: the owner found from its sent folder, the personal
    // messages logged and their text read for favors.
    let Outcome::Owner { added, .. } = outcome(&demo, "owner") else { unreachable!() };
    assert_eq!(added.identities.iter().map(|i| i.value()).collect::<Vec<_>>(), ["me@example.com"]);
    let Outcome::Imported(summary) = outcome(&demo, "imported") else { unreachable!() };
    let mail = summary.mail.as_ref().expect("the mail was read");
    assert_eq!(mail.read, demo.mail.messages);
    assert!(mail.read_texts, "the text of personal messages is read for favors");

    // Jonah's favors, and only his, came into the ledger from the demo's mail.
    let Outcome::Accepted(accepted) = outcome(&demo, "accepted") else { unreachable!() };
    assert!(!accepted.accepted.is_empty());
    let jonah = &demo.people[3];
    assert_eq!(jonah.name, "Jonah Feld");
    for a in &accepted.accepted {
        assert_eq!(a.entry.person, jonah.id);
        assert!(a.suggestion.message.key.ends_with("@demo.kith"), "{}", a.suggestion.message.key);
    }
    let ledger = kith_app::ledger::ledger(&ctx, "Jonah Feld").await.unwrap();
    let entries: std::collections::BTreeSet<_> = accepted.accepted.iter().map(|a| &a.entry.id).collect();
    assert_eq!(ledger.sources.len(), entries.len(), "each entry accepted keeps the message it came from");

    // The review has the people it should, with the diagnoses the sample was written for.
    let Outcome::Review(review) = outcome(&demo, "review") else { unreachable!() };
    let diagnoses = |name: &str| -> Vec<String> {
        let entry = review.entries.iter().find(|e| e.name == name);
        let entry = entry.unwrap_or_else(|| panic!("{name} is not in the review"));
        entry.assessment.diagnoses.iter().map(|d| d.kind.as_str().to_owned()).collect()
    };
    assert!(diagnoses("Priya Raman").contains(&"drifting".to_owned()));
    assert_eq!(diagnoses("Samir Haddad"), ["unresponsive"]);
    assert_eq!(diagnoses("Jonah Feld"), ["one_sided_taking", "overdue"]);
    assert!(diagnoses("Elena Sokolova").contains(&"overdue".to_owned()));
    for left_out in ["Chloé Martin", "Rafael Costa", "Maya Okafor"] {
        assert!(review.entries.iter().all(|e| e.name != left_out), "{left_out} needs no attention");
    }
    let Outcome::Plan(plan) = outcome(&demo, "plan") else { unreachable!() };
    assert_eq!(plan.name, "Jonah Feld");
    assert_eq!(plan.plan[0].action.as_str(), "reciprocity_talk");

    // The farewell cites real help; sent, its ending is recorded with a check-in.
    let Outcome::Drafted(farewell) = outcome(&demo, "drafted") else { unreachable!() };
    assert!(farewell.body.contains("Ivo Brandt at Harbor & Co"), "{}", farewell.body);
    let Outcome::Ended { sent, ended } = outcome(&demo, "ended") else { unreachable!() };
    assert_eq!(Some(&sent.draft.id), farewell.id.as_ref());
    assert_eq!(ended.transition.to, Stage::Ended);
    assert!(sent.draft.sent_at.is_some());
    assert!(ended.checkin.is_some(), "the door stays open: a check-in is scheduled");
    let grace = &demo.people[6];
    assert_eq!(ctx.store.person(&grace.id).await.unwrap().stage, Stage::Ended);
    let Outcome::CheckIns(due) = outcome(&demo, "check_ins") else { unreachable!() };
    assert!(due.checkins.iter().any(|c| c.name == "Grace Whitfield"), "{:?}", due.checkins);

    // Only an empty database takes the demo.
    let again = build(&ctx, &Silent).await.expect_err("a second demo is refused");
    assert_eq!(again.kind(), ErrorKind::Invalid);
    assert!(again.to_string().contains("already holds data"), "{again}");
}

#[tokio::test]
async fn a_simulated_demo_writes_the_network_and_reviews_it_when_asked() {
    let (_dir, ctx) = fresh(NOW).await;
    let input = SimulateInput { people: 60, seed: 3, review: true };
    let simulated = simulate(&ctx, input).await.expect("the simulation is written");
    assert_eq!(simulated.people, 60);
    assert_eq!(ctx.store.people().await.unwrap().len(), 60);
    assert!(simulated.interactions > 0);
    let review = simulated.review.as_ref().expect("a review, as asked");
    assert!(!review.entries.is_empty());
    let plan = simulated.plan.as_ref().expect("a plan for the first who needs attention");
    assert_eq!(plan.name, review.entries[0].name);
}
