//! The zone model: the issue space as boolean variables, red lines as guarded clauses,
//! reservation values as linear constraints. Both back ends (SAT and MILP) read it.
//!
//! - One boolean `x[i][a]` per atom; exactly one per issue (the SAT back end encodes it
//!   with clauses, the MILP back end with an equality row).
//! - Every *group* (a red line, or a party's reservation value) has a guard variable `g`.
//!   A red line's formula is put in negation normal form over "issue in set of atoms"
//!   tests (a negated test is the complementary set, since an issue takes exactly one
//!   atom) and compiled to clauses that say `g -> formula`: a disjunction of tests is one
//!   clause `!g | x[i][a] | ...`; a conjunction nested in a disjunction gets one fresh
//!   variable. Guards are switched on by assumptions (SAT) or fixed bounds (MILP), which
//!   is what lets the conflict search ask about any subset of red lines.
//! - A reservation value is `sum_i points[i][atom_i] >= r`: the MILP takes it as one row;
//!   the SAT back end encodes it as a reduced decision diagram (see [`crate::sat`]).

use crate::position::{PartyPosition, Positions, RESERVATION_ID, RedLineRef};
use crate::rule::Formula;
use crate::space::Space;

/// A literal: variable index and polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Lit(u32);

impl Lit {
    pub fn pos(v: usize) -> Lit {
        Lit((v as u32) << 1)
    }
    pub fn neg(v: usize) -> Lit {
        Lit(((v as u32) << 1) | 1)
    }
    pub fn var(self) -> usize {
        (self.0 >> 1) as usize
    }
    pub fn is_neg(self) -> bool {
        self.0 & 1 == 1
    }
}

impl std::ops::Not for Lit {
    type Output = Lit;
    fn not(self) -> Lit {
        Lit(self.0 ^ 1)
    }
}

/// A formula in negation normal form over "issue takes one of these atoms".
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Nnf {
    True,
    False,
    In(usize, Vec<usize>),
    And(Vec<Nnf>),
    Or(Vec<Nnf>),
}

impl Nnf {
    /// The NNF of `f` (or of its negation when `positive` is false) over `space`.
    pub fn of(f: &Formula, positive: bool, space: &Space) -> Nnf {
        match f {
            Formula::Const(b) => {
                if *b == positive {
                    Nnf::True
                } else {
                    Nnf::False
                }
            }
            Formula::Test(t) => {
                let Some(i) = space.issue_index(t.issue()) else {
                    return Nnf::False;
                };
                let n = space.issues[i].atoms.len();
                let set: Vec<usize> = (0..n).filter(|&a| space.test_on_atom(t, i, a) == positive).collect();
                if set.is_empty() {
                    Nnf::False
                } else if set.len() == n {
                    Nnf::True
                } else {
                    Nnf::In(i, set)
                }
            }
            Formula::Not(g) => Nnf::of(g, !positive, space),
            Formula::And(fs) | Formula::Or(fs) => {
                let parts = fs.iter().map(|g| Nnf::of(g, positive, space)).collect();
                if matches!(f, Formula::And(_)) == positive {
                    and(parts)
                } else {
                    or(parts)
                }
            }
        }
    }
}

fn and(parts: Vec<Nnf>) -> Nnf {
    let mut out: Vec<Nnf> = Vec::new();
    for p in parts {
        match p {
            Nnf::True => {}
            Nnf::False => return Nnf::False,
            Nnf::And(inner) => out.extend(inner),
            Nnf::In(i, set) => {
                // Two tests on one issue: intersect.
                if let Some(Nnf::In(_, existing)) = out.iter_mut().find(|q| matches!(q, Nnf::In(j, _) if *j == i)) {
                    existing.retain(|a| set.contains(a));
                    if existing.is_empty() {
                        return Nnf::False;
                    }
                } else {
                    out.push(Nnf::In(i, set));
                }
            }
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Nnf::True,
        1 => out.pop().unwrap_or(Nnf::True),
        _ => Nnf::And(out),
    }
}

fn or(parts: Vec<Nnf>) -> Nnf {
    let mut out: Vec<Nnf> = Vec::new();
    for p in parts {
        match p {
            Nnf::False => {}
            Nnf::True => return Nnf::True,
            Nnf::Or(inner) => out.extend(inner),
            Nnf::In(i, set) => {
                if let Some(Nnf::In(_, existing)) = out.iter_mut().find(|q| matches!(q, Nnf::In(j, _) if *j == i)) {
                    for a in set {
                        if !existing.contains(&a) {
                            existing.push(a);
                        }
                    }
                    existing.sort_unstable();
                } else {
                    out.push(Nnf::In(i, set));
                }
            }
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Nnf::False,
        1 => out.pop().unwrap_or(Nnf::False),
        _ => Nnf::Or(out),
    }
}

/// What a group stands for.
#[derive(Debug, Clone)]
pub(crate) enum GroupKind {
    /// A red line (index into `Model::parties[party]`'s red lines).
    RedLine {
        text: String,
        rule: String,
        issues: Vec<String>,
    },
    /// `utility(party) >= points`.
    Reservation { party: usize, points: i64 },
}

/// A constraint that can be switched on and off.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub name: RedLineRef,
    pub guard: usize,
    pub kind: GroupKind,
}

/// One party with preferences: utility points per issue and atom.
#[derive(Debug, Clone)]
pub(crate) struct Utility {
    pub party: String,
    pub points: Vec<Vec<i64>>,
    pub reservation: i64,
}

/// The zone model.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub space: Space,
    pub num_vars: usize,
    /// Atom variables, per issue.
    pub x: Vec<Vec<usize>>,
    pub groups: Vec<Group>,
    /// Clauses (guarded by the group's guard variable where they belong to one).
    pub clauses: Vec<Vec<Lit>>,
    /// Parties with preferences, in party order.
    pub utilities: Vec<Utility>,
}

impl Model {
    /// The model of `positions` over `space`. Reservation groups are made only for
    /// reservations that can bind (above the least utility the party can get).
    pub fn new(space: Space, positions: &Positions) -> Model {
        let mut m = Model::bare(space);
        for party in &positions.parties {
            for red in &party.red_lines {
                let nnf = Nnf::of(&red.rule.formula, true, &m.space);
                let guard = m.new_var();
                m.emit(&nnf, guard);
                m.groups.push(Group {
                    name: RedLineRef {
                        party: party.party.clone(),
                        id: red.id.clone(),
                    },
                    guard,
                    kind: GroupKind::RedLine {
                        text: red.text.clone(),
                        rule: red.rule.source.clone(),
                        issues: red.rule.issues().into_iter().map(str::to_owned).collect(),
                    },
                });
            }
        }
        for party in &positions.parties {
            m.add_utility(party);
        }
        m
    }

    /// A model with the space's atom variables and no groups.
    pub fn bare(space: Space) -> Model {
        let mut m = Model {
            space,
            num_vars: 0,
            x: Vec::new(),
            groups: Vec::new(),
            clauses: Vec::new(),
            utilities: Vec::new(),
        };
        for issue in 0..m.space.issues.len() {
            let n = m.space.issues[issue].atoms.len();
            let vars = (0..n).map(|_| m.new_var()).collect();
            m.x.push(vars);
        }
        m
    }

    /// Adds a group for `formula` (or its negation) and returns its index.
    pub fn add_formula(&mut self, formula: &Formula, positive: bool) -> usize {
        let nnf = Nnf::of(formula, positive, &self.space);
        let guard = self.new_var();
        self.emit(&nnf, guard);
        self.groups.push(Group {
            name: RedLineRef {
                party: String::new(),
                id: String::new(),
            },
            guard,
            kind: GroupKind::RedLine {
                text: String::new(),
                rule: String::new(),
                issues: Vec::new(),
            },
        });
        self.groups.len() - 1
    }

    fn add_utility(&mut self, party: &PartyPosition) {
        let Some(prefs) = &party.preferences else { return };
        let points = self.space.points(prefs);
        let reservation = prefs.reservation_points();
        let least: i64 = points.iter().map(|row| row.iter().copied().min().unwrap_or(0)).sum();
        let index = self.utilities.len();
        self.utilities.push(Utility {
            party: party.party.clone(),
            points,
            reservation,
        });
        if reservation > least {
            let guard = self.new_var();
            self.groups.push(Group {
                name: RedLineRef {
                    party: party.party.clone(),
                    id: RESERVATION_ID.to_owned(),
                },
                guard,
                kind: GroupKind::Reservation {
                    party: index,
                    points: reservation,
                },
            });
        }
    }

    pub fn new_var(&mut self) -> usize {
        self.num_vars += 1;
        self.num_vars - 1
    }

    /// Adds a clause, without repeated literals; a clause with a literal and its
    /// negation always holds and is dropped.
    fn push_clause(&mut self, mut c: Vec<Lit>) {
        c.sort_unstable();
        c.dedup();
        if c.windows(2).any(|w| w[0].var() == w[1].var()) {
            return;
        }
        self.clauses.push(c);
    }

    /// Adds clauses for `guard -> nnf`.
    pub fn emit(&mut self, nnf: &Nnf, guard: usize) {
        match nnf {
            Nnf::True => {}
            Nnf::False => self.push_clause(vec![Lit::neg(guard)]),
            Nnf::In(i, set) => {
                let mut c = vec![Lit::neg(guard)];
                c.extend(set.iter().map(|&a| Lit::pos(self.x[*i][a])));
                self.push_clause(c);
            }
            Nnf::And(parts) => parts.iter().for_each(|p| self.emit(p, guard)),
            Nnf::Or(parts) => {
                let mut c = vec![Lit::neg(guard)];
                for p in parts {
                    match p {
                        Nnf::In(i, set) => c.extend(set.iter().map(|&a| Lit::pos(self.x[*i][a]))),
                        Nnf::True => return,
                        Nnf::False => {}
                        other => {
                            let v = self.new_var();
                            self.emit(other, v);
                            c.push(Lit::pos(v));
                        }
                    }
                }
                self.push_clause(c);
            }
        }
    }

    /// Utility points of every party with preferences for a package (one atom per issue).
    pub fn utility_points(&self, atoms: &[usize]) -> Vec<i64> {
        self.utilities
            .iter()
            .map(|u| atoms.iter().enumerate().map(|(i, &a)| u.points[i][a]).sum())
            .collect()
    }

    /// Whether group `g` holds for a package, checked directly on the rule (not through
    /// the clauses), for verifying solver answers.
    pub fn group_holds(&self, g: usize, atoms: &[usize], positions: &Positions) -> bool {
        let group = &self.groups[g];
        match &group.kind {
            GroupKind::Reservation { party, points } => {
                let u = &self.utilities[*party];
                atoms.iter().enumerate().map(|(i, &a)| u.points[i][a]).sum::<i64>() >= *points
            }
            GroupKind::RedLine { .. } => {
                let Some(red) = positions
                    .party(&group.name.party)
                    .and_then(|p| p.red_lines.iter().find(|r| r.id == group.name.id))
                else {
                    return false;
                };
                formula_on_atoms(&red.rule.formula, &self.space, atoms)
            }
        }
    }
}

/// Evaluates a formula on a complete package of atoms.
pub(crate) fn formula_on_atoms(f: &Formula, space: &Space, atoms: &[usize]) -> bool {
    match f {
        Formula::Const(b) => *b,
        Formula::Test(t) => match space.issue_index(t.issue()) {
            Some(i) => space.test_on_atom(t, i, atoms[i]),
            None => false,
        },
        Formula::Not(g) => !formula_on_atoms(g, space, atoms),
        Formula::And(fs) => fs.iter().all(|g| formula_on_atoms(g, space, atoms)),
        Formula::Or(fs) => fs.iter().any(|g| formula_on_atoms(g, space, atoms)),
    }
}
