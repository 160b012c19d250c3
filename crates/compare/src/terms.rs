//! Structured term changes between provisions.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use truce_model::{Provision, TermValue};

/// A term whose value differs across a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermDelta {
    /// Issue id (`army_cap`).
    pub issue: String,
    /// Value in the earlier provision(s); `None` when the term was open (not set).
    pub before: Option<TermValue>,
    /// Value in the later provision(s); `None` when the term is left open.
    pub after: Option<TermValue>,
}

impl fmt::Display for TermDelta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<TermValue>| v.as_ref().map_or_else(|| "(open)".to_string(), ToString::to_string);
        write!(f, "{} {} → {}", self.issue, show(&self.before), show(&self.after))
    }
}

/// The terms that differ between the provisions of one side of a link (`a`) and the
/// other (`b`), ordered by issue id.
///
/// A side with several provisions (a split or merge) takes, for each issue, the value of
/// its first provision in document order that sets it. A term set on one side only is a
/// delta from or to `None` (open).
///
/// ```
/// use std::collections::BTreeMap;
/// use truce_compare::term_deltas;
/// use truce_model::{Provision, TermValue};
///
/// let provision = |id: &str, cap: i64| Provision {
///     id: id.into(),
///     number: "6".into(),
///     heading: None,
///     text: "Army ceiling.".into(),
///     codes: BTreeMap::new(),
///     terms: BTreeMap::from([("army_cap".to_string(), TermValue::Integer(cap))]),
///     binds: vec![],
///     provenance: vec![],
/// };
/// let deltas = term_deltas(&[&provision("a6", 600_000)], &[&provision("b6", 800_000)]);
/// assert_eq!(deltas[0].to_string(), "army_cap 600000 → 800000");
/// ```
pub fn term_deltas(a: &[&Provision], b: &[&Provision]) -> Vec<TermDelta> {
    let (before, after) = (side_terms(a), side_terms(b));
    let issues: std::collections::BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    issues
        .into_iter()
        .filter_map(|issue| {
            let (x, y) = (before.get(issue), after.get(issue));
            (x != y).then(|| TermDelta {
                issue: issue.to_string(),
                before: x.cloned().cloned(),
                after: y.cloned().cloned(),
            })
        })
        .collect()
}

fn side_terms<'p>(provisions: &[&'p Provision]) -> BTreeMap<&'p str, &'p TermValue> {
    let mut out = BTreeMap::new();
    for p in provisions {
        for (issue, value) in &p.terms {
            out.entry(issue.as_str()).or_insert(value);
        }
    }
    out
}
