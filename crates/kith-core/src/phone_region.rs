//! Phone numbers in one international form (E.164, `+` and the country calling code),
//! so that `+1 905 555 1234` and `905-555-1234` written by someone in North America are
//! one number. A number written without a calling code is read in the owner's region,
//! which the caller passes in.

use crate::{ContactRecord, Identity, IdentityKind, Person, PersonId, ValidationError};
use std::collections::HashMap;
use std::fmt;

/// The country calling code numbers written without one are read in ("1", "44").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PhoneRegion(String);

/// Calling codes of two digits (ITU-T E.164 assignments); `1` and `7` have one digit,
/// and every other code three.
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48",
    "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81",
    "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

impl PhoneRegion {
    /// A calling code as typed (`1`, `+44`, `0049`): one to three digits.
    pub fn new(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        let digits = t.strip_prefix('+').or_else(|| t.strip_prefix("00")).unwrap_or(t);
        if (1..=3).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
        {
            Ok(Self(digits.to_owned()))
        } else {
            Err(ValidationError::MalformedRegion(t.to_owned()))
        }
    }

    /// The region of an international number: its calling code.
    pub fn of_number(number: &Identity) -> Option<Self> {
        let digits = number.value().strip_prefix('+').filter(|_| number.kind() == IdentityKind::Phone)?;
        let length = match digits.get(..1)? {
            "1" | "7" => 1,
            _ if TWO_DIGIT_CODES.contains(&digits.get(..2)?) => 2,
            _ => 3,
        };
        Some(Self(digits.get(..length)?.to_owned()))
    }

    /// The calling code's digits.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// A phone number in international form when it was written in this region without
    /// a calling code; any other identity, and a number too short to be a whole national
    /// number (a local extension), as it is. North America has no trunk prefix: ten
    /// digits, or eleven starting with 1, are a whole number. Elsewhere a national
    /// number starts with the trunk prefix 0, which is dropped (Italy keeps it).
    pub fn normalize(&self, identity: &Identity) -> Identity {
        let value = identity.value();
        if identity.kind() != IdentityKind::Phone || value.starts_with('+') {
            return identity.clone();
        }
        let international = match self.0.as_str() {
            "1" if value.len() == 10 => Some(format!("+1{value}")),
            "1" if value.len() == 11 && value.starts_with('1') => Some(format!("+{value}")),
            "1" => None,
            "39" if value.starts_with('0') && value.len() >= 6 => Some(format!("+39{value}")),
            code => value
                .strip_prefix('0')
                .filter(|national| national.len() >= 6 && !national.starts_with('0'))
                .map(|national| format!("+{code}{national}")),
        };
        international.and_then(|number| Identity::phone(&number).ok()).unwrap_or_else(|| identity.clone())
    }
}

/// A stored number that stays as it was because its international form is someone
/// else's: two people sharing a number are never merged silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneClash {
    /// Whose number it is.
    pub person: PersonId,
    /// The number as stored.
    pub number: Identity,
    /// Its international form.
    pub international: Identity,
    /// Who holds that form.
    pub holder: PersonId,
}

/// What reading everyone's stored numbers in a region changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Renumbering {
    /// The people whose numbers changed, as they become.
    pub changed: Vec<Person>,
    /// How many numbers took their international form (or went, as the person had it
    /// already).
    pub numbers: usize,
    /// Numbers left as they were.
    pub clashes: Vec<PhoneClash>,
}

impl PhoneRegion {
    /// Reads every number of `people` written without a calling code in this region. A
    /// number whose international form its person has already goes (it was a second
    /// copy); one whose international form someone else holds stays, as a clash.
    pub fn renumber(&self, people: &[Person]) -> Renumbering {
        let mut holders: HashMap<Identity, PersonId> =
            people.iter().flat_map(|p| p.identities.iter().map(|i| (i.clone(), p.id.clone()))).collect();
        let mut out = Renumbering::default();
        for person in people {
            let mut changed = person.clone();
            for number in &person.identities {
                let international = self.normalize(number);
                if international == *number {
                    continue;
                }
                match holders.get(&international) {
                    Some(holder) if *holder != person.id => {
                        out.clashes.push(PhoneClash {
                            person: person.id.clone(),
                            number: number.clone(),
                            international,
                            holder: holder.clone(),
                        });
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        holders.insert(international.clone(), person.id.clone());
                        changed.identities.push(international.clone());
                    }
                }
                holders.remove(number);
                changed.identities.retain(|i| i != number);
                if let Some(label) = changed.details.labels.iter_mut().find(|l| l.identity == *number) {
                    label.identity = international;
                }
                out.numbers += 1;
            }
            if changed != *person {
                changed.identities.sort();
                changed.details.labels.sort_by(|a, b| a.identity.cmp(&b.identity));
                changed.details.labels.dedup_by(|a, b| a.identity == b.identity);
                out.changed.push(changed);
            }
        }
        out
    }
}

impl fmt::Display for PhoneRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

impl ContactRecord {
    /// The record with its phone numbers (and their labels) read in `region`, each once.
    pub fn in_region(mut self, region: &PhoneRegion) -> Self {
        let mut identities: Vec<Identity> = Vec::with_capacity(self.identities.len());
        for identity in self.identities.iter().map(|i| region.normalize(i)) {
            if !identities.contains(&identity) {
                identities.push(identity);
            }
        }
        self.identities = identities;
        for label in &mut self.details.labels {
            label.identity = region.normalize(&label.identity);
        }
        self.details.labels.sort_by(|a, b| a.identity.cmp(&b.identity));
        self.details.labels.dedup_by(|a, b| a.identity == b.identity);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(text: &str) -> Identity {
        Identity::phone(text).unwrap()
    }

    #[test]
    fn both_forms_of_one_north_american_number_are_one() {
        let region = PhoneRegion::new("+1").unwrap();
        let want = phone("+1 905 555 1234");
        assert_eq!(region.normalize(&phone("905-555-1234")), want);
        assert_eq!(region.normalize(&phone("1 (905) 555-1234")), want);
        assert_eq!(region.normalize(&want), want);
        // Seven digits are a local number without its area code: left alone.
        assert_eq!(region.normalize(&phone("555-1234")), phone("5551234"));
    }

    #[test]
    fn elsewhere_the_trunk_prefix_is_dropped() {
        let uk = PhoneRegion::new("44").unwrap();
        assert_eq!(uk.normalize(&phone("020 7946 0958")), phone("+442079460958"));
        let italy = PhoneRegion::new("0039").unwrap();
        assert_eq!(italy.normalize(&phone("06 1234 5678")), phone("+390612345678"));
        let email = Identity::email("a@b.org").unwrap();
        assert_eq!(uk.normalize(&email), email);
    }

    #[test]
    fn stored_numbers_take_the_international_form_without_merging_anyone() {
        let region = PhoneRegion::new("1").unwrap();
        let mut ada = crate::person::test_person(1, "Ada");
        ada.identities = vec![phone("+19055551234"), phone("905-555-1234"), phone("416 555 0000")];
        let mut bob = crate::person::test_person(2, "Bob");
        bob.identities = vec![phone("+12125550100")];
        let mut cy = crate::person::test_person(3, "Cy");
        cy.identities = vec![phone("212 555 0100")];
        let plan = region.renumber(&[ada, bob, cy]);
        // Ada's national copy of her own number goes, her other number is renumbered;
        // Cy's number is Bob's in international form, so it stays as it is.
        assert_eq!(plan.numbers, 2);
        assert_eq!(plan.changed.len(), 1);
        assert_eq!(plan.changed[0].identities, [phone("+14165550000"), phone("+19055551234")]);
        let [clash] = plan.clashes.as_slice() else { panic!("{:?}", plan.clashes) };
        assert_eq!(
            (clash.person.to_string(), clash.holder.to_string()),
            (crate::PersonId::from_bits(3).to_string(), crate::PersonId::from_bits(2).to_string())
        );
    }

    #[test]
    fn a_region_comes_from_an_international_number() {
        let code = |n: &str| PhoneRegion::of_number(&phone(n)).map(|r| r.code().to_owned());
        assert_eq!(code("+1 905 555 1234").as_deref(), Some("1"));
        assert_eq!(code("+44 20 7946 0958").as_deref(), Some("44"));
        assert_eq!(code("+353 1 234 5678").as_deref(), Some("353"));
        assert_eq!(code("905 555 1234"), None);
        assert!(PhoneRegion::new("1234").is_err());
        assert!(PhoneRegion::new("x").is_err());
        assert_eq!(PhoneRegion::new(" +44 ").unwrap().to_string(), "+44");
    }
}
