//! The facts a draft may cite: gathered from the ledger and the interaction log, put
//! into short phrases, and found again in the draft to list what it cites.

use super::DraftRequest;
use crate::{Channel, Direction, Exchange, ExchangeKind, ExchangeStatus, Giver, Interaction};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Unit};
use serde::Serialize;
use std::cmp::Ordering;

/// Everything a draft may cite, gathered by the caller from the store. Nothing else
/// appears in a draft as a fact.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grounding {
    /// The person's display name.
    pub name: String,
    /// The name to greet them by (see [`crate::Person::greeting_name`]); without it,
    /// the first word of their display name.
    pub greeting_name: Option<String>,
    /// Their email address, for `.eml` drafts.
    pub email: Option<String>,
    /// The owner's name, for the sign-off.
    pub owner_name: Option<String>,
    /// The owner's email address, for the `.eml` sender.
    pub owner_email: Option<String>,
    /// Their organization's name.
    pub org: Option<String>,
    /// The engagement's title, for client offboarding.
    pub engagement: Option<String>,
    /// The ledger with this person.
    pub exchanges: Vec<Exchange>,
    /// The interaction log with this person.
    pub interactions: Vec<Interaction>,
}

/// How many exchanges a list of help names at most.
const MAX_LISTED: usize = 3;

impl Grounding {
    /// The person's name on one line.
    pub(super) fn display_name(&self) -> String {
        self.name.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The facts of this grounding (as of `now`) that `text` states, in the order they
    /// first appear: what a draft the owner rewrote still cites.
    pub fn cited_in(&self, text: &str, now: Timestamp) -> Vec<String> {
        self.facts(now).cited_in(text)
    }

    /// The phrases this grounding supports as of `now`; anything dated later is left out.
    pub(super) fn facts(&self, now: Timestamp) -> Facts {
        let ledger: Vec<&Exchange> = self.exchanges.iter().filter(|x| x.settled_at() <= now).collect();
        let log: Vec<&Interaction> = self.interactions.iter().filter(|i| i.at <= now).collect();

        let help = best_given(&ledger, Giver::Them, theirs);
        let gave = best_given(&ledger, Giver::Owner, mine);
        let my_ask = ledger
            .iter()
            .filter(|x| x.giver == Giver::Them && x.status == ExchangeStatus::Asked)
            .max_by(|a, b| a.opened_at.cmp(&b.opened_at).then_with(|| b.id.cmp(&a.id)))
            .copied()
            .map(ask);
        let open =
            ledger.iter().filter(|x| x.giver == Giver::Owner && x.status == ExchangeStatus::Asked).count();
        let their_asks = (open > 0).then(|| counted(open, "open request", "open requests"));

        let first = log.iter().map(|i| i.at).min();
        let known_since = first.map(|at| format!("since {}", month(at)));
        // How long the log shows the two in touch: from the first contact to the last, not
        // to today; nothing under a year.
        let last = log.iter().map(|i| i.at).max();
        let known_for = first.zip(last).and_then(|(first, last)| years_between(first, last));
        let latest = |keep: &dyn Fn(&Interaction) -> bool| {
            log.iter()
                .copied()
                .filter(|i| keep(i))
                .max_by(|a, b| a.at.cmp(&b.at).then_with(|| b.id.cmp(&a.id)))
        };
        let last_contact = latest(&|_| true).map(contact);
        let talked = |i: &Interaction| matches!(i.channel, Channel::Meeting | Channel::Call);
        let last_meeting = latest(&|i| talked(i) && text(&i.subject).is_some()).map(|i| {
            let what = if i.channel == Channel::Call { "call" } else { "meeting" };
            format!("our {what} “{}” in {}", text(&i.subject).unwrap_or_default(), month(i.at))
        });
        let meetings = log.iter().filter(|i| i.channel == Channel::Meeting).count();
        let calls = log.iter().filter(|i| i.channel == Channel::Call).count();
        let talks = (meetings + calls >= 2).then(|| {
            let parts = [(meetings, "meeting", "meetings"), (calls, "call", "calls")];
            let said: Vec<String> =
                parts.iter().filter(|(n, ..)| *n > 0).map(|&(n, one, many)| counted(n, one, many)).collect();
            said.join(" and ")
        });

        Facts {
            help,
            gave,
            my_ask,
            their_asks,
            known_since,
            known_for,
            last_contact,
            talks,
            last_meeting,
            org: text(&self.org),
            engagement: text(&self.engagement),
        }
    }
}

/// The facts of one grounding, as phrases.
#[derive(Debug)]
pub(super) struct Facts {
    pub(super) help: Vec<String>,
    pub(super) gave: Vec<String>,
    pub(super) my_ask: Option<String>,
    pub(super) their_asks: Option<String>,
    pub(super) known_since: Option<String>,
    pub(super) known_for: Option<String>,
    pub(super) last_contact: Option<String>,
    pub(super) talks: Option<String>,
    pub(super) last_meeting: Option<String>,
    pub(super) org: Option<String>,
    pub(super) engagement: Option<String>,
}

impl Facts {
    /// The phrases that appear in `draft`, in the order they first appear. A phrase
    /// seen only inside a longer one (a month inside "the introduction … in March
    /// 2024") counts once, as the longer one.
    pub(super) fn cited_in(&self, draft: &str) -> Vec<String> {
        let mut phrases: Vec<&str> = self
            .help
            .iter()
            .chain(&self.gave)
            .map(String::as_str)
            .chain(
                [
                    &self.my_ask,
                    &self.their_asks,
                    &self.known_since,
                    &self.known_for,
                    &self.last_contact,
                    &self.talks,
                    &self.last_meeting,
                    &self.org,
                    &self.engagement,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str),
            )
            .collect();
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        phrases.dedup();
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        let mut found: Vec<(usize, &str)> = Vec::new();
        for phrase in phrases {
            let free = draft
                .match_indices(phrase)
                .map(|(at, _)| (at, at + phrase.len()))
                .find(|&(start, end)| !claimed.iter().any(|&(s, e)| start < e && s < end));
            if let Some(span) = free {
                claimed.push(span);
                found.push((span.0, phrase));
            }
        }
        found.sort();
        found.into_iter().map(|(_, p)| p.to_owned()).collect()
    }
}

/// What a template sees.
#[derive(Serialize)]
pub(super) struct Vars<'a> {
    what: &'static str,
    tone: &'static str,
    manner: &'static str,
    name: String,
    first_name: String,
    owner_name: Option<String>,
    owner_first_name: Option<String>,
    org: Option<&'a str>,
    engagement: Option<&'a str>,
    reason: Option<String>,
    alternative: Option<String>,
    door: Option<&'static str>,
    went_well: bool,
    help: &'a [String],
    thanks: Option<String>,
    gave: &'a [String],
    my_ask: Option<&'a str>,
    their_asks: Option<&'a str>,
    known_since: Option<&'a str>,
    known_for: Option<&'a str>,
    last_contact: Option<&'a str>,
    talks: Option<&'a str>,
    last_meeting: Option<&'a str>,
}

impl<'a> Vars<'a> {
    /// The variables for `request`, grounded in `grounding` and its `facts`.
    pub(super) fn new(request: &DraftRequest, grounding: &Grounding, facts: &'a Facts) -> Self {
        let name = grounding.display_name();
        let owner_name = text(&grounding.owner_name);
        Vars {
            what: request.what.as_str(),
            tone: request.tone.as_str(),
            manner: request.manner.as_str(),
            first_name: text(&grounding.greeting_name).unwrap_or_else(|| first_word(&name).to_owned()),
            name,
            owner_first_name: owner_name.as_deref().map(|n| first_word(n).to_owned()),
            owner_name,
            org: facts.org.as_deref(),
            engagement: facts.engagement.as_deref(),
            reason: text(&request.reason).map(|r| sentence(&r)),
            alternative: text(&request.alternative),
            door: request.door.or(request.what.default_door()).map(|d| d.as_str()),
            went_well: request.went_well,
            help: &facts.help,
            thanks: (!facts.help.is_empty()).then(|| facts.help[..facts.help.len().min(2)].join(" and ")),
            gave: &facts.gave,
            my_ask: facts.my_ask.as_deref(),
            their_asks: facts.their_asks.as_deref(),
            known_since: facts.known_since.as_deref(),
            known_for: facts.known_for.as_deref(),
            last_contact: facts.last_contact.as_deref(),
            talks: facts.talks.as_deref(),
            last_meeting: facts.last_meeting.as_deref(),
        }
    }
}

/// A text on one line, its runs of white space made single spaces; `None` when blank.
fn text(value: &Option<String>) -> Option<String> {
    let words: Vec<&str> = value.as_deref()?.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn first_word(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The owner's reason as a sentence: capitalised, ending in a full stop unless it ends
/// in other punctuation.
fn sentence(reason: &str) -> String {
    let mut out = crate::names::capitalized(reason);
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A moment as its month in English, from UTC: "March 2024".
fn month(at: Timestamp) -> String {
    at.strftime("%B %Y").to_string()
}

/// The heaviest, then latest, help `giver` gave, as distinct phrases.
fn best_given(ledger: &[&Exchange], giver: Giver, phrase: fn(&Exchange) -> String) -> Vec<String> {
    let mut given: Vec<&Exchange> =
        ledger.iter().copied().filter(|x| x.giver == giver && x.status == ExchangeStatus::Given).collect();
    given.sort_by(|a, b| {
        b.weight
            .partial_cmp(&a.weight)
            .unwrap_or(Ordering::Equal)
            .then_with(|| b.settled_at().cmp(&a.settled_at()))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut phrases: Vec<String> = Vec::new();
    for said in given.into_iter().map(phrase) {
        if !phrases.contains(&said) {
            phrases.push(said);
        }
    }
    phrases.truncate(MAX_LISTED);
    phrases
}

/// The note of an exchange, on one line.
fn note(x: &Exchange) -> Option<String> {
    text(&x.note)
}

/// Whom an introduction was to: the note without a leading "to".
fn introduced(x: &Exchange) -> Option<String> {
    note(x).map(|n| match n.get(..3) {
        Some(to) if to.eq_ignore_ascii_case("to ") => n[3..].to_owned(),
        _ => n,
    })
}

/// `base`, the month it was given, and the note in brackets (introductions name whom).
fn dated(x: &Exchange, base: &str) -> String {
    let when = month(x.settled_at());
    match (x.kind, note(x)) {
        (ExchangeKind::Introduction, _) | (_, None) => format!("{base} in {when}"),
        (_, Some(n)) => format!("{base} in {when} ({n})"),
    }
}

/// Help they gave the owner: "the introduction to Dana Reyes in March 2024".
fn theirs(x: &Exchange) -> String {
    let base = match (x.kind, introduced(x)) {
        (ExchangeKind::Introduction, Some(whom)) => format!("the introduction to {whom}"),
        (ExchangeKind::Introduction, None) => "the introduction you made".to_owned(),
        (ExchangeKind::Referral, _) => "the referral you sent my way".to_owned(),
        (ExchangeKind::Reference, _) => "the reference you gave me".to_owned(),
        (ExchangeKind::Advice, _) => "your advice".to_owned(),
        (ExchangeKind::Feedback, _) => "your feedback".to_owned(),
        (ExchangeKind::Help, _) => "your help".to_owned(),
        (ExchangeKind::Content, _) => "what you shared with me".to_owned(),
        (ExchangeKind::Favor, _) => "the favor you did me".to_owned(),
    };
    dated(x, &base)
}

/// Help the owner gave them: "the reference I gave for you in May 2025".
fn mine(x: &Exchange) -> String {
    let base = match (x.kind, introduced(x)) {
        (ExchangeKind::Introduction, Some(whom)) => format!("the introduction to {whom}"),
        (ExchangeKind::Introduction, None) => "an introduction".to_owned(),
        (ExchangeKind::Referral, _) => "the referral I sent your way".to_owned(),
        (ExchangeKind::Reference, _) => "the reference I gave for you".to_owned(),
        (ExchangeKind::Advice, _) => "some advice".to_owned(),
        (ExchangeKind::Feedback, _) => "feedback on your work".to_owned(),
        (ExchangeKind::Help, _) => "a hand with your work".to_owned(),
        (ExchangeKind::Content, _) => "something I shared".to_owned(),
        (ExchangeKind::Favor, _) => "a favor".to_owned(),
    };
    dated(x, &base)
}

/// An open ask of the owner's: "an introduction to Dana Reyes", "some advice (pricing)".
fn ask(x: &Exchange) -> String {
    let base = match x.kind {
        ExchangeKind::Introduction => {
            return introduced(x)
                .map_or_else(|| "an introduction".to_owned(), |whom| format!("an introduction to {whom}"));
        }
        ExchangeKind::Referral => "a referral",
        ExchangeKind::Reference => "a reference",
        ExchangeKind::Advice => "some advice",
        ExchangeKind::Feedback => "some feedback",
        ExchangeKind::Help => "a hand",
        ExchangeKind::Content => "something worth reading",
        ExchangeKind::Favor => "a favor",
    };
    match note(x) {
        Some(n) => format!("{base} ({n})"),
        None => base.to_owned(),
    }
}

/// The last contact: "our call in May 2026", "your email in April 2026".
fn contact(i: &Interaction) -> String {
    let whose = match i.direction {
        Direction::In => "your",
        Direction::Out => "my",
        Direction::Mutual => "our",
    };
    let what = match (i.channel, i.direction) {
        (Channel::Call, _) => "our call".to_owned(),
        (Channel::Meeting, _) => "our meeting".to_owned(),
        (Channel::Event, _) => "the event we were both at".to_owned(),
        (Channel::Email, Direction::Mutual) => "our emails".to_owned(),
        (Channel::Message, Direction::Mutual) => "our messages".to_owned(),
        (Channel::Social, Direction::Mutual) => "our exchange online".to_owned(),
        (Channel::Email, _) => format!("{whose} email"),
        (Channel::Message, _) => format!("{whose} message"),
        (Channel::Social, _) => format!("{whose} note online"),
    };
    format!("{what} in {}", month(i.at))
}

/// "one call", "three meetings", "14 meetings".
fn counted(n: usize, one: &str, many: &str) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let number = WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_owned());
    format!("{number} {}", if n == 1 { one } else { many })
}

/// "more than a year", "six years": whole years from `from` to `to`, none under one.
fn years_between(from: Timestamp, to: Timestamp) -> Option<String> {
    let start = from.to_zoned(TimeZone::UTC);
    let end = to.to_zoned(TimeZone::UTC);
    let span = start.until((Unit::Year, &end)).ok()?;
    let years = usize::try_from(span.get_years()).ok().filter(|&y| y >= 1)?;
    let exact = start.checked_add(jiff::Span::new().years(span.get_years())).ok()? == end;
    let amount = if years == 1 { "a year".to_owned() } else { counted(years, "year", "years") };
    Some(if exact { amount } else { format!("more than {amount}") })
}
