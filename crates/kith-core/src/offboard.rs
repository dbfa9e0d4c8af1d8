//! Client offboarding: where winding down an engagement stands, person by person (thanked,
//! asked for feedback and a reference, answered, check-ins scheduled), and what is left.

use crate::compose::DraftMove;
use crate::{
    CheckIn, Direction, Draft, DraftId, Engagement, EngagementStatus, Exchange, ExchangeKind, ExchangeStatus,
    Giver, Interaction, PersonId,
};
use jiff::Timestamp;
use serde::Serialize;

/// What is known of one person involved in an engagement being wound down.
#[derive(Clone, Debug)]
pub struct Involved<'a> {
    /// Who.
    pub person: PersonId,
    /// Their drafts.
    pub drafts: &'a [Draft],
    /// Their interactions.
    pub interactions: &'a [Interaction],
    /// Their ledger.
    pub exchanges: &'a [Exchange],
    /// Their check-ins still to do.
    pub checkins: &'a [CheckIn],
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// Who.
    pub person: PersonId,
    /// The personal thank-you draft for this engagement, once written.
    pub draft: Option<DraftId>,
    /// When the thanks was sent.
    pub thanked: Option<Timestamp>,
    /// Whether feedback was asked for (the thanks carries the questions).
    pub feedback_asked: bool,
    /// Whether a reference was asked for (only when the engagement went well).
    pub reference_asked: bool,
    /// When they answered: a contact from them, or feedback or a reference they gave,
    /// once the thanks was sent.
    pub answered: Option<Timestamp>,
    /// Whether a check-in with them is scheduled.
    pub checkins_scheduled: bool,
}

/// The checklist of an engagement's offboarding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checklist {
    /// One item per person involved, in the order given.
    pub items: Vec<ChecklistItem>,
    /// Whether every person was thanked.
    pub all_thanked: bool,
    /// Whether the engagement is finished.
    pub finished: bool,
}

/// Where the offboarding of `engagement` stands for each person `involved`.
pub fn checklist(engagement: &Engagement, involved: &[Involved<'_>]) -> Checklist {
    let went_well = engagement.went_well == Some(true);
    let items: Vec<ChecklistItem> = involved
        .iter()
        .map(|p| {
            let thanks = p
                .drafts
                .iter()
                .filter(|d| {
                    d.what == DraftMove::ClientThanks && d.engagement.as_ref() == Some(&engagement.id)
                })
                .max_by_key(|d| (d.sent_at.is_some(), d.created_at));
            let thanked = thanks.and_then(|d| d.sent_at);
            ChecklistItem {
                person: p.person.clone(),
                draft: thanks.map(|d| d.id.clone()),
                thanked,
                feedback_asked: thanked.is_some(),
                reference_asked: thanked.is_some() && went_well,
                answered: thanked.and_then(|since| answered_after(p, since)),
                checkins_scheduled: !p.checkins.is_empty(),
            }
        })
        .collect();
    Checklist {
        all_thanked: items.iter().all(|i| i.thanked.is_some()),
        finished: engagement.status == EngagementStatus::Finished,
        items,
    }
}

/// The first sign, from `since` on (times are whole seconds), that they answered.
fn answered_after(p: &Involved<'_>, since: Timestamp) -> Option<Timestamp> {
    let contacts = p
        .interactions
        .iter()
        .filter(|i| matches!(i.direction, Direction::In | Direction::Mutual))
        .map(|i| i.at);
    let given = p
        .exchanges
        .iter()
        .filter(|x| x.giver == Giver::Them && x.status == ExchangeStatus::Given)
        .filter(|x| matches!(x.kind, ExchangeKind::Feedback | ExchangeKind::Reference))
        .map(|x| x.closed_at.unwrap_or(x.opened_at));
    contacts.chain(given).filter(|at| *at >= since).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{Manner, Tone};
    use crate::{Channel, EngagementId, InteractionId, OrgId};

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap()
    }

    fn thanks(person: &PersonId, engagement: &EngagementId, sent: Option<Timestamp>) -> Draft {
        Draft {
            id: DraftId::from_bits(person.as_str().len() as u64),
            person: person.clone(),
            what: DraftMove::ClientThanks,
            tone: Tone::Warm,
            manner: Manner::Email,
            subject: "Thank you".into(),
            body: "…".into(),
            cited: vec![],
            engagement: Some(engagement.clone()),
            created_at: at(1),
            sent_at: sent,
            interaction: None,
        }
    }

    #[test]
    fn the_checklist_follows_thanks_answers_and_the_outcome() {
        let engagement = Engagement {
            id: EngagementId::from_bits(9),
            org: OrgId::from_bits(1),
            title: "Data platform".into(),
            started_at: at(0),
            ended_at: None,
            status: EngagementStatus::Active,
            went_well: Some(true),
            people: vec![],
        };
        let (ann, bo) = (PersonId::from_bits(1), PersonId::from_bits(2));
        let ann_drafts = [thanks(&ann, &engagement.id, Some(at(2)))];
        let reply = Interaction {
            id: InteractionId::from_bits(1),
            at: at(3),
            channel: Channel::Email,
            direction: Direction::In,
            participants: vec![ann.clone()],
            subject: None,
            thread_key: None,
            source_key: None,
            note: None,
            message: None,
            replies_to: None,
        };
        let before = Interaction { at: at(1), ..reply.clone() };
        let ann_contacts = [before.clone(), reply];
        let bo_drafts = [thanks(&bo, &engagement.id, None)];
        let bo_contacts = [before];
        let involved = [
            Involved {
                person: ann.clone(),
                drafts: &ann_drafts,
                interactions: &ann_contacts,
                exchanges: &[],
                checkins: &[],
            },
            Involved {
                person: bo.clone(),
                drafts: &bo_drafts,
                interactions: &bo_contacts,
                exchanges: &[],
                checkins: &[],
            },
        ];
        let list = checklist(&engagement, &involved);
        assert!(!list.all_thanked && !list.finished);
        let (a, b) = (&list.items[0], &list.items[1]);
        assert_eq!((a.thanked, a.answered, a.reference_asked), (Some(at(2)), Some(at(3)), true));
        assert_eq!(
            (b.thanked, b.answered, b.feedback_asked),
            (None, None, false),
            "a contact before the thanks is no answer"
        );
        let not_well = Engagement { went_well: None, ..engagement };
        assert!(!checklist(&not_well, &involved).items[0].reference_asked);
    }
}
