//! Organizations with their domains, and engagements with their people.

use super::query::{fetch, new_id, require, require_person};
use super::rows::{EngagementRow, OrgRow, group, stored};
use crate::{Result, StoreError};
use jiff::Timestamp;
use kith_core::{Engagement, EngagementId, NewEngagement, NewOrganization, OrgId, Organization};
use sqlx::SqliteConnection;

/// One organization with its domains, or all of them.
async fn load(conn: &mut SqliteConnection, only: Option<&OrgId>) -> Result<Vec<Organization>> {
    let only = only.map(OrgId::as_str);
    let rows: Vec<OrgRow> = fetch(conn, OrgRow::SELECT, only.map(|id| ("id = ?1", id)), "").await?;
    let mut domains = group(
        fetch::<(String, String)>(
            conn,
            "SELECT org, domain FROM org_domains",
            only.map(|id| ("org = ?1", id)),
            "",
        )
        .await?,
    );
    rows.into_iter()
        .map(|row| {
            let domains = domains.remove(&row.id).unwrap_or_default();
            row.decode(domains)
        })
        .collect()
}

/// One organization, or [`StoreError::NotFound`].
pub(super) async fn one(conn: &mut SqliteConnection, id: &OrgId) -> Result<Organization> {
    load(conn, Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "organization", id: id.to_string() })
}

/// All organizations, sorted by name (ignoring case) then id.
pub(super) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Organization>> {
    let mut orgs = load(conn, None).await?;
    orgs.sort_by_cached_key(|o| (o.name.to_lowercase(), o.id.clone()));
    Ok(orgs)
}

/// Adds a new organization.
pub(super) async fn add(
    conn: &mut SqliteConnection,
    new: &NewOrganization,
    now: Timestamp,
) -> Result<Organization> {
    let org = new.with_id(new_id(OrgId::from_bits)?, stored(now)?);
    insert(conn, &org).await?;
    Ok(org)
}

/// Writes an organization as it is; fails if one of its domains is taken.
pub(super) async fn insert(conn: &mut SqliteConnection, org: &Organization) -> Result<()> {
    for domain in &org.domains {
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM org_domains WHERE domain = ?1")
            .bind(domain)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some() {
            return Err(StoreError::DomainTaken(domain.clone()));
        }
    }
    sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(org.id.as_str())
        .bind(&org.name)
        .bind(org.created_at.as_second())
        .execute(&mut *conn)
        .await?;
    for domain in &org.domains {
        sqlx::query("INSERT INTO org_domains (org, domain) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
            .bind(org.id.as_str())
            .bind(domain)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// One engagement with its people, or all of them, newest start first.
pub(super) async fn engagements(
    conn: &mut SqliteConnection,
    only: Option<&EngagementId>,
) -> Result<Vec<Engagement>> {
    let only = only.map(EngagementId::as_str);
    let rows: Vec<EngagementRow> =
        fetch(conn, EngagementRow::SELECT, only.map(|id| ("id = ?1", id)), "ORDER BY started_at DESC, id")
            .await?;
    let mut people = group(
        fetch::<(String, String)>(
            conn,
            "SELECT engagement, person FROM engagement_people",
            only.map(|id| ("engagement = ?1", id)),
            "",
        )
        .await?,
    );
    rows.into_iter()
        .map(|row| {
            let people = people.remove(&row.id).unwrap_or_default();
            row.decode(people)
        })
        .collect()
}

/// One engagement, or [`StoreError::NotFound`].
pub(super) async fn engagement(conn: &mut SqliteConnection, id: &EngagementId) -> Result<Engagement> {
    engagements(conn, Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound { entity: "engagement", id: id.to_string() })
}

/// Adds a new engagement; its organization and people must exist.
pub(super) async fn add_engagement(conn: &mut SqliteConnection, new: &NewEngagement) -> Result<Engagement> {
    require(conn, "organizations", "organization", new.org.as_str()).await?;
    for person in &new.people {
        require_person(conn, person).await?;
    }
    let mut engagement = new.with_id(new_id(EngagementId::from_bits)?);
    engagement.started_at = stored(engagement.started_at)?;
    insert_engagement(conn, &engagement).await?;
    Ok(engagement)
}

/// Writes an engagement as it is.
pub(super) async fn insert_engagement(conn: &mut SqliteConnection, engagement: &Engagement) -> Result<()> {
    sqlx::query(
        "INSERT INTO engagements (id, org, title, started_at, ended_at, status, went_well) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(engagement.id.as_str())
    .bind(engagement.org.as_str())
    .bind(&engagement.title)
    .bind(engagement.started_at.as_second())
    .bind(engagement.ended_at.map(|t| t.as_second()))
    .bind(engagement.status.as_str())
    .bind(engagement.went_well)
    .execute(&mut *conn)
    .await?;
    for person in &engagement.people {
        sqlx::query(
            "INSERT INTO engagement_people (engagement, person) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )
        .bind(engagement.id.as_str())
        .bind(person.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Marks an engagement finished, as kith-core allows.
pub(super) async fn finish_engagement(
    conn: &mut SqliteConnection,
    id: &EngagementId,
    at: Timestamp,
    now: Timestamp,
) -> Result<Engagement> {
    let finished = engagement(conn, id).await?.finish(stored(at)?, now)?;
    sqlx::query("UPDATE engagements SET status = ?2, ended_at = ?3 WHERE id = ?1")
        .bind(id.as_str())
        .bind(finished.status.as_str())
        .bind(at.as_second())
        .execute(conn)
        .await?;
    Ok(finished)
}

/// Records whether an engagement went well.
pub(super) async fn set_went_well(
    conn: &mut SqliteConnection,
    id: &EngagementId,
    went_well: bool,
) -> Result<Engagement> {
    require(conn, "engagements", "engagement", id.as_str()).await?;
    sqlx::query("UPDATE engagements SET went_well = ?2 WHERE id = ?1")
        .bind(id.as_str())
        .bind(went_well)
        .execute(&mut *conn)
        .await?;
    engagement(conn, id).await
}
