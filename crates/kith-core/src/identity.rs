//! Identities — email addresses, phone numbers and profile URLs — in one normal form,
//! so that the same person met through two sources is recognised as one.

use crate::ValidationError;
use crate::names::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum!(
    /// What an identity is.
    IdentityKind, "identity kind" {
        /// An email address, lower-cased.
        Email = "email",
        /// A phone number: digits, with a leading `+` when international.
        Phone = "phone",
        /// A profile or home page URL in canonical form.
        Url = "url",
        /// An Exchange X.500 address (`/o=org/ou=site/cn=recipients/cn=name`), lower-cased:
        /// what Outlook exports carry instead of an email address for colleagues.
        Exchange = "exchange",
        /// A display name standing alone, as Lotus Notes writes correspondents: given name
        /// first, lower-cased, spaces collapsed.
        Name = "name",
    }
);

/// One normalized identity. Build it with [`Identity::email`], [`Identity::phone`],
/// [`Identity::url`] or [`Identity::parse`]; the value is always in normal form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "RawIdentity", into = "RawIdentity")]
pub struct Identity {
    kind: IdentityKind,
    value: String,
}

#[derive(Serialize, Deserialize)]
struct RawIdentity {
    kind: IdentityKind,
    value: String,
}

impl TryFrom<RawIdentity> for Identity {
    type Error = ValidationError;
    fn try_from(raw: RawIdentity) -> Result<Self, ValidationError> {
        Identity::of_kind(raw.kind, &raw.value)
    }
}

impl From<Identity> for RawIdentity {
    fn from(id: Identity) -> Self {
        RawIdentity { kind: id.kind, value: id.value }
    }
}

impl Identity {
    /// An email address: trimmed, lower-cased, `mailto:` and angle brackets removed.
    pub fn email(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        let t = t.strip_prefix("mailto:").unwrap_or(t);
        let t = t.trim_start_matches('<').trim_end_matches('>').to_lowercase();
        let bad = || ValidationError::MalformedEmail(text.trim().to_owned());
        let (local, domain) = t.split_once('@').ok_or_else(bad)?;
        let valid_local = !local.is_empty()
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.chars().any(|c| c.is_whitespace() || "<>()[],;:\"@".contains(c));
        if !valid_local || !is_domain(domain) {
            return Err(bad());
        }
        Ok(Self { kind: IdentityKind::Email, value: t })
    }

    /// A phone number: separators dropped, `00` turned into `+`, 3 to 15 digits.
    pub fn phone(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        let t = t.strip_prefix("tel:").unwrap_or(t);
        let bad = || ValidationError::MalformedPhone(text.trim().to_owned());
        let (plus, rest) = match t.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => match t.strip_prefix("00") {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, t),
            },
        };
        let mut digits = String::with_capacity(rest.len() + 1);
        if plus {
            digits.push('+');
        }
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
                _ => return Err(bad()),
            }
        }
        let count = digits.trim_start_matches('+').len();
        if !(3..=15).contains(&count) {
            return Err(bad());
        }
        Ok(Self { kind: IdentityKind::Phone, value: digits })
    }

    /// A URL in canonical form: `https://host/path`, host lower-cased without `www.`,
    /// no fragment, no trailing slash. A missing scheme is taken as https.
    pub fn url(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        let bad = || ValidationError::MalformedUrl(t.to_owned());
        let lower = t.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &t[8..]
        } else if lower.starts_with("http://") {
            &t[7..]
        } else if t.contains("://") {
            return Err(bad());
        } else {
            t
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (host, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        if !is_domain(host) || path.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        let path = path.trim_end_matches('/');
        Ok(Self { kind: IdentityKind::Url, value: format!("https://{host}{path}") })
    }

    /// An Exchange X.500 address: trimmed and lower-cased; it must start with `/o=`.
    pub fn exchange(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
        if !t.starts_with("/o=") || t.len() <= 3 || t.chars().any(char::is_whitespace) {
            return Err(ValidationError::MalformedExchange(text.trim().to_owned()));
        }
        Ok(Self { kind: IdentityKind::Exchange, value: t })
    }

    /// A display name standing alone, in the form two spellings of one name share:
    /// given name first (`Townsend, Judy` is `judy townsend`), no quote marks,
    /// lower-cased, spaces collapsed. It must have a letter.
    pub fn display_name(text: &str) -> Result<Self, ValidationError> {
        let value = crate::mail_name::person_name_from_mail(Some(text), "").to_lowercase();
        if !value.chars().any(char::is_alphabetic) || value.contains('@') {
            return Err(ValidationError::MalformedName(text.trim().to_owned()));
        }
        Ok(Self { kind: IdentityKind::Name, value })
    }

    /// An identity of a known kind.
    pub fn of_kind(kind: IdentityKind, text: &str) -> Result<Self, ValidationError> {
        match kind {
            IdentityKind::Email => Self::email(text),
            IdentityKind::Phone => Self::phone(text),
            IdentityKind::Url => Self::url(text),
            IdentityKind::Exchange => Self::exchange(text),
            IdentityKind::Name => Self::display_name(text),
        }
    }

    /// An identity of any kind as typed: an X.500 address (`/o=…`), an email
    /// address, phone number or URL, and failing those a display name (what Lotus Notes
    /// writes instead of an address).
    pub fn parse_any_kind(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        if t.starts_with('/') {
            return Self::exchange(t);
        }
        Self::parse(t).or_else(|error| match error {
            // A name typed for an identity has two words or more, none of them a piece of
            // an address (`bob at example.com`, `http//host`): a typo is refused, not kept.
            ValidationError::UnknownIdentity(_) if looks_like_a_name(t) => Self::display_name(t),
            ValidationError::UnknownIdentity(_) => Err(ValidationError::MalformedName(t.to_owned())),
            other => Err(other),
        })
    }

    /// Guesses the kind: `@` means email, a leading `+` or digits mean phone, and a
    /// scheme or a dotted host means URL.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        if t.contains('@') && !t.contains('/') {
            Self::email(t)
        } else if t.starts_with('+')
            || t.starts_with("tel:")
            || t.starts_with(|c: char| c.is_ascii_digit()) && !t.contains('/') && Self::phone(t).is_ok()
        {
            Self::phone(t)
        } else if t.contains("://") || (t.contains('.') && !t.contains(' ')) {
            Self::url(t)
        } else {
            Err(ValidationError::UnknownIdentity(t.to_owned()))
        }
    }

    /// Whether text looks like an identity rather than a name (used to route `<who>`):
    /// an `@`, a scheme, a dotted host followed by a path, or a phone number.
    pub fn looks_like_one(text: &str) -> bool {
        let t = text.trim();
        let url_without_scheme =
            !t.contains(' ') && t.split('/').next().is_some_and(|host| host.contains('.')) && t.contains('/');
        t.contains('@')
            || t.contains("://")
            || url_without_scheme
            || t.starts_with('+')
            || (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " -().".contains(c)))
    }

    /// The kind.
    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The normalized value.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

/// Whether typed text reads as a person's name: two words or more, none holding `/`, `:`
/// or a dot before its last letter.
fn looks_like_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            !w.contains(['/', ':', '@'])
                && !w.trim_end_matches('.').contains('.')
                && w.chars().any(char::is_alphabetic)
        })
}

/// Whether text is a plausible internet domain (labels of letters, digits and hyphens,
/// at least one dot).
pub(crate) fn is_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_without_an_address_gives_identities_of_their_own_kinds() {
        let x500 = Identity::parse_any_kind(" /O=ENRON/OU=NA/CN=RECIPIENTS/CN=JTOWNSE ").unwrap();
        assert_eq!(
            (x500.kind(), x500.value()),
            (IdentityKind::Exchange, "/o=enron/ou=na/cn=recipients/cn=jtownse")
        );
        // Both spellings of one Notes name are one identity, given name first.
        let notes = Identity::parse_any_kind("Judy Townsend").unwrap();
        assert_eq!((notes.kind(), notes.value()), (IdentityKind::Name, "judy townsend"));
        assert_eq!(Identity::display_name("\"Townsend, Judy\"").unwrap(), notes);
        // Never an email: what has an @ is an address or nothing.
        assert!(matches!(Identity::parse_any_kind("judy@"), Err(ValidationError::MalformedEmail(_))));
        assert!(Identity::parse_any_kind("/CN=RECIPIENTS").is_err());
        assert!(Identity::parse_any_kind("12").is_err());
        for typo in ["judy", "bob at example.com", "http//foo bar", "J. R. R. Tolkien."] {
            let refused = Identity::parse_any_kind(typo).is_err();
            assert_eq!(refused, typo != "J. R. R. Tolkien.", "{typo}");
        }
        assert_eq!(Identity::parse_any_kind("ada@example.com").unwrap().kind(), IdentityKind::Email);
        // Stored values read back as they were.
        for identity in [x500, notes] {
            assert_eq!(Identity::of_kind(identity.kind(), identity.value()).unwrap(), identity);
        }
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(Identity::email(" <Ada@Example.COM> ").unwrap().value(), "ada@example.com");
        assert_eq!(Identity::email("mailto:x@y.org").unwrap().value(), "x@y.org");
        for bad in ["ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@@example.com"] {
            assert!(Identity::email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn phones_keep_digits_and_plus() {
        assert_eq!(Identity::phone("+1 (555) 010-9999").unwrap().value(), "+15550109999");
        assert_eq!(Identity::phone("0044 20 7946 0958").unwrap().value(), "+442079460958");
        assert_eq!(Identity::phone("555.0100").unwrap().value(), "5550100");
        assert!(Identity::phone("call me").is_err());
        assert!(Identity::phone("12").is_err());
    }

    #[test]
    fn urls_are_canonical() {
        let want = "https://linkedin.com/in/ada";
        for given in [
            "https://www.linkedin.com/in/ada/",
            "http://LinkedIn.com/in/ada",
            "www.linkedin.com/in/ada#top",
            "linkedin.com/in/ada",
        ] {
            assert_eq!(Identity::url(given).unwrap().value(), want, "{given}");
        }
        assert!(Identity::url("ftp://x.org").is_err());
        assert!(Identity::url("not a url").is_err());
    }

    #[test]
    fn parse_guesses_the_kind() {
        assert_eq!(Identity::parse("ada@example.com").unwrap().kind(), IdentityKind::Email);
        assert_eq!(Identity::parse("+44 20 7946 0958").unwrap().kind(), IdentityKind::Phone);
        assert_eq!(Identity::parse("example.com/ada").unwrap().kind(), IdentityKind::Url);
        assert!(Identity::parse("Ada Lovelace").is_err());
        assert!(Identity::looks_like_one("linkedin.com/in/ada"));
        assert!(Identity::looks_like_one("+44 20 7946 0958"));
        assert!(!Identity::looks_like_one("A. Lovelace"));
        assert!(!Identity::looks_like_one("Ada/Grace"));
    }
}
