//! Finding a contact CSV's header row: its delimiter, the records before it (a preamble
//! such as LinkedIn's notice), what each column holds and whose export it is.

use crate::Format;
use csv::{Reader, ReaderBuilder, StringRecord};

/// The delimiters contact exports are written with, tried in this order.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How many records at the top of a file may come before the header row.
const HEADER_SEARCH: usize = 10;

/// What a column holds, as far as kith is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    /// The whole name (display name, full name).
    FullName,
    /// The first or given name.
    Given,
    /// The middle or additional name.
    Middle,
    /// The last or family name.
    Family,
    /// A suffix after the name (Jr., PhD).
    Suffix,
    /// Email addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Profile or home page URLs.
    Url,
    /// The organization.
    Org,
    /// The role or job title.
    Role,
    /// Free-text notes.
    Notes,
    /// Tags, categories, labels or groups.
    Tags,
    /// The day the connection was made (LinkedIn).
    ConnectedOn,
    /// The id of the person a kith export wrote the row from.
    KithId,
}

impl Field {
    /// Whether a column of this kind holds identities.
    fn is_identity(self) -> bool {
        matches!(self, Field::Email | Field::Phone | Field::Url)
    }

    /// Whether a column of this kind holds a name or a part of one.
    fn is_name(self) -> bool {
        matches!(self, Field::FullName | Field::Given | Field::Family)
    }
}

/// Header names (lower-cased, letters and digits only) that mean one field.
const KNOWN_HEADERS: &[(&str, Field)] = &[
    ("name", Field::FullName),
    ("displayname", Field::FullName),
    ("fullname", Field::FullName),
    ("formattedname", Field::FullName),
    ("firstname", Field::Given),
    ("givenname", Field::Given),
    ("middlename", Field::Middle),
    ("additionalname", Field::Middle),
    ("lastname", Field::Family),
    ("familyname", Field::Family),
    ("surname", Field::Family),
    ("suffix", Field::Suffix),
    ("namesuffix", Field::Suffix),
    ("company", Field::Org),
    ("companyname", Field::Org),
    ("organization", Field::Org),
    ("organisation", Field::Org),
    ("organizationname", Field::Org),
    ("organization1name", Field::Org),
    ("role", Field::Role),
    ("title", Field::Role),
    ("jobtitle", Field::Role),
    ("position", Field::Role),
    ("organizationtitle", Field::Role),
    ("organization1title", Field::Role),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("tags", Field::Tags),
    ("categories", Field::Tags),
    ("labels", Field::Tags),
    ("groups", Field::Tags),
    ("groupmembership", Field::Tags),
    ("connectedon", Field::ConnectedOn),
    ("id", Field::KithId),
];

/// Parts of header names that mark a column as describing a value rather than holding
/// one (`E-mail 1 - Type`), or as holding someone else's number (`Assistant's Phone`).
const NOT_AN_IDENTITY: &[&str] = &[
    "type",
    "label",
    "name",
    "phonetic",
    "yomi",
    "assistant",
    "companymain",
    "fax",
    "pager",
    "photo",
    "avatar",
];

/// A column kith reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Column {
    /// Its position in a row.
    pub index: usize,
    /// What it holds.
    pub field: Field,
    /// Its name in the header, for messages.
    pub name: String,
}

/// A file's header row and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Header {
    /// The field delimiter.
    pub delimiter: u8,
    /// How many records come before the header row.
    pub preamble: usize,
    /// The column names as written.
    pub names: Vec<String>,
    /// Whose export the column names say it is.
    pub format: Format,
}

impl Header {
    /// The columns kith reads, for a file read as `format`.
    pub(super) fn columns(&self, format: Format) -> Vec<Column> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(index, name)| {
                field_of(name, format).map(|field| Column { index, field, name: name.trim().to_owned() })
            })
            .collect()
    }
}

/// A CSV reader over `text` that treats every record alike (the header is found by
/// [`find`]) and accepts rows with too few or too many fields.
pub(super) fn reader(text: &str, delimiter: u8) -> Reader<&[u8]> {
    ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes())
}

/// Finds the header row among the first records of `text`: for each delimiter, the
/// record naming the most columns kith knows (see [`header_score`]); the delimiter that
/// names most wins.
pub(super) fn find(text: &str) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    for delimiter in DELIMITERS {
        let Some((score, header)) = best_record(text, delimiter) else { continue };
        if best.as_ref().is_none_or(|(best_score, _)| score > *best_score) {
            best = Some((score, header));
        }
    }
    best.map(|(_, header)| header)
}

/// The record among the first few that looks most like a header with `delimiter`, and
/// how many known columns it names.
fn best_record(text: &str, delimiter: u8) -> Option<(usize, Header)> {
    let mut best: Option<(usize, Header)> = None;
    for (preamble, record) in reader(text, delimiter).records().take(HEADER_SEARCH).enumerate() {
        let Ok(record) = record else { continue };
        let Some(score) = header_score(&record) else { continue };
        if best.as_ref().is_none_or(|(best_score, _)| score > *best_score) {
            let names: Vec<String> = record.iter().map(str::to_owned).collect();
            let format = format_of(&names);
            best = Some((score, Header { delimiter, preamble, names, format }));
        }
    }
    best
}

/// How many known columns a record names, if it could be the header row of contacts:
/// it must have at least two cells, and name an identity column or a name column and at
/// least one more (so that a price list with a `Name` column, or a line of some other
/// format such as `ACTION:EMAIL`, is not taken for an address book).
fn header_score(record: &StringRecord) -> Option<usize> {
    if record.len() < 2 {
        return None;
    }
    let fields: Vec<Field> =
        record.iter().filter(|cell| could_be_a_column_name(cell)).filter_map(field_of_any).collect();
    let has_identity = fields.iter().any(|f| f.is_identity());
    let has_name = fields.iter().any(|f| f.is_name());
    (has_identity || has_name && fields.len() >= 2).then_some(fields.len())
}

/// Whether a cell could be a column name rather than a value: short, and not an address.
fn could_be_a_column_name(cell: &str) -> bool {
    cell.len() <= 64 && !cell.contains('@') && !cell.contains("://")
}

/// What a column holds in a file read as `format`. Outlook's `Title` is an honorific
/// (Mr., Dr.), not a job title, so it is left out there.
fn field_of(name: &str, format: Format) -> Option<Field> {
    let key = normalize(name);
    if format == Format::OutlookCsv && key == "title" {
        return None;
    }
    field_of_key(&key)
}

/// What a column holds, whatever the file's format.
fn field_of_any(name: &str) -> Option<Field> {
    field_of_key(&normalize(name))
}

/// What a column with a normalized name holds: a known name, else an identity column
/// recognized by a word in its name (`Primary Email`, `Business Phone 2`, `Web Page 1`).
fn field_of_key(key: &str) -> Option<Field> {
    if let Some((_, field)) = KNOWN_HEADERS.iter().find(|(known, _)| *known == key) {
        return Some(*field);
    }
    if NOT_AN_IDENTITY.iter().any(|word| key.contains(word)) {
        return None;
    }
    if key.contains("email") {
        Some(Field::Email)
    } else if key.contains("phone") || key.contains("mobile") {
        Some(Field::Phone)
    } else if ["webpage", "website", "homepage"].iter().any(|w| key.contains(w))
        || key.ends_with("url")
        || key.ends_with("urls")
    {
        Some(Field::Url)
    } else {
        None
    }
}

/// Whose export a header row is, from the column names only that export has.
fn format_of(names: &[String]) -> Format {
    let keys: Vec<String> = names.iter().map(|n| normalize(n)).collect();
    let has = |wanted: &str| keys.iter().any(|k| k == wanted);
    if has("connectedon") {
        Format::Linkedin
    } else if has("groupmembership") || has("email1value") || has("phone1value") || has("website1value") {
        Format::GoogleCsv
    } else if has("email2address") || has("businessphone") || has("emaildisplayname") {
        Format::OutlookCsv
    } else {
        Format::ContactCsv
    }
}

/// A column name reduced to lower-case letters and digits: `E-mail 1 - Value` becomes
/// `email1value`.
fn normalize(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_read_whatever_their_spelling() {
        assert_eq!(field_of_any("E-mail 2 Address"), Some(Field::Email));
        assert_eq!(field_of_any("E-mail 1 - Type"), None);
        assert_eq!(field_of_any("E-mail Display Name"), None);
        assert_eq!(field_of_any("Phonetic First Name"), None);
        assert_eq!(field_of_any("Assistant's Phone"), None);
        assert_eq!(field_of_any("Business Fax"), None);
        assert_eq!(field_of_any("Mobile Number"), Some(Field::Phone));
        assert_eq!(field_of_any("Web Page 1"), Some(Field::Url));
        assert_eq!(field_of_any("URLs"), Some(Field::Url));
        assert_eq!(field_of("Title", Format::ContactCsv), Some(Field::Role));
        assert_eq!(field_of("Title", Format::OutlookCsv), None);
    }

    #[test]
    fn the_header_is_found_after_a_preamble_and_with_its_delimiter() {
        let text =
            "Notes:\n\"A notice, with commas, and an email address.\"\n\nName\tEmail\nAda\tada@example.org\n";
        let header = find(text).unwrap();
        assert_eq!((header.delimiter, header.preamble), (b'\t', 2));
        assert_eq!(header.names, ["Name", "Email"]);
        assert_eq!(find("Ada,ada@example.org\nGrace,grace@example.org\n"), None);
        assert_eq!(find("Name,Price\nTea,3\n"), None, "a name alone does not make contacts");
        assert!(find("First Name,Last Name\nAda,Lovelace\n").is_some());
    }
}
