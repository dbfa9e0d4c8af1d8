//! Favors found in mail, waiting for the owner's word.
