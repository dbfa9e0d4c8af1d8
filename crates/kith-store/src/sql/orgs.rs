//! Organizations with their domains, and engagements with their people.

use super::db;
use super::db::Db;
use super::query::{fetch, new_id, require, require_person};
use super::rows::{EngagementRow, OrgRow, group, stored};
use super::value::params;
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{Engagement, EngagementId, NewEngagement, NewOrganization, OrgId, Organization};

/// One organization with its domains, or all of them.
fn load(conn: &dyn Db, only: Option<&OrgId>) -> Result<Vec<Organization>> {
    let only = only.map(OrgId::as_str);
    let rows: Vec<OrgRow> = fetch(conn, OrgRow::SELECT, only.map(|id| ("id = ?1", id)), "")?;
    let mut domains = group(fetch::<(String, String)>(
        conn,
        "SELECT org, domain FROM org_domains",
        only.map(|id| ("org = ?1", id)),
        "",
    )?);
    rows.into_iter()
        .map(|row| {
            let domains = domains.remove(&row.id).unwrap_or_default();
            row.decode(domains)
        })
        .collect()
}

/// One organization, or [`StoreError::NotFound`].
pub(crate) fn one(conn: &dyn Db, id: &OrgId) -> Result<Organization> {
    load(conn, Some(id))?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "organization", id: id.to_string() })
}

/// All organizations, sorted by name (ignoring case) then id.
pub(crate) fn all(conn: &dyn Db) -> Result<Vec<Organization>> {
    let mut orgs = load(conn, None)?;
    orgs.sort_by_cached_key(|o| (o.name.to_lowercase(), o.id.clone()));
    Ok(orgs)
}

/// Adds a new organization.
pub(crate) fn add(conn: &dyn Db, new: &NewOrganization, now: Timestamp) -> Result<Organization> {
    let org = new.with_id(new_id(OrgId::from_bits)?, stored(now)?);
    insert(conn, &org)?;
    Ok(org)
}

/// Writes an organization as it is; fails if one of its domains is taken.
pub(crate) fn insert(conn: &dyn Db, org: &Organization) -> Result<()> {
    for domain in &org.domains {
        let taken: Option<i64> =
            db::scalar_opt(conn, "SELECT 1 FROM org_domains WHERE domain = ?1", params![domain])?;
        if taken.is_some() {
            return Err(StoreError::DomainTaken(domain.clone()));
        }
    }
    db::execute(
        conn,
        "INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, ?3)",
        params![org.id.as_str(), &org.name, org.created_at.as_second()],
    )?;
    for domain in &org.domains {
        db::execute(
            conn,
            "INSERT INTO org_domains (org, domain) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![org.id.as_str(), domain],
        )?;
    }
    Ok(())
}

/// One engagement with its people, or all of them, newest start first.
pub(crate) fn engagements(conn: &dyn Db, only: Option<&EngagementId>) -> Result<Vec<Engagement>> {
    let only = only.map(EngagementId::as_str);
    let rows: Vec<EngagementRow> =
        fetch(conn, EngagementRow::SELECT, only.map(|id| ("id = ?1", id)), "ORDER BY started_at DESC, id")?;
    let mut people = group(fetch::<(String, String)>(
        conn,
        "SELECT engagement, person FROM engagement_people",
        only.map(|id| ("engagement = ?1", id)),
        "",
    )?);
    rows.into_iter()
        .map(|row| {
            let people = people.remove(&row.id).unwrap_or_default();
            row.decode(people)
        })
        .collect()
}

/// One engagement, or [`StoreError::NotFound`].
pub(crate) fn engagement(conn: &dyn Db, id: &EngagementId) -> Result<Engagement> {
    engagements(conn, Some(id))?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "engagement", id: id.to_string() })
}

/// Adds a new engagement; its organization and people must exist.
pub(crate) fn add_engagement(conn: &dyn Db, new: &NewEngagement) -> Result<Engagement> {
    require(conn, "organizations", "organization", new.org.as_str())?;
    for person in &new.people {
        require_person(conn, person)?;
    }
    let mut engagement = new.with_id(new_id(EngagementId::from_bits)?);
    engagement.started_at = stored(engagement.started_at)?;
    insert_engagement(conn, &engagement)?;
    Ok(engagement)
}

/// Writes an engagement as it is.
pub(crate) fn insert_engagement(conn: &dyn Db, engagement: &Engagement) -> Result<()> {
    db::execute(
        conn,
        "INSERT INTO engagements (id, org, title, started_at, ended_at, status, went_well) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            engagement.id.as_str(),
            engagement.org.as_str(),
            &engagement.title,
            engagement.started_at.as_second(),
            engagement.ended_at.map(|t| t.as_second()),
            engagement.status.as_str(),
            engagement.went_well
        ],
    )?;
    for person in &engagement.people {
        db::execute(
            conn,
            "INSERT INTO engagement_people (engagement, person) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![engagement.id.as_str(), person.as_str()],
        )?;
    }
    Ok(())
}

/// Marks an engagement finished, as kith-core allows.
pub(crate) fn finish_engagement(
    conn: &dyn Db,
    id: &EngagementId,
    at: Timestamp,
    now: Timestamp,
) -> Result<Engagement> {
    let finished = engagement(conn, id)?.finish(stored(at)?, now)?;
    db::execute(
        conn,
        "UPDATE engagements SET status = ?2, ended_at = ?3 WHERE id = ?1",
        params![id.as_str(), finished.status.as_str(), at.as_second()],
    )?;
    Ok(finished)
}

/// Records whether an engagement went well.
pub(crate) fn set_went_well(conn: &dyn Db, id: &EngagementId, went_well: bool) -> Result<Engagement> {
    require(conn, "engagements", "engagement", id.as_str())?;
    db::execute(
        conn,
        "UPDATE engagements SET went_well = ?2 WHERE id = ?1",
        params![id.as_str(), went_well],
    )?;
    engagement(conn, id)
}
