//! Query helpers the entity modules share: narrowed selects, existence checks and new
//! ids.

use super::rows::Plain;
use crate::{Result, StoreError};
use kith_core::PersonId;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, SqliteConnection};

/// A condition on `?1` that narrows a query, and the value bound to it.
pub(super) type Scope<'a> = Option<(&'static str, &'a str)>;

/// Runs `select` (narrowed by `scope`, then ordered by `order`) and decodes every row.
pub(super) async fn fetch<R>(
    conn: &mut SqliteConnection,
    select: &str,
    scope: Scope<'_>,
    order: &str,
) -> Result<Vec<R>>
where
    R: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
{
    let sql = match scope {
        Some((condition, _)) => format!("{select} WHERE {condition} {order}"),
        None => format!("{select} {order}"),
    };
    let mut query = sqlx::query_as::<_, R>(&sql);
    if let Some((_, value)) = scope {
        query = query.bind(value);
    }
    Ok(query.fetch_all(conn).await?)
}

/// Selects rows of one kind (narrowed by `scope`, then ordered by `order`) and decodes them.
pub(super) async fn fetch_plain<R: Plain>(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
    order: &str,
) -> Result<Vec<R::Value>> {
    fetch::<R>(conn, R::SELECT, scope, order).await?.into_iter().map(R::decode).collect()
}

/// Narrows a query on a table with a `person` column to one person's rows.
pub(super) fn of_person(person: Option<&PersonId>) -> Scope<'_> {
    person.map(|p| ("person = ?1", p.as_str()))
}

/// Fails with [`StoreError::NotFound`] unless `table` has a row with this id.
pub(super) async fn require(
    conn: &mut SqliteConnection,
    table: &'static str,
    entity: &'static str,
    id: &str,
) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar(&format!("SELECT 1 FROM {table} WHERE id = ?1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound { entity, id: id.to_owned() }),
    }
}

/// Fails with [`StoreError::NotFound`] unless the person exists.
pub(super) async fn require_person(conn: &mut SqliteConnection, id: &PersonId) -> Result<()> {
    require(conn, "people", "person", id.as_str()).await
}

/// A fresh id from 64 random bits.
pub(super) fn new_id<T>(from_bits: fn(u64) -> T) -> Result<T> {
    let bits = getrandom::u64()
        .map_err(|e| StoreError::Database(format!("the system's random source failed: {e}").into()))?;
    Ok(from_bits(bits))
}
