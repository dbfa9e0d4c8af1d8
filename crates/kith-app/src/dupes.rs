//! Records that are probably one person, and merges: the likely duplicates kith-core
//! finds (numbered, for the owner to merge or to mark as two people), merging two
//! records by hand, every merge kept, and undoing one. Nothing is merged without the
//! owner's word, and every merge can be undone.

use crate::{Ctx, Error, Result, who};
use kith_core::{MergeId, MergeRecord, Person, PersonId, keeper, likely_duplicates};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Reads a merge id as typed.
pub fn merge_id(text: &str) -> Result<MergeId> {
    MergeId::parse(text).ok_or_else(|| {
        Error::Invalid(format!(
            "{text:?} is not a merge id (m_…): `kith person merges` lists them, `kith person merges NAME` those of one person"
        ))
    })
}

/// A likely duplicate, numbered in the order shown (strongest first).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pair {
    /// Its number, for accepting or rejecting it.
    pub number: usize,
    /// How alike they look, 0–100.
    pub score: u8,
    /// One record.
    pub a: Person,
    /// The other.
    pub b: Person,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// The likely duplicates scoring at least `min`, strongest first and numbered from 1;
/// pairs the owner said are two people are left out.
pub async fn find(ctx: &Ctx, min: u8) -> Result<Vec<Pair>> {
    let people = ctx.store.people().await?;
    let distinct = ctx.store.distinct_pairs().await?;
    let by_id: HashMap<&PersonId, &Person> = people.iter().map(|p| (&p.id, p)).collect();
    Ok(likely_duplicates(&people, &distinct)
        .into_iter()
        .filter(|d| d.score >= min)
        .filter_map(|d| {
            let mut reasons: Vec<String> = d.reasons.iter().map(|r| (*r).to_owned()).collect();
            if let (Some(shared), Some(same)) =
                (&d.shared, reasons.iter_mut().find(|r| r.starts_with("same ")))
                && !same.ends_with("name")
            {
                *same = format!("{same} {shared}");
            }
            Some(((*by_id.get(&d.a)?).clone(), (*by_id.get(&d.b)?).clone(), d.score, reasons))
        })
        .enumerate()
        .map(|(n, (a, b, score, reasons))| Pair { number: n + 1, score, a, b, reasons })
        .collect())
}

/// What the owner says about the likely duplicates, by their numbers in [`find`]'s list.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// Merge every pair listed.
    pub accept_all: bool,
    /// Merge these pairs.
    pub accept: Vec<usize>,
    /// Remember these pairs as two people: never proposed again.
    pub reject: Vec<usize>,
}

/// A likely duplicate merged.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairMerged {
    /// The pair's number.
    pub number: usize,
    /// The name of the one who joined the other.
    pub absorbed: String,
    /// The person they both are now.
    pub into: Person,
    /// The merge, for undoing it.
    pub merge: MergeId,
}

/// What the owner's choice did.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolved {
    /// The pairs remembered as two people.
    pub rejected: Vec<Pair>,
    /// The pairs merged, in order.
    pub merged: Vec<PairMerged>,
    /// The choice named no pair (every pair was asked for, and none is listed).
    #[serde(skip)]
    pub nothing_chosen: bool,
}

/// Carries out the owner's choice over the pairs scoring at least `min`: rejected pairs
/// first, then the accepted ones merged in order, the one added first staying (as an
/// import keeps). A number not listed, or a pair both accepted and rejected, is refused
/// before anything is written.
pub async fn resolve(ctx: &Ctx, min: u8, choice: &Choice) -> Result<Resolved> {
    let pairs = find(ctx, min).await?;
    let chosen = |numbers: &[usize]| -> Result<Vec<&Pair>> {
        numbers
            .iter()
            .map(|&n| {
                pairs.iter().find(|p| p.number == n).ok_or_else(|| {
                    Error::Invalid(format!("there is no pair {n}: `kith dupes` lists {} now", pairs.len()))
                })
            })
            .collect()
    };
    let accepted = if choice.accept_all { pairs.iter().collect() } else { chosen(&choice.accept)? };
    let rejected = chosen(&choice.reject)?;
    if accepted.is_empty() && rejected.is_empty() {
        return Ok(Resolved { nothing_chosen: true, ..Resolved::default() });
    }
    if let Some(both) = accepted.iter().find(|p| rejected.iter().any(|r| r.number == p.number)) {
        return Err(Error::Invalid(format!("pair {} is both accepted and rejected", both.number)));
    }
    for pair in &rejected {
        ctx.store.mark_distinct(&pair.a.id, &pair.b.id, ctx.now_ts()).await?;
    }
    let merged = merge_pairs(ctx, &accepted).await?;
    Ok(Resolved { rejected: rejected.into_iter().cloned().collect(), merged, nothing_chosen: false })
}

/// Merges each accepted pair, the one added first staying; a pair one of whose people
/// an earlier pair of the same run merged away follows them to whom they joined.
async fn merge_pairs(ctx: &Ctx, accepted: &[&Pair]) -> Result<Vec<PairMerged>> {
    let mut joined: HashMap<PersonId, PersonId> = HashMap::new();
    let now_of = |id: &PersonId, joined: &HashMap<PersonId, PersonId>| {
        let mut id = id.clone();
        while let Some(next) = joined.get(&id) {
            id = next.clone();
        }
        id
    };
    let mut merged = Vec::with_capacity(accepted.len());
    for pair in accepted {
        let both = [pair.a.clone(), pair.b.clone()];
        let first = keeper(None, &both).expect("a pair holds two people");
        let second = if first.id == pair.a.id { &pair.b } else { &pair.a };
        let (keep, other) = (now_of(&first.id, &joined), now_of(&second.id, &joined));
        if keep == other {
            continue;
        }
        let why = format!("accepted in kith dupes: {}", pair.reasons.join(", "));
        let (into, record) = ctx.store.merge_people(&keep, &other, &why, ctx.now_ts()).await?;
        joined.insert(other, keep);
        merged.push(PairMerged {
            number: pair.number,
            absorbed: second.name.clone(),
            into,
            merge: record.id,
        });
    }
    Ok(merged)
}

/// Merges the person `other` names into the one `keep` names, by hand; the merge as
/// kept says who both were and who they are now.
pub async fn merge(ctx: &Ctx, keep: &str, other: &str) -> Result<MergeRecord> {
    let keep = who::person(ctx, keep).await?;
    let other = who::person(ctx, other).await?;
    let (_, record) = ctx.store.merge_people(&keep.id, &other.id, "merged by hand", ctx.now_ts()).await?;
    Ok(record)
}

/// Every merge, newest first (those undone too); only those of the person `who` names,
/// if given.
pub async fn merges(ctx: &Ctx, who: Option<&str>) -> Result<Vec<MergeRecord>> {
    let person = match who {
        Some(who) => Some(who::person(ctx, who).await?.id),
        None => None,
    };
    Ok(ctx.store.merges(person.as_ref()).await?)
}

/// A merge undone: two people again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unmerged {
    /// The one who stayed, without what the other brought.
    pub kept: Person,
    /// The one given back.
    pub restored: Person,
}

/// Undoes a merge: each person gets back what they brought, and the two are never
/// joined or proposed again.
pub async fn unmerge(ctx: &Ctx, id: &MergeId) -> Result<Unmerged> {
    let (kept, restored) = ctx.store.unmerge(id, ctx.now_ts()).await?;
    Ok(Unmerged { kept, restored })
}
