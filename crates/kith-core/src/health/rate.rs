//! The contact rate and drift: the recent count against what the person's own baseline
//! rate predicts, tested so that people one rarely contacts are not flagged by chance.

use super::replies::Conversations;
use super::{HealthSettings, days_before, days_between};
use jiff::Timestamp;
use serde::Serialize;

/// The recent contact rate against the person's own baseline.
///
/// Contacts are the conversations either side started (a reply belongs to the contact it
/// answers, so an exchange of mail counts once), which makes their count close to a Poisson
/// process; the recent and baseline counts are compared as two such counts. A drift can have begun months ago, so the recent window is tried at one, two
/// and three times its length, each against the baseline just before it; the window where
/// the drop is least likely by chance is reported. So is the silence since the last contact,
/// when it is long, as a window of its own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    /// The length of the recent window reported, in days.
    pub window_days: i64,
    /// Contacts in the recent window.
    pub recent: usize,
    /// Contacts in the baseline window before it.
    pub baseline: usize,
    /// Days of baseline actually observed: shorter than the window when the first contact
    /// falls inside it.
    pub baseline_days: f64,
    /// Contacts the baseline rate predicts for the recent window.
    pub expected: f64,
    /// The probability of so few recent contacts in any window tried, if the baseline rate
    /// still held; `None` when no baseline is thick enough to judge.
    pub p_value: Option<f64>,
    /// Whether the rate fell significantly below the baseline.
    pub drifting: bool,
}

/// How many recent windows are tried, at 1, 2, … times the recent window.
const WINDOWS: i64 = 3;

/// The largest share of the usual contacts that still counts as a drift: a drop to half or
/// less, when it is also improbable by chance.
pub const DRIFT_SHARE: f64 = 0.5;

/// The shortest silence, in days, tried as a window of its own.
const MIN_SILENCE_DAYS: i64 = 30;

impl Rate {
    /// The rate of `past` (none after `now`).
    pub(super) fn of(past: &Conversations<'_>, settings: &HealthSettings, now: Timestamp) -> Self {
        let starts: Vec<Timestamp> = past.openers().map(|(_, i)| i.at).collect();
        let p = |w: &Self| w.p_value.unwrap_or(f64::INFINITY);
        let silence = starts.last().map(|last| days_between(*last, now).floor() as i64);
        let longest = settings.recent_days * WINDOWS;
        let silence = silence.filter(|days| (MIN_SILENCE_DAYS..longest).contains(days));
        let mut rate = (1..=WINDOWS)
            .map(|k| settings.recent_days * k)
            .chain(silence)
            .map(|days| Self::window(&starts, days, settings, now))
            .min_by(|a, b| p(a).total_cmp(&p(b)).then(a.window_days.cmp(&b.window_days)))
            .expect("at least one window");
        rate.drifting = rate.is_drop(settings.drift_p);
        rate
    }

    /// The count test over one recent window of `days`.
    fn window(starts: &[Timestamp], days: i64, settings: &HealthSettings, now: Timestamp) -> Self {
        let recent_start = days_before(now, days);
        let baseline_start = days_before(recent_start, settings.baseline_days);
        let split = starts.partition_point(|at| *at <= recent_start);
        let recent = starts.len() - split;
        let baseline = split - starts[..split].partition_point(|at| *at <= baseline_start);
        let observed_from = starts.first().map_or(recent_start, |at| (*at).max(baseline_start));
        let baseline_days = days_between(observed_from, recent_start).max(0.0);
        let expected = if baseline_days > 0.0 { baseline as f64 * days as f64 / baseline_days } else { 0.0 };
        // A baseline needs enough contacts and enough time (at least the length of the
        // recent window) before it says anything about the recent one.
        let meaningful = baseline >= settings.min_baseline_contacts && baseline_days >= days as f64;
        // Both counts are chance draws: given the total, the recent share of it follows a
        // binomial law under an unchanged rate (a conditional test of two Poisson rates).
        let share = days as f64 / (days as f64 + baseline_days);
        let p_value = meaningful.then(|| binomial_at_most(recent, recent + baseline, share));
        Self { window_days: days, recent, baseline, baseline_days, expected, p_value, drifting: false }
    }

    /// Whether the recent count is both improbable under the baseline, at significance
    /// `alpha`, and far below it: at most [`DRIFT_SHARE`] of what was usual.
    pub fn is_drop(&self, alpha: f64) -> bool {
        self.p_value.is_some_and(|p| p < alpha) && self.recent as f64 <= DRIFT_SHARE * self.expected
    }

    /// The baseline rate per 30 days.
    pub fn baseline_per_month(&self) -> f64 {
        if self.baseline_days > 0.0 { self.baseline as f64 * 30.0 / self.baseline_days } else { 0.0 }
    }
}

/// P(X ≤ k) for X binomially distributed over `n` trials of probability `q`, summed in log
/// space so that long series do not underflow.
pub fn binomial_at_most(k: usize, n: usize, q: f64) -> f64 {
    if q <= 0.0 || k >= n {
        return 1.0;
    }
    if q >= 1.0 {
        return 0.0;
    }
    let (ln_q, ln_rest) = (q.ln(), (1.0 - q).ln());
    let mut ln_term = n as f64 * ln_rest;
    let mut total = ln_term.exp();
    for i in 1..=k {
        ln_term += ((n - i + 1) as f64).ln() - (i as f64).ln() + ln_q - ln_rest;
        total += ln_term.exp();
    }
    total.min(1.0)
}
