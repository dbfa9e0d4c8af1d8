//! Writing people out: vCard 4.0 for address books and phones, CSV for spreadsheets.

use kith_core::{Note, Person, Transition};

pub use crate::vcard_out::{vcard, vcard_card};

/// One person with what an export shows beside the record itself.
#[derive(Clone, Copy, Debug)]
pub struct Exported<'a> {
    /// The person.
    pub person: &'a Person,
    /// Their organization's name.
    pub org: Option<&'a str>,
    /// Their notes, oldest first.
    pub notes: &'a [Note],
    /// Their latest stage change.
    pub last_transition: Option<&'a Transition>,
}

/// The columns of [`csv`], in order.
const CSV_COLUMNS: [&str; 12] = [
    "Name",
    "Emails",
    "Phones",
    "URLs",
    "Organization",
    "Role",
    "Industry",
    "Tags",
    "Stage",
    "Tier",
    "Aliases",
    "Id",
];

/// What separates several values in one cell of [`csv`].
const CSV_LIST_SEPARATOR: &str = "; ";

/// People as CSV for spreadsheets, one row per person in the order given: RFC 4180 with
/// a header row, CRLF line ends and quotes only where a value needs them. Cells with
/// several values (emails, phones, URLs, tags, aliases) join them with `; `. Imported
/// again as a contact CSV, it gives back each person's name, identities, organization,
/// role and tags.
pub fn csv(people: &[Exported<'_>]) -> String {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let rows = std::iter::once(CSV_COLUMNS.map(str::to_owned)).chain(people.iter().map(csv_row));
    for row in rows {
        writer.write_record(&row).expect("rows of equal length are written to memory");
    }
    let bytes = writer.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("CSV written from text is UTF-8")
}

/// One person's row of [`csv`], in the order of [`CSV_COLUMNS`].
fn csv_row(p: &Exported<'_>) -> [String; 12] {
    use kith_core::IdentityKind;
    let person = p.person;
    let identities = |kind: IdentityKind| {
        let values: Vec<&str> =
            person.identities.iter().filter(|id| id.kind() == kind).map(|id| id.value()).collect();
        values.join(CSV_LIST_SEPARATOR)
    };
    [
        person.name.clone(),
        identities(IdentityKind::Email),
        identities(IdentityKind::Phone),
        identities(IdentityKind::Url),
        p.org.unwrap_or_default().to_owned(),
        person.role.clone().unwrap_or_default(),
        person.industry.clone().unwrap_or_default(),
        // The `stage:` tag repeats the Stage column; read back, it would be a stage's
        // tag without the stage.
        person
            .tags
            .iter()
            .filter(|t| !t.starts_with(kith_core::STAGE_TAG_PREFIX))
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(CSV_LIST_SEPARATOR),
        person.stage.as_str().to_owned(),
        person.tier.map(|tier| tier.as_str().to_owned()).unwrap_or_default(),
        person.aliases.join(CSV_LIST_SEPARATOR),
        person.id.to_string(),
    ]
}
