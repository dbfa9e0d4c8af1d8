//! The whole database at once: snapshots, restores and backups.

use super::{bulk, connect, drafts, facts, favors, import, interactions, ledger, mail, orgs, people, stages};
use crate::{Result, StoreError};
use kith_core::Snapshot;
use sqlx::{SqliteConnection, SqlitePool};
use std::path::Path;

/// Every entity, canonicalized.
pub(super) async fn snapshot(conn: &mut SqliteConnection) -> Result<Snapshot> {
    let mut snapshot = Snapshot {
        owner: people::owner_identities(conn).await?,
        owner_name: people::owner_name(conn).await?,
        organizations: orgs::all(conn).await?,
        people: people::load(conn, None).await?,
        engagements: orgs::engagements(conn, None).await?,
        interactions: interactions::load(conn, None).await?,
        exchanges: ledger::load(conn, None).await?,
        transitions: stages::transitions(conn, None).await?,
        notes: people::notes(conn, None).await?,
        checkins: stages::checkins(conn, None).await?,
        sources: import::sources(conn).await?,
        mail: mail::all(conn).await?,
        facts: facts::facts(conn, None).await?,
        owner_facts: facts::owner_facts(conn).await?,
        mutes: facts::mutes(conn, None).await?,
        drafts: drafts::list(conn, None).await?,
        suggestions: favors::all(conn, None).await?,
        mail_texts_read: favors::texts_read_keys(conn).await?,
        ..Snapshot::default()
    };
    snapshot.canonicalize();
    Ok(snapshot)
}

/// Loads a snapshot, ids and all, into a database that holds no data yet.
pub(super) async fn restore(
    conn: &mut SqliteConnection,
    snapshot: &Snapshot,
    location: String,
) -> Result<()> {
    let holds_data: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM organizations) \
         OR EXISTS (SELECT 1 FROM owner_identities) OR EXISTS (SELECT 1 FROM interactions) \
         OR EXISTS (SELECT 1 FROM owner_facts) OR EXISTS (SELECT 1 FROM mail_messages) \
         OR EXISTS (SELECT 1 FROM owner_profile)",
    )
    .fetch_one(&mut *conn)
    .await?;
    if holds_data {
        return Err(StoreError::NotEmpty(location));
    }
    for identity in &snapshot.owner {
        people::add_owner_identity(conn, identity).await?;
    }
    if let Some(name) = &snapshot.owner_name {
        people::set_owner_name(conn, name).await?;
    }
    for org in &snapshot.organizations {
        orgs::insert(conn, org).await?;
    }
    let mut seen = std::collections::HashSet::new();
    for person in &snapshot.people {
        if !seen.insert(&person.id) {
            return Err(StoreError::Corrupt(format!("the export holds the person {} twice", person.id)));
        }
        people::save_shared(conn, person).await?;
    }
    for engagement in &snapshot.engagements {
        orgs::insert_engagement(conn, engagement).await?;
    }
    mail::restore(conn, &snapshot.mail).await?;
    bulk::with_connection(conn, |db| interactions::insert_all(db, &snapshot.interactions)).await?;
    for exchange in &snapshot.exchanges {
        ledger::insert(conn, exchange).await?;
    }
    for transition in &snapshot.transitions {
        stages::insert_transition(conn, transition).await?;
    }
    for note in &snapshot.notes {
        people::insert_note(conn, note).await?;
    }
    for checkin in &snapshot.checkins {
        stages::insert_checkin(conn, checkin).await?;
    }
    for source in &snapshot.sources {
        import::save_source(conn, source).await?;
    }
    for fact in &snapshot.facts {
        facts::insert_fact(conn, fact).await?;
    }
    for fact in &snapshot.owner_facts {
        facts::set_owner(conn, fact).await?;
    }
    for mute in &snapshot.mutes {
        facts::insert_mute(conn, mute).await?;
    }
    for draft in &snapshot.drafts {
        drafts::insert(conn, draft).await?;
    }
    favors::restore(conn, &snapshot.suggestions, &snapshot.mail_texts_read).await?;
    Ok(())
}

/// Writes a consistent copy of the database to a new file.
pub(super) async fn backup(pool: &SqlitePool, path: &Path) -> Result<()> {
    connect::require_directory(path)?;
    if path.exists() {
        return Err(StoreError::TargetExists(path.to_owned()));
    }
    let target = path.to_str().ok_or_else(|| {
        StoreError::Unsupported(format!("the backup path {} is not valid UTF-8", path.display()))
    })?;
    sqlx::query("VACUUM INTO ?1").bind(target).execute(pool).await?;
    Ok(())
}
