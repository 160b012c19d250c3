//! Golden diagnostics: every directory under `tests/diagnostics/` is a small scenario
//! with one kind of mistake (or, for `many-mistakes`, many in one file). Each test runs
//! the real `truce check <case> --color never`, asserts the exit code and the exact list
//! of diagnostic headers, checks that every diagnostic has a location, an excerpt with a
//! caret under the expected text and a hint, and snapshots the whole of stderr.
//!
//! Snapshots live in `tests/snapshots/`. The binary runs inside `tests/diagnostics/`
//! with a relative path, so the paths it prints do not depend on the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One golden case.
struct Case {
    /// Directory under `tests/diagnostics/`, also the snapshot name.
    name: &'static str,
    /// Expected exit code: 1 with errors, 0 with warnings only.
    exit: i32,
    /// Every diagnostic expected, in output order: its header prefix
    /// (`error[code]`) and the text its caret should underline.
    expect: &'static [(&'static str, &'static str)],
    /// A known shortcoming of the output for this case (see the test report). The
    /// structural check must then fail; when it passes, the gap is fixed and the
    /// marker should go.
    gap: Option<&'static str>,
}

macro_rules! golden {
    ($($test:ident: $dir:literal, exit $exit:literal, [$(($h:literal, $u:literal)),* $(,)?] $(, gap $gap:literal)?;)*) => {
        $(
            #[test]
            fn $test() {
                run_case(&Case {
                    name: $dir,
                    exit: $exit,
                    expect: &[$(($h, $u)),*],
                    gap: golden!(@gap $($gap)?),
                });
            }
        )*
        /// Every case directory the tests above cover.
        const CASES: &[&str] = &[$($dir),*];
    };
    (@gap) => { None };
    (@gap $gap:literal) => { Some($gap) };
}

golden! {
    toml_syntax: "toml-syntax", exit 1, [("error[syntax]", "SubComp")];
    toml_duplicate_key: "toml-duplicate-key", exit 1, [("error[syntax]", "binds")];
    unknown_key: "unknown-key", exit 1, [("error[unknown-key]", "sumary")];
    unknown_table: "unknown-table", exit 1, [
        ("warning[no-provisions]", "["),
        ("error[unknown-key]", "provision"),
    ];
    missing_key: "missing-key", exit 1, [("error[missing-key]", "[document]")];
    missing_negotiation_table: "missing-negotiation-table", exit 1, [("error[missing-key]", "")];
    wrong_type: "wrong-type", exit 1, [("error[wrong-type]", "1")];
    bad_id: "bad-id", exit 1, [("error[bad-id]", "\"Plan 01\"")];
    bad_id_cyrillic: "bad-id-cyrillic", exit 1, [("error[bad-id]", "\"уа\"")];
    bad_id_too_long: "bad-id-too-long", exit 1,
        [("error[bad-id]", "\"plan-01-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"")];
    unknown_value: "unknown-value", exit 1, [("error[unknown-value]", "\"Subcomp\"")];
    unknown_pax_code: "unknown-pax-code", exit 1, [("error[unknown-pax-code]", "SsrArms")];
    pax_level_zero: "pax-level-zero", exit 1, [("error[bad-pax-level]", "0")];
    pax_level_above_max: "pax-level-above-max", exit 1, [("error[bad-pax-level]", "4")];
    pax_level_binary: "pax-level-binary", exit 1, [("error[bad-pax-level]", "2")];
    unknown_issue: "unknown-issue", exit 1, [("error[unknown-issue]", "army_size")];
    unknown_option: "unknown-option", exit 1, [("error[unknown-option]", "\"de_fakto\"")];
    term_type: "term-type", exit 1, [("error[term-type]", "\"600000\"")];
    term_range: "term-range", exit 1, [("error[term-range]", "2500000")];
    integer_overflow: "integer-overflow", exit 1, [("error[out-of-range]", "99999999999999999999")];
    unknown_party_binds: "unknown-party-binds", exit 1, [("error[unknown-party]", "\"uk\"")];
    unknown_party_authors: "unknown-party-authors", exit 1, [("error[unknown-party]", "\"usa\"")];
    duplicate_provision_id: "duplicate-provision-id", exit 1, [("error[duplicate-id]", "\"plan-01\"")];
    duplicate_document_id: "duplicate-document-id", exit 1, [("error[duplicate-id]", "\"plan\"")];
    duplicate_number: "duplicate-number", exit 1, [("error[duplicate-number]", "\"1\"")];
    dangling_relation: "dangling-relation", exit 1, [("error[dangling-reference]", "\"drafts\"")];
    self_relation: "self-relation", exit 1, [("error[self-relation]", "\"plan\"")];
    relation_cycle: "relation-cycle", exit 1, [("error[relation-cycle]", "\"a\"")];
    bad_date_day: "bad-date-day", exit 1, [("error[bad-date]", "2025-02-30")];
    bad_date_month: "bad-date-month", exit 1, [("error[bad-date]", "\"2025-13-01\"")];
    date_with_time: "date-with-time", exit 1, [("error[bad-date]", "2025-11-20T10:00:00")];
    bad_confidence: "bad-confidence", exit 1, [("error[bad-confidence]", "1.5")];
    negative_confidence: "negative-confidence", exit 1, [("error[bad-confidence]", "-0.1")];
    duplicate_party: "duplicate-party", exit 1, [("error[duplicate-id]", "\"ru\"")];
    duplicate_issue: "duplicate-issue", exit 1, [("error[duplicate-id]", "\"nato_renounced\"")];
    duplicate_option: "duplicate-option", exit 1, [("error[duplicate-id]", "\"de_facto\"")];
    misplaced_key: "misplaced-key", exit 1,
        [("error[misplaced-key]", "[{ id = \"small\", label = \"Small\" }]")];
    bad_range: "bad-range", exit 1, [("error[bad-range]", "2000000")];
    empty_options: "empty-options", exit 1, [("error[empty-options]", "[]")];
    empty_text: "empty-text", exit 0, [("warning[empty-text]", "\"  \"")];
    relation_forward: "relation-forward", exit 0, [("warning[relation-forward]", "\"later\"")];
    not_utf8: "not-utf8", exit 1, [("error[not-utf8]", "\u{fffd}")];
    empty_document: "empty-document", exit 1, [("error[missing-key]", "")];
    ceasefire_terms: "ceasefire-terms", exit 1, [
        ("error[missing-geometry-file]", "\"geo/front.geojson\""),
        ("error[bad-instant]", "\"2025-04-19T18:00\""),
        ("error[unknown-event-class]", "\"artillery\""),
        ("error[geometry-kind]", "\"front\""),
        ("error[end-before-start]", "\"2025-04-18T00:00[Europe/Moscow]\""),
        ("error[unknown-geometry]", "\"frontt\""),
        ("error[missing-key]", "\"buffer\""),
    ];
    many_mistakes: "many-mistakes", exit 1, [
        ("error[unknown-value]", "\"Subcomp\""),
        ("error[unknown-party]", "\"usa\""),
        ("error[unknown-key]", "sumary"),
        ("error[bad-date]", "\"2025-13-01\""),
        ("error[bad-confidence]", "1.5"),
        ("error[dangling-reference]", "\"drafts\""),
        ("error[bad-id]", "\"Plan 01\""),
        ("error[syntax]", "Armed forces"),
        ("error[unknown-pax-code]", "SsrArms"),
        ("error[duplicate-number]", "\"1\""),
        ("error[bad-pax-level]", "2"),
        ("error[bad-pax-level]", "0"),
        ("error[unknown-issue]", "army_size"),
        ("error[unknown-option]", "\"de_fakto\""),
        ("error[term-type]", "\"600000\""),
        ("error[term-type]", "\"yes\""),
        ("error[term-range]", "2500000"),
        ("error[bad-date]", "2026-02-30"),
        ("error[unknown-party]", "\"uk\""),
        ("error[wrong-type]", "6"),
        ("warning[empty-text]", "\"\""),
        ("error[missing-key]", "[[provisions]]"),
        ("error[duplicate-id]", "\"plan-02\""),
        ("error[missing-key]", "[[provisions.provenance]]"),
    ];
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("diagnostics")
}

/// Runs `truce check <name> --color never` inside the cases directory.
fn check(name: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_truce"))
        .current_dir(cases_dir())
        .args(["check", name, "--color", "never"])
        .env_remove("TRUCE_SCENARIOS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run truce: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr).replace('\\', "/");
    let dir = cases_dir().display().to_string().replace('\\', "/");
    (
        output.status.code().unwrap_or(-1),
        stderr.replace(&format!("{dir}/"), ""),
    )
}

/// One rendered diagnostic, taken apart.
#[derive(Debug)]
struct Block {
    header: String,
    /// `(line, column)` from the `-->` line.
    location: Option<(usize, usize)>,
    /// The excerpt after `N | `, and the underlined text.
    excerpt: Option<(String, String)>,
    hint: Option<String>,
    problems: Vec<String>,
}

fn parse_block(block: &str) -> Block {
    let lines: Vec<&str> = block.lines().collect();
    let header = lines.first().copied().unwrap_or_default().to_owned();
    let mut b = Block {
        header,
        location: None,
        excerpt: None,
        hint: None,
        problems: Vec::new(),
    };
    if !(b.header.starts_with("error[") || b.header.starts_with("warning[")) || !b.header.contains("]: ") {
        b.problems.push(format!("bad header `{}`", b.header));
    }
    for line in &lines {
        if let Some(h) = line.trim_start().strip_prefix("= hint: ") {
            b.hint = Some(h.to_owned());
        }
    }
    match b.hint.as_deref() {
        None => b.problems.push("no hint".to_owned()),
        Some(h) if h.trim().is_empty() || h.contains("``") => {
            b.problems.push(format!("empty hint or suggestion: `{h}`"))
        }
        Some(_) => {}
    }
    if b.header.starts_with("error[bad-id]")
        && let Some(h) = &b.hint
        && let Some(suggested) = h.split("e.g. `").nth(1).and_then(|s| s.split('`').next())
        && !truce_model::is_valid_id(suggested)
    {
        b.problems.push(format!(
            "the hint suggests `{suggested}`, which is not a valid identifier"
        ));
    }

    let Some(loc) = lines.get(1).and_then(|l| l.trim_start().strip_prefix("--> ")) else {
        b.problems.push("no `-->` location line".to_owned());
        return b;
    };
    let mut parts = loc.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse::<usize>().ok());
    let line = parts.next().and_then(|c| c.parse::<usize>().ok());
    let (Some(line), Some(column), Some(_file)) = (line, column, parts.next()) else {
        b.problems.push(format!("location `{loc}` is not file:line:column"));
        return b;
    };
    b.location = Some((line, column));

    // Line 2 is the empty gutter, 3 the excerpt, 4 the caret.
    let (Some(source), Some(caret)) = (lines.get(3), lines.get(4)) else {
        b.problems.push("no excerpt".to_owned());
        return b;
    };
    let prefix = format!("{line} | ");
    let Some(shown) = source.strip_prefix(&prefix) else {
        b.problems
            .push(format!("excerpt line `{source}` does not start with `{prefix}`"));
        return b;
    };
    let gutter = prefix.chars().count();
    let caret: Vec<char> = caret.chars().collect();
    let Some(start) = caret.iter().position(|&c| c == '^') else {
        b.problems.push("no caret".to_owned());
        return b;
    };
    let len = caret[start..].iter().take_while(|&&c| c == '^').count();
    if start < gutter {
        b.problems.push("caret inside the gutter".to_owned());
        return b;
    }
    let at = start - gutter;
    if !shown.starts_with("...") && at + 1 != column {
        b.problems
            .push(format!("caret at column {} but location says column {column}", at + 1));
    }
    let underlined: String = shown.chars().skip(at).take(len).collect();
    b.excerpt = Some((shown.to_owned(), underlined));
    b
}

fn run_case(case: &Case) {
    let (code, stderr) = check(case.name);
    let blocks: Vec<&str> = stderr.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
    let (summary, diagnostics) = blocks
        .split_last()
        .unwrap_or_else(|| panic!("{}: no output", case.name));
    let parsed: Vec<Block> = diagnostics.iter().map(|b| parse_block(b)).collect();

    // The exact diagnostics, in order: a snapshot accepted by mistake cannot hide a
    // change in what is reported.
    let headers: Vec<&str> = parsed
        .iter()
        .map(|b| b.header.split(':').next().unwrap_or_default())
        .collect();
    let expected: Vec<&str> = case.expect.iter().map(|(h, _)| *h).collect();
    assert_eq!(headers, expected, "{}: diagnostics reported\n{stderr}", case.name);
    let errors = headers.iter().filter(|h| h.starts_with("error[")).count();
    let warnings = headers.len() - errors;
    assert!(
        summary
            .trim_end()
            .ends_with(&format!(": {errors} errors, {warnings} warnings")),
        "{}: summary `{summary}`",
        case.name
    );
    assert_eq!(code, case.exit, "{}: exit code\n{stderr}", case.name);

    insta::assert_snapshot!(case.name, stderr);

    let mut problems = Vec::new();
    for (block, (header, underline)) in parsed.iter().zip(case.expect) {
        problems.extend(block.problems.iter().map(|p| format!("{header}: {p}")));
        if let Some((shown, underlined)) = &block.excerpt
            && underlined != underline
        {
            problems.push(format!(
                "{header}: caret under `{underlined}`, expected `{underline}` in `{shown}`"
            ));
        }
    }
    match case.gap {
        None => assert!(
            problems.is_empty(),
            "{}:\n{}\n\n{stderr}",
            case.name,
            problems.join("\n")
        ),
        Some(gap) => assert!(
            !problems.is_empty(),
            "{}: the known gap ({gap}) looks fixed: remove the `gap` marker and review the snapshot",
            case.name
        ),
    }
}

#[test]
fn every_case_directory_is_tested() {
    let mut dirs: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap_or_else(|e| panic!("cannot list cases: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut listed: Vec<String> = CASES.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(
        dirs, listed,
        "every case directory needs an entry in `golden!`, and every entry a directory"
    );
    assert!(CASES.len() >= 18);
}

#[test]
fn many_mistakes_in_one_file_are_all_reported() {
    // The same file as the `many-mistakes` golden case, read through the library: every
    // mistake written into it is reported, at its own line, and nothing else is.
    let loaded = truce_model::load_scenario(&cases_dir().join("many-mistakes"));
    let mut found: Vec<(&str, usize)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.unwrap_or_else(|| panic!("diagnostic without a file: {d:?}"));
            (d.code, loaded.sources.get(file).line_col(d.span.start).0)
        })
        .collect();
    found.sort();
    let mut expected = vec![
        ("unknown-value", 5),       // stage = "Subcomp"
        ("unknown-party", 7),       // authors = ["usa"]
        ("unknown-key", 8),         // sumary
        ("bad-date", 13),           // "2025-13-01"
        ("bad-confidence", 14),     // 1.5
        ("dangling-reference", 18), // target = "drafts"
        ("bad-id", 21),             // "Plan 01"
        ("syntax", 23),             // heading = Armed forces
        ("unknown-pax-code", 25),   // SsrArms
        ("duplicate-number", 29),   // number "1" again
        ("bad-pax-level", 31),      // ImE = 2
        ("bad-pax-level", 31),      // SsrArm = 0
        ("unknown-issue", 37),      // army_size
        ("unknown-option", 37),     // "de_fakto"
        ("term-type", 43),          // army_cap = "600000"
        ("term-type", 43),          // nato_renounced = "yes"
        ("term-range", 49),         // 2500000
        ("bad-date", 49),           // 2026-02-30
        ("unknown-party", 50),      // binds = ["uk"]
        ("wrong-type", 54),         // number = 6
        ("empty-text", 55),         // text = ""
        ("missing-key", 57),        // no text
        ("duplicate-id", 58),       // plan-02 again
        ("missing-key", 61),        // provenance without publisher
    ];
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(loaded.error_count(), 23);
    assert_eq!(loaded.warning_count(), 1);
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let output = Command::new(env!("CARGO_BIN_EXE_truce"))
        .current_dir(cases_dir())
        .args(["check", "empty-text", "--deny-warnings", "--color", "never"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run truce: {e}"));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_document_path_checks_its_whole_scenario() {
    // Given one file, `check` walks up to negotiation.toml and checks every file, so the
    // duplicate is found from either side.
    for file in ["a-plan.toml", "b-plan.toml"] {
        let path = format!("duplicate-document-id/documents/{file}");
        let (code, stderr) = check(&path);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("error[duplicate-id]"), "{stderr}");
    }
}

#[test]
fn colour_is_off_with_never_and_on_with_always() {
    let (_, plain) = check("bad-confidence");
    assert!(!plain.contains('\x1b'));
    let output = Command::new(env!("CARGO_BIN_EXE_truce"))
        .current_dir(cases_dir())
        .args(["check", "bad-confidence", "--color", "always"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run truce: {e}"));
    let coloured = String::from_utf8_lossy(&output.stderr);
    assert!(coloured.contains("\x1b["), "{coloured}");
}
