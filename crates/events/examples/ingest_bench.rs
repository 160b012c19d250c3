//! Times event ingest on one file: parsing alone (`read` into a counter), parsing and
//! storing (batches of 10,000 events, as the CLI does, into a fresh temporary store), or
//! storing the file again into a store that already holds it (`reingest`: the time of
//! the second ingest only, which must find every event unchanged).
//!
//! ```sh
//! cargo run --release -p truce-events --example ingest_bench -- FILE parse|store|reingest [RUNS] [FORMAT]
//! ```
//!
//! FORMAT is `ucdp` (default), `acled`, `gdelt` or a mapping file. Prints one line per
//! run, then `median_s`, `rows`, `rows_per_s` and `mib_per_s` (used by
//! bench/ingest/run.sh).
//!
//! `ingest_bench FILE digest [FORMAT]` instead prints the counts and one digest of every
//! event (its JSON) and every reject (line, reason, raw text), in input order: two
//! versions of the reader that print the same digest made the same events and rejects.

use std::path::Path;
use std::time::Instant;

use jiff::Timestamp;
use truce_events::{Counts, Event, Format, ReadOptions, read_path};
use truce_store::{IngestCounts, Store};

const BATCH: usize = 10_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(mode)) = (args.get(1), args.get(2)) else {
        return Err("usage: ingest_bench FILE parse|store|reingest [RUNS] [FORMAT]".into());
    };
    if mode == "digest" {
        let format = Format::from_spec(args.get(3).map_or("ucdp", String::as_str))?;
        return digest(Path::new(file), &format);
    }
    let runs: usize = args.get(3).map_or(Ok(3), |r| r.parse())?;
    let format = Format::from_spec(args.get(4).map_or("ucdp", String::as_str))?;
    // Fixed "now": the same rows are accepted on every run.
    let options = ReadOptions::at(Timestamp::constant(1_800_000_000, 0));
    let path = Path::new(file);
    let bytes = std::fs::metadata(path)?.len();
    let mut times = Vec::new();
    let mut rows = 0;
    for run in 1..=runs {
        let mut started = Instant::now();
        let (counts, stored) = match mode.as_str() {
            "parse" => {
                let mut accepted = 0u64;
                let counts = read_path(path, &format, &options, &mut |_| accepted += 1, &mut |_| {})?;
                assert_eq!(accepted, counts.accepted);
                (counts, None)
            }
            "store" | "reingest" => {
                let dir = tempfile::tempdir()?;
                let mut store = Store::open(&dir.path().join("bench.sqlite"))?;
                if mode == "reingest" {
                    let (_, first) = ingest(path, &format, &options, &mut store)?;
                    if first.new != first.total() {
                        return Err(format!("a first ingest into a fresh store found old events: {first}").into());
                    }
                    started = Instant::now();
                }
                let (counts, stored) = ingest(path, &format, &options, &mut store)?;
                if mode == "reingest" && stored.unchanged != stored.total() {
                    return Err(format!("a re-ingest changed the store: {stored}").into());
                }
                (counts, Some(stored))
            }
            other => return Err(format!("unknown mode {other:?}: expected parse, store or reingest").into()),
        };
        let seconds = started.elapsed().as_secs_f64();
        rows = counts.read;
        println!(
            "run {run}: {seconds:.3} s, {counts}{}",
            stored.map(|s| format!("; {s}")).unwrap_or_default()
        );
        times.push(seconds);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("median_s {median:.4}");
    println!("rows {rows}");
    println!("rows_per_s {:.0}", rows as f64 / median);
    println!("mib_per_s {:.1}", bytes as f64 / median / (1024.0 * 1024.0));
    Ok(())
}

/// Reads `path` and stores its events in batches of [`BATCH`].
fn ingest(
    path: &Path,
    format: &Format,
    options: &ReadOptions,
    store: &mut Store,
) -> Result<(Counts, IngestCounts), Box<dyn std::error::Error>> {
    let mut batch: Vec<Event> = Vec::with_capacity(BATCH);
    let mut stored = IngestCounts::default();
    let mut failure = None;
    let counts = read_path(
        path,
        format,
        options,
        &mut |event| {
            batch.push(event);
            if batch.len() == BATCH && failure.is_none() {
                match store.ingest_events(batch.drain(..)) {
                    Ok(c) => stored += c,
                    Err(e) => failure = Some(e),
                }
            }
        },
        &mut |_| {},
    )?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    stored += store.ingest_events(batch)?;
    Ok((counts, stored))
}

/// Prints the counts and a digest of every event and reject of `path`, in input order.
fn digest(path: &Path, format: &Format) -> Result<(), Box<dyn std::error::Error>> {
    let options = ReadOptions::at(Timestamp::constant(1_800_000_000, 0));
    // One running hash over every outcome, each tagged with its kind: E(vent), R(eject).
    let running = std::cell::Cell::new(0u128);
    let add = |tag: u8, text: &[u8]| {
        let mut bytes = Vec::with_capacity(text.len() + 17);
        bytes.push(tag);
        bytes.extend_from_slice(&running.get().to_le_bytes());
        bytes.extend_from_slice(text);
        running.set(truce_events::content_hash_of_encoding(&bytes));
    };
    let mut failure = None;
    let counts = read_path(
        path,
        format,
        &options,
        &mut |event| match event.to_json() {
            Ok(json) => add(b'E', json.as_bytes()),
            Err(e) => failure = Some(e.to_string()),
        },
        &mut |reject| {
            add(
                b'R',
                format!("{}\u{1}{}\u{1}{}", reject.line, reject.reason, reject.raw).as_bytes(),
            )
        },
    )?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    println!("{counts}");
    println!("digest {:032x}", running.get());
    Ok(())
}
