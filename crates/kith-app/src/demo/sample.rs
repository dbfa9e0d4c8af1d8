//! The sample network's data: its people, organizations, meetings, contacts and ledger,
//! and its calendar written as a file.

use super::ago;
use crate::Result;
use jiff::Timestamp;
use kith_core::{Channel, Direction, ExchangeKind, Giver};

/// The sample address book, imported as `kith import` would.
pub const CONTACTS_VCF: &str = include_str!("../../demo/contacts.vcf");

/// The owner's address.
pub const ME: &str = "me@example.com";
/// The owner's name, which drafts are signed with.
pub const OWNER: &str = "Alex Morgan";

/// The sample people as (name, address), as the address book has them, in the order the
/// tables below refer to them.
pub const PEOPLE: [(&str, &str); 12] = [
    ("Maya Okafor", "maya@northwind.example"),
    ("Tomás Lindqvist", "tomas@northwind.example"),
    ("Priya Raman", "priya@northwind.example"),
    ("Jonah Feld", "jonah@feldstudio.example"),
    ("Elena Sokolova", "elena.s@mailbox.example"),
    ("Samir Haddad", "samir@harbor.example"),
    ("Grace Whitfield", "grace@whitfield.example"),
    ("Ivo Brandt", "ivo@harbor.example"),
    ("Lena Park", "lena.park@mailbox.example"),
    ("Dev Anand", "dev@circuitry.example"),
    ("Chloé Martin", "chloe@martin.example"),
    ("Rafael Costa", "rafael@costa.example"),
];

/// The organizations as (name, domain).
pub const ORGS: [(&str, &str); 2] =
    [("Northwind Labs", "northwind.example"), ("Harbor & Co", "harbor.example")];

/// Calendar events as (days ago, summary, attendees by index).
const MEETINGS: &[(i64, &str, &[usize])] = &[
    (150, "Migration kick-off", &[1, 2]),
    (12, "Phase two review", &[1]),
    (330, "Lunch", &[3]),
    (64, "Coffee", &[6]),
    (110, "Partnership idea", &[7]),
    (130, "Farewell lunch", &[10]),
];

/// Contacts besides mail (see `mail.rs`) as (person index, days ago, channel, direction,
/// subject).
pub const CONTACTS: &[(usize, i64, Channel, Direction, &str)] = &[
    (1, 96, Channel::Call, Direction::In, "Scope change for phase two"),
    (4, 400, Channel::Call, Direction::Out, "Catch-up"),
    (4, 250, Channel::Call, Direction::Out, "Talk rehearsal"),
    (4, 200, Channel::Message, Direction::In, "New job!"),
    (5, 37, Channel::Message, Direction::Out, "Quick question"),
    (6, 120, Channel::Call, Direction::Out, "Career advice"),
    (6, 21, Channel::Call, Direction::In, "Checking in on the new role"),
    (8, 75, Channel::Event, Direction::Mutual, "Data meetup"),
    (8, 14, Channel::Event, Direction::Mutual, "Data meetup"),
    (9, 170, Channel::Call, Direction::Out, "His move into hardware"),
];

/// Help given as (person index, days ago, kind, giver, note), in the order it is
/// recorded: a giving fulfils an open ask of its kind made before it, as `kith gave`
/// does. Jonah's asks, the help given him, his one article and the owner's one ask of
/// him, which he has let lie, come from the mail (`mail.rs`), accepted as suggestions.
/// The notes say what the help was: the composer cites them.
pub const LEDGER: &[(usize, i64, ExchangeKind, Giver, Option<&str>)] = &[
    (0, 140, ExchangeKind::Referral, Giver::Them, Some("the Harbor & Co data audit")),
    (0, 70, ExchangeKind::Advice, Giver::Owner, None),
    (3, 60, ExchangeKind::Feedback, Giver::Owner, None),
    (6, 120, ExchangeKind::Advice, Giver::Them, Some("how to price a first consulting job")),
    (6, 64, ExchangeKind::Introduction, Giver::Them, Some("Ivo Brandt at Harbor & Co")),
    (6, 40, ExchangeKind::Help, Giver::Owner, None),
    (8, 14, ExchangeKind::Referral, Giver::Them, None),
];

/// The sample calendar: the meetings above, a weekly sync during the migration, and a
/// company all-hands too big to count as meeting anyone.
pub fn calendar(now: Timestamp) -> Result<String> {
    let stamp = |days: i64| -> Result<String> { Ok(ago(now, days)?.strftime("%Y%m%dT%H0000Z").to_string()) };
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//demo//EN\r\n");
    let mut event =
        |uid: &str, days: i64, summary: &str, extra: &str, guests: &mut dyn Iterator<Item = String>| {
            let start = stamp(days)?;
            ics.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}@demo.kith\r\nDTSTART:{start}\r\nSUMMARY:{summary}\r\n{extra}\
             ORGANIZER:mailto:{ME}\r\n"
            ));
            for guest in guests {
                ics.push_str(&format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:{guest}\r\n"));
            }
            ics.push_str("END:VEVENT\r\n");
            Result::<()>::Ok(())
        };
    for (n, &(days, summary, who)) in MEETINGS.iter().enumerate() {
        event(&format!("meeting-{n}"), days, summary, "", &mut who.iter().map(|&i| PEOPLE[i].1.to_owned()))?;
    }
    event(
        "sync",
        140,
        "Migration sync",
        "RRULE:FREQ=WEEKLY;COUNT=8\r\n",
        &mut PEOPLE[1..3].iter().map(|p| p.1.to_owned()),
    )?;
    event(
        "all-hands",
        30,
        "Company all-hands",
        "",
        &mut (1..=24).map(|n| format!("colleague{n}@bigcorp.example")),
    )?;
    ics.push_str("END:VCALENDAR\r\n");
    Ok(ics)
}
