//! `GET /network`: the network as rings around the owner, the closest tier innermost,
//! each person a dot coloured by their most urgent diagnosis and linked to their page.
//! The rings come from `kith_app::network::rings` over the assessment kept; the picture
//! is laid out by [`crate::rings`] and written by the template.

use super::{PageQuery, render};
use crate::auth::Auth;
use crate::error::PageError;
use crate::rings::{SIZE, draw};
use crate::state::Scope;
use axum::response::Html;
use kith_app::network::{RingsInput, rings};
use minijinja::context;
use serde::Deserialize;

/// The most people a ring shows unless asked for fewer: the most urgent are drawn, and
/// the page says how many are left out.
const MOST: usize = 600;

/// What the page takes.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NetworkQuery {
    /// At most this many people a ring (up to [`MOST`]).
    most: Option<usize>,
}

/// `GET /network`
pub(crate) async fn network(
    auth: Auth,
    state: Scope,
    PageQuery(query): PageQuery<NetworkQuery>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let most = query.most.unwrap_or(MOST).clamp(1, MOST);
    let rings = rings(&*state.judged(&ctx).await?, RingsInput { most: Some(most) });
    let drawn = draw(&rings);
    Ok(render(
        "network.html",
        Some(&auth),
        context! {
            here => "/network",
            assessed => rings.assessed,
            drawn,
            size => SIZE,
            centre => SIZE / 2.0,
        },
    )?)
}
