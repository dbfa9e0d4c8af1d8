//! Check-ins due and upcoming, their feed, and birthdays.
