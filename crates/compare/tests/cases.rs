//! Hand-made cases for every link kind, bad input, overrides, redlines and evolution.

use std::collections::BTreeMap;

use jiff::civil::date;
use truce_compare::{
    AlignOptions, Alignment, ChangeOp, CompareError, Fate, LinkKind, Origin, Override, PointChange, align_documents,
    align_texts, check_overrides, diff_link, evolution, render_redline,
};
use truce_model::{Document, Provision, Stage, Status, TermValue};

fn opts() -> AlignOptions {
    AlignOptions::default()
}

/// (a indices, b indices, kind) of every link.
fn shape(alignment: &Alignment) -> Vec<(Vec<usize>, Vec<usize>, LinkKind)> {
    alignment
        .links
        .iter()
        .map(|l| (l.a.clone(), l.b.clone(), l.kind))
        .collect()
}

/// Every provision is in exactly one place: one link, added or dropped.
fn assert_partition(alignment: &Alignment, n: usize, m: usize) {
    let mut seen_a = vec![0; n];
    let mut seen_b = vec![0; m];
    for link in &alignment.links {
        assert!(!link.a.is_empty() && !link.b.is_empty());
        assert!(link.a.len() == 1 || link.b.len() == 1, "n:m link {link:?}");
        assert!((0.0..=1.0).contains(&link.confidence), "{link:?}");
        link.a.iter().for_each(|&i| seen_a[i] += 1);
        link.b.iter().for_each(|&j| seen_b[j] += 1);
    }
    alignment.dropped.iter().for_each(|&i| seen_a[i] += 1);
    alignment.added.iter().for_each(|&j| seen_b[j] += 1);
    assert!(seen_a.iter().all(|&k| k == 1), "a side: {seen_a:?}");
    assert!(seen_b.iter().all(|&k| k == 1), "b side: {seen_b:?}");
}

const PLAN: [&str; 8] = [
    "Ukraine's sovereignty will be confirmed by all signatories.",
    "A comprehensive non-aggression agreement is concluded between Russia, Ukraine and Europe.",
    "NATO agrees not to station troops in Ukraine.",
    "The size of the Armed Forces of Ukraine is limited to 600,000 personnel.",
    "Elections are held in Ukraine within 100 days after the agreement is signed.",
    "All parties receive full amnesty for their actions during the war.",
    "Prisoners and bodies of the dead are exchanged on an all for all basis.",
    "A Peace Council chaired by the President of the United States monitors implementation.",
];

#[test]
fn identical_documents_are_all_unchanged() {
    let alignment = align_texts(&PLAN, &PLAN, &opts());
    assert_partition(&alignment, PLAN.len(), PLAN.len());
    assert_eq!(alignment.links.len(), PLAN.len());
    for (k, link) in alignment.links.iter().enumerate() {
        assert_eq!(
            (link.a.as_slice(), link.b.as_slice(), link.kind),
            (&[k][..], &[k][..], LinkKind::Unchanged)
        );
        assert!(link.confidence > 0.9, "{link:?}");
        assert_eq!(link.similarity, 1.0);
        assert!(!link.moved);
    }
    assert!(alignment.added.is_empty() && alignment.dropped.is_empty());
}

#[test]
fn each_link_kind() {
    let before = PLAN;
    let after = [
        // 0 -> 0 unchanged
        "Ukraine's sovereignty will be confirmed by all signatories.",
        // 2 -> 1 moved up (1 and 2 swap; 1 becomes reworded below)
        "NATO agrees not to station troops in Ukraine.",
        // 1 -> 2 reworded
        "Russia, Ukraine and Europe conclude a comprehensive agreement on non-aggression.",
        // 3 -> 3 terms changed
        "The size of the Armed Forces of Ukraine is limited to 800,000 personnel.",
        // 4 + 5 -> 4 merged
        "Elections are held in Ukraine within 100 days after the agreement is signed, and all parties receive full amnesty for their actions during the war.",
        // 6 dropped; 7 -> 5 + 6 split
        "A Peace Council monitors implementation.",
        "The Council is chaired by the President of the United States.",
        // added
        "Frozen Russian assets are invested in the reconstruction of Ukraine.",
    ];
    let alignment = align_texts(&before, &after, &opts());
    assert_partition(&alignment, before.len(), after.len());
    assert_eq!(
        shape(&alignment),
        [
            (vec![0], vec![0], LinkKind::Unchanged),
            (vec![1], vec![2], LinkKind::Reworded),
            // Of the two swapped provisions, the chain keeps this one in place.
            (vec![2], vec![1], LinkKind::Unchanged),
            (vec![3], vec![3], LinkKind::TermsChanged),
            (vec![4, 5], vec![4], LinkKind::Merged),
            (vec![7], vec![5, 6], LinkKind::Split),
        ]
    );
    assert_eq!(alignment.dropped, [6]);
    assert_eq!(alignment.added, [7]);
    // The reworded provision is also out of order: the flag records it.
    assert!(alignment.links[1].moved && !alignment.links[2].moved);
    assert_eq!(alignment.pairs().len(), 8);
    let counts = alignment.counts();
    assert_eq!(
        (counts.merged, counts.split, counts.added, counts.dropped),
        (1, 1, 1, 1)
    );
}

#[test]
fn a_provision_taken_elsewhere_is_moved() {
    let a = [PLAN[0], PLAN[1], PLAN[2], PLAN[3], PLAN[4]];
    let b = [PLAN[0], PLAN[2], PLAN[3], PLAN[4], PLAN[1]];
    let alignment = align_texts(&a, &b, &opts());
    assert_eq!(
        shape(&alignment),
        [
            (vec![0], vec![0], LinkKind::Unchanged),
            (vec![1], vec![4], LinkKind::Moved),
            (vec![2], vec![1], LinkKind::Unchanged),
            (vec![3], vec![2], LinkKind::Unchanged),
            (vec![4], vec![3], LinkKind::Unchanged),
        ]
    );
    assert_eq!(alignment.links.iter().filter(|l| l.moved).count(), 1);
}

#[test]
fn empty_inputs_and_empty_texts() {
    let none: [&str; 0] = [];
    assert_eq!(align_texts(&none, &none, &opts()), Alignment::default());
    let only_b = align_texts(&none, &PLAN, &opts());
    assert_eq!(only_b.added, (0..PLAN.len()).collect::<Vec<_>>());
    let only_a = align_texts(&PLAN, &none, &opts());
    assert_eq!(only_a.dropped, (0..PLAN.len()).collect::<Vec<_>>());

    let a = ["", "Prisoners are exchanged all for all.", "   ", "..."];
    let b = ["Prisoners are exchanged all for all.", "", "!!"];
    let alignment = align_texts(&a, &b, &opts());
    assert_partition(&alignment, a.len(), b.len());
    assert_eq!(shape(&alignment), [(vec![1], vec![0], LinkKind::Unchanged)]);
    assert_eq!(alignment.dropped, [0, 2, 3]);
    assert_eq!(alignment.added, [1, 2]);
}

#[test]
fn cyrillic_text_aligns() {
    let a = [
        "Суверенитет Украины будет подтвержден.",
        "Численность Вооруженных сил Украины ограничивается 600 тысячами военнослужащих.",
        "Выборы в Украине проводятся через 100 дней после подписания соглашения.",
        "Все стороны получают полную амнистию за свои действия во время войны.",
    ];
    let b = [
        "Все стороны войны получают полную амнистию.",
        "Суверенитет Украины будет подтвержден.",
        "Численность Вооруженных сил Украины ограничивается 800 тысячами военнослужащих.",
        "Новый пункт о восстановлении энергетики.",
    ];
    let alignment = align_texts(&a, &b, &opts());
    assert_partition(&alignment, a.len(), b.len());
    assert_eq!(
        shape(&alignment),
        [
            (vec![0], vec![1], LinkKind::Unchanged),
            (vec![1], vec![2], LinkKind::TermsChanged),
            (vec![3], vec![0], LinkKind::Reworded),
        ]
    );
    assert_eq!(alignment.dropped, [2]);
    assert_eq!(alignment.added, [3]);
}

#[test]
fn case_and_punctuation_do_not_count_as_rewording() {
    let a = ["The ceasefire takes effect immediately.", "Elections within 100 days."];
    let b = ["THE CEASEFIRE TAKES EFFECT IMMEDIATELY", "elections  within 100 days!"];
    let alignment = align_texts(&a, &b, &opts());
    assert!(
        alignment.links.iter().all(|l| l.kind == LinkKind::Unchanged),
        "{alignment:?}"
    );
}

#[test]
fn mixed_scripts_and_odd_characters_do_not_panic() {
    let a = [
        "NATO и Україна: 停火协议 signed 2025-11-20",
        "\u{0}\u{feff}\u{200b}",
        "😀😀 🇺🇦",
        "e\u{301}lection cafe\u{301} ÉLECTION",
        "ＮＡＴＯ ＵＫＲＡＩＮＥ",
    ];
    let b = ["Україна и NATO: 停火协议 signed 2025-11-20", "election café", "zzz"];
    let alignment = align_texts(&a, &b, &opts());
    assert_partition(&alignment, a.len(), b.len());
    assert_eq!(alignment.link_of_a(0).map(|l| l.b.clone()), Some(vec![0]));
}

#[test]
fn ten_thousand_provisions_run() {
    // Pseudo-words from a fixed generator: each provision is distinct, the second version
    // drops every 50th provision and rewrites a word of every 7th.
    let syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ve", "ri", "po", "du", "ge", "zo"];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let word = |n: &mut dyn FnMut() -> u64| -> String {
        let len = 2 + (n() % 3) as usize;
        (0..len)
            .map(|_| syllables[(n() % syllables.len() as u64) as usize])
            .collect()
    };
    let a: Vec<String> = (0..10_000)
        .map(|_| {
            let len = 10 + (next() % 20) as usize;
            (0..len).map(|_| word(&mut next)).collect::<Vec<_>>().join(" ")
        })
        .collect();
    let b: Vec<String> = a
        .iter()
        .enumerate()
        .filter(|(k, _)| k % 50 != 0)
        .map(|(k, t)| {
            if k % 7 == 0 {
                format!("{t} {}", word(&mut next))
            } else {
                t.clone()
            }
        })
        .collect();
    let alignment = align_texts(&a, &b, &opts());
    assert_partition(&alignment, a.len(), b.len());
    assert!(alignment.dropped.len() >= 190, "{} dropped", alignment.dropped.len());
    assert!(alignment.links.len() >= 9_700, "{} links", alignment.links.len());
}

fn provision(id: &str, number: &str, text: &str) -> Provision {
    Provision {
        id: id.into(),
        number: number.into(),
        heading: None,
        text: text.into(),
        codes: BTreeMap::new(),
        terms: BTreeMap::new(),
        binds: vec![],
        provenance: vec![],
    }
}

fn document(id: &str, day: i8, provisions: Vec<Provision>) -> Document {
    Document {
        id: id.into(),
        title: id.into(),
        date: date(2025, 11, day),
        stage: Stage::SubComp,
        status: Status::Proposal,
        authors: vec![],
        summary: None,
        provenance: vec![],
        relations: vec![],
        provisions,
        ceasefires: vec![],
    }
}

fn with_term(mut p: Provision, issue: &str, value: TermValue) -> Provision {
    p.terms.insert(issue.into(), value);
    p
}

fn family() -> (Document, Document, Document) {
    let d1 = document(
        "us-28",
        20,
        vec![
            provision("us-01", "1", "Ukraine's sovereignty will be confirmed."),
            with_term(
                provision(
                    "us-06",
                    "6",
                    "The Armed Forces of Ukraine are capped at 600,000 personnel.",
                ),
                "army_cap",
                TermValue::Integer(600_000),
            ),
            provision(
                "us-07",
                "7",
                "Ukraine agrees to enshrine in its constitution that it will not join NATO.",
            ),
            provision("us-22", "22", "Frozen Russian assets are invested in reconstruction."),
        ],
    );
    let d2 = document(
        "geneva-19",
        23,
        vec![
            provision("gv-01", "1", "Ukraine's sovereignty will be confirmed."),
            with_term(
                provision(
                    "gv-06",
                    "6",
                    "The Armed Forces of Ukraine are capped at 800,000 personnel in peacetime.",
                ),
                "army_cap",
                TermValue::Integer(800_000),
            ),
            provision(
                "gv-07",
                "7",
                "Membership of NATO is decided by consensus of its members.",
            ),
            provision("gv-20", "20", "Elections are held as soon as possible after signature."),
        ],
    );
    let d3 = document(
        "eu-counter",
        24,
        vec![
            provision("eu-01", "1", "Ukraine's sovereignty will be confirmed."),
            with_term(
                provision(
                    "eu-06",
                    "6",
                    "The Armed Forces of Ukraine are capped at 800,000 personnel in peacetime.",
                ),
                "army_cap",
                TermValue::Integer(800_000),
            ),
            provision("eu-20", "20", "Elections are held as soon as possible after signature."),
        ],
    );
    (d1, d2, d3)
}

#[test]
fn documents_use_terms_and_numbers() {
    let (d1, d2, _) = family();
    let alignment = align_documents(&d1, &d2, &[], &opts()).expect("no overrides");
    let kinds: Vec<_> = shape(&alignment);
    assert_eq!(kinds[0], (vec![0], vec![0], LinkKind::Unchanged));
    assert_eq!(kinds[1], (vec![1], vec![1], LinkKind::TermsChanged));
    let link = &alignment.links[1];
    let diff = diff_link(&d1, &d2, link);
    assert_eq!(diff.terms.len(), 1);
    assert_eq!(diff.terms[0].to_string(), "army_cap 600000 → 800000");
    assert_eq!(
        render_redline(&diff.redline),
        "The Armed Forces of Ukraine are capped at [-600,000-]{+800,000+} personnel{+ in peacetime+}."
    );
    assert!(diff.redline.iter().any(|c| c.op == ChangeOp::Insert));
}

#[test]
fn overrides_force_and_forbid_links() {
    let (d1, d2, _) = family();
    let plain = align_documents(&d1, &d2, &[], &opts()).expect("no overrides");
    assert_eq!(plain.link_of_a(2).map(|l| l.b.clone()), Some(vec![2]), "{plain:?}");
    assert!(plain.link_of_a(3).is_none(), "{plain:?}");

    let overrides = [
        // Frozen assets and elections have nothing in common: forced.
        Override {
            a: "us-22".into(),
            b: "gv-20".into(),
            confirmed: true,
        },
        // The two NATO provisions: forbidden.
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: false,
        },
        // About other documents: skipped here.
        Override {
            a: "eu-01".into(),
            b: "zz-99".into(),
            confirmed: true,
        },
    ];
    let alignment = align_documents(&d1, &d2, &overrides, &opts()).expect("valid overrides");
    let forced = alignment.link_of_a(3).expect("confirmed link");
    assert_eq!(
        (forced.b.as_slice(), forced.origin, forced.confidence),
        (&[3][..], Origin::Confirmed, 1.0)
    );
    assert_eq!(forced.kind, LinkKind::Reworded);
    assert!(
        alignment.link_of_a(2).is_none(),
        "rejected link was made: {alignment:?}"
    );
    assert!(alignment.dropped.contains(&2) && alignment.added.contains(&2));
}

#[test]
fn confirmed_split_and_override_errors() {
    let (d1, d2, _) = family();
    let split = [
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: true,
        },
        Override {
            a: "us-07".into(),
            b: "gv-20".into(),
            confirmed: true,
        },
    ];
    let alignment = align_documents(&d1, &d2, &split, &opts()).expect("a split is fine");
    let link = alignment.link_of_a(2).expect("confirmed split");
    assert_eq!(
        (link.b.clone(), link.kind, link.origin),
        (vec![2, 3], LinkKind::Split, Origin::Confirmed)
    );

    let conflict = [
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: true,
        },
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: false,
        },
    ];
    assert_eq!(
        align_documents(&d1, &d2, &conflict, &opts()),
        Err(CompareError::ConflictingOverride {
            a: "us-07".into(),
            b: "gv-07".into()
        })
    );

    let many = [
        Override {
            a: "us-06".into(),
            b: "gv-06".into(),
            confirmed: true,
        },
        Override {
            a: "us-06".into(),
            b: "gv-07".into(),
            confirmed: true,
        },
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: true,
        },
    ];
    let err = align_documents(&d1, &d2, &many, &opts()).expect_err("n:m");
    assert!(matches!(err, CompareError::ManyToMany { .. }));
    assert!(err.to_string().contains("us-06, us-07"), "{err}");

    let docs = [&d1, &d2];
    assert!(check_overrides(&docs, &split).is_ok());
    assert_eq!(
        check_overrides(
            &docs,
            &[Override {
                a: "us-07".into(),
                b: "nope".into(),
                confirmed: true
            }]
        ),
        Err(CompareError::UnknownProvision { id: "nope".into() })
    );
    assert!(matches!(
        check_overrides(
            &docs,
            &[Override {
                a: "us-07".into(),
                b: "us-06".into(),
                confirmed: true
            }]
        ),
        Err(CompareError::SameDocument { .. })
    ));
}

#[test]
fn evolution_traces_points_in_date_order() {
    let (d1, d2, d3) = family();
    // Given out of order: sorted by date inside.
    let evo = evolution(&[&d3, &d1, &d2], &[], &opts()).expect("no overrides");
    assert_eq!(evo.documents, ["us-28", "geneva-19", "eu-counter"]);
    assert_eq!(evo.steps.len(), 2);

    let lineage = |id: &str| {
        evo.lineages
            .iter()
            .find(|l| l.id == id)
            .unwrap_or_else(|| panic!("no lineage {id}"))
    };
    let changes = |id: &str| lineage(id).presence.iter().map(|p| p.change).collect::<Vec<_>>();

    assert_eq!(lineage("us-01").fate, Fate::Survived);
    assert_eq!(
        changes("us-01"),
        [PointChange::Base, PointChange::Unchanged, PointChange::Unchanged]
    );
    assert_eq!(lineage("us-06").fate, Fate::Changed);
    assert_eq!(
        changes("us-06"),
        [PointChange::Base, PointChange::TermsChanged, PointChange::Unchanged]
    );
    assert_eq!(lineage("us-06").presence[2].provisions, ["eu-06"]);
    assert_eq!(lineage("us-22").fate, Fate::Dropped);
    assert_eq!(
        changes("us-22"),
        [PointChange::Base, PointChange::Dropped, PointChange::Absent]
    );
    assert_eq!(lineage("gv-20").fate, Fate::New);
    assert_eq!(
        changes("gv-20"),
        [PointChange::Absent, PointChange::New, PointChange::Unchanged]
    );
    // Every provision belongs to exactly one lineage.
    let total: usize = evo
        .lineages
        .iter()
        .flat_map(|l| &l.presence)
        .map(|p| p.provisions.len())
        .sum();
    assert_eq!(total, 11);

    let json = serde_json::to_value(&evo).expect("serialisable");
    assert_eq!(json["lineages"][0]["presence"][1]["change"], "unchanged");
    assert_eq!(json["steps"][0]["alignment"]["links"][1]["kind"], "terms-changed");
}

#[test]
fn evolution_of_nothing_and_of_one_document() {
    let empty = evolution(&[], &[], &opts()).expect("nothing to do");
    assert!(empty.documents.is_empty() && empty.lineages.is_empty() && empty.steps.is_empty());
    let (d1, _, _) = family();
    let one = evolution(&[&d1], &[], &opts()).expect("one document");
    assert_eq!(one.lineages.len(), 4);
    assert!(one.lineages.iter().all(|l| l.fate == Fate::Survived));
}

#[test]
fn alignment_json_shape() {
    let alignment = align_texts(
        &["Prisoners are exchanged all for all.", "Gone."],
        &["Prisoners are exchanged all for all."],
        &opts(),
    );
    let json = serde_json::to_value(&alignment).expect("serialisable");
    assert_eq!(
        json,
        serde_json::json!({
            "links": [{
                "a": [0], "b": [0], "kind": "unchanged", "confidence": alignment.links[0].confidence,
                "origin": "aligner", "similarity": 1.0, "moved": false
            }],
            "added": [],
            "dropped": [1]
        })
    );
}

#[test]
fn extreme_options_do_not_panic() {
    let extremes = [
        AlignOptions {
            min_score: f64::NAN,
            position_scale: 0.0,
            window: usize::MAX,
            ..opts()
        },
        AlignOptions {
            part_near: 1.0,
            part_far: f64::INFINITY,
            candidates: 0,
            exhaustive_pairs: 0,
            ..opts()
        },
        AlignOptions {
            min_similarity: -1.0,
            min_score: -1.0,
            position_weight: f64::NAN,
            stem: false,
            ..opts()
        },
    ];
    for options in extremes {
        let alignment = align_texts(&PLAN, &PLAN[2..], &options);
        assert_partition(&alignment, PLAN.len(), PLAN.len() - 2);
    }
}

#[test]
fn overrides_come_from_model_links() {
    let link = truce_model::AlignmentLink {
        a: "us-07".into(),
        b: "gv-07".into(),
        status: truce_model::LinkStatus::Rejected,
        note: None,
    };
    assert_eq!(
        Override::from(&link),
        Override {
            a: "us-07".into(),
            b: "gv-07".into(),
            confirmed: false
        }
    );
}
