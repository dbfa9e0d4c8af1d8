//! How well kith's diagnoses find the simulated trajectories: per diagnosis, precision,
//! recall and how long after a change began it was first diagnosed, against what each
//! trajectory is meant to show; and whether "thriving" is ever said of a tie in trouble.

use crate::logs::Logs;
use crate::{Network, Trajectory};
use jiff::{SignedDuration, Timestamp};
use kith_core::health::{
    Context, DiagnosisKind, HealthSettings, History, Metrics, Rate, diagnose, ranked_tiers,
};
use std::collections::BTreeMap;

/// The diagnoses scored.
pub const CHECKED: [DiagnosisKind; 5] = [
    DiagnosisKind::Drifting,
    DiagnosisKind::OneSidedTaking,
    DiagnosisKind::OneSidedGiving,
    DiagnosisKind::Unresponsive,
    DiagnosisKind::Dormant,
];

/// What a diagnosis of one tie on a trajectory is, by the generator's intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// The trajectory is what the diagnosis names: saying it is right, missing it is a miss.
    Expected,
    /// Saying it is not wrong, missing it is not a miss: a tie whose owner still writes
    /// to someone silent for over a year has drifted, and may be unresponsive, or neither.
    Allowed,
    /// Saying it is a false alarm.
    Wrong,
}

/// What diagnosing `diagnosis` of a tie on `trajectory` is.
pub fn truth(diagnosis: DiagnosisKind, trajectory: Trajectory) -> Truth {
    use DiagnosisKind as D;
    use Trajectory as T;
    match (diagnosis, trajectory) {
        (D::Drifting, T::Drifting | T::DropWithLateContact)
        | (D::OneSidedTaking, T::OneSidedTaking)
        | (D::Unresponsive, T::Unresponsive)
        | (D::Dormant, T::ShortFaded) => Truth::Expected,
        (D::Drifting | D::Unresponsive | D::Dormant, T::OutreachAfterSilence) => Truth::Allowed,
        // Contact that ended years ago, a lone message, a card: quiet for long, so
        // dormant may be said; an old archive may also be seen as a drift.
        (D::Drifting | D::Dormant, T::OldArchive) | (D::Dormant, T::OneMessage | T::AddressBookOnly) => {
            Truth::Allowed
        }
        _ => Truth::Wrong,
    }
}

/// Whether a tie on `trajectory` is in trouble, so that calling it thriving is wrong:
/// drifting, unresponsive, faded, one-sided, or written to without an answer; or no live
/// tie at all (a card, an old archive, a lone message).
pub fn in_trouble(trajectory: Trajectory) -> bool {
    matches!(
        trajectory,
        Trajectory::Drifting
            | Trajectory::DropWithLateContact
            | Trajectory::OneSidedTaking
            | Trajectory::Unresponsive
            | Trajectory::ShortFaded
            | Trajectory::OutreachAfterSilence
            | Trajectory::AddressBookOnly
            | Trajectory::OldArchive
            | Trajectory::OneMessage
    )
}

/// How one diagnosis fared against the labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The diagnosis.
    pub diagnosis: DiagnosisKind,
    /// People on an expected trajectory who were diagnosed.
    pub true_positives: usize,
    /// People diagnosed whose trajectory makes the diagnosis wrong.
    pub false_positives: usize,
    /// Those false alarms by trajectory, for the trajectories that had any.
    pub false_positives_on: BTreeMap<Trajectory, usize>,
    /// People on an expected trajectory whose change can be seen. For a drift, that is
    /// one the drift test finds when told the true change point (and spared the cost of
    /// searching for it); a drop to 10% of a rare contact is not visible in months.
    pub seen: usize,
    /// Of those, how many were diagnosed.
    pub seen_found: usize,
    /// Median days from the change to its first diagnosis, over the people found, checked
    /// week by week.
    pub median_delay_days: Option<f64>,
}

impl Detection {
    /// The share of diagnosed people (leaving out those merely allowed) whose trajectory
    /// expected the diagnosis.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// The share of people with a visible change who were diagnosed; `None` when there
    /// were none.
    pub fn recall(&self) -> Option<f64> {
        (self.seen > 0).then(|| ratio(self.seen_found, self.seen))
    }
}

/// The whole evaluation of one network.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// One score per diagnosis of [`CHECKED`], in that order.
    pub detections: Vec<Detection>,
    /// Ties in trouble ([`in_trouble`]).
    pub troubled: usize,
    /// Of those, how many were called thriving, by trajectory (those with any).
    pub thriving_in_trouble: BTreeMap<Trajectory, usize>,
}

impl Evaluation {
    /// How many ties in trouble were called thriving.
    pub fn troubled_thriving(&self) -> usize {
        self.thriving_in_trouble.values().sum()
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// Diagnoses everyone in `network` as of `now` and scores [`CHECKED`] against the labels.
pub fn evaluate(network: &Network, now: Timestamp) -> Evaluation {
    let settings = HealthSettings::default();
    let logs = Logs::of(network);
    let histories = logs.histories(network);
    let metrics: Vec<Metrics> = histories.iter().map(|h| Metrics::of(h, &settings, now)).collect();
    let tiers = ranked_tiers(&histories, &metrics);
    let context = Context::default();
    let diagnosed = |history: &History<'_>, n: usize, metrics: &Metrics, at: Timestamp| {
        diagnose(history, metrics, &context.situation(history.person, tiers[n], metrics), &settings, at)
    };
    let mut scores: Vec<Detection> = CHECKED
        .iter()
        .map(|&diagnosis| Detection {
            diagnosis,
            true_positives: 0,
            false_positives: 0,
            false_positives_on: BTreeMap::new(),
            seen: 0,
            seen_found: 0,
            median_delay_days: None,
        })
        .collect();
    let mut delays: Vec<Vec<f64>> = vec![Vec::new(); CHECKED.len()];
    let mut troubled = 0;
    let mut thriving_in_trouble = BTreeMap::new();
    for (n, (history, label)) in histories.iter().zip(&network.labels).enumerate() {
        let found = diagnosed(history, n, &metrics[n], now);
        let said = |kind: DiagnosisKind| found.iter().any(|d| d.kind == kind);
        if in_trouble(label.trajectory) {
            troubled += 1;
            if said(DiagnosisKind::Thriving) {
                *thriving_in_trouble.entry(label.trajectory).or_default() += 1;
            }
        }
        for (k, &diagnosis) in CHECKED.iter().enumerate() {
            let score = &mut scores[k];
            match (truth(diagnosis, label.trajectory), said(diagnosis)) {
                (Truth::Expected, hit) => {
                    let seen = match (diagnosis, label.since) {
                        (DiagnosisKind::Drifting, Some(since)) => {
                            Rate::at_change_point(history.contacts, since, &settings, now).drifting
                        }
                        _ => true,
                    };
                    score.seen += usize::from(seen);
                    score.seen_found += usize::from(seen && hit);
                    if !hit {
                        continue;
                    }
                    score.true_positives += 1;
                    let Some(since) = label.since else { continue };
                    let first = weeks_from(since, now).find(|&at| {
                        let then = Metrics::of(history, &settings, at);
                        diagnosed(history, n, &then, at).iter().any(|d| d.kind == diagnosis)
                    });
                    if let Some(at) = first {
                        delays[k].push(at.duration_since(since).as_secs_f64() / 86_400.0);
                    }
                }
                (Truth::Wrong, true) => {
                    score.false_positives += 1;
                    *score.false_positives_on.entry(label.trajectory).or_default() += 1;
                }
                (Truth::Wrong | Truth::Allowed, _) => {}
            }
        }
    }
    for (score, mut delays) in scores.iter_mut().zip(delays) {
        delays.sort_unstable_by(f64::total_cmp);
        score.median_delay_days = delays.get(delays.len() / 2).copied();
    }
    Evaluation { detections: scores, troubled, thriving_in_trouble }
}

/// `since`, a week later, and so on up to `now`.
fn weeks_from(since: Timestamp, now: Timestamp) -> impl Iterator<Item = Timestamp> {
    let week = SignedDuration::from_hours(7 * 24);
    std::iter::successors(Some(since), move |at| at.checked_add(week).ok()).take_while(move |at| *at <= now)
}
