//! The issue space: what is at stake, and the typed values a term can take.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Date;

/// One dimension of the issue space (e.g. the army cap, NATO membership).
// No `deny_unknown_fields` here: serde does not support it together with `flatten`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    /// Stable identifier, used as the key of terms.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The type of value a term on this issue takes.
    #[serde(flatten)]
    pub kind: IssueKind,
}

/// The type of an issue's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum IssueKind {
    /// One of a fixed list of options.
    Enum {
        /// The options, in file order.
        options: Vec<IssueOption>,
    },
    /// A whole number, optionally with a unit and bounds.
    Integer {
        /// Unit of measure (e.g. "personnel", "km", "days").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// Yes or no.
    Boolean,
    /// A calendar date.
    Date,
}

impl IssueKind {
    /// The type's name as written in files.
    pub fn name(&self) -> &'static str {
        match self {
            IssueKind::Enum { .. } => "enum",
            IssueKind::Integer { .. } => "integer",
            IssueKind::Boolean => "boolean",
            IssueKind::Date => "date",
        }
    }
}

/// One option of an enumerated issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueOption {
    /// Stable identifier, unique within the issue.
    pub id: String,
    /// Human label.
    pub label: String,
}

/// The value a provision gives to an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TermValue {
    /// An option id of an enumerated issue.
    Option(String),
    /// A whole number.
    Integer(i64),
    /// Yes or no.
    Boolean(bool),
    /// A calendar date.
    Date(#[schemars(with = "String")] Date),
}

impl fmt::Display for TermValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TermValue::Option(s) => f.write_str(s),
            TermValue::Integer(n) => write!(f, "{n}"),
            TermValue::Boolean(b) => write!(f, "{b}"),
            TermValue::Date(d) => write!(f, "{d}"),
        }
    }
}
