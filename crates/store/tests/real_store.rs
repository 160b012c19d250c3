//! Imports the real PA-X v9 export (read from the shared data folder, never copied into
//! the repo) into a temporary store.
//!
//! The folder is `../shared/data` next to the workspace root, or `$TRUCE_DATA`. When the
//! file is missing the test prints why and passes on a developer machine, but fails
//! when `CI` is set.

use std::fs::File;
use std::path::PathBuf;

use truce_store::Store;

const PAX_FILE: &str = "pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv";

fn data_file() -> Option<PathBuf> {
    truce_testdata::shared_data(PAX_FILE)
}

/// Non-zero codes of AgtId 1364 (Minsk II), read independently from the same file.
const MINSK_II_CODES: &[(&str, u8)] = &[
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
