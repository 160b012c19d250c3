//! Fuzzes the delimited-text event readers of truce-events (UCDP GED, ACLED, GDELT and a
//! mapped CSV) with arbitrary bytes: any encoding, any structure.
//!
//! The first byte chooses the reader (and, for slash dates, the date order); the rest is
//! the file. The oracle fails on a panic, on counts that do not add up
//! (`read == accepted + rejected`, and equal to the callbacks made), on reject lines that
//! go backwards or are 0, and on an accepted event that breaks the documented invariants:
//! a non-empty interval that has started by "now", coordinates in range and not (0, 0), a
//! finite non-negative radius, a known source name, and a JSON round trip that gives the
//! same event back with the same content hash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_events::{DateOrder, Event, Format, Mapping, ReadOptions, Reject, read};

const MAPPING: &str = r#"
name = "fuzz"
format = "csv"
id_missing = "hash"
[fields]
id = "id"
date = "date"
end_date = "end"
lat = "lat"
lon = "lon"
kind = "kind"
radius_km = "radius"
deaths = "deaths"
actors = ["a", "b"]
[classes]
"x*" = "battle"
"#;

fn check_event(event: &Event, options: &ReadOptions, source: &str) {
    assert_eq!(event.source, source);
    assert!(!event.source_id.is_empty());
    assert!(event.start < event.end, "empty interval: {event:?}");
    assert!(event.start <= options.now, "future event accepted: {event:?}");
    assert!((-90.0..=90.0).contains(&event.lat) && (-180.0..=180.0).contains(&event.lon));
    assert!(!(event.lat == 0.0 && event.lon == 0.0));
    if let Some(r) = event.radius_km {
        assert!(r.is_finite() && r >= 0.0);
    }
    let json = event.to_json().expect("an accepted event is valid JSON");
    let back = Event::from_json(&json).expect("and reads back");
    assert_eq!(&back, event);
    assert_eq!(back.content_hash().ok(), event.content_hash().ok());
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Format::Ucdp,
        1 => Format::Acled,
        2 => Format::Gdelt,
        _ => Format::Mapped(Mapping::from_toml(MAPPING, "fuzz.toml").expect("the fixed mapping is valid")),
    };
    let mut options = ReadOptions::at("2026-01-01T00:00:00Z".parse().expect("a valid instant"));
    options.date_order = [
        DateOrder::Auto,
        DateOrder::DayFirst,
        DateOrder::MonthFirst,
        DateOrder::Strict,
    ][usize::from(selector / 4 % 4)];
    if selector >= 128 {
        options.bbox = Some([22.0, 44.0, 40.5, 52.5]);
    }
    let source = format.source_name().to_owned();
    let mut events = 0u64;
    let mut rejects = 0u64;
    let mut last_line = 0u64;
    let result = read(
        input,
        "fuzz.csv",
        &format,
        &options,
        &mut |event: Event| {
            check_event(&event, &options, &source);
            events += 1;
        },
        &mut |reject: Reject| {
            assert!(
                reject.line >= 1 && reject.line >= last_line,
                "reject lines go backwards"
            );
            assert!(!reject.reason.is_empty());
            last_line = reject.line;
            rejects += 1;
        },
    );
    if let Ok(counts) = result {
        assert_eq!(counts.read, counts.accepted + counts.rejected);
        assert_eq!((counts.accepted, counts.rejected), (events, rejects));
    }
});
