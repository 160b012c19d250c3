//! The truce side of the zone-of-agreement benchmark (see `bench/zopa/run.sh`).
//!
//!     cargo run --release -p truce-positions --example zopa_bench -- INSTANCE.json [RUNS]
//!
//! Prints one line per task, in the same form as `bench/zopa/cpsat.py`:
//! `task <name> <median ms> <result>`. Times cover the solver calls a task makes,
//! including loading the model into the solver, but not reading the JSON or building
//! the zone model (as CP-SAT's own wall time excludes building its Python model).

use std::process::ExitCode;
use std::time::Instant;

use truce_positions::instance::Instance;
use truce_positions::{RedLineRef, Zone};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ids(set: &[RedLineRef]) -> String {
    let mut v: Vec<&str> = set.iter().map(|r| r.id.as_str()).collect();
    v.sort_unstable();
    v.join(",")
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: zopa_bench INSTANCE.json [RUNS]")?;
    let runs: usize = args
        .next()
        .map_or(Ok(3), |r| r.parse())
        .map_err(|e| format!("bad RUNS: {e}"))?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let instance = Instance::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let (negotiation, positions) = instance.to_model();
    let zone = Zone::new(&negotiation, &positions).map_err(|e| e.to_string())?;
    let timed = |f: &dyn Fn() -> Result<String, String>| -> Result<(f64, String), String> {
        let mut times = Vec::new();
        let mut out = String::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            out = f()?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok((median(times), out))
    };
    let err = |e: truce_positions::ZopaError| e.to_string();
    let (ms, feasible) = timed(&|| {
        Ok(if zone.feasible(None).map_err(err)?.is_some() {
            "feasible"
        } else {
            "infeasible"
        }
        .to_owned())
    })?;
    println!("task feasibility {ms:.3} {feasible}");
    if feasible == "feasible" {
        let (ms, v) = timed(&|| Ok(zone.utilitarian(None).map_err(err)?.map_or(-1, |(_, v)| v).to_string()))?;
        println!("task utilitarian {ms:.3} {v}");
        let (ms, v) = timed(&|| Ok(zone.egalitarian(None).map_err(err)?.map_or(-1, |(_, v)| v).to_string()))?;
        println!("task egalitarian {ms:.3} {v}");
    } else {
        let (ms, v) = timed(&|| Ok(zone.core(None).map_err(err)?.map_or(0, |c| c.len()).to_string()))?;
        println!("task core {ms:.3} {v}");
        let (ms, v) = timed(&|| {
            Ok(zone
                .minimal_conflict_set(None)
                .map_err(err)?
                .map(|c| ids(&c))
                .unwrap_or_default())
        })?;
        println!("task minimal {ms:.3} {v}");
        let (ms, v) = timed(&|| {
            let (sets, complete) = zone.conflict_sets(10_000, None).map_err(err)?;
            let mut all: Vec<String> = sets.iter().map(|s| ids(s)).collect();
            all.sort();
            Ok(format!(
                "{} {} {}",
                sets.len(),
                if complete { "complete" } else { "incomplete" },
                all.join(";")
            ))
        })?;
        println!("task all_minimal {ms:.3} {v}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
