//! The playbook: which moves to try with a person, in order, each with the reason it
//! applies and what was already tried.

use super::{
    Diagnosis, DiagnosisKind, Fact, History, LedgerEntry, Metrics, OwnerChange, Situation, days_between,
};
use crate::names::named_enum;
use crate::when;
use crate::{DraftMove, ExchangeStatus, Giver, Tier};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// Something the owner can do about a relationship.
    Move, "move" {
        /// Reach out and suggest meeting.
        Reconnect = "reconnect",
        /// Ask them for a specific favor, to see whether they give back.
        AskFavor = "ask_favor",
        /// An honest talk that the relationship must go both ways.
        ReciprocityTalk = "reciprocity_talk",
        /// Lower the cadence and say so.
        Reduce = "reduce",
        /// Offer mentoring instead of ending.
        Mentor = "mentor",
        /// Step back quietly but politely.
        Distance = "distance",
        /// Point them to a better resource or person.
        OfferAlternative = "offer_alternative",
        /// A farewell, then the ended stage.
        EndGracefully = "end_gracefully",
        /// Stop all contact, record why, schedule nothing.
        WalkAway = "walk_away",
        /// Stop chasing; one last light note.
        PauseOutreach = "pause_outreach",
    }
);

impl Move {
    /// The draft that carries the move out, if it takes a message (walking away takes none).
    pub fn draft(self) -> Option<DraftMove> {
        Some(match self {
            Move::Reconnect => DraftMove::Reconnect,
            Move::AskFavor => DraftMove::AskFavor,
            Move::ReciprocityTalk => DraftMove::ReciprocityTalk,
            Move::Reduce => DraftMove::Reduce,
            Move::Mentor => DraftMove::Mentor,
            Move::Distance => DraftMove::Distance,
            Move::OfferAlternative => DraftMove::OfferAlternative,
            Move::EndGracefully => DraftMove::Farewell,
            Move::PauseOutreach => DraftMove::Pause,
            Move::WalkAway => return None,
        })
    }
}

/// One move of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    /// The move.
    #[serde(rename = "move")]
    pub action: Move,
    /// Why it applies now.
    pub reason: String,
    /// What was already tried that led here, if anything.
    pub tried: Option<String>,
}

/// How long a favor asked of them may stay open before the test counts as failed.
const FAVOR_TEST_DAYS: f64 = 30.0;

/// The moves to try with a person, in order; empty when nothing needs doing.
pub fn plan(
    history: &History<'_>,
    metrics: &Metrics,
    diagnoses: &[Diagnosis],
    situation: &Situation<'_>,
    now: Timestamp,
) -> Vec<Step> {
    let has = |kind| diagnoses.iter().find(|d| d.kind == kind);
    let mut steps = Steps::default();
    if let Some(hostile) = situation.fact(Fact::Hostile, now) {
        let reason =
            format!("they turned hostile ({}): stop all contact and record why", when::day(hostile.at));
        steps.add(Move::WalkAway, reason, None);
        return steps.0;
    }
    if let Some(conflict) = situation.fact(Fact::ValuesConflict, now) {
        let reason =
            format!("your values conflict ({}): step back quietly and politely", when::day(conflict.at));
        steps.add(Move::Distance, reason, None);
        steps.add(
            Move::EndGracefully,
            "if stepping back is not enough: a farewell, door open or closed".into(),
            None,
        );
    }
    if let Some(retiring) =
        situation.owner_change(OwnerChange::Retiring, now).filter(|_| metrics.contacts > 0)
    {
        let reason = format!(
            "you are retiring (since {}): offer to mentor them rather than let the tie end",
            when::day(retiring.since)
        );
        steps.add(Move::Mentor, reason, None);
    }
    if let Some(d) = has(DiagnosisKind::Misaligned) {
        let reason = format!("{}: lower the cadence and tell them where you are heading", d.evidence);
        steps.add(Move::Reduce, reason, None);
        steps.add(Move::OfferAlternative, "point them to someone closer to their field".into(), None);
    }
    if let Some(d) = has(DiagnosisKind::Unresponsive) {
        let reason = format!("{}: send one last light note, then stop chasing", d.evidence);
        steps.add(Move::PauseOutreach, reason, None);
    }
    if let Some(d) = has(DiagnosisKind::OneSidedTaking) {
        match favor_test(history.exchanges, now) {
            Some(failed) => {
                let reason = format!("{}: say honestly that it has to go both ways", d.evidence);
                steps.add(Move::ReciprocityTalk, reason, Some(failed));
                steps.add(Move::Reduce, "if nothing changes after the talk".into(), None);
            }
            None => {
                let reason =
                    format!("{}: ask them for one specific favor and see whether they give back", d.evidence);
                steps.add(Move::AskFavor, reason, None);
                steps.add(Move::ReciprocityTalk, "if the favor goes unreturned".into(), None);
            }
        }
    }
    if let Some(d) = has(DiagnosisKind::OneSidedGiving) {
        let reason = format!("{}: offer them something before you ask again", d.evidence);
        steps.add(Move::Reconnect, reason, None);
    }
    let matters = situation.tier != Tier::Acquaintance || situation.cadence.is_some_and(|c| c.pinned);
    for kind in [DiagnosisKind::Drifting, DiagnosisKind::Overdue, DiagnosisKind::Dormant] {
        if let Some(d) = has(kind).filter(|_| matters) {
            steps.add(Move::Reconnect, format!("{}: reach out and suggest meeting", d.evidence), None);
        }
    }
    steps.0
}

/// The plan's steps, each move once.
#[derive(Default)]
struct Steps(Vec<Step>);

impl Steps {
    fn add(&mut self, action: Move, reason: String, tried: Option<String>) {
        if !self.0.iter().any(|s| s.action == action) {
            self.0.push(Step { action, reason, tried });
        }
    }
}

/// How the owner's latest favor asked of them turned out, when it failed: declined, or
/// still open after [`FAVOR_TEST_DAYS`].
fn favor_test(exchanges: &[LedgerEntry], now: Timestamp) -> Option<String> {
    let latest = exchanges
        .iter()
        .filter(|x| x.giver == Giver::Them && x.asked && x.opened_at <= now)
        .max_by_key(|x| x.opened_at)?;
    let asked = format!("you asked them for {} on {}", latest.kind, when::day(latest.opened_at));
    match latest.status {
        ExchangeStatus::Declined => {
            let when = latest.closed_at.map(|at| format!(" on {}", when::day(at))).unwrap_or_default();
            Some(format!("{asked}; they declined{when}"))
        }
        ExchangeStatus::Asked if days_between(latest.opened_at, now) > FAVOR_TEST_DAYS => Some(format!(
            "{asked}; still not given after {:.0} days",
            days_between(latest.opened_at, now).floor()
        )),
        _ => None,
    }
}
