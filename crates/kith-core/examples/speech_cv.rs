//! Chooses the ask model's features and training options by 5-fold cross-validation
//! on the training part of the default split (the held-out part is never read here).
//! Features are the bits of `FeatureSet` (27 = words, word pairs, opening, shape).
//!
//! `cargo run --release -p kith-core --example speech_cv [data.tsv]`

use kith_core::speech::{DEFAULT_SEED, FeatureSet, TrainOptions, cross_validate, read_tsv, split};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/parakweet-email-intent/train_Ask0729-fixed.tsv".to_owned());
    let text = std::fs::read_to_string(&path).expect("the labeled file");
    let examples = read_tsv(&text).expect("a labeled file");
    let (train, _held_out) = split(&examples, DEFAULT_SEED);
    let base = TrainOptions::default();
    let u = FeatureSet::UNIGRAMS;
    let b = FeatureSet::BIGRAMS;
    let s = FeatureSet::SKIPGRAMS;
    let o = FeatureSet::OPENING;
    let h = FeatureSet::SHAPE;
    let c = FeatureSet::CHARS;
    let k = FeatureSet::CASE;
    let z = FeatureSet::NORMALIZED;
    let p = FeatureSet::PUNCTUATION;
    let mut grid = Vec::new();
    let sets = [
        u | b | o | h,
        u | b | o | h | p,
        u | b | o | h | p | k,
        u | b | o | h | p | c,
        u | b | s | o | h | p | k | c,
        u | b | o | h | p | k | z,
    ];
    for features in sets {
        for (epochs, rate) in [(10, 0.05), (10, 0.02), (20, 0.01), (10, 0.2)] {
            for bits in [14, 16] {
                for nb_scaling in [false, true] {
                    grid.push(TrainOptions {
                        features: FeatureSet(features),
                        epochs,
                        rate,
                        bits,
                        nb_scaling,
                        ..base
                    });
                }
            }
        }
    }
    grid.insert(0, base);
    println!(
        "5-fold cross-validation on the training part ({} sentences); first row: the defaults",
        train.len()
    );
    println!("bits features epochs rate    l2      accuracy precision recall f1     nb");
    for options in grid {
        let s = cross_validate(&train, 5, DEFAULT_SEED, &options);
        println!(
            "{:>4} {:>8} {:>6} {:<7} {:<7} {:.4}   {:.4}    {:.4} {:.4} {}",
            options.bits,
            options.features.0,
            options.epochs,
            options.rate,
            options.l2,
            s.accuracy,
            s.precision,
            s.recall,
            s.f1,
            options.nb_scaling
        );
    }
}
