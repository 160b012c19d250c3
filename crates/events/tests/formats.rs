//! Every format and every reject reason, on the hand-written fixtures in `fixtures/`
//! (synthetic records; coordinates of real towns from public gazetteers).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use truce_events::{
    Counts, DateOrder, Event, EventClass, EventsError, Format, Mapping, ReadOptions, Reject, TextEncoding, read,
    read_path,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn options() -> ReadOptions {
    ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

/// Ukraine, roughly: `[min_lon, min_lat, max_lon, max_lat]`.
const UKRAINE: [f64; 4] = [22.0, 44.0, 40.5, 52.5];

struct Outcome {
    counts: Counts,
    events: Vec<Event>,
    rejects: Vec<Reject>,
}

impl Outcome {
    fn event(&self, id: &str) -> &Event {
        self.events
            .iter()
            .find(|e| e.source_id == id)
            .unwrap_or_else(|| panic!("no event {id}; rejects: {:#?}", self.rejects))
    }

    /// The reject at `line`, whose reason must contain `needle`.
    fn rejected(&self, line: u64, needle: &str) -> &Reject {
        let r = self
            .rejects
            .iter()
            .find(|r| r.line == line)
            .unwrap_or_else(|| panic!("no reject at line {line}: {:#?}", self.rejects));
        assert!(
            r.reason.contains(needle),
            "line {line}: {:?} lacks {needle:?}",
            r.reason
        );
        r
    }
}

fn run(name: &str, format: &Format, options: &ReadOptions) -> Outcome {
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    let counts = read_path(&fixture(name), format, options, &mut |e| events.push(e), &mut |r| {
        rejects.push(r)
    })
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(counts.read, counts.accepted + counts.rejected);
    assert_eq!(counts.accepted, events.len() as u64);
    assert_eq!(counts.rejected, rejects.len() as u64);
    Outcome {
        counts,
        events,
        rejects,
    }
}

fn mapping(name: &str) -> Format {
    Format::Mapped(Mapping::load(&fixture(name)).unwrap())
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn ucdp_with_header_every_reject_reason() {
    let mut opts = options();
    opts.bbox = Some(UKRAINE);
    let out = run("ucdp_small.csv", &Format::Ucdp, &opts);
    assert_eq!(out.counts.read, 19);
    assert_eq!(out.counts.accepted, 5, "{:#?}", out.rejects);
    assert_eq!(out.counts.encoding, TextEncoding::Utf8);
    assert_eq!(out.counts.learned_date_order, Some(DateOrder::MonthFirst));

    let e = out.event("1001");
    assert_eq!(e.source, "ucdp-ged");
    // 15 Feb 2015 in Kyiv (UTC+2): [14 Feb 22:00, 15 Feb 22:00) UTC.
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-14T22:00:00Z"), ts("2015-02-15T22:00:00Z"))
    );
    assert_eq!(e.time_precision, "exact day");
    assert_eq!((e.lon, e.lat), (37.8028, 48.0159));
    assert_eq!(e.radius_km, Some(1.0));
    assert_eq!(e.place_precision, "where_prec 1: exact place");
    assert_eq!(e.kind, "state-based");
    assert_eq!(e.class, EventClass::Battle);
    assert_eq!(e.deaths, Some(2));
    assert_eq!(e.actors, ["Side A", "Side B"]);
    assert_eq!(e.admin1.as_deref(), Some("Donetsk oblast"));
    assert_eq!(e.location, "Donetsk town");
    assert_eq!(e.description, "Shelling reported in Donetsk");

    let e = out.event("1002");
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-15T22:00:00Z"), ts("2015-02-18T22:00:00Z"))
    );
    assert_eq!((e.time_precision.as_ref(), e.radius_km), ("2-6 days", Some(25.0)));
    let e = out.event("1003");
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-28T22:00:00Z"), ts("2015-03-31T21:00:00Z"))
    );
    assert_eq!((e.time_precision.as_ref(), e.radius_km), ("month", None));
    assert_eq!(
        (e.kind.as_ref(), e.class),
        ("one-sided", EventClass::ViolenceAgainstCivilians)
    );
    assert_eq!(e.admin2, None);
    // Month-first evident at line 18, then the ambiguous 03/02/2015 of line 19 is 2 March.
    assert_eq!(out.event("1014").start, ts("2015-02-15T22:00:00Z"));
    assert_eq!(out.event("1015").start, ts("2015-03-01T22:00:00Z"));

    out.rejected(6, "latitude 123.5 out of range");
    out.rejected(7, "look swapped");
    out.rejected(8, "(0, 0)");
    out.rejected(9, "latitude: missing");
    out.rejected(10, "date_start");
    out.rejected(11, "in the future");
    out.rejected(12, "end before start");
    out.rejected(13, "duplicate id \"1001\" with different content than line 2");
    out.rejected(14, "repeating line 2 exactly");
    out.rejected(15, "where_prec: expected a code from 1 to 7");
    out.rejected(16, "best: expected a whole number");
    out.rejected(17, "missing");
    out.rejected(20, "id: missing");
    out.rejected(21, "longitude: expected a number");
    // Line 3's record spans two lines (a quoted newline): the next record is line 5.
    assert!(out.rejects.iter().all(|r| r.line != 4 && r.line != 5));
    // The raw text of a reject is the record, re-joined.
    assert!(out.rejected(6, "").raw.starts_with("1004,SYN-1,2015,"));

    // Without the expected area, the swapped point is not detectable and is kept.
    let out = run("ucdp_small.csv", &Format::Ucdp, &options());
    assert_eq!(out.counts.accepted, 6);
    assert_eq!(out.event("1005").lat, 37.8028);
}

#[test]
fn ucdp_without_header() {
    let out = run("ucdp_noheader.csv", &Format::Ucdp, &options());
    assert_eq!((out.counts.read, out.counts.accepted, out.counts.rejected), (4, 2, 2));
    out.rejected(1, "no earlier slash date");
    out.rejected(4, "expected 49 columns");
    let e = out.event("2002");
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-15T22:00:00Z"), ts("2015-02-17T22:00:00Z"))
    );
    // Learned from line 2: 05/02/2015 is 2 May (Kyiv summer time, UTC+3).
    assert_eq!(out.event("2003").start, ts("2015-05-01T21:00:00Z"));

    // Told the order, the first line is read too.
    let mut opts = options();
    opts.date_order = DateOrder::DayFirst;
    let out = run("ucdp_noheader.csv", &Format::Ucdp, &opts);
    assert_eq!(out.event("2001").start, ts("2015-02-04T22:00:00Z"));
    out.rejected(2, "not a date");
}

#[test]
fn ucdp_in_windows_1252() {
    let out = run("ucdp_cp1252.csv", &Format::Ucdp, &options());
    assert_eq!(out.counts.encoding, TextEncoding::Windows1252);
    assert_eq!(out.counts.accepted, 2, "{:#?}", out.rejects);
    assert_eq!(out.event("3001").description, "Donetsk’s Kirov district | NOËL reports");
    let e = out.event("3002");
    assert_eq!(e.description, "in the Shyrokyne – Sakhanka area | Synthetic headline");
    // 02/05/2015 month-first (learned from 1/22/2015 on the line before): 5-6 Feb.
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-04T22:00:00Z"), ts("2015-02-06T22:00:00Z"))
    );
}

#[test]
fn acled_precisions_classes_and_rejects() {
    let mut opts = options();
    opts.bbox = Some(UKRAINE);
    let out = run("acled_small.csv", &Format::Acled, &opts);
    assert_eq!((out.counts.read, out.counts.accepted), (9, 4), "{:#?}", out.rejects);

    let e = out.event("UKR1001");
    assert_eq!(
        (e.source.as_ref(), e.class, e.deaths),
        ("acled", EventClass::Battle, Some(3))
    );
    assert_eq!((e.radius_km, e.kind.as_ref()), (Some(2.0), "Armed clash"));
    assert_eq!(
        e.actors,
        ["Military Forces of Synthland", "Military Forces of Otherland"]
    );
    assert_eq!(e.description, "Synthetic note.");
    // 14 March 2022, Kyiv winter time.
    assert_eq!(
        (e.start, e.end),
        (ts("2022-03-13T22:00:00Z"), ts("2022-03-14T22:00:00Z"))
    );

    let e = out.event("UKR1002");
    assert_eq!((e.class, e.radius_km), (EventClass::Shelling, Some(25.0)));
    assert_eq!(e.time_precision, "week");
    // The week around 15 Feb 2015: 12 Feb to 18 Feb inclusive.
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-11T22:00:00Z"), ts("2015-02-18T22:00:00Z"))
    );
    assert_eq!(e.actors[1..3], ["Unit A".to_owned(), "Unit B".to_owned()]);

    let e = out.event("UKR1003");
    assert_eq!(
        (e.class, e.radius_km, e.time_precision.as_ref()),
        (EventClass::AirStrike, None, "month")
    );
    assert_eq!(
        (e.start, e.end),
        (ts("2015-01-31T22:00:00Z"), ts("2015-02-28T22:00:00Z"))
    );

    assert_eq!(out.event("UKR1004").class, EventClass::Protest);
    out.rejected(6, "time_precision: expected a code from 1 to 3");
    out.rejected(7, "geo_precision: missing");
    out.rejected(8, "look swapped");
    out.rejected(9, "fatalities");
    out.rejected(10, "ambiguous");
}

#[test]
fn acled_header_without_a_needed_column_is_an_error() {
    let text = "event_id_cnty,event_date,latitude,longitude\nUKR1,2022-01-01,50,30\n";
    let err = read(
        text.as_bytes(),
        "acled.csv",
        &Format::Acled,
        &options(),
        &mut |_| {},
        &mut |_| {},
    )
    .expect_err("no time_precision column");
    let message = err.to_string();
    assert!(message.starts_with("acled.csv, line 1:"), "{message}");
    assert!(
        message.contains("time_precision") && message.contains("geo_precision"),
        "{message}"
    );
}

#[test]
fn gdelt_tab_separated_without_quoting() {
    let out = run("gdelt_small.tsv", &Format::Gdelt, &options());
    assert_eq!((out.counts.read, out.counts.accepted), (7, 4), "{:#?}", out.rejects);
    let e = out.event("900001");
    assert_eq!(
        (e.source.as_ref(), e.class, e.radius_km),
        ("gdelt", EventClass::Shelling, Some(10.0))
    );
    assert!(e.place_precision.contains("low confidence") && e.time_precision.contains("low confidence"));
    assert_eq!(e.kind, "CAMEO 194");
    assert_eq!(e.url.as_deref(), Some("https://news.example/kharkiv"));
    assert_eq!(e.admin1.as_deref(), Some("UP07"));
    assert_eq!(e.actors, ["UKRAINE", "RUSSIA"]);
    assert_eq!(e.start, ts("2022-03-13T22:00:00Z"));
    let e = out.event("900002");
    assert_eq!((e.class, e.radius_km), (EventClass::AirStrike, None));
    assert_eq!(out.event("900006").actors[0], "THE \"GREEN\" MEN");
    assert_eq!(out.event("900007").class, EventClass::Other);
    out.rejected(3, "no action location");
    out.rejected(4, "expected 61 tab-separated columns");
    out.rejected(5, "SQLDATE");
}

#[test]
fn json_mapping_hashes_ids_and_rejects_duplicates() {
    let out = run("incidents.json", &mapping("incidents.toml"), &options());
    assert_eq!((out.counts.read, out.counts.accepted), (6, 2), "{:#?}", out.rejects);
    let first = &out.events[0];
    assert_eq!(first.source, "incidents");
    assert_eq!(first.source_id.len(), 32);
    assert!(first.source_id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(first.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(first.location, "Mariupol");
    assert_eq!(
        (first.kind.as_ref(), first.class, first.radius_km),
        ("incident", EventClass::Other, Some(1.0))
    );
    assert_eq!(out.events[1].location, "");
    assert_eq!(out.events[1].url, None);
    // Element 3 repeats element 1 exactly: same content, same hash id.
    out.rejected(3, "repeating line 1 exactly");
    out.rejected(4, "missing");
    out.rejected(5, "expected a JSON object");
    out.rejected(6, "date");
    // Reading again gives the same ids.
    let again = run("incidents.json", &mapping("incidents.toml"), &options());
    assert_eq!(again.events, out.events);
}

#[test]
fn geojson_mapping_points_instants_intervals_and_classes() {
    let out = run("points.geojson", &mapping("points.toml"), &options());
    assert_eq!((out.counts.read, out.counts.accepted), (5, 2), "{:#?}", out.rejects);
    let e = out.event("p1");
    assert_eq!((e.lon, e.lat), (38.0925, 48.3336));
    assert_eq!(
        (e.start, e.end),
        (ts("2022-05-01T10:30:00Z"), ts("2022-05-01T10:30:01Z"))
    );
    assert_eq!(e.time_precision, "instant");
    // The longest matching prefix wins: "Artillery*" over "Art*".
    assert_eq!(e.class, EventClass::Shelling);
    assert_eq!(
        (e.radius_km, e.place_precision.as_ref()),
        (Some(0.5), "geolocated footage")
    );
    let e = out.event("p2");
    // Local Kyiv summer time (UTC+3).
    assert_eq!(
        (e.start, e.end),
        (ts("2022-05-02T03:00:00Z"), ts("2022-05-02T06:00:00Z"))
    );
    assert_eq!((e.class, e.time_precision.as_ref()), (EventClass::Battle, "interval"));
    out.rejected(3, "a Polygon, expected a Point");
    out.rejected(4, "geometry: null");
    out.rejected(5, "end before start");
}

#[test]
fn csv_mapping_with_delimiter_date_format_and_ranges() {
    let out = run("reports.csv", &mapping("reports.toml"), &options());
    assert_eq!((out.counts.read, out.counts.accepted), (5, 3), "{:#?}", out.rejects);
    let e = out.event("R1");
    assert_eq!(
        (e.start, e.end),
        (ts("2015-02-13T22:00:00Z"), ts("2015-02-16T22:00:00Z"))
    );
    assert_eq!(e.time_precision, "3 days");
    assert_eq!(
        (e.radius_km, e.deaths, e.class),
        (Some(5.0), Some(4), EventClass::Shelling)
    );
    assert_eq!(e.admin1.as_deref(), Some("Donetsk"));
    assert_eq!(e.place_precision, "within 5 km (mapping reports)");
    // An empty reference gets a content hash (id_missing = "hash").
    let hashed = out.events.iter().find(|e| e.description == "No reference").unwrap();
    assert_eq!(hashed.source_id.len(), 32);
    assert_eq!(hashed.radius_km, None);
    assert_eq!(out.event("R5").class, EventClass::Other);
    out.rejected(4, "does not match date_format");
    out.rejected(5, "radius: expected 0 or more km");
}

#[test]
fn mapping_errors_name_the_file_and_key() {
    let cases = [
        ("name = \"x\"\nformat = \"xml\"\n[fields]\ndate = \"d\"\n", "format"),
        (
            "name = \"acled\"\nformat = \"json\"\n[fields]\ndate = \"d\"\nlat = \"a\"\nlon = \"b\"\n",
            "built-in",
        ),
        (
            "name = \"x\"\nformat = \"json\"\n[fields]\ndate = \"d\"\n",
            "lat and lon",
        ),
        (
            "name = \"x\"\nformat = \"geojson\"\nzone = \"Mars/Olympus\"\n[fields]\ndate = \"d\"\n",
            "zone",
        ),
        (
            "name = \"x\"\nformat = \"geojson\"\n[fields]\ndate = \"d\"\ncolour = \"c\"\n",
            "colour",
        ),
        (
            "name = \"x\"\nformat = \"geojson\"\n[fields]\ndate = \"d\"\n[classes]\n\"a*b\" = \"battle\"\n",
            "'*'",
        ),
        (
            "name = \"x\"\nformat = \"geojson\"\n[fields]\ndate = \"d\"\n[classes]\n\"a\" = \"war\"\n",
            "war",
        ),
    ];
    for (text, needle) in cases {
        let err = Mapping::from_toml(text, "m.toml").expect_err(text);
        let message = err.to_string();
        assert!(message.starts_with("mapping m.toml:"), "{message}");
        assert!(message.contains(needle), "{message} lacks {needle:?}");
    }
    let err = Format::from_spec("nosuch").unwrap_err();
    assert!(matches!(err, EventsError::Mapping { .. }));
    assert!(matches!(Format::from_spec("UCDP"), Ok(Format::Ucdp)));
    let path = fixture("points.toml");
    assert!(matches!(
        Format::from_spec(path.to_str().unwrap()),
        Ok(Format::Mapped(_))
    ));
}

#[test]
fn shipped_mappings_load() {
    for name in ["bellingcat.toml", "cir.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(name);
        let m = Mapping::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!m.name.is_empty());
    }
}
