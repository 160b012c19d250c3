//! Arbitrary input never panics, and the counts always add up.

use proptest::prelude::*;
use truce_events::{Format, Mapping, ReadOptions, read};

fn formats() -> Vec<Format> {
    let mapping = |format: &str| {
        let text = format!(
            "name = \"t\"\nformat = \"{format}\"\n[fields]\nid = \"i\"\ndate = \"d\"\nend_date = \"e\"\nlat = \"y\"\nlon = \"x\"\nradius_km = \"r\"\ndeaths = \"k\"\n"
        );
        Format::Mapped(Mapping::from_toml(&text, "t.toml").unwrap())
    };
    vec![
        Format::Ucdp,
        Format::Acled,
        Format::Gdelt,
        mapping("csv"),
        mapping("json"),
        mapping("geojson"),
    ]
}

fn check(input: &[u8]) {
    let options = ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    for format in formats() {
        let (mut events, mut rejects) = (0u64, 0u64);
        if let Ok(counts) = read(input, "fuzz", &format, &options, &mut |_| events += 1, &mut |_| {
            rejects += 1
        }) {
            assert_eq!(counts.read, counts.accepted + counts.rejected, "{format:?}");
            assert_eq!((counts.accepted, counts.rejected), (events, rejects), "{format:?}");
        }
    }
}

/// Text that looks like the inputs: separators, digits, dates, quotes, JSON punctuation.
fn plausible() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just(",".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\"".to_owned()),
        Just("{\"d\":".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("}".to_owned()),
        Just("2015-02-15".to_owned()),
        Just("02/05/2015 00:00".to_owned()),
        Just("1/22/2014 12:00:00 AM".to_owned()),
        Just("48.0159".to_owned()),
        Just("-200".to_owned()),
        Just("NaN".to_owned()),
        Just("id,type_of_violence,where_prec,latitude,longitude,date_prec,date_start,date_end\n".to_owned()),
        "[0-9]{1,3}",
        "\\PC{0,4}",
    ];
    proptest::collection::vec(token, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes(input in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&input);
    }

    #[test]
    fn plausible_text(input in plausible()) {
        check(input.as_bytes());
    }
}
