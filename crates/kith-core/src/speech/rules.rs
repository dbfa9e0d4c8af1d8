//! The word rules: thanks, deliveries, request against offer inside an ask, the ledger
//! kind a sentence is about and the name an introduction is to.
//!
//! Phrases are lists of words (`*` stands for any one word). A sentence is read left to
//! right; at each word the longest phrase of a list that starts there is taken, and the
//! words it covers are not read again for that list.

use super::tokens::{Token, word_hash};
use crate::ExchangeKind;
use crate::digest::QuickHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// What a phrase of the act list says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Cue {
    /// "thanks", "thank you".
    Thanks,
    /// "thanks in advance": a request.
    ThanksInAdvance,
    /// "I appreciate", "grateful for".
    Appreciate,
    /// "I'd appreciate it if", "I would be grateful": a request.
    WouldAppreciate,
    /// "attached is", "here is", "I've introduced": done in this message.
    Delivery,
    /// "I'll", "happy to", "let me know if I can": the writer offers or commits.
    Offer,
    /// "could you", "would you mind", "please": the writer asks the reader.
    Request,
    /// "let me know", "I was hoping": a softer ask of the reader.
    SoftRequest,
}

const CUES: usize = 8;

const ACT_PHRASES: &[(Cue, &[&str])] = &[
    (Cue::Thanks, &["thanks", "thank you", "thank", "thx", "many thanks", "thankyou"]),
    (
        Cue::ThanksInAdvance,
        &[
            "thanks in advance",
            "thank you in advance",
            "thanks so much in advance",
            "many thanks in advance",
            "thanks ahead of time",
            "thank you ahead of time",
            "in advance for",
        ],
    ),
    (Cue::Appreciate, &["appreciate", "appreciated", "grateful for", "so grateful", "really grateful"]),
    (
        Cue::WouldAppreciate,
        &[
            "would appreciate",
            "i'd appreciate",
            "would really appreciate",
            "i'd really appreciate",
            "would greatly appreciate",
            "would be grateful",
            "i'd be grateful",
            "would be so grateful",
            "would be very grateful",
            "would be appreciated",
            "would be much appreciated",
            "would be greatly appreciated",
        ],
    ),
    (
        Cue::Delivery,
        &[
            "attached",
            "attaching",
            "enclosed",
            "please find",
            "here is",
            "here's",
            "heres",
            "here are",
            "i've introduced",
            "i have introduced",
            "i'm introducing",
            "i am introducing",
            "let me introduce",
            "i'd like to introduce",
            "i would like to introduce",
            "please meet",
            "i've cc'd",
            "i have cc'd",
            "cc'ing",
            "i'm copying",
            "i've copied",
            "looping in",
            "i've looped",
            "i'm looping",
            "i've sent",
            "i have sent",
            "i just sent",
            "i sent",
            "i've shared",
            "i have shared",
            "i'm sharing",
            "i've forwarded",
            "i have forwarded",
            "i'm forwarding",
            "forwarding you",
            "i've put you in touch",
            "i've connected",
            "i've recommended",
            "i recommended",
            "i've referred",
            "i referred",
            "i've passed",
            "i passed",
            "i gave",
            "i've given",
            "i have given",
            "put in a good word",
            "i vouched",
            "i've written to",
            "i've written you",
            "i wrote to",
            "i wrote you",
            "i've submitted",
            "i submitted",
            "i've reviewed",
            "i reviewed",
            "i've left comments",
            "i left comments",
            "i've added comments",
            "see attached",
            "below are my",
        ],
    ),
    (
        Cue::Offer,
        &[
            "i'll",
            "i will",
            "i can",
            "i could",
            "i'd be happy",
            "i would be happy",
            "i'd be glad",
            "i would be glad",
            "i'd be delighted",
            "i'm happy to",
            "i am happy to",
            "i'm glad to",
            "happy to",
            "glad to",
            "i'd love to help",
            "i'd love to introduce",
            "i'd love to connect",
            "i'd love to share",
            "let me know if i",
            "let me know if there's anything i",
            "let me know if there is anything i",
            "let me know how i",
            "if i can",
            "if you'd like me to",
            "if you want me to",
            "would you like me to",
            "do you want me to",
            "want me to",
            "shall i",
            "can i help",
            "i offer",
            "i'm offering",
            "i'd like to offer",
            "i'm going to",
            "let me",
            "i'm willing",
            "i am willing",
            "i'd be willing",
            "i'm available to",
            "feel free to",
        ],
    ),
    (
        Cue::Request,
        &[
            "could you",
            "can you",
            "would you",
            "will you",
            "would you mind",
            "do you mind",
            "please",
            "pls",
            "could i ask you",
            "can i ask you",
            "may i ask you",
            "i was wondering if you",
            "i wonder if you",
            "is there any chance you",
            "any chance you",
            "would it be possible",
            "is it possible for you",
            "i need you to",
            "i'd like you to",
            "you should",
        ],
    ),
    (
        Cue::SoftRequest,
        &[
            "let me know",
            "i was hoping",
            "i'm hoping",
            "hoping you",
            "i'd love your",
            "i'd love to get your",
            "i'd love to hear",
            "if you could",
            "if you can",
            "if you have time",
            "do you have time",
            "do you know",
            "would love your",
            "love to get your",
            "looking for",
        ],
    ),
];

const KIND_PHRASES: &[(ExchangeKind, &[&str])] = &[
    (
        ExchangeKind::Introduction,
        &[
            "introduce you",
            "introduce me",
            "introduce us",
            "introduce him",
            "introduce her",
            "introduce them",
            "introduce * to",
            "introduced you",
            "introduced me",
            "introduced us",
            "introduced him",
            "introduced her",
            "introduced them",
            "introduced * to",
            "introduces you",
            "introduces me",
            "introduces us",
            "introduces him",
            "introduces her",
            "introduces them",
            "introduces * to",
            "introducing you",
            "introducing me",
            "introducing us",
            "introducing him",
            "introducing her",
            "introducing them",
            "introducing * to",
            "introduction",
            "introductions",
            "intro",
            "intros",
            "put * in touch",
            "putting * in touch",
            "in touch with",
            "connect you",
            "connect me",
            "connect us",
            "connecting you",
            "connected you",
            "connect * with",
            "please meet",
            "you to meet",
            "should meet",
            "looping in",
            "loop in",
            "loop * in",
            "looped in",
            "i've looped",
            "cc'd",
            "cc'ing",
        ],
    ),
    (
        ExchangeKind::Referral,
        &[
            "refer you",
            "refer me",
            "refer them",
            "refer clients",
            "refer a client",
            "refer * to you",
            "refer * to me",
            "refer * your way",
            "referred you",
            "referred me",
            "referred them",
            "referred clients",
            "referred a client",
            "referred * to you",
            "referred * to me",
            "referred * your way",
            "referring you",
            "referring me",
            "referring them",
            "referring clients",
            "referring a client",
            "referring * to you",
            "referring * to me",
            "referring * your way",
            "referral",
            "referrals",
            "send business",
            "send some business",
            "send * business",
            "sent business",
            "business your way",
            "clients your way",
            "work your way",
            "recommend you to",
            "recommended you to",
            "recommend me to",
            "recommending you to",
            "pass your name",
            "passed your name",
            "passing your name",
            "pass along your name",
            "new client",
        ],
    ),
    (
        ExchangeKind::Reference,
        &[
            "reference",
            "references",
            "recommendation",
            "recommendation letter",
            "letter of recommendation",
            "vouch",
            "vouched",
            "vouching",
            "endorse",
            "endorsement",
            "good word",
        ],
    ),
    (
        ExchangeKind::Feedback,
        &[
            "feedback",
            "review",
            "reviewing",
            "reviewed",
            "look over",
            "looking over",
            "looked over",
            "look at my",
            "look at the draft",
            "take a look",
            "have a look",
            "comments on",
            "comment on",
            "your comments",
            "critique",
            "proofread",
            "proofreading",
            "notes on",
            "eyes on",
            "read through",
            "read over",
            "go over",
            "edits",
        ],
    ),
    (
        ExchangeKind::Advice,
        &[
            "advice",
            "advise",
            "advised",
            "thoughts on",
            "your thoughts",
            "your take",
            "pick your brain",
            "picking your brain",
            "guidance",
            "your opinion",
            "suggestions",
            "insight",
            "insights",
            "perspective",
            "input",
            "tips",
            "counsel",
            "what you think",
            "what do you think",
            "your view",
            "recommendations",
        ],
    ),
    (
        ExchangeKind::Content,
        &[
            "article",
            "articles",
            "link",
            "links",
            "post",
            "blog",
            "paper",
            "papers",
            "slides",
            "slide",
            "deck",
            "report",
            "whitepaper",
            "podcast",
            "video",
            "book",
            "newsletter",
            "study",
            "presentation",
            "recording",
            "template",
            "resources",
            "write-up",
            "writeup",
            "spreadsheet",
            "pdf",
        ],
    ),
    (
        ExchangeKind::Help,
        &[
            "help",
            "helped",
            "helping",
            "hand",
            "assist",
            "assistance",
            "support",
            "fix",
            "set up",
            "setup",
            "move",
            "debug",
            "install",
            "pitch in",
            "cover for",
        ],
    ),
];

/// Words after "thanks for" that make it a courtesy for the message itself.
const COURTESY: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "message",
    "note",
    "reply",
    "replying",
    "response",
    "responding",
    "getting",
    "reaching",
    "writing",
    "time",
    "letting",
    "update",
    "patience",
    "understanding",
    "interest",
    "consideration",
    "call",
    "listening",
    "attention",
    "coming",
    "following",
    "checking",
];

type Map<V> = HashMap<u64, Vec<V>, BuildHasherDefault<QuickHasher>>;

/// A phrase list keyed by first word.
struct Lexicon<T> {
    by_first: Map<(Vec<u64>, T)>,
}

const ANY: u64 = 0;

impl<T: Copy> Lexicon<T> {
    fn new(groups: &[(T, &[&str])]) -> Self {
        let mut by_first: Map<(Vec<u64>, T)> = Map::default();
        for &(value, phrases) in groups {
            for phrase in phrases {
                let words: Vec<u64> =
                    phrase.split(' ').map(|w| if w == "*" { ANY } else { word_hash(w) }).collect();
                by_first.entry(words[0]).or_default().push((words, value));
            }
        }
        Lexicon { by_first }
    }

    /// Calls `each(value, start, end)` for the leftmost-longest matches, in order.
    fn scan(&self, tokens: &[Token], mut each: impl FnMut(T, usize, usize)) {
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<(usize, T)> = None;
            if let Some(candidates) = self.by_first.get(&tokens[i].hash) {
                for (words, value) in candidates {
                    let fits = i + words.len() <= tokens.len()
                        && words.iter().zip(&tokens[i..]).all(|(w, t)| *w == ANY || *w == t.hash);
                    if fits && best.is_none_or(|(len, _)| words.len() > len) {
                        best = Some((words.len(), *value));
                    }
                }
            }
            match best {
                Some((len, value)) => {
                    each(value, i, i + len);
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

static ACTS: LazyLock<Lexicon<Cue>> = LazyLock::new(|| Lexicon::new(ACT_PHRASES));
static KINDS: LazyLock<Lexicon<ExchangeKind>> = LazyLock::new(|| Lexicon::new(KIND_PHRASES));
static COURTESY_WORDS: LazyLock<Vec<u64>> = LazyLock::new(|| COURTESY.iter().map(|w| word_hash(w)).collect());

/// Where each cue of the act list first starts, if it occurs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cues {
    first: [Option<(u8, u8)>; CUES],
}

impl Cues {
    /// The cues of a sentence's words.
    pub fn of(tokens: &[Token]) -> Self {
        let mut cues = Cues::default();
        ACTS.scan(tokens, |cue, start, end| {
            let slot = &mut cues.first[cue as usize];
            if slot.is_none() {
                *slot = Some((start as u8, end as u8));
            }
        });
        cues
    }

    /// Whether `cue` occurs.
    pub fn has(&self, cue: Cue) -> bool {
        self.first[cue as usize].is_some()
    }

    /// Where `cue` first starts.
    fn start(&self, cue: Cue) -> Option<usize> {
        self.first[cue as usize].map(|(s, _)| usize::from(s))
    }

    /// Where `cue` first ends.
    fn end(&self, cue: Cue) -> Option<usize> {
        self.first[cue as usize].map(|(_, e)| usize::from(e))
    }
}

/// What the thanks rules make of a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Thanking {
    /// No thanks in it.
    NotThanks,
    /// Thanks for something received.
    Thanks,
    /// Thanks as a sign-off or for the message itself: nothing received.
    Courtesy,
    /// Thanks in advance, or "I'd appreciate it if…": a request.
    Request,
}

/// Reads the thanks in a sentence.
pub(crate) fn thanking(tokens: &[Token], cues: &Cues, kind: Option<ExchangeKind>) -> Thanking {
    if cues.has(Cue::ThanksInAdvance) || cues.has(Cue::WouldAppreciate) {
        return Thanking::Request;
    }
    let for_hash = word_hash("for");
    let thanks_end = match (cues.end(Cue::Thanks), cues.end(Cue::Appreciate)) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Thanking::NotThanks,
    };
    if kind.is_some() {
        return Thanking::Thanks;
    }
    // What it is for: after "for", or right after "appreciate".
    let object = if cues.has(Cue::Appreciate) && !cues.has(Cue::Thanks) {
        Some(thanks_end)
    } else {
        tokens[thanks_end..].iter().position(|t| t.hash == for_hash).map(|p| thanks_end + p + 1)
    };
    match object {
        Some(at) if at < tokens.len() => {
            let courtesy =
                tokens[at..(at + 4).min(tokens.len())].iter().any(|t| COURTESY_WORDS.contains(&t.hash));
            if courtesy { Thanking::Courtesy } else { Thanking::Thanks }
        }
        _ => Thanking::Courtesy,
    }
}

/// Whether the sentence does the thing in this message (attaches, introduces, shares).
/// A question is never a delivery.
pub(crate) fn delivers(text: &str, tokens: &[Token], cues: &Cues, question: bool) -> bool {
    if question {
        return false;
    }
    if cues.has(Cue::Delivery) {
        // "I am introducing myself" introduces nobody to anybody.
        let myself = word_hash("myself");
        if cues.end(Cue::Delivery).and_then(|end| tokens.get(end)).is_some_and(|t| t.hash == myself) {
            return false;
        }
        if !hands_over(tokens, cues) {
            return false;
        }
        // "if you'd like, I can send…" is not caught here; "Could you send the attached…"
        // is a question or a request and is left to the ask model.
        return !(cues.has(Cue::Request) && cues.start(Cue::Request) < cues.start(Cue::Delivery));
    }
    meet(text, tokens).is_some()
}

/// Whether a "here is" hands something over: it opens the sentence (after at most one
/// word, "So here's…", "Ok, here is…") and is not "here's where / what / why / how /
/// that", which only points at something. Other delivery cues hand over wherever they
/// stand.
fn hands_over(tokens: &[Token], cues: &Cues) -> bool {
    let (Some(start), Some(end)) = (cues.start(Cue::Delivery), cues.end(Cue::Delivery)) else { return false };
    if !["here", "here's", "heres"].map(word_hash).contains(&tokens[start].hash) {
        return true;
    }
    let pointing = ["where", "what", "why", "how", "that"].map(word_hash);
    start <= 1 && tokens.get(end).is_none_or(|next| !pointing.contains(&next.hash))
}

/// Where a "meet" that introduces someone stands: "Dana, meet Priya", or a sentence
/// opening with "Meet Priya".
fn meet(text: &str, tokens: &[Token]) -> Option<usize> {
    let meet = word_hash("meet");
    tokens.iter().enumerate().position(|(i, t)| {
        t.hash == meet
            && (i == 0 || text[..t.start as usize].trim_end().ends_with(','))
            && tokens.get(i + 1).is_some_and(|n| starts_upper(text, n))
    })
}

/// Whether, inside an ask, the writer offers (rather than requests): an offer or a
/// first-person commitment that no direct request comes before.
pub(crate) fn offers(cues: &Cues) -> bool {
    match (cues.start(Cue::Offer), cues.start(Cue::Request)) {
        (Some(offer), Some(request)) => offer < request,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Whether the writer commits to something for the reader in so many words ("I'll send
/// you the report", "happy to put you in touch"): an offer phrase, "you" after it, and a
/// ledger kind other than a plain favor. Such a sentence is an offer even where the ask
/// model, trained on mail where commitments are often left unlabeled, is unsure.
pub(crate) fn commits(tokens: &[Token], cues: &Cues, kind: Option<ExchangeKind>) -> bool {
    let you = [word_hash("you"), word_hash("your")];
    match (cues.start(Cue::Offer), kind) {
        (Some(at), Some(kind)) if kind != ExchangeKind::Favor => {
            offers(cues) && tokens[at..].iter().any(|t| you.contains(&t.hash))
        }
        _ => false,
    }
}

/// The ledger kind a sentence is about, and where its introduction phrase ends (for the
/// note): the first kind found in the order introduction, referral, reference,
/// feedback, advice, content, help.
pub(crate) fn kind(text: &str, tokens: &[Token]) -> (Option<ExchangeKind>, Option<usize>) {
    let mut found = [false; 7];
    let mut intro_end = None;
    KINDS.scan(tokens, |kind, _, end| {
        let rank = KIND_PHRASES.iter().position(|(k, _)| *k == kind).unwrap_or(0);
        found[rank] = true;
        if kind == ExchangeKind::Introduction && intro_end.is_none() {
            intro_end = Some(end);
        }
    });
    // "Meet Priya" opens an introduction too.
    if intro_end.is_none()
        && let Some(i) = meet(text, tokens)
    {
        found[0] = true;
        intro_end = Some(i + 1);
    }
    let kind = found.iter().position(|f| *f).map(|rank| KIND_PHRASES[rank].0);
    (kind, intro_end)
}

fn starts_upper(text: &str, t: &Token) -> bool {
    text[t.start as usize..].chars().next().is_some_and(char::is_uppercase)
}

/// The name an introduction is to, as "to Priya" or "to Dana Reyes": up to three
/// capitalized words after "to", "with" or "meet" within a few words of the
/// introduction phrase (or right after it).
pub(crate) fn introduced_to(text: &str, tokens: &[Token], intro_end: usize) -> Option<String> {
    let linking = [word_hash("to"), word_hash("with"), word_hash("meet")];
    let mut at = intro_end;
    let linked = intro_end > 0 && tokens.get(intro_end - 1).is_some_and(|t| linking.contains(&t.hash));
    if !linked {
        let window = &tokens[intro_end.min(tokens.len())..(intro_end + 4).min(tokens.len())];
        let link = window.iter().position(|t| linking.contains(&t.hash))?;
        at = intro_end + link + 1;
    }
    let mut name_start = None;
    let mut name_end = 0;
    for (n, t) in tokens.iter().enumerate().skip(at).take(3) {
        let word = &text[t.start as usize..t.end as usize];
        let joined = n == at || text[name_end..t.start as usize].chars().all(|c| c == ' ');
        if !starts_upper(text, t) || word == "I" || !joined {
            break;
        }
        name_start.get_or_insert(t.start as usize);
        name_end = t.end as usize;
    }
    name_start.map(|s| format!("to {}", &text[s..name_end]))
}
