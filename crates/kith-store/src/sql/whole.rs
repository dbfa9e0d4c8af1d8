//! The whole database at once: snapshots, restores and backups.

use super::db;
use super::db::Db;
use super::value::params;
use super::{drafts, facts, favors, import, interactions, ledger, mail, orgs, people, stages};
use crate::{Result, StoreError};
use kith_core::Snapshot;

/// Every entity, canonicalized.
pub(crate) fn snapshot(conn: &dyn Db) -> Result<Snapshot> {
    let mut snapshot = Snapshot {
        owner: people::owner_identities(conn)?,
        owner_name: people::owner_name(conn)?,
        organizations: orgs::all(conn)?,
        people: people::load(conn, None)?,
        engagements: orgs::engagements(conn, None)?,
        interactions: interactions::load(conn, None)?,
        exchanges: ledger::load(conn, None)?,
        transitions: stages::transitions(conn, None)?,
        notes: people::notes(conn, None)?,
        checkins: stages::checkins(conn, None)?,
        sources: import::sources(conn)?,
        mail: mail::all(conn)?,
        facts: facts::facts(conn, None)?,
        owner_facts: facts::owner_facts(conn)?,
        mutes: facts::mutes(conn, None)?,
        drafts: drafts::list(conn, None)?,
        suggestions: favors::all(conn, None)?,
        mail_texts_read: favors::texts_read_keys(conn)?,
        ..Snapshot::default()
    };
    snapshot.canonicalize();
    Ok(snapshot)
}

/// Loads a snapshot, ids and all, into a database that holds no data yet.
pub(crate) fn restore(conn: &dyn Db, snapshot: &Snapshot, location: String) -> Result<()> {
    let holds_data: bool = db::scalar(
        conn,
        "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM organizations) \
         OR EXISTS (SELECT 1 FROM owner_identities) OR EXISTS (SELECT 1 FROM interactions) \
         OR EXISTS (SELECT 1 FROM owner_facts) OR EXISTS (SELECT 1 FROM mail_messages) \
         OR EXISTS (SELECT 1 FROM owner_profile)",
        params![],
    )?;
    if holds_data {
        return Err(StoreError::NotEmpty(location));
    }
    for identity in &snapshot.owner {
        people::add_owner_identity(conn, identity)?;
    }
    if let Some(name) = &snapshot.owner_name {
        people::set_owner_name(conn, name)?;
    }
    for org in &snapshot.organizations {
        orgs::insert(conn, org)?;
    }
    let mut seen = std::collections::HashSet::new();
    for person in &snapshot.people {
        if !seen.insert(&person.id) {
            return Err(StoreError::Corrupt(format!("the export holds the person {} twice", person.id)));
        }
        people::save_shared(conn, person)?;
    }
    for engagement in &snapshot.engagements {
        orgs::insert_engagement(conn, engagement)?;
    }
    mail::restore(conn, &snapshot.mail)?;
    interactions::insert_all(conn, &snapshot.interactions)?;
    ledger::insert_all(conn, &snapshot.exchanges)?;
    for transition in &snapshot.transitions {
        stages::insert_transition(conn, transition)?;
    }
    for note in &snapshot.notes {
        people::insert_note(conn, note)?;
    }
    for checkin in &snapshot.checkins {
        stages::insert_checkin(conn, checkin)?;
    }
    for source in &snapshot.sources {
        import::save_source(conn, source)?;
    }
    for fact in &snapshot.facts {
        facts::insert_fact(conn, fact)?;
    }
    for fact in &snapshot.owner_facts {
        facts::set_owner(conn, fact)?;
    }
    for mute in &snapshot.mutes {
        facts::insert_mute(conn, mute)?;
    }
    for draft in &snapshot.drafts {
        drafts::insert(conn, draft)?;
    }
    favors::restore(conn, &snapshot.suggestions, &snapshot.mail_texts_read)?;
    Ok(())
}
