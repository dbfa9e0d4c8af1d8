//! The import pages: `GET /import`, the form uploading address books, calendars, exports
//! and mail archives; `POST /import`, which starts the import in the background and goes
//! to its page; `GET /import/{job}`, how far it got (followed live by `assets/kith.js`
//! through `GET /api/v1/imports/{job}`) and, once done, the summary and problems worded
//! as `kith import` prints them.

use super::render;
use crate::auth::Auth;
use crate::error::{PageError, WebError};
use crate::imports::{self, Job, JobState, NotStarted, bytes_in_words};
use crate::state::Scope;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kith_app::import::{FormatChoice, Step};
use minijinja::{Value, context};
use std::sync::Arc;

/// `GET /import`
pub(crate) async fn form(auth: Auth, state: Scope) -> Result<Html<String>, PageError> {
    Ok(form_page(&auth, &state, None)?)
}

/// The form, with the import running (when another one was asked for meanwhile).
fn form_page(auth: &Auth, state: &Scope, busy: Option<&Job>) -> Result<Html<String>, WebError> {
    let formats: Vec<Value> =
        FormatChoice::choices().into_iter().map(|(name, what)| context! { name, what }).collect();
    let running = state.imports().running().map(|job| job_summary(&job));
    let recent: Vec<Value> = state.imports().recent().iter().map(|job| job_summary(job)).collect();
    render(
        "import.html",
        Some(auth),
        context! {
            here => "/import",
            formats,
            limit => bytes_in_words(state.upload_limit()),
            running,
            busy => busy.is_some(),
            recent,
        },
    )
}

/// A job as a list names it.
fn job_summary(job: &Job) -> Value {
    let view = job.view();
    let started = view.started_at.strftime("%-d %b %Y, %H:%M UTC").to_string();
    context! { id => view.id, files => view.files, state => view.state, started }
}

/// `POST /import`: the files written to a private folder and imported in the background;
/// goes to the job's page (303), or, while another import runs, says so with a link to
/// it (409).
pub(crate) async fn upload(
    auth: Auth,
    state: Scope,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let Some(_arriving) = state.imports().arriving() else {
        return Err(imports::arriving_elsewhere().into());
    };
    if let Some(running) = state.imports().running() {
        return Ok((StatusCode::CONFLICT, form_page(&auth, &state, Some(&running))?).into_response());
    }
    let upload = imports::receive(multipart?).await?;
    match imports::start(&state, upload) {
        Ok(job) => Ok(Redirect::to(&format!("/import/{}", job.id)).into_response()),
        Err(NotStarted::Busy(running)) => {
            Ok((StatusCode::CONFLICT, form_page(&auth, &state, Some(&running))?).into_response())
        }
        Err(NotStarted::Refused(e)) => Err(e.into()),
    }
}

/// `GET /import/{job}`
pub(crate) async fn job(auth: Auth, state: Scope, Path(id): Path<String>) -> Result<Html<String>, PageError> {
    let job = found(&state, &id)?;
    let view = job.view();
    let progress = &view.progress;
    let step = match progress.step {
        Step::Reading => "Reading the files",
        Step::Writing => "Writing the people and meetings",
        Step::Mail => "Reading mail",
        Step::Over => "Finishing",
    };
    let percent = (progress.total > 0).then(|| progress.done.min(progress.total) * 100 / progress.total);
    let problems: Vec<String> = progress.problems.iter().map(ToString::to_string).collect();
    let lines = view.summary.as_ref().map(|s| s.lines()).unwrap_or_default();
    Ok(render(
        "import_job.html",
        Some(&auth),
        context! {
            here => "/import",
            job => view.id,
            files => view.files,
            state => view.state,
            running => view.state == JobState::Running,
            step,
            file => progress.file.as_ref().map(|f| f.display().to_string()),
            unit => progress.unit,
            done => progress.done,
            total => progress.total,
            percent,
            messages_read => progress.messages_read,
            problems,
            problem_count => progress.problem_count,
            lines,
            error => view.error,
            dry_run => matches!(&view.summary, Some(kith_app::import::Imported::Files(s)) if s.dry_run),
        },
    )?)
}

/// The job with this id, or not found.
pub(crate) fn found(state: &Scope, id: &str) -> Result<Arc<Job>, WebError> {
    state.imports().get(id).ok_or_else(|| {
        WebError::App(kith_app::Error::NotFound(format!(
            "there is no import {id}: this server forgets imports when it stops, and keeps the last 20"
        )))
    })
}
