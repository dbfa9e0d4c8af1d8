//! Planning the merge of two records of one person.

use crate::health::{Mute, PersonFact};
use crate::{Person, PersonId, Transition, ValidationError};
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
    merged.tags.retain(|t| !t.starts_with(crate::STAGE_TAG_PREFIX));
    if merged.stage != crate::Stage::Active {
        merged.tags.push(crate::stage_tag(merged.stage));
        merged.tags.sort();
    }
    Ok(MergePlan { merged, absorbed: absorbed.clone() })
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
    fn a_record_cannot_absorb_itself() {
        let p = person(1, "Ada");
        assert!(matches!(plan_merge(&p, &p, &[]), Err(ValidationError::SelfMerge(_))));
    }
}
