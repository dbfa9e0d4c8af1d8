//! What sentences of mail do, and the ask model behind it: reading one sentence,
//! training a model on labeled sentences and scoring the shipped one. No database.

use crate::{Error, Result};
use kith_core::ExchangeKind;
use kith_core::speech::{self, Act, Labeled, Scores};
use serde::{Deserialize, Serialize};

/// What one sentence does, the confidence to two decimals.
#[derive(Debug, Clone, Serialize)]
pub struct Classified {
    /// What it does.
    pub act: Act,
    /// The ledger kind it is about, if any.
    pub kind: Option<ExchangeKind>,
    /// For an introduction, whom it is to, when the sentence names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How sure the reading is, from 0 to 1, to two decimals.
    pub confidence: f64,
}

/// Reads one sentence with the shipped model and the word rules.
pub fn classify(sentence: &str) -> Classified {
    let reading = speech::classify(sentence);
    Classified {
        act: reading.act,
        kind: reading.kind,
        note: reading.note,
        confidence: (reading.confidence * 100.0).round() / 100.0,
    }
}

/// Reads sentences labeled as asks or not (Parakweet's tab-separated form) from `data`;
/// `name` names it in errors. Both labels must be present.
pub fn read_labeled(name: &str, data: &[u8]) -> Result<Vec<Labeled>> {
    let text = String::from_utf8_lossy(data);
    let examples =
        speech::read_tsv(&text).map_err(|e| Error::Invalid(format!("{name}:{}: {}", e.line, e.why)))?;
    if examples.iter().all(|e| e.ask) || examples.iter().all(|e| !e.ask) {
        return Err(Error::Invalid(format!("{name}: needs sentences labeled Yes and sentences labeled No")));
    }
    Ok(examples)
}

/// How a model did on the held-out part of labeled sentences.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TextReport {
    /// The labeled sentences' name.
    pub data: String,
    /// The seed of the split into training and held-out parts.
    pub seed: u64,
    /// Sentences in the training part.
    pub trained_on: usize,
    /// Sentences in the held-out part.
    pub held_out: usize,
    /// Where the model trained was written, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written_to: Option<String>,
    /// Whether the model trained is the shipped one, byte for byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as_shipped: Option<bool>,
    /// The ask model's figures.
    pub scores: Scores,
    /// The figures of the whole reading ([`classify`]: the shipped model and the word
    /// rules), an ask being a request or an offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<Scores>,
}

/// A model trained, and how it did.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model, as kith reads it back (`intent.model`).
    pub model: Vec<u8>,
    /// How it did on the held-out part.
    pub report: TextReport,
}

/// Trains an ask model on the training part of the labeled sentences in `data` (split
/// by `seed`) and scores it on the held-out part.
pub fn train(name: &str, data: &[u8], seed: u64) -> Result<Trained> {
    let examples = read_labeled(name, data)?;
    let (train, held_out) = speech::split(&examples, seed);
    let model = speech::train(&train);
    let bytes = model.to_bytes();
    let report = TextReport {
        data: name.to_owned(),
        seed,
        trained_on: train.len(),
        held_out: held_out.len(),
        written_to: None,
        same_as_shipped: Some(bytes == speech::SHIPPED_MODEL),
        scores: speech::evaluate(&model, &held_out),
        reading: None,
    };
    Ok(Trained { model: bytes, report })
}

/// Scores the shipped model, and the whole reading, on the held-out part of the labeled
/// sentences in `data` (split by `seed`).
pub fn evaluate(name: &str, data: &[u8], seed: u64) -> Result<TextReport> {
    let examples = read_labeled(name, data)?;
    let (train, held_out) = speech::split(&examples, seed);
    Ok(TextReport {
        data: name.to_owned(),
        seed,
        trained_on: train.len(),
        held_out: held_out.len(),
        written_to: None,
        same_as_shipped: None,
        scores: speech::evaluate(speech::shipped_model(), &held_out),
        reading: Some(speech::evaluate_reading(&held_out)),
    })
}
