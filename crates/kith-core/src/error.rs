//! Why a value was refused.

use thiserror::Error;

/// A value that breaks one of the model's rules. Each message says what is wrong and,
/// where it helps, what would be accepted.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ValidationError {
    /// A person or organization without a name.
    #[error("the name is empty; give a name such as \"Ada Lovelace\"")]
    EmptyName,
    /// Not an email address.
    #[error("\"{0}\" is not a valid email address (expected something like ada@example.com)")]
    MalformedEmail(String),
    /// Not a phone number.
    #[error("\"{0}\" is not a valid phone number (expected digits, optionally starting with +)")]
    MalformedPhone(String),
    /// Not a country calling code.
    #[error("\"{0}\" is not a country calling code (expected 1 to 3 digits, such as 1 or +44)")]
    MalformedRegion(String),
    /// Not a URL.
    #[error("\"{0}\" is not a valid URL (expected something like https://example.com/ada)")]
    MalformedUrl(String),
    /// Not an Exchange X.500 address.
    #[error(
        "\"{0}\" is not an Exchange X.500 address (expected something like /O=ORG/OU=SITE/CN=RECIPIENTS/CN=ADA)"
    )]
    MalformedExchange(String),
    /// Not a display name.
    #[error("\"{0}\" is not a display name (expected a name with letters, such as \"Ada Lovelace\")")]
    MalformedName(String),
    /// Neither an email address, a phone number nor a URL.
    #[error("\"{0}\" is not an email address, a phone number or a URL")]
    UnknownIdentity(String),
    /// Not an internet domain.
    #[error("\"{0}\" is not a valid domain (expected something like example.com)")]
    MalformedDomain(String),
    /// A date that could not be read.
    #[error(
        "\"{0}\" is not a date kith understands; use 2026-03-14, 14 Mar 2026, today, yesterday, or an age such as 3d, 2w, 6m, 1y"
    )]
    MalformedDate(String),
    /// Something that has not happened yet, logged as if it had.
    #[error("{what} on {at} is in the future; only what has already happened can be recorded")]
    FutureDate {
        /// What was being dated.
        what: &'static str,
        /// The date given, as text.
        at: String,
    },
    /// A name from a fixed list that is not on it.
    #[error("unknown {what} \"{given}\"; expected one of: {expected}")]
    UnknownKind {
        /// Which list (channel, direction, exchange kind…).
        what: &'static str,
        /// What was given.
        given: String,
        /// The accepted names, comma separated.
        expected: String,
    },
    /// An empty tag.
    #[error("a tag cannot be empty")]
    EmptyTag,
    /// An empty text where one is needed.
    #[error("the {0} cannot be empty")]
    EmptyText(&'static str),
    /// A weight that is negative or not a number.
    #[error("the weight {0} must be a number of zero or more")]
    BadWeight(f64),
    /// An interaction with nobody in it.
    #[error("an interaction needs at least one person")]
    NoParticipants,
    /// A cadence of zero days.
    #[error("a cadence must be at least one day")]
    ZeroCadence,
    /// An end dated before its start.
    #[error("{what} on {at} is before its start on {start}")]
    BeforeStart {
        /// What was being dated.
        what: &'static str,
        /// The end given.
        at: String,
        /// The start.
        start: String,
    },
    /// An engagement finished twice.
    #[error("the engagement \"{0}\" is already finished")]
    AlreadyFinished(String),
    /// A ledger entry that is not an open ask, settled as if it were.
    #[error("that ledger entry is not an open ask (it is {0})")]
    NotOpen(String),
    /// Removing an identity the person does not have.
    #[error("{person} does not have the identity {identity}")]
    MissingIdentity {
        /// The person's name.
        person: String,
        /// The identity.
        identity: String,
    },
    /// A change that changes nothing.
    #[error("nothing to change; {0}")]
    NothingToChange(&'static str),
    /// Merging a record with itself.
    #[error("both records are {0}; there is nothing to merge")]
    SelfMerge(String),
    /// A rule about stage changes that was broken.
    #[error("{0}")]
    Stage(String),
    /// An ending asked for with no farewell sent or given since the last stage change
    /// (the no-ghosting rule). Each front end adds how to write one there.
    #[error(
        "kith does not end a relationship without a farewell: send {name} one and mark it sent, or say how you gave it"
    )]
    NoFarewell {
        /// The person's name.
        name: String,
        /// The person.
        id: crate::PersonId,
    },
    /// A span of time that could not be read.
    #[error("\"{0}\" is not a span of time (expected something like 90d, 12w, 3m or 1y)")]
    MalformedSpan(String),
    /// A check-in can be done only once.
    #[error("check-in {0} is already done")]
    CheckInDone(String),
    /// A rule of client offboarding that was broken.
    #[error("{0}")]
    Offboarding(String),
    /// A draft cannot have been sent before it was written.
    #[error("draft {draft} was written on {on}; it cannot have been sent before that (give a later --at)")]
    SentBeforeWritten {
        /// The draft.
        draft: String,
        /// The day it was written.
        on: String,
    },
    /// A draft can be sent only once.
    #[error("draft {draft} was already marked sent on {on}")]
    AlreadySent {
        /// The draft.
        draft: String,
        /// The day it was marked sent.
        on: String,
    },
    /// A mute whose end has already passed.
    #[error("the mute would end on {0}, which has passed; give a date in the future")]
    MuteEnded(String),
}
