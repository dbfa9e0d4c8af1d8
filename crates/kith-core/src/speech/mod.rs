//! Placeholder until the classifier lands.
use crate::ExchangeKind;
use crate::names::named_enum;
use serde::Serialize;

named_enum!(
    /// What a sentence does.
    Act, "speech act" {
        /// Asks.
        Request = "request",
        /// Offers.
        Offer = "offer",
        /// Delivers.
        Delivery = "delivery",
        /// Thanks.
        Thanks = "thanks",
        /// Nothing.
        None = "none",
    }
);

/// A sentence's reading.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// The act.
    pub act: Act,
    /// The kind.
    pub kind: Option<ExchangeKind>,
    /// A note.
    pub note: Option<String>,
    /// Confidence.
    pub confidence: f64,
}

/// Classifies a sentence.
pub fn classify(sentence: &str) -> Reading {
    let s = sentence.to_lowercase();
    let (act, kind) = if s.contains("could you introduce") || s.contains("can you introduce") {
        (Act::Request, Some(ExchangeKind::Introduction))
    } else if s.starts_with("could you") || s.starts_with("would you") {
        (Act::Request, Some(ExchangeKind::Favor))
    } else if s.contains("thanks so much for the introduction")
        || s.contains("thank you so much for the introduction")
    {
        (Act::Thanks, Some(ExchangeKind::Introduction))
    } else if s.starts_with("thanks so much for") || s.starts_with("thank you for") {
        (Act::Thanks, Some(ExchangeKind::Favor))
    } else if s.starts_with("i've introduced you") {
        (Act::Delivery, Some(ExchangeKind::Introduction))
    } else {
        (Act::None, None)
    };
    Reading { act, kind, note: None, confidence: if act == Act::None { 0.9 } else { 0.8 } }
}
