//! Measuring an alignment against a ground truth of linked pairs.

use std::collections::BTreeSet;

/// Counts of linked pairs found, expected, and found that were expected; precision,
/// recall and F1 follow from them. Scores of several comparisons add up ([`Score::add`]),
/// so that a whole set is measured over all its pairs rather than as a mean of means.
///
/// ```
/// use std::collections::BTreeSet;
/// use truce_compare::Score;
///
/// let found = BTreeSet::from([(0, 0), (1, 1), (2, 3)]);
/// let truth = BTreeSet::from([(0, 0), (1, 1), (2, 2), (3, 3)]);
/// let s = Score::of(&found, &truth);
/// assert_eq!((s.hits, s.found, s.expected), (2, 3, 4));
/// assert!((s.precision() - 2.0 / 3.0).abs() < 1e-12);
/// assert!((s.recall() - 0.5).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Pairs found that are in the truth.
    pub hits: usize,
    /// Pairs found.
    pub found: usize,
    /// Pairs in the truth.
    pub expected: usize,
}

impl Score {
    /// Compares the pairs found with the true ones.
    pub fn of<T: Ord>(found: &BTreeSet<T>, truth: &BTreeSet<T>) -> Score {
        Score {
            hits: found.intersection(truth).count(),
            found: found.len(),
            expected: truth.len(),
        }
    }

    /// Share of the pairs found that are true (0 when nothing was found).
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            0.0
        } else {
            self.hits as f64 / self.found as f64
        }
    }

    /// Share of the true pairs that were found (0 when there are none).
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            self.hits as f64 / self.expected as f64
        }
    }

    /// Harmonic mean of precision and recall (0 without hits).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if self.hits == 0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// The score of two comparisons taken together.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, other: Score) -> Score {
        Score {
            hits: self.hits + other.hits,
            found: self.found + other.found,
            expected: self.expected + other.expected,
        }
    }
}
