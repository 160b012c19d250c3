//! The scenario's named geometries, read from their GeoJSON files (or from files the user
//! points at instead).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{LineString, MultiLineString, MultiPolygon};
use truce_geo::{LineIndex, Series, Territory};
use truce_model::{GeometryKind, Negotiation};

use crate::MonitorError;

/// Every geometry of a negotiation, ready for queries.
pub struct Geometries {
    lines: BTreeMap<String, LineIndex>,
    shapes: BTreeMap<String, Vec<LineString<f64>>>,
    areas: BTreeMap<String, Territory>,
    territories: BTreeMap<String, Held>,
    /// What was read from where, and what had to be repaired, for the report's sources.
    pub notes: Vec<String>,
}

/// A territory and the party holding it, possibly as dated snapshots.
pub struct Held {
    /// Party id of the holder.
    pub holder: String,
    /// The snapshots (one undated file holds for all time).
    pub series: Series,
}

impl Geometries {
    /// Reads every geometry of `negotiation` from `root` (the scenario folder), or from the
    /// path given in `overrides` under its id.
    pub fn load(
        root: &Path,
        negotiation: &Negotiation,
        overrides: &BTreeMap<String, PathBuf>,
    ) -> Result<Geometries, MonitorError> {
        for id in overrides.keys() {
            if !negotiation.geometries.iter().any(|g| &g.id == id) {
                let known: Vec<&str> = negotiation.geometries.iter().map(|g| g.id.as_str()).collect();
                return Err(MonitorError::UnknownGeometry {
                    id: id.clone(),
                    known: known.join(", "),
                });
            }
        }
        let mut out = Geometries {
            lines: BTreeMap::new(),
            shapes: BTreeMap::new(),
            areas: BTreeMap::new(),
            territories: BTreeMap::new(),
            notes: Vec::new(),
        };
        for g in &negotiation.geometries {
            let path = overrides.get(&g.id).cloned().unwrap_or_else(|| root.join(&g.path));
            if !path.exists() {
                return Err(MonitorError::GeometryFile {
                    id: g.id.clone(),
                    path,
                    message: "no such file or folder".into(),
                });
            }
            let fail = |message: String| MonitorError::GeometryFile {
                id: g.id.clone(),
                path: path.clone(),
                message,
            };
            out.notes.push(format!("{} ({}): {}", g.id, g.title, path.display()));
            match g.kind {
                GeometryKind::Line => {
                    let lines = read_lines(&path).map_err(fail)?;
                    out.set_line(&g.id, lines);
                }
                GeometryKind::Area => {
                    let (mp, warnings) = truce_geo::io::read_multipolygon(&path).map_err(|e| fail(e.to_string()))?;
                    note_all(&mut out.notes, &g.id, warnings.iter().map(ToString::to_string));
                    let (t, repairs) = Territory::new(mp);
                    note_all(&mut out.notes, &g.id, repairs.iter().map(ToString::to_string));
                    out.set_line(&g.id, rings(t.geometry()));
                    out.areas.insert(g.id.clone(), t);
                }
                GeometryKind::Territory => {
                    let series = if path.is_dir() {
                        let (series, warnings) = truce_geo::io::read_series(&path).map_err(|e| fail(e.to_string()))?;
                        note_all(&mut out.notes, &g.id, warnings.iter().map(ToString::to_string));
                        series
                    } else {
                        let (mp, warnings) =
                            truce_geo::io::read_multipolygon(&path).map_err(|e| fail(e.to_string()))?;
                        note_all(&mut out.notes, &g.id, warnings.iter().map(ToString::to_string));
                        let (t, repairs) = Territory::new(mp);
                        note_all(&mut out.notes, &g.id, repairs.iter().map(ToString::to_string));
                        Series::new(vec![(jiff::Timestamp::MIN, path.display().to_string(), t)])
                    };
                    if let Some(first) = series.snapshots().first() {
                        let edge = rings(first.territory.geometry());
                        out.set_line(&g.id, edge);
                    }
                    let holder = g.holder.clone().unwrap_or_default();
                    out.territories.insert(g.id.clone(), Held { holder, series });
                }
            }
        }
        Ok(out)
    }

    /// Uses `lines` for the line (or edge) of geometry `id`, e.g. a line derived from a
    /// surveyed source in place of the scenario's file.
    pub fn set_line(&mut self, id: &str, lines: Vec<LineString<f64>>) {
        self.lines.insert(id.to_owned(), LineIndex::new(lines.clone()));
        self.shapes.insert(id.to_owned(), lines);
    }

    /// The lines of geometry `id`, for drawing.
    pub fn line_shapes(&self, id: &str) -> Option<&[LineString<f64>]> {
        self.shapes.get(id).map(Vec::as_slice)
    }

    /// The line index of a `line` geometry, or the edge of an area or of a territory's
    /// first snapshot.
    pub fn line(&self, id: &str) -> Option<&LineIndex> {
        self.lines.get(id)
    }

    /// An area geometry (or a territory's first snapshot, for a scope).
    pub fn area(&self, id: &str) -> Option<&Territory> {
        self.areas.get(id).or_else(|| {
            self.territories
                .get(id)
                .and_then(|t| t.series.snapshots().first())
                .map(|s| &s.territory)
        })
    }

    /// A territory geometry.
    pub fn territory(&self, id: &str) -> Option<&Held> {
        self.territories.get(id)
    }
}

/// Adds the first few notes about a geometry and how many more there were.
fn note_all(notes: &mut Vec<String>, id: &str, items: impl Iterator<Item = String>) {
    const SHOWN: usize = 3;
    let items: Vec<String> = items.collect();
    notes.extend(items.iter().take(SHOWN).map(|i| format!("{id}: {i}")));
    if items.len() > SHOWN {
        notes.push(format!(
            "{id}: ... and {} more notes of the same kind",
            items.len() - SHOWN
        ));
    }
}

/// Every ring of a multipolygon, as lines.
fn rings(mp: &MultiPolygon<f64>) -> Vec<LineString<f64>> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned()))
        .collect()
}

/// Lines from a GeoJSON file: LineString and MultiLineString features, and the rings of
/// any polygons (the edge of an area serves as a line).
fn read_lines(path: &Path) -> Result<Vec<LineString<f64>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let json: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| format!("not GeoJSON: {e}"))?;
    let collection = geojson::FeatureCollection::try_from(json).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, feature) in collection.features.into_iter().enumerate() {
        let Some(geometry) = feature.geometry else { continue };
        let g: geo::Geometry<f64> = geometry
            .try_into()
            .map_err(|e: geojson::Error| format!("feature {i}: {e}"))?;
        match g {
            geo::Geometry::LineString(l) => out.push(l),
            geo::Geometry::MultiLineString(MultiLineString(ls)) => out.extend(ls),
            geo::Geometry::Polygon(p) => {
                let (exterior, interiors) = p.into_inner();
                out.push(exterior);
                out.extend(interiors);
            }
            geo::Geometry::MultiPolygon(MultiPolygon(ps)) => {
                for p in ps {
                    let (exterior, interiors) = p.into_inner();
                    out.push(exterior);
                    out.extend(interiors);
                }
            }
            _ => return Err(format!("feature {i}: expected a line or a polygon")),
        }
    }
    for l in &out {
        for c in &l.0 {
            if !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y) {
                return Err(format!(
                    "coordinate ({}, {}) is not a longitude/latitude pair",
                    c.x, c.y
                ));
            }
        }
    }
    if out.is_empty() {
        return Err("no line in the file".into());
    }
    Ok(out)
}
