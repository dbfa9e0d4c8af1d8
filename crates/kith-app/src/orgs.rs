//! Organizations and engagements.
