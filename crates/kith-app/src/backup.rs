//! The database as a whole: exports (kith's canonical JSON, vCard 4.0, CSV) given back
//! as text for the caller to write where it likes, one vCard per person written into a
//! folder, a copy of the live database, a whole database copied into another (between
//! backends), the full damage check and the salvage of a damaged one. Restores go
//! through the import.

use crate::{Ctx, Error, Result};
use kith_core::{Note, PersonId, Snapshot, Transition};
use kith_import::export::{self, Exported};
use kith_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An export's text, and how many people it holds.
#[derive(Debug, Clone)]
pub struct Export {
    /// The text, whole.
    pub text: String,
    /// How many people it holds.
    pub people: usize,
}

/// Every entity as canonical JSON: the same data always gives the same text, and a
/// restore of it into an empty database exports the same text again.
pub async fn export_json(ctx: &Ctx) -> Result<Export> {
    let snapshot = ctx.store.snapshot().await?;
    let mut text = serde_json::to_string_pretty(&snapshot)
        .map_err(|e| Error::io("could not write the export as JSON", e.into()))?;
    text.push('\n');
    Ok(Export { text, people: snapshot.people.len() })
}

/// Everyone as vCard 4.0, in one text.
pub async fn export_vcard(ctx: &Ctx) -> Result<Export> {
    let snapshot = ctx.store.snapshot().await?;
    let extras = Extras::of(&snapshot);
    let people = extras.everyone(&snapshot);
    Ok(Export { text: export::vcard(&people), people: people.len() })
}

/// Everyone as CSV, one row a person.
pub async fn export_csv(ctx: &Ctx) -> Result<Export> {
    let snapshot = ctx.store.snapshot().await?;
    let extras = Extras::of(&snapshot);
    let people = extras.everyone(&snapshot);
    Ok(Export { text: export::csv(&people), people: people.len() })
}

/// An export written to a file or folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Written {
    /// How many people it holds.
    pub people: usize,
    /// Where it went.
    pub to: PathBuf,
}

/// Writes everyone as vCard 4.0 into the folder `dir` (created if missing), one card per
/// person in `<id>.vcf`.
pub async fn export_vcard_dir(ctx: &Ctx, dir: &Path) -> Result<Written> {
    let snapshot = ctx.store.snapshot().await?;
    let extras = Extras::of(&snapshot);
    let people = extras.everyone(&snapshot);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("could not create {}", dir.display()), e))?;
    for p in &people {
        let file = dir.join(format!("{}.vcf", p.person.id));
        std::fs::write(&file, export::vcard_card(p))
            .map_err(|e| Error::io(format!("could not write {}", file.display()), e))?;
    }
    Ok(Written { people: people.len(), to: dir.to_owned() })
}

/// What the exports show beside each person, gathered from one snapshot.
struct Extras<'a> {
    orgs: HashMap<&'a str, &'a str>,
    notes: HashMap<&'a PersonId, Vec<Note>>,
    last_change: HashMap<&'a PersonId, &'a Transition>,
}

impl<'a> Extras<'a> {
    fn of(snapshot: &'a Snapshot) -> Self {
        let orgs = snapshot.organizations.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
        let mut notes: HashMap<&PersonId, Vec<Note>> = HashMap::new();
        for note in &snapshot.notes {
            notes.entry(&note.person).or_default().push(note.clone());
        }
        for list in notes.values_mut() {
            list.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        }
        let mut last_change: HashMap<&PersonId, &Transition> = HashMap::new();
        for t in &snapshot.transitions {
            let newer = last_change.get(&t.person).is_none_or(|old| (old.at, &old.id) < (t.at, &t.id));
            if newer {
                last_change.insert(&t.person, t);
            }
        }
        Self { orgs, notes, last_change }
    }

    /// Everyone, by name.
    fn everyone(&'a self, snapshot: &'a Snapshot) -> Vec<Exported<'a>> {
        let mut people: Vec<_> = snapshot.people.iter().collect();
        people.sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
        people
            .into_iter()
            .map(|person| Exported {
                person,
                org: person.org.as_ref().and_then(|o| self.orgs.get(o.as_str()).copied()),
                notes: self.notes.get(&person.id).map_or(&[], Vec::as_slice),
                last_transition: self.last_change.get(&person.id).copied(),
            })
            .collect()
    }
}

/// A copy of the live database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackedUp {
    /// The new file.
    pub backup: PathBuf,
    /// The database copied.
    #[serde(skip)]
    pub from: String,
}

/// Copies the live database, consistent, to the new file `path`.
pub async fn backup(ctx: &Ctx, path: &Path) -> Result<BackedUp> {
    ctx.store.backup_to(path).await?;
    Ok(BackedUp { backup: path.to_owned(), from: ctx.store.location() })
}

/// A whole database copied into a new one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Copied {
    /// The database copied.
    pub from: String,
    /// The database written.
    pub to: String,
    /// People copied.
    pub people: usize,
    /// Interactions copied.
    pub interactions: usize,
    /// Mail messages copied.
    pub mail_messages: usize,
}

/// Copies every entity of `from` into `to`, which must hold nothing, then reads the copy
/// back: its export must equal the original's, or the copy is reported as failed.
pub async fn copy(from: &dyn Store, to: &dyn Store) -> Result<Copied> {
    let original = Arc::new(from.snapshot().await?);
    to.restore(original.clone()).await?;
    if to.snapshot().await? != *original {
        // Nothing the user gave is wrong: the copy itself failed, as damage would.
        return Err(Error::Store(StoreError::Corrupt(format!(
            "the copy in {} does not export the same as {}; it was written, but do not rely on it",
            to.location(),
            from.location()
        ))));
    }
    Ok(Copied {
        from: from.location(),
        to: to.location(),
        people: original.people.len(),
        interactions: original.interactions.len(),
        mail_messages: original.mail.len(),
    })
}

/// What the full check found in a database file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checked {
    /// Its size.
    pub bytes: u64,
    /// Whether damage was found.
    pub damaged: bool,
    /// The file.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: PathBuf,
    /// The damage found (the first few places), empty when none.
    pub problems: Vec<String>,
}

/// Checks every page of the database at `location`, reading it only (no store is
/// opened: a damaged file can be checked).
pub fn doctor(location: &str) -> Result<Checked> {
    let checkup = kith_store::doctor(location)?;
    Ok(Checked {
        bytes: checkup.bytes,
        damaged: !checkup.problems.is_empty(),
        path: checkup.path,
        problems: checkup.problems,
    })
}

/// Checks every page of the database `ctx` is open on, as [`doctor`] does.
pub fn doctor_of(ctx: &Ctx) -> Result<Checked> {
    doctor(&ctx.store.location())
}

/// What a salvage copied into the new database and what it could not.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Salvaged {
    /// The new database.
    pub salvaged_into: PathBuf,
    /// Each table of the schema, by name.
    pub tables: BTreeMap<String, TableSalvaged>,
}

/// One table's salvage.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TableSalvaged {
    /// Rows copied and kept.
    pub copied: u64,
    /// Whether some of the table could not be read (its rows there are lost).
    pub damaged: bool,
    /// Rows removed because they pointed at a row that was lost.
    pub orphaned: u64,
    /// Rows read but refused by the new database.
    pub refused: u64,
    /// Why nothing of the table could be read, if so.
    pub unreadable: Option<String>,
}

/// Copies every row that can be read of the (damaged) database at `location` into a
/// new database at `out`.
pub async fn salvage(location: &str, out: &Path) -> Result<Salvaged> {
    let salvage = kith_store::salvage(location, out).await?;
    let tables = salvage
        .tables
        .into_iter()
        .map(|(name, t)| {
            let table = TableSalvaged {
                copied: t.copied,
                damaged: t.damaged,
                orphaned: t.orphaned,
                refused: t.refused,
                unreadable: t.unreadable,
            };
            (name, table)
        })
        .collect();
    Ok(Salvaged { salvaged_into: out.to_owned(), tables })
}
