//! The database as a whole: export, restore, backup and checks.
