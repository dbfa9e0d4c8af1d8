//! `kith review`, `kith plan` and `kith health`, and the "Health" section of `kith show`:
//! carried out by `kith_app::health`, rendered here.

mod explain;
mod review;

pub use explain::health;
pub use review::{render as render_review, review};

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::health::{PersonHealth, Plan};
use kith_core::Person;
use kith_core::health::Diagnosis;

/// Prints a person's moves in order, each with its reason and what was already tried.
pub async fn plan(ctx: &Ctx, who: &str) -> Result<()> {
    render_plan(ctx, &kith_app::health::plan(ctx, who).await?)
}

/// Prints a person's moves.
pub fn render_plan(ctx: &Ctx, plan: &Plan) -> Result<()> {
    if ctx.json {
        return out::json(plan);
    }
    let found = diagnosis_names(&plan.diagnoses);
    if plan.plan.is_empty() {
        let state = if found.is_empty() { "nothing to report".to_owned() } else { found };
        return out::line(&format!("no moves for {} ({} tier): {state}", plan.name, plan.tier));
    }
    out::line(&format!("Plan for {} ({} tier; {found})", plan.name, plan.tier))?;
    for (n, step) in plan.plan.iter().enumerate() {
        out::line(&format!("  {}. {}: {}", n + 1, step.action, step.reason))?;
        if let Some(tried) = &step.tried {
            out::line(&format!("     already tried: {tried}"))?;
        }
        if let Some(draft) = step.action.draft() {
            out::line(&format!(
                "     draft it: {}",
                super::compose::draft_command(&plan.name, &plan.person, draft)
            ))?;
        }
    }
    Ok(())
}

/// The names of the diagnoses, most severe first, comma-separated.
fn diagnosis_names(diagnoses: &[Diagnosis]) -> String {
    diagnoses.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>().join(", ")
}

/// The "Health" section of `kith show`: tier, strength, each diagnosis with its evidence,
/// and the first move.
pub fn print_section(person: &Person, health: &PersonHealth) -> Result<()> {
    let field = |label: &str, value: &str| out::line(&format!("  {label:<11}{value}"));
    out::line("\nHealth")?;
    let pinned = if person.tier.is_some() { ", pinned" } else { "" };
    field("tier", &format!("{}{pinned} (strength {:.0} of 100)", health.tier, health.strength))?;
    if health.diagnoses.is_empty() {
        field("diagnoses", "none")?;
    }
    for (n, d) in health.diagnoses.iter().enumerate() {
        field(if n == 0 { "diagnoses" } else { "" }, &format!("{}: {}", d.kind, d.evidence))?;
    }
    if let Some(step) = &health.first_move {
        field(
            "first move",
            &format!("{} (`kith plan \"{}\"` for why and what next)", step.action, person.name),
        )?;
    }
    Ok(())
}
