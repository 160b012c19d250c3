//! The truce side of bench/geo/run.sh: point-in-territory, distance to the territory's
//! boundary and a within-distance buffer test over a file of points, plus territorial
//! change between two snapshots. Prints one JSON object per task (median and all run
//! times in seconds, and the figures the peers must match).
//!
//! ```sh
//! cargo run --release -p truce-geo --example geo_bench -- \
//!     territory.geojson points.f64 RUNS BUFFER_DEG [before.geojson after.geojson]
//! ```
//!
//! `points.f64` holds little-endian f64 pairs (lon, lat), as numpy's `tofile` writes them.

use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use truce_geo::io::read_multipolygon;
use truce_geo::{Territory, change};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        0.5 * (xs[n / 2 - 1] + xs[n / 2])
    }
}

fn times(runs: usize, mut f: impl FnMut() -> f64) -> (Vec<f64>, f64) {
    let mut out = Vec::with_capacity(runs);
    let mut value = 0.0;
    for _ in 0..runs {
        let start = Instant::now();
        value = black_box(f());
        out.push(start.elapsed().as_secs_f64());
    }
    (out, value)
}

fn report(task: &str, runs: &[f64], extra: &str) {
    let list: Vec<String> = runs.iter().map(|t| format!("{t:.6}")).collect();
    println!(
        "{{\"tool\": \"truce\", \"task\": \"{task}\", \"median_s\": {:.6}, \"runs_s\": [{}]{extra}}}",
        median(runs.to_vec()),
        list.join(", ")
    );
}

fn load(path: &str) -> Result<Territory, String> {
    let (mp, _warnings) = read_multipolygon(Path::new(path)).map_err(|e| e.to_string())?;
    Ok(Territory::new(mp).0)
}

fn run(args: &[String]) -> Result<(), String> {
    let [territory_path, points_path, runs, buffer, rest @ ..] = args else {
        return Err("usage: geo_bench TERRITORY.geojson POINTS.f64 RUNS BUFFER_DEG [BEFORE AFTER]".to_owned());
    };
    let runs: usize = runs.parse().map_err(|e| format!("RUNS: {e}"))?;
    let buffer: f64 = buffer.parse().map_err(|e| format!("BUFFER_DEG: {e}"))?;
    let bytes = std::fs::read(points_path).map_err(|e| format!("{points_path}: {e}"))?;
    if bytes.len() % 16 != 0 {
        return Err(format!("{points_path}: length is not a multiple of 16 bytes"));
    }
    let points: Vec<(f64, f64)> = bytes
        .chunks_exact(16)
        .map(|c| {
            let mut x = [0u8; 8];
            let mut y = [0u8; 8];
            x.copy_from_slice(&c[..8]);
            y.copy_from_slice(&c[8..]);
            (f64::from_le_bytes(x), f64::from_le_bytes(y))
        })
        .collect();

    let start = Instant::now();
    let territory = load(territory_path)?;
    let loaded = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let _ = territory.contains(0.0, 0.0);
    let point_index = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let boundary = territory.boundary();
    let _ = boundary.distance_deg(0.0, 0.0);
    let line_index = start.elapsed().as_secs_f64();
    let (nx, ny, share) = territory.index_stats();
    let (lx, ly, per_cell) = boundary.grid_stats();
    println!(
        "{{\"tool\": \"truce\", \"task\": \"build\", \"points\": {}, \"load_s\": {loaded:.6}, \"point_index_s\": \
         {point_index:.6}, \"line_index_s\": {line_index:.6}, \"grid\": [{nx}, {ny}], \"boundary_cells\": {share:.4}, \
         \"segments\": {}, \"line_grid\": [{lx}, {ly}], \"candidates_per_cell\": {per_cell:.2}}}",
        points.len(),
        boundary.len()
    );

    let (t, inside) = times(runs, || {
        points.iter().filter(|&&(x, y)| territory.contains(x, y)).count() as f64
    });
    report("contains", &t, &format!(", \"count\": {inside}"));
    let (t, sum) = times(runs, || points.iter().map(|&(x, y)| boundary.distance_deg(x, y)).sum());
    report("distance", &t, &format!(", \"sum\": {sum:.17e}"));
    let (t, within) = times(runs, || {
        points
            .iter()
            .filter(|&&(x, y)| boundary.within_deg(x, y, buffer))
            .count() as f64
    });
    report("within", &t, &format!(", \"count\": {within}"));

    if let [before, after] = rest {
        let (before, after) = (load(before)?, load(after)?);
        let mut gained = 0.0;
        let mut lost = 0.0;
        let (t, _) = times(runs, || {
            let c = change(&before, &after, &[]);
            gained = c.gained_km2;
            lost = c.lost_km2;
            gained
        });
        report(
            "change",
            &t,
            &format!(", \"gained_km2\": {gained:.6}, \"lost_km2\": {lost:.6}"),
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("geo_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
