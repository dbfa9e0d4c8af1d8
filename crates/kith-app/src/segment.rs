//! Community segments and their leave-well plans: members tagged lapsed, no-budget or
//! not-joined, who in them came back, and who referred others.

use crate::{Ctx, Result};
use kith_core::{SegmentReport, segments};
use serde::{Deserialize, Serialize};

/// One segment: its report, the tag that puts a member in it, and its leave-well plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentView {
    /// Who is in it, who came back, who sent others.
    #[serde(flatten)]
    pub report: SegmentReport,
    /// The tag that puts a member in it.
    pub tag: String,
    /// The leave-well plan, step by step.
    pub plan: Vec<String>,
}

/// Every segment, in kith-core's order, empty ones included.
pub async fn segment(ctx: &Ctx) -> Result<Vec<SegmentView>> {
    let people = ctx.store.people().await?;
    let transitions = ctx.store.all_transitions().await?;
    let exchanges = ctx.store.all_exchanges().await?;
    Ok(segments(&people, &transitions, &exchanges)
        .into_iter()
        .map(|report| SegmentView {
            tag: report.segment.tag().to_owned(),
            plan: report.segment.plan().iter().map(|s| (*s).to_owned()).collect(),
            report,
        })
        .collect())
}
