//! The ledger: favors given, received, asked and declined.
