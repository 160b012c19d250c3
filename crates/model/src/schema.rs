//! JSON Schemas: of the input files (`truce schema`) and of the export
//! (`truce schema --export`).
//!
//! The input schema is generated from the `*File` shape types below, which mirror what
//! the loader accepts; a test checks that their fields are exactly the keys the loader
//! knows, so the schema cannot drift from the parser.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use crate::pax_taxonomy::CODES;
use crate::{
    Export, GeometryKind, IssueKind, IssueOption, LinkStatus, PartyKind, RelationKind, Stage, Status, ZoneKind,
    ZoneSide,
};

/// A scenario file: `negotiation.toml` or one file under `documents/`.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum InputFile {
    Negotiation(NegotiationFile),
    Document(DocumentFile),
}

/// `negotiation.toml`: the parties and the issue space.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct NegotiationFile {
    negotiation: NegotiationHeader,
    #[serde(default)]
    parties: Vec<PartyEntry>,
    #[serde(default)]
    issues: Vec<IssueEntry>,
    #[serde(default)]
    links: Vec<LinkEntry>,
    #[serde(default)]
    geometries: Vec<GeometryEntry>,
}

/// A `[[geometries]]` entry: a named GeoJSON file that ceasefire terms refer to.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct GeometryEntry {
    /// Stable identifier.
    id: String,
    /// Human title.
    title: String,
    /// line, area or territory.
    kind: GeometryKind,
    /// GeoJSON file (or folder of dated snapshots) relative to the scenario folder.
    path: String,
    /// For a territory: the party holding it.
    holder: Option<String>,
    /// Where the shape comes from.
    #[serde(default)]
    provenance: Vec<ProvenanceEntry>,
}

/// A `[[ceasefires]]` entry of a document.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct CeasefireEntry {
    /// Stable identifier.
    id: String,
    /// Human title.
    title: String,
    /// Provision ids of this document that state it.
    #[serde(default)]
    provisions: Vec<String>,
    /// Instant with its IANA zone, e.g. "2015-02-15T00:00[Europe/Kyiv]".
    start: String,
    /// Instant with its IANA zone.
    end: Option<String>,
    /// Geometry id (area or territory) of the area it covers.
    scope: Option<String>,
    /// Event classes it prohibits.
    prohibited: Vec<String>,
    /// Geometry id (territory) telling which side held a place.
    territory: Option<String>,
    /// Geometry id of the default reference line.
    line: Option<String>,
    /// The monitor's reporting-day boundary, "HH:MM".
    report_cutoff: Option<String>,
    /// Zones.
    #[serde(default)]
    zones: Vec<ZoneEntry>,
}

/// A `[[ceasefires.zones]]` entry.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ZoneEntry {
    /// Identifier within the ceasefire.
    id: String,
    /// withdrawal, disengagement, demilitarised or exclusion.
    kind: ZoneKind,
    /// Party bound.
    party: Option<String>,
    /// Weapon class, in words.
    weapons: Option<String>,
    /// Event classes that show the weapons in the zone.
    #[serde(default)]
    classes: Vec<String>,
    /// Geometry id of the reference line (withdrawal zones).
    line: Option<String>,
    /// Width from the line in km (withdrawal zones).
    distance_km: Option<f64>,
    /// own or both.
    side: Option<ZoneSide>,
    /// Geometry id of the area (other zones).
    area: Option<String>,
    /// Instant with its IANA zone from which the zone applies.
    from: Option<String>,
}

/// A `[[links]]` entry: a person's verdict on an alignment link.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct LinkEntry {
    /// Provision id in the earlier document.
    a: String,
    /// Provision id in the later document.
    b: String,
    /// confirmed or rejected.
    status: LinkStatus,
    /// Why.
    note: Option<String>,
}

/// The `[negotiation]` table.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct NegotiationHeader {
    /// Stable identifier, `[a-z0-9][a-z0-9_.-]*`.
    id: String,
    /// Human title.
    title: String,
    /// One paragraph in our own words.
    summary: Option<String>,
    /// PA-X peace-process name (PPName).
    pax_process: Option<String>,
}

/// A `[[parties]]` entry.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct PartyEntry {
    /// Stable identifier.
    id: String,
    /// Display name.
    name: String,
    /// What sort of actor.
    kind: PartyKind,
}

/// An `[[issues]]` entry.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct IssueEntry {
    /// Stable identifier; the key of terms.
    id: String,
    /// Human title.
    title: String,
    /// Longer description.
    description: Option<String>,
    /// Value type: enum, integer, boolean or date.
    #[serde(rename = "type")]
    kind: IssueType,
    /// Unit (integer issues).
    unit: Option<String>,
    /// Smallest value (integer issues).
    min: Option<i64>,
    /// Largest value (integer issues).
    max: Option<i64>,
    /// The options (enum issues).
    options: Option<Vec<IssueOption>>,
}

/// Value type of an issue.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum IssueType {
    Enum,
    Integer,
    Boolean,
    Date,
}

/// A document file.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct DocumentFile {
    document: DocumentHeader,
    #[serde(default)]
    provenance: Vec<ProvenanceEntry>,
    #[serde(default)]
    relations: Vec<RelationEntry>,
    #[serde(default)]
    provisions: Vec<ProvisionEntry>,
    #[serde(default)]
    ceasefires: Vec<CeasefireEntry>,
}

/// The `[document]` table.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct DocumentHeader {
    /// Stable identifier, unique in the negotiation.
    id: String,
    /// Human title.
    title: String,
    /// Date, YYYY-MM-DD.
    #[schemars(with = "DateString")]
    date: String,
    /// PA-X stage.
    stage: Stage,
    /// What kind of text this is.
    status: Status,
    /// Authoring party ids.
    #[serde(default)]
    authors: Vec<String>,
    /// One paragraph in our own words.
    summary: Option<String>,
}

/// A provenance claim.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ProvenanceEntry {
    /// Address (URL) or citation of the source.
    source: String,
    /// Publisher of the source.
    publisher: String,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "DateString")]
    date: String,
    /// Trust in the claim, 0.0 ..= 1.0.
    #[schemars(range(min = 0.0, max = 1.0))]
    confidence: f64,
    /// What the claim says.
    note: Option<String>,
}

/// A `[[relations]]` entry.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct RelationEntry {
    /// What the link means.
    kind: RelationKind,
    /// Id of the other document.
    target: String,
    /// A note.
    note: Option<String>,
}

/// A `[[provisions]]` entry.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ProvisionEntry {
    /// Stable identifier, unique in the negotiation.
    id: String,
    /// Number as written in the document.
    number: String,
    /// Short heading.
    heading: Option<String>,
    /// The clause in our own words.
    text: String,
    /// PA-X code = level.
    #[serde(default)]
    #[schemars(schema_with = "codes_schema")]
    codes: BTreeMap<String, u8>,
    /// Issue id = value of the issue's type.
    #[serde(default)]
    #[schemars(schema_with = "terms_schema")]
    terms: BTreeMap<String, toml::Value>,
    /// Party ids the clause obliges.
    #[serde(default)]
    binds: Vec<String>,
    /// Claims about this clause.
    #[serde(default)]
    provenance: Vec<ProvenanceEntry>,
}

/// A date written YYYY-MM-DD.
#[derive(JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
struct DateString(#[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))] String);

fn codes_schema(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = CODES.iter().map(|c| c.code).collect();
    json_schema!({
        "type": "object",
        "description": "PA-X provision code = level (1..=3; 1 for yes/no codes)",
        "propertyNames": { "enum": names },
        "additionalProperties": { "type": "integer", "minimum": 1, "maximum": 3 }
    })
}

fn terms_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "description": "issue id = value: an option id (enum), an integer, a boolean, or a date YYYY-MM-DD",
        "additionalProperties": { "type": ["string", "integer", "boolean"] }
    })
}

/// JSON Schema of the input files (TOML read as JSON): either file kind.
pub fn input_schema() -> serde_json::Value {
    let mut s = schemars::schema_for!(InputFile);
    s.insert(
        "title".into(),
        "truce input file (negotiation.toml or a document file)".into(),
    );
    serde_json::to_value(s).unwrap_or_default()
}

/// JSON Schema of `truce export --format json`.
pub fn export_schema() -> serde_json::Value {
    let mut s = schemars::schema_for!(Export);
    s.insert("title".into(), crate::EXPORT_FORMAT.into());
    serde_json::to_value(s).unwrap_or_default()
}

// Kept so the issue kinds stay documented next to the schema types.
const _: fn(&IssueKind) -> &'static str = IssueKind::name;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn props(schema: &serde_json::Value, def: &str) -> Vec<String> {
        let mut keys: Vec<String> = schema["$defs"][def]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no $defs/{def} in schema"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn schema_keys_match_the_loader() {
        let s = input_schema();
        assert_eq!(props(&s, "NegotiationHeader"), sorted(load::NEGOTIATION_KEYS));
        assert_eq!(props(&s, "PartyEntry"), sorted(load::PARTY_KEYS));
        assert_eq!(props(&s, "LinkEntry"), sorted(load::LINK_KEYS));
        assert_eq!(props(&s, "IssueEntry"), sorted(load::ISSUE_KEYS));
        assert_eq!(props(&s, "IssueOption"), sorted(load::OPTION_KEYS));
        assert_eq!(props(&s, "DocumentHeader"), sorted(load::DOCUMENT_KEYS));
        assert_eq!(props(&s, "ProvenanceEntry"), sorted(load::PROVENANCE_KEYS));
        assert_eq!(props(&s, "RelationEntry"), sorted(load::RELATION_KEYS));
        assert_eq!(props(&s, "ProvisionEntry"), sorted(load::PROVISION_KEYS));
        assert_eq!(props(&s, "GeometryEntry"), sorted(load::GEOMETRY_KEYS));
        assert_eq!(props(&s, "CeasefireEntry"), sorted(load::CEASEFIRE_KEYS));
        assert_eq!(props(&s, "ZoneEntry"), sorted(load::ZONE_KEYS));
        assert_eq!(props(&s, "NegotiationFile"), sorted(load::NEGOTIATION_TOP_KEYS));
        assert_eq!(props(&s, "DocumentFile"), sorted(load::DOCUMENT_TOP_KEYS));
    }
}
