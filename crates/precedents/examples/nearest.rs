//! Prints the nearest precedents of one PA-X agreement and times the search; the Rust
//! side of `bench/precedents/run.sh`.
//!
//! ```text
//! cargo run --release -p truce-precedents --example nearest -- CSV [ID] [TOP] [RUNS]
//! ```
//!
//! Prints one `rank id score` line per answer (score to 12 decimals), then
//! `median_us X`: the median wall time of RUNS searches (default 5), after one warm-up.

use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use truce_precedents::{Corpus, Query};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: nearest CSV [ID] [TOP] [RUNS]";
    let csv = args.first().ok_or(usage)?;
    let number = |index: usize, default: usize| -> Result<usize, String> {
        args.get(index).map_or(Ok(default), |s| {
            s.parse().map_err(|_| format!("{s:?} is not a number; {usage}"))
        })
    };
    let id = u32::try_from(number(1, 1364)?).map_err(|e| e.to_string())?;
    let top = number(2, 5)?;
    let runs = number(3, 5)?.max(1);

    let file = File::open(csv).map_err(|e| format!("{csv}: {e}"))?;
    let read = truce_pax::read_agreements(file, csv).map_err(|e| e.to_string())?;
    let corpus = Corpus::from_pax(&read.agreements).map_err(|e| e.to_string())?;
    let query = Query::new(corpus.profile(id).map_err(|e| e.to_string())?, top);

    let found = corpus.search(&query).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let again = corpus.search(std::hint::black_box(&query)).map_err(|e| e.to_string())?;
        times.push(start.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(again);
    }
    times.sort_by(f64::total_cmp);
    for (rank, p) in found.iter().enumerate() {
        println!("{} {} {:.12}", rank + 1, p.id, p.score);
    }
    println!("median_us {:.1}", times[times.len() / 2]);
    Ok(())
}
