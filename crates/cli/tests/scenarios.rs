//! The bundled scenarios through the real binary: each checks clean, `overview` names
//! every negotiation, `show` prints every provision, `export` is valid, versioned and
//! deterministic JSON, `schema` is JSON, and a missing path fails with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use truce_model::{EXPORT_FORMAT, Export, load_scenario};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn scenario_dirs() -> Vec<PathBuf> {
    let dir = scenarios_dir();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no scenario under {}", dir.display());
    dirs
}

/// Runs `truce` with the bundled scenarios directory and no colour.
fn truce(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(args)
        .args(["--color", "never"])
        .env("TRUCE_SCENARIOS", scenarios_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run truce: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("output is not UTF-8: {e}"))
}

#[test]
fn every_bundled_scenario_checks_clean() {
    for dir in scenario_dirs() {
        let path = dir.display().to_string();
        let out = truce(&["check", &path]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{path}:\n{stderr}");
        assert!(!stderr.contains("error["), "{path}:\n{stderr}");
        assert!(stderr.contains(": 0 errors"), "{path}: summary missing:\n{stderr}");
    }
}

#[test]
fn check_without_arguments_checks_every_bundled_scenario() {
    let out = truce(&["check"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches(": 0 errors").count(), scenario_dirs().len(), "{stderr}");
}

#[test]
fn overview_names_every_negotiation() {
    let out = truce(&["overview"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for id in ["geneva-2025", "minsk-2014-2015"] {
        assert!(stdout.contains(id), "overview does not name {id}:\n{stdout}");
    }
    for dir in scenario_dirs() {
        let n = load_scenario(&dir)
            .negotiation
            .unwrap_or_else(|| panic!("{}: no negotiation", dir.display()));
        assert!(stdout.contains(&n.id), "overview does not name {}", n.id);
        for d in &n.documents {
            assert!(stdout.contains(&d.id), "overview does not list document {}", d.id);
        }
    }
}

#[test]
fn show_prints_all_28_provisions_of_the_us_plan() {
    let out = truce(&["show", "us-28-point-plan"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let loaded = load_scenario(&scenarios_dir().join("geneva-2025"));
    let n = loaded
        .negotiation
        .unwrap_or_else(|| panic!("geneva-2025 does not load"));
    let d = n
        .document("us-28-point-plan")
        .unwrap_or_else(|| panic!("no us-28-point-plan"));
    assert_eq!(d.provisions.len(), 28);
    assert!(stdout.contains("provisions (28)"), "{stdout}");
    let mut last = 0;
    for p in &d.provisions {
        let tag = format!("[{}]", p.id);
        let at = stdout
            .find(&tag)
            .unwrap_or_else(|| panic!("`show` does not print provision {}", p.id));
        assert!(at > last, "provision {} printed out of order", p.id);
        last = at;
    }
}

#[test]
fn show_a_document_file_by_path() {
    let file = scenarios_dir().join("minsk-2014-2015/documents/01-minsk-protocol.toml");
    let out = truce(&["show", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).is_empty());
}

#[test]
fn export_is_versioned_deterministic_json() {
    let first = truce(&["export", "geneva-2025", "--format", "json"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let second = truce(&["export", "geneva-2025", "--format", "json"]);
    assert_eq!(first.stdout, second.stdout, "two exports differ");

    let json: serde_json::Value =
        serde_json::from_slice(&first.stdout).unwrap_or_else(|e| panic!("export is not JSON: {e}"));
    assert_eq!(json["format"], EXPORT_FORMAT);
    assert_eq!(json["format"], "truce.export/1");
    assert_eq!(json["kind"], "negotiation");
    assert_eq!(json["negotiation"]["id"], "geneva-2025");

    // The export is the loaded model.
    let n = load_scenario(&scenarios_dir().join("geneva-2025"))
        .negotiation
        .unwrap_or_else(|| panic!("no model"));
    assert_eq!(text(&first.stdout), Export::negotiation(&n).to_json());
}

#[test]
fn export_of_one_document() {
    let out = truce(&["export", "us-28-point-plan"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("export is not JSON: {e}"));
    assert_eq!(json["format"], EXPORT_FORMAT);
    assert_eq!(json["kind"], "document");
    assert_eq!(json["negotiation_id"], "geneva-2025");
    assert_eq!(json["document"]["provisions"].as_array().map(Vec::len), Some(28));
    let back: Export = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("export does not read back: {e}"));
    assert!(matches!(back, Export::Document(_)));
}

#[test]
fn schema_is_json() {
    for args in [&["schema"][..], &["schema", "--export"][..]] {
        let out = truce(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"));
        assert!(json.is_object(), "{args:?}: a schema is a JSON object");
    }
}

#[test]
fn check_on_a_missing_path_fails_with_a_message() {
    let missing = "no/such/scenario-dir";
    let out = truce(&["check", missing]);
    assert_ne!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(missing), "the message names the path: {stderr}");
    assert!(stderr.contains("no such file or directory"), "{stderr}");
}

#[test]
fn check_outside_a_scenario_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out = truce(&["check", &dir.path().display().to_string()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("not inside a scenario"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unknown_id_fails_with_a_message() {
    let out = truce(&["show", "no-such-document"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("no-such-document"), "{}", text(&out.stderr));
}
