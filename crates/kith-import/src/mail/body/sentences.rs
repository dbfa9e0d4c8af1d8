//! The writer's words cut into sentences.

/// Sentences longer than this, in characters, are not ones a person asks or thanks
/// with: a table, a pasted log, or text whose writer never ended a sentence. In the
/// labeled sentences the ask model learns from, 99% of the asks are at most 234
/// characters long. [`sentences`] still returns longer ones, whole; the caller decides
/// (the favor finder skips them).
pub const SENTENCE_CHARS: usize = 250;

/// Abbreviations after which a full stop does not end a sentence (lower case, without
/// the final stop). Those with inner stops (`e.g`, `a.m`) are recognized by shape.
const ABBREVIATIONS: [&str; 20] = [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "etc", "vs", "approx", "no", "nos", "fig", "cf", "ca",
    "incl", "dept", "est", "tel",
];

/// First words of a greeting line (lower case).
const GREETINGS: [&str; 14] = [
    "hi",
    "hello",
    "hey",
    "dear",
    "greetings",
    "morning",
    "good",
    "hiya",
    "howdy",
    "bonjour",
    "salut",
    "hallo",
    "hola",
    "ciao",
];

/// The sentences of `text` (the writer's words, from [`super::own_words`]), in order.
///
/// The lines of a paragraph, hard-wrapped by the writer's client, are joined with a
/// space; a blank line, a line of punctuation only (a rule), a bullet (`-`, `*`, `•`,
/// `1.`, `2)`) and a greeting line ("Hi Sam,", itself a sentence) end a sentence. Within
/// a paragraph a sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
/// followed by whitespace, unless the next word starts in lower case, or the stop ends
/// an abbreviation (Mr., Dr., etc., vs., e.g., i.e., a.m., p.m.) or an initial ("J.
/// Smith"). Numbers (3.5), links and addresses hold no whitespace, so they are never
/// cut. Each sentence has its whitespace collapsed to single spaces and is trimmed;
/// empty ones are left out. Sentences longer than [`SENTENCE_CHARS`] are returned too.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.chars().any(char::is_alphanumeric) {
            split(&mut paragraph, &mut out);
        } else if let Some(item) = bullet(line) {
            split(&mut paragraph, &mut out);
            paragraph.push_str(item);
        } else if is_greeting(line) {
            split(&mut paragraph, &mut out);
            paragraph.push_str(line);
            split(&mut paragraph, &mut out);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line);
        }
    }
    split(&mut paragraph, &mut out);
    out
}

/// The text of a bullet line without its bullet, if it is one.
fn bullet(line: &str) -> Option<&str> {
    if !matches!(line.as_bytes().first(), Some(b'-' | b'*' | b'+' | b'0'..=b'9' | 0xc2 | 0xe2)) {
        return None;
    }
    for mark in ["- ", "* ", "• ", "· ", "– ", "+ "] {
        if let Some(rest) = line.strip_prefix(mark) {
            return Some(rest);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(item);
        }
    }
    None
}

/// Whether a line is a greeting ("Hi Sam,", "Dear Ms. Lee,", "Hello all!").
fn is_greeting(line: &str) -> bool {
    if !line.ends_with([',', '!', ':']) || line.split_whitespace().count() > 6 {
        return false;
    }
    let first = line.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_lowercase();
    GREETINGS.contains(&first.as_str())
}

/// Cuts `paragraph` into sentences onto `out`, and empties it.
fn split(paragraph: &mut String, out: &mut Vec<String>) {
    let text = paragraph.as_str();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut from = 0;
    // Stops are searched for as bytes (`…` starts with 0xe2, as do other characters,
    // which are passed over), the rest of the text read only around them.
    let mut ellipsis = memchr::memchr(0xe2, bytes);
    loop {
        let stop_at = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map(|offset| from + offset);
        if ellipsis.is_some_and(|e| e < from) {
            ellipsis = memchr::memchr(0xe2, &bytes[from..]).map(|offset| from + offset);
        }
        let at = match (stop_at, ellipsis) {
            (Some(stop), Some(e)) => stop.min(e),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        let Some(stop) = text[at..].chars().next() else { break };
        from = at + stop.len_utf8();
        if !matches!(stop, '.' | '!' | '?' | '…') {
            continue;
        }
        // The whole run of stops and closing marks: "?!", "...", ".)" or `."`.
        let mut end = from;
        let mut stops = 1;
        for next in text[from..].chars() {
            if matches!(next, '.' | '!' | '?' | '…') {
                stops += 1;
            } else if !matches!(next, '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
                break;
            }
            end += next.len_utf8();
        }
        from = end;
        let rest = &text[end..];
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        if rest.trim_start().starts_with(char::is_lowercase) {
            continue;
        }
        if stop == '.' && stops == 1 && is_abbreviation(&text[start..at]) {
            continue;
        }
        push(&text[start..end], out);
        start = end;
    }
    push(&text[start..], out);
    paragraph.clear();
}

/// Whether the last word of `before` (the text before a full stop) is an abbreviation or
/// an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut letters = word.chars();
    if letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none() {
        return true; // an initial: "J. Smith"
    }
    if word.contains('.') {
        // "e.g", "i.e", "a.m", "U.S": letters in groups of one or two between stops.
        return word
            .split('.')
            .all(|part| (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic));
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Adds `sentence`, its whitespace collapsed, unless it is empty.
fn push(sentence: &str, out: &mut Vec<String>) {
    let sentence = sentence.trim();
    if sentence.is_empty() {
        return;
    }
    // Most sentences hold single spaces only: copied as they are. (Lines are joined with
    // a space, so there is no line break in a paragraph.)
    let bytes = sentence.as_bytes();
    let single = bytes.is_ascii()
        && memchr::memchr3(b'\t', 0x0b, 0x0c, bytes).is_none()
        && memchr::memmem::find(bytes, b"  ").is_none()
        && !bytes.contains(&b'\r');
    if single {
        out.push(sentence.to_owned());
        return;
    }
    let mut words = sentence.split_whitespace();
    let mut collapsed = String::with_capacity(sentence.len());
    collapsed.push_str(words.next().unwrap_or_default());
    for word in words {
        collapsed.push(' ');
        collapsed.push_str(word);
    }
    out.push(collapsed);
}

#[cfg(test)]
mod tests {
    use super::sentences;

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(sentences(text), expected, "sentences of {text:?}");
    }

    #[test]
    fn wrapped_lines_are_joined() {
        check(
            "Could you put me in touch with\nthe hiring lead at your firm? I would\nbe grateful.\n",
            &["Could you put me in touch with the hiring lead at your firm?", "I would be grateful."],
        );
    }

    #[test]
    fn blank_lines_bullets_and_greetings_end_sentences() {
        check(
            "Hi Sam,\nthe plan for Friday\n\nWhat we need\n- a room\n- two chairs and\n  a table\n1. first step\n2) second step\n",
            &[
                "Hi Sam,",
                "the plan for Friday",
                "What we need",
                "a room",
                "two chairs and a table",
                "first step",
                "second step",
            ],
        );
        check("Dear Ms. Lee,\nThank you for the call.", &["Dear Ms. Lee,", "Thank you for the call."]);
    }

    #[test]
    fn stops_end_sentences() {
        check(
            "It works! Did it? Yes.  Great...  Now go.",
            &["It works!", "Did it?", "Yes.", "Great...", "Now go."],
        );
        check("He said \"done.\" Then left.", &["He said \"done.\"", "Then left."]);
        check("(Like this.) And this.", &["(Like this.)", "And this."]);
    }

    #[test]
    fn abbreviations_numbers_and_addresses_do_not() {
        check("Mr. Park and Dr. Obi met at 3 p.m. Monday.", &["Mr. Park and Dr. Obi met at 3 p.m. Monday."]);
        check(
            "Bring fruit, e.g. Apples, etc. Also i.e. Pears.",
            &["Bring fruit, e.g. Apples, etc. Also i.e. Pears."],
        );
        check("Ask J. Smith. He knows.", &["Ask J. Smith.", "He knows."]);
        check(
            "The rate is 3.5 now. See https://example.org/a.b?x=1 today.",
            &["The rate is 3.5 now.", "See https://example.org/a.b?x=1 today."],
        );
        check("Mail ana.ruiz@example.org. She replies.", &["Mail ana.ruiz@example.org.", "She replies."]);
        check("Ours vs. Theirs.", &["Ours vs. Theirs."]);
    }

    #[test]
    fn a_lower_case_word_after_a_stop_continues() {
        check("Approx. ten people. okay then", &["Approx. ten people. okay then"]);
    }

    #[test]
    fn whitespace_is_collapsed_and_empty_sentences_dropped() {
        check("  one\t two   three.  \n\n\n ---- \n\n", &["one two three."]);
        check("", &[]);
        check("\n \n", &[]);
    }
}
