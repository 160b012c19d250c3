//! Bad positions files: each mistake is one clear diagnostic naming the file and the
//! position, in the rule's text where the mistake is inside a rule.

mod common;

use common::{CLAIM, load, negotiation, position};
use truce_model::{Diagnostic, RenderOptions, Severity, SourceMap};
use truce_positions::{Positions, ZopaError, ZopaOptions, zopa};

/// The errors of one file, as (code, "file:line:col", rendered).
fn errors(file: &str) -> Vec<(&'static str, String, String)> {
    let n = negotiation(&[]);
    let (loaded, sources) = load(&n, &[("ua.toml", file)]);
    collect(&loaded.diagnostics, &sources)
}

fn collect(diagnostics: &[Diagnostic], sources: &SourceMap) -> Vec<(&'static str, String, String)> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            (
                d.code,
                d.location(sources).unwrap_or_default(),
                d.render(sources, &RenderOptions::default()),
            )
        })
        .collect()
}

/// Line (1-based) of the `rule = ` line in the files `position` writes.
const RULE_LINE: usize = 13;

/// The one error of a file with one red line `rule`.
fn rule_error(rule: &str) -> (&'static str, String, String) {
    let file = position("ua", &[("r", rule)], "");
    assert_eq!(
        file.lines().nth(RULE_LINE - 1),
        Some(format!("rule = \"{rule}\"").as_str())
    );
    let mut e = errors(&file);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.remove(0)
}

/// Column (1-based) in the file line `rule = "..."` of byte `at` of the rule.
fn col(at: usize) -> usize {
    "rule = \"".len() + at + 1
}

#[test]
fn unknown_issue_is_located_in_the_rule() {
    let (code, loc, text) = rule_error("recognition == 'none' && army_kap < 800000");
    assert_eq!(code, "rule-unknown-issue");
    assert_eq!(loc, format!("ua.toml:{RULE_LINE}:{}", col(25)));
    assert!(text.contains("unknown issue `army_kap`"), "{text}");
    assert!(text.contains("did you mean `army_cap`?"), "{text}");
}

#[test]
fn unknown_option_is_located_at_the_literal() {
    let (code, loc, text) = rule_error("recognition == 'de_fakto'");
    assert_eq!(code, "rule-unknown-option");
    assert_eq!(loc, format!("ua.toml:{RULE_LINE}:{}", col(15)));
    assert!(text.contains("did you mean `de_facto`?"), "{text}");
}

#[test]
fn type_errors() {
    let (code, _, text) = rule_error("recognition == 3");
    assert_eq!(code, "rule-type");
    assert!(text.contains("enum issue"), "{text}");
    let (code, _, text) = rule_error("army_cap == 'large'");
    assert_eq!(code, "rule-type");
    assert!(text.contains("integer issue"), "{text}");
    let (code, _, _) = rule_error("recognition > 'none'");
    assert_eq!(code, "rule-type");
    let (code, _, text) = rule_error("army_cap");
    assert_eq!(code, "rule-type");
    assert!(text.contains("not a condition"), "{text}");
    let (code, _, _) = rule_error("army_cap > 1.5");
    assert_eq!(code, "rule-type");
}

#[test]
fn unsupported_constructs() {
    for (rule, what) in [
        ("[1, 2].all(x, x > 1)", "macros"),
        ("army_cap + 1 > 5", "arithmetic"),
        ("size(recognition) > 0", "function `size`"),
        ("army_cap > guarantees", "two issues"),
        ("1 < 2", "no issue"),
    ] {
        let (code, loc, text) = rule_error(rule);
        assert!(code == "rule-unsupported" || code == "rule-constant", "{rule}: {code}");
        assert!(loc.starts_with(&format!("ua.toml:{RULE_LINE}:")), "{loc}");
        assert!(text.contains(what), "{rule}: {text}");
    }
}

#[test]
fn syntax_error_points_at_the_token() {
    let (code, loc, _) = rule_error("recognition == == 'none'");
    assert_eq!(code, "rule-syntax");
    assert_eq!(loc, format!("ua.toml:{RULE_LINE}:{}", col(15)));
}

#[test]
fn contradictory_rule() {
    let (code, loc, text) = rule_error("army_cap < 100 && army_cap > 200");
    assert_eq!(code, "rule-never-holds");
    assert_eq!(loc, format!("ua.toml:{RULE_LINE}:{}", col(0)));
    assert!(text.contains("can never hold"), "{text}");
}

#[test]
fn contradictory_red_lines_of_one_party() {
    let file = position(
        "ua",
        &[
            ("a", "recognition == 'none'"),
            ("b", "army_cap > 5"),
            ("c", "recognition == 'de_jure'"),
        ],
        "",
    );
    let e = errors(&file);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "contradictory-red-lines");
    assert!(e[0].2.contains("`a`, `c`"), "{}", e[0].2);
}

#[test]
fn expressions_that_would_blow_up() {
    // Too long.
    let long = vec!["army_cap > 1"; 400].join(" || ");
    let (code, _, _) = rule_error(&long);
    assert_eq!(code, "rule-too-long");
    // Too deep.
    let deep = format!("{}army_cap > 1{}", "!(".repeat(40), ")".repeat(40));
    let (code, _, _) = rule_error(&deep);
    assert_eq!(code, "rule-too-deep");
    // Nested conditionals that double at every level.
    let mut blow = "army_cap > 1".to_owned();
    for _ in 0..6 {
        blow = format!("({blow} ? {blow} : {blow})");
    }
    let file = position("ua", &[("r", "army_cap > 0")], "").replace("army_cap > 0", &blow);
    let e = errors(&file);
    assert!(
        e.iter()
            .any(|(c, _, _)| *c == "rule-too-long" || *c == "rule-too-large" || *c == "rule-too-deep"),
        "{e:#?}"
    );
    let mut blow = "army_cap > 1".to_owned();
    for k in 0..13 {
        blow = format!("({blow} ? army_cap > {k} : army_cap < {k})");
    }
    let (code, _, text) = rule_error(&blow);
    assert!(code == "rule-too-large" || code == "rule-too-deep", "{code}: {text}");
}

#[test]
fn file_level_mistakes() {
    let n = negotiation(&[]);
    let cases: Vec<(String, &str)> = vec![
        (format!("[position]\nparty = \"uk\"\n{CLAIM}"), "unknown-party"),
        ("[position]\nparty = \"ua\"\n".to_owned(), "missing-provenance"),
        (
            format!("[position]\nparty = \"ua\"\nparty_name = \"x\"\n{CLAIM}"),
            "unknown-key",
        ),
        (
            format!("[position]\nparty = \"ua\"\n{CLAIM}\n[[red_lines]]\nid = \"a\"\ntext = \"t\"\n"),
            "missing-key",
        ),
        ("[position\nparty = ".to_owned(), "syntax"),
        (
            format!(
                "[position]\nparty = \"ua\"\n{CLAIM}[preferences]\n[preferences.weights]\nrecognition = 60\n[preferences.utilities]\nrecognition = {{ none = 100, de_facto = 0, de_jure = 0 }}\n"
            ),
            "weights-sum",
        ),
        (
            format!(
                "[position]\nparty = \"ua\"\n{CLAIM}[preferences]\n[preferences.weights]\nrecognition = 100\n[preferences.utilities]\nrecognition = {{ none = 100, de_facto = 0 }}\n"
            ),
            "missing-scores",
        ),
        (
            format!(
                "[position]\nparty = \"ua\"\n{CLAIM}[preferences]\n[preferences.weights]\narmy_cap = 100\n[preferences.utilities]\narmy_cap = [ {{ max = 599999, utility = 0 }}, {{ min = 700000, utility = 100 }} ]\n"
            ),
            "uncovered-values",
        ),
        (
            format!(
                "[position]\nparty = \"ua\"\n{CLAIM}[preferences]\n[preferences.weights]\nrecognition = 100\n[preferences.utilities]\nrecognition = {{ none = 100, de_facto = 0, de_jure = 0, other = 5 }}\n"
            ),
            "unknown-option",
        ),
        (
            format!(
                "[position]\nparty = \"ua\"\n{CLAIM}[preferences]\nreservation = 140\n[preferences.weights]\nrecognition = 100\n[preferences.utilities]\nrecognition = {{ none = 100, de_facto = 0, de_jure = 0 }}\n"
            ),
            "out-of-range",
        ),
    ];
    for (text, code) in cases {
        let (loaded, sources) = load(&n, &[("ua.toml", &text)]);
        let e = collect(&loaded.diagnostics, &sources);
        assert!(
            e.iter().any(|(c, loc, _)| *c == code && loc.starts_with("ua.toml:")),
            "want {code} in {e:#?}\n{text}"
        );
    }
}

#[test]
fn provenance_confidence_out_of_range() {
    let text = "[position]\nparty = \"ua\"\n[[provenance]]\nsource = \"s\"\npublisher = \"p\"\ndate = 2025-11-23\nconfidence = 1.5\n";
    let e = errors(text);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "out-of-range");
    assert_eq!(e[0].1, "ua.toml:7:14");
}

#[test]
fn two_files_for_one_party() {
    let n = negotiation(&[]);
    let a = position("ua", &[], "");
    let (loaded, sources) = load(&n, &[("a.toml", &a), ("b.toml", &a)]);
    let e = collect(&loaded.diagnostics, &sources);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "duplicate-party");
    assert!(e[0].1.starts_with("b.toml:"));
}

#[test]
fn empty_issue_space_and_no_positions() {
    let toml = "[negotiation]\nid = \"x\"\ntitle = \"x\"\n[[parties]]\nid = \"ua\"\nname = \"U\"\nkind = \"state\"\n";
    let n = truce_model::load_sources(("negotiation.toml", toml), &[])
        .negotiation
        .unwrap();
    let positions = Positions::default();
    assert_eq!(
        zopa(&n, &positions, &ZopaOptions::default()).unwrap_err(),
        ZopaError::EmptyIssueSpace
    );
    let n = negotiation(&[]);
    assert_eq!(
        zopa(&n, &positions, &ZopaOptions::default()).unwrap_err(),
        ZopaError::NoPositions
    );
    let p = common::load_ok(&n, &[("ua.toml", &position("ua", &[], ""))]);
    let options = ZopaOptions {
        draft: Some("nope".into()),
        ..ZopaOptions::default()
    };
    assert_eq!(
        zopa(&n, &p, &options).unwrap_err(),
        ZopaError::UnknownDraft("nope".into())
    );
}

#[test]
fn rule_inside_a_multiline_string_is_located() {
    let file = format!(
        "[position]\nparty = \"ua\"\n{CLAIM}\n[[red_lines]]\nid = \"r\"\ntext = \"t\"\nrule = \"\"\"\nrecognition == 'none' &&\n  guarantees == 'article6'\"\"\"\n"
    );
    let e = errors(&file);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "rule-unknown-option");
    assert_eq!(e[0].1, "ua.toml:15:17");
}
