//! The web server's tests: the real router over a real SQLite database in a temporary
//! directory, driven with tower's `oneshot` (no socket).

#[path = "web/support.rs"]
mod support;

#[path = "web/guard.rs"]
mod guard;
#[path = "web/import.rs"]
mod import;
#[path = "web/limits.rs"]
mod limits;
#[path = "web/openapi.rs"]
mod openapi;
#[path = "web/pages.rs"]
mod pages;
#[path = "web/people.rs"]
mod people;
#[path = "web/person.rs"]
mod person;
#[path = "web/signin.rs"]
mod signin;
#[path = "web/stages.rs"]
mod stages;
#[path = "web/today.rs"]
mod today;
