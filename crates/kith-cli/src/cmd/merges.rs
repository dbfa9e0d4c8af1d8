//! `kith person merge`, `merges` and `unmerge`: joining two records of one person,
//! every merge kith or the user made, and undoing one.

use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::Result;
use kith_app::who;
use kith_core::MergeId;
use kith_store::MergeNotice;

/// Merges OTHER into KEEP by hand.
pub async fn merge(ctx: &Ctx, keep: &str, other: &str) -> Result<()> {
    let keep = who::person(ctx, keep).await?;
    let other = who::person(ctx, other).await?;
    let (merged, record) =
        ctx.store.merge_people(&keep.id, &other.id, "merged by hand", ctx.now_ts()).await?;
    if ctx.json {
        return out::json(&record);
    }
    out::line(&format!("merged {} ({}) into {} ({})", other.name, other.id, merged.name, merged.id))?;
    out::line(&format!("to undo it: kith person unmerge {}", record.id))
}

/// Lists the merges, of one person if named.
pub async fn list(ctx: &Ctx, who: Option<&str>) -> Result<()> {
    let person = match who {
        Some(who) => Some(who::person(ctx, who).await?.id),
        None => None,
    };
    let merges = ctx.store.merges(person.as_ref()).await?;
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
    let id = MergeId::parse(id).ok_or_else(|| {
        UserError::Invalid(format!(
            "{id:?} is not a merge id (m_…): `kith person merges` lists them, `kith person merges NAME` those of one person"
        ))
    })?;
    let (kept, back) = ctx.store.unmerge(&id, ctx.now_ts()).await?;
    if ctx.json {
        return out::json(&serde_json::json!({ "kept": kept, "restored": back }));
    }
    out::line(&format!(
        "undid {id}: {} ({}) and {} ({}) are two people again, each with what they brought; \
         kith will not join them again",
        kept.name, kept.id, back.name, back.id
    ))
}

/// One line for a merge an import made: who into whom, on which identity, and how to
/// undo it.
pub fn describe(m: &MergeNotice) -> String {
    let on = m.on.as_ref().map(|i| format!(" on {i}")).unwrap_or_default();
    format!("merged {} into {} ({}){on}: undo with kith person unmerge {}", m.absorbed, m.into, m.kept, m.id)
}
