//! Quality of the aligner, measured against hand-written gold links between the bundled
//! drafts (tests/gold/alignment.toml): precision and recall over linked provision pairs.
//! The gold was written from the texts by a person who did not see the aligner's output.
//! The document settings (`AlignOptions::for_documents`) were then chosen on this same
//! gold, so the figures here are in-sample; leave-one-pair-out cross-validation gives
//! precision 0.894 / recall 0.854 (see the docs of `for_documents`).

use std::collections::BTreeSet;
use std::path::Path;

use truce_compare::{AlignOptions, Score, align_documents};
use truce_model::{Negotiation, load_scenario};

fn scenario(name: &str) -> Negotiation {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    let loaded = load_scenario(&root);
    assert_eq!(loaded.error_count(), 0, "bundled scenario {name} has errors");
    loaded.negotiation.expect("negotiation")
}

#[test]
fn aligner_precision_and_recall_on_gold_links() {
    let gold_text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/alignment.toml"))
        .expect("gold file");
    let gold: toml::Table = toml::from_str(&gold_text).expect("gold parses");
    let pairs = gold["pair"].as_array().expect("[[pair]]");
    let mut total = Score::default();
    let mut kinds = BTreeSet::new();
    println!(
        "{:<52} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "pair", "gold", "found", "right", "precision", "recall"
    );
    for pair in pairs {
        let name = pair["scenario"].as_str().expect("scenario");
        let n = scenario(name);
        let a = n.document(pair["a"].as_str().expect("a")).expect("document a");
        let b = n.document(pair["b"].as_str().expect("b")).expect("document b");
        let want: BTreeSet<(String, String)> = pair["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| {
                let l = l.as_array().expect("link is [a, b]");
                (
                    l[0].as_str().expect("id").to_owned(),
                    l[1].as_str().expect("id").to_owned(),
                )
            })
            .collect();
        // No overrides: this measures the aligner alone.
        let alignment = align_documents(a, b, &[], &AlignOptions::for_documents()).expect("aligns");
        for link in &alignment.links {
            kinds.insert(link.kind);
        }
        let got: BTreeSet<(String, String)> = alignment
            .pairs()
            .into_iter()
            .map(|(i, j)| (a.provisions[i].id.clone(), b.provisions[j].id.clone()))
            .collect();
        let score = Score::of(&got, &want);
        println!(
            "{:<52} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            format!("{} -> {}", a.id, b.id),
            score.expected,
            score.found,
            score.hits,
            score.precision(),
            score.recall()
        );
        for missing in want.difference(&got) {
            println!("    missed {} -> {}", missing.0, missing.1);
        }
        for wrong in got.difference(&want) {
            println!("    wrong  {} -> {}", wrong.0, wrong.1);
        }
        total = total.add(score);
    }
    let (expected, precision, recall) = (total.expected, total.precision(), total.recall());
    println!(
        "overall: {expected} gold links, precision {precision:.3}, recall {recall:.3}; link kinds seen: {kinds:?}"
    );
    assert!(
        expected >= 60,
        "the gold set must hold at least 60 links, has {expected}"
    );
    assert!(precision >= 0.90, "precision {precision:.3} below 0.90");
    assert!(recall >= 0.85, "recall {recall:.3} below 0.85");
}

#[test]
fn a_confirmed_link_overrides_the_aligner() {
    let n = scenario("geneva-2025");
    let a = n.document("us-28-point-plan").expect("a");
    let b = n.document("e3-counter-proposal").expect("b");
    // Force an implausible pair and forbid a plausible one; the aligner must obey both.
    let overrides = vec![
        truce_compare::Override {
            a: "us28-01".into(),
            b: "e3-28".into(),
            confirmed: true,
        },
        truce_compare::Override {
            a: "us28-06".into(),
            b: "e3-06".into(),
            confirmed: false,
        },
    ];
    let alignment = align_documents(a, b, &overrides, &AlignOptions::for_documents()).expect("aligns");
    let pairs: BTreeSet<(String, String)> = alignment
        .pairs()
        .into_iter()
        .map(|(i, j)| (a.provisions[i].id.clone(), b.provisions[j].id.clone()))
        .collect();
    assert!(pairs.contains(&("us28-01".into(), "e3-28".into())), "{pairs:?}");
    assert!(!pairs.contains(&("us28-06".into(), "e3-06".into())), "{pairs:?}");
}
