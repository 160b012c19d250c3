//! Provenance: who says what a document or provision contains, and how far we trust it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Date;

/// One claim about where a document or provision comes from. A document may carry
/// several claims, and they may conflict (e.g. disputed authorship); each has its own
/// confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Address of the source (a URL or a citation).
    pub source: String,
    /// Who published the source.
    pub publisher: String,
    /// When the source was published.
    #[schemars(with = "String")]
    pub date: Date,
    /// How far the claim is trusted, from 0.0 (not at all) to 1.0 (certain).
    pub confidence: f64,
    /// What the claim says, in our words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
