//! Every [`Store`] verb, written once over [`Db`] for every backend: each verb is one
//! closure that the backend runs in one transaction on one of its connections.

use super::db::Db;
use super::{
    drafts, facts, favors, import, interactions, ledger, mail, merge, orgs, people, query, review, revisions,
    settings, stages, whole,
};
use crate::{
    Accepted, Changes, Given, ImportMode, ImportTally, MailBatch, MailCheckpoint, MailReading, MailTally,
    PersonRecord, ReadOnly, Recorded, Result, ReviewData, Store,
};
use async_trait::async_trait;
use jiff::Timestamp;
use kith_core::health::{DiagnosisKind, Fact, Mute, OwnerChange, OwnerFact, PersonFact};
use kith_core::{
    CheckIn, CheckInId, ContactRecord, Draft, DraftId, Engagement, EngagementId, Exchange, ExchangeKind,
    Giver, Identity, Interaction, KeptOut, MailMessage, MailOwner, MeetingRecord, MergeId, MergeRecord,
    NewCheckIn, NewDraft, NewEngagement, NewExchange, NewInteraction, NewNote, NewOrganization, NewPerson,
    NewTransition, Note, OrgId, Organization, Person, PersonId, PersonPatch, PhoneRegion, Renumbering,
    Snapshot, StageChange, Suggestion, SuggestionId, Transition,
};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

/// What a transaction is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Reading: one consistent state, nothing written.
    Read,
    /// Writing, committed if the work succeeds.
    Write,
    /// Writing rows whose references the work itself guarantees (a mail import's), so
    /// that the backend may leave checking them to the work.
    WriteCheckedByCaller,
    /// Doing a write's work and counting it, then rolling it back (a dry run).
    Rehearse,
}

/// A database that runs a verb's work: SQLite's file or a PostgreSQL workspace.
pub(crate) trait Backend: Send + Sync + std::fmt::Debug + 'static {
    /// Runs `work` in one transaction for `purpose` (refused before it starts if `purpose`
    /// writes and the database is open for reading only); commits it if `work` succeeds
    /// and `purpose` is a write.
    fn run<T: Send + 'static>(
        &self,
        purpose: Purpose,
        work: impl FnOnce(&dyn Db) -> Result<T> + Send + 'static,
    ) -> impl Future<Output = Result<T>> + Send;
    /// Where the database is, as the user gave it (passwords left out).
    fn location(&self) -> String;
    /// Why the database is open for reading only, if it is.
    fn read_only(&self) -> Option<ReadOnly>;
    /// Writes a consistent copy of the database to a new SQLite file.
    fn backup_to(&self, path: &Path) -> impl Future<Output = Result<()>> + Send;
}

/// A store over one backend.
#[derive(Debug)]
pub(crate) struct SqlStore<B> {
    backend: B,
    /// The keys of the mail messages stored, as far as mail imports through this store
    /// have seen them.
    mail_keys: Mutex<mail::KnownKeys>,
}

impl<B: Backend> SqlStore<B> {
    /// A store over `backend`.
    pub(crate) fn new(backend: B) -> Self {
        Self { backend, mail_keys: Mutex::default() }
    }

    async fn run<T: Send + 'static>(
        &self,
        purpose: Purpose,
        work: impl FnOnce(&dyn Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.backend.run(purpose, work).await
    }

    /// Runs `work` in a write transaction and commits it if `work` succeeds.
    async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&dyn Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(Purpose::Write, work).await
    }

    /// Runs `work` in a read transaction, so that it sees one consistent state.
    async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&dyn Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(Purpose::Read, work).await
    }

    /// `data` with the histories at the places `missing` rebuilt (and kept, unless the
    /// database is open for reading only); `everyone` is how many people there are.
    async fn with_histories(
        &self,
        mut data: ReviewData,
        missing: Vec<usize>,
        everyone: usize,
    ) -> Result<ReviewData> {
        if missing.is_empty() {
            return Ok(data);
        }
        let ids: Vec<String> = missing.iter().map(|&n| data.people[n].id.as_str().to_owned()).collect();
        let rebuilt = match self.backend.read_only() {
            None => self.write(move |c| review::rebuild(c, &ids, everyone, true)).await?,
            Some(_) => self.read(move |c| review::rebuild(c, &ids, everyone, false)).await?,
        };
        for (n, history) in missing.into_iter().zip(rebuilt) {
            data.contacts[n] = history.contacts;
            data.exchanges[n] = history.exchanges;
        }
        Ok(data)
    }
}

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    fn location(&self) -> String {
        self.backend.location()
    }

    async fn add_owner_identity(&self, identity: &Identity) -> Result<()> {
        let identity = identity.to_owned();
        self.write(move |c| people::add_owner_identity(c, &identity)).await
    }

    async fn remove_owner_identity(&self, identity: &Identity) -> Result<bool> {
        let identity = identity.to_owned();
        self.write(move |c| people::remove_owner_identity(c, &identity)).await
    }

    async fn refused_owner_identities(&self) -> Result<Vec<Identity>> {
        self.read(people::refused_owner_identities).await
    }

    async fn owner_identities(&self) -> Result<Vec<Identity>> {
        self.read(people::owner_identities).await
    }

    async fn set_owner_name(&self, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.write(move |c| people::set_owner_name(c, &name)).await
    }

    async fn owner_name(&self) -> Result<Option<String>> {
        self.read(people::owner_name).await
    }

    async fn phone_region(&self) -> Result<Option<PhoneRegion>> {
        self.read(settings::phone_region).await
    }

    async fn set_phone_region(&self, region: &PhoneRegion) -> Result<Renumbering> {
        let region = region.to_owned();
        self.write(move |c| settings::set_phone_region(c, &region)).await
    }

    async fn add_person(&self, person: &NewPerson, now: Timestamp) -> Result<Person> {
        let person = person.to_owned();
        self.write(move |c| people::add(c, &person, now)).await
    }

    async fn person(&self, id: &PersonId) -> Result<Person> {
        let id = id.to_owned();
        self.read(move |c| people::one(c, &id)).await
    }

    async fn record_of(&self, id: &PersonId) -> Result<PersonRecord> {
        let id = id.to_owned();
        self.read(move |c| {
            let person = people::one(c, &id)?;
            let organization = match &person.org {
                Some(org) => Some(orgs::one(c, org)?),
                None => None,
            };
            Ok(PersonRecord {
                organization,
                // The person was just read: each part needs no check of its own that
                // they exist (a round trip each on PostgreSQL).
                interactions: interactions::load(c, Some(&id))?,
                exchanges: ledger::load(c, Some(&id))?,
                suggestions: favors::all(c, Some(&id))?,
                facts: facts::facts(c, Some(&id))?,
                mutes: facts::mutes(c, Some(&id))?,
                transitions: stages::transitions(c, Some(&id))?,
                notes: people::notes(c, Some(&id))?,
                checkins: stages::checkins(c, Some(&id))?,
                person,
            })
        })
        .await
    }

    async fn people(&self) -> Result<Vec<Person>> {
        self.read(people::all).await
    }

    async fn person_with_identity(&self, identity: &Identity) -> Result<Option<PersonId>> {
        let identity = identity.to_owned();
        self.read(move |c| people::holder(c, &identity)).await
    }

    async fn update_person(&self, id: &PersonId, patch: &PersonPatch) -> Result<Person> {
        let id = id.to_owned();
        let patch = patch.to_owned();
        self.write(move |c| people::update(c, &id, &patch)).await
    }

    async fn remove_person(&self, id: &PersonId) -> Result<()> {
        let id = id.to_owned();
        self.write(move |c| people::remove(c, &id)).await
    }

    async fn tag(&self, id: &PersonId, tags: &[String]) -> Result<()> {
        let id = id.to_owned();
        let tags = tags.to_owned();
        self.write(move |c| people::tag(c, &id, &tags)).await
    }

    async fn untag(&self, id: &PersonId, tags: &[String]) -> Result<usize> {
        let id = id.to_owned();
        let tags = tags.to_owned();
        self.write(move |c| people::untag(c, &id, &tags)).await
    }

    async fn add_note(&self, note: &NewNote) -> Result<Note> {
        let note = note.to_owned();
        self.write(move |c| people::add_note(c, &note)).await
    }

    async fn notes(&self, id: &PersonId) -> Result<Vec<Note>> {
        let id = id.to_owned();
        self.read(move |c| people::notes_of(c, &id)).await
    }

    async fn merge_people(
        &self,
        keep: &PersonId,
        other: &PersonId,
        why: &str,
        now: Timestamp,
    ) -> Result<(Person, MergeRecord)> {
        let keep = keep.to_owned();
        let other = other.to_owned();
        let why = why.to_owned();
        self.write(move |c| merge::merge(c, &keep, &other, merge::Reason { why: &why, on: None }, now)).await
    }

    async fn unmerge(&self, id: &MergeId, now: Timestamp) -> Result<(Person, Person)> {
        let id = id.to_owned();
        self.write(move |c| merge::unmerge(c, &id, now)).await
    }

    async fn merges(&self, person: Option<&PersonId>) -> Result<Vec<MergeRecord>> {
        let person = person.cloned();
        self.read(move |c| merge::merges(c, person.as_ref())).await
    }

    async fn mark_distinct(&self, a: &PersonId, b: &PersonId, now: Timestamp) -> Result<()> {
        let a = a.to_owned();
        let b = b.to_owned();
        self.write(move |c| {
            query::require_person(c, &a)?;
            query::require_person(c, &b)?;
            merge::mark_distinct(c, &a, &b, now)
        })
        .await
    }

    async fn distinct_pairs(&self) -> Result<Vec<(PersonId, PersonId)>> {
        self.read(merge::distinct_pairs).await
    }

    async fn record_fact(&self, fact: &PersonFact) -> Result<PersonFact> {
        let fact = fact.to_owned();
        self.write(move |c| facts::record(c, &fact)).await
    }

    async fn facts_of(&self, id: &PersonId) -> Result<Vec<PersonFact>> {
        let id = id.to_owned();
        self.read(move |c| facts::facts_of(c, &id)).await
    }

    async fn all_facts(&self) -> Result<Vec<PersonFact>> {
        self.read(move |c| facts::facts(c, None)).await
    }

    async fn remove_fact(&self, id: &PersonId, fact: Fact) -> Result<Option<PersonFact>> {
        let id = id.to_owned();
        self.write(move |c| facts::remove(c, &id, fact)).await
    }

    async fn set_owner_fact(&self, fact: &OwnerFact) -> Result<OwnerFact> {
        let fact = fact.to_owned();
        self.write(move |c| facts::set_owner(c, &fact)).await
    }

    async fn owner_facts(&self) -> Result<Vec<OwnerFact>> {
        self.read(facts::owner_facts).await
    }

    async fn clear_owner_fact(&self, change: OwnerChange) -> Result<Option<OwnerFact>> {
        self.write(move |c| facts::clear_owner(c, change)).await
    }

    async fn mute(&self, mute: &Mute) -> Result<Mute> {
        let mute = mute.to_owned();
        self.write(move |c| facts::mute(c, &mute)).await
    }

    async fn unmute(&self, id: &PersonId, diagnosis: DiagnosisKind) -> Result<Option<Mute>> {
        let id = id.to_owned();
        self.write(move |c| facts::unmute(c, &id, diagnosis)).await
    }

    async fn mutes(&self) -> Result<Vec<Mute>> {
        self.read(move |c| facts::mutes(c, None)).await
    }

    async fn review_data(&self) -> Result<ReviewData> {
        let (data, missing) = self.read(review::load).await?;
        let everyone = data.people.len();
        self.with_histories(data, missing, everyone).await
    }

    async fn review_data_of(&self, people: &[PersonId]) -> Result<ReviewData> {
        let people = people.to_owned();
        let (data, missing, everyone) = self.read(move |c| review::load_of(c, &people)).await?;
        self.with_histories(data, missing, everyone).await
    }

    async fn revision(&self) -> Result<u64> {
        self.read(revisions::current).await
    }

    async fn changes_since(&self, since: u64) -> Result<Changes> {
        self.read(move |c| revisions::since(c, since)).await
    }

    async fn add_organization(&self, org: &NewOrganization, now: Timestamp) -> Result<Organization> {
        let org = org.to_owned();
        self.write(move |c| orgs::add(c, &org, now)).await
    }

    async fn organization(&self, id: &OrgId) -> Result<Organization> {
        let id = id.to_owned();
        self.read(move |c| orgs::one(c, &id)).await
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        self.read(orgs::all).await
    }

    async fn add_engagement(&self, engagement: &NewEngagement) -> Result<Engagement> {
        let engagement = engagement.to_owned();
        self.write(move |c| orgs::add_engagement(c, &engagement)).await
    }

    async fn engagement(&self, id: &EngagementId) -> Result<Engagement> {
        let id = id.to_owned();
        self.read(move |c| orgs::engagement(c, &id)).await
    }

    async fn engagements(&self) -> Result<Vec<Engagement>> {
        self.read(move |c| orgs::engagements(c, None)).await
    }

    async fn finish_engagement(
        &self,
        id: &EngagementId,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Engagement> {
        let id = id.to_owned();
        self.write(move |c| orgs::finish_engagement(c, &id, at, now)).await
    }

    async fn finish_offboarding(
        &self,
        id: &EngagementId,
        at: Timestamp,
        now: Timestamp,
        checkins: &[NewCheckIn],
        notes: &[NewNote],
    ) -> Result<Engagement> {
        let id = id.to_owned();
        let checkins = checkins.to_owned();
        let notes = notes.to_owned();
        self.write(move |c| {
            let finished = orgs::finish_engagement(c, &id, at, now)?;
            for checkin in &checkins {
                stages::schedule_checkin(c, checkin)?;
            }
            for note in &notes {
                people::add_note(c, note)?;
            }
            Ok(finished)
        })
        .await
    }

    async fn set_engagement_went_well(&self, id: &EngagementId, went_well: bool) -> Result<Engagement> {
        let id = id.to_owned();
        self.write(move |c| orgs::set_went_well(c, &id, went_well)).await
    }

    async fn record_interactions(&self, batch: &[NewInteraction]) -> Result<Recorded> {
        let batch = batch.to_owned();
        self.write(move |c| interactions::record(c, &batch)).await
    }

    async fn interactions_with(&self, id: &PersonId) -> Result<Vec<Interaction>> {
        let id = id.to_owned();
        self.read(move |c| interactions::with(c, &id)).await
    }

    async fn record_exchange(&self, exchange: &NewExchange) -> Result<Exchange> {
        let exchange = exchange.to_owned();
        self.write(move |c| ledger::record(c, &exchange)).await
    }

    async fn suggestions(&self, person: Option<&PersonId>) -> Result<Vec<Suggestion>> {
        let person = person.cloned();
        self.read(move |c| {
            person.as_ref().map(|p| query::require_person(c, p)).transpose()?;
            favors::all(c, person.as_ref())
        })
        .await
    }

    async fn accept_suggestions(&self, ids: &[SuggestionId]) -> Result<Vec<Accepted>> {
        let ids = ids.to_owned();
        self.write(move |c| favors::accept(c, &ids)).await
    }

    async fn reject_suggestions(&self, ids: &[SuggestionId]) -> Result<Vec<Suggestion>> {
        let ids = ids.to_owned();
        self.write(move |c| favors::reject(c, &ids)).await
    }

    async fn suggestions_waiting(&self) -> Result<HashMap<PersonId, usize>> {
        self.read(favors::waiting).await
    }

    async fn mail_reading(&self) -> Result<MailReading> {
        self.read(favors::reading).await
    }

    async fn set_mail_reading(&self, reading: &MailReading) -> Result<()> {
        let reading = reading.to_owned();
        self.write(move |c| favors::set_reading(c, &reading)).await
    }

    async fn give(&self, giving: &NewExchange) -> Result<Given> {
        let giving = giving.to_owned();
        self.write(move |c| ledger::give(c, &giving)).await
    }

    async fn decline(
        &self,
        person: &PersonId,
        giver: Giver,
        kind: ExchangeKind,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<Exchange>> {
        let person = person.to_owned();
        self.write(move |c| ledger::decline(c, &person, giver, kind, at, now)).await
    }

    async fn exchanges_with(&self, id: &PersonId) -> Result<Vec<Exchange>> {
        let id = id.to_owned();
        self.read(move |c| ledger::with(c, &id)).await
    }

    async fn all_exchanges(&self) -> Result<Vec<Exchange>> {
        self.read(move |c| ledger::load(c, None)).await
    }

    async fn transition(&self, transition: &NewTransition) -> Result<Transition> {
        let transition = transition.to_owned();
        self.write(move |c| stages::transition(c, &transition)).await
    }

    async fn transitions(&self, id: &PersonId) -> Result<Vec<Transition>> {
        let id = id.to_owned();
        self.read(move |c| stages::transitions_of(c, &id)).await
    }

    async fn all_transitions(&self) -> Result<Vec<Transition>> {
        self.read(move |c| stages::transitions(c, None)).await
    }

    async fn schedule_checkin(&self, checkin: &NewCheckIn) -> Result<CheckIn> {
        let checkin = checkin.to_owned();
        self.write(move |c| stages::schedule_checkin(c, &checkin)).await
    }

    async fn checkins(&self, id: &PersonId) -> Result<Vec<CheckIn>> {
        let id = id.to_owned();
        self.read(move |c| stages::checkins_of(c, &id)).await
    }

    async fn change_stage(&self, change: &StageChange) -> Result<Transition> {
        let change = change.to_owned();
        self.write(move |c| stages::change(c, &change)).await
    }

    async fn pending_checkins(&self) -> Result<Vec<CheckIn>> {
        self.read(stages::pending_checkins).await
    }

    async fn complete_checkin(&self, id: &CheckInId, at: Timestamp) -> Result<(CheckIn, Option<CheckIn>)> {
        let id = id.to_owned();
        self.write(move |c| stages::complete_checkin(c, &id, at)).await
    }

    async fn save_draft(&self, draft: &NewDraft) -> Result<Draft> {
        let draft = draft.to_owned();
        self.write(move |c| drafts::save(c, &draft)).await
    }

    async fn replace_draft(&self, old: &DraftId, new: &NewDraft) -> Result<Draft> {
        let old = old.to_owned();
        let new = new.to_owned();
        self.write(move |c| drafts::replace(c, &old, &new)).await
    }

    async fn edit_draft(&self, id: &DraftId, subject: &str, body: &str, cited: &[String]) -> Result<Draft> {
        let id = id.to_owned();
        let subject = subject.to_owned();
        let body = body.to_owned();
        let cited = cited.to_owned();
        self.write(move |c| drafts::edit(c, &id, &subject, &body, &cited)).await
    }

    async fn draft(&self, id: &DraftId) -> Result<Draft> {
        let id = id.to_owned();
        self.read(move |c| drafts::one(c, &id)).await
    }

    async fn drafts(&self, person: Option<&PersonId>) -> Result<Vec<Draft>> {
        let person = person.cloned();
        self.read(move |c| {
            person.as_ref().map(|p| query::require_person(c, p)).transpose()?;
            drafts::list(c, person.as_ref())
        })
        .await
    }

    async fn mark_draft_sent(&self, id: &DraftId, contact: &NewInteraction) -> Result<Draft> {
        let id = id.to_owned();
        let contact = contact.to_owned();
        self.write(move |c| drafts::mark_sent(c, &id, &contact)).await
    }

    async fn import(
        &self,
        contacts: &[ContactRecord],
        meetings: &[MeetingRecord],
        now: Timestamp,
        mode: ImportMode,
    ) -> Result<ImportTally> {
        let purpose = match mode {
            ImportMode::Write => Purpose::Write,
            ImportMode::DryRun => Purpose::Rehearse,
        };
        let (contacts, meetings) = (contacts.to_owned(), meetings.to_owned());
        self.run(purpose, move |c| import::import(c, &contacts, &meetings, now)).await
    }

    async fn import_mail(&self, batch: &MailBatch, owner: &MailOwner, now: Timestamp) -> Result<MailTally> {
        let mut known = std::mem::take(&mut *self.mail_keys.lock().unwrap_or_else(PoisonError::into_inner));
        let (batch, owner) = (batch.to_owned(), owner.to_owned());
        let (tally, stored, mut known) = self
            .run(Purpose::WriteCheckedByCaller, move |c| {
                let (tally, stored) = mail::import(c, &batch, &mut known, &owner, now)?;
                Ok((tally, stored, known))
            })
            .await?;
        for (id, digest) in stored {
            known.add(id, digest);
        }
        *self.mail_keys.lock().unwrap_or_else(PoisonError::into_inner) = known;
        Ok(tally)
    }

    async fn mail_texts_read(&self) -> Result<(HashSet<String>, u64)> {
        self.read(favors::texts_read).await
    }

    async fn mail_copies(&self) -> Result<HashSet<String>> {
        self.read(mail::copies).await
    }

    async fn mail_checkpoint(&self, file: &str) -> Result<Option<MailCheckpoint>> {
        let file = file.to_owned();
        self.read(move |c| mail::checkpoint(c, &file)).await
    }

    async fn relog_mail(&self, owner: &MailOwner, now: Timestamp) -> Result<MailTally> {
        let owner = owner.to_owned();
        self.write(move |c| mail::relog(c, &owner, now)).await
    }

    async fn mail_logged_for(&self) -> Result<Option<String>> {
        self.read(mail::logged_for).await
    }

    async fn mail_messages(&self) -> Result<Vec<MailMessage>> {
        self.read(mail::all).await
    }

    async fn kept_out_mail(&self, reason: Option<KeptOut>) -> Result<Vec<MailMessage>> {
        self.read(move |c| mail::kept_out(c, reason)).await
    }

    async fn snapshot(&self) -> Result<Snapshot> {
        self.read(whole::snapshot).await
    }

    async fn restore(&self, snapshot: Arc<Snapshot>) -> Result<()> {
        let location = self.location();
        self.write(move |c| whole::restore(c, &snapshot, location)).await
    }

    async fn backup_to(&self, path: &Path) -> Result<()> {
        self.backend.backup_to(path).await
    }

    fn read_only(&self) -> Option<ReadOnly> {
        self.backend.read_only()
    }
}
