//! The review, plans and health: everyone assessed at once, ranked by attention.
