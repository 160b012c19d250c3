//! Aligning two documents of the model: text plus headings, topic codes, term issues and
//! provision numbers, with a person's overrides.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use truce_model::{Document, Provision as ModelProvision};

use crate::aligner::{self, Constraints, RawLink, Weighed};
use crate::alignment::{Alignment, Link};
use crate::classify::{self, Judge};
use crate::error::CompareError;
use crate::features::{Provision, Vocabulary, coverage, overlap};
use crate::normalize::for_each_token;
use crate::options::{AlignOptions, Override};
use crate::redline::{Change, redline};
use crate::terms::{TermDelta, term_deltas};

/// Prefix of pseudo-words for codes and terms; no text word can start with it because the
/// tokenizer keeps alphanumerics only.
const CODE_PREFIX: &str = "\u{1}code:";
const TERM_PREFIX: &str = "\u{1}term:";

/// Aligns the provisions of document `a` (earlier) with those of `b` (later).
///
/// Besides the text, the aligner compares heading words, PA-X topic codes and the issues
/// that terms are set on (as extra pseudo-words weighted by [`AlignOptions`]), and gives a
/// small bonus to provisions with the same number as written. A link is `terms-changed`
/// when a typed term or a number in the text differs, and `reworded` when the heading or
/// text words differ otherwise (topic codes are not compared: they describe the text).
///
/// Overrides whose two ids are not a provision of `a` and a provision of `b` respectively
/// are about other documents and are skipped (use [`check_overrides`] to validate a set of
/// overrides against the whole family). Confirmed links are kept with
/// [`Origin::Confirmed`](crate::Origin::Confirmed) and confidence 1; several confirmed
/// links sharing a provision form one split or merge.
///
/// # Errors
///
/// [`CompareError::ConflictingOverride`] when a link is both confirmed and rejected, and
/// [`CompareError::ManyToMany`] when confirmed links join several provisions on both
/// sides.
pub fn align_documents(
    a: &Document,
    b: &Document,
    overrides: &[Override],
    opts: &AlignOptions,
) -> Result<Alignment, CompareError> {
    let ids_a: HashMap<&str, usize> = a
        .provisions
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    let ids_b: HashMap<&str, usize> = b
        .provisions
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    let mut confirmed_pairs = BTreeSet::new();
    let mut rejected_pairs = BTreeSet::new();
    for o in overrides {
        let (Some(&i), Some(&j)) = (ids_a.get(o.a.as_str()), ids_b.get(o.b.as_str())) else {
            continue;
        };
        if o.confirmed {
            confirmed_pairs.insert((i, j));
        } else {
            rejected_pairs.insert((i, j));
        }
    }
    if let Some(&(i, j)) = confirmed_pairs.intersection(&rejected_pairs).next() {
        return Err(CompareError::ConflictingOverride {
            a: a.provisions[i].id.clone(),
            b: b.provisions[j].id.clone(),
        });
    }
    let groups = confirmed_groups(&confirmed_pairs);
    for (ga, gb) in &groups {
        if ga.len() > 1 && gb.len() > 1 {
            return Err(CompareError::ManyToMany {
                a: ga.iter().map(|&i| a.provisions[i].id.clone()).collect(),
                b: gb.iter().map(|&j| b.provisions[j].id.clone()).collect(),
            });
        }
    }

    let mut vocabulary = Vocabulary::default();
    let side_a = read_side(a, opts, &mut vocabulary);
    let side_b = read_side(b, opts, &mut vocabulary);
    let weighed = Weighed::new(
        vocabulary.len(),
        &side_a.iter().map(|s| s.features.clone()).collect::<Vec<_>>(),
        &side_b.iter().map(|s| s.features.clone()).collect::<Vec<_>>(),
    );

    let mut constraints = Constraints {
        fixed_a: vec![false; a.provisions.len()],
        fixed_b: vec![false; b.provisions.len()],
        forbidden: rejected_pairs.into_iter().collect(),
        anchors: confirmed_pairs.iter().copied().collect(),
        numbers: Some((
            side_a.iter().map(|s| s.number.clone()).collect(),
            side_b.iter().map(|s| s.number.clone()).collect(),
        )),
    };
    for &(i, j) in &confirmed_pairs {
        constraints.fixed_a[i] = true;
        constraints.fixed_b[j] = true;
    }
    let aligned = aligner::align(&weighed, &constraints, opts);
    let confirmed: Vec<RawLink> = groups
        .into_iter()
        .map(|(ga, gb)| {
            let similarity = match (ga.as_slice(), gb.as_slice()) {
                ([i], [j]) => overlap(weighed.a.row(*i), weighed.b.row(*j)).cosine,
                ([i], parts) => coverage(
                    weighed.a.row(*i),
                    &parts.iter().map(|&j| weighed.b.row(j)).collect::<Vec<_>>(),
                ),
                (parts, [j]) => coverage(
                    weighed.b.row(*j),
                    &parts.iter().map(|&i| weighed.a.row(i)).collect::<Vec<_>>(),
                ),
                _ => 0.0,
            };
            RawLink {
                a: ga,
                b: gb,
                similarity: f64::from(similarity),
                confidence: 1.0,
            }
        })
        .collect();
    let judge = DocumentJudge {
        a,
        b,
        side_a: &side_a,
        side_b: &side_b,
    };
    Ok(classify::finish(
        aligned,
        confirmed,
        a.provisions.len(),
        b.provisions.len(),
        &judge,
    ))
}

/// Checks a set of overrides against a family of documents: every id must name a
/// provision of one of them, the two ids of an override must be in different documents,
/// and no link may be both confirmed and rejected.
///
/// # Errors
///
/// The first problem found, in override order.
pub fn check_overrides(documents: &[&Document], overrides: &[Override]) -> Result<(), CompareError> {
    let mut home: HashMap<&str, &str> = HashMap::new();
    for document in documents {
        for p in &document.provisions {
            home.insert(p.id.as_str(), document.id.as_str());
        }
    }
    let mut verdicts: HashMap<(&str, &str), bool> = HashMap::new();
    for o in overrides {
        let doc_a = home
            .get(o.a.as_str())
            .ok_or_else(|| CompareError::UnknownProvision { id: o.a.clone() })?;
        let doc_b = home
            .get(o.b.as_str())
            .ok_or_else(|| CompareError::UnknownProvision { id: o.b.clone() })?;
        if doc_a == doc_b {
            return Err(CompareError::SameDocument {
                a: o.a.clone(),
                b: o.b.clone(),
                document: doc_a.to_string(),
            });
        }
        if let Some(&earlier) = verdicts.get(&(o.a.as_str(), o.b.as_str()))
            && earlier != o.confirmed
        {
            return Err(CompareError::ConflictingOverride {
                a: o.a.clone(),
                b: o.b.clone(),
            });
        }
        verdicts.insert((o.a.as_str(), o.b.as_str()), o.confirmed);
    }
    Ok(())
}

/// The details of one link: a word-level redline of the texts and the term changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkDiff {
    /// Word-level changes from the `a` text(s) to the `b` text(s); the texts of a group
    /// are joined by a line break in document order.
    pub redline: Vec<Change>,
    /// Typed terms that differ, by issue id.
    pub terms: Vec<TermDelta>,
}

/// The redline and term changes across `link`, an entry of an alignment of `a` and `b`.
/// Indices out of range are ignored.
pub fn diff_link(a: &Document, b: &Document, link: &Link) -> LinkDiff {
    let (pa, pb) = (pick(a, &link.a), pick(b, &link.b));
    LinkDiff {
        redline: redline(&join(&pa), &join(&pb)),
        terms: term_deltas(&pa, &pb),
    }
}

fn pick<'d>(document: &'d Document, indices: &[usize]) -> Vec<&'d ModelProvision> {
    indices.iter().filter_map(|&k| document.provisions.get(k)).collect()
}

fn join(provisions: &[&ModelProvision]) -> String {
    provisions
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One provision read for the aligner.
struct Side {
    features: Provision,
    /// Normalised heading and text words, for the "same words" test.
    identity: Vec<u32>,
    /// Normalised number as written.
    number: String,
}

fn read_side(document: &Document, opts: &AlignOptions, vocabulary: &mut Vocabulary) -> Vec<Side> {
    let mut buf = String::new();
    document
        .provisions
        .iter()
        .map(|p| {
            let mut features = Provision::from_text(&p.text, opts.stem, vocabulary, &mut buf);
            let mut identity = Vec::new();
            if let Some(heading) = &p.heading {
                let mut heading_words = Vec::new();
                for_each_token(heading, opts.stem, &mut buf, |t| {
                    heading_words.push(vocabulary.id(t.text))
                });
                identity.extend(&heading_words);
                features
                    .extra
                    .extend(heading_words.into_iter().map(|id| (id, opts.heading_weight as f32)));
            }
            identity.push(u32::MAX);
            identity.extend(&features.words);
            for code in p.codes.keys() {
                let id = vocabulary.id(&format!("{CODE_PREFIX}{code}"));
                features.extra.push((id, opts.code_weight as f32));
            }
            for issue in p.terms.keys() {
                let id = vocabulary.id(&format!("{TERM_PREFIX}{issue}"));
                features.extra.push((id, opts.term_weight as f32));
            }
            features.extra.retain(|&(_, w)| w > 0.0 && w.is_finite());
            Side {
                features,
                identity,
                number: normalise_number(&p.number),
            }
        })
        .collect()
}

/// "6.", "(6)", " 6 " all become "6"; "21(b)" stays; letters are lower-cased.
fn normalise_number(number: &str) -> String {
    let mut n = number.trim().trim_end_matches('.').trim();
    if let Some(inner) = n.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        n = inner.trim();
    }
    n.to_lowercase()
}

/// Connected groups of confirmed pairs, each as (a indices, b indices), sorted.
fn confirmed_groups(pairs: &BTreeSet<(usize, usize)>) -> Vec<(Vec<usize>, Vec<usize>)> {
    // Union-find over nodes `A(i)` and `B(j)`, keyed in a map as the sets are small.
    let mut parent: BTreeMap<(u8, usize), (u8, usize)> = BTreeMap::new();
    fn find(parent: &mut BTreeMap<(u8, usize), (u8, usize)>, x: (u8, usize)) -> (u8, usize) {
        let mut root = x;
        while let Some(&p) = parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        let mut node = x;
        while node != root {
            let next = parent.get(&node).copied().unwrap_or(root);
            parent.insert(node, root);
            node = next;
        }
        root
    }
    for &(i, j) in pairs {
        parent.entry((0, i)).or_insert((0, i));
        parent.entry((1, j)).or_insert((1, j));
        let (ri, rj) = (find(&mut parent, (0, i)), find(&mut parent, (1, j)));
        if ri != rj {
            let (low, high) = if ri < rj { (ri, rj) } else { (rj, ri) };
            parent.insert(high, low);
        }
    }
    let nodes: Vec<(u8, usize)> = parent.keys().copied().collect();
    let mut groups: BTreeMap<(u8, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for node in nodes {
        let root = find(&mut parent, node);
        let group = groups.entry(root).or_default();
        if node.0 == 0 {
            group.0.push(node.1);
        } else {
            group.1.push(node.1);
        }
    }
    groups.into_values().collect()
}

struct DocumentJudge<'a> {
    a: &'a Document,
    b: &'a Document,
    side_a: &'a [Side],
    side_b: &'a [Side],
}

impl Judge for DocumentJudge<'_> {
    fn same_words(&self, i: usize, j: usize) -> bool {
        self.side_a[i].identity == self.side_b[j].identity
    }

    fn terms_changed(&self, i: usize, j: usize) -> bool {
        self.a.provisions[i].terms != self.b.provisions[j].terms
            || self.side_a[i].features.numbers != self.side_b[j].features.numbers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(normalise_number(" (6) "), "6");
        assert_eq!(normalise_number("6.A"), "6.a");
        assert_eq!(normalise_number("21(b)"), "21(b)");
    }

    #[test]
    fn groups_join_shared_provisions() {
        let pairs: BTreeSet<(usize, usize)> = [(0, 0), (0, 1), (2, 3), (4, 5), (5, 5)].into_iter().collect();
        assert_eq!(
            confirmed_groups(&pairs),
            vec![(vec![0], vec![0, 1]), (vec![2], vec![3]), (vec![4, 5], vec![5])]
        );
    }
}
