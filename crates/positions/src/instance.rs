//! Reader for the shared zone-of-agreement benchmark instances (`bench/zopa/*.json` in
//! the shared folder), turned into a negotiation and positions so that the benchmark
//! runs the same code as `truce zopa`.
//!
//! An instance has `I` enumerated issues of `K` options each, `P` parties with integer
//! weights (summing to 100) and scores (0..=100) per option, and red lines given as plain
//! clauses `[[issue, option, positive], ...]`, each owned by a party. Issue `i` becomes
//! `i<i>` with options `o0..`, party `p` becomes `p<p>`.

use serde::Deserialize;
use truce_model::{Issue, IssueKind, IssueOption, Negotiation, Party, PartyKind, Provenance};

use crate::position::{IssueUtility, PartyPosition, Positions, Preferences, RedLine};
use crate::rule::{Formula, Rule, Test};

/// Why an instance could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    /// Not the expected JSON.
    #[error("not a zopa instance: {0}")]
    Json(#[from] serde_json::Error),
    /// Inconsistent sizes or references.
    #[error("inconsistent instance: {0}")]
    Shape(String),
}

/// A red line of an instance.
#[derive(Debug, Clone, Deserialize)]
pub struct InstanceRedLine {
    /// Identifier (`r0`, ..., `g0` for the added contradictory group).
    pub id: String,
    /// Owning party index.
    pub owner: usize,
    /// The clause: (issue, option, positive) literals.
    pub clause: Vec<(usize, usize, bool)>,
}

/// A benchmark instance.
#[derive(Debug, Clone, Deserialize)]
pub struct Instance {
    /// Its name.
    pub name: String,
    /// Number of issues.
    #[serde(rename = "I")]
    pub issues: usize,
    /// Options per issue.
    #[serde(rename = "K")]
    pub options: usize,
    /// Number of parties.
    #[serde(rename = "P")]
    pub parties: usize,
    /// `utilities[p][i][k]`.
    pub utilities: Vec<Vec<Vec<u32>>>,
    /// `weights[p][i]`, summing to 100 per party.
    pub weights: Vec<Vec<u32>>,
    /// The red lines.
    pub red_lines: Vec<InstanceRedLine>,
}

impl Instance {
    /// Parses an instance from JSON.
    pub fn from_json(text: &str) -> Result<Instance, InstanceError> {
        let inst: Instance = serde_json::from_str(text)?;
        let bad = |m: String| Err(InstanceError::Shape(m));
        if inst.utilities.len() != inst.parties || inst.weights.len() != inst.parties {
            return bad("utilities or weights do not have one entry per party".into());
        }
        for p in 0..inst.parties {
            if inst.weights[p].len() != inst.issues || inst.utilities[p].len() != inst.issues {
                return bad(format!("party {p} does not have one entry per issue"));
            }
            if inst.utilities[p]
                .iter()
                .any(|row| row.len() != inst.options || row.iter().any(|&u| u > 100))
            {
                return bad(format!("party {p} has a score row of the wrong length or above 100"));
            }
        }
        for r in &inst.red_lines {
            if r.owner >= inst.parties || r.clause.iter().any(|&(i, k, _)| i >= inst.issues || k >= inst.options) {
                return bad(format!("red line {} refers to an unknown party, issue or option", r.id));
            }
        }
        Ok(inst)
    }

    /// The instance as a negotiation (no documents) and positions.
    pub fn to_model(&self) -> (Negotiation, Positions) {
        let issues: Vec<Issue> = (0..self.issues)
            .map(|i| Issue {
                id: format!("i{i}"),
                title: format!("Issue {i}"),
                description: None,
                kind: IssueKind::Enum {
                    options: (0..self.options)
                        .map(|k| IssueOption {
                            id: format!("o{k}"),
                            label: format!("Option {k}"),
                        })
                        .collect(),
                },
            })
            .collect();
        let parties: Vec<Party> = (0..self.parties)
            .map(|p| Party {
                id: format!("p{p}"),
                name: format!("Party {p}"),
                kind: PartyKind::State,
            })
            .collect();
        // Built through serde so that fields the model adds later take their defaults.
        let negotiation: Negotiation = serde_json::from_value(serde_json::json!({
            "id": self.name.replace('_', "-").to_lowercase(),
            "title": self.name,
            "parties": parties,
            "issues": issues,
            "documents": [],
        }))
        .expect("a negotiation without documents always deserializes");
        let claim = Provenance {
            source: format!("bench/zopa/{}.json", self.name),
            publisher: "generated benchmark instance".to_owned(),
            date: jiff::civil::date(2024, 6, 11),
            confidence: 1.0,
            note: None,
        };
        let positions = Positions {
            parties: (0..self.parties)
                .map(|p| PartyPosition {
                    party: format!("p{p}"),
                    summary: None,
                    provenance: vec![claim.clone()],
                    red_lines: self
                        .red_lines
                        .iter()
                        .filter(|r| r.owner == p)
                        .map(|r| {
                            let tests: Vec<Formula> = r
                                .clause
                                .iter()
                                .map(|&(i, k, positive)| {
                                    let t = Formula::Test(Test::Option {
                                        issue: format!("i{i}"),
                                        option: format!("o{k}"),
                                    });
                                    if positive { t } else { Formula::Not(Box::new(t)) }
                                })
                                .collect();
                            let source = r
                                .clause
                                .iter()
                                .map(|&(i, k, positive)| format!("i{i} {} 'o{k}'", if positive { "==" } else { "!=" }))
                                .collect::<Vec<_>>()
                                .join(" || ");
                            RedLine {
                                id: r.id.clone(),
                                text: format!("red line {} of party {p}", r.id),
                                rule: Rule::from_formula(source, Formula::Or(tests)),
                                provenance: Vec::new(),
                                rule_span: 0..0,
                            }
                        })
                        .collect(),
                    preferences: Some(Preferences {
                        weights: (0..self.issues)
                            .map(|i| (format!("i{i}"), self.weights[p][i]))
                            .collect(),
                        utilities: (0..self.issues)
                            .map(|i| {
                                let scores = (0..self.options)
                                    .map(|k| (format!("o{k}"), self.utilities[p][i][k]))
                                    .collect();
                                (format!("i{i}"), IssueUtility::Options(scores))
                            })
                            .collect(),
                        reservation: 0.0,
                        provenance: Vec::new(),
                    }),
                    file: None,
                })
                .collect(),
        };
        (negotiation, positions)
    }
}
