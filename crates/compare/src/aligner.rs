//! The alignment pipeline, shared by plain texts and documents.
//!
//! 1. Weigh each provision's words (see [`crate::features`]).
//! 2. Candidate pairs: for each provision, the best few of the other document by the
//!    part of the cosine that rare words contribute (an inverted index, so common words
//!    never cost a pass over every provision), in both directions. Small documents are
//!    compared exhaustively.
//! 3. Position model: pairs that are each other's best match with high similarity are
//!    anchors; a provision is expected where its nearest anchors' offset puts it.
//!    Positional neighbours of that place join the candidates.
//! 4. One-to-one links: optimal assignment ([`crate::assignment`]) maximising the sum of
//!    `cosine + position bonus (+ number bonus) - min_score` over candidate pairs.
//! 5. Splits and merges: a provision left over whose content is largely contained in a
//!    provision of the other document (near its expected place, or very largely anywhere)
//!    joins that provision's link as a piece, when it raises the coverage of the larger
//!    provision. Proposals are taken best first; a link grows on one side only.
//!
//! Everything is symmetric in the two documents except tie-breaking on exactly equal
//! scores, which goes to the smaller index.

use std::collections::BTreeMap;

use crate::assignment::{Edge, max_weight_matching};
use crate::features::{Overlap, Provision, Row, Spread, Vectors, Weights, coverage, overlap};
use crate::options::AlignOptions;

/// What a caller knows beyond words: fixed provisions, forbidden pairs, known anchors and
/// provision numbers.
#[derive(Debug, Default)]
pub(crate) struct Constraints {
    /// Provisions of `a` already linked by a person: the aligner leaves them alone.
    pub fixed_a: Vec<bool>,
    /// Provisions of `b` already linked by a person.
    pub fixed_b: Vec<bool>,
    /// Pairs that must not be linked, sorted.
    pub forbidden: Vec<(usize, usize)>,
    /// Links known for sure, used as position anchors.
    pub anchors: Vec<(usize, usize)>,
    /// Normalised provision numbers, when known (empty strings are ignored).
    pub numbers: Option<(Vec<String>, Vec<String>)>,
}

impl Constraints {
    fn is_forbidden(&self, i: usize, j: usize) -> bool {
        self.forbidden.binary_search(&(i, j)).is_ok()
    }

    fn fixed_a(&self, i: usize) -> bool {
        self.fixed_a.get(i).copied().unwrap_or(false)
    }

    fn fixed_b(&self, j: usize) -> bool {
        self.fixed_b.get(j).copied().unwrap_or(false)
    }

    fn number_bonus(&self, i: usize, j: usize, weight: f64) -> f64 {
        match &self.numbers {
            Some((a, b)) => match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if !x.is_empty() && x == y => weight,
                _ => 0.0,
            },
            None => 0.0,
        }
    }
}

/// A link before classification.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawLink {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub similarity: f64,
    pub confidence: f64,
}

/// A candidate pair with its overlap.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    i: usize,
    j: usize,
    overlap: Overlap,
}

/// The weighted provisions of both documents.
pub(crate) struct Weighed {
    pub a: Vectors,
    pub b: Vectors,
    df: Vec<u32>,
}

impl Weighed {
    /// Weighs both sides over their shared vocabulary.
    pub fn new(vocabulary_len: usize, a: &[Provision], b: &[Provision]) -> Self {
        let weights = Weights::new(vocabulary_len, a, b);
        Weighed {
            a: weights.vectors(a),
            b: weights.vectors(b),
            df: weights.df,
        }
    }
}

/// Aligns two weighed documents.
pub(crate) fn align(w: &Weighed, constraints: &Constraints, opts: &AlignOptions) -> Vec<RawLink> {
    let (n, m) = (w.a.len(), w.b.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let mut pairs: Vec<u64> = if n.saturating_mul(m) <= opts.exhaustive_pairs {
        (0..n).flat_map(|i| (0..m).map(move |j| key(i, j))).collect()
    } else {
        indexed_candidates(w, opts.candidates.max(1))
    };
    pairs.sort_unstable();
    pairs.dedup();
    let mut spread = Spread::new(w.df.len());
    let mut candidates = measure(w, &pairs, &mut spread);

    let anchors = anchors(n, m, &candidates, constraints, opts);
    let positions = Positions::new(n, m, &anchors);
    add_neighbours(w, &positions, &anchors, opts.window, &mut candidates, &mut spread);

    let gain = |c: &Candidate| -> f64 {
        f64::from(c.overlap.cosine)
            + opts.position_weight * positions.closeness(c.i, c.j, opts.position_scale)
            + constraints.number_bonus(c.i, c.j, opts.number_weight)
    };
    let usable = |c: &Candidate| -> bool {
        !constraints.fixed_a(c.i) && !constraints.fixed_b(c.j) && !constraints.is_forbidden(c.i, c.j)
    };
    // Edges of the assignment, and the two best scores of each row and column (for the
    // confidence margin), in one pass.
    let mut edges: Vec<Edge> = Vec::with_capacity(candidates.len());
    let mut best_a = vec![[f64::MIN; 2]; n];
    let mut best_b = vec![[f64::MIN; 2]; m];
    for c in candidates.iter().filter(|c| usable(c)) {
        let g = gain(c);
        push_top2(&mut best_a[c.i], g);
        push_top2(&mut best_b[c.j], g);
        if f64::from(c.overlap.cosine) >= opts.min_similarity && g > opts.min_score {
            edges.push(Edge {
                row: c.i,
                col: c.j,
                gain: g - opts.min_score,
            });
        }
    }
    let col_of_row = max_weight_matching(n, m, &edges);
    let mut row_of_col = vec![None; m];
    for (i, col) in col_of_row.iter().enumerate() {
        if let Some(j) = *col {
            row_of_col[j] = Some(i);
        }
    }

    let pieces = Pieces::find(w, &candidates, &positions, constraints, &col_of_row, &row_of_col, opts);

    let mut links = Vec::new();
    for (i, col) in col_of_row.iter().enumerate() {
        let Some(j) = *col else {
            if !pieces.of_a[i].is_empty() {
                links.push(pieces.link(w, Some(i), None, None));
            }
            continue;
        };
        let Some(c) = candidates
            .binary_search_by(|c| (c.i, c.j).cmp(&(i, j)))
            .ok()
            .map(|k| candidates[k])
        else {
            continue;
        };
        let g = gain(&c);
        let rival = second_best(best_a[i], g).max(second_best(best_b[j], g));
        let confidence = link_confidence(g, rival, opts.min_score);
        if pieces.of_a[i].is_empty() && pieces.of_b[j].is_empty() {
            links.push(RawLink {
                a: vec![i],
                b: vec![j],
                similarity: f64::from(c.overlap.cosine),
                confidence,
            });
        } else {
            links.push(pieces.link(w, Some(i), Some(j), Some(confidence)));
        }
    }
    for (j, row) in row_of_col.iter().enumerate() {
        if row.is_none() && !pieces.of_b[j].is_empty() {
            links.push(pieces.link(w, None, Some(j), None));
        }
    }
    links
}

/// Confidence of a one-to-one link from its score `g` and the best rival score of either
/// end: the product of how far the score clears the threshold (full at 0.4 above it) and
/// how far it leads the rival (full at a lead of 0.3; half when the rival scores the same).
fn link_confidence(g: f64, rival: f64, min_score: f64) -> f64 {
    let strength = ((g - min_score) / 0.4).clamp(0.0, 1.0);
    let lead = ((g - rival.max(min_score)) / 0.3).clamp(0.0, 1.0);
    strength * (0.5 + 0.5 * lead)
}

fn push_top2(top: &mut [f64; 2], g: f64) {
    if g > top[0] {
        top[1] = top[0];
        top[0] = g;
    } else if g > top[1] {
        top[1] = g;
    }
}

/// The best score other than `own` (the link's own score is among the top two).
fn second_best(top: [f64; 2], own: f64) -> f64 {
    if top[0] == own { top[1] } else { top[0] }
}

/// A pair `(i, j)` as one sortable number.
fn key(i: usize, j: usize) -> u64 {
    ((i as u64) << 32) | j as u64
}

fn unkey(k: u64) -> (usize, usize) {
    ((k >> 32) as usize, (k & 0xffff_ffff) as usize)
}

/// Overlaps of `pairs` (sorted), one spread row of `a` at a time.
fn measure(w: &Weighed, pairs: &[u64], spread: &mut Spread) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(pairs.len());
    let mut k = 0;
    while k < pairs.len() {
        let i = unkey(pairs[k]).0;
        let row = w.a.row(i);
        spread.load(row);
        while k < pairs.len() && unkey(pairs[k]).0 == i {
            let j = unkey(pairs[k]).1;
            out.push(Candidate {
                i,
                j,
                overlap: spread.overlap(w.b.row(j)),
            });
            k += 1;
        }
        spread.clear(row);
    }
    out
}

/// Top candidates of each provision through inverted indexes over rare words.
fn indexed_candidates(w: &Weighed, k: usize) -> Vec<u64> {
    let (n, m) = (w.a.len(), w.b.len());
    // Words in more than this many provisions are common: they still count in the exact
    // similarity, but are not used to find candidates.
    let cap = ((n + m) / 64).max(16);
    let cap = u32::try_from(cap).unwrap_or(u32::MAX);
    let mut pairs = Vec::with_capacity((n + m) * k);
    let index_b = Postings::new(&w.b, w.df.len());
    top_k(&w.a, &index_b, &w.df, cap, k, |i, j| pairs.push(key(i, j)));
    let index_a = Postings::new(&w.a, w.df.len());
    top_k(&w.b, &index_a, &w.df, cap, k, |j, i| pairs.push(key(i, j)));
    pairs
}

/// An inverted index: for each word, the provisions using it with their weight.
struct Postings {
    start: Vec<usize>,
    docs: Vec<u32>,
    weights: Vec<f32>,
}

impl Postings {
    fn new(vectors: &Vectors, vocabulary_len: usize) -> Self {
        let mut start = vec![0usize; vocabulary_len + 1];
        for d in 0..vectors.len() {
            for &t in vectors.row(d).terms {
                start[t as usize + 1] += 1;
            }
        }
        for t in 0..vocabulary_len {
            start[t + 1] += start[t];
        }
        let total = start[vocabulary_len];
        let mut fill = start.clone();
        let mut docs = vec![0u32; total];
        let mut weights = vec![0f32; total];
        for d in 0..vectors.len() {
            let row = vectors.row(d);
            for (&t, &s) in row.terms.iter().zip(row.sim) {
                let slot = &mut fill[t as usize];
                docs[*slot] = u32::try_from(d).unwrap_or(u32::MAX);
                weights[*slot] = s;
                *slot += 1;
            }
        }
        Postings { start, docs, weights }
    }

    fn of(&self, term: u32) -> (&[u32], &[f32]) {
        let range = self.start[term as usize]..self.start[term as usize + 1];
        (&self.docs[range.clone()], &self.weights[range])
    }
}

fn top_k(from: &Vectors, index: &Postings, df: &[u32], cap: u32, k: usize, mut emit: impl FnMut(usize, usize)) {
    let others = index.start.len();
    let mut acc: Vec<f32> = vec![0.0; others];
    let mut touched: Vec<u32> = Vec::new();
    let mut scored: Vec<(f32, u32)> = Vec::new();
    for i in 0..from.len() {
        let row = from.row(i);
        let has_rare = row.terms.iter().any(|&t| df[t as usize] <= cap);
        for (&t, &x) in row.terms.iter().zip(row.sim) {
            if has_rare && df[t as usize] > cap {
                continue;
            }
            let (docs, weights) = index.of(t);
            for (&d, &y) in docs.iter().zip(weights) {
                let slot = &mut acc[d as usize];
                if *slot == 0.0 {
                    touched.push(d);
                }
                *slot += x * y;
            }
        }
        // The best k, kept sorted by score (then index) while scanning.
        scored.clear();
        let better = |p: (f32, u32), q: (f32, u32)| p.0 > q.0 || (p.0 == q.0 && p.1 < q.1);
        for &d in &touched {
            let entry = (acc[d as usize], d);
            acc[d as usize] = 0.0;
            if scored.len() == k && !scored.last().is_some_and(|&worst| better(entry, worst)) {
                continue;
            }
            if scored.len() == k {
                scored.pop();
            }
            let at = scored.partition_point(|&kept| better(kept, entry));
            scored.insert(at, entry);
        }
        touched.clear();
        for &(_, d) in &scored {
            emit(i, d as usize);
        }
    }
}

/// Anchors: confirmed links, and mutual best matches above the anchor similarity.
fn anchors(
    n: usize,
    m: usize,
    candidates: &[Candidate],
    constraints: &Constraints,
    opts: &AlignOptions,
) -> Vec<(usize, usize)> {
    let mut best_a: Vec<Option<(f32, usize)>> = vec![None; n];
    let mut best_b: Vec<Option<(f32, usize)>> = vec![None; m];
    for c in candidates {
        if constraints.is_forbidden(c.i, c.j) || constraints.fixed_a(c.i) || constraints.fixed_b(c.j) {
            continue;
        }
        let s = c.overlap.cosine;
        if best_a[c.i].is_none_or(|(b, _)| s > b) {
            best_a[c.i] = Some((s, c.j));
        }
        if best_b[c.j].is_none_or(|(b, _)| s > b) {
            best_b[c.j] = Some((s, c.i));
        }
    }
    let mut out: Vec<(usize, usize)> = constraints
        .anchors
        .iter()
        .copied()
        .filter(|&(i, j)| i < n && j < m)
        .collect();
    for (i, best) in best_a.iter().enumerate() {
        if let Some((s, j)) = *best
            && f64::from(s) >= opts.anchor_similarity
            && best_b[j].is_some_and(|(_, back)| back == i)
        {
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Where each provision is expected in the other document.
struct Positions {
    expected_b: Vec<f64>,
    expected_a: Vec<f64>,
}

/// Anchors consulted for each expected position.
const NEAREST_ANCHORS: usize = 8;

impl Positions {
    fn new(n: usize, m: usize, anchors: &[(usize, usize)]) -> Self {
        let by_a: Vec<(usize, usize)> = anchors.to_vec();
        let mut by_b: Vec<(usize, usize)> = anchors.iter().map(|&(i, j)| (j, i)).collect();
        by_b.sort_unstable();
        Positions {
            expected_b: expected(n, m, &by_a),
            expected_a: expected(m, n, &by_b),
        }
    }

    /// Distance of the pair from where the anchors expect it, looked at from both sides.
    fn distance(&self, i: usize, j: usize) -> f64 {
        let from_a = (j as f64 - self.expected_b[i]).abs();
        let from_b = (i as f64 - self.expected_a[j]).abs();
        from_a.min(from_b)
    }

    fn closeness(&self, i: usize, j: usize, scale: f64) -> f64 {
        if scale > 0.0 {
            (-self.distance(i, j) / scale).exp()
        } else {
            0.0
        }
    }
}

/// For each of `n` positions, the expected position among `m` on the other side: the
/// median offset of the nearest anchors (sorted by this side), or proportional placement
/// without anchors.
fn expected(n: usize, m: usize, anchors: &[(usize, usize)]) -> Vec<f64> {
    if anchors.is_empty() {
        let scale = if n > 1 {
            (m.saturating_sub(1)) as f64 / (n - 1) as f64
        } else {
            0.0
        };
        return (0..n).map(|i| i as f64 * scale).collect();
    }
    let mut offsets = Vec::with_capacity(NEAREST_ANCHORS);
    (0..n)
        .map(|i| {
            let at = anchors.partition_point(|&(x, _)| x < i);
            let (mut lo, mut hi) = (at, at);
            offsets.clear();
            while offsets.len() < NEAREST_ANCHORS && (lo > 0 || hi < anchors.len()) {
                let take_left = match (lo > 0, hi < anchors.len()) {
                    (true, true) => i - anchors[lo - 1].0 <= anchors[hi].0 - i,
                    (left, _) => left,
                };
                let (x, y) = if take_left {
                    lo -= 1;
                    anchors[lo]
                } else {
                    hi += 1;
                    anchors[hi - 1]
                };
                offsets.push(y as f64 - x as f64);
            }
            offsets.sort_unstable_by(f64::total_cmp);
            let k = offsets.len();
            let median = if k % 2 == 1 {
                offsets[k / 2]
            } else {
                (offsets[k / 2 - 1] + offsets[k / 2]) / 2.0
            };
            i as f64 + median
        })
        .collect()
}

/// Adds the positional neighbours of every provision to the candidates (kept sorted).
fn add_neighbours(
    w: &Weighed,
    positions: &Positions,
    anchors: &[(usize, usize)],
    window: usize,
    candidates: &mut Vec<Candidate>,
    spread: &mut Spread,
) {
    let (n, m) = (w.a.len(), w.b.len());
    let around = |center: f64, len: usize| -> std::ops::Range<usize> {
        let c = center.round().clamp(0.0, len.saturating_sub(1) as f64) as usize;
        c.saturating_sub(window)..c.saturating_add(window).saturating_add(1).min(len)
    };
    // Anchored provisions have their match already; only the others need neighbours.
    let mut anchored_a = vec![false; n];
    let mut anchored_b = vec![false; m];
    for &(i, j) in anchors {
        anchored_a[i] = true;
        anchored_b[j] = true;
    }
    let mut extra: Vec<u64> = Vec::new();
    for i in (0..n).filter(|&i| !anchored_a[i]) {
        extra.extend(around(positions.expected_b[i], m).map(|j| key(i, j)));
    }
    for j in (0..m).filter(|&j| !anchored_b[j]) {
        extra.extend(around(positions.expected_a[j], n).map(|i| key(i, j)));
    }
    extra.sort_unstable();
    extra.dedup();
    // Keep only pairs not measured yet (both lists are sorted).
    let mut known = candidates.iter().map(|c| key(c.i, c.j)).peekable();
    extra.retain(|&k| {
        while known.next_if(|&c| c < k).is_some() {}
        known.peek() != Some(&k)
    });
    if extra.is_empty() {
        return;
    }
    let new = measure(w, &extra, spread);
    let old = std::mem::take(candidates);
    candidates.reserve(old.len() + new.len());
    let (mut x, mut y) = (old.into_iter().peekable(), new.into_iter().peekable());
    loop {
        let take_old = match (x.peek(), y.peek()) {
            (Some(p), Some(q)) => (p.i, p.j) < (q.i, q.j),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        candidates.extend(if take_old { x.next() } else { y.next() });
    }
}

/// Which side a piece comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    A,
    B,
}

/// A leftover provision proposed as a piece of a provision on the other side.
#[derive(Debug, Clone, Copy)]
struct Proposal {
    score: f64,
    side: Side,
    piece: usize,
    host: usize,
    contained: f64,
    near: bool,
}

/// Accepted pieces: `of_a[i]` are the `b` pieces of provision `i` of `a` (a split),
/// `of_b[j]` the `a` pieces of provision `j` of `b` (a merge).
struct Pieces {
    of_a: Vec<Vec<usize>>,
    of_b: Vec<Vec<usize>>,
    /// Confidence of each accepted piece, by (side, piece).
    confidence: BTreeMap<(Side, usize), f64>,
}

impl Pieces {
    fn find(
        w: &Weighed,
        candidates: &[Candidate],
        positions: &Positions,
        constraints: &Constraints,
        col_of_row: &[Option<usize>],
        row_of_col: &[Option<usize>],
        opts: &AlignOptions,
    ) -> Self {
        let (n, m) = (w.a.len(), w.b.len());
        let mut best: BTreeMap<(Side, usize), Proposal> = BTreeMap::new();
        for c in candidates {
            if constraints.is_forbidden(c.i, c.j) || constraints.fixed_a(c.i) || constraints.fixed_b(c.j) {
                continue;
            }
            let near = positions.distance(c.i, c.j) <= opts.part_window as f64;
            let shared = f64::from(c.overlap.shared);
            // A leftover b inside host i (split), a leftover a inside host j (merge).
            let options = [
                (row_of_col[c.j].is_none(), Side::B, c.j, c.i, w.b.row(c.j).cont_sum),
                (col_of_row[c.i].is_none(), Side::A, c.i, c.j, w.a.row(c.i).cont_sum),
            ];
            for (leftover, side, piece, host, piece_sum) in options {
                if !leftover || piece_sum <= 0.0 {
                    continue;
                }
                let contained = shared / f64::from(piece_sum);
                if !((near && contained >= opts.part_near) || contained >= opts.part_far) {
                    continue;
                }
                let score = contained + if near { 0.3 } else { 0.0 };
                let proposal = Proposal {
                    score,
                    side,
                    piece,
                    host,
                    contained,
                    near,
                };
                let slot = best.entry((side, piece)).or_insert(proposal);
                if score > slot.score || (score == slot.score && host < slot.host) {
                    *slot = proposal;
                }
            }
        }
        let mut proposals: Vec<Proposal> = best.into_values().collect();
        proposals.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(x.side.cmp(&y.side))
                .then(x.piece.cmp(&y.piece))
                .then(x.host.cmp(&y.host))
        });

        let mut pieces = Pieces {
            of_a: vec![Vec::new(); n],
            of_b: vec![Vec::new(); m],
            confidence: BTreeMap::new(),
        };
        let mut used_a = vec![false; n];
        let mut used_b = vec![false; m];
        for p in proposals {
            let (piece_used, host_used, partner_has_pieces, partner) = match p.side {
                Side::B => {
                    let partner = col_of_row[p.host];
                    (
                        used_b[p.piece] || !pieces.of_b[p.piece].is_empty(),
                        used_a[p.host],
                        partner.is_some_and(|j| !pieces.of_b[j].is_empty()),
                        partner,
                    )
                }
                Side::A => {
                    let partner = row_of_col[p.host];
                    (
                        used_a[p.piece] || !pieces.of_a[p.piece].is_empty(),
                        used_b[p.host],
                        partner.is_some_and(|i| !pieces.of_a[i].is_empty()),
                        partner,
                    )
                }
            };
            if piece_used || host_used || partner_has_pieces {
                continue;
            }
            // The piece must add to what the host's link already covers.
            let (host_row, piece_row, members): (Row<'_>, Row<'_>, Vec<Row<'_>>) = match p.side {
                Side::B => (
                    w.a.row(p.host),
                    w.b.row(p.piece),
                    partner
                        .iter()
                        .chain(&pieces.of_a[p.host])
                        .map(|&j| w.b.row(j))
                        .collect(),
                ),
                Side::A => (
                    w.b.row(p.host),
                    w.a.row(p.piece),
                    partner
                        .iter()
                        .chain(&pieces.of_b[p.host])
                        .map(|&i| w.a.row(i))
                        .collect(),
                ),
            };
            let before = coverage(host_row, &members);
            let mut with_piece = members;
            with_piece.push(piece_row);
            let after = coverage(host_row, &with_piece);
            if f64::from(after - before) < opts.part_gain {
                continue;
            }
            let strength = ((p.contained - opts.part_near) / (1.0 - opts.part_near).max(1e-9)).clamp(0.0, 1.0);
            let confidence = (0.4 + 0.6 * strength) * if p.near { 1.0 } else { 0.8 };
            match p.side {
                Side::B => {
                    pieces.of_a[p.host].push(p.piece);
                    used_b[p.piece] = true;
                }
                Side::A => {
                    pieces.of_b[p.host].push(p.piece);
                    used_a[p.piece] = true;
                }
            }
            pieces.confidence.insert((p.side, p.piece), confidence);
        }
        for list in pieces.of_a.iter_mut().chain(pieces.of_b.iter_mut()) {
            list.sort_unstable();
        }
        pieces
    }

    /// The link of a host (`i` in `a` with its `b` pieces, or `j` in `b` with its `a`
    /// pieces) and its assigned partner, if any.
    fn link(&self, w: &Weighed, i: Option<usize>, j: Option<usize>, assigned: Option<f64>) -> RawLink {
        let mut a: Vec<usize> = i.into_iter().collect();
        let mut b: Vec<usize> = j.into_iter().collect();
        let mut confidence = assigned.unwrap_or(1.0);
        if let Some(i) = i {
            for &piece in &self.of_a[i] {
                b.push(piece);
                confidence = confidence.min(self.confidence.get(&(Side::B, piece)).copied().unwrap_or(0.0));
            }
        }
        if let Some(j) = j {
            for &piece in &self.of_b[j] {
                a.push(piece);
                confidence = confidence.min(self.confidence.get(&(Side::A, piece)).copied().unwrap_or(0.0));
            }
        }
        a.sort_unstable();
        b.sort_unstable();
        // The single provision's share covered by the others.
        let similarity = if a.len() == 1 && b.len() > 1 {
            let parts: Vec<Row<'_>> = b.iter().map(|&x| w.b.row(x)).collect();
            coverage(w.a.row(a[0]), &parts)
        } else if b.len() == 1 && a.len() > 1 {
            let parts: Vec<Row<'_>> = a.iter().map(|&x| w.a.row(x)).collect();
            coverage(w.b.row(b[0]), &parts)
        } else if let (Some(&x), Some(&y)) = (a.first(), b.first()) {
            overlap(w.a.row(x), w.b.row(y)).cosine
        } else {
            0.0
        };
        // A lone host with a single piece is a one-to-one link found by containment.
        if a.len() == 1 && b.len() == 1 && (i.is_none() || j.is_none()) {
            confidence *= 0.8;
        }
        RawLink {
            a,
            b,
            similarity: f64::from(similarity),
            confidence,
        }
    }
}
