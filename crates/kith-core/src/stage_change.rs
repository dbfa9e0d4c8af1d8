//! The owner's decisions about a relationship (`reduce`, `mentor`, `distance`, `end`,
//! `walk-away`, `revive`) turned into everything a store must write at once: the
//! transition, the stage tag, a dated note, the cadence and the check-ins.

use crate::compose::DraftMove;
use crate::stage::{Door, NewCheckIn, NewTransition, Stage, Transition};
use crate::{Draft, DraftId, Person, Segment, ValidationError};
use jiff::Timestamp;

/// Days between the light check-ins that follow an ending with the door open: about four
/// months.
pub const CHECKIN_EVERY_DAYS: u32 = 120;

/// The prefix of the tag that shows a person's stage, e.g. `stage:ended`.
pub const STAGE_TAG_PREFIX: &str = "stage:";

/// How a farewell was given, which an ending must show (no ghosting).
#[derive(Clone, Debug, PartialEq)]
pub enum Farewell {
    /// A farewell draft, marked sent at this time.
    Sent {
        /// The draft, which the ending uses up.
        draft: DraftId,
        /// When it was marked sent.
        at: Timestamp,
    },
    /// Given another way, in the owner's words ("in person on 3 May").
    Delivered(String),
}

/// A stage change as the owner asked for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageRequest {
    /// Why.
    pub reason: Option<String>,
    /// For an ending: whether the door stays open.
    pub door: Option<Door>,
    /// Anything else worth remembering.
    pub note: Option<String>,
    /// `reduce`: the new cadence; `end --door open`: days between check-ins.
    pub every_days: Option<u32>,
    /// For an ending: how the farewell was given (a sent draft or the owner's words).
    pub farewell: Option<Farewell>,
}

/// Everything one stage change writes, in one transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct StageChange {
    /// The transition itself.
    pub transition: NewTransition,
    /// The stage tag the person gets, replacing any other `stage:` tag.
    pub tag: String,
    /// The dated note added to the person.
    pub note: String,
    /// The person's pinned cadence afterwards, when it changes: `Some(None)` unpins it.
    pub cadence_days: Option<Option<u32>>,
    /// The person's pending check-ins are cancelled (before `checkin` is scheduled).
    pub cancel_checkins: bool,
    /// A check-in to schedule.
    pub checkin: Option<NewCheckIn>,
    /// The farewell draft an ending uses up: it cannot serve another ending.
    pub farewell_draft: Option<DraftId>,
}

/// The farewell for a person's next ending among their drafts: the one marked sent most
/// recently that no ending has used yet.
pub fn latest_farewell(drafts: &[Draft]) -> Option<Farewell> {
    drafts
        .iter()
        .filter(|d| d.what == DraftMove::Farewell && d.used_by.is_none())
        .filter_map(|d| d.sent_at.map(|at| (at, &d.id)))
        .max()
        .map(|(at, id)| Farewell::Sent { draft: id.clone(), at })
}

/// The stage tag for `stage`.
pub(crate) fn stage_tag(stage: Stage) -> String {
    format!("{STAGE_TAG_PREFIX}{}", stage.typed())
}

/// Plans moving `person` to `to` at `now`, or says why it may not happen: the stage must
/// allow it, an ending needs a farewell given after the last stage change (no ghosting)
/// and a door, walking away needs a reason, reducing needs a cadence.
pub fn plan_stage_change(
    person: &Person,
    to: Stage,
    request: StageRequest,
    history: &[Transition],
    now: Timestamp,
) -> Result<StageChange, ValidationError> {
    allowed(person, to)?;
    let refuse = |why: String| Err(ValidationError::Stage(why));
    // Only an ending has a door; `NewTransition::new` requires it there.
    let door = request.door.filter(|_| to == Stage::Ended);
    let farewell = match to {
        Stage::Ended => Some(farewell_given(person, request.farewell.as_ref(), history)?),
        _ => None,
    };
    let mut transition =
        NewTransition::new(person.id.clone(), person.stage, to, now, request.reason, door, now)?;
    transition.note = request.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let mut cadence_days = None;
    let mut cancel_checkins = false;
    let mut checkin = None;
    let mut every = None;
    match to {
        Stage::Reduced => {
            let Some(days) = request.every_days.filter(|d| *d > 0) else {
                return refuse(
                    "reducing needs the new cadence; say how often with --every, e.g. --every 90d".into(),
                );
            };
            every = Some(days);
            cadence_days = Some(Some(days));
            cancel_checkins = true;
            checkin = Some(next_checkin(person, now, days, "the reduced cadence")?);
        }
        Stage::Ended => {
            cancel_checkins = true;
            if door == Some(Door::Closed) && request.every_days.is_some() {
                return refuse("a closed door schedules no check-ins; leave out the check-in cadence".into());
            }
            if door == Some(Door::Open) {
                let days = request.every_days.unwrap_or(CHECKIN_EVERY_DAYS);
                every = Some(days);
                checkin = Some(next_checkin(person, now, days, "a light check-in after the ending")?);
            }
        }
        Stage::WalkedAway => cancel_checkins = true,
        Stage::Revived | Stage::Mentoring | Stage::Distanced => {
            // The series of an ending or a reduction ends with it; distance means minimal
            // contact, so nothing stays scheduled either.
            cancel_checkins =
                to == Stage::Distanced || person.stage.is_over() || person.stage == Stage::Reduced;
            if person.stage == Stage::Reduced {
                cadence_days = Some(None);
            }
        }
        Stage::Active => {}
    }
    let note = note_text(&transition, every, farewell.as_ref());
    let farewell_draft = match farewell {
        Some(Farewell::Sent { draft, .. }) => Some(draft),
        _ => None,
    };
    Ok(StageChange {
        tag: stage_tag(to),
        note,
        cadence_days,
        cancel_checkins,
        checkin,
        farewell_draft,
        transition,
    })
}

/// Whether `person` may move to `to` from where they stand.
fn allowed(person: &Person, to: Stage) -> Result<(), ValidationError> {
    let from = person.stage;
    let name = &person.name;
    let why = match to {
        Stage::Active => Some("a relationship goes back to active through `kith revive`".to_owned()),
        Stage::Reduced if from == to => Some(format!(
            "{name} is already reduced; to change the cadence, `kith person edit \"{name}\" --cadence DAYS`"
        )),
        _ if from == to => Some(format!("{name} is already {}", words(to))),
        // A community member who lapsed and came back is revived from where they stood.
        Stage::Revived if from == Stage::Active && in_a_segment(person) => None,
        Stage::Revived if from == Stage::Active => Some(format!(
            "{name} is active: there is nothing to revive (members tagged {} can be revived when they return)",
            Segment::ALL.iter().map(|s| s.tag()).collect::<Vec<_>>().join(", ")
        )),
        Stage::WalkedAway | Stage::Revived => None,
        _ if from.is_over() => Some(format!(
            "{name} is {} already; to take the relationship up again, start with `kith revive`",
            words(from)
        )),
        _ => None,
    };
    match why {
        Some(why) => Err(ValidationError::Stage(why)),
        None => Ok(()),
    }
}

/// Whether `person` carries a community segment's tag.
fn in_a_segment(person: &Person) -> bool {
    Segment::ALL.iter().any(|s| person.tags.iter().any(|t| t == s.tag()))
}

/// The farewell an ending rests on, or the refusal that says how to give one.
fn farewell_given(
    person: &Person,
    farewell: Option<&Farewell>,
    history: &[Transition],
) -> Result<Farewell, ValidationError> {
    let since = history.iter().map(|t| t.at).max();
    match farewell {
        Some(Farewell::Delivered(how)) if !how.trim().is_empty() => {
            Ok(Farewell::Delivered(how.trim().to_owned()))
        }
        Some(sent @ Farewell::Sent { at, .. }) if since.is_none_or(|since| *at >= since) => Ok(sent.clone()),
        _ => Err(ValidationError::NoFarewell { name: person.name.clone(), id: person.id.clone() }),
    }
}

/// The first check-in of a series, `days` from now.
fn next_checkin(
    person: &Person,
    now: Timestamp,
    days: u32,
    why: &str,
) -> Result<NewCheckIn, ValidationError> {
    NewCheckIn::every(person.id.clone(), now, days, Some(format!("{why}, every {days} days")))
}

/// The dated note a stage change leaves on the person.
fn note_text(t: &NewTransition, every: Option<u32>, farewell: Option<&Farewell>) -> String {
    let mut note = match (t.to, t.door, every) {
        (Stage::Reduced, _, Some(days)) => format!("Reduced to contact every {days} days"),
        (Stage::Ended, Some(Door::Open), Some(days)) => {
            format!("Ended with the door open; check-ins every {days} days")
        }
        (Stage::Ended, _, _) => "Ended with the door closed".to_owned(),
        (to, _, _) => format!("{} (was {})", crate::names::capitalized(words(to)), words(t.from)),
    };
    if let Some(reason) = &t.reason {
        note.push_str(&format!(". Why: {reason}"));
    }
    match farewell {
        Some(Farewell::Sent { draft, at }) => {
            note.push_str(&format!(". Farewell sent {} (draft {draft})", crate::when::day(*at)));
        }
        Some(Farewell::Delivered(how)) => note.push_str(&format!(". Farewell given {how}")),
        None => {}
    }
    if let Some(extra) = &t.note {
        note.push_str(&format!(". {extra}"));
    }
    note
}

/// A stage in words: `walked_away` is "walked away from".
fn words(stage: Stage) -> &'static str {
    match stage {
        Stage::Active => "active",
        Stage::Reduced => "reduced",
        Stage::Mentoring => "mentoring",
        Stage::Distanced => "distanced",
        Stage::Ended => "ended",
        Stage::WalkedAway => "walked away from",
        Stage::Revived => "revived",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::test_person;
    use jiff::SignedDuration;

    fn at(days: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + days * 86_400).unwrap()
    }

    fn plan(person: &Person, to: Stage, request: StageRequest) -> Result<StageChange, ValidationError> {
        plan_stage_change(person, to, request, &[], at(10))
    }

    #[test]
    fn an_ending_needs_a_farewell_given_since_the_last_change() {
        let ann = test_person(1, "Ann Lee");
        let open = StageRequest { door: Some(Door::Open), ..StageRequest::default() };
        let refused = plan(&ann, Stage::Ended, open.clone()).unwrap_err().to_string();
        assert!(refused.contains("without a farewell") && refused.contains("how you gave it"), "{refused}");

        let sent = Farewell::Sent { draft: DraftId::from_bits(1), at: at(9) };
        let change =
            plan(&ann, Stage::Ended, StageRequest { farewell: Some(sent.clone()), ..open.clone() }).unwrap();
        assert_eq!(change.tag, "stage:ended");
        assert!(change.note.contains("door open") && change.note.contains("draft d_"), "{}", change.note);
        assert_eq!(change.farewell_draft, Some(DraftId::from_bits(1)), "the ending uses the draft up");
        let checkin = change.checkin.unwrap();
        assert_eq!((checkin.due_at, checkin.every_days), (at(10 + 120), Some(120)));

        // A farewell from before the last stage change does not count.
        let earlier = Transition {
            id: crate::TransitionId::from_bits(1),
            person: ann.id.clone(),
            from: Stage::Ended,
            to: Stage::Revived,
            at: at(9) + SignedDuration::from_secs(1),
            reason: None,
            door: None,
            note: None,
        };
        let again = StageRequest { farewell: Some(sent), ..open };
        assert!(plan_stage_change(&ann, Stage::Ended, again, &[earlier], at(10)).is_err());
    }

    #[test]
    fn only_a_farewell_no_ending_used_counts() {
        let draft = |bits: u64, sent: Option<i64>, used: bool| Draft {
            id: DraftId::from_bits(bits),
            person: crate::PersonId::from_bits(1),
            what: DraftMove::Farewell,
            tone: crate::Tone::Warm,
            manner: crate::Manner::Email,
            subject: String::new(),
            body: String::new(),
            cited: vec![],
            asks_reference: false,
            engagement: None,
            created_at: at(0),
            sent_at: sent.map(at),
            interaction: None,
            used_by: used.then(|| crate::TransitionId::from_bits(7)),
        };
        let drafts = [draft(1, Some(3), true), draft(2, Some(2), false), draft(3, None, false)];
        assert_eq!(
            latest_farewell(&drafts),
            Some(Farewell::Sent { draft: DraftId::from_bits(2), at: at(2) })
        );
        assert_eq!(latest_farewell(&drafts[..1]), None, "used by an earlier ending");
    }

    #[test]
    fn a_closed_door_schedules_nothing_and_a_delivery_is_noted() {
        let ann = test_person(1, "Ann Lee");
        let request = StageRequest {
            door: Some(Door::Closed),
            farewell: Some(Farewell::Delivered(" in person on 3 May ".into())),
            ..StageRequest::default()
        };
        let change = plan(&ann, Stage::Ended, request.clone()).unwrap();
        assert!(change.checkin.is_none() && change.cancel_checkins);
        let with_cadence = StageRequest { every_days: Some(30), ..request };
        assert!(plan(&ann, Stage::Ended, with_cadence).unwrap_err().to_string().contains("closed door"));
        assert!(change.note.ends_with("Farewell given in person on 3 May"), "{}", change.note);
    }

    #[test]
    fn each_stage_keeps_its_own_rules() {
        let ann = test_person(1, "Ann Lee");
        assert!(
            plan(&ann, Stage::Reduced, StageRequest::default()).unwrap_err().to_string().contains("--every")
        );
        let reduced =
            plan(&ann, Stage::Reduced, StageRequest { every_days: Some(90), ..StageRequest::default() });
        let reduced = reduced.unwrap();
        assert_eq!(reduced.cadence_days, Some(Some(90)));
        assert_eq!(reduced.checkin.unwrap().due_at, at(100));

        let walk = plan(&ann, Stage::WalkedAway, StageRequest::default()).unwrap_err();
        assert!(walk.to_string().contains("needs a reason"));
        let walk = plan(
            &ann,
            Stage::WalkedAway,
            StageRequest { reason: Some("abuse".into()), ..Default::default() },
        );
        let walk = walk.unwrap();
        assert!(walk.checkin.is_none() && walk.cancel_checkins && walk.tag == "stage:walked-away");

        assert!(plan(&ann, Stage::Revived, StageRequest::default()).is_err(), "nothing to revive");
        let lapsed = Person { tags: vec!["lapsed".into()], ..ann.clone() };
        assert_eq!(
            plan(&lapsed, Stage::Revived, StageRequest::default()).unwrap().transition.from,
            Stage::Active
        );
        let ended = Person { stage: Stage::Ended, ..ann.clone() };
        assert!(
            plan(&ended, Stage::Mentoring, StageRequest::default())
                .unwrap_err()
                .to_string()
                .contains("revive")
        );
        let revived = plan(&ended, Stage::Revived, StageRequest::default()).unwrap();
        assert_eq!((revived.transition.from, revived.tag.as_str()), (Stage::Ended, "stage:revived"));
        let was_reduced = Person { stage: Stage::Reduced, cadence_days: Some(90), ..ann.clone() };
        for to in [Stage::Revived, Stage::Mentoring, Stage::Distanced] {
            let change = plan(&was_reduced, to, StageRequest::default()).unwrap();
            assert_eq!(
                (change.cadence_days, change.cancel_checkins),
                (Some(None), true),
                "{to}: the reduction's series ends"
            );
        }
        let again =
            plan(&was_reduced, Stage::Reduced, StageRequest { every_days: Some(30), ..Default::default() });
        assert!(again.unwrap_err().to_string().contains("--cadence"));
        let mentoring = plan(&ann, Stage::Mentoring, StageRequest::default()).unwrap();
        assert!(!mentoring.cancel_checkins && mentoring.cadence_days.is_none());
        assert!(plan(&ann, Stage::Distanced, StageRequest::default()).unwrap().cancel_checkins);
    }
}
