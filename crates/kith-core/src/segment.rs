//! Community mode: the segments members who wane fall in, a leave-well plan for each,
//! and who in them came back or sent others.
//!
//! A member is in a segment when they carry its tag; with two segment tags they count in
//! both. The work is one pass over the people, the transitions and the ledger, so that it
//! holds up with millions of members.

use crate::names::named_enum;
use crate::{Exchange, ExchangeKind, ExchangeStatus, Giver, Person, PersonId, Stage, Transition};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

named_enum!(
    /// Why a community member waned.
    Segment, "segment" {
        /// Was a member and did not renew.
        Lapsed = "lapsed",
        /// Wants to take part but cannot pay for it.
        NoBudget = "no_budget",
        /// Showed interest but never joined.
        NotJoined = "not_joined",
    }
);

impl Segment {
    /// The tag that puts a person in this segment: `lapsed`, `no-budget`, `not-joined`.
    pub fn tag(self) -> &'static str {
        match self {
            Segment::Lapsed => "lapsed",
            Segment::NoBudget => "no-budget",
            Segment::NotJoined => "not-joined",
        }
    }

    /// The leave-well steps for this segment, in the order to take them.
    pub fn plan(self) -> &'static [&'static str] {
        match self {
            Segment::Lapsed => &[
                "Write once, briefly and personally: thank them for their time as a member and make no renewal pitch.",
                "Ask what changed (a new job, less time, a different focus) and note the answer on their record.",
                "Invite them to give back on their own terms: a short talk, a write-up of something they built, or an answer to a member's question.",
                "Stay visible where they already are: react to their public work and help with a job move when you can.",
                "Check in every few months; after two check-ins with no reply, stop and leave the door open.",
                "If they return, record the revival so the comeback is counted.",
            ],
            Segment::NoBudget => &[
                "Send the free material that covers what they hoped to get from membership: recordings, guides, the public newsletter.",
                "Offer a way to take part without paying: speak at an open session, co-write a case study, or help run an event.",
                "Tell them once about any reduced rate, bursary or employer-sponsored seat, without pressing.",
                "Put their name forward for speaking slots, panels and introductions that raise their profile.",
                "Check in when budgets are usually set (the start of a fiscal year), not in between.",
            ],
            Segment::NotJoined => &[
                "Show them everything open to non-members: public posts, recordings, open events and forums.",
                "Invite them as a guest contributor: a talk, a case study or a podcast conversation.",
                "Say once that membership is there whenever it fits them, and do not repeat the pitch.",
                "Keep light contact in public: share or comment on their work now and then.",
                "Thank them personally for anyone they send your way, and log it as a referral.",
            ],
        }
    }
}

/// One segment: who is in it, who came back, and who sent others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentReport {
    /// The segment.
    pub segment: Segment,
    /// Everyone in it, sorted.
    pub people: Vec<PersonId>,
    /// Those brought back: a transition to revived, or revived now; sorted.
    pub revived: Vec<PersonId>,
    /// Those who gave at least one referral; sorted.
    pub referrers: Vec<PersonId>,
    /// How many referrals the segment gave.
    pub referrals: usize,
}

/// What is known of one member of at least one segment.
#[derive(Default)]
struct Member {
    /// The segments they are in, as bits by position in [`Segment::ALL`].
    segments: u8,
    revived: bool,
    referrals: usize,
}

/// One report per segment, in [`Segment::ALL`] order, even when empty. People in no
/// segment are ignored.
pub fn segments(people: &[Person], transitions: &[Transition], exchanges: &[Exchange]) -> Vec<SegmentReport> {
    let mut members: HashMap<&PersonId, Member> = HashMap::new();
    for person in people {
        let bits = Segment::ALL
            .iter()
            .enumerate()
            .filter(|(_, s)| person.tags.iter().any(|t| t == s.tag()))
            .fold(0u8, |bits, (i, _)| bits | 1 << i);
        if bits != 0 {
            let member = members.entry(&person.id).or_default();
            member.segments |= bits;
            member.revived |= person.stage == Stage::Revived;
        }
    }
    for t in transitions.iter().filter(|t| t.to == Stage::Revived) {
        if let Some(member) = members.get_mut(&t.person) {
            member.revived = true;
        }
    }
    let referral = |x: &&Exchange| {
        x.kind == ExchangeKind::Referral && x.giver == Giver::Them && x.status == ExchangeStatus::Given
    };
    for x in exchanges.iter().filter(referral) {
        if let Some(member) = members.get_mut(&x.person) {
            member.referrals += 1;
        }
    }
    let mut sorted: Vec<(&PersonId, Member)> = members.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    Segment::ALL
        .iter()
        .enumerate()
        .map(|(i, &segment)| {
            let mut report =
                SegmentReport { segment, people: vec![], revived: vec![], referrers: vec![], referrals: 0 };
            for (id, member) in sorted.iter().filter(|(_, m)| m.segments & 1 << i != 0) {
                report.people.push((*id).clone());
                if member.revived {
                    report.revived.push((*id).clone());
                }
                if member.referrals > 0 {
                    report.referrers.push((*id).clone());
                    report.referrals += member.referrals;
                }
            }
            report
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::test_person;
    use crate::{ExchangeId, TransitionId};
    use jiff::Timestamp;

    fn tagged(bits: u64, tags: &[&str]) -> Person {
        let mut p = test_person(bits, &format!("Member {bits}"));
        p.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        p
    }

    fn revival(bits: u64, person: u64, to: Stage) -> Transition {
        Transition {
            id: TransitionId::from_bits(bits),
            person: PersonId::from_bits(person),
            from: Stage::Ended,
            to,
            at: Timestamp::from_second(1_000).unwrap(),
            reason: None,
            door: None,
            note: None,
        }
    }

    fn exchange(
        bits: u64,
        person: u64,
        kind: ExchangeKind,
        giver: Giver,
        status: ExchangeStatus,
    ) -> Exchange {
        Exchange {
            id: ExchangeId::from_bits(bits),
            person: PersonId::from_bits(person),
            kind,
            weight: kind.default_weight(),
            giver,
            status,
            asked: false,
            opened_at: Timestamp::from_second(1_000).unwrap(),
            closed_at: None,
            note: None,
        }
    }

    fn ids(bits: &[u64]) -> Vec<PersonId> {
        bits.iter().map(|&b| PersonId::from_bits(b)).collect()
    }

    #[test]
    fn segments_count_returns_and_referrals() {
        use ExchangeKind::{Advice, Referral};
        use ExchangeStatus::{Asked, Given};
        let mut now_revived = tagged(4, &["not-joined"]);
        now_revived.stage = Stage::Revived;
        let people = [
            tagged(5, &["lapsed", "speaker"]),
            tagged(1, &["lapsed", "no-budget"]),
            tagged(2, &["no-budget"]),
            tagged(3, &["client"]),
            now_revived,
            tagged(6, &["no_budget", "Lapsed"]),
        ];
        let transitions =
            [revival(1, 5, Stage::Revived), revival(2, 3, Stage::Revived), revival(3, 2, Stage::Active)];
        let exchanges = [
            exchange(1, 1, Referral, Giver::Them, Given),
            exchange(2, 1, Referral, Giver::Them, Given),
            exchange(3, 2, Referral, Giver::Owner, Given),
            exchange(4, 2, Referral, Giver::Them, Asked),
            exchange(5, 2, Advice, Giver::Them, Given),
            exchange(6, 3, Referral, Giver::Them, Given),
            exchange(7, 4, Referral, Giver::Them, Given),
        ];
        let reports = segments(&people, &transitions, &exchanges);
        let want = [
            SegmentReport {
                segment: Segment::Lapsed,
                people: ids(&[1, 5]),
                revived: ids(&[5]),
                referrers: ids(&[1]),
                referrals: 2,
            },
            SegmentReport {
                segment: Segment::NoBudget,
                people: ids(&[1, 2]),
                revived: vec![],
                referrers: ids(&[1]),
                referrals: 2,
            },
            SegmentReport {
                segment: Segment::NotJoined,
                people: ids(&[4]),
                revived: ids(&[4]),
                referrers: ids(&[4]),
                referrals: 1,
            },
        ];
        assert_eq!(reports, want);
    }

    #[test]
    fn every_segment_is_reported_even_when_empty() {
        let reports = segments(&[tagged(1, &["client"])], &[], &[]);
        let order: Vec<Segment> = reports.iter().map(|r| r.segment).collect();
        assert_eq!(order, Segment::ALL);
        assert!(reports.iter().all(|r| r.people.is_empty() && r.referrals == 0));
    }

    #[test]
    fn tags_and_plans_fit_each_segment() {
        for &segment in Segment::ALL {
            assert_eq!(crate::clean_tag(segment.tag()).unwrap(), segment.tag());
            assert_eq!(segment.tag().parse::<Segment>().unwrap(), segment);
            assert!(segment.plan().len() >= 3, "{segment}");
        }
        let mut steps: Vec<&str> = Segment::ALL.iter().flat_map(|s| s.plan().iter().copied()).collect();
        let all = steps.len();
        steps.sort_unstable();
        steps.dedup();
        assert_eq!(steps.len(), all, "each step belongs to one segment");
        assert!(Segment::NoBudget.plan().iter().any(|s| s.contains("without paying")));
        assert!(Segment::NotJoined.plan().iter().any(|s| s.contains("non-members")));
        assert!(Segment::Lapsed.plan().iter().any(|s| s.contains("stop")));
    }
}
