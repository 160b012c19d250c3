//! Optimal one-to-one assignment on a sparse bipartite graph.
//!
//! Given edges `(row, column, gain)` with positive gains, [`max_weight_matching`] returns
//! a matching (each row and column used at most once) of maximum total gain; rows and
//! columns may stay unmatched. This is the rectangular linear assignment problem with an
//! "unmatched" option, solved exactly.
//!
//! Why our own solver rather than a crate such as `pathfinding::kuhn_munkres`: those take
//! a dense matrix (n x m cells, O(n^3) time, integer weights), which at 10,000 provisions
//! is 10^8 cells and hours of work, while an aligner's candidate graph has a few dozen
//! edges per provision. This is the shortest-augmenting-path Hungarian method (as in
//! Jonker-Volgenant) with Dijkstra over the sparse edges: each row gets a private dummy
//! column of gain 0 ("leave it unmatched"), so every row is assigned and the optimum of
//! the extended problem is the maximum-weight matching of the original one. Reduced costs
//! stay non-negative through row and column potentials. A row whose best column is free,
//! the common case, costs one pass over its edges.
//!
//! Ties are broken by the smaller column index, so the result is deterministic.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One candidate link with its gain (must be finite; non-positive gains are ignored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Edge {
    pub row: usize,
    pub col: usize,
    pub gain: f64,
}

/// For each row, its column in a maximum-gain matching, or `None`.
pub(crate) fn max_weight_matching(rows: usize, cols: usize, edges: &[Edge]) -> Vec<Option<usize>> {
    // Rows as CSR, costs = -gain; dummy column of row i is `cols + i` with cost 0.
    let mut sorted: Vec<Edge> = edges
        .iter()
        .copied()
        .filter(|e| e.gain > 0.0 && e.gain.is_finite() && e.row < rows && e.col < cols)
        .collect();
    sorted.sort_by(|x, y| x.row.cmp(&y.row).then(x.col.cmp(&y.col)));
    sorted.dedup_by(|later, earlier| {
        if later.row == earlier.row && later.col == earlier.col {
            earlier.gain = earlier.gain.max(later.gain);
            true
        } else {
            false
        }
    });
    let mut start = vec![0usize; rows + 1];
    for e in &sorted {
        start[e.row + 1] += 1;
    }
    for i in 0..rows {
        start[i + 1] += start[i];
    }
    let targets: Vec<usize> = sorted.iter().map(|e| e.col).collect();
    let costs: Vec<f64> = sorted.iter().map(|e| -e.gain).collect();

    let total_cols = cols + rows;
    let mut u = vec![0.0f64; rows];
    let mut v = vec![0.0f64; total_cols];
    let mut row_of_col = vec![usize::MAX; total_cols];
    let mut col_of_row = vec![usize::MAX; rows];

    // Row reduction and a greedy start: each row takes its cheapest column if still free.
    for i in 0..rows {
        let mut best = (0.0f64, cols + i);
        for k in start[i]..start[i + 1] {
            if costs[k] < best.0 || (costs[k] == best.0 && targets[k] < best.1) {
                best = (costs[k], targets[k]);
            }
        }
        u[i] = best.0;
        if row_of_col[best.1] == usize::MAX {
            row_of_col[best.1] = i;
            col_of_row[i] = best.1;
        }
    }

    let mut search = Search::new(total_cols);
    for root in 0..rows {
        if col_of_row[root] != usize::MAX {
            continue;
        }
        search.augment(
            root,
            &Graph {
                start: &start,
                targets: &targets,
                costs: &costs,
                cols,
            },
            State {
                u: &mut u,
                v: &mut v,
                row_of_col: &mut row_of_col,
                col_of_row: &mut col_of_row,
            },
        );
    }
    col_of_row.into_iter().map(|c| (c < cols).then_some(c)).collect()
}

struct Graph<'a> {
    start: &'a [usize],
    targets: &'a [usize],
    costs: &'a [f64],
    cols: usize,
}

impl Graph<'_> {
    /// Edges of row `i` as (column, cost), the private dummy column last.
    fn edges(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.start[i]..self.start[i + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.costs[range].iter().copied())
            .chain(std::iter::once((self.cols + i, 0.0)))
    }
}

struct State<'a> {
    u: &'a mut [f64],
    v: &'a mut [f64],
    row_of_col: &'a mut [usize],
    col_of_row: &'a mut [usize],
}

/// Dijkstra scratch space, reset only where it was touched.
struct Search {
    dist: Vec<f64>,
    via_row: Vec<usize>,
    done: Vec<bool>,
    touched: Vec<usize>,
    finalized: Vec<usize>,
    heap: BinaryHeap<Entry>,
}

#[derive(PartialEq)]
struct Entry {
    dist: f64,
    col: usize,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on distance, then on column index.
        other.dist.total_cmp(&self.dist).then_with(|| other.col.cmp(&self.col))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Search {
    fn new(cols: usize) -> Self {
        Search {
            dist: vec![f64::INFINITY; cols],
            via_row: vec![usize::MAX; cols],
            done: vec![false; cols],
            touched: Vec::new(),
            finalized: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn relax(&mut self, graph: &Graph<'_>, state: &State<'_>, row: usize, base: f64) {
        for (col, cost) in graph.edges(row) {
            if self.done[col] {
                continue;
            }
            // Reduced costs are non-negative up to rounding.
            let reduced = (cost - state.u[row] - state.v[col]).max(0.0);
            let d = base + reduced;
            if d < self.dist[col] {
                if self.dist[col] == f64::INFINITY {
                    self.touched.push(col);
                }
                self.dist[col] = d;
                self.via_row[col] = row;
                self.heap.push(Entry { dist: d, col });
            }
        }
    }

    /// Finds a shortest augmenting path from the free row `root` and flips it.
    fn augment(&mut self, root: usize, graph: &Graph<'_>, state: State<'_>) {
        self.relax(graph, &state, root, 0.0);
        let mut end = None;
        while let Some(Entry { dist, col }) = self.heap.pop() {
            if self.done[col] || dist > self.dist[col] {
                continue;
            }
            self.done[col] = true;
            let owner = state.row_of_col[col];
            if owner == usize::MAX {
                end = Some((col, dist));
                break;
            }
            self.finalized.push(col);
            self.relax(graph, &state, owner, dist);
        }
        // The root's dummy column is always reachable, so a path always exists.
        if let Some((end_col, total)) = end {
            // Potentials keep reduced costs non-negative and the new path tight.
            for &col in &self.finalized {
                let delta = total - self.dist[col];
                state.v[col] -= delta;
                state.u[state.row_of_col[col]] += delta;
            }
            state.u[root] += total;
            let mut col = end_col;
            loop {
                let row = self.via_row[col];
                let previous = state.col_of_row[row];
                state.row_of_col[col] = row;
                state.col_of_row[row] = col;
                if row == root {
                    break;
                }
                col = previous;
            }
        }
        for &col in &self.touched {
            self.dist[col] = f64::INFINITY;
            self.via_row[col] = usize::MAX;
            self.done[col] = false;
        }
        self.touched.clear();
        self.finalized.clear();
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn total(edges: &[Edge], matching: &[Option<usize>]) -> f64 {
        matching
            .iter()
            .enumerate()
            .filter_map(|(row, col)| {
                let col = (*col)?;
                edges
                    .iter()
                    .filter(|e| e.row == row && e.col == col)
                    .map(|e| e.gain)
                    .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.max(g))))
            })
            .sum()
    }

    fn brute_force(rows: usize, cols: usize, edges: &[Edge]) -> f64 {
        fn go(row: usize, rows: usize, used: &mut Vec<bool>, w: &[Vec<f64>]) -> f64 {
            if row == rows {
                return 0.0;
            }
            let mut best = go(row + 1, rows, used, w);
            for c in 0..used.len() {
                if !used[c] && w[row][c] > 0.0 {
                    used[c] = true;
                    best = best.max(w[row][c] + go(row + 1, rows, used, w));
                    used[c] = false;
                }
            }
            best
        }
        let mut w = vec![vec![0.0; cols]; rows];
        for e in edges {
            w[e.row][e.col] = f64::max(w[e.row][e.col], e.gain);
        }
        go(0, rows, &mut vec![false; cols], &w)
    }

    #[test]
    fn prefers_the_global_optimum_over_greedy() {
        // Greedy would take (0,0)=0.9 and leave row 1 with nothing: 0.9 < 0.8 + 0.7.
        let edges = [
            Edge {
                row: 0,
                col: 0,
                gain: 0.9,
            },
            Edge {
                row: 0,
                col: 1,
                gain: 0.8,
            },
            Edge {
                row: 1,
                col: 0,
                gain: 0.7,
            },
        ];
        assert_eq!(max_weight_matching(2, 2, &edges), vec![Some(1), Some(0)]);
    }

    #[test]
    fn empty_and_degenerate_inputs() {
        assert!(max_weight_matching(0, 0, &[]).is_empty());
        assert_eq!(max_weight_matching(2, 0, &[]), vec![None, None]);
        let bad = [
            Edge {
                row: 0,
                col: 0,
                gain: f64::NAN,
            },
            Edge {
                row: 0,
                col: 0,
                gain: -1.0,
            },
            Edge {
                row: 5,
                col: 0,
                gain: 1.0,
            },
        ];
        assert_eq!(max_weight_matching(1, 1, &bad), vec![None]);
    }

    proptest! {
        #[test]
        fn matches_brute_force(
            rows in 0usize..6,
            cols in 0usize..6,
            raw in proptest::collection::vec((0usize..6, 0usize..6, 0u32..20), 0..30),
        ) {
            let edges: Vec<Edge> = raw
                .into_iter()
                .filter(|&(r, c, _)| r < rows && c < cols)
                .map(|(row, col, g)| Edge { row, col, gain: f64::from(g) / 10.0 })
                .collect();
            let matching = max_weight_matching(rows, cols, &edges);
            let mut seen = std::collections::HashSet::new();
            for col in matching.iter().flatten() {
                prop_assert!(seen.insert(*col));
            }
            let got = total(&edges, &matching);
            let best = brute_force(rows, cols, &edges);
            prop_assert!((got - best).abs() < 1e-9, "got {got}, optimum {best}");
        }
    }
}
