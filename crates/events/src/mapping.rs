//! Mapping files: how to read a CSV, a JSON array of objects or a GeoJSON
//! FeatureCollection of points that no built-in reader knows.
//!
//! A mapping is a TOML file (the full reference is `docs/events.md`):
//!
//! ```toml
//! name = "bellingcat"          # Event.source
//! format = "json"              # csv | json | geojson
//! zone = "Europe/Kyiv"         # optional: the zone of date-only values
//! id_missing = "hash"          # optional: reject (default) or hash, for an empty id
//! default_class = "other"      # optional: class of kinds the table below lacks
//!
//! [fields]                     # column (CSV) or property (JSON, GeoJSON) names
//! date = "date"                # required
//! lat = "latitude"             # required for csv and json
//! lon = "longitude"
//! description = "description"
//! url = "sources"              # an array: its first element
//!
//! [values]                     # fixed values where no field gives one
//! kind = "civilian harm incident"
//! radius_km = 1.0
//!
//! [classes]                    # kind → class; a trailing * matches a prefix
//! "Ground Battle" = "battle"
//! "Civilian Infrastructure Damage*" = "shelling"
//! ```
//!
//! A record without an id field (or whose id is empty, with `id_missing = "hash"`) gets
//! as id a stable hash of its whole content (32 hex digits): the same record always gets
//! the same id, and identical records are duplicates.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::csvio::{self, Header, Records};
use crate::dates::When;
use crate::hash::StableHasher;
use crate::sink::{Sink, coordinate, deaths};
use crate::{Event, EventClass, EventsError};

/// The container of a mapped input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MappingFormat {
    /// Delimited text with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A GeoJSON FeatureCollection whose features are points.
    Geojson,
}

/// What to do with a record whose id field is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdMissing {
    /// Reject it (the default: a source with ids should have them).
    #[default]
    Reject,
    /// Give it the content hash as id, like an id-less source.
    Hash,
}

/// Which field (CSV column, JSON or GeoJSON property) gives each part of an event. A
/// dotted name (`a.b`) reaches into nested JSON objects; for GeoJSON a name missing from
/// `properties` is looked up on the feature itself (e.g. `id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFields {
    /// The source's id (absent: a content hash).
    pub id: Option<String>,
    /// The date or date-time (required).
    pub date: String,
    /// The last day (inclusive) or end time (exclusive), when the source gives one.
    pub end_date: Option<String>,
    /// Latitude (required for CSV and JSON; GeoJSON uses the point).
    pub lat: Option<String>,
    /// Longitude (required for CSV and JSON).
    pub lon: Option<String>,
    /// The source's event type.
    pub kind: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// A link (for an array, its first element).
    pub url: Option<String>,
    /// First-level administrative unit.
    pub admin1: Option<String>,
    /// Second-level administrative unit.
    pub admin2: Option<String>,
    /// The named place.
    pub location: Option<String>,
    /// Fields naming actors, in order.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Best estimate of deaths.
    pub deaths: Option<String>,
    /// Per-record radius in km (empty: [`MappingValues::radius_km`]).
    pub radius_km: Option<String>,
}

/// Fixed values, used where no field gives one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingValues {
    /// The kind of every record (when there is no kind field, or it is empty).
    pub kind: Option<String>,
    /// The radius of every record, in km (absent, with no radius field: no radius, the
    /// place is then treated as an administrative area).
    pub radius_km: Option<f64>,
    /// The place precision text (default: derived from the radius).
    pub place_precision: Option<String>,
}

/// How to read a mapped input (see the module docs and `docs/events.md`).
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The source name given to the events.
    pub name: String,
    /// The container.
    pub format: MappingFormat,
    /// The zone of date-only values (overrides [`ReadOptions::zone`](crate::ReadOptions::zone)).
    pub zone: Option<TimeZone>,
    /// CSV delimiter (default `,`).
    pub delimiter: u8,
    /// A strftime-style format for dates (e.g. `%d.%m.%Y`); absent: the built-in forms.
    pub date_format: Option<String>,
    /// Treat every date as a whole local day even when it carries a time.
    pub date_only: bool,
    /// What to do with an empty id.
    pub id_missing: IdMissing,
    /// Field names.
    pub fields: MappingFields,
    /// Fixed values.
    pub values: MappingValues,
    /// Kind → class; keys ending in `*` match a prefix (the longest one wins).
    pub classes: BTreeMap<String, EventClass>,
    /// Class of kinds that `classes` does not match.
    pub default_class: EventClass,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    name: String,
    format: MappingFormat,
    zone: Option<String>,
    delimiter: Option<String>,
    date_format: Option<String>,
    #[serde(default)]
    date_only: bool,
    #[serde(default)]
    id_missing: IdMissing,
    default_class: Option<EventClass>,
    fields: MappingFields,
    #[serde(default)]
    values: MappingValues,
    #[serde(default)]
    classes: BTreeMap<String, EventClass>,
}

/// Source names of the built-in readers, which a mapping may not take.
const RESERVED: [&str; 3] = ["ucdp-ged", "acled", "gdelt"];

impl Mapping {
    /// Reads a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, EventsError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| EventsError::Mapping {
            file: file.clone(),
            message: format!("cannot read it: {e}"),
        })?;
        Mapping::from_toml(&text, &file)
    }

    /// Reads a mapping from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Mapping, EventsError> {
        let err = |message: String| EventsError::Mapping {
            file: origin.to_owned(),
            message,
        };
        let raw: MappingFile = toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_owned()))?;
        let name = raw.name.trim().to_owned();
        if name.is_empty() {
            return Err(err("name: must not be empty".to_owned()));
        }
        if RESERVED.contains(&name.as_str()) {
            return Err(err(format!(
                "name: {name:?} is the name of a built-in reader; choose another"
            )));
        }
        let zone = match raw.zone {
            None => None,
            Some(z) => Some(TimeZone::get(&z).map_err(|e| err(format!("zone: {z:?} is not a known time zone: {e}")))?),
        };
        let delimiter = match raw.delimiter.as_deref() {
            None => b',',
            Some("\\t" | "\t" | "tab") => b'\t',
            Some(d) if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
            Some(d) => return Err(err(format!("delimiter: expected one ASCII character, found {d:?}"))),
        };
        if raw.format != MappingFormat::Geojson && (raw.fields.lat.is_none() || raw.fields.lon.is_none()) {
            return Err(err("fields: lat and lon are required for csv and json".to_owned()));
        }
        if let Some(r) = raw.values.radius_km
            && !(r.is_finite() && r >= 0.0)
        {
            return Err(err(format!("values.radius_km: expected 0 or more km, found {r}")));
        }
        if let Some(key) = raw.classes.keys().find(|k| k.trim_end_matches('*').contains('*')) {
            return Err(err(format!("classes: {key:?}: '*' is allowed only at the end")));
        }
        Ok(Mapping {
            name,
            format: raw.format,
            zone,
            delimiter,
            date_format: raw.date_format,
            date_only: raw.date_only,
            id_missing: raw.id_missing,
            fields: raw.fields,
            values: raw.values,
            classes: raw.classes,
            default_class: raw.default_class.unwrap_or(EventClass::Other),
        })
    }

    /// The class of a kind: an exact key of `classes`, else the longest matching
    /// `prefix*` key, else `default_class`.
    pub fn class_of(&self, kind: &str) -> EventClass {
        if let Some(class) = self.classes.get(kind) {
            return *class;
        }
        self.classes
            .iter()
            .filter_map(|(key, class)| {
                let prefix = key.strip_suffix('*')?;
                kind.starts_with(prefix).then_some((prefix.len(), *class))
            })
            .max_by_key(|(len, _)| *len)
            .map_or(self.default_class, |(_, class)| class)
    }

    /// Every field name the mapping reads.
    fn field_names(&self) -> Vec<&str> {
        let f = &self.fields;
        let singles = [
            &f.id,
            &f.end_date,
            &f.lat,
            &f.lon,
            &f.kind,
            &f.description,
            &f.url,
            &f.admin1,
            &f.admin2,
            &f.location,
            &f.deaths,
            &f.radius_km,
        ];
        std::iter::once(f.date.as_str())
            .chain(singles.into_iter().flatten().map(String::as_str))
            .chain(f.actors.iter().map(String::as_str))
            .collect()
    }
}

/// One record's values: field name → the texts it holds (one for CSV; a JSON array
/// gives one per element; null and missing give none).
type Lookup<'r> = &'r dyn Fn(&str) -> Vec<String>;

pub(crate) fn read_csv(
    mapping: &Mapping,
    records: &mut (impl Records + ?Sized),
    sink: &mut Sink<'_>,
) -> Result<(), EventsError> {
    let origin = sink.origin;
    let mut columns: Option<HashMap<String, usize>> = None;
    let delimiter = mapping.delimiter;
    let records = csvio::for_each_record(records, |record, line| {
        let Some(cols) = &columns else {
            let header = Header::new(record);
            let mut found = HashMap::new();
            let mut missing = Vec::new();
            for name in mapping.field_names() {
                match header.find(name) {
                    Some(i) => {
                        found.insert(name.to_owned(), i);
                    }
                    None => missing.push(name),
                }
            }
            if !missing.is_empty() {
                return Err(EventsError::Layout {
                    file: origin.to_owned(),
                    line,
                    message: format!(
                        "the header lacks the column(s) {} named by mapping {:?}",
                        missing.join(", "),
                        mapping.name
                    ),
                });
            }
            columns = Some(found);
            return Ok(());
        };
        let get = |name: &str| match cols.get(name) {
            Some(&i) => {
                let v = csvio::field(record, i);
                if v.is_empty() { Vec::new() } else { vec![v.to_owned()] }
            }
            None => Vec::new(),
        };
        let stable = || {
            let mut h = StableHasher::new();
            for f in record.iter() {
                h.write_field(f.as_bytes());
            }
            h.finish()
        };
        let parsed = mapped_event(mapping, line, sink, &get, None, &stable);
        sink.record(line, parsed, csvio::record_hash(record), || {
            csvio::raw(record, delimiter)
        });
        Ok(())
    })?;
    if records == 0 {
        return Err(csvio::empty(origin, "a CSV header and rows"));
    }
    Ok(())
}

pub(crate) fn read_json(mapping: &Mapping, input: impl Read, sink: &mut Sink<'_>) -> Result<(), EventsError> {
    let origin = sink.origin;
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    // Empty input (or white space only) is an error of its own, not a syntax error.
    loop {
        let buf = reader.fill_buf().map_err(|source| EventsError::Io {
            file: origin.to_owned(),
            source,
        })?;
        if buf.is_empty() {
            let expected = match mapping.format {
                MappingFormat::Geojson => "a GeoJSON FeatureCollection",
                _ => "a JSON array of objects",
            };
            return Err(csvio::empty(origin, expected));
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if blank < buf.len() {
            reader.consume(blank);
            break;
        }
        let n = buf.len();
        reader.consume(n);
    }
    let mut index = 0u64;
    let mut each = |value: Value| {
        index += 1;
        let line = index;
        let content = canonical_hash(&value);
        let parsed = json_event(mapping, line, sink, &value, content);
        sink.record(line, parsed, content as u64, || value.to_string());
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = match mapping.format {
        MappingFormat::Geojson => serde::Deserializer::deserialize_map(&mut de, Collection { each: &mut each }),
        _ => serde::Deserializer::deserialize_seq(&mut de, Elements { each: &mut each }),
    }
    .and_then(|()| de.end());
    result.map_err(|e| {
        if e.is_io() {
            EventsError::Io {
                file: origin.to_owned(),
                source: e.into(),
            }
        } else {
            EventsError::Syntax {
                file: origin.to_owned(),
                line: e.line() as u64,
                column: e.column() as u64,
                message: e.to_string(),
            }
        }
    })
}

/// Streams the elements of a JSON array.
struct Elements<'f> {
    each: &'f mut dyn FnMut(Value),
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            (self.each)(value);
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Elements<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

/// Streams the features of a GeoJSON FeatureCollection.
struct Collection<'f> {
    each: &'f mut dyn FnMut(Value),
}

impl<'de> Visitor<'de> for Collection<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => kind = Some(map.next_value::<String>()?),
                "features" if !features => {
                    map.next_value_seed(Elements { each: &mut *self.each })?;
                    features = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match kind.as_deref() {
            Some("FeatureCollection") | None => {}
            Some(other) => {
                return Err(A::Error::custom(format!(
                    "a GeoJSON {other}, expected a FeatureCollection"
                )));
            }
        }
        if !features {
            return Err(A::Error::custom(
                "no \"features\" array: not a GeoJSON FeatureCollection",
            ));
        }
        Ok(())
    }
}

/// A stable hash of a JSON value, independent of the order of object members.
fn canonical_hash(value: &Value) -> u128 {
    fn feed(h: &mut StableHasher, v: &Value) {
        match v {
            Value::Null => h.write_field(b"n"),
            Value::Bool(b) => h.write_field(if *b { b"t" } else { b"f" }),
            Value::Number(n) => {
                h.write(b"#");
                h.write_field(n.to_string().as_bytes());
            }
            Value::String(s) => {
                h.write(b"\"");
                h.write_field(s.as_bytes());
            }
            Value::Array(items) => {
                h.write(b"[");
                for item in items {
                    feed(h, item);
                }
                h.write_field(b"]");
            }
            Value::Object(members) => {
                let mut keys: Vec<&String> = members.keys().collect();
                keys.sort();
                h.write(b"{");
                for key in keys {
                    h.write_field(key.as_bytes());
                    feed(h, &members[key]);
                }
                h.write_field(b"}");
            }
        }
    }
    let mut h = StableHasher::new();
    feed(&mut h, value);
    h.finish()
}

/// The texts of a JSON value (see [`Lookup`]).
fn texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::String(s) => {
            if !s.trim().is_empty() {
                out.push(s.trim().to_owned());
            }
        }
        Value::Number(n) => out.push(n.to_string()),
        Value::Bool(b) => out.push(b.to_string()),
        Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
        Value::Object(_) => out.push(value.to_string()),
    }
}

/// A member of an object, following dots into nested objects when the whole name is
/// not a member.
fn member<'v>(object: &'v Value, name: &str) -> Option<&'v Value> {
    if let Some(v) = object.get(name) {
        return Some(v);
    }
    let mut current = object;
    for part in name.split('.') {
        current = current.get(part)?;
    }
    Some(current)
}

fn json_event(
    mapping: &Mapping,
    line: u64,
    sink: &mut Sink<'_>,
    value: &Value,
    content: u128,
) -> Result<Event, String> {
    let stable = || content;
    match mapping.format {
        MappingFormat::Geojson => {
            if value.get("type").and_then(Value::as_str) != Some("Feature") {
                return Err("expected a GeoJSON Feature object".to_owned());
            }
            let point = point(value)?;
            let empty = Value::Null;
            let properties = value.get("properties").unwrap_or(&empty);
            let get = |name: &str| {
                let mut out = Vec::new();
                if let Some(v) = member(properties, name).or_else(|| member(value, name)) {
                    texts(v, &mut out);
                }
                out
            };
            mapped_event(mapping, line, sink, &get, Some(point), &stable)
        }
        _ => {
            if !value.is_object() {
                return Err(format!(
                    "expected a JSON object, found {}",
                    match value {
                        Value::Array(_) => "an array",
                        Value::String(_) => "a string",
                        Value::Number(_) => "a number",
                        Value::Bool(_) => "a boolean",
                        _ => "null",
                    }
                ));
            }
            let get = |name: &str| {
                let mut out = Vec::new();
                if let Some(v) = member(value, name) {
                    texts(v, &mut out);
                }
                out
            };
            mapped_event(mapping, line, sink, &get, None, &stable)
        }
    }
}

/// The `(lon, lat)` of a Point feature.
fn point(feature: &Value) -> Result<(f64, f64), String> {
    let geometry = match feature.get("geometry") {
        None => return Err("geometry: missing".to_owned()),
        Some(Value::Null) => return Err("geometry: null (a feature without a place)".to_owned()),
        Some(g) => g,
    };
    match geometry.get("type").and_then(Value::as_str) {
        Some("Point") => {}
        Some(other) => return Err(format!("geometry: a {other}, expected a Point")),
        None => return Err("geometry: no type".to_owned()),
    }
    let coords = geometry
        .get("coordinates")
        .and_then(Value::as_array)
        .ok_or("geometry: a Point without coordinates")?;
    match (
        coords.first().and_then(Value::as_f64),
        coords.get(1).and_then(Value::as_f64),
    ) {
        (Some(lon), Some(lat)) => Ok((lon, lat)),
        _ => Err("geometry: Point coordinates must be [longitude, latitude] numbers".to_owned()),
    }
}

fn first_text(get: Lookup<'_>, name: Option<&String>) -> Option<String> {
    name.and_then(|n| get(n).into_iter().next())
}

fn joined(get: Lookup<'_>, name: Option<&String>) -> String {
    name.map(|n| get(n).join("; ")).unwrap_or_default()
}

fn mapped_event(
    mapping: &Mapping,
    line: u64,
    sink: &mut Sink<'_>,
    get: Lookup<'_>,
    point: Option<(f64, f64)>,
    stable: &dyn Fn() -> u128,
) -> Result<Event, String> {
    let fields = &mapping.fields;
    let hashed = || format!("{:032x}", stable());
    let source_id = match &fields.id {
        None => hashed(),
        Some(name) => match (first_text(get, Some(name)), mapping.id_missing) {
            (Some(id), _) => id,
            (None, IdMissing::Hash) => hashed(),
            (None, IdMissing::Reject) => return Err(format!("id: field {name:?} is empty")),
        },
    };
    let (lon, lat) = match point {
        Some(p) => p,
        None => {
            let text = |n: &Option<String>| first_text(get, n.as_ref()).unwrap_or_default();
            let lat_name = fields.lat.as_deref().unwrap_or("lat");
            let lon_name = fields.lon.as_deref().unwrap_or("lon");
            (
                coordinate(&text(&fields.lon), lon_name)?,
                coordinate(&text(&fields.lat), lat_name)?,
            )
        }
    };
    let (start, end, time_precision) = interval(mapping, line, sink, get)?;
    let radius_km = match first_text(get, fields.radius_km.as_ref()) {
        Some(text) => match text.parse::<f64>() {
            Ok(r) if r.is_finite() && r >= 0.0 => Some(r),
            _ => {
                let name = fields.radius_km.as_deref().unwrap_or("radius_km");
                return Err(format!("{name}: expected 0 or more km, found {text:?}"));
            }
        },
        None => mapping.values.radius_km,
    };
    let place_precision = match (&mapping.values.place_precision, radius_km) {
        (Some(text), _) => Cow::Owned(text.clone()),
        (None, Some(r)) => Cow::Owned(format!("within {r} km (mapping {})", mapping.name)),
        (None, None) => Cow::Owned(format!("area only, no radius (mapping {})", mapping.name)),
    };
    let kind = first_text(get, fields.kind.as_ref())
        .or_else(|| mapping.values.kind.clone())
        .unwrap_or_default();
    let deaths = match &fields.deaths {
        Some(name) => deaths(&joined(get, Some(name)), name)?,
        None => None,
    };
    Ok(Event {
        source: sink.source.clone(),
        source_id,
        start,
        end,
        time_precision,
        lon,
        lat,
        radius_km,
        place_precision,
        admin1: first_text(get, fields.admin1.as_ref()),
        admin2: first_text(get, fields.admin2.as_ref()),
        location: joined(get, fields.location.as_ref()),
        class: mapping.class_of(&kind),
        kind: Cow::Owned(kind),
        actors: fields.actors.iter().flat_map(|name| get(name)).collect(),
        deaths,
        description: joined(get, fields.description.as_ref()),
        url: first_text(get, fields.url.as_ref()),
    })
}

/// Parses one date field, with the mapping's format when it has one.
fn when(mapping: &Mapping, sink: &mut Sink<'_>, text: &str, line: u64, name: &str) -> Result<When, String> {
    let parsed = match &mapping.date_format {
        None => sink.dates.parse(text, line),
        Some(format) => strtime(format, text),
    }
    .map_err(|e| format!("{name}: {e}"))?;
    Ok(if mapping.date_only {
        When::Day(parsed.day(sink.dates.zone()))
    } else {
        parsed
    })
}

fn strtime(format: &str, text: &str) -> Result<When, String> {
    let tm = jiff::fmt::strtime::parse(format, text.trim())
        .map_err(|e| format!("{text:?} does not match date_format {format:?}: {e}"))?;
    let result = if tm.offset().is_some() || tm.iana_time_zone().is_some() {
        tm.to_timestamp().map(When::Absolute)
    } else if tm.hour().is_some() {
        tm.to_datetime().map(When::Local)
    } else {
        tm.to_date().map(When::Day)
    };
    result.map_err(|e| format!("{text:?} read with date_format {format:?} is not a date: {e}"))
}

fn interval(
    mapping: &Mapping,
    line: u64,
    sink: &mut Sink<'_>,
    get: Lookup<'_>,
) -> Result<(Timestamp, Timestamp, Cow<'static, str>), String> {
    let date_name = &mapping.fields.date;
    let Some(date_text) = first_text(get, Some(date_name)) else {
        return Err(format!("{date_name}: missing"));
    };
    let begin = when(mapping, sink, &date_text, line, date_name)?;
    let finish = match &mapping.fields.end_date {
        Some(name) => match first_text(get, Some(name)) {
            Some(text) => Some((when(mapping, sink, &text, line, name)?, name)),
            None => None,
        },
        None => None,
    };
    let second = |t: Timestamp| {
        t.checked_add(1.second())
            .map_err(|_| format!("{date_name}: {t} is the last representable instant"))
    };
    match (begin, finish) {
        (When::Day(first), None) => {
            let (start, end) = sink.dates.days(first, first)?;
            Ok((start, end, Cow::Borrowed("exact day")))
        }
        (When::Day(first), Some((When::Day(last), end_name))) => {
            if last < first {
                return Err(format!(
                    "end before start: {end_name} {last} is before {date_name} {first}"
                ));
            }
            let (start, end) = sink.dates.days(first, last)?;
            let days = first.until(last).map(|span| span.get_days() + 1).unwrap_or(0);
            let label = if days == 1 {
                Cow::Borrowed("exact day")
            } else {
                Cow::Owned(format!("{days} days"))
            };
            Ok((start, end, label))
        }
        (instant, None) => {
            let start = instant_start(sink, instant)?;
            Ok((start, second(start)?, Cow::Borrowed("instant")))
        }
        (first, Some((last, end_name))) => {
            let start = instant_start(sink, first)?;
            let end = match last {
                When::Day(day) => sink.dates.days(day, day)?.1,
                other => instant_start(sink, other)?,
            };
            if end < start {
                return Err(format!(
                    "end before start: {end_name} {end} is before {date_name} {start}"
                ));
            }
            let end = if end == start { second(start)? } else { end };
            Ok((start, end, Cow::Borrowed("interval")))
        }
    }
}

fn instant_start(sink: &mut Sink<'_>, when: When) -> Result<Timestamp, String> {
    match when {
        When::Day(day) => sink.dates.day_start(day),
        When::Local(dt) => sink.dates.local_instant(dt),
        When::Absolute(ts) => Ok(ts),
    }
}
