//! What `kith --json serve` says once it listens, read by the tests that start it (the
//! command line's and the browser's).

use serde_json::Value;
use std::io::{BufRead, BufReader, Read};

/// The server's address (`127.0.0.1:PORT`) and all it said, from the JSON it prints once
/// it listens, read from its output up to the closing brace; the text read instead, if
/// that is no such JSON.
pub fn listening(stdout: impl Read) -> Result<(String, Value), String> {
    let mut printed = String::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        printed.push_str(&line);
        if line == "}" {
            break;
        }
    }
    let said: Value = serde_json::from_str(&printed).map_err(|_| printed.clone())?;
    let url = said["url"].as_str().ok_or_else(|| printed.clone())?;
    let address = url.strip_prefix("http://").and_then(|a| a.strip_suffix('/')).map(str::to_owned);
    address.map(|address| (address, said.clone())).ok_or(printed)
}
