//! A person's own rhythm: the usual gap between conversations, when their history keeps a
//! steady one. It stretches a tier's cadence for a rare but regular tie (`strength.rs`).

use super::days_between;
use super::replies::Conversations;

/// The fewest gaps that can show a rhythm: three conversations.
const MIN_GAPS: usize = 2;

/// How far a gap may stray from the typical one and still keep the rhythm: from half of it
/// to twice it.
const STRAY: f64 = 2.0;

/// The share of gaps that must keep the rhythm: three in four, so that one holiday in a
/// long history does not break it, while gaps drawn at random (as between the contacts of a
/// tie kept up without a schedule) do.
const STEADY_SHARE: f64 = 0.75;

/// The typical (median) days between the conversations of `past`, connections left out,
/// when at least three in four of the gaps lie within a factor of two of it.
pub(super) fn typical_gap(past: &Conversations<'_>) -> Option<f64> {
    let mut starts = past.openers().map(|(_, c)| c).filter(|c| !c.is_connection()).map(|c| c.at);
    let mut previous = starts.next()?;
    let mut gaps: Vec<f64> = starts
        .map(|at| {
            let gap = days_between(previous, at);
            previous = at;
            gap
        })
        .collect();
    if gaps.len() < MIN_GAPS {
        return None;
    }
    gaps.sort_unstable_by(f64::total_cmp);
    let typical = gaps[gaps.len() / 2];
    let steady = gaps.iter().filter(|gap| (typical / STRAY..=typical * STRAY).contains(*gap)).count();
    (typical > 0.0 && steady as f64 >= STEADY_SHARE * gaps.len() as f64).then_some(typical)
}
