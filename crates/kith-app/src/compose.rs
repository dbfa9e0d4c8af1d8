//! Drafts in the user's voice, kept and marked sent; the templates.
