//! Tuning knobs of the aligner and a person's verdicts on links.

use serde::{Deserialize, Serialize};

/// Settings of the aligner. [`AlignOptions::default`] is what the benchmark and the CLI
/// use; change a field only with a reason (each one says what it trades).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlignOptions {
    /// Strip common English and Russian/Ukrainian inflections before comparing words.
    pub stem: bool,
    /// A one-to-one link needs `similarity + position bonus (+ number bonus)` above this.
    /// Lower finds more heavily reworded pairs and more false links.
    pub min_score: f64,
    /// A one-to-one link needs at least this text (cosine) similarity, whatever the
    /// position says: position alone never links two provisions.
    pub min_similarity: f64,
    /// Largest bonus for a pair sitting where the surrounding links predict
    /// (`position_weight * exp(-distance / position_scale)`).
    pub position_weight: f64,
    /// Distance, in provisions, over which the position bonus falls by a factor e.
    pub position_scale: f64,
    /// Two provisions that are each other's best match with at least this similarity
    /// anchor the position model.
    pub anchor_similarity: f64,
    /// Candidates kept per provision from the word index (besides positional neighbours).
    pub candidates: usize,
    /// Positional neighbours considered on each side of the predicted position.
    pub window: usize,
    /// Documents with at most this many provision pairs (`|a| * |b|`) are compared
    /// exhaustively instead of through the word index.
    pub exhaustive_pairs: usize,
    /// A piece within this many provisions of its predicted place counts as near.
    pub part_window: usize,
    /// A piece of a split or merge near its predicted place must have at least this
    /// share of its content in the larger provision.
    pub part_near: f64,
    /// A piece anywhere else must have at least this share.
    pub part_far: f64,
    /// A piece must raise the coverage of the larger provision by at least this much.
    pub part_gain: f64,
    /// Weight of heading words relative to text words (documents only).
    pub heading_weight: f64,
    /// Weight of each PA-X topic code, as a pseudo-word (documents only).
    pub code_weight: f64,
    /// Weight of each term's issue, as a pseudo-word (documents only).
    pub term_weight: f64,
    /// Bonus for two provisions with the same number as written (documents only).
    pub number_weight: f64,
}

impl From<&truce_model::AlignmentLink> for Override {
    fn from(link: &truce_model::AlignmentLink) -> Self {
        Override {
            a: link.a.clone(),
            b: link.b.clone(),
            confirmed: link.status == truce_model::LinkStatus::Confirmed,
        }
    }
}

impl AlignOptions {
    /// Settings for drafts of a negotiation (what `truce compare` and `truce evolution`
    /// use): the defaults, with headings, PA-X codes and split/merge pieces given more
    /// room, because negotiators rewrite a point's words far more than its subject.
    ///
    /// Chosen by a small grid (code weight 1-6, term weight 1-3, heading weight 1-3, two
    /// split/merge thresholds) on the hand-written gold links between the bundled drafts:
    /// in-sample precision 0.906 / recall 0.865; leave-one-document-pair-out
    /// cross-validation, which picks these same values in five folds of six, gives 0.894 /
    /// 0.854, the better estimate for new drafts.
    pub fn for_documents() -> Self {
        AlignOptions {
            code_weight: 4.0,
            heading_weight: 3.0,
            part_near: 0.2,
            part_far: 0.4,
            ..AlignOptions::default()
        }
    }
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            stem: true,
            min_score: 0.3,
            min_similarity: 0.05,
            position_weight: 0.2,
            position_scale: 5.0,
            anchor_similarity: 0.5,
            candidates: 5,
            window: 5,
            exhaustive_pairs: 40_000,
            part_window: 10,
            part_near: 0.25,
            part_far: 0.55,
            part_gain: 0.05,
            heading_weight: 1.0,
            code_weight: 1.0,
            term_weight: 1.0,
            number_weight: 0.05,
        }
    }
}

/// A person's verdict on one link between two documents, by provision id.
///
/// A confirmed link is kept whatever the aligner thinks, and its two provisions are taken
/// out of the aligner's hands (several confirmed links sharing a provision make one split
/// or merge). A rejected link is never proposed, directly or as part of a split or merge.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Override {
    /// Provision id in the earlier document.
    pub a: String,
    /// Provision id in the later document.
    pub b: String,
    /// `true` to force the link, `false` to forbid it.
    pub confirmed: bool,
}
