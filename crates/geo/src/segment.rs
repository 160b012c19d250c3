//! Planar primitives on straight segments in lon/lat degrees, shared by the indexes.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon};

/// A straight segment `[ax, ay, bx, by]` (lon/lat degrees).
pub(crate) type Seg = [f64; 4];

/// Exact orientation of `r` relative to the directed line `p -> q` (adaptive-precision
/// arithmetic, so the sign is always right, including the collinear case).
#[inline]
pub(crate) fn orient(px: f64, py: f64, qx: f64, qy: f64, rx: f64, ry: f64) -> Orientation {
    RobustKernel::orient2d(Coord { x: px, y: py }, Coord { x: qx, y: qy }, Coord { x: rx, y: ry })
}

/// Whether `(x, y)` lies on the closed segment (exact).
#[inline]
pub(crate) fn on_segment(s: &Seg, x: f64, y: f64) -> bool {
    x >= s[0].min(s[2])
        && x <= s[0].max(s[2])
        && y >= s[1].min(s[3])
        && y <= s[1].max(s[3])
        && orient(s[0], s[1], s[2], s[3], x, y) == Orientation::Collinear
}

/// Planar distance from `(px, py)` to the segment, with the same arithmetic as GEOS
/// (and so shapely): projection parameter first, then either an end point distance or the
/// perpendicular distance from the cross product. Keeping the same operations keeps sums
/// over a million points equal to GEOS's to the last few bits.
#[inline]
pub(crate) fn point_segment_distance(px: f64, py: f64, s: &Seg) -> f64 {
    let [ax, ay, bx, by] = *s;
    if ax == bx && ay == by {
        return ((px - ax) * (px - ax) + (py - ay) * (py - ay)).sqrt();
    }
    let len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
    let r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2;
    if r <= 0.0 {
        return ((px - ax) * (px - ax) + (py - ay) * (py - ay)).sqrt();
    }
    if r >= 1.0 {
        return ((px - bx) * (px - bx) + (py - by) * (py - by)).sqrt();
    }
    let s = ((ay - py) * (bx - ax) - (ax - px) * (by - ay)) / len2;
    s.abs() * len2.sqrt()
}

/// Every edge of every ring of a multipolygon.
pub(crate) fn ring_edges(mp: &MultiPolygon<f64>) -> Vec<Seg> {
    let mut out = Vec::new();
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for w in ring.0.windows(2) {
                out.push([w[0].x, w[0].y, w[1].x, w[1].y]);
            }
        }
    }
    out
}

/// Where a point lies relative to a (valid) polygonal area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Inside,
    Outside,
    Boundary,
}

/// Exact point-in-multipolygon by crossing parity over all edges.
///
/// This is the reference the grid falls back on: every decision is an exact orientation
/// test or an exact comparison, so it agrees with geo's `Contains` on valid geometry.
pub(crate) fn locate_exact(edges: &[Seg], x: f64, y: f64) -> Location {
    let mut inside = false;
    for s in edges {
        if on_segment(s, x, y) {
            return Location::Boundary;
        }
        if (s[1] <= y) != (s[3] <= y) && crosses_left(s, x, y) {
            inside = !inside;
        }
    }
    if inside { Location::Inside } else { Location::Outside }
}

/// [`locate_exact`] as a containment test: `false` on the boundary.
#[cfg(test)]
pub(crate) fn contains_exact(edges: &[Seg], x: f64, y: f64) -> bool {
    locate_exact(edges, x, y) == Location::Inside
}

/// For an edge that straddles the horizontal line through `y` (one end `<= y`, the other
/// `> y`), whether it meets that line strictly left of `x`. Exact.
#[inline]
pub(crate) fn crosses_left(s: &Seg, x: f64, y: f64) -> bool {
    // Direct the edge upwards; the crossing is left of the point exactly when the point is
    // right of (clockwise from) the upward edge.
    let (lx, ly, hx, hy) = if s[1] <= s[3] {
        (s[0], s[1], s[2], s[3])
    } else {
        (s[2], s[3], s[0], s[1])
    };
    orient(lx, ly, hx, hy, x, y) == Orientation::Clockwise
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_matches_hand_figures() {
        let s = [0.0, 0.0, 2.0, 0.0];
        assert_eq!(point_segment_distance(1.0, 1.0, &s), 1.0);
        assert_eq!(point_segment_distance(-3.0, 4.0, &s), 5.0);
        assert_eq!(point_segment_distance(5.0, 4.0, &s), 5.0);
        assert_eq!(
            point_segment_distance(3.0, 4.0, &[1.0, 1.0, 1.0, 1.0]),
            (4.0f64 + 9.0).sqrt()
        );
    }

    #[test]
    fn exact_containment_of_a_square_with_a_hole() {
        let square = [
            [0.0, 0.0, 4.0, 0.0],
            [4.0, 0.0, 4.0, 4.0],
            [4.0, 4.0, 0.0, 4.0],
            [0.0, 4.0, 0.0, 0.0],
            [1.0, 1.0, 1.0, 3.0],
            [1.0, 3.0, 3.0, 3.0],
            [3.0, 3.0, 3.0, 1.0],
            [3.0, 1.0, 1.0, 1.0],
        ];
        assert!(contains_exact(&square, 0.5, 0.5));
        assert!(!contains_exact(&square, 2.0, 2.0));
        assert!(!contains_exact(&square, 0.0, 2.0), "boundary is not contained");
        assert!(!contains_exact(&square, 1.0, 2.0), "hole boundary is not contained");
        assert!(!contains_exact(&square, 5.0, 2.0));
        assert!(contains_exact(&square, 0.5, 1.0), "ray through a vertex");
    }
}
