//! `POST /api/v1/people/{who}/stage`: a stage change, as `kith reduce`, `mentor`,
//! `distance`, `end`, `walk-away` and `revive` make it.

use super::{ApiJson, ApiPath, Changes, JsonBody, Refused, Unknown, Who};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::stages::{StageChanged, StageInput, change as change_stage};
use kith_core::when::parse_every;
use kith_core::{Door, Stage};
use serde::Deserialize;
use utoipa::ToSchema;

/// A stage change asked for: the stage, and what the command line's flags give.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StageRequest {
    /// The stage to move to.
    stage: Stage,
    /// Why (kept in the stage history and the note); a walk-away needs one.
    #[serde(default)]
    reason: Option<String>,
    /// Anything else worth remembering.
    #[serde(default)]
    note: Option<String>,
    /// `reduced`: the new cadence; `ended` with the door open: how often to check in.
    /// As the command line takes it: 90d, 12w, 3m (a month is 30 days), 1y.
    #[serde(default)]
    #[schema(example = "90d")]
    every: Option<String>,
    /// `ended`: whether the door stays open.
    #[serde(default)]
    door: Option<Door>,
    /// `ended`: how the farewell was given, when it was not a draft sent through kith.
    #[serde(default)]
    #[schema(example = "in person on 3 May")]
    delivered: Option<String>,
}

/// Moves a person to another stage, with what the change writes (transition, tag, note,
/// check-in): the same JSON as `kith end --json` and the other stage commands print.
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/stage",
    tag = "stages",
    summary = "Change a person's stage",
    params(Who),
    request_body = StageRequest,
    responses(
        (status = 200, description = "The change, as recorded", body = StageChanged),
        (status = 422, description = "Refused: a rule (no ghosting: an ending needs a farewell), or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn change(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<StageRequest>,
) -> Result<Json<StageChanged>, WebError> {
    let StageRequest { stage, reason, note, every, door, delivered } = request;
    let every_days = every.as_deref().map(parse_every).transpose().map_err(kith_app::Error::from)?;
    let input = StageInput { reason, note, every_days, door, delivered };
    Ok(Json(change_stage(&state.ctx(), &who, stage, input).await?))
}
