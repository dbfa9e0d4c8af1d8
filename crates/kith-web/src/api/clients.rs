//! Client work over the API: organizations (`/api/v1/orgs`, as `kith org … --json`),
//! engagements (`/api/v1/engagements`, as `kith engagement … --json`) and an
//! engagement's offboarding (`/api/v1/orgs/{org}/offboarding`, as `kith offboard --json`).

use super::{ApiJson, ApiPath, ApiQuery, Changes, JsonBody, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use kith_app::offboard::{OffboardInput, Offboarding, TypedOffboard, offboard_among, standing};
use kith_app::orgs::{
    self, EngagementAdded, EngagementInput, EngagementList, EngagementView, Finished, OrgList, OrgView,
};
use kith_core::{Engagement, Organization};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The organization a route is about.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "it describes the path for the document; `ApiPath` reads it")]
pub(crate) struct Org {
    /// An id (o_…), a domain or a name.
    org: String,
}

/// The engagement a route is about.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "it describes the path for the document; `ApiPath` reads it")]
pub(crate) struct EngagementParam {
    /// An id (e_…), or a client with exactly one engagement.
    id: String,
}

/// Every organization, as `kith org list --json`.
#[utoipa::path(
    get,
    path = "/api/v1/orgs",
    tag = "clients",
    summary = "Every organization",
    responses((status = 200, description = "The organizations", body = [Organization]), Refused)
)]
pub(crate) async fn orgs(_auth: Auth, state: Scope) -> Result<Json<OrgList>, WebError> {
    Ok(Json(orgs::orgs(&state.ctx()).await?))
}

/// One organization, its people and its engagements, as `kith org show --json`.
#[utoipa::path(
    get,
    path = "/api/v1/orgs/{org}",
    tag = "clients",
    summary = "One organization",
    params(Org),
    responses(
        (status = 200, description = "The organization, its people and engagements", body = OrgView),
        (status = 404, description = "No organization matches `org`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "`org` matches several organizations", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn org(
    _auth: Auth,
    state: Scope,
    ApiPath(org): ApiPath<String>,
) -> Result<Json<OrgView>, WebError> {
    Ok(Json(orgs::org(&state.ctx(), &org).await?))
}

/// An organization to add, as `kith org add` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewOrg {
    /// Its name.
    name: String,
    /// The internet domains it owns (people are placed there by their email).
    #[serde(default)]
    domains: Vec<String>,
}

/// Adds an organization, as `kith org add --json`.
#[utoipa::path(
    post,
    path = "/api/v1/orgs",
    tag = "clients",
    summary = "Add an organization",
    request_body = NewOrg,
    responses(
        (status = 200, description = "The organization added", body = Organization),
        (status = 422, description = "A name or domain that cannot be used", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn add_org(
    _auth: Auth,
    state: Scope,
    ApiJson(new): ApiJson<NewOrg>,
) -> Result<Json<Organization>, WebError> {
    Ok(Json(orgs::add_org(&state.ctx(), &new.name, &new.domains).await?))
}

/// What `kith engagement list` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EngagementsQuery {
    /// Only the engagements going on.
    #[serde(default)]
    active: bool,
}

/// The engagements, as `kith engagement list --json`.
#[utoipa::path(
    get,
    path = "/api/v1/engagements",
    tag = "clients",
    summary = "Client engagements",
    params(EngagementsQuery),
    responses((status = 200, description = "The engagements", body = [Engagement]), Refused)
)]
pub(crate) async fn engagements(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<EngagementsQuery>,
) -> Result<Json<EngagementList>, WebError> {
    Ok(Json(orgs::engagements(&state.ctx(), query.active).await?))
}

/// One engagement, as `kith engagement show --json`.
#[utoipa::path(
    get,
    path = "/api/v1/engagements/{id}",
    tag = "clients",
    summary = "One engagement",
    params(EngagementParam),
    responses(
        (status = 200, description = "The engagement", body = Engagement),
        (status = 404, description = "No engagement matches", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "The client named has several engagements", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn engagement(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<EngagementView>, WebError> {
    Ok(Json(orgs::engagement(&state.ctx(), &id).await?))
}

/// An engagement to start, as `kith engagement add` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewEngagement {
    /// The client: an id, a domain or a name.
    org: String,
    /// What the work is.
    title: String,
    /// When it started, as the command line reads dates (`2026-03-01`, `3w`); none: now.
    #[serde(default)]
    start: Option<String>,
    /// The people in it, each as the command line's `<who>` names them.
    #[serde(default)]
    people: Vec<String>,
}

/// Starts an engagement with a client, as `kith engagement add --json`.
#[utoipa::path(
    post,
    path = "/api/v1/engagements",
    tag = "clients",
    summary = "Start an engagement",
    request_body = NewEngagement,
    responses(
        (status = 200, description = "The engagement started", body = Engagement),
        (status = 404, description = "No organization or person matches", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A title or date that cannot be used", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn add_engagement(
    _auth: Auth,
    state: Scope,
    ApiJson(new): ApiJson<NewEngagement>,
) -> Result<Json<EngagementAdded>, WebError> {
    let NewEngagement { org, title, start, people } = new;
    let input = EngagementInput { org, title, start, people };
    Ok(Json(orgs::add_engagement(&state.ctx(), input).await?))
}

/// When an engagement finished.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Finish {
    /// When it finished, as the command line reads dates; none: now.
    #[serde(default)]
    at: Option<String>,
}

/// Finishes an active engagement, as `kith engagement finish --json`.
#[utoipa::path(
    post,
    path = "/api/v1/engagements/{id}/finish",
    tag = "clients",
    summary = "Finish an engagement",
    params(EngagementParam),
    request_body = Finish,
    responses(
        (status = 200, description = "The engagement, finished", body = Engagement),
        (status = 404, description = "No active engagement matches", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "Already finished, or a date before its start or in the future", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn finish(
    _auth: Auth,
    state: Scope,
    ApiPath(id): ApiPath<String>,
    ApiJson(finish): ApiJson<Finish>,
) -> Result<Json<Finished>, WebError> {
    Ok(Json(orgs::finish_engagement(&state.ctx(), &id, finish.at.as_deref()).await?))
}

/// Which engagement of a client.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct OffboardingQuery {
    /// The engagement, by id (e_…), when the client has several; else its active one, or
    /// its only one.
    engagement: Option<String>,
}

/// Where an engagement's offboarding stands, person by person, writing nothing: the
/// checklist `kith offboard <org> --json` gives, with `written` empty (the POST writes
/// the thank-yous that are missing).
#[utoipa::path(
    get,
    path = "/api/v1/orgs/{org}/offboarding",
    tag = "clients",
    summary = "An engagement's offboarding checklist",
    params(Org, OffboardingQuery),
    responses(
        (status = 200, description = "The engagement and its checklist", body = Offboarding),
        (status = 404, description = "No organization or engagement matches", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "The client has several engagements: name one", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn offboarding(
    _auth: Auth,
    state: Scope,
    ApiPath(org): ApiPath<String>,
    ApiQuery(query): ApiQuery<OffboardingQuery>,
) -> Result<Json<Offboarding>, WebError> {
    Ok(Json(standing(&state.ctx(), &org, query.engagement.as_deref()).await?))
}

/// What `kith offboard` takes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Offboard {
    /// The engagement, by id, when the client has several active ones.
    #[serde(default)]
    engagement: Option<String>,
    /// How the engagement went, to record now: a reference is asked for only when it
    /// went well.
    #[serde(default)]
    went_well: Option<bool>,
    /// End the engagement and schedule check-ins (refused until everyone was thanked).
    #[serde(default)]
    finish: bool,
    /// How often to check in after finishing, as the command line takes it (120d unless
    /// given).
    #[serde(default)]
    #[schema(example = "120d")]
    checkins_every: Option<String>,
    /// warm (unless given), frank or light.
    #[serde(default)]
    tone: Option<String>,
    /// conversation or email; unless given, by tier.
    #[serde(default)]
    manner: Option<String>,
    /// text (unless given) or markdown.
    #[serde(default)]
    format: Option<String>,
}

/// Winds an engagement down as `kith offboard <org> --json` does: records how it went if
/// said, writes the personal thank-yous that are missing or out of step, finishes it if
/// asked, and returns the checklist.
#[utoipa::path(
    post,
    path = "/api/v1/orgs/{org}/offboarding",
    tag = "clients",
    summary = "Offboard an engagement",
    params(Org),
    request_body = Offboard,
    responses(
        (status = 200, description = "The thank-yous written and the checklist", body = Offboarding),
        (status = 404, description = "No organization or engagement matches", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "Refused: finishing before everyone was thanked, nobody recorded, or a field that does not fit", body = Problem, content_type = PROBLEM_JSON),
        Refused, Changes, JsonBody
    )
)]
pub(crate) async fn offboard(
    _auth: Auth,
    state: Scope,
    ApiPath(org): ApiPath<String>,
    ApiJson(request): ApiJson<Offboard>,
) -> Result<Json<Offboarding>, WebError> {
    let input = request.input()?;
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    Ok(Json(offboard_among(&ctx, &assessed, &org, input).await?))
}

impl Offboard {
    fn input(&self) -> Result<OffboardInput, WebError> {
        Ok(OffboardInput::typed(TypedOffboard {
            engagement: self.engagement.as_deref(),
            went_well: self.went_well,
            finish: self.finish,
            checkins_every: self.checkins_every.as_deref(),
            tone: self.tone.as_deref(),
            format: self.format.as_deref(),
            manner: self.manner.as_deref(),
        })?)
    }
}
