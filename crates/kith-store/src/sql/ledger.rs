//! The reciprocity ledger.

use super::db;
use super::db::Db;
use super::query::{fetch_plain, new_id, of_person, require_person};
use super::rows::{ExchangeRow, stored};
use super::value::{Bind, Value, params};
use crate::{Given, Result};
use jiff::Timestamp;
use kith_core::{
    Exchange, ExchangeId, ExchangeKind, Giver, Giving, NewExchange, PersonId, plan_decline, plan_giving,
};

/// Records a ledger entry as it stands.
pub(crate) fn record(conn: &dyn Db, new: &NewExchange) -> Result<Exchange> {
    require_person(conn, &new.person)?;
    let new = NewExchange { at: stored(new.at)?, ..new.clone() };
    let exchange = new.with_id(new_id(ExchangeId::from_bits)?);
    insert_all(conn, std::slice::from_ref(&exchange))?;
    Ok(exchange)
}

/// Records a giving: it fulfils the open ask kith-core picks from the person's ledger,
/// or becomes a new entry.
pub(crate) fn give(conn: &dyn Db, giving: &NewExchange) -> Result<Given> {
    let existing = with(conn, &giving.person)?;
    let giving = NewExchange { at: stored(giving.at)?, ..giving.clone() };
    match plan_giving(&existing, &giving)? {
        Giving::Fulfils(entry) => {
            update(conn, &entry)?;
            Ok(Given { entry, fulfilled_ask: true })
        }
        Giving::Unasked => Ok(Given { entry: record(conn, &giving)?, fulfilled_ask: false }),
    }
}

/// Declines the open ask kith-core picks, if there is one.
pub(crate) fn decline(
    conn: &dyn Db,
    person: &PersonId,
    giver: Giver,
    kind: ExchangeKind,
    at: Timestamp,
    now: Timestamp,
) -> Result<Option<Exchange>> {
    let existing = with(conn, person)?;
    let declined = plan_decline(&existing, giver, kind, stored(at)?, now)?;
    if let Some(entry) = &declined {
        update(conn, entry)?;
    }
    Ok(declined)
}

/// Writes what settling changes in an entry.
pub(crate) fn update(conn: &dyn Db, x: &Exchange) -> Result<()> {
    db::execute(
        conn,
        "UPDATE exchanges SET status = ?2, weight = ?3, closed_at = ?4, note = ?5 WHERE id = ?1",
        params![
            x.id.as_str(),
            x.status.as_str(),
            x.weight,
            x.closed_at.map(|t| t.as_second()),
            x.note.as_deref()
        ],
    )?;
    Ok(())
}

/// Writes ledger entries as they are, many rows a statement (a restore brings
/// hundreds of thousands).
pub(crate) fn insert_all(conn: &dyn Db, exchanges: &[Exchange]) -> Result<()> {
    let rows: Vec<[Value<'_>; 10]> = exchanges
        .iter()
        .map(|x| {
            [
                x.id.as_str().value(),
                x.person.as_str().value(),
                x.kind.as_str().value(),
                x.weight.value(),
                x.giver.as_str().value(),
                x.status.as_str().value(),
                x.asked.value(),
                Value::Int(x.opened_at.as_second()),
                Value::int_or_null(x.closed_at.map(|t| t.as_second())),
                x.note.value(),
            ]
        })
        .collect();
    db::insert_rows(
        conn,
        "INSERT INTO exchanges (id, person, kind, weight, giver, status, asked, opened_at, closed_at, note)",
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "",
        &rows,
    )?;
    Ok(())
}

/// One person's ledger (or everyone's), oldest first. The entries are sorted here rather
/// than by SQLite, which would sort everyone's in a temporary tree.
pub(crate) fn load(conn: &dyn Db, person: Option<&PersonId>) -> Result<Vec<Exchange>> {
    let mut entries = fetch_plain::<ExchangeRow>(conn, of_person(person), "")?;
    sort(&mut entries);
    Ok(entries)
}

/// Puts ledger entries oldest first (then by id); packed histories keep the same order
/// (`histories::IdOrder`).
pub(crate) fn sort(entries: &mut [Exchange]) {
    entries.sort_unstable_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));
}

/// A person's ledger, oldest first, or [`crate::StoreError::NotFound`].
pub(crate) fn with(conn: &dyn Db, id: &PersonId) -> Result<Vec<Exchange>> {
    require_person(conn, id)?;
    load(conn, Some(id))
}
