//! Newtype ids for every entity.
//!
//! An id is a short type prefix and twelve base-32 characters (`p_3k9x2m7q4tav`). The
//! prefix tells a person id from an interaction id at a glance and lets `<who>`
//! arguments be recognised as ids. Where the 60 random bits come from is the
//! store's business: the core never draws random numbers.

use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const BODY_LEN: usize = 12;

fn encode(bits: u64) -> String {
    (0..BODY_LEN).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
}

/// Which bytes are in [`ALPHABET`], by value.
const IN_ALPHABET: [bool; 256] = {
    let mut table = [false; 256];
    let mut n = 0;
    while n < ALPHABET.len() {
        table[ALPHABET[n] as usize] = true;
        n += 1;
    }
    table
};

/// Whether `text` is `prefix` followed by a well-formed body.
fn is_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|body| body.len() == BODY_LEN && body.bytes().all(|b| IN_ALPHABET[usize::from(b)]))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The prefix every id of this kind starts with.
            pub const PREFIX: &'static str = $prefix;

            /// Builds an id from 60 random bits (the rest are ignored).
            pub fn from_bits(bits: u64) -> Self {
                Self(format!("{}{}", $prefix, encode(bits)))
            }

            /// Reads an id from text; `None` unless it has this kind's prefix and shape.
            pub fn parse(text: &str) -> Option<Self> {
                is_id(text, $prefix).then(|| Self(text.to_owned()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                if is_id(&text, $prefix) {
                    Ok(Self(text))
                } else {
                    Err(format!("\"{text}\" is not a valid {} id", stringify!($name)))
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

id_type!(
    /// Identifies a [`crate::Person`].
    PersonId, "p_"
);
id_type!(
    /// Identifies an [`crate::Organization`].
    OrgId, "o_"
);
id_type!(
    /// Identifies an [`crate::Engagement`].
    EngagementId, "e_"
);
id_type!(
    /// Identifies an [`crate::Interaction`].
    InteractionId, "i_"
);
id_type!(
    /// Identifies an [`crate::Exchange`].
    ExchangeId, "x_"
);
id_type!(
    /// Identifies a [`crate::Transition`].
    TransitionId, "t_"
);
id_type!(
    /// Identifies a [`crate::Note`].
    NoteId, "n_"
);
id_type!(
    /// Identifies a [`crate::CheckIn`].
    CheckInId, "c_"
);
id_type!(
    /// Identifies a [`crate::Draft`].
    DraftId, "d_"
);
id_type!(
    /// Identifies a [`crate::MergeRecord`].
    MergeId, "m_"
);

id_type!(
    /// A favor found in mail, waiting for the owner to accept or reject it.
    SuggestionId, "s_"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = PersonId::from_bits(0x0123_4567_89ab_cdef);
        assert_eq!(id.as_str().len(), 14);
        assert_eq!(PersonId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(OrgId::parse(id.as_str()), None, "prefix must match the kind");
        assert_eq!(PersonId::parse("p_short"), None);
        assert_eq!(PersonId::parse("p_ILLEGALCHARS"), None);
    }

    #[test]
    fn different_bits_give_different_ids() {
        assert_ne!(PersonId::from_bits(1), PersonId::from_bits(2));
    }
}
