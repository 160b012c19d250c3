//! Property tests: on random small negotiations, every answer of the zone search is
//! checked against brute-force enumeration of the whole issue space.

use proptest::prelude::*;
use truce_model::{Issue, IssueKind, IssueOption, Negotiation, Party, PartyKind, Provenance, TermValue};
use truce_positions::{
    CmpOp, Formula, IssueUtility, PartyPosition, Positions, Preferences, RESERVATION_ID, RangeUtility, RedLine,
    RedLineRef, Rule, Test, Truth, Zone, ZopaOptions,
};

/// Integer issues range over 0..=INT_MAX.
const INT_MAX: i64 = 6;

#[derive(Debug, Clone)]
enum Kind {
    Enum(usize),
    Boolean,
    Integer,
}

fn values(kind: &Kind) -> Vec<TermValue> {
    match kind {
        Kind::Enum(n) => (0..*n).map(|k| TermValue::Option(format!("o{k}"))).collect(),
        Kind::Boolean => vec![TermValue::Boolean(false), TermValue::Boolean(true)],
        Kind::Integer => (0..=INT_MAX).map(TermValue::Integer).collect(),
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        (2usize..=3).prop_map(Kind::Enum),
        Just(Kind::Boolean),
        Just(Kind::Integer)
    ]
}

fn test_on(issues: &[Kind]) -> impl Strategy<Value = Formula> + use<> {
    let issues = issues.to_vec();
    (0..issues.len(), 0usize..3, 0i64..=INT_MAX + 1, any::<bool>()).prop_map(move |(i, k, c, b)| {
        let issue = format!("i{i}");
        let t = match &issues[i] {
            Kind::Enum(n) => Test::Option {
                issue,
                option: format!("o{}", k % n),
            },
            Kind::Boolean => Test::Boolean { issue, value: b },
            Kind::Integer => {
                let op = [CmpOp::Lt, CmpOp::Le, CmpOp::Eq, CmpOp::Ne, CmpOp::Gt, CmpOp::Ge][k * 2 + usize::from(b)];
                Test::Integer { issue, op, value: c }
            }
        };
        Formula::Test(t)
    })
}

fn formula(issues: &[Kind]) -> impl Strategy<Value = Formula> + use<> {
    test_on(issues).prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|f| Formula::Not(Box::new(f))),
            prop::collection::vec(inner.clone(), 1..=3).prop_map(Formula::And),
            prop::collection::vec(inner, 1..=3).prop_map(Formula::Or),
        ]
    })
}

/// A party's preferences: raw weights, scores per value, reservation value.
type RawPrefs = (Vec<u32>, Vec<Vec<u32>>, u32);

#[derive(Debug, Clone)]
struct Case {
    issues: Vec<Kind>,
    red_lines: Vec<Vec<Formula>>,
    /// Per party: raw weights, scores per value, reservation.
    prefs: Vec<Option<RawPrefs>>,
}

fn case() -> impl Strategy<Value = Case> {
    case_with(1..=3, 0..=2, 0.8)
}

/// More issues, fewer red lines and preferences for everyone: large frontiers.
fn frontier_case() -> impl Strategy<Value = Case> {
    case_with(2..=4, 0..=1, 0.99)
}

fn case_with(
    issues: std::ops::RangeInclusive<usize>,
    rules: std::ops::RangeInclusive<usize>,
    with_prefs: f64,
) -> impl Strategy<Value = Case> {
    prop::collection::vec(kind(), issues).prop_flat_map(move |issues| {
        let rules = rules.clone();
        let parties = 2usize..=3;
        let n = issues.len();
        let issues2 = issues.clone();
        let prefs = prop::option::weighted(
            with_prefs,
            (
                prop::collection::vec(0u32..=5, n),
                prop::collection::vec(prop::collection::vec(0u32..=100, 7), n),
                prop_oneof![Just(0u32), 0u32..=60],
            ),
        );
        (
            Just(issues),
            parties.prop_flat_map(move |p| {
                (
                    prop::collection::vec(prop::collection::vec(formula(&issues2), rules.clone()), p),
                    prop::collection::vec(prefs.clone(), p),
                )
            }),
        )
            .prop_map(|(issues, (red_lines, prefs))| Case {
                issues,
                red_lines,
                prefs,
            })
    })
}

/// Weights summing to exactly 100 (all on the first issue when all are 0).
fn normalise(raw: &[u32]) -> Vec<u32> {
    let total: u32 = raw.iter().sum();
    if total == 0 {
        let mut w = vec![0; raw.len()];
        w[0] = 100;
        return w;
    }
    let mut w: Vec<u32> = raw.iter().map(|&r| r * 100 / total).collect();
    let rest = 100 - w.iter().sum::<u32>();
    let first = raw.iter().position(|&r| r > 0).unwrap_or(0);
    w[first] += rest;
    w
}

fn build(case: &Case) -> (Negotiation, Positions) {
    let issues: Vec<Issue> = case
        .issues
        .iter()
        .enumerate()
        .map(|(i, k)| Issue {
            id: format!("i{i}"),
            title: format!("Issue {i}"),
            description: None,
            kind: match k {
                Kind::Enum(n) => IssueKind::Enum {
                    options: (0..*n)
                        .map(|o| IssueOption {
                            id: format!("o{o}"),
                            label: format!("o{o}"),
                        })
                        .collect(),
                },
                Kind::Boolean => IssueKind::Boolean,
                Kind::Integer => IssueKind::Integer {
                    unit: None,
                    min: Some(0),
                    max: Some(INT_MAX),
                },
            },
        })
        .collect();
    let parties: Vec<Party> = (0..case.red_lines.len())
        .map(|p| Party {
            id: format!("p{p}"),
            name: format!("P{p}"),
            kind: PartyKind::State,
        })
        .collect();
    let negotiation: Negotiation = serde_json::from_value(serde_json::json!({
        "id": "prop", "title": "prop", "parties": parties, "issues": issues, "documents": [],
    }))
    .unwrap();
    let claim = Provenance {
        source: "test".into(),
        publisher: "test".into(),
        date: jiff::civil::date(2025, 1, 1),
        confidence: 1.0,
        note: None,
    };
    let positions = Positions {
        parties: case
            .red_lines
            .iter()
            .enumerate()
            .map(|(p, rules)| PartyPosition {
                party: format!("p{p}"),
                summary: None,
                provenance: vec![claim.clone()],
                red_lines: rules
                    .iter()
                    .enumerate()
                    .map(|(r, f)| RedLine {
                        id: format!("r{r}"),
                        text: format!("rule {r}"),
                        rule: Rule::from_formula(format!("{f:?}"), f.clone()),
                        provenance: vec![],
                        rule_span: 0..0,
                    })
                    .collect(),
                preferences: case.prefs[p].as_ref().map(|(raw, scores, reservation)| {
                    let weights = normalise(raw);
                    Preferences {
                        weights: weights.iter().enumerate().map(|(i, &w)| (format!("i{i}"), w)).collect(),
                        utilities: case
                            .issues
                            .iter()
                            .enumerate()
                            .map(|(i, k)| {
                                let s = &scores[i];
                                let u = match k {
                                    Kind::Enum(n) => {
                                        IssueUtility::Options((0..*n).map(|o| (format!("o{o}"), s[o])).collect())
                                    }
                                    Kind::Boolean => IssueUtility::Boolean { yes: s[1], no: s[0] },
                                    Kind::Integer => {
                                        // Two ranges split at 1 + s[6] % INT_MAX.
                                        let cut = 1 + i64::from(s[6]) % INT_MAX;
                                        IssueUtility::Ranges(vec![
                                            RangeUtility {
                                                min: None,
                                                max: Some(cut - 1),
                                                utility: s[0],
                                            },
                                            RangeUtility {
                                                min: Some(cut),
                                                max: None,
                                                utility: s[1],
                                            },
                                        ])
                                    }
                                };
                                (format!("i{i}"), u)
                            })
                            .collect(),
                        reservation: f64::from(*reservation),
                        provenance: vec![],
                    }
                }),
                file: None,
            })
            .collect(),
    };
    (negotiation, positions)
}

/// Every package of the space, as values.
fn packages(case: &Case) -> Vec<Vec<TermValue>> {
    let mut out = vec![vec![]];
    for k in &case.issues {
        let mut next = Vec::new();
        for p in &out {
            for v in values(k) {
                let mut q: Vec<TermValue> = p.clone();
                q.push(v);
                next.push(q);
            }
        }
        out = next;
    }
    out
}

fn points(prefs: &Preferences, package: &[TermValue]) -> i64 {
    package
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let id = format!("i{i}");
            let w = i64::from(prefs.weights.get(&id).copied().unwrap_or(0));
            let s = match (prefs.utilities.get(&id), v) {
                (Some(IssueUtility::Options(m)), TermValue::Option(o)) => m[o],
                (Some(IssueUtility::Boolean { yes, no }), TermValue::Boolean(b)) => {
                    if *b {
                        *yes
                    } else {
                        *no
                    }
                }
                (Some(IssueUtility::Ranges(r)), TermValue::Integer(n)) => {
                    r.iter().find(|r| r.contains(*n)).map_or(0, |r| r.utility)
                }
                _ => 0,
            };
            w * i64::from(s)
        })
        .sum()
}

/// Brute-force oracle over the same constraints as the zone.
struct Brute<'a> {
    positions: &'a Positions,
    constraints: Vec<RedLineRef>,
    all: Vec<Vec<TermValue>>,
}

impl Brute<'_> {
    fn holds(&self, c: &RedLineRef, package: &[TermValue]) -> bool {
        let party = self.positions.party(&c.party).unwrap();
        if c.id == RESERVATION_ID {
            let prefs = party.preferences.as_ref().unwrap();
            return points(prefs, package) >= prefs.reservation_points();
        }
        let rule = &party.red_lines.iter().find(|r| r.id == c.id).unwrap().rule;
        let get = |id: &str| {
            id.strip_prefix('i')
                .and_then(|n| n.parse::<usize>().ok())
                .map(|n| &package[n])
        };
        rule.eval(&get) == Truth::Holds
    }

    fn sat(&self, subset: &[&RedLineRef]) -> bool {
        self.all.iter().any(|p| subset.iter().all(|c| self.holds(c, p)))
    }

    fn zone(&self) -> Vec<&Vec<TermValue>> {
        self.all
            .iter()
            .filter(|p| self.constraints.iter().all(|c| self.holds(c, p)))
            .collect()
    }

    fn utilities(&self, package: &[TermValue]) -> Vec<i64> {
        self.positions
            .parties
            .iter()
            .filter_map(|p| p.preferences.as_ref())
            .map(|pr| points(pr, package))
            .collect()
    }

    fn all_muses(&self) -> Vec<Vec<RedLineRef>> {
        let n = self.constraints.len();
        let mut out = Vec::new();
        for mask in 1u32..(1 << n) {
            let set: Vec<&RedLineRef> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| &self.constraints[i])
                .collect();
            if self.sat(&set) {
                continue;
            }
            let minimal = (0..set.len()).all(|k| {
                let smaller: Vec<&RedLineRef> = set
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, c)| *c)
                    .collect();
                self.sat(&smaller)
            });
            if minimal {
                let mut s: Vec<RedLineRef> = set.into_iter().cloned().collect();
                s.sort();
                out.push(s);
            }
        }
        out.sort();
        out
    }
}

fn to_points(p: &truce_positions::Package) -> Vec<i64> {
    p.utilities.values().map(|u| (u * 100.0).round() as i64).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn zone_search_agrees_with_brute_force(case in case()) {
        check(&case)?;
    }

    #[test]
    fn frontier_nash_and_ks_agree_with_brute_force(case in frontier_case()) {
        check(&case)?;
    }
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let (negotiation, positions) = build(case);
    let zone = Zone::new(&negotiation, &positions).unwrap();
    let brute = Brute {
        positions: &positions,
        constraints: zone.constraints(),
        all: packages(case),
    };
    let acceptable = brute.zone();
    let report = zone.report(&negotiation, &ZopaOptions::default()).unwrap();
    prop_assert_eq!(report.feasible, !acceptable.is_empty());

    // Every package reported keeps every red line and reservation value.
    let mut reported: Vec<&truce_positions::Package> = Vec::new();
    reported.extend(report.utilitarian.iter());
    reported.extend(report.egalitarian.iter());
    reported.extend(report.nash.iter());
    reported.extend(report.kalai_smorodinsky.iter());
    if let Some(f) = &report.frontier {
        reported.extend(f.packages.iter());
    }
    for p in &reported {
        let atoms = zone.atoms_of(p).expect("package maps back to atoms");
        prop_assert!(zone.holds(&atoms), "package breaks a constraint: {:?}", p);
        prop_assert_eq!(zone.points_of(&atoms), to_points(p));
    }
    for r in &report.relaxations {
        // The example keeps every constraint but the relaxed one.
        let atoms = zone.atoms_of(&r.example).unwrap();
        let rest: Vec<RedLineRef> = brute
            .constraints
            .iter()
            .filter(|c| **c != r.red_line)
            .cloned()
            .collect();
        prop_assert!(zone.satisfiable(&rest).unwrap());
        let _ = atoms;
    }

    if !report.feasible {
        let conflicts = report.conflicts.as_ref().unwrap();
        prop_assert!(conflicts.complete);
        let mut found: Vec<Vec<RedLineRef>> = conflicts
            .sets
            .iter()
            .map(|s| {
                let mut v: Vec<RedLineRef> = s.red_lines.iter().map(|m| m.red_line.clone()).collect();
                v.sort();
                v
            })
            .collect();
        found.sort();
        for set in &found {
            let refs: Vec<&RedLineRef> = set.iter().collect();
            prop_assert!(!brute.sat(&refs), "reported conflict set is satisfiable: {:?}", set);
            for k in 0..set.len() {
                let smaller: Vec<&RedLineRef> = set
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, c)| c)
                    .collect();
                prop_assert!(
                    brute.sat(&smaller),
                    "proper subset unsatisfiable: {:?} without {}",
                    set,
                    k
                );
            }
        }
        prop_assert_eq!(found, brute.all_muses());
        // Single relaxations: exactly the constraints in every conflict set.
        let mut relaxed: Vec<RedLineRef> = report.relaxations.iter().map(|r| r.red_line.clone()).collect();
        relaxed.sort();
        let mut want: Vec<RedLineRef> = brute
            .constraints
            .iter()
            .filter(|c| {
                let rest: Vec<&RedLineRef> = brute.constraints.iter().filter(|d| d != c).collect();
                brute.sat(&rest)
            })
            .cloned()
            .collect();
        want.sort();
        prop_assert_eq!(relaxed, want);
        return Ok(());
    }

    let with_prefs = positions.parties.iter().filter(|p| p.preferences.is_some()).count();
    if with_prefs == 0 {
        prop_assert!(report.utilitarian.is_none());
        return Ok(());
    }
    let utils: Vec<Vec<i64>> = acceptable.iter().map(|p| brute.utilities(p)).collect();
    let best_sum = utils.iter().map(|u| u.iter().sum::<i64>()).max().unwrap();
    let best_min = utils.iter().map(|u| *u.iter().min().unwrap()).max().unwrap();
    prop_assert_eq!(
        to_points(report.utilitarian.as_ref().unwrap()).iter().sum::<i64>(),
        best_sum
    );
    prop_assert_eq!(
        *to_points(report.egalitarian.as_ref().unwrap()).iter().min().unwrap(),
        best_min
    );

    // Pareto frontier: exactly the non-dominated utility vectors.
    let dominated = |u: &Vec<i64>| utils.iter().any(|v| v.iter().zip(u).all(|(a, b)| a >= b) && v != u);
    let mut pareto: Vec<Vec<i64>> = utils.iter().filter(|u| !dominated(u)).cloned().collect();
    pareto.sort();
    pareto.dedup();
    let frontier = report.frontier.as_ref().unwrap();
    prop_assert!(frontier.complete);
    let mut got: Vec<Vec<i64>> = frontier.packages.iter().map(to_points).collect();
    got.sort();
    prop_assert_eq!(got, pareto);

    // Nash: max product of gains over reservation values.
    let reservations: Vec<i64> = positions
        .parties
        .iter()
        .filter_map(|p| p.preferences.as_ref())
        .map(Preferences::reservation_points)
        .collect();
    let gains = |u: &[i64]| -> Vec<i64> { u.iter().zip(&reservations).map(|(x, r)| x - r.min(x)).collect() };
    let product = |u: &[i64]| -> u128 { gains(u).iter().map(|&g| g as u128).product() };
    let best_product = utils.iter().map(|u| product(u)).max().unwrap();
    prop_assert_eq!(product(&to_points(report.nash.as_ref().unwrap())), best_product);

    // Kalai-Smorodinsky: max of the least gain relative to the ideal gain.
    let ideal: Vec<i64> = (0..reservations.len())
        .map(|k| utils.iter().map(|u| u[k]).max().unwrap())
        .collect();
    let ratio = |u: &[i64]| -> f64 {
        let g = gains(u);
        (0..g.len())
            .filter(|&k| ideal[k] - reservations[k] > 0)
            .map(|k| g[k] as f64 / (ideal[k] - reservations[k]) as f64)
            .fold(1.0, f64::min)
    };
    let best_ratio = utils.iter().map(|u| ratio(u)).fold(f64::MIN, f64::max);
    let ks = ratio(&to_points(report.kalai_smorodinsky.as_ref().unwrap()));
    prop_assert!((ks - best_ratio).abs() < 1e-9, "KS {} vs {}", ks, best_ratio);
    Ok(())
}

#[test]
fn every_value_class_is_decided_by_every_test() {
    // A space cut at 3 and 5 decides `x < 3`, `x == 5`, `x >= 4`... on every atom.
    let case = Case {
        issues: vec![Kind::Integer],
        red_lines: vec![
            vec![Formula::Test(Test::Integer {
                issue: "i0".into(),
                op: CmpOp::Lt,
                value: 5,
            })],
            vec![Formula::Test(Test::Integer {
                issue: "i0".into(),
                op: CmpOp::Ge,
                value: 3,
            })],
        ],
        prefs: vec![None, None],
    };
    let (n, p) = build(&case);
    let zone = Zone::new(&n, &p).unwrap();
    let described: Vec<String> = (0..zone.space().issues[0].atoms.len())
        .map(|a| zone.space().describe(0, a))
        .collect();
    assert_eq!(described, ["0..=2", "3", "4", "5", "6"]);
    let report = zone.report(&n, &ZopaOptions::default()).unwrap();
    assert!(report.feasible);
}
