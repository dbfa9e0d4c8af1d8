//! The kinds of relationship the simulator plays out, and how many of each a network
//! gets.

use crate::rng::Rng;

/// How many kinds of trajectory there are.
pub const KINDS: usize = 15;

/// The course a simulated relationship follows; the label a health metric is checked
/// against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trajectory {
    /// Contact at the person's own rate over the whole history, replies as usual.
    Steady,
    /// Steady until the label's `since`, then the rate falls to 0–15% of what it was.
    Drifting,
    /// Normal contact, but from `since` they ask the owner for favor after favor and
    /// give nothing back.
    OneSidedTaking,
    /// Normal until `since`; from then on the owner's outreach gets no answer at all.
    Unresponsive,
    /// One to three contacts a year at regular intervals, over the whole history.
    RareButSteady,
    /// First contact at `since`, steady afterwards.
    New,
    /// In the owner's address book and nowhere else: half of them with the day they
    /// connected on LinkedIn (a mutual contact online), the rest with no contact at all.
    AddressBookOnly,
    /// Steady from the start of the history until `since`, two to two and a half years
    /// before now (at the start, when the history is shorter), then nothing.
    OldArchive,
    /// One email from them at `since` (an announcement, a cold pitch), never answered.
    OneMessage,
    /// A burst of contact around one date every year, almost nothing between; no drift.
    Seasonal,
    /// A lull of some months that ended; back at the usual rate since `since`; no drift.
    Recovered,
    /// Steady until `since`, then nothing but one late contact: a drift.
    DropWithLateContact,
    /// A few contacts over weeks, the last at `since`, more than a year ago: dormant.
    ShortFaded,
    /// Favors from the owner years ago, returned from `since` on: balanced, not one-sided.
    LateReciprocity,
    /// Nothing from them since `since`, more than a year ago; one or two unanswered emails
    /// from the owner lately: not thriving.
    OutreachAfterSilence,
}

impl Trajectory {
    /// Every trajectory, in declaration order (the order of [`Mix`]'s fields).
    pub const ALL: [Trajectory; KINDS] = [
        Trajectory::Steady,
        Trajectory::Drifting,
        Trajectory::OneSidedTaking,
        Trajectory::Unresponsive,
        Trajectory::RareButSteady,
        Trajectory::New,
        Trajectory::AddressBookOnly,
        Trajectory::OldArchive,
        Trajectory::OneMessage,
        Trajectory::Seasonal,
        Trajectory::Recovered,
        Trajectory::DropWithLateContact,
        Trajectory::ShortFaded,
        Trajectory::LateReciprocity,
        Trajectory::OutreachAfterSilence,
    ];

    /// Its name, in snake case: `steady`, `drifting`, `one_sided_taking`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Trajectory::Steady => "steady",
            Trajectory::Drifting => "drifting",
            Trajectory::OneSidedTaking => "one_sided_taking",
            Trajectory::Unresponsive => "unresponsive",
            Trajectory::RareButSteady => "rare_but_steady",
            Trajectory::New => "new",
            Trajectory::AddressBookOnly => "address_book_only",
            Trajectory::OldArchive => "old_archive",
            Trajectory::OneMessage => "one_message",
            Trajectory::Seasonal => "seasonal",
            Trajectory::Recovered => "recovered",
            Trajectory::DropWithLateContact => "drop_with_late_contact",
            Trajectory::ShortFaded => "short_faded",
            Trajectory::LateReciprocity => "late_reciprocity",
            Trajectory::OutreachAfterSilence => "outreach_after_silence",
        }
    }

    /// Whether the label carries a `since` (every kind but the steady and seasonal ones
    /// and address-book-only people).
    pub fn has_since(self) -> bool {
        !matches!(
            self,
            Trajectory::Steady
                | Trajectory::RareButSteady
                | Trajectory::Seasonal
                | Trajectory::AddressBookOnly
        )
    }
}

impl std::fmt::Display for Trajectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The share of people on each trajectory. Shares are relative: they are normalized
/// by their sum, and a negative or non-finite share counts as zero. When nothing is
/// left, everyone is steady.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mix {
    /// Share of [`Trajectory::Steady`].
    pub steady: f64,
    /// Share of [`Trajectory::Drifting`].
    pub drifting: f64,
    /// Share of [`Trajectory::OneSidedTaking`].
    pub one_sided_taking: f64,
    /// Share of [`Trajectory::Unresponsive`].
    pub unresponsive: f64,
    /// Share of [`Trajectory::RareButSteady`].
    pub rare_but_steady: f64,
    /// Share of [`Trajectory::New`].
    pub new: f64,
    /// Share of [`Trajectory::AddressBookOnly`].
    pub address_book_only: f64,
    /// Share of [`Trajectory::OldArchive`].
    pub old_archive: f64,
    /// Share of [`Trajectory::OneMessage`].
    pub one_message: f64,
    /// Share of [`Trajectory::Seasonal`].
    pub seasonal: f64,
    /// Share of [`Trajectory::Recovered`].
    pub recovered: f64,
    /// Share of [`Trajectory::DropWithLateContact`].
    pub drop_with_late_contact: f64,
    /// Share of [`Trajectory::ShortFaded`].
    pub short_faded: f64,
    /// Share of [`Trajectory::LateReciprocity`].
    pub late_reciprocity: f64,
    /// Share of [`Trajectory::OutreachAfterSilence`].
    pub outreach_after_silence: f64,
}

impl Default for Mix {
    /// 55% steady, 15% drifting, 8% one-sided taking, 8% unresponsive, 9% rare but
    /// steady, 5% new; no address-book-only people, old archives or one-message senders
    /// ([`Mix::with_address_book`] adds them), and none of the harder shapes of
    /// [`Mix::extended`].
    fn default() -> Self {
        Self {
            steady: 0.55,
            drifting: 0.15,
            one_sided_taking: 0.08,
            unresponsive: 0.08,
            rare_but_steady: 0.09,
            new: 0.05,
            address_book_only: 0.0,
            old_archive: 0.0,
            one_message: 0.0,
            seasonal: 0.0,
            recovered: 0.0,
            drop_with_late_contact: 0.0,
            short_faded: 0.0,
            late_reciprocity: 0.0,
            outreach_after_silence: 0.0,
        }
    }
}

impl Mix {
    /// The default mix within a whole address book, which also holds people the owner is
    /// not in touch with: shares of 0.25 address-book-only, 0.10 old archives and 0.10
    /// one-message senders next to the default's 1.0 (so 17%, 7% and 7% of everyone).
    pub fn with_address_book() -> Self {
        Self { address_book_only: 0.25, old_archive: 0.10, one_message: 0.10, ..Self::default() }
    }

    /// Every shape, the harder ones included: shares of 0.35 steady, 0.10 drifting, 0.07
    /// each of one-sided taking, unresponsive, seasonal and recovered, 0.06 rare but
    /// steady, 0.05 each of drops with a late contact and short ties that faded, 0.04 each
    /// of new ties, late reciprocity and outreach after a long silence; and, as in an
    /// address book, 0.10 address-book-only people and 0.05 each of old archives and
    /// one-message senders (1.2 in all).
    pub fn extended() -> Self {
        Self {
            steady: 0.35,
            drifting: 0.10,
            one_sided_taking: 0.07,
            unresponsive: 0.07,
            rare_but_steady: 0.06,
            new: 0.04,
            seasonal: 0.07,
            recovered: 0.07,
            drop_with_late_contact: 0.05,
            short_faded: 0.05,
            late_reciprocity: 0.04,
            outreach_after_silence: 0.04,
            address_book_only: 0.10,
            old_archive: 0.05,
            one_message: 0.05,
        }
    }

    /// The shares in the order of [`Trajectory::ALL`], normalized to sum to one.
    pub fn normalized(&self) -> [f64; KINDS] {
        let raw = [
            self.steady,
            self.drifting,
            self.one_sided_taking,
            self.unresponsive,
            self.rare_but_steady,
            self.new,
            self.address_book_only,
            self.old_archive,
            self.one_message,
            self.seasonal,
            self.recovered,
            self.drop_with_late_contact,
            self.short_faded,
            self.late_reciprocity,
            self.outreach_after_silence,
        ]
        .map(|s| if s.is_finite() && s > 0.0 { s } else { 0.0 });
        let total: f64 = raw.iter().sum();
        if total > 0.0 {
            raw.map(|s| s / total)
        } else {
            std::array::from_fn(|i| if i == 0 { 1.0 } else { 0.0 })
        }
    }

    /// How many of `people` get each trajectory: the shares rounded by largest
    /// remainder, so the counts add up to `people` exactly.
    pub(crate) fn counts(&self, people: usize) -> [usize; KINDS] {
        let shares = self.normalized();
        let exact = shares.map(|s| s * people as f64);
        let mut counts = exact.map(|x| x.floor() as usize);
        let mut left = people - counts.iter().sum::<usize>();
        let mut order: Vec<usize> = (0..KINDS).collect();
        // Largest remainder first; ties to the earlier trajectory.
        order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
        for &i in order.iter().cycle() {
            if left == 0 {
                break;
            }
            if shares[i] > 0.0 {
                counts[i] += 1;
                left -= 1;
            }
        }
        counts
    }
}

/// Trajectories for `people` people: the mix's counts, in shuffled order.
pub(crate) fn assign(mix: &Mix, people: usize, rng: &mut Rng) -> Vec<Trajectory> {
    let counts = mix.counts(people);
    let mut all: Vec<Trajectory> = Vec::with_capacity(people);
    for (trajectory, &count) in Trajectory::ALL.iter().zip(&counts) {
        all.extend(std::iter::repeat_n(*trajectory, count));
    }
    rng.shuffle(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_mix_and_add_up() {
        let mix = Mix::default();
        assert_eq!(mix.counts(200), [110, 30, 16, 16, 18, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let odd = mix.counts(7);
        assert_eq!(odd.iter().sum::<usize>(), 7);
        let weird = Mix { steady: -1.0, drifting: f64::NAN, one_sided_taking: 2.0, ..Mix::default() };
        let c = weird.counts(1000);
        assert_eq!((c[0], c[1]), (0, 0), "negative and NaN shares count as zero");
        assert_eq!(c.iter().sum::<usize>(), 1000);
        let none = Mix {
            steady: 0.0,
            drifting: 0.0,
            one_sided_taking: 0.0,
            unresponsive: 0.0,
            rare_but_steady: 0.0,
            new: 0.0,
            ..Mix::default()
        };
        assert_eq!(none.counts(5), [5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        // 1.45 in all: 0.25 / 1.45 of 200 is 34.5, 0.10 / 1.45 is 13.8.
        let whole = Mix::with_address_book().counts(200);
        assert_eq!(whole.iter().sum::<usize>(), 200);
        assert_eq!(whole[6..9], [34, 14, 14]);
        assert_eq!(Mix::extended().counts(100).iter().sum::<usize>(), 100);
    }

    #[test]
    fn names_are_the_documented_ones() {
        let names: Vec<&str> = Trajectory::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            names,
            [
                "steady",
                "drifting",
                "one_sided_taking",
                "unresponsive",
                "rare_but_steady",
                "new",
                "address_book_only",
                "old_archive",
                "one_message",
                "seasonal",
                "recovered",
                "drop_with_late_contact",
                "short_faded",
                "late_reciprocity",
                "outreach_after_silence"
            ]
        );
    }
}
