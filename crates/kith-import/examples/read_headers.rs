//! The floor for mail import benchmarks: reads every message's header block and nothing
//! else — no parsing, no database — so it measures only what reading the archive costs.
//!
//! A Maildir tree is listed with `maildir_folders` and `maildir_entries`, then its files are
//! read with `read_header_block` by 2 threads; an mbox file is read in one pass of
//! `MboxReader`. Prints `{"messages": N, "bytes": B, "seconds": S}`, where N counts message
//! files (Maildir) or messages (mbox), B the header-block bytes read and S the wall time,
//! listing included.
//!
//! Usage: `cargo run --release -p kith-import --example read_headers -- (--maildir DIR | --mbox FILE)`

use kith_import::mail::{MboxReader, maildir_entries, maildir_folders, read_header_block};
use std::error::Error;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Reader threads for a Maildir.
const THREADS: usize = 2;
/// Files a thread claims at a time.
const CLAIM: usize = 256;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    let (messages, bytes) = match args.as_slice() {
        [flag, dir] if flag == "--maildir" => read_maildir(Path::new(dir))?,
        [flag, file] if flag == "--mbox" => read_mbox(Path::new(file))?,
        _ => return Err("usage: read_headers (--maildir DIR | --mbox FILE)".into()),
    };
    let seconds = start.elapsed().as_secs_f64();
    println!("{{\"messages\": {messages}, \"bytes\": {bytes}, \"seconds\": {seconds:.3}}}");
    Ok(())
}

/// Every message file's header block, read by [`THREADS`] threads: (files, bytes).
fn read_maildir(root: &Path) -> Result<(usize, u64), Box<dyn Error>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in maildir_folders(root)? {
        paths.extend(maildir_entries(&folder)?.into_iter().map(|entry| entry.path));
    }
    let next = AtomicUsize::new(0);
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<u64> {
                    let mut buf = Vec::new();
                    let mut bytes = 0;
                    loop {
                        let from = next.fetch_add(CLAIM, Ordering::Relaxed);
                        if from >= paths.len() {
                            return Ok(bytes);
                        }
                        for path in &paths[from..paths.len().min(from + CLAIM)] {
                            read_header_block(path, &mut buf)?;
                            bytes += buf.len() as u64;
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("reader thread panicked")).collect::<Vec<_>>()
    });
    let mut bytes = 0;
    for result in results {
        bytes += result?;
    }
    Ok((paths.len(), bytes))
}

/// Every message's header block in one pass over the mbox file: (messages, bytes).
fn read_mbox(file: &Path) -> Result<(usize, u64), Box<dyn Error>> {
    let (mut messages, mut bytes) = (0, 0);
    for message in MboxReader::new(File::open(file)?, 0) {
        messages += 1;
        bytes += message?.header.len() as u64;
    }
    Ok((messages, bytes))
}
