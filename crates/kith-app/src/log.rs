//! Interactions logged by hand.
