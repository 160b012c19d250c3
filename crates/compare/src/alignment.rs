//! The result of aligning two documents: links between their provisions, and the
//! provisions each side has alone.

use serde::{Deserialize, Serialize};

/// How the provisions of two documents correspond.
///
/// Indices are positions in the documents' provision lists (`a` the earlier document,
/// `b` the later one). Every provision appears in exactly one place: one link, `added`
/// (b only) or `dropped` (a only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// Links, ordered by their first `a` index, then their first `b` index.
    pub links: Vec<Link>,
    /// Provisions of `b` with no counterpart in `a`, ascending.
    pub added: Vec<usize>,
    /// Provisions of `a` with no counterpart in `b`, ascending.
    pub dropped: Vec<usize>,
}

impl Alignment {
    /// Every linked `(a, b)` pair: a split or merge contributes one pair per piece.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for link in &self.links {
            for &a in &link.a {
                for &b in &link.b {
                    out.push((a, b));
                }
            }
        }
        out
    }

    /// The link that holds provision `a` of the first document, if any.
    pub fn link_of_a(&self, a: usize) -> Option<&Link> {
        self.links.iter().find(|l| l.a.contains(&a))
    }

    /// The link that holds provision `b` of the second document, if any.
    pub fn link_of_b(&self, b: usize) -> Option<&Link> {
        self.links.iter().find(|l| l.b.contains(&b))
    }

    /// How many links of each kind, plus added and dropped provisions.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            added: self.added.len(),
            dropped: self.dropped.len(),
            ..Counts::default()
        };
        for link in &self.links {
            let slot = match link.kind {
                LinkKind::Unchanged => &mut counts.unchanged,
                LinkKind::Reworded => &mut counts.reworded,
                LinkKind::TermsChanged => &mut counts.terms_changed,
                LinkKind::Moved => &mut counts.moved,
                LinkKind::Merged => &mut counts.merged,
                LinkKind::Split => &mut counts.split,
            };
            *slot += 1;
        }
        counts
    }
}

/// One correspondence: one provision to one (`Unchanged`, `Reworded`, `TermsChanged`,
/// `Moved`), several of `a` to one of `b` (`Merged`) or one of `a` to several of `b`
/// (`Split`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Indices into the first document, ascending, at least one.
    pub a: Vec<usize>,
    /// Indices into the second document, ascending, at least one.
    pub b: Vec<usize>,
    /// What changed.
    pub kind: LinkKind,
    /// How sure the aligner is, from 0 to 1 (1 for confirmed links). A ranking score
    /// built from the similarity and the margin over the next best candidate, not a
    /// calibrated probability.
    pub confidence: f64,
    /// Who made the link.
    pub origin: Origin,
    /// Text similarity: the cosine of the two provisions' word vectors for a one-to-one
    /// link; for a split or merge, the share of the single provision's content found in
    /// its pieces.
    pub similarity: f64,
    /// Whether the link breaks the order of the others: it is outside the longest chain
    /// of links whose `a` and `b` positions both increase.
    pub moved: bool,
}

/// What changed across a link. When several apply, the first in this order wins:
/// `Merged`/`Split` (the shape), `TermsChanged` (the substance), `Reworded` (the words),
/// `Moved` (the place), `Unchanged`. [`Link::moved`] records a move whatever the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// Same words in the same order (after case and punctuation folding), same place.
    Unchanged,
    /// Different words, same terms.
    Reworded,
    /// A typed term or a number in the text changed (`army_cap` 600000 to 800000).
    TermsChanged,
    /// Same words and terms, but the provision changed place relative to the others.
    Moved,
    /// Several provisions of `a` became one of `b`.
    Merged,
    /// One provision of `a` became several of `b`.
    Split,
}

impl LinkKind {
    /// The spelling used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Unchanged => "unchanged",
            LinkKind::Reworded => "reworded",
            LinkKind::TermsChanged => "terms-changed",
            LinkKind::Moved => "moved",
            LinkKind::Merged => "merged",
            LinkKind::Split => "split",
        }
    }
}

/// Who made a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Proposed by the aligner.
    Aligner,
    /// Confirmed by a person (an [`Override`](crate::Override) with `confirmed = true`).
    Confirmed,
}

/// Number of links of each kind in an [`Alignment`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Links of kind `unchanged`.
    pub unchanged: usize,
    /// Links of kind `reworded`.
    pub reworded: usize,
    /// Links of kind `terms-changed`.
    pub terms_changed: usize,
    /// Links of kind `moved`.
    pub moved: usize,
    /// Links of kind `merged`.
    pub merged: usize,
    /// Links of kind `split`.
    pub split: usize,
    /// Provisions only in the second document.
    pub added: usize,
    /// Provisions only in the first document.
    pub dropped: usize,
}
