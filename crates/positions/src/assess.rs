//! Assessing one draft against every party's position.
//!
//! A red line holds when it holds for every value the draft's open terms could take,
//! is broken when it is broken for every such value, and is unknown otherwise: a term
//! the draft leaves open never counts as a pass. Rules are first evaluated in Kleene's
//! three-valued logic; what that leaves unknown is decided exactly by asking the SAT
//! solver whether the rule, and its negation, can hold given the known terms.

use std::collections::BTreeMap;

use serde::Serialize;
use truce_model::{Document, Issue, Negotiation, TermValue};

use crate::model::{Lit, Model};
use crate::position::Positions;
use crate::rule::{Rule, Truth};
use crate::sat::{Answer, Oracle};
use crate::space::Space;

/// A draft assessed against every position.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The document's id.
    pub document: String,
    /// One entry per party with a position.
    pub parties: Vec<PartyAssessment>,
    /// Issues the document leaves open.
    pub open_issues: Vec<String>,
    /// Issues given different values by different provisions (treated as open).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicting_terms: Vec<ConflictingTerm>,
}

/// An issue the document gives several values.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictingTerm {
    /// Issue id.
    pub issue: String,
    /// Provision id to the value it gives.
    pub values: BTreeMap<String, String>,
}

/// One party's verdict on the draft.
#[derive(Debug, Clone, Serialize)]
pub struct PartyAssessment {
    /// Party id.
    pub party: String,
    /// `holds`: acceptable; `broken`: not acceptable; `unknown`: depends on open terms.
    pub acceptable: Truth,
    /// Every red line of the party.
    pub red_lines: Vec<RedLineAssessment>,
    /// The party's utility (0..=100), as a range over the open terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utility: Option<UtilityRange>,
    /// The party's reservation value, when it has preferences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation: Option<f64>,
}

/// Least and greatest utility over every completion of the open terms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UtilityRange {
    /// Least.
    pub min: f64,
    /// Greatest.
    pub max: f64,
}

/// One cell of the party x red-line matrix.
#[derive(Debug, Clone, Serialize)]
pub struct RedLineAssessment {
    /// Red line id.
    pub id: String,
    /// What it says.
    pub text: String,
    /// Its rule.
    pub rule: String,
    /// holds / broken / unknown.
    pub status: Truth,
    /// Provisions whose terms decide the status (empty when unknown).
    pub provisions: Vec<String>,
    /// A smallest set of the draft's terms that decides the status.
    pub deciding_issues: Vec<String>,
    /// Issues the rule reads that the draft leaves open.
    pub open_issues: Vec<String>,
}

/// The terms of a document: issue to value and the provisions that set it.
struct Terms {
    known: BTreeMap<String, (TermValue, Vec<String>)>,
    conflicting: Vec<ConflictingTerm>,
}

fn terms_of(doc: &Document) -> Terms {
    let mut all: BTreeMap<String, Vec<(String, TermValue)>> = BTreeMap::new();
    for p in &doc.provisions {
        for (issue, value) in &p.terms {
            all.entry(issue.clone())
                .or_default()
                .push((p.id.clone(), value.clone()));
        }
    }
    let mut known = BTreeMap::new();
    let mut conflicting = Vec::new();
    for (issue, values) in all {
        let first = values[0].1.clone();
        if values.iter().all(|(_, v)| *v == first) {
            known.insert(issue, (first, values.into_iter().map(|(p, _)| p).collect()));
        } else {
            conflicting.push(ConflictingTerm {
                issue,
                values: values.into_iter().map(|(p, v)| (p, v.to_string())).collect(),
            });
        }
    }
    Terms { known, conflicting }
}

/// Decides a rule exactly given the known terms (a subset of the rule's issues may be known).
pub(crate) fn decide(rule: &Rule, issues: &[Issue], known: &BTreeMap<&str, &TermValue>) -> Truth {
    let kleene = rule.eval(&|id| known.get(id).copied());
    if kleene != Truth::Unknown {
        return kleene;
    }
    let used: Vec<&str> = rule.issues();
    let subset: Vec<Issue> = issues
        .iter()
        .filter(|i| used.contains(&i.id.as_str()))
        .cloned()
        .collect();
    let values: Vec<(&str, &TermValue)> = known.iter().map(|(k, v)| (*k, *v)).collect();
    let space = Space::new(&subset, [&rule.formula], [], values);
    let mut model = Model::bare(space);
    let holds = model.add_formula(&rule.formula, true);
    let breaks = model.add_formula(&rule.formula, false);
    let mut fixed = Vec::new();
    for (i, issue) in model.space.issues.iter().enumerate() {
        if let Some(v) = known.get(issue.id.as_str())
            && let Some(a) = model.space.atom_of(i, v)
        {
            fixed.push(Lit::pos(model.x[i][a]));
        }
    }
    let Ok(mut oracle) = Oracle::new(&model, None) else {
        return Truth::Unknown;
    };
    let can_hold = matches!(oracle.solve_with(&[holds], &fixed), Answer::Sat(_));
    let can_break = matches!(oracle.solve_with(&[breaks], &fixed), Answer::Sat(_));
    match (can_hold, can_break) {
        (true, false) => Truth::Holds,
        (false, true) => Truth::Broken,
        _ => Truth::Unknown,
    }
}

/// Assesses `document` against every party's position.
pub fn assess(negotiation: &Negotiation, document: &Document, positions: &Positions) -> Assessment {
    let terms = terms_of(document);
    let known: BTreeMap<&str, &TermValue> = terms.known.iter().map(|(k, (v, _))| (k.as_str(), v)).collect();
    let open_issues: Vec<String> = negotiation
        .issues
        .iter()
        .filter(|i| !known.contains_key(i.id.as_str()))
        .map(|i| i.id.clone())
        .collect();
    let prefs_space = Space::new(
        &negotiation.issues,
        [],
        positions.parties.iter().filter_map(|p| p.preferences.as_ref()),
        known.iter().map(|(k, v)| (*k, *v)),
    );
    let mut parties = Vec::new();
    for party in &positions.parties {
        let mut red_lines = Vec::new();
        for red in &party.red_lines {
            let used = red.rule.issues();
            let mine: BTreeMap<&str, &TermValue> =
                used.iter().filter_map(|id| known.get(id).map(|v| (*id, *v))).collect();
            let status = decide(&red.rule, &negotiation.issues, &mine);
            let open: Vec<String> = used
                .iter()
                .filter(|id| !mine.contains_key(*id))
                .map(|s| s.to_string())
                .collect();
            let mut deciding: Vec<&str> = Vec::new();
            if status != Truth::Unknown {
                // Drop known terms one by one while the verdict stays the same.
                let mut keep = mine.clone();
                for id in mine.keys() {
                    let mut trial = keep.clone();
                    trial.remove(id);
                    if decide(&red.rule, &negotiation.issues, &trial) == status {
                        keep = trial;
                    }
                }
                deciding = keep.keys().copied().collect();
            }
            let mut provisions: Vec<String> = Vec::new();
            for id in &deciding {
                if let Some((_, provs)) = terms.known.get(*id) {
                    for p in provs {
                        if !provisions.contains(p) {
                            provisions.push(p.clone());
                        }
                    }
                }
            }
            red_lines.push(RedLineAssessment {
                id: red.id.clone(),
                text: red.text.clone(),
                rule: red.rule.source.clone(),
                status,
                provisions,
                deciding_issues: deciding.iter().map(|s| s.to_string()).collect(),
                open_issues: open,
            });
        }
        let utility = party.preferences.as_ref().map(|prefs| {
            let (mut lo, mut hi) = (0u64, 0u64);
            for (i, issue) in prefs_space.issues.iter().enumerate() {
                let w = u64::from(prefs.weights.get(&issue.id).copied().unwrap_or(0));
                if w == 0 {
                    continue;
                }
                let scores: Vec<u64> = match known.get(issue.id.as_str()).and_then(|v| prefs_space.atom_of(i, v)) {
                    Some(a) => vec![u64::from(prefs_space.score(prefs, i, a))],
                    None => (0..issue.atoms.len())
                        .map(|a| u64::from(prefs_space.score(prefs, i, a)))
                        .collect(),
                };
                lo += w * scores.iter().copied().min().unwrap_or(0);
                hi += w * scores.iter().copied().max().unwrap_or(0);
            }
            UtilityRange {
                min: lo as f64 / 100.0,
                max: hi as f64 / 100.0,
            }
        });
        let reservation = party.preferences.as_ref().map(|p| p.reservation);
        let mut acceptable = Truth::Holds;
        for r in &red_lines {
            match r.status {
                Truth::Broken => acceptable = Truth::Broken,
                Truth::Unknown if acceptable == Truth::Holds => acceptable = Truth::Unknown,
                _ => {}
            }
        }
        if let (Some(u), Some(prefs)) = (utility, &party.preferences) {
            let r = prefs.reservation_points() as f64 / 100.0;
            if u.max < r {
                acceptable = Truth::Broken;
            } else if u.min < r && acceptable == Truth::Holds {
                acceptable = Truth::Unknown;
            }
        }
        parties.push(PartyAssessment {
            party: party.party.clone(),
            acceptable,
            red_lines,
            utility,
            reservation,
        });
    }
    Assessment {
        document: document.id.clone(),
        parties,
        open_issues,
        conflicting_terms: terms.conflicting,
    }
}
