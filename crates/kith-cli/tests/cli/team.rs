//! A team's accounts on the command line: `kith user`, `kith token` and `kith workspace`,
//! each test on a scratch PostgreSQL database of its own (skipped without
//! `KITH_TEST_POSTGRES`, never under `CI=true`). What the commands promise is checked
//! against the accounts themselves: a password set from a pipe signs its user in, a
//! revoked token signs nobody in, a share gives the role it names.

use crate::support::{Kith, fail_with, parse_json, stdout_of};
use assert_cmd::Command;
use assert_cmd::assert::Assert;
use kith_store::accounts::{self, Accounts, Role};
use kith_store::scratch::ScratchDatabase;
use serde_json::Value;

/// A scratch PostgreSQL database and a test directory to run kith in.
struct Team {
    kith: Kith,
    db: ScratchDatabase,
}

/// A new, empty team database; `None` (the test then skips) without a test server.
fn team() -> Option<Team> {
    let Some(db) = ScratchDatabase::blocking_new() else {
        eprintln!("skipped: KITH_TEST_POSTGRES names no PostgreSQL server to test on");
        return None;
    };
    Some(Team { kith: Kith::uninit(), db })
}

const ADA: &str = "correct horse battery staple";
const BOB: &str = "bobs own long password";

impl Team {
    /// `kith --db <this database>`.
    fn cmd(&self) -> Command {
        let mut cmd = self.kith.bare();
        cmd.args(["--db", self.db.url()]);
        cmd
    }

    fn run(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs ARGS, which must succeed; its standard output.
    fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.run(args).success())
    }

    /// Runs `--json ARGS`, which must succeed and print JSON.
    fn json(&self, args: &[&str]) -> Value {
        parse_json(&stdout_of(self.cmd().arg("--json").args(args).assert().success()), args)
    }

    /// Runs ARGS, which must fail with `code` and print nothing; the `kith: …` line.
    fn fail(&self, args: &[&str], code: i32) -> String {
        fail_with(self.run(args), code)
    }

    /// Runs ARGS with `stdin` piped in (a password's line).
    fn piped(&self, args: &[&str], stdin: &str) -> Assert {
        self.cmd().args(args).write_stdin(stdin.to_owned()).assert()
    }

    /// `kith user add NAME` with `password` piped in; its standard output.
    fn add_user(&self, name: &str, password: &str) -> String {
        stdout_of(self.piped(&["user", "add", name], &format!("{password}\n")).success())
    }

    /// Runs `work` on the accounts of this database, as the web server would see them.
    fn accounts<T>(&self, work: impl AsyncFnOnce(&Accounts) -> T) -> T {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async {
            let accounts = accounts::accounts(self.db.url()).await.expect("the accounts open");
            work(&accounts).await
        })
    }

    /// Whether `password` signs `name` in.
    fn signs_in(&self, name: &str, password: &str) -> bool {
        self.accounts(async |a| a.sign_in(name, password).await.expect("sign in")).is_some()
    }

    /// The user a token's secret signs in, if any.
    fn token_user(&self, secret: &str) -> Option<String> {
        let now = jiff::Timestamp::now();
        self.accounts(async |a| a.user_for_token(secret, now).await.expect("token")).map(|u| u.name)
    }

    /// The role of `user` in `workspace`, as the accounts hold it.
    fn role(&self, user: &str, workspace: &str) -> Option<Role> {
        self.accounts(async |a| a.role_of(user, workspace).await.expect("role"))
    }
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, got {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn a_password_piped_in_signs_the_user_in_and_passwd_changes_it() {
    let Some(t) = team() else { return };
    let added = t.add_user("ada", ADA);
    assert!(added.contains("added the user ada") && added.contains("workspace ada"), "{added}");
    assert!(t.signs_in("ada", ADA), "the piped password signs ada in");
    assert!(!t.signs_in("ada", "correct horse battery"), "another password does not");
    assert_eq!(t.role("ada", "ada"), Some(Role::Owner), "ada owns her own workspace");

    // A line ending typed on Windows is not part of the password.
    let member = parse_json(
        &stdout_of(
            t.cmd()
                .args(["--json", "user", "add", "bob"])
                .write_stdin(format!("{BOB}\r\n"))
                .assert()
                .success(),
        ),
        &["user", "add", "bob"],
    );
    assert_eq!(keys(&member), ["created_at", "id", "name", "workspaces"]);
    assert_eq!(member["name"], "bob");
    assert_eq!(member["workspaces"], serde_json::json!([{"workspace": "bob", "role": "owner"}]));
    assert!(t.signs_in("bob", BOB));

    let new = "a brand new passphrase";
    let changed = stdout_of(t.piped(&["user", "passwd", "ada"], &format!("{new}\n")).success());
    assert_eq!(changed.trim(), "changed the password of ada");
    assert!(t.signs_in("ada", new), "the new password signs ada in");
    assert!(!t.signs_in("ada", ADA), "the old one no longer does");
    let user = parse_json(
        &stdout_of(
            t.cmd()
                .args(["--json", "user", "passwd", "bob"])
                .write_stdin("bobs second password\n")
                .assert()
                .success(),
        ),
        &["user", "passwd"],
    );
    assert_eq!(keys(&user), ["created_at", "id", "name"]);
    assert!(t.signs_in("bob", "bobs second password"));

    // Changing a password changed nobody's workspaces.
    let list = t.ok(&["user", "list"]);
    assert!(
        list.lines().map(str::trim).any(|l| l.starts_with("ada") && l.ends_with("ada (owner)")),
        "{list}"
    );
    assert!(
        list.lines().map(str::trim).any(|l| l.starts_with("bob") && l.ends_with("bob (owner)")),
        "{list}"
    );
    let roster = t.json(&["user", "list"]);
    assert_eq!(crate::support::field(&roster, "name"), ["ada", "bob"]);
    assert_eq!(keys(&roster[0]), ["created_at", "id", "name", "workspaces"]);

    // An unknown user is not found, before any password is read.
    let line = t.fail(&["user", "passwd", "zed"], 3);
    assert!(line.contains("no user named \"zed\"") && line.contains("kith user list"), "{line}");
}

#[test]
fn a_short_or_missing_password_is_refused_and_nothing_is_added() {
    let Some(t) = team() else { return };
    let line = fail_with(t.piped(&["user", "add", "ada"], "eleven char\n"), 2);
    assert!(line.contains("at least 12 characters"), "{line}");
    let line = fail_with(t.piped(&["user", "add", "ada"], ""), 2);
    assert!(line.contains("no password on standard input"), "{line}");
    assert_eq!(t.json(&["user", "list"]), serde_json::json!([]));
    assert_eq!(t.json(&["workspace", "list"]), serde_json::json!([]));
    assert_eq!(t.ok(&["user", "list"]).trim(), "no users yet; add one with `kith user add NAME`");

    t.add_user("ada", ADA);
    let line = fail_with(t.piped(&["user", "passwd", "ada"], "too short\n"), 2);
    assert!(line.contains("at least 12 characters"), "{line}");
    assert!(t.signs_in("ada", ADA), "a refused new password leaves the old one");
}

#[test]
fn a_name_taken_is_refused_and_the_first_user_kept() {
    let Some(t) = team() else { return };
    t.add_user("ada", ADA);
    let line = fail_with(t.piped(&["user", "add", "ada"], "someone elses password\n"), 2);
    assert!(line.contains("a user named \"ada\" exists already"), "{line}");
    assert!(t.signs_in("ada", ADA) && !t.signs_in("ada", "someone elses password"));
    let line = t.fail(&["workspace", "add", "ada", "--owner", "ada"], 2);
    assert!(line.contains("a workspace named \"ada\" exists already"), "{line}");
    assert_eq!(crate::support::len(&t.json(&["user", "list"])), 1);
}

#[test]
fn a_token_is_shown_once_listed_without_its_secret_and_revoked() {
    let Some(t) = team() else { return };
    t.add_user("ada", ADA);
    t.add_user("bob", BOB);

    let text = t.ok(&["token", "add", "--user", "ada", "--label", "nightly backup"]);
    let secret = text
        .split_whitespace()
        .find(|w| w.starts_with("kith_"))
        .unwrap_or_else(|| panic!("no secret in:\n{text}"))
        .to_owned();
    assert_eq!(secret.len(), "kith_".len() + 64, "{secret}");
    assert!(text.contains("made token 1 (nightly backup) for ada"), "{text}");
    assert!(text.contains("cannot be shown again"), "{text}");
    assert!(text.contains(&format!("Authorization: Bearer {secret}")), "{text}");
    assert_eq!(t.token_user(&secret).as_deref(), Some("ada"), "the secret signs ada in");

    let made = t.json(&["token", "add", "--user", "ada", "--label", "laptop"]);
    assert_eq!(keys(&made), ["created_at", "id", "label", "last_used_at", "revoked_at", "secret", "user"]);
    assert_eq!(
        (made["user"].as_str(), made["label"].as_str(), made["id"].as_i64()),
        (Some("ada"), Some("laptop"), Some(2))
    );
    let second = made["secret"].as_str().expect("a secret").to_owned();
    assert_ne!(second, secret);

    let list = t.ok(&["token", "list", "--user", "ada"]);
    assert!(!list.contains("kith_"), "a list shows no secret:\n{list}");
    assert!(
        list.lines().map(str::trim).any(|l| l.starts_with("1") && l.contains("nightly backup")),
        "{list}"
    );
    let tokens = t.json(&["token", "list", "--user", "ada"]);
    assert!(!tokens.to_string().contains("kith_"), "a list shows no secret: {tokens}");
    assert_eq!(crate::support::len(&tokens), 2);
    assert_eq!(keys(&tokens[0]), ["created_at", "id", "label", "last_used_at", "revoked_at"]);
    assert!(tokens[0]["last_used_at"].is_string(), "signing in with it was noted: {tokens}");
    assert!(tokens[1]["last_used_at"].is_null() && tokens[1]["revoked_at"].is_null(), "{tokens}");
    assert_eq!(t.json(&["token", "list", "--user", "bob"]), serde_json::json!([]));

    // Bob's name does not reach Ada's tokens.
    let line = t.fail(&["token", "revoke", "--user", "bob", "1"], 3);
    assert!(line.contains("bob has no token 1") && line.contains("kith token list --user bob"), "{line}");
    assert_eq!(t.token_user(&secret).as_deref(), Some("ada"));

    let revoked = t.ok(&["token", "revoke", "--user", "ada", "1"]);
    assert!(revoked.contains("revoked token 1 (nightly backup) of ada"), "{revoked}");
    assert_eq!(t.token_user(&secret), None, "a revoked token signs nobody in");
    assert_eq!(t.token_user(&second).as_deref(), Some("ada"), "her other token still works");
    let again = t.json(&["token", "revoke", "--user", "ada", "2"]);
    assert_eq!(keys(&again), ["created_at", "id", "label", "last_used_at", "revoked_at"]);
    assert!(again["revoked_at"].is_string(), "{again}");
    let tokens = t.json(&["token", "list", "--user", "ada"]);
    assert!(tokens.as_array().unwrap().iter().all(|t| t["revoked_at"].is_string()), "{tokens}");

    t.fail(&["token", "revoke", "--user", "ada", "99"], 3);
    let line = t.fail(&["token", "add", "--user", "zed"], 3);
    assert!(line.contains("no user named \"zed\""), "{line}");
    t.fail(&["token", "list", "--user", "zed"], 3);
}

#[test]
fn a_workspace_is_shared_as_viewer_then_unshared() {
    let Some(t) = team() else { return };
    t.add_user("ada", ADA);
    t.add_user("bob", BOB);

    let made = t.json(&["workspace", "add", "sales", "--owner", "ada"]);
    assert_eq!(made, serde_json::json!({"name": "sales", "members": [{"user": "ada", "role": "owner"}]}));
    assert_eq!(t.role("ada", "sales"), Some(Role::Owner));
    assert_eq!(t.role("bob", "sales"), None);

    let shared = t.ok(&["workspace", "share", "sales", "bob", "--role", "viewer", "--by", "ada"]);
    assert!(shared.contains("bob may open the workspace sales as viewer"), "{shared}");
    assert_eq!(t.role("bob", "sales"), Some(Role::Viewer), "bob reads sales, and only reads");
    let theirs = t.json(&["workspace", "list", "--user", "bob"]);
    assert_eq!(
        theirs,
        serde_json::json!([{"workspace": "bob", "role": "owner"}, {"workspace": "sales", "role": "viewer"}])
    );
    let all = t.json(&["workspace", "list"]);
    assert_eq!(crate::support::field(&all, "name"), ["ada", "bob", "sales"]);
    let sales = all.as_array().unwrap().iter().find(|w| w["name"] == "sales").unwrap();
    assert_eq!(
        sales["members"],
        serde_json::json!([{"user": "ada", "role": "owner"}, {"user": "bob", "role": "viewer"}])
    );
    let list = t.ok(&["workspace", "list"]);
    assert!(
        list.lines()
            .map(str::trim)
            .any(|l| l.starts_with("sales") && l.contains("ada (owner), bob (viewer)")),
        "{list}"
    );
    assert!(t.ok(&["user", "list"]).contains("bob (owner), sales (viewer)"));

    // Sharing again changes the role.
    let editor = t.json(&["workspace", "share", "sales", "bob", "--role", "editor", "--by", "ada"]);
    assert_eq!(editor["members"][1], serde_json::json!({"user": "bob", "role": "editor"}));
    assert_eq!(t.role("bob", "sales"), Some(Role::Editor));

    let gone = t.json(&["workspace", "unshare", "sales", "bob", "--by", "ada"]);
    assert_eq!(gone, serde_json::json!({"name": "sales", "members": [{"user": "ada", "role": "owner"}]}));
    assert_eq!(t.role("bob", "sales"), None, "bob may no longer open sales");
    assert_eq!(
        t.json(&["workspace", "list", "--user", "bob"]),
        serde_json::json!([{"workspace": "bob", "role": "owner"}])
    );
    let line = t.fail(&["workspace", "unshare", "sales", "bob", "--by", "ada"], 3);
    assert!(line.contains("bob is not a member of the workspace \"sales\""), "{line}");

    // A member may leave on their own.
    t.ok(&["workspace", "share", "sales", "bob", "--role", "viewer", "--by", "ada"]);
    let left = t.ok(&["workspace", "unshare", "sales", "bob", "--by", "bob"]);
    assert!(left.contains("bob left the workspace sales"), "{left}");
    assert_eq!(t.role("bob", "sales"), None);
}

#[test]
fn only_an_owner_shares_and_a_workspace_keeps_an_owner() {
    let Some(t) = team() else { return };
    t.add_user("ada", ADA);
    t.add_user("bob", BOB);
    t.ok(&["workspace", "add", "sales", "--owner", "ada"]);
    t.ok(&["workspace", "share", "sales", "bob", "--role", "viewer", "--by", "ada"]);
    let before = t.json(&["workspace", "list"]);

    let line = t.fail(&["workspace", "share", "sales", "bob", "--role", "owner", "--by", "bob"], 2);
    assert!(
        line.contains("only an owner of the workspace \"sales\" may share it, and bob is not one"),
        "{line}"
    );
    let line = t.fail(&["workspace", "unshare", "sales", "ada", "--by", "bob"], 2);
    assert!(line.contains("only an owner"), "{line}");
    let line = t.fail(&["workspace", "unshare", "sales", "ada", "--by", "ada"], 2);
    assert!(line.contains("ada is the only owner of the workspace \"sales\""), "{line}");
    let line = t.fail(&["workspace", "share", "sales", "ada", "--role", "viewer", "--by", "ada"], 2);
    assert!(line.contains("make someone else its owner first"), "{line}");
    let line = t.fail(&["workspace", "share", "sales", "bob", "--role", "boss", "--by", "ada"], 2);
    assert!(line.contains("unknown role \"boss\"") && line.contains("owner, editor, viewer"), "{line}");
    assert_eq!(t.json(&["workspace", "list"]), before, "nothing refused changed anything");
    assert_eq!(t.role("bob", "sales"), Some(Role::Viewer));

    // With a second owner, the first may go.
    t.ok(&["workspace", "share", "sales", "bob", "--role", "owner", "--by", "ada"]);
    t.ok(&["workspace", "unshare", "sales", "ada", "--by", "ada"]);
    assert_eq!((t.role("ada", "sales"), t.role("bob", "sales")), (None, Some(Role::Owner)));
}

#[test]
fn unknown_users_and_workspaces_are_not_found() {
    let Some(t) = team() else { return };
    t.add_user("ada", ADA);
    let line = t.fail(&["workspace", "add", "sales", "--owner", "zed"], 3);
    assert!(line.contains("no user named \"zed\"") && line.contains("kith user add zed"), "{line}");
    let line = t.fail(&["workspace", "share", "nope", "ada", "--role", "viewer", "--by", "ada"], 3);
    assert!(line.contains("no workspace named \"nope\"") && line.contains("kith workspace list"), "{line}");
    t.fail(&["workspace", "share", "ada", "zed", "--role", "viewer", "--by", "ada"], 3);
    t.fail(&["workspace", "list", "--user", "zed"], 3);
    assert_eq!(
        t.json(&["workspace", "list"]),
        serde_json::json!([{"name": "ada", "members": [{"user": "ada", "role": "owner"}]}])
    );
}

#[test]
fn a_sqlite_database_is_refused_and_left_uncreated() {
    let kith = Kith::uninit();
    let path = kith.path("mine.db");
    let db = path.to_str().expect("a UTF-8 path");
    let commands: [&[&str]; 10] = [
        &["user", "add", "ada"],
        &["user", "passwd", "ada"],
        &["user", "list"],
        &["token", "add", "--user", "ada"],
        &["token", "list", "--user", "ada"],
        &["token", "revoke", "--user", "ada", "1"],
        &["workspace", "add", "sales", "--owner", "ada"],
        &["workspace", "share", "sales", "bob", "--role", "viewer", "--by", "ada"],
        &["workspace", "unshare", "sales", "bob", "--by", "ada"],
        &["workspace", "list"],
    ];
    for args in commands {
        let assert = kith.bare().args(["--db", db]).args(args).write_stdin(format!("{ADA}\n")).assert();
        let line = fail_with(assert, 2);
        assert!(line.contains("accounts are for a PostgreSQL database"), "`kith {}`: {line}", args.join(" "));
        // KITH_DB names it the same way.
        let assert = kith.bare().env("KITH_DB", db).args(args).write_stdin(format!("{ADA}\n")).assert();
        fail_with(assert, 2);
    }
    assert!(!path.exists(), "no SQLite file was made");
}

/// `kith serve` on a team's database nobody could sign in to is refused before it
/// listens, saying how to add a user.
#[test]
fn a_team_server_without_users_is_refused() {
    let Some(t) = team() else { return };
    let line = t.fail(&["serve", "--listen", "127.0.0.1:0"], 2);
    assert!(line.contains("no users yet") && line.contains("kith user add NAME"), "{line}");
    assert!(!line.contains(":kith@"), "no password shown: {line}");
}
