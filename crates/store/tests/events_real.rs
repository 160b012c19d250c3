//! Ingests the real UCDP GED file (read from the shared data folder, never copied into
//! the repository) into a temporary store, twice.
//!
//! Expected figures from `bench/ingest/expected_counts.py` (Python's csv module, an
//! independent reading): 3,077 events; 34 of them overlap 15-21 Feb 2015 (local days).

use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;
use truce_events::{Format, ReadOptions, read_path};
use truce_store::Store;

const UCDP_UTF8: &str = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv";

#[test]
fn reingesting_the_ucdp_file_is_idempotent() {
    let Some(path) = truce_testdata::shared_data(UCDP_UTF8) else {
        return;
    };
    let options = ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    let mut events = Vec::new();
    let counts = read_path(&path, &Format::Ucdp, &options, &mut |e| events.push(e), &mut |_| {}).unwrap();
    assert_eq!(counts.accepted, 3_077);

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("truce.sqlite")).unwrap();
    let first = store.ingest_events(events.clone()).unwrap();
    assert_eq!((first.new, first.changed, first.unchanged), (3_077, 0, 0));
    let second = store.ingest_events(events).unwrap();
    assert_eq!((second.new, second.changed, second.unchanged), (0, 0, 3_077));
    assert_eq!(store.event_count().unwrap(), 3_077);

    let kyiv = TimeZone::get("Europe/Kyiv").unwrap();
    let at = |d: jiff::civil::Date| -> Timestamp { kyiv.to_timestamp(d.at(0, 0, 0, 0)).unwrap() };
    let week = store
        .events_overlapping(at(date(2015, 2, 15)), at(date(2015, 2, 22)), Some("ucdp-ged"))
        .unwrap();
    assert_eq!(week.len(), 34);
    assert!(
        week.windows(2)
            .all(|w| (w[0].start, &w[0].source_id) <= (w[1].start, &w[1].source_id))
    );
    assert!(
        store
            .events_overlapping(at(date(2015, 2, 15)), at(date(2015, 2, 22)), Some("acled"))
            .unwrap()
            .is_empty()
    );
}
