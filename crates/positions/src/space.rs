//! The finite issue space the solvers search: every issue becomes a set of *atoms*, of
//! which a package picks exactly one.
//!
//! Enumerated issues have one atom per option and booleans two. Integer and date
//! issues are discretised at the constants that matter: every threshold a red line
//! compares the issue with, every boundary of a party's utility ranges and every value a
//! document gives the issue. Each constant `c` becomes a singleton atom `{c}` and the
//! gaps between consecutive constants become range atoms, so every test and every
//! utility is constant on each atom, and searching atoms is exact.

use std::collections::BTreeSet;

use serde::Serialize;
use truce_model::{Date, Issue, IssueKind, Negotiation, TermValue};

use crate::position::{IssueUtility, Positions, Preferences};
use crate::rule::{Formula, Test};
use crate::util::{date_of_days, days};

/// The kind of an issue, without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// Enumerated.
    Enum,
    /// Boolean.
    Boolean,
    /// Integer.
    Integer,
    /// Date (values are days since 1970-01-01).
    Date,
}

/// One value class of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "atom", rename_all = "lowercase")]
pub enum Atom {
    /// An option of an enumerated issue.
    Option {
        /// Option id.
        id: String,
    },
    /// A boolean value.
    Boolean {
        /// The value.
        value: bool,
    },
    /// The whole numbers (or days) from `min` to `max`, inclusive.
    Range {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
}

/// One issue of the space.
#[derive(Debug, Clone, Serialize)]
pub struct SpaceIssue {
    /// Issue id.
    pub id: String,
    /// Its kind.
    pub kind: ValueKind,
    /// Its value classes; a package picks exactly one.
    pub atoms: Vec<Atom>,
    /// Declared bounds for integers (the full 64-bit range when not declared).
    #[serde(skip)]
    pub bounds: (i64, i64),
}

/// The discretised issue space.
#[derive(Debug, Clone, Serialize)]
pub struct Space {
    /// The issues, in the negotiation's order.
    pub issues: Vec<SpaceIssue>,
}

impl Space {
    /// Builds the space of `issues`, cutting integer and date issues at every constant
    /// used by `formulas`, by the preferences and in `values`.
    pub fn new<'a>(
        issues: &[Issue],
        formulas: impl IntoIterator<Item = &'a Formula>,
        preferences: impl IntoIterator<Item = &'a Preferences>,
        values: impl IntoIterator<Item = (&'a str, &'a TermValue)>,
    ) -> Space {
        let mut cuts: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); issues.len()];
        let index = |id: &str| issues.iter().position(|i| i.id == id);
        for f in formulas {
            f.for_each_test(&mut |t| {
                let (id, c) = match t {
                    Test::Integer { issue, value, .. } => (issue, *value),
                    Test::Date { issue, value, .. } => (issue, days(*value)),
                    _ => return,
                };
                if let Some(i) = index(id) {
                    cuts[i].insert(c);
                }
            });
        }
        for p in preferences {
            for (id, u) in &p.utilities {
                if let (Some(i), IssueUtility::Ranges(ranges)) = (index(id), u) {
                    for r in ranges {
                        cuts[i].extend(r.min);
                        cuts[i].extend(r.max);
                    }
                }
            }
        }
        for (id, v) in values {
            if let Some(i) = index(id) {
                match v {
                    TermValue::Integer(n) => {
                        cuts[i].insert(*n);
                    }
                    TermValue::Date(d) => {
                        cuts[i].insert(days(*d));
                    }
                    _ => {}
                }
            }
        }
        let issues = issues
            .iter()
            .zip(cuts)
            .map(|(issue, cuts)| {
                let (kind, atoms, bounds) = match &issue.kind {
                    IssueKind::Enum { options } => (
                        ValueKind::Enum,
                        options.iter().map(|o| Atom::Option { id: o.id.clone() }).collect(),
                        (0, 0),
                    ),
                    IssueKind::Boolean => (
                        ValueKind::Boolean,
                        vec![Atom::Boolean { value: false }, Atom::Boolean { value: true }],
                        (0, 0),
                    ),
                    IssueKind::Integer { min, max, .. } => {
                        let bounds = (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX));
                        (ValueKind::Integer, ranges(bounds, &cuts), bounds)
                    }
                    IssueKind::Date => {
                        // Keep within what the calendar can show.
                        let bounds = (days(Date::MIN), days(Date::MAX));
                        (ValueKind::Date, ranges(bounds, &cuts), bounds)
                    }
                };
                SpaceIssue {
                    id: issue.id.clone(),
                    kind,
                    atoms,
                    bounds,
                }
            })
            .collect();
        Space { issues }
    }

    /// Builds the space for a whole negotiation and its positions, cutting at the values
    /// of every document's terms too.
    pub fn of(negotiation: &Negotiation, positions: &Positions) -> Space {
        let values: Vec<(&str, &TermValue)> = negotiation
            .documents
            .iter()
            .flat_map(|d| d.provisions.iter())
            .flat_map(|p| p.terms.iter().map(|(k, v)| (k.as_str(), v)))
            .collect();
        Space::new(
            &negotiation.issues,
            positions.red_lines().map(|(_, r)| &r.rule.formula),
            positions.parties.iter().filter_map(|p| p.preferences.as_ref()),
            values,
        )
    }

    /// Index of an issue.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// The atom of issue `i` holding `value`.
    pub fn atom_of(&self, i: usize, value: &TermValue) -> Option<usize> {
        let issue = &self.issues[i];
        issue.atoms.iter().position(|a| match (a, value) {
            (Atom::Option { id }, TermValue::Option(v)) => id == v,
            (Atom::Boolean { value: b }, TermValue::Boolean(v)) => b == v,
            (Atom::Range { min, max }, TermValue::Integer(v)) => (min..=max).contains(&v),
            (Atom::Range { min, max }, TermValue::Date(d)) => (*min..=*max).contains(&days(*d)),
            _ => false,
        })
    }

    /// Whether `test` holds on atom `a` of its issue `i` (tests are constant on atoms).
    pub fn test_on_atom(&self, test: &Test, i: usize, a: usize) -> bool {
        match (&self.issues[i].atoms[a], test) {
            (Atom::Option { id }, Test::Option { option, .. }) => id == option,
            (Atom::Boolean { value }, Test::Boolean { value: want, .. }) => value == want,
            (Atom::Range { min, .. }, Test::Integer { op, value, .. }) => op.apply(*min, *value),
            (Atom::Range { min, .. }, Test::Date { op, value, .. }) => op.apply(*min, days(*value)),
            _ => false,
        }
    }

    /// The score (0..=100) a party's preferences give atom `a` of issue `i`; 0 when the
    /// issue is not scored.
    pub fn score(&self, prefs: &Preferences, i: usize, a: usize) -> u32 {
        let issue = &self.issues[i];
        match (prefs.utilities.get(&issue.id), &issue.atoms[a]) {
            (Some(IssueUtility::Options(scores)), Atom::Option { id }) => scores.get(id).copied().unwrap_or(0),
            (Some(IssueUtility::Boolean { yes, no }), Atom::Boolean { value }) => {
                if *value {
                    *yes
                } else {
                    *no
                }
            }
            (Some(IssueUtility::Ranges(ranges)), Atom::Range { min, .. }) => {
                ranges.iter().find(|r| r.contains(*min)).map_or(0, |r| r.utility)
            }
            _ => 0,
        }
    }

    /// Utility points (weight x score, summing to at most 10,000) of every atom, per
    /// issue, for one party.
    pub fn points(&self, prefs: &Preferences) -> Vec<Vec<i64>> {
        self.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let w = i64::from(prefs.weights.get(&issue.id).copied().unwrap_or(0));
                (0..issue.atoms.len())
                    .map(|a| w * i64::from(self.score(prefs, i, a)))
                    .collect()
            })
            .collect()
    }

    /// A short human description of atom `a` of issue `i`, e.g. `600000`, `600001..=799999`,
    /// `at most 599999`, `before 2026-03-01`.
    pub fn describe(&self, i: usize, a: usize) -> String {
        let issue = &self.issues[i];
        match &issue.atoms[a] {
            Atom::Option { id } => id.clone(),
            Atom::Boolean { value } => value.to_string(),
            Atom::Range { min, max } => {
                let show = |v: i64| match issue.kind {
                    ValueKind::Date => date_of_days(v).map_or_else(|| v.to_string(), |d| d.to_string()),
                    _ => v.to_string(),
                };
                let date = issue.kind == ValueKind::Date;
                let open_low = *min == issue.bounds.0 && (date || issue.bounds.0 <= i64::MIN / 2);
                let open_high = *max == issue.bounds.1 && (date || issue.bounds.1 >= i64::MAX / 2);
                let (lo_word, hi_word) = if issue.kind == ValueKind::Date {
                    ("on or after", "on or before")
                } else {
                    ("at least", "at most")
                };
                match (min == max, open_low, open_high) {
                    (true, _, _) => show(*min),
                    (_, true, true) => "any value".to_owned(),
                    (_, true, false) => format!("{hi_word} {}", show(*max)),
                    (_, false, true) => format!("{lo_word} {}", show(*min)),
                    _ => format!("{}..={}", show(*min), show(*max)),
                }
            }
        }
    }

    /// A representative value of atom `a` of issue `i` (the smallest value of a range,
    /// or its largest when it is unbounded below).
    pub fn representative(&self, i: usize, a: usize) -> TermValue {
        let issue = &self.issues[i];
        match &issue.atoms[a] {
            Atom::Option { id } => TermValue::Option(id.clone()),
            Atom::Boolean { value } => TermValue::Boolean(*value),
            Atom::Range { min, max } => {
                let v = if *min <= i64::MIN / 2 && *max < i64::MAX / 2 {
                    *max
                } else {
                    *min
                };
                match issue.kind {
                    ValueKind::Date => date_of_days(v).map_or(TermValue::Integer(v), TermValue::Date),
                    _ => TermValue::Integer(v),
                }
            }
        }
    }

    /// Number of packages (product of atom counts), saturating.
    pub fn size(&self) -> u128 {
        self.issues
            .iter()
            .fold(1u128, |acc, i| acc.saturating_mul(i.atoms.len() as u128))
    }
}

/// The range atoms of `[lo, hi]` cut at `cuts`.
fn ranges((lo, hi): (i64, i64), cuts: &BTreeSet<i64>) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut next = Some(lo);
    for &c in cuts.range(lo..=hi) {
        let Some(from) = next else { break };
        if c > from {
            atoms.push(Atom::Range { min: from, max: c - 1 });
        }
        atoms.push(Atom::Range { min: c, max: c });
        next = c.checked_add(1);
    }
    if let Some(from) = next
        && from <= hi
    {
        atoms.push(Atom::Range { min: from, max: hi });
    }
    atoms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_cuts() {
        let cuts: BTreeSet<i64> = [600_000, 800_000, 800_001].into_iter().collect();
        let atoms = ranges((0, 2_000_000), &cuts);
        let r = |min, max| Atom::Range { min, max };
        assert_eq!(
            atoms,
            vec![
                r(0, 599_999),
                r(600_000, 600_000),
                r(600_001, 799_999),
                r(800_000, 800_000),
                r(800_001, 800_001),
                r(800_002, 2_000_000)
            ]
        );
        let edge: BTreeSet<i64> = [0, i64::MAX].into_iter().collect();
        assert_eq!(
            ranges((0, i64::MAX), &edge),
            vec![r(0, 0), r(1, i64::MAX - 1), r(i64::MAX, i64::MAX)]
        );
    }
}
