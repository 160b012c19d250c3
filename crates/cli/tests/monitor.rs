//! `truce monitor` end to end: ingest into a fresh store, verify a ceasefire, the daily
//! report, who held a place, and a bad event file. Tests that need ../shared/data skip
//! with a message when it is missing and fail under CI.

mod common;

use std::path::Path;

fn truce(store: &Path, args: &[&str]) -> (bool, String, String) {
    let r = common::truce_at(Some(store), args);
    (r.ok(), r.stdout, r.stderr)
}

#[test]
fn ingest_verify_and_report_the_minsk_ii_ceasefire() {
    let Some(csv) =
        truce_testdata::shared_data("ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store.sqlite");
    let rejects = dir.path().join("rejects.csv");
    let csv = csv.to_str().expect("utf-8 path");
    let args = [
        "monitor",
        "ingest",
        csv,
        "--format",
        "ucdp",
        "--now",
        "2026-01-01T00:00:00Z",
        "--rejects",
        rejects.to_str().unwrap(),
    ];
    let (ok, out, err) = truce(&store, &args);
    assert!(ok, "{err}");
    // 3,077 data rows, counted independently with Python's csv module.
    assert!(out.contains("read 3077 = accepted 3077 + rejected 0"), "{out}");
    assert!(out.contains("new 3077, changed 0, unchanged 0"), "{out}");
    // Idempotent.
    let (ok, out, err) = truce(&store, &args);
    assert!(ok, "{err}");
    assert!(out.contains("new 0, changed 0, unchanged 3077"), "{out}");

    let (ok, out, err) = truce(
        &store,
        &[
            "monitor",
            "verify",
            "minsk-2014-2015",
            "--ceasefire",
            "minsk-ii-ceasefire",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["format"], "truce.monitor-verify/1");
    let violations = v["summary"]["violations"].as_u64().unwrap();
    let unknown = v["summary"]["unknown"].as_u64().unwrap();
    assert!(violations > 0, "{out}");
    let listed = v["verdicts"].as_array().unwrap().len() as u64;
    assert_eq!(listed, violations + unknown);

    let (ok, md, err) = truce(
        &store,
        &[
            "monitor",
            "report",
            "minsk-2014-2015",
            "--ceasefire",
            "minsk-ii-ceasefire",
            "--date",
            "2015-02-16",
        ],
    );
    assert!(ok, "{err}");
    assert!(md.starts_with("# Ceasefire monitoring report: 2015-02-16"), "{md}");
    assert!(md.contains("2015-02-15 19:30 EET to 2015-02-16 19:30 EET"), "{md}");
    assert!(md.contains("## Unknowns (possible violations), listed apart"), "{md}");
    let (ok, again, _) = truce(
        &store,
        &[
            "monitor",
            "report",
            "minsk-2014-2015",
            "--ceasefire",
            "minsk-ii-ceasefire",
            "--date",
            "2015-02-16",
        ],
    );
    assert!(ok);
    assert_eq!(md, again, "reports are byte-identical");
}

#[test]
fn held_answers_from_the_bundled_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store.sqlite");
    let file = "scenarios/minsk-2014-2015/geo/held-2015.geojson";
    // Donetsk city centre, then Kramatorsk.
    let (ok, out, err) = truce(&store, &["monitor", "held", file, "37.8028", "48.0159"]);
    assert!(ok, "{err}");
    assert!(out.contains(": inside the territory"), "{out}");
    let (ok, out, err) = truce(&store, &["monitor", "held", file, "37.5844", "48.7389"]);
    assert!(ok, "{err}");
    assert!(out.contains(": outside the territory"), "{out}");
    // Swapped coordinates are refused with a clear message.
    let (ok, _, err) = truce(&store, &["monitor", "held", file, "48.0", "137.8"]);
    assert!(!ok);
    assert!(err.contains("not a longitude/latitude pair"), "{err}");
}

#[test]
fn a_bad_event_file_is_ingested_with_its_rejects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store.sqlite");
    let rejects = dir.path().join("rejects.csv");
    let file = dir.path().join("events.csv");
    std::fs::write(
        &file,
        "id,date,lat,lon,kind\n\
         a1,2025-04-20,48.0,37.8,shelling\n\
         a2,2025-04-20,95.0,37.8,shelling\n\
         a3,not a date,48.0,37.8,shelling\n\
         a4,2025-04-21,0,0,shelling\n",
    )
    .unwrap();
    let mapping = dir.path().join("feed.toml");
    std::fs::write(
        &mapping,
        "name = \"feed\"\nformat = \"csv\"\n[fields]\nid = \"id\"\ndate = \"date\"\nlat = \"lat\"\nlon = \"lon\"\nkind = \"kind\"\n",
    )
    .unwrap();
    let (ok, out, err) = truce(
        &store,
        &[
            "monitor",
            "ingest",
            file.to_str().unwrap(),
            "--format",
            mapping.to_str().unwrap(),
            "--now",
            "2026-01-01T00:00:00Z",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("read 4 = accepted 1 + rejected 3"), "{out}");
    let text = std::fs::read_to_string(&rejects).expect("rejects file");
    assert_eq!(text.lines().count(), 4, "header and three rejects: {text}");
}

#[test]
fn territorial_change_between_deepstate_snapshots() {
    let Some(weekly) = truce_testdata::shared_data("deepstate-cyterat/weekly") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store.sqlite");
    let out_file = dir.path().join("change.geojson");
    let (ok, out, err) = truce(
        &store,
        &[
            "monitor",
            "change",
            weekly.to_str().unwrap(),
            "--from",
            "2024-07-08T12:00Z",
            "--to",
            "2025-07-07T12:00Z",
            "--geojson",
            out_file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    // bench/geo/check.py (shapely difference + pyproj geodesic areas): 4536.68 km² gained,
    // 21.12 km² lost between these two snapshots.
    assert!(out.contains("gained 4536.68 km², lost 21.12 km²"), "{out}");
    assert!(err.lines().count() <= 4, "warnings are summarised: {err}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
}

#[test]
fn an_acled_deletions_file_tombstones_events_and_counts_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../events/tests/fixtures/acled_small.csv");
    let rejects = dir.path().join("ingest.rejects.csv");
    let (ok, _, err) = truce(
        &store,
        &[
            "monitor",
            "ingest",
            fixture,
            "--format",
            "acled",
            "--now",
            "2026-01-01T00:00:00Z",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let deletions = dir.path().join("deletions.csv");
    std::fs::write(
        &deletions,
        "event_id_cnty,deleted_timestamp\nUKR1001,1700000500\nUKR9999,1700000500\n,1700000500\n",
    )
    .unwrap();
    let del_rejects = dir.path().join("del.rejects.csv");
    let args = [
        "monitor",
        "delete",
        deletions.to_str().unwrap(),
        "--rejects",
        del_rejects.to_str().unwrap(),
    ];
    let (ok, out, err) = truce(&store, &args);
    assert!(ok, "{err}");
    assert!(
        out.contains("read 3 = deleted 1 + not in the store or already deleted 1 + rejected 1"),
        "{out}"
    );
    let rejected = std::fs::read_to_string(&del_rejects).unwrap();
    assert!(
        rejected.contains("4,\"empty id in column `event_id_cnty`\""),
        "{rejected}"
    );
    // Deleting again finds nothing left to delete.
    let (ok, out, _) = truce(&store, &args);
    assert!(ok);
    assert!(
        out.contains("deleted 0 + not in the store or already deleted 2"),
        "{out}"
    );
    // A file without an id column is refused, naming the file and line.
    std::fs::write(&deletions, "name,when\nx,1\n").unwrap();
    let (ok, _, err) = truce(&store, &args);
    assert!(!ok);
    assert!(err.contains("line 1 has no id column"), "{err}");
}
