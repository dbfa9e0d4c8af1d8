//! Contact exports in CSV: LinkedIn connections, Google, Outlook and other address books.

use crate::{Context, Format, Parsed};

/// Recognizes a contact CSV by its header row.
pub(crate) fn detect(_text: &str) -> Option<Format> {
    None
}

/// Reads every row of a contact CSV.
pub(crate) fn parse(_format: Format, _bytes: &[u8], _cx: &Context<'_>) -> Parsed {
    Parsed::default()
}
