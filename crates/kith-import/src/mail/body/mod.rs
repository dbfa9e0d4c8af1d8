//! Message bodies, for finding favors asked and given, read only with the user's
//! consent: from one message's bytes to the text its writer wrote ([`written_text`]),
//! that text without quotes, earlier messages, signatures and legal footers
//! ([`own_words`]), and its sentences ([`sentences`]).
//!
//! Nothing here is kept: the caller reads what it needs from the sentences and lets the
//! text go (the mail log stores headers only).

mod sentences;
mod text;
mod zones;

pub use sentences::{SENTENCE_CHARS, sentences};
pub use text::{TEXT_BYTES, written_text};
pub use zones::own_words;
