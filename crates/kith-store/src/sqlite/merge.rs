//! Merging two records of one person.

use super::{facts, people, stages};
use crate::Result;
use kith_core::{MergePlan, Person, PersonId, Stage, plan_merge};
use sqlx::SqliteConnection;

/// Tables listing people as members of something, with the column naming that thing.
const MEMBERSHIPS: [(&str, &str); 2] =
    [("interaction_participants", "interaction"), ("engagement_people", "engagement")];

/// Tables of things that belong to one person.
const BELONGINGS: [&str; 6] = ["exchanges", "notes", "transitions", "checkins", "import_sources", "drafts"];

/// Merges `other` into `keep` as kith-core plans it from both records as they are now.
pub(super) async fn merge(conn: &mut SqliteConnection, keep: &PersonId, other: &PersonId) -> Result<Person> {
    let kept = people::one(conn, keep).await?;
    let absorbed = people::one(conn, other).await?;
    let mut history = stages::transitions(conn, Some(keep)).await?;
    history.extend(stages::transitions(conn, Some(other)).await?);
    let plan = plan_merge(&kept, &absorbed, &history)?;
    carry_out(conn, &plan).await
}

/// Moves everything of the absorbed person to the kept one, deletes the absorbed
/// person and writes the merged record, stage included, over the kept one.
async fn carry_out(conn: &mut SqliteConnection, plan: &MergePlan) -> Result<Person> {
    let kept = plan.merged.id.as_str();
    let gone = plan.absorbed.id.as_str();
    for (table, group) in MEMBERSHIPS {
        // Where both took part, the absorbed person's row is left to the cascade below.
        sqlx::query(&format!(
            "UPDATE {table} SET person = ?1 WHERE person = ?2 \
             AND {group} NOT IN (SELECT {group} FROM {table} WHERE person = ?1)"
        ))
        .bind(kept)
        .bind(gone)
        .execute(&mut *conn)
        .await?;
    }
    for table in BELONGINGS {
        sqlx::query(&format!("UPDATE {table} SET person = ?1 WHERE person = ?2"))
            .bind(kept)
            .bind(gone)
            .execute(&mut *conn)
            .await?;
    }
    facts::merge(conn, &plan.merged.id, &plan.absorbed.id).await?;
    // Deleting the absorbed person first frees their identities for the merged record.
    sqlx::query("DELETE FROM people WHERE id = ?1").bind(gone).execute(&mut *conn).await?;
    people::save(conn, &plan.merged).await?;
    if plan.merged.stage == Stage::WalkedAway {
        // Walking away schedules nothing, whatever either record had scheduled.
        sqlx::query("DELETE FROM checkins WHERE person = ?1 AND done_at IS NULL")
            .bind(kept)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE people SET stage = ?2 WHERE id = ?1")
        .bind(kept)
        .bind(plan.merged.stage.as_str())
        .execute(&mut *conn)
        .await?;
    people::one(conn, &plan.merged.id).await
}
