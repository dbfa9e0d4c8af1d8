//! Shapes that look like trouble to a naive judgment and are not, or are trouble that a
//! naive judgment misses: ties with a yearly rhythm, ties that dipped and came back, drops
//! with one late contact, short ties that faded, favors returned years later, and the
//! owner's outreach to someone who stopped answering long ago.

use super::{DAY, MONTH, Sim, YEAR};
use kith_core::{Direction, ExchangeKind, Giver};

/// How long the busy season of a seasonal tie lasts, in days.
const SEASON_DAYS: i64 = 40;

impl Sim<'_> {
    /// A burst of four to ten contacts every year within [`SEASON_DAYS`] of one yearly date
    /// (a conference, a yearly review), and almost nothing between: one contact a year on
    /// average. Favors are balanced.
    pub(super) fn seasonal(&mut self) -> Option<i64> {
        let (start, now) = (self.span.start, self.span.now);
        let phase = self.rng.between(0, YEAR);
        let burst = self.rng.uniform(4.0, 10.0);
        let mut season = start - YEAR + phase;
        while season <= now {
            let per_month = burst * MONTH / (SEASON_DAYS * DAY) as f64;
            self.contacts(season.max(start), (season + SEASON_DAYS * DAY).min(now), per_month, None);
            season += YEAR;
        }
        self.contacts(start, now, 1.0 / 12.0, None);
        self.balanced(start, now, 0);
        None
    }

    /// Steady, then a lull of three to eight months at 0–15% of the rate, then back at the
    /// usual rate for the last 100–200 days. The label's `since` is when contact came back.
    pub(super) fn recovered(&mut self) -> Option<i64> {
        let (start, now) = (self.span.start, self.span.now);
        let rate = self.base_rate().max(super::DRIFTING_MIN_RATE);
        let back = self.recent(100, 200, 500);
        let lull = back - self.rng.between(90 * DAY, 240 * DAY);
        self.contacts(start, lull, rate, None);
        let left = self.rng.uniform(0.0, 0.15);
        self.contacts(lull, back, rate * left, None);
        self.contacts(back, now, rate, None);
        self.balanced(start, now, 0);
        Some(back)
    }

    /// Steady until `since` (120–400 days ago), then nothing but one contact in the last
    /// 15–60 days: a real drop whose silence that contact resets.
    pub(super) fn drop_with_late_contact(&mut self) -> Option<i64> {
        let (start, now) = (self.span.start, self.span.now);
        let rate = self.base_rate().max(super::DRIFTING_MIN_RATE);
        let since = self.recent(120, 400, 400);
        self.contacts(start, since, rate, None);
        let late = now - self.rng.between(15 * DAY, 60 * DAY);
        self.contact(late, None);
        self.balanced(start, since, 0);
        Some(since)
    }

    /// Three to six contacts over one to three months that ended 400–900 days ago, and
    /// nothing since. The label's `since` is the last contact.
    pub(super) fn short_faded(&mut self) -> Option<i64> {
        let end = self.recent(400, 900, 60);
        let begin = (end - self.rng.between(30 * DAY, 90 * DAY)).max(self.span.start);
        let n = 3 + self.rng.below(4) as usize;
        let mut times: Vec<i64> = (2..n).map(|_| self.rng.between(begin, end)).collect();
        times.extend([begin, end]);
        times.sort_unstable();
        for at in times {
            self.contact(at, None);
        }
        Some(end)
    }

    /// Steady contact; two or three favors from the owner 700–1,000 days ago, asked for by
    /// the person, returned in the last 300 days, each return asked for by the owner. The
    /// ledger is even; only the returns are recent. The label's `since` is the first return.
    pub(super) fn late_reciprocity(&mut self) -> Option<i64> {
        let (start, now) = (self.span.start, self.span.now);
        let rate = self.base_rate();
        self.contacts(start, now, rate, None);
        let n = 2 + self.rng.below(2) as usize;
        let kinds: Vec<ExchangeKind> = (0..n)
            .map(|_| ExchangeKind::ALL[self.rng.below(ExchangeKind::ALL.len() as u64) as usize])
            .collect();
        let mut first_return = now;
        for (k, &kind) in kinds.iter().enumerate() {
            let gave = self.recent(700, 1_000, 0);
            self.asked_favor(gave, kind, Giver::Owner);
            let back = self.recent(20, 300, 0) + k as i64;
            first_return = first_return.min(back);
            self.asked_favor(back, kind, Giver::Them);
        }
        Some(first_return)
    }

    /// Steady until `since` (400–700 days ago); since then nothing from them, and one or two
    /// emails from the owner in the last year, unanswered.
    pub(super) fn outreach_after_silence(&mut self) -> Option<i64> {
        let start = self.span.start;
        let rate = self.base_rate();
        let since = self.recent(400, 700, 200);
        self.contacts(start, since, rate, Some(since));
        self.balanced(start, since, 0);
        for _ in 0..1 + self.rng.below(2) {
            let at = self.recent(10, 330, 0);
            self.email(at, Direction::Out, 0.0, None);
        }
        Some(since)
    }

    /// A favor asked for at `at` and given a few days later.
    fn asked_favor(&mut self, at: i64, kind: ExchangeKind, giver: Giver) {
        let closed = at + self.rng.between(DAY, 10 * DAY);
        self.deal(super::Deal {
            person: self.person,
            kind,
            giver,
            status: kith_core::ExchangeStatus::Given,
            asked: true,
            opened: at,
            closed: Some(closed.min(self.span.now)),
        });
        // The ask travels to the giver, by email, and is mostly answered.
        let ask = if giver == Giver::Owner { Direction::In } else { Direction::Out };
        self.email(at, ask, 0.9, None);
    }
}
