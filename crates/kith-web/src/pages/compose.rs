//! The composer in the browser. `GET /people/{id}/compose` is the form (the move, the
//! tone, the manner and what the move takes: a reason, the door, an alternative), which
//! `POST /people/{id}/compose` composes and keeps through `kith_app::compose::draft_among`
//! before going to the draft's page. `GET /drafts/{id}` is that page: the draft, the
//! facts it cites, its words to change (`POST /drafts/{id}`), to copy or to download as
//! an `.eml` (`GET /drafts/{id}/eml`), marking it sent (`POST /drafts/{id}/sent`), and,
//! once sent, the stage change the move goes with, as a form posting to the person's
//! stage route under the same no-ghosting rule.

use crate::auth::Auth;
use crate::error::PageError;
use crate::pages::{PageForm, PageQuery, filled, render};
use crate::state::Scope;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use kith_app::compose::{self, DraftInput, DraftPage, Style, composing_among, draft_among};
use kith_core::{Channel, Door, DraftFormat, DraftMove, Manner, Stage, Tone};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

/// The query of the compose page: the move to preselect (as the person page's plan
/// links name it).
#[derive(Deserialize)]
pub(crate) struct ComposeQuery {
    #[serde(default, rename = "move")]
    what: Option<String>,
}

/// A choice in a list: its value, its words, what it means, and whether it is chosen.
#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
    means: &'static str,
    chosen: bool,
}

/// A move in the owner's words, and what it does.
fn move_words(what: DraftMove) -> (&'static str, &'static str) {
    match what {
        DraftMove::Reconnect => ("Reconnect", "Reach out to a tie that drifted and suggest meeting."),
        DraftMove::AskFavor => ("Ask a favor", "Ask them for one specific thing."),
        DraftMove::ReciprocityTalk => {
            ("Talk about give and take", "Say honestly that the relationship must go both ways.")
        }
        DraftMove::Reduce => {
            ("See them less, and say so", "Lower the cadence and say where you are heading.")
        }
        DraftMove::Mentor => ("Offer to mentor", "Offer mentoring instead of an ending."),
        DraftMove::Distance => ("Step back politely", "Step back quietly, without closing anything loudly."),
        DraftMove::OfferAlternative => {
            ("Point them elsewhere", "Point them to a resource or a person better placed to help.")
        }
        DraftMove::Farewell => ("Say farewell", "End the relationship gracefully, thanking them."),
        DraftMove::Pause => ("One last light note", "Send one last light note, then stop chasing."),
        DraftMove::ClientThanks => {
            ("Thank a client", "Thank a client for an engagement and ask for feedback.")
        }
        DraftMove::FeedbackRequest => ("Ask for feedback", "Ask a client what they thought of the work."),
        DraftMove::ReferenceRequest => ("Ask for a reference", "Ask a client who was happy for a reference."),
        DraftMove::CheckIn => ("Check in", "A light touch after an ending, or at a lower cadence."),
    }
}

/// A stage in words, as the draft page names the change a move allows.
fn stage_words(stage: Stage) -> (&'static str, &'static str) {
    match stage {
        Stage::Ended => ("End the relationship", "ended"),
        Stage::Reduced => ("See them less", "reduced"),
        Stage::Mentoring => ("Turn it into mentoring", "mentoring"),
        Stage::Distanced => ("Step back", "distanced"),
        Stage::Active => ("Keep it active", "active"),
        Stage::WalkedAway => ("Walk away", "walked away"),
        Stage::Revived => ("Revive it", "revived"),
    }
}

/// `GET /people/{id}/compose`: the form.
pub(crate) async fn form(
    auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<ComposeQuery>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let who = composing_among(&ctx, &*state.judged(&ctx).await?, &id).await?;
    let asked = query.what.as_deref().and_then(|m| compose::draft_move(m).ok());
    let chosen = asked.or_else(|| who.suggested.first().copied()).unwrap_or(DraftMove::Reconnect);
    let moves: Vec<Choice> = DraftMove::ALL
        .iter()
        .map(|&what| {
            let (label, means) = move_words(what);
            Choice { value: what.as_str(), label, means, chosen: what == chosen }
        })
        .collect();
    let tones: Vec<Choice> = Tone::ALL
        .iter()
        .map(|&tone| {
            let (label, means) = match tone {
                Tone::Warm => ("Warm", "Kind and appreciative."),
                Tone::Frank => {
                    ("Frank", "Plain about a sour ending: own it, and thank them for the lessons.")
                }
                Tone::Light => ("Light", "Gentle humour that eases tension, never at their expense."),
            };
            Choice { value: tone.as_str(), label, means, chosen: tone == Tone::default() }
        })
        .collect();
    let manner_words = |m: Manner| match m {
        Manner::Conversation => "talking points",
        Manner::Email => "an email",
    };
    let tier = who.tier.to_string();
    let default_manner = manner_words(who.manner);
    let suggested: Vec<&str> = who.suggested.iter().map(|m| move_words(*m).0).collect();
    Ok(render(
        "compose.html",
        Some(&auth),
        context! {
            here => "/people",
            title => format!("Write to {}", who.name),
            person => who.person.as_str(),
            name => who.name,
            tier,
            default_manner,
            moves,
            tones,
            suggested,
            chosen => chosen.as_str(),
        },
    )?)
}

/// What the compose form sends: the fields of `kith draft`.
#[derive(Deserialize)]
pub(crate) struct ComposeForm {
    #[serde(rename = "move")]
    what: String,
    #[serde(default)]
    tone: Option<String>,
    #[serde(default)]
    manner: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    door: Option<String>,
    #[serde(default)]
    alternative: Option<String>,
}

/// `POST /people/{id}/compose`: composes and keeps the draft, then shows its page.
pub(crate) async fn compose(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<ComposeForm>,
) -> Result<Response, PageError> {
    let parse_err = kith_app::Error::from;
    let tone = filled(form.tone).map(|t| t.parse::<Tone>()).transpose().map_err(parse_err)?;
    let manner = filled(form.manner).map(|m| m.parse::<Manner>()).transpose().map_err(parse_err)?;
    let door = filled(form.door).map(|d| d.parse::<Door>()).transpose().map_err(parse_err)?;
    let input = DraftInput {
        what: compose::draft_move(&form.what)?,
        style: Style::new(tone.unwrap_or_default(), DraftFormat::Text, manner)?,
        reason: filled(form.reason),
        door,
        alternative: filled(form.alternative),
        dry_run: false,
    };
    let ctx = state.ctx();
    let drafted = draft_among(&ctx, &*state.judged(&ctx).await?, &id, input).await?;
    let kept = drafted.id.ok_or_else(|| crate::WebError::Internal("a kept draft has an id".into()))?;
    Ok(Redirect::to(&format!("/drafts/{kept}")).into_response())
}

/// What the draft page shows, ready to print.
#[derive(Serialize)]
struct DraftView {
    id: String,
    person: String,
    name: String,
    what: &'static str,
    what_means: &'static str,
    tone: String,
    manner: String,
    conversation: bool,
    subject: String,
    body: String,
    cited: Vec<String>,
    written: String,
    sent: Option<String>,
    used: bool,
    channel: &'static str,
    channels: Vec<&'static str>,
    /// The stage change the move goes with.
    enables: Option<Enables>,
}

/// The stage change a draft goes with: the stage, the change in words, the stage in words.
#[derive(Serialize)]
struct Enables {
    stage: &'static str,
    action: &'static str,
    words: &'static str,
}

impl DraftView {
    fn of(page: &DraftPage, zone: &TimeZone) -> Self {
        let DraftPage { shown, draft } = page;
        let (what, what_means) = move_words(shown.what);
        let day = |at: jiff::Timestamp| at.to_zoned(zone.clone()).strftime("%-d %B %Y").to_string();
        Self {
            id: draft.id.to_string(),
            person: shown.person.to_string(),
            name: shown.name.clone(),
            what,
            what_means,
            tone: shown.tone.to_string(),
            manner: shown.manner.to_string(),
            conversation: shown.manner == Manner::Conversation,
            subject: shown.subject.clone(),
            body: shown.body.clone(),
            cited: shown.cited.clone(),
            written: day(draft.created_at),
            sent: draft.sent_at.map(day),
            used: draft.used_by.is_some(),
            channel: shown.manner.sent_by().as_str(),
            channels: Channel::ALL.iter().map(|c| c.as_str()).collect(),
            enables: shown.enables.map(|stage| {
                let (action, words) = stage_words(stage);
                Enables { stage: stage.as_str(), action, words }
            }),
        }
    }
}

/// `GET /drafts/{id}`: the draft's page.
pub(crate) async fn page(
    auth: Auth,
    state: Scope,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let page = compose::page(&ctx, &compose::draft_id(&id)?).await?;
    let view = DraftView::of(&page, ctx.now.time_zone());
    let title = format!("{} — {}", view.what, view.name);
    Ok(render(
        "draft.html",
        Some(&auth),
        context! { here => "/people", title, d => Value::from_serialize(&view) },
    )?)
}

/// What the edit form sends.
#[derive(Deserialize)]
pub(crate) struct EditForm {
    subject: String,
    body: String,
}

/// `POST /drafts/{id}`: keeps the owner's words, then back to the draft.
pub(crate) async fn edit(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<EditForm>,
) -> Result<Response, PageError> {
    let id = compose::draft_id(&id)?;
    compose::edit(&state.ctx(), &id, &form.subject, &form.body).await?;
    Ok(Redirect::to(&format!("/drafts/{id}")).into_response())
}

/// `GET /drafts/{id}/eml`: the draft as an `.eml` file to open in a mail client.
pub(crate) async fn eml(_auth: Auth, state: Scope, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = compose::draft_id(&id)?;
    let message = compose::eml(&state.ctx(), &id).await?;
    Ok(eml_response(&id, message))
}

/// An `.eml` as a file to save: `message/rfc822`, as an attachment named after the draft.
pub(crate) fn eml_response(id: &kith_core::DraftId, message: String) -> Response {
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"kith-draft-{id}.eml\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("message/rfc822")),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    (headers, message).into_response()
}

/// What the "mark sent" form sends: `kith drafts sent`'s `--at` and `--channel`.
#[derive(Deserialize)]
pub(crate) struct SentForm {
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

/// `POST /drafts/{id}/sent`: marks it sent and logs the contact, then back to the draft,
/// which now offers the stage change.
pub(crate) async fn sent(
    _auth: Auth,
    state: Scope,
    Path(id): Path<String>,
    PageForm(form): PageForm<SentForm>,
) -> Result<Response, PageError> {
    let id = compose::draft_id(&id)?;
    let channel =
        filled(form.channel).map(|c| c.parse::<Channel>()).transpose().map_err(kith_app::Error::from)?;
    let at = filled(form.at);
    compose::sent(&state.ctx(), &id, at.as_deref(), channel).await?;
    Ok(Redirect::to(&format!("/drafts/{id}#next")).into_response())
}
