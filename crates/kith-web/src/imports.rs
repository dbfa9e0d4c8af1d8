//! Imports run by the server: the files of an upload written to a private temporary
//! folder, then `kith_app::import` (gather, then restore or import) run on them as a
//! background job, one at a time, its progress kept for the page and the API to read.
//! The job decides nothing: it hands the folder's files to the app, as `kith import`
//! hands it the paths typed.

use crate::error::WebError;
use crate::state::Scope;
use crate::token::random_hex;
use axum::extract::Multipart;
use axum::extract::multipart::Field;
use jiff::Timestamp;
use kith_app::import::{self, Follow, Followed, FormatChoice, Imported, Options};
use kith_core::Identity;
use serde::Serialize;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tempfile::TempDir;
use tokio::io::AsyncWriteExt;
use utoipa::ToSchema;

/// The routes that take an upload, and so the upload limit instead of the body limit.
pub(crate) const UPLOAD_ROUTES: [&str; 2] = ["/import", "/api/v1/imports"];

/// Jobs remembered; older ones are forgotten (what they did is in the data).
const JOBS_KEPT: usize = 20;

/// The longest text field of the form read, in bytes.
const FIELD_BYTES: usize = 4096;

/// The imports of this server: the recent jobs, the newest first, and the one running;
/// and the one upload being received, if any.
#[derive(Default)]
pub(crate) struct Imports {
    jobs: Mutex<Jobs>,
    receiving: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Jobs {
    recent: VecDeque<Arc<Job>>,
    running: Option<Arc<Job>>,
}

/// One import: its files, how far it got and, once over, what it did.
pub(crate) struct Job {
    /// Its id, in its address.
    pub id: String,
    /// The files uploaded, by name.
    pub files: Vec<String>,
    /// When it began.
    pub started_at: Timestamp,
    /// The folder its files were written to: the summary names files within it.
    dir: PathBuf,
    follow: Follow,
    outcome: Mutex<Option<Outcome>>,
}

/// How a job ended.
#[derive(Clone)]
enum Outcome {
    Done(Imported),
    Failed(String),
}

/// Whether a job runs or how it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JobState {
    /// It runs.
    Running,
    /// It finished: `summary` says what it did.
    Done,
    /// It stopped on an error: `error` says why.
    Failed,
}

/// An import job as the API gives it: how far it got and, once done, what it did.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct JobView {
    /// The job's id.
    pub id: String,
    /// Whether it runs or how it ended.
    pub state: JobState,
    /// The files uploaded, by name.
    pub files: Vec<String>,
    /// When it began.
    #[schema(value_type = String, format = DateTime)]
    pub started_at: Timestamp,
    /// How far it got: the step, the file, the count, the problems so far.
    pub progress: Followed,
    /// What it did, once done: the JSON `kith import --json` prints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Imported>,
    /// Why it stopped, if it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Job {
    /// The job as it stands, files named as they were uploaded.
    pub fn view(&self) -> JobView {
        let outcome = self.outcome().clone();
        let mut progress = self.follow.now();
        for problem in &mut progress.problems {
            if let Some(file) = &mut problem.file {
                *file = self.named(file);
            }
            problem.message = self.worded(&problem.message);
        }
        progress.file = progress.file.map(|f| self.named(&f));
        let (state, summary, error) = match outcome {
            None => (JobState::Running, None, None),
            Some(Outcome::Done(imported)) => (JobState::Done, Some(self.imported(imported)), None),
            Some(Outcome::Failed(why)) => (JobState::Failed, None, Some(self.worded(&why))),
        };
        JobView {
            id: self.id.clone(),
            state,
            files: self.files.clone(),
            started_at: self.started_at,
            progress,
            summary,
            error,
        }
    }

    fn outcome(&self) -> MutexGuard<'_, Option<Outcome>> {
        self.outcome.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A file of the upload by the name it was uploaded under.
    fn named(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.dir).map_or_else(|_| path.to_owned(), Path::to_owned)
    }

    /// Words naming files of the upload, by the names they were uploaded under.
    fn worded(&self, text: &str) -> String {
        text.replace(&format!("{}/", self.dir.display()), "")
    }

    /// What the import did, its files named as they were uploaded.
    fn imported(&self, imported: Imported) -> Imported {
        match imported {
            Imported::Files(mut summary) => {
                for file in &mut summary.files {
                    file.path = self.named(&file.path);
                }
                for path in &mut summary.unrecognized {
                    *path = self.named(path);
                }
                if let Some(mail) = &mut summary.mail {
                    for warning in &mut mail.warnings {
                        *warning = self.worded(warning);
                    }
                }
                Imported::Files(summary)
            }
            restored => restored,
        }
    }
}

/// What the import form sent: the files, written to a private temporary folder, and
/// the options as typed.
pub(crate) struct Upload {
    dir: TempDir,
    files: Vec<String>,
    format: Option<String>,
    me: Option<String>,
    since: Option<String>,
    dry_run: bool,
    read_bodies: bool,
}

/// Reads the import form: files (field `files`, any number) streamed to a new private
/// temporary folder under their own names, and the options (`format`, `me`, `since`,
/// `dry_run`, `read_bodies`). A body past the upload limit is refused with 413.
pub(crate) async fn receive(mut multipart: Multipart) -> Result<Upload, WebError> {
    let dir = tempfile::Builder::new()
        .prefix("kith-upload-")
        .tempdir()
        .map_err(|e| WebError::Internal(format!("could not make a folder for the upload: {e}")))?;
    let mut upload = Upload {
        dir,
        files: Vec::new(),
        format: None,
        me: None,
        since: None,
        dry_run: false,
        read_bodies: false,
    };
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(file_name) = field.file_name().map(str::to_owned) {
            upload.save(field, &file_name).await?;
            continue;
        }
        let value = text(field).await?;
        let value = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        match name.as_str() {
            "format" => upload.format = value.filter(|v| v != "detect"),
            "me" => upload.me = value,
            "since" => upload.since = value,
            "dry_run" => upload.dry_run = switch("dry_run", value.as_deref())?,
            "read_bodies" => upload.read_bodies = switch("read_bodies", value.as_deref())?,
            _ => {}
        }
    }
    if upload.files.is_empty() {
        return Err(WebError::Unprocessable("choose at least one file to import".into()));
    }
    Ok(upload)
}

impl Upload {
    /// Writes one file of the form into the folder, under its own name made safe (and
    /// numbered when two share one). A file input left empty sends a part with no name
    /// and no bytes, which is passed over.
    async fn save(&mut self, mut field: Field<'_>, given: &str) -> Result<(), WebError> {
        let mut name = safe_name(given);
        let first = field.chunk().await?;
        if name.is_empty() && first.as_ref().is_none_or(|c| c.is_empty()) {
            return Ok(());
        }
        if name.is_empty() {
            name = "upload".to_owned();
        }
        let mut unique = name.clone();
        let mut n = 1;
        while self.files.contains(&unique) {
            n += 1;
            unique = format!("{n}-{name}");
        }
        let path = self.dir.path().join(&unique);
        let failed =
            |e: std::io::Error| WebError::Internal(format!("could not write {}: {e}", path.display()));
        let mut file = tokio::fs::File::create(&path).await.map_err(failed)?;
        let mut chunk = first;
        while let Some(bytes) = chunk {
            file.write_all(&bytes).await.map_err(failed)?;
            chunk = field.chunk().await?;
        }
        file.flush().await.map_err(failed)?;
        self.files.push(unique);
        Ok(())
    }
}

/// A checkbox's value: a checked box sends `on`, a script may send `true`/`false`,
/// `1`/`0`, `yes`/`no`; anything else is refused rather than taken for "on".
fn switch(name: &str, value: Option<&str>) -> Result<bool, WebError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "0" | "no" | "off") => Ok(false),
        Some("on" | "true" | "1" | "yes") => Ok(true),
        Some(other) => Err(WebError::Unprocessable(format!("{name} is \"{other}\"; send true or false"))),
    }
}

/// Another upload is being received.
pub(crate) fn arriving_elsewhere() -> WebError {
    WebError::Conflict(
        "another upload is arriving, and kith takes one at a time: send the files again in a moment".into(),
    )
}

/// A text field's value, refused past [`FIELD_BYTES`].
async fn text(mut field: Field<'_>) -> Result<String, WebError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > FIELD_BYTES {
            return Err(WebError::Unprocessable(format!(
                "the field {} is longer than kith reads",
                field.name().unwrap_or_default()
            )));
        }
    }
    String::from_utf8(bytes).map_err(|_| WebError::BadRequest("a field of the form is not text".into()))
}

/// A file name as uploaded, kept to its last part and to characters safe in a path.
fn safe_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .map(|c| if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let kept = kept.trim().trim_start_matches('.');
    // File systems limit a name's bytes (255 on most), not its characters.
    let mut end = kept.len().min(200);
    while !kept.is_char_boundary(end) {
        end -= 1;
    }
    kept[..end].to_owned()
}

impl Imports {
    /// The job with this id, if it is remembered.
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs().recent.iter().find(|job| job.id == id).cloned()
    }

    /// The job running, if any.
    pub fn running(&self) -> Option<Arc<Job>> {
        self.jobs().running.clone()
    }

    /// The right to receive an upload, held while its files are written: `None` while
    /// another upload arrives, so that no more than one is ever written to disk at once.
    pub fn arriving(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        self.receiving.try_lock().ok()
    }

    /// The jobs remembered, the newest first.
    pub fn recent(&self) -> Vec<Arc<Job>> {
        self.jobs().recent.iter().cloned().collect()
    }

    fn jobs(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why an import did not start.
pub(crate) enum NotStarted {
    /// Another import runs: this one.
    Busy(Arc<Job>),
    /// The options do not fit.
    Refused(WebError),
}

impl From<WebError> for NotStarted {
    fn from(e: WebError) -> Self {
        NotStarted::Refused(e)
    }
}

/// Starts importing an upload in the background, unless another import runs; the
/// options are read first, as `kith import` reads its flags.
pub(crate) fn start(state: &Scope, upload: Upload) -> Result<Arc<Job>, NotStarted> {
    let ctx = state.ctx();
    let format =
        upload.format.as_deref().map(str::parse::<FormatChoice>).transpose().map_err(WebError::from)?;
    let since = upload.since.as_deref().map(|s| ctx.when(Some(s))).transpose().map_err(WebError::from)?;
    let me = upload.me.as_deref().map(Identity::parse_any_kind).transpose().map_err(kith_app::Error::from);
    let me = me.map_err(WebError::from)?;
    let options = Options { since, me, dry_run: upload.dry_run, read_bodies: upload.read_bodies };
    let Upload { dir, files, .. } = upload;
    let job = Arc::new(Job {
        id: random_hex().map_err(WebError::from)?[..16].to_owned(),
        files,
        started_at: ctx.now_ts(),
        dir: dir.path().to_owned(),
        follow: Follow::new(),
        outcome: Mutex::new(None),
    });
    {
        let mut jobs = state.imports().jobs();
        if let Some(running) = &jobs.running {
            return Err(NotStarted::Busy(running.clone()));
        }
        jobs.running = Some(job.clone());
        jobs.recent.push_front(job.clone());
        jobs.recent.truncate(JOBS_KEPT);
    }
    let over = Over { imports: state.imports().clone(), job: job.clone() };
    tokio::spawn(async move {
        let job = over.job.clone();
        let paths: Vec<PathBuf> = job.files.iter().map(|name| dir.path().join(name)).collect();
        let gathered = tokio::task::spawn_blocking(move || import::gather(&paths, format)).await;
        let result = match gathered {
            Ok(Ok(found)) => import::carry_out(&ctx, found, &options, &job.follow).await,
            Ok(Err(e)) => Err(e),
            Err(e) => Err(kith_app::Error::io("reading the upload failed", std::io::Error::other(e))),
        };
        let outcome = match result {
            Ok(imported) => Outcome::Done(imported),
            Err(e) => {
                let failed = WebError::from(e);
                if failed.status().is_server_error() {
                    tracing::error!(error = %crate::error::chain(&failed), job = %job.id, "an import failed");
                }
                Outcome::Failed(failed.detail())
            }
        };
        *job.outcome() = Some(outcome);
        drop(over);
        drop(dir);
    });
    Ok(job)
}

/// Marks a job over when dropped, whether it finished, failed or its task panicked, so
/// that the next import may start.
struct Over {
    imports: Arc<Imports>,
    job: Arc<Job>,
}

impl Drop for Over {
    fn drop(&mut self) {
        self.job.follow.over();
        {
            let mut outcome = self.job.outcome();
            if outcome.is_none() {
                *outcome = Some(Outcome::Failed(
                    "the import stopped unexpectedly; the server's log says why".into(),
                ));
            }
        }
        let mut jobs = self.imports.jobs();
        if jobs.running.as_ref().is_some_and(|j| Arc::ptr_eq(j, &self.job)) {
            jobs.running = None;
        }
    }
}

/// An amount of bytes as a person reads it: `1 GiB`, `300 MiB`, `512 KiB`.
pub(crate) fn bytes_in_words(bytes: usize) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_keep_their_last_part_and_safe_characters() {
        assert_eq!(safe_name("contacts.vcf"), "contacts.vcf");
        assert_eq!(safe_name("C:\\Users\\ada\\My Contacts.vcf"), "My Contacts.vcf");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("a\u{0}b|c"), "a_b_c");
        assert_eq!(safe_name(""), "");
        // 100 characters of three bytes each: cut to whole characters within 200 bytes.
        let long = safe_name(&"名".repeat(100));
        assert_eq!((long.len(), long.chars().count()), (198, 66));
    }

    #[test]
    fn sizes_are_in_words() {
        assert_eq!(bytes_in_words(1 << 30), "1 GiB");
        assert_eq!(bytes_in_words(300 << 20), "300 MiB");
        assert_eq!(bytes_in_words(1536), "1.5 KiB");
        assert_eq!(bytes_in_words(10), "10 bytes");
    }
}
