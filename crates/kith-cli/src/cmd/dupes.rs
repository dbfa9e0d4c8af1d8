//! `kith dupes`: records that are probably one person, numbered, for the user to merge
//! or to mark as two people.

use crate::cli::DupesArgs;
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_core::{Person, PersonId, keeper, likely_duplicates};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Pair<'a> {
    number: usize,
    score: u8,
    a: &'a Person,
    b: &'a Person,
    reasons: Vec<String>,
}

/// Lists likely duplicates scoring at least `--min`, strongest first and numbered, or
/// accepts (merges) or rejects some of them by number.
pub async fn run(ctx: &Ctx, args: &DupesArgs) -> Result<()> {
    let people = ctx.store.people().await?;
    let distinct = ctx.store.distinct_pairs().await?;
    let by_id: HashMap<&PersonId, &Person> = people.iter().map(|p| (&p.id, p)).collect();
    let pairs: Vec<Pair> = likely_duplicates(&people, &distinct)
        .into_iter()
        .filter(|d| d.score >= args.min)
        .filter_map(|d| {
            let mut reasons: Vec<String> = d.reasons.iter().map(|r| (*r).to_owned()).collect();
            if let (Some(shared), Some(same)) =
                (&d.shared, reasons.iter_mut().find(|r| r.starts_with("same ")))
                && !same.ends_with("name")
            {
                *same = format!("{same} {shared}");
            }
            Some((by_id.get(&d.a)?, by_id.get(&d.b)?, d.score, reasons))
        })
        .enumerate()
        .map(|(n, (a, b, score, reasons))| Pair { number: n + 1, score, a, b, reasons })
        .collect();
    let chosen = |numbers: &[usize]| -> Result<Vec<&Pair>> {
        numbers
            .iter()
            .map(|&n| {
                pairs.iter().find(|p| p.number == n).ok_or_else(|| {
                    UserError::Invalid(format!(
                        "there is no pair {n}: `kith dupes` lists {} now",
                        pairs.len()
                    ))
                    .into()
                })
            })
            .collect()
    };
    let accepted = match args.accept_all {
        true => pairs.iter().collect(),
        false => chosen(&args.accept)?,
    };
    let rejected = chosen(&args.reject)?;
    if accepted.is_empty() && rejected.is_empty() {
        return show(ctx, &pairs);
    }
    if let Some(both) = accepted.iter().find(|p| rejected.iter().any(|r| r.number == p.number)) {
        return Err(UserError::Invalid(format!("pair {} is both accepted and rejected", both.number)).into());
    }
    for pair in rejected {
        ctx.store.mark_distinct(&pair.a.id, &pair.b.id, ctx.now_ts()).await?;
        out::line(&format!(
            "{}: {} and {} are two people; not proposed again",
            pair.number, pair.a.name, pair.b.name
        ))?;
    }
    accept(ctx, &accepted).await
}

/// Merges each accepted pair, the one added first staying (as an import keeps); a pair one of whose people
/// an earlier pair of the same run merged away follows them to whom they joined.
async fn accept(ctx: &Ctx, accepted: &[&Pair<'_>]) -> Result<()> {
    let mut joined: HashMap<PersonId, PersonId> = HashMap::new();
    let now_of = |id: &PersonId, joined: &HashMap<PersonId, PersonId>| {
        let mut id = id.clone();
        while let Some(next) = joined.get(&id) {
            id = next.clone();
        }
        id
    };
    for pair in accepted {
        let both = [pair.a.clone(), pair.b.clone()];
        let first = keeper(None, &both).expect("a pair holds two people");
        let second = if first.id == pair.a.id { pair.b } else { pair.a };
        let (keep, other) = (now_of(&first.id, &joined), now_of(&second.id, &joined));
        if keep == other {
            continue;
        }
        let why = format!("accepted in kith dupes: {}", pair.reasons.join(", "));
        let (merged, record) = ctx.store.merge_people(&keep, &other, &why, ctx.now_ts()).await?;
        joined.insert(other, keep);
        out::line(&format!(
            "{}: merged {} into {} ({}); undo with kith person unmerge {}",
            pair.number, second.name, merged.name, merged.id, record.id
        ))?;
    }
    Ok(())
}

fn show(ctx: &Ctx, pairs: &[Pair]) -> Result<()> {
    if ctx.json {
        return out::json(&pairs);
    }
    let mut table = out::table(["#", "score", "one", "other", "why"]);
    for p in pairs {
        table.add_row([
            p.number.to_string(),
            p.score.to_string(),
            format!("{} ({})", p.a.name, p.a.id),
            format!("{} ({})", p.b.name, p.b.id),
            p.reasons.join(", "),
        ]);
    }
    out::table_or(&table, "no likely duplicates")?;
    if !pairs.is_empty() {
        out::line(
            "\nnothing is merged without you: kith dupes --accept N… merges pairs (--accept-all every one shown), \
             --reject N… marks them as two people",
        )?;
    }
    Ok(())
}
