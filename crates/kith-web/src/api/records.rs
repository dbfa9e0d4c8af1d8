//! People kept by hand and what the owner knows about them, over the API: adding and
//! changing a person (`kith person add`, `kith person edit`), a contact logged by hand
//! (`kith log`), facts (`kith fact`) and mutes (`kith mute`, `kith unmute`). Each answer
//! is the same JSON as the command's `--json`.

use super::{ApiJson, ApiPath, Changes, JsonBody, Refused, Unknown, Who};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::facts::{self, FactInput};
use kith_app::log::{LogInput, Logged, log as record_contact};
use kith_app::people::{self, NewPersonInput, PersonEdit};
use kith_core::health::{DiagnosisKind, Fact, Mute, PersonFact};
use kith_core::{Person, Tier};
use serde::Deserialize;
use utoipa::ToSchema;

/// A person to add, as `kith person add` takes them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddRequest {
    /// Their name.
    #[schema(example = "Ada Lovelace")]
    name: String,
    /// Email addresses.
    #[serde(default)]
    emails: Vec<String>,
    /// Phone numbers (without a calling code: read in the owner's region).
    #[serde(default)]
    phones: Vec<String>,
    /// Profile or home page URLs.
    #[serde(default)]
    urls: Vec<String>,
    /// Their organization: a name, a domain or an id.
    #[serde(default)]
    org: Option<String>,
    /// Their role there.
    #[serde(default)]
    role: Option<String>,
    /// Their industry.
    #[serde(default)]
    industry: Option<String>,
    /// Tags.
    #[serde(default)]
    tags: Vec<String>,
}

/// `POST /api/v1/people`
#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "records",
    summary = "Add a person",
    description = "The person as kept: the same JSON as `kith person add --json`. An identity someone \
                   else holds is refused, naming who holds it.",
    request_body = AddRequest,
    responses(
        (status = 200, description = "The person added", body = Person),
        (status = 404, description = "No organization matches `org`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A name, identity or tag that cannot be one, an identity someone else holds, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn add(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<AddRequest>,
) -> Result<Json<Person>, WebError> {
    let AddRequest { name, emails, phones, urls, org, role, industry, tags } = request;
    let input = NewPersonInput { name, emails, phones, urls, org, role, industry, tags };
    Ok(Json(people::add(&state.ctx(), input).await?))
}

/// A change to a person, as `kith person edit` takes it: what is left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EditRequest {
    /// A new name.
    #[serde(default)]
    name: Option<String>,
    /// A new organization (a name, a domain or an id).
    #[serde(default)]
    org: Option<String>,
    /// Clear the organization.
    #[serde(default)]
    no_org: bool,
    /// A new role.
    #[serde(default)]
    role: Option<String>,
    /// A new industry.
    #[serde(default)]
    industry: Option<String>,
    /// Pin the tier (inner, close, active, network, acquaintance).
    #[serde(default)]
    tier: Option<Tier>,
    /// Unpin the tier.
    #[serde(default)]
    no_tier: bool,
    /// Pin the cadence, in days.
    #[serde(default)]
    cadence: Option<u32>,
    /// Unpin the cadence.
    #[serde(default)]
    no_cadence: bool,
    /// Identities to add (email, phone, URL …; the kind is guessed).
    #[serde(default)]
    add: Vec<String>,
    /// Identities to remove.
    #[serde(default)]
    remove: Vec<String>,
}

impl EditRequest {
    fn edit(self) -> Result<PersonEdit, WebError> {
        let both = |what: &str| WebError::Unprocessable(format!("`{what}` and `no_{what}` go apart"));
        if self.org.is_some() && self.no_org {
            return Err(both("org"));
        }
        if self.tier.is_some() && self.no_tier {
            return Err(both("tier"));
        }
        if self.cadence.is_some() && self.no_cadence {
            return Err(both("cadence"));
        }
        Ok(PersonEdit {
            name: self.name,
            org: pinned(self.org, self.no_org),
            role: self.role,
            industry: self.industry,
            tier: pinned(self.tier, self.no_tier),
            cadence_days: pinned(self.cadence, self.no_cadence),
            add: self.add,
            remove: self.remove,
        })
    }
}

/// A value set (`Some(Some)`), cleared (`Some(None)`) or left as it is (`None`).
fn pinned<T>(value: Option<T>, clear: bool) -> Option<Option<T>> {
    if clear { Some(None) } else { value.map(Some) }
}

/// `PATCH /api/v1/people/{who}`
#[utoipa::path(
    patch,
    path = "/api/v1/people/{who}",
    tag = "records",
    summary = "Change a person",
    description = "The person as they now are: the same JSON as `kith person edit --json`. A change \
                   that changes nothing, or removes an identity they do not have, is refused.",
    params(Who),
    request_body = EditRequest,
    responses(
        (status = 200, description = "The person, changed", body = Person),
        (status = 422, description = "A change refused, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn edit(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<EditRequest>,
) -> Result<Json<Person>, WebError> {
    Ok(Json(people::edit(&state.ctx(), &who, request.edit()?).await?))
}

/// A contact to log, as `kith log` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogRequest {
    /// Who took part: each an id, an email, phone or URL, or a name.
    #[schema(example = json!(["Ada Lovelace"]))]
    who: Vec<String>,
    /// email, call, meeting, message, event or social.
    #[schema(example = "call")]
    channel: String,
    /// out (the owner reached out), in (they did) or mutual.
    #[schema(example = "out")]
    dir: String,
    /// When, as the command line takes it; none: now.
    #[serde(default)]
    at: Option<String>,
    /// What it was about.
    #[serde(default)]
    subject: Option<String>,
    /// Anything else worth remembering.
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/v1/log`
#[utoipa::path(
    post,
    path = "/api/v1/log",
    tag = "records",
    summary = "Log a contact by hand",
    description = "One interaction with one or more people: the same JSON as `kith log --json`.",
    request_body = LogRequest,
    responses(
        (status = 200, description = "The contact logged", body = Logged),
        (status = 404, description = "Nobody matches one of `who`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A channel, direction or date that cannot be read, nobody named, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn log(
    _auth: Auth,
    state: Scope,
    ApiJson(request): ApiJson<LogRequest>,
) -> Result<Json<Logged>, WebError> {
    let LogRequest { who, channel, dir, at, subject, note } = request;
    if who.is_empty() {
        return Err(WebError::Unprocessable("`who`: name at least one person".into()));
    }
    let channel = channel.parse().map_err(kith_app::Error::from)?;
    let direction = dir.parse().map_err(kith_app::Error::from)?;
    let input = LogInput { who, channel, direction, at, subject, note };
    Ok(Json(record_contact(&state.ctx(), input).await?))
}

/// `GET /api/v1/people/{who}/facts`
#[utoipa::path(
    get,
    path = "/api/v1/people/{who}/facts",
    tag = "records",
    summary = "The facts recorded about a person",
    description = "The same JSON as `kith fact WHO --json`.",
    params(Who),
    responses(
        (status = 200, description = "The facts", body = [PersonFact]),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused
    )
)]
pub(crate) async fn facts(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Json<facts::FactList>, WebError> {
    Ok(Json(facts::list(&state.ctx(), &who).await?))
}

/// A fact to record, as `kith fact WHO FACT` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactRequest {
    /// interests_diverged, values_conflict, hostile, changed_industry or retired.
    #[schema(value_type = String, example = "interests_diverged")]
    fact: Fact,
    /// Since when it holds, as the command line takes it; none: now.
    #[serde(default)]
    since: Option<String>,
    /// What happened, in the owner's words.
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/v1/people/{who}/facts`
#[utoipa::path(
    post,
    path = "/api/v1/people/{who}/facts",
    tag = "records",
    summary = "Record a fact about a person",
    description = "The fact as kept: the same JSON as `kith fact WHO FACT --json`.",
    params(Who),
    request_body = FactRequest,
    responses(
        (status = 200, description = "The fact", body = PersonFact),
        (status = 422, description = "A fact or date that cannot be read, a date in the future, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn record_fact(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
    ApiJson(request): ApiJson<FactRequest>,
) -> Result<Json<facts::FactRecorded>, WebError> {
    let ctx = state.ctx();
    let input =
        FactInput { fact: request.fact, since: ctx.when(request.since.as_deref())?, note: request.note };
    Ok(Json(facts::record(&ctx, &who, input).await?))
}

/// `DELETE /api/v1/people/{who}/facts/{fact}`
#[utoipa::path(
    delete,
    path = "/api/v1/people/{who}/facts/{fact}",
    tag = "records",
    summary = "Remove a fact from a person",
    description = "The fact as it was: the same JSON as `kith fact WHO --remove FACT --json`.",
    params(
        ("who" = String, Path, description = "An id (p_…), an email, phone or URL, or a name"),
        ("fact" = String, Path, description = "The fact to remove, e.g. interests_diverged")
    ),
    responses(
        (status = 200, description = "The fact removed", body = kith_app::facts::FactRemoved),
        (status = 404, description = "Nobody matches `who`, or they have no such fact", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "No such fact exists", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn remove_fact(
    _auth: Auth,
    state: Scope,
    ApiPath((who, fact)): ApiPath<(String, String)>,
) -> Result<Json<facts::FactRemoved>, WebError> {
    let fact: Fact = fact.parse().map_err(kith_app::Error::from)?;
    Ok(Json(facts::remove(&state.ctx(), &who, fact).await?))
}

/// A mute, as `kith mute` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MuteRequest {
    /// The day the diagnosis shows again, in the future: 2026-09-01 or 1 Sep 2026.
    #[schema(example = "2026-09-01")]
    until: String,
}

/// `PUT /api/v1/people/{who}/mutes/{diagnosis}`
#[utoipa::path(
    put,
    path = "/api/v1/people/{who}/mutes/{diagnosis}",
    tag = "records",
    summary = "Mute a diagnosis for a person until a day",
    description = "Muting it again replaces the day. The mute as kept: the same JSON as `kith mute --json`.",
    params(
        ("who" = String, Path, description = "An id (p_…), an email, phone or URL, or a name"),
        ("diagnosis" = String, Path, description = "The diagnosis, e.g. drifting or one_sided_taking")
    ),
    request_body = MuteRequest,
    responses(
        (status = 200, description = "The mute", body = Mute),
        (status = 422, description = "A diagnosis or day that cannot be read, a day not in the future, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes, JsonBody
    )
)]
pub(crate) async fn mute(
    _auth: Auth,
    state: Scope,
    ApiPath((who, diagnosis)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<MuteRequest>,
) -> Result<Json<facts::Muted>, WebError> {
    let diagnosis: DiagnosisKind = diagnosis.parse().map_err(kith_app::Error::from)?;
    let ctx = state.ctx();
    let until = ctx.when(Some(&request.until))?;
    Ok(Json(facts::mute(&ctx, &who, diagnosis, until).await?))
}

/// `DELETE /api/v1/people/{who}/mutes/{diagnosis}`
#[utoipa::path(
    delete,
    path = "/api/v1/people/{who}/mutes/{diagnosis}",
    tag = "records",
    summary = "Lift a mute",
    description = "The mute as it was: the same JSON as `kith unmute --json`.",
    params(
        ("who" = String, Path, description = "An id (p_…), an email, phone or URL, or a name"),
        ("diagnosis" = String, Path, description = "The diagnosis muted")
    ),
    responses(
        (status = 200, description = "The mute lifted", body = kith_app::facts::Unmuted),
        (status = 404, description = "Nobody matches `who`, or the diagnosis is not muted for them", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "No such diagnosis exists", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes
    )
)]
pub(crate) async fn unmute(
    _auth: Auth,
    state: Scope,
    ApiPath((who, diagnosis)): ApiPath<(String, String)>,
) -> Result<Json<facts::Unmuted>, WebError> {
    let diagnosis: DiagnosisKind = diagnosis.parse().map_err(kith_app::Error::from)?;
    Ok(Json(facts::unmute(&state.ctx(), &who, diagnosis).await?))
}

/// `DELETE /api/v1/people/{who}`
#[utoipa::path(
    delete,
    path = "/api/v1/people/{who}",
    tag = "records",
    summary = "Remove a person",
    description = "The person and everything that is only theirs are removed: the same JSON as \
                   `kith person rm --json`.",
    params(Who),
    responses(
        (status = 200, description = "Who was removed", body = kith_app::people::Removed),
        (status = 422, description = "`who` names several people", body = Problem, content_type = PROBLEM_JSON),
        Unknown, Refused, Changes
    )
)]
pub(crate) async fn remove(
    _auth: Auth,
    state: Scope,
    ApiPath(who): ApiPath<String>,
) -> Result<Json<people::Removed>, WebError> {
    Ok(Json(people::remove(&state.ctx(), &who).await?))
}
