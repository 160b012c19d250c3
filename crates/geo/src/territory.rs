//! [`Territory`]: one side's area at one instant, with its indexes.

use std::sync::OnceLock;

use geo::{BoundingRect, GeodesicArea, MultiPolygon, Rect};

use crate::Tri;
use crate::line::LineIndex;
use crate::pip::PointIndex;
use crate::repair::{Repair, repair};
use crate::segment::ring_edges;

/// A repaired MultiPolygon in lon/lat with a fast exact point index.
///
/// The indexes are built on first use and shared by clones made afterwards, so loading a
/// long series of snapshots costs little until they are queried.
#[derive(Debug, Clone)]
pub struct Territory {
    geometry: MultiPolygon<f64>,
    points: OnceLock<PointIndex>,
    boundary: OnceLock<LineIndex>,
    area_km2: OnceLock<f64>,
}

impl Territory {
    /// Repairs the geometry (see [`crate::repair()`]) and reports each repair.
    pub fn new(geometry: MultiPolygon<f64>) -> (Territory, Vec<Repair>) {
        let (geometry, repairs) = repair(geometry);
        (
            Territory {
                geometry,
                points: OnceLock::new(),
                boundary: OnceLock::new(),
                area_km2: OnceLock::new(),
            },
            repairs,
        )
    }

    /// A territory from a geometry that [`repair()`] returned (not checked again).
    pub(crate) fn from_repaired(geometry: MultiPolygon<f64>) -> Territory {
        Territory {
            geometry,
            points: OnceLock::new(),
            boundary: OnceLock::new(),
            area_km2: OnceLock::new(),
        }
    }

    /// A territory with no area: contains nothing.
    pub fn empty() -> Territory {
        Territory::new(MultiPolygon::new(Vec::new())).0
    }

    /// The repaired geometry: exteriors counter-clockwise, holes clockwise, no crossings,
    /// no overlapping parts.
    pub fn geometry(&self) -> &MultiPolygon<f64> {
        &self.geometry
    }

    /// The bounding box, or `None` when the territory is empty.
    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        self.geometry.bounding_rect()
    }

    fn points(&self) -> &PointIndex {
        self.points.get_or_init(|| PointIndex::new(ring_edges(&self.geometry)))
    }

    fn boundary_index(&self) -> &LineIndex {
        self.boundary
            .get_or_init(|| LineIndex::from_segments(ring_edges(&self.geometry)))
    }

    /// Builds both indexes now rather than on first use (for timing, or before sharing
    /// the territory across threads).
    pub fn prepare(&self) {
        self.points();
        self.boundary_index();
    }

    /// Whether the point lies in the interior. Exact: agrees with geo's `Contains` and
    /// shapely's `contains_xy` on the same geometry; points on the boundary and non-finite
    /// coordinates are not contained.
    #[inline]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.points().contains(lon, lat)
    }

    /// Where the geodesic disc of `radius_km` around the point lies: wholly inside, wholly
    /// outside, or across the boundary. Decided by the geodesic distance to the boundary:
    /// a disc whose radius is below that distance cannot meet the boundary, so it is on
    /// the centre's side; otherwise it straddles (a centre on the boundary always does).
    /// A negative or NaN radius counts as zero.
    pub fn disc(&self, lon: f64, lat: f64, radius_km: f64) -> Tri {
        let radius = if radius_km > 0.0 { radius_km } else { 0.0 };
        let distance = self.boundary_index().distance_km(lon, lat);
        if distance > radius {
            if self.contains(lon, lat) {
                Tri::Inside
            } else {
                Tri::Outside
            }
        } else {
            Tri::Straddles
        }
    }

    /// Area in km² on the WGS84 ellipsoid (Karney's geodesic polygon area, through geo's
    /// `GeodesicArea`): exact for geodesic edges, no projection to choose, and the same
    /// method as pyproj's `Geod.geometry_area_perimeter`.
    pub fn area_km2(&self) -> f64 {
        *self.area_km2.get_or_init(|| area_km2(&self.geometry))
    }

    /// An index over all ring edges (exterior and holes).
    pub fn boundary(&self) -> LineIndex {
        self.boundary_index().clone()
    }

    /// Grid size and share of boundary cells of the point index (for tuning and reports).
    pub fn index_stats(&self) -> (usize, usize, f64) {
        let points = self.points();
        let (nx, ny) = points.dims();
        (nx, ny, points.boundary_share())
    }
}

/// Geodesic area (km²) of a MultiPolygon whose exteriors run counter-clockwise and holes
/// clockwise; each polygon's area is taken as positive.
pub(crate) fn area_km2(geometry: &MultiPolygon<f64>) -> f64 {
    // A fold from +0.0 (a float `sum` starts from -0.0): an empty area prints as 0.
    geometry
        .0
        .iter()
        .fold(0.0, |total, p| total + p.geodesic_area_signed().abs())
        / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn disc_classification_on_a_one_degree_square() {
        let sq = polygon![(x: 30.0, y: 48.0), (x: 31.0, y: 48.0), (x: 31.0, y: 49.0), (x: 30.0, y: 49.0)];
        let (t, repairs) = Territory::new(MultiPolygon::new(vec![sq]));
        assert!(repairs.is_empty());
        // The centre is about 37 km from the west and east edges, 55 km from the others.
        assert_eq!(t.disc(30.5, 48.5, 10.0), Tri::Inside);
        assert_eq!(t.disc(30.5, 48.5, 40.0), Tri::Straddles);
        assert_eq!(t.disc(32.0, 48.5, 10.0), Tri::Outside);
        assert_eq!(t.disc(32.0, 48.5, 80.0), Tri::Straddles);
        assert_eq!(t.disc(30.0, 48.5, 0.0), Tri::Straddles, "a centre on the boundary");
        // Area of a 1x1 degree cell at 48-49N is about 8,200 km².
        assert!((t.area_km2() - 8_200.0).abs() < 100.0, "{}", t.area_km2());
    }
}
