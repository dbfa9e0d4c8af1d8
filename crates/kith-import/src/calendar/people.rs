//! Who was in an event: its attendees and organizer, less the owner and those who
//! declined, or the reason the event is no meeting of the owner's.

use super::BROADCAST_ATTENDEES;
use crate::PassedOver;
use calcard::icalendar::{
    ICalendarComponent, ICalendarEntry, ICalendarParameterName, ICalendarParameterValue,
    ICalendarParticipationRole, ICalendarParticipationStatus, ICalendarProperty, ICalendarStatus,
    ICalendarUserTypes,
};
use kith_core::{Attendee, Identity};
use std::collections::{HashMap, HashSet};

/// What an event (one component: a series or one overridden occurrence) is to the owner.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Verdict {
    /// Not a meeting of the owner's, for this reason.
    Passed(PassedOver),
    /// A meeting with these people.
    Meeting(Vec<Attendee>),
}

/// Someone an event lists, as `ATTENDEE` or `ORGANIZER`.
struct Listed {
    identity: Identity,
    name: Option<String>,
    declined: bool,
}

/// Judges an event for an owner with the given addresses. Also returns, as messages, the
/// listed addresses that are not email addresses and so were left out.
pub(super) fn judge(event: &ICalendarComponent, owner: &[Identity]) -> (Verdict, Vec<String>) {
    if is_cancelled(event) {
        return (Verdict::Passed(PassedOver::Cancelled), Vec::new());
    }
    if !event.has_property(&ICalendarProperty::Attendee) {
        return (Verdict::Passed(PassedOver::NoOneElse), Vec::new());
    }
    let mut unusable = Vec::new();
    let listed: Vec<Listed> = event
        .entries
        .iter()
        .filter(|entry| matches!(entry.name, ICalendarProperty::Attendee | ICalendarProperty::Organizer))
        .filter(|entry| is_person_taking_part(entry))
        .filter_map(|entry| read_listed(entry).map_err(|message| unusable.push(message)).ok())
        .collect();
    let verdict = if listed.iter().any(|l| l.declined && owner.contains(&l.identity)) {
        Verdict::Passed(PassedOver::DeclinedByOwner)
    } else {
        let attendees = present(&listed, owner);
        if attendees.is_empty() {
            Verdict::Passed(PassedOver::NoOneElse)
        } else if attendees.len() > BROADCAST_ATTENDEES {
            Verdict::Passed(PassedOver::Broadcast)
        } else {
            Verdict::Meeting(attendees)
        }
    };
    (verdict, unusable)
}

/// Whether an event says it was cancelled.
pub(super) fn is_cancelled(event: &ICalendarComponent) -> bool {
    event.status() == Some(&ICalendarStatus::Cancelled)
}

/// Everyone listed who is not the owner and did not decline, once each, in the order the
/// event lists them, named by the first name given for them.
fn present(listed: &[Listed], owner: &[Identity]) -> Vec<Attendee> {
    let declined: HashSet<&Identity> = listed.iter().filter(|l| l.declined).map(|l| &l.identity).collect();
    let mut attendees: Vec<Attendee> = Vec::new();
    let mut seen: HashMap<&Identity, usize> = HashMap::new();
    for l in listed.iter().filter(|l| !owner.contains(&l.identity) && !declined.contains(&l.identity)) {
        match seen.get(&l.identity) {
            Some(&at) => {
                if attendees[at].name.is_none() {
                    attendees[at].name.clone_from(&l.name);
                }
            }
            None => {
                seen.insert(&l.identity, attendees.len());
                attendees.push(Attendee { identity: l.identity.clone(), name: l.name.clone() });
            }
        }
    }
    attendees
}

/// Reads one `ATTENDEE` or `ORGANIZER`; the error is the message for an address that is
/// not an email address.
fn read_listed(entry: &ICalendarEntry) -> Result<Listed, String> {
    let address = entry.values.first().and_then(|v| v.as_text()).map(str::trim).unwrap_or_default();
    let identity = email_of(address)
        .or_else(|| {
            entry.parameter(&ICalendarParameterName::Email).and_then(|v| v.as_text()).and_then(email_of)
        })
        .ok_or_else(|| unusable_address(entry, address))?;
    let name = display_name(entry, &identity);
    let declined = matches!(
        entry.parameter(&ICalendarParameterName::Partstat),
        Some(ICalendarParameterValue::Partstat(ICalendarParticipationStatus::Declined))
    );
    Ok(Listed { identity, name, declined })
}

/// The email address in a calendar address: a `mailto:` URI (the scheme in any case), or
/// a bare address. Other schemes (`urn:uuid:`, `tel:`, ...) carry none.
fn email_of(address: &str) -> Option<Identity> {
    let address = match address.split_once(':') {
        Some((scheme, rest)) if scheme.trim().eq_ignore_ascii_case("mailto") => rest,
        Some(_) => return None,
        None => address,
    };
    Identity::email(address).ok()
}

/// The message for a listed address that is no email address.
fn unusable_address(entry: &ICalendarEntry, address: &str) -> String {
    let role = if entry.name == ICalendarProperty::Organizer { "organizer" } else { "attendee" };
    if address.is_empty() {
        format!("{role} without an address")
    } else {
        format!("{role} address \"{address}\" is not an email address")
    }
}

/// The `CN` parameter, white space collapsed and stray quotes removed (Outlook writes
/// `CN="'ada@example.org'"`); none when empty or only the address again.
fn display_name(entry: &ICalendarEntry, identity: &Identity) -> Option<String> {
    let cn = entry.parameter(&ICalendarParameterName::Cn)?.as_text()?;
    let cn = cn.trim().trim_matches(['\'', '"']);
    let name = cn.split_whitespace().collect::<Vec<_>>().join(" ");
    let only_the_address = email_of(&name).is_some_and(|id| id == *identity);
    (!name.is_empty() && !only_the_address).then_some(name)
}

/// Whether a listed address is a person taking part: not a room or a piece of equipment
/// (`CUTYPE`), nor someone copied for information only (`ROLE=NON-PARTICIPANT`).
fn is_person_taking_part(entry: &ICalendarEntry) -> bool {
    let thing = matches!(
        entry.parameter(&ICalendarParameterName::Cutype),
        Some(ICalendarParameterValue::Cutype(ICalendarUserTypes::Room | ICalendarUserTypes::Resource))
    );
    let onlooker = matches!(
        entry.parameter(&ICalendarParameterName::Role),
        Some(ICalendarParameterValue::Role(ICalendarParticipationRole::NonParticipant))
    );
    !thing && !onlooker
}

#[cfg(test)]
mod tests {
    use super::*;
    use calcard::{Entry, Parser};

    fn event(lines: &str) -> ICalendarComponent {
        let text = format!("BEGIN:VEVENT\r\n{lines}END:VEVENT\r\n");
        match Parser::new(&text).entry() {
            Entry::ICalendar(ical) => ical.components.into_iter().next().unwrap(),
            other => panic!("not an event: {other:?}"),
        }
    }

    fn email(text: &str) -> Identity {
        Identity::email(text).unwrap()
    }

    #[test]
    fn owner_decliners_rooms_and_repeats_are_left_out() {
        let e = event(
            "ORGANIZER;CN=Ada Lovelace:MAILTO:Ada@Example.org\r\n\
             ATTENDEE;CN=Ada L.:mailto:ada@example.org\r\n\
             ATTENDEE;CN=me@example.org:mailto:me@example.org\r\n\
             ATTENDEE;PARTSTAT=DECLINED;CN=Grace:mailto:grace@example.org\r\n\
             ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.org\r\n\
             ATTENDEE;CN=\"'bob@example.org'\":mailto:bob@example.org\r\n\
             ATTENDEE;ROLE=NON-PARTICIPANT;CN=Eve:mailto:eve@example.org\r\n\
             ATTENDEE:urn:uuid:1234\r\n",
        );
        let (verdict, unusable) = judge(&e, &[email("me@example.org")]);
        let want = vec![
            Attendee { identity: email("ada@example.org"), name: Some("Ada Lovelace".into()) },
            Attendee { identity: email("bob@example.org"), name: None },
        ];
        assert_eq!(verdict, Verdict::Meeting(want));
        assert_eq!(unusable, ["attendee address \"urn:uuid:1234\" is not an email address"]);
    }

    #[test]
    fn reasons_to_pass_an_event_over() {
        let owner = [email("me@example.org")];
        let declined =
            event("ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org\r\nATTENDEE:mailto:a@example.org\r\n");
        assert_eq!(judge(&declined, &owner).0, Verdict::Passed(PassedOver::DeclinedByOwner));
        let cancelled = event("STATUS:CANCELLED\r\nATTENDEE:mailto:a@example.org\r\n");
        assert_eq!(judge(&cancelled, &owner).0, Verdict::Passed(PassedOver::Cancelled));
        let alone = event("ORGANIZER:mailto:a@example.org\r\n");
        assert_eq!(judge(&alone, &owner).0, Verdict::Passed(PassedOver::NoOneElse));
        let only_me = event("ORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:me@example.org\r\n");
        assert_eq!(judge(&only_me, &owner).0, Verdict::Passed(PassedOver::NoOneElse));
    }
}
