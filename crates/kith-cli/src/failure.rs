//! Turning an error into one line on standard error and an exit code that means
//! something: 2 for input kith refused, 3 for something that was not found, 1 for
//! everything else. A closed pipe (`kith … | head`) is not a failure.

use kith_app::ErrorKind;
use kith_core::{DraftMove, PersonId, ValidationError};
use kith_store::StoreError;
use std::process::ExitCode;

/// Exit code for input kith refused (also clap's code for bad usage).
const INVALID: u8 = 2;
/// Exit code for a person, organization or other entity that does not exist.
const NOT_FOUND: u8 = 3;

/// A command line kith cannot use: a missing argument, an empty `--db`, or no
/// configuration or data directory known where the command line gives none. Everything
/// about what the user asked for is a [`kith_app::Error`]; this is only about how kith was
/// started, which the use cases never see.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The command line cannot be used as given.
    #[error("{0}")]
    Invalid(String),
}

/// Prints the error chain on one line and picks the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if err.chain().any(is_broken_pipe) {
        return ExitCode::SUCCESS;
    }
    let mut line = one_line(err);
    if let Some((name, id)) = farewell_missing(err) {
        let draft = kith_app::compose::draft_command(name, id, DraftMove::Farewell);
        line.push_str(&format!(
            ": draft it with `{draft}` and mark it with `kith drafts sent <id>`, \
             or give --delivered \"in person on 3 May\""
        ));
    }
    eprintln!("kith: {line}");
    ExitCode::from(exit_code(err))
}

/// The person an ending was refused for because no farewell was given.
fn farewell_missing(err: &anyhow::Error) -> Option<(&str, &PersonId)> {
    err.chain().find_map(|cause| {
        let rule = match cause.downcast_ref::<kith_app::Error>() {
            Some(kith_app::Error::Validation(rule)) => rule,
            _ => cause.downcast_ref::<ValidationError>()?,
        };
        match rule {
            ValidationError::NoFarewell { name, id } => Some((name.as_str(), id)),
            _ => None,
        }
    })
}

/// The error and its causes joined by `: `, leaving out a cause whose text is already
/// there (database drivers often repeat their own source).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace('\n', " ")
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(user) = cause.downcast_ref::<UserError>() {
            return match user {
                UserError::Invalid(_) => INVALID,
            };
        }
        if cause.downcast_ref::<ValidationError>().is_some() {
            return INVALID;
        }
        if let Some(app) = cause.downcast_ref::<kith_app::Error>() {
            return code(app.kind());
        }
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            return code(kith_app::store_kind(store));
        }
    }
    1
}

fn code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Invalid | ErrorKind::Forbidden => INVALID,
        ErrorKind::NotFound => NOT_FOUND,
        ErrorKind::Internal => 1,
    }
}
