//! `kith review`, `kith plan` and `kith health`, and the "Health" section of `kith show`:
//! everyone is assessed at once (a tier is a rank among everyone), then the attention list,
//! one person's plan or one person's metrics is shown.

mod explain;
mod review;

pub use explain::health;
pub use review::review;

use crate::context::Ctx;
use crate::out;
use anyhow::{Context as _, Result};
use kith_app::who;
use kith_core::health::{Assessment, Context, Diagnosis, HealthSettings, History, Step};
use kith_core::{Person, PersonId, Tier};
use serde::Serialize;

/// Everyone's assessment as of the run's `now`, most in need of attention first.
pub struct Assessed {
    /// Everyone, in the store's order.
    pub people: Vec<Person>,
    /// One assessment per person, ranked by attention.
    pub ranked: Vec<Assessment>,
}

impl Assessed {
    /// The assessment of `id`.
    pub fn of(&self, id: &PersonId) -> Result<&Assessment> {
        self.ranked.iter().find(|a| &a.person == id).with_context(|| format!("{id} was not assessed"))
    }
}

/// Loads everyone's history and assesses it with kith-core's review, ranked by attention.
pub async fn assess(ctx: &Ctx) -> Result<Assessed> {
    let data = ctx.store.review_data().await?;
    let now = ctx.now_ts();
    let settings = HealthSettings::default();
    let histories: Vec<History<'_>> = data
        .people
        .iter()
        .zip(&data.contacts)
        .zip(&data.exchanges)
        .map(|((person, contacts), exchanges)| History { person, contacts, exchanges })
        .collect();
    let context = Context::new(data.facts, data.mutes, data.owner_facts, data.engaged);
    let ranked = kith_core::health::review(&histories, &context, &settings, now);
    drop(histories);
    free_in_background((data.contacts, data.exchanges, context));
    Ok(Assessed { people: data.people, ranked })
}

impl Drop for Assessed {
    fn drop(&mut self) {
        free_in_background((std::mem::take(&mut self.people), std::mem::take(&mut self.ranked)));
    }
}

/// Frees `value` on a thread of its own. A review holds millions of small allocations,
/// and freeing them one by one would hold up the answer; a process that ends first hands
/// its memory back whole. Should no thread start, `value` is freed here.
fn free_in_background<T: Send + 'static>(value: T) {
    let _started = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// What `kith plan --json` prints.
#[derive(Serialize)]
struct PlanView<'a> {
    person: &'a PersonId,
    name: &'a str,
    tier: Tier,
    diagnoses: &'a [Diagnosis],
    plan: &'a [Step],
}

/// Prints a person's moves in order, each with its reason and what was already tried.
pub async fn plan(ctx: &Ctx, who: &str) -> Result<()> {
    let person = who::person(ctx, who).await?;
    print_plan(ctx, &person, &assess(ctx).await?)
}

/// Prints `person`'s plan from an assessment of everyone already made.
pub fn print_plan(ctx: &Ctx, person: &Person, assessed: &Assessed) -> Result<()> {
    let a = assessed.of(&person.id)?;
    if ctx.json {
        let view = PlanView {
            person: &person.id,
            name: &person.name,
            tier: a.tier,
            diagnoses: &a.diagnoses,
            plan: &a.plan,
        };
        return out::json(&view);
    }
    let found = diagnosis_names(&a.diagnoses);
    if a.plan.is_empty() {
        let state = if found.is_empty() { "nothing to report".to_owned() } else { found };
        return out::line(&format!("no moves for {} ({} tier): {state}", person.name, a.tier));
    }
    out::line(&format!("Plan for {} ({} tier; {found})", person.name, a.tier))?;
    for (n, step) in a.plan.iter().enumerate() {
        out::line(&format!("  {}. {}: {}", n + 1, step.action, step.reason))?;
        if let Some(tried) = &step.tried {
            out::line(&format!("     already tried: {tried}"))?;
        }
        if let Some(draft) = step.action.draft() {
            out::line(&format!(
                "     draft it: {}",
                super::compose::draft_command(&person.name, &person.id, draft)
            ))?;
        }
    }
    Ok(())
}

/// The names of the diagnoses, most severe first, comma-separated.
fn diagnosis_names(diagnoses: &[Diagnosis]) -> String {
    diagnoses.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>().join(", ")
}

/// The "Health" part of `kith show --json`.
#[derive(Serialize)]
pub struct HealthView {
    tier: Tier,
    strength: f64,
    attention: f64,
    diagnoses: Vec<Diagnosis>,
    first_move: Option<Step>,
}

/// The health of one person, for `kith show`.
pub async fn of_person(ctx: &Ctx, person: &Person) -> Result<HealthView> {
    let assessed = assess(ctx).await?;
    let a = assessed.of(&person.id)?;
    Ok(HealthView {
        tier: a.tier,
        strength: a.metrics.strength,
        attention: a.attention,
        diagnoses: a.diagnoses.clone(),
        first_move: a.plan.first().cloned(),
    })
}

/// The "Health" section of `kith show`: tier, strength, each diagnosis with its evidence,
/// and the first move.
pub fn print_section(person: &Person, health: &HealthView) -> Result<()> {
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
