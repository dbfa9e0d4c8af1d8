//! `kith`: the command line of the kith relationship manager.

mod cli;
mod cmd;
mod context;
mod failure;
mod out;
mod who;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return failure::report(&anyhow::Error::new(e).context("could not start kith's runtime")),
    };
    match runtime.block_on(cmd::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => failure::report(&err),
    }
}
