//! The demo: a small sample network built through the same use cases the commands call,
//! step by step, each step's result kept so that the command line or a web page can show
//! the walkthrough; or a network from kith's simulator ([`simulate`]).
//!
//! The sample is an address book (`demo/contacts.vcf`), a calendar and a Maildir written
//! to a temporary folder and imported with the mail's text read for favors, Jonah's
//! favors accepted, the rest of the history logged by hand, and three decisions from
//! before. It is then shown as it stands (people, organizations, client work, two people
//! in full, the review and one plan), and acted on: a farewell drafted, sent and recorded
//! as an ending, client work offboarded, one thank-you sent, and the check-ins that
//! follow.

mod mail;
mod sample;
mod simulated;

pub use mail::SampleMail;
pub use sample::PEOPLE;
pub use simulated::{SimulateInput, Simulated, simulate};

use crate::compose::{DraftInput, DraftSent, Drafted, Style};
use crate::health::{Plan, Review, ReviewInput, assess, plan_of, review_of};
use crate::import::{Found, Options, Summary, Watch};
use crate::ledger::{Entry, EntryInput};
use crate::log::{LogInput, Logged};
use crate::offboard::{OffboardInput, Offboarding};
use crate::orgs::{EngagementAdded, EngagementInput, EngagementList, OrgList};
use crate::people::{Noted, PeopleFilter, PeopleList, PersonEdit};
use crate::setup::OwnerAdded;
use crate::show::PersonPage;
use crate::stages::{StageChanged, StageInput};
use crate::suggestions::{Acceptance, AcceptedList, SuggestionList};
use crate::{Ctx, Error, Result, checkins::Due};
use jiff::{SignedDuration, Timestamp};
use kith_core::{Channel, Direction, Door, DraftFormat, DraftMove, Manner, PersonId, Stage, Tier, Tone};
use sample::{CONTACTS, CONTACTS_VCF, LEDGER, ME, ORGS, OWNER};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How sure the classifier must be for the demo to accept a favor found in mail.
pub const DEMO_CONFIDENCE: f64 = 0.7;

/// The sample network as built, and the walkthrough's steps in order.
#[derive(Debug, Serialize)]
pub struct Demo {
    /// The database it was written to, as the store names it.
    pub database: String,
    /// The sample people, as the address book brought them in.
    pub people: Vec<SamplePerson>,
    /// The sample mail, as written before it was imported.
    pub mail: SampleMail,
    /// What was done, in order, each with its result.
    pub steps: Vec<Step>,
}

/// One of the sample people.
#[derive(Debug, Clone, Serialize)]
pub struct SamplePerson {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// Their address in the sample.
    pub email: String,
}

/// One step of the walkthrough: what it shows, the command the owner would type for it,
/// and its result.
#[derive(Debug, Serialize)]
pub struct Step {
    /// What the step shows, in a few words.
    pub title: String,
    /// The commands that do the same by hand.
    pub command: String,
    /// What came of it.
    pub outcome: Outcome,
}

/// What a step of the walkthrough did or showed, as the use case it called returned it.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", content = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// The owner found from the sent folder of the sample mail, and taken.
    Owner {
        /// The proposal, as `kith import` words it.
        proposal: String,
        /// The identities added.
        added: OwnerAdded,
    },
    /// The address book, calendar and mail imported.
    Imported(Box<Summary>),
    /// The favors found in mail, waiting for the owner's word.
    Suggestions(SuggestionList),
    /// Jonah's favors taken into the ledger.
    Accepted(AcceptedList),
    /// What the files cannot show, logged by hand.
    Recorded(Box<Recorded>),
    /// Everyone.
    People(PeopleList),
    /// The organizations.
    Organizations(OrgList),
    /// The client work.
    Engagements(EngagementList),
    /// One person in full.
    Person(Box<PersonPage>),
    /// The attention list.
    Review(Review),
    /// One person's plan.
    Plan(Plan),
    /// A draft written and kept.
    Drafted(Box<Drafted>),
    /// A farewell marked sent, and the ending it allows recorded.
    Ended {
        /// The draft marked sent.
        sent: Box<DraftSent>,
        /// The ending.
        ended: Box<StageChanged>,
    },
    /// Client work wound down: thank-yous written, the checklist.
    Offboarded(Box<Offboarding>),
    /// A thank-you marked sent, and the checklist after it.
    ThankedOne {
        /// The draft marked sent.
        sent: Box<DraftSent>,
        /// The checklist as it now stands.
        checklist: Box<Offboarding>,
    },
    /// The check-ins coming up.
    CheckIns(Due),
}

/// What the demo logs by hand, as the commands that log it return it.
#[derive(Debug, Serialize)]
pub struct Recorded {
    /// Maya's tier, pinned (`kith person edit --tier inner`).
    pub pinned: kith_core::Person,
    /// Calls, messages and events (`kith log`).
    pub logged: Vec<Logged>,
    /// Help given and received (`kith gave`, `kith got`).
    pub ledger: Vec<Entry>,
    /// The client work (`kith engagement add`).
    pub engagement: EngagementAdded,
    /// Decisions from before, dated when they were made (`kith end`, `kith reduce`,
    /// `kith walk-away`).
    pub decisions: Vec<StageChanged>,
    /// A note (`kith person note`).
    pub notes: Vec<Noted>,
}

/// Builds the sample network in the empty database of `ctx` and walks through it: the
/// sample files are written to a temporary folder and imported (the import's progress
/// and problems told to `watch`), the rest recorded by hand, then everything shown and
/// acted on. A database that already holds people or organizations is refused.
pub async fn build(ctx: &Ctx, watch: &dyn Watch) -> Result<Demo> {
    refuse_data(ctx).await?;
    let folder = tempfile::tempdir().map_err(|e| Error::io("could not create a temporary folder", e))?;
    let mut steps = Vec::new();
    let (people, mail) = read_in(ctx, folder.path(), watch, &mut steps).await?;
    let recorded = record(ctx, &people).await?;
    steps.push(step(
        "What the files cannot show, logged by hand",
        RECORDED,
        Outcome::Recorded(Box::new(recorded)),
    ));
    show(ctx, &mut steps).await?;
    act(ctx, &mut steps).await?;
    Ok(Demo { database: ctx.store.location(), people, mail, steps })
}

/// The commands that log by hand what the demo records.
const RECORDED: &str = "kith person edit; kith log; kith gave; kith got; kith engagement add; kith end; \
                        kith reduce; kith walk-away; kith person note";

/// Refuses a database that holds people or organizations: the demo needs a new or empty one.
async fn refuse_data(ctx: &Ctx) -> Result<()> {
    if !ctx.store.people().await?.is_empty() || !ctx.store.organizations().await?.is_empty() {
        return Err(Error::Invalid(format!(
            "the database at {} already holds data; the demo needs a new or empty one",
            ctx.store.location()
        )));
    }
    Ok(())
}

fn step(title: &str, command: &str, outcome: Outcome) -> Step {
    Step { title: title.to_owned(), command: command.to_owned(), outcome }
}

/// `days` days before `now`.
fn ago(now: Timestamp, days: i64) -> Result<Timestamp> {
    hours_ago(now, 24 * days)
}

/// `hours` hours before `now`.
fn hours_ago(now: Timestamp, hours: i64) -> Result<Timestamp> {
    now.checked_sub(SignedDuration::from_hours(hours))
        .map_err(|e| Error::Invalid(format!("{hours} hours before {now}: {e}")))
}

/// A moment as a date the use cases read (`ctx.when`).
fn typed(at: Timestamp) -> Option<String> {
    Some(at.to_string())
}

/// The owner's name and organizations, then the sample files written to `dir` and
/// imported as `kith import` would: the owner found from the sent folder, the favors the
/// mail's text shows listed and Jonah's accepted.
async fn read_in(
    ctx: &Ctx,
    dir: &Path,
    watch: &dyn Watch,
    steps: &mut Vec<Step>,
) -> Result<(Vec<SamplePerson>, SampleMail)> {
    let now = ctx.now_ts();
    crate::setup::set_name(ctx, OWNER).await?;
    // The organizations were known before the address book: added 200 days ago.
    let then = Ctx { now: ago(now, 200)?.to_zoned(ctx.now.time_zone().clone()), ..ctx.clone() };
    for (name, domain) in ORGS {
        crate::orgs::add_org(&then, name, &[domain.to_owned()]).await?;
    }
    let files: [PathBuf; 3] = [dir.join("contacts.vcf"), dir.join("calendar.ics"), dir.join("Mail")];
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| Error::io(format!("could not write {}", path.display()), e))
    };
    write(&files[0], CONTACTS_VCF)?;
    write(&files[1], &sample::calendar(now)?)?;
    let mail = mail::write(&files[2], now)?;

    let guess = crate::import::guess_owner(std::slice::from_ref(&files[2]))?
        .filter(|guess| guess.from_sent_folders && guess.identities.iter().any(|i| i.address == ME))
        .ok_or_else(|| Error::Invalid(format!("the sample mail's sent folder does not name {ME}")))?;
    let proposal = crate::import::proposal(&guess);
    let identities: Vec<String> = guess
        .identities
        .iter()
        .filter_map(kith_core::MailAddress::identity)
        .map(|i| i.value().to_owned())
        .collect();
    let added = crate::setup::add_identities(ctx, &identities).await?;
    steps.push(step(
        "Who you are, found from your sent folder",
        "kith import Mail/",
        Outcome::Owner { proposal, added },
    ));

    let Found::Files(found) = crate::import::gather(&files, None)? else {
        return Err(Error::Invalid("the sample files were read as a kith export".into()));
    };
    let options = Options { read_bodies: true, ..Default::default() };
    let summary = crate::import::run(ctx, found, &options, watch).await?;
    steps.push(step(
        "Your address book, calendar and mail",
        "kith import contacts.vcf calendar.ics Mail/",
        Outcome::Imported(Box::new(summary)),
    ));

    let waiting = crate::suggestions::list(ctx, None, false).await?;
    steps.push(step(
        "Favors found in your mail, waiting for your word",
        "kith ledger suggestions",
        Outcome::Suggestions(waiting),
    ));
    let jonah = PEOPLE[3].0;
    let which = Acceptance::Confident { min: DEMO_CONFIDENCE, who: Some(jonah.to_owned()) };
    let accepted = crate::suggestions::accept(ctx, which).await?;
    steps.push(step(
        "Jonah's, taken into the ledger",
        &format!("kith ledger accept --min-confidence {DEMO_CONFIDENCE} --who \"{jonah}\""),
        Outcome::Accepted(accepted),
    ));

    let mut people = Vec::with_capacity(PEOPLE.len());
    for (name, email) in PEOPLE {
        let id = crate::who::person(ctx, email).await?.id;
        people.push(SamplePerson { id, name: name.to_owned(), email: email.to_owned() });
    }
    Ok((people, mail))
}

/// What the files cannot show, logged as the commands log it: Maya pinned as an inner
/// tie, calls and meetups, help given and received, the client work, three decisions
/// from before (dated when they were made) and a note.
async fn record(ctx: &Ctx, people: &[SamplePerson]) -> Result<Recorded> {
    let now = ctx.now_ts();
    let who = |n: usize| people[n].id.to_string();
    let pin = PersonEdit { tier: Some(Some(Tier::Inner)), ..PersonEdit::default() };
    let pinned = crate::people::edit(ctx, &who(0), pin).await?;

    let mut contacts = Vec::new();
    // Maya's fortnightly rhythm: a call every four weeks, mail in the weeks between.
    for day in (5..170).step_by(28) {
        let dir = if day % 3 == 0 { Direction::In } else { Direction::Out };
        contacts.push((0, day, Channel::Call, dir, None));
    }
    contacts.extend(
        CONTACTS.iter().map(|&(n, days, channel, dir, subject)| (n, days, channel, dir, Some(subject))),
    );
    let mut logged = Vec::with_capacity(contacts.len());
    for (n, days, channel, direction, subject) in contacts {
        let input = LogInput {
            who: vec![who(n)],
            channel,
            direction,
            at: typed(ago(now, days)?),
            subject: subject.map(str::to_owned),
            note: None,
        };
        logged.push(crate::log::log(ctx, input).await?);
    }

    let mut ledger = Vec::with_capacity(LEDGER.len());
    for &(n, days, kind, giver, note) in LEDGER {
        let input = EntryInput { kind, at: typed(ago(now, days)?), note: note.map(str::to_owned) };
        ledger.push(crate::ledger::give(ctx, &who(n), giver, None, input).await?);
    }

    let work = EngagementInput {
        org: ORGS[0].1.to_owned(),
        title: "Data platform migration".into(),
        start: typed(ago(now, 150)?),
        people: vec![who(1), who(2)],
    };
    let engagement = crate::orgs::add_engagement(ctx, work).await?;

    // Three decisions from before, made as `kith end`, `kith reduce` and `kith walk-away`
    // make them, as of the day they were made: their check-ins count from then.
    let decided = [
        (
            10,
            120,
            Stage::Ended,
            StageInput {
                reason: Some("she moved abroad and our shared project is complete".into()),
                door: Some(Door::Open),
                delivered: Some("over a farewell lunch".into()),
                ..StageInput::default()
            },
        ),
        (
            9,
            160,
            Stage::Reduced,
            StageInput {
                reason: Some("he moved into hardware; our work no longer overlaps".into()),
                every_days: Some(365),
                ..StageInput::default()
            },
        ),
        (
            11,
            40,
            Stage::WalkedAway,
            StageInput {
                reason: Some("hostile messages after an invoice dispute".into()),
                ..StageInput::default()
            },
        ),
    ];
    let mut decisions = Vec::with_capacity(decided.len());
    for (n, days, to, input) in decided {
        let then = Ctx { now: ago(now, days)?.to_zoned(ctx.now.time_zone().clone()), ..ctx.clone() };
        decisions.push(crate::stages::change(&then, &who(n), to, input).await?);
    }

    let text = "asks often; has not returned the favor yet";
    let notes = vec![crate::people::note(ctx, &who(3), text, typed(ago(now, 30)?).as_deref()).await?];
    Ok(Recorded { pinned, logged, ledger, engagement, decisions, notes })
}

/// The network as it stands: everyone, the organizations, the client work, two people in
/// full, the review and Jonah's plan.
async fn show(ctx: &Ctx, steps: &mut Vec<Step>) -> Result<()> {
    let people = crate::people::list(ctx, PeopleFilter::default()).await?;
    steps.push(step("People", "kith person list", Outcome::People(people)));
    let orgs = crate::orgs::orgs(ctx).await?;
    steps.push(step("Organizations", "kith org list", Outcome::Organizations(orgs)));
    let engagements = crate::orgs::engagements(ctx, false).await?;
    steps.push(step("Client work", "kith engagement list", Outcome::Engagements(engagements)));
    for (title, name) in
        [("One person in full", PEOPLE[3].0), ("An ending that keeps the door open", PEOPLE[10].0)]
    {
        let page = crate::show::person(ctx, name).await?;
        steps.push(step(title, &format!("kith show \"{name}\""), Outcome::Person(Box::new(page))));
    }
    let assessed = assess(ctx).await?;
    let review = review_of(ctx, &assessed, ReviewInput { limit: 20, ..ReviewInput::default() }).await?;
    steps.push(step("Who needs you now, and why", "kith review", Outcome::Review(review)));
    let jonah = PEOPLE[3].0;
    let person = crate::who::person(ctx, jonah).await?;
    let plan = plan_of(&assessed, &person)?;
    steps.push(step("What to do about one of them", &format!("kith plan \"{jonah}\""), Outcome::Plan(plan)));
    Ok(())
}

/// The walkthrough's second half: a farewell that cites real help, sent and then recorded
/// as an ending; a client engagement wound down person by person, one thank-you sent;
/// the check-ins that follow.
async fn act(ctx: &Ctx, steps: &mut Vec<Step>) -> Result<()> {
    let style = Style::new(Tone::Warm, DraftFormat::Text, Some(Manner::Email))?;
    let grace = PEOPLE[6].0;
    let reason = "I am moving to Lisbon to start a studio of my own";
    let input = DraftInput {
        what: DraftMove::Farewell,
        style,
        reason: Some(reason.into()),
        door: Some(Door::Open),
        alternative: None,
        dry_run: false,
    };
    let farewell = crate::compose::draft(ctx, grace, input).await?;
    let id = farewell.id.clone().ok_or_else(|| Error::Invalid("the farewell was not kept".into()))?;
    steps.push(step(
        "A farewell that names real help",
        &format!("kith draft \"{grace}\" farewell --reason \"{reason}\""),
        Outcome::Drafted(Box::new(farewell)),
    ));
    let sent = crate::compose::sent(ctx, &id, None, None).await?;
    let input = StageInput { reason: Some(reason.into()), door: Some(Door::Open), ..StageInput::default() };
    let ended = crate::stages::change(ctx, grace, Stage::Ended, input).await?;
    steps.push(step(
        "Sent; the ending is recorded",
        &format!("kith drafts sent {id}; kith end \"{grace}\" --door open"),
        Outcome::Ended { sent: Box::new(sent), ended: Box::new(ended) },
    ));

    let client = ORGS[0].0;
    let offboard =
        |went_well| OffboardInput { engagement: None, went_well, finish: false, checkins_every: None, style };
    let offboarded = crate::offboard::offboard(ctx, client, offboard(Some(true))).await?;
    steps.push(step(
        "Winding down client work, one person at a time",
        &format!("kith offboard \"{client}\" --went-well"),
        Outcome::Offboarded(Box::new(offboarded)),
    ));
    let tomas = PEOPLE[1].0;
    let drafts = crate::compose::list(ctx, Some(tomas), false).await?;
    if let Some(thanks) = drafts.into_iter().find(|d| d.draft.engagement.is_some()) {
        let id = thanks.draft.id;
        let sent = crate::compose::sent(ctx, &id, None, None).await?;
        let checklist = crate::offboard::offboard(ctx, client, offboard(None)).await?;
        steps.push(step(
            "One thank-you sent; the checklist follows",
            &format!("kith drafts sent {id}; kith offboard \"{client}\""),
            Outcome::ThankedOne { sent: Box::new(sent), checklist: Box::new(checklist) },
        ));
    }

    let due = crate::checkins::due(ctx, kith_core::when::parse_every("6m")?, false).await?;
    steps.push(step("Check-ins coming up", "kith checkins --within 6m", Outcome::CheckIns(due)));
    Ok(())
}
