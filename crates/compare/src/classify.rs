//! Turning raw links into an [`Alignment`]: order, kinds, moves, and what each side has
//! alone.

use crate::aligner::RawLink;
use crate::alignment::{Alignment, Link, LinkKind, Origin};

/// What the classifier asks about a pair of provisions.
pub(crate) trait Judge {
    /// Whether provision `i` of `a` and `j` of `b` read the same after normalisation.
    fn same_words(&self, i: usize, j: usize) -> bool;
    /// Whether a typed term or a number in the text differs between `i` and `j`.
    fn terms_changed(&self, i: usize, j: usize) -> bool;
}

/// Builds the alignment of documents with `n` and `m` provisions from aligner links and
/// confirmed links.
pub(crate) fn finish(
    aligned: Vec<RawLink>,
    confirmed: Vec<RawLink>,
    n: usize,
    m: usize,
    judge: &impl Judge,
) -> Alignment {
    let mut links: Vec<(RawLink, Origin)> = aligned
        .into_iter()
        .map(|l| (l, Origin::Aligner))
        .chain(confirmed.into_iter().map(|l| (l, Origin::Confirmed)))
        .filter(|(l, _)| !l.a.is_empty() && !l.b.is_empty())
        .collect();
    links.sort_by(|(x, _), (y, _)| (x.a[0], x.b[0]).cmp(&(y.a[0], y.b[0])));

    let moved = outside_longest_chain(&links.iter().map(|(l, _)| l.b[0]).collect::<Vec<_>>());
    let mut in_a = vec![false; n];
    let mut in_b = vec![false; m];
    let links: Vec<Link> = links
        .into_iter()
        .zip(moved)
        .map(|((raw, origin), moved)| {
            for &i in &raw.a {
                if let Some(slot) = in_a.get_mut(i) {
                    *slot = true;
                }
            }
            for &j in &raw.b {
                if let Some(slot) = in_b.get_mut(j) {
                    *slot = true;
                }
            }
            let kind = if raw.a.len() > 1 {
                LinkKind::Merged
            } else if raw.b.len() > 1 {
                LinkKind::Split
            } else if judge.terms_changed(raw.a[0], raw.b[0]) {
                LinkKind::TermsChanged
            } else if !judge.same_words(raw.a[0], raw.b[0]) {
                LinkKind::Reworded
            } else if moved {
                LinkKind::Moved
            } else {
                LinkKind::Unchanged
            };
            let confidence = match origin {
                Origin::Confirmed => 1.0,
                Origin::Aligner => round(raw.confidence),
            };
            Link {
                a: raw.a,
                b: raw.b,
                kind,
                confidence,
                origin,
                similarity: round(raw.similarity),
                moved,
            }
        })
        .collect();
    Alignment {
        links,
        added: (0..m).filter(|&j| !in_b[j]).collect(),
        dropped: (0..n).filter(|&i| !in_a[i]).collect(),
    }
}

/// Rounds a score to 4 decimals so JSON output stays readable and stable.
fn round(x: f64) -> f64 {
    if x.is_finite() {
        (x * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}

/// For a sequence, whether each element lies outside one longest strictly increasing
/// subsequence (the leftmost-ending one found by patience sorting).
fn outside_longest_chain(seq: &[usize]) -> Vec<bool> {
    // tails[k]: index in `seq` of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; seq.len()];
    for (k, &x) in seq.iter().enumerate() {
        let at = tails.partition_point(|&t| seq[t] < x);
        if at > 0 {
            previous[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut outside = vec![true; seq.len()];
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        outside[k] = false;
        k = previous[k];
    }
    outside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_chain_marks_the_displaced_element() {
        assert_eq!(outside_longest_chain(&[0, 1, 2, 3]), [false; 4]);
        assert_eq!(outside_longest_chain(&[0, 3, 1, 2]), [false, true, false, false]);
        assert_eq!(outside_longest_chain(&[]), Vec::<bool>::new());
        assert_eq!(
            outside_longest_chain(&[5, 0, 1, 2, 3]),
            [true, false, false, false, false]
        );
    }
}
