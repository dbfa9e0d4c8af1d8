//! The favors a message's text speaks of: its writer's own sentences (quotes, forwarded
//! parts, signatures and footers left out), each classified, those that ask, offer, do
//! or thank for something kept.

use super::body::{SENTENCE_CHARS, own_words, sentences, written_text};
use kith_core::FoundFavor;
use kith_core::speech::{Act, classify};

/// The most of one message read for its text: the text part comes before attachments in
/// nearly every message, and what lies past this is an attachment's.
pub const TEXT_READ_BYTES: u64 = 1 << 20;

/// The favors in one message (its raw bytes, headers included), each with its sentence
/// unless `keep_evidence` is off. The text is read, judged and dropped: only what is
/// returned outlives the call.
pub fn favors_in(message: &[u8], keep_evidence: bool) -> Vec<FoundFavor> {
    let Some(text) = written_text(message) else { return Vec::new() };
    let own = own_words(&text);
    let mut found = Vec::new();
    for (n, sentence) in sentences(&own).into_iter().enumerate() {
        if sentence.chars().nth(SENTENCE_CHARS).is_some() {
            continue;
        }
        let reading = classify(&sentence);
        let (Some(kind), false) = (reading.kind, reading.act == Act::None) else { continue };
        found.push(FoundFavor {
            sentence: u32::try_from(n).unwrap_or(u32::MAX),
            act: reading.act,
            kind,
            note: reading.note,
            // Four places say all a confidence can, and read back from an export the same.
            confidence: (reading.confidence * 1e4).round() / 1e4,
            evidence: keep_evidence.then(|| sentence.to_string()),
        });
    }
    found
}
