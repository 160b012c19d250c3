//! The lineage of every point across a family of documents.

use serde::{Deserialize, Serialize};
use truce_model::Document;

use crate::alignment::{Alignment, Counts, LinkKind};
use crate::documents::align_documents;
use crate::error::CompareError;
use crate::options::{AlignOptions, Override};

/// How each point of a negotiation fared across its documents in date order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evolution {
    /// Document ids in the order compared (by date, ties in the order given).
    pub documents: Vec<String>,
    /// One entry per pair of consecutive documents.
    pub steps: Vec<Step>,
    /// One entry per point, ordered by the document and position where it first appears.
    pub lineages: Vec<Lineage>,
}

/// The comparison of two consecutive documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Id of the earlier document.
    pub from: String,
    /// Id of the later document.
    pub to: String,
    /// Links by kind, added and dropped provisions.
    pub counts: Counts,
    /// The alignment itself (indices into the two documents' provisions).
    pub alignment: Alignment,
}

/// One point followed across the documents: the provisions linked to each other from
/// one document to the next (a split point holds several provisions in later documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// Id of the point's first provision (earliest document, first in document order).
    pub id: String,
    /// The overall outcome.
    pub fate: Fate,
    /// One entry per document, in the order of [`Evolution::documents`].
    pub presence: Vec<Presence>,
}

/// The point in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// Document id.
    pub document: String,
    /// Ids of the point's provisions in this document, in document order; empty when the
    /// point is absent.
    pub provisions: Vec<String>,
    /// What happened since the previous document.
    pub change: PointChange,
    /// Lowest confidence of the links that carried the point here (absent for the first
    /// document, new, dropped and absent points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// What happened to a point between the previous document and this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PointChange {
    /// Present in the first document (nothing to compare with).
    Base,
    /// Not in the previous document, present here.
    New,
    /// Carried over word for word.
    Unchanged,
    /// Carried over in other words.
    Reworded,
    /// Carried over with a different term or number.
    TermsChanged,
    /// Carried over word for word to another place.
    Moved,
    /// Several provisions became one.
    Merged,
    /// One provision became several.
    Split,
    /// In the previous document, not here.
    Dropped,
    /// Neither here nor in the previous document.
    Absent,
}

impl From<LinkKind> for PointChange {
    fn from(kind: LinkKind) -> Self {
        match kind {
            LinkKind::Unchanged => PointChange::Unchanged,
            LinkKind::Reworded => PointChange::Reworded,
            LinkKind::TermsChanged => PointChange::TermsChanged,
            LinkKind::Moved => PointChange::Moved,
            LinkKind::Merged => PointChange::Merged,
            LinkKind::Split => PointChange::Split,
        }
    }
}

/// The overall outcome of a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// From the first document to the last, word for word, in place.
    Survived,
    /// From the first document to the last, changed on the way.
    Changed,
    /// Appeared after the first document and is in the last.
    New,
    /// Not in the last document.
    Dropped,
}

/// Traces every point across `documents`.
///
/// The documents are sorted by date (a stable sort: documents of the same date keep the
/// order given), each is aligned with the next by [`align_documents`], and provisions
/// joined by links are one point. Overrides apply to the pair of consecutive documents
/// that holds their two provisions; overrides between documents that are not consecutive
/// do not take part.
///
/// # Errors
///
/// The errors of [`align_documents`] for any consecutive pair.
pub fn evolution(
    documents: &[&Document],
    overrides: &[Override],
    opts: &AlignOptions,
) -> Result<Evolution, CompareError> {
    let mut docs: Vec<&Document> = documents.to_vec();
    docs.sort_by_key(|d| d.date);

    // Node numbering: provision k of document d is offsets[d] + k.
    let mut offsets = Vec::with_capacity(docs.len() + 1);
    offsets.push(0usize);
    for d in &docs {
        offsets.push(offsets.last().copied().unwrap_or(0) + d.provisions.len());
    }
    let total = offsets.last().copied().unwrap_or(0);
    let mut parent: Vec<usize> = (0..total).collect();

    let mut steps = Vec::new();
    for (d, pair) in docs.windows(2).enumerate() {
        let alignment = align_documents(pair[0], pair[1], overrides, opts)?;
        for (a, b) in alignment.pairs() {
            union(&mut parent, offsets[d] + a, offsets[d + 1] + b);
        }
        steps.push(Step {
            from: pair[0].id.clone(),
            to: pair[1].id.clone(),
            counts: alignment.counts(),
            alignment,
        });
    }

    // Components in order of first appearance (node order is document, then position).
    let mut component_of_root = vec![usize::MAX; total];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for node in 0..total {
        let root = find(&mut parent, node);
        if component_of_root[root] == usize::MAX {
            component_of_root[root] = members.len();
            members.push(Vec::new());
        }
        members[component_of_root[root]].push(node);
    }

    let lineages = members
        .iter()
        .map(|nodes| lineage(nodes, &docs, &offsets, &steps))
        .collect();
    Ok(Evolution {
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        steps,
        lineages,
    })
}

fn lineage(nodes: &[usize], docs: &[&Document], offsets: &[usize], steps: &[Step]) -> Lineage {
    // Provision indices of this point in each document.
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for &node in nodes {
        let d = offsets.partition_point(|&o| o <= node) - 1;
        by_doc[d].push(node - offsets[d]);
    }
    let first_doc = by_doc.iter().position(|v| !v.is_empty()).unwrap_or(0);
    let id = by_doc[first_doc]
        .first()
        .map(|&k| docs[first_doc].provisions[k].id.clone())
        .unwrap_or_default();

    let mut presence = Vec::with_capacity(docs.len());
    for (d, here) in by_doc.iter().enumerate() {
        let before_present = d > 0 && !by_doc[d - 1].is_empty();
        let (change, confidence) = match (d, here.is_empty()) {
            (_, true) if before_present => (PointChange::Dropped, None),
            (_, true) => (PointChange::Absent, None),
            (0, false) => (PointChange::Base, None),
            (_, false) if !before_present => (PointChange::New, None),
            (_, false) => step_change(&steps[d - 1].alignment, &by_doc[d - 1]),
        };
        presence.push(Presence {
            document: docs[d].id.clone(),
            provisions: here.iter().map(|&k| docs[d].provisions[k].id.clone()).collect(),
            change,
            confidence,
        });
    }
    let in_last = by_doc.last().is_some_and(|v| !v.is_empty());
    let fate = if !in_last {
        Fate::Dropped
    } else if first_doc > 0 || presence.iter().any(|p| p.change == PointChange::New) {
        Fate::New
    } else if presence.iter().skip(1).all(|p| p.change == PointChange::Unchanged) {
        Fate::Survived
    } else {
        Fate::Changed
    };
    Lineage { id, fate, presence }
}

/// The most significant kind among the links that carry the point's `from` provisions,
/// with their lowest confidence. Shape beats substance beats wording beats place.
fn step_change(alignment: &Alignment, from: &[usize]) -> (PointChange, Option<f64>) {
    let rank = |k: LinkKind| match k {
        LinkKind::Merged | LinkKind::Split => 4,
        LinkKind::TermsChanged => 3,
        LinkKind::Reworded => 2,
        LinkKind::Moved => 1,
        LinkKind::Unchanged => 0,
    };
    let mut kind: Option<LinkKind> = None;
    let mut confidence: Option<f64> = None;
    for link in alignment.links.iter().filter(|l| l.a.iter().any(|a| from.contains(a))) {
        if kind.is_none_or(|k| rank(link.kind) > rank(k)) {
            kind = Some(link.kind);
        }
        confidence = Some(confidence.map_or(link.confidence, |c: f64| c.min(link.confidence)));
    }
    (kind.map_or(PointChange::New, PointChange::from), confidence)
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut node = x;
    while parent[node] != root {
        let next = parent[node];
        parent[node] = root;
        node = next;
    }
    root
}

fn union(parent: &mut [usize], x: usize, y: usize) {
    let (rx, ry) = (find(parent, x), find(parent, y));
    if rx != ry {
        // The smaller node stays root, so components are named by their first node.
        let (low, high) = if rx < ry { (rx, ry) } else { (ry, rx) };
        parent[high] = low;
    }
}
