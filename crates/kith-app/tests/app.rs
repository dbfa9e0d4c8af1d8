//! The use cases on a real SQLite database.

#[path = "app/support.rs"]
mod support;

#[path = "app/acting.rs"]
mod acting;
#[path = "app/demo.rs"]
mod demo;
#[path = "app/importing.rs"]
mod importing;
#[path = "app/judging.rs"]
mod judging;
#[path = "app/records.rs"]
mod records;
