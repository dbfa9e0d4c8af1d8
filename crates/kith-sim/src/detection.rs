//! How well kith's diagnoses find the simulated trajectories: precision, recall and how
//! long after a change began it was first diagnosed.

use crate::logs::Logs;
use crate::{Network, Trajectory};
use jiff::{SignedDuration, Timestamp};
use kith_core::health::{Context, DiagnosisKind, HealthSettings, History, Metrics, diagnose, ranked_tiers};

/// The diagnoses checked, each with the trajectory that should cause it.
pub const CHECKED: [(DiagnosisKind, Trajectory); 3] = [
    (DiagnosisKind::Drifting, Trajectory::Drifting),
    (DiagnosisKind::OneSidedTaking, Trajectory::OneSidedTaking),
    (DiagnosisKind::Unresponsive, Trajectory::Unresponsive),
];

/// How one diagnosis fared against the labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The diagnosis.
    pub diagnosis: DiagnosisKind,
    /// People with the trajectory who were diagnosed.
    pub true_positives: usize,
    /// People diagnosed without the trajectory.
    pub false_positives: usize,
    /// People with the trajectory who were not diagnosed.
    pub false_negatives: usize,
    /// Median days from the change to its first diagnosis, over the people found, checked
    /// week by week.
    pub median_delay_days: Option<f64>,
}

impl Detection {
    /// The share of diagnosed people who had the trajectory.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// The share of people with the trajectory who were diagnosed.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// Diagnoses everyone in `network` as of `now` and scores [`CHECKED`] against the labels.
pub fn detection(network: &Network, now: Timestamp) -> Vec<Detection> {
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
        .map(|&(diagnosis, _)| Detection {
            diagnosis,
            true_positives: 0,
            false_positives: 0,
            false_negatives: 0,
            median_delay_days: None,
        })
        .collect();
    let mut delays: Vec<Vec<f64>> = vec![Vec::new(); CHECKED.len()];
    for (n, (history, label)) in histories.iter().zip(&network.labels).enumerate() {
        let found = diagnosed(history, n, &metrics[n], now);
        for (k, &(diagnosis, trajectory)) in CHECKED.iter().enumerate() {
            let expected = label.trajectory == trajectory;
            match (expected, found.iter().any(|d| d.kind == diagnosis)) {
                (true, true) => {
                    scores[k].true_positives += 1;
                    if let Some(since) = label.since {
                        let first = weeks_from(since, now).find(|&at| {
                            let then = Metrics::of(history, &settings, at);
                            diagnosed(history, n, &then, at).iter().any(|d| d.kind == diagnosis)
                        });
                        if let Some(at) = first {
                            delays[k].push(at.duration_since(since).as_secs_f64() / 86_400.0);
                        }
                    }
                }
                (true, false) => scores[k].false_negatives += 1,
                (false, true) => scores[k].false_positives += 1,
                (false, false) => {}
            }
        }
    }
    for (score, mut delays) in scores.iter_mut().zip(delays) {
        delays.sort_unstable_by(f64::total_cmp);
        score.median_delay_days = delays.get(delays.len() / 2).copied();
    }
    scores
}

/// `since`, a week later, and so on up to `now`.
fn weeks_from(since: Timestamp, now: Timestamp) -> impl Iterator<Item = Timestamp> {
    let week = SignedDuration::from_hours(7 * 24);
    std::iter::successors(Some(since), move |at| at.checked_add(week).ok()).take_while(move |at| *at <= now)
}
