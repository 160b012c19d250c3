//! Properties of the aligner: symmetry, a partition of the provisions, no panics.

use std::collections::BTreeSet;

use proptest::prelude::*;
use truce_compare::{AlignOptions, Alignment, align_texts, redline};

const WORDS: &[&str] = &[
    "ceasefire",
    "troops",
    "withdraw",
    "border",
    "elections",
    "amnesty",
    "prisoners",
    "exchange",
    "sanctions",
    "lifted",
    "army",
    "capped",
    "personnel",
    "nato",
    "membership",
    "guarantees",
    "security",
    "reconstruction",
    "assets",
    "frozen",
    "zone",
    "demilitarised",
    "monitoring",
    "mission",
    "council",
    "referendum",
    "language",
    "church",
    "energy",
    "plant",
    "граница",
    "войска",
    "выборы",
    "амнистия",
    "україна",
    "гарантії",
    "безпеки",
    "600000",
    "100",
    "2026",
];

/// A provision: 3 to 14 words from the list, possibly repeated.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..WORDS.len(), 3..15)
        .prop_map(|ws| ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" "))
}

/// A document and an edited version: words replaced, provisions dropped, added and
/// swapped with a neighbour.
fn versions() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    (
        proptest::collection::vec(text(), 0..25),
        proptest::collection::vec((0u8..10, 0..WORDS.len(), text()), 25),
    )
        .prop_map(|(a, edits)| {
            let mut b: Vec<String> = Vec::new();
            for (k, t) in a.iter().enumerate() {
                let (roll, word, fresh) = &edits[k];
                match roll {
                    0 => {}                     // dropped
                    1 => b.push(fresh.clone()), // replaced by a new provision
                    2 => {
                        b.push(t.clone());
                        b.push(fresh.clone()); // a new provision after it
                    }
                    3 => b.push(format!("{t} {}", WORDS[*word])),
                    4 if !b.is_empty() => {
                        let last = b.len() - 1;
                        b.insert(last, t.clone()); // swapped with the previous one
                    }
                    _ => b.push(t.clone()),
                }
            }
            (a, b)
        })
}

fn assert_partition(alignment: &Alignment, n: usize, m: usize) -> Result<(), TestCaseError> {
    let mut seen_a = vec![0; n];
    let mut seen_b = vec![0; m];
    for link in &alignment.links {
        prop_assert!(!link.a.is_empty() && !link.b.is_empty());
        prop_assert!(link.a.len() == 1 || link.b.len() == 1);
        prop_assert!((0.0..=1.0).contains(&link.confidence));
        link.a.iter().for_each(|&i| seen_a[i] += 1);
        link.b.iter().for_each(|&j| seen_b[j] += 1);
    }
    alignment.dropped.iter().for_each(|&i| seen_a[i] += 1);
    alignment.added.iter().for_each(|&j| seen_b[j] += 1);
    prop_assert!(seen_a.iter().all(|&k| k == 1), "a side {:?}", seen_a);
    prop_assert!(seen_b.iter().all(|&k| k == 1), "b side {:?}", seen_b);
    Ok(())
}

/// One-to-one pairs of an alignment.
fn one_to_one(alignment: &Alignment) -> BTreeSet<(usize, usize)> {
    alignment
        .links
        .iter()
        .filter(|l| l.a.len() == 1 && l.b.len() == 1)
        .map(|l| (l.a[0], l.b[0]))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn aligning_backwards_mirrors_the_links((a, b) in versions()) {
        // Exactly equal scores are broken towards the smaller index, which depends on the
        // direction: keep the provisions of each side distinct so that no two candidates tie.
        let distinct = |v: &[String]| v.iter().collect::<BTreeSet<_>>().len() == v.len();
        prop_assume!(distinct(&a) && distinct(&b));
        let opts = AlignOptions::default();
        let forward = align_texts(&a, &b, &opts);
        let backward = align_texts(&b, &a, &opts);
        assert_partition(&forward, a.len(), b.len())?;
        assert_partition(&backward, b.len(), a.len())?;
        let mirrored: BTreeSet<(usize, usize)> = one_to_one(&backward).into_iter().map(|(j, i)| (i, j)).collect();
        prop_assert_eq!(one_to_one(&forward), mirrored);
        prop_assert_eq!(&forward.added, &backward.dropped);
        prop_assert_eq!(&forward.dropped, &backward.added);
    }

    #[test]
    fn identical_lists_align_one_to_one(a in proptest::collection::vec(text(), 0..30)) {
        let alignment = align_texts(&a, &a, &AlignOptions::default());
        assert_partition(&alignment, a.len(), a.len())?;
        // Duplicated provisions may pair up crosswise, but each pair reads the same.
        for (i, j) in alignment.pairs() {
            prop_assert_eq!(&a[i], &a[j]);
        }
        prop_assert!(alignment.added.is_empty() && alignment.dropped.is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics(
        a in proptest::collection::vec(any::<String>(), 0..12),
        b in proptest::collection::vec(any::<String>(), 0..12),
    ) {
        let alignment = align_texts(&a, &b, &AlignOptions::default());
        assert_partition(&alignment, a.len(), b.len())?;
        if let (Some(x), Some(y)) = (a.first(), b.first()) {
            let changes = redline(x, y);
            let old: String = changes.iter().filter(|c| c.op != truce_compare::ChangeOp::Insert).map(|c| c.text.as_str()).collect();
            let new: String = changes.iter().filter(|c| c.op != truce_compare::ChangeOp::Delete).map(|c| c.text.as_str()).collect();
            prop_assert_eq!(&old, x);
            prop_assert_eq!(&new, y);
        }
    }
}
