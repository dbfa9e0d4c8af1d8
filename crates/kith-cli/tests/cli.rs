//! End-to-end tests of the `kith` binary: every test runs the real command line against
//! its own temporary database, the way a user or a script would.

#[path = "shared/listening.rs"]
mod listening;
#[path = "cli/support.rs"]
mod support;

#[path = "cli/acting.rs"]
mod acting;
#[path = "cli/api_equals_json.rs"]
mod api_equals_json;
#[path = "cli/backup.rs"]
mod backup;
#[path = "cli/bad_input.rs"]
mod bad_input;
#[path = "cli/cards.rs"]
mod cards;
#[path = "cli/concurrency.rs"]
mod concurrency;
#[path = "cli/copy.rs"]
mod copy;
#[path = "cli/damage.rs"]
mod damage;
#[path = "cli/database.rs"]
mod database;
#[path = "cli/dates.rs"]
mod dates;
#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/edrm.rs"]
mod edrm;
#[path = "cli/export.rs"]
mod export;
#[path = "cli/facts.rs"]
mod facts;
#[path = "cli/favors.rs"]
mod favors;
#[path = "cli/health.rs"]
mod health;
#[path = "cli/import.rs"]
mod import;
#[path = "cli/ledger.rs"]
mod ledger;
#[path = "cli/lifecycle.rs"]
mod lifecycle;
#[path = "cli/mail.rs"]
mod mail;
#[path = "cli/merges.rs"]
mod merges;
#[path = "cli/read_json.rs"]
mod read_json;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/real_mail.rs"]
mod real_mail;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/team.rs"]
mod team;
#[path = "cli/text.rs"]
mod text;
#[path = "cli/tiers.rs"]
mod tiers;
