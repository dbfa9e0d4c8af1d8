//! Writes a simulated network into a new kith database, for benchmarks of the review:
//! `cargo run --release -p kith-store --example simulated_db -- PEOPLE SEED PATH`.
//! The history ends today. Emails are stored as mail messages too, so that replies stay
//! linked.

use jiff::Timestamp;
use kith_core::{Channel, Direction, Identity, MailAddress, MailMessage, Snapshot};
use kith_sim::Network;
use kith_sim::{Config, generate};
use kith_store::{OpenMode, open};
use std::collections::HashMap;
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
    let mail = mail_of(&network);
    let snapshot = Snapshot {
        mail,
        owner: vec![Identity::email(OWNER)?],
        people: network.people,
        interactions: network.interactions,
        exchanges: network.exchanges,
        ..Snapshot::default()
    };
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

/// One mail message per simulated email, between the owner and the person.
fn mail_of(network: &Network) -> Vec<MailMessage> {
    let addresses: HashMap<_, _> = network
        .people
        .iter()
        .filter_map(|p| p.identities.first().map(|i| (&p.id, i.value().to_owned())))
        .collect();
    let address = |text: &str| MailAddress { address: text.to_owned(), name: None };
    network
        .interactions
        .iter()
        .filter(|i| i.channel == Channel::Email)
        .filter_map(|i| {
            let theirs = address(addresses.get(i.participants.first()?)?);
            let (from, to) = match i.direction {
                Direction::In => (theirs, address(OWNER)),
                _ => (address(OWNER), theirs),
            };
            Some(MailMessage {
                key: i.message.clone()?,
                at: Some(i.at),
                delivered_at: Some(i.at),
                from: Some(from),
                recipients: vec![to],
                subject: i.subject.clone(),
                parent: i.replies_to.clone(),
                thread: i.thread_key.clone()?,
                kept_out: None,
            })
        })
        .collect()
}
