//! kith-import's tests: real fixture files from public projects and synthetic ones of
//! our own, each parsed as `kith import` would.

#[path = "import/support.rs"]
mod support;

#[path = "import/calendar.rs"]
mod calendar;
#[path = "import/contacts_csv.rs"]
mod contacts_csv;
#[path = "import/mail_headers.rs"]
mod mail_headers;
#[path = "import/mail_sources.rs"]
mod mail_sources;
#[path = "import/vcard.rs"]
mod vcard;
