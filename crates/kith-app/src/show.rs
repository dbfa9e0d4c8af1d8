//! One person whole: profile, health, ledger, timeline and history.
