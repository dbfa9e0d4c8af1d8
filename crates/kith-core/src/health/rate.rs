//! The contact rate and drift: whether, and since when, contact fell below what the
//! person's own history predicts, tested so that people one rarely contacts, ties with a
//! yearly rhythm and ties that came back are not flagged by chance.

use super::replies::Conversations;
use super::{HealthSettings, days_before, days_between};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The recent contact rate against the person's own baseline, since the most likely
/// change point.
///
/// Contacts are the conversations either side started (a reply belongs to the contact it
/// answers, so an exchange of mail counts once), which makes their count close to a Poisson
/// process. A drop is a change point: contact ran at one rate before some moment and at a
/// lower one since. Fixed windows miss it when they straddle the change, and the silence
/// since the last contact misses it when one late contact resets that silence, so the
/// change point itself is searched for: every candidate on a grid of lengths from
/// [`SHORTEST_DAYS`] to [`LONGEST_DAYS`] (each a fifth longer than the one before) is
/// tested, the count since it against the baseline before it. Trying many candidates
/// makes a small p-value likelier by chance, so that cost is paid: the reported p-value
/// is the smallest one times the number of candidates tested (Bonferroni).
///
/// Two more things must hold before a drop is a drift:
/// - it is current: the last [`HealthSettings::recent_days`] alone must be a drop too, and
///   contact must not have come back above half the usual level since some point after the
///   change, more than the lull before would explain, so that a lull followed by months
///   back at the usual level is a dip, not a drift (the change point whose p-value is
///   smallest may well be the lull's start);
/// - it is not the person's rhythm: when earlier years were observed, the same span of the
///   calendar in those years must have held clearly more contact ([`Season`]), so that a tie
///   busy around a yearly event is not drifting in its usual quiet months.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    /// Days since the change point reported.
    pub window_days: i64,
    /// Contacts since the change point.
    pub recent: usize,
    /// Contacts in the baseline before it.
    pub baseline: usize,
    /// Days of baseline actually observed: shorter than the setting when the first contact
    /// falls inside it.
    pub baseline_days: f64,
    /// Contacts the baseline rate predicts since the change point.
    pub expected: f64,
    /// The probability of so few contacts since any change point tried, if the baseline
    /// rate still held, with the cost of trying several paid; `None` when no baseline is
    /// thick enough to judge.
    pub p_value: Option<f64>,
    /// How many change points had a baseline to be tested against: the factor the
    /// smallest p-value was multiplied by.
    pub tested: usize,
    /// The same span of the calendar in earlier years, when any was observed.
    pub season: Option<Season>,
    /// Contacts in the last [`HealthSettings::recent_days`] (or since the change point,
    /// when that is shorter).
    pub latest: usize,
    /// Whether those alone are still a drop: at most [`DRIFT_SHARE`] of the usual level,
    /// with a chance below [`CURRENT_P`]. When they are not, the drop is over.
    pub current: bool,
    /// Whether contact runs at its usual pace: the last [`HealthSettings::recent_days`]
    /// hold at least [`REGULAR_SHARE`] of the usual count (when there is a baseline), and
    /// no change point tried shows even a hint of a drop (fewer than [`REGULAR_SHARE`] of
    /// the usual contacts since, with a chance below [`HINT_P`]). Only a regular tie can be
    /// thriving.
    pub regular: bool,
    /// Whether the rate fell significantly below the baseline, now, and against the
    /// person's own seasons.
    pub drifting: bool,
}

/// The same span of the calendar as the recent one, in earlier observed years.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Season {
    /// How many earlier years were observed over that whole span.
    pub years: usize,
    /// Contacts in those spans, all years together.
    pub contacts: usize,
    /// The probability of so few recent contacts if the recent span were like the same
    /// span of those years (a conditional binomial test: the recent span is one of
    /// `years + 1` equal ones).
    pub p_value: f64,
}

impl Season {
    /// Contacts a year in that span, on average.
    pub fn per_year(&self) -> f64 {
        self.contacts as f64 / self.years as f64
    }

    /// Whether the recent count is clearly below what those years held: improbable at
    /// [`SEASON_P`] and at most [`DRIFT_SHARE`] of their average.
    fn confirms_drop(&self, recent: usize) -> bool {
        self.p_value < SEASON_P && recent as f64 <= DRIFT_SHARE * self.per_year()
    }
}

/// The largest share of the usual contacts that still counts as a drift: a drop to half or
/// less, when it is also improbable by chance.
pub const DRIFT_SHARE: f64 = 0.5;

/// The shortest change point tried, in days before now: a shorter quiet spell is ordinary.
pub const SHORTEST_DAYS: f64 = 30.0;

/// The longest change point tried, in days before now: two years.
pub const LONGEST_DAYS: f64 = 730.0;

/// Each candidate change point is this much further back than the one before.
const STEP: f64 = 1.2;

/// The significance the same-season comparison must reach. It only confirms a change point
/// already found at the stricter, corrected level, so it is looser: its job is to clear
/// ties whose quiet months were as quiet in earlier years.
pub const SEASON_P: f64 = 0.05;

/// The chance under which a count at most [`DRIFT_SHARE`] of the usual is a hint of a drop,
/// enough to withhold "thriving" though not to say "drifting".
pub const HINT_P: f64 = 0.35;

/// The significance the latest days alone must reach for a drop to be current. Like
/// [`SEASON_P`] it confirms a drop already found, so it is loose: a tie back at its usual
/// rate fails it, a silence or a single late contact passes.
pub const CURRENT_P: f64 = 0.1;

/// How much of the span since a change point (up to the baseline window) the baseline must
/// reach over, from where it is first observed to its last contact.
const COVERED_SHARE: f64 = 0.5;

/// The fewest contacts since a rebound that can show one.
const MIN_REBOUND: usize = 3;

/// The share of the usual contacts the latest days must hold for a tie to be regular.
pub const REGULAR_SHARE: f64 = 0.75;

/// A year, for the same span of the calendar in earlier years.
const YEAR_DAYS: i64 = 365;

impl Rate {
    /// The rate of `past` (none after `now`).
    pub(super) fn of(past: &Conversations<'_>, settings: &HealthSettings, now: Timestamp) -> Self {
        let starts: Vec<Timestamp> = past.openers().map(|(_, i)| i.at).collect();
        let tried: Vec<Self> =
            candidate_days().map(|days| Self::since(&starts, days, settings, now)).collect();
        let tested = tried.iter().filter(|w| w.p_value.is_some()).count();
        let p = |w: &Self| w.p_value.unwrap_or(f64::INFINITY);
        let lately = Self::since(&starts, settings.recent_days, settings, now);
        let usual_lately =
            lately.p_value.is_none() || lately.recent as f64 >= REGULAR_SHARE * lately.expected;
        let regular = usual_lately && !tried.iter().any(|w| w.is_below_usual() && p(w) < HINT_P);
        // The most likely change point among those that are current drops unlike the
        // seasons before, else among mere drops, else among all. Any may be reported: the
        // cost paid is that of testing every one.
        let pick = |keep: fn(&Self) -> bool| {
            tried
                .iter()
                .filter(|w| w.p_value.is_some() && keep(w))
                .min_by(|a, b| p(a).total_cmp(&p(b)).then(a.window_days.cmp(&b.window_days)))
                .cloned()
        };
        let mut rate = pick(Self::is_confirmed_drop)
            .or_else(|| pick(Self::is_low))
            .or_else(|| pick(|_| true))
            .unwrap_or(lately);
        rate.p_value = rate.p_value.map(|p| (p * tested as f64).min(1.0));
        rate.tested = tested;
        rate.regular = regular;
        rate.drifting = rate.is_drop(settings.drift_p);
        rate
    }

    /// The test at one given change point, without the cost of having searched for it:
    /// what a test that knew the true change point would say (the simulator's yardstick
    /// for which drops can be seen at all).
    pub fn at_change_point(
        past: &[super::Contact],
        change: Timestamp,
        settings: &HealthSettings,
        now: Timestamp,
    ) -> Self {
        let conversations = Conversations::of(past);
        let starts: Vec<Timestamp> = conversations.openers().map(|(_, i)| i.at).collect();
        let days = days_between(change, now).round() as i64;
        let mut rate = Self::since(&starts, days.max(1), settings, now);
        rate.drifting = rate.is_drop(settings.drift_p);
        rate
    }

    /// The count test with the change point `days` before `now`.
    fn since(starts: &[Timestamp], days: i64, settings: &HealthSettings, now: Timestamp) -> Self {
        let change = days_before(now, days);
        let baseline_start = days_before(change, settings.baseline_days);
        let split = starts.partition_point(|at| *at <= change);
        let recent = starts.len() - split;
        let baseline = split - starts[..split].partition_point(|at| *at <= baseline_start);
        let observed_from = starts.first().map_or(change, |at| (*at).max(baseline_start));
        let baseline_days = days_between(observed_from, change).max(0.0);
        let per_day = if baseline_days > 0.0 { baseline as f64 / baseline_days } else { 0.0 };
        let expected = per_day * days as f64;
        // A baseline needs enough contacts, and contacts spread over enough time (half as
        // long as the span since the change point, up to half the baseline window) before
        // it says anything about that span: a short tie that faded, a few contacts over some
        // weeks and then a long silence, has no rate to drift from; it is dormant.
        let covered = match split.checked_sub(1).map(|last| starts[last]) {
            Some(last) if baseline > 0 => days_between(observed_from, last),
            _ => 0.0,
        };
        let long_enough = covered >= COVERED_SHARE * (days as f64).min(settings.baseline_days as f64);
        let meaningful = baseline >= settings.min_baseline_contacts && long_enough;
        // Both counts are chance draws: given the total, the recent share of it follows a
        // binomial law under an unchanged rate (a conditional test of two Poisson rates).
        let p_value = meaningful.then(|| fewer_than_usual(recent, baseline, days as f64, baseline_days));
        // The same test over the latest days alone says whether the drop still holds.
        let latest_days = days.min(settings.recent_days);
        let latest = starts.len() - starts.partition_point(|at| *at <= days_before(now, latest_days));
        let latest_low = latest as f64 <= DRIFT_SHARE * per_day * latest_days as f64;
        // A lull that ended shows as contact back above half the usual level since some
        // point after the change, more than the lull before it would explain.
        let rebounded = candidate_days().take_while(|back| *back < days).any(|back| {
            let since_back = starts.len() - starts.partition_point(|at| *at <= days_before(now, back));
            since_back >= MIN_REBOUND
                && since_back as f64 > DRIFT_SHARE * per_day * back as f64
                && 1.0 - binomial_at_most(since_back - 1, recent, back as f64 / days as f64) < CURRENT_P
        });
        let current = latest_low
            && !rebounded
            && fewer_than_usual(latest, baseline, latest_days as f64, baseline_days) < CURRENT_P;
        Self {
            window_days: days,
            recent,
            baseline,
            baseline_days,
            expected,
            p_value,
            tested: usize::from(meaningful),
            season: season(starts, change, now),
            latest,
            current,
            regular: true,
            drifting: false,
        }
    }

    /// Whether the count since the change point is at most [`DRIFT_SHARE`] of the usual.
    fn is_low(&self) -> bool {
        self.recent as f64 <= DRIFT_SHARE * self.expected
    }

    /// Whether the count since the change point is short of what a regular tie holds
    /// ([`REGULAR_SHARE`] of the usual level): a hint of a drop, too mild to be a drift.
    fn is_below_usual(&self) -> bool {
        (self.recent as f64) < REGULAR_SHARE * self.expected
    }

    /// Whether this is a drift at significance `alpha`: the count since the change point is
    /// improbable under the baseline and at most [`DRIFT_SHARE`] of it, the drop has not
    /// ended, and earlier years did not have the same lull at this time of year.
    pub fn is_drop(&self, alpha: f64) -> bool {
        self.p_value.is_some_and(|p| p < alpha) && self.is_confirmed_drop()
    }

    /// Whether, whatever its p-value, the count is low, current and unlike the seasons
    /// before.
    fn is_confirmed_drop(&self) -> bool {
        self.is_low() && self.current && self.season.as_ref().is_none_or(|s| s.confirms_drop(self.recent))
    }

    /// The baseline rate per 30 days.
    pub fn baseline_per_month(&self) -> f64 {
        if self.baseline_days > 0.0 { self.baseline as f64 * 30.0 / self.baseline_days } else { 0.0 }
    }
}

/// The chance of at most `recent` contacts in `recent_days` against `baseline` contacts in
/// `baseline_days`, if both ran at one rate: given the total, the recent share of it is
/// binomial.
fn fewer_than_usual(recent: usize, baseline: usize, recent_days: f64, baseline_days: f64) -> f64 {
    binomial_at_most(recent, recent + baseline, recent_days / (recent_days + baseline_days))
}

/// The candidate change points, in days before now.
fn candidate_days() -> impl Iterator<Item = i64> {
    std::iter::successors(Some(SHORTEST_DAYS), |d| Some(d * STEP))
        .take_while(|d| *d <= LONGEST_DAYS)
        .map(|d| d.round() as i64)
}

/// The span from `change` to `now` in every earlier year observed over that whole span
/// (from the first contact on), compared with the recent one.
fn season(starts: &[Timestamp], change: Timestamp, now: Timestamp) -> Option<Season> {
    let first = *starts.first()?;
    let count = |from: Timestamp, to: Timestamp| {
        starts.partition_point(|at| *at <= to) - starts.partition_point(|at| *at <= from)
    };
    let (mut years, mut contacts) = (0usize, 0usize);
    for k in 1.. {
        let (from, to) = (days_before(change, k * YEAR_DAYS), days_before(now, k * YEAR_DAYS));
        if from < first {
            break;
        }
        years += 1;
        contacts += count(from, to);
    }
    if years == 0 {
        return None;
    }
    let recent = count(change, now);
    let p_value = binomial_at_most(recent, recent + contacts, 1.0 / (years as f64 + 1.0));
    Some(Season { years, contacts, p_value })
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
