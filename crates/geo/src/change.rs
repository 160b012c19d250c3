//! Territorial change between two snapshots, in total and per region.

use geo::bool_ops::{BooleanOps, unary_union};
use geo::{BoundingRect, Intersects, MultiPolygon, Polygon, Rect};
use serde_json::{Value, json};

use crate::territory::{Territory, area_km2};

/// Name of the [`RegionChange`] that collects change outside every region given.
pub const OUTSIDE_REGIONS: &str = "(outside every region)";

/// A named area (an oblast, a zone) to split change by.
#[derive(Debug, Clone)]
pub struct Region {
    /// The name shown in [`RegionChange::region`].
    pub name: String,
    /// Its area (lon/lat, valid; as [`crate::io::read_regions`] returns it).
    pub geometry: MultiPolygon<f64>,
}

/// Territory gained and lost by the side whose territory the snapshots describe.
#[derive(Debug, Clone)]
pub struct Change {
    /// Geodesic area (km²) in `after` but not in `before`.
    pub gained_km2: f64,
    /// Geodesic area (km²) in `before` but not in `after`.
    pub lost_km2: f64,
    /// One entry per region, in the order given, then [`OUTSIDE_REGIONS`] (when regions
    /// were given) for what falls outside all of them. With non-overlapping regions the
    /// entries sum to the totals.
    pub by_region: Vec<RegionChange>,
    /// The area gained: `after` minus `before`.
    pub gained: MultiPolygon<f64>,
    /// The area lost: `before` minus `after`.
    pub lost: MultiPolygon<f64>,
}

/// Change within one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionChange {
    /// The region's name, or [`OUTSIDE_REGIONS`].
    pub region: String,
    /// Area gained within the region (km²).
    pub gained_km2: f64,
    /// Area lost within the region (km²).
    pub lost_km2: f64,
}

fn oriented(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::orient::{Direction, Orient};
    mp.orient(Direction::Default)
}

fn intersection_km2(part: &MultiPolygon<f64>, part_box: Option<Rect<f64>>, region: &MultiPolygon<f64>) -> f64 {
    let (Some(a), Some(b)) = (part_box, region.bounding_rect()) else {
        return 0.0;
    };
    if !a.intersects(&b) {
        return 0.0;
    }
    area_km2(&oriented(part.intersection(region)))
}

/// Territory gained (in `after`, not in `before`) and lost (in `before`, not in `after`)
/// by the side whose territory the snapshots describe, with geodesic areas (km²) in
/// total and per region.
pub fn change(before: &Territory, after: &Territory, regions: &[Region]) -> Change {
    let gained = oriented(after.geometry().difference(before.geometry()));
    let lost = oriented(before.geometry().difference(after.geometry()));
    let gained_km2 = area_km2(&gained);
    let lost_km2 = area_km2(&lost);
    let mut by_region = Vec::with_capacity(regions.len() + 1);
    if !regions.is_empty() {
        let (gained_box, lost_box) = (gained.bounding_rect(), lost.bounding_rect());
        for region in regions {
            by_region.push(RegionChange {
                region: region.name.clone(),
                gained_km2: intersection_km2(&gained, gained_box, &region.geometry),
                lost_km2: intersection_km2(&lost, lost_box, &region.geometry),
            });
        }
        let all: Vec<&Polygon<f64>> = regions.iter().flat_map(|r| r.geometry.0.iter()).collect();
        let union = unary_union(all);
        by_region.push(RegionChange {
            region: OUTSIDE_REGIONS.to_owned(),
            gained_km2: area_km2(&oriented(gained.difference(&union))),
            lost_km2: area_km2(&oriented(lost.difference(&union))),
        });
    }
    Change {
        gained_km2,
        lost_km2,
        by_region,
        gained,
        lost,
    }
}

fn multipolygon_json(mp: &MultiPolygon<f64>) -> Value {
    let polys: Vec<Value> =
        mp.0.iter()
            .map(|p| {
                let rings: Vec<Value> = std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|ring| Value::Array(ring.0.iter().map(|c| json!([c.x, c.y])).collect()))
                    .collect();
                Value::Array(rings)
            })
            .collect();
    json!({ "type": "MultiPolygon", "coordinates": polys })
}

impl Change {
    /// A GeoJSON FeatureCollection with two features, `gained` then `lost`, each with its
    /// area (`area_km2`) and its split by region (`by_region`: name and km²). The output
    /// depends only on the change, so equal changes give equal text.
    pub fn to_geojson(&self) -> String {
        let feature = |kind: &str, area: f64, geometry: &MultiPolygon<f64>, pick: fn(&RegionChange) -> f64| {
            let regions: Vec<Value> = self
                .by_region
                .iter()
                .map(|r| json!({ "region": r.region, "area_km2": pick(r) }))
                .collect();
            json!({
                "type": "Feature",
                "properties": { "change": kind, "area_km2": area, "by_region": regions },
                "geometry": multipolygon_json(geometry),
            })
        };
        let collection = json!({
            "type": "FeatureCollection",
            "features": [
                feature("gained", self.gained_km2, &self.gained, |r| r.gained_km2),
                feature("lost", self.lost_km2, &self.lost, |r| r.lost_km2),
            ],
        });
        collection.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn territory(p: Polygon<f64>) -> Territory {
        Territory::new(MultiPolygon::new(vec![p])).0
    }

    #[test]
    fn shifted_square_gains_and_loses_half() {
        let before =
            territory(polygon![(x: 30.0, y: 48.0), (x: 31.0, y: 48.0), (x: 31.0, y: 49.0), (x: 30.0, y: 49.0)]);
        let after = territory(polygon![(x: 30.5, y: 48.0), (x: 31.5, y: 48.0), (x: 31.5, y: 49.0), (x: 30.5, y: 49.0)]);
        let west = Region {
            name: "west".into(),
            geometry: MultiPolygon::new(vec![
                polygon![(x: 29.0, y: 47.0), (x: 31.0, y: 47.0), (x: 31.0, y: 50.0), (x: 29.0, y: 50.0)],
            ]),
        };
        let c = change(&before, &after, std::slice::from_ref(&west));
        let half = before.area_km2() / 2.0;
        assert!((c.gained_km2 - half).abs() / half < 1e-3, "{} vs {half}", c.gained_km2);
        assert!((c.lost_km2 - half).abs() / half < 1e-3);
        assert_eq!(c.by_region.len(), 2);
        assert_eq!(c.by_region[0].gained_km2, 0.0, "the gain is east of 31E");
        assert!((c.by_region[0].lost_km2 - c.lost_km2).abs() < 1e-6);
        assert!((c.by_region[1].gained_km2 - c.gained_km2).abs() < 1e-6);
        let text = c.to_geojson();
        assert_eq!(
            text,
            change(&before, &after, &[west]).to_geojson(),
            "deterministic output"
        );
        let parsed: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed["features"][0]["properties"]["change"], "gained");
        assert_eq!(parsed["features"][1]["geometry"]["type"], "MultiPolygon");
    }
}
