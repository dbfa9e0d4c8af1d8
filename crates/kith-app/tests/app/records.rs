//! Use cases of this area, on a real database.
