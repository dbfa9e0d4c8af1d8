//! `kith doctor`: the whole database checked for damage, and what can be read of a
//! damaged one copied into a new database; carried out by `kith_app::backup`.

use crate::out;
use anyhow::{Result, bail};
use kith_app::backup;
use std::path::Path;

/// Checks the database at `location` and prints what was found; fails when it is damaged.
pub fn check(location: &str, json: bool) -> Result<()> {
    eprintln!("checking every page of {}…", kith_store::shown_location(location));
    let checked = backup::doctor(location)?;
    if json {
        out::json(&checked)?;
    } else if !checked.damaged {
        out::line(&format!("{location}: {} bytes, no damage found", checked.bytes))?;
    } else {
        let mut text = format!("{location} is damaged; SQLite's integrity check found:\n");
        for problem in &checked.problems {
            text.push_str(&format!("  {problem}\n"));
        }
        text.push_str(
            "kith reads it but will not write to it. To go on, copy what can be read into a new database:\n",
        );
        text.push_str(&format!("  kith --db {location} doctor --salvage NEW.db\n"));
        out::print(&text)?;
    }
    if checked.damaged {
        bail!("{location} is damaged");
    }
    Ok(())
}

/// Copies what can be read of the database at `location` into `out`, and says table by
/// table what was copied and what was lost.
pub async fn salvage(location: &str, out: &Path, json: bool) -> Result<()> {
    eprintln!("copying what can be read of {location} into {}…", out.display());
    let salvaged = backup::salvage(location, out).await?;
    if json {
        return out::json(&salvaged);
    }
    let mut text = String::new();
    let mut copied = 0;
    for (name, table) in &salvaged.tables {
        copied += table.copied;
        let mut notes = Vec::new();
        if let Some(why) = &table.unreadable {
            notes.push(format!("could not be read ({why})"));
        } else if table.damaged {
            notes.push("part of it could not be read and is lost".to_owned());
        }
        if table.refused > 0 {
            notes.push(format!("{} damaged rows refused", table.refused));
        }
        if table.orphaned > 0 {
            notes.push(format!("{} rows removed that pointed at lost rows", table.orphaned));
        }
        if table.copied > 0 || !notes.is_empty() {
            let notes = if notes.is_empty() { String::new() } else { format!("; {}", notes.join("; ")) };
            text.push_str(&format!("  {name}: {} rows copied{notes}\n", table.copied));
        }
    }
    text.push_str(&format!(
        "salvaged {copied} rows into {}. Look it over (kith --db {} review), then use it in place of {location}.\n",
        out.display(),
        out.display()
    ));
    out::print(&text)
}
