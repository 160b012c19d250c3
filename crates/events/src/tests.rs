//! Unit tests on small inline inputs: whole-input errors, encodings, the event model.

use std::io::Read;

use crate::{Counts, Event, EventClass, EventsError, Format, Mapping, ReadOptions, Reject, TextEncoding, read};

fn options() -> ReadOptions {
    ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn read_all(input: &[u8], format: &Format) -> Result<(Counts, Vec<Event>, Vec<Reject>), EventsError> {
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    let counts = read(
        input,
        "input.txt",
        format,
        &options(),
        &mut |e| events.push(e),
        &mut |r| rejects.push(r),
    )?;
    Ok((counts, events, rejects))
}

fn json_mapping(format: &str) -> Format {
    let text = format!("name = \"t\"\nformat = \"{format}\"\n[fields]\ndate = \"d\"\nlat = \"y\"\nlon = \"x\"\n");
    Format::Mapped(Mapping::from_toml(&text, "t.toml").unwrap())
}

const HEADER: &str = "id,type_of_violence,where_prec,latitude,longitude,date_prec,date_start,date_end";

#[test]
fn empty_inputs_are_errors_naming_the_file() {
    for format in [
        Format::Ucdp,
        Format::Acled,
        Format::Gdelt,
        json_mapping("json"),
        json_mapping("geojson"),
    ] {
        for input in [&b""[..], b"\n\n", b"  \n "] {
            match read_all(input, &format) {
                Err(EventsError::Empty { file, .. }) => assert_eq!(file, "input.txt"),
                // White space is a one-field CSV record: not empty, but not data either.
                Err(EventsError::Layout { file, .. }) => assert_eq!(file, "input.txt"),
                Ok((counts, _, rejects)) => {
                    assert_eq!(counts.read, counts.rejected, "{format:?} {input:?}: {rejects:?}");
                }
                Err(other) => panic!("{format:?} {input:?}: {other}"),
            }
        }
        let err = read_all(b"", &format).unwrap_err();
        assert!(err.to_string().starts_with("input.txt is empty"), "{err}");
    }
}

#[test]
fn a_header_alone_reads_nothing() {
    let (counts, events, rejects) = read_all(format!("{HEADER}\n").as_bytes(), &Format::Ucdp).unwrap();
    assert_eq!((counts.read, events.len(), rejects.len()), (0, 0, 0));
    let (counts, ..) = read_all(b"[]", &json_mapping("json")).unwrap();
    assert_eq!(counts.read, 0);
}

#[test]
fn a_header_lacking_needed_columns_is_an_error() {
    let err = read_all(b"id,latitude,longitude,date_start\n1,48,37,2015-01-01\n", &Format::Ucdp).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("input.txt, line 1:"), "{message}");
    assert!(
        message.contains("type_of_violence") && message.contains("date_end"),
        "{message}"
    );
}

#[test]
fn io_errors_name_the_input() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    for format in [Format::Ucdp, json_mapping("json")] {
        let err = read(Failing, "broken.csv", &format, &options(), &mut |_| {}, &mut |_| {}).unwrap_err();
        assert!(
            matches!(&err, EventsError::Io { file, .. } if file == "broken.csv"),
            "{err}"
        );
        assert!(err.to_string().contains("disk on fire"));
    }
    let err = crate::read_path(
        std::path::Path::new("/no/such/file.csv"),
        &Format::Ucdp,
        &options(),
        &mut |_| {},
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("cannot read /no/such/file.csv"), "{err}");
}

#[test]
fn json_syntax_errors_stop_with_a_position_after_the_good_records() {
    let input = b"[\n{\"d\": \"2015-01-01\", \"y\": 48, \"x\": 37},\n{\"d\": ]";
    let mut events = 0;
    let err = read(
        &input[..],
        "bad.json",
        &json_mapping("json"),
        &options(),
        &mut |_| events += 1,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(events, 1);
    assert!(matches!(err, EventsError::Syntax { line: 3, .. }), "{err}");
    let err = read_all(b"{\"a\": 1}", &json_mapping("json")).unwrap_err();
    assert!(err.to_string().contains("array"), "{err}");
    let err = read_all(b"{\"type\": \"Feature\"}", &json_mapping("geojson")).unwrap_err();
    assert!(err.to_string().contains("FeatureCollection"), "{err}");
    let err = read_all(b"{\"type\": \"FeatureCollection\"}", &json_mapping("geojson")).unwrap_err();
    assert!(err.to_string().contains("features"), "{err}");
}

#[test]
fn byte_order_mark_and_utf16() {
    let row = "1,1,1,48.0,37.8,1,2015-01-01,2015-01-01";
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend_from_slice(format!("{HEADER}\n{row}\n").as_bytes());
    let (counts, events, _) = read_all(&bom, &Format::Ucdp).unwrap();
    assert_eq!((counts.accepted, counts.encoding), (1, TextEncoding::Utf8));
    assert_eq!(events[0].source_id, "1");
    let mut utf16 = vec![0xff, 0xfe];
    for unit in format!("{HEADER}\n{row}\n").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let (counts, ..) = read_all(&utf16, &Format::Ucdp).unwrap();
    assert_eq!((counts.accepted, counts.encoding), (1, TextEncoding::Utf16Le));
}

#[test]
fn events_round_trip_through_json_with_a_stable_hash() {
    let input = format!("{HEADER}\n7,3,2,48.0,37.8,1,2015-01-01,2015-01-02\n");
    let (_, events, _) = read_all(input.as_bytes(), &Format::Ucdp).unwrap();
    let event = &events[0];
    let json = event.to_json().unwrap();
    assert!(json.contains("\"class\":\"violence-against-civilians\""), "{json}");
    assert!(json.contains("\"start\":\"2014-12-31T22:00:00Z\""), "{json}");
    assert_eq!(&Event::from_json(&json).unwrap(), event);
    let hash = event.content_hash().unwrap();
    assert_eq!(hash.len(), 32);
    let mut changed = event.clone();
    changed.deaths = Some(1);
    assert_ne!(changed.content_hash().unwrap(), hash);
    changed.lat = f64::NAN;
    assert!(changed.to_json().is_err());
    assert!(changed.content_hash().is_err());
}

#[test]
fn events_round_trip_through_the_binary_encoding() {
    let input = format!("{HEADER}\n7,3,2,48.0,37.8,1,2015-01-01,2015-01-02\n");
    let (_, events, _) = read_all(input.as_bytes(), &Format::Ucdp).unwrap();
    let mut event = events[0].clone();
    let mut variants = vec![event.clone()];
    event.admin1 = Some("Донецька область".to_owned());
    event.actors = vec!["A".to_owned(), String::new(), "x".repeat(300)];
    event.url = Some("https://example.invalid/a".to_owned());
    event.radius_km = None;
    event.deaths = Some(u32::MAX);
    event.end = "2015-01-02T00:00:00.000000001Z".parse().unwrap();
    event.class = EventClass::Other;
    variants.push(event.clone());
    // Times before 1970 (negative seconds and nanoseconds), labels not in the table.
    event.start = "1969-12-31T23:59:59.5Z".parse().unwrap();
    event.end = "1970-01-01T00:00:00.25Z".parse().unwrap();
    event.kind = "a kind of its own".to_owned().into();
    // A table label, owned rather than borrowed: the same encoding as borrowed.
    event.place_precision = "where_prec 2: limited area around a place".to_owned().into();
    event.time_precision = "".into();
    event.deaths = Some(0);
    variants.push(event.clone());
    event.start = "1815-06-18T11:30:00Z".parse().unwrap();
    variants.push(event);
    let mut hashes = std::collections::HashSet::new();
    for event in &variants {
        let mut bytes = b"prefix".to_vec();
        let body = event.encode(&mut bytes).unwrap();
        let encoding = &bytes[6..];
        assert_eq!(
            crate::Event::decode_body(&event.source, &event.source_id, &bytes[body..]).as_ref(),
            Ok(event)
        );
        let hash = format!("{:032x}", crate::content_hash_of_encoding(encoding));
        assert_eq!(event.content_hash().unwrap(), hash);
        assert!(hashes.insert(hash));
        // Any truncation or extra byte is an error, never a panic.
        for cut in 0..bytes.len() - body {
            assert!(
                crate::Event::decode_body("s", "i", &bytes[body..body + cut]).is_err(),
                "cut {cut}"
            );
        }
        let mut longer = bytes[body..].to_vec();
        longer.push(0);
        assert!(crate::Event::decode_body("s", "i", &longer).is_err());
    }
    // Table labels take one byte.
    let mut short = Vec::new();
    variants[0].encode(&mut short).unwrap();
    let mut long = Vec::new();
    let mut odd = variants[0].clone();
    odd.place_precision = odd.place_precision.to_uppercase().into();
    odd.encode(&mut long).unwrap();
    assert_eq!(long.len() - short.len(), odd.place_precision.len());
    // The source and the id are part of the hash.
    let mut other = variants[0].clone();
    other.source_id.push('0');
    assert_ne!(other.content_hash().unwrap(), variants[0].content_hash().unwrap());
}

#[test]
fn labels_are_borrowed_and_read_as_plain_strings() {
    use std::borrow::Cow;
    let borrowed = |c: &Cow<'static, str>| matches!(c, Cow::Borrowed(_));
    let input = format!("{HEADER}\n7,3,2,48.0,37.8,1,2015-01-01,2015-01-02\n");
    let (_, events, _) = read_all(input.as_bytes(), &Format::Ucdp).unwrap();
    let event = &events[0];
    assert_eq!(
        (
            event.source.as_ref(),
            event.kind.as_ref(),
            event.time_precision.as_ref(),
            event.place_precision.as_ref()
        ),
        (
            "ucdp-ged",
            "one-sided",
            "exact day",
            "where_prec 2: limited area around a place"
        )
    );
    for label in [
        &event.source,
        &event.kind,
        &event.time_precision,
        &event.place_precision,
    ] {
        assert!(borrowed(label), "{label:?} is copied");
    }
    // JSON: plain strings, as when these fields were `String`s; read back owned, equal.
    let json = event.to_json().unwrap();
    assert!(json.starts_with(r#"{"source":"ucdp-ged","source_id":"7","#), "{json}");
    assert!(json.contains(r#""time_precision":"exact day","#), "{json}");
    assert!(json.contains(r#""kind":"one-sided","#), "{json}");
    let back = Event::from_json(&json).unwrap();
    assert_eq!(&back, event);
    assert!(!borrowed(&back.kind));
    // The binary encoding gives the table's labels back borrowed.
    let mut bytes = Vec::new();
    let body = event.encode(&mut bytes).unwrap();
    let decoded = Event::decode_body(&event.source, &event.source_id, &bytes[body..]).unwrap();
    assert_eq!(&decoded, event);
    for label in [
        &decoded.source,
        &decoded.kind,
        &decoded.time_precision,
        &decoded.place_precision,
    ] {
        assert!(borrowed(label), "{label:?} is copied");
    }
}

#[test]
fn classes_parse_and_print_in_kebab_case() {
    for class in EventClass::ALL {
        assert_eq!(class.as_str().parse::<EventClass>(), Ok(class));
        assert_eq!(serde_json::to_string(&class).unwrap(), format!("\"{class}\""));
    }
    assert_eq!("Air-Strike".parse::<EventClass>(), Ok(EventClass::AirStrike));
    assert!("airstrike".parse::<EventClass>().is_err());
    assert!(EventClass::Shelling.is_armed_violence());
    assert!(!EventClass::Protest.is_armed_violence());
}

#[test]
fn counts_display_adds_up() {
    let counts = Counts {
        read: 5,
        accepted: 3,
        rejected: 2,
        ..Counts::default()
    };
    assert_eq!(counts.to_string(), "read 5 = accepted 3 + rejected 2");
}

#[test]
fn non_finite_and_infinite_numbers_are_rejected() {
    let input = format!("{HEADER}\n1,1,1,NaN,37.8,1,2015-01-01,2015-01-01\n2,1,1,48,inf,1,2015-01-01,2015-01-01\n");
    let (counts, _, rejects) = read_all(input.as_bytes(), &Format::Ucdp).unwrap();
    assert_eq!(counts.rejected, 2);
    assert!(
        rejects[0].reason.starts_with("latitude: expected a number"),
        "{rejects:?}"
    );
    assert!(
        rejects[1].reason.starts_with("longitude: expected a number"),
        "{rejects:?}"
    );
}

/// A UCDP file larger than one chunk (so read on two threads): row `i` has id `i`, with
/// a rejected row every 97 rows (latitude out of range) and a repeat of row 5 at the end.
fn large_ucdp(rows: usize) -> (String, Vec<u64>) {
    let mut text = format!("{HEADER},where_description\n");
    let mut rejected_lines = Vec::new();
    for i in 1..=rows {
        let lat = if i % 97 == 0 {
            rejected_lines.push(i as u64 + 1);
            "123.0"
        } else {
            "48.0"
        };
        let day = 1 + i % 28;
        text.push_str(&format!(
            "{i},1,2,{lat},37.8,1,2015-02-{day:02},2015-02-{day:02},\"near \"\"{i}\"\", a village with a long name\"\n"
        ));
    }
    text.push_str("5,1,2,48.0,37.8,1,2015-02-06,2015-02-06,\"near \"\"5\"\", a village with a long name\"\n");
    rejected_lines.push(rows as u64 + 2);
    (text, rejected_lines)
}

/// A reader handing out at most `step` bytes at a time, then failing after `fail_at`.
struct Pieces<'a> {
    data: &'a [u8],
    step: usize,
    fail_at: Option<usize>,
    given: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_at.is_some_and(|at| self.given >= at) {
            return Err(std::io::Error::other("cable cut"));
        }
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.given += n;
        Ok(n)
    }
}

#[test]
fn large_inputs_read_on_two_threads_give_the_same_results() {
    let rows = 12_000;
    let (text, rejected_lines) = large_ucdp(rows);
    assert!(text.len() > 3 * crate::pipeline::CHUNK, "{} bytes", text.len());
    let check = |counts: Counts, events: Vec<Event>, rejects: Vec<Reject>| {
        assert_eq!(counts.read, rows as u64 + 1);
        assert_eq!(counts.rejected, rejected_lines.len() as u64);
        assert_eq!(rejects.iter().map(|r| r.line).collect::<Vec<_>>(), rejected_lines);
        assert!(
            rejects
                .last()
                .is_some_and(|r| r.reason.contains("repeating line 6 exactly"))
        );
        let ids: Vec<u64> = events.iter().map(|e| e.source_id.parse().unwrap()).collect();
        let expected: Vec<u64> = (1..=rows as u64).filter(|i| i % 97 != 0).collect();
        assert_eq!(ids, expected, "every event once, in input order");
        assert_eq!(events[4].description, "near \"5\", a village with a long name");
    };
    // Read on the calling thread, in pieces of various sizes.
    for step in [1 << 20, 100_003, 4_096] {
        let input = Pieces {
            data: text.as_bytes(),
            step,
            fail_at: None,
            given: 0,
        };
        let mut events = Vec::new();
        let mut rejects = Vec::new();
        let counts = read(
            input,
            "big.csv",
            &Format::Ucdp,
            &options(),
            &mut |e| events.push(e),
            &mut |r| rejects.push(r),
        )
        .unwrap();
        check(counts, events, rejects);
    }
    // A file, read by the worker.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, &text).unwrap();
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    let counts = crate::read_path(&path, &Format::Ucdp, &options(), &mut |e| events.push(e), &mut |r| {
        rejects.push(r)
    })
    .unwrap();
    check(counts, events, rejects);
}

#[test]
fn errors_stop_a_read_on_two_threads() {
    let (text, _) = large_ucdp(12_000);
    let input = Pieces {
        data: text.as_bytes(),
        step: 50_000,
        fail_at: Some(600_000),
        given: 0,
    };
    let mut accepted = 0;
    let err = read(
        input,
        "big.csv",
        &Format::Ucdp,
        &options(),
        &mut |_| accepted += 1,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(&err, EventsError::Io { file, .. } if file == "big.csv"),
        "{err}"
    );
    assert!(err.to_string().contains("cable cut"), "{err}");
    assert!(accepted > 0, "the records before the error were passed on");
    // A header without a needed column, in a large input.
    let bad = text.replacen("date_end", "date_finish", 1);
    let err = read(
        bad.as_bytes(),
        "bad.csv",
        &Format::Ucdp,
        &options(),
        &mut |_| {},
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(&err, EventsError::Layout { file, line: 1, .. } if file == "bad.csv"),
        "{err}"
    );
}

#[test]
fn a_panicking_callback_stops_a_read_on_two_threads() {
    let (text, _) = large_ucdp(12_000);
    for movable in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &text).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            let mut seen = 0;
            let mut on_event = |_: Event| {
                seen += 1;
                assert!(seen < 5_000, "the caller's own panic");
            };
            if movable {
                crate::read_path(&path, &Format::Ucdp, &options(), &mut on_event, &mut |_| {})
            } else {
                read(
                    text.as_bytes(),
                    "big.csv",
                    &Format::Ucdp,
                    &options(),
                    &mut on_event,
                    &mut |_| {},
                )
            }
        });
        assert!(outcome.is_err(), "the panic reaches the caller, and the worker stops");
    }
}

/// Records of every kind (good, and bad in each field, in the forms the worker reads
/// ahead and in those it leaves to the calling thread) give the same event or the same
/// reason whether read alone (one thread) or inside a large file (two threads, where the
/// worker reads UCDP fields ahead of time).
#[test]
fn records_read_ahead_by_the_worker_read_as_alone() {
    let rows = [
        "1,2,2,48.5,37.5,1,2015-02-15,2015-02-16,place",
        " 2 , 3 , 1 , 48.25 , 37.125 , 4 , 2015-02-01 , 2015-02-28 ,spaced",
        ",1,2,48.0,37.8,1,2015-02-06,2015-02-06,no id",
        "4,,2,48.0,37.8,1,2015-02-06,2015-02-06,no type",
        "5,4,2,48.0,37.8,1,2015-02-06,2015-02-06,type out of range",
        "6,1,8,48.0,37.8,1,2015-02-06,2015-02-06,where out of range",
        "7,1,2,48.0,37.8,x,2015-02-06,2015-02-06,bad date_prec",
        "8,1,2,,37.8,1,2015-02-06,2015-02-06,no latitude",
        "9,1,2,4.8e1,3.78E1,1,2015-02-06,2015-02-06,exponents",
        "10,1,2,48.00000000000000001,37.8,1,2015-02-06,2015-02-06,long mantissa",
        "11,1,2,48.0,37.8,1,2015-02-30,2015-03-01,no such day",
        "12,1,2,48.0,37.8,1,15/02/2015,16.02.2015,other date forms",
        "13,1,2,48.0,37.8,1,20150215,2015-02-15T10:00,compact and with a time",
        "14,1,2,48.0,37.8,1,2015-02-16,2015-02-15,end before start",
        "15,1,2,48.0,37.8,1,2031-01-01,2031-01-02,future",
        "16,1,2,91.0,37.8,1,2015-02-06,2015-02-06,latitude out of range",
        "17,1,2,0,0,1,2015-02-06,2015-02-06,null island",
        "18,1,2,-0.0,-179.99999,5,0001-01-01,9999-12-30,far dates",
        "19,3,7,48.0,37.8,2,2015-02-06,2015-02-06,",
        "20,1,2,48.0,37.8,1,2015-02-06,2015-02-06,\"quoted, \"\"place\"\"\"",
        "21,1,2,48.0,37.8,1,2015-02-06",
    ];
    let one = |text: &str| {
        let (counts, events, rejects) = read_all(text.as_bytes(), &Format::Ucdp).unwrap();
        assert_eq!(counts.read, 1, "{text}");
        (events.into_iter().next(), rejects.into_iter().next().map(|r| r.reason))
    };
    // Alone: a header and the row.
    let alone: Vec<_> = rows
        .iter()
        .map(|row| one(&format!("{HEADER},where_description\n{row}\n")))
        .collect();
    // Inside a large file: padding rows (ids from 1000 and 9000) before and between them.
    let mut text = format!("{HEADER},where_description\n");
    for i in 0..6000 {
        text.push_str(&format!("{},1,2,48.0,37.8,1,2015-02-06,2015-02-06,padding\n", 1000 + i));
    }
    let first_line = 6002;
    for (i, row) in rows.iter().enumerate() {
        text.push_str(row);
        text.push('\n');
        text.push_str(&format!("{},1,2,48.0,37.8,1,2015-02-06,2015-02-06,padding\n", 9000 + i));
    }
    assert!(text.len() > crate::pipeline::CHUNK);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    std::fs::write(&path, &text).unwrap();
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    crate::read_path(&path, &Format::Ucdp, &options(), &mut |e| events.push(e), &mut |r| {
        rejects.push(r)
    })
    .unwrap();
    for (i, (event, reason)) in alone.into_iter().enumerate() {
        let line = first_line + 2 * i as u64;
        match (event, reason) {
            (Some(event), None) => {
                let found = events.iter().find(|e| e.source_id == event.source_id);
                assert_eq!(found, Some(&event), "{}", rows[i]);
            }
            (None, Some(reason)) => {
                let found = rejects.iter().find(|r| r.line == line).map(|r| &r.reason);
                assert_eq!(found, Some(&reason), "{}", rows[i]);
            }
            other => panic!("{}: {other:?}", rows[i]),
        }
    }
    assert_eq!(events.len() + rejects.len(), 6000 + 2 * rows.len());
}
