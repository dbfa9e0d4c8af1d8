//! Winding down a client engagement, person by person.
