//! `kith dupes`: records that are probably one person, numbered, for the user to merge
//! or to mark as two people; parsed here, carried out by `kith_app::dupes`.

use crate::cli::DupesArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::dupes::{self, Choice, Pair};

/// Lists likely duplicates scoring at least `--min`, strongest first and numbered, or
/// accepts (merges) or rejects some of them by number.
pub async fn run(ctx: &Ctx, args: &DupesArgs) -> Result<()> {
    if !args.accept_all && args.accept.is_empty() && args.reject.is_empty() {
        return show(ctx, &dupes::find(ctx, args.min).await?);
    }
    let choice =
        Choice { accept_all: args.accept_all, accept: args.accept.clone(), reject: args.reject.clone() };
    let resolved = dupes::resolve(ctx, args.min, &choice).await?;
    if ctx.json {
        return out::json(&resolved);
    }
    if resolved.nothing_chosen {
        return show(ctx, &[]);
    }
    for pair in &resolved.rejected {
        out::line(&format!(
            "{}: {} and {} are two people; not proposed again",
            pair.number, pair.a.name, pair.b.name
        ))?;
    }
    for m in &resolved.merged {
        out::line(&format!(
            "{}: merged {} into {} ({}); undo with kith person unmerge {}",
            m.number, m.absorbed, m.into.name, m.into.id, m.merge
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
