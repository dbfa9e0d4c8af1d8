//! Diagnoses: what the metrics and the recorded facts say about a relationship, each with a
//! severity and its evidence in plain words with the numbers.

use super::{
    Cadence, DiagnosisKind, Fact, HealthSettings, History, Metrics, Mute, OwnerChange, OwnerFact, PersonFact,
};
use super::{days_between, evidence};
use crate::when;
use crate::{Channel, Stage, Tier};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What the diagnoses read besides the metrics: the person's place among the owner's ties
/// and what the user recorded.
#[derive(Clone, Copy, Debug)]
pub struct Situation<'a> {
    /// The person's tier, pinned or ranked.
    pub tier: Tier,
    /// How often they should hear from the owner, if at all.
    pub cadence: Option<Cadence>,
    /// Facts recorded about the person.
    pub facts: &'a [PersonFact],
    /// The owner's declared changes.
    pub owner: &'a [OwnerFact],
    /// Mutes; those of other people are ignored.
    pub mutes: &'a [Mute],
}

impl Situation<'_> {
    /// The owner's change of this kind in force at `now`.
    pub fn owner_change(&self, change: OwnerChange, now: Timestamp) -> Option<&OwnerFact> {
        self.owner.iter().find(|f| f.change == change && f.since <= now)
    }

    /// The fact of this kind recorded about the person by `now`.
    pub fn fact(&self, fact: Fact, now: Timestamp) -> Option<&PersonFact> {
        self.facts.iter().find(|f| f.fact == fact && f.at <= now)
    }

    /// Whether the top tiers are watched closely: during a declared strategy change.
    fn watched_closely(&self, now: Timestamp) -> Option<&OwnerFact> {
        let top = matches!(self.tier, Tier::Inner | Tier::Close | Tier::Active);
        self.owner_change(OwnerChange::StrategyChange, now).filter(|_| top)
    }
}

/// One diagnosis of one relationship.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diagnosis {
    /// Which.
    pub kind: DiagnosisKind,
    /// How serious, from 0 (fine) to 1.
    pub severity: f64,
    /// Why, in plain words with the numbers.
    pub evidence: String,
}

/// Days without contact after which a tie with no meaningful baseline is dormant.
const DORMANT_DAYS: f64 = 365.0;

/// The unanswered outreach in a row that makes a person unresponsive.
const UNANSWERED_STREAK: usize = 3;

/// How many of those must be emails. An email's answer is in the archive, while a call or
/// a chat is often answered somewhere the log never sees (a call back, another app), so
/// a streak of those alone is weak evidence.
const UNANSWERED_EMAILS: usize = 2;

/// Every diagnosis that holds at `now`, most severe first, leaving out muted ones.
pub fn diagnose(
    history: &History<'_>,
    metrics: &Metrics,
    situation: &Situation<'_>,
    settings: &HealthSettings,
    now: Timestamp,
) -> Vec<Diagnosis> {
    let stage = history.person.stage;
    let mut found = Vec::new();
    strained(situation, now, &mut found);
    if stage.is_over() {
        return finish(found, history, situation, now);
    }
    misaligned(history, situation, now, &mut found);
    one_sided(metrics, &mut found);
    if stage != Stage::Distanced {
        // Less contact is expected once the tie was reduced or turned to mentoring, or once
        // they retired.
        let deliberate_less = matches!(stage, Stage::Reduced | Stage::Mentoring)
            || situation.fact(Fact::Retired, now).is_some();
        unresponsive(metrics, &mut found);
        // An unresponsive person's contact falls too; that diagnosis already says why.
        let explained = found.iter().any(|d| d.kind == DiagnosisKind::Unresponsive);
        if !deliberate_less && !explained {
            drifting(metrics, situation, settings, now, &mut found);
        }
        let cadence = situation.cadence.filter(|c| c.pinned || !deliberate_less);
        overdue(metrics, cadence, situation.tier, now, &mut found);
        dormant(metrics, now, &mut found);
        thriving(history, metrics, settings, now, &mut found);
    }
    finish(found, history, situation, now)
}

fn finish(
    mut found: Vec<Diagnosis>,
    history: &History<'_>,
    situation: &Situation<'_>,
    now: Timestamp,
) -> Vec<Diagnosis> {
    found.retain(|d| !situation.mutes.iter().any(|m| m.silences(&history.person.id, d.kind, now)));
    found.sort_by(|a, b| b.severity.total_cmp(&a.severity));
    found
}

fn strained(situation: &Situation<'_>, now: Timestamp, found: &mut Vec<Diagnosis>) {
    let (fact, severity, words) = if let Some(f) = situation.fact(Fact::Hostile, now) {
        (f, 1.0, "they turned hostile")
    } else if let Some(f) = situation.fact(Fact::ValuesConflict, now) {
        (f, 0.7, "your values conflict")
    } else {
        return;
    };
    let evidence = format!("{words} (recorded for {}){}", when::day(fact.at), evidence::note(fact));
    found.push(Diagnosis { kind: DiagnosisKind::Strained, severity, evidence });
}

fn misaligned(history: &History<'_>, situation: &Situation<'_>, now: Timestamp, found: &mut Vec<Diagnosis>) {
    let evidence = if let Some(f) = situation.fact(Fact::InterestsDiverged, now) {
        format!("your interests diverged (recorded for {}){}", when::day(f.at), evidence::note(f))
    } else if let Some(f) = situation.fact(Fact::ChangedIndustry, now) {
        format!("they changed industry (recorded for {}){}", when::day(f.at), evidence::note(f))
    } else if let (Some(change), Some(industry)) =
        (situation.owner_change(OwnerChange::ChangingIndustry, now), history.person.industry.as_deref())
    {
        format!("you are leaving your industry since {}; they work in {industry}", when::day(change.since))
    } else {
        return;
    };
    found.push(Diagnosis { kind: DiagnosisKind::Misaligned, severity: 0.5, evidence });
}

/// The fewest asks that make a pattern of taking.
const SEVERAL_ASKS: usize = 2;

/// How lopsided the ledger must be, on the -1 to 1 balance.
const LOPSIDED: f64 = 0.5;

fn one_sided(metrics: &Metrics, found: &mut Vec<Diagnosis>) {
    let r = &metrics.reciprocity;
    if r.balance >= LOPSIDED && r.asks_from_them >= SEVERAL_ASKS {
        let evidence = format!(
            "they asked {} and gave back {}; you gave {}",
            evidence::times(r.asks_from_them),
            evidence::times(r.times_received),
            evidence::times(r.times_given),
        );
        let severity = 0.4 + 0.6 * r.balance * (r.asks_from_them as f64 / 5.0).min(1.0);
        found.push(Diagnosis { kind: DiagnosisKind::OneSidedTaking, severity, evidence });
    } else if r.balance <= -LOPSIDED && r.asks_from_owner >= SEVERAL_ASKS {
        let evidence = format!(
            "you asked {} and gave back {}; they gave {}",
            evidence::times(r.asks_from_owner),
            evidence::times(r.times_given),
            evidence::times(r.times_received),
        );
        let severity = 0.4 + 0.6 * -r.balance * (r.asks_from_owner as f64 / 5.0).min(1.0);
        found.push(Diagnosis { kind: DiagnosisKind::OneSidedGiving, severity, evidence });
    }
}

fn drifting(
    metrics: &Metrics,
    situation: &Situation<'_>,
    settings: &HealthSettings,
    now: Timestamp,
    found: &mut Vec<Diagnosis>,
) {
    let rate = &metrics.rate;
    let watched = situation.watched_closely(now);
    // During a strategy change the top tiers are watched closely: a missed drift costs more
    // than a false alarm there, so the cost of searching for the change point is waived
    // and each change point is held to the plain significance level.
    let waived = rate.tested.max(1) as f64;
    let threshold = settings.drift_p * if watched.is_some() { waived } else { 1.0 };
    let Some(p) = rate.p_value.filter(|_| rate.is_drop(threshold)) else { return };
    let mut evidence = format!(
        "used to talk {:.1} times a month; {} in the last {} days where about {:.1} were usual (a {} chance)",
        rate.baseline_per_month(),
        rate.recent,
        rate.window_days,
        rate.expected,
        evidence::percent(p),
    );
    if let Some(season) = &rate.season {
        evidence.push_str(&format!(
            "; the same months of the {} before held {:.1} a year",
            evidence::count(season.years, "year"),
            season.per_year()
        ));
    }
    if let Some(change) = watched.filter(|_| p >= settings.drift_p) {
        evidence.push_str(&format!(
            "; flagged early because you declared a strategy change on {}",
            when::day(change.since)
        ));
    }
    let severity = (1.0 - rate.recent as f64 / rate.expected.max(1.0)).clamp(0.3, 1.0);
    found.push(Diagnosis { kind: DiagnosisKind::Drifting, severity, evidence });
}

fn unresponsive(metrics: &Metrics, found: &mut Vec<Diagnosis>) {
    let streak = &metrics.unanswered;
    let emails = streak.channels.iter().filter(|c| **c == Channel::Email).count();
    let enough = streak.count >= UNANSWERED_STREAK && emails >= UNANSWERED_EMAILS;
    let (Some(since), true) = (streak.since, enough) else { return };
    let evidence = format!(
        "you reached out {} since {} ({}) with no reply",
        evidence::times(streak.count),
        when::day(since),
        evidence::channels(streak.channels.iter().copied()),
    );
    let severity = (streak.count as f64 / 6.0).clamp(0.5, 1.0);
    found.push(Diagnosis { kind: DiagnosisKind::Unresponsive, severity, evidence });
}

fn overdue(
    metrics: &Metrics,
    cadence: Option<Cadence>,
    tier: Tier,
    now: Timestamp,
    found: &mut Vec<Diagnosis>,
) {
    let (Some(cadence), Some(last)) = (cadence, metrics.last) else { return };
    let days = days_between(last, now);
    let (ideal, maximum) = (f64::from(cadence.ideal_days), f64::from(cadence.maximum_days));
    if days <= ideal {
        return;
    }
    let severity = if days <= maximum {
        0.3 + 0.3 * (days - ideal) / (maximum - ideal).max(1.0)
    } else {
        0.6 + 0.4 * ((days - maximum) / maximum).min(1.0)
    };
    let whose = if cadence.pinned {
        "your cadence for them".to_owned()
    } else if cadence.own_rhythm {
        "their own rhythm".to_owned()
    } else {
        format!("the cadence for {tier} ties")
    };
    let evidence = format!(
        "last contact {:.0} days ago ({}); {whose} is {} days, at most {}",
        days.floor(),
        when::day(last),
        cadence.ideal_days,
        cadence.maximum_days,
    );
    found.push(Diagnosis { kind: DiagnosisKind::Overdue, severity, evidence });
}

/// Dormant: a year or more without contact, unless that silence is already called a drift.
/// A short tie that faded (a few contacts, then more than a year of nothing) has too thin a
/// baseline for the drift test to see a drop, yet it plainly went quiet and must be named.
fn dormant(metrics: &Metrics, now: Timestamp, found: &mut Vec<Diagnosis>) {
    let Some(last) = metrics.last else { return };
    let drifting = found.iter().any(|d| d.kind == DiagnosisKind::Drifting);
    if drifting || days_between(last, now) < DORMANT_DAYS {
        return;
    }
    let evidence = format!(
        "no contact since {} ({} in all)",
        when::day(last),
        evidence::count(metrics.contacts, "contact")
    );
    found.push(Diagnosis { kind: DiagnosisKind::Dormant, severity: 0.3, evidence });
}

/// The reply rate below which a tie is not thriving.
const GOOD_REPLY_RATE: f64 = 0.6;

/// How even the ledger of a thriving tie must be, on the -1 to 1 balance: well short of
/// [`LOPSIDED`], so that a tie just short of one-sided is not praised.
const BALANCED: f64 = 0.25;

/// The most outreach of the owner's in a row, unanswered, that a thriving tie may have.
const THRIVING_MAX_UNANSWERED: usize = 1;

/// Thriving: balanced, regular and responsive, with nothing else to say. Contact counts
/// only when the other side takes part: the owner's own outreach, answered or not, says
/// nothing about whether the tie is alive, so a thriving tie needs contact from them (or
/// together) in the recent window, and from the owner too (a sender the owner never
/// answers is not a thriving tie), no more than one unanswered outreach in a row and none
/// they have had the reply window to answer, and no hint of a drop in the rate (see
/// [`super::Rate::regular`]). An outreach left unanswered past the reply window is the
/// first sign of a tie fading while its rate still looks usual.
fn thriving(
    history: &History<'_>,
    metrics: &Metrics,
    settings: &HealthSettings,
    now: Timestamp,
    found: &mut Vec<Diagnosis>,
) {
    let window_start = super::days_before(now, settings.recent_days);
    let recent: Vec<_> = history.contacts.iter().filter(|c| c.at > window_start && c.at <= now).collect();
    let from_them = recent.iter().filter(|c| c.from_them()).count();
    let reply_rate = metrics.theirs.reply_rate();
    let fine = found.is_empty()
        && from_them >= 1
        && recent.iter().any(|c| c.from_owner())
        && metrics.rate.regular
        && metrics.unanswered.count <= THRIVING_MAX_UNANSWERED
        && metrics.unanswered.since.is_none_or(|at| at > super::days_before(now, settings.reply_window_days))
        && metrics.contacts >= 3
        && metrics.reciprocity.balance.abs() < BALANCED
        && reply_rate.is_none_or(|r| r >= GOOD_REPLY_RATE);
    if !fine {
        return;
    }
    let mut evidence = format!(
        "{} in the last {} days, {from_them} of them from them or together",
        evidence::count(recent.len(), "contact"),
        settings.recent_days
    );
    if let Some(rate) = reply_rate {
        evidence.push_str(&format!("; they answer {} of your messages", evidence::percent(rate)));
    }
    found.push(Diagnosis { kind: DiagnosisKind::Thriving, severity: 0.0, evidence });
}
