//! From a template's output to a draft, and from a draft to text, Markdown or `.eml`.

use super::{ComposeError, Composed, DraftFormat, Manner};
use jiff::Timestamp;

/// The headers of an `.eml` draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The owner: display name, if known, and address.
    pub from: Option<(Option<String>, String)>,
    /// The person: display name and address.
    pub to: Option<(String, String)>,
    /// The draft's date.
    pub date: Timestamp,
    /// The Message-ID without angle brackets, e.g. `d_abc@kith.invalid`.
    pub message_id: String,
}

/// Splits a template's output into its subject and its body, tidied for `manner`
/// (see the module documentation for the convention).
pub(super) fn split(name: &str, output: &str, manner: Manner) -> Result<(String, String), ComposeError> {
    let mut lines = output.lines().map(tidy).skip_while(|l| l.is_empty());
    let subject = lines
        .next()
        .and_then(|first| first.strip_prefix("Subject:").map(|s| s.trim().to_owned()))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ComposeError::MissingSubject { name: name.to_owned() })?;
    let mut body: Vec<String> = Vec::new();
    for line in lines {
        match manner {
            Manner::Conversation if line.is_empty() => {}
            Manner::Conversation if line.starts_with("- ") => body.push(line),
            Manner::Conversation => body.push(format!("- {}", line.trim_start_matches('-').trim_start())),
            Manner::Email if line.is_empty() && body.last().is_none_or(String::is_empty) => {}
            Manner::Email => body.push(line),
        }
    }
    while body.last().is_some_and(String::is_empty) {
        body.pop();
    }
    if body.is_empty() {
        return Err(ComposeError::EmptyBody { name: name.to_owned() });
    }
    Ok((subject, body.join("\n")))
}

/// A line trimmed, its runs of spaces and tabs made single spaces.
fn tidy(line: &str) -> String {
    line.split([' ', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

impl Composed {
    /// The draft written as `format`; `envelope` gives the headers of an `.eml`.
    pub fn render(&self, format: DraftFormat, envelope: &Envelope) -> String {
        match (format, self.manner) {
            (DraftFormat::Text, Manner::Email) => format!("Subject: {}\n\n{}\n", self.subject, self.body),
            (DraftFormat::Text, Manner::Conversation) => format!("{}\n\n{}\n", self.title(), self.body),
            (DraftFormat::Markdown, Manner::Email) => {
                format!("**Subject:** {}\n\n{}\n", self.subject, self.body)
            }
            (DraftFormat::Markdown, Manner::Conversation) => format!("# {}\n\n{}\n", self.title(), self.body),
            (DraftFormat::Eml, _) => super::eml::message(self, envelope),
        }
    }

    /// The title of talking points.
    fn title(&self) -> String {
        format!("Talking points for a call or meeting with {}: {}", self.name, self.subject)
    }
}
