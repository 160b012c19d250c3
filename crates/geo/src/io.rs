//! Reading territory snapshots from GeoJSON: cleaned DeepState MultiPolygons, raw DeepState
//! map snapshots, ISW layers, region (oblast) files, and folders of dated snapshots.
//!
//! Every reader validates positions (two or three numbers; longitude within [-180, 180]
//! and latitude within [-90, 90], else an error naming the file and the feature), warns
//! about a vertex at (0, 0) (usually a placeholder for a missing coordinate), closes open
//! rings, and repairs each feature's geometry with [`crate::repair()`]; parts of different
//! features that overlap are merged. Every such step is a [`Warning`] naming the file and
//! the feature.

use std::fmt::Write as _;
use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde_json::Value;

use crate::change::Region;
use crate::repair::{RepairKind, repair};
use crate::series::Series;
use crate::territory::Territory;
pub use crate::{GeoError, Warning};

/// The ISW layer used for territory control when a folder or a combined file holds
/// several layers.
pub const ISW_CONTROL_LAYER: &str = "RussianAssessedCoTinUkraine";

/// A raw DeepState map snapshot, split by status. Each MultiPolygon is repaired and its
/// overlapping parts merged.
#[derive(Debug, Clone)]
pub struct RawSnapshot {
    /// Occupied areas, including the territories held before 2022 (ORDLO / "CADR and
    /// CALR", Crimea, Tuzla island).
    pub occupied: MultiPolygon<f64>,
    /// Areas marked liberated (re-taken by Ukraine).
    pub liberated: MultiPolygon<f64>,
    /// Areas whose status is unknown or contested ("grey zone").
    pub unknown: MultiPolygon<f64>,
    /// Editorial polygons skipped (other countries' "occupied" territories drawn for
    /// commentary: Transnistria, Abkhazia, Karelia, the Kuril islands, ...).
    pub editorial_skipped: usize,
    /// Point features skipped (unit positions, camps, labels).
    pub points_skipped: usize,
    /// Polygon features whose status could not be told, skipped (each with a warning).
    pub unclassified_skipped: usize,
    /// Everything worth knowing about the reading: repairs, skips.
    pub warnings: Vec<Warning>,
}

fn io_error(path: &Path, source: std::io::Error) -> GeoError {
    GeoError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn read_text(path: &Path) -> Result<String, GeoError> {
    std::fs::read_to_string(path).map_err(|e| io_error(path, e))
}

fn origin_of(path: &Path) -> String {
    path.display().to_string()
}

fn parse_json(text: &str, origin: &str) -> Result<Value, GeoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(GeoError::Empty {
            origin: origin.to_owned(),
            what: "the file is empty".to_owned(),
        });
    }
    serde_json::from_str(text).map_err(|e| GeoError::Json {
        origin: origin.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// One feature of a file: its index, geometry (may be null) and properties.
struct Feature<'a> {
    index: usize,
    geometry: Option<&'a Value>,
    properties: Option<&'a serde_json::Map<String, Value>>,
}

fn invalid(origin: &str, feature: Option<usize>, message: String) -> GeoError {
    GeoError::Invalid {
        origin: origin.to_owned(),
        feature,
        message,
    }
}

fn type_of(v: &Value) -> Option<&str> {
    v.get("type").and_then(Value::as_str)
}

/// The features of a FeatureCollection, a single Feature, or a bare geometry.
fn features<'a>(root: &'a Value, origin: &str) -> Result<Vec<Feature<'a>>, GeoError> {
    let Some(kind) = type_of(root) else {
        return Err(invalid(
            origin,
            None,
            "expected a GeoJSON object with a \"type\" (FeatureCollection, Feature or a geometry)".to_owned(),
        ));
    };
    match kind {
        "FeatureCollection" => {
            let Some(list) = root.get("features").and_then(Value::as_array) else {
                return Err(invalid(
                    origin,
                    None,
                    "FeatureCollection without a \"features\" array".to_owned(),
                ));
            };
            list.iter()
                .enumerate()
                .map(|(index, f)| feature(f, index, origin))
                .collect()
        }
        "Feature" => Ok(vec![feature(root, 0, origin)?]),
        "Polygon" | "MultiPolygon" | "GeometryCollection" | "Point" | "MultiPoint" | "LineString"
        | "MultiLineString" => Ok(vec![Feature {
            index: 0,
            geometry: Some(root),
            properties: None,
        }]),
        other => Err(invalid(
            origin,
            None,
            format!("unknown GeoJSON type {other:?} (expected FeatureCollection, Feature or a geometry)"),
        )),
    }
}

fn feature<'a>(value: &'a Value, index: usize, origin: &str) -> Result<Feature<'a>, GeoError> {
    if type_of(value) != Some("Feature") {
        return Err(invalid(
            origin,
            Some(index),
            "expected an object with \"type\": \"Feature\"".to_owned(),
        ));
    }
    let geometry = value.get("geometry").filter(|g| !g.is_null());
    let properties = value.get("properties").and_then(Value::as_object);
    Ok(Feature {
        index,
        geometry,
        properties,
    })
}

/// Reads positions and rings for one feature, collecting warnings.
struct Reader<'o> {
    origin: &'o str,
    feature: usize,
    warnings: Vec<Warning>,
    zero_vertices: usize,
}

impl Reader<'_> {
    fn error(&self, message: String) -> GeoError {
        invalid(self.origin, Some(self.feature), message)
    }

    fn position(&mut self, v: &Value, path: &str) -> Result<Coord<f64>, GeoError> {
        let numbers = v
            .as_array()
            .filter(|a| a.len() >= 2 && a.iter().all(Value::is_number))
            .ok_or_else(|| {
                self.error(format!(
                    "{path}: expected a position [longitude, latitude] (optionally a third number), found {v}"
                ))
            })?;
        let lon = numbers[0].as_f64().unwrap_or(f64::NAN);
        let lat = numbers[1].as_f64().unwrap_or(f64::NAN);
        if !(lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0) {
            return Err(self.error(format!(
                "{path}: position [{lon}, {lat}] is out of range (expected longitude in [-180, 180] and latitude in \
                 [-90, 90]; are latitude and longitude swapped, or the coordinates projected?)"
            )));
        }
        if lon == 0.0 && lat == 0.0 {
            self.zero_vertices += 1;
        }
        Ok(Coord { x: lon, y: lat })
    }

    fn ring(&mut self, v: &Value, path: &str) -> Result<LineString<f64>, GeoError> {
        let list = v
            .as_array()
            .ok_or_else(|| self.error(format!("{path}: expected a ring (an array of positions), found {v}")))?;
        let mut coords = Vec::with_capacity(list.len() + 1);
        for (i, p) in list.iter().enumerate() {
            coords.push(self.position(p, &format!("{path}[{i}]"))?);
        }
        if let (Some(first), Some(last)) = (coords.first().copied(), coords.last().copied())
            && first != last
        {
            coords.push(first);
            self.warn(
                None,
                format!("{path}: ring was not closed; its first position was appended"),
            );
        }
        Ok(LineString::new(coords))
    }

    fn polygon(&mut self, v: &Value, path: &str) -> Result<Option<Polygon<f64>>, GeoError> {
        let rings = v.as_array().ok_or_else(|| {
            self.error(format!(
                "{path}: expected a polygon (an array of rings), found {}",
                short(v)
            ))
        })?;
        let mut out = Vec::with_capacity(rings.len());
        for (i, r) in rings.iter().enumerate() {
            out.push(self.ring(r, &format!("{path}[{i}]"))?);
        }
        let mut out = out.into_iter();
        let Some(exterior) = out.next() else {
            self.warn(None, format!("{path}: polygon without rings skipped"));
            return Ok(None);
        };
        Ok(Some(Polygon::new(exterior, out.collect())))
    }

    fn warn(&mut self, repair: Option<RepairKind>, message: String) {
        self.warnings.push(Warning {
            origin: self.origin.to_owned(),
            feature: Some(self.feature),
            repair,
            message,
        });
    }

    /// The polygons of a geometry; other geometry types are skipped with a warning.
    fn geometry(&mut self, g: &Value, path: &str, out: &mut Vec<Polygon<f64>>) -> Result<(), GeoError> {
        let kind = type_of(g).ok_or_else(|| self.error(format!("{path}: geometry without a \"type\"")))?;
        let coordinates = || {
            g.get("coordinates")
                .ok_or_else(|| self.error(format!("{path}: {kind} without \"coordinates\"")))
        };
        match kind {
            "Polygon" => {
                let c = coordinates()?;
                if let Some(p) = self.polygon(c, &format!("{path}.coordinates"))? {
                    out.push(p);
                }
            }
            "MultiPolygon" => {
                let c = coordinates()?;
                let list = c.as_array().ok_or_else(|| {
                    self.error(format!(
                        "{path}.coordinates: expected an array of polygons, found {}",
                        short(c)
                    ))
                })?;
                for (i, p) in list.iter().enumerate() {
                    if let Some(p) = self.polygon(p, &format!("{path}.coordinates[{i}]"))? {
                        out.push(p);
                    }
                }
            }
            "GeometryCollection" => {
                let list = g
                    .get("geometries")
                    .and_then(Value::as_array)
                    .ok_or_else(|| self.error(format!("{path}: GeometryCollection without a \"geometries\" array")))?;
                for (i, member) in list.iter().enumerate() {
                    self.geometry(member, &format!("{path}.geometries[{i}]"), out)?;
                }
            }
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" => {
                self.warn(
                    None,
                    format!("{path}: {kind} skipped (expected Polygon or MultiPolygon)"),
                );
            }
            other => {
                return Err(self.error(format!(
                    "{path}: unknown geometry type {other:?} (expected Polygon or MultiPolygon)"
                )));
            }
        }
        Ok(())
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// Polygons of one feature, repaired, with warnings.
fn feature_polygons(f: &Feature<'_>, origin: &str, warnings: &mut Vec<Warning>) -> Result<Vec<Polygon<f64>>, GeoError> {
    let mut reader = Reader {
        origin,
        feature: f.index,
        warnings: Vec::new(),
        zero_vertices: 0,
    };
    let mut polys = Vec::new();
    match f.geometry {
        None => reader.warn(None, "feature without geometry skipped".to_owned()),
        Some(g) => reader.geometry(g, "geometry", &mut polys)?,
    }
    if reader.zero_vertices > 0 {
        let n = reader.zero_vertices;
        reader.warn(
            None,
            format!("{n} vertex(es) at (0, 0), which is usually a placeholder for a missing coordinate"),
        );
    }
    let (fixed, repairs) = repair(MultiPolygon::new(polys));
    let reversed = repairs.iter().filter(|r| r.kind == RepairKind::Reoriented).count();
    if reversed > 0 {
        reader.warn(
            Some(RepairKind::Reoriented),
            format!("{reversed} ring(s) reversed so that exteriors run counter-clockwise and holes clockwise"),
        );
    }
    for r in repairs.iter().filter(|r| r.kind != RepairKind::Reoriented) {
        reader.warn(Some(r.kind), r.to_string());
    }
    warnings.append(&mut reader.warnings);
    Ok(fixed.0)
}

/// Unites the polygons of several features, merging parts of different features that
/// overlap (with a warning naming the features).
fn combine(parts: Vec<(usize, Vec<Polygon<f64>>)>, origin: &str, warnings: &mut Vec<Warning>) -> MultiPolygon<f64> {
    let with_polygons = parts.iter().filter(|(_, p)| !p.is_empty()).count();
    let mut owner = Vec::new();
    let mut all = Vec::new();
    for (feature, polys) in parts {
        owner.extend(std::iter::repeat_n(feature, polys.len()));
        all.extend(polys);
    }
    if with_polygons <= 1 {
        return MultiPolygon::new(all);
    }
    let (merged, repairs) = repair(MultiPolygon::new(all));
    for r in repairs {
        let mut features: Vec<usize> = r.polygons.iter().filter_map(|&p| owner.get(p).copied()).collect();
        features.sort_unstable();
        features.dedup();
        let mut list = String::new();
        for (i, f) in features.iter().take(12).enumerate() {
            let _ = write!(list, "{}{f}", if i == 0 { "" } else { ", " });
        }
        if features.len() > 12 {
            let _ = write!(list, " and {} more", features.len() - 12);
        }
        warnings.push(Warning {
            origin: origin.to_owned(),
            feature: (features.len() == 1).then(|| features[0]),
            repair: Some(r.kind),
            message: format!(
                "parts of features {list} overlap or share an edge; merged by union into {} polygon(s) in all",
                merged.0.len()
            ),
        });
    }
    merged
}

/// Reads a GeoJSON file (FeatureCollection, Feature or bare geometry; Polygon,
/// MultiPolygon or GeometryCollection of them; 3D coordinates allowed) into one repaired
/// MultiPolygon. Errors name the file, the feature index and what was expected.
pub fn read_multipolygon(path: &Path) -> Result<(MultiPolygon<f64>, Vec<Warning>), GeoError> {
    parse_multipolygon(&read_text(path)?, &origin_of(path))
}

/// [`read_multipolygon`] on text already in memory; `origin` names it in messages.
pub fn parse_multipolygon(text: &str, origin: &str) -> Result<(MultiPolygon<f64>, Vec<Warning>), GeoError> {
    let root = parse_json(text, origin)?;
    let feats = features(&root, origin)?;
    if feats.is_empty() {
        return Err(GeoError::Empty {
            origin: origin.to_owned(),
            what: "the collection has no features".to_owned(),
        });
    }
    let mut warnings = Vec::new();
    let mut parts = Vec::with_capacity(feats.len());
    for f in &feats {
        parts.push((f.index, feature_polygons(f, origin, &mut warnings)?));
    }
    let mp = combine(parts, origin, &mut warnings);
    if mp.0.is_empty() {
        return Err(GeoError::Empty {
            origin: origin.to_owned(),
            what: "no polygon with an area was found (expected Polygon or MultiPolygon features)".to_owned(),
        });
    }
    Ok((mp, warnings))
}

/// The status a raw DeepState polygon stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Occupied,
    Liberated,
    Unknown,
    Editorial,
}

/// Classifies a raw DeepState feature from its name ("UA /// EN /// key", older files
/// only Ukrainian) and, failing that, its style colour.
fn classify(name: &str, style: &str) -> Option<Status> {
    let normal: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let parts: Vec<&str> = normal.split("///").map(str::trim).collect();
    // 1. The machine key, in files from 2024 on.
    if let Some(key) = parts.get(2) {
        let key = key.to_lowercase();
        if key.starts_with("geojson.status.occupied") {
            return Some(Status::Occupied);
        }
        if key.starts_with("geojson.status.dismissed") || key.starts_with("geojson.zmiinyi_island") {
            return Some(Status::Liberated);
        }
        if key.starts_with("geojson.status.unknown") {
            return Some(Status::Unknown);
        }
        for own in [
            "geojson.territories.ordlo",
            "geojson.territories.crimea",
            "geojson.territories.tuzla",
        ] {
            if key.starts_with(own) {
                return Some(Status::Occupied);
            }
        }
        if key.starts_with("geojson.territories.") {
            return Some(Status::Editorial);
        }
    }
    // 2. The English name.
    if let Some(en) = parts.get(1) {
        let en = en.to_lowercase();
        if en.contains("cadr") || en.contains("occupied crimea") || en.contains("tuzla") {
            return Some(Status::Occupied);
        }
        if en.contains("liberated")
            || en.contains("taken back")
            || en.contains("recaptured")
            || en.contains("snake island")
        {
            return Some(Status::Liberated);
        }
        if en.contains("unknown") || en.contains("contested") || en.contains("contensed") {
            return Some(Status::Unknown);
        }
        let foreign = [
            "transnistria",
            "abkhazia",
            "tskhinval",
            "petsamo",
            "salla",
            "estonia",
            "latvia",
            "pechor",
            "kuril",
            "prussia",
            "karelia",
            "ichkeria",
            "temporarily occupied territory",
        ];
        if foreign.iter().any(|f| en.contains(f)) {
            return Some(Status::Editorial);
        }
        if en.starts_with("occupied") || en.contains("territories, which are") {
            return Some(Status::Occupied);
        }
    }
    // 3. The Ukrainian name (files of 2022).
    let ua = parts.first().copied().unwrap_or("").to_lowercase();
    if ua.contains("придністров") {
        return Some(Status::Editorial);
    }
    if ua.contains("окупован")
        || ua.contains("ордло")
        || ua.contains("крим")
        || ua.contains("тузла")
        || ua.contains("зайняті ворогом")
    {
        return Some(Status::Occupied);
    }
    if ua.contains("звільнено") || ua.contains("під контролем зсу") || ua.contains("відсутні") || ua.contains("зміїний")
    {
        return Some(Status::Liberated);
    }
    if ua.contains("під питанням") || ua.contains("сіра зона") || ua.contains("невідом") {
        return Some(Status::Unknown);
    }
    // 4. The style colour of the map layer.
    let style = style.to_uppercase();
    if style.contains("A52714") {
        Some(Status::Occupied)
    } else if style.contains("0F9D58") || style.contains("0288D1") || style.contains("01579B") {
        Some(Status::Liberated)
    } else if style.contains("BCAAA4") || style.contains("BDBDBD") {
        Some(Status::Unknown)
    } else if style.contains("FF5252") {
        Some(Status::Editorial)
    } else {
        None
    }
}

fn is_point(g: Option<&Value>) -> bool {
    matches!(g.and_then(type_of), Some("Point" | "MultiPoint"))
}

/// Reads a raw DeepState snapshot: occupied / liberated / unknown areas; editorial
/// polygons and points are skipped and counted.
pub fn read_deepstate_raw(path: &Path) -> Result<RawSnapshot, GeoError> {
    let origin = origin_of(path);
    let root = parse_json(&read_text(path)?, &origin)?;
    let feats = features(&root, &origin)?;
    if feats.is_empty() {
        return Err(GeoError::Empty {
            origin,
            what: "the collection has no features".to_owned(),
        });
    }
    let mut snapshot = RawSnapshot {
        occupied: MultiPolygon::new(Vec::new()),
        liberated: MultiPolygon::new(Vec::new()),
        unknown: MultiPolygon::new(Vec::new()),
        editorial_skipped: 0,
        points_skipped: 0,
        unclassified_skipped: 0,
        warnings: Vec::new(),
    };
    let mut groups: [Vec<(usize, Vec<Polygon<f64>>)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for f in &feats {
        if is_point(f.geometry) {
            snapshot.points_skipped += 1;
            continue;
        }
        let text = |key: &str| {
            f.properties
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        let slot = match classify(text("name"), text("styleUrl")) {
            Some(Status::Occupied) => 0,
            Some(Status::Liberated) => 1,
            Some(Status::Unknown) => 2,
            Some(Status::Editorial) => {
                snapshot.editorial_skipped += 1;
                continue;
            }
            None => {
                snapshot.unclassified_skipped += 1;
                snapshot.warnings.push(Warning {
                    origin: origin.clone(),
                    feature: Some(f.index),
                    repair: None,
                    message: format!(
                        "polygon named {:?} (style {:?}) is neither occupied, liberated nor unknown; skipped",
                        text("name"),
                        text("styleUrl")
                    ),
                });
                continue;
            }
        };
        let polys = feature_polygons(f, &origin, &mut snapshot.warnings)?;
        groups[slot].push((f.index, polys));
    }
    let [occupied, liberated, unknown] = groups;
    snapshot.occupied = combine(occupied, &origin, &mut snapshot.warnings);
    snapshot.liberated = combine(liberated, &origin, &mut snapshot.warnings);
    snapshot.unknown = combine(unknown, &origin, &mut snapshot.warnings);
    Ok(snapshot)
}

/// Whether an ISW `layer` property names an assessed-control-of-terrain layer (2023 files
/// combine layers; the Japanese name is the Nikkei archive's label for it).
fn is_control_layer(layer: &str) -> bool {
    let l = layer.to_lowercase();
    (l.contains("cot") && !l.contains("claimed")) || layer == "ロシア軍支配エリア"
}

/// Reads an ISW layer (e.g. RussianAssessedCoTinUkraine) as one MultiPolygon. A file that
/// combines layers (features with a `layer` property) contributes only its assessed
/// control-of-terrain layer; the other features are skipped with a warning.
pub fn read_isw_layer(path: &Path) -> Result<(MultiPolygon<f64>, Vec<Warning>), GeoError> {
    let origin = origin_of(path);
    let root = parse_json(&read_text(path)?, &origin)?;
    let feats = features(&root, &origin)?;
    fn layer_of<'a>(f: &Feature<'a>) -> Option<&'a str> {
        f.properties.and_then(|p| p.get("layer")).and_then(Value::as_str)
    }
    let combined = feats.iter().any(|f| layer_of(f).is_some());
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    let mut skipped = std::collections::BTreeMap::<String, usize>::new();
    for f in &feats {
        if combined {
            let layer = layer_of(f).unwrap_or("");
            if !is_control_layer(layer) {
                *skipped.entry(layer.to_owned()).or_default() += 1;
                continue;
            }
        }
        parts.push((f.index, feature_polygons(f, &origin, &mut warnings)?));
    }
    if !skipped.is_empty() {
        let list: Vec<String> = skipped.iter().map(|(l, n)| format!("{l:?} ({n})")).collect();
        warnings.push(Warning {
            origin: origin.clone(),
            feature: None,
            repair: None,
            message: format!("features of other layers skipped: {}", list.join(", ")),
        });
    }
    let mp = combine(parts, &origin, &mut warnings);
    if mp.0.is_empty() {
        return Err(GeoError::Empty {
            origin,
            what: if combined {
                "no assessed control-of-terrain layer with polygons in this combined file".to_owned()
            } else {
                "no polygon with an area was found".to_owned()
            },
        });
    }
    Ok((mp, warnings))
}

/// Reads named regions (e.g. oblasts, `name_property` = "ADMIN_1"), each repaired.
/// Repairs are not reported; see [`read_regions_with_warnings`].
pub fn read_regions(path: &Path, name_property: &str) -> Result<Vec<Region>, GeoError> {
    read_regions_with_warnings(path, name_property).map(|(regions, _)| regions)
}

/// [`read_regions`], with the warnings.
pub fn read_regions_with_warnings(path: &Path, name_property: &str) -> Result<(Vec<Region>, Vec<Warning>), GeoError> {
    let origin = origin_of(path);
    let root = parse_json(&read_text(path)?, &origin)?;
    let feats = features(&root, &origin)?;
    let mut regions = Vec::with_capacity(feats.len());
    let mut warnings = Vec::new();
    for f in &feats {
        let name = match f.properties.and_then(|p| p.get(name_property)) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(invalid(
                    &origin,
                    Some(f.index),
                    format!("property {name_property:?} missing (expected a string naming the region)"),
                ));
            }
        };
        let polys = feature_polygons(f, &origin, &mut warnings)?;
        if polys.is_empty() {
            return Err(invalid(
                &origin,
                Some(f.index),
                format!("region {name:?} has no polygon with an area (expected a Polygon or MultiPolygon)"),
            ));
        }
        regions.push(Region {
            name,
            geometry: MultiPolygon::new(polys),
        });
    }
    if regions.is_empty() {
        return Err(GeoError::Empty {
            origin,
            what: "the collection has no features".to_owned(),
        });
    }
    Ok((regions, warnings))
}

/// What kind of snapshot a file name announces.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileKind {
    /// `deepstatemap_data_YYYYMMDD`: a cleaned DeepState MultiPolygon.
    DeepStateClean,
    /// `YYYYMMDDTHHMMZ_...` or `<unix seconds>`: a raw DeepState snapshot.
    DeepStateRaw,
    /// `YYYYMMDD_<Layer>`: an ISW layer (or a combined-layers file).
    Isw(String),
}

fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".geojson")
        .or_else(|| base.strip_suffix(".json"))
        .unwrap_or(base)
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn utc(date: &str, hour: i8, minute: i8) -> Option<Timestamp> {
    if date.len() != 8 {
        return None;
    }
    let y = i16::try_from(digits(&date[0..4])?).ok()?;
    let m = i8::try_from(digits(&date[4..6])?).ok()?;
    let d = i8::try_from(digits(&date[6..8])?).ok()?;
    TimeZone::UTC
        .to_timestamp(DateTime::new(y, m, d, hour, minute, 0, 0).ok()?)
        .ok()
}

fn parse_name(name: &str) -> Option<(Timestamp, FileKind)> {
    let stem = stem(name);
    if let Some(date) = stem.strip_prefix("deepstatemap_data_") {
        return Some((utc(date, 3, 0)?, FileKind::DeepStateClean));
    }
    if let Some(seconds) = digits(stem).filter(|_| (9..=11).contains(&stem.len())) {
        return Some((Timestamp::from_second(seconds).ok()?, FileKind::DeepStateRaw));
    }
    let (head, rest) = stem.split_once('_')?;
    if head.len() == 14 && head.as_bytes()[8] == b'T' && head.ends_with('Z') {
        let hour = i8::try_from(digits(&head[9..11])?).ok()?;
        let minute = i8::try_from(digits(&head[11..13])?).ok()?;
        return Some((utc(&head[..8], hour, minute)?, FileKind::DeepStateRaw));
    }
    if head.len() == 8 && !rest.is_empty() {
        return Some((utc(head, 0, 0)?, FileKind::Isw(rest.to_owned())));
    }
    None
}

/// The snapshot instant from a file name (a path is allowed; the extension is ignored):
///
/// - `deepstatemap_data_YYYYMMDD`: 03:00 UTC that day, the time the upstream archive
///   downloads DeepState's map each day;
/// - `YYYYMMDDTHHMMZ_...`: that instant (raw DeepState snapshots renamed by time);
/// - `<unix seconds>` (9 to 11 digits): that instant (raw DeepState archive names);
/// - `YYYYMMDD_<Layer>`: 00:00 UTC that day (ISW layers are dated by day);
///
/// otherwise `None`, as for impossible dates.
pub fn instant_from_file_name(name: &str) -> Option<Timestamp> {
    parse_name(name).map(|(t, _)| t)
}

/// Loads a folder of snapshot files into a [`Series`], with warnings per file.
///
/// Files are recognised by name (see [`instant_from_file_name`]): cleaned DeepState
/// MultiPolygons, raw DeepState snapshots (their occupied areas), and ISW files of the
/// control-of-terrain layer ([`ISW_CONTROL_LAYER`]) or combined layers. Other files, other
/// ISW layers and files that fail to load are skipped with a warning; a folder mixing
/// sources is loaded but warned about; of two files with the same instant the later name
/// wins. An error only when the folder cannot be read or nothing loads.
pub fn read_series(dir: &Path) -> Result<(Series, Vec<Warning>), GeoError> {
    read_series_layer(dir, ISW_CONTROL_LAYER)
}

/// [`read_series`] taking the ISW layer `layer` (e.g. "RussianClaimedCoTinUkraine").
pub fn read_series_layer(dir: &Path, layer: &str) -> Result<(Series, Vec<Warning>), GeoError> {
    let origin = origin_of(dir);
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        // `metadata` follows symbolic links, so a folder of links to snapshots works too.
        if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    let mut warnings = Vec::new();
    let file_warning = |name: &str, message: String| Warning {
        origin: dir.join(name).display().to_string(),
        feature: None,
        repair: None,
        message,
    };
    let mut loaded: Vec<(Timestamp, String, Territory)> = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for name in names.iter().filter(|n| !n.starts_with('.')) {
        let Some((instant, kind)) = parse_name(name) else {
            warnings.push(file_warning(
                name,
                "file name carries no recognised date; skipped".to_owned(),
            ));
            continue;
        };
        let path = dir.join(name);
        let result = match &kind {
            FileKind::DeepStateClean => read_multipolygon(&path),
            FileKind::DeepStateRaw => read_deepstate_raw(&path).map(|raw| (raw.occupied, raw.warnings)),
            FileKind::Isw(l) if l == layer || l == "combined_layers" => read_isw_layer(&path),
            FileKind::Isw(l) => {
                warnings.push(file_warning(
                    name,
                    format!("ISW layer {l:?} is not the series' layer {layer:?}; skipped"),
                ));
                continue;
            }
        };
        match result {
            Ok((mp, mut file_warnings)) => {
                warnings.append(&mut file_warnings);
                // The readers return repaired geometry: no need to check it again.
                let territory = Territory::from_repaired(mp);
                kinds.insert(match kind {
                    FileKind::DeepStateClean => "cleaned DeepState",
                    FileKind::DeepStateRaw => "raw DeepState",
                    FileKind::Isw(_) => "ISW",
                });
                if let Some(previous) = loaded.iter_mut().find(|s| s.0 == instant) {
                    warnings.push(file_warning(
                        name,
                        format!(
                            "same instant ({instant}) as {}; this later file replaces it",
                            previous.1
                        ),
                    ));
                    *previous = (instant, name.clone(), territory);
                } else {
                    loaded.push((instant, name.clone(), territory));
                }
            }
            Err(e) => warnings.push(file_warning(name, format!("skipped: {e}"))),
        }
    }
    if kinds.len() > 1 {
        let list: Vec<&str> = kinds.into_iter().collect();
        warnings.push(Warning {
            origin: origin.clone(),
            feature: None,
            repair: None,
            message: format!(
                "the folder mixes sources ({}); their lines are drawn differently",
                list.join(", ")
            ),
        });
    }
    if loaded.is_empty() {
        return Err(GeoError::Empty {
            origin,
            what: "no snapshot file could be loaded from the folder".to_owned(),
        });
    }
    Ok((Series::new(loaded), warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_from_names() {
        let t = |s: &str| s.parse::<Timestamp>().ok();
        assert_eq!(
            instant_from_file_name("deepstatemap_data_20240708.geojson"),
            t("2024-07-08T03:00:00Z")
        );
        assert_eq!(
            instant_from_file_name("a/b/20220403T1233Z_1648989208.geojson"),
            t("2022-04-03T12:33:00Z")
        );
        assert_eq!(instant_from_file_name("1648989208.geojson"), t("2022-04-03T12:33:28Z"));
        assert_eq!(
            instant_from_file_name("20220401_RussianAssessedCoTinUkraine.geojson"),
            t("2022-04-01T00:00:00Z")
        );
        assert_eq!(
            instant_from_file_name("20230501_combined_layers.geojson"),
            t("2023-05-01T00:00:00Z")
        );
        assert_eq!(instant_from_file_name("deepstatemap_data_20240230.geojson"), None);
        assert_eq!(instant_from_file_name("README.md"), None);
        assert_eq!(instant_from_file_name("2022_x.geojson"), None);
    }

    #[test]
    fn classification_of_raw_names() {
        use Status::*;
        let c = |n: &str| classify(n, "");
        assert_eq!(
            c("Окуповано /// Occupied /// geoJSON.status.occupied\n"),
            Some(Occupied)
        );
        assert_eq!(
            c("Звільнено 25.03 /// Liberated 25.03\u{a0}/// geoJSON.status.dismissed_at {{at:25.03}}"),
            Some(Liberated)
        );
        assert_eq!(
            c("Статус невідомий /// Unknown status /// geoJSON.status.unknown"),
            Some(Unknown)
        );
        assert_eq!(
            c("ОРДЛО /// CADR and CALR /// geoJSON.territories.ordlo"),
            Some(Occupied)
        );
        assert_eq!(
            c("Окупована область Петсамо\n///\nOccupied Petsamo\n/// geoJSON.territories.petsamo\n"),
            Some(Editorial)
        );
        assert_eq!(c("Придністров'я.\n///\nTransnistria.\n"), Some(Editorial));
        assert_eq!(c("Окуповано /// Occupied\n"), Some(Occupied));
        assert_eq!(c("Сіра зона"), Some(Unknown));
        assert_eq!(c("Крим"), Some(Occupied));
        assert_eq!(classify("24.03", "#poly-0288D1-1200-77"), Some(Liberated));
        assert_eq!(
            classify("Багатокутник 11", "#poly-A52714-1200-87-nodesc"),
            Some(Occupied)
        );
        assert_eq!(classify("?", "#poly-123456"), None);
    }
}
