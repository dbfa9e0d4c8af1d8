//! Planning the merge of two records of one person.

use crate::health::{Mute, PersonFact};
use crate::{Identity, MergeId, Person, PersonId, Stage, Transition, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The person record two records become. Everything attached to the absorbed record
/// (interactions, ledger, notes, stage history, check-ins, engagements; facts and mutes
/// as [`merge_facts`] and [`merge_mutes`] fold them) moves to the kept one; the store
/// carries that out in one transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct MergePlan {
    /// The record that stays, with the other's details folded in.
    pub merged: Person,
    /// The record that goes.
    pub absorbed: Person,
}

/// Folds `absorbed` into `keep`: the kept name wins and the other becomes an alias;
/// identities, aliases and tags are united; fields the kept record lacks are taken
/// from the other. `history` is both records' stage changes: they become one history,
/// and the merged stage is where its latest change left it.
pub fn plan_merge(
    keep: &Person,
    absorbed: &Person,
    history: &[Transition],
) -> Result<MergePlan, ValidationError> {
    if keep.id == absorbed.id {
        return Err(ValidationError::SelfMerge(format!("{} ({})", keep.name, keep.id)));
    }
    let mut merged = keep.clone();
    merged.aliases.extend(absorbed.aliases.iter().cloned());
    if !absorbed.name.eq_ignore_ascii_case(&keep.name) {
        merged.aliases.push(absorbed.name.clone());
    }
    merged.aliases.retain(|a| !a.eq_ignore_ascii_case(&merged.name));
    merged.aliases.sort();
    merged.aliases.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    merged.identities.extend(absorbed.identities.iter().cloned());
    merged.identities.sort();
    merged.identities.dedup();
    merged.tags.extend(absorbed.tags.iter().cloned());
    merged.tags.sort();
    merged.tags.dedup();
    merged.org = keep.org.clone().or_else(|| absorbed.org.clone());
    merged.role = keep.role.clone().or_else(|| absorbed.role.clone());
    merged.industry = keep.industry.clone().or_else(|| absorbed.industry.clone());
    merged.tier = keep.tier.or(absorbed.tier);
    merged.cadence_days = keep.cadence_days.or(absorbed.cadence_days);
    merged.created_at = keep.created_at.min(absorbed.created_at);
    merged.details.fold(&absorbed.details, false);
    if let Some(latest) = history.iter().max_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id))) {
        merged.stage = latest.to;
    }
    retag_stage(&mut merged);
    Ok(MergePlan { merged, absorbed: absorbed.clone() })
}

/// Puts the `stage:` tag of the person's stage on them, and no other.
fn retag_stage(person: &mut Person) {
    person.tags.retain(|t| !t.starts_with(crate::STAGE_TAG_PREFIX));
    if person.stage != Stage::Active {
        person.tags.push(crate::stage_tag(person.stage));
        person.tags.sort();
    }
}

/// A merge as kept, so that it can be reported and undone: both people just before it,
/// the kept one just after, and the facts and mutes each had.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRecord {
    /// Its id.
    pub id: MergeId,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Why, in words (`040.vcf lists +15555551111 too`, `merged by hand`).
    pub why: String,
    /// The identity the two shared, when that was the reason.
    pub on: Option<Identity>,
    /// The person who stayed, just before.
    pub kept: Person,
    /// The person who went, just before. For a record an import folded into someone,
    /// the person that record would have become on its own.
    pub absorbed: Person,
    /// The person who stayed, just after.
    pub merged: Person,
    /// The organization a record folded in on import named, when it was not added
    /// (the person it joined kept theirs): given back to it if the merge is undone.
    #[serde(default)]
    pub absorbed_org: Option<String>,
    /// The facts of each, just before: the kept person's, then the absorbed one's.
    pub facts: (Vec<PersonFact>, Vec<PersonFact>),
    /// The mutes of each, just before: the kept person's, then the absorbed one's.
    pub mutes: (Vec<Mute>, Vec<Mute>),
    /// When it was undone, if it was.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub undone_at: Option<Timestamp>,
}

/// The two people an undone merge gives back, with their facts and mutes.
#[derive(Clone, Debug, PartialEq)]
pub struct Unmerge {
    /// The person who stayed, without what the other brought.
    pub kept: Person,
    /// The person who went, as they were.
    pub absorbed: Person,
    /// The kept person's facts and mutes.
    pub kept_facts: (Vec<PersonFact>, Vec<Mute>),
    /// The absorbed person's facts and mutes.
    pub absorbed_facts: (Vec<PersonFact>, Vec<Mute>),
}

impl MergeRecord {
    /// Undoes the merge on the kept person as they are `now` (`current`, with their
    /// facts and mutes): the absorbed person comes back as they were; the kept one
    /// loses the identities, tags and aliases the other brought, and each field the
    /// merge changed goes back unless it changed again since. What came after the merge
    /// stays with the kept person.
    pub fn undo(&self, current: &Person, facts: &[PersonFact], mutes: &[Mute]) -> Unmerge {
        let (before, after) = (&self.kept, &self.merged);
        let mut kept = current.clone();
        macro_rules! restore {
            ($($field:ident),*) => {$(
                if current.$field == after.$field {
                    kept.$field.clone_from(&before.$field);
                }
            )*};
        }
        restore!(name, org, role, industry, tier, cadence_days, stage, created_at, details);
        let brought = |theirs: &[String], mine: &[String]| -> Vec<String> {
            theirs.iter().filter(|x| !mine.contains(x)).cloned().collect()
        };
        let aliases_brought = brought(&after.aliases, &before.aliases);
        kept.aliases.retain(|a| !aliases_brought.contains(a) && !a.eq_ignore_ascii_case(&kept.name));
        kept.identities.retain(|i| before.identities.contains(i) || !self.absorbed.identities.contains(i));
        let tags_brought = brought(&self.absorbed.tags, &before.tags);
        kept.tags.retain(|t| !tags_brought.contains(t));
        retag_stage(&mut kept);
        let (kept_facts, absorbed_facts) = &self.facts;
        let (kept_mutes, absorbed_mutes) = &self.mutes;
        let merged_facts = merge_facts(&before.id, kept_facts.iter().chain(absorbed_facts).cloned());
        let merged_mutes = merge_mutes(&before.id, kept_mutes.iter().chain(absorbed_mutes).cloned());
        let later_facts = facts.iter().filter(|f| !merged_facts.contains(f)).cloned();
        let later_mutes = mutes.iter().filter(|m| !merged_mutes.contains(m)).cloned();
        Unmerge {
            kept,
            absorbed: self.absorbed.clone(),
            kept_facts: (
                kept_facts.iter().cloned().chain(later_facts).collect(),
                kept_mutes.iter().cloned().chain(later_mutes).collect(),
            ),
            absorbed_facts: (absorbed_facts.clone(), absorbed_mutes.clone()),
        }
    }
}

/// The facts of two merged records, all moved to `keep`: where both records hold the
/// same fact, the one dated later stays (with its note); on the same date, the first given.
pub fn merge_facts(keep: &PersonId, facts: impl IntoIterator<Item = PersonFact>) -> Vec<PersonFact> {
    latest_of_each(facts, |f| f.fact, |f| f.at)
        .into_iter()
        .map(|f| PersonFact { person: keep.clone(), ..f })
        .collect()
}

/// The mutes of two merged records, all moved to `keep`: where both records mute the
/// same diagnosis, the mute that lasts longer stays.
pub fn merge_mutes(keep: &PersonId, mutes: impl IntoIterator<Item = Mute>) -> Vec<Mute> {
    latest_of_each(mutes, |m| m.diagnosis, |m| m.until)
        .into_iter()
        .map(|m| Mute { person: keep.clone(), ..m })
        .collect()
}

/// One item per key: the one with the latest date, the earlier given on a tie; in key order.
fn latest_of_each<T, K: Ord, D: Ord>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
    date: impl Fn(&T) -> D,
) -> Vec<T> {
    let mut latest: BTreeMap<K, T> = BTreeMap::new();
    for item in items {
        match latest.get(&key(&item)) {
            Some(held) if date(held) >= date(&item) => {}
            _ => {
                latest.insert(key(&item), item);
            }
        }
    }
    latest.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::test_person as person;
    use crate::{Identity, OrgId, Stage, TransitionId};
    use jiff::Timestamp;

    #[test]
    fn merge_unites_and_fills_gaps() {
        let mut keep = person(5, "Ada Lovelace");
        keep.identities = vec![Identity::email("ada@a.org").unwrap()];
        keep.tags = vec!["mentor".into()];
        let mut other = person(2, "A. Lovelace");
        other.identities = vec![Identity::email("ada@b.org").unwrap(), Identity::email("ada@a.org").unwrap()];
        other.tags = vec!["client".into(), "mentor".into()];
        other.org = Some(OrgId::from_bits(9));
        other.role = Some("CTO".into());
        let plan = plan_merge(&keep, &other, &[]).unwrap();
        let m = plan.merged;
        assert_eq!(m.id, keep.id);
        assert_eq!(m.name, "Ada Lovelace");
        assert_eq!(m.aliases, ["A. Lovelace"]);
        assert_eq!(m.identities.len(), 2);
        assert_eq!(m.tags, ["client", "mentor"]);
        assert_eq!(m.org, Some(OrgId::from_bits(9)));
        assert_eq!(m.role.as_deref(), Some("CTO"));
        assert_eq!(m.created_at, other.created_at);
    }

    #[test]
    fn the_merged_stage_follows_the_latest_change_of_either_record() {
        let keep = person(1, "Chloé Martin");
        let mut other = person(2, "Chloe Martin");
        other.stage = Stage::Ended;
        let change = |bits, who: &Person, to, day: i64| Transition {
            id: TransitionId::from_bits(bits),
            person: who.id.clone(),
            from: Stage::Active,
            to,
            at: Timestamp::from_second(day * 86_400).unwrap(),
            reason: None,
            door: None,
            note: None,
        };
        let ended = change(1, &other, Stage::Ended, 10);
        assert_eq!(
            plan_merge(&keep, &other, std::slice::from_ref(&ended)).unwrap().merged.stage,
            Stage::Ended
        );
        let reduced_later = change(2, &keep, Stage::Reduced, 20);
        let plan = plan_merge(&keep, &other, &[ended, reduced_later]).unwrap();
        assert_eq!(plan.merged.stage, Stage::Reduced);
        assert_eq!(
            plan_merge(&keep, &other, &[]).unwrap().merged.stage,
            Stage::Active,
            "no history: kept stage"
        );
    }

    #[test]
    fn merged_facts_and_mutes_keep_the_later_of_each() {
        use crate::health::{DiagnosisKind, Fact};
        let (keep, other) = (PersonId::from_bits(1), PersonId::from_bits(2));
        let at = |day: i64| Timestamp::from_second(day * 86_400).unwrap();
        let fact = |who: &PersonId, fact, day, note: &str| PersonFact {
            person: who.clone(),
            fact,
            at: at(day),
            note: Some(note.into()),
        };
        let merged = merge_facts(
            &keep,
            [
                fact(&keep, Fact::Retired, 5, "kept, older"),
                fact(&keep, Fact::Hostile, 3, "kept, only"),
                fact(&other, Fact::Retired, 9, "other, newer"),
                fact(&other, Fact::Hostile, 3, "other, same day"),
            ],
        );
        let got: Vec<_> = merged.iter().map(|f| (&f.person, f.fact, f.note.as_deref().unwrap())).collect();
        assert_eq!(got, [(&keep, Fact::Hostile, "kept, only"), (&keep, Fact::Retired, "other, newer")]);

        let mute = |who: &PersonId, diagnosis, day| Mute { person: who.clone(), diagnosis, until: at(day) };
        let merged = merge_mutes(
            &keep,
            [mute(&keep, DiagnosisKind::Drifting, 40), mute(&other, DiagnosisKind::Drifting, 20)],
        );
        assert_eq!(merged, [mute(&keep, DiagnosisKind::Drifting, 40)]);
    }

    #[test]
    fn undoing_a_merge_gives_back_what_each_brought_and_keeps_what_came_later() {
        let mut keep = person(5, "Ada Lovelace");
        keep.identities = vec![Identity::email("ada@a.org").unwrap()];
        let mut other = person(2, "Greg Dartmouth");
        other.identities =
            vec![Identity::email("greg@b.org").unwrap(), Identity::email("ada@a.org").unwrap()];
        other.tags = vec!["client".into()];
        other.role = Some("CTO".into());
        let merged = plan_merge(&keep, &other, &[]).unwrap().merged;
        let record = MergeRecord {
            id: MergeId::from_bits(1),
            at: Timestamp::UNIX_EPOCH,
            why: "merged by hand".into(),
            on: None,
            kept: keep.clone(),
            absorbed: other.clone(),
            merged: merged.clone(),
            absorbed_org: None,
            facts: (vec![], vec![]),
            mutes: (vec![], vec![]),
            undone_at: None,
        };
        let undone = record.undo(&merged, &[], &[]);
        assert_eq!(undone.kept, keep, "straight after: exactly as before");
        assert_eq!(undone.absorbed, other);

        let mut later = merged.clone();
        later.identities.push(Identity::email("ada@c.org").unwrap());
        later.role = Some("Countess".into());
        let undone = record.undo(&later, &[], &[]);
        assert_eq!(undone.kept.role.as_deref(), Some("Countess"), "changed since: stays");
        let emails: Vec<_> = undone.kept.identities.iter().map(Identity::value).collect();
        assert_eq!(emails, ["ada@a.org", "ada@c.org"], "the shared address stays; greg@ goes back");
    }

    #[test]
    fn a_record_cannot_absorb_itself() {
        let p = person(1, "Ada");
        assert!(matches!(plan_merge(&p, &p, &[]), Err(ValidationError::SelfMerge(_))));
    }
}
