//! Terminal output: tables, JSON, dates. Writes go through here so that a closed pipe
//! surfaces as an error `main` recognises instead of a panic.

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::io::Write;

/// Writes text to standard output as is.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes a line to standard output.
pub fn line(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// Writes a value as pretty JSON, ending with a newline.
pub fn json(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

/// A table with a plain, borderless look and the given headers.
pub fn table<const N: usize>(headers: [&str; N]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers);
    table
}

/// Writes a table (without the padding after each row's last cell); writes `empty`
/// instead when it has no rows.
pub fn table_or(table: &Table, empty: &str) -> Result<()> {
    if table.row_count() == 0 {
        return line(empty);
    }
    let text: String = table.to_string().lines().map(|l| format!("{}\n", l.trim_end())).collect();
    print(&text)
}

/// "1 interaction", "3 interactions".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// "1 person", "3 people".
pub fn people(n: usize) -> String {
    if n == 1 { "1 person".to_owned() } else { format!("{n} people") }
}

/// A date in the local time zone, `2026-03-14`.
pub fn date(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::system()).strftime("%Y-%m-%d").to_string()
}

/// An optional text, or `-`.
pub fn or_dash(text: Option<&str>) -> &str {
    text.filter(|t| !t.is_empty()).unwrap_or("-")
}

/// A weight with one decimal, signed when asked.
pub fn weight(w: f64, signed: bool) -> String {
    if signed { format!("{w:+.1}") } else { format!("{w:.1}") }
}
