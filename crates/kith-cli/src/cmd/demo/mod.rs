//! `kith demo`: a small sample network, built through the same store verbs the other
//! commands use, then shown with them.

mod mail;
mod simulated;

use crate::cli::{
    CheckinsArgs, ComposeArgs, DemoArgs, DraftArgs, DraftsArgs, DraftsCommand, EndArgs, EngagementCommand,
    OffboardArgs, OrgCommand, PersonListArgs, ReviewArgs, StageArgs,
};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use jiff::{SignedDuration, Timestamp};
use kith_core::{
    Channel, Direction, Door, ExchangeKind, ExchangeStatus, Farewell, Giver, Identity, NewEngagement,
    NewExchange, NewInteraction, NewNote, NewOrganization, PersonId, PersonPatch, Stage, StageRequest, Tier,
    plan_stage_change,
};
use kith_store::{OpenMode, Store};
use std::path::Path;
use std::sync::Arc;

/// The sample address book, imported as `kith import` would.
const CONTACTS_VCF: &str = include_str!("../../../demo/contacts.vcf");

/// The owner's address.
const ME: &str = "me@example.com";
/// The owner's name, which drafts are signed with.
const OWNER: &str = "Alex Morgan";

/// The sample people as (name, address), as the address book has them, in the order the
/// tables below refer to them.
const PEOPLE: [(&str, &str); 12] = [
    ("Maya Okafor", "maya@northwind.example"),
    ("Tomás Lindqvist", "tomas@northwind.example"),
    ("Priya Raman", "priya@northwind.example"),
    ("Jonah Feld", "jonah@feldstudio.example"),
    ("Elena Sokolova", "elena.s@mailbox.example"),
    ("Samir Haddad", "samir@harbor.example"),
    ("Grace Whitfield", "grace@whitfield.example"),
    ("Ivo Brandt", "ivo@harbor.example"),
    ("Lena Park", "lena.park@mailbox.example"),
    ("Dev Anand", "dev@circuitry.example"),
    ("Chloé Martin", "chloe@martin.example"),
    ("Rafael Costa", "rafael@costa.example"),
];

const ORGS: [(&str, &str); 2] = [("Northwind Labs", "northwind.example"), ("Harbor & Co", "harbor.example")];

/// Calendar events as (days ago, summary, attendees by index).
const MEETINGS: &[(i64, &str, &[usize])] = &[
    (150, "Migration kick-off", &[1, 2]),
    (12, "Phase two review", &[1]),
    (330, "Lunch", &[3]),
    (64, "Coffee", &[6]),
    (110, "Partnership idea", &[7]),
    (130, "Farewell lunch", &[10]),
];

/// Contacts besides mail (see [`mail`]) as (person index, days ago, channel, direction,
/// subject).
const CONTACTS: &[(usize, i64, Channel, Direction, &str)] = &[
    (1, 96, Channel::Call, Direction::In, "Scope change for phase two"),
    (4, 400, Channel::Call, Direction::Out, "Catch-up"),
    (4, 250, Channel::Call, Direction::Out, "Talk rehearsal"),
    (4, 200, Channel::Message, Direction::In, "New job!"),
    (5, 37, Channel::Message, Direction::Out, "Quick question"),
    (6, 120, Channel::Call, Direction::Out, "Career advice"),
    (6, 21, Channel::Call, Direction::In, "Checking in on the new role"),
    (8, 75, Channel::Event, Direction::Mutual, "Data meetup"),
    (8, 14, Channel::Event, Direction::Mutual, "Data meetup"),
    (9, 170, Channel::Call, Direction::Out, "His move into hardware"),
];

/// Ledger entries as (person index, days ago, kind, giver, status), in the order they are
/// recorded: a giving fulfils an open ask of its kind made before it, as `kith gave` does.
/// Jonah's asks, the help given him, his one article and the owner's one ask of him,
/// which he has let lie, come from the mail (`mail.rs`), accepted in [`build`].
const LEDGER: &[(usize, i64, ExchangeKind, Giver, ExchangeStatus)] = &[
    (0, 140, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given),
    (0, 70, ExchangeKind::Advice, Giver::Owner, ExchangeStatus::Given),
    (3, 60, ExchangeKind::Feedback, Giver::Owner, ExchangeStatus::Given),
    (6, 120, ExchangeKind::Advice, Giver::Them, ExchangeStatus::Given),
    (6, 64, ExchangeKind::Introduction, Giver::Them, ExchangeStatus::Given),
    (6, 40, ExchangeKind::Help, Giver::Owner, ExchangeStatus::Given),
    (8, 14, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given),
];

/// What some ledger entries were, as (person index, days ago, note): the composer cites
/// them.
const LEDGER_NOTES: &[(usize, i64, &str)] = &[
    (0, 140, "the Harbor & Co data audit"),
    (6, 120, "how to price a first consulting job"),
    (6, 64, "Ivo Brandt at Harbor & Co"),
];

/// Builds the sample network in a temporary database (or the empty one at `--db`) and
/// shows it.
pub async fn run(db: Option<&str>, json: bool, args: DemoArgs) -> Result<()> {
    let temp = tempfile::tempdir()?;
    let location = match db {
        Some(db) => db.to_owned(),
        None => temp.path().join("demo.db").to_string_lossy().into_owned(),
    };
    let ctx = Ctx::open(Some(&location), json, OpenMode::CreateIfMissing).await?;
    if !ctx.store.people().await?.is_empty() || !ctx.store.organizations().await?.is_empty() {
        return Err(UserError::Invalid(format!(
            "the database at {location} already holds data; the demo needs a new or empty one"
        ))
        .into());
    }
    if let Some(people) = args.simulate {
        return simulated::run(&ctx, people, args.seed, &location, db.is_some()).await;
    }
    if !json {
        out::line(&format!("kith demo: a sample network of {} people in {location}\n", PEOPLE.len()))?;
    }
    build(&ctx, temp.path()).await?;
    if json {
        return out::json(&ctx.store.snapshot().await?);
    }
    out::line("\n== People (kith person list)")?;
    super::people::list(&ctx, PersonListArgs { tag: None, org: None, stage: None }).await?;
    out::line("\n== Organizations (kith org list)")?;
    super::orgs::org(&ctx, OrgCommand::List).await?;
    out::line("\n== Client work (kith engagement list)")?;
    super::orgs::engagement(&ctx, EngagementCommand::List { active: false }).await?;
    out::line("\n== One person in full (kith show \"Jonah Feld\")")?;
    super::show::show(&ctx, "Jonah Feld").await?;
    out::line("\n== An ending that keeps the door open (kith show \"Chloé Martin\")")?;
    super::show::show(&ctx, "Chloé Martin").await?;
    out::line("\n== Who needs you now, and why (kith review)")?;
    let review = ReviewArgs { limit: 20, ..ReviewArgs::default() };
    let assessed = super::health::review_keeping(&ctx, review).await?;
    out::line("\n== What to do about one of them (kith plan \"Jonah Feld\")")?;
    let jonah = kith_app::who::person(&ctx, "Jonah Feld").await?;
    super::health::print_plan(&ctx, &jonah, &assessed)?;
    drop(assessed);
    act(&ctx).await?;
    if db.is_some() {
        out::line(&format!("\nexplore it: kith --db {location} show \"Maya Okafor\""))
    } else {
        out::line("\nthis database was temporary; keep one with `kith --db demo.db demo`")
    }
}

/// The second half of the walkthrough: a farewell that cites real help, sent and then
/// recorded as an ending; a client engagement wound down person by person; the check-ins
/// that follow.
async fn act(ctx: &Ctx) -> Result<()> {
    let grace = "Grace Whitfield";
    let reason = "I am moving to Lisbon to start a studio of my own";
    out::line(&format!(
        "\n== A farewell that names real help (kith draft \"{grace}\" farewell --reason \"{reason}\")"
    ))?;
    let style = ComposeArgs { tone: "warm".into(), format: "text".into(), manner: Some("email".into()) };
    let args = DraftArgs {
        who: grace.into(),
        what: "farewell".into(),
        compose: style,
        reason: Some(reason.into()),
        door: Some("open".into()),
        alternative: None,
        dry_run: false,
    };
    let farewell = super::compose::draft(ctx, args)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the farewell was not kept"))?;
    out::line(&format!(
        "\n== Sent; the ending is recorded (kith drafts sent {farewell}; kith end \"{grace}\" --door open)"
    ))?;
    let sent = DraftsCommand::Sent { id: farewell.to_string(), at: None, channel: None };
    super::compose::drafts(ctx, DraftsArgs { command: Some(sent), person: None, unsent: false }).await?;
    let stage = StageArgs { who: grace.into(), reason: Some(reason.into()), note: None };
    let end = EndArgs { stage, door: "open".into(), delivered: None, checkins_every: None };
    super::stages::end(ctx, end).await?;

    let client = "Northwind Labs";
    out::line(&format!(
        "\n== Winding down client work, one person at a time (kith offboard \"{client}\" --went-well)"
    ))?;
    let offboard = |went_well| OffboardArgs {
        org: client.into(),
        engagement: None,
        went_well,
        not_well: false,
        finish: false,
        checkins_every: None,
        compose: ComposeArgs { tone: "warm".into(), format: "text".into(), manner: Some("email".into()) },
    };
    super::offboard::offboard(ctx, offboard(true)).await?;
    let tomas = kith_app::who::person(ctx, PEOPLE[1].0).await?;
    let thanks = ctx.store.drafts(Some(&tomas.id)).await?.into_iter().find(|d| d.engagement.is_some());
    if let Some(thanks) = thanks {
        out::line(&format!(
            "\n== One thank-you sent; the checklist follows (kith drafts sent {}; kith offboard \"{client}\")",
            thanks.id
        ))?;
        let sent = DraftsCommand::Sent { id: thanks.id.to_string(), at: None, channel: None };
        super::compose::drafts(ctx, DraftsArgs { command: Some(sent), person: None, unsent: false }).await?;
        super::offboard::offboard(ctx, offboard(false)).await?;
    }

    out::line("\n== Check-ins coming up (kith checkins --within 6m)")?;
    super::checkins::checkins(
        ctx,
        CheckinsArgs { command: None, ics: false, within: "6m".into(), birthdays: false },
    )
    .await
}

/// How sure the classifier must be for the demo to accept a favor found in mail.
const DEMO_CONFIDENCE: f64 = 0.7;

/// Shows the favors the mail import found, and accepts Jonah's, as the owner would with
/// `kith ledger accept --min-confidence 0.7 --who "Jonah Feld"`; the others wait.
async fn take_jonahs_favors(ctx: &Ctx) -> Result<()> {
    let jonah = PEOPLE[3].0;
    if ctx.json {
        let id = kith_app::who::person(ctx, jonah).await?.id;
        let ids = kith_core::confident(&ctx.store.suggestions(Some(&id)).await?, DEMO_CONFIDENCE);
        ctx.store.accept_suggestions(&ids).await?;
        return Ok(());
    }
    out::line("\n== Favors found in your mail, waiting for your word (kith ledger suggestions)")?;
    super::suggestions::list(ctx, None, false).await?;
    out::line(&format!(
        "\n== Jonah's, taken into the ledger (kith ledger accept --min-confidence {DEMO_CONFIDENCE} --who \"{jonah}\")"
    ))?;
    super::suggestions::accept(ctx, &[], Some(DEMO_CONFIDENCE), Some(jonah)).await
}

/// Records a decision about `person` as the stage commands do, as if made at `at`: its
/// check-ins count from then.
async fn decide(
    store: &Arc<dyn Store>,
    person: &PersonId,
    to: Stage,
    request: StageRequest,
    at: Timestamp,
) -> Result<()> {
    let person = store.person(person).await?;
    store.change_stage(&plan_stage_change(&person, to, request, &[], at)?).await?;
    Ok(())
}

/// The sample calendar: the meetings above, a weekly sync during the migration, and a
/// company all-hands too big to count as meeting anyone.
fn calendar(ago: &dyn Fn(i64) -> Result<Timestamp>) -> Result<String> {
    let stamp = |days: i64| -> Result<String> { Ok(ago(days)?.strftime("%Y%m%dT%H0000Z").to_string()) };
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//demo//EN\r\n");
    let mut event =
        |uid: &str, days: i64, summary: &str, extra: &str, guests: &mut dyn Iterator<Item = String>| {
            let start = stamp(days)?;
            ics.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}@demo.kith\r\nDTSTART:{start}\r\nSUMMARY:{summary}\r\n{extra}\
             ORGANIZER:mailto:{ME}\r\n"
            ));
            for guest in guests {
                ics.push_str(&format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:{guest}\r\n"));
            }
            ics.push_str("END:VEVENT\r\n");
            anyhow::Ok(())
        };
    for (n, &(days, summary, who)) in MEETINGS.iter().enumerate() {
        event(&format!("meeting-{n}"), days, summary, "", &mut who.iter().map(|&i| PEOPLE[i].1.to_owned()))?;
    }
    event(
        "sync",
        140,
        "Migration sync",
        "RRULE:FREQ=WEEKLY;COUNT=8\r\n",
        &mut PEOPLE[1..3].iter().map(|p| p.1.to_owned()),
    )?;
    event(
        "all-hands",
        30,
        "Company all-hands",
        "",
        &mut (1..=24).map(|n| format!("colleague{n}@bigcorp.example")),
    )?;
    ics.push_str("END:VCALENDAR\r\n");
    Ok(ics)
}

/// Finds the owner from the sent folder of the sample mail, as `kith import` proposes it,
/// and takes the proposal.
async fn find_the_owner(ctx: &Ctx, mail: &Path) -> Result<()> {
    let guess = kith_app::import::guess_owner(&[mail.to_owned()])?
        .filter(|guess| guess.from_sent_folders && guess.identities.iter().any(|i| i.address == ME))
        .ok_or_else(|| anyhow::anyhow!("the sample mail's sent folder does not name {ME}"))?;
    if !ctx.json {
        out::line("== Who you are, found from your sent folder (kith import Mail/)")?;
        out::line(&kith_app::import::proposal(&guess))?;
    }
    for identity in guess.identities.iter().filter_map(kith_core::MailAddress::identity) {
        ctx.store.add_owner_identity(&identity).await?;
        if !ctx.json {
            out::line(&format!("(the demo takes it) added your {} {identity}", identity.kind()))?;
        }
    }
    Ok(())
}

/// Writes the sample network: imports the address book, a calendar of recent meetings
/// and a mail archive from files in `dir`, then logs the rest by hand.
async fn build(ctx: &Ctx, dir: &Path) -> Result<()> {
    let store = &ctx.store;
    let now = ctx.now_ts();
    let ago =
        |days: i64| -> Result<Timestamp> { Ok(now.checked_sub(SignedDuration::from_hours(24 * days))?) };
    store.set_owner_name(OWNER).await?;
    let mut orgs = Vec::new();
    for (name, domain) in ORGS {
        orgs.push(
            store.add_organization(&NewOrganization::new(name, &[domain.into()])?, ago(200)?).await?.id,
        );
    }
    let files = [dir.join("contacts.vcf"), dir.join("calendar.ics"), dir.join("Mail")];
    std::fs::write(&files[0], CONTACTS_VCF)?;
    std::fs::write(&files[1], calendar(&ago)?)?;
    mail::write(&files[2], now)?;
    find_the_owner(ctx, &files[2]).await?;
    if !ctx.json {
        out::line("\n== Your address book, calendar and mail (kith import contacts.vcf calendar.ics Mail/)")?;
    }
    let kith_app::import::Found::Files(found) = kith_app::import::gather(&files, None)? else {
        anyhow::bail!("the sample files were read as a kith export");
    };
    let options = kith_app::import::Options { read_bodies: true, ..Default::default() };
    let summary = kith_app::import::run(ctx, found, &options, &super::import::Bar::new(ctx.json)).await?;
    if !ctx.json {
        super::import::report(ctx, &summary)?;
    }
    take_jonahs_favors(ctx).await?;
    let mut ids: Vec<PersonId> = Vec::new();
    for (_, email) in PEOPLE {
        let id = store.person_with_identity(&Identity::email(email)?).await?;
        ids.push(id.ok_or_else(|| anyhow::anyhow!("the sample address book lacks {email}"))?);
    }
    let pin = PersonPatch { tier: Some(Some(Tier::Inner)), ..PersonPatch::default() };
    store.update_person(&ids[0], &pin).await?;
    let mut batch = Vec::new();
    // Maya's fortnightly rhythm: a call every four weeks, mail in the weeks between.
    for day in (5..170).step_by(28) {
        let dir = if day % 3 == 0 { Direction::In } else { Direction::Out };
        batch.push(NewInteraction::new(ago(day)?, Channel::Call, dir, vec![ids[0].clone()], now)?);
    }
    for &(who, days, channel, dir, subject) in CONTACTS {
        let mut i = NewInteraction::new(ago(days)?, channel, dir, vec![ids[who].clone()], now)?;
        i.subject = Some(subject.into());
        batch.push(i);
    }
    store.record_interactions(&batch).await?;
    for &(who, days, kind, giver, status) in LEDGER {
        let mut entry = NewExchange::new(ids[who].clone(), kind, giver, status, None, ago(days)?, now)?;
        entry.note = LEDGER_NOTES.iter().find(|n| (n.0, n.1) == (who, days)).map(|n| n.2.to_owned());
        if status == ExchangeStatus::Given {
            store.give(&entry).await?;
        } else {
            store.record_exchange(&entry).await?;
        }
    }
    let work =
        NewEngagement::new(orgs[0].clone(), "Data platform migration", ago(150)?, ids[1..3].to_vec(), now)?;
    store.add_engagement(&work).await?;
    // Three decisions from before, made as `kith end`, `kith reduce` and `kith walk-away`
    // make them, dated when they were made.
    let farewell = Farewell::Delivered("over a farewell lunch".into());
    let ended = StageRequest {
        reason: Some("she moved abroad and our shared project is complete".into()),
        door: Some(Door::Open),
        farewell: Some(farewell),
        ..StageRequest::default()
    };
    decide(store, &ids[10], Stage::Ended, ended, ago(120)?).await?;
    let reduced = StageRequest {
        reason: Some("he moved into hardware; our work no longer overlaps".into()),
        every_days: Some(365),
        ..StageRequest::default()
    };
    decide(store, &ids[9], Stage::Reduced, reduced, ago(160)?).await?;
    let walked = StageRequest {
        reason: Some("hostile messages after an invoice dispute".into()),
        ..StageRequest::default()
    };
    decide(store, &ids[11], Stage::WalkedAway, walked, ago(40)?).await?;
    let note = NewNote::new(ids[3].clone(), "asks often; has not returned the favor yet", ago(30)?, now)?;
    store.add_note(&note).await?;
    Ok(())
}
