//! The normalized JSON export, versioned by [`EXPORT_FORMAT`].
//!
//! The export is the model itself (every field, defaults filled in, codes and terms in
//! key order) wrapped in an envelope naming the format version, so that consumers can
//! refuse a version they do not know. `truce schema --export` prints its JSON Schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Document, Negotiation};

/// Name and version of the export format. A change that removes or retypes a field
/// bumps the number; adding an optional field does not.
pub const EXPORT_FORMAT: &str = "truce.export/1";

/// What `truce export` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Export {
    /// A whole negotiation with all its documents.
    Negotiation(ExportNegotiation),
    /// One document, with the id of its negotiation.
    Document(ExportDocument),
}

/// Envelope of a negotiation export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExportNegotiation {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// The negotiation.
    pub negotiation: Negotiation,
}

/// Envelope of a document export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExportDocument {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// Id of the negotiation the document belongs to.
    pub negotiation_id: String,
    /// The document.
    pub document: Document,
}

impl Export {
    /// Exports a whole negotiation.
    pub fn negotiation(n: &Negotiation) -> Self {
        Export::Negotiation(ExportNegotiation {
            format: EXPORT_FORMAT.to_owned(),
            negotiation: n.clone(),
        })
    }

    /// Exports one document.
    pub fn document(negotiation_id: &str, d: &Document) -> Self {
        Export::Document(ExportDocument {
            format: EXPORT_FORMAT.to_owned(),
            negotiation_id: negotiation_id.to_owned(),
            document: d.clone(),
        })
    }

    /// Pretty JSON, ending with a newline. Deterministic: same model, same bytes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
