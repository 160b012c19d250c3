//! The example of `docs/positions.md` loads without errors against the bundled Geneva
//! scenario, and works end to end, so the documentation cannot drift from the code.

use std::path::PathBuf;

use truce_model::{SourceMap, load_scenario};
use truce_positions::{Truth, ZopaOptions, assess, load_position_sources, zopa};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn documented_example_loads_and_runs() {
    let doc = std::fs::read_to_string(root().join("docs/positions.md")).unwrap();
    let start = doc.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let loaded = load_scenario(&root().join("scenarios/geneva-2025"));
    assert_eq!(loaded.error_count(), 0);
    let negotiation = loaded.negotiation.unwrap();
    let mut sources = SourceMap::default();
    let positions = load_position_sources(&negotiation, &mut sources, &[("positions/ua.toml", example)]);
    let rendered: Vec<String> = positions
        .diagnostics
        .iter()
        .map(|d| d.render(&sources, &Default::default()))
        .collect();
    assert!(positions.diagnostics.is_empty(), "{}", rendered.join("\n"));
    let ua = positions.positions.party("ua").unwrap();
    assert_eq!(ua.red_lines.len(), 3);
    assert_eq!(ua.preferences.as_ref().unwrap().reservation, 35.0);

    // The leaked 28-point plan recognises territory de facto: broken.
    let plan = negotiation.documents.iter().find(|d| d.id.contains("28")).unwrap();
    let a = assess(&negotiation, plan, &positions.positions);
    let cell = a.parties[0]
        .red_lines
        .iter()
        .find(|r| r.id == "no-recognition")
        .unwrap();
    assert_eq!(cell.status, Truth::Broken);
    assert!(!cell.provisions.is_empty());
    assert_eq!(a.parties[0].acceptable, Truth::Broken);

    let report = zopa(&negotiation, &positions.positions, &ZopaOptions::default()).unwrap();
    assert!(report.feasible);
    let best = report.utilitarian.unwrap();
    assert_eq!(best.terms["recognition"], "none");
    assert_eq!(best.utilities["ua"], 100.0);
    // JSON output.
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains("\"status\":\"broken\""));
}
