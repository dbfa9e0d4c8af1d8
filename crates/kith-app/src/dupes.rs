//! Likely duplicates, merges and undoing them.
