//! Reads the real files of the shared data folder (never copied into the repository).
//! Skipped with a printed reason when the folder is missing, failing when `CI` is set.
//!
//! Expected figures come from `bench/ingest/expected_counts.py`, which reads the same
//! files with Python's csv and json modules and applies the documented rules in a
//! separate implementation. Its output on the shared data:
//!
//! ```text
//! ucdp utf-8: read 3077 accepted 3077 rejected 0
//! ucdp cp1252: read 3883 accepted 3883 rejected 0
//! ucdp ids in both files: 2987, with the same first and last day: 2978
//! bellingcat: read 2514 accepted 2511 rejected 3 (at (0, 0): 2, identical repeats: 1)
//! cir: read 6650 accepted 6638 rejected 12 (no date: 4, duplicate ids: 8)
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use truce_events::{
    Counts, DateOrder, Event, EventClass, Format, Mapping, ReadOptions, Reject, TextEncoding, read_path,
};

const UCDP_UTF8: &str = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv";
const UCDP_CP1252: &str = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014_to_2023_mixed_b858735_cp1252.csv";
const BELLINGCAT: &str = "war-datasets-dashboard-sdspieg/bellingcat_incidents.json";
const CIR: &str = "cir-bellingcat-events-mauforonda/events.csv";

fn options() -> ReadOptions {
    ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn read_all(path: &Path, format: &Format) -> (Counts, Vec<Event>, Vec<Reject>) {
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    let counts = read_path(path, format, &options(), &mut |e| events.push(e), &mut |r| {
        rejects.push(r)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.read, counts.accepted + counts.rejected);
    (counts, events, rejects)
}

fn mapping(name: &str) -> Format {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("mappings").join(name);
    Format::Mapped(Mapping::load(&path).unwrap())
}

/// Start and end of every event, by id.
fn intervals(events: &[Event]) -> HashMap<&str, (Timestamp, Timestamp)> {
    events
        .iter()
        .map(|e| (e.source_id.as_str(), (e.start, e.end)))
        .collect()
}

#[test]
fn ucdp_utf8_file_is_read_whole() {
    let Some(path) = truce_testdata::shared_data(UCDP_UTF8) else {
        return;
    };
    let (counts, events, rejects) = read_all(&path, &Format::Ucdp);
    assert_eq!(counts.read, 3_077);
    assert_eq!(counts.accepted, 3_077, "{:#?}", &rejects[..rejects.len().min(5)]);
    assert_eq!(counts.encoding, TextEncoding::Utf8);
    assert!(events.iter().all(|e| e.start < e.end && e.class == EventClass::Battle));
    // Cyrillic survives (the file quotes Ukrainian and Russian sources).
    assert!(
        events
            .iter()
            .any(|e| e.description.contains("Донецьк") || e.description.contains("Донецк"))
    );
    // The first event: 22 Jan 2014, Maidan, Kyiv winter time (UTC+2).
    let first = &events[0];
    assert_eq!(first.source_id, "147997");
    assert_eq!(first.start, "2014-01-21T22:00:00Z".parse::<Timestamp>().unwrap());
    assert_eq!(first.radius_km, Some(1.0));
    assert_eq!(first.deaths, Some(5));
}

#[test]
fn ucdp_cp1252_file_with_mixed_dates() {
    let Some(path) = truce_testdata::shared_data(UCDP_CP1252) else {
        return;
    };
    let (counts, events, rejects) = read_all(&path, &Format::Ucdp);
    assert_eq!(counts.read, 3_883);
    assert_eq!(counts.accepted, 3_883, "{:#?}", &rejects[..rejects.len().min(5)]);
    assert_eq!(counts.encoding, TextEncoding::Windows1252);
    assert_eq!(counts.learned_date_order, Some(DateOrder::MonthFirst));
    let by_id: HashMap<&str, &Event> = events.iter().map(|e| (e.source_id.as_str(), e)).collect();
    assert!(by_id["233458"].description.starts_with("Donetsk’s Kirov district | "));
    assert!(by_id["464833"].description.contains("NOËL"));

    // Independent check of the date reading: events in both releases have the same days
    // in 2,978 of 2,987 cases (the others were revised between releases).
    let Some(utf8) = truce_testdata::shared_data(UCDP_UTF8) else {
        return;
    };
    let (_, utf8_events, _) = read_all(&utf8, &Format::Ucdp);
    let (a, b) = (intervals(&utf8_events), intervals(&events));
    let common: Vec<&&str> = a.keys().filter(|id| b.contains_key(**id)).collect();
    assert_eq!(common.len(), 2_987);
    assert_eq!(common.iter().filter(|id| a[**id] == b[**id]).count(), 2_978);
}

#[test]
fn bellingcat_through_its_mapping() {
    let Some(path) = truce_testdata::shared_data(BELLINGCAT) else {
        return;
    };
    let (counts, events, rejects) = read_all(&path, &mapping("bellingcat.toml"));
    assert_eq!(counts.read, 2_514);
    assert_eq!((counts.accepted, counts.rejected), (2_511, 3), "{rejects:#?}");
    let with = |needle: &str| rejects.iter().filter(|r| r.reason.contains(needle)).count();
    assert_eq!((with("(0, 0)"), with("repeating line")), (2, 1), "{rejects:#?}");
    assert!(
        events
            .iter()
            .all(|e| e.source == "bellingcat" && e.source_id.len() == 32)
    );
    assert!(events.iter().all(|e| e.radius_km == Some(1.0)));
    // 24 Feb 2022 in Kyiv (UTC+2).
    assert_eq!(events[0].start, "2022-02-23T22:00:00Z".parse::<Timestamp>().unwrap());
    assert!(events[0].url.as_deref().is_some_and(|u| u.starts_with("https://")));
}

#[test]
fn cir_through_its_mapping() {
    let Some(path) = truce_testdata::shared_data(CIR) else {
        return;
    };
    let (counts, events, rejects) = read_all(&path, &mapping("cir.toml"));
    assert_eq!(counts.read, 6_650);
    assert_eq!((counts.accepted, counts.rejected), (6_638, 12), "{rejects:#?}");
    let with = |needle: &str| rejects.iter().filter(|r| r.reason.contains(needle)).count();
    assert_eq!((with("date: missing"), with("duplicate id")), (4, 8), "{rejects:#?}");
    assert!(events.iter().any(|e| e.class == EventClass::Battle));
    assert!(
        events
            .iter()
            .all(|e| e.class != EventClass::Other || e.kind == "Other" || e.kind == "Munitions")
    );
}
