//! Unit tests on small synthetic exports written here (no real PA-X rows).

use std::collections::HashMap;

use jiff::civil::Date;
use truce_model::pax_taxonomy::CODES;

use crate::{METADATA_COLUMNS, PaxError, PaxReader, RejectReason, Row, read_agreements};

/// Builds a synthetic export. Code columns come in reverse taxonomy order, with an extra
/// column the reader must ignore, so that column positions are really looked up.
struct Export {
    columns: Vec<String>,
    lines: Vec<String>,
}

impl Export {
    fn new() -> Self {
        let mut columns: Vec<String> = vec!["Notes".to_owned()];
        columns.extend(METADATA_COLUMNS.iter().map(|c| (*c).to_owned()));
        columns.extend(CODES.iter().rev().map(|c| c.code.to_owned()));
        Export {
            columns,
            lines: Vec::new(),
        }
    }

    fn without(mut self, column: &str) -> Self {
        self.columns.retain(|c| c != column);
        self
    }

    /// Adds a row: metadata defaults are valid, every code is 0 unless overridden.
    fn row(&mut self, cells: &[(&str, &str)]) -> &mut Self {
        let mut values: HashMap<&str, String> = HashMap::from([
            ("Notes", "synthetic".to_owned()),
            ("AgtId", "1".to_owned()),
            ("Agt", "Synthetic accord".to_owned()),
            ("Dat", "01/02/2003".to_owned()),
            ("Con", "Freedonia/Sylvania".to_owned()),
            ("PP", "42".to_owned()),
            ("PPName", "Freedonia-Sylvania process".to_owned()),
            ("Reg", "Imaginary".to_owned()),
            ("Stage", "Cea".to_owned()),
            ("StageSub", "Ceas".to_owned()),
            ("Agtp", "Inter".to_owned()),
            ("Status", "Multiparty signed/agreed".to_owned()),
        ]);
        for (column, value) in cells {
            values.insert(column, (*value).to_owned());
        }
        let line: Vec<String> = self
            .columns
            .iter()
            .map(|c| quote(values.get(c.as_str()).map_or("0", String::as_str)))
            .collect();
        self.lines.push(line.join(","));
        self
    }

    /// Adds a raw line as is.
    fn raw(&mut self, line: &str) -> &mut Self {
        self.lines.push(line.to_owned());
        self
    }

    fn text(&self) -> String {
        let mut out = self.columns.join(",");
        out.push('\n');
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[test]
fn reads_good_rows_with_codes_in_taxonomy_order() {
    let mut export = Export::new();
    export
        .row(&[
            ("AgtId", "10"),
            ("Dat", "12/02/2015"),
            ("Stage", "Imp"),
            ("ImE", "1"),
            ("Ce", "3"),
            ("GCh", "2"),
        ])
        .row(&[("AgtId", "11"), ("Dat", "5/9/2014"), ("Agt", "Second, with a comma")]);
    let read = read_agreements(export.text().as_bytes(), "synthetic.csv").unwrap();
    assert_eq!(read.rows_read, 2);
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    let first = &read.agreements[0];
    assert_eq!(first.id, 10);
    assert_eq!(first.date, Date::constant(2015, 2, 12));
    assert_eq!(first.stage, "Imp");
    assert_eq!(first.substage, "Ceas");
    assert_eq!(first.country, "Freedonia/Sylvania");
    assert_eq!(first.process_id, 42);
    assert_eq!(first.process_name, "Freedonia-Sylvania process");
    assert_eq!(first.region, "Imaginary");
    assert_eq!(first.agreement_type, "Inter");
    assert_eq!(first.status, "Multiparty signed/agreed");
    assert_eq!(first.codes, vec![("GCh", 2), ("Ce", 3), ("ImE", 1)]);
    let second = &read.agreements[1];
    assert_eq!(second.name, "Second, with a comma");
    assert_eq!(second.date, Date::constant(2014, 9, 5));
    assert!(second.codes.is_empty());
}

#[test]
fn bad_rows_become_rejects_and_counts_add_up() {
    let mut export = Export::new();
    export
        .row(&[("AgtId", "1")]) // line 2: good
        .row(&[("AgtId", "2"), ("Dat", "31/02/2015")]) // line 3
        .row(&[("AgtId", "3"), ("SsrArm", "x")]) // line 4
        .row(&[("AgtId", "4"), ("ImE", "2")]) // line 5
        .row(&[("AgtId", "")]) // line 6
        .raw("7,only,three") // line 7
        .row(&[("AgtId", "1")]) // line 8: duplicate
        .row(&[("AgtId", "9"), ("PP", "n/a")]) // line 9
        .row(&[("AgtId", "ten")]) // line 10
        .row(&[("AgtId", "11"), ("Ce", "-1")]) // line 11
        .row(&[("AgtId", "12"), ("Dat", "2015-02-12")]) // line 12
        .row(&[("AgtId", "13"), ("Ce", "2")]); // line 13: good
    let read = read_agreements(export.text().as_bytes(), "bad.csv").unwrap();
    assert_eq!(read.rows_read, 12);
    assert_eq!(read.rows_read, read.agreements.len() + read.rejects.len());
    let ids: Vec<u32> = read.agreements.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![1, 13]);

    let got: Vec<(u64, Option<u32>, RejectReason)> = read
        .rejects
        .iter()
        .map(|r| (r.line, r.agt_id, r.reason.clone()))
        .collect();
    let width = METADATA_COLUMNS.len() + CODES.len() + 1;
    assert_eq!(
        got,
        vec![
            (3, Some(2), RejectReason::BadDate("31/02/2015".into())),
            (
                4,
                Some(3),
                RejectReason::BadCodeValue {
                    code: "SsrArm",
                    value: "x".into()
                }
            ),
            (
                5,
                Some(4),
                RejectReason::LevelAboveMax {
                    code: "ImE",
                    level: 2,
                    max: 1
                }
            ),
            (6, None, RejectReason::MissingAgtId),
            (
                7,
                None,
                RejectReason::WrongColumnCount {
                    expected: width,
                    found: 3
                }
            ),
            (8, Some(1), RejectReason::DuplicateAgtId { first_line: 2 }),
            (9, Some(9), RejectReason::BadProcessId("n/a".into())),
            (10, None, RejectReason::BadAgtId("ten".into())),
            (
                11,
                Some(11),
                RejectReason::BadCodeValue {
                    code: "Ce",
                    value: "-1".into()
                }
            ),
            (12, Some(12), RejectReason::BadDate("2015-02-12".into())),
        ]
    );
    // Messages name the line, the id and the problem.
    assert_eq!(
        read.rejects[2].to_string(),
        "line 5 (AgtId 4): code ImE: level 2 is above its maximum 1"
    );
    assert_eq!(read.rejects[3].to_string(), "line 6: missing AgtId");
}

#[test]
fn wrong_column_count_keeps_a_readable_id() {
    let mut export = Export::new();
    // "Notes" is first, "AgtId" second: the id is readable even in a short row.
    export.raw("note,77,Short row");
    let read = read_agreements(export.text().as_bytes(), "short.csv").unwrap();
    assert_eq!(read.rejects.len(), 1);
    assert_eq!(read.rejects[0].agt_id, Some(77));
    assert!(matches!(
        read.rejects[0].reason,
        RejectReason::WrongColumnCount { found: 3, .. }
    ));
}

#[test]
fn multi_line_cells_keep_line_numbers_and_are_tidied() {
    let mut export = Export::new();
    export
        .row(&[("AgtId", "1"), ("Agt", "Protocol on\r\nthe joint   steps\n")])
        .row(&[("AgtId", "2"), ("Dat", "99/99/2000")]);
    let read = read_agreements(export.text().as_bytes(), "multi.csv").unwrap();
    assert_eq!(read.agreements[0].name, "Protocol on the joint steps");
    // The first data row spans lines 2-4, so the second starts on line 5.
    assert_eq!(read.rejects[0].line, 5);
}

#[test]
fn valid_and_invalid_calendar_dates() {
    let mut export = Export::new();
    for (id, date) in [
        ("1", "29/02/2024"),
        ("2", "29/02/2023"),
        ("3", "1/1/1990"),
        ("4", "01/13/2000"),
        ("5", "00/01/2000"),
        ("6", ""),
        ("7", "12/02/15"),
        ("8", "12/02/2015/1"),
        ("9", "+1/02/2015"),
    ] {
        export.row(&[("AgtId", id), ("Dat", date)]);
    }
    let read = read_agreements(export.text().as_bytes(), "dates.csv").unwrap();
    let good: Vec<(u32, Date)> = read.agreements.iter().map(|a| (a.id, a.date)).collect();
    assert_eq!(
        good,
        vec![(1, Date::constant(2024, 2, 29)), (3, Date::constant(1990, 1, 1))]
    );
    assert_eq!(read.rejects.len(), 7);
    assert!(
        read.rejects
            .iter()
            .all(|r| matches!(r.reason, RejectReason::BadDate(_)))
    );
}

#[test]
fn missing_columns_are_all_named() {
    let export = Export::new().without("Dat").without("SsrArm").without("ImE");
    let err = read_agreements(export.text().as_bytes(), "cut.csv").unwrap_err();
    match &err {
        PaxError::MissingColumns { source_name, columns } => {
            assert_eq!(source_name, "cut.csv");
            assert_eq!(columns, &["Dat", "SsrArm", "ImE"]);
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "cut.csv: missing column(s) in the header: Dat, SsrArm, ImE"
    );
}

#[test]
fn repeated_needed_column_is_an_error() {
    let mut export = Export::new();
    export.columns.push("Ce".to_owned());
    export.columns.push("Notes".to_owned()); // unneeded, so tolerated
    let err = read_agreements(export.text().as_bytes(), "dup.csv").unwrap_err();
    assert!(
        matches!(&err, PaxError::DuplicateColumns { columns, .. } if columns == &["Ce"]),
        "{err:?}"
    );
}

#[test]
fn empty_input_is_an_error() {
    let err = read_agreements(&b""[..], "empty.csv").unwrap_err();
    assert!(matches!(err, PaxError::Empty { .. }), "{err:?}");
}

#[test]
fn header_only_reads_nothing() {
    let read = read_agreements(Export::new().text().as_bytes(), "h.csv").unwrap();
    assert_eq!(read.rows_read, 0);
    assert!(read.agreements.is_empty() && read.rejects.is_empty());
}

#[test]
fn non_utf8_row_is_an_error_not_a_panic() {
    let mut bytes = {
        let mut export = Export::new();
        export.row(&[("AgtId", "1")]).row(&[("AgtId", "2"), ("Agt", "MARK")]);
        export.text().into_bytes()
    };
    let at = bytes
        .windows(4)
        .position(|w| w == b"MARK")
        .expect("marker is in the synthetic text");
    bytes[at] = 0xE9; // a Latin-1 "é", invalid as UTF-8 here
    let err = read_agreements(&bytes[..], "latin1.csv").unwrap_err();
    match err {
        PaxError::NotUtf8 { line, .. } => assert_eq!(line, 3),
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn non_utf8_header_is_an_error_not_a_panic() {
    let mut bytes = Export::new().text().into_bytes();
    bytes[1] = 0xFF;
    let err = read_agreements(&bytes[..], "bad-header.csv").unwrap_err();
    assert!(matches!(err, PaxError::NotUtf8 { .. }), "{err:?}");
    assert!(err.to_string().starts_with("bad-header.csv: line"));
}

#[test]
fn byte_order_mark_is_ignored() {
    let mut export = Export::new();
    // Put a metadata column first so that the BOM sits on a name the reader needs.
    export.columns.retain(|c| c != "Notes");
    export.columns.insert(0, "AgtId".to_owned());
    let pos = export.columns.iter().rposition(|c| c == "AgtId").unwrap();
    export.columns.remove(pos);
    export.row(&[("AgtId", "5")]);
    let text = format!("\u{feff}{}", export.text());
    let read = read_agreements(text.as_bytes(), "bom.csv").unwrap();
    assert_eq!(read.agreements.len(), 1);
    assert_eq!(read.agreements[0].id, 5);
}

#[test]
fn reader_iterates_row_by_row() {
    let mut export = Export::new();
    export.row(&[("AgtId", "1")]).row(&[("AgtId", "2"), ("Ce", "9")]);
    let text = export.text();
    let mut reader = PaxReader::new(text.as_bytes(), "iter.csv").unwrap();
    assert!(matches!(reader.next(), Some(Ok(Row::Agreement(a))) if a.id == 1));
    assert!(matches!(reader.next(), Some(Ok(Row::Reject(r))) if r.agt_id == Some(2)));
    assert!(reader.next().is_none());
    assert!(reader.next().is_none());
}
