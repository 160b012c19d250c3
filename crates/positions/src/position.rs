//! Positions: what each party will not accept (red lines) and what it prefers.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use truce_model::{Date, FileId, Provenance};

use crate::rule::Rule;

/// Every party's position in one negotiation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Positions {
    /// One entry per party that has a positions file, in party order of the negotiation.
    pub parties: Vec<PartyPosition>,
}

impl Positions {
    /// The position of this party.
    pub fn party(&self, id: &str) -> Option<&PartyPosition> {
        self.parties.iter().find(|p| p.party == id)
    }

    /// Every red line with its owner, in party order then file order.
    pub fn red_lines(&self) -> impl Iterator<Item = (&PartyPosition, &RedLine)> {
        self.parties
            .iter()
            .flat_map(|p| p.red_lines.iter().map(move |r| (p, r)))
    }
}

/// One party's position, read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct PartyPosition {
    /// The party's id in the negotiation.
    pub party: String,
    /// One paragraph on the position, in our own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Where the position as a whole comes from (at least one claim).
    pub provenance: Vec<Provenance>,
    /// What the party will not accept, in file order.
    pub red_lines: Vec<RedLine>,
    /// How the party ranks packages; absent when the file gives no weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<Preferences>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// A red line: a condition every acceptable package must meet.
#[derive(Debug, Clone, Serialize)]
pub struct RedLine {
    /// Identifier, unique within the party's file.
    pub id: String,
    /// What the red line says, in our own words.
    pub text: String,
    /// The rule, compiled.
    pub rule: Rule,
    /// Claims about where this red line comes from, beyond the file's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
    /// Byte span of the rule's text in its file, for diagnostics.
    #[serde(skip)]
    pub rule_span: std::ops::Range<usize>,
}

/// A red line named across parties: `party/red-line`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RedLineRef {
    /// The owning party.
    pub party: String,
    /// The red line's id in that party's file; [`RESERVATION_ID`] for the party's
    /// reservation value.
    pub id: String,
}

/// The id under which a party's reservation value takes part in conflict sets.
pub const RESERVATION_ID: &str = "reservation";

impl fmt::Display for RedLineRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.party, self.id)
    }
}

/// A party's preferences: a linear additive utility with a reservation value.
///
/// The party spreads 100 points of weight across the issues it cares about and scores
/// every value of those issues from 0 (worst) to 100 (best). The utility of a package is
/// `sum(weight * score) / 100`, from 0 to 100. The reservation value is the utility of
/// the party's best alternative to a negotiated agreement: a package below it is not
/// acceptable.
#[derive(Debug, Clone, Serialize)]
pub struct Preferences {
    /// Issue id to weight (whole points, summing to 100).
    pub weights: BTreeMap<String, u32>,
    /// Issue id to the scores of its values; every weighted issue has one.
    pub utilities: BTreeMap<String, IssueUtility>,
    /// Least acceptable utility, 0..=100 (in hundredths internally, see [`Preferences::reservation_points`]).
    pub reservation: f64,
    /// Where the preferences come from, beyond the file's claims.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
}

impl Preferences {
    /// The reservation value in utility points (utility * 100, the unit the solvers work
    /// in), rounded up so that "at least the reservation value" stays exact.
    pub fn reservation_points(&self) -> i64 {
        (self.reservation * 100.0 - 1e-9).ceil().max(0.0) as i64
    }
}

/// The scores a party gives to the values of one issue, each 0..=100.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IssueUtility {
    /// Enumerated issue: option id to score.
    Options(BTreeMap<String, u32>),
    /// Boolean issue.
    Boolean {
        /// Score when the term is true.
        yes: u32,
        /// Score when the term is false.
        no: u32,
    },
    /// Integer or date issue: disjoint ranges, together covering every allowed value.
    Ranges(Vec<RangeUtility>),
}

/// The score of a range of values of an integer or date issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeUtility {
    /// Smallest value of the range (dates as days since 1970-01-01); none: unbounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest value of the range; none: unbounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Score, 0..=100.
    pub utility: u32,
}

impl RangeUtility {
    /// Whether `v` lies in the range.
    pub fn contains(&self, v: i64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// A value of a date written in a positions file, as days since 1970-01-01.
pub fn date_value(d: Date) -> i64 {
    crate::util::days(d)
}
