//! Real data from the shared data folder (skipped with a message when it is missing,
//! failing under CI). Expected figures come from `bench/geo/check.py` (shapely 2.2 +
//! pyproj 3.7, run with bench/.venv), never from truce itself; see that script for how
//! each was computed.

use std::path::{Path, PathBuf};

use geo::{Contains, Point};
use jiff::Timestamp;
use truce_geo::io::{read_deepstate_raw, read_isw_layer, read_multipolygon, read_regions, read_series};
use truce_geo::{OUTSIDE_REGIONS, Territory, Tri, change};
use truce_testdata::shared_data;

const WEEKLY: &str = "deepstate-cyterat/weekly";
const MINSK: &str = "minsk-line-of-contact/deepstate_ordlo_cadr_crimea_pre2022_occupied.geojson";
const OBLASTS: &str = "ukraine-oblasts/oblast_peacerep_5b52b6d.geojson";
const ISW_20220224: &str = "isw-nikkei/sample/20220224_RussianAssessedCoTinUkraine.geojson";

/// The point set of bench/geo/check.py: SplitMix64, top 53 bits as a double in [0, 1),
/// lon = 22 + 19 u then lat = 44 + 9 u.
fn points(seed: u64, n: usize) -> Vec<(f64, f64)> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    };
    (0..n)
        .map(|_| {
            let lon = 22.0 + 19.0 * next();
            let lat = 44.0 + 9.0 * next();
            (lon, lat)
        })
        .collect()
}

fn territory(path: &Path) -> Territory {
    let (mp, _) = read_multipolygon(path).unwrap_or_else(|e| panic!("{e}"));
    let (t, repairs) = Territory::new(mp);
    assert!(repairs.is_empty(), "the reader already repaired: {repairs:?}");
    t
}

fn weekly(day: &str) -> Option<PathBuf> {
    shared_data(&format!("{WEEKLY}/deepstatemap_data_{day}.geojson"))
}

#[test]
fn point_set_matches_the_python_generator() {
    // check.py prints the first point: (33.83254519627609, 44.875087176389236).
    let first = points(2024, 1)[0];
    assert_eq!(first, (33.83254519627609, 44.875087176389236));
}

#[test]
fn inside_counts_match_shapely() {
    // Figures printed by bench/geo/check.py ("inside ... = N") for 100,000 points.
    let cases = [("20240708", 7470), ("20250707", 7811), ("20260822", 8042)];
    let pts = points(2024, 100_000);
    for (day, expected) in cases {
        let Some(path) = weekly(day) else { return };
        let t = territory(&path);
        let count = pts.iter().filter(|&&(x, y)| t.contains(x, y)).count();
        assert_eq!(count, expected, "{day}");
    }
}

#[test]
fn fast_contains_equals_geo_contains_on_deepstate() {
    let Some(path) = weekly("20260822") else { return };
    let t = territory(&path);
    let geometry = t.geometry();
    for (x, y) in points(7, 20_000) {
        assert_eq!(t.contains(x, y), geometry.contains(&Point::new(x, y)), "({x}, {y})");
    }
    // Vertices and edge midpoints (on the boundary), and points a hair off them.
    for poly in &geometry.0 {
        for w in poly.exterior().0.windows(2).step_by(7) {
            let (a, b) = (w[0], w[1]);
            for (x, y) in [
                (a.x, a.y),
                (0.5 * (a.x + b.x), 0.5 * (a.y + b.y)),
                (a.x + 1e-12, a.y),
                (a.x, a.y - 1e-12),
                (0.5 * (a.x + b.x) + 1e-13, 0.5 * (a.y + b.y)),
            ] {
                assert_eq!(t.contains(x, y), geometry.contains(&Point::new(x, y)), "({x}, {y})");
            }
        }
    }
}

#[test]
fn minsk_line_of_contact_and_isw_counts_match_shapely() {
    let (Some(minsk), Some(isw)) = (shared_data(MINSK), shared_data(ISW_20220224)) else {
        return;
    };
    let pts = points(2024, 100_000);
    // The three Minsk-era polygons overlap; the reader merges them (shapely: union_all).
    let (mp, warnings) = read_multipolygon(&minsk).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        warnings.iter().any(|w| w.message.contains("merged by union")),
        "{warnings:?}"
    );
    let minsk = Territory::new(mp).0;
    assert_eq!(pts.iter().filter(|&&(x, y)| minsk.contains(x, y)).count(), 2942);
    let (mp, _) = read_isw_layer(&isw).unwrap_or_else(|e| panic!("{e}"));
    let isw = Territory::new(mp).0;
    assert_eq!(pts.iter().filter(|&&(x, y)| isw.contains(x, y)).count(), 5532);
}

#[test]
fn towns_against_the_minsk_line_of_contact() {
    let Some(path) = shared_data(MINSK) else { return };
    let t = Territory::new(read_multipolygon(&path).unwrap_or_else(|e| panic!("{e}")).0).0;
    // (lon, lat, inside, geodesic km to the boundary) from bench/geo/check.py.
    let towns = [
        ("Donetsk", 37.8028, 48.0159, true, 8.586988),
        ("Kramatorsk", 37.5844, 48.7389, false, 44.798879),
        ("Horlivka", 38.0500, 48.3000, true, 12.544532),
        ("Mariupol", 37.5500, 47.0958, false, 20.121869),
        ("Sevastopol", 33.5254, 44.6166, true, 2.085191),
    ];
    let boundary = t.boundary();
    for (name, lon, lat, inside, km) in towns {
        assert_eq!(t.contains(lon, lat), inside, "{name}");
        let d = boundary.distance_km(lon, lat);
        assert!((d - km).abs() / km < 1e-3, "{name}: {d} km, pyproj {km} km");
        assert!(
            boundary.within_km(lon, lat, km * 1.001) && !boundary.within_km(lon, lat, km * 0.999),
            "{name}"
        );
        let side = if inside { Tri::Inside } else { Tri::Outside };
        assert_eq!(t.disc(lon, lat, km * 0.99), side, "{name}");
        assert_eq!(t.disc(lon, lat, km * 1.01), Tri::Straddles, "{name}");
    }
}

#[test]
fn territorial_change_matches_shapely_and_pyproj() {
    let (Some(before), Some(after), Some(oblasts)) = (weekly("20240708"), weekly("20250707"), shared_data(OBLASTS))
    else {
        return;
    };
    let regions = read_regions(&oblasts, "ADMIN_1").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(regions.len(), 27);
    let c = change(&territory(&before), &territory(&after), &regions);
    // bench/geo/check.py: shapely difference, pyproj Geod.geometry_area_perimeter.
    let (gained, lost) = (4536.682, 21.123);
    assert!(
        (c.gained_km2 - gained).abs() / gained < 0.005,
        "gained {} vs {gained}",
        c.gained_km2
    );
    assert!(
        (c.lost_km2 - lost).abs() / lost < 0.005,
        "lost {} vs {lost}",
        c.lost_km2
    );
    let sum_gained: f64 = c.by_region.iter().map(|r| r.gained_km2).sum();
    let sum_lost: f64 = c.by_region.iter().map(|r| r.lost_km2).sum();
    assert!(
        (sum_gained - c.gained_km2).abs() < 1e-3 * c.gained_km2,
        "{sum_gained} vs {}",
        c.gained_km2
    );
    assert!(
        (sum_lost - c.lost_km2).abs() < 1e-3 * c.lost_km2,
        "{sum_lost} vs {}",
        c.lost_km2
    );
    let by = |name: &str| {
        c.by_region
            .iter()
            .find(|r| r.region == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let donetsk = by("Донецька область");
    assert!((donetsk.gained_km2 - 3626.433).abs() / 3626.433 < 0.005, "{donetsk:?}");
    assert!((by("Сумська область").gained_km2 - 211.146).abs() / 211.146 < 0.005);
    assert!((by("Харківська область").gained_km2 - 334.671).abs() / 334.671 < 0.005);
    assert_eq!(by("Львівська область").gained_km2, 0.0);
    assert_eq!(c.by_region.last().map(|r| r.region.as_str()), Some(OUTSIDE_REGIONS));
}

#[test]
fn weekly_folder_loads_as_a_series() {
    let Some(dir) = shared_data(WEEKLY) else { return };
    let (series, warnings) = read_series(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(series.len(), 110);
    assert!(
        warnings.iter().all(|w| w.repair.is_some()),
        "only repairs expected: {warnings:?}"
    );
    let t = |s: &str| s.parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}"));
    let first = &series.snapshots()[0];
    assert_eq!(first.valid_from, t("2024-07-08T03:00:00Z"));
    assert_eq!(first.valid_until, Some(t("2024-07-15T03:00:00Z")));
    assert!(series.at(t("2024-07-08T02:59:59Z")).is_none());
    // Donetsk city centre: held throughout; Kyiv: never; Pokrovsk (37.18E 48.28N) was
    // taken during the period.
    let (start, end) = (t("2024-07-08T03:00:00Z"), t("2026-08-22T03:00:00Z"));
    assert_eq!(series.held(37.8028, 48.0159, 5.0, start, end), Some(Tri::Inside));
    assert_eq!(series.held(30.5234, 50.4501, 5.0, start, end), Some(Tri::Outside));
    assert_eq!(series.held(37.18, 48.28, 1.0, start, end), Some(Tri::Straddles));
    assert_eq!(series.held(37.8028, 48.0159, 5.0, t("2024-01-01T00:00:00Z"), end), None);
}

#[test]
fn raw_deepstate_snapshots_load_and_agree_with_the_cleaned_ones() {
    let Some(dir) = shared_data("deepstate-history-danielrose/monthly") else {
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    assert_eq!(names.len(), 42);
    for path in &names {
        let raw = read_deepstate_raw(path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!raw.occupied.0.is_empty(), "{}", path.display());
        assert_eq!(raw.unclassified_skipped, 0, "{}: {:?}", path.display(), raw.warnings);
    }
    let last = read_deepstate_raw(&dir.join("20250801T1952Z_1754077960.geojson")).unwrap_or_else(|e| panic!("{e}"));
    assert!(last.editorial_skipped >= 10, "{}", last.editorial_skipped);
    assert!(last.points_skipped > 300, "{}", last.points_skipped);
    // The cleaned series is derived from the same map (occupied + pre-2022 areas): the
    // raw snapshot of 1 August 2025 and the cleaned one of 4 August cover nearly the same
    // points.
    let Some(clean) = weekly("20250804") else { return };
    let clean = territory(&clean);
    let raw = Territory::new(last.occupied).0;
    let pts = points(2024, 100_000);
    let a = pts.iter().filter(|&&(x, y)| raw.contains(x, y)).count() as f64;
    let b = pts.iter().filter(|&&(x, y)| clean.contains(x, y)).count() as f64;
    assert!((a - b).abs() / b < 0.01, "raw {a} vs cleaned {b}");
}

/// Links (or, where links are not available, copies) some shared files into a temporary
/// folder, to load a small series quickly.
fn folder_of(files: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for f in files {
        let to = dir.path().join(f.file_name().unwrap_or_default());
        #[cfg(unix)]
        let linked = std::os::unix::fs::symlink(f, &to);
        #[cfg(not(unix))]
        let linked = std::fs::copy(f, &to).map(|_| ());
        linked.unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    dir
}

#[test]
fn isw_folder_loads_the_control_layer_only() {
    let names = [
        "20220601_RussianAssessedCoTinUkraine.geojson",
        "20220601_RussianAssessedAdvanceinUkraine.geojson",
        "20221130_RussianAssessedCoTinUkraine.geojson",
        "20230824_combined_layers.geojson",
    ];
    let mut files = Vec::new();
    for name in names {
        let Some(path) = shared_data(&format!("isw-nikkei/sample/{name}")) else {
            return;
        };
        files.push(path);
    }
    let dir = folder_of(&files);
    let (series, warnings) = read_series(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let sources: Vec<&str> = series.snapshots().iter().map(|s| s.source.as_str()).collect();
    assert_eq!(sources, [names[0], names[2], names[3]]);
    assert!(
        warnings.iter().any(|w| w.message.contains("is not the series' layer")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("features of other layers skipped"))
    );
    let t = |s: &str| s.parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}"));
    let (start, end) = (t("2022-06-01T00:00:00Z"), t("2023-09-01T00:00:00Z"));
    assert_eq!(
        series.held(37.8028, 48.0159, 5.0, start, end),
        Some(Tri::Inside),
        "Donetsk"
    );
    assert_eq!(
        series.held(24.0297, 49.8397, 5.0, start, end),
        Some(Tri::Outside),
        "Lviv"
    );
    // Kherson city: occupied in June 2022, liberated on 11 November 2022.
    assert_eq!(
        series.held(32.6169, 46.6354, 1.0, start, end),
        Some(Tri::Straddles),
        "Kherson"
    );
    let kherson_at = |s: &str| series.at(t(s)).map(|s| s.territory.contains(32.6169, 46.6354));
    assert_eq!(kherson_at("2022-06-15T00:00:00Z"), Some(true));
    assert_eq!(kherson_at("2022-11-30T12:00:00Z"), Some(false));
    assert_eq!(series.held(32.6169, 46.6354, 1.0, t("2022-05-01T00:00:00Z"), end), None);
}
