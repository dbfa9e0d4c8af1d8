//! Merging two records of one person.

use super::people;
use super::query::require_person;
use crate::{Result, StoreError};
use kith_core::{MergePlan, Person};
use sqlx::SqliteConnection;

/// Tables listing people as members of something, with the column naming that thing.
const MEMBERSHIPS: [(&str, &str); 2] = [
    ("interaction_participants", "interaction"),
    ("engagement_people", "engagement"),
];

/// Tables of things that belong to one person.
const BELONGINGS: [&str; 4] = ["exchanges", "notes", "transitions", "checkins"];

/// Moves everything of the absorbed person to the kept one, deletes the absorbed
/// person and writes the merged record over the kept one.
pub(super) async fn carry_out(conn: &mut SqliteConnection, plan: &MergePlan) -> Result<Person> {
    let kept = plan.merged.id.as_str();
    let gone = plan.absorbed.id.as_str();
    if kept == gone {
        return Err(StoreError::Unsupported(format!(
            "{kept} cannot be merged with itself"
        )));
    }
    require_person(conn, &plan.merged.id).await?;
    require_person(conn, &plan.absorbed.id).await?;
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
    // Deleting the absorbed person first frees their identities for the merged record.
    sqlx::query("DELETE FROM people WHERE id = ?1")
        .bind(gone)
        .execute(&mut *conn)
        .await?;
    people::save(conn, &plan.merged).await?;
    people::one(conn, &plan.merged.id).await
}
