//! The reciprocity ledger.

use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{ExchangeRow, stored};
use crate::{Given, Result};
use jiff::Timestamp;
use kith_core::{
    Exchange, ExchangeId, ExchangeKind, Giver, Giving, NewExchange, PersonId, plan_decline, plan_giving,
};
use sqlx::SqliteConnection;

/// Records a ledger entry as it stands.
pub(super) async fn record(conn: &mut SqliteConnection, new: &NewExchange) -> Result<Exchange> {
    require_person(conn, &new.person).await?;
    let new = NewExchange { at: stored(new.at)?, ..new.clone() };
    let exchange = new.with_id(new_id(ExchangeId::from_bits)?);
    insert(conn, &exchange).await?;
    Ok(exchange)
}

/// Records a giving: it fulfils the open ask kith-core picks from the person's ledger,
/// or becomes a new entry.
pub(super) async fn give(conn: &mut SqliteConnection, giving: &NewExchange) -> Result<Given> {
    let existing = with(conn, &giving.person).await?;
    let giving = NewExchange { at: stored(giving.at)?, ..giving.clone() };
    match plan_giving(&existing, &giving)? {
        Giving::Fulfils(entry) => {
            update(conn, &entry).await?;
            Ok(Given { entry, fulfilled_ask: true })
        }
        Giving::Unasked => Ok(Given { entry: record(conn, &giving).await?, fulfilled_ask: false }),
    }
}

/// Declines the open ask kith-core picks, if there is one.
pub(super) async fn decline(
    conn: &mut SqliteConnection,
    person: &PersonId,
    giver: Giver,
    kind: ExchangeKind,
    at: Timestamp,
    now: Timestamp,
) -> Result<Option<Exchange>> {
    let existing = with(conn, person).await?;
    let declined = plan_decline(&existing, giver, kind, stored(at)?, now)?;
    if let Some(entry) = &declined {
        update(conn, entry).await?;
    }
    Ok(declined)
}

/// Writes what settling changes in an entry.
pub(super) async fn update(conn: &mut SqliteConnection, x: &Exchange) -> Result<()> {
    sqlx::query("UPDATE exchanges SET status = ?2, weight = ?3, closed_at = ?4, note = ?5 WHERE id = ?1")
        .bind(x.id.as_str())
        .bind(x.status.as_str())
        .bind(x.weight)
        .bind(x.closed_at.map(|t| t.as_second()))
        .bind(x.note.as_deref())
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes a ledger entry as it is.
pub(super) async fn insert(conn: &mut SqliteConnection, x: &Exchange) -> Result<()> {
    sqlx::query(
        "INSERT INTO exchanges (id, person, kind, weight, giver, status, asked, opened_at, closed_at, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .bind(x.id.as_str())
    .bind(x.person.as_str())
    .bind(x.kind.as_str())
    .bind(x.weight)
    .bind(x.giver.as_str())
    .bind(x.status.as_str())
    .bind(x.asked)
    .bind(x.opened_at.as_second())
    .bind(x.closed_at.map(|t| t.as_second()))
    .bind(x.note.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's ledger (or everyone's), oldest first. The entries are sorted here rather
/// than by SQLite, which would sort everyone's in a temporary tree.
pub(super) async fn load(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<Exchange>> {
    let mut entries = fetch_plain::<ExchangeRow>(conn, of_person(person), "").await?;
    sort(&mut entries);
    Ok(entries)
}

/// Puts ledger entries oldest first (then by id); packed histories keep the same order
/// (`histories::IdOrder`).
pub(super) fn sort(entries: &mut [Exchange]) {
    entries.sort_unstable_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));
}

/// A person's ledger, oldest first, or [`crate::StoreError::NotFound`].
pub(super) async fn with(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<Exchange>> {
    require_person(conn, id).await?;
    load(conn, Some(id)).await
}
