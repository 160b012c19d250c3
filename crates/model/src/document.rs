//! Documents: one version of a plan (official text, leak, briefing, counter-proposal).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::negotiation::lookup_name;
use crate::{Ceasefire, Date, Provenance, Provision};

/// One document of a negotiation's family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable identifier, unique in the negotiation.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Date of the document (signature, leak, or statement).
    #[schemars(with = "String")]
    pub date: Date,
    /// PA-X stage of the process the document belongs to.
    pub stage: Stage,
    /// What kind of text we hold.
    pub status: Status,
    /// Ids of the parties that authored it.
    #[serde(default)]
    pub authors: Vec<String>,
    /// One paragraph about the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Claims about the document's source; several may conflict.
    #[serde(default)]
    pub provenance: Vec<Provenance>,
    /// Typed links to other documents of the family.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// The clauses, in document order.
    pub provisions: Vec<Provision>,
    /// Ceasefires the document declares, with their zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ceasefires: Vec<Ceasefire>,
}

impl Document {
    /// The document's PA-X profile: for each code, the highest level any provision gives it.
    pub fn code_profile(&self) -> BTreeMap<&str, u8> {
        let mut profile = BTreeMap::new();
        for provision in &self.provisions {
            for (code, &level) in &provision.codes {
                let slot = profile.entry(code.as_str()).or_insert(0);
                *slot = (*slot).max(level);
            }
        }
        profile
    }
}

/// PA-X agreement stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum Stage {
    /// Pre-negotiation or process agreement.
    Pre,
    /// Framework, substantive but partial.
    SubPar,
    /// Framework, substantive and comprehensive.
    SubComp,
    /// Implementation or renegotiation.
    Imp,
    /// Ceasefire or related.
    Cea,
    /// Renewal.
    Ren,
    /// Other.
    Oth,
}

impl Stage {
    /// Every stage with its PA-X spelling.
    pub const ALL: [(&'static str, Stage); 7] = [
        ("Pre", Stage::Pre),
        ("SubPar", Stage::SubPar),
        ("SubComp", Stage::SubComp),
        ("Imp", Stage::Imp),
        ("Cea", Stage::Cea),
        ("Ren", Stage::Ren),
        ("Oth", Stage::Oth),
    ];

    /// The PA-X spelling.
    pub fn as_str(self) -> &'static str {
        lookup_name(&Self::ALL, self)
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Pre => "pre-negotiation",
            Stage::SubPar => "framework, partial",
            Stage::SubComp => "framework, comprehensive",
            Stage::Imp => "implementation",
            Stage::Cea => "ceasefire",
            Stage::Ren => "renewal",
            Stage::Oth => "other",
        }
    }
}

/// What kind of text a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Published by its authors.
    Official,
    /// Published without its authors' consent.
    Leaked,
    /// Described by its authors without the text.
    Briefed,
    /// Described by third parties (press) without the text.
    Reported,
    /// A counter-proposal to another document.
    CounterProposal,
    /// A proposal put forward by a party.
    Proposal,
}

impl Status {
    /// Every status with its spelling in files.
    pub const ALL: [(&'static str, Status); 6] = [
        ("official", Status::Official),
        ("leaked", Status::Leaked),
        ("briefed", Status::Briefed),
        ("reported", Status::Reported),
        ("counter-proposal", Status::CounterProposal),
        ("proposal", Status::Proposal),
    ];

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        lookup_name(&Self::ALL, self)
    }
}

/// A typed link from one document to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// What the link means.
    pub kind: RelationKind,
    /// Id of the other document.
    pub target: String,
    /// A note on the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a link between documents means. Every kind points from a later document to an
/// earlier one, so the links of a family never form a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// A new version of the target by the same process.
    Revises,
    /// An answer to the target.
    RespondsTo,
    /// An alternative text put against the target.
    CounterProposalTo,
    /// Replaces the target.
    Supersedes,
}

impl RelationKind {
    /// Every kind with its spelling in files.
    pub const ALL: [(&'static str, RelationKind); 4] = [
        ("revises", RelationKind::Revises),
        ("responds-to", RelationKind::RespondsTo),
        ("counter-proposal-to", RelationKind::CounterProposalTo),
        ("supersedes", RelationKind::Supersedes),
    ];

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        lookup_name(&Self::ALL, self)
    }
}
