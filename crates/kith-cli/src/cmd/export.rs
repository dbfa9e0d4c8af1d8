//! `kith export vcard` and `kith export csv`: everyone, for address books and
//! spreadsheets.

use crate::context::Ctx;
use crate::out;
use anyhow::{Context as _, Result};
use kith_core::{Note, PersonId, Snapshot, Transition};
use kith_import::export::{self, Exported};
use std::collections::HashMap;
use std::path::Path;

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

/// Writes everyone as vCard 4.0: one file (or standard output), or one card per person
/// in a directory.
pub async fn vcard(ctx: &Ctx, to: Option<&Path>, dir: Option<&Path>) -> Result<()> {
    let snapshot = ctx.store.snapshot().await?;
    let extras = Extras::of(&snapshot);
    let people = extras.everyone(&snapshot);
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
            for p in &people {
                let file = dir.join(format!("{}.vcf", p.person.id));
                std::fs::write(&file, export::vcard_card(p))
                    .with_context(|| format!("could not write {}", file.display()))?;
            }
            done(ctx, people.len(), dir)
        }
        None => deliver(ctx, &export::vcard(&people), people.len(), to),
    }
}

/// Writes everyone as CSV, to a file or standard output.
pub async fn csv(ctx: &Ctx, to: Option<&Path>) -> Result<()> {
    let snapshot = ctx.store.snapshot().await?;
    let extras = Extras::of(&snapshot);
    let people = extras.everyone(&snapshot);
    deliver(ctx, &export::csv(&people), people.len(), to)
}

fn deliver(ctx: &Ctx, text: &str, count: usize, to: Option<&Path>) -> Result<()> {
    match to {
        None => out::print(text),
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("could not write {}", path.display()))?;
            done(ctx, count, path)
        }
    }
}

fn done(ctx: &Ctx, count: usize, to: &Path) -> Result<()> {
    if ctx.json {
        return out::json(&serde_json::json!({ "people": count, "to": to }));
    }
    eprintln!("exported {} to {}", out::count(count, "person"), to.display());
    Ok(())
}
