//! `kith dupes`: records that are probably one person, for the user to merge.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_core::{Person, PersonId, likely_duplicates};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Pair<'a> {
    score: u8,
    a: &'a Person,
    b: &'a Person,
    reasons: &'a [&'static str],
}

/// Lists likely duplicates scoring at least `min`, strongest first.
pub async fn run(ctx: &Ctx, min: u8) -> Result<()> {
    let people = ctx.store.people().await?;
    let found: Vec<_> = likely_duplicates(&people).into_iter().filter(|d| d.score >= min).collect();
    let by_id: HashMap<&PersonId, &Person> = people.iter().map(|p| (&p.id, p)).collect();
    let pairs: Vec<Pair> = found
        .iter()
        .filter_map(|d| {
            Some(Pair { score: d.score, a: by_id.get(&d.a)?, b: by_id.get(&d.b)?, reasons: &d.reasons })
        })
        .collect();
    if ctx.json {
        return out::json(&pairs);
    }
    let mut table = out::table(["score", "one", "other", "why"]);
    for p in &pairs {
        table.add_row([
            p.score.to_string(),
            format!("{} ({})", p.a.name, p.a.id),
            format!("{} ({})", p.b.name, p.b.id),
            p.reasons.join(", "),
        ]);
    }
    out::table_or(&table, "no likely duplicates")?;
    if let Some(first) = pairs.first() {
        out::line(&format!(
            "\nnothing is merged without you: to merge a pair, run kith person merge {} {}",
            first.a.id, first.b.id
        ))?;
    }
    Ok(())
}
