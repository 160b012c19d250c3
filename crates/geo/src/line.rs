//! [`LineIndex`]: distance from points to a set of line segments, planar (degrees, exactly
//! like shapely) and geodesic (WGS84 metres).

use std::sync::{Arc, OnceLock};

use geo::LineString;
use rstar::{AABB, PointDistance, RTree, RTreeObject};

use crate::geodesic::{self, A, M_MIN};
use crate::segment::{Seg, point_segment_distance};

/// A segment in the R-tree.
#[derive(Debug, Clone, Copy)]
struct TreeSeg {
    seg: Seg,
}

impl RTreeObject for TreeSeg {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        let s = &self.seg;
        AABB::from_corners([s[0].min(s[2]), s[1].min(s[3])], [s[0].max(s[2]), s[1].max(s[3])])
    }
}

impl PointDistance for TreeSeg {
    fn distance_2(&self, point: &[f64; 2]) -> f64 {
        let d = point_segment_distance(point[0], point[1], &self.seg);
        d * d
    }
}

/// Index over line segments (a front line, a reference line, a territory boundary).
///
/// Planar queries ([`distance_deg`](Self::distance_deg), [`within_deg`](Self::within_deg))
/// use a grid of cells over the lines' bounding box (widened by a margin) built on first
/// use: each cell keeps the distance `d_c` from its centre to the lines and the segments
/// that can be nearest to any point of the cell, namely those within `d_c + 2r` of the
/// centre (`r` is the cell's half-diagonal; by the triangle inequality the nearest segment
/// of any point in the cell is among them). A distance query scans one short list; a
/// within-distance query is usually answered from `d_c +- r` alone. Points beyond the
/// grid use an R-tree (`rstar`'s `nearest_neighbor_iter`, which is exact for segments).
///
/// Geodesic queries ([`distance_km`](Self::distance_km), [`within_km`](Self::within_km))
/// start from the planar nearest segment, turn its geodesic distance into a lon/lat box
/// that must hold every segment at most that far (bounds from the ellipsoid's smallest
/// radii of curvature), rank the box's segments by a rigorous lower bound and refine them
/// with the exact geodesic point-to-segment distance until no lower bound can beat the
/// best. Lines are taken as straight in lon/lat between vertices (the GeoJSON convention)
/// and must not cross the antimeridian.
///
/// Cloning is cheap (the index is shared).
#[derive(Debug, Clone)]
pub struct LineIndex {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    segs: Vec<Seg>,
    tree: RTree<TreeSeg>,
    grid: OnceLock<Grid>,
}

/// Cells per segment in the planar grid, and bounds on the cell count.
const CELLS_PER_SEGMENT: f64 = 16.0;
const MIN_CELLS: f64 = 1024.0;
const MAX_CELLS: f64 = 1_048_576.0;

#[derive(Debug)]
struct Grid {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
    inv_w: f64,
    inv_h: f64,
    nx: usize,
    ny: usize,
    half_diag: f64,
    /// Distance from each cell's centre to the nearest segment.
    centre_dist: Vec<f64>,
    offsets: Vec<u32>,
    candidates: Vec<u32>,
}

impl LineIndex {
    /// Indexes every segment of the given lines. A line of a single point counts as that
    /// point; segments with non-finite coordinates are ignored.
    pub fn new(lines: Vec<LineString<f64>>) -> LineIndex {
        let mut segs = Vec::new();
        for line in &lines {
            match line.0.as_slice() {
                [] => {}
                [p] => segs.push([p.x, p.y, p.x, p.y]),
                pts => segs.extend(pts.windows(2).map(|w| [w[0].x, w[0].y, w[1].x, w[1].y])),
            }
        }
        Self::from_segments(segs)
    }

    pub(crate) fn from_segments(mut segs: Vec<Seg>) -> LineIndex {
        segs.retain(|s| s.iter().all(|v| v.is_finite()));
        let tree = RTree::bulk_load(segs.iter().map(|&seg| TreeSeg { seg }).collect());
        LineIndex {
            inner: Arc::new(Inner {
                segs,
                tree,
                grid: OnceLock::new(),
            }),
        }
    }

    /// Number of segments indexed.
    pub fn len(&self) -> usize {
        self.inner.segs.len()
    }

    /// True when there is no segment (every distance is then infinite).
    pub fn is_empty(&self) -> bool {
        self.inner.segs.is_empty()
    }

    /// Size of the planar grid (columns, rows) and the mean number of candidate segments
    /// per cell, building the grid if needed (for tuning and reports).
    pub fn grid_stats(&self) -> (usize, usize, f64) {
        if self.inner.segs.is_empty() {
            return (0, 0, 0.0);
        }
        let grid = self.grid();
        (
            grid.nx,
            grid.ny,
            grid.candidates.len() as f64 / (grid.nx * grid.ny) as f64,
        )
    }

    fn grid(&self) -> &Grid {
        self.inner.grid.get_or_init(|| Grid::build(&self.inner.segs))
    }

    /// Planar distance in degrees to the nearest point of the lines, computed like shapely
    /// (GEOS): `sqrt(dlon^2 + dlat^2)`, no scaling. Infinite when the index is empty.
    pub fn distance_deg(&self, lon: f64, lat: f64) -> f64 {
        if self.inner.segs.is_empty() || !(lon.is_finite() && lat.is_finite()) {
            return f64::INFINITY;
        }
        let grid = self.grid();
        match grid.cell_of(lon, lat) {
            Some(cell) => grid
                .cell_candidates(cell)
                .iter()
                .map(|&i| point_segment_distance(lon, lat, &self.inner.segs[i as usize]))
                .fold(f64::INFINITY, f64::min),
            None => self.tree_nearest(lon, lat),
        }
    }

    fn tree_nearest(&self, lon: f64, lat: f64) -> f64 {
        self.inner
            .tree
            .nearest_neighbor_iter(&[lon, lat])
            .next()
            .map_or(f64::INFINITY, |s| point_segment_distance(lon, lat, &s.seg))
    }

    /// Whether the planar distance in degrees is at most `deg` (shapely's `dwithin`).
    /// Always agrees with `distance_deg(lon, lat) <= deg`.
    pub fn within_deg(&self, lon: f64, lat: f64, deg: f64) -> bool {
        if self.inner.segs.is_empty() || !(lon.is_finite() && lat.is_finite()) || deg.is_nan() || deg < 0.0 {
            return false;
        }
        let grid = self.grid();
        let Some(cell) = grid.cell_of(lon, lat) else {
            let r2 = deg * deg * (1.0 + 1e-9);
            return self
                .inner
                .tree
                .locate_within_distance([lon, lat], r2)
                .any(|s| point_segment_distance(lon, lat, &s.seg) <= deg);
        };
        let dc = grid.centre_dist[cell];
        // The point is within `half_diag` of the centre, so its distance lies within
        // dc +- half_diag, widened for rounding (in the distances, and in placing a point
        // on a cell border into one of its two cells).
        let slack = 1e-12 * (dc + grid.half_diag) + 4.0 * f64::EPSILON * (lon.abs() + lat.abs());
        if deg < dc - grid.half_diag - slack {
            return false;
        }
        if deg >= dc + grid.half_diag + slack {
            return true;
        }
        grid.cell_candidates(cell)
            .iter()
            .any(|&i| point_segment_distance(lon, lat, &self.inner.segs[i as usize]) <= deg)
    }

    /// Geodesic distance on the WGS84 ellipsoid (km) to the nearest point of the lines.
    /// Infinite when the index is empty.
    pub fn distance_km(&self, lon: f64, lat: f64) -> f64 {
        if self.inner.segs.is_empty() || !(lon.is_finite() && lat.is_finite()) {
            return f64::INFINITY;
        }
        let Some(first) = self.inner.tree.nearest_neighbor_iter(&[lon, lat]).next() else {
            return f64::INFINITY;
        };
        let bound = geodesic::point_segment_m(lon, lat, &first.seg);
        self.search_m(lon, lat, bound, bound, None) / 1000.0
    }

    /// Whether the geodesic distance is at most `km`. Always agrees with
    /// `distance_km(lon, lat) <= km`, but stops at the first segment close enough.
    pub fn within_km(&self, lon: f64, lat: f64, km: f64) -> bool {
        if self.inner.segs.is_empty() || !(lon.is_finite() && lat.is_finite()) || km.is_nan() || km < 0.0 {
            return false;
        }
        let limit = km * 1000.0;
        self.search_m(lon, lat, limit, f64::INFINITY, Some(limit)) / 1000.0 <= km
    }

    /// The smallest geodesic distance (m) over segments that may lie within `bound` metres,
    /// starting from `best`; returns early once a distance `<= stop_at` is found.
    fn search_m(&self, lon: f64, lat: f64, bound: f64, mut best: f64, stop_at: Option<f64>) -> f64 {
        // Any point within `bound` of (lon, lat) differs in latitude by at most
        // bound / M_MIN radians, and in longitude by at most bound / (a cos(lat_far))
        // radians, where lat_far is the band's latitude farthest from the equator.
        let reach = bound * 1.001 + 1e-6;
        let dlat = (reach / M_MIN).to_degrees() + 1e-9;
        let lat_far = (lat.abs() + dlat).min(90.0);
        let cos_far = lat_far.to_radians().cos();
        let dlon = if cos_far < 1e-6 {
            360.0
        } else {
            (reach / (A * cos_far)).to_degrees() + 1e-9
        };
        let dlon = dlon.min(360.0);
        let envelope = AABB::from_corners([lon - dlon, lat - dlat], [lon + dlon, lat + dlat]);
        // A rigorous lower bound: along any path, north-south progress costs at least
        // M_MIN per radian and east-west progress at least a cos(lat_far) per radian.
        let kx = (A * cos_far).to_radians().max(0.0);
        let ky = M_MIN.to_radians();
        let mut ranked: Vec<(f64, Seg)> = self
            .inner
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .filter_map(|s| {
                let mapped = [
                    (s.seg[0] - lon) * kx,
                    (s.seg[1] - lat) * ky,
                    (s.seg[2] - lon) * kx,
                    (s.seg[3] - lat) * ky,
                ];
                let lower = point_segment_distance(0.0, 0.0, &mapped) * (1.0 - 1e-9);
                (lower <= reach).then_some((lower, s.seg))
            })
            .collect();
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (lower, seg) in ranked {
            if lower > best {
                break;
            }
            let d = geodesic::point_segment_m(lon, lat, &seg);
            if d < best {
                best = d;
                if stop_at.is_some_and(|limit| best <= limit) {
                    break;
                }
            }
        }
        best
    }
}

/// The point of the segment closest to `c`.
fn closest_point(s: &Seg, c: [f64; 2]) -> [f64; 2] {
    let (dx, dy) = (s[2] - s[0], s[3] - s[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return [s[0], s[1]];
    }
    let t = (((c[0] - s[0]) * dx + (c[1] - s[1]) * dy) / len2).clamp(0.0, 1.0);
    [s[0] + t * dx, s[1] + t * dy]
}

/// Drops from a cell's candidate list (sorted by distance from the centre `c`) the
/// segments that cannot be nearest anywhere in the cell.
///
/// For a segment `s` with closest point `p` to `c` at distance `d > 0` and unit normal
/// `n = (c - p) / d`, the segment lies in the half-plane `(x - p) . n <= 0`, so
/// `dist(q, s) >= d + (q - c) . n` for every `q` (a linear lower bound). Another segment
/// `s'` is never farther from `q` than `|q - p'|` for a fixed point `p'` of it (a convex
/// upper bound). When the lower bound of `s` exceeds the upper bound of `s'` at the four
/// corners of the cell, it does so everywhere in the cell (their difference is concave),
/// so `s'` always beats `s` and `s` is dropped. The dominators tried are the segments
/// nearest to the centre and to each corner.
fn prune_dominated(segs: &[Seg], found: &mut Vec<(f64, u32)>, c: [f64; 2], half: [f64; 2]) {
    if found.len() <= 1 {
        return;
    }
    let corners = [
        [c[0] - half[0], c[1] - half[1]],
        [c[0] + half[0], c[1] - half[1]],
        [c[0] - half[0], c[1] + half[1]],
        [c[0] + half[0], c[1] + half[1]],
    ];
    let mut dominators: Vec<u32> = vec![found[0].1];
    for k in &corners {
        let nearest = found
            .iter()
            .map(|&(_, id)| (point_segment_distance2(k[0], k[1], &segs[id as usize]), id))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, id)) = nearest
            && !dominators.contains(&id)
        {
            dominators.push(id);
        }
    }
    let slack = 1e-9 * (1.0 + half[0] + half[1]);
    // Upper bound of each dominator at each corner, plus the slack.
    let uppers: Vec<(u32, [f64; 4])> = dominators
        .iter()
        .map(|&id| {
            let a = closest_point(&segs[id as usize], c);
            let at = |k: &[f64; 2]| ((k[0] - a[0]) * (k[0] - a[0]) + (k[1] - a[1]) * (k[1] - a[1])).sqrt() + slack;
            (id, [at(&corners[0]), at(&corners[1]), at(&corners[2]), at(&corners[3])])
        })
        .collect();
    found.retain(|&(_, id)| {
        let p = closest_point(&segs[id as usize], c);
        let (ux, uy) = (c[0] - p[0], c[1] - p[1]);
        let d = (ux * ux + uy * uy).sqrt();
        if d == 0.0 {
            return true;
        }
        let (nx, ny) = (ux / d, uy / d);
        let lower = corners.map(|k| d + (k[0] - c[0]) * nx + (k[1] - c[1]) * ny);
        let dominated = uppers
            .iter()
            .any(|(other, upper)| *other != id && (0..4).all(|i| lower[i] > upper[i]));
        !dominated
    });
}

/// Squared planar distance from a point to a segment (for comparisons only).
#[inline]
fn point_segment_distance2(px: f64, py: f64, s: &Seg) -> f64 {
    let q = closest_point(s, [px, py]);
    (px - q[0]) * (px - q[0]) + (py - q[1]) * (py - q[1])
}

/// Builds the cells' candidate lists top-down: a block of cells is split in two along its
/// longer side, and each half keeps only the segments of its parent's list that can still
/// be nearest somewhere in it (a segment nearest to a point of the half is nearest to a
/// point of the parent, so nothing is lost), until single cells remain.
struct GridBuilder<'a> {
    segs: &'a [Seg],
    min_x: f64,
    min_y: f64,
    cell_w: f64,
    cell_h: f64,
    nx: usize,
    lists: Vec<Vec<u32>>,
    centre_dist: Vec<f64>,
}

impl GridBuilder<'_> {
    fn split(&mut self, cols: [usize; 2], rows: [usize; 2], parent: &[u32]) {
        let x0 = self.min_x + cols[0] as f64 * self.cell_w;
        let x1 = self.min_x + cols[1] as f64 * self.cell_w;
        let y0 = self.min_y + rows[0] as f64 * self.cell_h;
        let y1 = self.min_y + rows[1] as f64 * self.cell_h;
        let c = [0.5 * (x0 + x1), 0.5 * (y0 + y1)];
        let half = [0.5 * (x1 - x0), 0.5 * (y1 - y0)];
        let reach_extra = 2.0 * half[0].hypot(half[1]);
        let mut found: Vec<(f64, u32)> = parent
            .iter()
            .map(|&id| (point_segment_distance(c[0], c[1], &self.segs[id as usize]), id))
            .collect();
        let dc = found.iter().map(|f| f.0).fold(f64::INFINITY, f64::min);
        // Any point of the block is within half its diagonal of the centre: its nearest
        // segment is within dc + 2 * half-diagonal of the centre.
        let reach = (dc + reach_extra) * (1.0 + 1e-9) + 1e-12;
        found.retain(|f| f.0 <= reach);
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        prune_dominated(self.segs, &mut found, c, half);
        let ids: Vec<u32> = found.iter().map(|f| f.1).collect();
        let (width, height) = (cols[1] - cols[0], rows[1] - rows[0]);
        if width == 1 && height == 1 {
            let cell = rows[0] * self.nx + cols[0];
            self.lists[cell] = ids;
            self.centre_dist[cell] = dc;
        } else if width >= height {
            let mid = cols[0] + width / 2;
            self.split([cols[0], mid], rows, &ids);
            self.split([mid, cols[1]], rows, &ids);
        } else {
            let mid = rows[0] + height / 2;
            self.split(cols, [rows[0], mid], &ids);
            self.split(cols, [mid, rows[1]], &ids);
        }
    }
}

impl Grid {
    fn build(segs: &[Seg]) -> Grid {
        let mut min_x = f64::INFINITY;
        let mut min_y = f64::INFINITY;
        let mut max_x = f64::NEG_INFINITY;
        let mut max_y = f64::NEG_INFINITY;
        for s in segs {
            min_x = min_x.min(s[0]).min(s[2]);
            max_x = max_x.max(s[0]).max(s[2]);
            min_y = min_y.min(s[1]).min(s[3]);
            max_y = max_y.max(s[1]).max(s[3]);
        }
        // Widen by a margin so that nearby points outside the lines' box use the grid too.
        let margin = 0.05 * (max_x - min_x).max(max_y - min_y) + 1e-6;
        min_x -= margin;
        min_y -= margin;
        max_x += margin;
        max_y += margin;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let target = (segs.len() as f64 * CELLS_PER_SEGMENT).clamp(MIN_CELLS, MAX_CELLS);
        let side = (width * height / target).sqrt();
        let nx = ((width / side).ceil() as usize).clamp(1, 4096);
        let ny = ((height / side).ceil() as usize).clamp(1, 4096);
        let (cell_w, cell_h) = (width / nx as f64, height / ny as f64);
        let half_diag = 0.5 * cell_w.hypot(cell_h);
        let mut builder = GridBuilder {
            segs,
            min_x,
            min_y,
            cell_w,
            cell_h,
            nx,
            lists: vec![Vec::new(); nx * ny],
            centre_dist: vec![f64::INFINITY; nx * ny],
        };
        let all: Vec<u32> = (0..segs.len() as u32).collect();
        builder.split([0, nx], [0, ny], &all);
        let mut offsets = Vec::with_capacity(nx * ny + 1);
        let mut candidates: Vec<u32> = Vec::with_capacity(builder.lists.iter().map(Vec::len).sum());
        for list in &builder.lists {
            offsets.push(candidates.len() as u32);
            candidates.extend_from_slice(list);
        }
        offsets.push(candidates.len() as u32);
        let centre_dist = builder.centre_dist;
        Grid {
            min_x,
            min_y,
            max_x,
            max_y,
            inv_w: 1.0 / cell_w,
            inv_h: 1.0 / cell_h,
            nx,
            ny,
            half_diag,
            centre_dist,
            offsets,
            candidates,
        }
    }

    /// The cell holding the point, when it lies within the grid. Points on the far edges
    /// go to the last cell, which still holds them within its half-diagonal.
    #[inline]
    fn cell_of(&self, x: f64, y: f64) -> Option<usize> {
        if !(x >= self.min_x && x <= self.max_x && y >= self.min_y && y <= self.max_y) {
            return None;
        }
        let c = (((x - self.min_x) * self.inv_w) as usize).min(self.nx - 1);
        let r = (((y - self.min_y) * self.inv_h) as usize).min(self.ny - 1);
        Some(r * self.nx + c)
    }

    #[inline]
    fn cell_candidates(&self, cell: usize) -> &[u32] {
        &self.candidates[self.offsets[cell] as usize..self.offsets[cell + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::LineString;

    #[test]
    fn point_on_a_cell_corner_is_within_zero() {
        // Found by fuzzing: the diagonal edge passes exactly through a grid corner, where
        // the centre's distance equals the half-diagonal up to rounding.
        let ring = LineString::from(vec![
            (31.0, 48.0),
            (31.0, 48.0),
            (31.0, 49.0),
            (30.0, 49.0),
            (31.0, 48.0),
        ]);
        let index = LineIndex::new(vec![ring]);
        assert_eq!(index.distance_deg(30.5, 48.5), 0.0);
        assert!(index.within_deg(30.5, 48.5, 0.0));
        assert!(index.within_km(30.5, 48.5, 0.0));
        assert_eq!(index.distance_km(30.5, 48.5), 0.0);
    }

    #[test]
    fn empty_index_is_infinitely_far() {
        let index = LineIndex::new(Vec::new());
        assert!(index.is_empty());
        assert_eq!(index.distance_deg(30.0, 48.0), f64::INFINITY);
        assert_eq!(index.distance_km(30.0, 48.0), f64::INFINITY);
        assert!(!index.within_deg(30.0, 48.0, 1e9));
        assert!(!index.within_km(30.0, 48.0, 1e9));
    }
}
