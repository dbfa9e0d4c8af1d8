//! Accounts on PostgreSQL: users and their passwords, personal API tokens, and
//! workspaces shared as owner, editor or viewer. Each test has a scratch database of its
//! own, on the server `KITH_TEST_POSTGRES` names; without one they are skipped, as the
//! contract suite's PostgreSQL tests are.

use jiff::Timestamp;
use kith_store::accounts::{Accounts, Membership, Role, User};
use kith_store::scratch::ScratchDatabase;
use kith_store::{OpenMode, StoreError, accounts, open_workspace};
use std::sync::Arc;

/// A moment `day` days into the test calendar, on a whole second.
fn day(day: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap()
}

const PASSWORD: &str = "correct horse battery";

/// The accounts of a scratch database, and the database (dropped when the test ends).
async fn fresh() -> Option<(ScratchDatabase, Accounts)> {
    let db = ScratchDatabase::new().await?;
    let accounts = accounts(db.url()).await.unwrap();
    Some((db, accounts))
}

/// A plain connection to the database, to read what is stored as it is.
async fn raw(db: &ScratchDatabase) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(db.url(), tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}

fn owner_of(workspace: &str) -> Membership {
    Membership { workspace: workspace.into(), role: Role::Owner }
}

fn member(workspace: &str, role: Role) -> Membership {
    Membership { workspace: workspace.into(), role }
}

fn assert_not_allowed<T: std::fmt::Debug>(result: Result<T, StoreError>, says: &str) {
    match result {
        Err(StoreError::NotAllowed(why)) => assert!(why.contains(says), "{why:?} should say {says:?}"),
        other => panic!("expected NotAllowed, got {other:?}"),
    }
}

/// Accounts live in a PostgreSQL database; a SQLite location is refused, saying so.
#[tokio::test]
async fn a_sqlite_location_has_no_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kith.db").display().to_string();
    for location in [file.clone(), format!("sqlite://{file}")] {
        match accounts(&location).await {
            Err(StoreError::Unsupported(why)) => assert!(why.contains("PostgreSQL"), "{why}"),
            other => panic!("expected Unsupported for {location}, got {other:?}"),
        }
    }
    assert!(!dir.path().join("kith.db").exists(), "no file made");
}

/// A new user owns a workspace named after them, which opens as a store, and is listed.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_user_owns_a_workspace_of_their_own() {
    let Some((db, accounts)) = fresh().await else { return };
    let ada = accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    assert_eq!((ada.name.as_str(), ada.created_at), ("ada", day(1)));
    let grace = accounts.add_user("grace", PASSWORD, day(2)).await.unwrap();
    assert_eq!(accounts.users().await.unwrap(), vec![ada.clone(), grace]);
    assert_eq!(accounts.workspaces_of("ada").await.unwrap(), vec![owner_of("ada")]);
    assert_eq!(accounts.role_of("ada", "ada").await.unwrap(), Some(Role::Owner));
    assert_eq!(accounts.role_of("grace", "ada").await.unwrap(), None);

    let store = open_workspace(db.url(), Some(&ada.name), OpenMode::MustExist).await.unwrap();
    assert!(store.people().await.unwrap().is_empty());
    assert!(store.location().ends_with("(workspace ada)"), "{}", store.location());
}

/// A name a user or a workspace has already is refused, and so is an empty one; nothing
/// is left of a refused user.
#[tokio::test(flavor = "multi_thread")]
async fn a_taken_name_is_refused() {
    let Some((db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    match accounts.add_user("ada", "another long password", day(2)).await {
        Err(e @ StoreError::NameTaken { what: "a user", .. }) => {
            assert_eq!(e.to_string(), "a user named \"ada\" exists already; choose another name");
        }
        other => panic!("expected NameTaken, got {other:?}"),
    }
    open_workspace(db.url(), Some("team"), OpenMode::CreateIfMissing).await.unwrap();
    match accounts.add_user("team", PASSWORD, day(2)).await {
        Err(e @ StoreError::NameTaken { what: "a workspace", .. }) => {
            assert!(e.to_string().contains("\"team\" exists already"), "{e}");
        }
        other => panic!("expected NameTaken, got {other:?}"),
    }
    assert!(matches!(accounts.add_user(" ", PASSWORD, day(2)).await, Err(StoreError::Invalid(_))));
    let names: Vec<String> = accounts.users().await.unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["ada"], "the refused users were not added");
    assert_eq!(accounts.sign_in("ada", PASSWORD).await.unwrap().map(|u| u.created_at), Some(day(1)));
}

/// Passwords shorter than 12 characters (characters, not bytes) are refused, on adding a
/// user and on changing a password.
#[tokio::test(flavor = "multi_thread")]
async fn a_short_password_is_refused() {
    let Some((_db, accounts)) = fresh().await else { return };
    match accounts.add_user("ada", "elevenchars", day(1)).await {
        Err(e @ StoreError::PasswordTooShort { least: 12 }) => {
            assert_eq!(e.to_string(), "the password is too short: use at least 12 characters");
        }
        other => panic!("expected PasswordTooShort, got {other:?}"),
    }
    assert!(accounts.users().await.unwrap().is_empty());
    // Eleven characters of two bytes each: still too short.
    assert!(matches!(
        accounts.add_user("ada", "ééééééééééé", day(1)).await,
        Err(StoreError::PasswordTooShort { .. })
    ));
    accounts.add_user("ada", "twelve chars", day(1)).await.unwrap();
    assert!(matches!(accounts.set_password("ada", "short").await, Err(StoreError::PasswordTooShort { .. })));
    assert!(accounts.sign_in("ada", "twelve chars").await.unwrap().is_some(), "the password stayed");
}

/// Signing in takes the right password only; an unknown user is no error, just no one.
/// A new password replaces the old one.
#[tokio::test(flavor = "multi_thread")]
async fn signing_in_takes_the_right_password_only() {
    let Some((_db, accounts)) = fresh().await else { return };
    let ada = accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    assert_eq!(accounts.sign_in("ada", PASSWORD).await.unwrap(), Some(ada.clone()));
    assert_eq!(accounts.sign_in("ada", "correct horse battery!").await.unwrap(), None);
    assert_eq!(accounts.sign_in("Ada", PASSWORD).await.unwrap(), None, "names are exact");
    assert_eq!(accounts.sign_in("nobody", PASSWORD).await.unwrap(), None);

    accounts.set_password("ada", "a new long password").await.unwrap();
    assert_eq!(accounts.sign_in("ada", PASSWORD).await.unwrap(), None);
    assert_eq!(accounts.sign_in("ada", "a new long password").await.unwrap(), Some(ada));
    assert!(matches!(
        accounts.set_password("nobody", PASSWORD).await,
        Err(StoreError::NotFound { entity: "user", .. })
    ));
}

/// What is stored of a password is its Argon2id hash, salted afresh each time.
#[tokio::test(flavor = "multi_thread")]
async fn passwords_are_stored_as_argon2id_hashes() {
    let Some((db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.add_user("grace", PASSWORD, day(1)).await.unwrap();
    let rows = raw(&db).await.query("SELECT password_hash FROM users ORDER BY name", &[]).await.unwrap();
    let hashes: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    for hash in &hashes {
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(PASSWORD));
    }
    assert_ne!(hashes[0], hashes[1], "each hash has its own salt");
}

/// A token signs its user in, noting when, until it is revoked; its user sees it listed,
/// revoked or not.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_signs_its_user_in_until_revoked() {
    let Some((_db, accounts)) = fresh().await else { return };
    let ada = accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    let (token, secret) = accounts.add_token("ada", "backup script", day(2)).await.unwrap();
    assert!(secret.starts_with("kith_") && secret.len() == 5 + 64, "{secret}");
    assert!(secret[5..].bytes().all(|b| b.is_ascii_hexdigit()), "{secret}");
    assert_eq!((token.label.as_str(), token.created_at), ("backup script", day(2)));
    assert_eq!((token.last_used_at, token.revoked_at), (None, None));

    assert_eq!(accounts.user_for_token(&secret, day(3)).await.unwrap(), Some(ada));
    assert_eq!(accounts.user_for_token("kith_0000", day(3)).await.unwrap(), None);
    assert_eq!(accounts.user_for_token(&secret[5..], day(3)).await.unwrap(), None, "the whole secret");
    let listed = accounts.tokens("ada").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].last_used_at), (token.id, Some(day(3))));
    // A use within a minute of the last one noted is not written again; a later one is.
    let soon = |seconds: i64| day(3).checked_add(jiff::SignedDuration::from_secs(seconds)).unwrap();
    accounts.user_for_token(&secret, soon(59)).await.unwrap().expect("still ada's");
    assert_eq!(accounts.tokens("ada").await.unwrap()[0].last_used_at, Some(day(3)));
    accounts.user_for_token(&secret, soon(60)).await.unwrap().expect("still ada's");
    assert_eq!(accounts.tokens("ada").await.unwrap()[0].last_used_at, Some(soon(60)));

    accounts.revoke_token("ada", token.id, day(4)).await.unwrap();
    assert_eq!(accounts.user_for_token(&secret, day(5)).await.unwrap(), None);
    accounts.revoke_token("ada", token.id, day(6)).await.unwrap();
    let listed = accounts.tokens("ada").await.unwrap();
    assert_eq!((listed[0].last_used_at, listed[0].revoked_at), (Some(soon(60)), Some(day(4))));

    let (second, _) = accounts.add_token("ada", "laptop", day(7)).await.unwrap();
    let ids: Vec<i64> = accounts.tokens("ada").await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(ids, [token.id, second.id], "oldest first");
    assert!(matches!(accounts.tokens("nobody").await, Err(StoreError::NotFound { entity: "user", .. })));
    assert!(matches!(
        accounts.add_token("nobody", "x", day(7)).await,
        Err(StoreError::NotFound { entity: "user", .. })
    ));
}

/// A user cannot revoke another's token, or see it: it is not found, and still works.
#[tokio::test(flavor = "multi_thread")]
async fn another_users_token_is_not_revocable() {
    let Some((_db, accounts)) = fresh().await else { return };
    let ada = accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.add_user("grace", PASSWORD, day(1)).await.unwrap();
    let (token, secret) = accounts.add_token("ada", "script", day(2)).await.unwrap();
    assert!(matches!(
        accounts.revoke_token("grace", token.id, day(3)).await,
        Err(StoreError::NotFound { entity: "token", .. })
    ));
    assert!(matches!(
        accounts.revoke_token("ada", token.id + 1, day(3)).await,
        Err(StoreError::NotFound { entity: "token", .. })
    ));
    assert!(accounts.tokens("grace").await.unwrap().is_empty());
    assert_eq!(accounts.user_for_token(&secret, day(4)).await.unwrap(), Some(ada));
}

/// No token's secret is stored: the tokens table (read as raw rows) and the users table
/// hold only its SHA-256.
#[tokio::test(flavor = "multi_thread")]
async fn no_token_secret_is_stored() {
    let Some((db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    let secrets = [
        accounts.add_token("ada", "one", day(2)).await.unwrap().1,
        accounts.add_token("ada", "two", day(2)).await.unwrap().1,
    ];
    assert_ne!(secrets[0], secrets[1]);
    let client = raw(&db).await;
    let rows = client
        .query(
            "SELECT t::text FROM tokens t UNION ALL SELECT u::text FROM users u \
             UNION ALL SELECT m::text FROM memberships m UNION ALL SELECT w::text FROM workspaces w",
            &[],
        )
        .await
        .unwrap();
    let stored: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    for secret in &secrets {
        let hex = &secret[5..];
        assert!(stored.iter().all(|row| !row.contains(hex)), "{secret} found in {stored:?}");
    }
    let digests: Vec<Vec<u8>> = client
        .query("SELECT secret_sha256 FROM tokens ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let expected: Vec<Vec<u8>> = secrets.iter().map(|s| sha2_of(s)).collect();
    assert_eq!(digests, expected);
}

fn sha2_of(text: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).to_vec()
}

/// An owner shares a workspace as editor or viewer, changes roles, and takes it back.
#[tokio::test(flavor = "multi_thread")]
async fn owners_share_workspaces_with_roles() {
    let Some((db, accounts)) = fresh().await else { return };
    for name in ["ada", "grace", "linus"] {
        accounts.add_user(name, PASSWORD, day(1)).await.unwrap();
    }
    accounts.create_workspace("ada", "team", day(2)).await.unwrap();
    open_workspace(db.url(), Some("team"), OpenMode::MustExist).await.unwrap();
    assert_eq!(accounts.workspaces_of("ada").await.unwrap(), vec![owner_of("ada"), owner_of("team")]);

    accounts.share("ada", "team", "grace", Role::Editor).await.unwrap();
    accounts.share("ada", "team", "linus", Role::Viewer).await.unwrap();
    assert_eq!(accounts.role_of("grace", "team").await.unwrap(), Some(Role::Editor));
    assert_eq!(accounts.role_of("linus", "team").await.unwrap(), Some(Role::Viewer));
    assert_eq!(
        accounts.workspaces_of("linus").await.unwrap(),
        vec![owner_of("linus"), member("team", Role::Viewer)]
    );

    accounts.share("ada", "team", "linus", Role::Editor).await.unwrap();
    assert_eq!(accounts.role_of("linus", "team").await.unwrap(), Some(Role::Editor));
    accounts.share("ada", "team", "grace", Role::Owner).await.unwrap();
    accounts.unshare("grace", "team", "linus").await.unwrap();
    assert_eq!(accounts.role_of("linus", "team").await.unwrap(), None);
    assert_eq!(accounts.workspaces_of("linus").await.unwrap(), vec![owner_of("linus")]);

    assert!(matches!(
        accounts.unshare("ada", "team", "linus").await,
        Err(StoreError::NotFound { entity: "membership", .. })
    ));
    assert!(matches!(
        accounts.share("ada", "nowhere", "linus", Role::Viewer).await,
        Err(StoreError::NoWorkspace(_))
    ));
    assert!(matches!(
        accounts.share("ada", "team", "nobody", Role::Viewer).await,
        Err(StoreError::NotFound { entity: "user", .. })
    ));
    assert_eq!(accounts.role_of("nobody", "team").await.unwrap(), None);
    assert_eq!(accounts.role_of("ada", "nowhere").await.unwrap(), None);
    assert!(matches!(
        accounts.workspaces_of("nobody").await,
        Err(StoreError::NotFound { entity: "user", .. })
    ));
    match accounts.create_workspace("grace", "team", day(3)).await {
        Err(StoreError::NameTaken { what: "a workspace", name }) => assert_eq!(name, "team"),
        other => panic!("expected NameTaken, got {other:?}"),
    }
    assert!(matches!(
        accounts.create_workspace("nobody", "elsewhere", day(3)).await,
        Err(StoreError::NotFound { entity: "user", .. })
    ));
    assert!(open_workspace(db.url(), Some("elsewhere"), OpenMode::MustExist).await.is_err(), "not made");
    assert!(matches!(accounts.create_workspace("ada", " ", day(3)).await, Err(StoreError::Invalid(_))));
}

/// A viewer's store reads the workspace as its owner's does and refuses every write with
/// the viewer's reason, changing nothing: the wall below the web server's own refusal.
#[tokio::test(flavor = "multi_thread")]
async fn a_viewers_store_reads_and_refuses_to_write() {
    let Some((_db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    let owners = accounts.open_workspace("ada", Role::Owner).await.unwrap();
    let me = kith_core::Identity::parse_any_kind("ada@example.org").unwrap();
    owners.add_owner_identity(&me).await.unwrap();
    let viewers = accounts.open_workspace("ada", Role::Viewer).await.unwrap();
    assert_eq!(viewers.snapshot().await.unwrap(), owners.snapshot().await.unwrap());
    viewers.review_data().await.unwrap();

    let other = kith_core::Identity::parse_any_kind("someone@example.org").unwrap();
    match viewers.add_owner_identity(&other).await {
        Err(StoreError::ReadOnly { why: kith_store::ReadOnly::Viewer, .. }) => {}
        other => panic!("expected the viewer's refusal, got {other:?}"),
    }
    assert!(matches!(
        viewers.restore(Arc::default()).await,
        Err(StoreError::ReadOnly { why: kith_store::ReadOnly::Viewer, .. })
    ));
    assert_eq!(owners.snapshot().await.unwrap().owner, vec![me], "nothing changed");
}

/// A workspace made outside the accounts (`kith init --workspace`, `kith copy`) has no
/// members: naming an owner for it adopts it, keeping its data; once it has one, the
/// name is taken.
#[tokio::test(flavor = "multi_thread")]
async fn a_workspace_made_without_accounts_is_adopted_by_its_first_owner() {
    let Some((db, accounts)) = fresh().await else { return };
    let store = open_workspace(db.url(), Some("members"), OpenMode::CreateIfMissing).await.unwrap();
    store.add_owner_identity(&kith_core::Identity::parse_any_kind("me@example.org").unwrap()).await.unwrap();
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.add_user("grace", PASSWORD, day(1)).await.unwrap();
    assert_eq!(accounts.role_of("ada", "members").await.unwrap(), None);

    accounts.create_workspace("ada", "members", day(2)).await.unwrap();
    assert_eq!(accounts.role_of("ada", "members").await.unwrap(), Some(Role::Owner));
    let opened = accounts.open_workspace("members", Role::Owner).await.unwrap();
    assert_eq!(opened.snapshot().await.unwrap().owner.len(), 1, "its data stayed");
    match accounts.create_workspace("grace", "members", day(3)).await {
        Err(StoreError::NameTaken { what: "a workspace", name }) => assert_eq!(name, "members"),
        other => panic!("expected NameTaken, got {other:?}"),
    }
    assert_eq!(accounts.role_of("grace", "members").await.unwrap(), None);
}

/// Only an owner shares or takes a workspace away from others; editors, viewers and
/// strangers are refused and change nothing. Anyone may leave.
#[tokio::test(flavor = "multi_thread")]
async fn only_an_owner_may_share() {
    let Some((_db, accounts)) = fresh().await else { return };
    for name in ["ada", "grace", "linus", "mallory"] {
        accounts.add_user(name, PASSWORD, day(1)).await.unwrap();
    }
    accounts.share("ada", "ada", "grace", Role::Editor).await.unwrap();
    accounts.share("ada", "ada", "linus", Role::Viewer).await.unwrap();
    for by in ["grace", "linus", "mallory"] {
        assert_not_allowed(accounts.share(by, "ada", "mallory", Role::Viewer).await, "only an owner");
        assert_not_allowed(accounts.share(by, "ada", by, Role::Owner).await, "only an owner");
    }
    assert_not_allowed(accounts.unshare("grace", "ada", "linus").await, "only an owner");
    assert_not_allowed(accounts.unshare("mallory", "ada", "ada").await, "only an owner");
    assert_eq!(accounts.role_of("grace", "ada").await.unwrap(), Some(Role::Editor));
    assert_eq!(accounts.role_of("mallory", "ada").await.unwrap(), None);

    accounts.unshare("linus", "ada", "linus").await.unwrap();
    assert_eq!(accounts.role_of("linus", "ada").await.unwrap(), None, "linus left");
}

/// A workspace keeps an owner: its last one can neither be demoted nor removed, by
/// themselves or anyone; with a second owner, either may step down.
#[tokio::test(flavor = "multi_thread")]
async fn the_last_owner_stays() {
    let Some((_db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.add_user("grace", PASSWORD, day(1)).await.unwrap();
    assert_not_allowed(accounts.share("ada", "ada", "ada", Role::Editor).await, "the only owner");
    assert_not_allowed(accounts.unshare("ada", "ada", "ada").await, "the only owner");
    assert_eq!(accounts.role_of("ada", "ada").await.unwrap(), Some(Role::Owner));

    accounts.share("ada", "ada", "grace", Role::Owner).await.unwrap();
    accounts.share("grace", "ada", "ada", Role::Viewer).await.unwrap();
    assert_eq!(accounts.role_of("ada", "ada").await.unwrap(), Some(Role::Viewer));
    assert_not_allowed(accounts.share("grace", "ada", "grace", Role::Editor).await, "the only owner");
    assert_not_allowed(accounts.unshare("grace", "ada", "grace").await, "the only owner");
}

/// Two owners each demoting the other at once: one wins, and the workspace keeps an owner.
#[tokio::test(flavor = "multi_thread")]
async fn owners_demoting_each_other_at_once_leave_one() {
    let Some((db, accounts)) = fresh().await else { return };
    let accounts = Arc::new(accounts);
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.add_user("grace", PASSWORD, day(1)).await.unwrap();
    accounts.share("ada", "ada", "grace", Role::Owner).await.unwrap();
    // Another handle on the same database, with connections of its own.
    let other = Arc::new(kith_store::accounts(db.url()).await.unwrap());
    let (first, second) = tokio::join!(
        tokio::spawn({
            let accounts = Arc::clone(&accounts);
            async move { accounts.share("ada", "ada", "grace", Role::Viewer).await }
        }),
        tokio::spawn(async move { other.share("grace", "ada", "ada", Role::Viewer).await }),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first.is_ok() != second.is_ok(), "exactly one succeeds: {first:?} {second:?}");
    let roles =
        [accounts.role_of("ada", "ada").await.unwrap(), accounts.role_of("grace", "ada").await.unwrap()];
    assert_eq!(roles.iter().filter(|r| **r == Some(Role::Owner)).count(), 1, "{roles:?}");
}

/// Every call can run on a task of its own, as a server's handlers do: its future is
/// `Send` (checked when this compiles; the futures are made, never run).
#[tokio::test(flavor = "multi_thread")]
async fn every_call_can_run_on_a_task_of_its_own() {
    fn send<T: Send>(_: T) {}
    let Some((_db, accounts)) = fresh().await else { return };
    send(kith_store::accounts("postgres://nowhere"));
    send(accounts.add_user("ada", PASSWORD, day(1)));
    send(accounts.set_password("ada", PASSWORD));
    send(accounts.sign_in("ada", PASSWORD));
    send(accounts.users());
    send(accounts.add_token("ada", "script", day(1)));
    send(accounts.tokens("ada"));
    send(accounts.revoke_token("ada", 1, day(1)));
    send(accounts.user_for_token("kith_", day(1)));
    send(accounts.create_workspace("ada", "team", day(1)));
    send(accounts.share("ada", "team", "grace", Role::Viewer));
    send(accounts.unshare("ada", "team", "grace"));
    send(accounts.workspaces_of("ada"));
    send(accounts.role_of("ada", "team"));
}

/// Memberships go with their workspace.
#[tokio::test(flavor = "multi_thread")]
async fn a_removed_workspace_takes_its_memberships() {
    let Some((db, accounts)) = fresh().await else { return };
    accounts.add_user("ada", PASSWORD, day(1)).await.unwrap();
    accounts.create_workspace("ada", "team", day(2)).await.unwrap();
    let client = raw(&db).await;
    // As the schema says: set the workspace, then delete its row.
    client
        .batch_execute(
            "BEGIN; SELECT set_config('kith.workspace', id::text, true) FROM workspaces WHERE name = 'team'; \
             DELETE FROM workspaces WHERE name = 'team'; COMMIT;",
        )
        .await
        .unwrap();
    assert_eq!(accounts.workspaces_of("ada").await.unwrap(), vec![owner_of("ada")]);
}

/// Roles read and write as their lower-case names, as JSON too; owners and editors write.
#[test]
fn roles_read_and_write_as_their_names() {
    for role in [Role::Owner, Role::Editor, Role::Viewer] {
        assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{}\"", role.as_str()));
    }
    assert!(Role::Owner.may_write() && Role::Editor.may_write() && !Role::Viewer.may_write());
    let unknown = "admin".parse::<Role>().unwrap_err().to_string();
    assert_eq!(unknown, "unknown role \"admin\"; expected one of: owner, editor, viewer");
    let user = User { id: 1, name: "ada".into(), created_at: day(1) };
    assert_eq!(
        serde_json::to_value(&user).unwrap(),
        serde_json::json!({"id": 1, "name": "ada", "created_at": "2023-11-15T22:13:20Z"})
    );
}
