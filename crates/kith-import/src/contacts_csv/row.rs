//! One row of a contact CSV made into a contact record.

use super::header::{Column, Field};
use super::linkedin;
use crate::limits::{self, NOTE_CHARS};
use crate::{Context, Effect, Format, Parsed};
use csv::StringRecord;
use kith_core::{ContactRecord, Identity, IdentityKind, PersonId, clean_name, clean_tag, clean_text};

/// Google's built-in groups that say nothing about a person (compared lower-cased,
/// without spaces, after the `* ` that marks a built-in group).
const SYSTEM_GROUPS: [&str; 2] = ["mycontacts", "starred"];

/// A row being read: its cells, the line it starts on, and how the file is read.
pub(super) struct Row<'r> {
    /// The cells.
    pub record: &'r StringRecord,
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The columns kith reads.
    pub columns: &'r [Column],
    /// The format the file is read as.
    pub format: Format,
}

impl Row<'_> {
    /// The non-empty, trimmed cells of the columns holding `field`, in column order.
    fn cells(&self, field: Field) -> impl Iterator<Item = (&Column, &str)> {
        self.columns
            .iter()
            .filter(move |c| c.field == field)
            .filter_map(|c| self.record.get(c.index).map(|cell| (c, cell.trim())))
            .filter(|(_, cell)| !cell.is_empty())
    }

    /// The first non-empty cell holding `field`.
    fn first(&self, field: Field) -> Option<&str> {
        self.cells(field).next().map(|(_, cell)| cell)
    }

    /// The items of the cells holding `field`, where a cell may hold several.
    fn items(&self, field: Field) -> impl Iterator<Item = (&Column, &str)> {
        let separators = separators(self.format);
        self.cells(field).flat_map(move |(column, cell)| {
            split_items(cell, separators).into_iter().map(move |item| (column, item))
        })
    }

    /// Whether every cell is empty (such as a trailing line of commas).
    fn is_blank(&self) -> bool {
        self.record.iter().all(|cell| cell.trim().is_empty())
    }
}

/// The contact a row describes, without its source key. A blank row gives `None`
/// silently; a row that names nobody gives `None` and a skipped problem. Values that
/// cannot be read are reported and left out.
pub(super) fn contact(row: &Row<'_>, cx: &Context<'_>, parsed: &mut Parsed) -> Option<ContactRecord> {
    if row.is_blank() {
        return None;
    }
    let contact = ContactRecord {
        file: cx.file.to_owned(),
        name: name(row),
        identities: identities(row, parsed),
        org: row.first(Field::Org).map(on_one_line),
        role: row.first(Field::Role).map(on_one_line),
        tags: tags(row),
        notes: notes(row, parsed),
        connected: connected(row, cx, parsed),
        // Another tool's id column holds no kith id, and is read as none.
        kith_id: row.first(Field::KithId).and_then(PersonId::parse),
        ..ContactRecord::default()
    };
    if !contact.is_someone() {
        parsed.problem(row.line, Effect::Skipped, nobody(row.format));
        return None;
    }
    Some(contact)
}

/// The row's name: its full-name column, else its name parts joined.
fn name(row: &Row<'_>) -> Option<String> {
    let name = match row.first(Field::FullName) {
        Some(full) => full.to_owned(),
        None => [Field::Given, Field::Middle, Field::Family, Field::Suffix]
            .into_iter()
            .filter_map(|part| row.first(part))
            .collect::<Vec<_>>()
            .join(" "),
    };
    clean_name(&name).ok()
}

/// The row's email addresses, then phone numbers, then URLs, each once; values that
/// are none of these are reported as dropped.
fn identities(row: &Row<'_>, parsed: &mut Parsed) -> Vec<Identity> {
    let kinds = [
        (Field::Email, IdentityKind::Email),
        (Field::Phone, IdentityKind::Phone),
        (Field::Url, IdentityKind::Url),
    ];
    let mut found = Vec::new();
    for (field, kind) in kinds {
        for (column, item) in row.items(field) {
            match Identity::of_kind(kind, item) {
                Ok(identity) if !found.contains(&identity) => found.push(identity),
                Ok(_) => {}
                Err(e) => {
                    parsed.problem(row.line, Effect::Dropped, format!("column \"{}\": {e}", column.name))
                }
            }
        }
    }
    found
}

/// The row's notes, each cut to [`NOTE_CHARS`] characters (saying so).
fn notes(row: &Row<'_>, parsed: &mut Parsed) -> Vec<String> {
    let mut notes = Vec::new();
    for (column, cell) in row.cells(Field::Notes) {
        let Ok(text) = clean_text(cell, "note") else { continue };
        let (text, cut) = limits::cut_text(text, NOTE_CHARS, &column.name);
        if let Some(said) = cut {
            parsed.problem(row.line, Effect::Dropped, said);
        }
        notes.push(text);
    }
    notes
}

/// The row's tags, each once.
fn tags(row: &Row<'_>) -> Vec<String> {
    let mut tags = Vec::new();
    for tag in row.items(Field::Tags).filter_map(|(_, item)| tag_of(item)) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// A tag from a category, label or group. Google marks its built-in groups with `* `:
/// the mark is dropped, and groups every contact is in (`* myContacts`, `* starred`)
/// give no tag.
fn tag_of(item: &str) -> Option<String> {
    let group = match item.strip_prefix("* ") {
        Some(builtin) => {
            let key: String = builtin.split_whitespace().collect::<String>().to_lowercase();
            if SYSTEM_GROUPS.contains(&key.as_str()) {
                return None;
            }
            builtin
        }
        None => item,
    };
    clean_tag(group).ok()
}

/// When the row says the connection was made; an unreadable day is reported as dropped.
fn connected(row: &Row<'_>, cx: &Context<'_>, parsed: &mut Parsed) -> Option<jiff::Timestamp> {
    let (column, text) = row.cells(Field::ConnectedOn).next()?;
    linkedin::connected_on(text, cx.tz, cx.now)
        .map_err(|why| {
            parsed.problem(row.line, Effect::Dropped, format!("column \"{}\": {why}", column.name))
        })
        .ok()
}

/// A value with its whitespace, line breaks included, collapsed to single spaces.
fn on_one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a row that names nobody is skipped, in the words of its format.
fn nobody(format: Format) -> &'static str {
    match format {
        Format::Linkedin => "a private member with no name or address",
        _ => "a row with no name, email address, phone number or URL",
    }
}

/// What separates several values in one cell: Google writes ` ::: `, Outlook `;`,
/// kith's own export `; `; LinkedIn puts one value in each cell.
fn separators(format: Format) -> &'static [&'static str] {
    match format {
        Format::Linkedin => &[],
        Format::GoogleCsv => &[":::"],
        Format::OutlookCsv => &[";"],
        _ => &[";", ":::"],
    }
}

/// A cell's items: split at every separator, trimmed, empty ones left out.
fn split_items<'a>(cell: &'a str, separators: &[&str]) -> Vec<&'a str> {
    let mut items = vec![cell];
    for separator in separators {
        items = items.into_iter().flat_map(|item| item.split(separator)).collect();
    }
    items.into_iter().map(str::trim).filter(|item| !item.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_split_into_items_at_each_separator() {
        assert_eq!(split_items(" a ::: b; c ;; ", &[";", ":::"]), ["a", "b", "c"]);
        assert_eq!(split_items("a; b", &[]), ["a; b"]);
    }

    #[test]
    fn google_groups_become_tags_without_the_builtin_ones() {
        assert_eq!(tag_of("* myContacts"), None);
        assert_eq!(tag_of("* My Contacts"), None);
        assert_eq!(tag_of("* Starred"), None);
        assert_eq!(tag_of("* Friends").as_deref(), Some("friends"));
        assert_eq!(tag_of("Book Club").as_deref(), Some("book-club"));
        assert_eq!(tag_of("starred").as_deref(), Some("starred"), "only marked groups are built in");
    }
}
