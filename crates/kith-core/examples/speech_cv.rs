//! Chooses the ask model's features and training options by 5-fold cross-validation
//! on the training part of the default split (the held-out part is never read here).
//! Each row gives the figures with the threshold at probability 0.5 and at the
//! accuracy-maximizing threshold (as a log-odds) on the same out-of-fold scores.
//!
//! `cargo run --release -p kith-core --example speech_cv [STAGE]`, where STAGE is
//! `learner` (averaging, losses, rates, passes, penalties), `features` (each feature
//! kind added to the chosen ones, plain and averaged), `grid` (the finalists on three
//! 5-fold splits pooled), `ensemble` (views and seeds averaged), `fasttext` (hashed
//! embeddings), `errors` (the sentences the defaults get wrong) or `all` (the default:
//! every stage but `errors`).

use kith_core::speech::{
    DEFAULT_SEED, FeatureSet, Labeled, Loss, TrainOptions, cross_validated_scores, feature_indices, read_tsv,
    scores_at, split, train_with,
};

fn row(name: &str, train: &[Labeled], scores: &[f64]) {
    let at0 = scores_at(train, scores, 0.0);
    let (best_t, best) = (-40..=40)
        .map(|i| f64::from(i) * 0.05)
        .map(|t| (t, scores_at(train, scores, t)))
        .fold((0.0, at0), |a, b| if b.1.accuracy > a.1.accuracy + 1e-12 { b } else { a });
    println!(
        "{name:<44} acc {:.4} f1 {:.4} | best threshold {:+.2}: acc {:.4} f1 {:.4}",
        at0.accuracy, at0.f1, best_t, best.accuracy, best.f1
    );
}

/// A fastText-like model: hashed feature embeddings of `dim` numbers, averaged, then a
/// logistic layer; trained by SGD. Returns the out-of-fold scores of 5-fold CV.
fn fasttext_cv(
    train: &[Labeled],
    set: FeatureSet,
    bits: u8,
    dim: usize,
    epochs: u32,
    rate: f64,
    fold_seed: u64,
) -> Vec<f64> {
    let rows: Vec<Vec<u32>> = train.iter().map(|e| feature_indices(&e.text, set, bits)).collect();
    // The folds of cross_validated_scores are not public; use a fixed interleaving by class.
    let mut fold = vec![0usize; train.len()];
    let (mut yes, mut no) = (0usize, 0usize);
    let mut order_seed = fold_seed;
    for (i, e) in train.iter().enumerate() {
        let c = if e.ask { &mut yes } else { &mut no };
        fold[i] = (*c + fold_seed as usize) % 5;
        *c += 1;
    }
    let mut out = vec![0f64; train.len()];
    let next = |s: &mut u64| {
        *s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for f in 0..5 {
        let size = 1usize << bits;
        let mut emb: Vec<f64> = (0..size * dim)
            .map(|_| ((next(&mut order_seed) % 2001) as f64 / 1000.0 - 1.0) / dim as f64)
            .collect();
        let mut out_w = vec![0f64; dim];
        let mut bias = 0f64;
        let mut idx: Vec<usize> = (0..train.len()).filter(|&i| fold[i] != f).collect();
        let mut hidden = vec![0f64; dim];
        for epoch in 0..epochs {
            for i in (1..idx.len()).rev() {
                let j = (next(&mut order_seed) % (i as u64 + 1)) as usize;
                idx.swap(i, j);
            }
            let lr = rate * (1.0 - f64::from(epoch) / f64::from(epochs));
            for &i in &idx {
                let row = &rows[i];
                if row.is_empty() {
                    continue;
                }
                let n = row.len() as f64;
                hidden.iter_mut().for_each(|h| *h = 0.0);
                for &j in row {
                    for d in 0..dim {
                        hidden[d] += emb[j as usize * dim + d] / n;
                    }
                }
                let z = bias + (0..dim).map(|d| hidden[d] * out_w[d]).sum::<f64>();
                let g = 1.0 / (1.0 + (-z).exp()) - if train[i].ask { 1.0 } else { 0.0 };
                for d in 0..dim {
                    let gh = g * out_w[d] / n;
                    out_w[d] -= lr * g * hidden[d];
                    for &j in row {
                        emb[j as usize * dim + d] -= lr * gh;
                    }
                }
                bias -= lr * g;
            }
        }
        for i in (0..train.len()).filter(|&i| fold[i] == f) {
            let row = &rows[i];
            let n = row.len().max(1) as f64;
            let z = bias
                + (0..dim)
                    .map(|d| row.iter().map(|&j| emb[j as usize * dim + d]).sum::<f64>() / n * out_w[d])
                    .sum::<f64>();
            out[i] = z;
        }
    }
    out
}

/// The linear model on the fastText experiment's folds, for a fair comparison.
fn fasttext_lin(train: &[Labeled], o: &TrainOptions) -> Vec<f64> {
    let mut fold = vec![0usize; train.len()];
    let (mut yes, mut no) = (0usize, 0usize);
    for (i, e) in train.iter().enumerate() {
        let c = if e.ask { &mut yes } else { &mut no };
        fold[i] = *c % 5;
        *c += 1;
    }
    let mut out = vec![0f64; train.len()];
    for f in 0..5 {
        let t: Vec<Labeled> =
            train.iter().zip(&fold).filter(|(_, g)| **g != f).map(|(e, _)| e.clone()).collect();
        let m = train_with(&t, o);
        for i in (0..train.len()).filter(|&i| fold[i] == f) {
            out[i] = m.score(&train[i].text);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = "data/parakweet-email-intent/train_Ask0729-fixed.tsv";
    let text = std::fs::read_to_string(path).expect("the labeled file");
    let examples = read_tsv(&text).expect("a labeled file");
    let (train, _held_out) = split(&examples, DEFAULT_SEED);
    let stage = args.get(1).map(String::as_str).unwrap_or("all");
    println!("training part: {} sentences; the defaults: {:?}", train.len(), TrainOptions::default());
    let base = TrainOptions::default();
    let u = FeatureSet::UNIGRAMS;
    let b = FeatureSet::BIGRAMS;
    let o = FeatureSet::OPENING;
    let h = FeatureSet::SHAPE;
    let p = FeatureSet::PLACEHOLDERS;
    let m = FeatureSet::MARKS;
    let q = FeatureSet::OPENING_PAIRS;
    let st = FeatureSet::STEMS;
    let bin = FeatureSet::BINARY;
    let z = FeatureSet::NORMALIZED;
    let c = FeatureSet::CHARS;
    let ubo = u | b | o | h;
    let cv = |o: &TrainOptions| cross_validated_scores(&train, 5, DEFAULT_SEED, o);
    let run = |name: String, o: TrainOptions| {
        let s = cv(&o);
        row(&name, &train, &s);
        s
    };
    if stage == "learner" || stage == "all" {
        run("defaults".into(), base);
        for average in [false, true] {
            for (epochs, rate) in [(10, 0.05), (20, 0.05), (20, 0.1), (30, 0.2), (10, 0.5)] {
                for l2 in [1e-4, 1e-5, 1e-3] {
                    for loss in [Loss::Logistic, Loss::Hinge, Loss::SquaredHinge] {
                        let o = TrainOptions { average, epochs, rate, l2, loss, ..base };
                        run(format!("avg {average} e{epochs} r{rate} l2 {l2} {loss:?}"), o);
                    }
                }
            }
        }
    }
    if stage == "fasttext" || stage == "all" {
        let base_scores = cv(&base);
        row("linear defaults (CV folds)", &train, &base_scores);
        let lin = fasttext_lin(&train, &base);
        row("linear defaults (fastText folds)", &train, &lin);
        for (dim, epochs, rate) in
            [(16, 10, 0.5), (16, 20, 0.5), (32, 10, 0.5), (16, 10, 1.0), (16, 10, 0.2), (8, 10, 0.5)]
        {
            let s = fasttext_cv(&train, FeatureSet(ubo | p), 16, dim, epochs, rate, 0);
            row(&format!("fastText ubo+p d{dim} e{epochs} r{rate}"), &train, &s);
        }
        let ft = fasttext_cv(&train, FeatureSet(ubo | p), 16, 16, 20, 0.5, 0);
        let lb = fasttext_lin(&train, &TrainOptions { features: FeatureSet(ubo | bin), epochs: 20, ..base });
        row("linear ubo+bin e20 (fastText folds)", &train, &lb);
        let e: Vec<f64> = ft.iter().zip(&lb).map(|(a, b)| (a + b) / 2.0).collect();
        row("E fastText d16 + linear ubo+bin", &train, &e);
    }
    if stage == "errors" {
        let s = cv(&base);
        for (e, s) in train.iter().zip(&s) {
            if (*s >= 0.0) != e.ask {
                println!("{}\t{:+.2}\t{}", if e.ask { "Yes" } else { "No" }, s, e.text);
            }
        }
    }
    if stage == "grid" || stage == "all" {
        // Three fold assignments of the training part, pooled, to steady the comparison.
        println!("three 5-fold cross-validations (fold seeds 18, 1, 2) pooled:");
        let pooled = |o: &TrainOptions| -> (Vec<Labeled>, Vec<f64>) {
            let mut labels = Vec::new();
            let mut scores = Vec::new();
            for seed in [DEFAULT_SEED, 1, 2] {
                labels.extend(train.iter().cloned());
                scores.extend(cross_validated_scores(&train, 5, seed, o));
            }
            (labels, scores)
        };
        for (fname, f) in [
            ("ubo", ubo),
            ("ubo+p", ubo | p),
            ("ubo+p+bin", ubo | p | bin),
            ("ubo+p+m+bin", ubo | p | m | bin),
            ("ubo+bin", ubo | bin),
        ] {
            for (loss, average) in
                [(Loss::Logistic, false), (Loss::Logistic, true), (Loss::Hinge, true), (Loss::Hinge, false)]
            {
                for rate in [0.01, 0.02, 0.05, 0.1] {
                    for epochs in [10, 20] {
                        let o = TrainOptions { features: FeatureSet(f), loss, average, rate, epochs, ..base };
                        let (labels, scores) = pooled(&o);
                        row(&format!("{fname} {loss:?} avg {average} r{rate} e{epochs}"), &labels, &scores);
                    }
                }
            }
        }
    }
    if stage == "ensemble" || stage == "all" {
        let avg = |vs: &[&Vec<f64>]| -> Vec<f64> {
            (0..vs[0].len()).map(|i| vs.iter().map(|v| v[i]).sum::<f64>() / vs.len() as f64).collect()
        };
        let words = run("words ubo+p".into(), TrainOptions { features: FeatureSet(ubo | p), ..base });
        let wbin =
            run("words ubo+p+bin".into(), TrainOptions { features: FeatureSet(ubo | p | bin), ..base });
        let chars = run("chars u+c+o+h".into(), TrainOptions { features: FeatureSet(u | c | o | h), ..base });
        let chars_only = run("chars c+h".into(), TrainOptions { features: FeatureSet(c | h), ..base });
        let marks = run("ubo+m+q".into(), TrainOptions { features: FeatureSet(ubo | m | q | p), ..base });
        let hinge = run(
            "ubo+p hinge avg".into(),
            TrainOptions {
                features: FeatureSet(ubo | p),
                loss: Loss::Hinge,
                average: true,
                rate: 0.02,
                ..base
            },
        );
        row("E words+chars", &train, &avg(&[&words, &chars]));
        row("E words+chars_only", &train, &avg(&[&words, &chars_only]));
        row("E words+chars+marks", &train, &avg(&[&words, &chars, &marks]));
        row("E words+wbin+chars", &train, &avg(&[&words, &wbin, &chars]));
        row("E words+hinge", &train, &avg(&[&words, &hinge]));
        let seeds: Vec<Vec<f64>> = (1..=5u64)
            .map(|seed| cv(&TrainOptions { features: FeatureSet(ubo | p), seed, ..base }))
            .collect();
        let refs: Vec<&Vec<f64>> = seeds.iter().collect();
        for (i, s) in seeds.iter().enumerate() {
            row(&format!("seed {}", i + 1), &train, s);
        }
        row("E 5 seeds", &train, &avg(&refs));
        let mut all = refs.clone();
        all.push(&chars);
        row("E 5 seeds + chars", &train, &avg(&all));
    }
    if stage == "features" || stage == "all" {
        for avg in [false, true] {
            for (name, f) in [
                ("ubo", ubo),
                ("+p", ubo | p),
                ("+m", ubo | m),
                ("+q", ubo | q),
                ("+st", ubo | st),
                ("+bin", ubo | bin),
                ("+z", ubo | z),
                ("+c", ubo | c),
                ("+pmq", ubo | p | m | q),
                ("+pmq st", ubo | p | m | q | st),
                ("+pmq st bin", ubo | p | m | q | st | bin),
            ] {
                let o = TrainOptions { features: FeatureSet(f), average: avg, ..base };
                run(format!("{name} avg {avg}"), o);
            }
        }
    }
}
