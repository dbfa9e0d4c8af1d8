//! `kith demo`: the database chosen (a temporary one, or the new or empty one `--db`
//! names), the sample network built by `kith_app::demo`, and its walkthrough printed with
//! the commands' own renderers; `--simulate N` a simulated network, then its review.

use crate::cli::DemoArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::demo::{self as app, Demo, Outcome, SimulateInput, Simulated, Step};
use kith_store::OpenMode;

/// Builds the sample network in a temporary database (or the empty one at `--db`) and
/// shows it.
pub async fn run(db: Option<&str>, workspace: Option<&str>, json: bool, args: DemoArgs) -> Result<()> {
    let temp = tempfile::tempdir()?;
    let location = match db {
        Some(db) => db.to_owned(),
        None => temp.path().join("demo.db").to_string_lossy().into_owned(),
    };
    let workspace = workspace.filter(|_| db.is_some());
    let ctx = Ctx::open(Some(&location), workspace, json, OpenMode::CreateIfMissing).await?;
    let kept = db.is_some();
    // What to pass to explore it: the address without its password, and the workspace.
    let explore = match workspace {
        Some(name) => format!("--db {} --workspace {name}", kith_store::shown_location(&location)),
        None => format!("--db {location}"),
    };
    let location = ctx.store.location();
    if let Some(people) = args.simulate {
        let input = SimulateInput { people, seed: args.seed, review: !json };
        let simulated_network = app::simulate(&ctx, input).await?;
        return simulated(&ctx, &simulated_network, &location, kept.then_some(&*explore), args.seed);
    }
    let demo = app::build(&ctx, &super::import::Bar::new(json)).await?;
    if json {
        return out::json(&demo);
    }
    render(&ctx, &demo, &location)?;
    if kept {
        out::line(&format!("\nexplore it: kith {explore} show \"Maya Okafor\""))
    } else {
        out::line("\nthis database was temporary; keep one with `kith --db demo.db demo`")
    }
}

/// Prints the walkthrough, step by step, each under a heading naming the command that
/// shows or does the same.
fn render(ctx: &Ctx, demo: &Demo, location: &str) -> Result<()> {
    out::line(&format!("kith demo: a sample network of {} people in {location}", demo.people.len()))?;
    for step in &demo.steps {
        let Step { title, command, outcome } = step;
        if let Outcome::Recorded(_) = outcome {
            continue;
        }
        out::line(&format!("\n== {title} ({command})"))?;
        match outcome {
            Outcome::Owner { proposal, added } => {
                out::line(proposal)?;
                for identity in &added.identities {
                    out::line(&format!("(the demo takes it) added your {} {identity}", identity.kind()))?;
                }
            }
            Outcome::Imported(summary) => super::import::report(ctx, summary)?,
            Outcome::Suggestions(list) => super::suggestions::render_list(ctx, list)?,
            Outcome::Accepted(list) => super::suggestions::render_accepted(ctx, list)?,
            Outcome::Recorded(_) => {}
            Outcome::People(list) => super::people::render_list(ctx, list)?,
            Outcome::Organizations(list) => super::orgs::render_orgs(ctx, list)?,
            Outcome::Engagements(list) => super::orgs::render_engagements(ctx, list)?,
            Outcome::Person(page) => super::show::render(ctx, page)?,
            Outcome::Review(review) => super::health::render_review(ctx, review)?,
            Outcome::Plan(plan) => super::health::render_plan(ctx, plan)?,
            Outcome::Drafted(drafted) => super::compose::render_drafted(ctx, drafted)?,
            Outcome::Ended { sent, ended } => {
                super::compose::render_sent(ctx, sent)?;
                super::stages::render(ctx, ended)?;
            }
            Outcome::Offboarded(done) => super::offboard::render(ctx, done)?,
            Outcome::ThankedOne { sent, checklist } => {
                super::compose::render_sent(ctx, sent)?;
                super::offboard::render(ctx, checklist)?;
            }
            Outcome::CheckIns(due) => super::checkins::render_due(ctx, due)?,
        }
    }
    Ok(())
}

/// Prints what `demo --simulate` wrote (as JSON, only that), then its review and the plan
/// of the first who needs attention; `kept` is how to name the database to explore it,
/// when it is kept.
fn simulated(ctx: &Ctx, s: &Simulated, location: &str, kept: Option<&str>, seed: u64) -> Result<()> {
    if ctx.json {
        return out::json(s);
    }
    out::line(&format!(
        "kith demo: a simulated network of {} people (seed {seed}) in {location}\nwrote {} interactions, {} mail \
         messages and {} ledger entries",
        s.people, s.interactions, s.mail, s.exchanges
    ))?;
    if let Some(review) = &s.review {
        out::line("\n== Who needs you now, and why (kith review)")?;
        super::health::render_review(ctx, review)?;
    }
    if let Some(plan) = &s.plan {
        out::line(&format!("\n== What to do about the first of them (kith plan \"{}\")", plan.name))?;
        super::health::render_plan(ctx, plan)?;
    }
    if let Some(explore) = kept {
        out::line(&format!("\nexplore it: kith {explore} review --tier inner,close"))
    } else {
        out::line(&format!(
            "\nthis database was temporary; keep one with `kith --db sim.db demo --simulate {} --seed {seed}`",
            s.people
        ))
    }
}
