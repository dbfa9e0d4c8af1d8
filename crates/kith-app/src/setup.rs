//! A new database and the owner's own details and settings.
