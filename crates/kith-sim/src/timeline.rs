//! One person's history, played out on their trajectory as compact events (contacts,
//! replies) and ledger entries, in seconds since the epoch. `materialize.rs` turns them into
//! kith-core values once they are all drawn and sorted.

mod outside;
mod shapes;

use crate::rng::Rng;
use crate::trajectory::Trajectory;
use kith_core::{Channel, Direction, ExchangeKind, ExchangeStatus, Giver};

pub(crate) const HOUR: i64 = 3_600;
pub(crate) const DAY: i64 = 86_400;
/// An average month: 365.25 / 12 days.
const MONTH: f64 = 2_629_800.0;
/// A year of the history: 365 days.
pub(crate) const YEAR: i64 = 365 * DAY;

/// Subjects of simulated email threads; a reply's subject is `Re: ` and its thread's.
pub(crate) const SUBJECTS: [&str; 8] = [
    "Catch up",
    "Quick question",
    "Introduction",
    "Coffee next week?",
    "Following up",
    "Thanks!",
    "Project update",
    "An idea",
];

/// Marks an event's subject as a reply's.
pub(crate) const REPLY_SUBJECT: u8 = 0x80;

/// One contact or reply, before it becomes an `Interaction`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Event {
    /// When, in epoch seconds.
    pub at: i64,
    /// Order of creation, which breaks ties of `at` deterministically.
    pub seq: u32,
    /// Index of the person.
    pub person: u32,
    /// Number of the email message (`<m42@sim.example>`); 0 when not an email.
    pub msg: u32,
    /// Number of the message it answers; 0 when it answers none. Threads are one
    /// message and at most one reply, so this is also the thread's number.
    pub parent: u32,
    /// How.
    pub channel: Channel,
    /// Who reached out.
    pub direction: Direction,
    /// Index into [`SUBJECTS`], with [`REPLY_SUBJECT`] set for replies.
    pub subject: u8,
}

/// One ledger entry, before it becomes an `Exchange`; its weight is the kind's default.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deal {
    /// Index of the person.
    pub person: u32,
    /// What kind of help.
    pub kind: ExchangeKind,
    /// Who gives.
    pub giver: Giver,
    /// Given or still asked.
    pub status: ExchangeStatus,
    /// Whether it began as an ask.
    pub asked: bool,
    /// When it was asked for (or given, unasked).
    pub opened: i64,
    /// When it was given.
    pub closed: Option<i64>,
}

/// Everything drawn so far, for all people.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Contacts and replies, in creation order.
    pub events: Vec<Event>,
    /// Ledger entries, in creation order.
    pub deals: Vec<Deal>,
    /// The last email message number handed out.
    pub last_msg: u32,
    /// Each person's pace, by index: the contacts a month the generator meant over the last
    /// year of the history (the rates it drew, for the part of the year each held).
    pub pace: Vec<f64>,
}

impl Output {
    /// Room for a typical network of `people` (about fifty events each), so the event
    /// list is not copied as it grows; room never used costs no memory.
    pub(crate) fn with_capacity(people: usize) -> Self {
        let people = people.min(1 << 22); // past that, let the vectors grow
        Self {
            events: Vec::with_capacity(people * 64),
            deals: Vec::with_capacity(people * 4),
            last_msg: 0,
            pace: Vec::with_capacity(people),
        }
    }
}

/// The history: from `start` to `now`, epoch seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    /// Its first second.
    pub start: i64,
    /// Its last second; nothing happens after it.
    pub now: i64,
}

/// Plays out person `person`'s history on `trajectory` into `out`; returns the
/// label's `since`.
pub(crate) fn simulate(
    trajectory: Trajectory,
    person: u32,
    rng: Rng,
    span: Span,
    out: &mut Output,
) -> Option<i64> {
    let index = person as usize;
    if out.pace.len() <= index {
        out.pace.resize(index + 1, 0.0);
    }
    let mut sim = Sim { rng, person, span, out };
    sim.play(trajectory)
}

struct Sim<'a> {
    rng: Rng,
    person: u32,
    span: Span,
    out: &'a mut Output,
}

/// How often someone answers the owner's email, as long as they answer at all.
const NORMAL_REPLY_FROM_THEM: f64 = 0.85;
/// The lowest contacts a month of a tie that drifts.
const DRIFTING_MIN_RATE: f64 = 2.0;
/// How often the owner answers an email that starts a thread.
const OWNER_REPLY: f64 = 0.8;
/// The share of the usual rate at which the owner keeps reaching out to someone who no
/// longer answers.
const OUTREACH_SHARE: f64 = 0.5;

impl Sim<'_> {
    fn play(&mut self, trajectory: Trajectory) -> Option<i64> {
        let Span { start, now } = self.span;
        let rate = self.base_rate();
        match trajectory {
            Trajectory::Steady => {
                self.contacts(start, now, rate, None);
                self.balanced(start, now, 0);
                None
            }
            Trajectory::Drifting => {
                // Only a tie kept up regularly can drift; one of a few contacts a year
                // looks the same with or without a drift, and is the rare kind.
                let rate = rate.max(DRIFTING_MIN_RATE);
                let since = self.recent(60, 300, 400);
                self.contacts(start, since, rate, None);
                let left = self.rng.uniform(0.0, 0.15);
                self.contacts(since, now, rate * left, None);
                self.balanced(start, since, 0);
                Some(since)
            }
            Trajectory::OneSidedTaking => {
                let since = self.recent(120, 400, 0);
                self.contacts(start, now, rate, None);
                self.balanced(start, since, 1);
                self.asks(since);
                Some(since)
            }
            Trajectory::Unresponsive => {
                let since = self.recent(45, 200, 0);
                self.contacts(start, since, rate, Some(since));
                self.balanced(start, since, 0);
                self.unanswered_outreach(since, rate);
                Some(since)
            }
            Trajectory::RareButSteady => {
                self.periodic();
                self.balanced(start, now, 0);
                None
            }
            Trajectory::New => {
                let since = self.recent(30, 150, 0);
                self.push(since, Channel::Meeting, Direction::Mutual, 0, 0, 0);
                self.contacts(since + 1, now, rate, None);
                self.balanced(since, now, 0);
                Some(since)
            }
            Trajectory::AddressBookOnly => self.address_book_only(),
            Trajectory::OldArchive => self.old_archive(rate),
            Trajectory::OneMessage => self.one_message(),
            Trajectory::Seasonal => self.seasonal(),
            Trajectory::Recovered => self.recovered(),
            Trajectory::DropWithLateContact => self.drop_with_late_contact(),
            Trajectory::ShortFaded => self.short_faded(),
            Trajectory::LateReciprocity => self.late_reciprocity(),
            Trajectory::OutreachAfterSilence => self.outreach_after_silence(),
        }
    }

    /// Contacts a month: log-normal around 0.8, between 0.3 and 8.
    fn base_rate(&mut self) -> f64 {
        self.rng.log_normal(0.8, 0.8).clamp(0.3, 8.0)
    }

    /// A moment `min_days` to `max_days` before now, but at least `after_start_days`
    /// into the history; when the history is too short for both, recency wins, and
    /// it never falls before the start.
    fn recent(&mut self, min_days: i64, max_days: i64, after_start_days: i64) -> i64 {
        let Span { start, now } = self.span;
        let mut t = now - self.rng.between(min_days * DAY, max_days * DAY);
        let floor = start + after_start_days * DAY;
        if t < floor {
            t = floor.min(now - min_days * DAY);
        }
        t.max(start)
    }

    fn push(&mut self, at: i64, channel: Channel, direction: Direction, msg: u32, parent: u32, subject: u8) {
        if at > self.span.now || at < self.span.start {
            return;
        }
        let seq = self.out.events.len() as u32;
        self.out.events.push(Event {
            at,
            seq,
            person: self.person,
            msg,
            parent,
            channel,
            direction,
            subject,
        });
    }

    /// Adds to the person's pace a rate of `per_month` contacts held over `[from, to)`, as
    /// far as that lies in the last year.
    fn keeps_up(&mut self, per_month: f64, from: i64, to: i64) {
        let year_start = self.span.now - YEAR;
        let overlap = (to.min(self.span.now) - from.max(year_start)).max(0);
        self.out.pace[self.person as usize] += per_month * overlap as f64 / YEAR as f64;
    }

    fn next_msg(&mut self) -> u32 {
        self.out.last_msg += 1;
        self.out.last_msg
    }

    /// A Poisson process of contacts at `rate` a month over `[from, to)`. Their
    /// replies to the owner's emails come before `cutoff`, when there is one.
    fn contacts(&mut self, from: i64, to: i64, rate: f64, cutoff: Option<i64>) {
        if rate <= 0.0 {
            return;
        }
        self.keeps_up(rate, from, to);
        let mean_gap = MONTH / rate;
        let mut t = from as f64;
        loop {
            t += self.rng.exponential(mean_gap);
            if t >= to as f64 {
                break;
            }
            self.contact(t as i64, cutoff);
        }
    }

    /// One contact of any kind: half the owner's, 40% theirs, 10% mutual; mostly email.
    fn contact(&mut self, at: i64, cutoff: Option<i64>) {
        use Channel::*;
        use Direction::*;
        let direction = self.rng.pick(&[(Out, 0.5), (In, 0.4), (Mutual, 0.1)]);
        let channel = match direction {
            Mutual => self.rng.pick(&[(Meeting, 0.8), (Call, 0.2)]),
            _ => self.rng.pick(&[(Email, 0.6), (Message, 0.22), (Call, 0.13), (Meeting, 0.05)]),
        };
        match (channel, direction) {
            (Email, Out) => self.email(at, Out, NORMAL_REPLY_FROM_THEM, cutoff),
            (Email, _) => self.email(at, In, OWNER_REPLY, None),
            _ => self.push(at, channel, direction, 0, 0, 0),
        }
    }

    /// An email starting a thread, answered with probability `reply` after a
    /// log-normal delay (median about a day and a half). A reply from them is moved
    /// before `cutoff` if it would come later; one that would come after now is not
    /// (yet) sent.
    fn email(&mut self, at: i64, direction: Direction, reply: f64, cutoff: Option<i64>) {
        let subject = self.rng.below(SUBJECTS.len() as u64) as u8;
        let root = self.next_msg();
        self.push(at, Channel::Email, direction, root, 0, subject);
        if !self.rng.chance(reply) {
            return;
        }
        let delay = (self.rng.log_normal(1.6 * DAY as f64, 0.6) as i64).max(10 * 60);
        let mut reply_at = at + delay;
        if let Some(cutoff) = cutoff
            && reply_at >= cutoff
        {
            if cutoff - at < 2 {
                return;
            }
            reply_at = at + (cutoff - at) / 2;
        }
        if reply_at > self.span.now {
            return;
        }
        let msg = self.next_msg();
        self.push(reply_at, Channel::Email, direction.opposite(), msg, root, subject | REPLY_SUBJECT);
    }

    /// From `since` on, the owner reaches out — an email at `since`, then more emails
    /// and one call, at least three in all — and nothing comes back.
    fn unanswered_outreach(&mut self, since: i64, rate: f64) {
        let now = self.span.now;
        let months = (now - since) as f64 / MONTH;
        self.keeps_up(rate * OUTREACH_SHARE, since, now);
        let n = self.rng.poisson(rate * OUTREACH_SHARE * months).max(3) as usize;
        let mut times: Vec<i64> = (1..n).map(|_| self.rng.between(since + DAY, now - HOUR)).collect();
        times.sort_unstable();
        let call = self.rng.below(times.len() as u64) as usize;
        self.email(since, Direction::Out, 0.0, None);
        for (i, at) in times.into_iter().enumerate() {
            if i == call {
                self.push(at, Channel::Call, Direction::Out, 0, 0, 0);
            } else {
                self.email(at, Direction::Out, 0.0, None);
            }
        }
    }

    /// Contacts every 145–330 days (one to three a year), each within ten days of its
    /// slot, from a random phase at the start to now.
    fn periodic(&mut self) {
        let Span { start, now } = self.span;
        let period = self.rng.uniform(145.0, 330.0) * DAY as f64;
        self.keeps_up(MONTH / period, start, now);
        let phase = self.rng.uniform(0.0, period);
        for k in 0.. {
            let slot = start + (phase + k as f64 * period) as i64;
            if slot > now {
                break;
            }
            let at = (slot + self.rng.between(-10 * DAY, 10 * DAY)).min(now - HOUR).max(start);
            self.contact(at, None);
        }
    }

    /// Balanced favors over `[from, to)`: pairs of the same kind, one each way a few
    /// weeks apart, about 0.6 pairs a year and at least `min_pairs`.
    fn balanced(&mut self, from: i64, to: i64, min_pairs: u64) {
        let room = to - 75 * DAY;
        if room < from {
            return;
        }
        let years = (to - from) as f64 / YEAR as f64;
        let pairs = self.rng.poisson(0.6 * years).max(min_pairs);
        for _ in 0..pairs {
            let at = self.rng.between(from, room);
            let kind = ExchangeKind::ALL[self.rng.below(ExchangeKind::ALL.len() as u64) as usize];
            let (first, second) =
                if self.rng.chance(0.5) { (Giver::Owner, Giver::Them) } else { (Giver::Them, Giver::Owner) };
            self.favor(at, kind, first);
            let later = at + self.rng.between(15 * DAY, 60 * DAY);
            self.favor(later, kind, second);
        }
    }

    /// A favor given at `at`: unasked, or (40%) asked for and given a few days later.
    fn favor(&mut self, at: i64, kind: ExchangeKind, giver: Giver) {
        let asked = self.rng.chance(0.4);
        let closed = if asked { at + self.rng.between(DAY, 10 * DAY) } else { at };
        self.deal(Deal {
            person: self.person,
            kind,
            giver,
            status: ExchangeStatus::Given,
            asked,
            opened: at,
            closed: Some(closed),
        });
    }

    fn deal(&mut self, deal: Deal) {
        let now = self.span.now;
        if deal.opened <= now && deal.closed.is_none_or(|c| c <= now) {
            self.out.deals.push(deal);
        }
    }

    /// From `since` on, three to six asks of the owner — introductions, referrals,
    /// advice, help — each arriving by email. The first three are granted within two
    /// weeks, later ones mostly; nothing comes back.
    fn asks(&mut self, since: i64) {
        use ExchangeKind::*;
        let now = self.span.now;
        let n = 3 + self.rng.below(4) as usize;
        let mut times: Vec<i64> = (1..n).map(|_| self.rng.between(since + DAY, now - 15 * DAY)).collect();
        times.sort_unstable();
        times.insert(0, since);
        for (i, at) in times.into_iter().enumerate() {
            let kind = self.rng.pick(&[(Introduction, 1.0), (Referral, 1.0), (Advice, 1.0), (Help, 1.0)]);
            let given = i < 3 || self.rng.chance(0.7);
            let closed = given.then(|| (at + self.rng.between(DAY, 14 * DAY)).min(now));
            let status = if given { ExchangeStatus::Given } else { ExchangeStatus::Asked };
            self.deal(Deal {
                person: self.person,
                kind,
                giver: Giver::Owner,
                status,
                asked: true,
                opened: at,
                closed,
            });
            self.email(at, Direction::In, 0.9, None);
        }
    }
}
