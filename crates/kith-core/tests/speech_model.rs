//! The shipped ask model: rebuilt from the repository's copy of Parakweet's training
//! file with the defaults it is the same file, byte for byte, and its figures on the
//! held-out part of the default split stay where they were measured.

use kith_core::speech::{self, DEFAULT_SEED, Labeled};

fn parakweet() -> Vec<Labeled> {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/parakweet-email-intent/train_Ask0729-fixed.tsv");
    let bytes = std::fs::read(path).expect("the repository's copy of Parakweet's training file");
    speech::read_tsv(&String::from_utf8_lossy(&bytes)).expect("a well-formed labeled file")
}

#[test]
fn training_with_the_defaults_reproduces_the_shipped_model() {
    let (train, held_out) = speech::split(&parakweet(), DEFAULT_SEED);
    assert_eq!((train.len(), held_out.len()), (2925, 732));
    let model = speech::train(&train);
    assert!(model.to_bytes() == speech::SHIPPED_MODEL, "run `kith text train --data … --out …` again");
    assert!(speech::SHIPPED_MODEL.len() < 200 * 1024);
}

#[test]
fn the_shipped_model_holds_its_held_out_figures() {
    let (_, held_out) = speech::split(&parakweet(), DEFAULT_SEED);
    let scores = speech::evaluate(speech::shipped_model(), &held_out);
    // Measured once, after the options were chosen by cross-validation on the training
    // part: accuracy 0.8443, precision 0.8571, recall 0.8023, F1 0.8288 (the model
    // before: accuracy 0.8402, F1 0.8225). The target accuracy of 0.85 is not
    // reached; these floors, the measured figures rounded down to 0.005, keep what was
    // reached from slipping.
    assert!(scores.accuracy >= 0.84, "{scores:?}");
    assert!(scores.f1 >= 0.825, "{scores:?}");
    assert!(scores.precision >= 0.855 && scores.recall >= 0.80, "{scores:?}");
}
