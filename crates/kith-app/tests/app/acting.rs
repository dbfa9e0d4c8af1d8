//! Use cases of this area, on a real database.

use crate::support::fresh;
use kith_app::ErrorKind;
use kith_app::checkins;
use kith_app::compose::{self, DraftInput, Style};
use kith_app::offboard::{OffboardInput, Offboarding, offboard};
use kith_app::stages::{StageInput, change};
use kith_core::{Door, DraftFormat, DraftMove, Manner, NewPerson, Stage, Tone};

/// No ghosting: an ending with no farewell is refused and writes nothing; said to have
/// been delivered another way, it is recorded with a check-in when the door stays open.
#[tokio::test]
async fn an_ending_needs_a_farewell() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    let ada = NewPerson { name: "Ada Lovelace".into(), ..NewPerson::default() };
    let ada = ctx.store.add_person(&ada, ctx.now_ts()).await.expect("stored");
    let open = StageInput { door: Some(Door::Open), every_days: Some(90), ..StageInput::default() };
    let refused = change(&ctx, "Ada Lovelace", Stage::Ended, open.clone()).await;
    assert!(refused.is_err(), "an ending without a farewell must be refused");
    assert!(ctx.store.transitions(&ada.id).await.unwrap().is_empty());

    let delivered = StageInput { delivered: Some("over coffee".into()), ..open };
    let ended = change(&ctx, "Ada Lovelace", Stage::Ended, delivered).await.expect("ended");
    assert_eq!(ended.transition.to, Stage::Ended);
    let checkin = ended.checkin.expect("a check-in, the door being open");
    assert_eq!(checkin.every_days, Some(90));
}

/// Ann, who made an introduction a year ago, and the owner's address; her id.
async fn ann(ctx: &kith_app::Ctx) -> kith_core::PersonId {
    use kith_core::{ExchangeKind, ExchangeStatus, Giver, Identity, NewExchange};
    ctx.store.add_owner_identity(&Identity::parse("alex@example.org").unwrap()).await.unwrap();
    ctx.store.set_owner_name("Alex Owner").await.unwrap();
    let ann = NewPerson {
        name: "Ann Lee".into(),
        identities: vec![Identity::parse("ann@example.com").unwrap()],
        ..NewPerson::default()
    };
    let ann = ctx.store.add_person(&ann, ctx.now_ts()).await.unwrap();
    let at: jiff::Timestamp = "2025-05-20T10:00:00Z".parse().unwrap();
    let mut intro = NewExchange::new(
        ann.id.clone(),
        ExchangeKind::Introduction,
        Giver::Them,
        ExchangeStatus::Given,
        None,
        at,
        ctx.now_ts(),
    )
    .unwrap();
    intro.note = Some("Dana Reyes at Northwind".into());
    ctx.store.record_exchange(&intro).await.unwrap();
    ann.id
}

fn style(format: DraftFormat, manner: Option<Manner>) -> Style {
    Style::new(Tone::Warm, format, manner).expect("a style")
}

fn farewell(style: Style, dry_run: bool) -> DraftInput {
    DraftInput {
        what: DraftMove::Farewell,
        style,
        reason: Some("I am moving to Lisbon".into()),
        door: None,
        alternative: None,
        dry_run,
    }
}

/// A farewell names the help Ann gave, says it lets the tie end, is kept (a dry run is
/// not), and once sent it is logged as a contact and cannot be sent twice.
#[tokio::test]
async fn a_draft_cites_real_help_is_kept_and_sent_once() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    let id = ann(&ctx).await;
    let email = style(DraftFormat::Text, Some(Manner::Email));
    let preview = compose::draft(&ctx, "Ann Lee", farewell(email, true)).await.expect("a preview");
    assert_eq!(preview.id, None);
    assert!(ctx.store.drafts(None).await.unwrap().is_empty(), "a dry run keeps nothing");

    let drafted = compose::draft(&ctx, "Ann", farewell(email, false)).await.expect("a draft");
    let kept = drafted.id.clone().expect("kept");
    assert!(drafted.body.contains("Dana Reyes at Northwind"), "{}", drafted.body);
    assert!(drafted.cited.iter().any(|c| c.contains("Dana Reyes")), "{:?}", drafted.cited);
    assert_eq!(drafted.enables, Some(Stage::Ended));
    assert!(drafted.rendered.starts_with("Subject: "), "{}", drafted.rendered);
    let json = serde_json::to_value(&drafted).unwrap();
    assert_eq!(json["move"], "farewell");
    assert_eq!(serde_json::from_value::<compose::Drafted>(json).unwrap(), drafted);

    let unsent = compose::list(&ctx, Some("Ann Lee"), true).await.unwrap();
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].name, "Ann Lee");
    let sent = compose::sent(&ctx, &kept, None, None).await.expect("marked sent");
    assert_eq!(sent.channel, Some(kith_core::Channel::Email));
    assert!(sent.draft.sent_at.is_some() && sent.draft.interaction.is_some());
    assert_eq!(ctx.store.interactions_with(&id).await.unwrap().len(), 1, "the email is logged");
    let again = compose::sent(&ctx, &kept, None, None).await.expect_err("sent twice");
    assert_eq!(again.kind(), ErrorKind::Invalid);
    assert!(compose::list(&ctx, None, true).await.unwrap().is_empty());
    // The farewell sent is what an ending needs.
    let end = StageInput { door: Some(Door::Open), ..StageInput::default() };
    change(&ctx, "Ann Lee", Stage::Ended, end).await.expect("ended after the farewell");
}

/// The owner's own words replace a kept draft's: kept, still listing the facts of her
/// grounding the new words state (and only those); refused empty, and once sent.
#[tokio::test]
async fn a_kept_draft_takes_the_owners_words_until_it_is_sent() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    ann(&ctx).await;
    let email = style(DraftFormat::Text, Some(Manner::Email));
    let drafted = compose::draft(&ctx, "Ann Lee", farewell(email, false)).await.unwrap();
    let id = drafted.id.clone().unwrap();
    let intro = drafted.cited.iter().find(|c| c.contains("Dana Reyes")).expect("the introduction").clone();

    let body = format!("Dear Ann,\r\n\r\nThank you for {intro}. I am off to Lisbon.\r\n\r\nAlex  \n");
    let edited = compose::edit(&ctx, &id, "  Off to   Lisbon ", &body).await.expect("edited");
    assert_eq!(edited.subject, "Off to Lisbon");
    assert_eq!(edited.body, format!("Dear Ann,\n\nThank you for {intro}. I am off to Lisbon.\n\nAlex"));
    assert_eq!(edited.cited, vec![intro.clone()]);
    assert_eq!(edited.id, Some(id.clone()));
    let shown = compose::show(&ctx, &id, DraftFormat::Text).await.unwrap();
    assert_eq!(shown, edited, "the edit is kept");
    let page = compose::page(&ctx, &id).await.unwrap();
    assert_eq!((page.shown, page.draft.sent_at), (edited, None));

    let plain = compose::edit(&ctx, &id, "Off to Lisbon", "Goodbye, Ann.").await.unwrap();
    assert!(plain.cited.is_empty(), "no fact stated: {:?}", plain.cited);
    for (subject, body) in [("", "Goodbye"), ("Off", " \n ")] {
        let refused = compose::edit(&ctx, &id, subject, body).await.expect_err("empty");
        assert_eq!(refused.kind(), ErrorKind::Invalid);
    }

    compose::sent(&ctx, &id, None, None).await.unwrap();
    let refused = compose::edit(&ctx, &id, "Later", "Changed my mind").await.expect_err("sent");
    assert!(refused.to_string().contains("already marked sent"), "{refused}");
    assert_eq!(compose::show(&ctx, &id, DraftFormat::Text).await.unwrap().body, "Goodbye, Ann.");
}

/// An `.eml` is an email from the owner to the person, and is refused without the
/// owner's address; a conversation cannot be one.
#[tokio::test]
async fn a_kept_draft_downloads_as_an_eml_from_the_owner() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    assert_eq!(
        Style::new(Tone::Warm, DraftFormat::Eml, Some(Manner::Conversation)).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let bo = NewPerson { name: "Bo Chen".into(), ..NewPerson::default() };
    ctx.store.add_person(&bo, ctx.now_ts()).await.unwrap();
    let refused = compose::draft(&ctx, "Bo Chen", farewell(style(DraftFormat::Eml, None), false)).await;
    assert!(refused.unwrap_err().to_string().contains("kith me add"));

    ann(&ctx).await;
    let text = style(DraftFormat::Text, None);
    let kept = compose::draft(&ctx, "Ann Lee", farewell(text, false)).await.unwrap().id.unwrap();
    let eml = compose::eml(&ctx, &kept).await.expect("an .eml");
    let header = |name: &str| eml.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_owned();
    let from = header("From: ");
    assert!(from.contains("Alex Owner") && from.contains("<alex@example.org>"), "{eml}");
    let to = header("To: ");
    assert!(to.contains("Ann Lee") && to.contains("<ann@example.com>"), "{eml}");
    assert!(eml.contains("X-Unsent: 1"), "{eml}");
    assert!(eml.contains(&format!("Message-ID: <{kept}@kith.invalid>")), "{eml}");
}

/// The user's template from the configuration directory replaces the shipped one; a
/// broken one is refused naming its file, as a problem the input cannot fix.
#[tokio::test]
async fn a_template_of_the_users_own_is_used_and_a_broken_one_named() {
    let (dir, mut ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    ann(&ctx).await;
    let config = dir.path().join("config");
    ctx.config_dir = Some(config.clone());
    let path = compose::template_path(Some(&config), DraftMove::CheckIn).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "Subject: Hello {{ first_name }}\n\nJust saying hi, {{ first_name }}.\n").unwrap();
    let rows = compose::template_list(Some(&config)).unwrap();
    assert!(rows.iter().all(|r| r.yours == (r.what == DraftMove::CheckIn)));
    assert!(compose::template_source(Some(&config), DraftMove::CheckIn).unwrap().contains("Just saying hi"));

    let input = DraftInput { what: DraftMove::CheckIn, ..farewell(style(DraftFormat::Text, None), true) };
    let drafted = compose::draft(&ctx, "Ann Lee", input.clone()).await.unwrap();
    assert_eq!(drafted.subject, "Hello Ann");
    assert_eq!(drafted.enables, None);

    std::fs::write(&path, "Subject: {{ broken\n").unwrap();
    let broken = compose::draft(&ctx, "Ann Lee", input).await.unwrap_err();
    assert_eq!(broken.kind(), ErrorKind::Internal);
    assert!(broken.to_string().contains(&path.display().to_string()), "{broken}");
}

/// Offboarding writes one personal thank-you each, asking for a reference when it went
/// well; finishing waits for every thanks to be sent, then schedules check-ins.
#[tokio::test]
async fn offboarding_thanks_each_person_and_finishes_once_all_were_thanked() {
    use kith_core::{NewEngagement, NewOrganization};
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    let ann = ann(&ctx).await;
    let bo = NewPerson { name: "Bo Chen".into(), ..NewPerson::default() };
    let bo = ctx.store.add_person(&bo, ctx.now_ts()).await.unwrap().id;
    let acme = NewOrganization::new("Acme", &["acme.io".into()]).unwrap();
    let acme = ctx.store.add_organization(&acme, ctx.now_ts()).await.unwrap();
    let start: jiff::Timestamp = "2025-01-06T09:00:00Z".parse().unwrap();
    let work =
        NewEngagement::new(acme.id, "Data platform", start, vec![ann.clone(), bo.clone()], ctx.now_ts());
    ctx.store.add_engagement(&work.unwrap()).await.unwrap();
    let input = |went_well, finish| OffboardInput {
        engagement: None,
        went_well,
        finish,
        checkins_every: None,
        style: style(DraftFormat::Text, Some(Manner::Email)),
    };

    let first = offboard(&ctx, "acme.io", input(Some(true), false)).await.expect("offboarding");
    assert_eq!(first.written.len(), 2, "one thank-you each");
    assert!(first.written.iter().all(|d| d.asks_reference && d.sent_at.is_none()));
    assert_eq!(first.rendered.len(), 2);
    assert_eq!(first.name(&bo), "Bo Chen");
    assert!(!first.checklist.all_thanked);
    let again = offboard(&ctx, "Acme", input(None, false)).await.unwrap();
    assert!(again.written.is_empty(), "nothing new to write");

    let refused = offboard(&ctx, "Acme", input(None, true)).await.expect_err("not everyone was thanked");
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    for draft in &first.written {
        compose::sent(&ctx, &draft.id, None, None).await.unwrap();
    }
    let done = offboard(&ctx, "Acme", input(None, true)).await.expect("finished");
    assert!(done.checklist.finished && done.checklist.all_thanked);
    assert!(done.checklist.items.iter().all(|i| i.checkins_scheduled));
    assert_eq!(ctx.store.pending_checkins().await.unwrap().len(), 2);
    let json = serde_json::to_value(&done).unwrap();
    assert_eq!(json["engagement"]["status"], "finished");
    assert_eq!(serde_json::from_value::<Offboarding>(json).unwrap().checklist, done.checklist);
}

/// Check-ins within the span are listed with the draft that carries them out, later
/// ones counted; the feed holds them all; doing a repeating one schedules the next.
#[tokio::test]
async fn checkins_are_due_fed_and_done() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    ann(&ctx).await;
    let bo = NewPerson { name: "Bo Chen".into(), ..NewPerson::default() };
    ctx.store.add_person(&bo, ctx.now_ts()).await.unwrap();
    let end = StageInput {
        door: Some(Door::Open),
        every_days: Some(10),
        delivered: Some("over lunch".into()),
        ..StageInput::default()
    };
    change(&ctx, "Ann Lee", Stage::Ended, end).await.unwrap();
    let reduce = StageInput { every_days: Some(60), ..StageInput::default() };
    change(&ctx, "Bo Chen", Stage::Reduced, reduce).await.unwrap();

    let soon = checkins::due(&ctx, 30, false).await.unwrap();
    assert_eq!(soon.checkins.len(), 1, "only Ann's within 30 days");
    assert_eq!(soon.later, 1);
    assert_eq!(soon.checkins[0].suggestion, "kith draft \"Ann Lee\" check-in");
    assert!(serde_json::to_value(&soon).unwrap().is_array(), "without birthdays, a bare list");
    let with = checkins::due(&ctx, 30, true).await.unwrap();
    let json = serde_json::to_value(&with).unwrap();
    assert!(json["birthdays"].is_array() && json["checkins"].is_array(), "{json}");
    assert_eq!(serde_json::from_value::<checkins::Due>(json).unwrap().checkins, with.checkins);

    let feed = checkins::feed(&ctx).await.unwrap();
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2, "{feed}");
    let first = &soon.checkins[0].checkin;
    assert!(feed.contains(&format!("UID:{}@kith", first.id)), "{feed}");

    let done = checkins::done(&ctx, &checkins::checkin_id(first.id.as_str()).unwrap(), None).await.unwrap();
    assert!(done.done.done_at.is_some());
    let next = done.next.expect("a repeating check-in schedules the next");
    assert!(next.due_at > ctx.now_ts());
    assert_eq!(
        checkins::done(&ctx, &first.id, None).await.unwrap_err().kind(),
        ErrorKind::Invalid,
        "already done"
    );
    assert!(checkins::checkin_id("nonsense").is_err());
}
