//! Responsiveness: whether and how fast each side answers the other, the owner's unanswered
//! streak, and who starts conversations.

use super::{Contact, HealthSettings, days_between};
use crate::{Channel, Direction, QuickHasher};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Contacts (sorted) and which of them open a conversation: those that reply to nothing and
/// are the first of their thread, if they have one. Found once for every metric that reads
/// conversations.
pub(super) struct Conversations<'a> {
    /// The contacts, sorted.
    pub contacts: &'a [Contact],
    /// The positions of the openers among them, in order.
    openers: Vec<usize>,
}

impl<'a> Conversations<'a> {
    /// Finds the openers among `contacts` (sorted).
    pub fn of(contacts: &'a [Contact]) -> Self {
        let mut threads =
            HashSet::with_capacity_and_hasher(contacts.len(), BuildHasherDefault::<QuickHasher>::default());
        let openers = (0..contacts.len())
            .filter(|&n| {
                let i = &contacts[n];
                let first_of_thread = i.thread.is_none_or(|thread| threads.insert(thread));
                first_of_thread && i.replies_to.is_none()
            })
            .collect();
        Self { contacts, openers }
    }

    /// The contacts that open a conversation, with their positions.
    pub fn openers(&self) -> impl Iterator<Item = (usize, &'a Contact)> {
        self.openers.iter().map(|&n| (n, &self.contacts[n]))
    }
}

/// How one side answers the other's outreach.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responsiveness {
    /// Outreach that expected an answer and whose window has closed, or was answered.
    pub expected: usize,
    /// Of those, how many were answered within the window.
    pub answered: usize,
    /// Outreach still inside its window with no answer yet (not counted either way).
    pub pending: usize,
    /// Median days to an answer, over the answered ones.
    pub median_latency_days: Option<f64>,
}

impl Responsiveness {
    /// How the person answers the owner.
    pub(super) fn theirs(past: &Conversations<'_>, settings: &HealthSettings, now: Timestamp) -> Self {
        Self::of(past, Direction::Out, settings, now)
    }

    /// How the owner answers the person.
    pub(super) fn owners(past: &Conversations<'_>, settings: &HealthSettings, now: Timestamp) -> Self {
        Self::of(past, Direction::In, settings, now)
    }

    /// The share of expected answers given, when any were expected.
    pub fn reply_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.answered as f64 / self.expected as f64)
    }

    /// Answers to the outreach made in direction `asking`.
    fn of(past: &Conversations<'_>, asking: Direction, settings: &HealthSettings, now: Timestamp) -> Self {
        let window = SignedDuration::from_hours(settings.reply_window_days * 24);
        let mut out = Self::default();
        let mut latencies = Vec::new();
        for (n, outreach) in past.openers() {
            if outreach.direction != asking {
                continue;
            }
            let deadline = outreach.at.checked_add(window).unwrap_or(Timestamp::MAX);
            let answer = past.contacts[n + 1..]
                .iter()
                .take_while(|later| later.at <= deadline)
                .find(|later| answers(later, outreach, asking));
            match answer {
                Some(answer) => {
                    out.expected += 1;
                    out.answered += 1;
                    latencies.push(days_between(outreach.at, answer.at));
                }
                None if deadline > now => out.pending += 1,
                None => out.expected += 1,
            }
        }
        out.median_latency_days = median(&mut latencies);
        out
    }
}

/// Whether `later` answers `outreach` made in direction `asking`: any contact from the
/// other side (or a shared one), except that an email answers an email only in its thread.
fn answers(later: &Contact, outreach: &Contact, asking: Direction) -> bool {
    let from_other_side = later.direction == Direction::Mutual || later.direction == asking.opposite();
    if !from_other_side {
        return false;
    }
    if outreach.channel != Channel::Email || later.channel != Channel::Email {
        return true;
    }
    let replies = outreach.message.is_some() && later.replies_to == outreach.message;
    let same_thread = outreach.thread.is_some() && later.thread == outreach.thread;
    replies || same_thread
}

/// The owner's outreach in a row that the person has not answered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Streak {
    /// How many conversations the owner opened since the person last reached out, replied
    /// or met them (the owner's own replies to them are not outreach).
    pub count: usize,
    /// When the streak began.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub since: Option<Timestamp>,
    /// The channel of each outreach, in order.
    pub channels: Vec<Channel>,
}

impl Streak {
    /// The streak at the end of `past`.
    pub(super) fn of(past: &Conversations<'_>) -> Self {
        let start = past.contacts.iter().rposition(|i| i.direction != Direction::Out).map_or(0, |n| n + 1);
        let run: Vec<&Contact> = past.openers().filter(|(n, _)| *n >= start).map(|(_, i)| i).collect();
        Self {
            count: run.len(),
            since: run.first().map(|i| i.at),
            channels: run.iter().map(|i| i.channel).collect(),
        }
    }
}

/// The share of conversations the owner started, of those either side started.
pub(super) fn initiation(past: &Conversations<'_>) -> Option<f64> {
    let (mut owner, mut total) = (0usize, 0usize);
    for (_, i) in past.openers().filter(|(_, i)| i.direction != Direction::Mutual) {
        total += 1;
        owner += usize::from(i.direction == Direction::Out);
    }
    (total > 0).then(|| owner as f64 / total as f64)
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}
