//! Helpers shared by the integration tests.
#![allow(dead_code)]

use truce_model::{Negotiation, SourceMap, load_sources};
use truce_positions::{LoadedPositions, load_position_sources};

/// A negotiation with parties `ua`, `ru`, `eu` and four issues, plus optional documents.
pub const NEGOTIATION: &str = r#"
[negotiation]
id = "test"
title = "Test negotiation"

[[parties]]
id = "ua"
name = "Ukraine"
kind = "state"

[[parties]]
id = "ru"
name = "Russia"
kind = "state"

[[parties]]
id = "eu"
name = "Europe"
kind = "coalition"

[[issues]]
id = "recognition"
title = "Recognition"
type = "enum"
options = [
  { id = "none", label = "None" },
  { id = "de_facto", label = "De facto" },
  { id = "de_jure", label = "De jure" },
]

[[issues]]
id = "army_cap"
title = "Army cap"
type = "integer"
min = 0
max = 2000000

[[issues]]
id = "guarantees"
title = "Guarantees"
type = "enum"
options = [
  { id = "none", label = "None" },
  { id = "bilateral_us", label = "US" },
  { id = "article5_like", label = "Article 5" },
]

[[issues]]
id = "nato_halt"
title = "NATO halts enlargement"
type = "boolean"
"#;

/// Loads the test negotiation with the given documents.
pub fn negotiation(documents: &[(&str, &str)]) -> Negotiation {
    let loaded = load_sources(("negotiation.toml", NEGOTIATION), documents);
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.negotiation.expect("negotiation")
}

/// A provenance block.
pub const CLAIM: &str = r#"
[[provenance]]
source = "https://example.org/statement"
publisher = "Example"
date = 2025-11-23
confidence = 0.7
"#;

/// A positions file for `party` with the given red lines `(id, rule)` and extra TOML.
pub fn position(party: &str, red_lines: &[(&str, &str)], extra: &str) -> String {
    let mut s = format!("[position]\nparty = \"{party}\"\n{CLAIM}\n");
    for (id, rule) in red_lines {
        s.push_str(&format!(
            "[[red_lines]]\nid = \"{id}\"\ntext = \"Red line {id}.\"\nrule = \"{rule}\"\n\n"
        ));
    }
    s.push_str(extra);
    s
}

/// Loads positions files; returns them with the source map (for rendering diagnostics).
pub fn load(negotiation: &Negotiation, files: &[(&str, &str)]) -> (LoadedPositions, SourceMap) {
    let mut sources = SourceMap::default();
    let loaded = load_position_sources(negotiation, &mut sources, files);
    (loaded, sources)
}

/// Loads positions that must have no errors.
pub fn load_ok(negotiation: &Negotiation, files: &[(&str, &str)]) -> truce_positions::Positions {
    let (loaded, sources) = load(negotiation, files);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == truce_model::Severity::Error)
        .map(|d| d.render(&sources, &Default::default()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded.positions
}
