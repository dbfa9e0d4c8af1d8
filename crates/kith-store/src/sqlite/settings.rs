//! The owner's settings: the phone region, and reading stored numbers again in it.

use super::people;
use crate::Result;
use kith_core::{PhoneRegion, Renumbering};
use sqlx::SqliteConnection;

/// The key of the phone region in `settings`.
const PHONE_REGION: &str = "phone_region";

/// The region numbers without a calling code are read in, once set.
pub(super) async fn phone_region(conn: &mut SqliteConnection) -> Result<Option<PhoneRegion>> {
    let code: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1")
        .bind(PHONE_REGION)
        .fetch_optional(conn)
        .await?;
    code.map(|code| {
        PhoneRegion::new(&code).map_err(|_| crate::StoreError::Corrupt(format!("phone region {code:?}")))
    })
    .transpose()
}

/// Sets the phone region and reads every person's stored numbers again in it, as
/// kith-core plans; the owner's own numbers too.
pub(super) async fn set_phone_region(
    conn: &mut SqliteConnection,
    region: &PhoneRegion,
) -> Result<Renumbering> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )
    .bind(PHONE_REGION)
    .bind(region.code())
    .execute(&mut *conn)
    .await?;
    let plan = region.renumber(&people::all(conn).await?);
    // Numbers leave their old holders before anyone takes a new one.
    for person in &plan.changed {
        sqlx::query("DELETE FROM identities WHERE person = ?1 AND kind = 'phone'")
            .bind(person.id.as_str())
            .execute(&mut *conn)
            .await?;
    }
    for person in &plan.changed {
        people::save(conn, person).await?;
    }
    for number in people::owner_identities(conn).await? {
        let international = region.normalize(&number);
        if international != number {
            people::remove_owner_identity(conn, &number).await?;
            sqlx::query("DELETE FROM owner_refused_identities WHERE kind = ?1 AND value = ?2")
                .bind(number.kind().as_str())
                .bind(number.value())
                .execute(&mut *conn)
                .await?;
            people::add_owner_identity(conn, &international).await?;
        }
    }
    Ok(plan)
}
