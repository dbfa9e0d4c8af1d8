//! Writes a simulated network into a new kith database, for benchmarks of the review:
//! `cargo run --release -p kith-store --example simulated_db -- PEOPLE SEED PATH`.
//! The history ends today. Emails are stored as mail messages too, so that replies stay
//! linked.

use jiff::Timestamp;
use kith_sim::{Config, generate};
use kith_store::{OpenMode, open};
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [people, seed, path] = args.as_slice() else {
        return Err("usage: simulated_db PEOPLE SEED PATH (PATH must not exist)".into());
    };
    if std::path::Path::new(path).exists() {
        return Err(format!("{path} exists; give a new file").into());
    }
    let started = Instant::now();
    // The history ends today (at midnight UTC), so that a review run now sees it as current.
    let today = Timestamp::now().as_second() / 86_400 * 86_400;
    let config = Config {
        people: people.parse()?,
        seed: seed.parse()?,
        now: Timestamp::from_second(today)?,
        ..Config::default()
    };
    let network = generate(&config);
    let generated = started.elapsed();
    let snapshot = network.into_snapshot(OWNER);
    let store = open(path, OpenMode::CreateIfMissing).await?;
    store.restore(&snapshot).await?;
    println!(
        "{{\"people\": {}, \"interactions\": {}, \"exchanges\": {}, \"now\": \"{}\", \"generate_s\": {:.1}, \"write_s\": {:.1}}}",
        snapshot.people.len(),
        snapshot.interactions.len(),
        snapshot.exchanges.len(),
        config.now,
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64()
    );
    Ok(())
}

/// The owner of the simulated archive.
const OWNER: &str = "me@sim.example";
