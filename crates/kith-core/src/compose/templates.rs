//! The shipped templates, the user's overrides, and rendering them.

use super::{ComposeError, DraftMove};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

/// The name under which templates import the shared parts.
const PARTS_NAME: &str = "parts.j2";

/// The shipped templates plus the user's overrides, parsed and ready to render.
#[derive(Clone, Debug)]
pub struct Templates {
    overrides: BTreeMap<DraftMove, String>,
    env: Environment<'static>,
}

impl Templates {
    /// The shared macros every template may import as `parts.j2`: greeting, sign-off,
    /// a list joined with "and", the door, the alternative, feedback questions and the
    /// reference ask.
    pub const PARTS: &'static str = include_str!("templates/parts.j2");

    /// The templates kith ships, one per move.
    pub fn shipped() -> Templates {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.add_template(PARTS_NAME, Self::PARTS).expect("the shipped parts parse");
        for &what in DraftMove::ALL {
            env.add_template_owned(Self::file_name(what), shipped(what))
                .expect("the shipped templates parse");
        }
        Templates { overrides: BTreeMap::new(), env }
    }

    /// These templates with the user's `source` in place of the shipped one for `what`.
    /// A template that does not parse is refused with its file name and the problem.
    pub fn with_override(mut self, what: DraftMove, source: String) -> Result<Templates, ComposeError> {
        let name = Self::file_name(what);
        self.env
            .add_template_owned(name.clone(), source.clone())
            .map_err(|e| ComposeError::Template { name, detail: e.to_string() })?;
        self.overrides.insert(what, source);
        Ok(self)
    }

    /// The text of the template in use for `what`.
    pub fn source(&self, what: DraftMove) -> &str {
        self.overrides.get(&what).map_or_else(|| shipped(what), String::as_str)
    }

    /// Whether the user's text replaces the shipped template for `what`.
    pub fn is_overridden(&self, what: DraftMove) -> bool {
        self.overrides.contains_key(&what)
    }

    /// The file name a template for `what` has, shipped or the user's: `farewell.j2`.
    pub fn file_name(what: DraftMove) -> String {
        format!("{what}.j2")
    }

    /// The template for `what`, rendered with `vars`.
    pub(super) fn render(&self, what: DraftMove, vars: &impl Serialize) -> Result<String, ComposeError> {
        let name = Self::file_name(what);
        let rendered = self.env.get_template(&name).and_then(|t| t.render(vars));
        rendered.map_err(|e| ComposeError::Template { name, detail: e.to_string() })
    }
}

/// The shipped text of the template for `what`.
fn shipped(what: DraftMove) -> &'static str {
    match what {
        DraftMove::Reconnect => include_str!("templates/reconnect.j2"),
        DraftMove::AskFavor => include_str!("templates/ask_favor.j2"),
        DraftMove::ReciprocityTalk => include_str!("templates/reciprocity_talk.j2"),
        DraftMove::Reduce => include_str!("templates/reduce.j2"),
        DraftMove::Mentor => include_str!("templates/mentor.j2"),
        DraftMove::Distance => include_str!("templates/distance.j2"),
        DraftMove::OfferAlternative => include_str!("templates/offer_alternative.j2"),
        DraftMove::Farewell => include_str!("templates/farewell.j2"),
        DraftMove::Pause => include_str!("templates/pause.j2"),
        DraftMove::ClientThanks => include_str!("templates/client_thanks.j2"),
        DraftMove::FeedbackRequest => include_str!("templates/feedback_request.j2"),
        DraftMove::ReferenceRequest => include_str!("templates/reference_request.j2"),
        DraftMove::CheckIn => include_str!("templates/check_in.j2"),
    }
}
