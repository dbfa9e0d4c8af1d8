//! People in the owner's records without a live tie: address-book-only people, old
//! archives and one-message senders. Real databases hold many; their tiers must not.

use super::{DAY, Sim, Span};
use kith_core::{Channel, Direction};

/// How long before now an old archive's contact ended: two to two and a half years.
const ARCHIVE_ENDED_DAYS: (i64, i64) = (730, 900);

/// The lowest contacts a month of an old archive: a tie that was kept up, not a few
/// messages.
const ARCHIVE_MIN_RATE: f64 = 2.0;

impl Sim<'_> {
    /// A card and, half the time, the day they connected on LinkedIn, which an import
    /// records as a mutual contact online; nothing else, and no label `since`.
    pub(super) fn address_book_only(&mut self) -> Option<i64> {
        let Span { start, now } = self.span;
        if self.rng.chance(0.5) {
            let at = self.rng.between(start, now);
            self.push(at, Channel::Social, Direction::Mutual, 0, 0, 0);
        }
        None
    }

    /// Contact at `rate` a month (at least [`ARCHIVE_MIN_RATE`]) with favors both ways, from
    /// the start of the history until [`ARCHIVE_ENDED_DAYS`] before now (no later than the
    /// start), then nothing; returns when it ended.
    pub(super) fn old_archive(&mut self, rate: f64) -> Option<i64> {
        let Span { start, now } = self.span;
        let (near, far) = ARCHIVE_ENDED_DAYS;
        let ended = (now - self.rng.between(near * DAY, far * DAY)).max(start);
        self.contacts(start, ended, rate.max(ARCHIVE_MIN_RATE), Some(ended));
        self.balanced(start, ended, 0);
        Some(ended)
    }

    /// One email from them at a moment of the history, never answered; returns when.
    pub(super) fn one_message(&mut self) -> Option<i64> {
        let Span { start, now } = self.span;
        let at = self.rng.between(start, now);
        self.email(at, Direction::In, 0.0, None);
        Some(at)
    }
}
