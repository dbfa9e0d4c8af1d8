//! Prints how well the diagnoses find the simulated trajectories:
//! `cargo run --release -p kith-sim --example detection -- [PEOPLE] [SEED]`.

use kith_sim::{Config, detection, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let people = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = Config { people, seed, ..Config::default() };
    let network = generate(&config);
    println!("| diagnosis | precision | recall | found | median delay (days) |");
    println!("|---|---|---|---|---|");
    for d in detection(&network, config.now) {
        let delay = d.median_delay_days.map_or("–".to_owned(), |days| format!("{days:.0}"));
        println!(
            "| {} | {:.3} | {:.3} | {} of {} | {delay} |",
            d.diagnosis,
            d.precision(),
            d.recall(),
            d.true_positives,
            d.true_positives + d.false_negatives
        );
    }
}
