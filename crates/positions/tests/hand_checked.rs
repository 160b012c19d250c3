//! Small cases worked out by hand.

mod common;

use common::{load_ok, negotiation, position};
use truce_model::Document;
use truce_positions::{RedLineRef, Truth, Zone, ZopaOptions, assess, zopa};

fn refs(v: &[(&str, &str)]) -> Vec<RedLineRef> {
    let mut out: Vec<RedLineRef> = v
        .iter()
        .map(|(p, i)| RedLineRef {
            party: (*p).to_owned(),
            id: (*i).to_owned(),
        })
        .collect();
    out.sort();
    out
}

/// Two independent clashes: recognition (Ukraine vs Russia), and the army cap, where
/// Europe accepts a cap under 800,000 only with Article-5-like guarantees, which Russia
/// refuses while demanding a cap of at most 600,000.
fn clashing() -> (truce_model::Negotiation, truce_positions::Positions) {
    let n = negotiation(&[]);
    let ua = position("ua", &[("no-recognition", "recognition == 'none'")], "");
    let ru = position(
        "ru",
        &[
            ("recognition", "recognition in ['de_facto', 'de_jure']"),
            ("no-article5", "guarantees != 'article5_like'"),
            ("small-army", "army_cap <= 600000"),
        ],
        "",
    );
    let eu = position(
        "eu",
        &[(
            "cap-only-with-guarantees",
            "army_cap < 800000 ? guarantees == 'article5_like' : true",
        )],
        "",
    );
    let p = load_ok(&n, &[("ua.toml", &ua), ("ru.toml", &ru), ("eu.toml", &eu)]);
    (n, p)
}

#[test]
fn known_empty_zone_has_exactly_the_known_conflict_sets() {
    let (n, p) = clashing();
    let report = zopa(&n, &p, &ZopaOptions::default()).unwrap();
    assert!(!report.feasible);
    let json = serde_json::to_value(&report).unwrap();
    // Smallest set first; members flattened to party and id.
    assert_eq!(json["conflicts"]["sets"][0]["red_lines"][0]["party"], "ru");
    assert_eq!(json["conflicts"]["sets"][0]["red_lines"][0]["id"], "recognition");
    assert_eq!(serde_json::to_value(&p).unwrap()["parties"][0]["party"], "ua");
    let conflicts = report.conflicts.expect("conflicts");
    assert!(conflicts.complete);
    let mut sets: Vec<Vec<RedLineRef>> = conflicts
        .sets
        .iter()
        .map(|s| s.red_lines.iter().map(|m| m.red_line.clone()).collect())
        .collect();
    sets.sort();
    let mut want = vec![
        refs(&[("ua", "no-recognition"), ("ru", "recognition")]),
        refs(&[
            ("eu", "cap-only-with-guarantees"),
            ("ru", "no-article5"),
            ("ru", "small-army"),
        ]),
    ];
    want.sort();
    assert_eq!(sets, want);
    // Two disjoint conflicts: no single relaxation opens a zone.
    assert!(report.relaxations.is_empty());
    assert!(report.notes.iter().any(|n| n.contains("no single red line")));
    let text = &conflicts
        .sets
        .iter()
        .find(|s| s.red_lines.len() == 2)
        .unwrap()
        .explanation;
    assert!(text.contains("ua requires: Red line no-recognition."), "{text}");
    assert!(text.contains("recognition"), "{text}");
}

#[test]
fn a_single_conflict_names_each_of_its_red_lines_as_a_relaxation() {
    let n = negotiation(&[]);
    let ua = position("ua", &[("no-recognition", "recognition == 'none'")], "");
    let ru = position("ru", &[("recognition", "recognition != 'none'")], "");
    let p = load_ok(&n, &[("ua.toml", &ua), ("ru.toml", &ru)]);
    let report = zopa(&n, &p, &ZopaOptions::default()).unwrap();
    assert!(!report.feasible);
    let mut relaxed: Vec<RedLineRef> = report.relaxations.iter().map(|r| r.red_line.clone()).collect();
    relaxed.sort();
    assert_eq!(relaxed, refs(&[("ru", "recognition"), ("ua", "no-recognition")]));
    let ua_relaxed = report.relaxations.iter().find(|r| r.red_line.party == "ua").unwrap();
    assert_ne!(ua_relaxed.example.terms["recognition"], "none");
}

/// One issue, four options; both parties have reservation value 20.
///
/// | option | A | B | acceptable | product of gains | sum |
/// |---|---|---|---|---|---|
/// | a | 100 | 0 | no (B < 20) | | |
/// | b | 70 | 50 | yes | 50 x 30 = 1500 | 120 |
/// | c | 40 | 85 | yes | 20 x 65 = 1300 | 125 |
/// | d | 0 | 100 | no (A < 20) | | |
///
/// Nash: b. Utilitarian: c. Egalitarian: b (50 > 40). Ideal utilities 70 (A) and 85
/// (B): Kalai-Smorodinsky compares min(50/50, 30/65) = 0.46 for b with
/// min(20/50, 65/65) = 0.4 for c: b.
#[test]
fn known_nash_package() {
    let negotiation_toml = r#"
[negotiation]
id = "split"
title = "Split"
[[parties]]
id = "a"
name = "A"
kind = "state"
[[parties]]
id = "b"
name = "B"
kind = "state"
[[issues]]
id = "deal"
title = "Deal"
type = "enum"
options = [ { id = "a", label = "a" }, { id = "b", label = "b" }, { id = "c", label = "c" }, { id = "d", label = "d" } ]
"#;
    let n = truce_model::load_sources(("negotiation.toml", negotiation_toml), &[])
        .negotiation
        .unwrap();
    let prefs = |scores: &str| {
        format!(
            "[preferences]\nreservation = 20\n[preferences.weights]\ndeal = 100\n[preferences.utilities]\ndeal = {scores}\n"
        )
    };
    let a = position("a", &[], &prefs("{ a = 100, b = 70, c = 40, d = 0 }"));
    let b = position("b", &[], &prefs("{ a = 0, b = 50, c = 85, d = 100 }"));
    let p = load_ok(&n, &[("a.toml", &a), ("b.toml", &b)]);
    let report = zopa(&n, &p, &ZopaOptions::default()).unwrap();
    assert!(report.feasible);
    assert_eq!(report.nash.unwrap().terms["deal"], "b");
    assert_eq!(report.utilitarian.unwrap().terms["deal"], "c");
    assert_eq!(report.egalitarian.unwrap().terms["deal"], "b");
    assert_eq!(report.kalai_smorodinsky.unwrap().terms["deal"], "b");
    let frontier = report.frontier.unwrap();
    assert!(frontier.complete);
    let mut deals: Vec<&str> = frontier.packages.iter().map(|p| p.terms["deal"].as_str()).collect();
    deals.sort_unstable();
    assert_eq!(deals, ["b", "c"]);
}

fn draft(terms: &str) -> (&'static str, String) {
    (
        "documents/draft.toml",
        format!(
            r#"
[document]
id = "draft"
title = "Draft"
date = 2025-11-20
stage = "SubComp"
status = "leaked"

[[provisions]]
id = "d-1"
number = "1"
text = "Territory."
terms = {{ recognition = "de_facto" }}

[[provisions]]
id = "d-2"
number = "2"
text = "Army."
terms = {{ {terms} }}
"#
        ),
    )
}

#[test]
fn assessment_matrix_with_responsible_provisions() {
    let (name, text) = draft("army_cap = 600000");
    let n = negotiation(&[(name, &text)]);
    let ua = position(
        "ua",
        &[
            ("no-recognition", "recognition == 'none'"),
            ("army", "army_cap >= 800000 || guarantees == 'article5_like'"),
        ],
        "",
    );
    let ru = position(
        "ru",
        &[("recognition", "recognition != 'none'"), ("halt", "nato_halt")],
        "",
    );
    let eu = position(
        "eu",
        &[(
            "cap-only-with-guarantees",
            "implies(army_cap < 800000, guarantees == 'article5_like')",
        )],
        "",
    );
    let p = load_ok(&n, &[("ua.toml", &ua), ("ru.toml", &ru), ("eu.toml", &eu)]);
    let doc: &Document = n.document("draft").unwrap();
    let a = assess(&n, doc, &p);
    let cell = |party: &str, id: &str| {
        a.parties
            .iter()
            .find(|x| x.party == party)
            .unwrap()
            .red_lines
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .clone()
    };
    let r = cell("ua", "no-recognition");
    assert_eq!(r.status, Truth::Broken);
    assert_eq!(r.provisions, ["d-1"]);
    // Cap 600,000 fails the first branch; guarantees are open: unknown, never a pass.
    let r = cell("ua", "army");
    assert_eq!(r.status, Truth::Unknown);
    assert_eq!(r.open_issues, ["guarantees"]);
    assert!(r.provisions.is_empty());
    let r = cell("ru", "recognition");
    assert_eq!(r.status, Truth::Holds);
    assert_eq!(r.provisions, ["d-1"]);
    assert_eq!(cell("ru", "halt").status, Truth::Unknown);
    assert_eq!(cell("eu", "cap-only-with-guarantees").status, Truth::Unknown);
    let verdict = |party: &str| a.parties.iter().find(|x| x.party == party).unwrap().acceptable;
    assert_eq!(verdict("ua"), Truth::Broken);
    assert_eq!(verdict("ru"), Truth::Unknown);
    assert!(a.open_issues.contains(&"guarantees".to_owned()));

    // With a cap of 900,000, the conditional holds whatever the guarantees, and only
    // the army provision decides it.
    let (name, text) = draft("army_cap = 900000");
    let n = negotiation(&[(name, &text)]);
    let a = assess(&n, n.document("draft").unwrap(), &p);
    let eu = &a.parties.iter().find(|x| x.party == "eu").unwrap().red_lines[0];
    assert_eq!(eu.status, Truth::Holds);
    assert_eq!(eu.provisions, ["d-2"]);
    assert_eq!(eu.deciding_issues, ["army_cap"]);
}

#[test]
fn a_rule_true_for_every_value_holds_on_an_open_term() {
    let (name, text) = draft("army_cap = 600000");
    let n = negotiation(&[(name, &text)]);
    // Kleene logic leaves this unknown when guarantees are open; the exact check does not.
    let ua = position("ua", &[("odd", "guarantees == 'none' || guarantees != 'none'")], "");
    let (loaded, _) = common::load(&n, &[("ua.toml", &ua)]);
    assert!(loaded.diagnostics.iter().any(|d| d.code == "rule-always-holds"));
    let a = assess(&n, n.document("draft").unwrap(), &loaded.positions);
    assert_eq!(a.parties[0].red_lines[0].status, Truth::Holds);
}

#[test]
fn utility_range_over_open_terms() {
    let (name, text) = draft("army_cap = 600000");
    let n = negotiation(&[(name, &text)]);
    let prefs = r#"
[preferences]
reservation = 30
[preferences.weights]
army_cap = 50
guarantees = 50
[preferences.utilities]
army_cap = [ { max = 599999, utility = 0 }, { min = 600000, max = 799999, utility = 40 }, { min = 800000, utility = 100 } ]
guarantees = { none = 0, bilateral_us = 50, article5_like = 100 }
"#;
    let ua = position("ua", &[], prefs);
    let p = load_ok(&n, &[("ua.toml", &ua)]);
    let a = assess(&n, n.document("draft").unwrap(), &p);
    let u = a.parties[0].utility.unwrap();
    assert_eq!((u.min, u.max), (20.0, 70.0));
    assert_eq!(a.parties[0].acceptable, Truth::Unknown);
}

#[test]
fn closest_package_changes_fewest_terms() {
    let (name, text) = draft("army_cap = 600000, nato_halt = true");
    let n = negotiation(&[(name, &text)]);
    let ua = position("ua", &[("no-recognition", "recognition == 'none'")], "");
    let eu = position(
        "eu",
        &[(
            "cap-only-with-guarantees",
            "army_cap < 800000 ? guarantees == 'article5_like' : true",
        )],
        "",
    );
    let p = load_ok(&n, &[("ua.toml", &ua), ("eu.toml", &eu)]);
    let options = ZopaOptions {
        draft: Some("draft".into()),
        ..ZopaOptions::default()
    };
    let report = zopa(&n, &p, &options).unwrap();
    let closest = report.closest.unwrap();
    // Recognition must change; the cap can stay if guarantees (open) are Article-5-like.
    assert_eq!(closest.changes.len(), 1);
    assert_eq!(closest.changes[0].issue, "recognition");
    assert_eq!(closest.changes[0].provisions, ["d-1"]);
    assert_eq!(closest.filled["guarantees"], "article5_like");
    assert_eq!(closest.package.terms["army_cap"], "600000");
    assert_eq!(closest.package.terms["nato_halt"], "true");
    let zone = Zone::new(&n, &p).unwrap();
    assert!(zone.holds(&zone.atoms_of(&closest.package).unwrap()));
}

/// Two issues, two parties with weights 50/50; points (weight x score) per value:
///
/// | value | A | B |
/// |---|---|---|
/// | i0 = o0 | 5000 | 0 |
/// | i0 = o1 | 3000 | 3000 |
/// | i0 = o2 | 0 | 5000 |
/// | i1 = o0 | 5000 | 0 |
/// | i1 = o1 | 0 | 5000 |
///
/// Least utility (points) of the six packages: (o0,o0) 0, (o0,o1) 5000, (o1,o0) 3000,
/// (o1,o1) 3000, (o2,o0) 5000, (o2,o1) 0.
fn balanced(
    a_rules: &[(&str, &str)],
    b_rules: &[(&str, &str)],
    a_reservation: u32,
) -> (truce_model::Negotiation, truce_positions::Positions) {
    let negotiation_toml = r#"
[negotiation]
id = "balance"
title = "Balance"
[[parties]]
id = "a"
name = "A"
kind = "state"
[[parties]]
id = "b"
name = "B"
kind = "state"
[[issues]]
id = "i0"
title = "I0"
type = "enum"
options = [ { id = "o0", label = "o0" }, { id = "o1", label = "o1" }, { id = "o2", label = "o2" } ]
[[issues]]
id = "i1"
title = "I1"
type = "enum"
options = [ { id = "o0", label = "o0" }, { id = "o1", label = "o1" } ]
"#;
    let n = truce_model::load_sources(("negotiation.toml", negotiation_toml), &[])
        .negotiation
        .unwrap();
    let prefs = |reservation: u32, i0: &str, i1: &str| {
        format!(
            "[preferences]\nreservation = {reservation}\n[preferences.weights]\ni0 = 50\ni1 = 50\n\
             [preferences.utilities]\ni0 = {i0}\ni1 = {i1}\n"
        )
    };
    let a = position(
        "a",
        a_rules,
        &prefs(a_reservation, "{ o0 = 100, o1 = 60, o2 = 0 }", "{ o0 = 100, o1 = 0 }"),
    );
    let b = position(
        "b",
        b_rules,
        &prefs(0, "{ o0 = 0, o1 = 60, o2 = 100 }", "{ o0 = 0, o1 = 100 }"),
    );
    let p = load_ok(&n, &[("a.toml", &a), ("b.toml", &b)]);
    (n, p)
}

/// The egalitarian answer (terms of i0 and i1, least utility) by both solvers, which must
/// agree on the value.
fn egalitarian_of((n, p): &(truce_model::Negotiation, truce_positions::Positions)) -> Option<(String, String, i64)> {
    let zone = Zone::new(n, p).unwrap();
    let fast = zone.egalitarian(None).unwrap();
    let milp = zone.egalitarian_milp(None).unwrap();
    assert_eq!(fast.as_ref().map(|f| f.1), milp.as_ref().map(|m| m.1));
    fast.map(|(p, v)| (p.terms["i0"].clone(), p.terms["i1"].clone(), v))
}

#[test]
fn egalitarian_balances_two_parties() {
    // Without red lines two packages reach 5000: (o0,o1) and (o2,o0).
    let (_, _, v) = egalitarian_of(&balanced(&[], &[], 0)).unwrap();
    assert_eq!(v, 5000);
    // B refuses i1 = o1: only (o2,o0) is left at 5000.
    let case = balanced(&[], &[("no-o1", "i1 != 'o1'")], 0);
    assert_eq!(egalitarian_of(&case), Some(("o2".into(), "o0".into(), 5000)));
    // A also refuses (o2,o0): the best left is (o1,o0) at 3000.
    let case = balanced(
        &[("not-both", "!(i0 == 'o2' && i1 == 'o0')")],
        &[("no-o1", "i1 != 'o1'")],
        0,
    );
    assert_eq!(egalitarian_of(&case), Some(("o1".into(), "o0".into(), 3000)));
}

#[test]
fn egalitarian_with_a_nested_rule() {
    // A accepts (o1,o0) or anything with i0 = o2: a conjunction inside a disjunction,
    // which the solvers model with an auxiliary variable. With B's rule, (o1,o0) at 3000
    // and (o2,o0) at 5000 remain.
    let case = balanced(
        &[("shape", "(i0 == 'o1' && i1 == 'o0') || i0 == 'o2'")],
        &[("no-o1", "i1 != 'o1'")],
        0,
    );
    assert_eq!(egalitarian_of(&case), Some(("o2".into(), "o0".into(), 5000)));
    // Forbidding i0 = o2 leaves only (o1,o0).
    let case = balanced(
        &[("shape", "(i0 == 'o1' && i1 == 'o0') || i0 == 'o2'")],
        &[("no-o1", "i1 != 'o1'"), ("no-o2", "i0 != 'o2'")],
        0,
    );
    assert_eq!(egalitarian_of(&case), Some(("o1".into(), "o0".into(), 3000)));
}

#[test]
fn egalitarian_respects_reservation_values() {
    // A needs 60 (6000 points): only (o0,o0) at A 10000 and (o1,o0) at A 8000 qualify;
    // their least utilities are 0 and 3000.
    assert_eq!(
        egalitarian_of(&balanced(&[], &[], 60)),
        Some(("o1".into(), "o0".into(), 3000))
    );
    // A reservation nobody can meet empties the zone.
    assert_eq!(egalitarian_of(&balanced(&[], &[("no-o0", "i1 != 'o0'")], 60)), None);
}
