//! The negotiation: parties, issue space and the family of documents.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Document, Geometry, Issue};

/// A peace process under negotiation: who takes part, what is at stake, and every
/// document (draft, leak, counter-proposal) of its family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Negotiation {
    /// Stable identifier.
    pub id: String,
    /// Human title.
    pub title: String,
    /// One paragraph describing the negotiation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The PA-X peace-process name (`PPName`) this negotiation belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pax_process: Option<String>,
    /// The parties, in file order.
    pub parties: Vec<Party>,
    /// The issue space, in file order.
    pub issues: Vec<Issue>,
    /// The documents, in file-name order.
    pub documents: Vec<Document>,
    /// Alignment links between provisions of two documents that a person confirmed or
    /// rejected; they override the automatic aligner.
    #[serde(default)]
    pub links: Vec<AlignmentLink>,
    /// Named geometry files (lines, areas, held territory) that ceasefire terms refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub geometries: Vec<Geometry>,
}

/// A person's verdict on a link between a provision of one document and a provision of
/// another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlignmentLink {
    /// Provision id in the earlier document.
    pub a: String,
    /// Provision id in the later document.
    pub b: String,
    /// Confirmed (forced) or rejected (forbidden).
    pub status: LinkStatus,
    /// Why, in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether a person confirmed or rejected a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// The two provisions correspond.
    Confirmed,
    /// The two provisions do not correspond.
    Rejected,
}

impl LinkStatus {
    /// Every status with its spelling in files.
    pub const ALL: [(&'static str, LinkStatus); 2] =
        [("confirmed", LinkStatus::Confirmed), ("rejected", LinkStatus::Rejected)];

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        lookup_name(&Self::ALL, self)
    }
}

impl Negotiation {
    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// The issue with this id.
    pub fn issue(&self, id: &str) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}

/// A party to the negotiation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What sort of actor it is.
    pub kind: PartyKind,
}

/// What sort of actor a party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// A sovereign state.
    State,
    /// A group of states acting together (e.g. the E3 or the EU).
    Coalition,
    /// An international organisation.
    Organisation,
    /// A non-state armed group.
    ArmedGroup,
    /// A third party that mediates.
    Mediator,
}

impl PartyKind {
    /// Every kind with its spelling in files.
    pub const ALL: [(&'static str, PartyKind); 5] = [
        ("state", PartyKind::State),
        ("coalition", PartyKind::Coalition),
        ("organisation", PartyKind::Organisation),
        ("armed-group", PartyKind::ArmedGroup),
        ("mediator", PartyKind::Mediator),
    ];

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        lookup_name(&Self::ALL, self)
    }
}

pub(crate) fn lookup_name<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(name, _)| *name)
        .unwrap_or("?")
}
