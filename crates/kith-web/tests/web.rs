//! The web server's tests: the real router over a real SQLite database in a temporary
//! directory, driven with tower's `oneshot` (no socket).

#[path = "web/support.rs"]
mod support;

#[path = "web/compose.rs"]
mod compose;
#[path = "web/dupes.rs"]
mod dupes;
#[path = "web/guard.rs"]
mod guard;
#[path = "web/import.rs"]
mod import;
#[path = "web/ledger.rs"]
mod ledger;
#[path = "web/limits.rs"]
mod limits;
#[path = "web/mail.rs"]
mod mail;
#[path = "web/network.rs"]
mod network;
#[path = "web/offboarding.rs"]
mod offboarding;
#[path = "web/openapi.rs"]
mod openapi;
#[path = "web/pages.rs"]
mod pages;
#[path = "web/people.rs"]
mod people;
#[path = "web/person.rs"]
mod person;
#[path = "web/records.rs"]
mod records;
#[path = "web/setup.rs"]
mod setup;
#[path = "web/signin.rs"]
mod signin;
#[path = "web/stages.rs"]
mod stages;
#[path = "web/team.rs"]
mod team;
#[path = "web/team_support.rs"]
mod team_support;
#[path = "web/today.rs"]
mod today;
