//! Mail archives: Maildir (and Maildir++ folders), mbox (mboxo and mboxrd, LF or CRLF)
//! and single `.eml` files, read header block by header block into [`MailMessage`]s.
//!
//! An import reads only the header block of a message; bodies are skipped. [`body`]
//! reads one message's text, for the user who allows it, and keeps none of it.

/// The longest header block read from any message, in bytes, whatever the source (a
/// Maildir file, an `.eml`, an mbox): the rest of a longer one is left unread like a body,
/// so that one message read from two sources gives the same fields and the same key.
pub const MAX_HEADER: usize = 1 << 20;

mod address;
pub mod body;
mod classify;
mod date;
mod favors;
mod folder;
mod headers;
mod maildir;
mod mbox;

pub use favors::{TEXT_READ_BYTES, favors_in};
pub use folder::FolderRole;
pub use headers::{Origin, parse_message};
pub use maildir::{
    MaildirEntry, MaildirFolder, is_mail_root, is_maildir, maildir_entries, maildir_folders,
    read_header_block, read_header_from,
};
pub use mbox::{
    MboxMessage, MboxReader, looks_like_mbox, looks_like_message, strip_envelope, unescape_from_lines,
};
