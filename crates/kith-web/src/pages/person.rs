//! The person page, `GET /people/{id}`: one person whole, as `kith_app::show` gathers it
//! from the judgments the server keeps, with their health in words, the plan with a link
//! to draft each move, the timeline and reciprocity charts, and forms to tag, note and
//! add to the ledger or change the stage (each carried out by `kith_app::people`,
//! `kith_app::ledger` or `kith_app::stages`, then back to the page).

use crate::auth::Auth;
use crate::charts;
use crate::error::PageError;
use crate::pages::{PageForm, filled, render};
use crate::state::Scope;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_app::health::MetricRow;
use kith_app::ledger::{self, EntryInput};
use kith_app::people;
use kith_app::show::{PersonPage, PersonView, view_among};
use kith_app::stages::{self, StageInput};
use kith_core::ValidationError;
use kith_core::health::Diagnosis;
use kith_core::when::parse_every;
use kith_core::{Direction, Door, Exchange, ExchangeKind, ExchangeStatus, Giver, Stage};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

/// `GET /people/{id}`: the person page.
pub(crate) async fn page(
    auth: Auth,
    state: Scope,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let PersonView { page, plan, explained } = view_among(&ctx, &id, &*state.judged(&ctx).await?).await?;
    let zone = ctx.now.time_zone().clone();
    let view = View::of(&page, explained.rows, &plan.plan, &zone);
    let title = page.person.name.clone();
    Ok(render(
        "person.html",
        Some(&auth),
        context! { title, here => "/people", p => Value::from_serialize(&view) },
    )?)
}

/// What the template shows, in words and days ready to print.
#[derive(Serialize)]
struct View {
    id: String,
    name: String,
    organization: Option<String>,
    role: Option<String>,
    industry: Option<String>,
    stage: String,
    tier: String,
    tier_pinned: bool,
    cadence_days: Option<u32>,
    strength: String,
    attention: String,
    identities: Vec<(String, String)>,
    aliases: Vec<String>,
    tags: Vec<String>,
    added: String,
    diagnoses: Vec<DiagnosisView>,
    metrics: Vec<MetricRow>,
    moves: Vec<MoveView>,
    timeline: Option<String>,
    reciprocity: Option<String>,
    contacts: usize,
    /// The timeline's months with contacts, as a table for those who cannot see the chart.
    months: Vec<(String, u32, String)>,
    /// The ledger's months with something given, likewise.
    ledger_months: Vec<(String, String, String)>,
    recent: Vec<ContactView>,
    given: String,
    received: String,
    balance: String,
    open_theirs: usize,
    open_yours: usize,
    entries: Vec<EntryView>,
    suggestions_waiting: usize,
    transitions: Vec<TransitionView>,
    checkins: Vec<CheckInView>,
    notes: Vec<(String, String)>,
    facts: Vec<(String, String)>,
    kinds: Vec<&'static str>,
    stages: Vec<&'static str>,
}

#[derive(Serialize)]
struct DiagnosisView {
    kind: String,
    evidence: String,
    urgency: &'static str,
}

#[derive(Serialize)]
struct MoveView {
    action: String,
    reason: String,
    tried: Option<String>,
    draft: Option<String>,
}

#[derive(Serialize)]
struct ContactView {
    day: String,
    channel: String,
    direction: &'static str,
    subject: Option<String>,
}

#[derive(Serialize)]
struct EntryView {
    day: String,
    words: String,
    open: bool,
    note: Option<String>,
}

#[derive(Serialize)]
struct TransitionView {
    day: String,
    from: String,
    to: String,
    reason: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
struct CheckInView {
    due: String,
    note: Option<String>,
    done: Option<String>,
    every_days: Option<u32>,
}

/// Contacts listed under the chart, latest first.
const RECENT: usize = 12;

impl View {
    fn of(
        page: &PersonPage,
        metrics: Vec<MetricRow>,
        plan: &[kith_core::health::Step],
        zone: &TimeZone,
    ) -> Self {
        let day = |at: Timestamp| at.to_zoned(zone.clone()).strftime("%Y-%m-%d").to_string();
        let p = &page.person;
        let h = &page.health;
        let totals = &page.ledger.totals;
        let id = p.id.to_string();
        Self {
            organization: page.organization.as_ref().map(|o| o.name.clone()),
            role: p.role.clone(),
            industry: p.industry.clone(),
            stage: words(p.stage.as_str()),
            tier: h.tier.to_string(),
            tier_pinned: p.tier.is_some(),
            cadence_days: p.cadence_days,
            strength: format!("{:.0}", h.strength),
            attention: format!("{:.2}", h.attention),
            identities: p.identities.iter().map(|i| (i.kind().to_string(), i.value().to_owned())).collect(),
            aliases: p.aliases.clone(),
            tags: p.tags.clone(),
            added: day(p.created_at),
            diagnoses: h.diagnoses.iter().map(diagnosis).collect(),
            metrics,
            moves: plan
                .iter()
                .map(|step| MoveView {
                    action: words(step.action.as_str()),
                    reason: step.reason.clone(),
                    tried: step.tried.clone(),
                    draft: step.action.draft().map(|d| format!("/people/{id}/compose?move={}", d.as_str())),
                })
                .collect(),
            timeline: charts::timeline(&page.timeline),
            reciprocity: charts::reciprocity(&page.reciprocity),
            contacts: page.interactions.len(),
            months: page
                .timeline
                .months
                .iter()
                .filter(|m| m.total > 0)
                .map(|m| {
                    let how: Vec<String> = m
                        .counts
                        .iter()
                        .map(|c| format!("{} {} {}", c.count, c.channel, from_whom(c.direction)))
                        .collect();
                    (m.month.clone(), m.total, how.join(", "))
                })
                .collect(),
            ledger_months: page
                .reciprocity
                .months
                .iter()
                .filter(|m| m.given > 0.0 || m.received > 0.0)
                .map(|m| (m.month.clone(), format!("{:.1}", m.given), format!("{:.1}", m.received)))
                .collect(),
            recent: page
                .interactions
                .iter()
                .rev()
                .take(RECENT)
                .map(|i| ContactView {
                    day: day(i.at),
                    channel: i.channel.to_string(),
                    direction: match i.direction {
                        Direction::Out => "you reached out",
                        Direction::In => "they reached out",
                        Direction::Mutual => "together",
                    },
                    subject: i.subject.clone().or_else(|| i.note.clone()),
                })
                .collect(),
            given: format!("{:.1}", totals.given),
            received: format!("{:.1}", totals.received),
            balance: format!("{:+.1}", totals.balance),
            open_theirs: totals.open_asks_from_them,
            open_yours: totals.open_asks_from_owner,
            entries: page
                .ledger
                .entries
                .iter()
                .rev()
                .map(|x| EntryView {
                    day: day(x.settled_at()),
                    words: entry_words(x),
                    open: x.status == ExchangeStatus::Asked,
                    note: x.note.clone(),
                })
                .collect(),
            suggestions_waiting: page.ledger.suggestions_waiting,
            transitions: page
                .transitions
                .iter()
                .rev()
                .map(|t| TransitionView {
                    day: day(t.at),
                    from: words(t.from.as_str()),
                    to: words(t.to.as_str()),
                    reason: t.reason.clone(),
                    note: t.note.clone(),
                })
                .collect(),
            checkins: page
                .checkins
                .iter()
                .map(|c| CheckInView {
                    due: day(c.due_at),
                    note: c.note.clone(),
                    done: c.done_at.map(day),
                    every_days: c.every_days,
                })
                .collect(),
            notes: page.notes.iter().rev().map(|n| (day(n.at), n.text.clone())).collect(),
            facts: page.facts.iter().map(|f| (words(f.fact.as_str()), day(f.at))).collect(),
            kinds: ExchangeKind::ALL.iter().map(|k| k.as_str()).collect(),
            stages: Stage::ALL.iter().map(|s| s.as_str()).collect(),
            name: p.name.clone(),
            id,
        }
    }
}

/// A fixed name in words: `ask_favor` → `ask favor`.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// Who reached out, after a count of contacts: "2 email from you".
fn from_whom(direction: Direction) -> &'static str {
    match direction {
        Direction::Out => "from you",
        Direction::In => "from them",
        Direction::Mutual => "together",
    }
}

/// How urgent a diagnosis is, for its colour and its words.
fn diagnosis(d: &Diagnosis) -> DiagnosisView {
    let urgency = if d.severity >= 0.66 {
        "high"
    } else if d.severity >= 0.33 {
        "medium"
    } else {
        "low"
    };
    DiagnosisView { kind: words(d.kind.as_str()), evidence: d.evidence.clone(), urgency }
}

/// One ledger entry in words, as the owner reads it.
fn entry_words(x: &Exchange) -> String {
    let kind = ledger::with_article(x.kind);
    match (x.status, x.giver) {
        (ExchangeStatus::Given, Giver::Owner) => format!("You gave {kind} (weight {:.1})", x.weight),
        (ExchangeStatus::Given, Giver::Them) => format!("They gave you {kind} (weight {:.1})", x.weight),
        (ExchangeStatus::Asked, Giver::Owner) if !x.asked => format!("You offered {kind}; still open"),
        (ExchangeStatus::Asked, Giver::Them) if !x.asked => format!("They offered {kind}; still open"),
        (ExchangeStatus::Asked, Giver::Owner) => format!("They asked you for {kind}; still open"),
        (ExchangeStatus::Asked, Giver::Them) => format!("You asked them for {kind}; still open"),
        (ExchangeStatus::Declined, Giver::Owner) => format!("You declined their ask for {kind}"),
        (ExchangeStatus::Declined, Giver::Them) => format!("They declined your ask for {kind}"),
    }
}

/// Back to the person's page, once a form did its work.
fn back(id: &str) -> Response {
    Redirect::to(&format!("/people/{id}")).into_response()
}

/// The tag form.
#[derive(Deserialize)]
pub(crate) struct TagForm {
    tag: String,
}

/// `POST /people/{id}/tags`: adds a tag.
pub(crate) async fn add_tag(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<TagForm>,
) -> Result<Response, PageError> {
    let person = people::tag(&state.ctx(), &id, &[form.tag]).await?;
    Ok(back(person.id.as_str()))
}

/// `POST /people/{id}/tags/remove`: removes a tag.
pub(crate) async fn remove_tag(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<TagForm>,
) -> Result<Response, PageError> {
    let person = people::untag(&state.ctx(), &id, &[form.tag]).await?;
    Ok(back(person.id.as_str()))
}

/// The note form.
#[derive(Deserialize)]
pub(crate) struct NoteForm {
    text: String,
    #[serde(default)]
    at: Option<String>,
}

/// `POST /people/{id}/notes`: adds a dated note.
pub(crate) async fn add_note(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<NoteForm>,
) -> Result<Response, PageError> {
    let at = form.at.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let noted = people::note(&state.ctx(), &id, &form.text, at).await?;
    Ok(back(noted.note.person.as_str()))
}

/// What the ledger form records, as `kith gave`, `kith got` and `kith asked` do.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LedgerAction {
    /// You gave them something.
    Gave,
    /// They gave you something.
    Got,
    /// They asked you for something.
    Asked,
    /// You asked them for something.
    AskedMine,
}

/// The ledger form.
#[derive(Deserialize)]
pub(crate) struct LedgerForm {
    action: LedgerAction,
    kind: ExchangeKind,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

/// `POST /people/{id}/ledger`: adds to the ledger.
pub(crate) async fn add_to_ledger(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<LedgerForm>,
) -> Result<Response, PageError> {
    let ctx = state.ctx();
    let input = EntryInput { kind: form.kind, at: filled(form.at), note: filled(form.note) };
    let entry = match form.action {
        LedgerAction::Gave => ledger::give(&ctx, &id, Giver::Owner, None, input).await?,
        LedgerAction::Got => ledger::give(&ctx, &id, Giver::Them, None, input).await?,
        LedgerAction::Asked => ledger::ask(&ctx, &id, false, input).await?,
        LedgerAction::AskedMine => ledger::ask(&ctx, &id, true, input).await?,
    };
    Ok(back(entry.entry.person.as_str()))
}

/// The stage form: the fields of `kith end`, `reduce` and the other stage commands.
#[derive(Deserialize)]
pub(crate) struct StageForm {
    stage: Stage,
    #[serde(default)]
    door: Option<String>,
    #[serde(default)]
    every: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    delivered: Option<String>,
}

/// `POST /people/{id}/stage`: a stage change, under the same rules as the command line
/// (an ending needs a farewell sent or delivered).
pub(crate) async fn change_stage(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<StageForm>,
) -> Result<Response, PageError> {
    let door = filled(form.door).map(|d| d.parse::<Door>()).transpose().map_err(kith_app::Error::from)?;
    let every_days =
        filled(form.every).map(|e| parse_every(&e)).transpose().map_err(kith_app::Error::from)?;
    let input = StageInput {
        reason: filled(form.reason),
        note: None,
        every_days,
        door,
        delivered: filled(form.delivered),
    };
    match stages::change(&state.ctx(), &id, form.stage, input).await {
        Ok(changed) => Ok(back(changed.transition.person.as_str())),
        Err(kith_app::Error::Validation(rule @ ValidationError::NoFarewell { .. })) => {
            let compose = format!("/people/{id}/compose?move=farewell");
            let detail = format!(
                "{rule}. Write the farewell here, send it, mark it sent on its page, then end the tie there."
            );
            Ok(crate::pages::error_page_leading(
                StatusCode::UNPROCESSABLE_ENTITY,
                "No farewell yet",
                &detail,
                (&compose, "Write a farewell"),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
