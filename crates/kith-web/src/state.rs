//! What every handler shares: the store, the configuration directory, the token, the
//! signed-in sessions, the body and upload limits, the clock, and the imports run.

use crate::imports::Imports;
use crate::token::{Token, random_hex, same_secret, token_path};
use jiff::Zoned;
use kith_app::health::{Assessed, Judgments};
use kith_store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{RwLock, RwLockReadGuard};

/// The largest request body the API and the forms accept: 1 MiB. A route that needs
/// more (an upload) sets its own with `axum::extract::DefaultBodyLimit` on that route.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The largest upload an import accepts unless the server is told otherwise: 1 GiB, for
/// mail archives.
pub const DEFAULT_UPLOAD_LIMIT: usize = 1 << 30;

/// Sessions kept at most; signing in past this signs the oldest session out.
const MAX_SESSIONS: usize = 256;

/// Where "now" comes from: the system clock, or a fixed moment in tests.
pub type Clock = Arc<dyn Fn() -> Zoned + Send + Sync>;

/// The router's state.
#[derive(Clone)]
pub struct AppState {
    store: Arc<dyn Store>,
    config_dir: Arc<Path>,
    token: Token,
    sessions: Arc<Sessions>,
    body_limit: usize,
    upload_limit: usize,
    clock: Clock,
    judgments: Arc<RwLock<Option<Judgments>>>,
    imports: Arc<Imports>,
}

impl AppState {
    /// A state over `store`, with the user's configuration directory and the server
    /// token; the body limit is [`DEFAULT_BODY_LIMIT`] and now is the system clock's.
    pub fn new(store: Arc<dyn Store>, config_dir: impl Into<PathBuf>, token: Token) -> Self {
        Self {
            store,
            config_dir: Arc::from(config_dir.into()),
            token,
            sessions: Arc::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            clock: Arc::new(Zoned::now),
            judgments: Arc::default(),
            imports: Arc::default(),
        }
    }

    /// The same state with another body limit, in bytes.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The same state with another limit for an import's upload, in bytes.
    pub fn with_upload_limit(mut self, bytes: usize) -> Self {
        self.upload_limit = bytes;
        self
    }

    /// The same state with another clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The use cases' context for one request: the store, now, the configuration
    /// directory.
    pub fn ctx(&self) -> kith_app::Ctx {
        let mut ctx = kith_app::Ctx::new(self.store.clone(), (self.clock)());
        ctx.config_dir = Some(self.config_dir.to_path_buf());
        ctx
    }

    /// Everyone's assessment, first brought up to date with the data: made whole on the
    /// first call and each new day, afterwards only for whoever changed since (one small
    /// read when nobody did). Pages and the API read judgments here, never by assessing
    /// everyone per request.
    pub async fn judged(&self, ctx: &kith_app::Ctx) -> kith_app::Result<RwLockReadGuard<'_, Assessed>> {
        {
            let kept = self.judgments.read().await;
            if let Some(judgments) = kept.as_ref()
                && !judgments.stale(ctx).await?
            {
                return Ok(RwLockReadGuard::map(kept, |j| {
                    j.as_ref().map(Judgments::assessed).expect("checked")
                }));
            }
        }
        let mut kept = self.judgments.write().await;
        match kept.as_mut() {
            Some(judgments) => judgments.refresh(ctx).await?,
            None => *kept = Some(Judgments::load(ctx).await?),
        }
        let kept = kept.downgrade();
        Ok(RwLockReadGuard::map(kept, |j| j.as_ref().map(Judgments::assessed).expect("just made")))
    }

    /// Where the token file is (the sign-in page says so).
    pub fn token_file(&self) -> PathBuf {
        token_path(&self.config_dir)
    }

    /// The largest body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The largest upload an import accepts, in bytes.
    pub fn upload_limit(&self) -> usize {
        self.upload_limit
    }

    /// The imports this server ran and runs.
    pub(crate) fn imports(&self) -> &Arc<Imports> {
        &self.imports
    }

    pub(crate) fn token(&self) -> &Token {
        &self.token
    }

    pub(crate) fn sessions(&self) -> &Sessions {
        &self.sessions
    }
}

/// A signed-in browser: its session id (the cookie) and the CSRF token its forms carry.
#[derive(Clone, Debug)]
pub struct Session {
    /// The cookie's value.
    pub id: String,
    /// What every state-changing request of this session must carry.
    pub csrf: String,
}

/// The signed-in sessions, in memory: a restart signs everyone out.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<Open>,
}

/// The open sessions' CSRF tokens by session id, each with the order it was opened in,
/// and how many were ever opened.
#[derive(Default)]
struct Open {
    by_id: HashMap<String, (u64, String)>,
    opened: u64,
}

impl Sessions {
    /// Opens a new session.
    pub(crate) fn open(&self) -> kith_app::Result<Session> {
        let session = Session { id: random_hex()?, csrf: random_hex()? };
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.by_id.len() >= MAX_SESSIONS {
            let oldest = open.by_id.iter().min_by_key(|(_, (n, _))| *n).map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                open.by_id.remove(&oldest);
            }
        }
        open.opened += 1;
        let order = open.opened;
        open.by_id.insert(session.id.clone(), (order, session.csrf.clone()));
        Ok(session)
    }

    /// The session with this id, if it is open.
    pub(crate) fn get(&self, id: &str) -> Option<Session> {
        let guard = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        // Ids are 256 random bits: a hash lookup leaks nothing worth timing, and the
        // id found is compared again in constant time.
        let (key, (_, csrf)) = guard.by_id.get_key_value(id)?;
        same_secret(key, id).then(|| Session { id: key.clone(), csrf: csrf.clone() })
    }

    /// Closes a session.
    pub(crate) fn close(&self, id: &str) {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).by_id.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_most_sessions_kept_the_oldest_is_signed_out() {
        let sessions = Sessions::default();
        let first = sessions.open().unwrap();
        let second = sessions.open().unwrap();
        assert_ne!((&first.id, &first.csrf), (&second.id, &second.csrf));
        for _ in 2..MAX_SESSIONS {
            sessions.open().unwrap();
        }
        assert!(sessions.get(&first.id).is_some());
        sessions.open().unwrap();
        assert!(sessions.get(&first.id).is_none(), "the oldest went");
        assert_eq!(sessions.get(&second.id).unwrap().csrf, second.csrf);
        sessions.close(&second.id);
        assert!(sessions.get(&second.id).is_none());
    }
}
