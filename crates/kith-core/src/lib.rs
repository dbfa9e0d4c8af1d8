//! kith's domain: people and their identities, organizations and engagements, the
//! interaction log, the reciprocity ledger, lifecycle stages and check-ins, and the
//! pure rules over them.
//!
//! This crate does no I/O, never reads the clock (callers pass `now`) and knows nothing
//! of SQL, HTTP or the command line.

mod birthdays;
mod checkin_feed;
pub mod compose;
mod details;
mod digest;
mod draft;
mod dupes;
mod error;
mod exchange;
pub mod health;
mod identity;
mod ids;
mod interaction;
mod mail;
mod mail_name;
mod mail_owner;
mod matching;
mod merge;
mod names;
mod offboard;
mod org;
mod person;
mod phone_region;
mod record;
pub mod resolve;
mod segment;
pub mod snapshot;
pub mod speech;
mod stage;
mod stage_change;
mod suggestion;
pub mod timeline;
pub mod when;

pub use birthdays::{UpcomingBirthday, upcoming_birthdays};
pub use checkin_feed::{FeedEntry, checkins_ics};
pub use compose::{
    ComposeError, Composed, DraftFormat, DraftMove, DraftRequest, Envelope, Grounding, Manner, Templates,
    Tone, compose,
};
pub use details::{CardDate, IdentityLabel, NameParts, PersonDetails, PostalAddress};
pub use digest::{Fnv, QuickHasher};
pub use draft::{Draft, NewDraft};
pub use dupes::{LikelyDuplicate, likely_duplicates};
pub use error::ValidationError;
pub use exchange::{
    Exchange, ExchangeKind, ExchangeStatus, Giver, Giving, LedgerTotals, NewExchange, open_ask_to_settle,
    plan_decline, plan_giving,
};
pub use identity::{Identity, IdentityKind};
pub use ids::{
    CheckInId, DraftId, EngagementId, ExchangeId, InteractionId, MergeId, NoteId, OrgId, PersonId,
    SuggestionId, TransitionId,
};
pub use interaction::{Channel, Direction, Interaction, NewInteraction};
pub use mail::{
    Correspondence, Disposition, KeptOut, MAX_RECIPIENTS, MailAddress, MailMessage, MailOwner,
    believable_date, correspondence,
};
pub use mail_name::person_name_from_mail;
pub use mail_owner::{OwnerGuess, SentSenders, guess_mail_owner};
pub use matching::{Contest, contest, names_agree};
pub use merge::{MergePlan, MergeRecord, Unmerge, merge_facts, merge_mutes, plan_merge};
pub use offboard::{
    Checklist, ChecklistItem, FinishPlan, Involved, LeftStep, ThanksToWrite, checklist, plan_finish,
    thanks_to_write,
};
pub use org::{Engagement, EngagementStatus, NewEngagement, NewOrganization, Organization, clean_domain};
pub use person::{
    NewNote, NewPerson, Note, Person, PersonPatch, Tier, check_cadence, clean_name, clean_tag, clean_text,
};
pub use phone_region::{PhoneClash, PhoneRegion, Renumbering};
pub use record::{Attendee, ContactRecord, MeetingRecord, SourceRecord, keeper, likeliest_owner, supersedes};
pub use segment::{Segment, SegmentReport, segments};
pub use snapshot::Snapshot;
pub use stage::{CheckIn, Door, NewCheckIn, NewTransition, Stage, Transition};
pub(crate) use stage_change::stage_tag;
pub use stage_change::{
    CHECKIN_EVERY_DAYS, Farewell, STAGE_TAG_PREFIX, StageChange, StageRequest, latest_farewell,
    plan_stage_change,
};
pub use suggestion::{
    Acceptance, FoundFavor, LedgerWrite, SourceMessage, Suggestion, SuggestionState, answers, confident,
    giver_of, plan_acceptance,
};
