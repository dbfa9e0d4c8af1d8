//! The schema's migrations, as each backend lists them: add-only, each recorded once
//! applied with its version, description and checksum (SHA-384 of its text, as sqlx
//! recorded it before kith applied its own), and a database refused whose record does
//! not match this kith's list.

use crate::{Result, StoreError};
use sha2::{Digest, Sha384};

/// One migration: its version, file name and text.
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) file: &'static str,
    pub(crate) sql: &'static str,
}

/// A backend's migrations, from the files of its folder under `migrations/`, in order.
macro_rules! migrations {
    ($folder:literal: $($version:literal $file:literal),+ $(,)?) => {
        &[$($crate::migration::Migration {
            version: $version,
            file: $file,
            sql: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/", $folder, "/", $file)),
        }),+]
    };
}

pub(crate) use migrations;

impl Migration {
    /// Its description: the file name's words after the version.
    pub(crate) fn description(&self) -> String {
        let stem = self.file.trim_end_matches(".sql");
        stem.split_once('_').map_or(stem, |(_, words)| words).replace('_', " ")
    }

    /// Its checksum: SHA-384 of the text.
    pub(crate) fn checksum(&self) -> Vec<u8> {
        Sha384::digest(self.sql.as_bytes()).to_vec()
    }
}

/// Refuses a database a migration failed on, one whose applied migrations (`version`,
/// `checksum`, `success`) differ from `list`, and one with migrations `list` lacks.
pub(crate) fn check_applied(applied: &[(i64, Vec<u8>, bool)], list: &[Migration]) -> Result<()> {
    for (version, checksum, success) in applied {
        if !success {
            return Err(StoreError::Migration(
                format!("migration {version} was left partly applied; the database needs repair").into(),
            ));
        }
        match list.iter().find(|m| m.version == *version) {
            None => {
                return Err(StoreError::Migration(
                    format!("migration {version} was applied but is unknown to this version of kith").into(),
                ));
            }
            Some(m) if m.checksum() != *checksum => {
                return Err(StoreError::Migration(
                    format!("migration {version} was applied but has been modified").into(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Checks that `list` names every `.sql` file of `folder` (under `migrations/`), in order
/// and numbered by its name; for each backend's test.
#[cfg(test)]
pub(crate) fn assert_lists_folder(list: &[Migration], folder: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(folder);
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<&str> = list.iter().map(|m| m.file).collect();
    assert_eq!(files, listed);
    for m in list {
        assert_eq!(m.file[..4].parse::<i64>().unwrap(), m.version);
    }
}
