//! Round trips: a model written as TOML (`negotiation_to_toml`, `document_to_toml`) loads
//! back, without a single diagnostic, as the same model; and the JSON export reads back
//! as the same export. Checked on generated negotiations and on every bundled scenario.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::subsequence;
use truce_model::pax_taxonomy::CODES;
use truce_model::{
    AlignmentLink, Date, Document, Export, Issue, IssueKind, IssueOption, LinkStatus, Loaded, Negotiation, Party,
    PartyKind, Provenance, Provision, Relation, RelationKind, RenderOptions, Stage, Status, TermValue,
    document_to_toml, load_scenario, load_sources, negotiation_to_toml,
};

// ---------------------------------------------------------------- strategies

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_.-]{0,15}"
}

/// Characters that stress the writer: Cyrillic, quotes, backslashes, line breaks, tabs,
/// control characters, TOML punctuation, and any other character now and then.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        4 => proptest::char::range('а', 'я'),
        2 => proptest::char::range('А', 'Я'),
        1 => prop::sample::select(vec!['ё', 'є', 'і', 'ї', 'ґ', 'Ґ', 'é', '中', '🙂', '\u{feff}', '\u{2028}', '\u{a0}']),
        3 => prop::sample::select(vec![' ', ' ', '"', '\'', '\\', '\n', '\r', '\t', '#', '=', '[', ']', '{', '}', ',', '.']),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => Just('\u{7f}'),
        1 => any::<char>(),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    vec(tricky_char(), 0..max).prop_map(String::from_iter)
}

/// Text that is not blank (blank provision text is a warning, a blank source an error).
fn non_blank(max: usize) -> impl Strategy<Value = String> {
    text(max).prop_filter("blank", |t| !t.trim().is_empty())
}

fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        (1i16..=9999, 1i8..=12, 1i8..=31),
        (1990i16..=2030, 1i8..=12, 28i8..=31),
        Just((2024i16, 2i8, 29i8)),
    ]
    .prop_filter_map("not a calendar date", |(y, m, d)| Date::new(y, m, d).ok())
}

fn confidence() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(0.1),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(1.0 - f64::EPSILON / 2.0),
        0.0..=1.0f64,
    ]
}

fn provenance() -> impl Strategy<Value = Provenance> {
    (non_blank(30), text(20), date(), confidence(), option::of(text(40))).prop_map(
        |(source, publisher, date, confidence, note)| Provenance {
            source,
            publisher,
            date,
            confidence,
            note,
        },
    )
}

fn party_kind() -> impl Strategy<Value = PartyKind> {
    prop::sample::select(PartyKind::ALL.iter().map(|(_, k)| *k).collect::<Vec<_>>())
}

fn issue_kind() -> impl Strategy<Value = IssueKind> {
    let bound = prop_oneof![any::<i64>(), -1000i64..1000, Just(i64::MIN), Just(i64::MAX), Just(0)];
    prop_oneof![
        btree_map(id(), text(20), 1..5)
            .prop_map(|m| m
                .into_iter()
                .map(|(id, label)| IssueOption { id, label })
                .collect::<Vec<_>>())
            .prop_shuffle()
            .prop_map(|options| IssueKind::Enum { options }),
        (option::of(text(12)), option::of(bound.clone()), option::of(bound)).prop_map(|(unit, a, b)| {
            let (min, max) = match (a, b) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            };
            IssueKind::Integer { unit, min, max }
        }),
        Just(IssueKind::Boolean),
        Just(IssueKind::Date),
    ]
}

/// The negotiation without documents.
fn negotiation_head() -> impl Strategy<Value = Negotiation> {
    let parties = btree_map(id(), (text(20), party_kind()), 1..5)
        .prop_map(|m| {
            m.into_iter()
                .map(|(id, (name, kind))| Party { id, name, kind })
                .collect::<Vec<_>>()
        })
        .prop_shuffle();
    let issues = btree_map(id(), (text(30), option::of(text(40)), issue_kind()), 0..7)
        .prop_map(|m| {
            m.into_iter()
                .map(|(id, (title, description, kind))| Issue {
                    id,
                    title,
                    description,
                    kind,
                })
                .collect::<Vec<_>>()
        })
        .prop_shuffle();
    (
        id(),
        text(30),
        option::of(text(60)),
        option::of(text(20)),
        parties,
        issues,
    )
        .prop_map(|(id, title, summary, pax_process, parties, issues)| Negotiation {
            id,
            title,
            summary,
            pax_process,
            parties,
            issues,
            documents: Vec::new(),
            links: Vec::new(),
            geometries: Vec::new(),
        })
}

/// A value of the issue's type, within its range.
fn term_value(kind: &IssueKind) -> BoxedStrategy<TermValue> {
    match kind {
        IssueKind::Enum { options } => prop::sample::select(options.iter().map(|o| o.id.clone()).collect::<Vec<_>>())
            .prop_map(TermValue::Option)
            .boxed(),
        IssueKind::Integer { min, max, .. } => {
            let (lo, hi) = (i128::from(min.unwrap_or(i64::MIN)), i128::from(max.unwrap_or(i64::MAX)));
            // Any value in lo..=hi, computed wide: the span may not fit in an i64.
            let inside = any::<u64>().prop_map(move |x| lo + i128::from(x) % (hi - lo + 1));
            prop_oneof![Just(lo), Just(hi), inside]
                .prop_map(|v| TermValue::Integer(i64::try_from(v).unwrap_or_default()))
                .boxed()
        }
        IssueKind::Boolean => any::<bool>().prop_map(TermValue::Boolean).boxed(),
        IssueKind::Date => date().prop_map(TermValue::Date).boxed(),
    }
}

fn terms(issues: &[Issue]) -> BoxedStrategy<BTreeMap<String, TermValue>> {
    let per_issue: Vec<BoxedStrategy<Option<(String, TermValue)>>> = issues
        .iter()
        .map(|i| {
            let id = i.id.clone();
            option::of(term_value(&i.kind).prop_map(move |v| (id.clone(), v))).boxed()
        })
        .collect();
    per_issue.prop_map(|v| v.into_iter().flatten().collect()).boxed()
}

fn codes() -> impl Strategy<Value = BTreeMap<String, u8>> {
    vec((0..CODES.len(), 0u8..3), 0..5).prop_map(|picks| {
        picks
            .into_iter()
            .map(|(i, l)| (CODES[i].code.to_owned(), 1 + l % CODES[i].max_level))
            .collect()
    })
}

fn parties_subset(ids: &[String]) -> BoxedStrategy<Vec<String>> {
    subsequence(ids.to_vec(), 0..=ids.len()).prop_shuffle().boxed()
}

/// Provision `j` of document `doc`, with ids and numbers unique by construction.
fn provision(doc: String, j: usize, n: &Negotiation) -> BoxedStrategy<Provision> {
    let party_ids: Vec<String> = n.parties.iter().map(|p| p.id.clone()).collect();
    (
        "[a-zа-я.() ]{0,4}",
        option::of(text(20)),
        non_blank(60),
        codes(),
        terms(&n.issues),
        parties_subset(&party_ids),
        vec(provenance(), 0..2),
    )
        .prop_map(
            move |(suffix, heading, text, codes, terms, binds, provenance)| Provision {
                // "<doc>-<j>": the document id is recovered by cutting the last "-digits".
                id: format!("{doc}-{j}"),
                // Digits, then no digit: distinct for distinct j.
                number: format!("{}{suffix}", j + 1),
                heading,
                text,
                codes,
                terms,
                binds,
                provenance,
            },
        )
        .boxed()
}

fn stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.iter().map(|(_, s)| *s).collect::<Vec<_>>())
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.iter().map(|(_, s)| *s).collect::<Vec<_>>())
}

fn relation_kind() -> impl Strategy<Value = RelationKind> {
    prop::sample::select(RelationKind::ALL.iter().map(|(_, k)| *k).collect::<Vec<_>>())
}

/// A document with id `id`; `earlier` are the ids of the
/// documents before it, which its relations may target.
fn document(id: String, date: Date, earlier: Vec<String>, n: &Negotiation) -> BoxedStrategy<Document> {
    let party_ids: Vec<String> = n.parties.iter().map(|p| p.id.clone()).collect();
    let relations = if earlier.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        vec(
            (relation_kind(), prop::sample::select(earlier), option::of(text(30))),
            0..3,
        )
        .prop_map(|v| {
            v.into_iter()
                .map(|(kind, target, note)| Relation { kind, target, note })
                .collect()
        })
        .boxed()
    };
    let provisions: Vec<_> = (0..4).map(|j| provision(id.clone(), j, n)).collect();
    (
        text(30),
        stage(),
        status(),
        parties_subset(&party_ids),
        option::of(text(60)),
        vec(provenance(), 0..3),
        relations,
        provisions,
        1usize..=4,
    )
        .prop_map(
            move |(title, stage, status, authors, summary, provenance, relations, mut provisions, count)| {
                provisions.truncate(count);
                Document {
                    id: id.clone(),
                    title,
                    date,
                    stage,
                    status,
                    authors,
                    summary,
                    provenance,
                    relations,
                    provisions,
                    ceasefires: Vec::new(),
                }
            },
        )
        .boxed()
}

/// A whole valid negotiation: 1 to 4 documents in file order, dated in that order, each
/// relation pointing to an earlier document.
fn negotiation() -> impl Strategy<Value = Negotiation> {
    (negotiation_head(), btree_set(id(), 1..=4), vec(date(), 4)).prop_flat_map(|(head, ids, mut dates)| {
        dates.sort();
        let ids: Vec<String> = ids.into_iter().collect();
        let docs: Vec<BoxedStrategy<Document>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| document(id.clone(), dates[i], ids[..i].to_vec(), &head))
            .collect();
        (Just(head), docs, any::<bool>()).prop_map(|(mut head, docs, confirmed)| {
            // Link the first provision of each document to the first of the next one.
            let firsts: Vec<&str> = docs
                .iter()
                .filter_map(|d| d.provisions.first())
                .map(|p| p.id.as_str())
                .collect();
            head.links = firsts
                .windows(2)
                .map(|w| AlignmentLink {
                    a: w[0].to_owned(),
                    b: w[1].to_owned(),
                    status: if confirmed {
                        LinkStatus::Confirmed
                    } else {
                        LinkStatus::Rejected
                    },
                    note: confirmed.then(|| "checked by hand".to_owned()),
                })
                .collect();
            head.documents = docs;
            head
        })
    })
}

// ---------------------------------------------------------------- helpers

fn rendered(loaded: &Loaded) -> String {
    loaded
        .diagnostics
        .iter()
        .map(|d| d.render(&loaded.sources, &RenderOptions::default()))
        .collect()
}

/// Writes a negotiation as files (in memory) and loads them back.
fn write_and_load(n: &Negotiation) -> (String, Vec<(String, String)>, Loaded) {
    let neg = negotiation_to_toml(n);
    let docs: Vec<(String, String)> = n
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("documents/{i:02}.toml"), document_to_toml(d)))
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let loaded = load_sources(("negotiation.toml", &neg), &refs);
    (neg, docs, loaded)
}

fn assert_round_trip(n: &Negotiation) {
    let (neg, docs, loaded) = write_and_load(n);
    let files = || {
        let mut all = format!("--- negotiation.toml\n{neg}");
        for (name, text) in &docs {
            all.push_str(&format!("--- {name}\n{text}"));
        }
        all
    };
    assert!(
        loaded.diagnostics.is_empty(),
        "diagnostics on written files:\n{}\n{}",
        rendered(&loaded),
        files()
    );
    assert!(
        loaded.negotiation.as_ref() == Some(n),
        "model changed by a round trip\n{}",
        files()
    );
}

fn assert_json_round_trip(export: &Export) {
    let json = export.to_json();
    let back: Export = serde_json::from_str(&json).unwrap_or_else(|e| panic!("export does not read back: {e}\n{json}"));
    assert_eq!(&back, export, "export changed by a JSON round trip");
}

/// Every document of `n` exported on its own reads back unchanged.
fn assert_document_exports_round_trip(n: &Negotiation) {
    for d in &n.documents {
        assert_json_round_trip(&Export::document(&n.id, d));
    }
}

/// The whole negotiation exported, and each document on its own, read back unchanged.
fn assert_export_round_trip(n: &Negotiation) {
    assert_json_round_trip(&Export::negotiation(n));
    assert_document_exports_round_trip(n);
}

// ---------------------------------------------------------------- tests

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn written_negotiations_load_back_unchanged(n in negotiation()) {
        assert_round_trip(&n);
    }

    #[test]
    fn document_exports_read_back_unchanged(n in negotiation()) {
        assert_document_exports_round_trip(&n);
    }

    #[test]
    fn negotiation_exports_read_back_unchanged(n in negotiation()) {
        assert_export_round_trip(&n);
    }
}

/// The largest confidence below 1 is written as `0.9999999999999999`, which the JSON
/// reader turns into 1.0: serde_json parses floats exactly only with its
/// `float_roundtrip` feature.
#[test]
fn confidence_reads_back_exactly_from_json() {
    let c = 1.0 - f64::EPSILON / 2.0;
    let back: f64 = serde_json::from_str(&serde_json::to_string(&c).unwrap_or_default()).unwrap_or_default();
    assert_eq!(back.to_bits(), c.to_bits(), "{c} read back as {back}");
}

/// The smallest case of the issue-export bug: one boolean issue.
#[test]
fn negotiation_export_with_an_issue_reads_back() {
    let n = Negotiation {
        id: "n".to_owned(),
        title: "N".to_owned(),
        summary: None,
        pax_process: None,
        parties: Vec::new(),
        issues: vec![Issue {
            id: "i".to_owned(),
            title: "I".to_owned(),
            description: None,
            kind: IssueKind::Boolean,
        }],
        documents: Vec::new(),
        links: Vec::new(),
        geometries: Vec::new(),
    };
    assert_json_round_trip(&Export::negotiation(&n));
}

/// The strategy does produce what it claims: every issue type, terms of every type,
/// relations, several documents, Cyrillic text.
#[test]
fn strategy_covers_the_model() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = negotiation();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for _ in 0..300 {
        let n = strategy
            .new_tree(&mut runner)
            .unwrap_or_else(|e| panic!("{e}"))
            .current();
        for i in &n.issues {
            seen.insert(i.kind.name());
        }
        for d in &n.documents {
            if !d.relations.is_empty() {
                seen.insert("relation");
            }
            for p in &d.provisions {
                for v in p.terms.values() {
                    seen.insert(match v {
                        TermValue::Option(_) => "term-option",
                        TermValue::Integer(_) => "term-integer",
                        TermValue::Boolean(_) => "term-boolean",
                        TermValue::Date(_) => "term-date",
                    });
                }
                if p.codes.keys().any(|c| c.contains(':')) {
                    seen.insert("code-with-colon");
                }
                if p.text.chars().any(|c| ('а'..='я').contains(&c)) {
                    seen.insert("cyrillic");
                }
                if p.text.contains('\n') && p.text.contains('\\') && p.text.contains('"') {
                    seen.insert("escapes");
                }
            }
        }
        if n.documents.len() == 4 {
            seen.insert("four-documents");
        }
    }
    let want = [
        "enum",
        "integer",
        "boolean",
        "date",
        "relation",
        "term-option",
        "term-integer",
        "term-boolean",
        "term-date",
        "code-with-colon",
        "cyrillic",
        "escapes",
        "four-documents",
    ];
    for w in want {
        assert!(seen.contains(w), "the strategy never produced {w}");
    }
}

/// A few fixed cases at the edges, so that they are always tried.
#[test]
fn edge_values_round_trip() {
    let n = Negotiation {
        id: "0".to_owned(),
        title: String::new(),
        links: Vec::new(),
        geometries: Vec::new(),
        summary: Some("\"\"\" ''' \\ \\n \u{0} \u{1f} \u{7f} \r\n\t Ґ 🙂 \u{feff}".to_owned()),
        pax_process: Some(String::new()),
        parties: vec![Party {
            id: "a".repeat(64),
            name: "Україна".to_owned(),
            kind: PartyKind::ArmedGroup,
        }],
        issues: vec![
            Issue {
                id: "n".to_owned(),
                title: "n".to_owned(),
                description: None,
                kind: IssueKind::Integer {
                    unit: None,
                    min: Some(i64::MIN),
                    max: Some(i64::MAX),
                },
            },
            Issue {
                id: "e".to_owned(),
                title: "e".to_owned(),
                description: Some(String::new()),
                kind: IssueKind::Enum {
                    options: vec![IssueOption {
                        id: "x.y-z_".to_owned(),
                        label: String::new(),
                    }],
                },
            },
            Issue {
                id: "d".to_owned(),
                title: "d".to_owned(),
                description: None,
                kind: IssueKind::Date,
            },
        ],
        documents: vec![Document {
            id: "doc".to_owned(),
            title: "Документ \"1\"".to_owned(),
            date: Date::new(1, 1, 1).unwrap_or_default(),
            stage: Stage::Oth,
            status: Status::CounterProposal,
            authors: vec!["a".repeat(64)],
            summary: None,
            provenance: vec![Provenance {
                source: "\\\\server\\share".to_owned(),
                publisher: String::new(),
                date: Date::new(9999, 12, 31).unwrap_or_default(),
                confidence: 5e-324,
                note: Some("'".to_owned()),
            }],
            relations: Vec::new(),
            provisions: vec![
                Provision {
                    id: "p-min".to_owned(),
                    number: "21(b)".to_owned(),
                    heading: Some("\n".to_owned()),
                    text: "x".to_owned(),
                    codes: CODES.iter().map(|c| (c.code.to_owned(), c.max_level)).collect(),
                    terms: [
                        ("n".to_owned(), TermValue::Integer(i64::MIN)),
                        ("e".to_owned(), TermValue::Option("x.y-z_".to_owned())),
                        (
                            "d".to_owned(),
                            TermValue::Date(Date::new(2024, 2, 29).unwrap_or_default()),
                        ),
                    ]
                    .into(),
                    binds: Vec::new(),
                    provenance: Vec::new(),
                },
                Provision {
                    id: "p-max".to_owned(),
                    number: "\u{a0}1\u{a0}".to_owned(),
                    heading: None,
                    text: "y".to_owned(),
                    codes: BTreeMap::new(),
                    terms: [("n".to_owned(), TermValue::Integer(i64::MAX))].into(),
                    binds: vec!["a".repeat(64)],
                    provenance: Vec::new(),
                },
            ],
            ceasefires: Vec::new(),
        }],
    };
    assert_round_trip(&n);
    assert_document_exports_round_trip(&n);
}

fn scenario_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("negotiation.toml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no bundled scenario under {}", root.display());
    dirs
}

#[test]
fn bundled_scenarios_round_trip() {
    for dir in scenario_dirs() {
        let loaded = load_scenario(&dir);
        assert!(
            loaded.diagnostics.is_empty(),
            "{}:\n{}",
            dir.display(),
            rendered(&loaded)
        );
        let n = loaded
            .negotiation
            .unwrap_or_else(|| panic!("{}: no negotiation", dir.display()));
        assert!(!n.documents.is_empty());
        assert_round_trip(&n);
        assert_document_exports_round_trip(&n);
    }
}

#[test]
fn bundled_scenario_exports_read_back() {
    for dir in scenario_dirs() {
        let n = load_scenario(&dir)
            .negotiation
            .unwrap_or_else(|| panic!("{}: no negotiation", dir.display()));
        assert_export_round_trip(&n);
    }
}

#[test]
fn bundled_scenarios_with_ceasefire_terms_write_back_unchanged() {
    let mut ceasefires = 0;
    for dir in scenario_dirs() {
        let n = load_scenario(&dir)
            .negotiation
            .unwrap_or_else(|| panic!("{}: no negotiation", dir.display()));
        ceasefires += n.documents.iter().map(|d| d.ceasefires.len()).sum::<usize>();
        assert_round_trip(&n);
    }
    assert!(ceasefires >= 2, "the Minsk scenario declares its ceasefires");
}
