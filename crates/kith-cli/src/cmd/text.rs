//! `kith text`: what sentences of mail do, and the ask model behind it; carried out by
//! `kith_app::text`. Nothing here opens the database.

use crate::cli::TextCommand;
use crate::out;
use anyhow::{Context as _, Result};
use kith_app::text::{self, TextReport};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Runs a `kith text` command.
pub fn run(command: TextCommand, json: bool) -> Result<()> {
    match command {
        TextCommand::Classify => classify(),
        TextCommand::Train { data, out, seed } => train(&data, out.as_deref(), seed, json),
        TextCommand::Evaluate { data, seed } => evaluate(&data, seed, json),
    }
}

/// Reads standard input line by line and prints a reading for each, flushing whenever
/// the input has nothing more waiting (so that it can be driven line by line).
fn classify() -> Result<()> {
    let mut input = BufReader::with_capacity(64 * 1024, std::io::stdin());
    let mut output = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let mut line = Vec::new();
    let mut printed_line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).context("could not read standard input")? == 0 {
            break;
        }
        let sentence = String::from_utf8_lossy(&line);
        let printed = text::classify(sentence.trim_end_matches(['\n', '\r']));
        // Serialized apart, so that a closed pipe reaches `main` as the I/O error it is.
        printed_line.clear();
        serde_json::to_writer(&mut printed_line, &printed)?;
        printed_line.push(b'\n');
        output.write_all(&printed_line)?;
        if input.buffer().is_empty() {
            output.flush()?;
        }
    }
    output.flush()?;
    Ok(())
}

/// The bytes of a labeled file.
fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

fn train(data: &Path, out_path: Option<&Path>, seed: u64, json: bool) -> Result<()> {
    let text::Trained { model, mut report } = text::train(&data.display().to_string(), &read(data)?, seed)?;
    if let Some(path) = out_path {
        std::fs::write(path, &model).with_context(|| format!("could not write {}", path.display()))?;
        report.written_to = Some(path.display().to_string());
    }
    if json {
        return out::json(&report);
    }
    match out_path {
        Some(path) => out::line(&format!("model written to {} ({} bytes)", path.display(), model.len()))?,
        None => out::line(
            "model not written (pass --out crates/kith-core/src/speech/intent.model to replace the shipped one)",
        )?,
    }
    if report.same_as_shipped == Some(true) {
        out::line("it is the shipped model, byte for byte")?;
    }
    print_scores(&report)
}

fn evaluate(data: &Path, seed: u64, json: bool) -> Result<()> {
    let report = text::evaluate(&data.display().to_string(), &read(data)?, seed)?;
    if json {
        return out::json(&report);
    }
    print_scores(&report)
}

fn print_scores(report: &TextReport) -> Result<()> {
    let s = &report.scores;
    out::print(&format!(
        "held-out part of {}: {} sentences (seed {}; the other {} are for training)\n\
         ask (request or offer) against none, an ask read at probability 0.5 or more:\n\
         accuracy   {:.4}\nprecision  {:.4}\nrecall     {:.4}\nF1         {:.4}\n\
         \n             read ask  read none\n\
         ask         {:>9}  {:>9}\n\
         none        {:>9}  {:>9}\n",
        report.data,
        report.held_out,
        report.seed,
        report.trained_on,
        s.accuracy,
        s.precision,
        s.recall,
        s.f1,
        s.true_positives,
        s.false_negatives,
        s.false_positives,
        s.true_negatives,
    ))?;
    if let Some(r) = &report.reading {
        out::print(&format!(
            "\nas `kith text classify` reads them (the model and the word rules; an ask is a request or an offer):\n\
             accuracy   {:.4}\nprecision  {:.4}\nrecall     {:.4}\nF1         {:.4}\n",
            r.accuracy, r.precision, r.recall, r.f1
        ))?;
    }
    Ok(())
}
