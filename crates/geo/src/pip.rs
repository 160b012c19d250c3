//! The point-in-territory index: a uniform grid of cells classified inside / outside /
//! boundary, with an exact test inside boundary cells.
//!
//! Build:
//! 1. Every ring edge is registered in every cell that its segment touches (a supercover
//!    widened by a tiny pad, so registration errs on the side of too many cells).
//! 2. Each cell's centre is classified by a scanline along the row's centre line: the
//!    edges straddling that line are sorted by where they cross it, and the parity of the
//!    crossings left of the centre gives inside / outside. Crossings within a hair of the
//!    centre are decided with exact orientation tests, so the classification is exact.
//!    A cell no edge touches is wholly inside or wholly outside, like its centre.
//! 3. A boundary cell whose centre lies exactly on an edge is marked "unknown".
//!
//! Query: a point outside the bounding box is outside; in a plain cell the answer is the
//! cell's; in a boundary cell the answer is the centre's status flipped once per edge of
//! the cell that properly crosses the segment from the point to the centre (exact
//! orientation tests). A point exactly on an edge is outside (not contained, as in geo's
//! `Contains` and shapely's `contains_xy`). Any degenerate configuration (a vertex exactly
//! on that segment, an "unknown" cell) falls back to an exact crossing count over all
//! edges, so every answer is exact.

use geo::kernels::Orientation;

#[cfg(test)]
use crate::segment::contains_exact;
use crate::segment::{Location, Seg, crosses_left, locate_exact, on_segment, orient};

const OUTSIDE: u8 = 0;
const INSIDE: u8 = 1;
const EDGE_CENTRE_OUT: u8 = 2;
const EDGE_CENTRE_IN: u8 = 3;
const EDGE_CENTRE_UNKNOWN: u8 = 4;

/// Grid resolution: about this many cells per edge, within [`MIN_CELLS`, `MAX_CELLS`].
const CELLS_PER_EDGE: f64 = 64.0;
const MIN_CELLS: f64 = 4096.0;
const MAX_CELLS: f64 = 1_048_576.0;
const MAX_SIDE: usize = 4096;

#[derive(Debug, Clone)]
pub(crate) struct PointIndex {
    /// Closed bounding box of all edges.
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
    cell_w: f64,
    cell_h: f64,
    inv_w: f64,
    inv_h: f64,
    nx: usize,
    ny: usize,
    status: Vec<u8>,
    /// Per block of 64 cells: which are boundary cells (bit i for cell 64 b + i), and how
    /// many boundary cells precede the block. This finds a boundary cell's ordinal
    /// without a 4-byte offset for every cell.
    blocks: Vec<(u64, u32)>,
    /// Start of each boundary cell's edges in `cell_edges`, by ordinal (plus the end).
    ranges: Vec<u32>,
    /// Copies of the edges, grouped by cell (boundary cells only, in cell order).
    cell_edges: Vec<Seg>,
    /// All edges, for the exact fallback.
    edges: Vec<Seg>,
}

impl PointIndex {
    pub(crate) fn new(edges: Vec<Seg>) -> PointIndex {
        Self::with_density(edges, CELLS_PER_EDGE)
    }

    /// An index with about `cells_per_edge` cells per edge (a coarse one is enough for
    /// a handful of queries).
    pub(crate) fn with_density(edges: Vec<Seg>, cells_per_edge: f64) -> PointIndex {
        let mut min_x = f64::INFINITY;
        let mut min_y = f64::INFINITY;
        let mut max_x = f64::NEG_INFINITY;
        let mut max_y = f64::NEG_INFINITY;
        for s in &edges {
            min_x = min_x.min(s[0]).min(s[2]);
            max_x = max_x.max(s[0]).max(s[2]);
            min_y = min_y.min(s[1]).min(s[3]);
            max_y = max_y.max(s[1]).max(s[3]);
        }
        if edges.is_empty() || !(min_x.is_finite() && max_x.is_finite() && min_y.is_finite() && max_y.is_finite()) {
            return PointIndex {
                min_x: 1.0,
                min_y: 1.0,
                max_x: 0.0,
                max_y: 0.0,
                cell_w: 1.0,
                cell_h: 1.0,
                inv_w: 1.0,
                inv_h: 1.0,
                nx: 0,
                ny: 0,
                status: Vec::new(),
                blocks: Vec::new(),
                ranges: vec![0],
                cell_edges: Vec::new(),
                edges,
            };
        }
        let width = (max_x - min_x).max(f64::MIN_POSITIVE);
        let height = (max_y - min_y).max(f64::MIN_POSITIVE);
        let target = (edges.len() as f64 * cells_per_edge).clamp(MIN_CELLS, MAX_CELLS);
        let side = (width * height / target).sqrt();
        let nx = ((width / side).ceil() as usize).clamp(1, MAX_SIDE);
        let ny = ((height / side).ceil() as usize).clamp(1, MAX_SIDE);
        let cell_w = width / nx as f64;
        let cell_h = height / ny as f64;
        let mut index = PointIndex {
            min_x,
            min_y,
            max_x,
            max_y,
            cell_w,
            cell_h,
            inv_w: 1.0 / cell_w,
            inv_h: 1.0 / cell_h,
            nx,
            ny,
            status: vec![OUTSIDE; nx * ny],
            blocks: Vec::new(),
            ranges: Vec::new(),
            cell_edges: Vec::new(),
            edges,
        };
        let offsets = index.register_edges();
        index.classify(&offsets);
        index.compact(&offsets);
        index
    }

    /// Keeps the edge ranges of boundary cells only, found through `blocks`.
    fn compact(&mut self, offsets: &[u32]) {
        let cells = self.status.len();
        let mut blocks = Vec::with_capacity(cells.div_ceil(64));
        let mut ranges = Vec::new();
        for start in (0..cells).step_by(64) {
            let mut mask = 0u64;
            let before = ranges.len() as u32;
            for cell in start..(start + 64).min(cells) {
                if offsets[cell] != offsets[cell + 1] {
                    mask |= 1 << (cell - start);
                    ranges.push(offsets[cell]);
                }
            }
            blocks.push((mask, before));
        }
        ranges.push(offsets[cells]);
        self.blocks = blocks;
        self.ranges = ranges;
    }

    /// Cells (row, first column, last column) touched by a segment, padded.
    fn for_each_cell_run(&self, s: &Seg, mut f: impl FnMut(usize, usize, usize)) {
        let pad_x = self.cell_w * 1e-6;
        let pad_y = self.cell_h * 1e-6;
        let (lo_y, hi_y) = (s[1].min(s[3]), s[1].max(s[3]));
        let r0 = self.row_of(lo_y - pad_y);
        let r1 = self.row_of(hi_y + pad_y);
        for r in r0..=r1 {
            let band_lo = (self.min_y + r as f64 * self.cell_h - pad_y).max(lo_y);
            let band_hi = (self.min_y + (r + 1) as f64 * self.cell_h + pad_y).min(hi_y);
            let (x_a, x_b) = if s[1] == s[3] {
                (s[0], s[2])
            } else {
                let at = |y: f64| s[0] + (y - s[1]) * (s[2] - s[0]) / (s[3] - s[1]);
                (at(band_lo), at(band_hi))
            };
            let c0 = self.col_of(x_a.min(x_b) - pad_x);
            let c1 = self.col_of(x_a.max(x_b) + pad_x);
            f(r, c0, c1);
        }
    }

    #[inline]
    fn col_of(&self, x: f64) -> usize {
        let c = ((x - self.min_x) * self.inv_w).floor();
        if c <= 0.0 { 0 } else { (c as usize).min(self.nx - 1) }
    }

    #[inline]
    fn row_of(&self, y: f64) -> usize {
        let r = ((y - self.min_y) * self.inv_h).floor();
        if r <= 0.0 { 0 } else { (r as usize).min(self.ny - 1) }
    }

    /// Copies each edge into the cells it touches; returns where each cell's edges start
    /// (`nx * ny + 1` entries).
    fn register_edges(&mut self) -> Vec<u32> {
        let cells = self.nx * self.ny;
        let mut counts = vec![0u32; cells + 1];
        for s in &self.edges {
            self.for_each_cell_run(s, |r, c0, c1| {
                for c in c0..=c1 {
                    counts[r * self.nx + c] += 1;
                }
            });
        }
        let mut offsets = Vec::with_capacity(cells + 1);
        let mut total = 0u32;
        for count in &counts[..cells] {
            offsets.push(total);
            total += count;
        }
        offsets.push(total);
        let mut fill = offsets.clone();
        let mut cell_edges = vec![[0.0; 4]; total as usize];
        for s in &self.edges {
            self.for_each_cell_run(s, |r, c0, c1| {
                for c in c0..=c1 {
                    let cell = r * self.nx + c;
                    cell_edges[fill[cell] as usize] = *s;
                    fill[cell] += 1;
                }
            });
        }
        self.cell_edges = cell_edges;
        offsets
    }

    fn classify(&mut self, offsets: &[u32]) {
        // Edges straddling each row's centre line (half-open in y, as in `crosses_left`).
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.ny];
        for (i, s) in self.edges.iter().enumerate() {
            if s[1] == s[3] {
                continue;
            }
            let (lo, hi) = (s[1].min(s[3]), s[1].max(s[3]));
            let r0 = self.row_of(lo);
            let r1 = self.row_of(hi);
            for (r, row) in rows.iter_mut().enumerate().take(r1 + 1).skip(r0) {
                let yc = self.row_centre(r);
                if (s[1] <= yc) != (s[3] <= yc) {
                    row.push(i as u32);
                }
            }
        }
        let mut crossings: Vec<(f64, u32)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let yc = self.row_centre(r);
            crossings.clear();
            crossings.extend(row.iter().map(|&i| {
                let s = &self.edges[i as usize];
                (s[0] + (yc - s[1]) * (s[2] - s[0]) / (s[3] - s[1]), i)
            }));
            crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut lo = 0;
            for c in 0..self.nx {
                let xc = self.col_centre(c);
                let tol = 1e-9 * (1.0 + xc.abs());
                while lo < crossings.len() && crossings[lo].0 < xc - tol {
                    lo += 1;
                }
                let mut left = lo;
                let mut unknown = false;
                for &(x, i) in crossings[lo..].iter() {
                    if x > xc + tol {
                        break;
                    }
                    let s = &self.edges[i as usize];
                    if on_segment(s, xc, yc) {
                        unknown = true;
                    } else if crosses_left(s, xc, yc) {
                        left += 1;
                    }
                }
                let cell = r * self.nx + c;
                let inside = left % 2 == 1;
                let edges = &self.cell_edges[offsets[cell] as usize..offsets[cell + 1] as usize];
                let boundary = !edges.is_empty();
                self.status[cell] = if !boundary {
                    if inside { INSIDE } else { OUTSIDE }
                } else if unknown || edges.iter().any(|s| on_segment(s, xc, yc)) {
                    EDGE_CENTRE_UNKNOWN
                } else if inside {
                    EDGE_CENTRE_IN
                } else {
                    EDGE_CENTRE_OUT
                };
            }
        }
    }

    #[inline]
    fn row_centre(&self, r: usize) -> f64 {
        self.min_y + (r as f64 + 0.5) * self.cell_h
    }

    #[inline]
    fn col_centre(&self, c: usize) -> f64 {
        self.min_x + (c as f64 + 0.5) * self.cell_w
    }

    /// The edges of a boundary cell (after `compact`).
    #[inline]
    fn cell_slice(&self, cell: usize) -> &[Seg] {
        let (mask, before) = self.blocks[cell / 64];
        let below = mask & ((1u64 << (cell % 64)) - 1);
        let ordinal = (before + below.count_ones()) as usize;
        &self.cell_edges[self.ranges[ordinal] as usize..self.ranges[ordinal + 1] as usize]
    }

    /// Exact point-in-territory test (boundary points are not contained).
    #[inline]
    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        self.locate(x, y) == Location::Inside
    }

    /// Exact location of a point: inside, outside, or on the boundary.
    #[inline]
    pub(crate) fn locate(&self, x: f64, y: f64) -> Location {
        if !(x >= self.min_x && x <= self.max_x && y >= self.min_y && y <= self.max_y) {
            return Location::Outside;
        }
        let c = (((x - self.min_x) * self.inv_w) as usize).min(self.nx - 1);
        let r = (((y - self.min_y) * self.inv_h) as usize).min(self.ny - 1);
        let cell = r * self.nx + c;
        match self.status[cell] {
            OUTSIDE => Location::Outside,
            INSIDE => Location::Inside,
            status => self.boundary_cell(cell, status, r, c, x, y),
        }
    }

    #[cold]
    fn fallback(&self, x: f64, y: f64) -> Location {
        locate_exact(&self.edges, x, y)
    }

    fn boundary_cell(&self, cell: usize, status: u8, r: usize, c: usize, x: f64, y: f64) -> Location {
        if status == EDGE_CENTRE_UNKNOWN {
            return self.fallback(x, y);
        }
        let xc = self.col_centre(c);
        let yc = self.row_centre(r);
        let (lo_x, hi_x) = (x.min(xc), x.max(xc));
        let (lo_y, hi_y) = (y.min(yc), y.max(yc));
        let mut inside = status == EDGE_CENTRE_IN;
        for s in self.cell_slice(cell) {
            if s[0].max(s[2]) < lo_x || s[0].min(s[2]) > hi_x || s[1].max(s[3]) < lo_y || s[1].min(s[3]) > hi_y {
                continue;
            }
            let o_p = orient(s[0], s[1], s[2], s[3], x, y);
            if o_p == Orientation::Collinear {
                if on_segment(s, x, y) {
                    return Location::Boundary;
                }
                // On the edge's line but off the edge: the point-centre segment meets that
                // line only at the point, so it cannot cross the edge.
                continue;
            }
            let o_c = orient(s[0], s[1], s[2], s[3], xc, yc);
            if o_c == Orientation::Collinear || o_c == o_p {
                continue;
            }
            let o_a = orient(x, y, xc, yc, s[0], s[1]);
            let o_b = orient(x, y, xc, yc, s[2], s[3]);
            if o_a == Orientation::Collinear || o_b == Orientation::Collinear {
                // A vertex lies exactly on the point-centre segment.
                return self.fallback(x, y);
            }
            if o_a != o_b {
                inside = !inside;
            }
        }
        if inside { Location::Inside } else { Location::Outside }
    }

    /// Share of cells that are boundary cells (for diagnostics and tuning).
    pub(crate) fn boundary_share(&self) -> f64 {
        if self.status.is_empty() {
            return 0.0;
        }
        self.status.iter().filter(|&&s| s >= EDGE_CENTRE_OUT).count() as f64 / self.status.len() as f64
    }

    /// Grid size `(columns, rows)`.
    pub(crate) fn dims(&self) -> (usize, usize) {
        (self.nx, self.ny)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square_with_hole() -> Vec<Seg> {
        vec![
            [0.0, 0.0, 4.0, 0.0],
            [4.0, 0.0, 4.0, 4.0],
            [4.0, 4.0, 0.0, 4.0],
            [0.0, 4.0, 0.0, 0.0],
            [1.0, 1.0, 1.0, 3.0],
            [1.0, 3.0, 3.0, 3.0],
            [3.0, 3.0, 3.0, 1.0],
            [3.0, 1.0, 1.0, 1.0],
        ]
    }

    #[test]
    fn agrees_with_exact_on_a_lattice_including_boundaries() {
        let edges = square_with_hole();
        let index = PointIndex::new(edges.clone());
        for i in -10..=90 {
            for j in -10..=90 {
                let (x, y) = (i as f64 / 20.0, j as f64 / 20.0);
                assert_eq!(index.contains(x, y), contains_exact(&edges, x, y), "({x}, {y})");
            }
        }
    }

    #[test]
    fn empty_index_contains_nothing() {
        let index = PointIndex::new(Vec::new());
        assert!(!index.contains(0.0, 0.0));
        assert!(!index.contains(f64::NAN, 0.0));
    }
}
