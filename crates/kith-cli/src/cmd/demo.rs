//! `kith demo`: a small sample network, built through the same store verbs the other
//! commands use, then shown with them.

use crate::cli::{EngagementCommand, OrgCommand, PersonListArgs};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use jiff::{SignedDuration, Timestamp};
use kith_core::{
    Channel, Direction, Door, ExchangeKind, ExchangeStatus, Giver, Identity, NewCheckIn, NewEngagement,
    NewExchange, NewInteraction, NewNote, NewOrganization, NewPerson, NewTransition, PersonId, PersonPatch,
    Stage, Tier,
};
use kith_store::OpenMode;

/// One sample person: name, email, organization (index into ORGS), role, tags.
struct Sample {
    name: &'static str,
    email: &'static str,
    org: Option<usize>,
    role: &'static str,
    tags: &'static [&'static str],
}

const ORGS: [(&str, &str); 2] = [("Northwind Labs", "northwind.example"), ("Harbor & Co", "harbor.example")];

const PEOPLE: [Sample; 12] = [
    Sample {
        name: "Maya Okafor",
        email: "maya@northwind.example",
        org: Some(0),
        role: "CTO",
        tags: &["former-manager"],
    },
    Sample {
        name: "Tomás Lindqvist",
        email: "tomas@northwind.example",
        org: Some(0),
        role: "Product lead",
        tags: &["client"],
    },
    Sample {
        name: "Priya Raman",
        email: "priya@northwind.example",
        org: Some(0),
        role: "Head of operations",
        tags: &["client"],
    },
    Sample {
        name: "Jonah Feld",
        email: "jonah@feldstudio.example",
        org: None,
        role: "Freelance designer",
        tags: &[],
    },
    Sample {
        name: "Elena Sokolova",
        email: "elena.s@mailbox.example",
        org: None,
        role: "Data engineer",
        tags: &["ex-colleague"],
    },
    Sample {
        name: "Samir Haddad",
        email: "samir@harbor.example",
        org: Some(1),
        role: "Talent partner",
        tags: &["recruiter"],
    },
    Sample {
        name: "Grace Whitfield",
        email: "grace@whitfield.example",
        org: None,
        role: "Advisor",
        tags: &["mentor"],
    },
    Sample {
        name: "Ivo Brandt",
        email: "ivo@harbor.example",
        org: Some(1),
        role: "Managing partner",
        tags: &[],
    },
    Sample {
        name: "Lena Park",
        email: "lena.park@mailbox.example",
        org: None,
        role: "Meetup organizer",
        tags: &["community"],
    },
    Sample {
        name: "Dev Anand",
        email: "dev@circuitry.example",
        org: None,
        role: "Hardware founder",
        tags: &["peer"],
    },
    Sample {
        name: "Chloé Martin",
        email: "chloe@martin.example",
        org: None,
        role: "Consultant",
        tags: &["friend"],
    },
    Sample {
        name: "Rafael Costa",
        email: "rafael@costa.example",
        org: None,
        role: "Former client",
        tags: &[],
    },
];

/// Contacts as (person index, days ago, channel, direction, subject).
const CONTACTS: &[(usize, i64, Channel, Direction, &str)] = &[
    (1, 150, Channel::Meeting, Direction::Mutual, "Migration kick-off"),
    (2, 150, Channel::Meeting, Direction::Mutual, "Migration kick-off"),
    (1, 96, Channel::Call, Direction::In, "Scope change for phase two"),
    (2, 61, Channel::Email, Direction::In, "Cut-over weekend plan"),
    (1, 12, Channel::Meeting, Direction::Mutual, "Phase two review"),
    (3, 140, Channel::Message, Direction::In, "Could you introduce me to a studio lead?"),
    (3, 95, Channel::Email, Direction::In, "Reference for the Acme pitch"),
    (3, 33, Channel::Call, Direction::In, "Another intro?"),
    (4, 400, Channel::Call, Direction::Out, "Catch-up"),
    (4, 330, Channel::Meeting, Direction::Mutual, "Lunch"),
    (4, 290, Channel::Email, Direction::In, "Conference talk idea"),
    (4, 250, Channel::Call, Direction::Out, "Talk rehearsal"),
    (4, 200, Channel::Message, Direction::In, "New job!"),
    (5, 80, Channel::Email, Direction::Out, "Open roles at Harbor?"),
    (5, 58, Channel::Email, Direction::Out, "Following up"),
    (5, 37, Channel::Message, Direction::Out, "Quick question"),
    (5, 9, Channel::Email, Direction::Out, "One more try"),
    (6, 120, Channel::Call, Direction::Out, "Career advice"),
    (6, 64, Channel::Meeting, Direction::Mutual, "Coffee"),
    (6, 21, Channel::Call, Direction::In, "Checking in on the new role"),
    (7, 110, Channel::Meeting, Direction::Mutual, "Partnership idea"),
    (8, 75, Channel::Event, Direction::Mutual, "Data meetup"),
    (8, 14, Channel::Event, Direction::Mutual, "Data meetup"),
    (9, 170, Channel::Call, Direction::Out, "His move into hardware"),
    (10, 130, Channel::Meeting, Direction::Mutual, "Farewell lunch"),
    (11, 45, Channel::Email, Direction::In, "Invoice dispute"),
];

/// Ledger entries as (person index, days ago, kind, giver, status).
const LEDGER: &[(usize, i64, ExchangeKind, Giver, ExchangeStatus)] = &[
    (0, 140, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given),
    (0, 70, ExchangeKind::Advice, Giver::Owner, ExchangeStatus::Given),
    (3, 139, ExchangeKind::Introduction, Giver::Owner, ExchangeStatus::Given),
    (3, 94, ExchangeKind::Reference, Giver::Owner, ExchangeStatus::Given),
    (3, 60, ExchangeKind::Feedback, Giver::Owner, ExchangeStatus::Given),
    (3, 33, ExchangeKind::Introduction, Giver::Owner, ExchangeStatus::Asked),
    (3, 50, ExchangeKind::Content, Giver::Them, ExchangeStatus::Given),
    (6, 120, ExchangeKind::Advice, Giver::Them, ExchangeStatus::Given),
    (6, 64, ExchangeKind::Introduction, Giver::Them, ExchangeStatus::Given),
    (6, 40, ExchangeKind::Help, Giver::Owner, ExchangeStatus::Given),
    (8, 14, ExchangeKind::Referral, Giver::Them, ExchangeStatus::Given),
];

/// Builds the sample network in a temporary database (or the empty one at `--db`) and
/// shows it.
pub async fn run(db: Option<&str>, json: bool) -> Result<()> {
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
    build(&ctx).await?;
    if json {
        return out::json(&ctx.store.snapshot().await?);
    }
    out::line(&format!("kith demo: a sample network of {} people in {location}\n", PEOPLE.len()))?;
    out::line("== People (kith person list)")?;
    super::people::list(&ctx, PersonListArgs { tag: None, org: None, stage: None }).await?;
    out::line("\n== Organizations (kith org list)")?;
    super::orgs::org(&ctx, OrgCommand::List).await?;
    out::line("\n== Client work (kith engagement list)")?;
    super::orgs::engagement(&ctx, EngagementCommand::List { active: false }).await?;
    out::line("\n== One person in full (kith show \"Jonah Feld\")")?;
    super::show::show(&ctx, "Jonah Feld").await?;
    out::line("\n== An ending that keeps the door open (kith show \"Chloé Martin\")")?;
    super::show::show(&ctx, "Chloé Martin").await?;
    if db.is_some() {
        out::line(&format!("\nexplore it: kith --db {location} show \"Maya Okafor\""))
    } else {
        out::line("\nthis database was temporary; keep one with `kith --db demo.db demo`")
    }
}

/// Writes the sample network.
async fn build(ctx: &Ctx) -> Result<()> {
    let store = &ctx.store;
    let now = ctx.now_ts();
    let ago =
        |days: i64| -> Result<Timestamp> { Ok(now.checked_sub(SignedDuration::from_hours(24 * days))?) };
    store.add_owner_identity(&Identity::email("me@example.com")?).await?;
    let mut orgs = Vec::new();
    for (name, domain) in ORGS {
        orgs.push(
            store.add_organization(&NewOrganization::new(name, &[domain.into()])?, ago(200)?).await?.id,
        );
    }
    let mut ids: Vec<PersonId> = Vec::new();
    for s in &PEOPLE {
        let mut p = NewPerson::named(s.name)?;
        p.identities.push(Identity::email(s.email)?);
        p.org = s.org.map(|i| orgs[i].clone());
        p.role = Some(s.role.into());
        p.tags = s.tags.iter().map(|t| t.to_string()).collect();
        let id = store.add_person(&p, ago(420)?).await?.id;
        ids.push(id);
    }
    let pin = PersonPatch { tier: Some(Some(Tier::Inner)), ..PersonPatch::default() };
    store.update_person(&ids[0], &pin).await?;
    let mut batch = Vec::new();
    for day in (5..170).step_by(14) {
        let channel = if day % 28 == 5 { Channel::Call } else { Channel::Email };
        let dir = if day % 3 == 0 { Direction::In } else { Direction::Out };
        batch.push(NewInteraction::new(ago(day)?, channel, dir, vec![ids[0].clone()], now)?);
    }
    for &(who, days, channel, dir, subject) in CONTACTS {
        let mut i = NewInteraction::new(ago(days)?, channel, dir, vec![ids[who].clone()], now)?;
        i.subject = Some(subject.into());
        batch.push(i);
    }
    store.record_interactions(&batch).await?;
    for &(who, days, kind, giver, status) in LEDGER {
        store
            .record_exchange(&NewExchange::new(ids[who].clone(), kind, giver, status, None, ago(days)?, now)?)
            .await?;
    }
    let work =
        NewEngagement::new(orgs[0].clone(), "Data platform migration", ago(150)?, ids[1..3].to_vec(), now)?;
    store.add_engagement(&work).await?;
    let mut end = NewTransition::new(
        ids[10].clone(),
        Stage::Active,
        Stage::Ended,
        ago(120)?,
        Some("she moved abroad and our shared project is complete".into()),
        Some(Door::Open),
        now,
    )?;
    end.note = Some("farewell over lunch; promised to check in".into());
    store.transition(&end).await?;
    store
        .schedule_checkin(&NewCheckIn {
            person: ids[10].clone(),
            due_at: ago(0)?,
            note: Some("four-month check-in".into()),
        })
        .await?;
    let reduce = NewTransition::new(
        ids[9].clone(),
        Stage::Active,
        Stage::Reduced,
        ago(160)?,
        Some("he moved into hardware; our work no longer overlaps".into()),
        None,
        now,
    )?;
    store.transition(&reduce).await?;
    let walk = NewTransition::new(
        ids[11].clone(),
        Stage::Active,
        Stage::WalkedAway,
        ago(40)?,
        Some("hostile messages after an invoice dispute".into()),
        None,
        now,
    )?;
    store.transition(&walk).await?;
    let note = NewNote::new(ids[3].clone(), "asks often; has not returned the favor yet", ago(30)?, now)?;
    store.add_note(&note).await?;
    Ok(())
}
