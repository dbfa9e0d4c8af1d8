//! `kith doctor`: the whole database checked for damage, and what can be read of a
//! damaged one copied into a new database.

use crate::out;
use anyhow::{Result, bail};
use std::path::Path;

/// Checks the database at `location` and prints what was found; fails when it is damaged.
pub fn check(location: &str, json: bool) -> Result<()> {
    eprintln!("checking every page of {location}…");
    let checkup = kith_store::doctor(location)?;
    let damaged = !checkup.problems.is_empty();
    if json {
        out::json(&serde_json::json!({
            "path": checkup.path,
            "bytes": checkup.bytes,
            "damaged": damaged,
            "problems": checkup.problems,
        }))?;
    } else if !damaged {
        out::line(&format!("{location}: {} bytes, no damage found", checkup.bytes))?;
    } else {
        let mut text = format!("{location} is damaged; SQLite's integrity check found:\n");
        for problem in &checkup.problems {
            text.push_str(&format!("  {problem}\n"));
        }
        text.push_str(
            "kith reads it but will not write to it. To go on, copy what can be read into a new database:\n",
        );
        text.push_str(&format!("  kith --db {location} doctor --salvage NEW.db\n"));
        out::print(&text)?;
    }
    if damaged {
        bail!("{location} is damaged");
    }
    Ok(())
}

/// Copies what can be read of the database at `location` into `out`, and says table by
/// table what was copied and what was lost.
pub async fn salvage(location: &str, out: &Path, json: bool) -> Result<()> {
    eprintln!("copying what can be read of {location} into {}…", out.display());
    let salvage = kith_store::salvage(location, out).await?;
    if json {
        let tables: serde_json::Map<String, serde_json::Value> = salvage
            .tables
            .iter()
            .map(|(name, t)| {
                let value = serde_json::json!({
                    "copied": t.copied,
                    "damaged": t.damaged,
                    "refused": t.refused,
                    "orphaned": t.orphaned,
                    "unreadable": t.unreadable,
                });
                (name.clone(), value)
            })
            .collect();
        return out::json(&serde_json::json!({ "salvaged_into": out, "tables": tables }));
    }
    let mut text = String::new();
    let mut copied = 0;
    for (name, table) in &salvage.tables {
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
