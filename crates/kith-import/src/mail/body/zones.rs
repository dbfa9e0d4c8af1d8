//! What the writer wrote in this message, and what came from elsewhere: quoted lines,
//! the earlier message after a reply or forward header, the signature, the legal footer.
//!
//! Everything is decided line by line on the text as the mail client left it. The first
//! line that opens something not the writer's (a reply header, a forward, a signature
//! rule, a mobile client's line, a legal footer) ends the writer's words; before it,
//! quoted lines are blanked, and a sign-off followed only by name and contact lines is
//! cut off with them.

/// What a reply header begins and ends with, by language: "On <date>, <name> wrote:",
/// "Le <date>, <name> a écrit :", "Am <date> schrieb <name>:", "El <date>, <name>
/// escribió:", "Op <date> schreef <name>:", "Il <date> <name> ha scritto:", "Em <date>
/// <name> escreveu:". The middle must hold a digit (of the date).
const ATTRIBUTIONS: [(&str, &str); 9] = [
    ("On ", "wrote:"),
    ("On ", "writes:"),
    ("Le ", "a écrit :"),
    ("Le ", "a écrit:"),
    ("Am ", ":"),
    ("El ", "escribió:"),
    ("Op ", ":"),
    ("Il ", "ha scritto:"),
    ("Em ", "escreveu:"),
];

/// How a line introducing a quote ends, when it is not a full reply header ("Ana Ruiz
/// <ana@example.org> wrote:"): such a line is dropped with the quote it introduces.
const QUOTE_INTRODUCTIONS: [&str; 6] =
    ["wrote:", "writes:", "a écrit :", "a écrit:", "schrieb:", "escribió:"];

/// Words that must appear in the German and Dutch headers, whose end is a bare colon.
const ATTRIBUTION_VERBS: [(&str, &str); 2] = [("Am ", "schrieb"), ("Op ", "schreef")];

/// The words between dashes of a separator line opening a quoted or forwarded message
/// ("-----Original Message-----", "---------- Forwarded message ---------"), lower case.
const SEPARATORS: [&str; 12] = [
    "original message",
    "forwarded message",
    "forwarded message follows",
    "ursprüngliche nachricht",
    "weitergeleitete nachricht",
    "message d'origine",
    "message transféré",
    "mensaje original",
    "mensaje reenviado",
    "messaggio originale",
    "oorspronkelijk bericht",
    "doorgestuurd bericht",
];

/// How lines written by mail clients begin (lower case): forwards, and mobile clients'
/// signatures.
const CLIENT_LINES: [&str; 16] = [
    "begin forwarded message",
    "sent from my ",
    "sent from outlook",
    "sent from mail for ",
    "sent from yahoo mail",
    "sent from samsung",
    "sent via ",
    "get outlook for ",
    "envoyé de mon ",
    "envoyé depuis mon ",
    "von meinem ",
    "gesendet von meinem ",
    "enviado desde mi ",
    "enviado do meu ",
    "verzonden vanaf mijn ",
    "verstuurd vanaf mijn ",
];

/// How a legal footer's paragraph begins (lower case), whatever follows (but a letter:
/// "Disclaimers aside" is a sentence).
const FOOTERS: [&str; 7] = [
    "confidentiality notice",
    "confidentiality note",
    "confidential notice",
    "disclaimer",
    "legal disclaimer",
    "privileged and confidential",
    "privileged/confidential",
];

/// How a legal footer's paragraph may begin when it speaks of confidentiality or its
/// recipient within its first lines (lower case).
const FOOTER_OPENINGS: [&str; 12] = [
    "this e-mail",
    "this email",
    "this message",
    "this communication",
    "this transmission",
    "this electronic",
    "the information contained in this",
    "the information in this",
    "if you are not the intended recipient",
    "if you have received this",
    "important notice",
    "notice:",
];

/// Sign-offs (lower case, without their comma), which end the words when only name and
/// contact lines follow.
const SIGN_OFFS: [&str; 36] = [
    "best",
    "best regards",
    "best wishes",
    "all the best",
    "all best",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "many thanks",
    "thanks",
    "thanks again",
    "thanks so much",
    "thank you",
    "thx",
    "cheers",
    "sincerely",
    "yours",
    "yours sincerely",
    "yours truly",
    "take care",
    "talk soon",
    "love",
    "cordialement",
    "bien à vous",
    "merci",
    "viele grüße",
    "mit freundlichen grüßen",
    "saludos",
    "un saludo",
    "gruss",
    "gruß",
    "grüße",
    "grüsse",
    "beste grüße",
    "liebe grüße",
];

/// The most lines (not blank) a signature under a sign-off may hold.
const SIGNATURE_LINES: usize = 10;

/// The part of `text` its writer wrote in this message: up to the first line that opens
/// someone else's text or the writer's signature, its quoted lines (`>`) dropped (a run
/// of blank and quoted lines leaves one blank line), a final sign-off ("Thanks,") and the
/// name and contact lines under it taken off (or, without a sign-off, a last block of
/// name and contact lines holding an address, a link or a phone number), blank lines at
/// either end trimmed. Lines keep their breaks (`\n`); other whitespace is as written.
///
/// The text ends at the first of:
/// - a reply header: "On <date>, <name> wrote:" (also wrapped over two lines) and its
///   French, German, Spanish, Dutch, Italian and Portuguese forms, unless a quote follows
///   it: then it only introduces the quote, and the writer's answers between the quoted
///   lines are kept (a "<name> wrote:" line before a quote goes with it too);
/// - a separator such as "-----Original Message-----" or "---------- Forwarded message
///   ---------", Apple's "Begin forwarded message:", Lotus Notes' "----- Forwarded by …
///   -----";
/// - a header block: "From:" followed by "Sent:" or "Date:", or "From:" or "To:" followed
///   by "Subject:", within a few lines (Outlook, forwarded headers), with the rule
///   ("____") above it, or, for a block opening at "To:" as Lotus Notes writes it, the
///   name and date lines above it;
/// - a signature rule (`-- `), a long rule (30 or more `_`, `-`, `=` or `*`: list
///   footers, adverts, earlier messages), or a mobile client's line ("Sent from my
///   iPhone");
/// - a paragraph opening a legal footer ("CONFIDENTIALITY NOTICE", "DISCLAIMER", "If you
///   are not the intended recipient…", "This e-mail … confidential…").
pub fn own_words(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = foreign_start(&lines).unwrap_or(lines.len());
    let end = sign_off(&lines[..end]).or_else(|| signature_block(&lines[..end])).unwrap_or(end);
    let mut out = String::with_capacity(text.len().min(4096));
    let mut blank = false;
    let mut header_lines = 0;
    for (at, line) in lines[..end].iter().enumerate() {
        if header_lines == 0 {
            // A reply header kept before `end` introduces a quote: it goes with it.
            header_lines = attribution(&lines, at).unwrap_or(0);
        }
        let skipped = header_lines > 0 || line.trim().is_empty() || is_quoted(line);
        header_lines = header_lines.saturating_sub(1);
        if skipped {
            if !blank {
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
        blank = skipped;
    }
    out.truncate(out.trim_end().len());
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out
}

/// The index of the first line that is not the writer's own, if any.
fn foreign_start(lines: &[&str]) -> Option<usize> {
    (0..lines.len()).find_map(|at| {
        let line = lines[at];
        if is_quoted(line) {
            return None;
        }
        let bare = bare(line);
        if line.trim_end() == "--" || is_long_rule(bare) || is_patch_start(line) {
            return Some(at);
        }
        if let Some(header) = attribution(lines, at) {
            // Before quoted lines, the header introduces a quote the writer answers
            // between its lines: it goes with them. Before anything else, what follows
            // is the earlier message.
            return (!quote_follows(lines, at + header)).then_some(at);
        }
        if is_separator(bare) || is_client_line(bare) {
            return Some(at);
        }
        if let Some(start) = header_block(lines, at) {
            return Some(start);
        }
        (is_paragraph_start(lines, at) && is_footer(lines, at, bare)).then_some(at)
    })
}

/// Whether the first line from line `from` on that is not blank is quoted.
fn quote_follows(lines: &[&str], from: usize) -> bool {
    lines.get(from..).unwrap_or_default().iter().find(|l| !l.trim().is_empty()).is_some_and(|l| is_quoted(l))
}

/// How many lines (1, or 2 when wrapped) the reply header at line `at` takes, if one
/// starts there.
fn attribution(lines: &[&str], at: usize) -> Option<usize> {
    // Every header ends with a colon, on its line or the next.
    let ends_header = |line: &&str| line.trim_end().ends_with(':');
    if !ends_header(&lines[at]) && !lines.get(at + 1).is_some_and(ends_header) || is_quoted(lines[at]) {
        return None;
    }
    let line = bare(lines[at]);
    if is_attribution(line, None) {
        return Some(1);
    }
    // "<name> wrote:" with no date: only before a quote.
    if line.len() <= 200
        && line.ends_with(':')
        && QUOTE_INTRODUCTIONS.iter().any(|end| line.ends_with(end))
        && quote_follows(lines, at + 1)
    {
        return Some(1);
    }
    let next = lines.get(at + 1).map(|l| bare(l))?;
    is_attribution(line, Some(next)).then_some(2)
}

/// Whether a line is a long rule: 30 or more `_`, `-`, `=` or `*` and nothing else. What
/// follows one is a footer, a list's footer, an advertisement or an earlier message.
fn is_long_rule(bare: &str) -> bool {
    bare.len() >= 30 && bare.bytes().all(|b| matches!(b, b'_' | b'-' | b'=' | b'*'))
}

/// A line without its indentation, trailing whitespace and the bold marks (`*From:*`)
/// some clients write.
fn bare(line: &str) -> &str {
    line.trim().trim_start_matches('*').trim_start()
}

/// Whether `line` (bare) opens a reply header, alone or wrapped onto `next` (bare).
fn is_attribution(line: &str, next: Option<&str>) -> bool {
    // Every header opens with a two-letter word and a space.
    if line.len() > 300 || line.as_bytes().get(2) != Some(&b' ') {
        return false;
    }
    ATTRIBUTIONS.iter().any(|&(begin, end)| {
        if !line.starts_with(begin) {
            return false;
        }
        let whole = |text: &str| {
            text.ends_with(end)
                && text.bytes().any(|b| b.is_ascii_digit())
                && ATTRIBUTION_VERBS.iter().all(|&(b, verb)| b != begin || text.contains(verb))
        };
        if whole(line) {
            return true;
        }
        // A header wrapped over two lines: its second line is short and ends it.
        next.is_some_and(|next| {
            next.len() <= 120 && next.ends_with(end) && !next.starts_with('>') && {
                let joined = format!("{line} {next}");
                whole(&joined)
            }
        })
    })
}

/// Whether a line (bare) is a separator line: dashes around words such as "original
/// message", or Lotus Notes' "----- Forwarded by … -----".
fn is_separator(bare: &str) -> bool {
    if !bare.starts_with("--") {
        return false;
    }
    let words = bare.trim_start_matches(|c: char| c == '-' || c.is_whitespace());
    // Some clients run the quoted header fields on after the closing dashes.
    SEPARATORS.iter().any(|s| {
        starts_with_ci(words, s) && {
            let rest = &words[s.len()..];
            rest.is_empty() || rest.starts_with([' ', '-', ':'])
        }
    }) || starts_with_ci(words, "forwarded by ")
}

/// Whether a line (bare) is one a mail client writes: a forward's opening, or a mobile
/// client's signature.
fn is_client_line(bare: &str) -> bool {
    // Each of them starts with one of these letters.
    matches!(bare.as_bytes().first().map(u8::to_ascii_lowercase), Some(b'b' | b'e' | b'g' | b's' | b'v'))
        && bare.len() <= 80
        && CLIENT_LINES.iter().any(|p| starts_with_ci(bare, p))
}

/// Whether `text` starts with `prefix` (lower case), ASCII letters compared in either
/// case. Other characters must be as written in the prefix; the matched part is
/// `prefix.len()` bytes long, on a character boundary.
fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The field name a line starts with (lower case), when it reads like a header field
/// ("From:", "Sent:", "cc:").
fn field(line: &str) -> Option<&'static str> {
    const FIELDS: [&str; 8] = ["from", "sent", "date", "to", "cc", "bcc", "subject", "reply-to"];
    let bare = bare(line);
    let colon = bare.get(..12).unwrap_or(bare).find(':')?;
    let name = bare[..colon].trim_end_matches('*').trim();
    FIELDS.into_iter().find(|f| name.eq_ignore_ascii_case(f))
}

/// When line `at` opens a header block quoting an earlier message, where the quoted part
/// starts: the block itself, the rule above it, or the Lotus Notes name and date lines
/// above a block opening at "To:".
fn header_block(lines: &[&str], at: usize) -> Option<usize> {
    let first = field(lines[at]).filter(|f| matches!(*f, "from" | "to"))?;
    let fields: Vec<&str> = lines[at..(at + 10).min(lines.len())].iter().filter_map(|l| field(l)).collect();
    let has = |name: &str| fields.contains(&name);
    if !(has("subject") && (has("from") || has("to")) || has("from") && (has("sent") || has("date"))) {
        return None;
    }
    // Look above, past up to two blank lines.
    let mut above = at;
    let mut blanks = 0;
    while above > 0 && lines[above - 1].trim().is_empty() && blanks < 2 {
        above -= 1;
        blanks += 1;
    }
    if above == 0 {
        return Some(at);
    }
    let previous = lines[above - 1].trim();
    if previous.len() >= 5 && previous.chars().all(|c| c == '_' || c == '-' || c == '=') {
        return Some(above - 1);
    }
    if first == "to" && is_notes_date(previous) {
        // Lotus Notes: "Name/Org@Domain" over "05/10/2001 09:25 AM" over the fields, or
        // both on one line ("Name" <address> on 05/10/2001 09:25:00 AM).
        let name = above - 1;
        if name > 0 {
            let over = lines[name - 1].trim();
            if !over.is_empty() && over.len() <= 80 && !is_notes_date(over) {
                return Some(name - 1);
            }
        }
        return Some(name);
    }
    Some(at)
}

/// Whether a line holds a date and time as Lotus Notes writes them (`05/10/2001 09:25
/// AM`): a slash-separated date and a time, in a short line.
fn is_notes_date(line: &str) -> bool {
    line.len() <= 120
        && line
            .split_whitespace()
            .any(|w| w.split('/').count() == 3 && w.bytes().all(|b| b.is_ascii_digit() || b == b'/'))
        && line
            .split_whitespace()
            .any(|w| w.contains(':') && w.bytes().all(|b| b.is_ascii_digit() || b == b':'))
}

/// Whether line `at` begins a paragraph: the first line, or one after a blank line.
fn is_paragraph_start(lines: &[&str], at: usize) -> bool {
    at == 0 || lines[at - 1].trim().is_empty()
}

/// Whether the paragraph at line `at` (`bare`) opens a legal footer.
fn is_footer(lines: &[&str], at: usize, bare: &str) -> bool {
    let bare = bare.trim_start_matches(|c: char| !c.is_alphanumeric());
    let opens = |phrase: &&str| {
        starts_with_ci(bare, phrase) && !bare[phrase.len()..].starts_with(char::is_alphanumeric)
    };
    if FOOTERS.iter().any(opens) {
        return true;
    }
    if !FOOTER_OPENINGS.iter().any(opens) {
        return false;
    }
    let paragraph = lines[at..(at + 4).min(lines.len())]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    ["confidential", "intended recipient", "privileged", "intended solely", "intended only"]
        .iter()
        .any(|w| paragraph.contains(w))
}

/// Whether a line is quoted: `>` after any indentation, or the writer's initials before
/// it as Emacs' supercite writes them (`LK> …`, `jw> …`).
fn is_quoted(line: &str) -> bool {
    let line = line.trim_start();
    let initials = line.bytes().take_while(u8::is_ascii_alphabetic).count();
    initials <= 4 && line.as_bytes().get(initials) == Some(&b'>')
}

/// Whether a patch starts at this line: git's `---` before the diffstat, or a diff's
/// own first lines. What follows is code, not the writer's sentences.
fn is_patch_start(line: &str) -> bool {
    line.trim_end() == "---"
        || ["diff --git ", "diff -u", "Index: ", "--- a/", "+++ b/", "@@ -"]
            .iter()
            .any(|p| line.starts_with(p))
}

/// Where a sign-off ending `lines` starts: a line such as "Thanks," or "Best, Sam" with,
/// after it, only blank, quoted, and name or contact lines (at most
/// [`SIGNATURE_LINES`]). A sign-off without a comma or a name under it ("Thanks!") is
/// left: it may be the thanks itself.
fn sign_off(lines: &[&str]) -> Option<usize> {
    // Only the last lines can be followed by so few.
    let first = lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| !l.trim().is_empty() && !is_quoted(l))
        .nth(SIGNATURE_LINES)
        .map_or(0, |(at, _)| at);
    (first..lines.len()).find(|&at| {
        let Some(closed) = sign_off_line(lines[at]) else { return false };
        let tail: Vec<&str> = lines[at + 1..]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with('>'))
            .collect();
        tail.len() <= SIGNATURE_LINES
            && (closed || !tail.is_empty())
            && tail.iter().all(|l| is_signature_line(l))
    })
}

/// Where a signature without a sign-off starts: the last two to [`SIGNATURE_LINES`] lines (blank ones
/// aside) are name, title and contact lines, at least one of them an address, a link or
/// a phone number, after lines of the writer's that are not.
fn signature_block(lines: &[&str]) -> Option<usize> {
    let mut start = None;
    let mut count = 0;
    for (at, line) in lines.iter().enumerate().rev() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('>') {
            continue;
        }
        if !is_signature_line(line) {
            break;
        }
        count += 1;
        start = Some(at);
    }
    let start = start?;
    let block = &lines[start..];
    let before = lines[..start].iter().any(|l| !l.trim().is_empty() && !is_quoted(l));
    (before && (2..=SIGNATURE_LINES).contains(&count) && block.iter().any(|l| is_contact(l.trim())))
        .then_some(start)
}

/// Whether a line is a sign-off: `Some(true)` when it closes the words by itself (a
/// comma, a dash, or a name after it), `Some(false)` for the bare word ("Thanks!").
fn sign_off_line(line: &str) -> Option<bool> {
    let line = line.trim();
    if line.len() > 60 {
        return None;
    }
    let phrase = SIGN_OFFS.iter().filter(|s| starts_with_ci(line, s)).max_by_key(|s| s.len())?;
    let rest = line[phrase.len()..].trim();
    match rest {
        "" | "!" | "." => Some(false),
        "," | "-" | "–" => Some(true),
        _ => {
            let name = rest.trim_start_matches([',', '-', '!', '.', ' ']);
            (rest.len() != name.len() && name.split_whitespace().count() <= 3 && is_signature_line(name))
                .then_some(true)
        }
    }
}

/// Whether a line reads as part of a signature: short, and a name, title or contact
/// (every word capitalized except a few joining words, or an address, a link or a
/// phone number), not a sentence.
fn is_signature_line(line: &str) -> bool {
    const JOINING: [&str; 12] = ["of", "and", "&", "at", "for", "de", "du", "van", "von", "la", "le", "the"];
    if line.len() > 70 || line.ends_with('?') {
        return false;
    }
    if is_contact(line) {
        return true;
    }
    line.split_whitespace().all(|word| {
        let first = word.trim_start_matches(|c: char| !c.is_alphanumeric()).chars().next();
        first.is_none_or(|c| !c.is_lowercase()) || JOINING.contains(&word) || word.starts_with('(')
    })
}

/// Whether a line holds an address, a link or a phone number (five digits or more).
fn is_contact(line: &str) -> bool {
    line.contains('@')
        || line.contains("://")
        || line.contains("www.")
        || line.bytes().filter(u8::is_ascii_digit).count() >= 5
}

#[cfg(test)]
mod tests {
    use super::own_words;

    /// The writer's words of each case, and what follows them that must go.
    fn check(text: &str, kept: &str) {
        assert_eq!(own_words(text), kept, "own words of {text:?}");
    }

    #[test]
    fn quoted_lines_are_blanked() {
        check(
            "Yes, Tuesday works.\n> Does Tuesday work?\n> Or Friday?\nSee you.\n",
            "Yes, Tuesday works.\n\nSee you.",
        );
        // Blank lines and quotes together leave one blank line.
        check("One.\n\n> a\n>\n> b\n\n\nTwo.", "One.\n\nTwo.");
        // Supercite quotes carry the quoted writer's initials (seen on a real list).
        check("LK> Is there an archive?\n\nYes, on the project site.\n", "Yes, on the project site.");
    }

    #[test]
    fn a_patch_ends_the_words() {
        check(
            "Fixes the typo in the help text.\n\n---\n src/help.c | 2 +-\n\ndiff --git a/src/help.c b/src/help.c\n",
            "Fixes the typo in the help text.",
        );
        check(
            "Could you apply this?\n\ndiff --git a/x b/x\n@@ -1 +1 @@\n-old\n+new\n",
            "Could you apply this?",
        );
    }

    #[test]
    fn a_reply_header_ends_the_words() {
        check(
            "Happy to review it.\n\nOn Mon, 3 Feb 2025 at 10:04, Ana Ruiz <ana@example.org> wrote:\nCan you review my draft?\n",
            "Happy to review it.",
        );
        // Wrapped by the client over two lines.
        check(
            "Sure thing.\n\nOn Mon, Feb 3, 2025 at 10:04 AM Ana Ruiz <\nana@example.org> wrote:\n> Hi\n",
            "Sure thing.",
        );
        check(
            "Oui, avec plaisir.\n\nLe 3 févr. 2025 à 10:04, Ana Ruiz a écrit :\n> Salut\n",
            "Oui, avec plaisir.",
        );
        check("Gern.\n\nAm 03.02.2025 um 10:04 schrieb Ana Ruiz:\n> Hallo\n", "Gern.");
        check("Claro.\n\nEl lun, 3 feb 2025 a las 10:04, Ana Ruiz escribió:\n> Hola\n", "Claro.");
    }

    #[test]
    fn a_reply_header_before_a_quote_goes_with_it() {
        // Answers written between the quoted lines are the writer's: the header before
        // a quote only introduces it.
        check(
            "On Friday 3 July 2025 at 10:04:05, Ana Ruiz wrote:\n\n> Can you help?\n\nYes, gladly.\n\n> When?\nMonday.\n",
            "Yes, gladly.\n\nMonday.",
        );
        check("Ana Ruiz <ana@example.org> wrote:\n> Ready?\nAlmost.\n", "Almost.");
        // Without a quote after it, everything after the header is the earlier message.
        check("Yes.\n\nOn Fri, 3 Jul 2025, Ana Ruiz wrote:\nCan you help?\n", "Yes.");
    }

    #[test]
    fn a_long_rule_ends_the_words() {
        check("Remove me, please.\n\n______________________________\nAn advert\n", "Remove me, please.");
        check(
            "Done.\n\n---------------------------------------------\nTo unsubscribe, write to x\n",
            "Done.",
        );
    }

    #[test]
    fn a_sentence_that_starts_like_a_header_stays() {
        // No date in it, so not a reply header.
        check(
            "On reflection, here is what I wrote:\nthe plan.",
            "On reflection, here is what I wrote:\nthe plan.",
        );
    }

    #[test]
    fn outlook_blocks_end_the_words() {
        check(
            "I can send it Friday.\n\n-----Original Message-----\nFrom: Ana Ruiz\nSent: Monday\nSubject: file\n\nSend the file?",
            "I can send it Friday.",
        );
        check(
            "Noted, thanks.\n\n________________________________\nFrom: Ana Ruiz <ana@example.org>\nSent: Monday, 3 February 2025 10:04\nTo: Ben Ode\nSubject: Re: file\n\nold text",
            "Noted, thanks.",
        );
    }

    #[test]
    fn forwards_end_the_words() {
        check(
            "FYI below.\n\n---------- Forwarded message ---------\nFrom: Ana <ana@example.org>\nDate: Mon\n",
            "FYI below.",
        );
        check("Have a look.\n\nBegin forwarded message:\n\nFrom: Ana\n", "Have a look.");
        check("Yes.\n-------- Original message --------From: Ana Date: today\nold", "Yes.");
        check(
            "Please handle.\n\n----- Forwarded by Ben Ode/HOU/ECT on 05/10/2001 09:25 AM -----\n\nold",
            "Please handle.",
        );
    }

    #[test]
    fn a_notes_reply_header_ends_the_words() {
        check(
            "Call me about it.\n\n\n\n\tAna Ruiz\n\t05/10/2001 09:25 AM\n\t\t \n\t\t To: Ben Ode/HOU/ECT@ECT\n\t\t cc: \n\t\t Subject: Re: budget\n\nold words",
            "Call me about it.",
        );
        check(
            "Agreed.\n\n\"Ana Ruiz\" <ana@example.org> on 05/10/2001 09:25:00 AM\nTo: Ben Ode/HOU/ECT@ECT\ncc:\nSubject: budget\n\nold",
            "Agreed.",
        );
    }

    #[test]
    fn signatures_end_the_words() {
        check("Lunch on me next week.\n-- \nBen Ode\nAcme\n", "Lunch on me next week.");
        check("On my way.\n\nSent from my iPhone\n\n> earlier\n", "On my way.");
        check(
            "Can you introduce me to Kim?\n\nBest,\nBen\n+1 555 010 0200\n",
            "Can you introduce me to Kim?",
        );
        check("Got it.\n\nThanks, Ben\n", "Got it.");
        check("Got it.\n\nCheers,\n\nBen Ode\nHead of Design, Acme Ltd.\nben@example.org\n", "Got it.");
    }

    #[test]
    fn a_last_paragraph_of_name_and_contacts_is_a_signature() {
        check(
            "Can we talk on Monday?\n\nBen Ode (he/him)\nHead of Design\nAcme Ltd.\n+1 555 010 0200\n",
            "Can we talk on Monday?",
        );
        // Over two paragraphs.
        check("Thank you again.\n\nBen\n\n555 010 0200\n", "Thank you again.");
        // Without a contact line it may be the writer's last words.
        check("Can we talk?\n\nBen Ode\nHead of Design\n", "Can we talk?\n\nBen Ode\nHead of Design");
        // Nor is a message made only of such lines taken off.
        check("Ben Ode\nben@example.org\n", "Ben Ode\nben@example.org");
    }

    #[test]
    fn a_thanks_with_words_after_it_stays() {
        // "Thanks," followed by a sentence is not a sign-off.
        check("Thanks,\nI will be there at noon.\n", "Thanks,\nI will be there at noon.");
        // A lone "Thanks!" may be the thanks itself.
        check("The intro worked. Thanks!\n", "The intro worked. Thanks!");
        check("Thanks!", "Thanks!");
    }

    #[test]
    fn legal_footers_end_the_words() {
        check(
            "Could you send the deck?\n\nThis e-mail (and any attachments) is confidential and meant only for its\naddressee.\n",
            "Could you send the deck?",
        );
        check("See attached.\n\nCONFIDENTIALITY NOTICE: the content is private.\n", "See attached.");
        check("See attached.\n\n***DISCLAIMER*** stuff\n", "See attached.");
        check("Thanks.\n\nThe information contained in this message is privileged.\n", "Thanks.");
        check("Thanks.\n\nIf you are not the intended recipient, delete it.\n", "Thanks.");
        // Words that only start like a footer stay.
        check("Disclaimers aside, can you help?\n", "Disclaimers aside, can you help?");
        check("The information in this report is old.\n", "The information in this report is old.");
        // A sentence about an e-mail that says nothing of confidentiality stays.
        check("Hi.\n\nThis email is late, sorry.\n", "Hi.\n\nThis email is late, sorry.");
    }

    #[test]
    fn nothing_of_the_writer_gives_nothing() {
        check("> only a quote\n", "");
        check("", "");
    }
}
