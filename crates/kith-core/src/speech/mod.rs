//! What a sentence of a mail does: asks (a request or an offer), delivers, thanks, or
//! none of these, and which ledger kind it is about.
//!
//! Two parts decide. The ask model ([`Model`], logistic regression over hashed word
//! features, each counted once, trained on Parakweet's labeled mail sentences and shipped as
//! `intent.model`) decides whether a sentence is an ask. Word rules, small lists
//! of phrases in `rules.rs`, decide the rest: thanks for something received (not a
//! sign-off, not thanks for the message itself, and "thanks in advance" is a request),
//! a delivery made in this message, request against offer inside an ask, the ledger
//! kind and the name an introduction is to. One rule also overrides the model: a
//! first-person commitment to the reader about a ledger kind ("I'll send you the
//! report") is an offer even when the model reads no ask.
//!
//! [`classify`] costs under a microsecond for a sentence of 15 to 25 words in a release
//! build (0.91 µs, the ask model alone 0.58 µs: `cargo bench -p kith-core --bench
//! speech`); words are hashed as they are scanned, a sentence's feature indices are
//! sorted on the stack (to count each once), and only a note allocates.

mod model;
mod rules;
mod tokens;

pub use model::{
    DEFAULT_SEED, FeatureSet, HELD_OUT_PERCENT, Labeled, Loss, Model, ModelError, Scores, TrainOptions,
    TsvError, cross_validate, cross_validated_scores, evaluate, evaluate_reading, feature_indices, read_tsv,
    scores_at, split, train, train_with,
};

use crate::ExchangeKind;
use crate::names::named_enum;
use rules::{Cues, Thanking};
use serde::Serialize;
use std::sync::LazyLock;
use tokens::Tokens;

named_enum!(
    /// What a sentence does.
    Act, "speech act" {
        /// The writer asks the reader to do something.
        Request = "request",
        /// The writer offers, or commits, to do something.
        Offer = "offer",
        /// The writer does it in this message (attaches, introduces, shares).
        Delivery = "delivery",
        /// The writer thanks the reader for something received.
        Thanks = "thanks",
        /// None of these.
        None = "none",
    }
);

/// How a sentence was read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// What it does.
    pub act: Act,
    /// The ledger kind it is about; `None` when the act is none.
    pub kind: Option<ExchangeKind>,
    /// For an introduction, whom it is to ("to Priya"), when the sentence names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How sure the reading is, between 0 and 1. For request, offer and none it is the
    /// ask model's probability of what was decided (that the sentence is an ask, or
    /// that it is not); the model is trained on the logistic loss, so it is roughly
    /// calibrated on mail like Parakweet's. Delivery and thanks, and asks the rules
    /// decide ("thanks in advance"), and offers the model missed but the rules find in
    /// so many words ("I'll send you the report"), are decided by word rules, which
    /// carry no measured probability: they get [`RULE_CONFIDENCE`] (a request after
    /// "thanks in advance" gets the model's probability when that is higher).
    pub confidence: f64,
}

/// The confidence given to a reading decided by the word rules alone.
pub const RULE_CONFIDENCE: f64 = 0.8;

/// The shipped model file.
pub const SHIPPED_MODEL: &[u8] = include_bytes!("intent.model");

static SHIPPED: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(SHIPPED_MODEL).expect("the shipped ask model is well formed"));

/// The ask model kith ships (`speech/intent.model`), read once.
pub fn shipped_model() -> &'static Model {
    &SHIPPED
}

/// Reads one sentence with the shipped model.
pub fn classify(sentence: &str) -> Reading {
    classify_with(&SHIPPED, sentence)
}

/// Reads one sentence with the given ask model.
pub fn classify_with(model: &Model, sentence: &str) -> Reading {
    let tokens = Tokens::of(sentence);
    let words = tokens.as_slice();
    let cues = Cues::of(words);
    let (kind, intro_end) = rules::kind(sentence, words);
    let p = model.probability(sentence);
    let (act, confidence) = match rules::thanking(words, &cues, kind) {
        Thanking::Request => (Act::Request, RULE_CONFIDENCE.max(p)),
        Thanking::Thanks => (Act::Thanks, RULE_CONFIDENCE),
        Thanking::Courtesy => (Act::None, RULE_CONFIDENCE),
        Thanking::NotThanks if rules::delivers(sentence, words, &cues, tokens.question) => {
            (Act::Delivery, RULE_CONFIDENCE)
        }
        Thanking::NotThanks if p >= 0.5 => (if rules::offers(&cues) { Act::Offer } else { Act::Request }, p),
        Thanking::NotThanks if !tokens.question && rules::commits(words, &cues, kind) => {
            (Act::Offer, RULE_CONFIDENCE)
        }
        Thanking::NotThanks => (Act::None, 1.0 - p),
    };
    if act == Act::None {
        return Reading { act, kind: None, note: None, confidence };
    }
    let kind = kind.or(Some(ExchangeKind::Favor));
    let note = match (kind, intro_end) {
        (Some(ExchangeKind::Introduction), Some(end)) => rules::introduced_to(sentence, words, end),
        _ => None,
    };
    Reading { act, kind, note, confidence }
}

#[cfg(test)]
mod tests;
