//! Interactions: the log of contact events between the owner and their people.

use crate::names::named_enum;
use crate::{InteractionId, PersonId, ValidationError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

named_enum!(
    /// How the contact happened.
    Channel, "channel" {
        /// An email.
        Email = "email",
        /// A phone or video call.
        Call = "call",
        /// A meeting in person or scheduled.
        Meeting = "meeting",
        /// A chat or text message.
        Message = "message",
        /// An event both attended.
        Event = "event",
        /// A social network interaction.
        Social = "social",
    }
);

impl Channel {
    /// The default weight of one contact on this channel (meeting 3, call 2, others 1).
    pub fn weight(self) -> f64 {
        match self {
            Channel::Meeting => 3.0,
            Channel::Call => 2.0,
            Channel::Email | Channel::Message | Channel::Event | Channel::Social => 1.0,
        }
    }
}

named_enum!(
    /// Who reached out.
    Direction, "direction" {
        /// The owner reached out.
        Out = "out",
        /// They reached out.
        In = "in",
        /// Both, as in a meeting.
        Mutual = "mutual",
    }
);

impl Direction {
    /// The other side's direction; mutual stays mutual.
    pub fn opposite(self) -> Self {
        match self {
            Direction::Out => Direction::In,
            Direction::In => Direction::Out,
            Direction::Mutual => Direction::Mutual,
        }
    }
}

/// One contact event, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interaction {
    /// Its id.
    pub id: InteractionId,
    /// When it happened.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Who reached out.
    pub direction: Direction,
    /// The people involved besides the owner, sorted.
    pub participants: Vec<PersonId>,
    /// The subject line or topic.
    pub subject: Option<String>,
    /// Groups the interactions of one conversation.
    pub thread_key: Option<String>,
    /// Identifies the source record (e.g. a calendar event) so a re-import adds nothing.
    pub source_key: Option<String>,
    /// A note the owner wrote about it.
    pub note: Option<String>,
    /// The key of the mail message it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The key of the mail message its message answers, when it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies_to: Option<String>,
}

/// An interaction about to be recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct NewInteraction {
    /// When.
    pub at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Who reached out.
    pub direction: Direction,
    /// The people involved, sorted and without repeats.
    pub participants: Vec<PersonId>,
    /// Subject.
    pub subject: Option<String>,
    /// Thread key.
    pub thread_key: Option<String>,
    /// Source key.
    pub source_key: Option<String>,
    /// Note.
    pub note: Option<String>,
}

impl NewInteraction {
    /// The interaction this draft becomes under `id`.
    pub fn with_id(&self, id: InteractionId) -> Interaction {
        Interaction {
            id,
            at: self.at,
            channel: self.channel,
            direction: self.direction,
            participants: self.participants.clone(),
            subject: self.subject.clone(),
            thread_key: self.thread_key.clone(),
            source_key: self.source_key.clone(),
            note: self.note.clone(),
            message: None,
            replies_to: None,
        }
    }

    /// Checks an interaction: someone took part and it has already happened.
    pub fn new(
        at: Timestamp,
        channel: Channel,
        direction: Direction,
        mut participants: Vec<PersonId>,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        crate::when::not_after(at, now, "an interaction")?;
        participants.sort();
        participants.dedup();
        if participants.is_empty() {
            return Err(ValidationError::NoParticipants);
        }
        Ok(Self {
            at,
            channel,
            direction,
            participants,
            subject: None,
            thread_key: None,
            source_key: None,
            note: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn future_interactions_and_empty_ones_are_refused() {
        let now: Timestamp = "2026-03-14T12:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-03-15T12:00:00Z".parse().unwrap();
        let p = PersonId::from_bits(7);
        let err =
            NewInteraction::new(later, Channel::Call, Direction::Out, vec![p.clone()], now).unwrap_err();
        assert!(matches!(err, ValidationError::FutureDate { .. }));
        let err = NewInteraction::new(now, Channel::Call, Direction::Out, vec![], now).unwrap_err();
        assert_eq!(err, ValidationError::NoParticipants);
        let ok = NewInteraction::new(now, Channel::Call, Direction::Out, vec![p.clone(), p], now).unwrap();
        assert_eq!(ok.participants.len(), 1);
    }

    #[test]
    fn channels_read_from_names() {
        assert_eq!("Meeting".parse::<Channel>().unwrap(), Channel::Meeting);
        let err = "fax".parse::<Channel>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown channel \"fax\"; expected one of: email, call, meeting, message, event, social"
        );
    }
}
