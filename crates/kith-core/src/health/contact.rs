//! One interaction as the metrics read it: small and copyable, since a review reads millions.

use crate::{Channel, Direction, Fnv, Interaction};
use jiff::Timestamp;
use std::num::NonZeroU32;

/// A 32-bit digest of a mail key (a message's or a thread's). Collisions only matter within
/// one person's history, where they are vanishingly rare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(NonZeroU32);

impl Key {
    /// The digest of `key`.
    pub fn of(key: &str) -> Self {
        let mut digest = Fnv::default();
        digest.bytes(key.as_bytes());
        let wide = digest.value();
        let folded = (wide ^ (wide >> 32)) as u32;
        Self(NonZeroU32::new(folded).unwrap_or(NonZeroU32::MIN))
    }

    /// The digest as a number, never zero, for storing.
    pub fn bits(self) -> u32 {
        self.0.get()
    }

    /// A digest stored with [`Key::bits`]; zero is none.
    pub fn from_bits(bits: u32) -> Option<Self> {
        NonZeroU32::new(bits).map(Self)
    }
}

/// One interaction with a person, as the metrics read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contact {
    /// When.
    pub at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Who reached out.
    pub direction: Direction,
    /// The conversation it belongs to, if known.
    pub thread: Option<Key>,
    /// The mail message it came from.
    pub message: Option<Key>,
    /// The mail message it answers.
    pub replies_to: Option<Key>,
}

impl Contact {
    /// What the metrics need of `interaction`.
    pub fn of(interaction: &Interaction) -> Self {
        Self {
            at: interaction.at,
            channel: interaction.channel,
            direction: interaction.direction,
            thread: interaction.thread_key.as_deref().map(Key::of),
            message: interaction.message.as_deref().map(Key::of),
            replies_to: interaction.replies_to.as_deref().map(Key::of),
        }
    }

    /// Whether this is how a connection on a social network is recorded (LinkedIn's
    /// "Connected On"): a mutual contact online. It shows that the two are linked, not that
    /// either of them wrote.
    pub fn is_connection(&self) -> bool {
        self.channel == Channel::Social && self.direction == Direction::Mutual
    }

    /// Whether the person took part: they wrote or called, or the two met.
    pub fn from_them(&self) -> bool {
        self.direction != Direction::Out && !self.is_connection()
    }

    /// Whether the owner took part: they wrote or called, or the two met.
    pub fn from_owner(&self) -> bool {
        self.direction != Direction::In && !self.is_connection()
    }
}
