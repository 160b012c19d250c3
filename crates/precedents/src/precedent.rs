//! One answer of a search: a corpus agreement, its score, and the codes that explain it.

use jiff::civil::Date;
use serde::Serialize;

/// A corpus agreement close to the query profile, with the evidence for its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Precedent {
    /// PA-X agreement id (`AgtId`).
    pub id: u32,
    /// Agreement name.
    pub name: String,
    /// Date signed or agreed (ISO `YYYY-MM-DD` in JSON).
    pub date: Date,
    /// Country or entity (`Con`).
    pub country: String,
    /// Peace process number (`PP`).
    pub process_id: u32,
    /// Peace process name.
    pub process_name: String,
    /// Region (`Reg`).
    pub region: String,
    /// Stage code (`Stage`).
    pub stage: String,
    /// Similarity to the query, in (0, 1]; 1 means the same codes at the same levels.
    pub score: f64,
    /// Codes both carry, with the query's and this agreement's level; largest weighted
    /// overlap first, then taxonomy order.
    pub shared: Vec<SharedCode>,
    /// Codes only the query carries; heaviest first, then taxonomy order.
    pub only_query: Vec<CodeLevel>,
    /// Codes only this agreement carries; heaviest first, then taxonomy order.
    pub only_hit: Vec<CodeLevel>,
}

/// A code both the query and a precedent carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedCode {
    /// The PA-X code.
    pub code: &'static str,
    /// Its level in the query.
    pub query: u8,
    /// Its level in the precedent.
    pub hit: u8,
}

/// A code carried by one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLevel {
    /// The PA-X code.
    pub code: &'static str,
    /// Its level.
    pub level: u8,
}
