//! A person's history month by month, as their page draws it: how many contacts each
//! month, by direction and channel, with the stage changes marked; and what was given
//! and received each month, with the asks still open marked. Months run in the owner's
//! time zone from the first month with anything in it to the month of `through`, empty
//! months included, so that bars stand where their month is.

use crate::{
    Channel, Direction, Exchange, ExchangeKind, ExchangeStatus, Giver, Interaction, Stage, Transition,
};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// Contacts month by month, and when the stage changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    /// Every month from the first to the last, oldest first.
    pub months: Vec<ContactMonth>,
    /// Stage changes, oldest first.
    pub stage_changes: Vec<StageMark>,
}

/// One month's contacts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactMonth {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Contacts in all.
    pub total: u32,
    /// The counts that are not zero, by direction then channel, in their fixed order.
    pub counts: Vec<ContactCount>,
}

/// How many contacts of one direction and channel a month had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCount {
    /// Who reached out.
    pub direction: Direction,
    /// How.
    pub channel: Channel,
    /// How many.
    pub count: u32,
}

/// A stage change on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageMark {
    /// The month it falls in, `YYYY-MM`.
    pub month: String,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The stage before.
    pub from: Stage,
    /// The stage after.
    pub to: Stage,
}

/// The ledger month by month, and the entries still open.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerMonths))]
pub struct Reciprocity {
    /// Every month from the first to the last, oldest first.
    pub months: Vec<LedgerMonth>,
    /// Entries neither given nor declined yet, oldest first.
    pub open: Vec<OpenEntry>,
}

/// What was given each way in one month, by weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerMonth {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The weight of what the owner gave.
    pub given: f64,
    /// The weight of what the owner received.
    pub received: f64,
}

/// A ledger entry still open: an ask, or a promise nobody asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenEntry {
    /// The month it was opened, `YYYY-MM`.
    pub month: String,
    /// When it was opened.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// What kind of help.
    pub kind: ExchangeKind,
    /// Who is to give.
    pub giver: Giver,
    /// It was asked for (rather than offered).
    pub asked: bool,
}

/// The timeline of `interactions` and `transitions` up to the month of `through`.
pub fn timeline(
    interactions: &[Interaction],
    transitions: &[Transition],
    tz: &TimeZone,
    through: Timestamp,
) -> Timeline {
    let kept = |at: &Timestamp| *at <= through;
    let firsts = interactions.iter().map(|i| i.at).chain(transitions.iter().map(|t| t.at));
    let Some(first) = firsts.filter(kept).min() else { return Timeline::default() };
    let span = Span::new(month_of(first, tz), month_of(through, tz));
    let mut counts = vec![[[0u32; Channel::ALL.len()]; Direction::ALL.len()]; span.len()];
    for i in interactions.iter().filter(|i| kept(&i.at)) {
        let cell = &mut counts[span.index(month_of(i.at, tz))];
        cell[position(Direction::ALL, i.direction)][position(Channel::ALL, i.channel)] += 1;
    }
    let months = counts
        .into_iter()
        .enumerate()
        .map(|(n, cell)| {
            let counts: Vec<ContactCount> = Direction::ALL
                .iter()
                .zip(cell)
                .flat_map(|(&direction, row)| {
                    Channel::ALL.iter().zip(row).map(move |(&channel, count)| ContactCount {
                        direction,
                        channel,
                        count,
                    })
                })
                .filter(|c| c.count > 0)
                .collect();
            ContactMonth { month: span.label(n), total: counts.iter().map(|c| c.count).sum(), counts }
        })
        .collect();
    let mut stage_changes: Vec<StageMark> = transitions
        .iter()
        .filter(|t| kept(&t.at))
        .map(|t| StageMark { month: label(month_of(t.at, tz)), at: t.at, from: t.from, to: t.to })
        .collect();
    stage_changes.sort_by_key(|m| m.at);
    Timeline { months, stage_changes }
}

/// The ledger of `entries` month by month up to the month of `through`: a giving counts
/// in the month it was given, an entry still open is listed where it was opened.
pub fn reciprocity(entries: &[Exchange], tz: &TimeZone, through: Timestamp) -> Reciprocity {
    let given_at = |e: &Exchange| e.closed_at.unwrap_or(e.opened_at);
    let given: Vec<&Exchange> =
        entries.iter().filter(|e| e.status == ExchangeStatus::Given && given_at(e) <= through).collect();
    let mut open: Vec<OpenEntry> = entries
        .iter()
        .filter(|e| e.status == ExchangeStatus::Asked && e.opened_at <= through)
        .map(|e| OpenEntry {
            month: label(month_of(e.opened_at, tz)),
            at: e.opened_at,
            kind: e.kind,
            giver: e.giver,
            asked: e.asked,
        })
        .collect();
    open.sort_by_key(|o| o.at);
    let firsts = given.iter().map(|e| given_at(e)).chain(open.iter().map(|o| o.at));
    let Some(first) = firsts.min() else { return Reciprocity { months: Vec::new(), open } };
    let span = Span::new(month_of(first, tz), month_of(through, tz));
    let mut months: Vec<LedgerMonth> =
        (0..span.len()).map(|n| LedgerMonth { month: span.label(n), given: 0.0, received: 0.0 }).collect();
    for e in given {
        let month = &mut months[span.index(month_of(given_at(e), tz))];
        match e.giver {
            Giver::Owner => month.given += e.weight,
            Giver::Them => month.received += e.weight,
        }
    }
    Reciprocity { months, open }
}

/// A run of months, from `first` to `last` (or `first` alone if `last` is earlier).
struct Span {
    first: i32,
    count: usize,
}

impl Span {
    fn new(first: i32, last: i32) -> Self {
        Self { first, count: usize::try_from(last - first).unwrap_or(0) + 1 }
    }

    fn len(&self) -> usize {
        self.count
    }

    /// The place of `month` in the span; months outside it are clamped to its ends.
    fn index(&self, month: i32) -> usize {
        usize::try_from(month - self.first).unwrap_or(0).min(self.count - 1)
    }

    fn label(&self, n: usize) -> String {
        label(self.first + i32::try_from(n).unwrap_or(i32::MAX))
    }
}

/// The month of `at` in `tz`, counted from year 0.
fn month_of(at: Timestamp, tz: &TimeZone) -> i32 {
    let date: Date = at.to_zoned(tz.clone()).date();
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

/// A month counted from year 0 as `YYYY-MM`.
fn label(month: i32) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

fn position<T: PartialEq>(all: &[T], value: T) -> usize {
    all.iter().position(|v| *v == value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExchangeId, InteractionId, PersonId, TransitionId};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn contact(when: &str, channel: Channel, direction: Direction) -> Interaction {
        Interaction {
            id: InteractionId::from_bits(1),
            at: at(when),
            channel,
            direction,
            participants: vec![PersonId::from_bits(1)],
            subject: None,
            thread_key: None,
            source_key: None,
            note: None,
            message: None,
            replies_to: None,
        }
    }

    /// Months run from the first contact to `through`, empty ones included; each month
    /// counts its contacts by direction and channel; a contact late on the last day of a
    /// month in UTC falls in the next month for an owner east of Greenwich.
    #[test]
    fn contacts_fall_in_their_months_in_the_owners_time_zone() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let log = [
            contact("2024-01-10T09:00:00Z", Channel::Email, Direction::Out),
            contact("2024-01-12T09:00:00Z", Channel::Email, Direction::In),
            contact("2024-01-13T09:00:00Z", Channel::Email, Direction::In),
            contact("2024-01-31T23:30:00Z", Channel::Call, Direction::Mutual),
            contact("2024-04-02T09:00:00Z", Channel::Meeting, Direction::Mutual),
            contact("2024-09-02T09:00:00Z", Channel::Email, Direction::Out),
        ];
        let ended = Transition {
            id: TransitionId::from_bits(1),
            person: PersonId::from_bits(1),
            from: Stage::Active,
            to: Stage::Ended,
            at: at("2024-03-05T10:00:00Z"),
            reason: None,
            door: None,
            note: None,
        };
        let t = timeline(&log, &[ended], &tz, at("2024-05-20T00:00:00Z"));
        let months: Vec<(&str, u32)> = t.months.iter().map(|m| (m.month.as_str(), m.total)).collect();
        // The September contact is after `through`; the call of 31 January 23:30 UTC is
        // 1 February 00:30 in Berlin.
        assert_eq!(months, [("2024-01", 3), ("2024-02", 1), ("2024-03", 0), ("2024-04", 1), ("2024-05", 0)]);
        let january = &t.months[0].counts;
        assert_eq!(
            january,
            &[
                ContactCount { direction: Direction::Out, channel: Channel::Email, count: 1 },
                ContactCount { direction: Direction::In, channel: Channel::Email, count: 2 },
            ]
        );
        assert_eq!(t.stage_changes.len(), 1);
        assert_eq!(t.stage_changes[0].month, "2024-03");
    }

    fn entry(
        giver: Giver,
        status: ExchangeStatus,
        opened: &str,
        closed: Option<&str>,
        weight: f64,
    ) -> Exchange {
        Exchange {
            id: ExchangeId::from_bits(1),
            person: PersonId::from_bits(1),
            kind: ExchangeKind::Introduction,
            weight,
            giver,
            status,
            asked: true,
            opened_at: at(opened),
            closed_at: closed.map(at),
            note: None,
        }
    }

    /// A giving counts in the month it was given, not the month it was asked; a decline
    /// counts nowhere; an open ask is listed in the month it was opened.
    #[test]
    fn givings_count_when_given_and_open_asks_are_listed() {
        let tz = TimeZone::UTC;
        let ledger = [
            entry(
                Giver::Them,
                ExchangeStatus::Given,
                "2024-01-05T00:00:00Z",
                Some("2024-03-01T00:00:00Z"),
                2.0,
            ),
            entry(Giver::Owner, ExchangeStatus::Given, "2024-02-10T00:00:00Z", None, 1.0),
            entry(
                Giver::Owner,
                ExchangeStatus::Declined,
                "2024-02-11T00:00:00Z",
                Some("2024-02-12T00:00:00Z"),
                5.0,
            ),
            entry(Giver::Owner, ExchangeStatus::Asked, "2024-03-20T00:00:00Z", None, 1.0),
        ];
        let r = reciprocity(&ledger, &tz, at("2024-04-01T00:00:00Z"));
        let months: Vec<(&str, f64, f64)> =
            r.months.iter().map(|m| (m.month.as_str(), m.given, m.received)).collect();
        assert_eq!(months, [("2024-02", 1.0, 0.0), ("2024-03", 0.0, 2.0), ("2024-04", 0.0, 0.0)]);
        assert_eq!(r.open.len(), 1);
        assert_eq!((r.open[0].month.as_str(), r.open[0].giver), ("2024-03", Giver::Owner));
    }

    #[test]
    fn nothing_gives_no_months() {
        assert_eq!(timeline(&[], &[], &TimeZone::UTC, Timestamp::UNIX_EPOCH), Timeline::default());
        assert_eq!(reciprocity(&[], &TimeZone::UTC, Timestamp::UNIX_EPOCH), Reciprocity::default());
    }
}
