//! Placeholder until the body reader lands.

/// The text.
pub fn written_text(message: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(message);
    let at = text.find("\n\n").or_else(|| text.find("\r\n\r\n"))?;
    Some(text[at..].trim().to_owned())
}

/// The writer's words.
pub fn own_words(text: &str) -> String {
    text.lines().take_while(|l| !l.starts_with('>') && !l.starts_with("On ")).collect::<Vec<_>>().join("\n")
}

/// Sentences.
pub fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
