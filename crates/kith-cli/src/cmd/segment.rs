//! `kith segment`: community members who waned, by segment, with the leave-well plan for
//! each and who came back or sent others, as `kith_app::segment` finds them.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_core::Segment;

/// Runs `kith segment`.
pub async fn segment(ctx: &Ctx) -> Result<()> {
    let views = kith_app::segment::segment(ctx).await?;
    if ctx.json {
        return out::json(&views);
    }
    if views.iter().all(|v| v.report.people.is_empty()) {
        let tags: Vec<&str> = Segment::ALL.iter().map(|s| s.tag()).collect();
        return out::line(&format!(
            "nobody is in a segment yet; tag members with {} (e.g. `kith person tag <who> lapsed`)",
            tags.join(", ")
        ));
    }
    for view in &views {
        let r = &view.report;
        out::line(&format!(
            "{} (tag {}): {}; {} came back, {} sent {}",
            r.segment.typed(),
            view.tag,
            out::count(r.people.len(), "member"),
            r.revived.len(),
            out::count(r.referrers.len(), "member"),
            out::count(r.referrals, "referral"),
        ))?;
        if r.people.is_empty() {
            continue;
        }
        for (n, step) in view.plan.iter().enumerate() {
            out::line(&format!("  {}. {step}", n + 1))?;
        }
    }
    Ok(())
}
