//! The composer: drafts for the moves of the playbook, written from templates and
//! grounded in what the ledger and the interaction log say, and nothing else.
//!
//! [`compose`] turns a [`DraftRequest`] (the move, tone, manner, reason, door…) and a
//! [`Grounding`] (the person, the owner, the ledger and interactions with them) into a
//! [`Composed`] draft; [`Composed::render`] writes it as plain text, Markdown or an
//! RFC 5322 `.eml` draft. The same inputs, `now` included, give the same draft.
//!
//! Facts are computed here, in Rust, and handed to templates as short phrases ("the
//! introduction to Dana Reyes at Northwind in March 2024"). A draft may state no fact
//! that is not one of these phrases; the phrases a draft uses are listed in
//! [`Composed::cited`] so the user can check them. Months are written "March 2024", in
//! English, from UTC; anything dated after `now` is left out.
//!
//! # Templates
//!
//! One template per move, named [`Templates::file_name`] (`farewell.j2`, …), written in
//! [minijinja](https://docs.rs/minijinja) (Jinja2 syntax). A user file of that name
//! replaces the shipped one ([`Templates::with_override`]). Block tags alone on a line
//! leave no trace (`trim_blocks` and `lstrip_blocks` are on); a block tag that ends a
//! line of text eats its newline unless written `+%}`. Undefined variables are errors.
//!
//! **Output convention.** The first line a template prints is `Subject: <subject>`;
//! kith takes it off and uses it as the subject (and as the title of talking points).
//! Everything after it is the body:
//! - `email` manner: one paragraph per line, paragraphs separated by a blank line; runs
//!   of blank lines become one, spaces are collapsed and lines trimmed;
//! - `conversation` manner: talking points, one per line; blank lines are dropped and a
//!   line that does not start with `- ` gets it.
//!
//! **Variables.** `what` (the move), `tone` (`warm`, `frank`, `light`), `manner`
//! (`conversation`, `email`), `name`, `first_name`, `owner_name`, `owner_first_name`,
//! `org`, `engagement`, `reason` (a sentence ending in a full stop), `alternative`,
//! `door` (`open`, `closed`, or none where the move has no door), `went_well`, and the
//! facts, each none (or empty) when the data holds nothing for it:
//! - `help`: what they gave the owner, best first (weight, then date, then id), at most
//!   three phrases; `thanks`: the first one or two of them joined by "and";
//! - `gave`: what the owner gave them, the same way;
//! - `my_ask`: the owner's latest open ask of them ("an introduction to Dana Reyes");
//! - `their_asks`: how many of their asks of the owner are open ("two open requests");
//! - `known_since` ("since March 2019") and `known_for` ("more than six years"), from
//!   the first interaction;
//! - `last_contact` ("our call in May 2026"), `talks` ("three meetings and two calls"),
//!   `last_meeting` ("our meeting “Roadmap” in May 2026").
//!
//! Every template may `{% import "parts.j2" as parts %}` for the shared parts
//! ([`Templates::PARTS`]): `greeting()`, `signoff()`, `and_list(items)`, `door_line()`,
//! `alternative_line()`, `feedback_questions()` and `reference_ask()`.

mod eml;
mod grounding;
mod render;
mod templates;
#[cfg(test)]
mod tests;

pub use grounding::Grounding;
pub use render::Envelope;
pub use templates::Templates;

use crate::names::named_enum;
use crate::{Channel, Door, Stage, Tier};
use jiff::Timestamp;
use serde::Serialize;
use thiserror::Error;

named_enum!(
    /// What a draft is for: a move of the playbook, or a step of client offboarding.
    DraftMove, "draft move" {
        /// Reach out to a tie that drifted, and suggest meeting.
        Reconnect = "reconnect",
        /// Ask them for a specific favor.
        AskFavor = "ask_favor",
        /// Say honestly that the relationship must go both ways.
        ReciprocityTalk = "reciprocity_talk",
        /// Lower the cadence and say where the owner is heading.
        Reduce = "reduce",
        /// Offer mentoring instead of an ending.
        Mentor = "mentor",
        /// Step back quietly and politely.
        Distance = "distance",
        /// Point them to a better resource or person.
        OfferAlternative = "offer_alternative",
        /// End gracefully.
        Farewell = "farewell",
        /// One last light note, then stop chasing.
        Pause = "pause",
        /// Thank a client for an engagement, ask for feedback (and a reference if it went well).
        ClientThanks = "client_thanks",
        /// Ask a client for feedback.
        FeedbackRequest = "feedback_request",
        /// Ask for a reference.
        ReferenceRequest = "reference_request",
        /// A light touch after an ending or at a reduced cadence.
        CheckIn = "check_in",
    }
);

impl DraftMove {
    /// The door a draft for this move has when the request gives none: open for the
    /// moves that step back or end, closed for distancing, none for the others.
    pub fn default_door(self) -> Option<Door> {
        match self {
            DraftMove::Distance => Some(Door::Closed),
            DraftMove::Reduce
            | DraftMove::Mentor
            | DraftMove::OfferAlternative
            | DraftMove::Farewell
            | DraftMove::Pause
            | DraftMove::ClientThanks => Some(Door::Open),
            DraftMove::Reconnect
            | DraftMove::AskFavor
            | DraftMove::ReciprocityTalk
            | DraftMove::FeedbackRequest
            | DraftMove::ReferenceRequest
            | DraftMove::CheckIn => None,
        }
    }

    /// The stage change a draft for this move goes with: a farewell, once sent, lets the
    /// tie end (`kith end`); reducing, mentoring and distancing are said in the draft
    /// that accompanies them. The other moves change no stage.
    pub fn enables(self) -> Option<Stage> {
        match self {
            DraftMove::Farewell => Some(Stage::Ended),
            DraftMove::Reduce => Some(Stage::Reduced),
            DraftMove::Mentor => Some(Stage::Mentoring),
            DraftMove::Distance => Some(Stage::Distanced),
            DraftMove::Reconnect
            | DraftMove::AskFavor
            | DraftMove::ReciprocityTalk
            | DraftMove::OfferAlternative
            | DraftMove::Pause
            | DraftMove::ClientThanks
            | DraftMove::FeedbackRequest
            | DraftMove::ReferenceRequest
            | DraftMove::CheckIn => None,
        }
    }
}

named_enum!(
    /// How a draft sounds.
    #[derive(Default)]
    Tone, "tone" {
        /// Kind and appreciative (the default).
        #[default]
        Warm = "warm",
        /// Plain about a sour ending: owns it and thanks them for the lessons.
        Frank = "frank",
        /// Gentle humour that eases tension, never at their expense.
        Light = "light",
    }
);

named_enum!(
    /// How the message is delivered.
    Manner, "manner" {
        /// A call or a meeting: the draft is talking points.
        Conversation = "conversation",
        /// An email.
        Email = "email",
    }
);

impl Manner {
    /// The manner the closeness calls for: a conversation for the inner and close
    /// tiers, an email for everyone else.
    pub fn for_tier(tier: Tier) -> Manner {
        match tier {
            Tier::Inner | Tier::Close => Manner::Conversation,
            Tier::Active | Tier::Network | Tier::Acquaintance => Manner::Email,
        }
    }

    /// How a draft of this manner is sent unless the owner says otherwise: an email by
    /// email, talking points in a call.
    pub fn sent_by(self) -> Channel {
        match self {
            Manner::Email => Channel::Email,
            Manner::Conversation => Channel::Call,
        }
    }
}

named_enum!(
    /// How a draft is written out.
    DraftFormat, "draft format" {
        /// Plain text.
        Text = "text",
        /// Markdown.
        Markdown = "markdown",
        /// An RFC 5322 message marked unsent, for a mail client to open as a draft.
        Eml = "eml",
    }
);

/// What the user wants drafted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRequest {
    /// The move.
    pub what: DraftMove,
    /// The tone.
    pub tone: Tone,
    /// Conversation or email.
    pub manner: Manner,
    /// Why, in the owner's words, e.g. "I am moving into climate tech".
    pub reason: Option<String>,
    /// Open or closed; `None` takes the move's own default ([`DraftMove::default_door`]).
    pub door: Option<Door>,
    /// A resource or person to point them to.
    pub alternative: Option<String>,
    /// Client offboarding: whether the engagement went well; only then does
    /// `client_thanks` ask for a reference.
    pub went_well: bool,
}

impl DraftRequest {
    /// Whether the draft asks for a reference: a reference request does, and a client's
    /// thanks does when the engagement went well.
    pub fn asks_reference(&self) -> bool {
        match self.what {
            DraftMove::ReferenceRequest => true,
            DraftMove::ClientThanks => self.went_well,
            _ => false,
        }
    }

    /// A request for `what` in `manner`, warm, with nothing else given.
    pub fn new(what: DraftMove, manner: Manner) -> Self {
        Self { what, tone: Tone::Warm, manner, reason: None, door: None, alternative: None, went_well: false }
    }
}

/// A composed draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Composed {
    /// The move.
    #[serde(rename = "move")]
    pub what: DraftMove,
    /// The tone.
    pub tone: Tone,
    /// The manner.
    pub manner: Manner,
    /// The person's display name.
    pub name: String,
    /// The subject line; also the title of talking points.
    pub subject: String,
    /// Plain text: an email body, or talking points one per line, each starting "- ".
    pub body: String,
    /// The facts the draft states, in words, in the order they appear.
    pub cited: Vec<String>,
    /// Whether it asks for a reference.
    pub asks_reference: bool,
}

/// Why a draft could not be composed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ComposeError {
    /// A template that does not parse or fails while rendering.
    #[error("the template {name} has an error: {detail}; fix it, or remove the file to use the shipped one")]
    Template {
        /// The template's file name, e.g. `farewell.j2`.
        name: String,
        /// What is wrong, with the line where it is known.
        detail: String,
    },
    /// A template whose output does not start with a `Subject:` line.
    #[error("the template {name} must print \"Subject: …\" as its first line")]
    MissingSubject {
        /// The template's file name.
        name: String,
    },
    /// A template that printed a subject and nothing else.
    #[error("the template {name} printed no message after its subject line")]
    EmptyBody {
        /// The template's file name.
        name: String,
    },
}

/// Composes the draft `request` asks for, from `templates`, grounded in `grounding`
/// as of `now`.
pub fn compose(
    templates: &Templates,
    request: &DraftRequest,
    grounding: &Grounding,
    now: Timestamp,
) -> Result<Composed, ComposeError> {
    let facts = grounding.facts(now);
    let vars = grounding::Vars::new(request, grounding, &facts);
    let name = Templates::file_name(request.what);
    let output = templates.render(request.what, &vars)?;
    let (subject, body) = render::split(&name, &output, request.manner)?;
    let cited = facts.cited_in(&format!("{subject}\n{body}"));
    Ok(Composed {
        what: request.what,
        tone: request.tone,
        manner: request.manner,
        name: grounding.display_name(),
        subject,
        body,
        cited,
        asks_reference: request.asks_reference(),
    })
}
