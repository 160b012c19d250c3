//! Imports the real PA-X v9 export (read from the shared data folder, never copied into
//! the repo) into a temporary store.
//!
//! The folder is `../shared/data` next to the workspace root, or `$TRUCE_DATA`. When the
//! file is missing the test prints why and passes on a developer machine, but fails
//! when `CI` is set.

use std::fs::File;
use std::path::PathBuf;

use truce_store::Store;

use truce_testdata::PAX_V9 as PAX_FILE;

fn data_file() -> Option<PathBuf> {
    truce_testdata::shared_data(PAX_FILE)
}

use truce_testdata::MINSK_II_CODES;

#[test]
fn imports_the_whole_v9_export() {
    let Some(path) = data_file() else { return };
    let read = truce_pax::read_agreements(File::open(&path).unwrap(), "pax v9").unwrap();
    assert!(read.rejects.is_empty(), "rejects: {:?}", read.rejects);

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("truce.sqlite")).unwrap();
    let first = store.import_pax(&read.agreements).unwrap();
    assert_eq!(first.agreements, 2_144);
    assert_eq!(first.inserted, 2_144);
    assert_eq!(store.pax_count().unwrap(), 2_144);

    // Importing again replaces, it does not duplicate.
    let second = store.import_pax(&read.agreements).unwrap();
    assert_eq!(second.replaced, 2_144);
    assert_eq!(second.codes, first.codes);
    assert_eq!(store.pax_count().unwrap(), 2_144);

    let minsk2 = store.pax_agreement(1364).unwrap().unwrap();
    assert_eq!(minsk2.stage, "Imp");
    assert_eq!(minsk2.date, jiff::civil::Date::constant(2015, 2, 12));
    let codes: Vec<(&str, u8)> = minsk2.codes.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    assert_eq!(codes, MINSK_II_CODES);

    let all = store.pax_agreements().unwrap();
    assert_eq!(all.len(), 2_144);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    let total_codes: usize = all.iter().map(|a| a.codes.len()).sum();
    assert_eq!(total_codes, first.codes);
}
