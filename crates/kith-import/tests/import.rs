//! kith-import's tests: real fixture files from public projects and synthetic ones of
//! our own, each parsed as `kith import` would.

#[path = "import/support.rs"]
mod support;

#[path = "import/calendar.rs"]
mod calendar;
#[path = "import/contacts_csv.rs"]
mod contacts_csv;
#[path = "import/fuzz_corpus.rs"]
mod fuzz_corpus;
#[path = "import/limits.rs"]
mod limits;
#[path = "import/mail_bodies.rs"]
mod mail_bodies;
#[path = "import/mail_headers.rs"]
mod mail_headers;
#[path = "import/mail_kept_out.rs"]
mod mail_kept_out;
#[path = "import/mail_sources.rs"]
mod mail_sources;
#[path = "import/vcard.rs"]
mod vcard;
