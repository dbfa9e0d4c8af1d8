//! Birthdays coming up, for `kith checkins --birthdays`: asked for, never added to the
//! check-ins on their own, since a birthday wish is the owner's choice, not a duty kith
//! sets.

use crate::{CardDate, Person};
use jiff::civil::Date;

/// A birthday within the window asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct UpcomingBirthday<'a> {
    /// Whose birthday it is.
    pub person: &'a Person,
    /// The day it falls on.
    pub on: Date,
    /// The age they turn, when the card gave the year of birth.
    pub turns: Option<i16>,
}

impl CardDate {
    /// The first day on or after `from` that this date falls on; 29 February falls on
    /// 28 February in a year without it.
    pub fn next_on_or_after(&self, from: Date) -> Date {
        let in_year = |year: i16| {
            Date::new(year, self.month, self.day)
                .or_else(|_| Date::new(year, self.month, self.day - 1))
                .expect("a checked day, or the 28th of February")
        };
        let this_year = in_year(from.year());
        if this_year >= from { this_year } else { in_year(from.year() + 1) }
    }
}

/// The birthdays of people whose tie is not over falling from `today` to `days` days
/// after it, soonest first (then by name).
pub fn upcoming_birthdays(people: &[Person], today: Date, days: i64) -> Vec<UpcomingBirthday<'_>> {
    let last = today.saturating_add(jiff::Span::new().days(days));
    let mut found: Vec<UpcomingBirthday<'_>> = people
        .iter()
        .filter(|p| !p.stage.is_over())
        .filter_map(|person| {
            let birthday = person.details.birthday?;
            let on = birthday.next_on_or_after(today);
            (on <= last).then(|| UpcomingBirthday { person, on, turns: birthday.year.map(|y| on.year() - y) })
        })
        .collect();
    found.sort_by(|a, b| (a.on, &a.person.name).cmp(&(b.on, &b.person.name)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Stage;
    use crate::person::test_person;
    use jiff::civil::date;

    fn born(bits: u64, name: &str, birthday: &str) -> Person {
        let mut p = test_person(bits, name);
        p.details.birthday = CardDate::parse(birthday);
        p
    }

    #[test]
    fn birthdays_in_the_window_soonest_first_with_the_age_when_known() {
        let people = [
            born(1, "Ada", "1985-04-15"),
            born(2, "Bob", "--04-02"),
            born(3, "Cy", "--06-01"),
            born(4, "Dee", "1990-03-31"),
            Person { stage: Stage::Ended, ..born(5, "Eve", "--04-03") },
        ];
        // From 1 April 2026, 30 days: Bob on the 2nd (no year), Ada on the 15th, turning
        // 41 (2026 - 1985); Dee's was yesterday (next year's is too far), Cy's is in June,
        // and Eve's tie is over.
        let found = upcoming_birthdays(&people, date(2026, 4, 1), 30);
        let seen: Vec<(&str, Date, Option<i16>)> =
            found.iter().map(|b| (b.person.name.as_str(), b.on, b.turns)).collect();
        assert_eq!(seen, [("Bob", date(2026, 4, 2), None), ("Ada", date(2026, 4, 15), Some(41))]);
        // Today counts.
        assert_eq!(upcoming_birthdays(&people, date(2026, 3, 31), 0).len(), 1);
    }

    #[test]
    fn a_leap_day_birthday_falls_on_the_28th_in_other_years() {
        let leap = CardDate::parse("--0229").unwrap();
        assert_eq!(leap.next_on_or_after(date(2026, 1, 1)), date(2026, 2, 28));
        assert_eq!(leap.next_on_or_after(date(2027, 3, 1)), date(2028, 2, 29));
    }
}
