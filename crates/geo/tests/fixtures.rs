//! Hand-written GeoJSON fixtures (tests/fixtures/): each defect is repaired and reported,
//! or rejected with an error naming the file and the feature.

use std::path::PathBuf;

use geo::{Area, Contains, Point};
use truce_geo::io::{parse_multipolygon, read_multipolygon};
use truce_geo::{GeoError, RepairKind, Territory, Tri, Warning};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> (geo::MultiPolygon<f64>, Vec<Warning>) {
    match read_multipolygon(&fixture(name)) {
        Ok(ok) => ok,
        Err(e) => panic!("{name} should load: {e}"),
    }
}

fn repairs(warnings: &[Warning]) -> Vec<RepairKind> {
    warnings.iter().filter_map(|w| w.repair).collect()
}

#[test]
fn bow_tie_is_split_into_two_triangles() {
    let (mp, warnings) = read("bow_tie.geojson");
    assert_eq!(
        repairs(&warnings),
        vec![RepairKind::FixedSelfIntersection],
        "{warnings:?}"
    );
    assert_eq!(warnings[0].feature, Some(0));
    assert!(
        warnings[0].to_string().contains("bow_tie.geojson: feature 0:"),
        "{}",
        warnings[0]
    );
    assert_eq!(mp.0.len(), 2);
    assert!(
        (mp.unsigned_area() - 1.0).abs() < 1e-9,
        "two triangles of 0.5 square degrees"
    );
    let (t, again) = Territory::new(mp);
    assert!(again.is_empty(), "already valid: {again:?}");
    assert!(t.contains(30.2, 48.5));
    assert!(t.contains(31.8, 48.5));
    assert!(!t.contains(31.0, 48.2), "below the crossing, between the lobes");
    assert!(!t.contains(31.0, 48.5), "the crossing point is on the boundary");
}

#[test]
fn unclosed_ring_is_closed() {
    let (mp, warnings) = read("unclosed.geojson");
    assert!(
        warnings.iter().any(|w| w.message.contains("not closed")),
        "{warnings:?}"
    );
    assert_eq!(mp.0[0].exterior().0.len(), 5);
    assert!((mp.unsigned_area() - 1.0).abs() < 1e-12);
}

#[test]
fn clockwise_exterior_is_reversed() {
    let (mp, warnings) = read("clockwise.geojson");
    assert_eq!(repairs(&warnings), vec![RepairKind::Reoriented], "{warnings:?}");
    assert!(mp.0[0].signed_area() > 0.0, "exterior now counter-clockwise");
}

#[test]
fn hole_is_kept_and_excluded() {
    let (mp, warnings) = read("hole.geojson");
    assert!(
        warnings.is_empty(),
        "3D positions and a clockwise hole are fine: {warnings:?}"
    );
    assert_eq!(mp.0[0].interiors().len(), 1);
    let (t, _) = Territory::new(mp);
    assert!(t.contains(30.5, 48.5));
    assert!(!t.contains(31.5, 49.5), "in the hole");
    assert!(!t.contains(31.0, 49.5), "on the hole's edge");
    assert_eq!(t.disc(31.5, 49.5, 10.0), Tri::Outside, "a small disc in the hole");
    assert_eq!(t.disc(31.5, 49.5, 60.0), Tri::Straddles);
    // 9 square degrees minus 1, at 48-51N: about 66,000 km².
    assert!((t.area_km2() - 66_000.0).abs() < 2_000.0, "{}", t.area_km2());
}

#[test]
fn empty_file_and_empty_collection_are_clear_errors() {
    for name in ["empty.geojson", "empty_collection.geojson"] {
        let err = read_multipolygon(&fixture(name)).expect_err(name);
        assert!(matches!(err, GeoError::Empty { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(name), "{text}");
    }
    let text = read_multipolygon(&fixture("empty.geojson"))
        .expect_err("empty")
        .to_string();
    assert!(text.contains("empty"), "{text}");
    let text = read_multipolygon(&fixture("empty_collection.geojson"))
        .expect_err("no features")
        .to_string();
    assert!(text.contains("no features"), "{text}");
}

#[test]
fn out_of_range_position_names_the_feature() {
    let err = read_multipolygon(&fixture("out_of_range.geojson")).expect_err("out of range");
    let text = err.to_string();
    assert!(matches!(err, GeoError::Invalid { feature: Some(1), .. }), "{err:?}");
    assert!(text.contains("out_of_range.geojson: feature 1:"), "{text}");
    assert!(
        text.contains("geometry.coordinates[1][2]: position [48.3, 200]"),
        "{text}"
    );
    assert!(text.contains("out of range"), "{text}");
}

#[test]
fn zero_zero_vertex_is_a_warning() {
    let (mp, warnings) = read("zero_zero.geojson");
    assert!(
        warnings
            .iter()
            .any(|w| w.feature == Some(0) && w.message.contains("(0, 0)")),
        "{warnings:?}"
    );
    assert_eq!(mp.0.len(), 1, "the polygon is kept");
}

#[test]
fn overlapping_parts_are_merged_within_and_across_features() {
    let (mp, warnings) = read("overlap.geojson");
    let merges: Vec<&Warning> = warnings
        .iter()
        .filter(|w| w.repair == Some(RepairKind::MergedOverlappingParts))
        .collect();
    assert_eq!(merges.len(), 2, "{warnings:?}");
    assert_eq!(merges[0].feature, Some(0), "within feature 0");
    assert!(merges[1].message.contains("features 0, 1"), "{}", merges[1]);
    assert_eq!(mp.0.len(), 1);
    // 4 + 4 - 1 + 2.25 - 0.25 square degrees.
    assert!((mp.unsigned_area() - 9.0).abs() < 1e-6, "{}", mp.unsigned_area());
    let (t, again) = Territory::new(mp);
    assert!(again.is_empty());
    for (x, y, inside) in [
        (30.5, 48.5, true),
        (31.5, 49.5, true),
        (32.7, 50.7, true),
        (33.5, 49.5, false),
    ] {
        assert_eq!(t.contains(x, y), inside, "({x}, {y})");
        assert_eq!(t.geometry().contains(&Point::new(x, y)), inside);
    }
}

#[test]
fn degenerate_rings_are_dropped() {
    let (mp, warnings) = read("degenerate.geojson");
    let dropped = repairs(&warnings)
        .into_iter()
        .filter(|k| *k == RepairKind::DroppedDegenerateRing)
        .count();
    assert_eq!(dropped, 2, "{warnings:?}");
    assert_eq!(mp.0.len(), 1);
}

#[test]
fn syntax_error_names_file_and_line() {
    let text = read_multipolygon(&fixture("not_json.geojson"))
        .expect_err("bad JSON")
        .to_string();
    assert!(text.contains("not_json.geojson: line"), "{text}");
}

#[test]
fn structural_errors_say_what_was_expected() {
    let cases = [
        (r#"{"type": "FeatureCollection"}"#, "\"features\" array"),
        (
            r#"{"type": "Topology"}"#,
            "expected FeatureCollection, Feature or a geometry",
        ),
        (r#"[1, 2]"#, "expected a GeoJSON object"),
        (
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[30, "x"]]]}}]}"#,
            "feature 0: geometry.coordinates[0][0]: expected a position",
        ),
        (
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 48]}}]}"#,
            "no polygon",
        ),
    ];
    for (text, expected) in cases {
        let err = parse_multipolygon(text, "memory.geojson").expect_err(text).to_string();
        assert!(
            err.contains("memory.geojson") && err.contains(expected),
            "{err} (expected {expected:?})"
        );
    }
}
