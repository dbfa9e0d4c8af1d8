//! Use cases of this area, on a real database: the review, plans, health, one person's
//! page, facts and mutes, and segments.

use crate::support::fresh;
use jiff::{Timestamp, ToSpan};
use kith_app::facts::{self, FactInput};
use kith_app::health::{self, Review, ReviewInput};
use kith_app::show::PersonPage;
use kith_app::{Ctx, ErrorKind, segment, show};
use kith_core::health::{DiagnosisKind, Fact, Move, OwnerChange};
use kith_core::{Channel, Direction, NewInteraction, NewPerson, Person, PersonId, Segment};

const NOW: &str = "2026-06-01T12:00:00+00:00[UTC]";

/// Adds a person by name.
async fn add(ctx: &Ctx, name: &str, tags: &[&str]) -> Person {
    let new = NewPerson {
        name: name.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewPerson::default()
    };
    ctx.store.add_person(&new, ctx.now_ts()).await.expect("stored")
}

/// `days` ago.
fn ago(ctx: &Ctx, days: i64) -> Timestamp {
    ctx.now_ts() - (days * 24).hours()
}

/// Logs one contact with `people`, `days` ago.
async fn log(ctx: &Ctx, people: &[&PersonId], channel: Channel, direction: Direction, days: i64) {
    let participants = people.iter().map(|id| (*id).clone()).collect();
    let contact =
        NewInteraction::new(ago(ctx, days), channel, direction, participants, ctx.now_ts()).unwrap();
    ctx.store.record_interactions(&[contact]).await.expect("recorded");
}

/// Ada, who has not answered four emails in a row.
async fn unanswered(ctx: &Ctx) -> Person {
    let ada = add(ctx, "Ada Lovelace", &[]).await;
    for days in [40, 30, 20, 10] {
        log(ctx, &[&ada.id], Channel::Email, Direction::Out, days).await;
    }
    ada
}

fn kinds(diagnoses: &[kith_core::health::Diagnosis]) -> Vec<DiagnosisKind> {
    diagnoses.iter().map(|d| d.kind).collect()
}

/// Four unanswered emails put Ada on the attention list with a plan that pauses
/// outreach; muting the diagnosis takes her off it (still assessed, with nothing to
/// do), and lifting the mute brings her back.
#[tokio::test]
async fn the_review_lists_who_needs_attention_and_a_mute_silences_it() {
    let (_dir, ctx) = fresh(NOW).await;
    let ada = unanswered(&ctx).await;
    add(&ctx, "Bob Quiet", &[]).await;

    let review = health::review(&ctx, ReviewInput::default()).await.unwrap();
    assert_eq!(review.assessed, 2);
    assert_eq!(review.entries.len(), 1, "Bob has no history and needs nothing");
    let entry = &review.entries[0];
    assert_eq!(entry.name, "Ada Lovelace");
    assert_eq!(kinds(&entry.assessment.diagnoses), [DiagnosisKind::Unresponsive]);
    let json = serde_json::to_value(&review).unwrap();
    assert_eq!(json[0]["name"], "Ada Lovelace", "the review serializes as its entries: {json}");
    assert_eq!(json[0]["person"], ada.id.to_string());
    let back: Review = serde_json::from_value(json.clone()).expect("the web reads a review back");
    assert_eq!(serde_json::to_value(&back).unwrap(), json);

    let plan = health::plan(&ctx, "Ada").await.unwrap();
    assert_eq!(plan.plan.first().map(|s| s.action), Some(Move::PauseOutreach));
    let explained = health::explain(&ctx, "Ada").await.unwrap();
    assert_eq!(explained.metrics.unanswered.count, 4);
    let unanswered = explained.rows.iter().find(|r| r.label == "unanswered").expect("an unanswered row");
    assert!(unanswered.value.starts_with("4 since "), "{unanswered:?}");

    let until = ctx.now_ts() + (365 * 24).hours();
    facts::mute(&ctx, "Ada", DiagnosisKind::Unresponsive, until).await.unwrap();
    let review = health::review(&ctx, ReviewInput::default()).await.unwrap();
    assert!(review.entries.is_empty() && !review.narrowed);
    let all = health::review(&ctx, ReviewInput { all: true, ..ReviewInput::default() }).await.unwrap();
    assert_eq!(all.entries.len(), 2);
    assert!(health::plan(&ctx, "Ada").await.unwrap().plan.is_empty());

    facts::unmute(&ctx, "Ada", DiagnosisKind::Unresponsive).await.unwrap();
    let again = facts::unmute(&ctx, "Ada", DiagnosisKind::Unresponsive).await;
    assert_eq!(again.unwrap_err().kind(), ErrorKind::NotFound);
    let review = health::review(&ctx, ReviewInput::default()).await.unwrap();
    assert_eq!(review.entries.len(), 1);
}

/// A filter that matches nobody says the list was narrowed; a diagnosis asked for by
/// name and a limit keep only what was asked.
#[tokio::test]
async fn the_review_is_filtered_and_limited() {
    let (_dir, ctx) = fresh(NOW).await;
    unanswered(&ctx).await;
    let drifting = ReviewInput { diagnoses: vec![DiagnosisKind::Drifting], ..ReviewInput::default() };
    let review = health::review(&ctx, drifting).await.unwrap();
    assert!(review.entries.is_empty() && review.narrowed);
    let tagged = ReviewInput { tag: Some("nobody-has-this".into()), ..ReviewInput::default() };
    assert!(health::review(&ctx, tagged).await.unwrap().entries.is_empty());
    let everyone = ReviewInput { all: true, limit: 1, ..ReviewInput::default() };
    add(&ctx, "Bob Quiet", &[]).await;
    let review = health::review(&ctx, everyone).await.unwrap();
    assert_eq!((review.entries.len(), review.matched), (1, 2));
    assert_eq!(review.entries[0].name, "Ada Lovelace", "most in need of attention first");
    let unknown = ReviewInput { org: Some("No Such Org".into()), ..ReviewInput::default() };
    assert_eq!(health::review(&ctx, unknown).await.unwrap_err().kind(), ErrorKind::NotFound);
}

/// A person's page as of a past moment leaves out what came later; it names the
/// others met with them, and carries their facts and health.
#[tokio::test]
async fn a_person_page_holds_what_happened_up_to_its_moment() {
    let (_dir, ctx) = fresh(NOW).await;
    let ada = unanswered(&ctx).await;
    let bob = add(&ctx, "Bob Quiet", &[]).await;
    log(&ctx, &[&ada.id, &bob.id], Channel::Meeting, Direction::Mutual, 60).await;
    let since =
        FactInput { fact: Fact::InterestsDiverged, since: ago(&ctx, 5), note: Some("biotech".into()) };
    facts::record(&ctx, "Ada", since).await.unwrap();

    let page = show::person(&ctx, "Ada Lovelace").await.unwrap();
    assert_eq!(page.interactions.len(), 5);
    assert_eq!(page.others.get(&bob.id).map(String::as_str), Some("Bob Quiet"));
    assert_eq!(page.facts.len(), 1);
    assert_eq!(page.facts[0].note.as_deref(), Some("biotech"));
    assert!(kinds(&page.health.diagnoses).contains(&DiagnosisKind::Unresponsive));
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(json["ledger"]["suggestions_waiting"], 0);
    assert!(json.get("others").is_none(), "the names are for the text only: {json}");
    let back: PersonPage = serde_json::from_value(json.clone()).expect("the web reads a page back");
    assert_eq!(serde_json::to_value(&back).unwrap(), json);

    let earlier = ctx.clone().judged_at(Some("2026-05-01")).unwrap();
    let page = show::person(&earlier, "Ada Lovelace").await.unwrap();
    assert_eq!(page.interactions.len(), 2, "the meeting and the first email came before May");
    assert!(page.health.diagnoses.iter().all(|d| d.kind != DiagnosisKind::Unresponsive));
}

/// A fact cannot hold from the future; one recorded is listed, removed once, and then
/// is not found. An owner's change is declared and withdrawn once.
#[tokio::test]
async fn facts_and_declared_changes_are_recorded_and_removed_once() {
    let (_dir, ctx) = fresh(NOW).await;
    let ada = add(&ctx, "Ada Lovelace", &[]).await;
    let future = FactInput { fact: Fact::Retired, since: ctx.now_ts() + 48.hours(), note: None };
    assert_eq!(facts::record(&ctx, "Ada", future).await.unwrap_err().kind(), ErrorKind::Invalid);
    assert!(facts::list(&ctx, "Ada").await.unwrap().facts.is_empty());

    let retired = FactInput { fact: Fact::Retired, since: ago(&ctx, 30), note: None };
    let recorded = facts::record(&ctx, "Ada", retired).await.unwrap();
    assert_eq!((recorded.fact.person.clone(), recorded.name.as_str()), (ada.id.clone(), "Ada Lovelace"));
    assert_eq!(serde_json::to_value(&recorded).unwrap()["fact"], "retired");
    assert_eq!(facts::list(&ctx, "Ada").await.unwrap().facts.len(), 1);
    assert_eq!(facts::of_person(&ctx, &ada.id).await.unwrap().facts.len(), 1);
    facts::remove(&ctx, "Ada", Fact::Retired).await.unwrap();
    let again = facts::remove(&ctx, "Ada", Fact::Retired).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);

    let undeclared = facts::withdraw(&ctx, OwnerChange::Retiring).await.unwrap_err();
    assert_eq!(undeclared.kind(), ErrorKind::NotFound);
    facts::declare(&ctx, OwnerChange::Retiring, ago(&ctx, 1)).await.unwrap();
    assert_eq!(facts::declared(&ctx).await.unwrap().len(), 1);
    let cleared = facts::withdraw(&ctx, OwnerChange::Retiring).await.unwrap();
    assert_eq!(cleared.cleared.change, OwnerChange::Retiring);
    assert!(facts::declared(&ctx).await.unwrap().is_empty());
}

/// A member tagged lapsed is in the lapsed segment, which carries its tag and its
/// leave-well plan; every segment is listed, empty ones too.
#[tokio::test]
async fn a_lapsed_member_is_in_their_segment_with_its_plan() {
    let (_dir, ctx) = fresh(NOW).await;
    let ada = add(&ctx, "Ada Lovelace", &["lapsed"]).await;
    add(&ctx, "Bob Quiet", &[]).await;
    let segments = segment::segment(&ctx).await.unwrap();
    assert_eq!(segments.len(), Segment::ALL.len());
    let lapsed = segments.iter().find(|s| s.report.segment == Segment::Lapsed).expect("the lapsed segment");
    assert_eq!(lapsed.report.people, std::slice::from_ref(&ada.id));
    assert_eq!(lapsed.tag, "lapsed");
    assert!(!lapsed.plan.is_empty());
    assert!(
        segments.iter().filter(|s| s.report.segment != Segment::Lapsed).all(|s| s.report.people.is_empty())
    );
    let json = serde_json::to_value(&segments).unwrap();
    assert_eq!(json[0]["tag"], lapsed.tag, "the report's fields and the tag side by side: {json}");
}

/// Judgments kept between requests follow every change as a fresh assessment of
/// everyone would see it: a contact, someone new, someone gone, a mute, a ledger ask, the
/// owner's facts; and a contact that lifts one tie past others moves tiers, so the people
/// it moves are assessed again too.
#[tokio::test]
async fn judgments_kept_follow_every_change() {
    let (_dir, ctx) = fresh(NOW).await;
    let mut people = Vec::new();
    for (n, name) in ["Ada", "Bo", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"].iter().enumerate() {
        let person = add(&ctx, name, &[]).await;
        for k in 0..(2 + 3 * n as i64) {
            log(&ctx, &[&person.id], Channel::Call, Direction::Mutual, 10 + 20 * k).await;
        }
        people.push(person);
    }
    let mut kept = health::Judgments::load(&ctx).await.unwrap();
    let same = async |kept: &health::Judgments, after: &str| {
        let now = health::assess(&ctx).await.unwrap();
        assert_eq!(kept.assessed().people, now.people, "after {after}, the people");
        assert_eq!(kept.assessed().ranked, now.ranked, "after {after}, the assessments");
    };
    same(&kept, "loading").await;
    assert!(!kept.stale(&ctx).await.unwrap());

    for days in (1..60).step_by(3) {
        log(&ctx, &[&people[0].id], Channel::Meeting, Direction::Mutual, days).await;
    }
    assert!(kept.stale(&ctx).await.unwrap(), "a contact is a change");
    let before = kept.assessed().of(&people[0].id).unwrap().tier;
    kept.refresh(&ctx).await.unwrap();
    assert_ne!(kept.assessed().of(&people[0].id).unwrap().tier, before, "Ada moved up a tier");
    same(&kept, "many meetings with Ada").await;
    assert!(!kept.stale(&ctx).await.unwrap());

    let ivy = add(&ctx, "Ivy", &[]).await;
    log(&ctx, &[&ivy.id], Channel::Email, Direction::In, 3).await;
    ctx.store.remove_person(&people[3].id).await.unwrap();
    kept.refresh(&ctx).await.unwrap();
    same(&kept, "someone new and someone gone").await;

    let until = ctx.now_ts() + (30 * 24).hours();
    facts::mute(&ctx, "Ada", DiagnosisKind::Thriving, until).await.unwrap();
    let ask = kith_core::NewExchange::new(
        people[1].id.clone(),
        kith_core::ExchangeKind::Introduction,
        kith_core::Giver::Owner,
        kith_core::ExchangeStatus::Asked,
        None,
        ago(&ctx, 5),
        ctx.now_ts(),
    )
    .unwrap();
    ctx.store.record_exchange(&ask).await.unwrap();
    kept.refresh(&ctx).await.unwrap();
    same(&kept, "a mute and an ask").await;

    facts::declare(&ctx, OwnerChange::ChangingIndustry, ago(&ctx, 1)).await.unwrap();
    kept.refresh(&ctx).await.unwrap();
    same(&kept, "the owner's facts").await;
}
