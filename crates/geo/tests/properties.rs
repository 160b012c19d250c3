//! Property tests: the fast indexes agree with plain, independent computations.

use std::sync::OnceLock;

use geo::{Contains, Coord, Distance, Euclidean, Line, LineString, MultiPolygon, Point, Polygon};
use proptest::prelude::*;
use truce_geo::io::read_multipolygon;
use truce_geo::{LineIndex, Territory};

/// A star-shaped (so simple) polygon around (cx, cy) with the given radii, optionally with
/// a hole at half the smallest radius.
fn star(cx: f64, cy: f64, radii: &[f64], hole: bool) -> Polygon<f64> {
    let n = radii.len();
    let ring = |scale: f64| {
        LineString::new(
            radii
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let a = std::f64::consts::TAU * i as f64 / n as f64;
                    Coord {
                        x: cx + scale * r * a.cos(),
                        y: cy + scale * r * a.sin(),
                    }
                })
                .collect(),
        )
    };
    let min = radii.iter().copied().fold(f64::INFINITY, f64::min);
    let holes = if hole {
        vec![ring(0.5 * min / radii.iter().copied().fold(0.0, f64::max))]
    } else {
        vec![]
    };
    Polygon::new(ring(1.0), holes)
}

fn lattice_polygon() -> impl Strategy<Value = Polygon<f64>> {
    // Vertices on a coarse lattice: repeated points, collinear runs, crossings and points
    // exactly on edges are all likely; the repair has to cope and the index must agree.
    prop::collection::vec((0i32..12, 0i32..12), 3..12).prop_map(|pts| {
        Polygon::new(
            LineString::new(
                pts.into_iter()
                    .map(|(x, y)| Coord {
                        x: 30.0 + x as f64 * 0.25,
                        y: 46.0 + y as f64 * 0.25,
                    })
                    .collect(),
            ),
            vec![],
        )
    })
}

fn check_contains(t: &Territory, x: f64, y: f64) -> Result<(), TestCaseError> {
    let expected = t.geometry().contains(&Point::new(x, y));
    prop_assert_eq!(t.contains(x, y), expected, "({}, {})", x, y);
    Ok(())
}

fn deepstate() -> Option<&'static Territory> {
    static T: OnceLock<Option<Territory>> = OnceLock::new();
    T.get_or_init(|| {
        let path = truce_testdata::shared_data("deepstate-cyterat/weekly/deepstatemap_data_20260822.geojson")?;
        let (mp, _) = read_multipolygon(&path).ok()?;
        Some(Territory::new(mp).0)
    })
    .as_ref()
}

fn brute_force_deg(lines: &[LineString<f64>], x: f64, y: f64) -> f64 {
    let p = Point::new(x, y);
    lines
        .iter()
        .flat_map(|l| l.lines())
        .map(|seg: Line<f64>| Euclidean.distance(&p, &seg))
        .fold(f64::INFINITY, f64::min)
}

fn walk() -> impl Strategy<Value = Vec<LineString<f64>>> {
    // One to three random walks in and around Ukraine, steps up to ~0.3 degrees.
    prop::collection::vec(
        (
            (24.0f64..40.0, 44.5f64..52.0),
            prop::collection::vec((-0.3f64..0.3, -0.3f64..0.3), 1..40),
        ),
        1..4,
    )
    .prop_map(|walks| {
        walks
            .into_iter()
            .map(|((x0, y0), steps)| {
                let mut p = Coord { x: x0, y: y0 };
                let mut coords = vec![p];
                for (dx, dy) in steps {
                    p = Coord {
                        x: p.x + dx,
                        y: (p.y + dy).clamp(-89.0, 89.0),
                    };
                    coords.push(p);
                }
                LineString::new(coords)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn contains_equals_geo_on_random_star_polygons(
        cx in 25.0f64..38.0,
        cy in 45.0f64..51.0,
        radii in prop::collection::vec(0.05f64..2.0, 3..80),
        hole in any::<bool>(),
        pts in prop::collection::vec((-2.5f64..2.5, -2.5f64..2.5), 200),
    ) {
        let (t, _) = Territory::new(MultiPolygon::new(vec![star(cx, cy, &radii, hole)]));
        for (dx, dy) in pts {
            check_contains(&t, cx + dx, cy + dy)?;
        }
        // Vertices and edge midpoints lie on the boundary.
        let poly = &t.geometry().0[0];
        for w in poly.exterior().0.windows(2) {
            check_contains(&t, w[0].x, w[0].y)?;
            check_contains(&t, 0.5 * (w[0].x + w[1].x), 0.5 * (w[0].y + w[1].y))?;
        }
    }

    #[test]
    fn contains_equals_geo_on_repaired_lattice_polygons(
        polys in prop::collection::vec(lattice_polygon(), 1..4),
        pts in prop::collection::vec((0i32..49, 0i32..49), 150),
    ) {
        let (t, _) = Territory::new(MultiPolygon::new(polys));
        // Lattice points (a quarter of the polygon lattice step): many lie exactly on
        // edges, on vertices, or on the lines through them.
        for (i, j) in pts {
            check_contains(&t, 30.0 + i as f64 * 0.0625, 46.0 + j as f64 * 0.0625)?;
        }
    }

    #[test]
    fn contains_equals_geo_on_deepstate(pts in prop::collection::vec((31.5f64..40.3, 44.3f64..51.9), 500)) {
        if let Some(t) = deepstate() {
            for (x, y) in pts {
                check_contains(t, x, y)?;
            }
        }
    }

    #[test]
    fn distance_deg_equals_brute_force(
        lines in walk(),
        pts in prop::collection::vec((20.0f64..44.0, 42.0f64..55.0), 100),
        far in prop::collection::vec((-60.0f64..60.0, -30.0f64..80.0), 10),
    ) {
        let index = LineIndex::new(lines.clone());
        for (x, y) in pts.into_iter().chain(far) {
            let fast = index.distance_deg(x, y);
            let slow = brute_force_deg(&lines, x, y);
            prop_assert!((fast - slow).abs() <= 1e-12 * slow.max(1e-3), "({}, {}): {} vs {}", x, y, fast, slow);
            for deg in [0.45, slow * 0.999_999, fast, slow * 1.000_001, slow * 0.5, slow * 2.0] {
                prop_assert_eq!(index.within_deg(x, y, deg), fast <= deg, "({}, {}) within {}", x, y, deg);
            }
        }
    }

    #[test]
    fn within_km_agrees_with_distance_km(
        lines in walk(),
        pts in prop::collection::vec((22.0f64..42.0, 43.0f64..54.0), 12),
        factors in prop::collection::vec(0.0f64..3.0, 3),
    ) {
        let index = LineIndex::new(lines);
        for (x, y) in pts {
            let d = index.distance_km(x, y);
            prop_assert!(d.is_finite() && d >= 0.0);
            let mut limits = vec![d, d * (1.0 + 1e-9), d * (1.0 - 1e-9), 0.0, 50.0];
            limits.extend(factors.iter().map(|f| d * f));
            for km in limits {
                prop_assert_eq!(index.within_km(x, y, km), d <= km, "({}, {}) within {} km (distance {})", x, y, km, d);
            }
        }
    }
}
