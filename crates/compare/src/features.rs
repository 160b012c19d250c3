//! Provisions as weighted bags of words: the vocabulary, document frequencies and the two
//! weightings the aligner uses.
//!
//! * **Similarity weights** (`sim`): sublinear term frequency times smoothed IDF,
//!   `(1 + ln tf) * (ln((1 + N) / (1 + df)) + 1)`, L2-normalised, so the dot product of
//!   two provisions is their cosine similarity.
//! * **Containment weights** (`cont`): sublinear term frequency times plain IDF
//!   `ln(N / df)`, not normalised. `sum_t min(x_t, y_t) / sum_t y_t` is the share of `y`'s
//!   content found in `x`; words present in every provision weigh nothing. This finds
//!   the pieces of a split or a merge, which are small parts of a larger provision.
//!
//! `N` counts the provisions of both documents and `df` the provisions (of either) that
//! use the word, so both weightings are symmetric in the two documents.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::normalize::for_each_token;

/// A small multiplicative hasher for the vocabulary (the keys are short words; hashing
/// dominates tokenising otherwise).
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        // `str` hashing ends with a 0xff marker; mix it in cheaply.
        self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Word to id, shared by both documents.
#[derive(Default)]
pub(crate) struct Vocabulary {
    /// Words of at most 16 bytes, packed into a number (no word holds a NUL byte, so the
    /// zero padding makes the packing one-to-one): no string hashing or comparison.
    short: HashMap<u128, u32, BuildHasherDefault<PackedHasher>>,
    long: HashMap<Box<str>, u32, BuildHasherDefault<WordHasher>>,
}

impl Vocabulary {
    /// The id of `word`, adding it when new.
    pub fn id(&mut self, word: &str) -> u32 {
        let next = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let bytes = word.as_bytes();
        if bytes.len() <= 16 {
            // Two little-endian halves; a NUL byte would make the packing ambiguous.
            let (mut lo, mut hi, mut nul) = (0u64, 0u64, false);
            for (k, &b) in bytes.iter().enumerate() {
                nul |= b == 0;
                if k < 8 {
                    lo |= u64::from(b) << (8 * k);
                } else {
                    hi |= u64::from(b) << (8 * (k - 8));
                }
            }
            if !nul {
                let packed = (u128::from(hi) << 64) | u128::from(lo);
                return *self.short.entry(packed).or_insert(next);
            }
        }
        if let Some(&id) = self.long.get(word) {
            return id;
        }
        self.long.insert(word.into(), next);
        next
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// Hasher for packed short words: one multiply-fold of the two halves.
#[derive(Default)]
pub(crate) struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used by the map; this keeps the trait complete.
        let mut inner = WordHasher(self.0);
        inner.write(bytes);
        self.0 = inner.0;
    }

    fn write_u128(&mut self, value: u128) {
        const K: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835;
        let mixed = value.wrapping_mul(K);
        self.0 = ((mixed >> 64) as u64) ^ (mixed as u64);
    }
}

/// What the aligner knows about one provision before weighting.
#[derive(Debug, Clone, Default)]
pub(crate) struct Provision {
    /// Word ids of the text in order (the identity check for "unchanged").
    pub words: Vec<u32>,
    /// Word ids of the numbers in the text, sorted (for "terms changed" in plain text).
    pub numbers: Vec<u32>,
    /// Extra features with their weight in occurrences: heading words, topic codes,
    /// term issues (documents only).
    pub extra: Vec<(u32, f32)>,
}

impl Provision {
    /// Reads `text` into word ids.
    pub fn from_text(text: &str, stem: bool, vocabulary: &mut Vocabulary, buf: &mut String) -> Self {
        let mut provision = Provision {
            words: Vec::with_capacity(text.len() / 5 + 1),
            ..Provision::default()
        };
        for_each_token(text, stem, buf, |token| {
            let id = vocabulary.id(token.text);
            provision.words.push(id);
            if token.numeric {
                provision.numbers.push(id);
            }
        });
        provision.numbers.sort_unstable();
        provision
    }
}

/// The weighted vectors of one document's provisions, stored flat (row `i` is
/// `offsets[i]..offsets[i + 1]`), terms ascending within a row.
#[derive(Debug, Default)]
pub(crate) struct Vectors {
    offsets: Vec<usize>,
    terms: Vec<u32>,
    sim: Vec<f32>,
    cont: Vec<f32>,
    cont_sum: Vec<f32>,
}

/// One row of [`Vectors`].
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    pub terms: &'a [u32],
    pub sim: &'a [f32],
    pub cont: &'a [f32],
    pub cont_sum: f32,
}

/// Cosine similarity and shared content of two rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Overlap {
    /// Cosine of the similarity vectors.
    pub cosine: f32,
    /// `sum_t min(x_t, y_t)` over the containment vectors.
    pub shared: f32,
}

impl Vectors {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> Row<'_> {
        let range = self.offsets[i]..self.offsets[i + 1];
        Row {
            terms: &self.terms[range.clone()],
            sim: &self.sim[range.clone()],
            cont: &self.cont[range],
            cont_sum: self.cont_sum[i],
        }
    }
}

/// Per-term statistics over both documents.
pub(crate) struct Weights {
    /// Document frequency of each term over both documents.
    pub df: Vec<u32>,
    idf_sim: Vec<f32>,
    idf_cont: Vec<f32>,
}

impl Weights {
    /// Counts document frequencies over both sides.
    pub fn new(vocabulary_len: usize, a: &[Provision], b: &[Provision]) -> Self {
        let mut df = vec![0u32; vocabulary_len];
        let mut last_seen = vec![u32::MAX; vocabulary_len];
        for (doc, provision) in a.iter().chain(b).enumerate() {
            let doc = u32::try_from(doc).unwrap_or(u32::MAX);
            let terms = provision
                .words
                .iter()
                .copied()
                .chain(provision.extra.iter().map(|&(t, _)| t));
            for t in terms {
                let t = t as usize;
                if last_seen[t] != doc {
                    last_seen[t] = doc;
                    df[t] += 1;
                }
            }
        }
        let n = (a.len() + b.len()) as f32;
        let idf_sim = df.iter().map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0).collect();
        let idf_cont = df
            .iter()
            .map(|&d| if d == 0 { 0.0 } else { (n / d as f32).ln().max(0.0) })
            .collect();
        Weights { df, idf_sim, idf_cont }
    }

    /// Weighs the provisions of one document.
    pub fn vectors(&self, provisions: &[Provision]) -> Vectors {
        let mut out = Vectors {
            offsets: Vec::with_capacity(provisions.len() + 1),
            ..Vectors::default()
        };
        out.offsets.push(0);
        // Term frequencies gathered in a dense array, touched terms sorted.
        let mut tf = vec![0.0f32; self.df.len()];
        let mut touched: Vec<u32> = Vec::new();
        for provision in provisions {
            let occurrences = provision
                .words
                .iter()
                .map(|&t| (t, 1.0))
                .chain(provision.extra.iter().copied());
            for (t, weight) in occurrences {
                let slot = &mut tf[t as usize];
                if *slot == 0.0 {
                    touched.push(t);
                }
                *slot += weight;
            }
            touched.sort_unstable();
            let start = out.terms.len();
            let mut norm = 0.0f32;
            let mut cont_sum = 0.0f32;
            for &term in &touched {
                let count = std::mem::take(&mut tf[term as usize]);
                if count <= 0.0 {
                    continue;
                }
                let count = if count == 1.0 {
                    1.0
                } else if count > 1.0 {
                    1.0 + count.ln()
                } else {
                    count
                };
                let s = count * self.idf_sim[term as usize];
                let c = count * self.idf_cont[term as usize];
                out.terms.push(term);
                out.sim.push(s);
                out.cont.push(c);
                norm += s * s;
                cont_sum += c;
            }
            touched.clear();
            let norm = norm.sqrt();
            if norm > 0.0 {
                for s in &mut out.sim[start..] {
                    *s /= norm;
                }
            }
            out.cont_sum.push(cont_sum);
            out.offsets.push(out.terms.len());
        }
        out
    }
}

/// Cosine and shared content of two rows, by merging their sorted terms.
pub(crate) fn overlap(x: Row<'_>, y: Row<'_>) -> Overlap {
    let (mut i, mut j) = (0, 0);
    let mut out = Overlap::default();
    while i < x.terms.len() && j < y.terms.len() {
        match x.terms[i].cmp(&y.terms[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.cosine += x.sim[i] * y.sim[j];
                out.shared += x.cont[i].min(y.cont[j]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// One row spread over the whole vocabulary, to compare it with many others quickly.
/// Gives exactly the results of [`overlap`] (same products, summed in the same order).
pub(crate) struct Spread {
    sim: Vec<f32>,
    cont: Vec<f32>,
}

impl Spread {
    /// An empty spread for `vocabulary_len` terms.
    pub fn new(vocabulary_len: usize) -> Self {
        Spread {
            sim: vec![0.0; vocabulary_len],
            cont: vec![0.0; vocabulary_len],
        }
    }

    /// Spreads `row` (the previous row must have been cleared).
    pub fn load(&mut self, row: Row<'_>) {
        for ((&t, &s), &c) in row.terms.iter().zip(row.sim).zip(row.cont) {
            self.sim[t as usize] = s;
            self.cont[t as usize] = c;
        }
    }

    /// Clears what `load(row)` set.
    pub fn clear(&mut self, row: Row<'_>) {
        for &t in row.terms {
            self.sim[t as usize] = 0.0;
            self.cont[t as usize] = 0.0;
        }
    }

    /// Overlap of the loaded row with `other`.
    pub fn overlap(&self, other: Row<'_>) -> Overlap {
        let mut out = Overlap::default();
        for ((&t, &s), &c) in other.terms.iter().zip(other.sim).zip(other.cont) {
            let x = self.sim[t as usize];
            if x != 0.0 {
                out.cosine += x * s;
                out.shared += self.cont[t as usize].min(c);
            }
        }
        out
    }
}

/// Share of `host`'s content covered by the union of `parts` (0 when `host` is empty).
pub(crate) fn coverage(host: Row<'_>, parts: &[Row<'_>]) -> f32 {
    if host.cont_sum <= 0.0 {
        return 0.0;
    }
    let mut covered = 0.0f32;
    for (k, &term) in host.terms.iter().enumerate() {
        let mut supply = 0.0f32;
        for part in parts {
            if let Ok(p) = part.terms.binary_search(&term) {
                supply += part.cont[p];
            }
        }
        covered += host.cont[k].min(supply);
    }
    covered / host.cont_sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(texts: &[&str], vocabulary: &mut Vocabulary) -> Vec<Provision> {
        let mut buf = String::new();
        texts
            .iter()
            .map(|t| Provision::from_text(t, true, vocabulary, &mut buf))
            .collect()
    }

    #[test]
    fn cosine_of_identical_rows_is_one_and_disjoint_rows_zero() {
        let mut v = Vocabulary::default();
        let a = side(&["the army is capped at 600000", "elections within 100 days"], &mut v);
        let b = side(&["The army is capped at 600,000.", "amnesty for all"], &mut v);
        let w = Weights::new(v.len(), &a, &b);
        let (va, vb) = (w.vectors(&a), w.vectors(&b));
        assert!((overlap(va.row(0), vb.row(0)).cosine - 1.0).abs() < 1e-5);
        assert_eq!(overlap(va.row(1), vb.row(1)).cosine, 0.0);
    }

    #[test]
    fn coverage_of_a_split_is_higher_with_both_parts() {
        let mut v = Vocabulary::default();
        let a = side(
            &[
                "troops withdraw from the zone; prisoners are exchanged all for all",
                "other",
            ],
            &mut v,
        );
        let b = side(
            &[
                "troops withdraw from the zone",
                "prisoners are exchanged all for all",
                "x",
            ],
            &mut v,
        );
        let w = Weights::new(v.len(), &a, &b);
        let (va, vb) = (w.vectors(&a), w.vectors(&b));
        let one = coverage(va.row(0), &[vb.row(0)]);
        let both = coverage(va.row(0), &[vb.row(0), vb.row(1)]);
        assert!(one > 0.2 && both > one + 0.2, "{one} {both}");
        assert_eq!(coverage(va.row(1), &[vb.row(2)]), 0.0);
    }

    #[test]
    fn empty_provisions_have_empty_rows() {
        let mut v = Vocabulary::default();
        let a = side(&["", "  "], &mut v);
        let b = side(&[""], &mut v);
        let w = Weights::new(v.len(), &a, &b);
        let va = w.vectors(&a);
        assert_eq!(va.len(), 2);
        assert!(va.row(0).terms.is_empty());
        assert_eq!(overlap(va.row(0), w.vectors(&b).row(0)), Overlap::default());
    }
}
