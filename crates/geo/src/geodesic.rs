//! Geodesic distance on the WGS84 ellipsoid from a point to a segment that is straight in
//! lon/lat (the GeoJSON convention for an edge).

use std::sync::OnceLock;

use geographiclib_rs::{Geodesic, InverseGeodesic};

use crate::segment::{Seg, point_segment_distance};

/// WGS84 semi-major axis (m).
pub(crate) const A: f64 = 6_378_137.0;
/// WGS84 first eccentricity squared.
pub(crate) const E2: f64 = (1.0 / 298.257_223_563) * (2.0 - 1.0 / 298.257_223_563);
/// The smallest meridional radius of curvature, at the equator: `a (1 - e^2)` (m).
pub(crate) const M_MIN: f64 = A * (1.0 - E2);

pub(crate) fn wgs84() -> &'static Geodesic {
    static GEOD: OnceLock<Geodesic> = OnceLock::new();
    GEOD.get_or_init(Geodesic::wgs84)
}

/// Meridional and prime-vertical radii of curvature (m) at a latitude (degrees).
#[inline]
pub(crate) fn radii(lat: f64) -> (f64, f64) {
    let s = lat.to_radians().sin();
    let w2 = 1.0 - E2 * s * s;
    let w = w2.sqrt();
    (A * (1.0 - E2) / (w2 * w), A / w)
}

/// Geodesic distance (m) between two points given as (lon, lat).
pub(crate) fn distance_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    InverseGeodesic::<f64>::inverse(wgs84(), lat1, lon1, lat2, lon2)
}

/// Geodesic distance (m) from `(lon, lat)` to the nearest point of the segment, the segment
/// being the straight line between its ends in lon/lat.
///
/// The distance `f(t)` to the point at parameter `t` along the segment is minimised with
/// its derivative: moving along the segment by `dt` changes the distance by minus the
/// component of the segment's local velocity (metres per unit `t`, from the radii of
/// curvature) along the geodesic's azimuth towards the point. The derivative's root is
/// bracketed and found by regula falsi (Illinois variant); the minimum of every distance
/// evaluated is returned, so the result is never below the true minimum by more than the
/// geodesic solver's own error and converges to it (the minimum is flat, so the error in
/// `t` only enters to second order).
pub(crate) fn point_segment_m(lon: f64, lat: f64, s: &Seg) -> f64 {
    if point_segment_distance(lon, lat, s) == 0.0 {
        // On the segment (in lon/lat): zero, not the solver's last few micrometres.
        return 0.0;
    }
    let g = wgs84();
    let (dlon, dlat) = (s[2] - s[0], s[3] - s[1]);
    if dlon == 0.0 && dlat == 0.0 {
        return distance_m(lon, lat, s[0], s[1]);
    }
    let eval = |t: f64| -> (f64, f64) {
        let q_lon = s[0] + t * dlon;
        let q_lat = s[1] + t * dlat;
        let (dist, azi, _, _): (f64, f64, f64, f64) = g.inverse(q_lat, q_lon, lat, lon);
        let (m, n) = radii(q_lat);
        let v_east = dlon.to_radians() * n * q_lat.to_radians().cos();
        let v_north = dlat.to_radians() * m;
        let (sin_a, cos_a) = azi.to_radians().sin_cos();
        (dist, -(v_east * sin_a + v_north * cos_a))
    };
    let (d0, g0) = eval(0.0);
    if d0 == 0.0 || g0 >= 0.0 {
        return d0;
    }
    let (d1, g1) = eval(1.0);
    if g1 <= 0.0 {
        return d1.min(d0);
    }
    let (m, n) = radii(0.5 * (s[1] + s[3]));
    let length = (dlon.to_radians() * n * (0.5 * (s[1] + s[3])).to_radians().cos()).hypot(dlat.to_radians() * m);
    let (mut lo, mut g_lo, mut hi, mut g_hi) = (0.0f64, g0, 1.0f64, g1);
    let mut best = d0.min(d1);
    let mut last_side = 0i8;
    for _ in 0..64 {
        let mut t = lo - g_lo * (hi - lo) / (g_hi - g_lo);
        if !(t > lo && t < hi) {
            t = 0.5 * (lo + hi);
        }
        let (d, gt) = eval(t);
        best = best.min(d);
        if d < 1e-3 || gt == 0.0 {
            break;
        }
        if gt < 0.0 {
            lo = t;
            g_lo = gt;
            if last_side == -1 {
                g_hi *= 0.5;
            }
            last_side = -1;
        } else {
            hi = t;
            g_hi = gt;
            if last_side == 1 {
                g_lo *= 0.5;
            }
            last_side = 1;
        }
        // Stop once the bracket is shorter than 0.1 mm along the segment.
        if (hi - lo) * length < 1e-4 {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_to_a_meridian_segment_is_along_the_parallel_direction() {
        // A segment along the meridian 30E from 40N to 50N; a point at 45N 31E. The nearest
        // point is close to 45N (slightly poleward); the distance is a little less than the
        // distance along the parallel to (30E, 45N).
        let s = [30.0, 40.0, 30.0, 50.0];
        let d = point_segment_m(31.0, 45.0, &s);
        let along_parallel = distance_m(31.0, 45.0, 30.0, 45.0);
        assert!(d <= along_parallel + 1e-6, "{d} vs {along_parallel}");
        assert!(d > 0.99 * along_parallel, "{d} vs {along_parallel}");
        // Brute force along the segment.
        let brute = (0..=100_000)
            .map(|i| distance_m(31.0, 45.0, 30.0, 40.0 + 10.0 * i as f64 / 100_000.0))
            .fold(f64::INFINITY, f64::min);
        assert!((d - brute).abs() < 0.01, "{d} vs {brute}");
    }

    #[test]
    fn end_points_and_degenerate_segments() {
        let s = [30.0, 40.0, 31.0, 40.0];
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(close(
            point_segment_m(29.0, 40.0, &s),
            distance_m(29.0, 40.0, 30.0, 40.0)
        ));
        assert!(close(
            point_segment_m(32.5, 39.0, &s),
            distance_m(32.5, 39.0, 31.0, 40.0)
        ));
        assert!(close(
            point_segment_m(32.0, 41.0, &[30.0, 40.0, 30.0, 40.0]),
            distance_m(32.0, 41.0, 30.0, 40.0)
        ));
        assert!(point_segment_m(30.5, 40.0, &s) < 1e-3);
    }
}
