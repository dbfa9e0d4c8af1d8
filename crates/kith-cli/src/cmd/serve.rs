//! `kith serve`: the web server on the CLI's database, until Ctrl-C. It listens on
//! loopback unless told otherwise out loud (`--public`), and says how to sign in: with
//! the server token (a SQLite file, or one PostgreSQL workspace named with
//! `--workspace`), or as a team's users (a PostgreSQL database without `--workspace`).

use crate::cli::ServeArgs;
use crate::context::{Ctx, config_dir, fixed_now, location};
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result};
use kith_store::OpenMode;
use kith_web::{AppState, load_or_create_token, token_path};

/// Serves the database `db` names at `--listen` until Ctrl-C (or SIGTERM), then lets
/// the requests under way finish.
pub async fn serve(db: Option<&str>, workspace: Option<&str>, json: bool, args: ServeArgs) -> Result<()> {
    if !args.listen.ip().is_loopback() && !args.public {
        return Err(UserError::Invalid(format!(
            "{} can be reached from other computers, and anyone who reaches it and learns the \
             token reads your whole network; pass --public if you mean it, and put the server \
             behind TLS (a reverse proxy), or listen on 127.0.0.1",
            args.listen
        ))
        .into());
    }
    let location = location(db, OpenMode::MustExist)?;
    let team = kith_store::is_postgres(&location) && workspace.is_none();
    let config = config_dir()?;
    let (mut state, token_file) = if team {
        (AppState::team(kith_app::team::serving(&location).await?, config), None)
    } else {
        let ctx = Ctx::open(db, workspace, json, OpenMode::MustExist).await?;
        let token = load_or_create_token(&config)?;
        (AppState::new(ctx.app.store.clone(), config.clone(), token), Some(token_path(&config)))
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))?;
    let address = listener.local_addr().context("could not read the address listened on")?;
    let url = format!("http://{address}/");
    if json {
        out::json(&serde_json::json!({ "url": url, "token_file": token_file, "team": team }))?;
    } else {
        out::line(&format!("kith is served at {url}"))?;
        match &token_file {
            Some(token_file) => {
                out::line(&format!("Sign in with the token in {}", token_file.display()))?;
                out::line(
                    "Scripts: send it as `Authorization: Bearer <token>`; the API is described at \
                     /api/v1/openapi.json",
                )?;
            }
            None => {
                out::line(
                    "Serving every workspace of this database: users sign in with their names and passwords.",
                )?;
                out::line(
                    "Scripts: send a personal token (`kith token add --user NAME`) as `Authorization: Bearer \
                     <token>`, and the workspace's name in a `Kith-Workspace` header (none: the user's own); \
                     the API is described at /api/v1/openapi.json",
                )?;
            }
        }
        if args.public {
            out::line(
                "Listening beyond this computer (--public): serve it behind TLS, through a proxy that \
                 passes the Host header on (kith checks its forms' origin against it).",
            )?;
        }
        out::line("Press Ctrl-C to stop.")?;
    }
    // Internal errors are logged here, on standard error, without their details going
    // to the browser.
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).try_init();
    let upload_limit = args.upload_limit.checked_mul(1 << 20).ok_or_else(|| {
        UserError::Invalid(format!(
            "--upload-limit {} MiB is more than this computer can count",
            args.upload_limit
        ))
    })?;
    state = state.with_upload_limit(upload_limit);
    // KITH_NOW fixes every request's now, as it fixes the command line's.
    if let Some(at) = fixed_now()? {
        state = state.with_clock(std::sync::Arc::new(move || at.clone()));
    }
    // One person's network is assessed once before the first request, not during it (a
    // team's workspaces each on their first request).
    if let Some(sole) = state.sole() {
        let people = sole.judged(&sole.ctx()).await?.people.len();
        if !json {
            out::line(&format!(
                "{people} people assessed; the assessment follows every change from now on."
            ))?;
        }
    }
    kith_web::serve(listener, state, stopped()).await.context("the server stopped")
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => return ctrl_c.await,
        };
        tokio::select! {
            () = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
