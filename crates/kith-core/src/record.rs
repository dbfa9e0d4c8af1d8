//! Records from outside sources (address books, exports, calendars) and the rules that
//! fold them into kith's people: one person per human, newest value winning.

use crate::{Fnv, Identity, NewPerson, OrgId, Person, PersonDetails, PersonId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A contact as an outside source describes it, cleaned but not yet matched to anyone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactRecord {
    /// What identifies the record across re-imports of its source: the file's name and
    /// the record's own id where it has one (`contacts.vcf:<UID>`), else the file's name
    /// and a natural key (the first identity, or the name).
    pub source_key: String,
    /// The file it came from (its name, for messages and the record of sources).
    pub file: String,
    /// The name, whitespace collapsed.
    pub name: Option<String>,
    /// Email addresses, phone numbers and profile URLs, normalized.
    pub identities: Vec<Identity>,
    /// The organization's name.
    pub org: Option<String>,
    /// The role or title there.
    pub role: Option<String>,
    /// Tags, cleaned (from categories, labels or groups).
    pub tags: Vec<String>,
    /// Free-text notes, trimmed and non-empty.
    pub notes: Vec<String>,
    /// When the source says the record was last revised (vCard `REV`).
    pub revised: Option<Timestamp>,
    /// When the source says the two became connected (LinkedIn's "Connected On"); it
    /// becomes the first interaction, on the `social` channel.
    pub connected: Option<Timestamp>,
    /// What the card says beyond the fields above (name parts, dates, addresses,
    /// labels of identities).
    pub details: PersonDetails,
    /// The person a kith export wrote this record from (its `UID:urn:kith:<id>` or its
    /// Id column): read back, it is that person again.
    pub kith_id: Option<PersonId>,
}

impl ContactRecord {
    /// Whether the record says who someone is: a name or an identity.
    pub fn is_someone(&self) -> bool {
        self.name.is_some() || !self.identities.is_empty()
    }

    /// The name to show: the record's name, else its first identity.
    pub fn display_name(&self) -> String {
        self.name.clone().or_else(|| self.identities.first().map(Identity::to_string)).unwrap_or_default()
    }

    /// A fingerprint of everything the record says, to tell an unchanged record on
    /// re-import without comparing field by field. Stable across builds (FNV-1a).
    pub fn digest(&self) -> String {
        let mut h = Fnv::default();
        h.field(&self.source_key);
        h.field(self.name.as_deref().unwrap_or(""));
        for id in &self.identities {
            h.field(id.kind().as_str());
            h.field(id.value());
        }
        h.field(self.org.as_deref().unwrap_or(""));
        h.field(self.role.as_deref().unwrap_or(""));
        h.list(&self.tags);
        h.list(&self.notes);
        h.field(&self.revised.map(|t| t.as_second().to_string()).unwrap_or_default());
        h.field(&self.connected.map(|t| t.as_second().to_string()).unwrap_or_default());
        self.details.digest_into(&mut h);
        h.field(self.kith_id.as_ref().map_or("", PersonId::as_str));
        h.hex()
    }

    /// When the record's values date from: its revision, or `now` if it has none (or
    /// claims a future one).
    pub fn revised(&self, now: Timestamp) -> Timestamp {
        self.revised.unwrap_or(now).min(now)
    }

    /// Why `absorbed` was merged into the person this record joined, as a note.
    pub fn merge_note(&self, absorbed: &Person) -> String {
        let shared = self.identities.iter().find(|i| absorbed.identities.contains(i));
        format!(
            "Merged with {} ({}) on import: {} lists {} too.",
            absorbed.name,
            absorbed.id,
            self.file,
            shared.map_or_else(|| "them".to_owned(), ToString::to_string),
        )
    }

    /// The person the record becomes when it matches nobody.
    pub fn new_person(&self, org: Option<OrgId>) -> NewPerson {
        NewPerson {
            name: self.display_name(),
            identities: self.identities.clone(),
            org,
            role: self.role.clone(),
            industry: None,
            tags: self.tags.clone(),
            details: self.details.clone(),
        }
    }

    /// Whether the record's organization goes onto a person it matched: it names one,
    /// and it is `newer` or the person has none.
    pub fn sets_org(&self, person: &Person, newer: bool) -> bool {
        self.org.is_some() && (newer || person.org.is_none())
    }

    /// Folds the record into a person it matched. Identities and tags are united. When
    /// the record is `newer` than what the person was built from, its name, organization
    /// and role replace the person's (a replaced name stays as an alias); otherwise they
    /// only fill gaps.
    pub fn fold_into(&self, person: &Person, org: Option<OrgId>, newer: bool) -> Person {
        let mut folded = person.clone();
        if let Some(name) = &self.name
            && !name.eq_ignore_ascii_case(&folded.name)
        {
            if newer {
                let old = std::mem::replace(&mut folded.name, name.clone());
                folded.aliases.push(old);
            } else {
                folded.aliases.push(name.clone());
            }
            folded.aliases.retain(|a| !a.eq_ignore_ascii_case(&folded.name));
            folded.aliases.sort_by_cached_key(|a| a.to_lowercase());
            folded.aliases.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        }
        if org.is_some() && self.sets_org(person, newer) {
            folded.org = org;
        }
        if self.role.is_some() && (newer || folded.role.is_none()) {
            folded.role.clone_from(&self.role);
        }
        folded.identities.extend(self.identities.iter().cloned());
        folded.identities.sort();
        folded.identities.dedup();
        folded.tags.extend(self.tags.iter().cloned());
        folded.tags.sort();
        folded.tags.dedup();
        folded.details.fold(&self.details, newer);
        folded
    }
}

/// Whether values dated `revised` replace a person's: theirs date from their newest
/// imported record (`newest_source`) or, lacking one, from when they were added; a tie
/// goes to the record, so of two records read in one run the later wins.
pub fn supersedes(revised: Timestamp, person: &Person, newest_source: Option<Timestamp>) -> bool {
    revised >= newest_source.unwrap_or(person.created_at)
}

/// Of the people a record matched, the one the others are merged into: the person the
/// record itself made before (matched by source key), else the one added first.
pub fn keeper<'a>(by_source: Option<&'a Person>, by_identity: &'a [Person]) -> Option<&'a Person> {
    by_source.or_else(|| by_identity.iter().min_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id))))
}

/// A meeting from a calendar, already reduced to the people the owner met.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingRecord {
    /// The event's UID and this occurrence's start (`ical:<UID>@<epoch seconds>`), or
    /// the file name and start where the event has no UID.
    pub source_key: String,
    /// When it started.
    pub at: Timestamp,
    /// The event's summary.
    pub subject: Option<String>,
    /// Everyone in it but the owner and those who declined; never empty.
    pub attendees: Vec<Attendee>,
}

/// Someone in a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    /// Their address.
    pub identity: Identity,
    /// The name the calendar gives them (`CN`).
    pub name: Option<String>,
}

/// The address most often among meetings' attendees and in how many meetings: read
/// before the owner is known, it is most likely the owner's own.
pub fn likeliest_owner(meetings: &[MeetingRecord]) -> Option<(&Identity, usize)> {
    let mut seen: std::collections::BTreeMap<&Identity, usize> = std::collections::BTreeMap::new();
    for attendee in meetings.iter().flat_map(|m| &m.attendees) {
        *seen.entry(&attendee.identity).or_default() += 1;
    }
    seen.into_iter().max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
}

/// Where an imported record came from, kept so that a re-import finds its person again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceRecord {
    /// The record's source key.
    pub key: String,
    /// The file it was read from.
    pub file: String,
    /// The person it went into.
    pub person: crate::PersonId,
    /// The record's [`ContactRecord::digest`] when it was last applied.
    pub digest: String,
    /// The record's revision (or the import time, if it had none).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub revised_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::test_person as person;

    fn record(name: &str, email: &str) -> ContactRecord {
        ContactRecord {
            source_key: format!("test:{name}"),
            file: "test.vcf".into(),
            name: Some(name.into()),
            identities: vec![Identity::email(email).unwrap()],
            ..ContactRecord::default()
        }
    }

    #[test]
    fn a_newer_record_renames_and_keeps_the_old_name_as_alias() {
        let mut p = person(1, "Ada Lovelace");
        p.role = Some("Analyst".into());
        let mut r = record("Ada King", "ada@example.org");
        r.role = Some("Countess".into());
        r.tags = vec!["math".into()];
        r.org = Some("Analytical Engines".into());
        let newer = r.fold_into(&p, None, true);
        assert_eq!(newer.name, "Ada King");
        assert_eq!(newer.aliases, ["Ada Lovelace"]);
        assert_eq!(newer.role.as_deref(), Some("Countess"));
        assert_eq!(newer.tags, ["math"]);
        let older = r.fold_into(&p, Some(OrgId::from_bits(3)), false);
        assert_eq!(older.name, "Ada Lovelace");
        assert_eq!(older.aliases, ["Ada King"]);
        assert_eq!(older.role.as_deref(), Some("Analyst"), "an older record only fills gaps");
        assert_eq!(older.org, Some(OrgId::from_bits(3)));
        assert_eq!(older.identities.len(), 1);
    }

    #[test]
    fn aliases_that_differ_only_in_case_are_kept_once() {
        let mut p = person(1, "Ada Lovelace");
        p.aliases = vec!["ada king".into(), "Bob".into()];
        let folded = record("Ada King", "ada@example.org").fold_into(&p, None, false);
        assert_eq!(folded.aliases, ["ada king", "Bob"]);
    }

    #[test]
    fn digests_change_with_content_and_only_with_content() {
        let a = record("Ada", "ada@example.org");
        assert_eq!(a.digest(), a.clone().digest());
        let mut b = a.clone();
        b.tags.push("x".into());
        assert_ne!(a.digest(), b.digest());
        let mut c = a.clone();
        c.name = Some("Ad".into());
        c.role = Some("a".into());
        assert_ne!(a.digest(), c.digest(), "fields do not run together");
    }

    #[test]
    fn the_keeper_is_the_source_match_else_the_oldest() {
        let old = person(1, "A");
        let mut young = person(2, "B");
        young.created_at = old.created_at + jiff::SignedDuration::from_hours(1);
        assert_eq!(keeper(None, &[young.clone(), old.clone()]).unwrap().id, old.id);
        assert_eq!(keeper(Some(&young), std::slice::from_ref(&old)).unwrap().id, young.id);
        assert!(keeper(None, &[]).is_none());
    }

    #[test]
    fn newer_values_replace_older_ones_and_a_tie_goes_to_the_record() {
        let p = person(1, "Ada");
        let t = |s| Timestamp::from_second(s).unwrap();
        assert!(supersedes(p.created_at, &p, None));
        assert!(!supersedes(t(100), &p, Some(t(200))));
        assert!(supersedes(t(200), &p, Some(t(200))));
        let mut r = record("Ada", "ada@example.org");
        assert_eq!(r.revised(t(50)), t(50), "no revision: now");
        r.revised = Some(t(90));
        assert_eq!(r.revised(t(50)), t(50), "never after now");
    }

    #[test]
    fn the_likeliest_owner_is_in_the_most_meetings() {
        let who = |a: &str| Attendee { identity: Identity::email(a).unwrap(), name: None };
        let meeting = |people: Vec<Attendee>| MeetingRecord {
            source_key: "k".into(),
            at: Timestamp::UNIX_EPOCH,
            subject: None,
            attendees: people,
        };
        let meetings = [
            meeting(vec![who("me@x.org"), who("ada@x.org")]),
            meeting(vec![who("me@x.org"), who("bob@x.org")]),
        ];
        assert_eq!(likeliest_owner(&meetings).map(|(id, n)| (id.value(), n)), Some(("me@x.org", 2)));
        assert!(likeliest_owner(&[]).is_none());
    }

    #[test]
    fn a_record_with_only_an_address_is_named_by_it() {
        let mut r = record("x", "grace@example.org");
        r.name = None;
        assert!(r.is_someone());
        assert_eq!(r.display_name(), "grace@example.org");
        assert!(!ContactRecord::default().is_someone());
    }
}
