//! Unit tests on a small synthetic corpus, with scores worked out by hand.

use jiff::civil::Date;
use truce_pax::Agreement;
use truce_store::StoredAgreement;

use crate::{Corpus, PrecedentError, ProcessRef, Profile, Query, Weighting};

fn agreement(
    id: u32,
    process: (u32, &str),
    region: &str,
    stage: &str,
    year: i16,
    codes: &[(&'static str, u8)],
) -> Agreement {
    Agreement {
        id,
        name: format!("Accord {id}"),
        date: Date::constant(year, 6, 1),
        country: format!("Land of {}", process.1),
        process_id: process.0,
        process_name: process.1.to_owned(),
        region: region.to_owned(),
        stage: stage.to_owned(),
        substage: String::new(),
        agreement_type: "Intra".to_owned(),
        status: "Multiparty signed/agreed".to_owned(),
        codes: codes.to_vec(),
    }
}

const ALPHA: (u32, &str) = (10, "Alpha process");
const BETA: (u32, &str) = (20, "Beta process");
const GAMMA: (u32, &str) = (30, "Gamma process");
const EUROPE: &str = "Europe and Eurasia";
const AFRICA: &str = "Africa (excl MENA)";
const ASIA: &str = "Asia and Pacific";

/// Five agreements, given out of id order on purpose.
fn agreements() -> Vec<Agreement> {
    vec![
        agreement(3, BETA, AFRICA, "Cea", 2015, &[("Ce", 1), ("Ele", 1)]),
        agreement(1, ALPHA, EUROPE, "Cea", 2010, &[("Ce", 2), ("SsrArm", 1)]),
        agreement(2, ALPHA, EUROPE, "Imp", 2012, &[("Ce", 3), ("SsrArm", 1), ("TjAm", 2)]),
        agreement(5, GAMMA, ASIA, "SubPar", 2003, &[("ImSrc", 1)]),
        agreement(4, GAMMA, ASIA, "SubPar", 2001, &[("Ele", 1), ("ImSrc", 1)]),
    ]
}

fn corpus() -> Corpus {
    match Corpus::from_pax(&agreements()) {
        Ok(corpus) => corpus,
        Err(err) => panic!("synthetic corpus: {err}"),
    }
}

fn profile(codes: &[(&str, u8)]) -> Profile {
    match Profile::from_codes(codes.iter().copied()) {
        Ok(profile) => profile,
        Err(err) => panic!("profile: {err}"),
    }
}

fn search(corpus: &Corpus, query: &Query) -> Vec<(u32, f64)> {
    match corpus.search(query) {
        Ok(found) => found.into_iter().map(|p| (p.id, p.score)).collect(),
        Err(err) => panic!("search: {err}"),
    }
}

fn ids(found: &[(u32, f64)]) -> Vec<u32> {
    found.iter().map(|&(id, _)| id).collect()
}

fn assert_scores(found: &[(u32, f64)], expected: &[(u32, f64)]) {
    assert_eq!(ids(found), ids(expected), "{found:?}");
    for (&(id, got), &(_, want)) in found.iter().zip(expected) {
        assert!(
            (got - want).abs() < 1e-4,
            "agreement {id}: score {got}, expected {want}"
        );
    }
}

fn uniform(profile: Profile, top: usize) -> Query {
    Query {
        weighting: Weighting::Uniform,
        ..Query::new(profile, top)
    }
}

#[test]
fn uniform_scores_are_plain_ruzicka_and_ties_go_by_id() {
    // Query Ce 2, TjAm 1.
    // 1 (Ce 2, SsrArm 1):          min 2,     max 2+1+1 = 4   -> 0.5
    // 2 (Ce 3, SsrArm 1, TjAm 2):  min 2+1=3, max 3+1+2 = 6   -> 0.5 (tie, id 2 after 1)
    // 3 (Ce 1, Ele 1):             min 1,     max 2+1+1 = 4   -> 0.25
    // 4 and 5 share nothing (score 0) and are no answers.
    let found = search(&corpus(), &uniform(profile(&[("Ce", 2), ("TjAm", 1)]), 10));
    assert_scores(&found, &[(1, 0.5), (2, 0.5), (3, 0.25)]);
}

#[test]
fn idf_weights_favour_rare_codes() {
    // N = 5. df: Ce 3, SsrArm 2, TjAm 1, Ele 2, ImSrc 2.
    let (ce, two, tj) = ((6.0f64 / 4.0).ln(), (6.0f64 / 3.0).ln(), 3.0f64.ln());
    let corpus = corpus();
    assert_eq!(corpus.document_frequency("Ce"), Some(3));
    assert_eq!(corpus.document_frequency("GCh"), Some(0));
    assert_eq!(corpus.document_frequency("Nope"), None);
    for (code, w) in [
        ("Ce", ce),
        ("SsrArm", two),
        ("TjAm", tj),
        ("Ele", two),
        ("GCh", 6.0f64.ln()),
    ] {
        let got = corpus.idf_weight(code).unwrap_or(f64::NAN);
        assert!((got - w).abs() < 1e-4, "{code}: {got} vs {w}");
    }
    // Query Ce 2, TjAm 1: sharing the rare TjAm puts 2 ahead of 1.
    // 1: min 2ce,       max 2ce + two + tj
    // 2: min 2ce + tj,  max 3ce + two + 2tj
    // 3: min ce,        max 2ce + two + tj
    let found = search(&corpus, &Query::new(profile(&[("Ce", 2), ("TjAm", 1)]), 10));
    assert_scores(
        &found,
        &[
            (2, (2.0 * ce + tj) / (3.0 * ce + two + 2.0 * tj)),
            (1, (2.0 * ce) / (2.0 * ce + two + tj)),
            (3, ce / (2.0 * ce + two + tj)),
        ],
    );
}

#[test]
fn a_corpus_agreement_is_not_its_own_precedent() {
    let corpus = corpus();
    let own = corpus.profile(2).unwrap_or_default();
    assert_eq!(own.agreement(), Some(2));
    assert_eq!(own.codes().collect::<Vec<_>>(), [("Ce", 3), ("SsrArm", 1), ("TjAm", 2)]);
    // Query Ce 3, SsrArm 1, TjAm 2 (uniform):
    // 1: min 2+1 = 3, max 3+1+2 = 6 -> 0.5;  3: min 1, max 3+1+2+1 = 7 -> 1/7.
    let found = search(&corpus, &uniform(own, 10));
    assert_scores(&found, &[(1, 0.5), (3, 1.0 / 7.0)]);
}

#[test]
fn an_identical_profile_scores_one() {
    let found = search(&corpus(), &Query::new(profile(&[("Ce", 2), ("SsrArm", 1)]), 1));
    assert_scores(&found, &[(1, 1.0)]);
}

#[test]
fn leaving_out_the_same_process() {
    let corpus = corpus();
    let mut query = uniform(corpus.profile(2).unwrap_or_default(), 10);
    query.exclude_process = Some(ProcessRef::SameAsProfile);
    assert_eq!(ids(&search(&corpus, &query)), [3]);

    query.exclude_process = Some(ProcessRef::Id(20));
    assert_eq!(ids(&search(&corpus, &query)), [1]);

    query.exclude_process = Some(ProcessRef::Name("  alpha PROCESS ".into()));
    assert_eq!(ids(&search(&corpus, &query)), [3]);
}

#[test]
fn the_same_process_needs_a_corpus_profile() {
    let mut query = Query::new(profile(&[("Ce", 1)]), 3);
    query.exclude_process = Some(ProcessRef::SameAsProfile);
    assert_eq!(corpus().search(&query), Err(PrecedentError::NoOwnProcess));
}

#[test]
fn unknown_processes_are_errors_with_suggestions() {
    let corpus = corpus();
    let mut query = Query::new(profile(&[("Ce", 1)]), 3);
    query.exclude_process = Some(ProcessRef::Name("process".into()));
    let err = corpus.search(&query).err();
    assert_eq!(
        err,
        Some(PrecedentError::UnknownProcess {
            given: "process".into(),
            candidates: vec!["Alpha process".into(), "Beta process".into(), "Gamma process".into()],
        })
    );
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("did you mean: Alpha process"), "{message}");

    query.exclude_process = Some(ProcessRef::Id(99));
    assert_eq!(
        corpus.search(&query),
        Err(PrecedentError::UnknownProcess {
            given: "99".into(),
            candidates: Vec::new(),
        })
    );
}

#[test]
fn stage_region_and_year_filters() {
    let corpus = corpus();
    let base = || uniform(profile(&[("Ce", 2), ("Ele", 1)]), 10);
    // Uniform, query Ce 2, Ele 1: 1 -> 2/4, 2 -> 2/7, 3 -> 2/3, 4 -> 1/4.
    assert_scores(
        &search(&corpus, &base()),
        &[(3, 2.0 / 3.0), (1, 0.5), (2, 2.0 / 7.0), (4, 0.25)],
    );

    let mut query = base();
    query.stages = vec!["cea".into()];
    assert_eq!(ids(&search(&corpus, &query)), [3, 1]);
    query.stages = vec!["Imp".into(), "SubPar".into()];
    assert_eq!(ids(&search(&corpus, &query)), [2, 4]);

    let mut query = base();
    query.regions = vec!["europe and eurasia".into()];
    assert_eq!(ids(&search(&corpus, &query)), [1, 2]);

    let mut query = base();
    query.years = Some(2011..=2015);
    assert_eq!(ids(&search(&corpus, &query)), [3, 2]);

    let mut query = base();
    query.exclude_ids = vec![3, 4];
    assert_eq!(ids(&search(&corpus, &query)), [1, 2]);

    let mut query = base();
    query.stages = vec!["Cea".into()];
    query.regions = vec![AFRICA.into()];
    query.years = Some(2000..=2020);
    assert_eq!(ids(&search(&corpus, &query)), [3]);
}

#[test]
fn unknown_stages_and_regions_list_the_valid_ones() {
    let corpus = corpus();
    assert_eq!(corpus.stages(), ["Cea", "Imp", "SubPar"]);
    assert_eq!(corpus.regions(), [AFRICA, ASIA, EUROPE]);

    let mut query = Query::new(profile(&[("Ce", 1)]), 3);
    query.stages = vec!["Cea".into(), "Ceasefire".into()];
    let err = corpus.search(&query).err();
    assert_eq!(
        err,
        Some(PrecedentError::UnknownStage {
            given: "Ceasefire".into(),
            valid: vec!["Cea".into(), "Imp".into(), "SubPar".into()],
        })
    );
    assert_eq!(
        err.map(|e| e.to_string()).unwrap_or_default(),
        "unknown stage \"Ceasefire\"; valid stages: Cea, Imp, SubPar"
    );

    let mut query = Query::new(profile(&[("Ce", 1)]), 3);
    query.regions = vec!["Europe".into()];
    let message = corpus.search(&query).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("valid regions: Africa (excl MENA), Asia and Pacific, Europe and Eurasia"),
        "{message}"
    );
}

#[test]
fn empty_year_range_is_an_error() {
    let mut query = Query::new(profile(&[("Ce", 1)]), 3);
    #[allow(clippy::reversed_empty_ranges)]
    let years = 2020..=2010;
    query.years = Some(years);
    assert_eq!(
        corpus().search(&query),
        Err(PrecedentError::EmptyYears { start: 2020, end: 2010 })
    );
}

#[test]
fn top_limits_the_answers() {
    let corpus = corpus();
    let query = |top| uniform(profile(&[("Ce", 2), ("Ele", 1)]), top);
    assert!(search(&corpus, &query(0)).is_empty());
    assert_eq!(ids(&search(&corpus, &query(1))), [3]);
    assert_eq!(ids(&search(&corpus, &query(2))), [3, 1]);
    assert_eq!(ids(&search(&corpus, &query(100))), [3, 1, 2, 4]);
}

#[test]
fn top_zero_still_checks_the_query() {
    let mut query = Query::new(profile(&[("Ce", 1)]), 0);
    query.stages = vec!["Nope".into()];
    assert!(matches!(
        corpus().search(&query),
        Err(PrecedentError::UnknownStage { .. })
    ));
}

#[test]
fn an_empty_profile_is_an_error() {
    assert_eq!(
        corpus().search(&Query::new(Profile::default(), 5)),
        Err(PrecedentError::EmptyProfile)
    );
    // Level 0 means absent, so a profile of zeros is empty too.
    let zeros = profile(&[("Ce", 0), ("Ele", 0)]);
    assert!(zeros.is_empty());
    assert_eq!(
        corpus().search(&Query::new(zeros, 5)),
        Err(PrecedentError::EmptyProfile)
    );
}

#[test]
fn profiles_check_codes_and_levels() {
    assert_eq!(
        Profile::from_codes([("Cease", 1)]),
        Err(PrecedentError::UnknownCode { code: "Cease".into() })
    );
    let err = Profile::from_codes([("ImE", 2)]);
    assert_eq!(
        err,
        Err(PrecedentError::LevelAboveMax {
            agreement: None,
            code: "ImE".into(),
            level: 2,
            max: 1,
        })
    );
    assert_eq!(
        err.err().map(|e| e.to_string()).unwrap_or_default(),
        "code ImE: level 2 is above its maximum 1"
    );
    // A code given twice keeps its highest level; codes come out in taxonomy order.
    let p = profile(&[("TjAm", 1), ("Ce", 1), ("TjAm", 2), ("Ce", 0)]);
    assert_eq!(p.codes().collect::<Vec<_>>(), [("Ce", 1), ("TjAm", 2)]);
    assert_eq!(p.len(), 2);
    assert_eq!(p.level("TjAm"), 2);
    assert_eq!(p.level("Ele"), 0);
    assert_eq!(p.level("Nope"), 0);
    assert_eq!(p.agreement(), None);
}

#[test]
fn shared_and_differing_codes_explain_the_score() {
    let corpus = corpus();
    let query = Query::new(profile(&[("Ce", 2), ("TjAm", 1), ("Ele", 1)]), 10);
    let found = corpus.search(&query).unwrap_or_default();
    let two = found.iter().find(|p| p.id == 2);
    let Some(two) = two else {
        panic!("agreement 2 missing: {found:?}")
    };
    // Shared: TjAm (weight ln 3, overlap 1) before Ce (weight ln 1.5, overlap 2).
    let shared: Vec<_> = two.shared.iter().map(|s| (s.code, s.query, s.hit)).collect();
    assert_eq!(shared, [("TjAm", 1, 2), ("Ce", 2, 3)]);
    let only_query: Vec<_> = two.only_query.iter().map(|c| (c.code, c.level)).collect();
    assert_eq!(only_query, [("Ele", 1)]);
    let only_hit: Vec<_> = two.only_hit.iter().map(|c| (c.code, c.level)).collect();
    assert_eq!(only_hit, [("SsrArm", 1)]);
    assert_eq!(two.name, "Accord 2");
    assert_eq!(two.process_name, "Alpha process");
    assert_eq!(two.region, EUROPE);
    assert_eq!(two.stage, "Imp");
    assert_eq!(two.date, Date::constant(2012, 6, 1));
}

#[test]
fn a_code_every_agreement_carries_weighs_nothing() {
    let everywhere = vec![
        agreement(1, ALPHA, EUROPE, "Cea", 2010, &[("ImSrc", 1), ("Ce", 1)]),
        agreement(2, BETA, EUROPE, "Cea", 2011, &[("ImSrc", 1)]),
    ];
    let corpus = Corpus::from_pax(&everywhere).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(corpus.idf_weight("ImSrc"), Some(0.0));
    // Only the weightless code in common: no precedent under IDF, two under uniform.
    assert!(search(&corpus, &Query::new(profile(&[("ImSrc", 1)]), 5)).is_empty());
    assert_scores(
        &search(&corpus, &uniform(profile(&[("ImSrc", 1)]), 5)),
        &[(2, 1.0), (1, 0.5)],
    );
}

#[test]
fn corpus_checks_its_input() {
    let mut twice = agreements();
    twice.push(agreement(4, BETA, EUROPE, "Cea", 2000, &[]));
    assert_eq!(
        Corpus::from_pax(&twice).err(),
        Some(PrecedentError::DuplicateAgreement { id: 4 })
    );

    let mut stored: Vec<StoredAgreement> = agreements().iter().map(StoredAgreement::from).collect();
    stored[0].codes.push(("NotACode".into(), 1));
    let corpus = Corpus::from_stored(&stored).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(corpus.unknown_codes(), [(3, "NotACode".to_owned())]);

    stored[1].codes.push(("ImE".into(), 3));
    assert_eq!(
        Corpus::from_stored(&stored).err().map(|e| e.to_string()),
        Some("agreement 1: code ImE: level 3 is above its maximum 1".to_owned())
    );
    assert_eq!(corpus.profile(42), Err(PrecedentError::UnknownAgreement { id: 42 }));
}

#[test]
fn stored_and_exported_agreements_give_the_same_answers() {
    let stored: Vec<StoredAgreement> = agreements().iter().map(StoredAgreement::from).collect();
    let from_store = Corpus::from_stored(&stored).unwrap_or_else(|e| panic!("{e}"));
    let from_pax = corpus();
    assert_eq!(from_store.len(), 5);
    assert!(from_store.contains(5) && !from_store.contains(6));
    assert_eq!(from_store.process_of(4), Some(30));
    assert_eq!(from_store.processes().len(), 3);
    for id in 1..=5 {
        let a = from_pax.search(&Query::new(from_pax.profile(id).unwrap_or_default(), 5));
        let b = from_store.search(&Query::new(from_store.profile(id).unwrap_or_default(), 5));
        assert_eq!(a, b, "agreement {id}");
    }
}

#[test]
fn an_empty_corpus_answers_nothing() {
    let corpus = Corpus::from_pax(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(corpus.is_empty());
    assert!(search(&corpus, &Query::new(profile(&[("Ce", 1)]), 5)).is_empty());
}

#[test]
fn precedents_serialize_to_json() {
    let corpus = corpus();
    let found = corpus
        .search(&uniform(profile(&[("Ce", 2), ("TjAm", 1)]), 1))
        .unwrap_or_default();
    let json = serde_json::to_value(&found).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!([{
            "id": 1,
            "name": "Accord 1",
            "date": "2010-06-01",
            "country": "Land of Alpha process",
            "process_id": 10,
            "process_name": "Alpha process",
            "region": EUROPE,
            "stage": "Cea",
            "score": 0.5,
            "shared": [{ "code": "Ce", "query": 2, "hit": 2 }],
            "only_query": [{ "code": "TjAm", "level": 1 }],
            "only_hit": [{ "code": "SsrArm", "level": 1 }],
        }])
    );
}
