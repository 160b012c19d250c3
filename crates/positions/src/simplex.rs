//! A small dense linear-programming engine for the egalitarian search: a bounded dual
//! simplex on a full tableau, built for re-solving after bound changes.
//!
//! The problem is `max c·x` subject to rows `a·x <= b` or `a·x = b` and bounds
//! `lo <= x <= up`. Every row gets a slack column (`[0, inf)` for an inequality, `[0, 0]`
//! for an equality), so the tableau has `rows x (columns + rows)` entries, kept dense:
//! the egalitarian LPs have a few hundred rows at most, and a dense row operation is
//! what makes a pivot cheap there.
//!
//! Invariants between calls:
//! - every basic column has a unit column in the tableau and its value in `beta`;
//! - every non-basic column sits at one of its bounds (`at_upper`);
//! - the reduced costs `d` are dual feasible (within tolerance): `d <= 0` at a lower
//!   bound, `d >= 0` at an upper bound.
//!
//! Tightening an upper bound keeps dual feasibility, so [`Tableau::solve`] only has to
//! restore primal feasibility with dual simplex pivots (Harris ratio test, largest
//! pivot among the near-ties). Columns whose bounds meet are never chosen again, so
//! their tableau entries are no longer updated. Results are floating-point: the caller
//! must not trust them for proofs (the egalitarian search recomputes every bound it
//! prunes with from the duals, exactly enough; see `crate::maxmin`).

/// Primal feasibility tolerance.
const PRIMAL_TOL: f64 = 1e-9;
/// Dual feasibility tolerance (Harris ratio test).
const DUAL_TOL: f64 = 1e-9;
/// Smallest pivot element accepted.
const PIVOT_TOL: f64 = 1e-9;
/// Marks a non-basic column in `basic_row`.
const NON_BASIC: usize = usize::MAX;

/// One constraint row: `sum terms <= rhs`, or `= rhs` when `equality`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// (column, coefficient) pairs; a column appears at most once.
    pub terms: Vec<(usize, f64)>,
    /// Right-hand side.
    pub rhs: f64,
    /// Whether the row is an equality.
    pub equality: bool,
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// An optimal basis (within tolerances).
    Optimal,
    /// A row that no pivot can make feasible: the LP has no solution (up to round-off).
    Infeasible,
    /// The pivot budget ran out.
    Stalled,
}

/// A dense simplex tableau; see the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct Tableau {
    rows: usize,
    width: usize,
    /// `rows x width`, row-major: `B^-1 A` for the structural and slack columns.
    tab: Vec<f64>,
    /// Values of the basic columns, by row.
    beta: Vec<f64>,
    /// Reduced costs, by column (0 for basic columns).
    d: Vec<f64>,
    /// Basic column of each row.
    head: Vec<usize>,
    /// Row of each basic column, or `NON_BASIC`.
    basic_row: Vec<usize>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    at_upper: Vec<bool>,
    structural: usize,
}

impl Tableau {
    /// A tableau for `max objective·x` over `rows`, with the slack basis. Non-basic
    /// structural columns start at the bound that makes them dual feasible (the upper
    /// one for a positive cost, which must then be finite).
    pub fn new(objective: &[f64], lower: &[f64], upper: &[f64], rows: &[Row]) -> Tableau {
        let structural = objective.len();
        let m = rows.len();
        let width = structural + m;
        let mut tab = vec![0.0; m * width];
        let mut lower = lower.to_vec();
        let mut upper = upper.to_vec();
        for (r, row) in rows.iter().enumerate() {
            for &(j, a) in &row.terms {
                tab[r * width + j] += a;
            }
            tab[r * width + structural + r] = 1.0;
            lower.push(0.0);
            upper.push(if row.equality { 0.0 } else { f64::INFINITY });
        }
        let mut at_upper = vec![false; width];
        for (j, &c) in objective.iter().enumerate() {
            at_upper[j] = c > 0.0;
        }
        let mut d = vec![0.0; width];
        d[..structural].copy_from_slice(objective);
        let head: Vec<usize> = (structural..width).collect();
        let mut basic_row = vec![NON_BASIC; width];
        for (r, &h) in head.iter().enumerate() {
            basic_row[h] = r;
        }
        let mut t = Tableau {
            rows: m,
            width,
            tab,
            beta: rows.iter().map(|row| row.rhs).collect(),
            d,
            head,
            basic_row,
            lower,
            upper,
            at_upper,
            structural,
        };
        for j in 0..structural {
            let v = t.nonbasic_value(j);
            if v != 0.0 {
                for r in 0..m {
                    t.beta[r] -= t.tab[r * width + j] * v;
                }
            }
        }
        t
    }

    /// Number of entries of the tableau (its memory is eight bytes per entry).
    pub fn entries(rows: usize, structural: usize) -> usize {
        rows.saturating_mul(structural.saturating_add(rows))
    }

    fn nonbasic_value(&self, j: usize) -> f64 {
        if self.at_upper[j] { self.upper[j] } else { self.lower[j] }
    }

    fn fixed(&self, j: usize) -> bool {
        self.upper[j] <= self.lower[j]
    }

    /// Current value of structural column `j`.
    pub fn value(&self, j: usize) -> f64 {
        match self.basic_row[j] {
            NON_BASIC => self.nonbasic_value(j),
            r => self.beta[r],
        }
    }

    /// The current upper bound of column `j`.
    pub fn upper(&self, j: usize) -> f64 {
        self.upper[j]
    }

    /// Lowers the upper bound of column `j` to `u` (at least its lower bound). A
    /// non-basic column at its upper bound moves with it; a basic column may become
    /// infeasible, which the next [`Tableau::solve`] repairs.
    pub fn set_upper(&mut self, j: usize, u: f64) {
        let u = u.max(self.lower[j]);
        if self.basic_row[j] == NON_BASIC && self.at_upper[j] {
            let delta = u - self.upper[j];
            if delta != 0.0 {
                for r in 0..self.rows {
                    self.beta[r] -= self.tab[r * self.width + j] * delta;
                }
            }
        }
        self.upper[j] = u;
        if self.fixed(j) {
            self.at_upper[j] = false;
        }
    }

    /// The dual value of row `r` (non-negative at an optimum for a `<=` row).
    pub fn dual(&self, r: usize) -> f64 {
        -self.d[self.structural + r]
    }

    /// Restores primal feasibility by dual simplex pivots, at most `max_pivots` of them.
    pub fn solve(&mut self, max_pivots: u64) -> Outcome {
        let mut done = 0u64;
        loop {
            // Leaving row: the largest bound violation.
            let mut leave = NON_BASIC;
            let mut worst = PRIMAL_TOL;
            for r in 0..self.rows {
                let h = self.head[r];
                let b = self.beta[r];
                let violation = (self.lower[h] - b).max(b - self.upper[h]);
                if violation > worst {
                    worst = violation;
                    leave = r;
                }
            }
            if leave == NON_BASIC {
                return Outcome::Optimal;
            }
            if done >= max_pivots {
                return Outcome::Stalled;
            }
            done += 1;
            let h = self.head[leave];
            let below = self.beta[leave] < self.lower[h];
            let Some(enter) = self.ratio_test(leave, below) else {
                return Outcome::Infeasible;
            };
            let target = if below { self.lower[h] } else { self.upper[h] };
            self.pivot(leave, enter, target);
        }
    }

    /// Harris two-pass ratio test on row `r`; `below` says the leaving column must rise
    /// to its lower bound (otherwise fall to its upper one).
    fn ratio_test(&self, r: usize, below: bool) -> Option<usize> {
        let row = &self.tab[r * self.width..(r + 1) * self.width];
        let eligible = |j: usize| -> Option<f64> {
            if self.basic_row[j] != NON_BASIC || self.fixed(j) {
                return None;
            }
            let a = row[j];
            if a.abs() < PIVOT_TOL {
                return None;
            }
            // The leaving value moves by -a * (change of x_j): x_j may rise from its
            // lower bound or fall from its upper bound.
            let ok = if below == self.at_upper[j] { a > 0.0 } else { a < 0.0 };
            ok.then_some(a.abs())
        };
        let mut bound = f64::INFINITY;
        for j in 0..self.width {
            if let Some(a) = eligible(j) {
                bound = bound.min((self.d[j].abs() + DUAL_TOL) / a);
            }
        }
        if bound == f64::INFINITY {
            return None;
        }
        let mut best: Option<(usize, f64)> = None;
        for j in 0..self.width {
            if let Some(a) = eligible(j)
                && self.d[j].abs() / a <= bound
                && best.is_none_or(|(_, b)| a > b)
            {
                best = Some((j, a));
            }
        }
        best.map(|(j, _)| j)
    }

    /// Pivots column `q` into the basis at row `r`; the leaving column goes to `target`.
    fn pivot(&mut self, r: usize, q: usize, target: f64) {
        let w = self.width;
        let h = self.head[r];
        let arq = self.tab[r * w + q];
        let theta = (self.beta[r] - target) / arq;
        let entering_value = self.nonbasic_value(q) + theta;
        for i in 0..self.rows {
            if i != r {
                self.beta[i] -= theta * self.tab[i * w + q];
            }
        }
        self.beta[r] = entering_value;
        // Columns to update: the live ones (not fixed), plus the entering and leaving
        // columns. A fixed column is never chosen again, so its entries may go stale.
        let inv = 1.0 / arq;
        let mut live = Vec::with_capacity(w);
        for k in 0..w {
            let a = self.tab[r * w + k];
            if a != 0.0 && (k == q || k == h || !self.fixed(k)) {
                live.push(k);
                self.tab[r * w + k] = a * inv;
            }
        }
        self.tab[r * w + q] = 1.0;
        let (before, rest) = self.tab.split_at_mut(r * w);
        let (pivot_row, after) = rest.split_at_mut(w);
        for row in before.chunks_mut(w).chain(after.chunks_mut(w)) {
            let f = row[q];
            if f != 0.0 {
                for &k in &live {
                    row[k] -= f * pivot_row[k];
                }
                row[q] = 0.0;
            }
        }
        let dq = self.d[q];
        if dq != 0.0 {
            for &k in &live {
                self.d[k] -= dq * pivot_row[k];
            }
        }
        self.d[q] = 0.0;
        self.basic_row[h] = NON_BASIC;
        self.basic_row[q] = r;
        self.head[r] = q;
        self.at_upper[h] = target == self.upper[h] && !self.fixed(h);
        // The Harris test may leave the leaving column's reduced cost a hair on the wrong
        // side: clamp it so that the basis stays dual feasible.
        if self.at_upper[h] {
            self.d[h] = self.d[h].max(0.0);
        } else if !self.fixed(h) {
            self.d[h] = self.d[h].min(0.0);
        }
    }
}

/// Tests against small LPs solved by hand.
#[cfg(test)]
mod tests {
    use super::*;

    fn row(terms: &[(usize, f64)], rhs: f64, equality: bool) -> Row {
        Row {
            terms: terms.to_vec(),
            rhs,
            equality,
        }
    }

    fn objective(t: &Tableau, c: &[f64]) -> f64 {
        c.iter().enumerate().map(|(j, cj)| cj * t.value(j)).sum()
    }

    #[test]
    fn max_min_of_two_parties() {
        // max t, t <= 3a + b, t <= a + 3b, a + b = 1: a = b = 1/2, t = 2; duals 1/2 each.
        let c = [0.0, 0.0, 1.0];
        let rows = [
            row(&[(2, 1.0), (0, -3.0), (1, -1.0)], 0.0, false),
            row(&[(2, 1.0), (0, -1.0), (1, -3.0)], 0.0, false),
            row(&[(0, 1.0), (1, 1.0)], 1.0, true),
        ];
        let mut t = Tableau::new(&c, &[0.0, 0.0, 0.0], &[1.0, 1.0, 10.0], &rows);
        assert_eq!(t.solve(100), Outcome::Optimal);
        assert!((objective(&t, &c) - 2.0).abs() < 1e-9);
        assert!((t.value(0) - 0.5).abs() < 1e-9);
        assert!((t.dual(0) - 0.5).abs() < 1e-9);
        assert!((t.dual(1) - 0.5).abs() < 1e-9);
        // Forbid b: a = 1, t = 1.
        t.set_upper(1, 0.0);
        assert_eq!(t.solve(100), Outcome::Optimal);
        assert!((objective(&t, &c) - 1.0).abs() < 1e-9);
        assert!((t.value(0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn infeasible_after_bounds() {
        // a + b = 1 and a + b >= 1 hold with a = 1; fixing both to 0 leaves no solution.
        let c = [1.0, 2.0];
        let rows = [
            row(&[(0, 1.0), (1, 1.0)], 1.0, true),
            row(&[(0, -1.0), (1, -1.0)], -1.0, false),
        ];
        let mut t = Tableau::new(&c, &[0.0, 0.0], &[1.0, 1.0], &rows);
        assert_eq!(t.solve(100), Outcome::Optimal);
        assert!((objective(&t, &c) - 2.0).abs() < 1e-9);
        let mut clone = t.clone();
        clone.set_upper(1, 0.0);
        assert_eq!(clone.solve(100), Outcome::Optimal);
        assert!((objective(&clone, &c) - 1.0).abs() < 1e-9);
        clone.set_upper(0, 0.0);
        assert_eq!(clone.solve(100), Outcome::Infeasible);
        // The original is untouched by its clone.
        assert_eq!(t.solve(100), Outcome::Optimal);
        assert!((t.value(1) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn textbook_lp_with_upper_bounds() {
        // max 3x + 2y, x + y <= 4, x + 3y <= 7, x <= 3: x = 3, y = 1, value 11.
        let c = [3.0, 2.0];
        let rows = [
            row(&[(0, 1.0), (1, 1.0)], 4.0, false),
            row(&[(0, 1.0), (1, 3.0)], 7.0, false),
        ];
        let mut t = Tableau::new(&c, &[0.0, 0.0], &[3.0, 10.0], &rows);
        assert_eq!(t.solve(100), Outcome::Optimal);
        assert!((objective(&t, &c) - 11.0).abs() < 1e-9);
        assert!((t.value(0) - 3.0).abs() < 1e-9 && (t.value(1) - 1.0).abs() < 1e-9);
        // Duals: the first row binds with price 2, the second is slack.
        assert!((t.dual(0) - 2.0).abs() < 1e-9);
        assert!(t.dual(1).abs() < 1e-9);
        assert_eq!(t.upper(0), 3.0);
    }
}
