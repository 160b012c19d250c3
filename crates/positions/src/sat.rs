//! The SAT back end (BatSat, a CDCL solver in pure Rust): feasibility of any subset of
//! groups under assumptions, with unsatisfiable cores.
//!
//! Exactly-one per issue is one at-least-one clause plus pairwise at-most-one clauses
//! (a sequential counter past 8 atoms). A reservation value `sum points >= r` is encoded
//! as a decision diagram over the issues, reduced exactly: a node at issue `i` stands for
//! "the remaining issues must still give `need` points", and `need` is rounded up to the
//! next sum the remaining issues can actually reach, so two nodes with the same future
//! are one node. Each node `y` gets, per atom `a`, the clause `!y | !x[i][a] | child`,
//! and the guard implies the root; this is exact, and unit propagation prunes every atom
//! that cannot reach the bound.

use std::collections::HashMap;
use std::time::Instant;

use batsat::{Callbacks, Lit as BLit, Solver, SolverInterface, SolverOpts, Var, lbool};

use crate::model::{GroupKind, Lit, Model};

/// Most decision-diagram nodes for all reservation values together.
const MAX_DIAGRAM_NODES: usize = 500_000;

/// Stops the solver at a deadline.
#[derive(Debug, Default)]
pub(crate) struct Deadline(pub Option<Instant>);

impl Callbacks for Deadline {
    fn stop(&self) -> bool {
        self.0.is_some_and(|d| Instant::now() >= d)
    }
}

/// The outcome of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// A package: the atom of every issue.
    Sat(Vec<usize>),
    /// Unsatisfiable; the groups (indices) of an unsatisfiable core.
    Unsat(Vec<usize>),
    /// The deadline passed first.
    Timeout,
}

/// A reservation value too large to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// A SAT solver loaded with a model.
pub(crate) struct Oracle {
    solver: Solver<Deadline>,
    vars: Vec<Var>,
    x: Vec<Vec<usize>>,
    guards: Vec<BLit>,
    group_of_var: HashMap<Var, usize>,
    /// Number of calls so far.
    pub calls: u64,
}

impl Oracle {
    pub fn new(model: &Model, deadline: Option<Instant>) -> Result<Oracle, TooLarge> {
        let mut solver = Solver::new(SolverOpts::default(), Deadline(deadline));
        let mut vars: Vec<Var> = (0..model.num_vars).map(|_| solver.new_var_default()).collect();
        let lit = |vars: &[Var], l: Lit| BLit::new(vars[l.var()], !l.is_neg());
        for row in &model.x {
            let mut alo: Vec<BLit> = row.iter().map(|&v| BLit::new(vars[v], true)).collect();
            solver.add_clause_reuse(&mut alo);
            if row.len() <= 8 {
                for (k, &a) in row.iter().enumerate() {
                    for &b in &row[k + 1..] {
                        solver.add_clause_reuse(&mut vec![BLit::new(vars[a], false), BLit::new(vars[b], false)]);
                    }
                }
            } else {
                // Sequential counter: s[k] = "some atom <= k is chosen".
                let s: Vec<Var> = (0..row.len() - 1).map(|_| solver.new_var_default()).collect();
                for k in 0..row.len() {
                    let xk = BLit::new(vars[row[k]], true);
                    if k < row.len() - 1 {
                        solver.add_clause_reuse(&mut vec![!xk, BLit::new(s[k], true)]);
                    }
                    if k > 0 {
                        let prev = BLit::new(s[k - 1], true);
                        solver.add_clause_reuse(&mut vec![!xk, !prev]);
                        if k < row.len() - 1 {
                            solver.add_clause_reuse(&mut vec![!prev, BLit::new(s[k], true)]);
                        }
                    }
                }
            }
        }
        for c in &model.clauses {
            let mut c: Vec<BLit> = c.iter().map(|&l| lit(&vars, l)).collect();
            solver.add_clause_reuse(&mut c);
        }
        let mut nodes = 0usize;
        for g in &model.groups {
            if let GroupKind::Reservation { party, points } = g.kind {
                let guard = BLit::new(vars[g.guard], true);
                encode_at_least(
                    &mut solver,
                    &mut vars,
                    &model.x,
                    &model.utilities[party].points,
                    points,
                    guard,
                    &mut nodes,
                )?;
            }
        }
        let guards = model.groups.iter().map(|g| BLit::new(vars[g.guard], true)).collect();
        let group_of_var = model
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (vars[g.guard], i))
            .collect();
        Ok(Oracle {
            solver,
            vars,
            x: model.x.clone(),
            guards,
            group_of_var,
            calls: 0,
        })
    }

    /// Switches the given groups on for good (unit clauses): later calls need not assume
    /// them, which makes each call cheaper, and can no longer switch them off.
    pub fn fix_on(&mut self, groups: &[usize]) {
        for &g in groups {
            self.solver.add_clause_reuse(&mut vec![self.guards[g]]);
        }
    }

    /// Solves with the groups in `active` switched on (the others off, so that they
    /// cannot constrain anything).
    pub fn solve(&mut self, active: &[usize]) -> Answer {
        self.solve_with(active, &[])
    }

    /// Solves with the groups in `active` on and the extra literals assumed.
    pub fn solve_with(&mut self, active: &[usize], extra: &[Lit]) -> Answer {
        self.calls += 1;
        let mut assumptions: Vec<BLit> = active.iter().map(|&g| self.guards[g]).collect();
        assumptions.extend(extra.iter().map(|&l| BLit::new(self.vars[l.var()], !l.is_neg())));
        let r = self.solver.solve_limited(&assumptions);
        if r == lbool::TRUE {
            let atoms = self
                .x
                .iter()
                .map(|row| {
                    row.iter()
                        .position(|&v| self.solver.value_var(self.vars[v]) == lbool::TRUE)
                        .unwrap_or(0)
                })
                .collect();
            Answer::Sat(atoms)
        } else if r == lbool::FALSE {
            let mut core: Vec<usize> = self
                .solver
                .unsat_core()
                .iter()
                .filter_map(|l| self.group_of_var.get(&l.var()).copied())
                .collect();
            core.sort_unstable();
            core.dedup();
            Answer::Unsat(core)
        } else {
            Answer::Timeout
        }
    }
}

/// Adds clauses for `guard -> sum_i points[i][atom_i] >= bound`.
fn encode_at_least(
    solver: &mut Solver<Deadline>,
    vars: &mut Vec<Var>,
    x: &[Vec<usize>],
    points: &[Vec<i64>],
    bound: i64,
    guard: BLit,
    nodes: &mut usize,
) -> Result<(), TooLarge> {
    let n = points.len();
    // reach[i][s]: the issues i.. can give exactly s points. Points are non-negative
    // and sum to at most 10,000 per party, so these tables are small.
    let max_total: i64 = points.iter().map(|r| r.iter().copied().max().unwrap_or(0)).sum();
    let width = usize::try_from(max_total).map_err(|_| TooLarge)? + 1;
    if width > 1_000_000 {
        return Err(TooLarge);
    }
    let mut reach = vec![vec![false; width]; n + 1];
    reach[n][0] = true;
    for i in (0..n).rev() {
        let (head, tail) = reach.split_at_mut(i + 1);
        let next = &tail[0];
        let cur = &mut head[i];
        for (s, &ok) in next.iter().enumerate() {
            if ok {
                for &p in &points[i] {
                    let t = s + p as usize;
                    if t < width {
                        cur[t] = true;
                    }
                }
            }
        }
    }
    // The least reachable sum >= need at layer i, if any.
    let normalize = |i: usize, need: i64| -> Option<usize> {
        let start = need.max(0) as usize;
        (start..width).find(|&s| reach[i][s])
    };
    enum Node {
        True,
        False,
        Var(Var),
    }
    let mut memo: HashMap<(usize, usize), Var> = HashMap::new();
    // Iterative construction: a stack of (layer, need) still to expand.
    let root = match normalize(0, bound) {
        None => Node::False,
        Some(0) => Node::True,
        Some(need) => {
            let v = solver.new_var_default();
            vars.push(v);
            memo.insert((0, need), v);
            Node::Var(v)
        }
    };
    match root {
        Node::True => return Ok(()),
        Node::False => {
            solver.add_clause_reuse(&mut vec![!guard]);
            return Ok(());
        }
        Node::Var(v) => {
            solver.add_clause_reuse(&mut vec![!guard, BLit::new(v, true)]);
        }
    }
    let mut stack = vec![(0usize, normalize(0, bound).unwrap_or(0))];
    while let Some((i, need)) = stack.pop() {
        let Some(&y) = memo.get(&(i, need)) else { continue };
        for (a, &p) in points[i].iter().enumerate() {
            let xa = BLit::new(vars[x[i][a]], true);
            let rest = need as i64 - p;
            let child = if rest <= 0 {
                Node::True
            } else {
                match normalize(i + 1, rest) {
                    None => Node::False,
                    Some(0) => Node::True,
                    Some(r) => {
                        if let Some(&w) = memo.get(&(i + 1, r)) {
                            Node::Var(w)
                        } else {
                            *nodes += 1;
                            if *nodes > MAX_DIAGRAM_NODES {
                                return Err(TooLarge);
                            }
                            let w = solver.new_var_default();
                            vars.push(w);
                            memo.insert((i + 1, r), w);
                            stack.push((i + 1, r));
                            Node::Var(w)
                        }
                    }
                }
            };
            match child {
                Node::True => {}
                Node::False => {
                    solver.add_clause_reuse(&mut vec![BLit::new(y, false), !xa]);
                }
                Node::Var(w) => {
                    solver.add_clause_reuse(&mut vec![BLit::new(y, false), !xa, BLit::new(w, true)]);
                }
            }
        }
    }
    Ok(())
}

/// Tests: the decision diagram against brute force.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagram_is_exact() {
        let points = vec![vec![0, 30, 50], vec![10, 0], vec![0, 25, 40]];
        for bound in [0, 1, 30, 60, 75, 80, 90, 100, 101] {
            for a in 0..3 {
                for b in 0..2 {
                    for c in 0..3 {
                        let mut solver = Solver::new(SolverOpts::default(), Deadline(None));
                        let mut vars: Vec<Var> = (0..9).map(|_| solver.new_var_default()).collect();
                        let x = vec![vec![0, 1, 2], vec![3, 4], vec![5, 6, 7]];
                        let guard = BLit::new(vars[8], true);
                        let mut nodes = 0;
                        encode_at_least(&mut solver, &mut vars, &x, &points, bound, guard, &mut nodes).unwrap();
                        let mut assume = vec![guard];
                        for (i, chosen) in [a, b, c].into_iter().enumerate() {
                            for (k, &v) in x[i].iter().enumerate() {
                                assume.push(BLit::new(vars[v], k == chosen));
                            }
                        }
                        let sum = points[0][a] + points[1][b] + points[2][c];
                        let r = solver.solve_limited(&assume);
                        assert_eq!(r == lbool::TRUE, sum >= bound, "bound {bound} atoms {a}{b}{c}");
                    }
                }
            }
        }
    }
}
