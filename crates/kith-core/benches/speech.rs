//! What reading one sentence costs: the ask model alone, and the whole classifier (model
//! and rules), on sentences of 15 to 25 words written for this benchmark.
//!
//! `cargo bench -p kith-core --bench speech`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SENTENCES: &[&str] = &[
    "Could you introduce me to the person who runs data engineering at your company when you have a moment?",
    "I'll send you the quarterly report and the slides from the board meeting first thing tomorrow morning.",
    "Thanks so much for the reference you wrote for me last month, it made a real difference with the panel.",
    "The offsite has moved to the second week of March because the venue double-booked the main hall.",
    "Attached is the article on pricing experiments that I mentioned when we spoke at the conference in Lisbon.",
    "Would you mind taking a quick look over my pitch deck before I send it to the investors on Friday?",
];

fn speech(c: &mut Criterion) {
    let model = kith_core::speech::shipped_model();
    let words: usize = SENTENCES.iter().map(|s| s.split_whitespace().count()).sum();
    println!("{} sentences, {:.1} words on average", SENTENCES.len(), words as f64 / SENTENCES.len() as f64);
    let _ = kith_core::speech::classify("warm up");
    c.bench_function("ask model, one sentence", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % SENTENCES.len();
            black_box(model.probability(black_box(SENTENCES[i])))
        })
    });
    c.bench_function("classify, one sentence", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % SENTENCES.len();
            black_box(kith_core::speech::classify(black_box(SENTENCES[i])))
        })
    });
}

criterion_group!(benches, speech);
criterion_main!(benches);
