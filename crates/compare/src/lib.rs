//! Comparing drafts: which provision of one document became which of another, what
//! changed inside each pair, and how every point fared across a negotiation's family.
//!
//! Drafts of a peace plan rarely share provision ids: points are renumbered, reworded,
//! merged, split, moved, dropped and added. [`align_texts`] and [`align_documents`] find
//! the correspondence from the texts themselves; [`redline`] and [`term_deltas`] show
//! what changed across a link; [`evolution`] chains the alignments of consecutive
//! documents into the lineage of each point.
//!
//! ```
//! use truce_compare::{AlignOptions, LinkKind, align_texts};
//!
//! let before = [
//!     "Ukraine's armed forces are capped at 600,000 personnel.",
//!     "Elections are held within 100 days of signature.",
//!     "A full amnesty covers all parties. Prisoners are exchanged all for all.",
//!     "Sanctions are lifted in stages.",
//! ];
//! let after = [
//!     "Elections are held within 100 days of signature.",
//!     "Ukraine's armed forces are capped at 800,000 personnel.",
//!     "A full amnesty covers all parties.",
//!     "Prisoners are exchanged all for all.",
//!     "A joint commission monitors the ceasefire.",
//! ];
//! let alignment = align_texts(&before, &after, &AlignOptions::default());
//!
//! let kinds: Vec<_> = alignment.links.iter().map(|l| (l.a.clone(), l.b.clone(), l.kind)).collect();
//! assert_eq!(kinds, [
//!     (vec![0], vec![1], LinkKind::TermsChanged), // 600,000 -> 800,000
//!     (vec![1], vec![0], LinkKind::Unchanged),
//!     (vec![2], vec![2, 3], LinkKind::Split),
//! ]);
//! assert_eq!(alignment.dropped, [3]); // sanctions
//! assert_eq!(alignment.added, [4]); // the commission
//! ```
//!
//! # How the aligner works
//!
//! Texts are normalised (Unicode word split, case folding, digit groups joined, a light
//! English and Russian/Ukrainian stemmer) and weighed by TF-IDF over both documents.
//! Candidate pairs come from an inverted index over rare words (the few best per
//! provision, both ways), so no N x N similarity matrix is built; documents with at most
//! 40,000 provision pairs are simply compared exhaustively. Mutual best matches anchor a
//! position model that predicts where each provision should be in the other document,
//! and the positional neighbours of provisions without an anchor join the candidates. An
//! exact optimal assignment (a sparse Hungarian method) then picks one-to-one links
//! maximising `cosine + position bonus - threshold`. Finally, leftover provisions whose
//! content is largely contained in a provision of the other document join its link as
//! pieces of a split or a merge. The work grows roughly linearly with the number of
//! provisions (10,000 a side take well under a second). See [`AlignOptions`] for the
//! knobs; the defaults reach F1 0.99 on the shared benchmark instances (`bench/align`).
//!
//! # Link kinds
//!
//! `merged` (n:1) and `split` (1:n) describe the shape. A one-to-one link is
//! `terms-changed` when a typed term (documents) or a number in the text differs,
//! otherwise `reworded` when the normalised words differ, otherwise `moved` when it is
//! outside the longest order-preserving chain of links, otherwise `unchanged`. The
//! `moved` flag is set on every link outside that chain, whatever its kind.
//!
//! # JSON
//!
//! Every result type is `Serialize`. An [`Alignment`] is:
//!
//! ```json
//! {
//!   "links": [
//!     { "a": [0], "b": [1], "kind": "terms-changed", "confidence": 0.92,
//!       "origin": "aligner", "similarity": 0.87, "moved": true },
//!     { "a": [2], "b": [2, 3], "kind": "split", "confidence": 1.0,
//!       "origin": "confirmed", "similarity": 0.95, "moved": false }
//!   ],
//!   "added": [4],
//!   "dropped": [3]
//! }
//! ```
//!
//! `a` and `b` are indices into the two documents' provision lists (ascending);
//! `kind` is one of `unchanged`, `reworded`, `terms-changed`, `moved`, `merged`,
//! `split`; `origin` is `aligner` or `confirmed`; `confidence` and `similarity` are in
//! 0..=1, rounded to 4 decimals. A redline is a list of runs
//! `{"op": "equal" | "delete" | "insert", "text": "..."}` and a term delta is
//! `{"issue": "army_cap", "before": {"integer": 600000}, "after": {"integer": 800000}}`
//! (`null` for an open term; values as in the model's export). An [`Evolution`] holds
//! `documents` (ids in date order), `steps` (`from`, `to`, `counts`, `alignment`) and
//! `lineages`, each with an `id`, a `fate` (`survived`, `changed`, `new`, `dropped`) and
//! one `presence` per document: `document`, `provisions` (ids, empty when absent),
//! `change` (`base`, `new`, `unchanged`, `reworded`, `terms-changed`, `moved`, `merged`,
//! `split`, `dropped`, `absent`) and, when carried by links, `confidence`.

mod aligner;
mod alignment;
mod assignment;
mod classify;
mod documents;
mod error;
mod evolution;
mod features;
mod normalize;
mod options;
mod redline;
mod score;
mod terms;

pub use alignment::{Alignment, Counts, Link, LinkKind, Origin};
pub use documents::{LinkDiff, align_documents, check_overrides, diff_link};
pub use error::CompareError;
pub use evolution::{Evolution, Fate, Lineage, PointChange, Presence, Step, evolution};
pub use options::{AlignOptions, Override};
pub use redline::{Change, ChangeOp, redline, render_redline};
pub use score::Score;
pub use terms::{TermDelta, term_deltas};

use aligner::{Constraints, Weighed};
use classify::Judge;
use features::{Provision, Vocabulary};

/// Aligns two lists of provision texts (`a` earlier, `b` later).
///
/// Uses the words and the order only. Never panics: empty lists give an empty alignment,
/// and empty texts are left unlinked (reported as dropped or added), as there is nothing
/// to compare them by. A link is `terms-changed` when the numbers in the text differ.
pub fn align_texts<S: AsRef<str>>(a: &[S], b: &[S], opts: &AlignOptions) -> Alignment {
    let mut vocabulary = Vocabulary::default();
    let mut buf = String::new();
    let mut read = |texts: &[S]| -> Vec<Provision> {
        texts
            .iter()
            .map(|t| Provision::from_text(t.as_ref(), opts.stem, &mut vocabulary, &mut buf))
            .collect()
    };
    let (pa, pb) = (read(a), read(b));
    let weighed = Weighed::new(vocabulary.len(), &pa, &pb);
    let links = aligner::align(&weighed, &Constraints::default(), opts);
    classify::finish(links, Vec::new(), pa.len(), pb.len(), &TextJudge { a: &pa, b: &pb })
}

struct TextJudge<'a> {
    a: &'a [Provision],
    b: &'a [Provision],
}

impl Judge for TextJudge<'_> {
    fn same_words(&self, i: usize, j: usize) -> bool {
        self.a[i].words == self.b[j].words
    }

    fn terms_changed(&self, i: usize, j: usize) -> bool {
        self.a[i].numbers != self.b[j].numbers
    }
}
