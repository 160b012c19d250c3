//! `truce pax import` then `truce precedents` on the real PA-X export (real-data test:
//! skips with a message when ../shared/data is missing, fails under CI).

mod common;

use std::path::PathBuf;

fn pax_csv() -> Option<PathBuf> {
    truce_testdata::shared_data("pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv")
}

fn truce(store: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let r = common::truce_at(Some(store), args);
    (r.ok(), r.stdout, r.stderr)
}

#[test]
fn minsk_ii_precedents_on_the_real_corpus() {
    let Some(csv) = pax_csv() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store.sqlite");

    let (ok, out, err) = truce(&store, &["pax", "import", csv.to_str().expect("utf-8 path")]);
    assert!(ok, "{err}");
    assert!(out.contains("read 2144 rows: 2144 accepted, 0 rejected"), "{out}");

    // Nearest precedent of Minsk II is the Minsk Protocol.
    let (ok, out, err) = truce(&store, &["precedents", "1364", "--format", "json", "--top", "5"]);
    assert!(ok, "{err}");
    let found: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(found[0]["id"], 1363, "{out}");
    assert!(!found[0]["shared"].as_array().expect("shared").is_empty());

    // Leaving out the Ukraine peace process: no Ukraine agreement, shared codes named.
    let (ok, out, err) = truce(
        &store,
        &[
            "precedents",
            "1364",
            "--other-processes",
            "--format",
            "json",
            "--top",
            "10",
        ],
    );
    assert!(ok, "{err}");
    let found: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found = found.as_array().expect("array");
    assert_eq!(found.len(), 10);
    for p in found {
        assert!(!p["country"].as_str().unwrap_or_default().contains("Ukrain"), "{p}");
        assert!(!p["shared"].as_array().expect("shared").is_empty(), "{p}");
    }

    // A bundled draft as the query: the text output names the shared codes.
    let (ok, out, err) = truce(&store, &["precedents", "minsk-package", "--top", "3"]);
    assert!(ok, "{err}");
    assert!(out.contains("shared (query/precedent level):"), "{out}");
    assert!(
        out.contains("1364"),
        "Minsk II itself is the nearest agreement to our coding of it:\n{out}"
    );
}

#[test]
fn precedents_without_a_corpus_say_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, _, err) = truce(&dir.path().join("empty.sqlite"), &["precedents", "1364"]);
    assert!(!ok);
    assert!(err.contains("truce pax import"), "{err}");
}
