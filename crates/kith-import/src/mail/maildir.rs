//! Maildir trees: finding the folders (plain Maildir, Maildir++ and nested directories),
//! listing their messages and reading a message's header block without its body.

use super::{FolderRole, Origin};
use jiff::Timestamp;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// How much of a message file is read at a time while looking for the end of its header.
const HEADER_CHUNK: usize = 4096;

/// Unix seconds of 1980-01-01 and 2100-01-01: a Maildir name starting with a number
/// between them starts with its delivery time.
const PLAUSIBLE_SECONDS: std::ops::Range<i64> = 315_532_800..4_102_444_800;

/// One Maildir folder of a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaildirFolder {
    /// The folder's directory (the one holding `cur/` and `new/`).
    pub path: PathBuf,
    /// The folder's name: `""` for the root (the INBOX), `"Sent"` for Maildir++'s `.Sent`,
    /// `"A.B"` for `.A.B`, `"foo/bar"` for a nested plain directory.
    pub name: String,
}

/// Whether `dir` is a Maildir: it has a `cur/` or a `new/` subdirectory.
pub fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() || dir.join("new").is_dir()
}

/// Whether `dir` holds a mail archive to read as a whole: a Maildir, or a Maildir++ root
/// whose folders are hidden directories.
pub fn is_mail_root(dir: &Path) -> bool {
    is_maildir(dir)
        || fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with('.') && is_maildir(&e.path()))
        })
}

/// Every Maildir folder under `root`, sorted by name: `root` itself if it is a Maildir, its
/// Maildir++ subfolders (`.Sent`, `.A.B`) and the Maildirs among its plain subdirectories at
/// any depth. Never descends into `cur/`, `new/`, `tmp/`, hidden directories or symlinks.
pub fn maildir_folders(root: &Path) -> io::Result<Vec<MaildirFolder>> {
    let mut folders = Vec::new();
    if is_maildir(root) {
        folders.push(MaildirFolder { path: root.to_path_buf(), name: String::new() });
    }
    for (name, path) in subdirectories(root)? {
        if let Some(plus) = name.strip_prefix('.') {
            if !plus.is_empty() && is_maildir(&path) {
                folders.push(MaildirFolder { path, name: plus.to_owned() });
            }
        } else {
            nested_folders(path, name, &mut folders)?;
        }
    }
    folders.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(folders)
}

/// Adds `dir` (named `name`) if it is a Maildir, then its plain subdirectories.
fn nested_folders(dir: PathBuf, name: String, folders: &mut Vec<MaildirFolder>) -> io::Result<()> {
    let children = subdirectories(&dir)?;
    if is_maildir(&dir) {
        folders.push(MaildirFolder { path: dir, name: name.clone() });
    }
    for (child, path) in children {
        if !child.starts_with('.') {
            nested_folders(path, format!("{name}/{child}"), folders)?;
        }
    }
    Ok(())
}

/// The real subdirectories of `dir` (not symlinks), except `cur`, `new` and `tmp`.
fn subdirectories(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if !matches!(name.as_str(), "cur" | "new" | "tmp") {
            out.push((name, entry.path()));
        }
    }
    Ok(out)
}

/// One message file of a Maildir folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaildirEntry {
    /// The message file.
    pub path: PathBuf,
    /// The Maildir unique name: the file name without its `:2,FLAGS` info (`41:2,` is
    /// `41`), which stays the same when the flags change.
    pub copy: String,
    /// The delivery time carried by the file name's leading digits, when plausible.
    pub delivered_at: Option<Timestamp>,
    /// What the folder holding it is for.
    pub folder: Option<FolderRole>,
    /// A digest of the folder's full path, for a Maildir file: two archives may hold
    /// files of one unique name (`1.host`), and each is read.
    pub archive: Option<u64>,
}

impl MaildirEntry {
    /// Where the message was found, for [`super::parse_message`].
    pub fn origin(&self) -> Origin {
        Origin { delivered_at: self.delivered_at, folder: self.folder }
    }

    /// What an import remembers the file by: its unique name within its folder's path,
    /// so that no other archive's file is taken for it (the name alone for other files).
    pub fn known_as(&self) -> String {
        match self.archive {
            Some(archive) => format!("{archive:016x}/{}", self.copy),
            None => self.copy.clone(),
        }
    }
}

/// The messages of the Maildir folder `folder`, sorted by unique name: the files in `cur/` and
/// `new/` (not `tmp/`, not hidden files), and files lying in the folder itself whose name
/// carries a Maildir info suffix (`01:2,`, as in notmuch's test corpus). Each entry
/// carries the role of the folder, from its name.
pub fn maildir_entries(folder: &MaildirFolder) -> io::Result<Vec<MaildirEntry>> {
    let role = FolderRole::of(&folder.name);
    let mut full_path = kith_core::Fnv::default();
    full_path.bytes(
        fs::canonicalize(&folder.path).unwrap_or_else(|_| folder.path.clone()).as_os_str().as_encoded_bytes(),
    );
    let place = Place { folder: role, archive: full_path.value() };
    let mut entries = Vec::new();
    for sub in ["cur", "new"] {
        match fs::read_dir(folder.path.join(sub)) {
            Ok(dir) => collect_messages(dir, false, place, &mut entries)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    collect_messages(fs::read_dir(&folder.path)?, true, place, &mut entries)?;
    // Most names differ in their first 16 bytes: comparing those, kept beside each entry,
    // spares reading two names from all over the heap at nearly every step of the sort.
    let mut keyed: Vec<(u128, MaildirEntry)> =
        entries.into_iter().map(|e| (name_prefix(&e.copy), e)).collect();
    keyed.sort_unstable_by(|(a_key, a), (b_key, b)| {
        a_key.cmp(b_key).then_with(|| a.copy.cmp(&b.copy)).then_with(|| a.path.cmp(&b.path))
    });
    Ok(keyed.into_iter().map(|(_, e)| e).collect())
}

/// The first 16 bytes of `name` as a number that orders as the names do: a shorter name
/// is padded with zero bytes, which no file name contains.
fn name_prefix(name: &str) -> u128 {
    let mut prefix = [0; 16];
    let len = name.len().min(16);
    prefix[..len].copy_from_slice(&name.as_bytes()[..len]);
    u128::from_be_bytes(prefix)
}

/// Where a folder's files lie: the folder's role and the digest of its full path.
#[derive(Clone, Copy)]
struct Place {
    folder: Option<FolderRole>,
    archive: u64,
}

/// Adds the message files of `dir`; with `loose`, only those named with an info suffix.
fn collect_messages(
    dir: fs::ReadDir,
    loose: bool,
    place: Place,
    entries: &mut Vec<MaildirEntry>,
) -> io::Result<()> {
    for entry in dir {
        let entry = entry?;
        let name = entry.file_name().into_string().unwrap_or_else(|name| name.to_string_lossy().into_owned());
        if name.starts_with('.') || entry.file_type()?.is_dir() {
            continue;
        }
        let copy = unique_name(&name);
        if loose && !name[copy.len()..].get(1..).is_some_and(|info| info.starts_with("2,")) {
            continue;
        }
        entries.push(MaildirEntry {
            delivered_at: delivery_time(&name),
            copy: copy.to_owned(),
            path: entry.path(),
            folder: place.folder,
            archive: Some(place.archive),
        });
    }
    Ok(())
}

/// The file name up to its info suffix: the first `:`, or `;2,` where `:` cannot be used
/// in file names (as on Windows).
fn unique_name(name: &str) -> &str {
    match name.find(':').or_else(|| name.rfind(";2,")) {
        Some(end) => &name[..end],
        None => name,
    }
}

/// The leading decimal digits of `name` as Unix seconds, if they make a plausible time.
fn delivery_time(name: &str) -> Option<Timestamp> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let seconds: i64 = name[..digits].parse().ok()?;
    if !PLAUSIBLE_SECONDS.contains(&seconds) {
        return None;
    }
    Timestamp::from_second(seconds).ok()
}

/// Clears `buf` and reads into it the header block of the message file at `path`, up to and
/// including the blank line that ends it (the whole file if it has none), at most
/// [`super::MAX_HEADER`] bytes. See [`read_header_from`].
pub fn read_header_block(path: &Path, buf: &mut Vec<u8>) -> io::Result<()> {
    read_header_from(File::open(path)?, buf)
}

/// Clears `buf` and reads into it the header block of a message from `source`, as
/// [`read_header_block`] does for a file. It is read in small chunks, so a message's body
/// is never read past the chunk the header ends in.
pub fn read_header_from(mut source: impl Read, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    let mut chunk = [0; HEADER_CHUNK];
    loop {
        let read = match source.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        // The blank line may straddle two chunks: look again at the last two bytes.
        let from = buf.len().saturating_sub(2);
        buf.extend_from_slice(&chunk[..read]);
        if let Some(end) = blank_line_end(&buf[from..]) {
            buf.truncate(from + end);
            return Ok(());
        }
        if buf.len() >= super::MAX_HEADER {
            buf.truncate(super::MAX_HEADER);
            return Ok(());
        }
    }
}

/// Where the first blank line of `bytes` ends (after "\n\n" or "\n\r\n").
fn blank_line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\n', bytes).find_map(|i| match bytes.get(i + 1..) {
        Some([b'\n', ..]) => Some(i + 2),
        Some([b'\r', b'\n', ..]) => Some(i + 3),
        _ => None,
    })
}
