//! The harness: one temporary directory and database per test, and helpers that run the
//! real `kith` binary in a clean, deterministic environment.

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use kith_store::scratch::ScratchDatabase;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// How long any one kith command may run in a test before it counts as hung and is killed.
pub const HUNG: Duration = Duration::from_secs(300);

/// The `kith` binary cargo built for these tests.
pub fn kith_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kith"))
}

/// The variable that runs these tests on PostgreSQL (`postgres`) rather than SQLite: each
/// test's database is then a workspace of a scratch database on the server
/// `KITH_TEST_POSTGRES` names. `.ci/run` runs the suite both ways.
pub const BACKEND: &str = "KITH_TEST_BACKEND";

/// Whether this run's databases are PostgreSQL workspaces.
pub fn on_postgres() -> bool {
    std::env::var(BACKEND).as_deref() == Ok("postgres")
}

/// Ends a test that is about SQLite's files (a path, a backup, damage) when the run is on
/// PostgreSQL, saying why in the test's output.
#[macro_export]
macro_rules! sqlite_only {
    ($why:literal) => {
        if $crate::support::on_postgres() {
            eprintln!("on SQLite only: {}", $why);
            return;
        }
    };
}

/// A test's own directory with a database path in it (`kith.db`), or, on PostgreSQL, a
/// scratch database whose workspace `test` stands for it.
pub struct Kith {
    dir: TempDir,
    db: PathBuf,
    postgres: Option<ScratchDatabase>,
}

impl Kith {
    /// A new directory with an initialised, empty database.
    pub fn new() -> Self {
        let kith = Self::uninit();
        kith.ok(&["init"]);
        kith
    }

    /// A new directory whose database path does not exist yet.
    pub fn uninit() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(dir.path().join("tmp")).expect("a tmp directory");
        std::fs::create_dir(dir.path().join("home")).expect("a home directory");
        let db = dir.path().join("kith.db");
        let postgres = on_postgres().then(|| {
            ScratchDatabase::blocking_new().expect("KITH_TEST_POSTGRES names the server to test on")
        });
        Self { dir, db, postgres }
    }

    /// The test's directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database path.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// This test's database as kith names it: its path, or on PostgreSQL its address
    /// (without the password) and workspace.
    pub fn location(&self) -> String {
        match &self.postgres {
            Some(server) => format!("{} (workspace test)", kith_store::shown_location(server.url())),
            None => self.db.display().to_string(),
        }
    }

    /// The options naming this test's database, as kith's hints write them.
    pub fn db_option(&self) -> String {
        match &self.postgres {
            Some(server) => format!("--db {} --workspace test", kith_store::shown_location(server.url())),
            None => format!("--db {}", self.db.display()),
        }
    }

    /// A path in the test's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The directory kith gets as TMPDIR.
    pub fn tmp(&self) -> PathBuf {
        self.path("tmp")
    }

    /// `kith` in a clean environment (no KITH_DB, UTC, HOME and TMPDIR inside the test's
    /// directory) and without `--db`.
    pub fn bare_std(&self) -> std::process::Command {
        let home = self.path("home");
        let mut cmd = std::process::Command::new(kith_bin());
        cmd.env_remove("KITH_DB")
            .env_remove("KITH_CONFIG_DIR")
            .env_remove("KITH_NOW")
            .env("TZ", "UTC")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("TMPDIR", self.tmp())
            .env("NO_COLOR", "1");
        cmd
    }

    /// [`Kith::bare_std`] as an `assert_cmd` command.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::from_std(self.bare_std());
        cmd.timeout(HUNG);
        cmd
    }

    /// The arguments naming `db`: `--db <db>`, or, for this test's database on
    /// PostgreSQL, `--db <address> --workspace test`.
    fn db_args(&self, db: &Path) -> Vec<std::ffi::OsString> {
        match &self.postgres {
            Some(server) if db == self.db => {
                ["--db", server.url(), "--workspace", "test"].iter().map(Into::into).collect()
            }
            _ => vec!["--db".into(), db.into()],
        }
    }

    /// `kith --db <db>` as a `std::process::Command` (for spawning).
    pub fn std_cmd(&self, db: &Path) -> std::process::Command {
        let mut cmd = self.bare_std();
        cmd.args(self.db_args(db));
        cmd
    }

    /// `kith --db <this database>` (`--db <address> --workspace test` on PostgreSQL).
    pub fn cmd(&self) -> Command {
        self.cmd_on(&self.db)
    }

    /// `kith --db <db>`.
    pub fn cmd_on(&self, db: &Path) -> Command {
        let mut cmd = self.bare();
        cmd.args(self.db_args(db));
        cmd
    }

    /// Runs `kith --db <db> ARGS`.
    pub fn run(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs `kith --db <db> ARGS`, which must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.run(args).success())
    }

    /// Runs `kith --db <db> --json ARGS`, which must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = stdout_of(self.cmd().arg("--json").args(args).assert().success());
        parse_json(&out, args)
    }

    /// `kith export json` of this database.
    pub fn export(&self) -> String {
        self.export_of(&self.db)
    }

    /// `kith export json` of another database.
    pub fn export_of(&self, db: &Path) -> String {
        stdout_of(self.cmd_on(db).args(["export", "json"]).assert().success())
    }

    /// Runs ARGS, which must fail with `code` and nothing on standard output; returns the
    /// one `kith: …` line printed on standard error.
    pub fn fail(&self, args: &[&str], code: i32) -> String {
        fail_with(self.run(args), code)
    }

    /// Like [`Kith::fail`], and also checks that every word is in the message and that
    /// the database is exactly as it was before.
    pub fn refused(&self, args: &[&str], code: i32, words: &[&str]) -> String {
        let before = self.export();
        let line = self.fail(args, code);
        for word in words {
            assert!(
                line.contains(word),
                "`kith {}`: expected {word:?} in the error, got: {line}",
                args.join(" ")
            );
        }
        assert_eq!(before, self.export(), "`kith {}` failed but changed the database", args.join(" "));
        line
    }

    /// Adds a person with extra `person add` arguments; returns their id.
    pub fn add_person(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["person", "add", name];
        args.extend_from_slice(extra);
        let person = self.json(&args);
        let id = person["id"].as_str().expect("person add --json prints an id").to_owned();
        assert!(id.starts_with("p_"), "person id {id}");
        id
    }

    /// `kith --json show WHO`.
    pub fn show(&self, who: &str) -> Value {
        self.json(&["show", who])
    }
}

/// Standard output of a finished command, as UTF-8.
pub fn stdout_of(assert: Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error of a finished command, as UTF-8.
pub fn stderr_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

/// Checks a failure: the exit code, an empty standard output, and exactly one line on
/// standard error that starts with `kith: `. Returns that line.
pub fn fail_with(assert: Assert, code: i32) -> String {
    let assert = assert.code(code);
    let out = assert.get_output();
    assert!(
        out.stdout.is_empty(),
        "a failed command printed on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    one_error_line(&stderr_of(&assert))
}

/// The single `kith: …` line of an error output.
pub fn one_error_line(stderr: &str) -> String {
    assert!(!stderr.contains("panicked"), "kith panicked: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected exactly one line on stderr, got:\n{stderr}");
    assert!(lines[0].starts_with("kith: "), "the error line must start with `kith: `: {stderr}");
    assert!(lines[0].len() > "kith: ".len() + 10, "the error says nothing useful: {stderr}");
    lines[0].to_owned()
}

/// Parses a command's output as JSON, naming the command when it is not.
pub fn parse_json(text: &str, args: &[&str]) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("`kith --json {}` printed invalid JSON ({e}):\n{text}", args.join(" ")))
}

/// A JSON array's length.
pub fn len(value: &Value) -> usize {
    value.as_array().unwrap_or_else(|| panic!("expected an array, got {value}")).len()
}

/// A JSON array of strings, sorted.
pub fn strings(value: &Value) -> Vec<String> {
    let mut all: Vec<String> = value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array, got {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}")).to_owned())
        .collect();
    all.sort();
    all
}

/// The values of a JSON array of identities (`{"kind", "value"}`), sorted.
pub fn identity_values(identities: &Value) -> Vec<String> {
    let mut all: Vec<String> = identities
        .as_array()
        .unwrap_or_else(|| panic!("expected identities, got {identities}"))
        .iter()
        .map(|i| i["value"].as_str().unwrap_or_else(|| panic!("an identity without a value: {i}")).to_owned())
        .collect();
    all.sort();
    all
}

/// A field of every element of a JSON array, as strings, sorted.
pub fn field(list: &Value, key: &str) -> Vec<String> {
    let mut all: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("expected an array, got {list}"))
        .iter()
        .map(|v| match &v[key] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    all.sort();
    all
}

/// Asserts that `text` contains every one of `parts`.
#[track_caller]
pub fn assert_contains_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
}

/// `people` simulated people (kith-sim's network of `seed`) as a vCard file, each card
/// with a name, an email address and the number kith-sim's `address_book` gives them
/// (some shared: front desks, household landlines, a placeholder).
pub fn simulated_cards(people: usize, seed: u64) -> String {
    let network = kith_sim::generate(&kith_sim::Config { people, seed, ..kith_sim::Config::default() });
    let mut vcf = String::new();
    for card in kith_sim::address_book(&network, "book.vcf") {
        vcf.push_str(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\n", card.name.unwrap_or_default()));
        for identity in &card.identities {
            let property = if identity.kind() == kith_core::IdentityKind::Email { "EMAIL" } else { "TEL" };
            vcf.push_str(&format!("{property}:{}\r\n", identity.value()));
        }
        vcf.push_str("END:VCARD\r\n");
    }
    vcf
}
