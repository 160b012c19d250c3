//! Fuzzes the GeoJSON reader of truce-geo and the indexes built on what it returns.
//!
//! Fails on: a panic anywhere; an accepted geometry with a coordinate out of lon/lat range
//! or no polygon; a repaired geometry that needs repairing again; the fast point index
//! disagreeing with geo's `Contains`; the planar distance index disagreeing with a scan of
//! every edge; `within_deg` disagreeing with `distance_deg`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_geo::Territory;
use truce_geo::geo::{Contains, Distance, Euclidean, Line, Point};
use truce_geo::io::parse_multipolygon;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok((mp, _warnings)) = parse_multipolygon(&text, "fuzz.geojson") else {
        return;
    };
    assert!(!mp.0.is_empty(), "accepted without a polygon");
    let mut probes = Vec::new();
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for c in &ring.0 {
                assert!(
                    c.x.abs() <= 180.0 && c.y.abs() <= 90.0,
                    "coordinate out of range: {c:?}"
                );
            }
            for w in ring.0.windows(2).take(64) {
                probes.push((w[0].x, w[0].y));
                probes.push((0.5 * (w[0].x + w[1].x), 0.5 * (w[0].y + w[1].y)));
                probes.push((0.75 * w[0].x + 0.25 * w[1].x + 1e-9, 0.75 * w[0].y + 0.25 * w[1].y));
            }
        }
    }
    let (territory, repairs) = Territory::new(mp.clone());
    assert!(
        repairs.is_empty(),
        "the reader's output needed more repairs: {repairs:?}"
    );
    assert_eq!(territory.geometry(), &mp);
    let boundary = territory.boundary();
    let edges: Vec<Line<f64>> =
        mp.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.lines())
            .collect();
    for (x, y) in probes.into_iter().take(256) {
        let point = Point::new(x, y);
        assert_eq!(territory.contains(x, y), mp.contains(&point), "contains at ({x}, {y})");
        let fast = boundary.distance_deg(x, y);
        let slow = edges
            .iter()
            .map(|l| Euclidean.distance(&point, l))
            .fold(f64::INFINITY, f64::min);
        assert!(
            (fast - slow).abs() <= 1e-9 * slow.max(1e-9),
            "distance at ({x}, {y}): {fast} vs {slow}"
        );
        for deg in [0.0, 0.01, fast, 1.0] {
            assert_eq!(
                boundary.within_deg(x, y, deg),
                fast <= deg,
                "within {deg} at ({x}, {y})"
            );
        }
    }
});
