//! The MILP back end (microlp, a branch-and-bound solver with a dual simplex, in pure
//! Rust): every objective over the zone.
//!
//! Variables are the model's booleans (atoms, guards, auxiliary variables), all binary;
//! a guard is fixed to 1 for a group that is on and to 0 otherwise. Rows: one equality
//! per issue (exactly one atom), one row per clause (`sum pos - sum neg >= 1 - #neg`),
//! one row per active reservation value (`U_p >= r_p`). Utilities are integers (weight
//! points times scores), so objectives are exact in `f64`.

use std::time::{Duration, Instant};

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolutionStatus, SolveOptions, SolveOutcome, Variable};

use crate::model::{GroupKind, Model};

/// What to optimise.
#[derive(Debug, Clone)]
pub(crate) enum Objective {
    /// Max of the sum of party utilities.
    Utilitarian,
    /// Max of the least party utility.
    Egalitarian,
    /// Max of one party's utility (index into `Model::utilities`).
    Party(usize),
    /// Max of the number of issues at their target atom, then of the sum of utilities.
    Closest(Vec<(usize, usize)>),
}

/// Extra constraints.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
    /// Utility vectors (per party with preferences) the answer must not be weakly
    /// dominated by: some party must get strictly more than in each.
    pub not_dominated_by: Vec<Vec<i64>>,
    /// Atoms (issue, atom) no package of the zone can take, found by probing with the
    /// SAT solver; fixed to 0.
    pub impossible: Vec<(usize, usize)>,
}

/// Why an optimisation gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The constraints admit no package.
    Infeasible,
    /// The time limit passed before optimality was proven; the best package so far, if any.
    Timeout(Option<(Vec<usize>, f64)>),
    /// The solver failed.
    Internal(String),
}

/// Solves `objective` over the zone made by the groups in `active`. The solver checks
/// its input with assertions; any panic in it is turned into [`Failure::Internal`].
pub(crate) fn solve(
    model: &Model,
    active: &[bool],
    objective: &Objective,
    extra: &Extra,
    deadline: Option<Instant>,
) -> Result<(Vec<usize>, f64), Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        solve_unguarded(model, active, objective, extra, deadline)
    }))
    .unwrap_or_else(|_| {
        Err(Failure::Internal(
            "the MILP solver stopped on an internal check".to_owned(),
        ))
    })
}

fn solve_unguarded(
    model: &Model,
    active: &[bool],
    objective: &Objective,
    extra: &Extra,
    deadline: Option<Instant>,
) -> Result<(Vec<usize>, f64), Failure> {
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let u = &model.utilities;
    let big = (u.len() as f64) * 10_000.0 + 1.0;
    // Objective coefficient of each atom variable.
    let coef = |i: usize, a: usize| -> f64 {
        match objective {
            Objective::Utilitarian => u.iter().map(|p| p.points[i][a] as f64).sum(),
            Objective::Party(k) => u[*k].points[i][a] as f64,
            Objective::Closest(targets) => {
                let hit = targets.iter().any(|&(ti, ta)| ti == i && ta == a);
                u.iter().map(|p| p.points[i][a] as f64).sum::<f64>() + if hit { big } else { 0.0 }
            }
            Objective::Egalitarian => 0.0,
        }
    };
    let mut vars: Vec<Option<Variable>> = vec![None; model.num_vars];
    for (i, row) in model.x.iter().enumerate() {
        for (a, &v) in row.iter().enumerate() {
            vars[v] = Some(if extra.impossible.contains(&(i, a)) {
                p.add_integer_var(coef(i, a), (0, 0))
            } else {
                p.add_binary_var(coef(i, a))
            });
        }
    }
    for (g, group) in model.groups.iter().enumerate() {
        let on = if active[g] { 1 } else { 0 };
        vars[group.guard] = Some(p.add_integer_var(0.0, (on, on)));
    }
    let mut var = |p: &mut Problem, v: usize| -> Variable { *vars[v].get_or_insert_with(|| p.add_binary_var(0.0)) };
    for row in &model.x {
        let terms: Vec<(Variable, f64)> = row.iter().map(|&v| (var(&mut p, v), 1.0)).collect();
        p.add_constraint(terms, ComparisonOp::Eq, 1.0);
    }
    for clause in &model.clauses {
        // Clauses hold no repeated variable (see `Model::push_clause`), which the
        // solver requires of a row.
        let mut negs = 0.0;
        let mut terms = Vec::with_capacity(clause.len());
        for &l in clause {
            let v = var(&mut p, l.var());
            if l.is_neg() {
                negs += 1.0;
                terms.push((v, -1.0));
            } else {
                terms.push((v, 1.0));
            }
        }
        p.add_constraint(terms, ComparisonOp::Ge, 1.0 - negs);
    }
    let utility_terms = |k: usize, p: &mut Problem, var: &mut dyn FnMut(&mut Problem, usize) -> Variable| {
        let mut terms = Vec::new();
        for (i, row) in model.x.iter().enumerate() {
            for (a, &v) in row.iter().enumerate() {
                let c = u[k].points[i][a];
                if c != 0 {
                    terms.push((var(p, v), c as f64));
                }
            }
        }
        terms
    };
    for (g, group) in model.groups.iter().enumerate() {
        if let (true, GroupKind::Reservation { party, points }) = (active[g], &group.kind) {
            let terms = utility_terms(*party, &mut p, &mut var);
            p.add_constraint(terms, ComparisonOp::Ge, *points as f64);
        }
    }
    if let Objective::Egalitarian = objective {
        let t = p.add_var(1.0, (0.0, 10_000.0));
        for k in 0..u.len() {
            let mut terms = utility_terms(k, &mut p, &mut var);
            terms.push((t, -1.0));
            p.add_constraint(terms, ComparisonOp::Ge, 0.0);
        }
    }
    for y in &extra.not_dominated_by {
        let zs: Vec<Variable> = (0..u.len()).map(|_| p.add_binary_var(0.0)).collect();
        p.add_constraint(zs.iter().map(|&z| (z, 1.0)).collect::<Vec<_>>(), ComparisonOp::Ge, 1.0);
        for (k, &z) in zs.iter().enumerate() {
            let mut terms = utility_terms(k, &mut p, &mut var);
            terms.push((z, -((y[k] + 1) as f64)));
            p.add_constraint(terms, ComparisonOp::Ge, 0.0);
        }
    }
    let mut options = SolveOptions::default();
    if let Some(d) = deadline {
        let left = d.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Timeout(None));
        }
        options.time_limit = Some(left.max(Duration::from_millis(1)));
    }
    let outcome = p.solve_with(options);
    let read = |sol: &microlp::Solution| -> Vec<usize> {
        model
            .x
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .max_by(|&(_, &a), &(_, &b)| {
                        let va = vars[a].map_or(0.0, |v| sol.var_value(v));
                        let vb = vars[b].map_or(0.0, |v| sol.var_value(v));
                        va.total_cmp(&vb)
                    })
                    .map_or(0, |(k, _)| k)
            })
            .collect()
    };
    match outcome {
        Err(microlp::Error::Infeasible) => Err(Failure::Infeasible),
        Err(e) => Err(Failure::Internal(e.to_string())),
        Ok(SolveOutcome::Interrupted(_)) => Err(Failure::Timeout(None)),
        Ok(SolveOutcome::Solution(sol)) => {
            let atoms = read(&sol);
            let value = sol.objective();
            if sol.status() == SolutionStatus::Optimal {
                Ok((atoms, value))
            } else {
                Err(Failure::Timeout(Some((atoms, value))))
            }
        }
    }
}
