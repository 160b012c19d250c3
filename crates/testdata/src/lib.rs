//! Locating the real data that tests and benchmarks read from beside the repository.
//!
//! Real data (PA-X, UCDP, DeepState, ...) is never copied into the repository: it lives in
//! `../shared/data` and the benchmark instances in `../shared/bench`, next to the
//! workspace root, or wherever `TRUCE_DATA` / `TRUCE_BENCH` point. A test that needs a
//! file asks for it here: when the file is missing the test is told to skip (with the
//! reason printed) on a developer machine, but it fails when the `CI` environment variable
//! is set, because CI always has the data and a skip there would hide a broken test.
//!
//! ```
//! // A file that does not exist: outside CI this prints why and gives None.
//! if std::env::var_os("CI").is_none() {
//!     assert!(truce_testdata::shared_data("no/such/file.csv").is_none());
//! }
//! ```

use std::path::{Path, PathBuf};

fn locate(variable: &str, folder: &str, relative: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(variable) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared")
            .join(folder),
    };
    let path = dir.join(relative);
    if path.exists() {
        return Some(path);
    }
    let reason = format!("{} not found (set {variable} to the folder holding it)", path.display());
    if std::env::var_os("CI").is_some() {
        panic!("{reason}; CI is set, so a missing file is a failure, not a skip");
    }
    eprintln!("skipping: {reason}");
    None
}

/// A file or folder of the shared real data (`$TRUCE_DATA`, else `../shared/data`).
///
/// # Panics
///
/// When it is missing and `CI` is set.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    locate("TRUCE_DATA", "data", relative)
}

/// A file or folder of the shared benchmark instances (`$TRUCE_BENCH`, else
/// `../shared/bench`).
///
/// # Panics
///
/// When it is missing and `CI` is set.
pub fn shared_bench(relative: &str) -> Option<PathBuf> {
    locate("TRUCE_BENCH", "bench", relative)
}

/// The PA-X v9 export's file name under the shared data folder.
pub const PAX_V9: &str = "pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv";

/// Non-zero provision codes of PA-X AgtId 1364 (Minsk II) in the v9 export, in column
/// order, read independently of truce with a general-purpose CSV parser: the expected
/// answer of the real-data tests that import the export.
pub const MINSK_II_CODES: &[(&str, u8)] = &[
    ("StXbor", 1),
    ("Ele", 1),
    ("ConGen", 1),
    ("Cons", 1),
    ("Terps", 2),
    ("TpsLoc", 1),
    ("TpsAut", 1),
    ("HrMob", 1),
    ("Dev", 1),
    ("DevSoc", 1),
    ("DevHum", 1),
    ("Tax", 2),
    ("TaxRef", 1),
    ("Ban", 1),
    ("BanPers", 1),
    ("LaCH", 1),
    ("LaCHIt", 1),
    ("Ce", 2),
    ("CeProv", 1),
    ("SsrPol", 2),
    ("SsrArm", 1),
    ("SsrPsf", 1),
    ("SsrFf", 1),
    ("TjAm", 2),
    ("TjAmPro", 1),
    ("TjPrire", 1),
    ("TjNR", 1),
    ("ImOth", 1),
    ("ImPK", 1),
    ("ImSrc", 1),
];

/// Writes the features of the GeoJSON file `src` whose property `key` is one of `values`
/// to `out`, so that a test can point a geometry at part of a shared file.
///
/// # Panics
///
/// When `src` cannot be read or parsed, when some value matches no feature, or when
/// `out` cannot be written.
pub fn extract_features(src: &Path, key: &str, values: &[&str], out: &Path) {
    let text = std::fs::read_to_string(src).expect("read geojson");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("geojson");
    let features = json["features"].as_array().expect("features").clone();
    let kept: Vec<serde_json::Value> = features
        .into_iter()
        .filter(|f| f["properties"][key].as_str().is_some_and(|v| values.contains(&v)))
        .collect();
    assert_eq!(kept.len(), values.len(), "features {values:?} in {}", src.display());
    json["features"] = serde_json::Value::Array(kept);
    std::fs::write(out, json.to_string()).expect("write");
}
