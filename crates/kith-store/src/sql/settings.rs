//! The owner's settings: the phone region, and reading stored numbers again in it.

use super::db;
use super::db::Db;
use super::people;
use super::value::params;
use crate::Result;
use kith_core::{PhoneRegion, Renumbering};

/// The key of the phone region in `settings`.
const PHONE_REGION: &str = "phone_region";

/// The region numbers without a calling code are read in, once set.
pub(crate) fn phone_region(conn: &dyn Db) -> Result<Option<PhoneRegion>> {
    let code: Option<String> =
        db::scalar_opt(conn, "SELECT value FROM settings WHERE key = ?1", params![PHONE_REGION])?;
    code.map(|code| {
        PhoneRegion::new(&code).map_err(|_| crate::StoreError::Corrupt(format!("phone region {code:?}")))
    })
    .transpose()
}

/// Sets the phone region and reads every person's stored numbers again in it, as
/// kith-core plans; the owner's own numbers too.
pub(crate) fn set_phone_region(conn: &dyn Db, region: &PhoneRegion) -> Result<Renumbering> {
    db::execute(
        conn,
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![PHONE_REGION, region.code()],
    )?;
    let plan = region.renumber(&people::all(conn)?);
    // Numbers leave their old holders before anyone takes a new one.
    for person in &plan.changed {
        db::execute(
            conn,
            "DELETE FROM identities WHERE person = ?1 AND kind = 'phone'",
            params![person.id.as_str()],
        )?;
    }
    for person in &plan.changed {
        people::save(conn, person)?;
    }
    for number in people::owner_identities(conn)? {
        let international = region.normalize(&number);
        if international != number {
            people::remove_owner_identity(conn, &number)?;
            db::execute(
                conn,
                "DELETE FROM owner_refused_identities WHERE kind = ?1 AND value = ?2",
                params![number.kind().as_str(), number.value()],
            )?;
            people::add_owner_identity(conn, &international)?;
        }
    }
    Ok(plan)
}
