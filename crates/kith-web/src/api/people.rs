//! `GET /api/v1/people`: the people search, as the People page makes it. Without words,
//! tiers, diagnoses or a page, it gives what `kith person list --json` gives for the same
//! tag, stage and organization.

use super::today::names;
use super::{ApiQuery, Refused};
use crate::auth::Auth;
use crate::error::{PROBLEM_JSON, Problem, WebError};
use crate::state::Scope;
use axum::Json;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use kith_app::people::{PeopleFilter, PeopleSort, SearchInput, search as search_people};
use kith_core::health::DiagnosisKind;
use kith_core::{Stage, Tier};
use serde::Deserialize;
use utoipa::IntoParams;

/// The header saying how many people the search found in all.
pub(crate) const TOTAL_HEADER: &str = "x-total-count";

/// What the search takes (the People page's form sends the same).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeopleQuery {
    /// Words, each of which must be in the name, an email, phone or URL, the
    /// organization or a tag.
    pub q: Option<String>,
    /// Only people with this tag.
    pub tag: Option<String>,
    /// Only people in this stage.
    pub stage: Option<String>,
    /// Only people at this organization: a name, a domain or an id.
    pub org: Option<String>,
    /// Only these tiers, comma-separated.
    pub tier: Option<String>,
    /// Only people with one of these diagnoses, comma-separated.
    pub diagnosis: Option<String>,
    /// name (the default), tier, strength, last_contact or attention.
    pub sort: Option<String>,
    /// How many found to pass over.
    pub offset: Option<usize>,
    /// At most this many (0 or none: all).
    pub limit: Option<usize>,
}

fn given(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

impl PeopleQuery {
    /// The search this asks for, with `limit` unless the query gives one.
    pub(crate) fn input(&self, limit: usize) -> Result<SearchInput, WebError> {
        let stage =
            given(&self.stage).map(|s| s.parse::<Stage>()).transpose().map_err(kith_app::Error::from)?;
        Ok(SearchInput {
            query: self.q.clone().unwrap_or_default(),
            filter: PeopleFilter { tag: given(&self.tag), stage, org: given(&self.org) },
            tiers: names::<Tier>(self.tier.as_deref())?,
            diagnoses: names::<DiagnosisKind>(self.diagnosis.as_deref())?,
            sort: given(&self.sort).map(|s| s.parse()).transpose()?.unwrap_or(PeopleSort::Name),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(limit),
        })
    }
}

/// The people found, in the order asked, one page of them; how many were found in all
/// is in the `X-Total-Count` header.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    summary = "Search people",
    params(PeopleQuery),
    responses(
        (status = 200, description = "The people found, as `kith person list --json` lists them", body = [kith_core::Person],
         headers(("x-total-count" = usize, description = "How many were found in all, on every page"))),
        (status = 404, description = "No organization matches `org`", body = Problem, content_type = PROBLEM_JSON),
        (status = 422, description = "A stage, tier, diagnosis, order or tag that does not exist", body = Problem, content_type = PROBLEM_JSON),
        Refused
    )
)]
pub(crate) async fn search(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> Result<Response, WebError> {
    let input = query.input(0)?;
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    let found = search_people(&ctx, &assessed, input).await?;
    let total = HeaderValue::from(found.total);
    Ok(([(HeaderName::from_static(TOTAL_HEADER), total)], Json(found)).into_response())
}
