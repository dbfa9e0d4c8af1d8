//! Small pieces of the plain-words evidence: days, counts, shares and channel lists.

use super::PersonFact;
use crate::Channel;

/// `": note"` when the fact has one.
pub(crate) fn note(fact: &PersonFact) -> String {
    fact.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
}

/// "once", "twice", "3 times".
pub(crate) fn times(n: usize) -> String {
    match n {
        0 => "nothing".to_owned(),
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// "1 contact", "3 contacts".
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A share as a whole percentage, or finer below 1%.
pub fn percent(share: f64) -> String {
    if share < 0.01 { format!("{:.1}%", share * 100.0) } else { format!("{:.0}%", share * 100.0) }
}

/// "3 emails and a call", in order of first appearance.
pub(crate) fn channels(channels: impl Iterator<Item = Channel>) -> String {
    let mut counts: Vec<(Channel, usize)> = Vec::new();
    for channel in channels {
        match counts.iter_mut().find(|(c, _)| *c == channel) {
            Some((_, n)) => *n += 1,
            None => counts.push((channel, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|&(channel, n)| {
            let noun = noun(channel);
            if n == 1 { format!("{} {noun}", article(noun)) } else { format!("{n} {noun}s") }
        })
        .collect();
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn noun(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Call => "call",
        Channel::Meeting => "meeting",
        Channel::Message => "message",
        Channel::Event => "event",
        Channel::Social => "social touch",
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_lists_read_as_words() {
        let list = [Channel::Email, Channel::Email, Channel::Call, Channel::Email];
        assert_eq!(channels(list.into_iter()), "3 emails and a call");
        assert_eq!(channels([Channel::Event].into_iter()), "an event");
        assert_eq!(
            channels([Channel::Meeting, Channel::Message, Channel::Call].into_iter()),
            "a meeting, a message and a call"
        );
        assert_eq!(times(2), "twice");
        assert_eq!(percent(0.0042), "0.4%");
    }
}
