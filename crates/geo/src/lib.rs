//! Front lines and zones for truce: which side held a place, how far it is from a line,
//! whether it is within a buffer, and how much territory changed hands.
//!
//! Coordinates are longitude/latitude on WGS84 in GeoJSON order, `(lon, lat)`.
//!
//! ```
//! use truce_geo::geo::polygon;
//! use truce_geo::{Territory, Tri};
//!
//! // One degree square around 30.5E 48.5N.
//! let square = polygon![(x: 30.0, y: 48.0), (x: 31.0, y: 48.0), (x: 31.0, y: 49.0), (x: 30.0, y: 49.0)];
//! let (territory, repairs) = Territory::new(square.into());
//! assert!(repairs.is_empty());
//! assert!(territory.contains(30.5, 48.5));
//! assert!(!territory.contains(30.0, 48.5), "the boundary is not contained");
//! // The nearest edge (a meridian) is about 36.9 km away.
//! let km = territory.boundary().distance_km(30.5, 48.5);
//! assert!((km - 36.9).abs() < 0.2, "{km}");
//! assert_eq!(territory.disc(30.5, 48.5, 30.0), Tri::Inside);
//! assert_eq!(territory.disc(30.5, 48.5, 40.0), Tri::Straddles);
//! ```
//!
//! # Types
//!
//! - [`Territory`]: one side's area at one instant (a repaired MultiPolygon) with an exact
//!   point index: [`Territory::contains`], [`Territory::disc`] (is a disc of given radius
//!   wholly inside, wholly outside, or across the line?), [`Territory::area_km2`].
//! - [`LineIndex`]: distances to a set of segments (a front line, a reference line such
//!   as the 2015-2022 line of contact, a territory boundary), planar in degrees like
//!   shapely, or geodesic in km.
//! - [`Series`]: dated snapshots with validity intervals; [`Series::held`] answers "which
//!   side held this place during this interval?".
//! - [`change()`]: territory gained and lost between two snapshots, in total and per region.
//! - [`io`]: GeoJSON readers for the DeepState, ISW and oblast files, and file-name dates.
//!
//! # Point index
//!
//! A uniform grid over the territory's bounding box, about 64 cells per edge (at most 1M
//! cells). Each edge is registered in every cell its segment touches (a slightly padded
//! supercover). Every cell centre is classified inside/outside by a scanline along its
//! row with exact orientation predicates near the centre, so a cell no edge touches is
//! wholly inside or outside and answers in one memory read. In a boundary cell, the answer
//! is the centre's status flipped once per cell edge that properly crosses the segment
//! from the point to the centre, again with exact predicates. Degenerate cases (a vertex
//! exactly on that segment, a centre exactly on an edge) fall back to an exact crossing
//! count over all edges. The result therefore agrees exactly with geo's `Contains` and
//! shapely's `contains_xy` on the same vertices, boundary points included (not
//! contained). The index is built on first use.
//!
//! # Distances
//!
//! Planar distances (degrees) use GEOS's point-segment arithmetic, so figures match
//! shapely's to rounding. [`LineIndex`] keeps a grid where each cell lists the segments
//! that can be nearest to any point in it (those within `d_c + 2r` of its centre, `d_c`
//! being the centre's distance and `r` the cell's half-diagonal), and `d_c` itself, which
//! usually settles a within-distance test without touching a segment.
//!
//! Geodesic distances (km) are on the WGS84 ellipsoid (Karney's algorithm, as in
//! GeographicLib and pyproj). Segments are straight in lon/lat between vertices, as
//! GeoJSON draws them; the distance from a point to a segment is minimised along the
//! segment with the derivative given by the geodesic azimuth (regula falsi), so it is
//! exact to well below a millimetre. The nearest segment is found by a search that is
//! exact too: a planar first guess bounds the answer, the bound becomes a lon/lat box from
//! the ellipsoid's smallest radii of curvature, and segments in the box are refined in the
//! order of a rigorous lower bound until none can beat the best.
//!
//! # Areas
//!
//! Areas are geodesic on the WGS84 ellipsoid (geo's `GeodesicArea`, Karney's method):
//! exact for the polygon, independent of any choice of projection, valid for small and
//! large areas alike, and the same method as pyproj's `Geod.geometry_area_perimeter`, so
//! results can be checked independently. An equal-area projection would add a projection
//! choice and its distortion for no gain at these sizes.
//!
//! # Repairs
//!
//! [`repair()`] (run by [`Territory::new`] and every reader) closes open rings, drops rings
//! with fewer than 3 distinct points or zero area and rings with invalid coordinates,
//! orients exteriors counter-clockwise and holes clockwise, rebuilds polygons whose rings
//! cross (bow-ties, holes across or outside their shell, also where rings only meet at a
//! vertex) with the even-odd rule, and merges parts that overlap, share an edge or cross
//! through a shared vertex by union. Each step is reported as a
//! [`Repair`] (a [`Warning`] from the readers, naming the file and the feature). A valid
//! input keeps its exact vertices. Readers reject coordinates out of range (an error
//! naming the feature) and warn about vertices at (0, 0).
//!
//! # Limits
//!
//! Geometry must not cross the antimeridian (longitudes are not wrapped). Rebuilt parts
//! are snapped by the overlay to about 1e-8 degrees (a millimetre); valid input is never
//! rebuilt. Within-distance and distance answers agree with each other exactly, and with
//! shapely / pyproj to rounding.
//!
//! # Validity intervals
//!
//! A snapshot holds from its instant until the next snapshot's instant (half-open), the
//! newest one indefinitely; nothing is known before the first. File names give instants
//! ([`io::instant_from_file_name`]): cleaned DeepState files are taken at 03:00 UTC, the
//! time the upstream archive downloads the map each day; raw snapshots carry their
//! minute; ISW layers are dated by day (00:00 UTC).

mod change;
mod geodesic;
pub mod io;
mod line;
mod pip;
mod repair;
mod segment;
mod series;
mod territory;

use std::fmt;

/// The geometry crate whose types this API speaks (`MultiPolygon`, `LineString`, ...),
/// re-exported so that callers use the same version.
pub use geo;

pub use change::{Change, OUTSIDE_REGIONS, Region, RegionChange, change};
pub use line::LineIndex;
pub use repair::{Repair, RepairKind, repair};
pub use series::{Series, Snapshot};
pub use territory::Territory;

/// Where a disc (or a place over an interval) lies relative to a territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    /// Wholly inside.
    Inside,
    /// Wholly outside.
    Outside,
    /// Partly inside and partly outside (or the boundary moved across it).
    Straddles,
}

/// Something a reader noticed or fixed; it did not stop the reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The file (or the name given for text in memory).
    pub origin: String,
    /// Index of the feature in the file's collection, when one feature is concerned.
    pub feature: Option<usize>,
    /// The repair made, when the warning reports one.
    pub repair: Option<RepairKind>,
    /// What happened, in words.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.feature {
            Some(i) => write!(f, "{}: feature {i}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The file or folder could not be read.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// Not JSON.
    #[error("{origin}: line {line}, column {column}: not valid JSON ({message})")]
    Json {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not the GeoJSON expected.
    #[error("{origin}: {}{message}", feature.map(|i| format!("feature {i}: ")).unwrap_or_default())]
    Invalid {
        origin: String,
        feature: Option<usize>,
        message: String,
    },
    /// Nothing to read.
    #[error("{origin}: {what}")]
    Empty { origin: String, what: String },
}
