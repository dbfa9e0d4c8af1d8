//! Imports of address books, calendars, exports and archives.
