//! The network over the API: everyone by tier as rings (`GET /api/v1/network`, what the
//! Network page draws) and the community segments (`GET /api/v1/segments`, as
//! `kith segment --json`).

use super::{ApiQuery, Refused};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::Scope;
use axum::Json;
use kith_app::network::{Rings, RingsInput, rings};
use kith_app::segment::{SegmentView, segment};
use serde::Deserialize;
use utoipa::IntoParams;

/// What the rings take.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NetworkQuery {
    /// At most this many people a ring, the most urgent kept (none: everyone); each ring
    /// says how many it left out.
    most: Option<usize>,
}

/// Everyone by tier, the closest first, each person with their most urgent diagnosis and
/// how urgent it is, most urgent first within a ring.
#[utoipa::path(
    get,
    path = "/api/v1/network",
    tag = "network",
    summary = "Everyone by tier, as rings",
    params(NetworkQuery),
    responses((status = 200, description = "One ring per tier, the closest first", body = Rings), Refused)
)]
pub(crate) async fn network(
    _auth: Auth,
    state: Scope,
    ApiQuery(query): ApiQuery<NetworkQuery>,
) -> Result<Json<Rings>, WebError> {
    let ctx = state.ctx();
    Ok(Json(rings(&*state.judged(&ctx).await?, RingsInput { most: query.most })))
}

/// The community segments (members tagged lapsed, no-budget or not-joined), each with
/// its leave-well plan, who came back and who referred others; as `kith segment --json`.
#[utoipa::path(
    get,
    path = "/api/v1/segments",
    tag = "network",
    summary = "Community segments and their leave-well plans",
    responses((status = 200, description = "Every segment, empty ones included", body = [SegmentView]), Refused)
)]
pub(crate) async fn segments(_auth: Auth, state: Scope) -> Result<Json<Vec<SegmentView>>, WebError> {
    Ok(Json(segment(&state.ctx()).await?))
}
