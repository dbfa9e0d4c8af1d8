//! Drafts as kept: what the composer wrote for whom, the facts it cites, and whether the
//! owner sent it (sending one logs the contact it made).

use crate::compose::{Composed, DraftMove, Manner, Tone};
use crate::{
    Channel, Direction, DraftId, EngagementId, InteractionId, NewInteraction, PersonId, TransitionId,
    ValidationError,
};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// A draft, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// Its id.
    pub id: DraftId,
    /// For whom.
    pub person: PersonId,
    /// The move it makes.
    #[serde(rename = "move")]
    pub what: DraftMove,
    /// Its tone.
    pub tone: Tone,
    /// A conversation (talking points) or an email.
    pub manner: Manner,
    /// The subject line, or the title of the talking points.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The facts it cites, in words.
    #[serde(default)]
    pub cited: Vec<String>,
    /// Whether it asks for a reference.
    #[serde(default)]
    pub asks_reference: bool,
    /// The engagement it winds down, for client offboarding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement: Option<EngagementId>,
    /// When it was written.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When the owner sent it (or had the conversation); `None` while unsent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<Timestamp>,
    /// The contact logged when it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<InteractionId>,
    /// For a farewell: the ending it was used for (it cannot serve another).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<TransitionId>,
}

/// A draft about to be kept.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDraft {
    /// For whom.
    pub person: PersonId,
    /// What the composer wrote.
    pub composed: Composed,
    /// The engagement it winds down, if any.
    pub engagement: Option<EngagementId>,
    /// When it was written.
    pub created_at: Timestamp,
}

impl NewDraft {
    /// The draft this becomes under `id`, unsent.
    pub fn with_id(&self, id: DraftId) -> Draft {
        let c = &self.composed;
        Draft {
            id,
            person: self.person.clone(),
            what: c.what,
            tone: c.tone,
            manner: c.manner,
            subject: c.subject.clone(),
            body: c.body.clone(),
            cited: c.cited.clone(),
            asks_reference: c.asks_reference,
            engagement: self.engagement.clone(),
            created_at: self.created_at,
            sent_at: None,
            interaction: None,
            used_by: None,
        }
    }
}

impl Draft {
    /// The draft as the composer's output again, for rendering; `name` is the person's.
    pub fn composed(&self, name: &str) -> Composed {
        Composed {
            what: self.what,
            tone: self.tone,
            manner: self.manner,
            name: name.to_owned(),
            subject: self.subject.clone(),
            body: self.body.clone(),
            cited: self.cited.clone(),
            asks_reference: self.asks_reference,
        }
    }

    /// The draft with its words changed by the owner: the subject and text trimmed, and
    /// `cited`, the facts of its grounding the new words still state. Refused once sent
    /// (what was sent is kept as it was), or with no subject or no text.
    pub fn edited(&self, subject: &str, body: &str, cited: Vec<String>) -> Result<Draft, ValidationError> {
        if let Some(sent) = self.sent_at {
            return Err(ValidationError::AlreadySent {
                draft: self.id.to_string(),
                on: crate::when::day(sent),
            });
        }
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        if subject.is_empty() {
            return Err(ValidationError::EmptyText("draft's subject"));
        }
        let body = body.replace("\r\n", "\n");
        let body = body.trim();
        if body.is_empty() {
            return Err(ValidationError::EmptyText("draft's text"));
        }
        Ok(Draft { subject, body: body.to_owned(), cited, ..self.clone() })
    }

    /// The contact sending it makes at `at`: outbound, by email for an email and by call for
    /// talking points unless `channel` says otherwise; refused if it was already sent, or
    /// if `at` is after `now` or before the day it was written. A time earlier on the day
    /// it was written (a date typed without a time) means just after it was written.
    pub fn sending(
        &self,
        at: Timestamp,
        channel: Option<Channel>,
        now: Timestamp,
    ) -> Result<NewInteraction, ValidationError> {
        if let Some(sent) = self.sent_at {
            return Err(ValidationError::AlreadySent {
                draft: self.id.to_string(),
                on: crate::when::day(sent),
            });
        }
        let at =
            if at < self.created_at && self.created_at.duration_since(at) < SignedDuration::from_hours(24) {
                self.created_at
            } else {
                at
            };
        if at < self.created_at {
            let on = crate::when::day(self.created_at);
            return Err(ValidationError::SentBeforeWritten { draft: self.id.to_string(), on });
        }
        let channel = channel.unwrap_or(self.manner.sent_by());
        let mut contact = NewInteraction::new(at, channel, Direction::Out, vec![self.person.clone()], now)?;
        contact.subject = Some(self.subject.clone());
        contact.note = Some(format!("{} draft {}", self.what.typed(), self.id));
        Ok(contact)
    }
}
