//! LinkedIn's data export as LinkedIn delivers it: a ZIP archive (the Basic one, or the
//! Complete one with messages, invitations, the profile and more) holding
//! `Connections.csv`, the only member kith reads.

use std::io::{Cursor, Read};

/// The member kith reads, by file name in any folder of the archive.
const CONNECTIONS: &str = "Connections.csv";

/// The largest `Connections.csv` read: far more than LinkedIn's 30,000 connections
/// take, so that a forged archive cannot ask for unbounded memory.
const MAX_CONNECTIONS_BYTES: u64 = 256 * 1024 * 1024;

/// What a LinkedIn export archive holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedinArchive {
    /// The path of `Connections.csv` in the archive.
    pub connections_path: String,
    /// Its bytes.
    pub connections: Vec<u8>,
    /// Every other file in it, by path, sorted: what kith does not read.
    pub unread: Vec<String>,
}

/// Whether bytes begin as a ZIP archive does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Reads a LinkedIn export archive: its `Connections.csv` and the names of the rest.
/// The error says what the archive is instead (unreadable, or without connections,
/// with what it holds).
pub fn read_linkedin(bytes: &[u8]) -> Result<LinkedinArchive, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("a ZIP archive kith cannot read ({e})"))?;
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| !n.ends_with('/'))
        .map(|n| n.into_owned())
        .collect();
    names.sort();
    let is_connections =
        |name: &str| name.rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case(CONNECTIONS));
    let Some(path) = names.iter().find(|n| is_connections(n)).cloned() else {
        return Err(format!("a ZIP archive without {CONNECTIONS} (it holds {})", listed(&names)));
    };
    let member =
        zip.by_name(&path).map_err(|e| format!("a ZIP archive whose {path} cannot be read ({e})"))?;
    let mut connections = Vec::new();
    member
        .take(MAX_CONNECTIONS_BYTES)
        .read_to_end(&mut connections)
        .map_err(|e| format!("a ZIP archive whose {path} cannot be read ({e})"))?;
    names.retain(|n| *n != path);
    Ok(LinkedinArchive { connections_path: path, connections, unread: names })
}

/// Names for a message: the first few and a count of the rest, or "nothing".
pub fn listed(names: &[String]) -> String {
    const SHOWN: usize = 6;
    if names.is_empty() {
        return "nothing".to_owned();
    }
    let mut shown: Vec<String> = names.iter().take(SHOWN).cloned().collect();
    if names.len() > SHOWN {
        shown.push(format!("{} more", names.len() - SHOWN));
    }
    shown.join(", ")
}
