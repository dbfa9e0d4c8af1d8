//! `kith fact`, `kith mute`, `kith unmute` and the owner's declared changes (`kith me
//! strategy-change` …): what the user knows that the data cannot show.

use crate::cli::{FactArgs, MuteArgs, UnmuteArgs};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::when::not_after;
use kith_core::{Person, clean_text};

/// Records a fact about a person, removes one (`--remove`), or lists theirs.
pub async fn fact(ctx: &Ctx, args: FactArgs) -> Result<()> {
    match (&args.fact, &args.remove) {
        (Some(fact), _) => record(ctx, &args, fact).await,
        (None, Some(fact)) => remove(ctx, &args.who, fact).await,
        (None, None) => list(ctx, &args.who).await,
    }
}

async fn record(ctx: &Ctx, args: &FactArgs, fact: &str) -> Result<()> {
    let fact: Fact = fact.parse()?;
    let at = ctx.when(args.since.as_deref())?;
    not_after(at, ctx.now_ts(), "the fact")?;
    let note = args.note.as_deref().map(|n| clean_text(n, "note")).transpose()?;
    let person = who::person(ctx, &args.who).await?;
    let new = PersonFact { person: person.id.clone(), fact, at, note };
    let stored = ctx.store.record_fact(&new).await?;
    if ctx.json {
        return out::json(&stored);
    }
    out::line(&format!("recorded on {}: {}", person.name, describe_fact(&stored)))
}

async fn remove(ctx: &Ctx, who: &str, fact: &str) -> Result<()> {
    let fact: Fact = fact.parse()?;
    let person = who::person(ctx, who).await?;
    let Some(removed) = ctx.store.remove_fact(&person.id, fact).await? else {
        let why = format!("{} has no fact \"{fact}\"; see `kith fact \"{}\"`", person.name, person.name);
        return Err(UserError::NotFound(why).into());
    };
    if ctx.json {
        return out::json(&serde_json::json!({ "removed": removed }));
    }
    out::line(&format!("removed {fact} from {}", person.name))
}

async fn list(ctx: &Ctx, who: &str) -> Result<()> {
    let person = who::person(ctx, who).await?;
    let facts = ctx.store.facts_of(&person.id).await?;
    if ctx.json {
        return out::json(&facts);
    }
    let mut table = out::table(["fact", "since", "note"]);
    for f in &facts {
        table.add_row([f.fact.as_str(), &out::date(f.at), out::or_dash(f.note.as_deref())]);
    }
    let none = format!(
        "no facts about {}; record one with `kith fact \"{}\" interests-diverged`",
        person.name, person.name
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
    let since = ctx.when(since)?;
    let stored = ctx.store.set_owner_fact(&OwnerFact { change, since }).await?;
    if ctx.json {
        return out::json(&stored);
    }
    out::line(&format!("declared {change} since {}", out::date(stored.since)))
}

/// Withdraws a declared change.
pub async fn withdraw(ctx: &Ctx, change: &str) -> Result<()> {
    let change: OwnerChange = change.parse()?;
    let Some(cleared) = ctx.store.clear_owner_fact(change).await? else {
        let why = format!("you have not declared {change}; see `kith me list`");
        return Err(UserError::NotFound(why).into());
    };
    if ctx.json {
        return out::json(&serde_json::json!({ "cleared": cleared }));
    }
    out::line(&format!("cleared {change} (declared since {})", out::date(cleared.since)))
}

/// Prints the owner's declared changes, if any, under their own heading.
pub async fn print_declared(ctx: &Ctx) -> Result<()> {
    let declared = ctx.store.owner_facts().await?;
    if declared.is_empty() {
        return Ok(());
    }
    out::line("\nDeclared changes")?;
    for d in &declared {
        out::line(&format!("  {} since {}", d.change, out::date(d.since)))?;
    }
    Ok(())
}

/// Mutes a diagnosis for a person until a date in the future.
pub async fn mute(ctx: &Ctx, args: MuteArgs) -> Result<()> {
    let diagnosis: DiagnosisKind = args.diagnosis.parse()?;
    let until = ctx.when(Some(&args.until))?;
    let person = who::person(ctx, &args.who).await?;
    let mute = Mute::new(person.id.clone(), diagnosis, until, ctx.now_ts())?;
    let stored = ctx.store.mute(&mute).await?;
    if ctx.json {
        return out::json(&stored);
    }
    out::line(&format!("muted {diagnosis} for {} until {}", person.name, out::date(stored.until)))
}

/// Lifts a mute.
pub async fn unmute(ctx: &Ctx, args: UnmuteArgs) -> Result<()> {
    let diagnosis: DiagnosisKind = args.diagnosis.parse()?;
    let person = who::person(ctx, &args.who).await?;
    let Some(lifted) = ctx.store.unmute(&person.id, diagnosis).await? else {
        let why = format!("{diagnosis} is not muted for {}", person.name);
        return Err(UserError::NotFound(why).into());
    };
    if ctx.json {
        return out::json(&serde_json::json!({ "unmuted": lifted }));
    }
    out::line(&format!("unmuted {diagnosis} for {}", person.name))
}

/// A person's facts and the mutes still in force, for `kith show`.
pub async fn of_person(ctx: &Ctx, person: &Person) -> Result<(Vec<PersonFact>, Vec<Mute>)> {
    let facts = ctx.store.facts_of(&person.id).await?;
    let now = ctx.now_ts();
    let mutes =
        ctx.store.mutes().await?.into_iter().filter(|m| m.silences(&person.id, m.diagnosis, now)).collect();
    Ok((facts, mutes))
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
