//! The composer over the API: a draft written and kept (`POST /api/v1/people/{who}/drafts`,
//! as `kith draft`), one draft (`GET /api/v1/drafts/{id}`, as `kith drafts show`), its
//! words changed (`PUT /api/v1/drafts/{id}`), its `.eml` (`GET /api/v1/drafts/{id}/eml`),
//! marking it sent (`POST /api/v1/drafts/{id}/sent`, as `kith drafts sent`) and the
//! templates (`GET /api/v1/templates`, as `kith templates`), each the same JSON as the
//! command line's `--json`.

use super::{ApiJson, ApiPath, ApiQuery, Changes, JsonBody, Refused, Unknown, Who};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use axum::response::Response;
use kith_app::compose::{self, DraftInput, DraftSent, Drafted, Style, TemplateRow};
use kith_core::{Channel, Door, DraftFormat, DraftMove, Manner, Tone};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The draft a route is about.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "it describes the path for the document; `ApiPath` reads it")]
pub(crate) struct DraftPath {
    /// The draft's id (d_…), as `kith drafts` lists it.
    id: String,
}

/// What a route about one draft answers when there is no such draft.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum NoDraft {
    /// No draft has this id.
    #[response(status = 404, description = "No draft has this id", content_type = "application/problem+json")]
    Missing(Problem),
}

/// A draft asked for: the move, and what `kith draft`'s flags give.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComposeRequest {
    /// The move the draft makes.
    #[serde(rename = "move")]
    what: DraftMove,
    /// How it sounds: warm unless given.
    #[serde(default)]
    tone: Option<Tone>,
    /// A conversation (talking points) or an email: the person's tier decides unless
    /// given (a conversation for the inner and close tiers).
    #[serde(default)]
    manner: Option<Manner>,
    /// How `rendered` is written out: text unless given (an `.eml` needs the owner's address).
    #[serde(default)]
    format: Option<DraftFormat>,
    /// The reason to give, in the owner's words.
    #[serde(default)]
    #[schema(example = "I am moving to Lisbon")]
    reason: Option<String>,
    /// For the moves that step back or end: whether the door stays open (else the move's own).
    #[serde(default)]
    door: Option<Door>,
    /// A resource or person to point them to.
    #[serde(default)]
    alternative: Option<String>,
    /// Compose it without keeping it (the answer then has no id).
    #[serde(default)]
    dry_run: bool,
}

/// Composes a draft for a person and keeps it (unless a dry run): its words, the facts it
/// cites and the stage change it goes with; the same JSON as `kith draft <who> <move> --json`.
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/drafts",
    tag = "drafts",
    summary = "Write a draft for a move",
    params(Who),
    request_body = ComposeRequest,
    responses(
        (status = 200, description = "The draft, kept unless a dry run", body = Drafted),
        (status = 422, description = "Refused: an .eml without your address, a conversation as an .eml, a field that does not fit, or a template of yours with an error", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn draft(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<ComposeRequest>,
) -> Result<Json<Drafted>, WebError> {
    let ComposeRequest { what, tone, manner, format, reason, door, alternative, dry_run } = request;
    let style = Style::new(tone.unwrap_or_default(), format.unwrap_or(DraftFormat::Text), manner)?;
    let input = DraftInput { what, style, reason, door, alternative, dry_run };
    let ctx = state.ctx();
    Ok(Json(compose::draft_among(&ctx, &*state.judged(&ctx).await?, &who, input).await?))
}

/// What `kith drafts show` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ShowQuery {
    /// How `rendered` is written out: text (the default), markdown or eml.
    format: Option<DraftFormat>,
}

/// One kept draft: its words, the facts it cites, the stage change it goes with and the
/// whole of it written out; the same JSON as `kith drafts show <id> --json`.
#[utoipa::path(
    get,
    path = "/api/v1/drafts/{id}",
    tag = "drafts",
    summary = "One draft",
    params(DraftPath, ShowQuery),
    responses(
        (status = 200, description = "The draft", body = Drafted),
        (status = 422, description = "An id that is no draft's, or an .eml without your address", body = Problem, content_type = PROBLEM_JSON),
        NoDraft, Refused
    )
)]
pub(crate) async fn show(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ShowQuery>,
) -> Result<Json<Drafted>, WebError> {
    let id = compose::draft_id(&id)?;
    Ok(Json(compose::show(&state.ctx(), &id, query.format.unwrap_or(DraftFormat::Text)).await?))
}

/// The owner's words for a draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DraftWords {
    /// The subject line (the title of talking points).
    subject: String,
    /// The text.
    body: String,
}

/// Puts the owner's words in place of an unsent draft's, listing the facts the new words
/// still state; the draft as `GET /api/v1/drafts/{id}` then gives it.
#[utoipa::path(
    put,
    path = "/api/v1/drafts/{id}",
    tag = "drafts",
    summary = "Change a draft's words",
    params(DraftPath),
    request_body = DraftWords,
    responses(
        (status = 200, description = "The draft with the owner's words", body = Drafted),
        (status = 422, description = "Refused: the draft was sent, or the subject or text is empty", body = Problem, content_type = PROBLEM_JSON),
        NoDraft, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn edit(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<DraftWords>,
) -> Result<Json<Drafted>, WebError> {
    let id = compose::draft_id(&id)?;
    Ok(Json(compose::edit(&state.ctx(), &id, &request.subject, &request.body).await?))
}

/// A draft as an RFC 5322 message marked unsent, for a mail client to open: the file
/// `kith drafts show <id> --format eml` prints.
#[utoipa::path(
    get,
    path = "/api/v1/drafts/{id}/eml",
    tag = "drafts",
    summary = "A draft as an .eml file",
    params(DraftPath),
    responses(
        (status = 200, description = "The message", content_type = "message/rfc822", body = String),
        (status = 422, description = "No address of yours to send it from", body = Problem, content_type = PROBLEM_JSON),
        NoDraft, Refused
    )
)]
pub(crate) async fn eml(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, WebError> {
    let id = compose::draft_id(&id)?;
    let message = compose::eml(&state.ctx(), &id).await?;
    Ok(crate::pages::compose::eml_response(&id, message))
}

/// When and how a draft was sent: `kith drafts sent`'s flags.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SentRequest {
    /// When it was sent, as the command line reads a date (today, yesterday,
    /// 2026-05-03…); now unless given.
    #[serde(default)]
    #[schema(example = "yesterday")]
    at: Option<String>,
    /// How: by email for an email and by call for talking points unless given.
    #[serde(default)]
    channel: Option<Channel>,
}

/// Marks a draft sent and logs the contact it made; the same JSON as
/// `kith drafts sent <id> --json`.
#[utoipa::path(
    post,
    path = "/api/v1/drafts/{id}/sent",
    tag = "drafts",
    summary = "Mark a draft sent",
    params(DraftPath),
    request_body = SentRequest,
    responses(
        (status = 200, description = "The draft, with when it was sent and the contact logged", body = DraftSent),
        (status = 422, description = "Refused: already sent, or a date in the future or before it was written", body = Problem, content_type = PROBLEM_JSON),
        NoDraft, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn sent(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<SentRequest>,
) -> Result<Json<DraftSent>, WebError> {
    let id = compose::draft_id(&id)?;
    Ok(Json(compose::sent(&state.ctx(), &id, request.at.as_deref(), request.channel).await?))
}

/// Every move's template, and whether the owner's own file replaces the shipped one;
/// the same JSON as `kith templates --json`.
#[utoipa::path(
    get,
    path = "/api/v1/templates",
    tag = "drafts",
    summary = "The templates in use",
    responses(
        (status = 200, description = "One row a move", body = [TemplateRow]),
        (status = 422, description = "A template of yours that does not parse", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn templates(_auth: Auth, state: Scope) -> Result<Json<Vec<TemplateRow>>, WebError> {
    let ctx = state.ctx();
    Ok(Json(compose::template_list(ctx.config_dir.as_deref())?))
}
