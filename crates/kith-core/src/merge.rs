//! Planning the merge of two records of one person.

use crate::{Person, Transition, ValidationError};

/// The person record two records become. Everything attached to the absorbed record
/// (interactions, ledger, notes, stage history, check-ins, engagements) moves to the
/// kept one; the store carries that out in one transaction.
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
    if let Some(latest) = history.iter().max_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id))) {
        merged.stage = latest.to;
    }
    Ok(MergePlan { merged, absorbed: absorbed.clone() })
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
    fn a_record_cannot_absorb_itself() {
        let p = person(1, "Ada");
        assert!(matches!(plan_merge(&p, &p, &[]), Err(ValidationError::SelfMerge(_))));
    }
}
