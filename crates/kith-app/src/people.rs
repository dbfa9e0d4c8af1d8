//! People: added, edited, listed.
