//! kith's own JSON export, restored whole into an empty database.

use super::Export;
use crate::{Ctx, Result};
use kith_core::Snapshot;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a restore brought back, counted (in the order the JSON always had).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Restored {
    /// Ledger entries.
    pub exchanges: usize,
    /// Interactions.
    pub interactions: usize,
    /// Organizations.
    pub organizations: usize,
    /// People.
    pub people: usize,
    /// The database restored into, as the store names it.
    #[serde(skip)]
    pub location: String,
}

/// Restores an export into an empty database, all or nothing.
pub async fn restore(ctx: &Ctx, export: Export) -> Result<Restored> {
    restore_snapshot(ctx, Arc::new(export.snapshot)).await
}

/// Restores a snapshot (an export read, or a network made rather than read) into an
/// empty database, all or nothing.
pub async fn restore_snapshot(ctx: &Ctx, snapshot: Arc<Snapshot>) -> Result<Restored> {
    ctx.store.restore(snapshot.clone()).await?;
    Ok(Restored {
        exchanges: snapshot.exchanges.len(),
        interactions: snapshot.interactions.len(),
        organizations: snapshot.organizations.len(),
        people: snapshot.people.len(),
        location: ctx.store.location(),
    })
}
