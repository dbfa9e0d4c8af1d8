//! `kith fact`, `kith mute`, `kith unmute` and the owner's declared changes (`kith me
//! strategy-change` …): what the user knows that the data cannot show. Parsed here,
//! carried out by `kith_app::facts`.

use crate::cli::{FactArgs, MuteArgs, UnmuteArgs};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::facts::{self, FactInput};
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};

/// Records a fact about a person, removes one (`--remove`), or lists theirs.
pub async fn fact(ctx: &Ctx, args: FactArgs) -> Result<()> {
    match (&args.fact, &args.remove) {
        (Some(fact), _) => record(ctx, &args, fact).await,
        (None, Some(fact)) => remove(ctx, &args.who, fact).await,
        (None, None) => list(ctx, &args.who).await,
    }
}

async fn record(ctx: &Ctx, args: &FactArgs, fact: &str) -> Result<()> {
    let input =
        FactInput { fact: fact.parse()?, since: ctx.when(args.since.as_deref())?, note: args.note.clone() };
    let recorded = facts::record(ctx, &args.who, input).await?;
    if ctx.json {
        return out::json(&recorded);
    }
    out::line(&format!("recorded on {}: {}", recorded.name, describe_fact(&recorded.fact)))
}

async fn remove(ctx: &Ctx, who: &str, fact: &str) -> Result<()> {
    let fact: Fact = fact.parse()?;
    let removed = facts::remove(ctx, who, fact).await?;
    if ctx.json {
        return out::json(&removed);
    }
    out::line(&format!("removed {fact} from {}", removed.name))
}

async fn list(ctx: &Ctx, who: &str) -> Result<()> {
    let list = facts::list(ctx, who).await?;
    if ctx.json {
        return out::json(&list);
    }
    let mut table = out::table(["fact", "since", "note"]);
    for f in &list.facts {
        table.add_row([f.fact.as_str(), &out::date(f.at), out::or_dash(f.note.as_deref())]);
    }
    let none = format!(
        "no facts about {}; record one with `kith fact \"{}\" interests-diverged`",
        list.name, list.name
    );
    out::table_or(&table, &none)
}

/// "interests_diverged since 2026-03-14: moved to biotech".
fn describe_fact(f: &PersonFact) -> String {
    let note = f.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
    format!("{} since {}{note}", f.fact, out::date(f.at))
}

/// Declares a change in the owner's working life (again: from the new date).
pub async fn declare(ctx: &Ctx, change: OwnerChange, since: Option<&str>) -> Result<()> {
    let stored = facts::declare(ctx, change, ctx.when(since)?).await?;
    if ctx.json {
        return out::json(&stored);
    }
    out::line(&format!("declared {change} since {}", out::date(stored.since)))
}

/// Withdraws a declared change.
pub async fn withdraw(ctx: &Ctx, change: &str) -> Result<()> {
    let change: OwnerChange = change.parse()?;
    let cleared = facts::withdraw(ctx, change).await?;
    if ctx.json {
        return out::json(&cleared);
    }
    out::line(&format!("cleared {change} (declared since {})", out::date(cleared.cleared.since)))
}

/// Prints the owner's declared changes, if any, under their own heading.
pub fn print_declared(declared: &[OwnerFact]) -> Result<()> {
    if declared.is_empty() {
        return Ok(());
    }
    out::line("\nDeclared changes")?;
    for d in declared {
        out::line(&format!("  {} since {}", d.change, out::date(d.since)))?;
    }
    Ok(())
}

/// Mutes a diagnosis for a person until a date in the future.
pub async fn mute(ctx: &Ctx, args: MuteArgs) -> Result<()> {
    let diagnosis: DiagnosisKind = args.diagnosis.parse()?;
    let until = ctx.when(Some(&args.until))?;
    let muted = facts::mute(ctx, &args.who, diagnosis, until).await?;
    if ctx.json {
        return out::json(&muted);
    }
    out::line(&format!("muted {diagnosis} for {} until {}", muted.name, out::date(muted.mute.until)))
}

/// Lifts a mute.
pub async fn unmute(ctx: &Ctx, args: UnmuteArgs) -> Result<()> {
    let diagnosis: DiagnosisKind = args.diagnosis.parse()?;
    let unmuted = facts::unmute(ctx, &args.who, diagnosis).await?;
    if ctx.json {
        return out::json(&unmuted);
    }
    out::line(&format!("unmuted {diagnosis} for {}", unmuted.name))
}

/// The "Facts" section of `kith show`: nothing when there is nothing to say.
pub fn print_section(facts: &[PersonFact], mutes: &[Mute]) -> Result<()> {
    if facts.is_empty() && mutes.is_empty() {
        return Ok(());
    }
    out::line("\nFacts")?;
    for f in facts {
        out::line(&format!("  {}", describe_fact(f)))?;
    }
    for m in mutes {
        out::line(&format!("  {} muted until {}", m.diagnosis, out::date(m.until)))?;
    }
    Ok(())
}
