//! Words of a sentence, lower-cased and hashed as they are scanned: no allocation per word.

/// The most words of a sentence the rules look at; the model reads every word.
pub(crate) const MAX_TOKENS: usize = 96;

/// One word: its hash (of its lower-cased bytes) and where it stands in the sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Token {
    /// FNV-1a of the lower-cased word, curly apostrophes read as `'`.
    pub hash: u64,
    /// Byte offset of its first byte.
    pub start: u32,
    /// Byte offset just past its last byte.
    pub end: u32,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The hash of a word as [`scan`] computes it (for word lists written in the source).
pub(crate) fn word_hash(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for b in word.bytes() {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Calls `each` with every word of `text`, in order, and returns whether the text holds
/// a question mark. A word is a run of ASCII letters, digits and apostrophes, or of
/// non-ASCII characters (other than typographic quotes and dashes).
pub(crate) fn scan(text: &str, mut each: impl FnMut(Token)) -> bool {
    let bytes = text.as_bytes();
    let mut question = false;
    let mut i = 0;
    let mut h = FNV_OFFSET;
    let mut start: Option<usize> = None;
    while i < bytes.len() {
        let b = bytes[i];
        // U+2018/U+2019 (E2 80 98/99) are apostrophes; other E2 80 xx are punctuation.
        let (kind, width) = if b == 0xE2 && bytes.get(i + 1) == Some(&0x80) && i + 2 < bytes.len() {
            match bytes[i + 2] {
                0x98 | 0x99 => (Some(b'\''), 3),
                _ => (None, 3),
            }
        } else if b.is_ascii_alphanumeric() || b == b'\'' {
            (Some(b.to_ascii_lowercase()), 1)
        } else if b >= 0x80 {
            (Some(b), 1)
        } else {
            if b == b'?' {
                question = true;
            }
            (None, 1)
        };
        match kind {
            Some(c) => {
                if start.is_none() {
                    start = Some(i);
                    h = FNV_OFFSET;
                }
                h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
            }
            None => {
                if let Some(s) = start.take() {
                    each(Token { hash: h, start: s as u32, end: i as u32 });
                }
            }
        }
        i += width;
    }
    if let Some(s) = start {
        each(Token { hash: h, start: s as u32, end: bytes.len() as u32 });
    }
    question
}

/// The first [`MAX_TOKENS`] words of a sentence, on the stack.
pub(crate) struct Tokens {
    items: [Token; MAX_TOKENS],
    len: usize,
    /// Whether the sentence holds a question mark.
    pub question: bool,
}

impl Tokens {
    /// Scans `text`.
    pub fn of(text: &str) -> Self {
        let mut tokens = Tokens { items: [Token::default(); MAX_TOKENS], len: 0, question: false };
        tokens.question = scan(text, |t| {
            if tokens.len < MAX_TOKENS {
                tokens.items[tokens.len] = t;
                tokens.len += 1;
            }
        });
        tokens
    }

    /// The words.
    pub fn as_slice(&self) -> &[Token] {
        &self.items[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, |t| out.push(text[t.start as usize..t.end as usize].to_owned()));
        out
    }

    #[test]
    fn words_are_split_on_punctuation_and_hashed_lower_cased() {
        assert_eq!(words("Could you, perhaps, look?"), ["Could", "you", "perhaps", "look"]);
        assert_eq!(words("I’ll send it—today"), ["I’ll", "send", "it", "today"]);
        let mut hashes = Vec::new();
        scan("I’LL", |t| hashes.push(t.hash));
        assert_eq!(hashes, [word_hash("i'll")]);
        assert!(scan("why?", |_| {}));
        assert!(!scan("why.", |_| {}));
    }
}
