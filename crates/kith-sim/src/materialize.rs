//! Compact events and deals into kith-core values. This is where the time goes at
//! scale (every interaction owns its id, its participant and, for email, four short
//! strings), so interactions are built on every core, each thread taking a contiguous
//! slice. The result does not depend on how many threads there are: an interaction
//! depends only on its event and its position.

use crate::rng::Permutation60;
use crate::timeline::{Deal, Event, REPLY_SUBJECT, SUBJECTS};
use jiff::Timestamp;
use kith_core::{Exchange, ExchangeId, Interaction, InteractionId, PersonId};

/// Below this many events a second thread is not worth starting.
const MIN_SLICE: usize = 50_000;

/// An epoch second of the history as a timestamp.
pub(crate) fn timestamp(second: i64) -> Timestamp {
    Timestamp::from_second(second).expect("simulated times lie within the history")
}

/// The interactions of `events` (already in their final order); the `j`th gets the id
/// made from `ids.apply(j)`.
///
/// Threads fill disjoint slices of one vector of empty slots; the filled slots are
/// then unwrapped, which the standard library does in place (an `Option<Interaction>`
/// is laid out like an `Interaction`), so the big vector is never copied.
pub(crate) fn interactions(events: &[Event], ids: &Permutation60, people: &[PersonId]) -> Vec<Interaction> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    build_in_slices(events, ids, people, events.len().div_ceil(threads).max(MIN_SLICE))
}

/// [`interactions`], one thread per `slice` events.
fn build_in_slices(
    events: &[Event],
    ids: &Permutation60,
    people: &[PersonId],
    slice: usize,
) -> Vec<Interaction> {
    let slice = slice.max(1);
    let mut slots: Vec<Option<Interaction>> = Vec::new();
    slots.resize_with(events.len(), || None);
    std::thread::scope(|scope| {
        for (k, (part, out)) in events.chunks(slice).zip(slots.chunks_mut(slice)).enumerate() {
            scope.spawn(move || {
                for (j, (e, slot)) in part.iter().zip(out).enumerate() {
                    let id = InteractionId::from_bits(ids.apply((k * slice + j) as u64));
                    *slot = Some(interaction(e, id, &people[e.person as usize]));
                }
            });
        }
    });
    slots.into_iter().map(|s| s.expect("every slot is filled")).collect()
}

fn interaction(e: &Event, id: InteractionId, person: &PersonId) -> Interaction {
    let (subject, thread_key, message, replies_to) = if e.msg == 0 {
        (None, None, None, None)
    } else {
        let base = SUBJECTS[usize::from(e.subject & !REPLY_SUBJECT)];
        let is_reply = e.parent != 0;
        let subject = if is_reply { ["Re: ", base].concat() } else { base.to_owned() };
        let thread = if is_reply { e.parent } else { e.msg };
        (
            Some(subject),
            Some(numbered("t", thread, "")),
            Some(message_key(e.msg)),
            is_reply.then(|| message_key(e.parent)),
        )
    };
    Interaction {
        id,
        at: timestamp(e.at),
        channel: e.channel,
        direction: e.direction,
        participants: vec![person.clone()],
        subject,
        thread_key,
        source_key: None,
        note: None,
        message,
        replies_to,
    }
}

/// A simulated message's key: `<m42@sim.example>`.
fn message_key(n: u32) -> String {
    numbered("<m", n, "@sim.example>")
}

/// `prefix`, `n` in decimal, `suffix`, in one allocation of the right size (this runs
/// millions of times; `format!` is slower).
fn numbered(prefix: &str, n: u32, suffix: &str) -> String {
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    let mut rest = n;
    loop {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[first..]).expect("decimal digits are ASCII");
    let mut text = String::with_capacity(prefix.len() + digits.len() + suffix.len());
    text.push_str(prefix);
    text.push_str(digits);
    text.push_str(suffix);
    text
}

/// The ledger entries of `deals` (already in their final order); the `k`th gets the
/// id made from `ids.apply(k)`.
pub(crate) fn exchanges(deals: &[Deal], ids: &Permutation60, people: &[PersonId]) -> Vec<Exchange> {
    deals
        .iter()
        .enumerate()
        .map(|(k, d)| Exchange {
            id: ExchangeId::from_bits(ids.apply(k as u64)),
            person: people[d.person as usize].clone(),
            kind: d.kind,
            weight: d.kind.default_weight(),
            giver: d.giver,
            status: d.status,
            asked: d.asked,
            opened_at: timestamp(d.opened),
            closed_at: d.closed.map(timestamp),
            note: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use crate::timeline::{Output, Span, simulate};
    use crate::trajectory::Trajectory;

    #[test]
    fn slicing_does_not_change_the_result() {
        let mut out = Output::default();
        let span = Span { start: 1_700_000_000, now: 1_780_000_000 };
        for (i, t) in Trajectory::ALL.into_iter().enumerate() {
            simulate(t, i as u32, Rng::new(i as u64), span, &mut out);
        }
        assert!(out.events.len() > 20, "{} events", out.events.len());
        let people: Vec<PersonId> = (0..Trajectory::ALL.len() as u64).map(PersonId::from_bits).collect();
        let ids = Permutation60::new(&mut Rng::new(1));
        let whole = build_in_slices(&out.events, &ids, &people, out.events.len());
        for slice in [1, 7, out.events.len() - 1] {
            assert_eq!(build_in_slices(&out.events, &ids, &people, slice), whole, "slices of {slice}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        assert_eq!(numbered("t", 0, ""), "t0");
        assert_eq!(numbered("t", 907, ""), "t907");
        assert_eq!(message_key(u32::MAX), "<m4294967295@sim.example>");
    }
}
