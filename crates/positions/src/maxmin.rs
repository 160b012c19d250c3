//! The egalitarian optimum (max of the least party utility) by a dedicated branch and
//! bound.
//!
//! The zone model is flattened into *issues* whose *atoms* are chosen one per issue: the
//! space's issues, plus one two-atom issue (false, true) per auxiliary variable of the
//! clauses (every group is on, so guards are dropped). Each node of the search is a
//! domain (the atoms still allowed) and is processed in four steps:
//!
//! 1. **Propagation**: unit propagation of the clauses over the domains, and bounds of
//!    each party's utility: a party must reach its reservation value and, to beat the
//!    incumbent `L`, `L + 1` points; an atom that cannot is removed.
//! 2. **LP bound**: the relaxation `max t, t <= U_p (every party), U_p >= r_p, one atom
//!    per issue, every clause as a row`, re-solved from the parent's basis by a dense dual
//!    simplex ([`crate::simplex`]).
//! 3. **Lagrangian check**: the LP runs in floating point and is never trusted for a
//!    proof; its duals serve only as multipliers. For any `y >= 0` on the `<=` rows,
//!    `B(y) = sum_r y_r b_r + max_{t in [t_low, t_high]} (1 - sum_p y_p) t
//!    + sum_i max_{a alive in i} v_a`, where `v_a` is atom `a`'s column of `-y A` (its
//!    points weighted by the parties' multipliers, less its clauses' multipliers),
//!    bounds the least utility of every package of the domain (weak duality, with the
//!    one-atom-per-issue choice kept exact). `B` is recomputed from the integer rows, and
//!    a node is pruned when `B < L + 1` by more than a relative margin of `1e-7`, far
//!    above the round-off of these sums. The same bound fixes atoms by reduced cost: a
//!    package beating `L` picks atoms whose shortfalls `max v - v_a` sum to at most
//!    `B - (L + 1)`. Children try their parent's multipliers before their own LP.
//! 4. **Branching** on the issue whose LP choice is the most split (the smallest largest
//!    value), first fixing its most chosen atom, then forbidding it; depth first.
//!
//! Incumbents come from the SAT packages the caller found while probing, from rounding
//! each LP solution (the most chosen atom per issue, auxiliary variables set to their
//! best value), and from a leximin hill climb over single-issue changes of every valid
//! package found. A node the LP calls infeasible is pruned only when the SAT oracle
//! agrees; otherwise the search branches without LP guidance.
//!
//! The answer is exact: every prune rests on integer propagation, a weak-duality bound
//! recomputed with a safety margin, or the SAT oracle, and every incumbent is checked on
//! the clauses and reservation values in integers. It is deterministic (no randomness, no clock in any
//! decision except the deadline).

use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;
use std::time::Instant;

use crate::model::{Lit, Model};
use crate::sat::{Answer, Oracle};
use crate::simplex::{Outcome, Row, Tableau};

/// Largest tableau (entries) the search builds; beyond it the caller uses the MILP.
const MAX_TABLEAU: usize = 1 << 22;
/// Most tableau entries held by pending nodes at once (512 MiB); past it a pending node
/// keeps no copy and rebuilds its tableau when it is visited.
const MAX_HELD: usize = 1 << 26;
/// Pivot budgets of the LPs: a node's and the root's. A node whose LP runs out of
/// pivots branches without LP guidance.
#[derive(Debug, Clone, Copy)]
struct Budget {
    node: u64,
    root: u64,
}

const BUDGET: Budget = Budget {
    node: 20_000,
    root: 200_000,
};
/// LP re-solves per node after reduced-cost fixing removed atoms.
const LP_ROUNDS: usize = 3;
/// Seed packages improved by hill climbing (the best by leximin order).
const SEEDS_CLIMBED: usize = 3;
/// Most packages remembered as climbed from (the memory is then cleared).
const MAX_CLIMBED: usize = 4096;
/// Relative slack kept on the safe side of every floating-point bound comparison.
const SLACK: f64 = 1e-7;

/// Why the search gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The deadline passed.
    Timeout,
    /// The LP would be too large for the dense engine.
    TooLarge,
}

/// "Issue `issue` takes one of the atoms marked in `member`" (indexed from the issue's
/// first atom). The model writes `x != a` as the disjunction of the issue's other atoms;
/// as one test, it is decided as soon as atom `a` is gone.
#[derive(Debug, Clone)]
struct Test {
    issue: usize,
    member: Vec<bool>,
}

/// The zone model flattened for the search.
struct Problem {
    /// Issue of each atom.
    issue_of: Vec<usize>,
    /// Atoms of each issue (contiguous); the model's issues first, then one issue per
    /// auxiliary variable with atoms (false, true).
    issues: Vec<Range<usize>>,
    /// Number of the model's issues.
    real: usize,
    /// Model variable of each auxiliary issue (index `k` is issue `real + k`).
    aux_var: Vec<usize>,
    /// `points[p][atom]`: party `p`'s utility points for the atom (0 for auxiliary atoms).
    points: Vec<Vec<i64>>,
    /// Reservation value of each party, in points.
    reservation: Vec<i64>,
    /// Clauses: disjunctions of tests on distinct issues.
    clauses: Vec<Vec<Test>>,
    /// Clauses that mention each issue.
    clauses_of_issue: Vec<Vec<usize>>,
    /// Clauses in which each auxiliary variable appears negated (its definition).
    definition: Vec<Vec<usize>>,
}

impl Problem {
    /// Flattens `model` with every group on; `None` when a clause is empty (no package).
    fn new(model: &Model) -> Option<Problem> {
        let mut atom_of_var: Vec<Option<usize>> = vec![None; model.num_vars];
        let mut issues = Vec::new();
        let mut issue_of = Vec::new();
        for row in &model.x {
            let start = issue_of.len();
            for &v in row {
                atom_of_var[v] = Some(issue_of.len());
                issue_of.push(issues.len());
            }
            issues.push(start..issue_of.len());
        }
        let real = issues.len();
        let mut guard = vec![false; model.num_vars];
        for g in &model.groups {
            guard[g.guard] = true;
        }
        let mut aux_var: Vec<usize> = model
            .clauses
            .iter()
            .flatten()
            .map(|l| l.var())
            .filter(|&v| atom_of_var[v].is_none() && !guard[v])
            .collect();
        aux_var.sort_unstable();
        aux_var.dedup();
        for &v in &aux_var {
            let start = issue_of.len();
            issue_of.push(issues.len());
            issue_of.push(issues.len());
            // The variable is true when the issue takes its second atom.
            atom_of_var[v] = Some(start + 1);
            issues.push(start..start + 2);
        }
        let mut clauses = Vec::with_capacity(model.clauses.len());
        'clauses: for c in &model.clauses {
            let mut tests: Vec<Test> = Vec::with_capacity(c.len());
            for &l in c {
                // A guard is true: its positive literal satisfies the clause, its negation
                // drops out.
                let Some(a) = atom_of_var[l.var()] else {
                    if l.is_neg() {
                        continue;
                    }
                    continue 'clauses;
                };
                let issue = issue_of[a];
                let range = issues[issue].clone();
                let k = tests.iter().position(|t| t.issue == issue).unwrap_or_else(|| {
                    tests.push(Test {
                        issue,
                        member: vec![false; range.len()],
                    });
                    tests.len() - 1
                });
                for (o, m) in range.clone().zip(tests[k].member.iter_mut()) {
                    *m |= (o == a) != l.is_neg();
                }
            }
            if tests.iter().any(|t| t.member.iter().all(|&m| m)) {
                continue;
            }
            if tests.is_empty() {
                return None;
            }
            clauses.push(tests);
        }
        let n = issue_of.len();
        let points = model
            .utilities
            .iter()
            .map(|u| {
                let mut pts = vec![0; n];
                for (i, row) in u.points.iter().enumerate() {
                    for (a, &p) in row.iter().enumerate() {
                        pts[issues[i].start + a] = p;
                    }
                }
                pts
            })
            .collect();
        let reservation = model.utilities.iter().map(|u| u.reservation).collect();
        let mut clauses_of_issue = vec![Vec::new(); issues.len()];
        let mut definition = vec![Vec::new(); aux_var.len()];
        for (ci, c) in clauses.iter().enumerate() {
            for t in c {
                clauses_of_issue[t.issue].push(ci);
                // The auxiliary variable's negation: its definition.
                if t.issue >= real && t.member == [true, false] {
                    definition[t.issue - real].push(ci);
                }
            }
        }
        Some(Problem {
            issue_of,
            issues,
            real,
            aux_var,
            points,
            reservation,
            clauses,
            clauses_of_issue,
            definition,
        })
    }

    fn parties(&self) -> usize {
        self.points.len()
    }

    /// Utility points of every party for a choice of one atom per issue.
    fn utilities(&self, choice: &[usize]) -> Vec<i64> {
        self.points
            .iter()
            .map(|pts| choice.iter().map(|&a| pts[a]).sum())
            .collect()
    }

    fn test_holds(&self, t: &Test, choice: &[usize]) -> bool {
        t.member[choice[t.issue] - self.issues[t.issue].start]
    }

    fn clause_holds(&self, ci: usize, choice: &[usize]) -> bool {
        self.clauses[ci].iter().any(|t| self.test_holds(t, choice))
    }

    /// Sets every auxiliary variable, deepest first (a nested conjunction's variable is
    /// created after its parent's), to true exactly when its definition holds: the best
    /// value for the clauses that use it.
    fn complete(&self, choice: &mut [usize]) {
        for k in (0..self.aux_var.len()).rev() {
            let issue = self.real + k;
            let start = self.issues[issue].start;
            choice[issue] = start + 1;
            let holds = self.definition[k].iter().all(|&ci| {
                self.clauses[ci]
                    .iter()
                    .any(|t| t.issue != issue && self.test_holds(t, choice))
            });
            if !holds {
                choice[issue] = start;
            }
        }
    }

    /// Whether a full choice keeps every clause and reservation value; its utilities.
    fn check(&self, choice: &[usize]) -> Option<Vec<i64>> {
        if !(0..self.clauses.len()).all(|ci| self.clause_holds(ci, choice)) {
            return None;
        }
        let u = self.utilities(choice);
        u.iter().zip(&self.reservation).all(|(u, r)| u >= r).then_some(u)
    }
}

/// Sorted ascending: leximin order compares these lexicographically.
fn leximin_key(u: &[i64]) -> Vec<i64> {
    let mut k = u.to_vec();
    k.sort_unstable();
    k
}

/// A branching decision.
#[derive(Debug, Clone, Copy)]
enum Decision {
    Root,
    Fix(usize),
    Remove(usize),
}

/// A node waiting to be visited: the trail length of its parent's domain, its decision,
/// the parent's tableau (or none, to rebuild) and the parent's duals.
struct Task {
    mark: usize,
    decision: Decision,
    tableau: Option<Tableau>,
    duals: Option<Rc<Vec<f64>>>,
}

/// The LP relaxation's layout over the domains it was built from.
struct Layout {
    /// Column of each atom (`usize::MAX`: none, the atom was dead or its issue decided).
    atom_col: Vec<usize>,
    /// Atom of each column but the last, which is `t`.
    col_atom: Vec<usize>,
    /// Rows with exact (integer) coefficients, and the factor each is scaled by in the
    /// tableau.
    rows: Vec<(Row, f64)>,
    /// Bounds of `t`: every package's least utility lies within them.
    t_low: f64,
    t_high: f64,
}

impl Layout {
    fn t_col(&self) -> usize {
        self.col_atom.len()
    }
}

struct Search<'a> {
    pb: &'a Problem,
    alive: Vec<bool>,
    /// Atoms possible at all (not removed by the caller's probing).
    possible: Vec<bool>,
    count: Vec<usize>,
    trail: Vec<usize>,
    best: Option<(i64, Vec<usize>)>,
    layout: Layout,
    oracle: &'a mut Oracle,
    /// Groups to assume in every oracle call (those not fixed on in it).
    assume: &'a [usize],
    /// Model literal of each atom, for assumptions: `x[i][a]`, or an auxiliary
    /// variable (positive for the true atom, negated for the false one).
    literal: Vec<Lit>,
    deadline: Option<Instant>,
    /// Packages the hill climb started from already.
    climbed: HashSet<Vec<usize>>,
    budget: Budget,
}

/// Solves the egalitarian problem over `model` with every group on. `impossible` lists
/// atoms (issue, atom) known to be in no package; `seeds` are packages (an atom per
/// issue) to start from; `oracle` is a SAT oracle over the same model in which every
/// group is either fixed on ([`Oracle::fix_on`]) or listed in `assume`. Returns the
/// atoms of an optimal package and its least utility, or `None` when the zone is empty.
pub(crate) fn solve(
    model: &Model,
    impossible: &[(usize, usize)],
    seeds: &[Vec<usize>],
    oracle: (&mut Oracle, &[usize]),
    deadline: Option<Instant>,
) -> Result<Option<(Vec<usize>, i64)>, Failure> {
    solve_within(model, impossible, seeds, oracle, deadline, BUDGET)
}

/// [`solve`] with given LP pivot budgets.
fn solve_within(
    model: &Model,
    impossible: &[(usize, usize)],
    seeds: &[Vec<usize>],
    (oracle, assume): (&mut Oracle, &[usize]),
    deadline: Option<Instant>,
    budget: Budget,
) -> Result<Option<(Vec<usize>, i64)>, Failure> {
    if model.utilities.is_empty() {
        return Ok(None);
    }
    let Some(pb) = Problem::new(model) else {
        return Ok(None);
    };
    let n = pb.issue_of.len();
    let mut alive = vec![true; n];
    for &(i, a) in impossible {
        alive[pb.issues[i].start + a] = false;
    }
    let mut literal = Vec::with_capacity(n);
    for row in &model.x {
        literal.extend(row.iter().map(|&v| Lit::pos(v)));
    }
    for &v in &pb.aux_var {
        literal.extend([Lit::neg(v), Lit::pos(v)]);
    }
    let count = pb
        .issues
        .iter()
        .map(|r| r.clone().filter(|&a| alive[a]).count())
        .collect();
    let mut s = Search {
        pb: &pb,
        possible: alive.clone(),
        alive,
        count,
        trail: Vec::new(),
        best: None,
        layout: Layout {
            atom_col: Vec::new(),
            col_atom: Vec::new(),
            rows: Vec::new(),
            t_low: 0.0,
            t_high: 0.0,
        },
        oracle,
        assume,
        literal,
        deadline,
        climbed: HashSet::new(),
        budget,
    };
    // Hill climbing is the costly part of an offer: only the best few seeds get it.
    let mut starts: Vec<(Vec<i64>, Vec<usize>)> = seeds
        .iter()
        .filter(|seed| seed.len() == pb.real)
        .filter_map(|seed| {
            let mut choice: Vec<usize> = pb.issues.iter().map(|r| r.start).collect();
            for (i, &a) in seed.iter().enumerate() {
                choice[i] += a;
            }
            pb.complete(&mut choice);
            pb.check(&choice).map(|u| (leximin_key(&u), choice))
        })
        .collect();
    starts.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, choice) in starts.into_iter().take(SEEDS_CLIMBED) {
        s.offer(choice);
    }
    s.run()?;
    Ok(s.best.map(|(value, choice)| {
        let atoms = (0..pb.real).map(|i| choice[i] - pb.issues[i].start).collect();
        (atoms, value)
    }))
}

impl Search<'_> {
    fn timed_out(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// The least utility a package must give every party to beat the incumbent.
    fn threshold(&self) -> i64 {
        self.best.as_ref().map_or(i64::MIN, |(v, _)| v.saturating_add(1))
    }

    /// Removes an atom; false when its issue has none left.
    fn kill(&mut self, a: usize, queue: &mut Vec<usize>) -> bool {
        if !self.alive[a] {
            return true;
        }
        self.alive[a] = false;
        self.trail.push(a);
        let i = self.pb.issue_of[a];
        self.count[i] -= 1;
        queue.push(i);
        self.count[i] > 0
    }

    /// Keeps only atom `a` of its issue.
    fn fix(&mut self, a: usize, queue: &mut Vec<usize>) -> bool {
        if !self.alive[a] {
            return false;
        }
        self.pb.issues[self.pb.issue_of[a]]
            .clone()
            .all(|o| o == a || self.kill(o, queue))
    }

    fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            if let Some(a) = self.trail.pop() {
                self.alive[a] = true;
                self.count[self.pb.issue_of[a]] += 1;
            }
        }
    }

    /// Truth of a test under the domains: `None` while undecided.
    fn test_value(&self, t: &Test) -> Option<bool> {
        let (mut inside, mut outside) = (false, false);
        for (a, &m) in self.pb.issues[t.issue].clone().zip(&t.member) {
            if self.alive[a] {
                if m {
                    inside = true;
                } else {
                    outside = true;
                }
                if inside && outside {
                    return None;
                }
            }
        }
        Some(inside)
    }

    /// Unit propagation of the clauses and bounds propagation of each party's utility
    /// (reservation value and threshold). False on a conflict.
    fn propagate(&mut self, mut queue: Vec<usize>) -> bool {
        let pb = self.pb;
        loop {
            while let Some(i) = queue.pop() {
                for &ci in &pb.clauses_of_issue[i] {
                    let mut open = None;
                    let mut opens = 0;
                    let mut satisfied = false;
                    for t in &pb.clauses[ci] {
                        match self.test_value(t) {
                            Some(true) => {
                                satisfied = true;
                                break;
                            }
                            Some(false) => {}
                            None => {
                                opens += 1;
                                open = Some(t);
                            }
                        }
                    }
                    match (satisfied, opens, open) {
                        (true, _, _) => {}
                        (false, 0, _) => return false,
                        (false, 1, Some(t)) => {
                            // The last open test must hold: drop the atoms outside it.
                            for (a, &m) in pb.issues[t.issue].clone().zip(&t.member) {
                                if !m && !self.kill(a, &mut queue) {
                                    return false;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            let threshold = self.threshold();
            let mut tops = vec![0i64; pb.issues.len()];
            for p in 0..pb.parties() {
                let need = threshold.max(pb.reservation[p]);
                if need <= 0 {
                    continue;
                }
                let pts = &pb.points[p];
                for (top, r) in tops.iter_mut().zip(&pb.issues) {
                    *top = r.clone().filter(|&a| self.alive[a]).map(|a| pts[a]).max().unwrap_or(0);
                }
                let total: i64 = tops.iter().sum();
                if total < need {
                    return false;
                }
                for (&top, r) in tops.iter().zip(&pb.issues) {
                    if total - top >= need {
                        continue;
                    }
                    for a in r.clone() {
                        if self.alive[a] && total - top + pts[a] < need && !self.kill(a, &mut queue) {
                            return false;
                        }
                    }
                }
            }
            if queue.is_empty() {
                return true;
            }
        }
    }

    /// The single atom of every issue, when every issue is decided.
    fn decided(&self) -> Option<Vec<usize>> {
        self.pb
            .issues
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if self.count[i] == 1 {
                    r.clone().find(|&a| self.alive[a])
                } else {
                    None
                }
            })
            .collect()
    }

    /// Records a full choice when it is valid and beats the incumbent, after improving it
    /// by hill climbing.
    fn offer(&mut self, mut choice: Vec<usize>) {
        if self.pb.check(&choice).is_none() {
            self.pb.complete(&mut choice);
            if self.pb.check(&choice).is_none() {
                return;
            }
        }
        // Nearby nodes often round to the same package: climb from each one once.
        if self.climbed.len() >= MAX_CLIMBED {
            self.climbed.clear();
        }
        if !self.climbed.insert(choice.clone()) {
            return;
        }
        self.improve(&mut choice);
        let Some(u) = self.pb.check(&choice) else { return };
        let value = u.iter().copied().min().unwrap_or(0);
        if self.best.as_ref().is_none_or(|(v, _)| value > *v) {
            self.best = Some((value, choice));
        }
    }

    /// Leximin hill climbing: repeatedly makes the single change of one model issue's
    /// atom that most improves the sorted utility vector while every clause and
    /// reservation value still holds.
    fn improve(&self, choice: &mut [usize]) {
        let pb = self.pb;
        let mut u = pb.utilities(choice);
        let mut key = leximin_key(&u);
        let has_aux = !pb.aux_var.is_empty();
        // Buffers reused across moves: the utilities after a move, sorted, and the best
        // move's sorted utilities.
        let mut moved = vec![0; u.len()];
        let mut sorted = vec![0; u.len()];
        let mut best_key = vec![0; u.len()];
        loop {
            let mut best: Option<(usize, usize)> = None;
            for i in 0..pb.real {
                let old = choice[i];
                for a in pb.issues[i].clone() {
                    if a == old || !self.possible[a] {
                        continue;
                    }
                    for (p, x) in moved.iter_mut().enumerate() {
                        *x = u[p] - pb.points[p][old] + pb.points[p][a];
                    }
                    sorted.copy_from_slice(&moved);
                    sorted.sort_unstable();
                    if sorted <= key
                        || (best.is_some() && sorted <= best_key)
                        || moved.iter().zip(&pb.reservation).any(|(x, r)| x < r)
                    {
                        continue;
                    }
                    choice[i] = a;
                    let ok = if has_aux {
                        let mut trial = choice.to_vec();
                        pb.complete(&mut trial);
                        pb.check(&trial).is_some()
                    } else {
                        pb.clauses_of_issue[i].iter().all(|&ci| pb.clause_holds(ci, choice))
                    };
                    choice[i] = old;
                    if ok {
                        best = Some((i, a));
                        best_key.copy_from_slice(&sorted);
                    }
                }
            }
            let Some((i, a)) = best else { break };
            for (p, x) in u.iter_mut().enumerate() {
                *x += pb.points[p][a] - pb.points[p][choice[i]];
            }
            choice[i] = a;
            key.copy_from_slice(&best_key);
        }
        if has_aux {
            pb.complete(choice);
        }
    }

    /// Lays out the LP over the current domains (see [`Layout`]).
    fn lay_out(&mut self) {
        let pb = self.pb;
        let mut atom_col = vec![usize::MAX; pb.issue_of.len()];
        let mut col_atom = Vec::new();
        for (i, r) in pb.issues.iter().enumerate() {
            if self.count[i] > 1 {
                for a in r.clone().filter(|&a| self.alive[a]) {
                    atom_col[a] = col_atom.len();
                    col_atom.push(a);
                }
            }
        }
        let t = col_atom.len();
        let mut rows = Vec::new();
        // Each party's least and greatest utility over the domains.
        let extreme = |pts: &[i64], highest: bool| -> i64 {
            pb.issues
                .iter()
                .map(|r| {
                    let vals = r.clone().filter(|&a| self.alive[a]).map(|a| pts[a]);
                    if highest { vals.max() } else { vals.min() }.unwrap_or(0)
                })
                .sum()
        };
        let highs: Vec<i64> = pb.points.iter().map(|pts| extreme(pts, true)).collect();
        let lows: Vec<i64> = pb.points.iter().map(|pts| extreme(pts, false)).collect();
        let scale = 1.0 / (highs.iter().copied().max().unwrap_or(1).max(1) as f64);
        for (p, pts) in pb.points.iter().enumerate() {
            let mut fixed = 0i64;
            let mut terms = Vec::new();
            for (i, r) in pb.issues.iter().enumerate() {
                for a in r.clone().filter(|&a| self.alive[a]) {
                    if self.count[i] == 1 {
                        fixed += pts[a];
                    } else if pts[a] != 0 {
                        terms.push((atom_col[a], -(pts[a] as f64)));
                    }
                }
            }
            let reservation = pb.reservation[p];
            if reservation > lows[p] {
                rows.push((
                    Row {
                        terms: terms.clone(),
                        rhs: (fixed - reservation) as f64,
                        equality: false,
                    },
                    scale,
                ));
            }
            terms.push((t, 1.0));
            rows.push((
                Row {
                    terms,
                    rhs: fixed as f64,
                    equality: false,
                },
                scale,
            ));
        }
        for (i, r) in pb.issues.iter().enumerate() {
            if self.count[i] > 1 {
                let terms = r
                    .clone()
                    .filter(|&a| self.alive[a])
                    .map(|a| (atom_col[a], 1.0))
                    .collect();
                rows.push((
                    Row {
                        terms,
                        rhs: 1.0,
                        equality: true,
                    },
                    1.0,
                ));
            }
        }
        for c in &pb.clauses {
            if c.iter().any(|t| self.test_value(t) == Some(true)) {
                continue;
            }
            // `sum of the tests' alive atoms >= 1`; tests on decided issues are false here.
            let mut terms = Vec::new();
            for t in c {
                for (a, &m) in pb.issues[t.issue].clone().zip(&t.member) {
                    if m && atom_col[a] != usize::MAX {
                        terms.push((atom_col[a], -1.0));
                    }
                }
            }
            rows.push((
                Row {
                    terms,
                    rhs: -1.0,
                    equality: false,
                },
                1.0,
            ));
        }
        self.layout = Layout {
            atom_col,
            col_atom,
            rows,
            t_low: lows.iter().copied().min().unwrap_or(0) as f64,
            t_high: highs.iter().copied().min().unwrap_or(0) as f64,
        };
    }

    fn tableau_size(&self) -> usize {
        Tableau::entries(self.layout.rows.len(), self.layout.col_atom.len() + 1)
    }

    /// A tableau of the current layout with the current domains as bounds.
    fn fresh_tableau(&self) -> Tableau {
        let l = &self.layout;
        let cols = l.col_atom.len() + 1;
        let mut objective = vec![0.0; cols];
        objective[l.t_col()] = 1.0;
        let mut lower = vec![0.0; cols];
        let mut upper: Vec<f64> = l
            .col_atom
            .iter()
            .map(|&a| if self.alive[a] { 1.0 } else { 0.0 })
            .collect();
        lower[l.t_col()] = l.t_low;
        upper.push(l.t_high);
        let rows: Vec<Row> = l
            .rows
            .iter()
            .map(|(row, s)| Row {
                terms: row.terms.iter().map(|&(j, a)| (j, a * s)).collect(),
                rhs: row.rhs * s,
                equality: row.equality,
            })
            .collect();
        Tableau::new(&objective, &lower, &upper, &rows)
    }

    /// Brings the tableau's bounds to the domains and re-solves it.
    fn solve_lp(&self, tab: &mut Tableau, budget: u64) -> Outcome {
        for (c, &a) in self.layout.col_atom.iter().enumerate() {
            if !self.alive[a] && tab.upper(c) > 0.0 {
                tab.set_upper(c, 0.0);
            }
        }
        tab.solve(budget)
    }

    /// The multipliers of the exact rows from the tableau's duals (clamped at 0; the
    /// issues' equalities need none).
    fn duals(&self, tab: &Tableau) -> Vec<f64> {
        self.layout
            .rows
            .iter()
            .enumerate()
            .map(|(r, (row, s))| if row.equality { 0.0 } else { (tab.dual(r) * s).max(0.0) })
            .collect()
    }

    /// The Lagrangian bound of `y` over the current domains, and each column's value
    /// `v`; see the module documentation. Valid for any `y >= 0`.
    fn lagrangian(&self, y: &[f64]) -> (f64, Vec<f64>) {
        let l = &self.layout;
        let mut v = vec![0.0; l.col_atom.len() + 1];
        v[l.t_col()] = 1.0;
        let mut bound = 0.0;
        for ((row, _), &m) in l.rows.iter().zip(y) {
            if m > 0.0 && !row.equality {
                bound += m * row.rhs;
                for &(j, a) in &row.terms {
                    v[j] -= m * a;
                }
            }
        }
        let vt = v[l.t_col()];
        bound += (vt * l.t_low).max(vt * l.t_high);
        for r in &self.pb.issues {
            let best = r
                .clone()
                .filter(|&a| self.alive[a] && l.atom_col[a] != usize::MAX)
                .map(|a| v[l.atom_col[a]])
                .fold(f64::NEG_INFINITY, f64::max);
            if best > f64::NEG_INFINITY {
                bound += best;
            }
        }
        (bound, v)
    }

    /// Whether a bound (from [`Search::lagrangian`]) leaves no room to beat the incumbent.
    fn below_threshold(&self, bound: f64) -> bool {
        self.best
            .as_ref()
            .is_some_and(|(v, _)| bound < (v + 1) as f64 - SLACK * bound.abs().max(1.0))
    }

    /// Reduced-cost fixing with a Lagrangian bound, then propagation. False on conflict;
    /// otherwise the number of atoms removed.
    fn reduce(&mut self, bound: f64, v: &[f64]) -> Option<usize> {
        let Some((best, _)) = self.best.as_ref() else {
            return Some(0);
        };
        let room = bound - (best + 1) as f64 + SLACK * bound.abs().max(1.0);
        let mut queue = Vec::new();
        let before = self.trail.len();
        for i in 0..self.pb.issues.len() {
            let r = self.pb.issues[i].clone();
            let top = r
                .clone()
                .filter(|&a| self.alive[a] && self.layout.atom_col[a] != usize::MAX)
                .map(|a| v[self.layout.atom_col[a]])
                .fold(f64::NEG_INFINITY, f64::max);
            if top == f64::NEG_INFINITY {
                continue;
            }
            for a in r {
                let c = self.layout.atom_col[a];
                if self.alive[a] && c != usize::MAX && top - v[c] > room && !self.kill(a, &mut queue) {
                    return None;
                }
            }
        }
        let removed = self.trail.len() - before;
        if removed > 0 && !self.propagate(queue) {
            return None;
        }
        Some(removed)
    }

    /// Rounds an LP solution: the most chosen atom of every model issue.
    fn round(&mut self, tab: &Tableau) {
        let pb = self.pb;
        let mut choice: Vec<usize> = pb
            .issues
            .iter()
            .map(|r| {
                r.clone()
                    .filter(|&a| self.alive[a])
                    .map(|a| (a, self.lp_value(tab, a)))
                    .fold(
                        (r.start, f64::NEG_INFINITY),
                        |acc, (a, x)| if x > acc.1 { (a, x) } else { acc },
                    )
                    .0
            })
            .collect();
        pb.complete(&mut choice);
        self.offer(choice);
    }

    fn lp_value(&self, tab: &Tableau, a: usize) -> f64 {
        match self.layout.atom_col[a] {
            usize::MAX => f64::from(u8::from(self.alive[a])),
            c => tab.value(c),
        }
    }

    /// Whether the current domains admit a package at all (asked to the SAT oracle).
    fn domains_feasible(&mut self) -> Result<bool, Failure> {
        let assumptions: Vec<Lit> = (0..self.alive.len())
            .filter(|&a| !self.alive[a])
            .map(|a| !self.literal[a])
            .collect();
        match self.oracle.solve_with(self.assume, &assumptions) {
            Answer::Sat(_) => Ok(true),
            Answer::Unsat(_) => Ok(false),
            Answer::Timeout => Err(Failure::Timeout),
        }
    }

    /// The root: propagation, then the full LP with reduced-cost fixing until nothing
    /// more goes, then the search over a compacted LP.
    fn run(&mut self) -> Result<(), Failure> {
        if !self.propagate((0..self.pb.issues.len()).collect()) {
            return Ok(());
        }
        self.lay_out();
        if self.tableau_size() > MAX_TABLEAU {
            return Err(Failure::TooLarge);
        }
        let mut tab = self.fresh_tableau();
        loop {
            if self.timed_out() {
                return Err(Failure::Timeout);
            }
            match self.solve_lp(&mut tab, self.budget.root) {
                Outcome::Optimal => {}
                Outcome::Infeasible if !self.domains_feasible()? => return Ok(()),
                // No usable root LP: the search still runs, with fresh tableaux.
                Outcome::Infeasible | Outcome::Stalled => break,
            }
            self.round(&tab);
            let (bound, v) = self.lagrangian(&self.duals(&tab));
            if self.below_threshold(bound) {
                return Ok(());
            }
            match self.reduce(bound, &v) {
                None => return Ok(()),
                Some(0) => break,
                Some(_) => {}
            }
        }
        self.lay_out();
        let root = Task {
            mark: self.trail.len(),
            decision: Decision::Root,
            tableau: None,
            duals: None,
        };
        self.search(root)
    }

    /// Depth-first search from `root`.
    fn search(&mut self, root: Task) -> Result<(), Failure> {
        let entries = self.tableau_size();
        if entries > MAX_TABLEAU {
            return Err(Failure::TooLarge);
        }
        let mut held = 0usize;
        let mut stack = vec![root];
        while let Some(task) = stack.pop() {
            if self.timed_out() {
                return Err(Failure::Timeout);
            }
            if task.tableau.is_some() {
                held -= entries;
            }
            self.undo(task.mark);
            let mut queue = Vec::new();
            let ok = match task.decision {
                Decision::Root => true,
                Decision::Fix(a) => self.fix(a, &mut queue),
                Decision::Remove(a) => self.kill(a, &mut queue),
            };
            if !ok || !self.propagate(queue) {
                continue;
            }
            if let Some(y) = &task.duals {
                let (bound, v) = self.lagrangian(y);
                if self.below_threshold(bound) || self.reduce(bound, &v).is_none() {
                    continue;
                }
            }
            if let Some(choice) = self.decided() {
                self.offer(choice);
                continue;
            }
            let mut tab = task.tableau.unwrap_or_else(|| self.fresh_tableau());
            let Some(duals) = self.process(&mut tab)? else {
                continue;
            };
            if let Some(choice) = self.decided() {
                self.offer(choice);
                continue;
            }
            let atom = self.branching_atom(duals.as_ref().map(|_| &tab));
            let mark = self.trail.len();
            let duals = duals.map(Rc::new);
            let keep = held + 2 * entries <= MAX_HELD;
            let copy = keep.then(|| tab.clone());
            held += entries + if keep { entries } else { 0 };
            stack.push(Task {
                mark,
                decision: Decision::Remove(atom),
                tableau: copy,
                duals: duals.clone(),
            });
            stack.push(Task {
                mark,
                decision: Decision::Fix(atom),
                tableau: Some(tab),
                duals,
            });
        }
        Ok(())
    }

    /// A node's LP rounds. `None`: the node is pruned. `Some(None)`: no usable LP, branch
    /// blind. `Some(Some(y))`: the node's multipliers.
    fn process(&mut self, tab: &mut Tableau) -> Result<Option<Option<Vec<f64>>>, Failure> {
        let mut fresh = false;
        for _ in 0..LP_ROUNDS {
            match self.solve_lp(tab, self.budget.node) {
                Outcome::Optimal => {}
                Outcome::Infeasible => {
                    if !self.domains_feasible()? {
                        return Ok(None);
                    }
                    // Round-off: retry once from a fresh tableau, else branch blind.
                    if fresh {
                        return Ok(Some(None));
                    }
                    *tab = self.fresh_tableau();
                    fresh = true;
                    continue;
                }
                Outcome::Stalled => return Ok(Some(None)),
            }
            let y = self.duals(tab);
            let (bound, v) = self.lagrangian(&y);
            if self.below_threshold(bound) {
                return Ok(None);
            }
            // Rounding may raise the incumbent, and with it the threshold.
            self.round(tab);
            if self.below_threshold(bound) {
                return Ok(None);
            }
            match self.reduce(bound, &v) {
                None => return Ok(None),
                Some(0) => return Ok(Some(Some(y))),
                Some(_) if self.decided().is_some() => return Ok(Some(Some(y))),
                Some(_) => {}
            }
        }
        // Bring the tableau to the final domains so that children start from it.
        match self.solve_lp(tab, self.budget.node) {
            Outcome::Optimal => Ok(Some(Some(self.duals(tab)))),
            _ => Ok(Some(None)),
        }
    }

    /// The atom to branch on: in the issue whose LP choice is the most split (smallest
    /// largest value), its most chosen atom; without an LP, the first open issue's first
    /// atom.
    fn branching_atom(&self, tab: Option<&Tableau>) -> usize {
        let mut pick: Option<(f64, usize)> = None;
        for (i, r) in self.pb.issues.iter().enumerate() {
            if self.count[i] < 2 {
                continue;
            }
            let Some(tab) = tab else {
                return r.clone().find(|&a| self.alive[a]).unwrap_or(r.start);
            };
            let (atom, top) = r
                .clone()
                .filter(|&a| self.alive[a])
                .map(|a| (a, self.lp_value(tab, a)))
                .fold(
                    (r.start, f64::NEG_INFINITY),
                    |acc, (a, x)| if x > acc.1 { (a, x) } else { acc },
                );
            if pick.is_none_or(|(t, _)| top < t) {
                pick = Some((top, atom));
            }
        }
        pick.map_or(0, |(_, a)| a)
    }
}

/// Exactness does not rest on the LP: with the LP starved of pivots (most nodes branch
/// blind), the search still finds the brute-force optimum.
#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::instance::{Instance, InstanceRedLine};
    use crate::space::Space;

    type Clause = (usize, Vec<(usize, usize, bool)>);

    fn instance(
        n: usize,
        k: usize,
        weights: Vec<Vec<u32>>,
        scores: Vec<Vec<Vec<u32>>>,
        clauses: Vec<Clause>,
    ) -> Instance {
        Instance {
            name: "starved".into(),
            issues: n,
            options: k,
            parties: weights.len(),
            utilities: scores,
            weights,
            red_lines: clauses
                .into_iter()
                .enumerate()
                .map(|(r, (owner, clause))| InstanceRedLine {
                    id: format!("r{r}"),
                    owner,
                    clause,
                })
                .collect(),
        }
    }

    fn case() -> impl Strategy<Value = Instance> {
        (2usize..=5, 2usize..=4, 2usize..=3).prop_flat_map(|(n, k, p)| {
            (
                prop::collection::vec(prop::collection::vec(0u32..=20, n), p),
                prop::collection::vec(prop::collection::vec(prop::collection::vec(0u32..=100, k), n), p),
                prop::collection::vec((0..p, prop::collection::vec((0..n, 0..k, any::<bool>()), 1..=3)), 0..=8),
            )
                .prop_map(move |(w, s, c)| instance(n, k, w, s, c))
        })
    }

    /// The optimum by enumeration of every package.
    fn brute_force(model: &Model, positions: &crate::position::Positions) -> Option<i64> {
        let sizes: Vec<usize> = model.x.iter().map(Vec::len).collect();
        let mut atoms = vec![0; sizes.len()];
        let mut best = None;
        loop {
            if (0..model.groups.len()).all(|g| model.group_holds(g, &atoms, positions)) {
                best = best.max(model.utility_points(&atoms).into_iter().min());
            }
            let Some(i) = (0..atoms.len()).find(|&i| atoms[i] + 1 < sizes[i]) else {
                return best;
            };
            atoms[i] += 1;
            atoms[..i].fill(0);
        }
    }

    fn solve_all_on(model: &Model, impossible: &[(usize, usize)], budget: Budget) -> Option<(Vec<usize>, i64)> {
        let all: Vec<usize> = (0..model.groups.len()).collect();
        let mut oracle = Oracle::new(model, None).expect("no reservation diagrams");
        oracle.fix_on(&all);
        solve_within(model, impossible, &[], (&mut oracle, &[]), None, budget).expect("no deadline")
    }

    /// Issues A, B and D (three options each): when D takes its second option, A and
    /// B must agree on every option, which no package does; unit propagation cannot see
    /// it (every clause keeps two open tests) but the LP can (its rows sum to 2 >= 3).
    /// Told that D's other options are impossible, the search meets an infeasible LP at
    /// once and answers "no package" only because the SAT oracle confirms it.
    #[test]
    fn an_infeasible_lp_is_confirmed_by_sat() {
        let clauses = (0..3)
            .map(|k| (0, vec![(2, 1, false), (0, k, true), (1, k, true)]))
            .collect();
        let inst = instance(
            3,
            3,
            vec![vec![25, 25, 50], vec![25, 25, 50]],
            vec![
                vec![vec![100, 0, 0], vec![0, 0, 100], vec![0, 100, 0]],
                vec![vec![0, 0, 100], vec![100, 0, 0], vec![0, 100, 0]],
            ],
            clauses,
        );
        let (negotiation, positions) = inst.to_model();
        let model = Model::new(Space::of(&negotiation, &positions), &positions);
        let want = brute_force(&model, &positions);
        assert!(want.is_some());
        for budget in [BUDGET, Budget { node: 1, root: 1 }] {
            let got = solve_all_on(&model, &[], budget);
            assert_eq!(got.as_ref().map(|g| g.1), want);
            assert_ne!(got.map(|g| g.0[2]), Some(1), "D cannot take its second option");
        }
        assert_eq!(solve_all_on(&model, &[(2, 0), (2, 2)], BUDGET), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn starved_lp_still_exact(inst in case()) {
            let (negotiation, positions) = inst.to_model();
            let model = Model::new(Space::of(&negotiation, &positions), &positions);
            let want = brute_force(&model, &positions);
            for budget in [BUDGET, Budget { node: 1, root: 1 }, Budget { node: 0, root: 0 }] {
                let got = solve_all_on(&model, &[], budget);
                prop_assert_eq!(got.as_ref().map(|g| g.1), want, "budget {:?}", budget);
                if let Some((atoms, value)) = got {
                    prop_assert!((0..model.groups.len()).all(|g| model.group_holds(g, &atoms, &positions)));
                    prop_assert_eq!(model.utility_points(&atoms).into_iter().min(), Some(value));
                }
            }
        }
    }
}
