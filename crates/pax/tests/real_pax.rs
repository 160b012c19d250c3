//! Reads the real PA-X v9 export from the shared data folder (never copied into the repo).
//!
//! The folder is `../shared/data` next to the workspace root, or `$TRUCE_DATA`. When the
//! file is missing the test prints why and passes on a developer machine, but fails
//! when `CI` is set.

use std::fs::File;
use std::path::PathBuf;

use jiff::civil::Date;

use truce_testdata::PAX_V9 as PAX_FILE;

fn data_file() -> Option<PathBuf> {
    truce_testdata::shared_data(PAX_FILE)
}

use truce_testdata::MINSK_II_CODES;

#[test]
fn reads_the_whole_v9_export() {
    let Some(path) = data_file() else { return };
    let file = File::open(&path).unwrap();
    let read = truce_pax::read_agreements(file, &path.display().to_string()).unwrap();

    assert_eq!(read.agreements.len(), 2_144);
    assert!(read.rejects.is_empty(), "rejects: {:?}", read.rejects);
    assert_eq!(read.rows_read, 2_144);

    let minsk2 = read.agreements.iter().find(|a| a.id == 1364).unwrap();
    assert_eq!(minsk2.stage, "Imp");
    assert_eq!(minsk2.substage, "ImpMod");
    assert_eq!(minsk2.date, Date::constant(2015, 2, 12));
    assert_eq!(minsk2.process_name, "Ukraine peace process");
    assert_eq!(minsk2.country, "Ukraine");
    assert_eq!(minsk2.codes, MINSK_II_CODES);

    let minsk1 = read.agreements.iter().find(|a| a.id == 1363).unwrap();
    assert_eq!(minsk1.date, Date::constant(2014, 9, 5));
    assert_eq!(minsk1.process_id, minsk2.process_id);
    // Its name spans several lines in the export; the reader joins them.
    assert!(!minsk1.name.contains('\n'));
    assert!(minsk1.name.ends_with("(Minsk Protocol, or Minsk I Agreement)"));
}
