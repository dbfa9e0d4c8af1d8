//! Rule tests, in our own words.
