//! One person's metrics, each with how it was computed, in words.

use super::{Assessed, assess};
use crate::{Ctx, Result, who};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::health::{
    Cadence, DRIFT_SHARE, HealthSettings, LONGEST_DAYS, Metrics, RECENCY_HALF_LIFE_DAYS, Responsiveness,
    SHORTEST_DAYS, StrengthPart, percent,
};
use kith_core::{Channel, Person, Tier};
use serde::{Deserialize, Serialize};

/// One metric in words: its value, and how it was computed, line by line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    /// What it measures ("cadence", "their replies" …).
    pub label: String,
    /// Its value, in words.
    pub value: String,
    /// How it was computed: a label and its words each.
    pub how: Vec<(String, String)>,
}

fn row(label: &str, value: String, how: Vec<(&str, String)>) -> MetricRow {
    MetricRow {
        label: label.to_owned(),
        value,
        how: how.into_iter().map(|(label, words)| (label.to_owned(), words)).collect(),
    }
}

/// One person's metrics as computed (what it serializes as), and in words.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Explained {
    /// Every metric, as computed.
    pub metrics: Metrics,
    /// Whose.
    #[serde(skip)]
    pub person: Person,
    /// As of when.
    #[serde(skip)]
    pub at: Timestamp,
    /// Each metric in words, with how it was computed.
    #[serde(skip)]
    pub rows: Vec<MetricRow>,
}

/// The metrics of the person `who` names, each with how it was computed.
pub async fn explain(ctx: &Ctx, who: &str) -> Result<Explained> {
    let person = who::person(ctx, who).await?;
    explained(ctx, person, &assess(ctx).await?)
}

/// The metrics of the person `who` names, from an assessment of everyone already made
/// (and kept up to date, as a server keeps [`super::Judgments`]).
pub async fn explain_among(ctx: &Ctx, who: &str, assessed: &Assessed) -> Result<Explained> {
    let person = who::person(ctx, who).await?;
    explained(ctx, person, assessed)
}

/// The metrics of `person` in words, from an assessment of everyone already made.
pub(crate) fn explained(ctx: &Ctx, person: Person, assessed: &Assessed) -> Result<Explained> {
    let a = assessed.of(&person.id)?;
    let view = View {
        person: &person,
        metrics: &a.metrics,
        tier: a.tier,
        everyone: assessed.people.len(),
        settings: &HealthSettings::default(),
        now: ctx.now_ts(),
        zone: ctx.now.time_zone(),
    };
    let rows = view.rows();
    Ok(Explained { metrics: a.metrics.clone(), at: view.now, rows, person })
}

/// What the rows are made from.
struct View<'a> {
    person: &'a Person,
    metrics: &'a Metrics,
    tier: Tier,
    everyone: usize,
    settings: &'a HealthSettings,
    now: Timestamp,
    /// The owner's time zone, for dates.
    zone: &'a TimeZone,
}

impl View<'_> {
    /// A date in the owner's time zone, `2026-03-14`.
    fn day(&self, at: Timestamp) -> String {
        at.to_zoned(self.zone.clone()).strftime("%Y-%m-%d").to_string()
    }

    fn rows(&self) -> Vec<MetricRow> {
        let m = self.metrics;
        vec![
            self.tier(),
            self.cadence(),
            self.strength(),
            self.contacts(),
            self.intensity(),
            self.rate(),
            replies("their replies", &m.theirs, ["your", "their"], self.settings),
            replies("your replies", &m.owners, ["their", "your"], self.settings),
            self.streak(),
            initiation(m),
            self.reciprocity(),
        ]
    }

    fn tier(&self) -> MetricRow {
        let value = match self.person.tier {
            Some(_) => format!("{} (pinned)", self.tier),
            None => format!(
                "{} (ranked by tie strength among {})",
                self.tier,
                count(self.everyone, "relationship")
            ),
        };
        let how = vec![
            ("pinned", yes_no(self.person.tier.is_some()).into()),
            ("closest", closest(self.metrics.closest_tier).into()),
        ];
        row("tier", value, how)
    }

    fn cadence(&self) -> MetricRow {
        let Some(cadence) = Cadence::of(self.person, self.tier, self.metrics) else {
            let why = if self.tier == Tier::Acquaintance {
                "acquaintances have none"
            } else {
                "they have never taken part"
            };
            return row("cadence", format!("none ({why} unless you pin one)"), vec![]);
        };
        let whose = if cadence.pinned {
            "pinned for them".to_owned()
        } else if cadence.own_rhythm {
            "their own steady rhythm, slower than the tier's".to_owned()
        } else {
            format!("the {} tier's", self.tier)
        };
        let value = format!("every {} days, at most {} ({whose})", cadence.ideal_days, cadence.maximum_days);
        let since = self.metrics.last.map_or_else(
            || "never".to_owned(),
            |last| {
                let days = self.now.duration_since(last).as_hours() / 24;
                format!("{days} days ago ({})", self.day(last))
            },
        );
        let how = vec![
            ("ideal", format!("{} days between contacts", cadence.ideal_days)),
            (
                "maximum",
                format!("{} days; overdue past the ideal, seriously past this", cadence.maximum_days),
            ),
            ("last contact", since),
        ];
        row("cadence", value, how)
    }

    fn strength(&self) -> MetricRow {
        let m = self.metrics;
        let value = format!("{:.1} of 100", m.strength);
        if m.contacts == 0 {
            return row("strength", value, vec![("parts", "no contact yet, so no tie".into())]);
        }
        let mut how: Vec<(&str, String)> =
            m.strength_parts(self.now).iter().map(|p| (p.name, strength_part(p))).collect();
        let recency = match m.last_heard {
            Some(at) => format!(
                "{:.2}: they last took part {} days ago ({}); all but intensity count this much, halved \
                 every {} days",
                m.recency(self.now),
                self.now.duration_since(at).as_hours() / 24,
                self.day(at),
                RECENCY_HALF_LIFE_DAYS
            ),
            None => "0: they never took part, so only intensity counts".into(),
        };
        how.push(("recency", recency));
        row("strength", value, how)
    }

    fn contacts(&self) -> MetricRow {
        let m = self.metrics;
        let value = match (m.first, m.last) {
            (Some(first), Some(last)) => {
                format!("{} from {} to {}", m.contacts, self.day(first), self.day(last))
            }
            _ => "none yet".into(),
        };
        let how = vec![
            ("channels", format!("{} used", m.channels)),
            ("intimacy", format!("{} of contacts were calls or meetings", percent(m.intimacy))),
        ];
        row("contacts", value, how)
    }

    fn intensity(&self) -> MetricRow {
        let weights: Vec<String> = Channel::ALL.iter().map(|c| format!("{c} {}", c.weight())).collect();
        let how = vec![
            ("weights", weights.join(", ")),
            (
                "decay",
                format!("halved every {} days since the contact", self.settings.intensity_half_life_days),
            ),
        ];
        row("intensity", format!("{:.2}", self.metrics.intensity), how)
    }

    fn rate(&self) -> MetricRow {
        let (r, s) = (&self.metrics.rate, self.settings);
        let value = match r.p_value {
            Some(_) => format!(
                "{} in the last {} days, where about {:.1} were usual",
                r.recent, r.window_days, r.expected
            ),
            None => format!("{} in the last {} days; no meaningful baseline", r.recent, r.window_days),
        };
        let p_value = match r.p_value {
            Some(p) => format!(
                "{}: the chance of at most {} if the baseline rate still held (a binomial test of the two counts), \
                 times the {} change points tried",
                p_text(p),
                r.recent,
                r.tested
            ),
            None => format!(
                "none: a baseline needs at least {} contacts spread over at least half the window's length",
                s.min_baseline_contacts
            ),
        };
        let how = vec![
            ("counted", "conversations either side started; a reply counts with what it answers".into()),
            (
                "window",
                format!(
                    "the last {} days: of the change points tried, {SHORTEST_DAYS} to {LONGEST_DAYS} days back, \
                     the one where so few contacts were least likely",
                    r.window_days
                ),
            ),
            (
                "baseline",
                format!(
                    "{} in the {:.0} days observed before the window (of {} at most), {:.2} a month",
                    r.baseline,
                    r.baseline_days,
                    s.baseline_days,
                    r.baseline_per_month()
                ),
            ),
            ("expected", format!("{:.2} in {} days at the baseline rate", r.expected, r.window_days)),
            ("p-value", p_value),
            (
                "drifting",
                format!(
                    "{}: needs a p-value below {} and at most {} of the expected, still so in the last {} \
                     days ({} there), and less than the same months of earlier years held{}",
                    yes_no(r.drifting),
                    s.drift_p,
                    percent(DRIFT_SHARE),
                    s.recent_days.min(r.window_days),
                    r.latest,
                    r.season.as_ref().map_or(" (none observed)".to_owned(), |season| format!(
                        " ({:.1} a year over {})",
                        season.per_year(),
                        count_years(season.years)
                    )),
                ),
            ),
        ];
        row("recent rate", value, how)
    }

    fn streak(&self) -> MetricRow {
        let streak = &self.metrics.unanswered;
        let value = match streak.since {
            Some(since) => {
                let channels: Vec<&str> = streak.channels.iter().map(|c| c.as_str()).collect();
                format!("{} since {} ({})", streak.count, self.day(since), channels.join(", "))
            }
            None => "0".into(),
        };
        let how =
            vec![("counted", "conversations you opened since they last wrote, called or met you".into())];
        row("unanswered", value, how)
    }

    fn reciprocity(&self) -> MetricRow {
        let r = &self.metrics.reciprocity;
        let value = format!("{:+.2} (from -1, you only take, to +1, you only give)", r.balance);
        let how = vec![
            ("you gave", format!("{} times, {:.2} after decay", r.times_given, r.given)),
            ("you received", format!("{} times, {:.2} after decay", r.times_received, r.received)),
            ("their asks", format!("{}, {} still open", r.asks_from_them, r.open_asks_from_them)),
            ("your asks", format!("{}, {} still open", r.asks_from_owner, r.open_asks_from_owner)),
            (
                "how",
                format!(
                    "entry weights halved every {} days; an open ask weighs in full on the side asked; \
                     balance = (your side - theirs) / both",
                    self.settings.ledger_half_life_days
                ),
            ),
        ];
        row("reciprocity", value, how)
    }
}

/// How one side answers the other: `sides` names whose outreach and whose answers.
fn replies(label: &str, r: &Responsiveness, sides: [&str; 2], settings: &HealthSettings) -> MetricRow {
    let [asking, answering] = sides;
    let window = settings.reply_window_days;
    let value = match r.reply_rate() {
        Some(rate) => format!("{} of {} within {window} days ({})", r.answered, r.expected, percent(rate)),
        None => "nothing to answer yet".into(),
    };
    let median = r.median_latency_days.map_or_else(|| "-".to_owned(), |d| format!("{d:.1} days"));
    let counted = format!(
        "{asking} new conversations, answered for mail by {answering} reply in its thread, for anything \
         else by {answering} next contact"
    );
    let how = vec![
        ("counted", counted),
        ("window", format!("{window} days to answer")),
        ("pending", format!("{} still inside the window, not counted", r.pending)),
        ("median", median),
    ];
    row(label, value, how)
}

fn initiation(m: &Metrics) -> MetricRow {
    let value =
        m.initiation.map_or_else(|| "-".to_owned(), |share| format!("{} started by you", percent(share)));
    let how =
        vec![("counted", "conversations either side started; meetings and events count for neither".into())];
    row("initiation", value, how)
}

/// Why the history allows no closer tier than `tier`.
fn closest(tier: Tier) -> &'static str {
    match tier {
        Tier::Inner | Tier::Close => "any: you and they both took part in the last year",
        Tier::Active => "active: a conversation in the last year, but not both of you taking part",
        Tier::Network => "network: no conversation in the last year (a connection is none)",
        Tier::Acquaintance => "acquaintance: you never took part (only they wrote), or no contact at all",
    }
}

/// A part of tie strength: its measure, score, weight and points.
fn strength_part(p: &StrengthPart) -> String {
    let value = match p.name {
        "duration" => format!("{:.1} years from the first contact to the last", p.value),
        "multiplexity" => format!("{:.0} channels", p.value),
        "intimacy" => percent(p.value),
        "balance" => format!("{:+.2}", p.value),
        _ => format!("{:.2}", p.value),
    };
    format!("{value}, score {:.2} × weight {:.2} = {:.1} points", p.score, p.weight, p.points())
}

/// A probability, readable however small.
fn p_text(p: f64) -> String {
    if p < 0.0001 { "below 0.0001".into() } else { format!("{p:.4}") }
}

/// "1 year", "3 years".
fn count_years(years: usize) -> String {
    if years == 1 { "1 year".to_owned() } else { format!("{years} years") }
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// "1 relationship", "3 relationships".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
