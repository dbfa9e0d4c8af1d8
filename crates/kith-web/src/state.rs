//! What the server shares (how requests are let in, the signed-in sessions, the limits,
//! the clock) and what one request works on ([`Scope`]: a workspace, its assessment and
//! its imports, as the user's role there allows).

use crate::error::WebError;
use crate::imports::Imports;
use crate::token::{Token, random_hex, same_secret, token_path};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jiff::Zoned;
use kith_app::health::{Assessed, Judgments};
use kith_app::team::{self, Accounts, Role};
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

/// The router's state: how requests are let in, the workspaces they work in, and
/// what the whole server shares.
#[derive(Clone)]
pub struct AppState {
    gate: Arc<Gate>,
    config_dir: Arc<Path>,
    sessions: Arc<Sessions>,
    body_limit: usize,
    upload_limit: usize,
    clock: Clock,
}

/// Who may ask, and where their requests work.
enum Gate {
    /// One person's database, guarded by the server token.
    Token { token: Token, workspace: Arc<Workspace> },
    /// A team's PostgreSQL database: users sign in with their names and passwords,
    /// scripts with their personal tokens, and each request works in one workspace of
    /// its user's, as their role there allows.
    Team { accounts: Arc<Accounts>, open: Mutex<HashMap<String, Arc<Workspace>>> },
}

/// One workspace served: its store (and the same store for reading only, for viewers),
/// everyone's assessment kept up to date, and the imports run into it.
struct Workspace {
    writable: Arc<dyn Store>,
    readable: Arc<dyn Store>,
    judgments: RwLock<Option<Judgments>>,
    imports: Arc<Imports>,
}

impl Workspace {
    fn new(writable: Arc<dyn Store>, readable: Arc<dyn Store>) -> Arc<Self> {
        Arc::new(Self { writable, readable, judgments: RwLock::default(), imports: Arc::default() })
    }
}

/// The workspace `name` of a team's server, opened on first use and kept in `open`.
async fn opened(
    accounts: &Accounts,
    open: &Mutex<HashMap<String, Arc<Workspace>>>,
    name: &str,
) -> Result<Arc<Workspace>, WebError> {
    if let Some(kept) = open.lock().unwrap_or_else(PoisonError::into_inner).get(name) {
        return Ok(kept.clone());
    }
    let writable = accounts.open_workspace(name, Role::Editor).await.map_err(kith_app::Error::from)?;
    let readable = accounts.open_workspace(name, Role::Viewer).await.map_err(kith_app::Error::from)?;
    let mut open = open.lock().unwrap_or_else(PoisonError::into_inner);
    Ok(open.entry(name.to_owned()).or_insert_with(|| Workspace::new(writable, readable)).clone())
}

impl AppState {
    /// A state over `store`, guarded by the server token, with the user's configuration
    /// directory; the body limit is [`DEFAULT_BODY_LIMIT`] and now is the system clock's.
    pub fn new(store: Arc<dyn Store>, config_dir: impl Into<PathBuf>, token: Token) -> Self {
        let workspace = Workspace::new(store.clone(), store);
        Self::over(Gate::Token { token, workspace }, config_dir.into())
    }

    /// A state over a team's database: its users sign in, and each request works in one
    /// of their workspaces.
    pub fn team(accounts: Accounts, config_dir: impl Into<PathBuf>) -> Self {
        Self::over(Gate::Team { accounts: Arc::new(accounts), open: Mutex::default() }, config_dir.into())
    }

    fn over(gate: Gate, config_dir: PathBuf) -> Self {
        Self {
            gate: Arc::new(gate),
            config_dir: Arc::from(config_dir),
            sessions: Arc::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            clock: Arc::new(Zoned::now),
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

    /// Whether users sign in with their names and passwords (a team's database) rather
    /// than the server token.
    pub fn is_team(&self) -> bool {
        matches!(*self.gate, Gate::Team { .. })
    }

    /// The one workspace of a server guarded by its token, with every right; none for a
    /// team's server, whose requests each say where they work.
    pub fn sole(&self) -> Option<Scope> {
        match &*self.gate {
            Gate::Token { workspace, .. } => Some(self.scope(workspace.clone(), None, Role::Owner)),
            Gate::Team { .. } => None,
        }
    }

    /// Now, by this server's clock.
    pub fn now(&self) -> Zoned {
        (self.clock)()
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

    pub(crate) fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// Where a request with this bearer token works: the server token's one workspace,
    /// or the token's user's workspace `asked` for (their own unless they ask).
    pub(crate) async fn bearer(&self, secret: &str, asked: Option<&str>) -> Result<Scope, WebError> {
        match &*self.gate {
            Gate::Token { token, workspace } if token.matches(secret) => {
                Ok(self.scope(workspace.clone(), None, Role::Owner))
            }
            Gate::Token { .. } => Err(WebError::Unauthorized),
            Gate::Team { accounts, open } => {
                let now = self.now().timestamp();
                let user = accounts.user_for_token(secret, now).await.map_err(kith_app::Error::from)?;
                let user = user.ok_or(WebError::Unauthorized)?;
                let membership = team::workspace_for(accounts, &user.name, asked).await?;
                let workspace = opened(accounts, open, &membership.workspace).await?;
                let member = Member { user: user.name, workspace: membership.workspace };
                Ok(self.scope(workspace, Some(member), membership.role))
            }
        }
    }

    /// Where a signed-in session works, with the role its user has there now; none when
    /// the session no longer may (its user lost the workspace).
    pub(crate) async fn session_scope(&self, session: &Session) -> Result<Option<Scope>, WebError> {
        match (&*self.gate, &session.member) {
            (Gate::Token { workspace, .. }, None) => {
                Ok(Some(self.scope(workspace.clone(), None, Role::Owner)))
            }
            (Gate::Team { accounts, open }, Some(member)) => {
                let role = accounts.role_of(&member.user, &member.workspace).await;
                match role.map_err(kith_app::Error::from)? {
                    Some(role) => {
                        let workspace = opened(accounts, open, &member.workspace).await?;
                        Ok(Some(self.scope(workspace, Some(member.clone()), role)))
                    }
                    None => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// Signs a browser in: with the server token, or with a user's name and password
    /// and the workspace they ask for. `None` when the secret is wrong.
    pub(crate) async fn sign_in(&self, given: &SignIn) -> Result<Option<Session>, WebError> {
        let member = match &*self.gate {
            Gate::Token { token, .. } => {
                if !token.matches(given.token.trim()) {
                    return Ok(None);
                }
                None
            }
            Gate::Team { accounts, .. } => {
                let user = accounts.sign_in(given.name.trim(), &given.password).await;
                let Some(user) = user.map_err(kith_app::Error::from)? else { return Ok(None) };
                let asked = Some(given.workspace.as_str());
                let membership = team::workspace_for(accounts, &user.name, asked).await?;
                Some(Member { user: user.name, workspace: membership.workspace })
            }
        };
        Ok(Some(self.sessions.open(member)?))
    }

    fn scope(&self, workspace: Arc<Workspace>, member: Option<Member>, role: Role) -> Scope {
        Scope { state: self.clone(), workspace, member, role }
    }
}

/// What one request works on: a workspace, as its user's role there allows. Every
/// protected handler takes it; the guard alone makes it.
#[derive(Clone)]
pub struct Scope {
    state: AppState,
    workspace: Arc<Workspace>,
    member: Option<Member>,
    role: Role,
}

impl Scope {
    /// The use cases' context for this request: the workspace's store (reading only for
    /// a viewer), now, the configuration directory.
    pub fn ctx(&self) -> kith_app::Ctx {
        let store = if self.role.may_write() { &self.workspace.writable } else { &self.workspace.readable };
        let mut ctx = kith_app::Ctx::new(store.clone(), self.state.now());
        ctx.config_dir = Some(self.state.config_dir.to_path_buf());
        ctx
    }

    /// Everyone's assessment, first brought up to date with the data: made whole on the
    /// first call and each new day, afterwards only for whoever changed since (one small
    /// read when nobody did). Pages and the API read judgments here, never by assessing
    /// everyone per request.
    pub async fn judged(&self, ctx: &kith_app::Ctx) -> kith_app::Result<RwLockReadGuard<'_, Assessed>> {
        let judgments = &self.workspace.judgments;
        {
            let kept = judgments.read().await;
            if let Some(judgments) = kept.as_ref()
                && !judgments.stale(ctx).await?
            {
                return Ok(RwLockReadGuard::map(kept, |j| {
                    j.as_ref().map(Judgments::assessed).expect("checked")
                }));
            }
        }
        let mut kept = judgments.write().await;
        match kept.as_mut() {
            Some(judgments) => judgments.refresh(ctx).await?,
            None => *kept = Some(Judgments::load(ctx).await?),
        }
        let kept = kept.downgrade();
        Ok(RwLockReadGuard::map(kept, |j| j.as_ref().map(Judgments::assessed).expect("just made")))
    }

    /// The user and workspace of a team's request; none on a server guarded by its token.
    pub fn member(&self) -> Option<&Member> {
        self.member.as_ref()
    }

    /// The user's role in the workspace (the owner's on a server guarded by its token).
    pub fn role(&self) -> Role {
        self.role
    }

    /// The largest body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.state.body_limit
    }

    /// The largest upload an import accepts, in bytes.
    pub fn upload_limit(&self) -> usize {
        self.state.upload_limit
    }

    /// The imports this server ran and runs in the workspace.
    pub(crate) fn imports(&self) -> &Arc<Imports> {
        &self.workspace.imports
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Scope {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, WebError> {
        // Only the guard puts it there, as it does `Auth`.
        parts.extensions.get::<Scope>().cloned().ok_or(WebError::Unauthorized)
    }
}

/// Whom a team's session or token request is for: a user, in one of their workspaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The user's name.
    pub user: String,
    /// The workspace's name.
    pub workspace: String,
}

/// What a sign-in form sends: the server token, or a team user's name, password and the
/// workspace they ask for (blank: their own).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct SignIn {
    #[serde(default)]
    pub(crate) token: String,
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) password: String,
    #[serde(default)]
    pub(crate) workspace: String,
    pub(crate) next: Option<String>,
}

/// A signed-in browser: its session id (the cookie), the CSRF token its forms carry,
/// and on a team's server whom it is for.
#[derive(Clone, Debug)]
pub struct Session {
    /// The cookie's value.
    pub id: String,
    /// What every state-changing request of this session must carry.
    pub csrf: String,
    /// The user and workspace on a team's server.
    pub member: Option<Member>,
}

/// The signed-in sessions, in memory: a restart signs everyone out.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<Open>,
}

/// The open sessions by id, each with the order it was opened in, and how many were
/// ever opened.
#[derive(Default)]
struct Open {
    by_id: HashMap<String, (u64, Session)>,
    opened: u64,
}

impl Sessions {
    /// Opens a new session.
    pub(crate) fn open(&self, member: Option<Member>) -> kith_app::Result<Session> {
        let session = Session { id: random_hex()?, csrf: random_hex()?, member };
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.by_id.len() >= MAX_SESSIONS {
            let oldest = open.by_id.iter().min_by_key(|(_, (n, _))| *n).map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                open.by_id.remove(&oldest);
            }
        }
        open.opened += 1;
        let order = open.opened;
        open.by_id.insert(session.id.clone(), (order, session.clone()));
        Ok(session)
    }

    /// The session with this id, if it is open.
    pub(crate) fn get(&self, id: &str) -> Option<Session> {
        let guard = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        // Ids are 256 random bits: a hash lookup leaks nothing worth timing, and the
        // id found is compared again in constant time.
        let (key, (_, session)) = guard.by_id.get_key_value(id)?;
        same_secret(key, id).then(|| session.clone())
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
        let first = sessions.open(None).unwrap();
        let second = sessions.open(None).unwrap();
        assert_ne!((&first.id, &first.csrf), (&second.id, &second.csrf));
        for _ in 2..MAX_SESSIONS {
            sessions.open(None).unwrap();
        }
        assert!(sessions.get(&first.id).is_some());
        sessions.open(None).unwrap();
        assert!(sessions.get(&first.id).is_none(), "the oldest went");
        assert_eq!(sessions.get(&second.id).unwrap().csrf, second.csrf);
        sessions.close(&second.id);
        assert!(sessions.get(&second.id).is_none());
    }
}
