//! Scratch PostgreSQL databases for tests: one database per test, on the server the
//! environment variable `KITH_TEST_POSTGRES` names (a `postgres://` address of a role
//! that may create databases), dropped when the test is done with it.

use std::sync::atomic::{AtomicU64, Ordering};

/// The variable naming the test server.
pub const SERVER: &str = "KITH_TEST_POSTGRES";

/// A database made for one test, dropped (with any connections still open to it) when
/// this value is.
#[derive(Debug)]
pub struct ScratchDatabase {
    server: String,
    name: String,
    url: String,
}

impl ScratchDatabase {
    /// A new, empty database; `None` when no test server is named, unless `CI` is `true`,
    /// where a missing server fails the test instead of skipping it.
    pub async fn new() -> Option<Self> {
        let Ok(server) = std::env::var(SERVER) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{SERVER} is not set: CI runs every PostgreSQL test (.ci/run sets it)"
            );
            return None;
        };
        static MADE: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "kith_test_{}_{}_{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed),
            getrandom::u32().expect("random source")
        );
        let client = connect(&server).await;
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("create the test database");
        let url = with_database(&server, &name);
        Some(Self { server, name, url })
    }

    /// [`ScratchDatabase::new`] for a caller that is not async (made on a thread of its own).
    pub fn blocking_new() -> Option<Self> {
        std::thread::spawn(|| on_own_runtime(Self::new())).join().expect("making a test database")
    }

    /// The database's address.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // A thread with a runtime of its own, since a test's runtime may be the one dropping.
        let dropped = std::thread::spawn(move || {
            // A server process still leaving the database (a kith just stopped, autovacuum)
            // may hold it a moment: try again for a few seconds.
            on_own_runtime(async {
                let client = connect(&server).await;
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let mut tries = 0;
                loop {
                    match client.batch_execute(&drop).await {
                        Err(_) if tries < 50 => tries += 1,
                        done => return done,
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) && !std::thread::panicking() {
            panic!("the test database {} could not be dropped: {dropped:?}", self.name);
        }
    }
}

/// Runs `work` to its end on a runtime made for it.
fn on_own_runtime<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(work)
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the test server {SERVER}={url}: {e}"));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// `server` with its database name replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (address, query) = server.split_once('?').map_or((server, None), |(a, q)| (a, Some(q)));
    let after_scheme = address.find("://").map_or(0, |n| n + 3);
    let base = match address[after_scheme..].find('/') {
        Some(slash) => &address[..after_scheme + slash],
        None => address,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}
