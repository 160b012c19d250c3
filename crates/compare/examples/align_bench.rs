//! Times `align_texts` on the shared alignment instances and scores it against their
//! ground truth. Prints one JSON object per instance, in the same shape as
//! `bench/align/peers.py`:
//!
//! ```text
//! cargo run --release -p truce-compare --example align_bench -- [DIR] [--runs N]
//! ```
//!
//! `DIR` defaults to `$TRUCE_BENCH`, then `../shared/bench/align` beside the workspace.
//! Each instance is run once to warm up, then `N` times (default 7); the time reported is
//! the median, covering normalisation, weighting, candidate search, assignment and
//! split/merge detection (not reading the JSON).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::{Value, json};
use truce_compare::{AlignOptions, Score, align_texts};

const INSTANCES: &[&str] = &[
    "align_N100.json",
    "align_N100_stress.json",
    "align_N1000.json",
    "align_N1000_stress.json",
];

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut runs = 7usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("--runs needs a positive number");
                    return ExitCode::from(2);
                }
            }
        } else {
            dir = Some(PathBuf::from(arg));
        }
    }
    let dir = dir
        .or_else(|| std::env::var_os("TRUCE_BENCH").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/align"));

    for name in INSTANCES {
        match run(&dir, name, runs) {
            Ok(result) => println!("{result}"),
            Err(e) => {
                eprintln!("{name}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn run(dir: &std::path::Path, name: &str, runs: usize) -> Result<Value, String> {
    let path = dir.join(name);
    let raw = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let instance: Value = serde_json::from_str(&raw).map_err(|e| format!("parsing {}: {e}", path.display()))?;
    let (a, ids_a) = side(&instance, "A")?;
    let (b, ids_b) = side(&instance, "B")?;
    let mut truth = BTreeSet::new();
    for pair in instance["ground_truth"].as_array().ok_or("no ground_truth")? {
        let (x, y) = (
            pair[0].as_str().unwrap_or_default(),
            pair[1].as_str().unwrap_or_default(),
        );
        let (Some(&i), Some(&j)) = (ids_a.get(x), ids_b.get(y)) else {
            return Err(format!("ground truth names unknown ids {x} {y}"));
        };
        truth.insert((i, j));
    }

    let opts = AlignOptions::default();
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let mut alignment = align_texts(&a, &b, &opts);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        alignment = align_texts(&a, &b, &opts);
        times.push(start.elapsed().as_secs_f64());
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];

    let found: BTreeSet<(usize, usize)> = alignment.pairs().into_iter().collect();
    let score = Score::of(&found, &truth);
    let (precision, recall, f1) = (score.precision(), score.recall(), score.f1());
    Ok(json!({
        "instance": name,
        "tool": "truce",
        "time_s": median,
        "runs": times,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }))
}

type Side = (Vec<String>, BTreeMap<String, usize>);

fn side(instance: &Value, key: &str) -> Result<Side, String> {
    let items = instance[key].as_array().ok_or_else(|| format!("no `{key}` list"))?;
    let mut texts = Vec::with_capacity(items.len());
    let mut ids = BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        texts.push(
            item["text"]
                .as_str()
                .ok_or_else(|| format!("{key}[{k}] has no text"))?
                .to_string(),
        );
        ids.insert(
            item["id"]
                .as_str()
                .ok_or_else(|| format!("{key}[{k}] has no id"))?
                .to_string(),
            k,
        );
    }
    Ok((texts, ids))
}
