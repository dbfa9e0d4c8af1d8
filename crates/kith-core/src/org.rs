//! Organizations and the client engagements with them.

use crate::identity::is_domain;
use crate::names::named_enum;
use crate::{EngagementId, OrgId, PersonId, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A company or group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Its id.
    pub id: OrgId,
    /// Its name.
    pub name: String,
    /// Internet domains it owns, lower-case and sorted (used to place people by email).
    #[serde(default)]
    pub domains: Vec<String>,
    /// When it was added.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// An organization about to be added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewOrganization {
    /// The name.
    pub name: String,
    /// Domains, normalized.
    pub domains: Vec<String>,
}

impl NewOrganization {
    /// Checks the name and normalizes the domains.
    pub fn new(name: &str, domains: &[String]) -> Result<Self, ValidationError> {
        let mut domains = domains.iter().map(|d| clean_domain(d)).collect::<Result<Vec<_>, _>>()?;
        domains.sort();
        domains.dedup();
        Ok(Self { name: crate::person::clean_name(name)?, domains })
    }
}

impl NewOrganization {
    /// The organization this draft becomes under `id`.
    pub fn with_id(&self, id: OrgId, created_at: Timestamp) -> Organization {
        Organization { id, name: self.name.clone(), domains: self.domains.clone(), created_at }
    }
}

/// A domain in normal form: lower-case, without `@`, `www.` or a trailing dot.
pub fn clean_domain(text: &str) -> Result<String, ValidationError> {
    let d = text.trim().trim_start_matches('@').trim_end_matches('.').to_lowercase();
    let d = d.strip_prefix("www.").unwrap_or(&d).to_owned();
    if is_domain(&d) { Ok(d) } else { Err(ValidationError::MalformedDomain(text.trim().to_owned())) }
}

named_enum!(
    /// Whether client work is going on.
    EngagementStatus, "engagement status" {
        /// Work is going on.
        Active = "active",
        /// The work is over.
        Finished = "finished",
    }
);

/// A piece of client work with an organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Engagement {
    /// Its id.
    pub id: EngagementId,
    /// The client.
    pub org: OrgId,
    /// What the work is called.
    pub title: String,
    /// When it began.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: Timestamp,
    /// When it ended, once finished.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ended_at: Option<Timestamp>,
    /// Going on or finished.
    pub status: EngagementStatus,
    /// Whether it went well, once the owner said so: only then is a reference asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub went_well: Option<bool>,
    /// The people involved, sorted.
    #[serde(default)]
    pub people: Vec<PersonId>,
}

impl Engagement {
    /// The engagement finished at `at`: refused if it already is, if `at` is before its
    /// start, or if `at` is after `now`.
    pub fn finish(&self, at: Timestamp, now: Timestamp) -> Result<Engagement, ValidationError> {
        if self.status == EngagementStatus::Finished {
            return Err(ValidationError::AlreadyFinished(self.title.clone()));
        }
        crate::when::not_after(at, now, "the engagement's end")?;
        crate::when::not_before(at, self.started_at, "the engagement's end")?;
        Ok(Engagement { ended_at: Some(at), status: EngagementStatus::Finished, ..self.clone() })
    }
}

/// An engagement about to be added.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEngagement {
    /// The client.
    pub org: OrgId,
    /// What the work is called.
    pub title: String,
    /// When it began.
    pub started_at: Timestamp,
    /// The people involved.
    pub people: Vec<PersonId>,
}

impl NewEngagement {
    /// The engagement this draft becomes under `id`: active, with no end yet.
    pub fn with_id(&self, id: EngagementId) -> Engagement {
        Engagement {
            id,
            org: self.org.clone(),
            title: self.title.clone(),
            started_at: self.started_at,
            ended_at: None,
            status: EngagementStatus::Active,
            went_well: None,
            people: self.people.clone(),
        }
    }

    /// Checks the title and that the start is not in the future.
    pub fn new(
        org: OrgId,
        title: &str,
        started_at: Timestamp,
        mut people: Vec<PersonId>,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        crate::when::not_after(started_at, now, "the engagement's start")?;
        people.sort();
        people.dedup();
        Ok(Self { org, title: crate::person::clean_text(title, "engagement title")?, started_at, people })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalized() {
        assert_eq!(clean_domain("@WWW.Acme.IO.").unwrap(), "acme.io");
        assert!(clean_domain("acme").is_err());
        let org = NewOrganization::new(" Acme ", &["b.io".into(), "a.io".into(), "B.io".into()]).unwrap();
        assert_eq!(org.name, "Acme");
        assert_eq!(org.domains, ["a.io", "b.io"]);
    }
}
