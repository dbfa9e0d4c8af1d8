//! Writing people out: vCard 4.0 for address books and phones, CSV for spreadsheets.

use kith_core::{Note, Person, Transition};

/// One person with what an export shows beside the record itself.
#[derive(Clone, Copy, Debug)]
pub struct Exported<'a> {
    /// The person.
    pub person: &'a Person,
    /// Their organization's name.
    pub org: Option<&'a str>,
    /// Their notes, oldest first.
    pub notes: &'a [Note],
    /// Their latest stage change.
    pub last_transition: Option<&'a Transition>,
}
