//! `POST /api/v1/imports` (files uploaded as a multipart form, imported in the
//! background) and `GET /api/v1/imports/{job}` (how far it got and, once done, the
//! summary `kith import --json` prints).

use super::{ApiPath, Changes, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::imports::{self, JobView, NotStarted};
use crate::pages::import::found;
use crate::state::Scope;
use axum::Json;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;

/// The upload: the files, and the options `kith import` takes as flags.
#[derive(ToSchema)]
#[expect(dead_code, reason = "it describes the form for the document; `imports::receive` reads it")]
pub(crate) struct ImportForm {
    /// The files to import, one part each (any number).
    #[schema(value_type = Vec<String>, format = Binary)]
    files: Vec<Vec<u8>>,
    /// What the files are (as `--format`): vcard, ical, linkedin, google, outlook, csv,
    /// json, mbox or eml; `detect` or nothing to recognize each file from its content.
    format: Option<String>,
    /// One of the owner's identities, added to theirs first (as `--me`).
    me: Option<String>,
    /// Calendar occurrences before this date are left out (as `--since`).
    since: Option<String>,
    /// Any value: count, but write nothing (as `--dry-run`).
    dry_run: Option<String>,
    /// Any value: read the text of personal messages for favors (as `--read-bodies`).
    read_bodies: Option<String>,
}

/// The job this route names.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "it describes the path for the document; `ApiPath` reads it")]
pub(crate) struct JobId {
    /// The import's id, as the upload answered it.
    job: String,
}

/// What an upload may answer besides.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "it describes answers for the document; `WebError` makes them")]
pub(crate) enum UploadBody {
    /// The body is not a multipart form.
    #[response(
        status = 400,
        description = "The body is not a multipart form",
        content_type = "application/problem+json"
    )]
    NotMultipart(Problem),
    /// The upload is over the server's upload limit.
    #[response(
        status = 413,
        description = "The upload is over the server's upload limit",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
}

/// Uploads files and imports them in the background, one import at a time: answers 202
/// with the job (its address in `Location`) at once.
#[utoipa::path(
    post,
    path = "/api/v1/imports",
    tag = "import",
    summary = "Import files: address books, calendars, contact exports, mail archives, a kith export",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "The import began; follow it at the job's address", body = JobView),
        (status = 409, description = "An import is running (the detail names its address), or another upload is arriving", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "No file, or an option that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, UploadBody
    )
)]
pub(crate) async fn start(
    _auth: Auth,
    state: Scope,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let Some(_arriving) = state.imports().arriving() else { return Err(imports::arriving_elsewhere()) };
    if let Some(running) = state.imports().running() {
        return Err(busy(&running.id));
    }
    let upload = imports::receive(multipart?).await?;
    match imports::start(&state, upload) {
        Ok(job) => {
            let to = HeaderValue::try_from(format!("/api/v1/imports/{}", job.id))
                .map_err(|e| WebError::Internal(e.to_string()))?;
            Ok((StatusCode::ACCEPTED, [(header::LOCATION, to)], Json(job.view())).into_response())
        }
        Err(NotStarted::Busy(running)) => Err(busy(&running.id)),
        Err(NotStarted::Refused(e)) => Err(e),
    }
}

fn busy(id: &str) -> WebError {
    WebError::Conflict(format!(
        "an import is running, and kith runs one at a time: follow it at /api/v1/imports/{id}, then send \
         the files again"
    ))
}

/// An import: whether it runs, how far it got, the problems so far and, once done, the
/// summary as `kith import --json` prints it.
#[utoipa::path(
    get,
    path = "/api/v1/imports/{job}",
    tag = "import",
    summary = "An import's progress and, once done, its summary",
    params(JobId),
    responses(
        (status = 200, description = "The job as it stands", body = JobView),
        (status = 404, description = "No such import (the server forgets them when it stops)", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn job(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<JobView>, WebError> {
    Ok(Json(found(&state, &id)?.view()))
}
