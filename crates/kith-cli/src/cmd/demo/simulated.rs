//! `kith demo --simulate N`: a network from kith's simulator instead of the sample, whose
//! relationships drift, turn one-sided or go unanswered on purpose, then its review.

use crate::cli::ReviewArgs;
use crate::cmd::health;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use jiff::Timestamp;
use kith_sim::{Config, generate};
use serde::Serialize;

/// The owner's address in the simulated network.
const OWNER: &str = "me@sim.example";

/// What was written, for `--json`.
#[derive(Serialize)]
struct Written {
    database: String,
    /// The end of the simulated history: today, at midnight UTC.
    now: Timestamp,
    people: usize,
    interactions: usize,
    exchanges: usize,
    mail: usize,
}

/// Writes `people` simulated people (history ending today) into the store, then shows the
/// review and the plan of the person who needs attention most; `kept` says whether the
/// database outlives the demo.
pub async fn run(ctx: &Ctx, people: usize, seed: u64, location: &str, kept: bool) -> Result<()> {
    let today = Timestamp::from_second(ctx.now_ts().as_second() / 86_400 * 86_400)?;
    let snapshot = generate(&Config { people, seed, now: today, ..Config::default() }).into_snapshot(OWNER);
    let written = Written {
        database: location.to_owned(),
        now: today,
        people: snapshot.people.len(),
        interactions: snapshot.interactions.len(),
        exchanges: snapshot.exchanges.len(),
        mail: snapshot.mail.len(),
    };
    if !ctx.json {
        out::line(&format!(
            "kith demo: a simulated network of {} people (seed {seed}) in {location}\nwriting {} interactions, {} mail \
             messages and {} ledger entries…",
            written.people, written.interactions, written.mail, written.exchanges
        ))?;
    }
    ctx.store.restore(&snapshot).await?;
    if ctx.json {
        return out::json(&written);
    }
    out::line("\n== Who needs you now, and why (kith review)")?;
    let review = ReviewArgs { limit: 15, ..ReviewArgs::default() };
    let assessed = health::review_keeping(ctx, review).await?;
    let first = assessed.ranked.first().filter(|a| a.needs_attention());
    if let Some(person) = first.and_then(|a| assessed.people.iter().find(|p| p.id == a.person)) {
        out::line(&format!("\n== What to do about the first of them (kith plan \"{}\")", person.name))?;
        health::print_plan(ctx, person, &assessed)?;
    }
    if kept {
        out::line(&format!("\nexplore it: kith --db {location} review --tier inner,close"))
    } else {
        out::line(&format!(
            "\nthis database was temporary; keep one with `kith --db sim.db demo --simulate {people} --seed {seed}`"
        ))
    }
}
