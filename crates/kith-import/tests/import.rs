//! kith-import's tests: real fixture files from public projects and synthetic ones of
//! our own, each parsed as `kith import` would.

mod calendar;
mod contacts_csv;
mod support;
mod vcard;
