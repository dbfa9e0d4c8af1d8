//! Client offboarding: which personal thank-yous an engagement still needs, where winding
//! it down stands person by person (thanked, asked for feedback and a reference,
//! answered, check-ins scheduled), what is left, and what finishing it writes.

use crate::compose::DraftMove;
use crate::stage_change::CHECKIN_EVERY_DAYS;
use crate::{
    CheckIn, Direction, Door, Draft, DraftId, Engagement, EngagementStatus, Exchange, ExchangeKind,
    ExchangeStatus, Giver, Interaction, NewCheckIn, NewNote, Person, PersonId, Stage, Transition,
    ValidationError,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What is known of one person involved in an engagement being wound down.
#[derive(Clone, Debug)]
pub struct Involved<'a> {
    /// Who.
    pub person: &'a Person,
    /// Their drafts.
    pub drafts: &'a [Draft],
    /// Their interactions.
    pub interactions: &'a [Interaction],
    /// Their ledger.
    pub exchanges: &'a [Exchange],
    /// Their check-ins still to do.
    pub checkins: &'a [CheckIn],
    /// Their stage history.
    pub transitions: &'a [Transition],
}

/// A personal thank-you to write for an engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThanksToWrite {
    /// For whom.
    pub person: PersonId,
    /// An unsent thank-you it replaces, written before the engagement's outcome changed.
    pub replaces: Option<DraftId>,
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    /// Who.
    pub person: PersonId,
    /// The personal thank-you draft for this engagement, once written.
    pub draft: Option<DraftId>,
    /// When the thanks was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub thanked: Option<Timestamp>,
    /// Whether feedback was asked for (the thanks carries the questions).
    pub feedback_asked: bool,
    /// Whether a reference was asked for: in the thanks sent, or in a reference request
    /// sent since the engagement began.
    pub reference_asked: bool,
    /// When they answered: a contact from them, or feedback or a reference they gave,
    /// once the thanks was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered: Option<Timestamp>,
    /// Whether a check-in with them is scheduled.
    pub checkins_scheduled: bool,
}

/// What is left to do, one step each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum LeftStep {
    /// Send the thank-you and mark it sent.
    SendThanks {
        /// To whom.
        person: PersonId,
        /// The draft.
        draft: DraftId,
    },
    /// The engagement went well but the thanks sent asked for no reference.
    AskReference {
        /// Whom to ask.
        person: PersonId,
    },
    /// Wait for their answer, and record the feedback that comes back.
    AwaitAnswer {
        /// Whose.
        person: PersonId,
    },
    /// Everyone was thanked: finish the engagement.
    Finish,
}

/// The checklist of an engagement's offboarding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checklist {
    /// One item per person involved, in the order given.
    pub items: Vec<ChecklistItem>,
    /// Whether every person was thanked.
    pub all_thanked: bool,
    /// Whether the engagement is finished.
    pub finished: bool,
    /// What is left to do, in order.
    pub left: Vec<LeftStep>,
}

/// What finishing an engagement writes.
#[derive(Clone, Debug, PartialEq)]
pub struct FinishPlan {
    /// The check-ins to schedule.
    pub checkins: Vec<NewCheckIn>,
    /// A dated note for each person.
    pub notes: Vec<NewNote>,
}

/// The engagement's `client_thanks` drafts among `drafts`, the one to count first: a sent
/// one, else the latest.
fn thanks_of<'d>(engagement: &Engagement, drafts: &'d [Draft]) -> Option<&'d Draft> {
    drafts
        .iter()
        .filter(|d| d.what == DraftMove::ClientThanks && d.engagement.as_ref() == Some(&engagement.id))
        .max_by_key(|d| (d.sent_at.is_some(), d.created_at))
}

/// The thank-yous to write: for each person with none for this engagement, and in place of
/// an unsent one whose reference ask no longer matches how the engagement went.
pub fn thanks_to_write(engagement: &Engagement, involved: &[Involved<'_>]) -> Vec<ThanksToWrite> {
    let went_well = engagement.went_well == Some(true);
    involved
        .iter()
        .filter_map(|p| match thanks_of(engagement, p.drafts) {
            None => Some(ThanksToWrite { person: p.person.id.clone(), replaces: None }),
            Some(d) if d.sent_at.is_none() && d.asks_reference != went_well => {
                Some(ThanksToWrite { person: p.person.id.clone(), replaces: Some(d.id.clone()) })
            }
            Some(_) => None,
        })
        .collect()
}

/// Where the offboarding of `engagement` stands for each person `involved`.
pub fn checklist(engagement: &Engagement, involved: &[Involved<'_>]) -> Checklist {
    let went_well = engagement.went_well == Some(true);
    let items: Vec<ChecklistItem> = involved
        .iter()
        .map(|p| {
            let thanks = thanks_of(engagement, p.drafts);
            let thanked = thanks.and_then(|d| d.sent_at);
            let asked_in_thanks = thanks.is_some_and(|d| d.sent_at.is_some() && d.asks_reference);
            let asked_apart = p.drafts.iter().any(|d| {
                d.what == DraftMove::ReferenceRequest
                    && d.sent_at.is_some_and(|at| at >= engagement.started_at)
            });
            ChecklistItem {
                person: p.person.id.clone(),
                draft: thanks.map(|d| d.id.clone()),
                thanked,
                feedback_asked: thanked.is_some(),
                reference_asked: asked_in_thanks || asked_apart,
                answered: thanked.and_then(|since| answered_after(p, since)),
                checkins_scheduled: !p.checkins.is_empty(),
            }
        })
        .collect();
    let all_thanked = items.iter().all(|i| i.thanked.is_some());
    let finished = engagement.status == EngagementStatus::Finished;
    let mut left = Vec::new();
    for item in &items {
        let person = item.person.clone();
        match (&item.draft, item.thanked) {
            (Some(draft), None) => left.push(LeftStep::SendThanks { person, draft: draft.clone() }),
            (_, Some(_)) if went_well && !item.reference_asked => {
                left.push(LeftStep::AskReference { person })
            }
            (_, Some(_)) if item.answered.is_none() => left.push(LeftStep::AwaitAnswer { person }),
            _ => {}
        }
    }
    if all_thanked && !finished {
        left.push(LeftStep::Finish);
    }
    Checklist { items, all_thanked, finished, left }
}

/// What finishing `engagement` writes at `now`: refused until everyone was thanked. Each
/// person gets a note and, every `every_days` (default [`CHECKIN_EVERY_DAYS`]), a light
/// check-in, except those walked away from or ended with the door closed (who get none)
/// and those who already have a repeating check-in.
pub fn plan_finish(
    engagement: &Engagement,
    involved: &[Involved<'_>],
    every_days: Option<u32>,
    now: Timestamp,
) -> Result<FinishPlan, ValidationError> {
    let list = checklist(engagement, involved);
    let unthanked: Vec<String> = list
        .items
        .iter()
        .zip(involved)
        .filter(|(item, _)| item.thanked.is_none())
        .map(|(item, p)| match &item.draft {
            Some(draft) => format!("{} (draft {draft})", p.person.name),
            None => p.person.name.clone(),
        })
        .collect();
    if !unthanked.is_empty() {
        return Err(ValidationError::Offboarding(format!(
            "not everyone was thanked yet: {}; send each draft and mark it with `kith drafts sent <id>`, then finish",
            unthanked.join(", ")
        )));
    }
    let days = every_days.unwrap_or(CHECKIN_EVERY_DAYS);
    let mut plan = FinishPlan { checkins: vec![], notes: vec![] };
    for p in involved {
        let closed = match p.person.stage {
            Stage::WalkedAway => true,
            Stage::Ended => {
                p.transitions.iter().max_by_key(|t| t.at).is_some_and(|t| t.door == Some(Door::Closed))
            }
            _ => false,
        };
        let repeating = p.checkins.iter().any(|c| c.every_days.is_some());
        let follow_up = if closed {
            "no check-ins: the relationship is over".to_owned()
        } else if repeating {
            "their check-ins go on as scheduled".to_owned()
        } else {
            let why = format!("a light check-in after {}", engagement.title);
            plan.checkins.push(NewCheckIn::every(p.person.id.clone(), now, days, Some(why))?);
            format!("check-ins every {days} days")
        };
        let text = format!("{} finished; thanked personally; {follow_up}", engagement.title);
        plan.notes.push(NewNote::new(p.person.id.clone(), &text, now, now)?);
    }
    Ok(plan)
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
        .map(Exchange::settled_at);
    contacts.chain(given).filter(|at| *at >= since).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{Manner, Tone};
    use crate::person::test_person;
    use crate::{Channel, CheckInId, EngagementId, InteractionId, OrgId, TransitionId};

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap()
    }

    fn thanks(
        bits: u64,
        person: &Person,
        engagement: &Engagement,
        sent: Option<Timestamp>,
        reference: bool,
    ) -> Draft {
        Draft {
            id: DraftId::from_bits(bits),
            person: person.id.clone(),
            what: DraftMove::ClientThanks,
            tone: Tone::Warm,
            manner: Manner::Email,
            subject: "Thank you".into(),
            body: "…".into(),
            cited: vec![],
            asks_reference: reference,
            engagement: Some(engagement.id.clone()),
            created_at: at(1),
            sent_at: sent,
            interaction: None,
            used_by: None,
        }
    }

    fn engagement(went_well: Option<bool>) -> Engagement {
        Engagement {
            id: EngagementId::from_bits(9),
            org: OrgId::from_bits(1),
            title: "Data platform".into(),
            started_at: at(0),
            ended_at: None,
            status: EngagementStatus::Active,
            went_well,
            people: vec![],
        }
    }

    fn involved<'a>(
        person: &'a Person,
        drafts: &'a [Draft],
        interactions: &'a [Interaction],
    ) -> Involved<'a> {
        Involved { person, drafts, interactions, exchanges: &[], checkins: &[], transitions: &[] }
    }

    #[test]
    fn the_checklist_follows_thanks_answers_and_the_outcome() {
        let work = engagement(Some(true));
        let (ann, bo) = (test_person(1, "Ann Lee"), test_person(2, "Bo Chen"));
        let ann_drafts = [thanks(1, &ann, &work, Some(at(2)), true)];
        let contact = |day| {
            let new = crate::NewInteraction::new(
                at(day),
                Channel::Email,
                Direction::In,
                vec![ann.id.clone()],
                at(9),
            );
            new.unwrap().with_id(InteractionId::from_bits(day as u64))
        };
        let reply = contact(3);
        let before = contact(1);
        let ann_contacts = [before.clone(), reply];
        let bo_drafts = [thanks(2, &bo, &work, None, true)];
        let bo_contacts = [before];
        let people = [involved(&ann, &ann_drafts, &ann_contacts), involved(&bo, &bo_drafts, &bo_contacts)];
        let list = checklist(&work, &people);
        assert!(!list.all_thanked && !list.finished);
        let (a, b) = (&list.items[0], &list.items[1]);
        assert_eq!((a.thanked, a.answered, a.reference_asked), (Some(at(2)), Some(at(3)), true));
        assert_eq!(
            (b.thanked, b.answered, b.feedback_asked),
            (None, None, false),
            "a contact before the thanks is no answer"
        );
        assert_eq!(list.left, [LeftStep::SendThanks { person: bo.id.clone(), draft: DraftId::from_bits(2) }]);
        assert!(
            plan_finish(&work, &people, None, at(5)).unwrap_err().to_string().contains("Bo Chen (draft d_")
        );

        // A thanks sent without the ask, for an engagement marked as gone well since.
        let ann_plain = [thanks(1, &ann, &work, Some(at(2)), false)];
        let list = checklist(&work, &[involved(&ann, &ann_plain, &[])]);
        assert!(!list.items[0].reference_asked, "nothing asked for a reference");
        assert_eq!(list.left, [LeftStep::AskReference { person: ann.id.clone() }, LeftStep::Finish]);
    }

    #[test]
    fn thanks_are_rewritten_only_while_unsent_and_out_of_step_with_the_outcome() {
        let work = engagement(Some(true));
        let (ann, bo, cy) = (test_person(1, "Ann"), test_person(2, "Bo"), test_person(3, "Cy"));
        let ann_sent = [thanks(1, &ann, &work, Some(at(2)), false)];
        let bo_unsent = [thanks(2, &bo, &work, None, false)];
        let people =
            [involved(&ann, &ann_sent, &[]), involved(&bo, &bo_unsent, &[]), involved(&cy, &[], &[])];
        assert_eq!(
            thanks_to_write(&work, &people),
            [
                ThanksToWrite { person: bo.id.clone(), replaces: Some(DraftId::from_bits(2)) },
                ThanksToWrite { person: cy.id.clone(), replaces: None },
            ]
        );
    }

    #[test]
    fn finishing_schedules_check_ins_only_where_the_door_is_open() {
        let work = engagement(None);
        let ann = test_person(1, "Ann");
        let wal = Person { stage: Stage::WalkedAway, ..test_person(2, "Wal") };
        let cy = Person { stage: Stage::Ended, ..test_person(3, "Cy") };
        let di = test_person(4, "Di");
        let drafts: Vec<[Draft; 1]> = [&ann, &wal, &cy, &di]
            .iter()
            .enumerate()
            .map(|(n, p)| [thanks(n as u64, p, &work, Some(at(2)), false)])
            .collect();
        let closed = [Transition {
            id: TransitionId::from_bits(1),
            person: cy.id.clone(),
            from: Stage::Active,
            to: Stage::Ended,
            at: at(1),
            reason: None,
            door: Some(Door::Closed),
            note: None,
        }];
        let series = [CheckIn {
            id: CheckInId::from_bits(1),
            person: di.id.clone(),
            due_at: at(30),
            note: None,
            done_at: None,
            every_days: Some(60),
        }];
        let people = [
            involved(&ann, &drafts[0], &[]),
            involved(&wal, &drafts[1], &[]),
            Involved { transitions: &closed, ..involved(&cy, &drafts[2], &[]) },
            Involved { checkins: &series, ..involved(&di, &drafts[3], &[]) },
        ];
        let plan = plan_finish(&work, &people, Some(30), at(5)).unwrap();
        let scheduled: Vec<&PersonId> = plan.checkins.iter().map(|c| &c.person).collect();
        assert_eq!(scheduled, [&ann.id], "not walked away, not a closed door, not a second series");
        assert_eq!(plan.checkins[0].due_at, at(35));
        assert_eq!(plan.notes.len(), 4);
        assert!(plan.notes[1].text.ends_with("no check-ins: the relationship is over"));
    }
}
