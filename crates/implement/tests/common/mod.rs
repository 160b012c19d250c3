//! Shared set-up for the implementation tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use truce_implement::{LoadedPlans, Plan, load_plan_sources};
use truce_model::{Negotiation, SourceMap, load_scenario};

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

pub fn scenario(name: &str) -> Negotiation {
    let loaded = load_scenario(&repo(&format!("scenarios/{name}")));
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.negotiation.expect("negotiation")
}

/// Loads a plan written in a test, against a bundled scenario's negotiation.
pub fn plan_from(negotiation: &Negotiation, text: &str) -> (LoadedPlans, SourceMap) {
    let mut sources = SourceMap::default();
    let loaded = load_plan_sources(negotiation, &mut sources, &[("plan.toml", text)]);
    (loaded, sources)
}

pub fn one_plan(negotiation: &Negotiation, text: &str) -> Plan {
    let (loaded, sources) = plan_from(negotiation, text);
    let msgs: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.render(&sources, &Default::default()))
        .collect();
    assert_eq!(loaded.error_count(), 0, "{}", msgs.join("\n"));
    loaded.plans.into_iter().next().expect("a plan")
}

/// The bundled plan of a scenario.
pub fn bundled(name: &str) -> (Negotiation, Plan) {
    let n = scenario(name);
    let mut sources = SourceMap::default();
    let loaded = truce_implement::load_plans(&repo(&format!("scenarios/{name}/implementation")), &n, &mut sources);
    let msgs: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.render(&sources, &Default::default()))
        .collect();
    assert_eq!(loaded.error_count(), 0, "{}", msgs.join("\n"));
    let plan = loaded.plans.into_iter().next().expect("a bundled plan");
    (n, plan)
}
