//! Prints how well kith's tiers match the tiers the simulator means the ties to have, on a
//! whole address book (live ties, address-book-only people, old archives, one-message
//! senders), and the tiers each trajectory got:
//! `cargo run --release -p kith-sim --example tiers -- [PEOPLE] [SEED]`.

use kith_sim::{Config, Mix, TIERS, Trajectory, generate, given_tiers, tier_confusion, tier_position};

fn main() {
    let mut args = std::env::args().skip(1);
    let people = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = Config { people, seed, mix: Mix::with_address_book(), ..Config::default() };
    let network = generate(&config);
    let given = given_tiers(&network, config.now);
    let confusion = tier_confusion(&network, &given);
    let names = TIERS.map(|t| t.as_str()).join(" | ");
    println!("| meant to be \\ given | {names} | recall | precision | within a layer |");
    println!("|---|{}---|---|---|", "---|".repeat(TIERS.len()));
    for (tier, row) in TIERS.iter().zip(&confusion.counts) {
        let cells: Vec<String> = row.iter().map(usize::to_string).collect();
        println!(
            "| {tier} ({}) | {} | {:.2} | {:.2} | {:.2} |",
            confusion.intended(*tier),
            cells.join(" | "),
            confusion.recall(*tier),
            confusion.precision(*tier),
            confusion.near(*tier)
        );
    }
    println!("\n| trajectory \\ given | {names} |");
    println!("|---|{}", "---|".repeat(TIERS.len()));
    for trajectory in Trajectory::ALL {
        let mut row = [0usize; 5];
        for (label, tier) in network.labels.iter().zip(&given) {
            if label.trajectory == trajectory {
                row[tier_position(*tier)] += 1;
            }
        }
        if row.iter().sum::<usize>() > 0 {
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            println!("| {trajectory} | {} |", cells.join(" | "));
        }
    }
}
