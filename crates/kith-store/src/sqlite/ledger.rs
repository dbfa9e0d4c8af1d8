//! The reciprocity ledger.

use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{ExchangeRow, stored};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{Exchange, ExchangeId, ExchangeStatus, NewExchange, PersonId};
use sqlx::SqliteConnection;

/// Records a ledger entry: an ask stays open, anything else is closed when it happens.
pub(super) async fn record(conn: &mut SqliteConnection, new: &NewExchange) -> Result<Exchange> {
    require_person(conn, &new.person).await?;
    let at = stored(new.at)?;
    let exchange = Exchange {
        id: new_id(ExchangeId::from_bits)?,
        person: new.person.clone(),
        kind: new.kind,
        weight: new.weight,
        giver: new.giver,
        status: new.status,
        asked: new.status != ExchangeStatus::Given,
        opened_at: at,
        closed_at: (new.status != ExchangeStatus::Asked).then_some(at),
        note: new.note.clone(),
    };
    insert(conn, &exchange).await?;
    Ok(exchange)
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

/// Closes an open ask as given or declined.
pub(super) async fn settle(
    conn: &mut SqliteConnection,
    id: &ExchangeId,
    status: ExchangeStatus,
    at: Timestamp,
) -> Result<Exchange> {
    if status == ExchangeStatus::Asked {
        return Err(StoreError::Unsupported(
            "an ask can only be settled as given or declined".into(),
        ));
    }
    let mut exchange = fetch_plain::<ExchangeRow>(conn, Some(("id = ?1", id.as_str())), "")
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound {
            entity: "exchange",
            id: id.to_string(),
        })?;
    if exchange.status != ExchangeStatus::Asked {
        return Err(StoreError::NotOpen(id.to_string()));
    }
    exchange.status = status;
    exchange.closed_at = Some(stored(at)?);
    sqlx::query("UPDATE exchanges SET status = ?2, closed_at = ?3 WHERE id = ?1")
        .bind(id.as_str())
        .bind(status.as_str())
        .bind(at.as_second())
        .execute(conn)
        .await?;
    Ok(exchange)
}

/// One person's ledger (or everyone's), oldest first.
pub(super) async fn load(conn: &mut SqliteConnection, person: Option<&PersonId>) -> Result<Vec<Exchange>> {
    fetch_plain::<ExchangeRow>(conn, of_person(person), "ORDER BY opened_at, id").await
}

/// A person's ledger, oldest first, or [`StoreError::NotFound`].
pub(super) async fn with(conn: &mut SqliteConnection, id: &PersonId) -> Result<Vec<Exchange>> {
    require_person(conn, id).await?;
    load(conn, Some(id)).await
}
