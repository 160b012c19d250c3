//! Ceasefire terms and the geometries they are drawn on.
//!
//! A document may declare ceasefires (`[[ceasefires]]`): when the guns must fall silent
//! (instants with their IANA time zone, because "00:00 local time" meant UTC+2 in February
//! 2015 and UTC+3 in July 2020), where (a scope area), what is prohibited (event classes,
//! in the vocabulary of [`EVENT_CLASSES`]) and the zones the parties must respect: weapon
//! withdrawal buffers measured from a reference line (each party possibly from its own
//! line), disengagement areas, demilitarised zones and exclusion areas such as training
//! grounds.
//!
//! Geometry is not parsed here: a scenario declares named [`Geometry`] files in
//! `negotiation.toml` (`[[geometries]]`, GeoJSON paths relative to the scenario) with their
//! provenance, and ceasefires refer to them by id. The monitor reads the files.

use std::path::PathBuf;

use jiff::ZonedDateTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Provenance;

/// The event classes a ceasefire can prohibit, in kebab-case. Every event reader maps its
/// source's own event types onto these.
pub const EVENT_CLASSES: [&str; 9] = [
    "battle",
    "shelling",
    "air-strike",
    "remote-violence",
    "violence-against-civilians",
    "protest",
    "riot",
    "strategic",
    "other",
];

/// What a geometry file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GeometryKind {
    /// A line (LineString/MultiLineString), e.g. a line of contact; a polygon's edge also
    /// serves.
    Line,
    /// An area (Polygon/MultiPolygon), e.g. a ceasefire's scope or a disengagement area.
    Area,
    /// The territory one party holds: one GeoJSON file, or a folder of dated snapshots
    /// (each holds until the next).
    Territory,
}

impl GeometryKind {
    /// Every kind with its spelling.
    pub const ALL: [(&'static str, GeometryKind); 3] = [
        ("line", GeometryKind::Line),
        ("area", GeometryKind::Area),
        ("territory", GeometryKind::Territory),
    ];
}

/// A named geometry of a scenario: a GeoJSON file (or a folder of dated snapshots) and
/// where its shape comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geometry {
    /// Stable identifier, unique in the negotiation.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the file describes.
    pub kind: GeometryKind,
    /// Path relative to the scenario folder.
    #[schemars(with = "String")]
    pub path: PathBuf,
    /// For a territory: the party that holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Where the shape comes from and how far it is trusted.
    #[serde(default)]
    pub provenance: Vec<Provenance>,
}

/// One ceasefire declared by a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ceasefire {
    /// Stable identifier, unique in the negotiation.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Ids of the document's provisions that state it.
    #[serde(default)]
    pub provisions: Vec<String>,
    /// When it takes effect, with its time zone (RFC 9557, e.g.
    /// `2015-02-15T00:00:00+02:00[Europe/Kyiv]`).
    #[schemars(with = "String")]
    pub start: ZonedDateTime,
    /// When it ends, if it has an end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub end: Option<ZonedDateTime>,
    /// Geometry id of the area it covers (an `area` or `territory` geometry); everywhere
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Event classes it prohibits (see [`EVENT_CLASSES`]).
    pub prohibited: Vec<String>,
    /// Geometry id of the `territory` that tells which side held a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// Geometry id of the line distances are measured from by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// The monitor's reporting-day boundary in the ceasefire's zone, as (hour, minute);
    /// the OSCE SMM counted from 19:30 to 19:30. Midnight when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_cutoff: Option<(i8, i8)>,
    /// Zones the parties must respect.
    #[serde(default)]
    pub zones: Vec<Zone>,
}

/// What a zone asks of the parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneKind {
    /// Weapons of a class withdrawn to a distance from a reference line.
    Withdrawal,
    /// An area both sides leave (e.g. Stanytsia Luhanska, Zolote, Petrivske in 2016).
    Disengagement,
    /// An area with no military presence at all.
    Demilitarised,
    /// An area whose events are excluded from the count (e.g. a known training ground).
    Exclusion,
}

impl ZoneKind {
    /// Every kind with its spelling.
    pub const ALL: [(&'static str, ZoneKind); 4] = [
        ("withdrawal", ZoneKind::Withdrawal),
        ("disengagement", ZoneKind::Disengagement),
        ("demilitarised", ZoneKind::Demilitarised),
        ("exclusion", ZoneKind::Exclusion),
    ];
}

/// Which side of the reference line a buffer lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneSide {
    /// The zone's party's own side (the territory it holds).
    Own,
    /// Both sides of the line.
    Both,
}

impl ZoneSide {
    /// Every side with its spelling.
    pub const ALL: [(&'static str, ZoneSide); 2] = [("own", ZoneSide::Own), ("both", ZoneSide::Both)];
}

/// One zone of a ceasefire: either a buffer (`line` + `distance_km`) or an `area`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Identifier, unique within the ceasefire.
    pub id: String,
    /// What the zone asks.
    pub kind: ZoneKind,
    /// The party the zone binds; both sides when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The weapon class it concerns, in words (e.g. "artillery of 100 mm and above").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weapons: Option<String>,
    /// Event classes that show the weapon class (or any military activity) in the zone.
    #[serde(default)]
    pub classes: Vec<String>,
    /// Geometry id of the reference line of a buffer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// Width of a buffer from its line, in km, on the zone's side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Which side of the line a buffer lies on.
    pub side: ZoneSide,
    /// Geometry id of the zone's area, for zones that are not buffers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// When the zone starts to apply (e.g. once a withdrawal period is over); the
    /// ceasefire's start when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub from: Option<ZonedDateTime>,
}
