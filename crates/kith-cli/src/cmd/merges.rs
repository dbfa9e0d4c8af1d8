//! `kith person merge`, `merges` and `unmerge`: joining two records of one person,
//! every merge kith or the user made, and undoing one; parsed here, carried out by
//! `kith_app::dupes`.

use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::dupes;

/// Merges OTHER into KEEP by hand.
pub async fn merge(ctx: &Ctx, keep: &str, other: &str) -> Result<()> {
    let merged = dupes::merge(ctx, keep, other).await?;
    if ctx.json {
        return out::json(&merged);
    }
    let (into, absorbed) = (&merged.merged, &merged.absorbed);
    out::line(&format!("merged {} ({}) into {} ({})", absorbed.name, absorbed.id, into.name, into.id))?;
    out::line(&format!("to undo it: kith person unmerge {}", merged.id))
}

/// Lists the merges, of one person if named.
pub async fn list(ctx: &Ctx, who: Option<&str>) -> Result<()> {
    let merges = dupes::merges(ctx, who).await?;
    if ctx.json {
        return out::json(&merges);
    }
    let mut table = out::table(["merge", "when", "kept", "absorbed", "why", "undone"]);
    for m in &merges {
        table.add_row([
            m.id.to_string(),
            out::date(m.at),
            format!("{} ({})", m.merged.name, m.kept.id),
            format!("{} ({})", m.absorbed.name, m.absorbed.id),
            m.why.clone(),
            m.undone_at.map_or_else(|| "-".to_owned(), out::date),
        ]);
    }
    out::table_or(&table, "no merges")?;
    if merges.iter().any(|m| m.undone_at.is_none()) {
        out::line("\nto undo one: kith person unmerge MERGE")?;
    }
    Ok(())
}

/// Undoes a merge.
pub async fn unmerge(ctx: &Ctx, id: &str) -> Result<()> {
    let unmerged = dupes::unmerge(ctx, &dupes::merge_id(id)?).await?;
    if ctx.json {
        return out::json(&unmerged);
    }
    let (kept, back) = (&unmerged.kept, &unmerged.restored);
    out::line(&format!(
        "undid {id}: {} ({}) and {} ({}) are two people again, each with what they brought; \
         kith will not join them again",
        kept.name, kept.id, back.name, back.id
    ))
}
