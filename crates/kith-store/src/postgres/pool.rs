//! The connections of one PostgreSQL store: opened when needed, at most a few at a time,
//! each kept with the statements it has prepared.

use super::connection::failed;
use crate::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_postgres::{Client, Config, NoTls, Statement};

/// How many connections one store holds at most.
const CONNECTIONS: usize = 8;

/// One connection and the statements prepared on it, by kith's SQL text.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) prepared: HashMap<String, Statement>,
}

/// A connection lent out, with the right to hold it.
pub(super) struct Lent {
    pub(super) conn: Conn,
    _permit: OwnedSemaphorePermit,
}

#[derive(Debug)]
pub(super) struct Pool {
    config: Config,
    idle: Mutex<Vec<Conn>>,
    permits: Arc<Semaphore>,
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conn").field("prepared", &self.prepared.len()).finish()
    }
}

impl Pool {
    pub(super) fn new(config: Config) -> Self {
        Self { config, idle: Mutex::default(), permits: Arc::new(Semaphore::new(CONNECTIONS)) }
    }

    /// An idle connection, or a new one once fewer than [`CONNECTIONS`] are out.
    pub(super) async fn get(&self) -> Result<Lent> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.expect("the semaphore is never closed");
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => Conn { client: connect(&self.config).await?, prepared: HashMap::new() },
        };
        Ok(Lent { conn, _permit: permit })
    }

    /// Takes a connection back, unless it was lost.
    pub(super) fn give_back(&self, lent: Lent) {
        if !lent.conn.client.is_closed() {
            self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(lent.conn);
        }
    }
}

/// A new connection, its I/O driven by a task of its own.
pub(super) async fn connect(config: &Config) -> Result<Client> {
    let (client, connection) = config.connect(NoTls).await.map_err(failed)?;
    // A connection that breaks fails the statement waiting on it, which reports the error;
    // the pool then drops its client and opens another when needed.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}
