//! The egalitarian search (`Zone::egalitarian`, a dedicated branch and bound) against
//! the MILP formulation (`Zone::egalitarian_milp`) and, on small spaces, against brute
//! force, on random instances shaped like the benchmark's: enumerated issues, clause red
//! lines, several parties with weights and scores, plus reservation values and nested
//! rules (which the solvers model with auxiliary variables).

use proptest::prelude::*;
use truce_positions::instance::{Instance, InstanceRedLine};
use truce_positions::{Formula, RedLine, Rule, Test, Zone};

/// A literal: (issue, option, positive).
type Literal = (usize, usize, bool);

#[derive(Debug, Clone)]
struct Case {
    issues: usize,
    options: usize,
    /// Per party: raw weights (per issue), scores (per issue and option), reservation.
    parties: Vec<(Vec<u32>, Vec<Vec<u32>>, u32)>,
    /// (owner, literals).
    clauses: Vec<(usize, Vec<Literal>)>,
    /// Party 0's nested rules: `(a && b) || c` over the literals.
    nested: Vec<[Literal; 3]>,
}

fn literal(issues: usize, options: usize) -> impl Strategy<Value = Literal> {
    (0..issues, 0..options, any::<bool>())
}

fn case(
    issues: std::ops::RangeInclusive<usize>,
    options: std::ops::RangeInclusive<usize>,
    parties: std::ops::RangeInclusive<usize>,
    clauses: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Case> {
    (issues, options, parties).prop_flat_map(move |(n, k, p)| {
        let party = (
            prop::collection::vec(0u32..=5, n),
            prop::collection::vec(prop::collection::vec(0u32..=100, k), n),
            prop_oneof![3 => Just(0u32), 1 => 0u32..=60],
        );
        (
            Just((n, k)),
            prop::collection::vec(party, p),
            prop::collection::vec((0..p, prop::collection::vec(literal(n, k), 1..=3)), clauses.clone()),
            prop::collection::vec([literal(n, k), literal(n, k), literal(n, k)], 0..=2),
        )
            .prop_map(|((issues, options), parties, clauses, nested)| Case {
                issues,
                options,
                parties,
                clauses,
                nested,
            })
    })
}

/// Weights summing to exactly 100 (all on the first issue when all are 0).
fn normalise(raw: &[u32]) -> Vec<u32> {
    let total: u32 = raw.iter().sum();
    let mut w: Vec<u32> = if total == 0 {
        vec![0; raw.len()]
    } else {
        raw.iter().map(|&r| r * 100 / total).collect()
    };
    let rest = 100 - w.iter().sum::<u32>();
    let first = raw.iter().position(|&r| r > 0).unwrap_or(0);
    w[first] += rest;
    w
}

fn test_of((issue, option, positive): Literal) -> Formula {
    let t = Formula::Test(Test::Option {
        issue: format!("i{issue}"),
        option: format!("o{option}"),
    });
    if positive { t } else { Formula::Not(Box::new(t)) }
}

fn build(case: &Case) -> (truce_model::Negotiation, truce_positions::Positions) {
    let instance = Instance {
        name: "random".into(),
        issues: case.issues,
        options: case.options,
        parties: case.parties.len(),
        utilities: case.parties.iter().map(|(_, s, _)| s.clone()).collect(),
        weights: case.parties.iter().map(|(w, _, _)| normalise(w)).collect(),
        red_lines: case
            .clauses
            .iter()
            .enumerate()
            .map(|(r, (owner, clause))| InstanceRedLine {
                id: format!("r{r}"),
                owner: *owner,
                clause: clause.clone(),
            })
            .collect(),
    };
    let (negotiation, mut positions) = instance.to_model();
    for (party, (_, _, reservation)) in positions.parties.iter_mut().zip(&case.parties) {
        if let Some(prefs) = party.preferences.as_mut() {
            prefs.reservation = f64::from(*reservation);
        }
    }
    for (k, [a, b, c]) in case.nested.iter().enumerate() {
        let formula = Formula::Or(vec![Formula::And(vec![test_of(*a), test_of(*b)]), test_of(*c)]);
        positions.parties[0].red_lines.push(RedLine {
            id: format!("n{k}"),
            text: format!("nested rule {k}"),
            rule: Rule::from_formula(format!("{formula:?}"), formula),
            provenance: Vec::new(),
            rule_span: 0..0,
        });
    }
    (negotiation, positions)
}

/// The best least utility over every package, by enumeration.
fn brute_force(zone: &Zone<'_>) -> Option<i64> {
    let sizes: Vec<usize> = zone.space().issues.iter().map(|i| i.atoms.len()).collect();
    let mut atoms = vec![0; sizes.len()];
    let mut best = None;
    loop {
        if zone.holds(&atoms) {
            let least = zone.points_of(&atoms).into_iter().min().unwrap_or(0);
            best = best.max(Some(least));
        }
        let Some(i) = (0..atoms.len()).find(|&i| atoms[i] + 1 < sizes[i]) else {
            return best;
        };
        atoms[i] += 1;
        atoms[..i].fill(0);
    }
}

/// The fast answer: its package holds and gives the value it claims.
fn fast_value(zone: &Zone<'_>) -> Result<Option<i64>, TestCaseError> {
    let Some((package, value)) = zone.egalitarian(None).unwrap() else {
        return Ok(None);
    };
    let atoms = zone
        .atoms_of(&package)
        .expect("the package's terms are atoms of the space");
    prop_assert!(zone.holds(&atoms), "the egalitarian package breaks a red line");
    prop_assert_eq!(zone.points_of(&atoms).into_iter().min(), Some(value));
    Ok(Some(value))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Small spaces: the same optimum as brute force and as the MILP.
    #[test]
    fn same_optimum_as_brute_force_and_milp(case in case(2..=6, 2..=4, 2..=4, 0..=10)) {
        let (negotiation, positions) = build(&case);
        let zone = Zone::new(&negotiation, &positions).unwrap();
        let fast = fast_value(&zone)?;
        prop_assert_eq!(fast, brute_force(&zone));
        prop_assert_eq!(fast, zone.egalitarian_milp(None).unwrap().map(|(_, v)| v));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Larger spaces (deeper search trees): the same optimum as the MILP.
    #[test]
    fn same_optimum_as_milp(case in case(8..=14, 3..=5, 3..=6, 4..=28)) {
        let (negotiation, positions) = build(&case);
        let zone = Zone::new(&negotiation, &positions).unwrap();
        let fast = fast_value(&zone)?;
        prop_assert_eq!(fast, zone.egalitarian_milp(None).unwrap().map(|(_, v)| v));
    }
}
