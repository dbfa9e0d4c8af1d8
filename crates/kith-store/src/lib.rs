//! kith's storage: the [`Store`] trait in domain verbs, and its SQLite implementation.
//!
//! Callers hold a store as `Arc<dyn Store>` and never see SQL, connections or
//! transactions: every method that writes is one transaction, so a failed call leaves
//! the database as it was. The backend is chosen from the location in [`open`].

pub mod accounts;
mod error;
mod migration;
mod postgres;
#[cfg(feature = "test-support")]
pub mod scratch;
mod sql;
mod sqlite;

pub use accounts::{Accounts, accounts};
pub use error::StoreError;
pub use sqlite::{Salvage, SalvagedTable};

use async_trait::async_trait;
use jiff::Timestamp;
use kith_core::health::{
    Contact, DiagnosisKind, Fact, LedgerEntry, Mute, OwnerChange, OwnerFact, PersonFact,
};
use kith_core::{
    CheckIn, CheckInId, ContactRecord, Disposition, Draft, DraftId, Engagement, EngagementId, Exchange,
    ExchangeKind, FoundFavor, Giver, Identity, Interaction, KeptOut, MailMessage, MailOwner, MeetingRecord,
    MergeId, MergeRecord, NewCheckIn, NewDraft, NewEngagement, NewExchange, NewInteraction, NewNote,
    NewOrganization, NewPerson, NewTransition, Note, OrgId, Organization, Person, PersonId, PersonPatch,
    PhoneRegion, Renumbering, Snapshot, StageChange, Suggestion, SuggestionId, Transition,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The result of a store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How a batch of interactions went in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Interactions added.
    pub added: usize,
    /// Interactions whose source key was already stored, left as they were.
    pub already_present: usize,
}

/// How a giving went into the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Given {
    /// The entry as it now stands.
    pub entry: Exchange,
    /// Whether it fulfilled an open ask (rather than being a new entry).
    pub fulfilled_ask: bool,
}

/// A merge an import made, as its report gives it; [`Store::merges`] holds the whole
/// record.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MergeNotice {
    /// The merge's id, for `kith person unmerge`.
    pub id: MergeId,
    /// The person who stayed.
    pub kept: PersonId,
    /// Their name after the merge.
    pub into: String,
    /// The name of the person (or record) who joined them.
    pub absorbed: String,
    /// The identity the two shared.
    pub on: Option<Identity>,
    /// Why, in words.
    pub why: String,
}

impl MergeNotice {
    /// The notice of a kept merge.
    pub fn of(record: &MergeRecord) -> Self {
        Self {
            id: record.id.clone(),
            kept: record.kept.id.clone(),
            into: record.merged.name.clone(),
            absorbed: record.absorbed.name.clone(),
            on: record.on.clone(),
            why: record.why.clone(),
        }
    }
}

/// What an import did with each record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportTally {
    /// Records that matched nobody and became a new person (meeting attendees included).
    pub imported: usize,
    /// Records that joined a person already known through a shared identity.
    pub merged: usize,
    /// Records imported before whose changes were applied.
    pub updated: usize,
    /// Records imported before that had not changed.
    pub unchanged: usize,
    /// People records folded into another because one record showed they are one human.
    pub people_merged: usize,
    /// Interactions added (connections and meetings).
    pub interactions_added: usize,
    /// Interactions whose source key was already stored.
    pub interactions_present: usize,
    /// Every merge made, a record joining someone or two people joined by a record, in
    /// order: each can be undone ([`Store::unmerge`]).
    pub merges: Vec<MergeNotice>,
    /// Records kept apart from someone who shares one of their identities, because
    /// something contradicts their being one person: proposed in `kith dupes`.
    pub kept_apart: usize,
}

impl std::ops::AddAssign for ImportTally {
    fn add_assign(&mut self, o: Self) {
        self.imported += o.imported;
        self.merged += o.merged;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.people_merged += o.people_merged;
        self.interactions_added += o.interactions_added;
        self.interactions_present += o.interactions_present;
        self.merges.extend(o.merges);
        self.kept_apart += o.kept_apart;
    }
}

/// A batch of mail for [`Store::import_mail`], written in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MailBatch {
    /// The messages read.
    pub messages: Vec<MailMessage>,
    /// The unique names of the Maildir files the messages were read from.
    pub copies: Vec<String>,
    /// How far an mbox file has been read once this batch is in.
    pub checkpoint: Option<MailCheckpoint>,
    /// For each message, in the order of `messages`, the favors its text speaks of, or
    /// `None` when its text was not read; empty when no text was read at all.
    pub favors: Vec<Option<Vec<FoundFavor>>>,
}

/// How the owner lets kith read mail (`kith me read-bodies`, `kith me evidence`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MailReading {
    /// Read the text of personal messages for favors on every import, not only with
    /// `--read-bodies`.
    pub read_bodies: bool,
    /// Keep the sentence a suggestion was found in; without it, only what it says (the
    /// act, the kind, the message).
    pub keep_evidence: bool,
}

/// A suggestion accepted into the ledger.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Accepted {
    /// The suggestion, as it now stands.
    pub suggestion: Suggestion,
    /// The ledger entry it became or settled.
    pub entry: Exchange,
    /// Whether it settled an open ask as given rather than adding an entry.
    pub settled_ask: bool,
}

/// How far an mbox file has been read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailCheckpoint {
    /// The file, as the importer names it.
    pub file: String,
    /// The byte offset reading goes on from.
    pub offset: u64,
    /// A digest of the bytes just before `offset`, to tell a file that grew from a new one.
    pub digest: String,
}

/// What changed after a revision, for a reader that keeps judgments up to date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The revision now.
    pub revision: u64,
    /// Something every judgment reads changed (the owner's facts): judge everyone again.
    pub everyone: bool,
    /// The people whose data changed (added, changed, merged away or deleted).
    pub people: Vec<PersonId>,
}

/// Everything stored about one person, read in one transaction: what their page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonRecord {
    /// The person.
    pub person: Person,
    /// Their organization, if they have one.
    pub organization: Option<Organization>,
    /// Their interactions, oldest first.
    pub interactions: Vec<Interaction>,
    /// Their ledger, oldest first.
    pub exchanges: Vec<Exchange>,
    /// The favors found in mail with them, in every state, oldest first.
    pub suggestions: Vec<Suggestion>,
    /// The facts recorded about them, oldest first.
    pub facts: Vec<PersonFact>,
    /// Their mutes, ended or not.
    pub mutes: Vec<Mute>,
    /// Their stage history, oldest first.
    pub transitions: Vec<Transition>,
    /// Their notes, oldest first.
    pub notes: Vec<Note>,
    /// Their check-ins, soonest first.
    pub checkins: Vec<CheckIn>,
}

/// Everything a review of all relationships reads, loaded at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewData {
    /// Everyone.
    pub people: Vec<Person>,
    /// Each person's contacts, oldest first, in the order of `people`.
    pub contacts: Vec<Vec<Contact>>,
    /// Each person's ledger entries, oldest first, in the order of `people`.
    pub exchanges: Vec<Vec<LedgerEntry>>,
    /// Facts recorded about people.
    pub facts: Vec<PersonFact>,
    /// Mutes, ended or not.
    pub mutes: Vec<Mute>,
    /// The owner's declared changes.
    pub owner_facts: Vec<OwnerFact>,
    /// People in client work going on now.
    pub engaged: HashSet<PersonId>,
}

/// What a mail import did (serialized as the import summary shows it).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailTally {
    /// Messages stored for the first time.
    pub stored: usize,
    /// Copies of messages already stored (another folder or archive, or an earlier import).
    pub duplicates: usize,
    /// New personal messages logged: one interaction or more each.
    pub logged: usize,
    /// Of those, the ones the owner sent.
    pub sent_by_you: usize,
    /// New messages kept out of the interaction log, by reason.
    pub kept_out: BTreeMap<KeptOut, usize>,
    /// New personal messages with no date to believe, stored but not logged.
    pub undated: usize,
    /// New personal messages with nobody to log them with (no usable sender, or the
    /// owner's own message to no one else), stored but not logged.
    pub no_correspondent: usize,
    /// Interactions added.
    pub interactions: usize,
    /// People added for correspondents nobody knew.
    pub people_added: usize,
    /// Correspondents in a form the archive shows to be someone already known (a Notes
    /// name or an X.500 address beside a person of that name), joined to them.
    pub joined: Vec<JoinedByName>,
    /// Messages whose text was read for favors for the first time.
    pub texts_read: usize,
    /// Suggestions added from what the texts say.
    pub favors_found: usize,
}

/// A correspondent joined to a person because the archive names them alike.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JoinedByName {
    /// The identity that was joined (`name:` a Notes name, `exchange:` an X.500 address,
    /// `email:` an address).
    pub identity: Identity,
    /// The person it now belongs to.
    pub person: PersonId,
    /// Their name, the one both forms share.
    pub name: String,
}

impl MailTally {
    /// Counts a new message: stored, and logged, kept out, undated or without
    /// correspondent as `disposition` says; the date it is logged at, if any.
    pub fn count_new(&mut self, disposition: Disposition, outbound: bool) -> Option<Timestamp> {
        self.stored += 1;
        match disposition {
            Disposition::KeptOut(reason) => *self.kept_out.entry(reason).or_default() += 1,
            Disposition::Undated => self.undated += 1,
            Disposition::NoCorrespondent => self.no_correspondent += 1,
            Disposition::Logged(at) => {
                self.logged += 1;
                self.sent_by_you += usize::from(outbound);
                return Some(at);
            }
        }
        None
    }
}

impl std::ops::AddAssign for MailTally {
    fn add_assign(&mut self, o: Self) {
        self.stored += o.stored;
        self.duplicates += o.duplicates;
        self.logged += o.logged;
        self.sent_by_you += o.sent_by_you;
        for (reason, n) in o.kept_out {
            *self.kept_out.entry(reason).or_default() += n;
        }
        self.undated += o.undated;
        self.no_correspondent += o.no_correspondent;
        self.interactions += o.interactions;
        self.people_added += o.people_added;
        self.joined.extend(o.joined);
        self.texts_read += o.texts_read;
        self.favors_found += o.favors_found;
    }
}

/// Whether an import keeps what it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Commit the batch.
    Write,
    /// Work the batch out in full, then roll it back: nothing is written.
    DryRun,
}

/// Why a database was opened for reading only: every write to it fails with
/// [`StoreError::ReadOnly`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// Its file, its folder or its disk cannot be written.
    Unwritable,
    /// It is damaged: what the check on opening found.
    Damaged(String),
    /// It is a team's workspace shared with its reader as a viewer.
    Viewer,
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unwritable => f.write_str(
                "cannot be written (its file, folder or disk is read-only); reading, reviewing and \
                 exporting still work: to change it, make it writable or copy it somewhere that is",
            ),
            Self::Damaged(what) => write!(
                f,
                "is damaged ({what}); kith reads it but will not write to it: run `kith doctor` to see \
                 the damage and `kith doctor --salvage NEW.db` to copy what can be read into a new database"
            ),
            Self::Viewer => f.write_str(
                "is shared with you as a viewer: you may read it, not change it; an owner of the \
                 workspace can make you its editor",
            ),
        }
    }
}

/// What `kith doctor` found in a database file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkup {
    /// The file.
    pub path: std::path::PathBuf,
    /// Its size.
    pub bytes: u64,
    /// The damage found (the first few places), empty when none.
    pub problems: Vec<String>,
}

/// Whether [`open`] may create a database that does not exist yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the database file if missing (its directory must exist).
    CreateIfMissing,
    /// Fail with [`StoreError::NoDatabase`] if the database does not exist.
    MustExist,
}

/// Everything kith keeps, in domain verbs. Every write is atomic.
///
/// A method given the id of a person, organization, engagement or exchange that does
/// not exist (directly or inside its argument) fails with [`StoreError::NotFound`].
#[async_trait]
pub trait Store: Send + Sync {
    /// Where the data lives, for messages (a path or a URL without its password).
    fn location(&self) -> String;

    // --- the owner ---

    /// Adds one of the owner's own identities; adding one twice is harmless.
    async fn add_owner_identity(&self, identity: &Identity) -> Result<()>;
    /// Removes one of the owner's identities, remembered as refused so that an import
    /// does not learn it again (adding it again lifts that); whether it was one.
    async fn remove_owner_identity(&self, identity: &Identity) -> Result<bool>;
    /// The identities the owner took back, sorted.
    async fn refused_owner_identities(&self) -> Result<Vec<Identity>>;
    /// The owner's identities, sorted.
    async fn owner_identities(&self) -> Result<Vec<Identity>>;
    /// Sets the owner's name, which drafts are signed with.
    async fn set_owner_name(&self, name: &str) -> Result<()>;
    /// The owner's name, once set.
    async fn owner_name(&self) -> Result<Option<String>>;
    /// The region phone numbers written without a calling code are read in, once set.
    async fn phone_region(&self) -> Result<Option<PhoneRegion>>;
    /// Sets the phone region and, in the same transaction, reads every stored number
    /// written without a calling code in it (the owner's too). A number whose
    /// international form someone else holds stays as it was and is reported: two
    /// people are never merged for it.
    async fn set_phone_region(&self, region: &PhoneRegion) -> Result<Renumbering>;

    // --- people ---

    /// Adds a person. Fails with [`StoreError::IdentityTaken`] if one of the identities
    /// already belongs to someone.
    async fn add_person(&self, person: &NewPerson, now: Timestamp) -> Result<Person>;
    /// One person, or [`StoreError::NotFound`].
    async fn person(&self, id: &PersonId) -> Result<Person>;
    /// Everything stored about one person, as the verbs for each part give it but read
    /// at one moment (one round of the store, not one per part); [`StoreError::NotFound`]
    /// if there is no such person.
    async fn record_of(&self, id: &PersonId) -> Result<PersonRecord>;
    /// Everyone, sorted by name then id.
    async fn people(&self) -> Result<Vec<Person>>;
    /// Whoever has this identity.
    async fn person_with_identity(&self, identity: &Identity) -> Result<Option<PersonId>>;
    /// Changes a person's details, once [`PersonPatch::check`] accepts the patch against
    /// the stored person; identities added must be free.
    async fn update_person(&self, id: &PersonId, patch: &PersonPatch) -> Result<Person>;
    /// Deletes a person and everything that is only about them (identities, tags,
    /// notes, ledger, stage history, check-ins, facts, mutes); interactions with nobody
    /// else left in them go too.
    async fn remove_person(&self, id: &PersonId) -> Result<()>;
    /// Adds tags (already cleaned); adding one twice is harmless.
    async fn tag(&self, id: &PersonId, tags: &[String]) -> Result<()>;
    /// Removes tags; returns how many of them the person had.
    async fn untag(&self, id: &PersonId, tags: &[String]) -> Result<usize>;
    /// Adds a note.
    async fn add_note(&self, note: &NewNote) -> Result<Note>;
    /// A person's notes, oldest first.
    async fn notes(&self, id: &PersonId) -> Result<Vec<Note>>;
    /// Merges `other` into `keep` as [`kith_core::plan_merge`] decides from both records
    /// as they are inside the transaction: the merged record replaces the kept one,
    /// everything of the other moves to it (their stage histories become one; facts and
    /// mutes as [`kith_core::merge_facts`] and [`kith_core::merge_mutes`] fold them), and
    /// the other is deleted. Merging a record with itself is refused. The merge is kept,
    /// with `why`, so that [`Store::unmerge`] can undo it.
    async fn merge_people(
        &self,
        keep: &PersonId,
        other: &PersonId,
        why: &str,
        now: Timestamp,
    ) -> Result<(Person, MergeRecord)>;
    /// Undoes a merge: both people as they were, each with what they brought, and
    /// remembered as not one person. Returns the kept person, then the one given back.
    async fn unmerge(&self, id: &MergeId, now: Timestamp) -> Result<(Person, Person)>;
    /// Every merge, newest first (those undone too); only those involving `person`, if
    /// given.
    async fn merges(&self, person: Option<&PersonId>) -> Result<Vec<MergeRecord>>;
    /// Remembers that two people are not one: never proposed or joined again.
    async fn mark_distinct(&self, a: &PersonId, b: &PersonId, now: Timestamp) -> Result<()>;
    /// Every pair remembered as not one person, the smaller id first.
    async fn distinct_pairs(&self) -> Result<Vec<(PersonId, PersonId)>>;

    // --- what the user knows: facts, the owner's changes, mutes ---

    /// Records a fact about a person; a fact they already hold takes the new date and
    /// note. Returns the fact as stored.
    async fn record_fact(&self, fact: &PersonFact) -> Result<PersonFact>;
    /// A person's facts, oldest first.
    async fn facts_of(&self, id: &PersonId) -> Result<Vec<PersonFact>>;
    /// Everyone's facts, person by person, oldest first.
    async fn all_facts(&self) -> Result<Vec<PersonFact>>;
    /// Removes a fact from a person; the fact as it was, or `None` if they did not hold it.
    async fn remove_fact(&self, id: &PersonId, fact: Fact) -> Result<Option<PersonFact>>;
    /// Declares a change in the owner's working life; declaring it again moves its date.
    /// Returns the declaration as stored.
    async fn set_owner_fact(&self, fact: &OwnerFact) -> Result<OwnerFact>;
    /// The owner's declared changes, earliest first.
    async fn owner_facts(&self) -> Result<Vec<OwnerFact>>;
    /// Withdraws a declared change; the declaration as it was, or `None` if there was none.
    async fn clear_owner_fact(&self, change: OwnerChange) -> Result<Option<OwnerFact>>;
    /// Mutes a diagnosis for a person; muting it again replaces the end. Returns the mute
    /// as stored.
    async fn mute(&self, mute: &Mute) -> Result<Mute>;
    /// Lifts a mute; the mute as it was, or `None` if that diagnosis was not muted.
    async fn unmute(&self, id: &PersonId, diagnosis: DiagnosisKind) -> Result<Option<Mute>>;
    /// Every mute, ended or not, person by person.
    async fn mutes(&self) -> Result<Vec<Mute>>;

    // --- health ---

    /// Everything a review reads, in one consistent state.
    async fn review_data(&self) -> Result<ReviewData>;

    /// What a review reads of `people` alone, as [`Store::review_data`] reads it of
    /// everyone: those of them still there, their facts and mutes and which of them are
    /// in client work, with the owner's facts.
    async fn review_data_of(&self, people: &[PersonId]) -> Result<ReviewData>;

    /// The data's revision: a number that grows with every change a review would see,
    /// whichever process made it.
    async fn revision(&self) -> Result<u64>;

    /// The changes a review would see made after revision `since`.
    async fn changes_since(&self, since: u64) -> Result<Changes>;

    // --- organizations and engagements ---

    /// Adds an organization; fails with [`StoreError::DomainTaken`] if a domain already
    /// belongs to another.
    async fn add_organization(&self, org: &NewOrganization, now: Timestamp) -> Result<Organization>;
    /// One organization, or [`StoreError::NotFound`].
    async fn organization(&self, id: &OrgId) -> Result<Organization>;
    /// All organizations, sorted by name then id.
    async fn organizations(&self) -> Result<Vec<Organization>>;
    /// Adds an engagement.
    async fn add_engagement(&self, engagement: &NewEngagement) -> Result<Engagement>;
    /// One engagement, or [`StoreError::NotFound`].
    async fn engagement(&self, id: &EngagementId) -> Result<Engagement>;
    /// All engagements, newest start first.
    async fn engagements(&self) -> Result<Vec<Engagement>>;
    /// Marks an engagement finished at `at`, as [`Engagement::finish`] allows.
    async fn finish_engagement(&self, id: &EngagementId, at: Timestamp, now: Timestamp)
    -> Result<Engagement>;
    /// Ends an engagement's offboarding in one transaction: the engagement finished at
    /// `at`, the check-ins scheduled and the notes added.
    async fn finish_offboarding(
        &self,
        id: &EngagementId,
        at: Timestamp,
        now: Timestamp,
        checkins: &[NewCheckIn],
        notes: &[NewNote],
    ) -> Result<Engagement>;
    /// Records whether an engagement went well (a reference is asked for only then).
    async fn set_engagement_went_well(&self, id: &EngagementId, went_well: bool) -> Result<Engagement>;

    // --- the interaction log ---

    /// Records a batch of interactions in one transaction. One whose source key is
    /// already stored is left alone and counted in [`Recorded::already_present`].
    async fn record_interactions(&self, batch: &[NewInteraction]) -> Result<Recorded>;
    /// The interactions a person took part in, oldest first.
    async fn interactions_with(&self, id: &PersonId) -> Result<Vec<Interaction>>;

    // --- the ledger ---

    /// Records a ledger entry.
    async fn record_exchange(&self, exchange: &NewExchange) -> Result<Exchange>;
    /// Records a giving (a `Given` entry): it fulfils the open ask
    /// [`kith_core::plan_giving`] picks from the person's ledger inside the transaction,
    /// or becomes a new entry.
    async fn give(&self, giving: &NewExchange) -> Result<Given>;
    /// Declines the open ask [`kith_core::plan_decline`] picks; `None` if there is none.
    async fn decline(
        &self,
        person: &PersonId,
        giver: Giver,
        kind: ExchangeKind,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<Exchange>>;
    /// A person's ledger, oldest first.
    async fn exchanges_with(&self, id: &PersonId) -> Result<Vec<Exchange>>;
    /// Everyone's ledger, oldest first.
    async fn all_exchanges(&self) -> Result<Vec<Exchange>>;

    // --- favors found in mail ---

    /// One person's suggestions, or everyone's, in every state, oldest first.
    async fn suggestions(&self, person: Option<&PersonId>) -> Result<Vec<Suggestion>>;
    /// Accepts suggestions into the ledger in one transaction, as
    /// [`kith_core::plan_acceptance`] plans it (a delivery or thanks brings the open ask
    /// it answers along, and settles it as given); [`StoreError::NotFound`] names the
    /// first id that does not exist, and nothing is written then.
    async fn accept_suggestions(&self, ids: &[SuggestionId]) -> Result<Vec<Accepted>>;
    /// Rejects open suggestions: they stay rejected, and reading the message again does
    /// not bring them back.
    async fn reject_suggestions(&self, ids: &[SuggestionId]) -> Result<Vec<Suggestion>>;
    /// How many open suggestions wait for each person who has any.
    async fn suggestions_waiting(&self) -> Result<HashMap<PersonId, usize>>;
    /// How the owner lets kith read mail.
    async fn mail_reading(&self) -> Result<MailReading>;
    /// Keeps how the owner lets kith read mail; keeping no evidence drops the sentences
    /// already kept.
    async fn set_mail_reading(&self, reading: &MailReading) -> Result<()>;

    // --- stages and check-ins ---

    /// Records a bare stage change: the person's stage becomes `to`, and nothing else is
    /// written (no tag, note or check-in; commands use [`Store::change_stage`]). Fails with
    /// [`StoreError::StageChanged`] if the person is no longer in stage `from`.
    async fn transition(&self, transition: &NewTransition) -> Result<Transition>;
    /// A person's stage history, oldest first.
    async fn transitions(&self, id: &PersonId) -> Result<Vec<Transition>>;
    /// Everyone's stage history, oldest first.
    async fn all_transitions(&self) -> Result<Vec<Transition>>;
    /// Schedules a check-in.
    async fn schedule_checkin(&self, checkin: &NewCheckIn) -> Result<CheckIn>;
    /// A person's check-ins, soonest first.
    async fn checkins(&self, id: &PersonId) -> Result<Vec<CheckIn>>;
    /// Writes a stage change as kith-core planned it, in one transaction: the transition
    /// (or [`StoreError::StageChanged`]), the farewell draft it uses up (refused if an
    /// earlier ending used it), the stage tag replacing any other, the dated note, the
    /// cadence, the check-ins cancelled and the one scheduled.
    async fn change_stage(&self, change: &StageChange) -> Result<Transition>;
    /// Everyone's check-ins still to do, soonest first.
    async fn pending_checkins(&self) -> Result<Vec<CheckIn>>;
    /// Marks a check-in done at `at` and schedules the next of a repeating one; returns
    /// both.
    async fn complete_checkin(&self, id: &CheckInId, at: Timestamp) -> Result<(CheckIn, Option<CheckIn>)>;

    // --- drafts ---

    /// Keeps a draft the composer wrote, unsent.
    async fn save_draft(&self, draft: &NewDraft) -> Result<Draft>;
    /// Puts a new draft in the place of an unsent one (refused if it was sent meanwhile).
    async fn replace_draft(&self, old: &DraftId, new: &NewDraft) -> Result<Draft>;
    /// Changes an unsent draft's words to the owner's (`Draft::edited` decides; refused
    /// once it was sent, even meanwhile), with the facts the new words cite.
    async fn edit_draft(&self, id: &DraftId, subject: &str, body: &str, cited: &[String]) -> Result<Draft>;
    /// One draft.
    async fn draft(&self, id: &DraftId) -> Result<Draft>;
    /// One person's drafts, or everyone's, oldest first.
    async fn drafts(&self, person: Option<&PersonId>) -> Result<Vec<Draft>>;
    /// Marks a draft sent and logs `contact`, the contact sending it made, in one
    /// transaction; refused if it was sent already.
    async fn mark_draft_sent(&self, id: &DraftId, contact: &NewInteraction) -> Result<Draft>;

    // --- imports ---

    /// Imports a batch in one transaction: each contact becomes a new person, joins the
    /// person its source key or one of its identities points to (several such people are
    /// merged into one, with a note saying why), or changes nothing if its source said
    /// the same last time; then each meeting not yet recorded is logged with its
    /// attendees, unknown ones added as people. With [`ImportMode::DryRun`] the work is
    /// done and counted, then rolled back.
    async fn import(
        &self,
        contacts: &[ContactRecord],
        meetings: &[MeetingRecord],
        now: Timestamp,
        mode: ImportMode,
    ) -> Result<ImportTally>;

    // --- mail ---

    /// Stores a batch of mail in one transaction: each message not stored yet is kept;
    /// each personal one with a date becomes one interaction per correspondent (direction
    /// from `owner`), and correspondents nobody has as an identity become people. The
    /// batch's Maildir files and mbox checkpoint are recorded in the same transaction.
    async fn import_mail(&self, batch: &MailBatch, owner: &MailOwner, now: Timestamp) -> Result<MailTally>;
    /// The unique names of every Maildir file already imported.
    async fn mail_copies(&self) -> Result<HashSet<String>>;
    /// The keys of the stored messages whose text was read for favors, and how many
    /// stored messages not kept out have a text not read yet.
    async fn mail_texts_read(&self) -> Result<(HashSet<String>, u64)>;
    /// How far an mbox file has been read, if it has been.
    async fn mail_checkpoint(&self, file: &str) -> Result<Option<MailCheckpoint>>;
    /// Derives the mail part of the interaction log again from the stored messages, for
    /// `owner`: every interaction logged from mail is replaced, in one transaction, as
    /// [`Store::import_mail`] would log the messages now. The tally counts every stored
    /// message as new.
    async fn relog_mail(&self, owner: &MailOwner, now: Timestamp) -> Result<MailTally>;
    /// The digest of the owner's identities the mail log was last derived with
    /// ([`MailOwner::digest`]), if any mail is stored: empty when that is not known (a
    /// database upgraded or restored), so that the log is derived again.
    async fn mail_logged_for(&self) -> Result<Option<String>>;
    /// Every stored message, in key order.
    async fn mail_messages(&self) -> Result<Vec<MailMessage>>;
    /// The messages kept out of the interaction log (for one reason, or all), oldest first.
    async fn kept_out_mail(&self, reason: Option<KeptOut>) -> Result<Vec<MailMessage>>;

    // --- whole database ---

    /// Every entity, canonicalized.
    async fn snapshot(&self) -> Result<Snapshot>;
    /// Loads a snapshot into an empty database, keeping its ids; fails with
    /// [`StoreError::NotEmpty`] otherwise, and writes nothing if any part fails. (Shared,
    /// not borrowed: the work runs on a thread of its own, and a large network's snapshot
    /// is not copied for it.)
    async fn restore(&self, snapshot: Arc<Snapshot>) -> Result<()>;
    /// Writes a consistent copy of the live database to a new file.
    async fn backup_to(&self, path: &Path) -> Result<()>;
    /// Why the database is open for reading only; none when it can be written.
    fn read_only(&self) -> Option<ReadOnly>;
}

/// Checks the whole database at `location` for damage, reading it only.
pub fn doctor(location: &str) -> Result<Checkup> {
    sqlite::doctor(Path::new(sqlite_path(location)?))
}

/// Copies every row that can be read from the (damaged) database at `location` into a
/// new database at `out`, and says what could not be.
pub async fn salvage(location: &str, out: &Path) -> Result<Salvage> {
    sqlite::salvage(Path::new(sqlite_path(location)?), out).await
}

/// The file path of a SQLite location.
fn sqlite_path(location: &str) -> Result<&str> {
    if postgres::is_postgres(location) {
        return Err(StoreError::Unsupported(
            "this checks a SQLite database file; PostgreSQL checks its own databases".into(),
        ));
    }
    if let Some(scheme) = location.split_once("://").map(|(s, _)| s)
        && scheme != "sqlite"
    {
        return Err(StoreError::Unsupported(format!(
            "unknown database scheme \"{scheme}://\"; give a SQLite file path or a postgres:// address"
        )));
    }
    Ok(location.strip_prefix("sqlite://").unwrap_or(location))
}

/// Opens the store at `location`: a file path or `sqlite://` URL for SQLite, or a
/// `postgres://` address and the name of one of its workspaces. Migrations are applied
/// on open; with [`OpenMode::CreateIfMissing`], a missing SQLite file or PostgreSQL
/// workspace is created.
pub async fn open_workspace(
    location: &str,
    workspace: Option<&str>,
    mode: OpenMode,
) -> Result<Arc<dyn Store>> {
    if postgres::is_postgres(location) {
        let workspace = workspace.ok_or_else(|| {
            StoreError::Unsupported("a PostgreSQL database holds workspaces: name the one to open".into())
        })?;
        return Ok(Arc::new(postgres::open(location, workspace, mode).await?));
    }
    if workspace.is_some() {
        return Err(StoreError::Unsupported(
            "a SQLite database file is one workspace; name a workspace only with a postgres:// address"
                .into(),
        ));
    }
    let path = sqlite_path(location)?;
    Ok(Arc::new(sqlite::open(Path::new(path), mode).await?))
}

/// Whether `location` names a PostgreSQL database (`postgres://…`) rather than a SQLite
/// file.
pub fn is_postgres(location: &str) -> bool {
    postgres::is_postgres(location)
}

/// `location` as kith shows it: a PostgreSQL address without its password.
pub fn shown_location(location: &str) -> String {
    if postgres::is_postgres(location) { postgres::shown(location) } else { location.to_owned() }
}

/// Opens the SQLite store at `location` (see [`open_workspace`]).
pub async fn open(location: &str, mode: OpenMode) -> Result<Arc<dyn Store>> {
    open_workspace(location, None, mode).await
}
