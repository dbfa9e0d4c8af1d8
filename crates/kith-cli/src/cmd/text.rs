//! `kith text`: what sentences of mail do, and the ask model behind it. Nothing here opens
//! the database.

use crate::cli::TextCommand;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result};
use kith_core::ExchangeKind;
use kith_core::speech::{self, Act, Labeled, Model, Scores};
use serde::Serialize;
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

/// One reading as printed: the confidence to two decimals, the note only when there is one.
#[derive(Serialize)]
struct Line<'a> {
    act: Act,
    kind: Option<ExchangeKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    confidence: f64,
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
        let text = String::from_utf8_lossy(&line);
        let sentence = text.trim_end_matches(['\n', '\r']);
        let reading = speech::classify(sentence);
        let printed = Line {
            act: reading.act,
            kind: reading.kind,
            note: reading.note.as_deref(),
            confidence: (reading.confidence * 100.0).round() / 100.0,
        };
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

/// Reads a labeled file; its problems name the file and line.
fn read_labeled(path: &Path) -> Result<Vec<Labeled>> {
    let bytes = std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let examples = speech::read_tsv(&text)
        .map_err(|e| UserError::Invalid(format!("{}:{}: {}", path.display(), e.line, e.why)))?;
    if examples.iter().all(|e| e.ask) || examples.iter().all(|e| !e.ask) {
        let why = format!("{}: needs sentences labeled Yes and sentences labeled No", path.display());
        return Err(UserError::Invalid(why).into());
    }
    Ok(examples)
}

/// What `train` and `evaluate` print with `--json`.
#[derive(Serialize)]
struct Report {
    data: String,
    seed: u64,
    trained_on: usize,
    held_out: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    written_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as_shipped: Option<bool>,
    /// The ask model's figures.
    scores: Scores,
    /// The figures of the whole reading (`kith text classify`: the shipped model and the
    /// word rules), an ask being a request or an offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    reading: Option<Scores>,
}

fn train(data: &Path, out_path: Option<&Path>, seed: u64, json: bool) -> Result<()> {
    let examples = read_labeled(data)?;
    let (train, held_out) = speech::split(&examples, seed);
    let model = speech::train(&train);
    let bytes = model.to_bytes();
    if let Some(path) = out_path {
        std::fs::write(path, &bytes).with_context(|| format!("could not write {}", path.display()))?;
    }
    let report = Report {
        data: data.display().to_string(),
        seed,
        trained_on: train.len(),
        held_out: held_out.len(),
        written_to: out_path.map(|p| p.display().to_string()),
        same_as_shipped: Some(bytes == speech::SHIPPED_MODEL),
        scores: speech::evaluate(&model, &held_out),
        reading: None,
    };
    if json {
        return out::json(&report);
    }
    match out_path {
        Some(path) => out::line(&format!("model written to {} ({} bytes)", path.display(), bytes.len()))?,
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
    let examples = read_labeled(data)?;
    let (train, held_out) = speech::split(&examples, seed);
    let model: &Model = speech::shipped_model();
    let report = Report {
        data: data.display().to_string(),
        seed,
        trained_on: train.len(),
        held_out: held_out.len(),
        written_to: None,
        same_as_shipped: None,
        scores: speech::evaluate(model, &held_out),
        reading: Some(speech::evaluate_reading(&held_out)),
    };
    if json {
        return out::json(&report);
    }
    print_scores(&report)
}

fn print_scores(report: &Report) -> Result<()> {
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
