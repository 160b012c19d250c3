//! Provisions: the numbered clauses of a document.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Provenance, TermValue};

/// One clause of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// Stable identifier, unique in the negotiation; kept when the clause is renumbered.
    pub id: String,
    /// Its number in this document as written ("6", "6.a", "21(b)").
    pub number: String,
    /// Short heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// What the clause says, in our own words.
    pub text: String,
    /// PA-X provision codes with their level (1..=3; binary codes 1).
    #[serde(default)]
    pub codes: BTreeMap<String, u8>,
    /// Typed terms bound to the issue space (issue id to value).
    #[serde(default)]
    pub terms: BTreeMap<String, TermValue>,
    /// Ids of the parties this clause obliges.
    #[serde(default)]
    pub binds: Vec<String>,
    /// Claims about this clause's source.
    #[serde(default)]
    pub provenance: Vec<Provenance>,
}
