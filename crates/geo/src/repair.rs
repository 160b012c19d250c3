//! Repairs that turn a MultiPolygon as found in the wild into a valid one, each reported.
//!
//! The pass never touches a valid geometry's coordinates except to reverse a ring's
//! order, so a valid input keeps exact parity with other tools (shapely, GEOS) on the very
//! same vertices. Only when a real defect is found is the affected part rebuilt by a
//! boolean overlay (geo's `BooleanOps`, backed by i_overlay), which snaps to a very fine
//! integer grid (about 1e-8 degrees here).

use std::fmt;

use geo::bool_ops::{BooleanOps, FillRule, OpType, unary_union};
use geo::kernels::Orientation;
use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{Area, Coord, Line, LineString, MultiPolygon, Polygon};

use crate::pip::PointIndex;
use crate::segment::{Location, Seg, locate_exact, orient};

/// What a repair did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RepairKind {
    /// A ring whose last position differed from its first was closed.
    ClosedRing,
    /// A ring with fewer than 3 distinct points, or all points on one line (zero area),
    /// was dropped (with its polygon when it was the exterior).
    DroppedDegenerateRing,
    /// A ring with a non-finite or out-of-range coordinate was dropped.
    DroppedInvalidCoordinates,
    /// A ring was reversed: exteriors counter-clockwise, holes clockwise.
    Reoriented,
    /// A polygon whose rings cross themselves or each other (a bow-tie, a hole crossing
    /// or outside its shell) was rebuilt with the even-odd rule.
    FixedSelfIntersection,
    /// Polygons that overlap or share an edge were merged into their union.
    MergedOverlappingParts,
}

/// One repair: which polygon(s) of the input MultiPolygon, which ring (0 = exterior,
/// `k` = hole `k - 1`), what was done and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    /// Indices of the input polygons concerned (one, or two or more for a merge).
    pub polygons: Vec<usize>,
    /// Ring within the polygon, when the repair concerns one ring.
    pub ring: Option<usize>,
    /// What was done.
    pub kind: RepairKind,
    /// Human-readable account of the defect and the fix.
    pub detail: String,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.polygons.as_slice() {
            [] => {}
            [one] => write!(f, "polygon {one}")?,
            many => {
                let list: Vec<String> = many.iter().map(ToString::to_string).collect();
                write!(f, "polygons {}", list.join(", "))?;
            }
        }
        match self.ring {
            Some(0) => write!(f, ", exterior ring")?,
            Some(k) => write!(f, ", hole {}", k - 1)?,
            None => {}
        }
        write!(f, ": {}", self.detail)
    }
}

fn ring_name(ring: usize) -> String {
    if ring == 0 {
        "exterior ring".to_owned()
    } else {
        format!("hole {}", ring - 1)
    }
}

/// Twice the signed (shoelace) area of a closed ring; positive when counter-clockwise.
fn signed_area2(ring: &LineString<f64>) -> f64 {
    ring.0.windows(2).map(|w| w[0].x * w[1].y - w[1].x * w[0].y).sum()
}

fn valid_coord(c: &Coord<f64>) -> bool {
    c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0
}

/// True when the ring has fewer than 3 distinct points or all its points are collinear.
fn is_degenerate(ring: &LineString<f64>) -> bool {
    let pts = &ring.0;
    let Some(first) = pts.first() else { return true };
    let Some(second) = pts.iter().find(|c| *c != first) else {
        return true;
    };
    let mut distinct = 2;
    let mut third_found = false;
    for c in pts {
        if c != first && c != second {
            distinct = 3;
            if orient(first.x, first.y, second.x, second.y, c.x, c.y) != Orientation::Collinear {
                third_found = true;
                break;
            }
        }
    }
    distinct < 3 || !third_found
}

/// Checks one ring, closing it when open. Returns `None` when it must be dropped.
fn clean_ring(
    mut ring: LineString<f64>,
    polygon: usize,
    index: usize,
    repairs: &mut Vec<Repair>,
) -> Option<LineString<f64>> {
    if let Some(bad) = ring.0.iter().find(|c| !valid_coord(c)) {
        repairs.push(Repair {
            polygons: vec![polygon],
            ring: Some(index),
            kind: RepairKind::DroppedInvalidCoordinates,
            detail: format!(
                "{} dropped: coordinate ({}, {}) is not a finite longitude in [-180, 180] and latitude in [-90, 90]",
                ring_name(index),
                bad.x,
                bad.y
            ),
        });
        return None;
    }
    if !ring.0.is_empty() && !ring.is_closed() {
        ring.close();
        repairs.push(Repair {
            polygons: vec![polygon],
            ring: Some(index),
            kind: RepairKind::ClosedRing,
            detail: format!("{} was not closed; its first position was appended", ring_name(index)),
        });
    }
    if is_degenerate(&ring) {
        repairs.push(Repair {
            polygons: vec![polygon],
            ring: Some(index),
            kind: RepairKind::DroppedDegenerateRing,
            detail: format!(
                "{} dropped: fewer than 3 distinct points or zero area{}",
                ring_name(index),
                if index == 0 { " (with the whole polygon)" } else { "" }
            ),
        });
        return None;
    }
    Some(ring)
}

fn orient_ring(ring: &mut LineString<f64>, ccw: bool, polygon: usize, index: usize, repairs: &mut Vec<Repair>) {
    let area = signed_area2(ring);
    // A ring whose signed area is zero (a symmetric bow-tie) has no orientation to fix.
    if (ccw && area < 0.0) || (!ccw && area > 0.0) {
        ring.0.reverse();
        repairs.push(Repair {
            polygons: vec![polygon],
            ring: Some(index),
            kind: RepairKind::Reoriented,
            detail: format!(
                "{} reversed to run {}",
                ring_name(index),
                if ccw { "counter-clockwise" } else { "clockwise" }
            ),
        });
    }
}

/// Orients a polygon quietly (used on overlay output, which is new geometry).
fn normalise(poly: Polygon<f64>) -> Polygon<f64> {
    let (mut exterior, mut interiors) = poly.into_inner();
    if signed_area2(&exterior) < 0.0 {
        exterior.0.reverse();
    }
    for hole in &mut interiors {
        if signed_area2(hole) > 0.0 {
            hole.0.reverse();
        }
    }
    Polygon::new(exterior, interiors)
}

/// Repairs a MultiPolygon; see [`RepairKind`] for what is fixed. The result is valid
/// (exteriors counter-clockwise, holes clockwise, no crossings, no overlapping parts) and
/// may be empty when nothing survived.
pub fn repair(mp: MultiPolygon<f64>) -> (MultiPolygon<f64>, Vec<Repair>) {
    let mut repairs = Vec::new();
    // Ring-level clean-up; remember each surviving polygon's input index.
    let mut polys: Vec<(usize, Polygon<f64>)> = Vec::new();
    for (pi, poly) in mp.0.into_iter().enumerate() {
        let (exterior, interiors) = poly.into_inner();
        if exterior.0.is_empty() && interiors.is_empty() {
            continue;
        }
        let Some(mut exterior) = clean_ring(exterior, pi, 0, &mut repairs) else {
            continue;
        };
        orient_ring(&mut exterior, true, pi, 0, &mut repairs);
        let mut holes = Vec::new();
        for (k, hole) in interiors.into_iter().enumerate() {
            if let Some(mut hole) = clean_ring(hole, pi, k + 1, &mut repairs) {
                orient_ring(&mut hole, false, pi, k + 1, &mut repairs);
                holes.push(hole);
            }
        }
        polys.push((pi, Polygon::new(exterior, holes)));
    }

    // Polygon-level: crossings within a polygon, holes outside their shell.
    let problems = find_problems(&polys);
    let mut rebuilt: Vec<(usize, Polygon<f64>)> = Vec::new();
    for (slot, (pi, poly)) in polys.into_iter().enumerate() {
        match problems.invalid.iter().find(|(s, _)| *s == slot) {
            None => rebuilt.push((pi, poly)),
            Some((_, why)) => {
                let empty = MultiPolygon::<f64>::new(Vec::new());
                let fixed = poly.boolean_op_with_fill_rule(&empty, OpType::Union, FillRule::EvenOdd);
                repairs.push(Repair {
                    polygons: vec![pi],
                    ring: None,
                    kind: RepairKind::FixedSelfIntersection,
                    detail: format!(
                        "{why}; rebuilt with the even-odd rule into {} polygon(s)",
                        fixed.0.len()
                    ),
                });
                rebuilt.extend(fixed.0.into_iter().map(|p| (pi, normalise(p))));
            }
        }
    }

    // MultiPolygon-level: overlapping parts or parts sharing an edge are merged. When no
    // polygon was rebuilt, the first pass already found the overlaps (same indices).
    let problems = if problems.invalid.is_empty() {
        problems
    } else {
        find_problems(&rebuilt)
    };
    if problems.overlaps.is_empty() {
        let out = MultiPolygon::new(rebuilt.into_iter().map(|(_, p)| p).collect());
        return (out, repairs);
    }
    let mut pairs: Vec<(usize, usize, &'static str)> = problems
        .overlaps
        .iter()
        .map(|&(a, b, why)| {
            let (x, y) = (rebuilt[a].0, rebuilt[b].0);
            (x.min(y), x.max(y), why)
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut involved: Vec<usize> = pairs.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let shown: Vec<String> = pairs
        .iter()
        .take(5)
        .map(|(a, b, why)| format!("{a} and {b} {why}"))
        .collect();
    let more = if pairs.len() > 5 {
        format!(" (and {} more pairs)", pairs.len() - 5)
    } else {
        String::new()
    };
    let parts: Vec<Polygon<f64>> = rebuilt.into_iter().map(|(_, p)| p).collect();
    let merged = unary_union(&parts);
    let out = MultiPolygon::new(merged.0.into_iter().map(normalise).collect());
    repairs.push(Repair {
        polygons: involved,
        ring: None,
        kind: RepairKind::MergedOverlappingParts,
        detail: format!(
            "polygons {}{more}; merged by union into {} polygon(s)",
            shown.join(", "),
            out.0.len()
        ),
    });
    (out, repairs)
}

/// Defects found in a set of polygons (indices into the slice given).
#[derive(Debug, Default)]
struct Problems {
    /// Polygons that are invalid on their own, with the reason.
    invalid: Vec<(usize, String)>,
    /// Pairs of polygons that overlap or share an edge.
    overlaps: Vec<(usize, usize, &'static str)>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    seg: Seg,
    poly: u32,
    ring: u32,
    /// Position in the ring (after dropping repeated points) and the ring's edge count.
    idx: u32,
    len: u32,
}

fn rings_of(poly: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(poly.exterior()).chain(poly.interiors())
}

fn bbox(poly: &Polygon<f64>) -> [f64; 4] {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for c in &poly.exterior().0 {
        b[0] = b[0].min(c.x);
        b[1] = b[1].min(c.y);
        b[2] = b[2].max(c.x);
        b[3] = b[3].max(c.y);
    }
    b
}

fn ring_edges_of(ring: &LineString<f64>) -> Vec<Seg> {
    let mut pts: Vec<Coord<f64>> = ring.0.clone();
    pts.dedup();
    pts.windows(2).map(|w| [w[0].x, w[0].y, w[1].x, w[1].y]).collect()
}

fn line_of(s: &Seg) -> Line<f64> {
    Line::new(Coord { x: s[0], y: s[1] }, Coord { x: s[2], y: s[3] })
}

/// Planar area common to two polygons (by boolean overlay).
fn overlap_area(a: &Polygon<f64>, b: &Polygon<f64>) -> f64 {
    a.intersection(b).unsigned_area()
}

/// Where the first vertex of `ring` that is not on the other boundary lies (`None` when
/// every vertex is on it).
fn probe(ring: &LineString<f64>, mut locate: impl FnMut(f64, f64) -> Location) -> Option<Location> {
    ring.0
        .iter()
        .map(|c| locate(c.x, c.y))
        .find(|l| *l != Location::Boundary)
}

fn find_problems(polys: &[(usize, Polygon<f64>)]) -> Problems {
    let mut problems = Problems::default();
    let mut edges: Vec<Edge> = Vec::new();
    for (p, (_, poly)) in polys.iter().enumerate() {
        for (r, ring) in rings_of(poly).enumerate() {
            let segs = ring_edges_of(ring);
            let len = segs.len() as u32;
            edges.extend(segs.into_iter().enumerate().map(|(i, seg)| Edge {
                seg,
                poly: p as u32,
                ring: r as u32,
                idx: i as u32,
                len,
            }));
        }
    }
    let mut invalid: Vec<Option<String>> = vec![None; polys.len()];
    let mut overlaps: Vec<(usize, usize, &'static str)> = Vec::new();
    // Rings that meet at single points: they may still cross there (through a shared
    // vertex, or a vertex on the other's edge), which the area checks below settle.
    let mut touching: Vec<(usize, usize)> = Vec::new();
    let mut ring_touches: Vec<(usize, usize, usize)> = Vec::new();
    for_each_close_pair(&edges, |a, b| {
        let Some(hit) = line_intersection(line_of(&a.seg), line_of(&b.seg)) else {
            return;
        };
        let along_a_line = match hit {
            LineIntersection::SinglePoint { is_proper: true, .. } => None,
            LineIntersection::SinglePoint { is_proper: false, .. } => Some(false),
            LineIntersection::Collinear { intersection } => Some(intersection.start != intersection.end),
        };
        let (pa, pb) = (a.poly as usize, b.poly as usize);
        if pa != pb {
            // Different polygons may touch at points, but not cross or share an edge.
            match along_a_line {
                None => overlaps.push((pa, pb, "cross")),
                Some(true) => overlaps.push((pa, pb, "share an edge")),
                Some(false) => touching.push((pa.min(pb), pa.max(pb))),
            }
            return;
        }
        if a.ring != b.ring {
            // Rings of one polygon may touch at a point only.
            if along_a_line == Some(false) {
                ring_touches.push((pa, a.ring.min(b.ring) as usize, a.ring.max(b.ring) as usize));
            } else if invalid[pa].is_none() {
                invalid[pa] = Some(format!(
                    "{} and {} {}",
                    ring_name(a.ring as usize),
                    ring_name(b.ring as usize),
                    if along_a_line.is_none() {
                        "cross"
                    } else {
                        "share an edge"
                    }
                ));
            }
            return;
        }
        let adjacent =
            a.idx.abs_diff(b.idx) == 1 || (a.len > 2 && a.idx.min(b.idx) == 0 && a.idx.max(b.idx) == a.len - 1);
        if adjacent && along_a_line == Some(false) {
            return;
        }
        if invalid[pa].is_none() {
            invalid[pa] = Some(format!("{} intersects itself", ring_name(a.ring as usize)));
        }
    });

    touching.sort_unstable();
    touching.dedup();
    for (pa, pb) in touching {
        if !overlaps
            .iter()
            .any(|&(x, y, _)| (x, y) == (pa, pb) || (y, x) == (pa, pb))
            && overlap_area(&polys[pa].1, &polys[pb].1) > 0.0
        {
            overlaps.push((pa, pb, "overlap (crossing where they touch)"));
        }
    }
    ring_touches.sort_unstable();
    ring_touches.dedup();
    for (p, r1, r2) in ring_touches {
        if invalid[p].is_some() {
            continue;
        }
        let poly = &polys[p].1;
        let ring = |r: usize| {
            if r == 0 {
                poly.exterior()
            } else {
                &poly.interiors()[r - 1]
            }
        };
        let as_area = |r: usize| {
            let mut ring = ring(r).clone();
            if signed_area2(&ring) < 0.0 {
                ring.0.reverse();
            }
            Polygon::new(ring, Vec::new())
        };
        let bad = if r1 == 0 {
            // A hole must stay within the exterior ring.
            as_area(r2).difference(&as_area(0)).unsigned_area() > 0.0
        } else {
            // Two holes must not overlap.
            overlap_area(&as_area(r1), &as_area(r2)) > 0.0
        };
        if bad {
            invalid[p] = Some(format!(
                "{} and {} cross where they touch",
                ring_name(r1),
                ring_name(r2)
            ));
        }
    }

    // Containment without crossings: holes outside their shell or inside another hole,
    // and whole polygons inside another polygon. Without crossings a ring lies wholly on
    // one side of another, so one vertex off the other's boundary tells.
    for (p, (_, poly)) in polys.iter().enumerate() {
        if invalid[p].is_some() || poly.interiors().is_empty() {
            continue;
        }
        let shell = ring_edges_of(poly.exterior());
        let holes: Vec<Vec<Seg>> = poly.interiors().iter().map(ring_edges_of).collect();
        'holes: for (k, hole) in poly.interiors().iter().enumerate() {
            if probe(hole, |x, y| locate_exact(&shell, x, y)) == Some(Location::Outside) {
                invalid[p] = Some(format!("hole {k} lies outside the exterior ring"));
                break;
            }
            for (j, other) in holes.iter().enumerate() {
                if j != k && probe(hole, |x, y| locate_exact(other, x, y)) == Some(Location::Inside) {
                    invalid[p] = Some(format!("hole {k} lies inside hole {j}"));
                    break 'holes;
                }
            }
        }
    }
    let boxes: Vec<[f64; 4]> = polys.iter().map(|(_, p)| bbox(p)).collect();
    for j in 0..polys.len() {
        let bj = &boxes[j];
        let inner: Vec<usize> = (0..polys.len())
            .filter(|&i| {
                let bi = &boxes[i];
                i != j && bi[0] >= bj[0] && bi[1] >= bj[1] && bi[2] <= bj[2] && bi[3] <= bj[3]
            })
            .collect();
        if inner.is_empty() {
            continue;
        }
        // Polygon i's box lies within j's: test one of i's vertices against j, through a
        // coarse index when there are many to test against a large polygon.
        let j_edges: Vec<Seg> = rings_of(&polys[j].1).flat_map(ring_edges_of).collect();
        let index = (inner.len() * j_edges.len() > 20_000).then(|| PointIndex::with_density(j_edges.clone(), 2.0));
        for i in inner {
            let at = probe(polys[i].1.exterior(), |x, y| match &index {
                Some(index) => index.locate(x, y),
                None => locate_exact(&j_edges, x, y),
            });
            // Every vertex on j's boundary: only the areas can tell.
            if at == Some(Location::Inside) || (at.is_none() && overlap_area(&polys[i].1, &polys[j].1) > 0.0) {
                overlaps.push((i, j, "overlap (one inside the other)"));
            }
        }
    }
    problems.invalid = invalid
        .into_iter()
        .enumerate()
        .filter_map(|(i, why)| why.map(|w| (i, w)))
        .collect();
    problems.overlaps = overlaps;
    problems
}

/// Calls `f` once for every pair of edges whose bounding boxes intersect, using a uniform
/// grid of about eight cells per edge (edges lie along curves, so most cells are empty and
/// the occupied ones hold few edges). Each pair is visited in the one cell holding the
/// lower left corner of the intersection of their boxes.
fn for_each_close_pair(edges: &[Edge], mut f: impl FnMut(&Edge, &Edge)) {
    if edges.len() < 2 {
        return;
    }
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for e in edges {
        b[0] = b[0].min(e.seg[0]).min(e.seg[2]);
        b[1] = b[1].min(e.seg[1]).min(e.seg[3]);
        b[2] = b[2].max(e.seg[0]).max(e.seg[2]);
        b[3] = b[3].max(e.seg[1]).max(e.seg[3]);
    }
    let width = (b[2] - b[0]).max(1e-12);
    let height = (b[3] - b[1]).max(1e-12);
    let target = (8.0 * edges.len() as f64).min(4_194_304.0);
    let side = (width * height / target).sqrt().max(1e-12);
    let nx = ((width / side).ceil() as usize).clamp(1, 4096);
    let ny = ((height / side).ceil() as usize).clamp(1, 4096);
    let (inv_w, inv_h) = (nx as f64 / width, ny as f64 / height);
    let col = |x: f64| (((x - b[0]) * inv_w).max(0.0) as usize).min(nx - 1);
    let row = |y: f64| (((y - b[1]) * inv_h).max(0.0) as usize).min(ny - 1);
    let span = |s: &Seg| {
        (
            row(s[1].min(s[3])),
            row(s[1].max(s[3])),
            col(s[0].min(s[2])),
            col(s[0].max(s[2])),
        )
    };
    // Cells' edge lists in one array (counts, then offsets, then fill).
    let mut start = vec![0u32; nx * ny + 1];
    for e in edges {
        let (r0, r1, c0, c1) = span(&e.seg);
        for r in r0..=r1 {
            for c in c0..=c1 {
                start[r * nx + c + 1] += 1;
            }
        }
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut fill = start.clone();
    let mut list = vec![0u32; start[nx * ny] as usize];
    for (i, e) in edges.iter().enumerate() {
        let (r0, r1, c0, c1) = span(&e.seg);
        for r in r0..=r1 {
            for c in c0..=c1 {
                let cell = r * nx + c;
                list[fill[cell] as usize] = i as u32;
                fill[cell] += 1;
            }
        }
    }
    for cell in 0..nx * ny {
        let here = &list[start[cell] as usize..start[cell + 1] as usize];
        for (k, &i) in here.iter().enumerate() {
            let a = &edges[i as usize];
            for &j in &here[k + 1..] {
                let e = &edges[j as usize];
                let lo_x = a.seg[0].min(a.seg[2]).max(e.seg[0].min(e.seg[2]));
                let lo_y = a.seg[1].min(a.seg[3]).max(e.seg[1].min(e.seg[3]));
                let hi_x = a.seg[0].max(a.seg[2]).min(e.seg[0].max(e.seg[2]));
                let hi_y = a.seg[1].max(a.seg[3]).min(e.seg[1].max(e.seg[3]));
                if lo_x > hi_x || lo_y > hi_y || row(lo_y) * nx + col(lo_x) != cell {
                    continue;
                }
                f(a, e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, polygon};

    fn kinds(repairs: &[Repair]) -> Vec<RepairKind> {
        repairs.iter().map(|r| r.kind).collect()
    }

    #[test]
    fn valid_ccw_square_is_untouched() {
        let sq = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![sq.clone()]));
        assert!(repairs.is_empty(), "{repairs:?}");
        assert_eq!(out, MultiPolygon::new(vec![sq]));
    }

    #[test]
    fn bow_tie_becomes_two_triangles() {
        let bow = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![bow]));
        assert!(
            kinds(&repairs).contains(&RepairKind::FixedSelfIntersection),
            "{repairs:?}"
        );
        assert_eq!(out.0.len(), 2);
        assert!((out.unsigned_area() - 2.0).abs() < 1e-9);
    }

    #[test]
    fn overlapping_parts_are_merged() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)];
        let b = polygon![(x: 1.0, y: 1.0), (x: 3.0, y: 1.0), (x: 3.0, y: 3.0), (x: 1.0, y: 3.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![a, b]));
        assert_eq!(kinds(&repairs), vec![RepairKind::MergedOverlappingParts]);
        assert_eq!(repairs[0].polygons, vec![0, 1]);
        assert_eq!(out.0.len(), 1);
        assert!((out.unsigned_area() - 7.0).abs() < 1e-9);
    }

    #[test]
    fn nested_part_is_merged() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 4.0)];
        let b = polygon![(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 2.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![a, b]));
        assert_eq!(kinds(&repairs), vec![RepairKind::MergedOverlappingParts]);
        assert!((out.unsigned_area() - 16.0).abs() < 1e-9);
    }

    #[test]
    fn clockwise_exterior_is_reversed_and_degenerate_hole_dropped() {
        let poly = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (0.0, 3.0), (3.0, 3.0), (3.0, 0.0), (0.0, 0.0)]),
            vec![LineString::from(vec![(1.0, 1.0), (2.0, 2.0), (1.0, 1.0)])],
        );
        let (out, repairs) = repair(MultiPolygon::new(vec![poly]));
        assert_eq!(
            kinds(&repairs),
            vec![RepairKind::Reoriented, RepairKind::DroppedDegenerateRing]
        );
        assert!(signed_area2(out.0[0].exterior()) > 0.0);
        assert!(out.0[0].interiors().is_empty());
    }

    #[test]
    fn hole_outside_shell_is_fixed() {
        let poly = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]),
            vec![LineString::from(vec![(5.0, 5.0), (5.0, 6.0), (6.0, 6.0), (6.0, 5.0)])],
        );
        let (out, repairs) = repair(MultiPolygon::new(vec![poly]));
        assert!(
            kinds(&repairs).contains(&RepairKind::FixedSelfIntersection),
            "{repairs:?}"
        );
        assert!((out.unsigned_area() - 5.0).abs() < 1e-9);
    }

    #[test]
    fn parts_crossing_only_through_vertices_are_merged() {
        // Found by fuzzing: the square's corners (1,1) and (2,2) lie on the triangle's
        // diagonal, so no edges cross properly, and the square's first vertex is outside
        // the triangle; yet half the square overlaps it.
        let triangle = polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0)];
        let square = polygon![(x: 1.0, y: 2.0), (x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![triangle, square]));
        assert_eq!(kinds(&repairs), vec![RepairKind::MergedOverlappingParts], "{repairs:?}");
        assert!((out.unsigned_area() - 8.5).abs() < 1e-9, "{}", out.unsigned_area());
    }

    #[test]
    fn hole_leaving_its_shell_through_corners_is_fixed() {
        // The hole leaves the square through its corner (4,4) and comes back through (4,0).
        let poly = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]),
            vec![LineString::from(vec![(1.0, 1.0), (4.0, 4.0), (5.0, 2.0), (4.0, 0.0)])],
        );
        let (out, repairs) = repair(MultiPolygon::new(vec![poly]));
        assert!(
            kinds(&repairs).contains(&RepairKind::FixedSelfIntersection),
            "{repairs:?}"
        );
        let (again, more) = repair(out.clone());
        assert!(more.is_empty(), "{more:?}");
        assert_eq!(again, out);
    }

    #[test]
    fn parts_touching_at_a_vertex_stay_apart() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let b = polygon![(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 2.0)];
        let (out, repairs) = repair(MultiPolygon::new(vec![a, b]));
        assert!(repairs.is_empty(), "{repairs:?}");
        assert_eq!(out.0.len(), 2);
    }

    #[test]
    fn repaired_output_needs_no_further_repair() {
        let bow = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        let sq = polygon![(x: 1.0, y: -1.0), (x: 3.0, y: -1.0), (x: 3.0, y: 1.0), (x: 1.0, y: 1.0)];
        let (out, _) = repair(MultiPolygon::new(vec![bow, sq]));
        let (again, repairs) = repair(out.clone());
        assert!(repairs.is_empty(), "{repairs:?}");
        assert_eq!(again, out);
    }
}
