//! Unit tests on temporary stores and synthetic agreements.

use jiff::civil::Date;
use truce_pax::Agreement;

use crate::{SCHEMA_VERSION, STORE_ENV, Store, StoreError, StoredAgreement, default_path};

fn agreement(id: u32, codes: Vec<(&'static str, u8)>) -> Agreement {
    Agreement {
        id,
        name: format!("Synthetic accord {id}"),
        date: Date::constant(2000 + id as i16 % 20, 3, 14),
        country: "Freedonia".into(),
        process_id: 7,
        process_name: "Freedonia process".into(),
        region: "Imaginary".into(),
        stage: "SubPar".into(),
        substage: "MultIss".into(),
        agreement_type: "Intra".into(),
        status: "Multiparty signed/agreed".into(),
        codes,
    }
}

fn sample() -> Vec<Agreement> {
    vec![
        agreement(30, vec![("GCh", 3), ("Ce", 2), ("ImE", 1)]),
        agreement(4, vec![]),
        agreement(12, vec![("PpsEx:St", 1), ("SsrArm", 3), ("TjAm", 1)]),
    ]
}

#[test]
fn open_creates_folders_and_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/truce.sqlite");
    let store = Store::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(store.path(), path);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    assert_eq!(store.pax_count().unwrap(), 0);
}

#[test]
fn opening_twice_keeps_schema_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truce.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        store.import_pax(&sample()).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.pax_count().unwrap(), 3);
    // Two handles on the same file at once work too (WAL).
    let other = Store::open(&path).unwrap();
    assert_eq!(other.pax_count().unwrap(), 3);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found, supported }
            if found == SCHEMA_VERSION + 5 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some text padding it out".repeat(20),
    )
    .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"));
}

#[test]
fn import_round_trips_metadata_and_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    let agreements = sample();
    let summary = store.import_pax(&agreements).unwrap();
    assert_eq!(summary.agreements, 3);
    assert_eq!(summary.inserted, 3);
    assert_eq!(summary.replaced, 0);
    assert_eq!(summary.codes, 6);
    for a in &agreements {
        let stored = store.pax_agreement(a.id).unwrap().unwrap();
        assert_eq!(stored, StoredAgreement::from(a));
    }
    let stored = store.pax_agreement(12).unwrap().unwrap();
    assert_eq!(stored.level("SsrArm"), 3);
    assert_eq!(stored.level("Ce"), 0);
    assert_eq!(store.pax_agreement(999).unwrap(), None);
}

#[test]
fn importing_twice_gives_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    let first = store.import_pax(&sample()).unwrap();
    let before = store.pax_agreements().unwrap();
    let second = store.import_pax(&sample()).unwrap();
    assert_eq!(second.agreements, first.agreements);
    assert_eq!(second.codes, first.codes);
    assert_eq!(second.inserted, 0);
    assert_eq!(second.replaced, 3);
    assert_eq!(store.pax_count().unwrap(), 3);
    let code_rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pax_code", [], |row| row.get(0))
        .unwrap();
    assert_eq!(code_rows, 6);
    assert_eq!(store.pax_agreements().unwrap(), before);
}

#[test]
fn reimport_replaces_codes_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    store.import_pax(&sample()).unwrap();
    let mut changed = agreement(30, vec![("Ce", 3)]);
    changed.stage = "Imp".into();
    let summary = store.import_pax(std::slice::from_ref(&changed)).unwrap();
    assert_eq!((summary.inserted, summary.replaced, summary.codes), (0, 1, 1));
    let stored = store.pax_agreement(30).unwrap().unwrap();
    assert_eq!(stored, StoredAgreement::from(&changed));
    // The other agreements are untouched.
    assert_eq!(store.pax_count().unwrap(), 3);
    assert_eq!(store.pax_agreement(12).unwrap().unwrap().codes.len(), 3);
}

#[test]
fn agreements_come_back_ordered_by_id_with_codes_in_taxonomy_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    // Codes given out of taxonomy order still come back in taxonomy order.
    let mut agreements = sample();
    agreements.push(agreement(20, vec![("ImSrc", 1), ("GCh", 1), ("Mps", 2)]));
    store.import_pax(&agreements).unwrap();
    let all = store.pax_agreements().unwrap();
    let ids: Vec<u32> = all.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![4, 12, 20, 30]);
    let codes: Vec<&str> = all[2].codes.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, vec!["GCh", "Mps", "ImSrc"]);
    assert!(all[0].codes.is_empty());
}

#[test]
fn failed_import_leaves_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    store.import_pax(&sample()).unwrap();
    // Level 0 breaks the CHECK constraint, so the whole import must roll back.
    let bad = vec![agreement(50, vec![("Ce", 1)]), agreement(51, vec![("Ce", 0)])];
    assert!(store.import_pax(&bad).is_err());
    assert_eq!(store.pax_count().unwrap(), 3);
    assert_eq!(store.pax_agreement(50).unwrap(), None);
}

#[test]
fn default_path_honours_the_environment() {
    let path = default_path().unwrap();
    match std::env::var_os(STORE_ENV).filter(|p| !p.is_empty()) {
        Some(set) => assert_eq!(path.as_os_str(), set),
        None => assert!(path.ends_with("truce/truce.sqlite"), "{}", path.display()),
    }
}
