//! What imported mail says, over the API: each correspondent's figures (`kith mail
//! correspondents`) and the mail kept out of the interaction log (`kith mail kept-out`),
//! each the same JSON as the command's `--json`.

use super::{ApiQuery, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::mail::{self, Correspondents};
use kith_core::{KeptOut, MailMessage};
use serde::Deserialize;
use utoipa::IntoParams;

/// `GET /api/v1/mail/correspondents`
#[utoipa::path(
    get,
    path = "/api/v1/mail/correspondents",
    tag = "mail",
    summary = "Each correspondent's figures",
    description = "The owner's mail identities, and for every address written with: messages each way, \
                   copies shared, replies each way, the first and the last message. The same JSON as \
                   `kith mail correspondents --json` (every address; the table's `--limit` is for the terminal).",
    responses((status = 200, description = "The figures, by address", body = Correspondents), Refused)
)]
pub(crate) async fn correspondents(_auth: Auth, state: Scope) -> Result<Json<Correspondents>, WebError> {
    Ok(Json(mail::correspondents(&state.ctx()).await?))
}

/// What `kith mail kept-out` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct KeptOutQuery {
    /// Only this reason: mailing_list, bulk, automated, no_reply, bounce, receipt,
    /// many_recipients, spam, junk_folder, trash, draft or broadcast.
    reason: Option<String>,
}

/// `GET /api/v1/mail/kept-out`
#[utoipa::path(
    get,
    path = "/api/v1/mail/kept-out",
    tag = "mail",
    summary = "Mail kept out of the interaction log",
    description = "Lists, bulk, automated mail, bounces, receipts and the rest, oldest first, each with \
                   why: the same JSON as `kith mail kept-out --json`.",
    params(KeptOutQuery),
    responses(
        (status = 200, description = "The messages kept out", body = [MailMessage]),
        (status = 422, description = "No such reason", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn kept_out(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<KeptOutQuery>,
) -> Result<Json<Vec<MailMessage>>, WebError> {
    let reason = query.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let reason = reason.map(str::parse::<KeptOut>).transpose().map_err(kith_app::Error::from)?;
    Ok(Json(mail::kept_out(&state.ctx(), reason).await?))
}
