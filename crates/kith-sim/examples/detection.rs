//! Prints how well the diagnoses find the simulated trajectories, on every shape the
//! simulator makes (`Mix::extended`):
//! `cargo run --release -p kith-sim --example detection -- [PEOPLE] [SEED]…`.
//! Several seeds are scored together.

use kith_sim::{Config, Detection, Mix, evaluate, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let people = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let mut seeds: Vec<u64> = args.filter_map(|a| a.parse().ok()).collect();
    if seeds.is_empty() {
        seeds.push(7);
    }
    for seed in seeds {
        let config = Config { people, seed, mix: Mix::extended(), ..Config::default() };
        let evaluation = evaluate(&generate(&config), config.now);
        println!("Seed {seed}, {people} people:\n");
        println!("| diagnosis | precision | recall | found | false alarms (on) | median delay (days) |");
        println!("|---|---|---|---|---|---|");
        for d in &evaluation.detections {
            println!("{}", row(d));
        }
        let on: Vec<String> =
            evaluation.thriving_in_trouble.iter().map(|(t, n)| format!(" ({n} {t})")).collect();
        println!(
            "\n\"thriving\" said of {} of {} ties in trouble{}.\n",
            evaluation.troubled_thriving(),
            evaluation.troubled,
            on.concat()
        );
    }
}

fn row(d: &Detection) -> String {
    let delay = d.median_delay_days.map_or("–".to_owned(), |days| format!("{days:.0}"));
    let recall = d.recall().map_or("–".to_owned(), |r| format!("{r:.3}"));
    let on: Vec<String> = d.false_positives_on.iter().map(|(t, n)| format!("{n} {t}")).collect();
    let alarms =
        if on.is_empty() { "0".to_owned() } else { format!("{} ({})", d.false_positives, on.join(", ")) };
    format!(
        "| {} | {:.3} | {recall} | {} of {} | {alarms} | {delay} |",
        d.diagnosis,
        d.precision(),
        d.seen_found,
        d.seen
    )
}
