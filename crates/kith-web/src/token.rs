//! The server token: the one secret that guards everything the server shows. It is made
//! on first start (256 random bits, as hex), kept in the configuration directory readable
//! by its owner only, and read again on later starts.

use kith_app::{Error, Result};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The token file's name in the configuration directory.
pub const TOKEN_FILE: &str = "server-token";

/// Random bytes in a token, a session id or a CSRF token.
const SECRET_BYTES: usize = 32;

/// The secret a browser signs in with and a script sends as a bearer token.
#[derive(Clone)]
pub struct Token(Arc<str>);

impl Token {
    /// A token with the given text (tests and callers that keep their own).
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Arc::from(secret.into()))
    }

    /// A new random token.
    pub fn generate() -> Result<Self> {
        Ok(Self::new(random_hex()?))
    }

    /// Whether `given` is this token, compared in constant time.
    pub fn matches(&self, given: &str) -> bool {
        same_secret(&self.0, given)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub(crate) fn same_secret(expected: &str, given: &str) -> bool {
    bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// 256 random bits as 64 lower-case hex digits.
pub(crate) fn random_hex() -> Result<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::io("could not draw random bits for a secret", std::io::Error::other(e.to_string()))
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Where the token file of a configuration directory is.
pub fn token_path(config_dir: &Path) -> PathBuf {
    config_dir.join(TOKEN_FILE)
}

/// The server token kept in `config_dir`: read if the file exists, else made and written
/// (mode 0600, the directory created with mode 0700 if missing). A file others may read,
/// or one kith did not write, is refused with what to do about it.
pub fn load_or_create(config_dir: &Path) -> Result<Token> {
    let path = token_path(config_dir);
    match read(&path) {
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        found => return found,
    }
    create_dir(config_dir)?;
    let token = Token::generate()?;
    match write_new(&path, &token) {
        Ok(()) => Ok(token),
        // Another server started at the same moment and wrote it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(e) => Err(Error::io(format!("could not write the server token to {}", path.display()), e)),
    }
}

fn read(path: &Path) -> Result<Token> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("could not read the server token {}", path.display()), e))?;
    check_private(path)?;
    let secret = text.trim();
    if secret.len() != 2 * SECRET_BYTES || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Invalid(format!(
            "{} does not hold a token kith wrote (64 hex digits); delete it and `kith serve` makes a new one",
            path.display()
        )));
    }
    Ok(Token::new(secret))
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("could not read the mode of {}", path.display()), e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::Invalid(format!(
            "{} can be read by others (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| Error::io(format!("could not create {}", dir.display()), e))
}

fn write_new(path: &Path, token: &Token) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(format!("{}\n", token.0).as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_made_once_and_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("kith");
        let made = load_or_create(&config).unwrap();
        let text = std::fs::read_to_string(token_path(&config)).unwrap();
        assert_eq!(text.trim().len(), 64);
        assert!(made.matches(text.trim()));
        let again = load_or_create(&config).unwrap();
        assert!(again.matches(text.trim()));
        assert!(!again.matches(&text.trim()[1..]));
    }

    #[cfg(unix)]
    #[test]
    fn a_token_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let path = token_path(dir.path());
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("chmod 600"), "{refused}");
    }

    #[test]
    fn a_file_kith_did_not_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let path = token_path(dir.path());
        std::fs::write(&path, "hunter2\n").unwrap();
        let refused = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("delete it"), "{refused}");
    }
}
