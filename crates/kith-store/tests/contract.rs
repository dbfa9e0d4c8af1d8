//! The contract every [`Store`] keeps, checked against SQLite and PostgreSQL.
//!
//! Each check is an `async fn` over `&dyn Store` (or two stores); each backend's harness
//! at the bottom runs them on fresh stores of its own, and adds the checks only it has
//! (files for SQLite, workspaces for PostgreSQL). PostgreSQL's run where the
//! environment names a test server (`KITH_TEST_POSTGRES`, which `.ci/run` sets).

use jiff::Timestamp;
use kith_core::health::{
    Contact, DiagnosisKind, Fact, LedgerEntry, Mute, OwnerChange, OwnerFact, PersonFact,
};
use kith_core::{
    Attendee, Channel, Composed, ContactRecord, Direction, Door, DraftId, DraftMove, EngagementId,
    EngagementStatus, ExchangeKind, ExchangeStatus, Farewell, Giver, Identity, KeptOut, MailAddress,
    MailMessage, MailOwner, Manner, MeetingRecord, NewCheckIn, NewDraft, NewEngagement, NewExchange,
    NewInteraction, NewNote, NewOrganization, NewPerson, NewTransition, OrgId, Person, PersonId, PersonPatch,
    Snapshot, Stage, StageRequest, Tier, Tone, ValidationError, plan_stage_change,
};
use kith_store::{
    Changes, ImportMode, ImportTally, MailBatch, MailCheckpoint, Recorded, ReviewData, Store, StoreError,
};
use std::collections::HashSet;
use std::sync::Arc;

// --- building blocks ---

/// A moment `day` days into the test calendar, on a whole second.
fn day(day: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap()
}

/// "Now" for the tests: later than every `day` used, and not on a whole second.
fn now() -> Timestamp {
    Timestamp::new(1_700_000_000 + 1_000 * 86_400, 750_000_000).unwrap()
}

fn email(text: &str) -> Identity {
    Identity::email(text).unwrap()
}

async fn add(store: &dyn Store, name: &str, emails: &[&str]) -> Person {
    let new = NewPerson {
        name: name.into(),
        identities: emails.iter().map(|e| email(e)).collect(),
        ..NewPerson::default()
    };
    store.add_person(&new, now()).await.unwrap()
}

fn chat(at: Timestamp, people: &[&Person], source_key: Option<&str>) -> NewInteraction {
    let ids = people.iter().map(|p| p.id.clone()).collect();
    let mut new = NewInteraction::new(at, Channel::Meeting, Direction::Mutual, ids, now()).unwrap();
    new.source_key = source_key.map(str::to_owned);
    new
}

async fn record(store: &dyn Store, interactions: Vec<NewInteraction>) -> Recorded {
    store.record_interactions(&interactions).await.unwrap()
}

fn exchange(
    person: &Person,
    kind: ExchangeKind,
    giver: Giver,
    status: ExchangeStatus,
    at: Timestamp,
) -> NewExchange {
    NewExchange::new(person.id.clone(), kind, giver, status, None, at, now()).unwrap()
}

fn change(person: &Person, from: Stage, to: Stage, at: Timestamp) -> NewTransition {
    let door = (to == Stage::Ended).then_some(Door::Open);
    NewTransition::new(person.id.clone(), from, to, at, Some("moved away".into()), door, now()).unwrap()
}

fn note_on(person: &PersonId, text: &str, at: Timestamp) -> NewNote {
    NewNote::new(person.clone(), text, at, now()).unwrap()
}

fn checkin(person: &Person, due: Timestamp, note: &str) -> NewCheckIn {
    NewCheckIn { person: person.id.clone(), due_at: due, note: Some(note.into()), every_days: None }
}

/// A farewell draft for `person`, as the composer might have written it.
fn draft_for(person: &Person, engagement: Option<&EngagementId>) -> NewDraft {
    let composed = Composed {
        what: DraftMove::Farewell,
        tone: Tone::Frank,
        manner: Manner::Email,
        name: person.name.clone(),
        subject: "Thank you".into(),
        body: "Hi,\n\nThank you for the introduction.".into(),
        cited: vec!["the introduction to Dana in March 2024".into(), "since May 2019".into()],
        asks_reference: true,
    };
    NewDraft { person: person.id.clone(), composed, engagement: engagement.cloned(), created_at: day(16) }
}

fn fact(person: &Person, fact: Fact, at: Timestamp, note: Option<&str>) -> PersonFact {
    PersonFact { person: person.id.clone(), fact, at, note: note.map(str::to_owned) }
}

fn mute(person: &Person, diagnosis: DiagnosisKind, until: Timestamp) -> Mute {
    Mute::new(person.id.clone(), diagnosis, until, day(0)).unwrap()
}

fn is_not_found(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound { .. }))
}

/// Every list in a snapshot is non-empty.
fn assert_full(s: &Snapshot) {
    let sizes = [
        s.owner.len(),
        s.organizations.len(),
        s.people.len(),
        s.engagements.len(),
        s.interactions.len(),
        s.exchanges.len(),
        s.transitions.len(),
        s.notes.len(),
        s.checkins.len(),
        s.sources.len(),
        s.mail.len(),
        s.facts.len(),
        s.owner_facts.len(),
        s.mutes.len(),
        s.drafts.len(),
        s.suggestions.len(),
        s.mail_texts_read.len(),
        usize::from(s.owner_name.is_some()),
    ];
    assert!(sizes.iter().all(|&n| n > 0), "some list is empty: {sizes:?}");
}

fn mailbox(address: &str, name: Option<&str>) -> MailAddress {
    MailAddress { address: address.into(), name: name.map(str::to_owned) }
}

/// A message from `from` to `to` on `day`, answering `parent`.
fn mail(key: &str, from: &str, to: &[&str], on: i64, parent: Option<&str>) -> MailMessage {
    MailMessage {
        key: key.into(),
        at: Some(day(on)),
        delivered_at: None,
        from: Some(mailbox(from, Some("Sender Name"))),
        recipients: to.iter().map(|t| mailbox(t, None)).collect(),
        subject: Some(format!("about {key}")),
        parent: parent.map(str::to_owned),
        thread: parent.unwrap_or(key).into(),
        kept_out: None,
        sent: false,
    }
}

fn mail_batch(messages: Vec<MailMessage>) -> MailBatch {
    MailBatch { messages, ..MailBatch::default() }
}

/// Fills a store with at least one of everything, every optional field set somewhere.
async fn populate(store: &dyn Store) {
    store.add_owner_identity(&email("me@home.org")).await.unwrap();
    store.add_owner_identity(&Identity::phone("+44 20 7946 0958").unwrap()).await.unwrap();
    let acme = NewOrganization::new("Acme", &["acme.io".into(), "acme.com".into()]).unwrap();
    let acme = store.add_organization(&acme, now()).await.unwrap();
    let initech =
        store.add_organization(&NewOrganization::new("Initech", &[]).unwrap(), now()).await.unwrap();
    let ada = add(store, "Ada Lovelace", &["ada@acme.io"]).await;
    let grace = add(store, "Grace Hopper", &["grace@navy.mil"]).await;
    let twin = add(store, "A. Lovelace", &["ada@home.org"]).await;
    let patch = PersonPatch {
        org: Some(Some(acme.id.clone())),
        role: Some(Some("CTO".into())),
        industry: Some(Some("Computing".into())),
        tier: Some(Some(Tier::Close)),
        cadence_days: Some(Some(21)),
        add_identities: vec![Identity::url("https://example.com/ada").unwrap()],
        ..PersonPatch::default()
    };
    let ada = store.update_person(&ada.id, &patch).await.unwrap();
    store.tag(&twin.id, &["mathematician".into()]).await.unwrap();
    store.tag(&grace.id, &["navy".into()]).await.unwrap();
    let ada = store.merge_people(&ada.id, &twin.id, "merged by hand", now()).await.unwrap().0;
    assert_eq!(ada.aliases, ["A. Lovelace"]);
    let owner = MailOwner::new(["me@home.org"]);
    let thread = vec![
        mail("m1@x", "me@home.org", &["grace@navy.mil"], 2, None),
        mail("m2@x", "grace@navy.mil", &["me@home.org"], 3, Some("m1@x")),
    ];
    let asked = favor(0, kith_core::speech::Act::Request, ExchangeKind::Advice, "Could you look at my plan?");
    let batch = MailBatch { favors: vec![None, Some(vec![asked])], ..mail_batch(thread) };
    store.import_mail(&batch, &owner, now()).await.unwrap();
    let waiting = store.suggestions(None).await.unwrap();
    store.accept_suggestions(&[waiting[0].id.clone()]).await.unwrap();

    let started = NewEngagement::new(acme.id.clone(), "Engine", day(1), vec![ada.id.clone()], now()).unwrap();
    let engine = store.add_engagement(&started).await.unwrap();
    store.finish_engagement(&engine.id, day(40), now()).await.unwrap();
    let both = vec![ada.id.clone(), grace.id.clone()];
    let audit = NewEngagement::new(initech.id.clone(), "Audit", day(3), both, now()).unwrap();
    store.add_engagement(&audit).await.unwrap();

    let mut detailed = chat(day(5), &[&ada, &grace], Some("msg-1@example.com"));
    detailed.subject = Some("Compilers".into());
    detailed.thread_key = Some("thread-1".into());
    detailed.note = Some("went well".into());
    let plain =
        NewInteraction::new(day(6), Channel::Email, Direction::Out, vec![grace.id.clone()], now()).unwrap();
    record(store, vec![detailed, plain]).await;

    let ask = store
        .record_exchange(&exchange(
            &ada,
            ExchangeKind::Introduction,
            Giver::Them,
            ExchangeStatus::Asked,
            day(7),
        ))
        .await
        .unwrap();
    assert_eq!(
        store
            .decline(&ada.id, Giver::Them, ExchangeKind::Introduction, day(8), now())
            .await
            .unwrap()
            .map(|x| x.id),
        Some(ask.id)
    );
    let mut content = exchange(&grace, ExchangeKind::Content, Giver::Owner, ExchangeStatus::Given, day(9));
    content.note = Some("sent the paper".into());
    store.record_exchange(&content).await.unwrap();
    store
        .record_exchange(&exchange(
            &grace,
            ExchangeKind::Advice,
            Giver::Owner,
            ExchangeStatus::Asked,
            day(10),
        ))
        .await
        .unwrap();

    let mut ended = change(&grace, Stage::Active, Stage::Ended, day(11));
    ended.note = Some("retired".into());
    store.transition(&ended).await.unwrap();
    store.transition(&change(&ada, Stage::Active, Stage::Reduced, day(12))).await.unwrap();
    store.add_note(&note_on(&ada.id, "Likes engines", day(13))).await.unwrap();
    store.schedule_checkin(&checkin(&ada, day(60), "ask about the engine")).await.unwrap();
    store
        .schedule_checkin(&NewCheckIn {
            person: grace.id.clone(),
            due_at: day(61),
            note: None,
            every_days: Some(120),
        })
        .await
        .unwrap();
    store.record_fact(&fact(&ada, Fact::ChangedIndustry, day(14), Some("now in looms"))).await.unwrap();
    store.record_fact(&fact(&grace, Fact::Retired, day(15), None)).await.unwrap();
    store.set_owner_fact(&OwnerFact { change: OwnerChange::StrategyChange, since: day(16) }).await.unwrap();
    store.mute(&mute(&grace, DiagnosisKind::Dormant, day(2_000))).await.unwrap();
    store.set_owner_name("Sam Owner").await.unwrap();
    store.set_engagement_went_well(&engine.id, true).await.unwrap();
    let kept = store.save_draft(&draft_for(&grace, Some(&engine.id))).await.unwrap();
    let sent =
        NewInteraction::new(day(17), Channel::Email, Direction::Out, vec![grace.id.clone()], now()).unwrap();
    store.mark_draft_sent(&kept.id, &sent).await.unwrap();
    store.save_draft(&draft_for(&ada, None)).await.unwrap();
    let mut card = contact("book.vcf:ada-1", Some("Ada Lovelace"), &["ada@acme.io"]);
    card.notes = vec!["Met at the engine show".into()];
    // Another name on the same address: kept apart, both holding it.
    let namesake = contact("book.vcf:ada-2", Some("Augusta King"), &["ada@acme.io"]);
    let tally = store.import(&[card, namesake], &[], now(), ImportMode::Write).await.unwrap();
    assert_eq!(tally.kept_apart, 1);
}

fn contact(key: &str, name: Option<&str>, emails: &[&str]) -> ContactRecord {
    ContactRecord {
        source_key: key.into(),
        file: "contacts.vcf".into(),
        name: name.map(str::to_owned),
        identities: emails.iter().map(|e| email(e)).collect(),
        ..ContactRecord::default()
    }
}

async fn import(store: &dyn Store, contacts: &[ContactRecord], meetings: &[MeetingRecord]) -> ImportTally {
    store.import(contacts, meetings, now(), ImportMode::Write).await.unwrap()
}

// --- the checks ---

/// A favor the text of a message speaks of, as the reader hands it over.
fn favor(
    sentence: u32,
    act: kith_core::speech::Act,
    kind: ExchangeKind,
    evidence: &str,
) -> kith_core::FoundFavor {
    kith_core::FoundFavor {
        sentence,
        act,
        kind,
        note: None,
        confidence: 0.9,
        evidence: Some(evidence.into()),
    }
}

/// Suggestions are made once per sentence and person, only for personal mail; a thanks
/// accepted settles the ask it answers in the thread; a rejected one stays rejected.
async fn favors_in_mail_wait_for_the_owners_word(store: &dyn Store) {
    use kith_core::speech::Act;
    let owner = MailOwner::new(["me@home.org"]);
    let ask = mail("ask@x", "sam@x.org", &["me@home.org"], 10, None);
    let reply =
        MailMessage { sent: true, ..mail("reply@x", "me@home.org", &["sam@x.org"], 11, Some("ask@x")) };
    let thanks = mail("thanks@x", "sam@x.org", &["me@home.org"], 12, Some("ask@x"));
    let list = MailMessage {
        kept_out: Some(KeptOut::MailingList),
        ..mail("list@x", "sam@x.org", &["me@home.org"], 13, None)
    };
    let batch = MailBatch {
        messages: vec![ask, reply, thanks, list],
        favors: vec![
            Some(vec![favor(
                1,
                Act::Request,
                ExchangeKind::Introduction,
                "Could you introduce me to Priya?",
            )]),
            Some(vec![favor(
                0,
                Act::Delivery,
                ExchangeKind::Introduction,
                "I have introduced you to Priya.",
            )]),
            Some(vec![favor(0, Act::Thanks, ExchangeKind::Favor, "Thanks so much!")]),
            Some(vec![favor(0, Act::Request, ExchangeKind::Help, "Could everyone help?")]),
        ],
        ..MailBatch::default()
    };
    let tally = store.import_mail(&batch, &owner, now()).await.unwrap();
    assert_eq!(tally.texts_read, 4);
    assert_eq!(tally.favors_found, 3, "not the list's: {tally:?}");
    let again = store.import_mail(&batch, &owner, now()).await.unwrap();
    assert_eq!((again.texts_read, again.favors_found), (0, 0), "each text is taken once");

    let found = store.suggestions(None).await.unwrap();
    assert_eq!(found.len(), 3);
    let sam = found[0].person.clone();
    assert!(found.iter().all(|s| s.person == sam));
    assert_eq!((found[0].act, found[0].giver), (Act::Request, Giver::Owner), "Sam asks the owner");
    assert_eq!((found[1].act, found[1].giver), (Act::Delivery, Giver::Owner), "the owner does it");
    assert_eq!((found[2].act, found[2].giver), (Act::Thanks, Giver::Owner), "Sam thanks the owner");
    assert_eq!(found[0].message.subject.as_deref(), Some("about ask@x"));
    assert_eq!(store.suggestions_waiting().await.unwrap().get(&sam), Some(&3));
    let (read, unread) = store.mail_texts_read().await.unwrap();
    assert_eq!((read.len(), unread), (4, 0));

    // Rejecting the delivery; accepting the thanks brings the ask along and settles it.
    let rejected = store.reject_suggestions(&[found[1].id.clone()]).await.unwrap();
    assert_eq!(rejected[0].state, kith_core::SuggestionState::Rejected);
    let accepted = store.accept_suggestions(&[found[2].id.clone()]).await.unwrap();
    assert_eq!(accepted.len(), 2, "{accepted:?}");
    assert_eq!(accepted[0].suggestion.id, found[0].id);
    assert!(accepted[1].settled_ask);
    let ledger = store.exchanges_with(&sam).await.unwrap();
    assert_eq!(ledger.len(), 1, "one favor, asked and given: {ledger:?}");
    assert_eq!(
        (ledger[0].kind, ledger[0].status, ledger[0].giver),
        (ExchangeKind::Introduction, ExchangeStatus::Given, Giver::Owner)
    );
    assert!(ledger[0].asked);
    assert_eq!(ledger[0].closed_at, Some(day(12)));
    assert!(store.suggestions_waiting().await.unwrap().is_empty());
    let missing = kith_core::SuggestionId::from_bits(7);
    assert!(is_not_found(store.accept_suggestions(&[missing]).await));

    // Read again in a batch of its own, nothing comes back.
    store.import_mail(&batch, &owner, now()).await.unwrap();
    let states: Vec<_> = store.suggestions(None).await.unwrap().into_iter().map(|s| s.state).collect();
    use kith_core::SuggestionState::{Accepted, Rejected};
    assert_eq!(states, [Accepted, Rejected, Accepted]);
}

/// A record naming the person a kith export wrote it from is that person again: read
/// into the same store it changes nothing (counted unchanged, no one added); read into
/// an empty one it gives the person back under the same id, details included.
async fn records_from_kiths_own_export_find_their_person(store: &dyn Store) {
    let mut new = NewPerson::named("Michael Angstadt").unwrap();
    new.identities = vec![email("mike@example.com")];
    new.details.birthday = kith_core::CardDate::parse("--0310");
    let mike = store.add_person(&new, day(1)).await.unwrap();
    let mut card = contact("out.vcf:urn:kith:x", Some("Michael Angstadt"), &["mike@example.com"]);
    card.kith_id = Some(mike.id.clone());
    card.details = mike.details.clone();
    let tally = import(store, std::slice::from_ref(&card), &[]).await;
    assert_eq!((tally.imported, tally.merged, tally.updated, tally.unchanged), (0, 0, 0, 1));
    assert_eq!(store.person(&mike.id).await.unwrap(), mike);

    store.remove_person(&mike.id).await.unwrap();
    card.source_key = "again.vcf:urn:kith:x".into();
    let tally = import(store, &[card], &[]).await;
    assert_eq!(tally.imported, 1);
    let back = store.person(&mike.id).await.unwrap();
    assert_eq!(
        (back.name.as_str(), &back.identities, &back.details),
        ("Michael Angstadt", &mike.identities, &mike.details)
    );
}

/// Setting the region reads stored numbers again in one go: Ada's national number takes
/// its international form, and Cy's, which would become Bob's, stays as it is.
async fn the_phone_region_renumbers_without_merging(store: &dyn Store) {
    let phone = |text: &str| Identity::phone(text).unwrap();
    let with_phone = |name: &str, number: &str| NewPerson {
        identities: vec![phone(number)],
        ..NewPerson::named(name).unwrap()
    };
    let ada = store.add_person(&with_phone("Ada", "905-555-1234"), day(1)).await.unwrap();
    let bob = store.add_person(&with_phone("Bob", "+1 212 555 0100"), day(1)).await.unwrap();
    let cy = store.add_person(&with_phone("Cy", "212-555-0100"), day(1)).await.unwrap();
    assert_eq!(store.phone_region().await.unwrap(), None);
    let region = kith_core::PhoneRegion::new("1").unwrap();
    let plan = store.set_phone_region(&region).await.unwrap();
    assert_eq!(store.phone_region().await.unwrap(), Some(region));
    assert_eq!(plan.numbers, 1);
    assert_eq!(plan.clashes.len(), 1);
    assert_eq!(store.person(&ada.id).await.unwrap().identities, [phone("+19055551234")]);
    assert_eq!(store.person(&bob.id).await.unwrap().identities, [phone("+12125550100")]);
    assert_eq!(store.person(&cy.id).await.unwrap().identities, [phone("2125550100")]);
}

async fn imports_make_one_person_per_human(store: &dyn Store) {
    let ada = contact("book.vcf:1", Some("Ada Lovelace"), &["ada@acme.io"]);
    let mut ada_again = contact("book.vcf:2", Some("Ada A. Lovelace"), &["ADA@acme.io", "ada@home.org"]);
    ada_again.org = Some("Acme".into());
    ada_again.tags = vec!["math".into()];
    let mut nameless = contact("book.vcf:grace@navy.mil", None, &["grace@navy.mil"]);
    nameless.connected = Some(day(3));
    let only_name = contact("book.vcf:charles babbage", Some("Charles Babbage"), &[]);
    let other_name = contact("other.vcf:1", Some("Augusta King"), &["ada@acme.io"]);
    let tally = import(store, &[ada, ada_again, nameless, only_name], &[]).await;
    assert_eq!((tally.imported, tally.merged, tally.updated, tally.unchanged), (3, 1, 0, 0));
    assert_eq!(tally.interactions_added, 1, "the connection date is the first interaction");
    let merge = &tally.merges[0];
    assert_eq!(
        (merge.absorbed.as_str(), merge.on.as_ref()),
        ("Ada A. Lovelace", Some(&email("ada@acme.io")))
    );
    let people = store.people().await.unwrap();
    let names: Vec<_> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Ada A. Lovelace", "Charles Babbage", "grace@navy.mil"],
        "the later record's name wins"
    );
    let ada = &people[0];
    assert_eq!(ada.aliases, ["Ada Lovelace"]);
    assert_eq!(ada.identities.len(), 2);
    assert_eq!(ada.tags, ["math"]);
    let acme = store.organization(ada.org.as_ref().unwrap()).await.unwrap();
    assert_eq!(acme.name, "Acme");
    let sources = store.snapshot().await.unwrap().sources;
    assert_eq!(sources.len(), 4);
    assert!(sources.iter().filter(|s| s.key.starts_with("vcard:")).all(|s| s.person == ada.id));

    // Another name on Ada's address is someone kith cannot tell from her: kept apart,
    // both holding the address, for the user to decide.
    let apart = import(store, &[other_name], &[]).await;
    assert_eq!((apart.imported, apart.merged, apart.kept_apart), (1, 0, 1));
    let holders: Vec<Person> = store
        .people()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.identities.contains(&email("ada@acme.io")))
        .collect();
    assert_eq!(holders.len(), 2);
}

async fn reimports_change_nothing_and_updates_apply(store: &dyn Store) {
    let mut card = contact("book.vcf:1", Some("Ada Lovelace"), &["ada@acme.io"]);
    card.notes = vec!["Likes engines".into()];
    card.connected = Some(day(2));
    card.org = Some("Acme".into());
    let loner = contact("book.csv:charles babbage", Some("Charles Babbage"), &[]);
    let batch = [card.clone(), loner];
    import(store, &batch, &[]).await;
    let before = store.snapshot().await.unwrap();
    let again = import(store, &batch, &[]).await;
    assert_eq!((again.imported, again.merged, again.updated, again.unchanged), (0, 0, 0, 2));
    assert_eq!(store.snapshot().await.unwrap(), before, "a repeated import changes nothing");

    let mut stale = contact("old.vcf:1", Some("Ada L."), &["ada@acme.io"]);
    stale.org = Some("Old Employer".into());
    stale.revised = Some(day(1));
    stale.role = Some("Clerk".into());
    let joined = import(store, &[stale], &[]).await;
    assert_eq!(joined.merged, 1);
    let orgs: Vec<_> = store.organizations().await.unwrap().into_iter().map(|o| o.name).collect();
    assert_eq!(orgs, ["Acme"], "an older record's organization is not even added");

    card.name = Some("Ada King".into());
    card.role = Some("Countess".into());
    card.notes.push("Wrote the first program".into());
    let updated = import(store, &[card], &[]).await;
    assert_eq!((updated.updated, updated.unchanged, updated.interactions_present), (1, 0, 1));
    let ada = store.person_with_identity(&email("ada@acme.io")).await.unwrap().unwrap();
    let ada = store.person(&ada).await.unwrap();
    assert_eq!((ada.name.as_str(), ada.role.as_deref()), ("Ada King", Some("Countess")));
    let mut notes: Vec<_> = store.notes(&ada.id).await.unwrap().into_iter().map(|n| n.text).collect();
    notes.sort();
    assert_eq!(notes, ["Likes engines", "Wrote the first program"], "notes are added once");
    assert_eq!(store.people().await.unwrap().len(), 2);
}

async fn an_import_merges_people_it_shows_are_one(store: &dyn Store) {
    let twin = add(store, "A. Lovelace", &["ada@home.org"]).await;
    let first =
        NewPerson { identities: vec![email("ada@acme.io")], ..NewPerson::named("Ada Lovelace").unwrap() };
    let ada = store.add_person(&first, day(1)).await.unwrap();
    store.tag(&twin.id, &["math".into()]).await.unwrap();
    let card = contact("book.vcf:1", None, &["ada@home.org", "ada@acme.io"]);
    let tally = import(store, &[card], &[]).await;
    assert_eq!((tally.merged, tally.people_merged), (1, 1));
    let people = store.people().await.unwrap();
    assert_eq!(people.len(), 1);
    let merged = &people[0];
    assert_eq!(merged.id, ada.id, "the person added first is kept");
    assert_eq!(
        (merged.aliases.as_slice(), merged.tags.as_slice()),
        (&["A. Lovelace".to_owned()][..], &["math".to_owned()][..])
    );
    let notes = store.notes(&ada.id).await.unwrap();
    assert!(notes[0].text.contains("A. Lovelace") && notes[0].text.contains("ada@home.org"), "{notes:?}");
}

async fn dry_runs_count_but_write_nothing(store: &dyn Store) {
    let before = store.snapshot().await.unwrap();
    let cards = [
        contact("book.vcf:1", Some("Ada"), &["ada@acme.io"]),
        contact("book.vcf:2", Some("Ada L"), &["ada@acme.io"]),
    ];
    let tally = store.import(&cards, &[], now(), ImportMode::DryRun).await.unwrap();
    assert_eq!((tally.imported, tally.merged), (1, 1));
    assert_eq!(store.snapshot().await.unwrap(), before);
}

async fn meetings_add_their_attendees_once(store: &dyn Store) {
    let grace = add(store, "Grace Hopper", &["grace@navy.mil"]).await;
    let attendee = |address: &str, name: Option<&str>| Attendee {
        identity: email(address),
        name: name.map(str::to_owned),
    };
    let meeting = MeetingRecord {
        source_key: "ical:standup@1700000000".into(),
        at: day(4),
        subject: Some("Standup".into()),
        attendees: vec![
            attendee("grace@navy.mil", Some("Rear Admiral Hopper")),
            attendee("kay@parc.com", Some("Alan Kay")),
        ],
    };
    let tally = import(store, &[], std::slice::from_ref(&meeting)).await;
    assert_eq!((tally.imported, tally.interactions_added), (1, 1));
    let logged = store.interactions_with(&grace.id).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!((logged[0].channel, logged[0].direction), (Channel::Meeting, Direction::Mutual));
    assert_eq!(logged[0].participants.len(), 2);
    assert_eq!(
        store.person(&grace.id).await.unwrap().name,
        "Grace Hopper",
        "a calendar name does not rename"
    );
    let again = import(store, &[], &[meeting]).await;
    assert_eq!((again.imported, again.interactions_added, again.interactions_present), (0, 0, 1));
    assert_eq!(store.people().await.unwrap().len(), 2);
}

async fn people_are_added_found_and_listed(store: &dyn Store) {
    let bob = add(store, "bob", &["bob@b.org", "Bob@Work.org"]).await;
    let alice = add(store, "Alice", &["alice@a.org"]).await;
    let carol = add(store, "Carol", &[]).await;

    assert_eq!(bob.created_at, Timestamp::from_second(now().as_second()).unwrap(), "cut to whole seconds");
    assert_eq!(bob.stage, Stage::Active);
    assert_eq!(bob.identities, [email("bob@b.org"), email("bob@work.org")]);
    assert_eq!(store.person(&bob.id).await.unwrap(), bob);

    let tagged = NewPerson {
        name: "Dana".into(),
        tags: vec!["speaker".into(), "client".into(), "client".into()],
        ..NewPerson::default()
    };
    let dana = store.add_person(&tagged, now()).await.unwrap();
    assert_eq!(dana.tags, ["client", "speaker"], "tags come in with the person, sorted, once");
    assert_eq!(store.person(&dana.id).await.unwrap(), dana);
    store.remove_person(&dana.id).await.unwrap();

    let names: Vec<String> = store.people().await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Alice", "bob", "Carol"], "sorted by name ignoring case");
    assert_eq!(store.person_with_identity(&email("bob@work.org")).await.unwrap(), Some(bob.id.clone()));
    assert_eq!(store.person_with_identity(&email("nobody@x.org")).await.unwrap(), None);

    let clash = NewPerson {
        name: "Robert".into(),
        identities: vec![email("robert@r.org"), email("alice@a.org")],
        ..NewPerson::default()
    };
    match store.add_person(&clash, now()).await {
        Err(StoreError::IdentityTaken { identity, owner }) => {
            assert_eq!(identity, email("alice@a.org"));
            assert_eq!(owner, alice.id);
        }
        other => panic!("expected IdentityTaken, got {other:?}"),
    }
    assert_eq!(store.people().await.unwrap().len(), 3, "the refused person was not added");
    assert_eq!(store.person_with_identity(&email("robert@r.org")).await.unwrap(), None);
    assert!(is_not_found(store.person(&PersonId::from_bits(42)).await));
    assert_eq!(store.person(&carol.id).await.unwrap().identities, []);
}

async fn people_are_updated_and_fields_cleared(store: &dyn Store) {
    let org = store.add_organization(&NewOrganization::new("Acme", &[]).unwrap(), now()).await.unwrap();
    let ada = add(store, "Ada", &["ada@a.org"]).await;
    let other = add(store, "Other", &["other@o.org"]).await;

    let set = PersonPatch {
        name: Some("Ada Lovelace".into()),
        org: Some(Some(org.id.clone())),
        role: Some(Some("CTO".into())),
        industry: Some(Some("Computing".into())),
        tier: Some(Some(Tier::Inner)),
        cadence_days: Some(Some(7)),
        add_identities: vec![email("ada@b.org")],
        remove_identities: vec![email("ada@a.org")],
    };
    let updated = store.update_person(&ada.id, &set).await.unwrap();
    assert_eq!(updated.name, "Ada Lovelace");
    assert_eq!(updated.org, Some(org.id.clone()));
    assert_eq!((updated.role.as_deref(), updated.industry.as_deref()), (Some("CTO"), Some("Computing")));
    assert_eq!((updated.tier, updated.cadence_days), (Some(Tier::Inner), Some(7)));
    assert_eq!(updated.identities, [email("ada@b.org")]);
    assert_eq!(store.person(&ada.id).await.unwrap(), updated);
    assert_eq!(
        store.person_with_identity(&email("ada@a.org")).await.unwrap(),
        None,
        "removed identity is free"
    );

    let clear = PersonPatch {
        org: Some(None),
        role: Some(None),
        industry: Some(None),
        tier: Some(None),
        cadence_days: Some(None),
        ..PersonPatch::default()
    };
    let cleared = store.update_person(&ada.id, &clear).await.unwrap();
    assert_eq!((&cleared.org, &cleared.role, &cleared.industry), (&None, &None, &None));
    assert_eq!((cleared.tier, cleared.cadence_days), (None, None));
    assert_eq!(cleared.name, "Ada Lovelace", "untouched fields stay");
    assert_eq!(store.person(&ada.id).await.unwrap(), cleared);

    let steal = PersonPatch {
        name: Some("Thief".into()),
        add_identities: vec![email("other@o.org")],
        ..PersonPatch::default()
    };
    let err = store.update_person(&ada.id, &steal).await.unwrap_err();
    assert!(matches!(err, StoreError::IdentityTaken { ref owner, .. } if *owner == other.id), "{err:?}");
    assert_eq!(store.person(&ada.id).await.unwrap(), cleared, "a refused update changes nothing");

    let unknown_org = PersonPatch { org: Some(Some(OrgId::from_bits(7))), ..PersonPatch::default() };
    assert!(is_not_found(store.update_person(&ada.id, &unknown_org).await));
    assert!(is_not_found(store.update_person(&PersonId::from_bits(9), &unknown_org).await));
    assert!(matches!(
        store.update_person(&ada.id, &PersonPatch::default()).await,
        Err(StoreError::Invalid(ValidationError::NothingToChange(_)))
    ));
    let not_hers = PersonPatch { remove_identities: vec![email("other@o.org")], ..PersonPatch::default() };
    assert!(matches!(
        store.update_person(&ada.id, &not_hers).await,
        Err(StoreError::Invalid(ValidationError::MissingIdentity { .. }))
    ));
    assert_eq!(store.person(&ada.id).await.unwrap(), cleared, "refusals change nothing");
}

async fn tags_are_idempotent_and_removable(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    store.tag(&ada.id, &["mentor".into(), "client".into()]).await.unwrap();
    store.tag(&ada.id, &["mentor".into()]).await.unwrap();
    assert_eq!(store.person(&ada.id).await.unwrap().tags, ["client", "mentor"]);
    assert_eq!(store.untag(&ada.id, &["mentor".into(), "speaker".into()]).await.unwrap(), 1);
    assert_eq!(store.untag(&ada.id, &["mentor".into()]).await.unwrap(), 0);
    assert_eq!(store.person(&ada.id).await.unwrap().tags, ["client"]);
    assert!(is_not_found(store.tag(&PersonId::from_bits(5), &["x".into()]).await));
}

async fn notes_are_kept_oldest_first(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let later = store.add_note(&note_on(&ada.id, "second", day(5))).await.unwrap();
    let earlier = store.add_note(&note_on(&ada.id, "first", day(2))).await.unwrap();
    assert_eq!(
        (earlier.person.clone(), earlier.text.as_str(), earlier.at),
        (ada.id.clone(), "first", day(2))
    );
    assert_eq!(store.notes(&ada.id).await.unwrap(), [earlier, later]);
    assert!(is_not_found(store.add_note(&note_on(&PersonId::from_bits(3), "x", day(1))).await));
    assert!(is_not_found(store.notes(&PersonId::from_bits(3)).await));
}

async fn owner_identities_are_a_set(store: &dyn Store) {
    store.add_owner_identity(&email("me@z.org")).await.unwrap();
    store.add_owner_identity(&email("me@a.org")).await.unwrap();
    store.add_owner_identity(&email("me@z.org")).await.unwrap();
    assert_eq!(store.owner_identities().await.unwrap(), [email("me@a.org"), email("me@z.org")]);
}

async fn removing_a_person_takes_what_is_theirs(store: &dyn Store) {
    let ada = add(store, "Ada", &["ada@a.org"]).await;
    let bob = add(store, "Bob", &["bob@b.org"]).await;
    let org = store.add_organization(&NewOrganization::new("Acme", &[]).unwrap(), now()).await.unwrap();
    let work =
        NewEngagement::new(org.id, "Work", day(1), vec![ada.id.clone(), bob.id.clone()], now()).unwrap();
    let work = store.add_engagement(&work).await.unwrap();
    record(store, vec![chat(day(1), &[&ada], None), chat(day(2), &[&ada, &bob], None)]).await;
    store
        .record_exchange(&exchange(&ada, ExchangeKind::Help, Giver::Owner, ExchangeStatus::Given, day(3)))
        .await
        .unwrap();
    store.add_note(&note_on(&ada.id, "note", day(3))).await.unwrap();
    store.transition(&change(&ada, Stage::Active, Stage::Reduced, day(4))).await.unwrap();
    store.schedule_checkin(&checkin(&ada, day(9), "hi")).await.unwrap();
    store.tag(&ada.id, &["gone".into()]).await.unwrap();
    store.record_fact(&fact(&ada, Fact::Hostile, day(5), None)).await.unwrap();
    store.mute(&mute(&ada, DiagnosisKind::Strained, day(90))).await.unwrap();
    store.mute(&mute(&bob, DiagnosisKind::Overdue, day(90))).await.unwrap();
    let declared = OwnerFact { change: OwnerChange::ChangingIndustry, since: day(6) };
    store.set_owner_fact(&declared).await.unwrap();

    store.remove_person(&ada.id).await.unwrap();

    assert!(is_not_found(store.person(&ada.id).await));
    assert!(is_not_found(store.remove_person(&ada.id).await));
    assert_eq!(store.person_with_identity(&email("ada@a.org")).await.unwrap(), None);
    let shared = store.interactions_with(&bob.id).await.unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].participants, std::slice::from_ref(&bob.id));
    assert_eq!(store.engagement(&work.id).await.unwrap().people, std::slice::from_ref(&bob.id));
    let s = store.snapshot().await.unwrap();
    assert_eq!(s.interactions.len(), 1, "the interaction only Ada was in is gone");
    let left = (s.exchanges.len(), s.notes.len(), s.transitions.len(), s.checkins.len(), s.facts.len());
    assert_eq!(left, (0, 0, 0, 0, 0));
    assert_eq!(s.mutes.iter().map(|m| &m.person).collect::<Vec<_>>(), [&bob.id], "only Bob's mute is left");
    assert_eq!(s.owner_facts, [declared], "the owner's changes are nobody's");
    assert_eq!(s.people.iter().map(|p| &p.id).collect::<Vec<_>>(), [&bob.id]);
    add(store, "Ada again", &["ada@a.org"]).await;
}

async fn merging_moves_everything(store: &dyn Store) {
    let keep = add(store, "Ada Lovelace", &["ada@a.org"]).await;
    let gone = add(store, "A. Lovelace", &["ada@b.org"]).await;
    let third = add(store, "Charles", &[]).await;
    store.tag(&keep.id, &["mentor".into()]).await.unwrap();
    store.tag(&gone.id, &["client".into()]).await.unwrap();
    let org = store.add_organization(&NewOrganization::new("Acme", &[]).unwrap(), now()).await.unwrap();
    let work =
        NewEngagement::new(org.id, "Work", day(1), vec![gone.id.clone(), third.id.clone()], now()).unwrap();
    let work = store.add_engagement(&work).await.unwrap();
    record(
        store,
        vec![
            chat(day(1), &[&gone], Some("solo")),
            chat(day(2), &[&keep, &gone], Some("shared")),
            chat(day(3), &[&keep], Some("kept")),
        ],
    )
    .await;
    let ask = exchange(&gone, ExchangeKind::Advice, Giver::Owner, ExchangeStatus::Asked, day(4));
    let ask = store.record_exchange(&ask).await.unwrap();
    let note = store.add_note(&note_on(&gone.id, "met at a conference", day(5))).await.unwrap();
    let moved = store.transition(&change(&gone, Stage::Active, Stage::Mentoring, day(6))).await.unwrap();
    let check = store.schedule_checkin(&checkin(&gone, day(30), "follow up")).await.unwrap();
    let keep = store.person(&keep.id).await.unwrap();
    let gone = store.person(&gone.id).await.unwrap();

    let merged = store.merge_people(&keep.id, &gone.id, "merged by hand", now()).await.unwrap().0;
    assert_eq!(merged.stage, Stage::Mentoring, "the stage follows the latest change of either record");

    assert_eq!(merged.id, keep.id);
    assert_eq!(merged.name, "Ada Lovelace");
    assert_eq!(merged.aliases, ["A. Lovelace"]);
    assert_eq!(merged.identities, [email("ada@a.org"), email("ada@b.org")]);
    assert_eq!(merged.tags, ["client", "mentor", "stage:mentoring"]);
    assert_eq!(store.person(&keep.id).await.unwrap(), merged);
    assert!(is_not_found(store.person(&gone.id).await));
    assert_eq!(store.person_with_identity(&email("ada@b.org")).await.unwrap(), Some(keep.id.clone()));

    let seen = store.interactions_with(&keep.id).await.unwrap();
    let keys: Vec<_> = seen.iter().map(|i| i.source_key.as_deref().unwrap()).collect();
    assert_eq!(keys, ["solo", "shared", "kept"]);
    assert!(seen.iter().all(|i| i.participants == [keep.id.clone()]), "one participant row each: {seen:?}");
    let mut moved_ask = ask.clone();
    moved_ask.person = keep.id.clone();
    assert_eq!(store.exchanges_with(&keep.id).await.unwrap(), [moved_ask]);
    assert_eq!(store.notes(&keep.id).await.unwrap()[0].id, note.id);
    assert_eq!(store.transitions(&keep.id).await.unwrap()[0].id, moved.id);
    assert_eq!(store.checkins(&keep.id).await.unwrap()[0].id, check.id);
    let mut members = vec![keep.id.clone(), third.id.clone()];
    members.sort();
    assert_eq!(store.engagement(&work.id).await.unwrap().people, members);
    let s = store.snapshot().await.unwrap();
    assert_eq!((s.people.len(), s.interactions.len()), (2, 3));

    // Undone, each is given back what they brought, and the two are never proposed again.
    let merge = store.merges(Some(&keep.id)).await.unwrap().remove(0);
    assert_eq!((&merge.kept, &merge.absorbed, merge.why.as_str()), (&keep, &gone, "merged by hand"));
    let (kept, back) = store.unmerge(&merge.id, now()).await.unwrap();
    assert_eq!((&kept, &back), (&keep, &gone));
    assert_eq!(store.person(&gone.id).await.unwrap(), gone);
    let keys = |seen: Vec<kith_core::Interaction>| -> Vec<String> {
        seen.into_iter().filter_map(|i| i.source_key).collect()
    };
    assert_eq!(keys(store.interactions_with(&gone.id).await.unwrap()), ["solo", "shared"]);
    assert_eq!(keys(store.interactions_with(&keep.id).await.unwrap()), ["shared", "kept"]);
    assert_eq!(store.exchanges_with(&gone.id).await.unwrap(), [ask]);
    assert_eq!(store.notes(&gone.id).await.unwrap()[0].id, note.id);
    assert_eq!(store.transitions(&gone.id).await.unwrap()[0].id, moved.id);
    assert_eq!(store.checkins(&gone.id).await.unwrap()[0].id, check.id);
    let mut members = vec![gone.id.clone(), third.id.clone()];
    members.sort();
    assert_eq!(store.engagement(&work.id).await.unwrap().people, members);
    let (a, b) = if keep.id <= gone.id { (&keep.id, &gone.id) } else { (&gone.id, &keep.id) };
    assert_eq!(store.distinct_pairs().await.unwrap(), [(a.clone(), b.clone())]);
    assert!(store.merges(None).await.unwrap()[0].undone_at.is_some());
    assert!(store.unmerge(&merge.id, now()).await.is_err(), "once is enough");
}

async fn facts_are_held_once_and_recording_again_updates(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let first =
        store.record_fact(&fact(&ada, Fact::InterestsDiverged, day(2), Some("biotech"))).await.unwrap();
    assert_eq!(first, fact(&ada, Fact::InterestsDiverged, day(2), Some("biotech")));
    let retired = store.record_fact(&fact(&ada, Fact::Retired, now(), None)).await.unwrap();
    assert_eq!(retired.at, Timestamp::from_second(now().as_second()).unwrap(), "cut to whole seconds");
    let again = fact(&ada, Fact::InterestsDiverged, day(5), Some("now in pharma"));
    assert_eq!(store.record_fact(&again).await.unwrap(), again);
    assert_eq!(
        store.facts_of(&ada.id).await.unwrap(),
        [again.clone(), retired.clone()],
        "one each, oldest first"
    );
    assert_eq!(store.all_facts().await.unwrap(), [again.clone(), retired.clone()]);

    assert_eq!(store.remove_fact(&ada.id, Fact::Retired).await.unwrap(), Some(retired));
    assert_eq!(store.remove_fact(&ada.id, Fact::Retired).await.unwrap(), None, "nothing left to remove");
    assert_eq!(store.facts_of(&ada.id).await.unwrap(), [again]);

    let stranger = Person { id: PersonId::from_bits(77), ..ada };
    assert!(is_not_found(store.record_fact(&fact(&stranger, Fact::Hostile, day(1), None)).await));
    assert!(is_not_found(store.facts_of(&stranger.id).await));
    assert!(is_not_found(store.remove_fact(&stranger.id, Fact::Hostile).await));
    assert_eq!(store.all_facts().await.unwrap().len(), 1, "nothing of the refused calls");
}

async fn owner_changes_are_declared_once(store: &dyn Store) {
    let retiring = OwnerFact { change: OwnerChange::ChangingIndustry, since: day(30) };
    let strategy = OwnerFact { change: OwnerChange::StrategyChange, since: now() };
    store.set_owner_fact(&retiring).await.unwrap();
    let stored = store.set_owner_fact(&strategy).await.unwrap();
    assert_eq!(stored.since, Timestamp::from_second(now().as_second()).unwrap(), "cut to whole seconds");
    let moved = OwnerFact { since: day(10), ..retiring.clone() };
    store.set_owner_fact(&moved).await.unwrap();
    assert_eq!(store.owner_facts().await.unwrap(), [moved.clone(), stored], "one each, earliest first");
    assert_eq!(store.clear_owner_fact(OwnerChange::ChangingIndustry).await.unwrap(), Some(moved));
    assert_eq!(store.clear_owner_fact(OwnerChange::ChangingIndustry).await.unwrap(), None);
    assert_eq!(store.clear_owner_fact(OwnerChange::ChangingIndustry).await.unwrap(), None);
    assert_eq!(store.owner_facts().await.unwrap().len(), 1);
    let refused = store.restore(Arc::default()).await;
    assert!(matches!(refused, Err(StoreError::NotEmpty(_))), "a declared change is data");
}

async fn muting_again_replaces_the_end(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let bob = add(store, "Bob", &[]).await;
    store.mute(&mute(&ada, DiagnosisKind::Drifting, day(50))).await.unwrap();
    store.mute(&mute(&bob, DiagnosisKind::Drifting, day(60))).await.unwrap();
    let later = mute(&ada, DiagnosisKind::Drifting, day(80));
    assert_eq!(store.mute(&later).await.unwrap(), later);
    let shorter = mute(&ada, DiagnosisKind::Overdue, day(20));
    store.mute(&shorter).await.unwrap();
    let mine: Vec<_> = store.mutes().await.unwrap().into_iter().filter(|m| m.person == ada.id).collect();
    assert_eq!(mine, [later.clone(), shorter], "one per diagnosis; the latest mute replaced the first");

    assert_eq!(store.unmute(&ada.id, DiagnosisKind::Drifting).await.unwrap(), Some(later));
    assert_eq!(store.unmute(&ada.id, DiagnosisKind::Drifting).await.unwrap(), None);
    assert_eq!(store.mutes().await.unwrap().len(), 2, "Bob's mute and Ada's other one stay");

    let stranger = Person { id: PersonId::from_bits(77), ..ada };
    assert!(is_not_found(store.mute(&mute(&stranger, DiagnosisKind::Dormant, day(9))).await));
    assert!(is_not_found(store.unmute(&stranger.id, DiagnosisKind::Dormant).await));
}

async fn merging_carries_facts_and_mutes(store: &dyn Store) {
    let keep = add(store, "Ada Lovelace", &[]).await;
    let gone = add(store, "A. Lovelace", &[]).await;
    store.record_fact(&fact(&keep, Fact::Retired, day(5), Some("kept, older"))).await.unwrap();
    store.record_fact(&fact(&keep, Fact::ValuesConflict, day(7), Some("kept, newer"))).await.unwrap();
    store.record_fact(&fact(&gone, Fact::Retired, day(9), Some("absorbed, newer"))).await.unwrap();
    store.record_fact(&fact(&gone, Fact::ValuesConflict, day(6), Some("absorbed, older"))).await.unwrap();
    store.record_fact(&fact(&gone, Fact::Hostile, day(3), None)).await.unwrap();
    store.mute(&mute(&keep, DiagnosisKind::Drifting, day(40))).await.unwrap();
    store.mute(&mute(&gone, DiagnosisKind::Drifting, day(60))).await.unwrap();
    store.mute(&mute(&gone, DiagnosisKind::Overdue, day(30))).await.unwrap();
    store.mute(&mute(&keep, DiagnosisKind::Strained, day(90))).await.unwrap();
    store.mute(&mute(&gone, DiagnosisKind::Strained, day(50))).await.unwrap();

    store.merge_people(&keep.id, &gone.id, "merged by hand", now()).await.unwrap();

    let facts = store.facts_of(&keep.id).await.unwrap();
    assert_eq!(
        facts,
        [
            fact(&keep, Fact::Hostile, day(3), None),
            fact(&keep, Fact::ValuesConflict, day(7), Some("kept, newer")),
            fact(&keep, Fact::Retired, day(9), Some("absorbed, newer")),
        ],
        "every fact once, the later of two"
    );
    assert_eq!(
        store.mutes().await.unwrap(),
        [
            mute(&keep, DiagnosisKind::Drifting, day(60)),
            mute(&keep, DiagnosisKind::Overdue, day(30)),
            mute(&keep, DiagnosisKind::Strained, day(90)),
        ],
        "every mute once, the longer of two"
    );
    assert_eq!(store.all_facts().await.unwrap(), facts, "nothing left on the absorbed record");
}

async fn organizations_own_their_domains(store: &dyn Store) {
    let acme = NewOrganization::new("acme", &["acme.io".into(), "acme.com".into()]).unwrap();
    let acme = store.add_organization(&acme, now()).await.unwrap();
    assert_eq!(acme.domains, ["acme.com", "acme.io"]);
    assert_eq!(store.organization(&acme.id).await.unwrap(), acme);
    let beta = store.add_organization(&NewOrganization::new("Beta", &[]).unwrap(), now()).await.unwrap();
    assert_eq!(store.organizations().await.unwrap(), [acme.clone(), beta]);

    let copycat = NewOrganization::new("Copycat", &["copycat.io".into(), "acme.io".into()]).unwrap();
    match store.add_organization(&copycat, now()).await {
        Err(StoreError::DomainTaken(domain)) => assert_eq!(domain, "acme.io"),
        other => panic!("expected DomainTaken, got {other:?}"),
    }
    assert_eq!(store.organizations().await.unwrap().len(), 2, "the refused organization was not added");
    assert!(is_not_found(store.organization(&OrgId::from_bits(1)).await));
}

async fn engagements_start_and_finish_once(store: &dyn Store) {
    let org = store.add_organization(&NewOrganization::new("Acme", &[]).unwrap(), now()).await.unwrap();
    let ada = add(store, "Ada", &[]).await;
    let old = NewEngagement::new(org.id.clone(), "Old", day(1), vec![ada.id.clone()], now()).unwrap();
    let old = store.add_engagement(&old).await.unwrap();
    let new = NewEngagement::new(org.id.clone(), "New", day(20), vec![], now()).unwrap();
    let new = store.add_engagement(&new).await.unwrap();
    assert_eq!(
        (old.status, old.ended_at, old.people.clone()),
        (EngagementStatus::Active, None, vec![ada.id])
    );
    assert_eq!(store.engagements().await.unwrap(), [new.clone(), old.clone()], "newest start first");

    assert!(matches!(
        store.finish_engagement(&old.id, day(0), now()).await,
        Err(StoreError::Invalid(ValidationError::BeforeStart { .. }))
    ));
    let finished = store.finish_engagement(&old.id, day(30), now()).await.unwrap();
    assert_eq!((finished.status, finished.ended_at), (EngagementStatus::Finished, Some(day(30))));
    assert_eq!(store.engagement(&old.id).await.unwrap(), finished);
    assert!(matches!(
        store.finish_engagement(&old.id, day(31), now()).await,
        Err(StoreError::Invalid(ValidationError::AlreadyFinished(_)))
    ));
    assert_eq!(store.engagement(&old.id).await.unwrap().ended_at, Some(day(30)));

    let nowhere = NewEngagement::new(OrgId::from_bits(3), "X", day(1), vec![], now()).unwrap();
    assert!(is_not_found(store.add_engagement(&nowhere).await));
}

async fn interactions_skip_known_source_keys(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let bob = add(store, "Bob", &[]).await;
    let first =
        record(store, vec![chat(day(2), &[&ada], Some("a")), chat(day(1), &[&ada, &bob], Some("b"))]).await;
    assert_eq!(first, Recorded { added: 2, already_present: 0 });
    let again = record(
        store,
        vec![
            chat(day(3), &[&ada], Some("a")),
            chat(day(4), &[&ada], Some("c")),
            chat(day(5), &[&ada], Some("c")),
        ],
    )
    .await;
    assert_eq!(again, Recorded { added: 1, already_present: 2 });
    let unkeyed = record(store, vec![chat(day(6), &[&ada], None), chat(day(6), &[&ada], None)]).await;
    assert_eq!(unkeyed.added, 2);

    let seen = store.interactions_with(&ada.id).await.unwrap();
    let days: Vec<Timestamp> = seen.iter().map(|i| i.at).collect();
    assert_eq!(days, [day(1), day(2), day(4), day(6), day(6)], "oldest first");
    let mut pair = vec![ada.id.clone(), bob.id.clone()];
    pair.sort();
    assert_eq!(seen[0].participants, pair);
    assert_eq!((seen[0].channel, seen[0].direction), (Channel::Meeting, Direction::Mutual));
    assert_eq!(store.interactions_with(&bob.id).await.unwrap().len(), 1);

    let stranger = Person { id: PersonId::from_bits(99), ..ada.clone() };
    let broken = vec![chat(day(7), &[&ada], Some("d")), chat(day(7), &[&ada, &stranger], Some("e"))];
    assert!(is_not_found(store.record_interactions(&broken).await));
    assert_eq!(store.interactions_with(&ada.id).await.unwrap().len(), 5, "nothing of the failed batch");
    assert_eq!(record(store, vec![chat(day(7), &[&ada], Some("d"))]).await.added, 1);
}

async fn asks_are_settled_once(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let ask = store
        .record_exchange(&exchange(&ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Asked, day(2)))
        .await
        .unwrap();
    assert_eq!(
        (ask.asked, ask.status, ask.opened_at, ask.closed_at),
        (true, ExchangeStatus::Asked, day(2), None)
    );
    assert_eq!(ask.weight, 5.0);
    let gift = store
        .record_exchange(&exchange(&ada, ExchangeKind::Content, Giver::Owner, ExchangeStatus::Given, day(1)))
        .await
        .unwrap();
    assert_eq!((gift.asked, gift.opened_at, gift.closed_at, gift.weight), (false, day(1), Some(day(1)), 0.5));
    assert_eq!(store.exchanges_with(&ada.id).await.unwrap(), [gift.clone(), ask.clone()], "oldest first");

    // A giving dated before the ask stands alone; one after it fulfils the ask with its own weight and note.
    let early = exchange(&ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given, day(1));
    let alone = store.give(&early).await.unwrap();
    assert!(!alone.fulfilled_ask);
    let mut giving = exchange(&ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given, day(3));
    giving.weight = 8.0;
    giving.note = Some("to the studio".into());
    let given = store.give(&giving).await.unwrap();
    assert!(given.fulfilled_ask);
    let settled = given.entry;
    assert_eq!(settled.id, ask.id);
    assert_eq!(
        (settled.status, settled.closed_at, settled.asked, settled.weight, settled.note.as_deref()),
        (ExchangeStatus::Given, Some(day(3)), true, 8.0, Some("to the studio"))
    );
    assert_eq!(store.exchanges_with(&ada.id).await.unwrap().len(), 3, "fulfilling adds no entry");

    // Nothing left to decline; a new ask is declined once.
    assert_eq!(
        store.decline(&ada.id, Giver::Them, ExchangeKind::Referral, day(4), now()).await.unwrap(),
        None
    );
    let favor = store
        .record_exchange(&exchange(&ada, ExchangeKind::Favor, Giver::Owner, ExchangeStatus::Asked, day(5)))
        .await
        .unwrap();
    assert_eq!(
        store.decline(&ada.id, Giver::Owner, ExchangeKind::Favor, day(4), now()).await.unwrap(),
        None,
        "not open yet"
    );
    let declined =
        store.decline(&ada.id, Giver::Owner, ExchangeKind::Favor, day(6), now()).await.unwrap().unwrap();
    assert_eq!(
        (declined.id, declined.status, declined.closed_at),
        (favor.id, ExchangeStatus::Declined, Some(day(6)))
    );
    assert_eq!(store.decline(&ada.id, Giver::Owner, ExchangeKind::Favor, day(7), now()).await.unwrap(), None);

    let stranger = PersonId::from_bits(99);
    assert!(is_not_found(store.decline(&stranger, Giver::Owner, ExchangeKind::Help, day(4), now()).await));
    let orphan = Person { id: stranger, ..ada };
    let orphan = exchange(&orphan, ExchangeKind::Help, Giver::Owner, ExchangeStatus::Given, day(1));
    assert!(is_not_found(store.record_exchange(&orphan).await));
    assert!(is_not_found(store.give(&orphan).await));
}

async fn stages_change_only_from_where_they_are(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let reduced = store.transition(&change(&ada, Stage::Active, Stage::Reduced, day(1))).await.unwrap();
    assert_eq!((reduced.from, reduced.to, reduced.at), (Stage::Active, Stage::Reduced, day(1)));
    assert_eq!(reduced.reason.as_deref(), Some("moved away"));
    assert_eq!(store.person(&ada.id).await.unwrap().stage, Stage::Reduced);

    match store.transition(&change(&ada, Stage::Active, Stage::Ended, day(2))).await {
        Err(StoreError::StageChanged { expected }) => assert_eq!(expected, "active"),
        other => panic!("expected StageChanged, got {other:?}"),
    }
    assert_eq!(store.person(&ada.id).await.unwrap().stage, Stage::Reduced);
    assert_eq!(
        store.transitions(&ada.id).await.unwrap(),
        std::slice::from_ref(&reduced),
        "nothing of the refused change"
    );

    let ended = store.transition(&change(&ada, Stage::Reduced, Stage::Ended, day(3))).await.unwrap();
    assert_eq!(ended.door, Some(Door::Open));
    assert_eq!(store.transitions(&ada.id).await.unwrap(), [reduced, ended]);
    assert_eq!(store.person(&ada.id).await.unwrap().stage, Stage::Ended);
    let stranger = Person { id: PersonId::from_bits(99), ..ada };
    assert!(is_not_found(store.transition(&change(&stranger, Stage::Active, Stage::Reduced, day(1))).await));
}

async fn checkins_are_listed_soonest_first(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let late = store.schedule_checkin(&checkin(&ada, day(20), "later")).await.unwrap();
    let soon = store.schedule_checkin(&checkin(&ada, day(10), "sooner")).await.unwrap();
    assert_eq!((soon.due_at, soon.note.as_deref(), soon.done_at), (day(10), Some("sooner"), None));
    assert_eq!(store.checkins(&ada.id).await.unwrap(), [soon, late]);
    assert!(is_not_found(store.checkins(&PersonId::from_bits(8)).await));
}

async fn stage_changes_write_everything_at_once(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    store.tag(&ada.id, &["engines".into()]).await.unwrap();
    let reduce =
        StageRequest { every_days: Some(90), reason: Some("new industry".into()), ..StageRequest::default() };
    let plan = plan_stage_change(&ada, Stage::Reduced, reduce, &[], day(10)).unwrap();
    store.change_stage(&plan).await.unwrap();
    let reduced = store.person(&ada.id).await.unwrap();
    assert_eq!((reduced.stage, reduced.cadence_days), (Stage::Reduced, Some(90)));
    assert_eq!(reduced.tags, ["engines", "stage:reduced"]);
    assert_eq!(store.notes(&ada.id).await.unwrap()[0].text, plan.note);
    let pending = store.pending_checkins().await.unwrap();
    assert_eq!((pending.len(), pending[0].due_at, pending[0].every_days), (1, day(100), Some(90)));

    // A plan made from a stale view of the person writes nothing at all.
    let stale = plan_stage_change(&ada, Stage::Distanced, StageRequest::default(), &[], day(11)).unwrap();
    assert!(matches!(store.change_stage(&stale).await, Err(StoreError::StageChanged { .. })));
    assert_eq!(store.person(&ada.id).await.unwrap(), reduced);
    assert_eq!(store.notes(&ada.id).await.unwrap().len(), 1);

    let history = store.transitions(&ada.id).await.unwrap();
    let end = StageRequest {
        door: Some(Door::Open),
        farewell: Some(Farewell::Delivered("over lunch".into())),
        ..StageRequest::default()
    };
    let plan = plan_stage_change(&reduced, Stage::Ended, end, &history, day(12)).unwrap();
    store.change_stage(&plan).await.unwrap();
    let ended = store.person(&ada.id).await.unwrap();
    assert_eq!(ended.tags, ["engines", "stage:ended"], "the stage tag is replaced, other tags stay");
    let pending = store.pending_checkins().await.unwrap();
    assert_eq!(pending.len(), 1, "the reduced cadence's check-in gave way to the ending's");
    assert_eq!(pending[0].due_at, day(132));
    assert_eq!(store.transitions(&ada.id).await.unwrap().len(), 2);

    // A sent farewell serves one ending: after a revival, the same draft is refused.
    let farewell = store.save_draft(&draft_for(&ada, None)).await.unwrap();
    let sent =
        NewInteraction::new(day(13), Channel::Email, Direction::Out, vec![ada.id.clone()], now()).unwrap();
    let farewell = store.mark_draft_sent(&farewell.id, &sent).await.unwrap();
    let history = store.transitions(&ada.id).await.unwrap();
    let revive =
        plan_stage_change(&ended, Stage::Revived, StageRequest::default(), &history, day(14)).unwrap();
    store.change_stage(&revive).await.unwrap();
    let revived = store.person(&ada.id).await.unwrap();
    let history = store.transitions(&ada.id).await.unwrap();
    let by_draft = |at| StageRequest {
        door: Some(Door::Closed),
        farewell: Some(Farewell::Sent { draft: farewell.id.clone(), at }),
        ..StageRequest::default()
    };
    let first = plan_stage_change(&revived, Stage::Ended, by_draft(day(15)), &history, day(15)).unwrap();
    store.change_stage(&first).await.unwrap();
    let again = store.transitions(&ada.id).await.unwrap();
    let after = store.person(&ada.id).await.unwrap();
    let revive = plan_stage_change(&after, Stage::Revived, StageRequest::default(), &again, day(16)).unwrap();
    store.change_stage(&revive).await.unwrap();
    let before = store.snapshot().await.unwrap();
    let reused = plan_stage_change(
        &store.person(&ada.id).await.unwrap(),
        Stage::Ended,
        by_draft(day(17)),
        &[],
        day(17),
    );
    assert!(store.change_stage(&reused.unwrap()).await.is_err(), "a farewell already used is refused");
    assert_eq!(store.snapshot().await.unwrap(), before, "and nothing of the refused ending is written");
    assert!(store.draft(&farewell.id).await.unwrap().used_by.is_some());
}

async fn merging_keeps_drafts_and_one_stage_tag(store: &dyn Store) {
    let ada = add(store, "Ada", &["ada@one.org"]).await;
    let twin = add(store, "Ada L.", &["ada@two.org"]).await;
    let reduce = StageRequest { every_days: Some(60), ..StageRequest::default() };
    store.change_stage(&plan_stage_change(&ada, Stage::Reduced, reduce, &[], day(1)).unwrap()).await.unwrap();
    let walk = StageRequest { reason: Some("hostile".into()), ..StageRequest::default() };
    store
        .change_stage(&plan_stage_change(&twin, Stage::WalkedAway, walk, &[], day(2)).unwrap())
        .await
        .unwrap();
    let kept = store.save_draft(&draft_for(&twin, None)).await.unwrap();
    let merged = store.merge_people(&ada.id, &twin.id, "merged by hand", now()).await.unwrap().0;
    assert_eq!(merged.stage, Stage::WalkedAway, "the later change wins");
    assert_eq!(merged.tags, ["stage:walked-away"], "one stage tag, the merged stage's");
    assert_eq!(
        store.drafts(Some(&ada.id)).await.unwrap().into_iter().map(|d| d.id).collect::<Vec<_>>(),
        [kept.id]
    );
    assert!(store.pending_checkins().await.unwrap().is_empty(), "walking away schedules nothing");
}

async fn drafts_are_kept_and_sent_once(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let grace = add(store, "Grace", &[]).await;
    let first = store.save_draft(&draft_for(&ada, None)).await.unwrap();
    let second = store.save_draft(&draft_for(&grace, None)).await.unwrap();
    assert_eq!((first.sent_at, first.cited.len(), first.what), (None, 2, DraftMove::Farewell));
    assert_eq!(store.draft(&first.id).await.unwrap(), first);
    assert_eq!(store.drafts(Some(&ada.id)).await.unwrap(), std::slice::from_ref(&first));
    assert_eq!(store.drafts(None).await.unwrap().len(), 2);

    let contact =
        NewInteraction::new(day(20), Channel::Email, Direction::Out, vec![ada.id.clone()], now()).unwrap();
    let sent = store.mark_draft_sent(&first.id, &contact).await.unwrap();
    assert_eq!(sent.sent_at, Some(day(20)));
    let logged = store.interactions_with(&ada.id).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(Some(&logged[0].id), sent.interaction.as_ref());
    assert_eq!(store.draft(&first.id).await.unwrap(), sent);

    match store.mark_draft_sent(&first.id, &contact).await {
        Err(StoreError::Invalid(ValidationError::AlreadySent { .. })) => {}
        other => panic!("expected AlreadySent, got {other:?}"),
    }
    assert_eq!(store.interactions_with(&ada.id).await.unwrap().len(), 1, "nothing logged twice");
    assert_eq!(store.draft(&second.id).await.unwrap().sent_at, None);
    assert!(is_not_found(store.draft(&DraftId::from_bits(5)).await));
    let stranger = Person { id: PersonId::from_bits(99), ..ada };
    assert!(is_not_found(store.save_draft(&draft_for(&stranger, None)).await));
}

/// The owner's words replace a draft's until it is sent, and are kept as given to the
/// store; a sent draft keeps what was sent, and an unknown draft is not found.
async fn drafts_take_the_owners_words_until_sent(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let kept = store.save_draft(&draft_for(&ada, None)).await.unwrap();
    let cited = vec![kept.cited[0].clone()];
    let edited = store.edit_draft(&kept.id, "Thank you", "Dear Ada,\n\nThank you.", &cited).await.unwrap();
    assert_eq!((edited.subject.as_str(), edited.body.as_str()), ("Thank you", "Dear Ada,\n\nThank you."));
    assert_eq!((edited.cited, edited.what, edited.person), (cited, kept.what, ada.id.clone()));
    assert_eq!(store.draft(&kept.id).await.unwrap().body, "Dear Ada,\n\nThank you.");

    let contact =
        NewInteraction::new(day(20), Channel::Email, Direction::Out, vec![ada.id.clone()], now()).unwrap();
    let sent = store.mark_draft_sent(&kept.id, &contact).await.unwrap();
    match store.edit_draft(&kept.id, "Other", "Other words", &[]).await {
        Err(StoreError::Invalid(ValidationError::AlreadySent { .. })) => {}
        other => panic!("expected AlreadySent, got {other:?}"),
    }
    assert_eq!(store.draft(&kept.id).await.unwrap(), sent, "what was sent stays as it was");
    assert!(is_not_found(store.edit_draft(&DraftId::from_bits(5), "A", "B", &[]).await));
}

async fn checkins_repeat_when_done(store: &dyn Store) {
    let ada = add(store, "Ada", &[]).await;
    let grace = add(store, "Grace", &[]).await;
    let once = store.schedule_checkin(&checkin(&grace, day(5), "once")).await.unwrap();
    let every = NewCheckIn::every(ada.id.clone(), day(0), 30, Some("monthly".into())).unwrap();
    let repeating = store.schedule_checkin(&every).await.unwrap();
    assert_eq!(store.pending_checkins().await.unwrap(), [once.clone(), repeating.clone()]);

    let (done, next) = store.complete_checkin(&repeating.id, day(33)).await.unwrap();
    assert_eq!(done.done_at, Some(day(33)));
    let next = next.expect("a repeating check-in schedules the next");
    assert_eq!((next.due_at, next.every_days, next.note.as_deref()), (day(63), Some(30), Some("monthly")));
    let (_, none) = store.complete_checkin(&once.id, day(6)).await.unwrap();
    assert!(none.is_none());
    assert_eq!(store.pending_checkins().await.unwrap(), [next]);
    match store.complete_checkin(&once.id, day(7)).await {
        Err(StoreError::Invalid(ValidationError::CheckInDone(_))) => {}
        other => panic!("expected CheckInDone, got {other:?}"),
    }
    assert!(is_not_found(store.complete_checkin(&kith_core::CheckInId::from_bits(4), day(7)).await));
}

async fn offboarding_finishes_in_one_go(store: &dyn Store) {
    let acme = store.add_organization(&NewOrganization::new("Acme", &[]).unwrap(), now()).await.unwrap();
    let ada = add(store, "Ada", &[]).await;
    let work = NewEngagement::new(acme.id.clone(), "Engine", day(1), vec![ada.id.clone()], now()).unwrap();
    let work = store.add_engagement(&work).await.unwrap();
    assert_eq!(work.went_well, None);
    assert_eq!(store.set_engagement_went_well(&work.id, true).await.unwrap().went_well, Some(true));
    let checkins = [NewCheckIn::every(ada.id.clone(), day(50), 120, None).unwrap()];
    let notes = [note_on(&ada.id, "Engine finished", day(50))];
    let done = store.finish_offboarding(&work.id, day(50), now(), &checkins, &notes).await.unwrap();
    assert_eq!(
        (done.status, done.ended_at, done.went_well),
        (EngagementStatus::Finished, Some(day(50)), Some(true))
    );
    assert_eq!(store.pending_checkins().await.unwrap().len(), 1);
    assert_eq!(store.notes(&ada.id).await.unwrap().len(), 1);
    assert!(store.finish_offboarding(&work.id, day(51), now(), &checkins, &notes).await.is_err());
    assert_eq!(store.pending_checkins().await.unwrap().len(), 1, "a refused finish schedules nothing");
    assert_eq!(store.notes(&ada.id).await.unwrap().len(), 1);

    assert_eq!(store.owner_name().await.unwrap(), None);
    store.set_owner_name("Sam").await.unwrap();
    store.set_owner_name("Sam Owner").await.unwrap();
    assert_eq!(store.owner_name().await.unwrap().as_deref(), Some("Sam Owner"));
}

/// The review's bulk load says what the per-person verbs say, for everyone at once.
async fn review_data_agrees_with_the_per_person_verbs(store: &dyn Store) {
    populate(store).await;
    let data = store.review_data().await.unwrap();
    assert_review_agrees(store, &data).await;
    assert!(data.contacts.iter().flatten().any(|c| c.replies_to.is_some()), "mail replies are linked");
    assert_eq!(data.facts, store.all_facts().await.unwrap());
    assert_eq!(data.mutes, store.mutes().await.unwrap());
    assert_eq!(data.owner_facts, store.owner_facts().await.unwrap());
    let active: HashSet<PersonId> = store
        .engagements()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.status == EngagementStatus::Active)
        .flat_map(|e| e.people)
        .collect();
    assert!(!active.is_empty());
    assert_eq!(data.engaged, active);
}

/// A review reads contacts and ledgers from packed histories kept between reviews: every
/// change to whom an interaction involves, and every change to a ledger, shows in the
/// next review.
async fn review_data_follows_every_change(store: &dyn Store) {
    populate(store).await;
    assert_review_agrees(store, &store.review_data().await.unwrap()).await;
    let people = store.people().await.unwrap();
    let (ada, grace) = (&people[0], &people[1]);
    let alan = add(store, "Alan Turing", &["alan@bletchley.uk"]).await;
    let call =
        NewInteraction::new(day(20), Channel::Call, Direction::In, vec![ada.id.clone()], now()).unwrap();
    record(store, vec![call]).await;
    review_agrees_twice(store, "a call").await;
    let ask = exchange(ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Asked, day(22));
    store.record_exchange(&ask).await.unwrap();
    review_agrees_twice(store, "an ask").await;
    let giving = exchange(ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given, day(23));
    assert!(store.give(&giving).await.unwrap().fulfilled_ask);
    review_agrees_twice(store, "an ask settled").await;
    let reply = mail("m3@x", "alan@bletchley.uk", &["me@home.org"], 21, Some("m2@x"));
    store.import_mail(&mail_batch(vec![reply]), &MailOwner::new(["me@home.org"]), now()).await.unwrap();
    review_agrees_twice(store, "mail").await;
    store.merge_people(&alan.id, &grace.id, "merged by hand", now()).await.unwrap();
    review_agrees_twice(store, "a merge").await;
    store.remove_person(&ada.id).await.unwrap();
    review_agrees_twice(store, "a removal").await;
}

/// One person's record, read at once, is what the verbs for each part give, for everyone
/// the populated store holds (with and without an organization, mail, stages, notes,
/// check-ins, facts and mutes); nobody's record is "not found".
async fn a_persons_record_is_what_each_part_gives(store: &dyn Store) {
    populate(store).await;
    let people = store.people().await.unwrap();
    assert!(people.iter().any(|p| p.org.is_some()) && people.iter().any(|p| p.org.is_none()));
    let mut seen = (false, false, false, false, false);
    for person in &people {
        let record = store.record_of(&person.id).await.unwrap();
        assert_eq!(record.person, store.person(&person.id).await.unwrap());
        let org = match &person.org {
            Some(id) => Some(store.organization(id).await.unwrap()),
            None => None,
        };
        assert_eq!(record.organization, org);
        assert_eq!(record.interactions, store.interactions_with(&person.id).await.unwrap());
        assert_eq!(record.exchanges, store.exchanges_with(&person.id).await.unwrap());
        assert_eq!(record.suggestions, store.suggestions(Some(&person.id)).await.unwrap());
        assert_eq!(record.facts, store.facts_of(&person.id).await.unwrap());
        let mutes: Vec<Mute> =
            store.mutes().await.unwrap().into_iter().filter(|m| m.person == person.id).collect();
        assert_eq!(record.mutes, mutes);
        assert_eq!(record.transitions, store.transitions(&person.id).await.unwrap());
        assert_eq!(record.notes, store.notes(&person.id).await.unwrap());
        assert_eq!(record.checkins, store.checkins(&person.id).await.unwrap());
        seen.0 |= !record.interactions.is_empty() && !record.exchanges.is_empty();
        seen.1 |= !record.suggestions.is_empty();
        seen.2 |= !record.transitions.is_empty() && !record.notes.is_empty() && !record.checkins.is_empty();
        seen.3 |= !record.facts.is_empty();
        seen.4 |= !record.mutes.is_empty();
    }
    assert_eq!(seen, (true, true, true, true, true), "the populated store exercises every part");
    let gone = add(store, "Alan Turing", &["alan@bletchley.uk"]).await;
    store.remove_person(&gone.id).await.unwrap();
    assert!(is_not_found(store.record_of(&gone.id).await));
}

/// Every change a review would see raises the revision and names whom it touched, and
/// what `review_data_of` reads of them is what a whole review reads: judgments kept in
/// memory can be brought up to date from the changes alone. Reading changes nothing.
async fn revisions_name_whom_each_change_touched(store: &dyn Store) {
    populate(store).await;
    let people = store.people().await.unwrap();
    let (ada, grace) = (&people[0], &people[1]);
    let mut at = store.revision().await.unwrap();
    let alan = add(store, "Alan Turing", &["alan@bletchley.uk"]).await;
    at = changed(store, at, &[&alan], "a new person").await;
    let call =
        NewInteraction::new(day(20), Channel::Call, Direction::In, vec![ada.id.clone()], now()).unwrap();
    record(store, vec![call]).await;
    at = changed(store, at, &[ada], "a call").await;
    let ask = exchange(ada, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Asked, day(22));
    store.record_exchange(&ask).await.unwrap();
    at = changed(store, at, &[ada], "an ask").await;
    let reply = mail("m3@x", "alan@bletchley.uk", &["me@home.org"], 21, Some("m2@x"));
    store.import_mail(&mail_batch(vec![reply]), &MailOwner::new(["me@home.org"]), now()).await.unwrap();
    at = changed(store, at, &[&alan], "mail").await;
    store.record_fact(&fact(grace, Fact::Retired, day(24), None)).await.unwrap();
    at = changed(store, at, &[grace], "a fact").await;
    store.mute(&mute(grace, DiagnosisKind::Strained, day(400))).await.unwrap();
    at = changed(store, at, &[grace], "a mute").await;
    store.set_owner_fact(&OwnerFact { change: OwnerChange::ChangingIndustry, since: day(25) }).await.unwrap();
    let everyone = store.changes_since(at).await.unwrap();
    assert!(everyone.everyone && everyone.revision > at, "the owner's facts change every judgment");
    at = everyone.revision;
    store.merge_people(&grace.id, &alan.id, "merged by hand", now()).await.unwrap();
    at = changed(store, at, &[grace, &alan], "a merge").await;
    store.remove_person(&ada.id).await.unwrap();
    at = changed(store, at, &[ada], "a removal").await;
    store.review_data().await.unwrap();
    store.review_data_of(std::slice::from_ref(&grace.id)).await.unwrap();
    assert_eq!(
        store.changes_since(at).await.unwrap(),
        Changes { revision: at, everyone: false, people: Vec::new() },
        "reading, histories rebuilt included, is no change"
    );
}

/// Checks that exactly `whom` changed after revision `since`, and that `review_data_of`
/// reads them as a whole review does; returns the revision now.
async fn changed(store: &dyn Store, since: u64, whom: &[&Person], after: &str) -> u64 {
    let changes = store.changes_since(since).await.unwrap();
    assert!(changes.revision > since && !changes.everyone, "after {after}, the revision grows");
    let mut expected: Vec<PersonId> = whom.iter().map(|p| p.id.clone()).collect();
    expected.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    assert_eq!(changes.people, expected, "after {after}, exactly they changed");
    let whole = store.review_data().await.unwrap();
    let some = store.review_data_of(&changes.people).await.unwrap();
    let theirs = |id: &PersonId| some.people.iter().any(|p| &p.id == id);
    for (n, person) in some.people.iter().enumerate() {
        let m = whole.people.iter().position(|p| p.id == person.id).expect("still there");
        assert_eq!(person, &whole.people[m]);
        assert_eq!(some.contacts[n], whole.contacts[m], "after {after}, {}'s contacts", person.name);
        assert_eq!(some.exchanges[n], whole.exchanges[m], "after {after}, {}'s ledger", person.name);
    }
    let facts: Vec<_> = whole.facts.iter().filter(|f| theirs(&f.person)).cloned().collect();
    let mutes: Vec<_> = whole.mutes.iter().filter(|m| theirs(&m.person)).cloned().collect();
    assert_eq!((some.facts, some.mutes), (facts, mutes), "after {after}");
    assert_eq!(some.owner_facts, whole.owner_facts);
    assert!(some.engaged.iter().all(|id| theirs(id) && whole.engaged.contains(id)));
    changes.revision
}

/// The review agrees with the per-person verbs, and reads the same from the histories it
/// kept.
async fn review_agrees_twice(store: &dyn Store, after: &str) {
    let data = store.review_data().await.unwrap();
    assert_review_agrees(store, &data).await;
    assert_eq!(data, store.review_data().await.unwrap(), "after {after}, the kept histories read the same");
}

/// Each person's contacts and ledger in `data` are what the per-person verbs give.
async fn assert_review_agrees(store: &dyn Store, data: &ReviewData) {
    let people = store.people().await.unwrap();
    assert_eq!(data.people, people);
    assert_eq!((data.contacts.len(), data.exchanges.len()), (people.len(), people.len()));
    let order = |c: &Contact| (c.at, c.channel.as_str(), c.direction.as_str(), c.message.is_some());
    for (n, person) in people.iter().enumerate() {
        let mut expected: Vec<Contact> =
            store.interactions_with(&person.id).await.unwrap().iter().map(Contact::of).collect();
        let mut got = data.contacts[n].clone();
        assert!(got.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
        expected.sort_by_key(order);
        got.sort_by_key(order);
        assert_eq!(got, expected, "{}", person.name);
        let ledger: Vec<LedgerEntry> =
            store.exchanges_with(&person.id).await.unwrap().iter().map(LedgerEntry::of).collect();
        assert_eq!(data.exchanges[n], ledger, "{}", person.name);
    }
}

async fn mail_is_stored_once_and_logged_per_correspondent(store: &dyn Store) {
    let ada = add(store, "Ada Lovelace", &["ada@acme.io"]).await;
    let owner = MailOwner::new(["me@home.org"]);
    let mut list_post = mail("l@x", "ann@lists.org", &["dev@lists.org"], 4, None);
    list_post.kept_out = Some(KeptOut::MailingList);
    let mut undated = mail("u@x", "ada@acme.io", &["me@home.org"], 5, None);
    undated.at = None;
    let mut batch = mail_batch(vec![
        mail("m1@x", "me@home.org", &["ada@acme.io", "bob@b.org", "me@home.org"], 1, None),
        mail("m2@x", "ada@acme.io", &["me@home.org"], 2, Some("m1@x")),
        mail("m2@x", "ada@acme.io", &["me@home.org"], 2, Some("m1@x")),
        list_post,
        undated,
    ]);
    batch.copies = vec!["1.M1".into(), "2.M2".into()];
    batch.checkpoint = Some(MailCheckpoint { file: "/a.mbox".into(), offset: 99, digest: "d".into() });
    let tally = store.import_mail(&batch, &owner, now()).await.unwrap();
    assert_eq!((tally.stored, tally.duplicates, tally.undated), (4, 1, 1));
    assert_eq!(tally.kept_out.get(&KeptOut::MailingList), Some(&1));
    assert_eq!((tally.interactions, tally.people_added), (3, 1), "Ada twice, Bob once and new");
    let bob = store.person_with_identity(&email("bob@b.org")).await.unwrap().unwrap();
    assert_eq!(store.person(&bob).await.unwrap().name, "bob@b.org", "no display name: the address");
    let log = store.interactions_with(&ada.id).await.unwrap();
    let got: Vec<_> =
        log.iter().map(|i| (i.direction, i.message.as_deref(), i.replies_to.as_deref())).collect();
    assert_eq!(got, [(Direction::Out, Some("m1@x"), None), (Direction::In, Some("m2@x"), Some("m1@x"))]);
    assert_eq!(log[1].subject.as_deref(), Some("about m2@x"), "subject and thread come from the message");
    assert_eq!(log[1].thread_key.as_deref(), Some("m1@x"));

    let again = store.import_mail(&batch, &owner, now()).await.unwrap();
    assert_eq!(
        (again.stored, again.duplicates, again.interactions),
        (0, 5, 0),
        "a second import adds nothing"
    );
    assert_eq!(store.mail_copies().await.unwrap().len(), 2);
    assert_eq!(store.mail_checkpoint("/a.mbox").await.unwrap().unwrap().offset, 99);
    assert_eq!(store.mail_checkpoint("/b.mbox").await.unwrap(), None);
    let kept: Vec<_> = store.kept_out_mail(None).await.unwrap().into_iter().map(|m| m.key).collect();
    assert_eq!(kept, ["l@x"]);
    assert!(store.kept_out_mail(Some(KeptOut::Bounce)).await.unwrap().is_empty());
    let stored: Vec<_> = store.mail_messages().await.unwrap().into_iter().map(|m| m.key).collect();
    assert_eq!(stored, ["l@x", "m1@x", "m2@x", "u@x"], "each message once, in key order");
}

async fn snapshots_restore_exactly(source: &dyn Store, target: &dyn Store) {
    populate(source).await;
    let mut snapshot = source.snapshot().await.unwrap();
    assert_full(&snapshot);
    // A done check-in cannot be made through the trait yet; a snapshot can carry one.
    snapshot.checkins[0].done_at = Some(day(70));
    let mut expected = snapshot.clone();
    expected.canonicalize();
    assert_eq!(snapshot, expected, "a snapshot comes canonicalized");

    target.restore(Arc::new(snapshot.clone())).await.unwrap();
    assert_eq!(target.snapshot().await.unwrap(), snapshot);
    let someone = &snapshot.people[0];
    assert_eq!(&target.person(&someone.id).await.unwrap(), someone);
}

async fn restore_refuses_a_database_with_data(store: &dyn Store) {
    populate(store).await;
    let before = store.snapshot().await.unwrap();
    assert!(matches!(store.restore(Arc::new(before.clone())).await, Err(StoreError::NotEmpty(_))));
    assert!(matches!(store.restore(Arc::default()).await, Err(StoreError::NotEmpty(_))));
    assert_eq!(store.snapshot().await.unwrap(), before, "nothing changed");
}

/// Mail kept out of the log is data too: a restore on top of it would store it twice.
/// A message from a mailbox of any form (`judy townsend` is a Notes name standing alone).
fn mail_from(key: &str, from: (&str, &str), to: &[(&str, &str)], on: i64) -> MailMessage {
    MailMessage {
        from: Some(mailbox(from.0, Some(from.1))),
        recipients: to.iter().map(|(address, name)| mailbox(address, Some(name))).collect(),
        ..mail(key, from.0, &[], on, None)
    }
}

async fn mail_in_other_forms_joins_by_name_and_is_logged_again_for_new_identities(store: &dyn Store) {
    // As in the Enron mailbox townsend-j: Lotus Notes names people without an address,
    // Exchange by X.500, the internet by email; the owner's own Notes mail says only
    // "Judy Townsend", which nobody has told kith yet.
    let me = MailOwner::new(["me@home.org"]);
    let notes = ("chris germany", "Chris Germany");
    let x500 = ("/o=enron/ou=na/cn=recipients/cn=cgerman", "Germany, Chris");
    let smtp = ("chris.germany@enron.com", "Germany, Chris");
    let namesake = ("chris.germany@other.org", "Chris Germany");
    let judy = ("judy townsend", "Judy Townsend");
    let batch = mail_batch(vec![
        mail_from("n1", notes, &[("me@home.org", "Me")], 1),
        mail_from("x1", x500, &[("me@home.org", "Me")], 2),
        mail_from("s1", smtp, &[("me@home.org", "Me")], 3),
        mail_from("o1", namesake, &[("me@home.org", "Me")], 4),
        mail_from("j1", judy, &[notes, ("ann@a.org", "Ann Example")], 5),
    ]);
    let tally = store.import_mail(&batch, &me, now()).await.unwrap();
    assert_eq!((tally.logged, tally.sent_by_you, tally.interactions), (5, 0, 5));
    // The Notes name makes Chris; his X.500 address joins him (his name is the only
    // "Chris Germany"), then his first email address (he had none); a second address
    // under the same name finds him already with one, so it stays apart for `kith dupes`.
    let joined: Vec<(&str, &str)> =
        tally.joined.iter().map(|j| (j.identity.value(), j.name.as_str())).collect();
    assert_eq!(joined, [(x500.0, "Chris Germany"), (smtp.0, "Chris Germany")]);
    let chris =
        store.person_with_identity(&Identity::display_name("Chris Germany").unwrap()).await.unwrap().unwrap();
    let held = store.person(&chris).await.unwrap().identities;
    assert_eq!(held.len(), 3, "{held:?}");
    let other = store.person_with_identity(&email(namesake.0)).await.unwrap().unwrap();
    assert_ne!(other, chris);
    assert_eq!(tally.people_added, 3, "Chris, his namesake and Judy");
    // Recipients are stored with their names, so the log can be derived again.
    let stored = store.mail_messages().await.unwrap();
    let j1 = stored.iter().find(|m| m.key == "j1").unwrap();
    assert_eq!(j1.recipients[0], mailbox(notes.0, Some(notes.1)));
    assert_eq!(store.mail_logged_for().await.unwrap(), Some(me.digest()));

    // The owner says Judy is them: what is stored is logged again, in one go.
    let judy_too = MailOwner::new(["me@home.org", "judy townsend"]);
    let again = store.relog_mail(&judy_too, now()).await.unwrap();
    assert_eq!((again.stored, again.logged, again.sent_by_you, again.interactions), (5, 5, 1, 6));
    assert_eq!(
        (again.people_added, again.joined.len()),
        (1, 0),
        "Ann, now a recipient of the owner's own message; everyone else was known"
    );
    let with_chris = store.interactions_with(&chris).await.unwrap();
    let got: Vec<_> = with_chris.iter().map(|i| (i.message.as_deref(), i.direction)).collect();
    assert_eq!(
        got,
        [
            (Some("n1"), Direction::In),
            (Some("x1"), Direction::In),
            (Some("s1"), Direction::In),
            (Some("j1"), Direction::Out)
        ]
    );
    let judy_person =
        store.person_with_identity(&Identity::display_name("Judy Townsend").unwrap()).await.unwrap().unwrap();
    assert!(
        store.interactions_with(&judy_person).await.unwrap().is_empty(),
        "the owner is nobody's correspondent"
    );
    assert_eq!(store.mail_logged_for().await.unwrap(), Some(judy_too.digest()));
    let everyone = store.review_data().await.unwrap();
    let logged: usize = everyone.contacts.iter().map(Vec::len).sum();
    assert_eq!(logged, 6, "the review reads the log derived again");
}

async fn restore_refuses_a_database_holding_only_mail(store: &dyn Store) {
    let mut newsletter = mail("n@x", "news@shop.example", &["me@home.org"], 1, None);
    newsletter.kept_out = Some(KeptOut::Bulk);
    let tally = store
        .import_mail(&mail_batch(vec![newsletter]), &MailOwner::new(["me@home.org"]), now())
        .await
        .unwrap();
    assert_eq!((tally.stored, tally.interactions), (1, 0));
    let before = store.snapshot().await.unwrap();
    assert!(matches!(store.restore(Arc::new(before.clone())).await, Err(StoreError::NotEmpty(_))));
    assert_eq!(store.mail_messages().await.unwrap().len(), 1);
}

async fn restore_writes_nothing_if_a_part_fails(store: &dyn Store, source: &dyn Store) {
    populate(source).await;
    let mut snapshot = source.snapshot().await.unwrap();
    // The last note names someone the snapshot does not hold: everything before it
    // was written, and is rolled back.
    snapshot.notes.last_mut().unwrap().person = PersonId::from_bits(7);
    assert!(store.restore(Arc::new(snapshot.clone())).await.is_err());
    assert_eq!(store.snapshot().await.unwrap(), Snapshot::default());
}

/// Two stores on the same data, each writing 100 batches at once.
async fn concurrent_writers_all_succeed(a: Arc<dyn Store>, b: Arc<dyn Store>) {
    let ada = add(&*a, "Ada", &[]).await;
    let mut tasks = Vec::new();
    for n in 0..100 {
        for (store, side) in [(&a, "a"), (&b, "b")] {
            let store = Arc::clone(store);
            let ada = ada.clone();
            tasks.push(tokio::spawn(async move {
                let key = format!("{side}-{n}");
                let batch = [chat(day(n), &[&ada], Some(&key))];
                store.record_interactions(&batch).await
            }));
        }
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().added, 1);
    }
    assert_eq!(a.interactions_with(&ada.id).await.unwrap().len(), 200);
    assert_eq!(b.interactions_with(&ada.id).await.unwrap().len(), 200);
}

/// Givings racing for one open ask: exactly one fulfils it, the rest are new entries,
/// and none fails.
async fn concurrent_givings_settle_an_ask_once(a: Arc<dyn Store>, b: Arc<dyn Store>) {
    let grace = add(&*a, "Grace", &[]).await;
    let ask = exchange(&grace, ExchangeKind::Favor, Giver::Owner, ExchangeStatus::Asked, day(1));
    a.record_exchange(&ask).await.unwrap();
    let mut tasks = Vec::new();
    for n in 0..10 {
        let store = Arc::clone(if n % 2 == 0 { &a } else { &b });
        let giving = exchange(&grace, ExchangeKind::Favor, Giver::Owner, ExchangeStatus::Given, day(2));
        tasks.push(tokio::spawn(async move { store.give(&giving).await }));
    }
    let mut fulfilled = 0;
    for task in tasks {
        fulfilled += usize::from(task.await.unwrap().unwrap().fulfilled_ask);
    }
    assert_eq!(fulfilled, 1);
    let ledger = a.exchanges_with(&grace.id).await.unwrap();
    assert_eq!(ledger.len(), 10, "the ask plus nine new givings");
    assert!(ledger.iter().all(|x| x.status == ExchangeStatus::Given));
}

/// Two importers of one database: each sees the messages the other stored, so no message
/// is stored twice, and what they logged is removed with the person as anything else is.
async fn mail_imports_see_each_others_messages(a: Arc<dyn Store>, b: Arc<dyn Store>) {
    let owner = MailOwner::new(["me@home.org"]);
    let first = mail("m1@x", "ada@acme.io", &["me@home.org"], 1, None);
    let second = mail("m2@x", "ada@acme.io", &["me@home.org"], 2, None);
    let third = mail("m3@x", "me@home.org", &["ada@acme.io"], 3, Some("m2@x"));
    a.import_mail(&mail_batch(vec![first.clone()]), &owner, now()).await.unwrap();
    b.import_mail(&mail_batch(vec![first.clone(), second.clone()]), &owner, now()).await.unwrap();
    let tally = a.import_mail(&mail_batch(vec![first, second, third]), &owner, now()).await.unwrap();
    assert_eq!(
        (tally.stored, tally.duplicates, tally.interactions),
        (1, 2, 1),
        "only the third is new to both"
    );
    let keys: Vec<_> = b.mail_messages().await.unwrap().into_iter().map(|m| m.key).collect();
    assert_eq!(keys, ["m1@x", "m2@x", "m3@x"]);

    let ada = a.person_with_identity(&email("ada@acme.io")).await.unwrap().unwrap();
    assert_eq!(a.interactions_with(&ada).await.unwrap().len(), 3);
    a.remove_person(&ada).await.unwrap();
    assert_eq!(a.person_with_identity(&email("ada@acme.io")).await.unwrap(), None);
    for store in [&a, &b] {
        assert!(store.snapshot().await.unwrap().interactions.is_empty(), "her interactions went with her");
    }
}

// --- the harnesses ---

/// Hands `$harness!` every check over one fresh store, for each backend to run.
macro_rules! every_check {
    ($harness:ident) => {
        $harness!(
            favors_in_mail_wait_for_the_owners_word,
            records_from_kiths_own_export_find_their_person,
            the_phone_region_renumbers_without_merging,
            imports_make_one_person_per_human,
            reimports_change_nothing_and_updates_apply,
            an_import_merges_people_it_shows_are_one,
            dry_runs_count_but_write_nothing,
            meetings_add_their_attendees_once,
            people_are_added_found_and_listed,
            people_are_updated_and_fields_cleared,
            tags_are_idempotent_and_removable,
            notes_are_kept_oldest_first,
            owner_identities_are_a_set,
            removing_a_person_takes_what_is_theirs,
            merging_moves_everything,
            merging_carries_facts_and_mutes,
            facts_are_held_once_and_recording_again_updates,
            owner_changes_are_declared_once,
            muting_again_replaces_the_end,
            organizations_own_their_domains,
            engagements_start_and_finish_once,
            interactions_skip_known_source_keys,
            mail_is_stored_once_and_logged_per_correspondent,
            mail_in_other_forms_joins_by_name_and_is_logged_again_for_new_identities,
            review_data_agrees_with_the_per_person_verbs,
            review_data_follows_every_change,
            a_persons_record_is_what_each_part_gives,
            revisions_name_whom_each_change_touched,
            asks_are_settled_once,
            stages_change_only_from_where_they_are,
            checkins_are_listed_soonest_first,
            stage_changes_write_everything_at_once,
            drafts_are_kept_and_sent_once,
            drafts_take_the_owners_words_until_sent,
            merging_keeps_drafts_and_one_stage_tag,
            checkins_repeat_when_done,
            offboarding_finishes_in_one_go,
            restore_refuses_a_database_with_data,
            restore_refuses_a_database_holding_only_mail,
        );
    };
}

// --- the SQLite harness ---

mod sqlite {
    use super::*;
    use kith_store::{OpenMode, open};
    use std::path::PathBuf;
    use tempfile::TempDir;

    /// A new, empty database file in its own temporary folder.
    struct Fresh {
        dir: TempDir,
        store: Arc<dyn Store>,
    }

    impl Fresh {
        async fn new() -> Self {
            let dir = TempDir::new().unwrap();
            let store =
                open(dir.path().join("kith.db").to_str().unwrap(), OpenMode::CreateIfMissing).await.unwrap();
            Self { dir, store }
        }

        fn path(&self) -> PathBuf {
            self.dir.path().join("kith.db")
        }
    }

    macro_rules! one_store {
        ($($check:ident),* $(,)?) => {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $check() {
                    let db = Fresh::new().await;
                    super::$check(&*db.store).await;
                }
            )*
        };
    }

    every_check!(one_store);

    #[tokio::test(flavor = "multi_thread")]
    async fn snapshots_restore_exactly() {
        let (source, target) = (Fresh::new().await, Fresh::new().await);
        super::snapshots_restore_exactly(&*source.store, &*target.store).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn restore_writes_nothing_if_a_part_fails() {
        let (target, source) = (Fresh::new().await, Fresh::new().await);
        super::restore_writes_nothing_if_a_part_fails(&*target.store, &*source.store).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_writers_all_succeed() {
        let db = Fresh::new().await;
        let second = open(db.path().to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        super::concurrent_writers_all_succeed(db.store.clone(), second).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn mail_imports_see_each_others_messages() {
        let db = Fresh::new().await;
        let second = open(db.path().to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        super::mail_imports_see_each_others_messages(db.store.clone(), second).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_givings_settle_an_ask_once() {
        let db = Fresh::new().await;
        let second = open(db.path().to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        super::concurrent_givings_settle_an_ask_once(db.store.clone(), second).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn backups_are_complete_new_files() {
        let db = Fresh::new().await;
        populate(&*db.store).await;
        let target = db.dir.path().join("backup.db");
        db.store.backup_to(&target).await.unwrap();
        let copy = open(target.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        assert_eq!(copy.snapshot().await.unwrap(), db.store.snapshot().await.unwrap());
        assert_eq!(copy.location(), target.display().to_string());
        match db.store.backup_to(&target).await {
            Err(StoreError::TargetExists(path)) => assert_eq!(path, target),
            other => panic!("expected TargetExists, got {other:?}"),
        }
        let nowhere = db.dir.path().join("missing").join("backup.db");
        assert!(matches!(db.store.backup_to(&nowhere).await, Err(StoreError::MissingDirectory(_))));
    }

    /// A database written before interactions were kept in id order upgrades with every
    /// interaction and participant it had.
    #[tokio::test(flavor = "multi_thread")]
    async fn older_databases_upgrade_keeping_their_interactions_and_stages() {
        use kith_core::InteractionId;
        use sqlx::migrate::Migrator;
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

        let dir = TempDir::new().unwrap();
        let earlier = dir.path().join("migrations");
        std::fs::create_dir(&earlier).unwrap();
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        for name in ["0001_initial.sql", "0002_import_sources.sql", "0003_mail.sql"] {
            std::fs::copy(shipped.join(name), earlier.join(name)).unwrap();
        }
        let path = dir.path().join("kith.db");
        let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true).foreign_keys(true);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        Migrator::new(earlier.as_path()).await.unwrap().run(&pool).await.unwrap();
        let (ada, grace) = (PersonId::from_bits(1), PersonId::from_bits(2));
        let (meeting, call) = (InteractionId::from_bits(3), InteractionId::from_bits(4));
        for (person, name, stage) in [(&ada, "Ada", "active"), (&grace, "Grace", "walked_away")] {
            sqlx::query("INSERT INTO people (id, name, stage, created_at) VALUES (?1, ?2, ?3, 0)")
                .bind(person.as_str())
                .bind(name)
                .bind(stage)
                .execute(&pool)
                .await
                .unwrap();
        }
        for (interaction, at, people) in [(&meeting, day(1), vec![&ada, &grace]), (&call, day(2), vec![&ada])]
        {
            sqlx::query(
                "INSERT INTO interactions (id, at, channel, direction, subject) \
                 VALUES (?1, ?2, 'meeting', 'mutual', 'catch-up')",
            )
            .bind(interaction.as_str())
            .bind(at.as_second())
            .execute(&pool)
            .await
            .unwrap();
            for person in people {
                sqlx::query("INSERT INTO interaction_participants (interaction, person) VALUES (?1, ?2)")
                    .bind(interaction.as_str())
                    .bind(person.as_str())
                    .execute(&pool)
                    .await
                    .unwrap();
            }
        }
        pool.close().await;

        let store = open(path.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        let of_ada = store.interactions_with(&ada).await.unwrap();
        let ids: Vec<_> = of_ada.iter().map(|i| &i.id).collect();
        assert_eq!(ids, [&meeting, &call]);
        assert_eq!(of_ada[0].participants, [ada.clone(), grace.clone()]);
        assert_eq!(of_ada[0].subject.as_deref(), Some("catch-up"));
        assert_eq!(store.interactions_with(&grace).await.unwrap().len(), 1);
        // People changed before stages showed as tags get theirs.
        assert!(store.person(&ada).await.unwrap().tags.is_empty());
        assert_eq!(store.person(&grace).await.unwrap().tags, ["stage:walked-away"]);
        store.remove_person(&grace).await.unwrap();
        assert_eq!(store.interactions_with(&ada).await.unwrap()[0].participants, [ada]);
    }

    /// A row of `_sqlx_migrations`: version, description, installed_on, success, checksum,
    /// execution_time.
    type MigrationRow = (i64, String, String, bool, Vec<u8>, i64);

    /// The rows of `_sqlx_migrations`, in version order.
    fn migration_rows(path: &std::path::Path) -> Vec<MigrationRow> {
        let db = rusqlite::Connection::open(path).unwrap();
        let mut query = db
            .prepare(
                "SELECT version, description, installed_on, success, checksum, execution_time \
                 FROM _sqlx_migrations ORDER BY version",
            )
            .unwrap();
        query
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// A database made by kith when sqlx ran its migrations (`tests/data/sqlx-made.sqlite`,
    /// written by `kith_store::open` at the commit before this store's migration runner)
    /// opens with nothing applied again, and one made now has the same bookkeeping row for
    /// row, which sqlx's own migrator accepts without applying anything: a database moves
    /// between the earlier kith and this one both ways.
    #[tokio::test(flavor = "multi_thread")]
    async fn databases_move_between_sqlx_migrations_and_ours_both_ways() {
        use sqlx::migrate::Migrator;
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

        let dir = TempDir::new().unwrap();
        let earlier = dir.path().join("earlier.db");
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sqlx-made.sqlite");
        std::fs::copy(&fixture, &earlier).unwrap();
        let before = migration_rows(&earlier);
        assert_eq!(before.len(), 13);
        let store = open(earlier.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        add(&*store, "Ada", &[]).await;
        drop(store);
        assert_eq!(migration_rows(&earlier), before, "nothing applied twice, nothing rewritten");

        let made = dir.path().join("made.db");
        let store = open(made.to_str().unwrap(), OpenMode::CreateIfMissing).await.unwrap();
        drop(store);
        let ours = migration_rows(&made);
        let shape = |rows: &[MigrationRow]| -> Vec<(i64, String, bool, Vec<u8>)> {
            rows.iter().map(|(v, d, _, s, c, _)| (*v, d.clone(), *s, c.clone())).collect()
        };
        assert_eq!(shape(&ours), shape(&before), "the same versions, descriptions and checksums");

        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        let migrator = Migrator::new(shipped).await.unwrap();
        let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&made)).await.unwrap();
        migrator.run(&pool).await.unwrap();
        pool.close().await;
        assert_eq!(migration_rows(&made), ours, "sqlx found nothing to apply");
    }

    #[tokio::test]
    async fn opening_checks_the_path() {
        let dir = TempDir::new().unwrap();
        let file = dir.path().join("none.db");
        match open(file.to_str().unwrap(), OpenMode::MustExist).await {
            Err(StoreError::NoDatabase(path)) => assert_eq!(path, file),
            other => panic!("expected NoDatabase, got {:?}", other.map(|s| s.location())),
        }
        assert!(!file.exists(), "MustExist creates nothing");
        let missing = dir.path().join("missing");
        let deep = missing.join("kith.db");
        for mode in [OpenMode::CreateIfMissing, OpenMode::MustExist] {
            match open(deep.to_str().unwrap(), mode).await {
                Err(StoreError::MissingDirectory(path)) => assert_eq!(path, missing),
                other => panic!("expected MissingDirectory, got {:?}", other.map(|s| s.location())),
            }
        }
        let url = format!("sqlite://{}", file.display());
        let store = open(&url, OpenMode::CreateIfMissing).await.unwrap();
        assert_eq!(store.location(), file.display().to_string());
        assert!(file.is_file());
        add(&*store, "Ada", &[]).await;
        drop(store);
        let reopened = open(file.to_str().unwrap(), OpenMode::MustExist).await.unwrap();
        assert_eq!(reopened.people().await.unwrap().len(), 1, "data and schema survive reopening");
    }
}

// --- the PostgreSQL harness ---

mod postgres {
    use super::*;
    use kith_store::scratch::ScratchDatabase;
    use kith_store::{OpenMode, open_workspace};

    /// A workspace in a database of its own.
    async fn fresh(db: &ScratchDatabase, workspace: &str) -> Arc<dyn Store> {
        open_workspace(db.url(), Some(workspace), OpenMode::CreateIfMissing).await.unwrap()
    }

    macro_rules! one_store {
        ($($check:ident),* $(,)?) => {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $check() {
                    let Some(db) = ScratchDatabase::new().await else { return };
                    super::$check(&*fresh(&db, "team").await).await;
                }
            )*
        };
    }

    every_check!(one_store);

    #[tokio::test(flavor = "multi_thread")]
    async fn snapshots_restore_exactly() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (source, target) = (fresh(&db, "source").await, fresh(&db, "target").await);
        super::snapshots_restore_exactly(&*source, &*target).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn restore_writes_nothing_if_a_part_fails() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (target, source) = (fresh(&db, "target").await, fresh(&db, "source").await);
        super::restore_writes_nothing_if_a_part_fails(&*target, &*source).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_writers_all_succeed() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (first, second) = (fresh(&db, "team").await, fresh(&db, "team").await);
        super::concurrent_writers_all_succeed(first, second).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn mail_imports_see_each_others_messages() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (first, second) = (fresh(&db, "team").await, fresh(&db, "team").await);
        super::mail_imports_see_each_others_messages(first, second).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_givings_settle_an_ask_once() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (first, second) = (fresh(&db, "team").await, fresh(&db, "team").await);
        super::concurrent_givings_settle_an_ask_once(first, second).await;
    }

    /// A workspace that is not there is not made unless asked for, and the address shown
    /// keeps the password out.
    #[tokio::test(flavor = "multi_thread")]
    async fn opening_names_the_workspace() {
        let Some(db) = ScratchDatabase::new().await else { return };
        match open_workspace(db.url(), Some("nobody"), OpenMode::MustExist).await {
            Err(StoreError::NoWorkspace(name)) => assert_eq!(name, "nobody"),
            other => panic!("expected NoWorkspace, got {:?}", other.map(|s| s.location())),
        }
        assert!(
            open_workspace(db.url(), None, OpenMode::CreateIfMissing).await.is_err(),
            "a workspace is named"
        );
        let store = fresh(&db, "team").await;
        add(&*store, "Ada", &[]).await;
        drop(store);
        let reopened = open_workspace(db.url(), Some("team"), OpenMode::MustExist).await.unwrap();
        assert_eq!(reopened.people().await.unwrap().len(), 1, "data and schema survive reopening");
        assert!(reopened.location().ends_with("(workspace team)"), "{}", reopened.location());
        assert!(!reopened.location().contains(":kith@"), "no password shown: {}", reopened.location());
    }

    /// Two workspaces of one database share nothing. B, given the ids of A's people,
    /// organizations, engagements, interactions' people, exchanges, check-ins, drafts,
    /// suggestions and merges, finds none of them through any verb that takes an id: every
    /// one answers "not found", and neither workspace changes.
    #[tokio::test(flavor = "multi_thread")]
    async fn workspaces_see_only_their_own() {
        let Some(db) = ScratchDatabase::new().await else { return };
        let (a, b) = (fresh(&db, "a").await, fresh(&db, "b").await);
        populate(&*a).await;
        populate(&*b).await;
        let (a_before, b_before) = (a.snapshot().await.unwrap(), b.snapshot().await.unwrap());
        let theirs = |ids: Vec<String>, ours: Vec<String>| {
            assert!(ids.iter().all(|id| !ours.contains(id)), "ids are the workspace's own");
            ids
        };
        let people = theirs(
            a_before.people.iter().map(|p| p.id.to_string()).collect(),
            b_before.people.iter().map(|p| p.id.to_string()).collect(),
        );
        assert!(!people.is_empty());
        let person = &a_before.people[0];
        let other = &a_before.people[1];
        let b_person = b_before.people.iter().find(|p| p.name == "Grace Hopper").unwrap();
        let org = &a_before.organizations[0].id;
        let engagement = &a_before.engagements[0].id;
        let draft = &a_before.drafts[0].id;
        let due = &a_before.checkins[0].id;
        let suggestion = &a_before.suggestions[0].id;
        let merge = &a.merges(None).await.unwrap()[0].id;
        let id = &person.id;

        // Reads.
        assert!(is_not_found(b.person(id).await));
        assert!(is_not_found(b.record_of(id).await));
        assert!(is_not_found(b.notes(id).await));
        assert!(is_not_found(b.facts_of(id).await));
        assert!(is_not_found(b.interactions_with(id).await));
        assert!(is_not_found(b.exchanges_with(id).await));
        assert!(is_not_found(b.transitions(id).await));
        assert!(is_not_found(b.checkins(id).await));
        assert!(is_not_found(b.organization(org).await));
        assert!(is_not_found(b.engagement(engagement).await));
        assert!(is_not_found(b.draft(draft).await));
        assert!(is_not_found(b.drafts(Some(id)).await));
        assert!(is_not_found(b.suggestions(Some(id)).await));
        // A merge names people who may be gone (the one absorbed): asked by a person, the
        // list answers what it holds of them, here nothing.
        assert_eq!(b.merges(Some(id)).await.unwrap(), []);
        // What a review reads of some people holds those still there: none of A's.
        assert!(b.review_data_of(std::slice::from_ref(id)).await.unwrap().people.is_empty());

        // Writes.
        let patch = PersonPatch { role: Some(Some("spy".into())), ..PersonPatch::default() };
        assert!(is_not_found(b.update_person(id, &patch).await));
        let moved = PersonPatch { org: Some(Some(org.clone())), ..PersonPatch::default() };
        assert!(is_not_found(b.update_person(&b_person.id, &moved).await));
        assert!(is_not_found(b.tag(id, &["spy".into()]).await));
        assert!(is_not_found(b.untag(id, &["navy".into()]).await));
        assert!(is_not_found(b.add_note(&note_on(id, "seen", day(20))).await));
        assert!(is_not_found(b.merge_people(id, &other.id, "by hand", now()).await));
        assert!(is_not_found(b.merge_people(&b_person.id, id, "by hand", now()).await));
        assert!(is_not_found(b.unmerge(merge, now()).await));
        assert!(is_not_found(b.mark_distinct(id, &b_person.id, now()).await));
        assert!(is_not_found(b.record_fact(&fact(person, Fact::Retired, day(20), None)).await));
        assert!(is_not_found(b.remove_fact(id, Fact::ChangedIndustry).await));
        assert!(is_not_found(b.mute(&mute(person, DiagnosisKind::Drifting, day(2_000))).await));
        assert!(is_not_found(b.unmute(id, DiagnosisKind::Dormant).await));
        let work =
            NewEngagement::new(org.clone(), "Spying", day(1), vec![b_person.id.clone()], now()).unwrap();
        assert!(is_not_found(b.add_engagement(&work).await));
        let ours = &b_before.organizations[0].id;
        let work = NewEngagement::new(ours.clone(), "Spying", day(1), vec![id.clone()], now()).unwrap();
        assert!(is_not_found(b.add_engagement(&work).await));
        assert!(is_not_found(b.finish_engagement(engagement, day(50), now()).await));
        assert!(is_not_found(b.finish_offboarding(engagement, day(50), now(), &[], &[]).await));
        assert!(is_not_found(b.set_engagement_went_well(engagement, false).await));
        assert!(is_not_found(b.record_interactions(&[chat(day(21), &[person], None)]).await));
        let given = exchange(person, ExchangeKind::Advice, Giver::Owner, ExchangeStatus::Given, day(21));
        assert!(is_not_found(b.record_exchange(&given).await));
        assert!(is_not_found(b.give(&given).await));
        assert!(is_not_found(b.decline(id, Giver::Owner, ExchangeKind::Advice, day(21), now()).await));
        assert!(is_not_found(b.accept_suggestions(std::slice::from_ref(suggestion)).await));
        assert!(is_not_found(b.reject_suggestions(std::slice::from_ref(suggestion)).await));
        assert!(is_not_found(b.transition(&change(person, person.stage, Stage::Distanced, day(22))).await));
        assert!(is_not_found(b.schedule_checkin(&checkin(person, day(90), "spy")).await));
        let stage = kith_core::StageChange {
            transition: change(person, person.stage, Stage::Distanced, day(22)),
            tag: "stage:distanced".into(),
            note: "spied".into(),
            cadence_days: None,
            cancel_checkins: true,
            checkin: None,
            farewell_draft: None,
        };
        assert!(is_not_found(b.change_stage(&stage).await));
        assert!(is_not_found(b.complete_checkin(due, day(23)).await));
        assert!(is_not_found(b.save_draft(&draft_for(person, None)).await));
        assert!(is_not_found(b.replace_draft(draft, &draft_for(b_person, None)).await));
        assert!(is_not_found(b.edit_draft(draft, "spy", "spied", &[]).await));
        let sent = chat(day(24), &[b_person], None);
        assert!(is_not_found(b.mark_draft_sent(draft, &sent).await));
        assert!(is_not_found(b.remove_person(id).await));

        assert_eq!(a.snapshot().await.unwrap(), a_before, "nothing of A changed");
        assert_eq!(b.snapshot().await.unwrap(), b_before, "nothing of B changed");
    }
}
