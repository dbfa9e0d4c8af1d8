//! The contact rate and drift: the recent count against what the person's own baseline
//! rate predicts, tested so that people one rarely contacts are not flagged by chance.

use super::{HealthSettings, days_before, days_between};
use crate::Interaction;
use jiff::Timestamp;

/// The recent contact rate against the person's own baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Rate {
    /// Contacts in the recent window.
    pub recent: usize,
    /// Contacts in the baseline window before it.
    pub baseline: usize,
    /// Days of baseline actually observed: shorter than the window when the first contact
    /// falls inside it.
    pub baseline_days: f64,
    /// Contacts the baseline rate predicts for the recent window.
    pub expected: f64,
    /// The probability of seeing `recent` or fewer contacts if the baseline rate still
    /// held; `None` when the baseline is too thin to judge.
    pub p_value: Option<f64>,
    /// Whether the rate fell significantly below the baseline.
    pub drifting: bool,
}

impl Rate {
    /// The rate of `past` (sorted, none after `now`).
    pub fn of(past: &[Interaction], settings: &HealthSettings, now: Timestamp) -> Self {
        let recent_start = days_before(now, settings.recent_days);
        let baseline_start = days_before(recent_start, settings.baseline_days);
        let split = past.partition_point(|i| i.at <= recent_start);
        let recent = past.len() - split;
        let baseline = split - past[..split].partition_point(|i| i.at <= baseline_start);
        let observed_from = past.first().map_or(recent_start, |i| i.at.max(baseline_start));
        let baseline_days = days_between(observed_from, recent_start).max(0.0);
        let expected = if baseline_days > 0.0 {
            baseline as f64 * settings.recent_days as f64 / baseline_days
        } else {
            0.0
        };
        // A baseline needs enough contacts and enough time (at least the length of the
        // recent window) before it says anything about the recent one.
        let meaningful =
            baseline >= settings.min_baseline_contacts && baseline_days >= settings.recent_days as f64;
        let p_value = meaningful.then(|| poisson_at_most(recent, expected));
        let drifting = p_value.is_some_and(|p| p < settings.drift_p);
        Self { recent, baseline, baseline_days, expected, p_value, drifting }
    }

    /// The baseline rate per 30 days.
    pub fn baseline_per_month(&self) -> f64 {
        if self.baseline_days > 0.0 { self.baseline as f64 * 30.0 / self.baseline_days } else { 0.0 }
    }
}

/// P(X ≤ k) for X Poisson-distributed with mean `mean`, summed in log space so that large
/// means do not underflow.
pub fn poisson_at_most(k: usize, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 1.0;
    }
    let ln_mean = mean.ln();
    let mut ln_term = -mean;
    let mut total = ln_term.exp();
    for n in 1..=k {
        ln_term += ln_mean - (n as f64).ln();
        total += ln_term.exp();
    }
    total.min(1.0)
}
