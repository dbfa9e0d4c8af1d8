//! Records kept by hand and the database as a whole: people, organizations and
//! engagements, the log, the ledger and the favors found in mail, duplicates and merges,
//! exports and backups, the owner's setup, and reading text.

use crate::support::fresh;
use kith_app::ErrorKind;
use kith_app::dupes::{self, Choice};
use kith_app::ledger::{self, EntryInput};
use kith_app::log::{LogInput, log};
use kith_app::orgs::{self, EngagementInput};
use kith_app::people::{self, NewPersonInput, PeopleFilter};
use kith_app::suggestions::{self, Acceptance};
use kith_app::{backup, setup, text};
use kith_core::speech::Act;
use kith_core::{
    Channel, Direction, EngagementStatus, ExchangeKind, ExchangeStatus, FoundFavor, Giver, MailAddress,
    MailMessage, MailOwner, SuggestionState,
};
use kith_store::{MailBatch, OpenMode};

const NOW: &str = "2026-06-01T12:00:00+00:00[UTC]";

fn person(name: &str, emails: &[&str]) -> NewPersonInput {
    NewPersonInput {
        name: name.into(),
        emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        ..NewPersonInput::default()
    }
}

/// An identity someone holds is refused, naming who; the list's filters each hold; a
/// tag the person does not have is not found and nothing is removed.
#[tokio::test]
async fn people_are_added_listed_and_tagged() {
    let (_dir, ctx) = fresh(NOW).await;
    let acme = orgs::add_org(&ctx, "Acme", &["acme.io".into()]).await.unwrap();
    let ada = NewPersonInput {
        org: Some("acme.io".into()),
        tags: vec!["Board Member".into()],
        ..person("Ada  Lovelace", &["ADA@acme.io"])
    };
    let ada = people::add(&ctx, ada).await.unwrap();
    assert_eq!((ada.name.as_str(), ada.org.as_ref()), ("Ada Lovelace", Some(&acme.id)));
    assert_eq!(ada.tags, ["board-member"]);
    people::add(&ctx, person("Grace Hopper", &["grace@navy.example"])).await.unwrap();

    let taken = people::add(&ctx, person("Someone Else", &["ada@acme.io"])).await.unwrap_err();
    assert_eq!(taken.kind(), ErrorKind::Invalid);
    assert!(taken.to_string().contains("already belongs to Ada Lovelace"), "{taken}");

    let everyone = people::list(&ctx, PeopleFilter::default()).await.unwrap();
    assert_eq!(everyone.people.len(), 2);
    assert_eq!(everyone.org_names.get(&acme.id).map(String::as_str), Some("Acme"));
    let at_acme = people::list(&ctx, PeopleFilter { org: Some("Acme".into()), ..PeopleFilter::default() });
    let at_acme = at_acme.await.unwrap();
    assert_eq!(at_acme.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Ada Lovelace"]);
    let tagged = PeopleFilter { tag: Some("board member".into()), ..PeopleFilter::default() };
    assert_eq!(people::list(&ctx, tagged).await.unwrap().people.len(), 1);
    // The list serializes as the bare array the CLI has always printed.
    assert!(serde_json::to_value(&everyone).unwrap().is_array());

    let missing = people::untag(&ctx, "Ada Lovelace", &["board-member".into(), "poet".into()]).await;
    assert_eq!(missing.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(ctx.store.person(&ada.id).await.unwrap().tags, ["board-member"]);
    let untagged = people::untag(&ctx, "Ada Lovelace", &["board-member".into()]).await.unwrap();
    assert!(untagged.tags.is_empty());

    let removed = people::remove(&ctx, "Grace Hopper").await.unwrap();
    assert_eq!(removed.name, "Grace Hopper");
    assert_eq!(people::list(&ctx, PeopleFilter::default()).await.unwrap().people.len(), 1);
}

/// An engagement is started with its people, listed while active, and finished.
#[tokio::test]
async fn an_engagement_runs_and_finishes() {
    let (_dir, ctx) = fresh(NOW).await;
    orgs::add_org(&ctx, "Northwind Labs", &["northwind.example".into()]).await.unwrap();
    let maya = NewPersonInput {
        org: Some("Northwind Labs".into()),
        ..person("Maya Okafor", &["maya@northwind.example"])
    };
    people::add(&ctx, maya).await.unwrap();
    let input = EngagementInput {
        org: "Northwind".into(),
        title: "Data migration".into(),
        start: Some("2026-03-01".into()),
        people: vec!["Maya Okafor".into(), "maya@northwind.example".into()],
    };
    let added = orgs::add_engagement(&ctx, input).await.unwrap();
    assert_eq!(added.client, "Northwind Labs");
    assert_eq!(added.engagement.people.len(), 1, "one person named twice is one person");
    assert_eq!(orgs::engagements(&ctx, true).await.unwrap().engagements.len(), 1);

    let view = orgs::engagement(&ctx, "Northwind Labs").await.unwrap();
    assert_eq!(view.people[0].name, "Maya Okafor");
    let finished = orgs::finish_engagement(&ctx, "Northwind Labs", Some("2026-05-01")).await.unwrap();
    assert_eq!(finished.engagement.status, EngagementStatus::Finished);
    assert!(orgs::engagements(&ctx, true).await.unwrap().engagements.is_empty());
    let again = orgs::finish_engagement(&ctx, "Northwind Labs", None).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound, "no active engagement is left: {again}");

    let org = orgs::org(&ctx, "northwind.example").await.unwrap();
    assert_eq!((org.people.len(), org.engagements.len()), (1, 1));
    let list = orgs::orgs(&ctx).await.unwrap();
    assert_eq!(list.people.get(&org.organization.id), Some(&1));
}

/// A contact logged with someone named twice counts them once; a date in the future is
/// refused and nothing is logged.
#[tokio::test]
async fn a_contact_is_logged_once_per_person() {
    let (_dir, ctx) = fresh(NOW).await;
    let ada = people::add(&ctx, person("Ada Lovelace", &["ada@acme.io"])).await.unwrap();
    let input = |at: &str| LogInput {
        who: vec!["Ada Lovelace".into(), "ada@acme.io".into()],
        channel: Channel::Call,
        direction: Direction::Out,
        at: Some(at.into()),
        subject: Some("  Engines ".into()),
        note: None,
    };
    assert!(log(&ctx, input("2999-01-01")).await.is_err());
    let logged = log(&ctx, input("2026-05-20")).await.unwrap();
    assert_eq!(logged.participants, std::slice::from_ref(&ada.id));
    assert_eq!(logged.names, ["Ada Lovelace"]);
    let kept = ctx.store.interactions_with(&ada.id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].subject.as_deref(), Some("Engines"));
}

/// A giving fulfils the open ask of its kind; declining with no ask open is not found,
/// saying so in words; the ledger adds up.
#[tokio::test]
async fn the_ledger_settles_asks() {
    let (_dir, ctx) = fresh(NOW).await;
    people::add(&ctx, person("Grace Hopper", &[])).await.unwrap();
    let entry = |kind| EntryInput { kind, at: Some("2026-05-01".into()), note: None };
    let asked = ledger::ask(&ctx, "Grace Hopper", false, entry(ExchangeKind::Introduction)).await.unwrap();
    assert_eq!(asked.entry.status, ExchangeStatus::Asked);
    let given =
        ledger::give(&ctx, "Grace Hopper", Giver::Owner, Some(4.0), entry(ExchangeKind::Introduction));
    let given = given.await.unwrap();
    assert!(given.fulfilled_ask);
    assert_eq!((given.entry.id, given.entry.status), (asked.entry.id, ExchangeStatus::Given));

    let none = ledger::decline(&ctx, "Grace Hopper", false, ExchangeKind::Advice, Some("2026-05-02")).await;
    let none = none.unwrap_err();
    assert_eq!(none.kind(), ErrorKind::NotFound);
    assert!(none.to_string().contains("no open ask from Grace Hopper for advice as of 2026-05-02"), "{none}");

    ledger::ask(&ctx, "Grace Hopper", true, entry(ExchangeKind::Advice)).await.unwrap();
    let declined = ledger::decline(&ctx, "Grace Hopper", true, ExchangeKind::Advice, None).await.unwrap();
    assert_eq!((declined.entry.status, declined.entry.giver), (ExchangeStatus::Declined, Giver::Them));

    let book = ledger::ledger(&ctx, "Grace Hopper").await.unwrap();
    assert_eq!(book.entries.len(), 2);
    assert_eq!((book.totals.given, book.totals.declined_by_them), (4.0, 1));
    assert_eq!(book.totals.open_asks_from_them + book.totals.open_asks_from_owner, 0);
}

fn mailbox(address: &str) -> MailAddress {
    MailAddress { address: address.into(), name: Some("Sam Lee".into()) }
}

fn found(sentence: u32, act: Act, kind: ExchangeKind, confidence: f64) -> FoundFavor {
    FoundFavor { sentence, act, kind, note: None, confidence, evidence: Some("the sentence".into()) }
}

/// Favors found in mail wait for the owner's word: accepting those sure enough takes
/// only them into the ledger; a rejected one stays rejected.
#[tokio::test]
async fn favors_wait_for_the_owners_word() {
    let (_dir, ctx) = fresh(NOW).await;
    let message = MailMessage {
        key: "ask@x".into(),
        at: Some("2026-05-01T09:00:00Z".parse().unwrap()),
        delivered_at: None,
        from: Some(mailbox("sam@x.org")),
        recipients: vec![mailbox("me@home.org")],
        subject: Some("a favor".into()),
        parent: None,
        thread: "ask@x".into(),
        kept_out: None,
        sent: false,
    };
    let favors = vec![
        found(0, Act::Request, ExchangeKind::Introduction, 0.9),
        found(1, Act::Offer, ExchangeKind::Content, 0.55),
    ];
    let batch = MailBatch { messages: vec![message], favors: vec![Some(favors)], ..MailBatch::default() };
    ctx.store.import_mail(&batch, &MailOwner::new(["me@home.org"]), ctx.now_ts()).await.unwrap();

    let waiting = suggestions::list(&ctx, None, false).await.unwrap();
    assert_eq!(waiting.shown.len(), 2);
    assert_eq!(waiting.shown[0].name, "Sam Lee");
    let wrong = suggestions::accept(&ctx, Acceptance::Confident { min: 1.5, who: None }).await;
    assert_eq!(wrong.unwrap_err().kind(), ErrorKind::Invalid);

    let sure = Acceptance::Confident { min: 0.8, who: Some("Sam Lee".into()) };
    let accepted = suggestions::accept(&ctx, sure).await.unwrap();
    assert_eq!(accepted.accepted.len(), 1);
    let entry = &accepted.accepted[0].entry;
    assert_eq!((entry.kind, entry.giver), (ExchangeKind::Introduction, Giver::Owner));
    assert_eq!(accepted.names.get(&entry.person).map(String::as_str), Some("Sam Lee"));

    let left = suggestions::list(&ctx, Some("Sam Lee"), false).await.unwrap();
    assert_eq!(left.shown.len(), 1);
    let rejected = suggestions::reject(&ctx, &[left.shown[0].suggestion.id.clone()]).await.unwrap();
    assert_eq!(rejected[0].state, SuggestionState::Rejected);
    let after = suggestions::list(&ctx, None, false).await.unwrap();
    assert!(after.shown.is_empty());
    assert_eq!(after.found, 2, "still listed with --all");
    let sources = ledger::ledger(&ctx, "Sam Lee").await.unwrap().sources;
    assert_eq!(sources.get(&entry.id).and_then(|m| m.subject.as_deref()), Some("a favor"));
}

/// A pair rejected is not proposed again; one accepted is merged, and unmerging gives
/// both people back. A number not listed is refused before anything is written.
#[tokio::test]
async fn duplicates_are_merged_only_when_accepted() {
    let (_dir, ctx) = fresh(NOW).await;
    people::add(&ctx, person("Ada Lovelace", &["ada@acme.io"])).await.unwrap();
    people::add(&ctx, person("Ada Lovelace", &["ada@home.org"])).await.unwrap();
    people::add(&ctx, person("Grace Hopper", &["grace@navy.example"])).await.unwrap();
    people::add(&ctx, person("Grace Hoper", &["hopper@home.org"])).await.unwrap();
    let pairs = dupes::find(&ctx, 60).await.unwrap();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert_eq!(pairs.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2]);

    let unknown = Choice { reject: vec![1], accept: vec![7], ..Choice::default() };
    let unknown = dupes::resolve(&ctx, 60, &unknown).await.unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::Invalid);
    assert_eq!(dupes::find(&ctx, 60).await.unwrap().len(), 2, "nothing was written");

    let grace = pairs.iter().find(|p| p.a.name.starts_with("Grace")).unwrap().number;
    let ada = pairs.iter().find(|p| p.a.name.starts_with("Ada")).unwrap().number;
    let choice = Choice { accept: vec![ada], reject: vec![grace], ..Choice::default() };
    let resolved = dupes::resolve(&ctx, 60, &choice).await.unwrap();
    assert_eq!((resolved.rejected.len(), resolved.merged.len()), (1, 1));
    assert!(dupes::find(&ctx, 60).await.unwrap().is_empty(), "the rejected pair is not proposed again");
    assert_eq!(ctx.store.people().await.unwrap().len(), 3);
    let merged = &resolved.merged[0];
    assert_eq!(merged.into.identities.len(), 2);

    let merges = dupes::merges(&ctx, Some("Ada Lovelace")).await.unwrap();
    assert_eq!(merges.len(), 1);
    let back = dupes::unmerge(&ctx, &merged.merge).await.unwrap();
    assert_eq!((back.kept.identities.len(), back.restored.identities.len()), (1, 1));
    assert_eq!(ctx.store.people().await.unwrap().len(), 4);
    assert!(dupes::find(&ctx, 60).await.unwrap().is_empty(), "an undone merge is not proposed again");

    let by_hand = dupes::merge(&ctx, "grace@navy.example", "hopper@home.org").await.unwrap();
    assert_eq!(by_hand.merged.id, by_hand.kept.id);
    assert_eq!(ctx.store.people().await.unwrap().len(), 3);
}

/// The JSON export restored into an empty database exports the same text again; the
/// vCard folder holds one card per person; a backup is a database that checks clean.
#[tokio::test]
async fn exports_and_backups_round_trip() {
    let (dir, ctx) = fresh(NOW).await;
    people::add(&ctx, person("Ada Lovelace", &["ada@acme.io"])).await.unwrap();
    people::add(&ctx, person("Grace Hopper", &["grace@navy.example"])).await.unwrap();
    people::note(&ctx, "Ada Lovelace", "Likes engines", None).await.unwrap();

    let json = backup::export_json(&ctx).await.unwrap();
    assert_eq!(json.people, 2);
    let (_other, copy) = fresh(NOW).await;
    let snapshot = kith_import::read_export(json.text.as_bytes()).unwrap();
    copy.store.restore(std::sync::Arc::new(snapshot.clone())).await.unwrap();
    assert_eq!(backup::export_json(&copy).await.unwrap().text, json.text, "canonical");

    let csv = backup::export_csv(&ctx).await.unwrap();
    assert_eq!(csv.text.lines().count(), 3, "a header and a row a person:\n{}", csv.text);
    let cards = dir.path().join("cards");
    let written = backup::export_vcard_dir(&ctx, &cards).await.unwrap();
    assert_eq!(written.people, 2);
    assert_eq!(std::fs::read_dir(&cards).unwrap().count(), 2);
    assert!(backup::export_vcard(&ctx).await.unwrap().text.contains("FN:Ada Lovelace"));

    let file = dir.path().join("backup.db");
    let backed_up = backup::backup(&ctx, &file).await.unwrap();
    assert_eq!(backed_up.backup, file);
    let checked = backup::doctor(&file.to_string_lossy()).unwrap();
    assert!(!checked.damaged, "{:?}", checked.problems);
    let again = backup::backup(&ctx, &file).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Invalid, "a backup never overwrites: {again}");
    let reopened = kith_store::open(&file.to_string_lossy(), OpenMode::MustExist).await.unwrap();
    assert_eq!(reopened.people().await.unwrap().len(), 2);
}

/// The owner's first phone number with a calling code sets the region, and numbers
/// stored without one are read in it; an identity not theirs cannot be removed.
#[tokio::test]
async fn the_owner_sets_up_kith() {
    let (_dir, ctx) = fresh(NOW).await;
    let ready = setup::init(&ctx);
    assert!(ready.database.ends_with("kith.db"));
    let local = NewPersonInput { phones: vec!["020 7946 0000".into()], ..person("Ada Lovelace", &[]) };
    let ada = people::add(&ctx, local).await.unwrap();
    assert_eq!(ada.identities[0].value(), "02079460000");

    let added =
        setup::add_identities(&ctx, &["me@home.org".into(), "+44 20 7946 0958".into()]).await.unwrap();
    assert_eq!(added.identities.len(), 2);
    let region = added.region.expect("the region, from the owner's number");
    assert_eq!((region.region.as_str(), region.renumbered), ("44", 1));
    let ada = ctx.store.person(&ada.id).await.unwrap();
    assert_eq!(ada.identities[0].value(), "+442079460000");

    let unknown = setup::remove_identity(&ctx, "nobody@home.org").await.unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    assert_eq!(setup::set_name(&ctx, "  Sam   Owner ").await.unwrap().name, "Sam Owner");
    let owner = setup::owner(&ctx).await.unwrap();
    assert_eq!((owner.identities.len(), owner.name.as_deref()), (2, Some("Sam Owner")));
    let reading = setup::read_bodies(&ctx, true).await.unwrap();
    assert!(reading.read_bodies);
    assert!(setup::keep_evidence(&ctx, false).await.unwrap().read_bodies, "each setting on its own");
}

/// A request reads as one; labeled sentences need both labels; training reports how the
/// sentences were split.
#[test]
fn text_is_read_and_scored() {
    let reading = text::classify("Could you introduce me to Priya?");
    assert_eq!(reading.act, Act::Request);
    assert_eq!(reading.kind, Some(ExchangeKind::Introduction));
    assert_eq!(reading.confidence, (reading.confidence * 100.0).round() / 100.0);

    let one_label = text::read_labeled("only.tsv", b"Yes\tCould you help?\nYes\tPlease send it.\n");
    let one_label = one_label.unwrap_err();
    assert_eq!(one_label.kind(), ErrorKind::Invalid);
    assert!(one_label.to_string().starts_with("only.tsv: needs"), "{one_label}");
    let bad = text::read_labeled("bad.tsv", b"Maybe\tWho knows\n").unwrap_err();
    assert!(bad.to_string().starts_with("bad.tsv:1:"), "{bad}");

    let mut data = String::new();
    for n in 0..20 {
        data.push_str(&format!("Yes\tCould you send me report {n}?\nNo\tThe meeting {n} went fine.\n"));
    }
    let trained = text::train("data.tsv", data.as_bytes(), 7).unwrap();
    let report = &trained.report;
    assert_eq!(report.trained_on + report.held_out, 40);
    assert!(report.held_out > 0 && !trained.model.is_empty());
    assert_eq!(report.scores.examples, report.held_out);
    let evaluated = text::evaluate("data.tsv", data.as_bytes(), 7).unwrap();
    assert!(evaluated.reading.is_some() && evaluated.same_as_shipped.is_none());
}
