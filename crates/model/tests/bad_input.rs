//! Hostile and broken input through `load_scenario`: huge files, binary files, deep
//! nesting, thousands of errors, invalid UTF-8, empty files, directories where files
//! should be, very long lines. Loading must not panic or overflow the stack, must say
//! what is wrong, and rendering must stay bounded. No timing assertions: speed is for
//! the benchmarks, but every test here has to finish in the normal test run.

use std::fs;
use std::path::Path;

use tempfile::TempDir;
use truce_model::{Loaded, RenderOptions, Severity, load_scenario};

const NEGOTIATION: &str = r#"[negotiation]
id = "demo"
title = "A demo negotiation"

[[parties]]
id = "ua"
name = "Ukraine"
kind = "state"

[[issues]]
id = "army_cap"
title = "Ceiling on the armed forces"
type = "integer"
min = 0
max = 2000000
"#;

const DOCUMENT: &str = r#"[document]
id = "plan"
title = "A plan"
date = 2025-11-20
stage = "SubComp"
status = "leaked"

[[provisions]]
id = "plan-01"
number = "1"
text = "The army is capped."
terms = { army_cap = 600000 }
"#;

/// A scenario directory with the demo negotiation and the given document files.
fn scenario(documents: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    write(&dir.path().join("negotiation.toml"), NEGOTIATION.as_bytes());
    fs::create_dir(dir.path().join("documents")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for (name, bytes) in documents {
        write(&dir.path().join("documents").join(name), bytes);
    }
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Every diagnostic rendered, as `truce check` prints them.
fn rendered(loaded: &Loaded) -> String {
    let options = RenderOptions { color: false };
    loaded
        .diagnostics
        .iter()
        .map(|d| d.render(&loaded.sources, &options) + "\n")
        .collect()
}

fn codes(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

/// Deterministic pseudo-random bytes (xorshift), so that failures reproduce.
fn noise(len: usize, mut state: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

const MB: usize = 1024 * 1024;

#[test]
fn fifty_megabyte_binary_document_is_refused_as_too_large() {
    let dir = scenario(&[
        ("plan.toml", DOCUMENT.as_bytes()),
        ("zz-big.toml", &noise(50 * MB, 0x9e37_79b9_7f4a_7c15)),
    ]);
    let loaded = load_scenario(dir.path());
    assert_eq!(codes(&loaded), ["too-large"], "{}", rendered(&loaded));
    let d = &loaded.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("zz-big.toml"),
        "message names the file: {}",
        d.message
    );
    assert!(d.hint.is_some());
    // The rest of the scenario is still read.
    let n = loaded.negotiation.as_ref().unwrap_or_else(|| panic!("no negotiation"));
    assert_eq!(n.documents.len(), 1);
    assert!(rendered(&loaded).len() < 1000);
}

#[test]
fn ten_megabytes_of_random_bytes_give_bounded_output() {
    let dir = scenario(&[("noise.toml", &noise(10 * MB, 1))]);
    let loaded = load_scenario(dir.path());
    assert!(loaded.error_count() >= 1);
    assert!(codes(&loaded).contains(&"not-utf8"), "{:?}", codes(&loaded));
    assert!(rendered(&loaded).len() < MB);
}

/// Random text that is valid UTF-8 but not TOML: the syntax errors are capped.
fn garbage_text(len: usize, seed: u64) -> Vec<u8> {
    const ALPHABET: &[u8] = b"abcxyz ABC 0123 = == [ ] [[ ]] { } \" ' # . , \n \n\t \\ ";
    let mut text = String::with_capacity(len + 4);
    for (i, b) in noise(len, seed).into_iter().enumerate() {
        if i % 997 == 0 {
            text.push('Ж');
        } else {
            text.push(ALPHABET[b as usize % ALPHABET.len()] as char);
        }
        if text.len() >= len {
            break;
        }
    }
    text.into_bytes()
}

#[test]
fn ten_megabytes_of_random_text_give_capped_bounded_output() {
    let dir = scenario(&[("garbage.toml", &garbage_text(10 * MB, 2))]);
    let loaded = load_scenario(dir.path());
    let syntax = codes(&loaded).iter().filter(|c| **c == "syntax").count();
    assert!(syntax >= 1);
    assert!(syntax <= 51, "{syntax} syntax errors: at most 50 plus one summary");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("more TOML syntax errors not shown")),
        "the cap is reached and the rest counted"
    );
    let text = rendered(&loaded);
    assert!(
        text.len() < MB,
        "rendered diagnostics are {} bytes, {} diagnostics",
        text.len(),
        loaded.diagnostics.len()
    );
}

#[test]
fn ten_thousand_errors_are_all_reported_and_rendered() {
    const N: usize = 10_000;
    let mut doc = String::from(DOCUMENT);
    let mut expected_lines = Vec::new();
    let mut line = doc.lines().count();
    for i in 0..N {
        let bad = match i % 5 {
            0 => "codes = { SsrArms = 3 }".to_owned(),
            1 => "codes = { ImE = 2 }".to_owned(),
            2 => "terms = { army_cap = \"many\" }".to_owned(),
            3 => "binds = [\"ru\"]".to_owned(),
            _ => format!("terms = {{ army_cap = {} }}", 2_000_001 + i),
        };
        doc.push_str(&format!(
            "\n[[provisions]]\nid = \"p{i}\"\nnumber = \"n{i}\"\ntext = \"Provision {i}.\"\n{bad}\n"
        ));
        line += 6;
        expected_lines.push(line);
    }
    let dir = scenario(&[("plan.toml", doc.as_bytes())]);
    let loaded = load_scenario(dir.path());
    assert_eq!(loaded.error_count(), N);
    assert_eq!(loaded.warning_count(), 0);
    let lines: Vec<usize> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            loaded
                .sources
                .get(d.file.unwrap_or_else(|| panic!("no file")))
                .line_col(d.span.start)
                .0
        })
        .collect();
    // One error per provision, on the line of its mistake, in order.
    let first_difference = lines.iter().zip(&expected_lines).position(|(a, b)| a != b);
    assert_eq!(
        first_difference, None,
        "first difference at diagnostic {first_difference:?}"
    );
    assert_eq!(lines.len(), expected_lines.len());
    let text = rendered(&loaded);
    assert_eq!(
        text.matches("\nerror[").count() + usize::from(text.starts_with("error[")),
        N
    );
}

fn nested(depth: usize, open: &str, middle: &str, close: &str) -> Vec<u8> {
    let mut s = String::from("a = ");
    s.push_str(&open.repeat(depth));
    s.push_str(middle);
    s.push_str(&close.repeat(depth));
    s.push('\n');
    s.push_str(DOCUMENT);
    s.into_bytes()
}

#[test]
fn deeply_nested_arrays_do_not_overflow_the_stack() {
    for (name, bytes) in [
        ("arrays.toml", nested(100_000, "[", "", "]")),
        ("arrays-unclosed.toml", nested(100_000, "[", "", "")),
        ("tables.toml", nested(100_000, "{ b = ", "1", " }")),
        ("mixed.toml", nested(50_000, "[{ b = ", "1", " }]")),
    ] {
        let dir = scenario(&[(name, &bytes)]);
        let loaded = load_scenario(dir.path());
        assert!(loaded.error_count() >= 1, "{name}: no error");
        assert!(rendered(&loaded).len() < 10_000, "{name}: output not bounded");
    }
    // In negotiation.toml too.
    let dir = scenario(&[("plan.toml", DOCUMENT.as_bytes())]);
    let mut neg = nested(100_000, "[", "", "]");
    neg.truncate(neg.len() - DOCUMENT.len());
    neg.extend_from_slice(NEGOTIATION.as_bytes());
    write(&dir.path().join("negotiation.toml"), &neg);
    let loaded = load_scenario(dir.path());
    assert!(loaded.error_count() >= 1);
}

/// Nesting that is deep but within reason is read, and reported as an unknown key.
#[test]
fn moderately_nested_arrays_are_read() {
    let dir = scenario(&[("plan.toml", &nested(30, "[", "1", "]"))]);
    let loaded = load_scenario(dir.path());
    assert_eq!(codes(&loaded), ["unknown-key"], "{}", rendered(&loaded));
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let mut bytes = b"[document]\nid = \"plan\"\ntitle = \"A \xff plan\"\n".to_vec();
    bytes.extend_from_slice(&DOCUMENT.as_bytes()[DOCUMENT.find("date").unwrap_or(0)..]);
    let dir = scenario(&[("plan.toml", &bytes)]);
    let loaded = load_scenario(dir.path());
    assert_eq!(codes(&loaded), ["not-utf8"]);
    let d = &loaded.diagnostics[0];
    let at = d.location(&loaded.sources).unwrap_or_default();
    assert!(at.ends_with("plan.toml:3:12"), "line 3, column 12: {at}");
    assert!(d.hint.is_some());
    // The negotiation is still read, without this document.
    assert_eq!(loaded.negotiation.as_ref().map(|n| n.documents.len()), Some(0));
}

/// The column of an invalid byte counts characters, like every other diagnostic.
#[test]
fn invalid_utf8_column_counts_characters() {
    let dir = scenario(&[("plan.toml", b"[document]\ntitle = \"\xd0\x96\xd0\xb6\xff\"\n")]);
    let loaded = load_scenario(dir.path());
    let d = &loaded.diagnostics[0];
    // `title = "` is 9 characters, then two Cyrillic letters: the bad byte is column 12.
    let at = d.location(&loaded.sources).unwrap_or_default();
    assert!(at.ends_with("plan.toml:2:12"), "{at}");
}

#[test]
fn invalid_utf8_in_negotiation_file() {
    let dir = scenario(&[("plan.toml", DOCUMENT.as_bytes())]);
    write(
        &dir.path().join("negotiation.toml"),
        b"[negotiation]\nid = \"\xc3\x28\"\n",
    );
    let loaded = load_scenario(dir.path());
    assert!(codes(&loaded).contains(&"not-utf8"), "{:?}", codes(&loaded));
    assert!(
        loaded.diagnostics.iter().any(|d| d
            .location(&loaded.sources)
            .is_some_and(|l| l.ends_with("negotiation.toml:2:7"))),
        "{}",
        rendered(&loaded)
    );
}

#[test]
fn empty_files() {
    for text in ["", "\n\n", "# only a comment\n", " \t \r\n"] {
        let dir = scenario(&[("empty.toml", text.as_bytes())]);
        let loaded = load_scenario(dir.path());
        assert_eq!(codes(&loaded), ["missing-key"], "{text:?}: {}", rendered(&loaded));
        assert!(loaded.diagnostics[0].message.contains("[document]"));

        let dir = scenario(&[("plan.toml", DOCUMENT.as_bytes())]);
        write(&dir.path().join("negotiation.toml"), text.as_bytes());
        let loaded = load_scenario(dir.path());
        assert!(loaded.negotiation.is_none());
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.code == "missing-key" && d.message.contains("[negotiation]")),
            "{text:?}: {}",
            rendered(&loaded)
        );
        // The document is still checked against an empty issue space.
        assert!(codes(&loaded).contains(&"unknown-issue"), "{}", rendered(&loaded));
    }
}

#[test]
fn a_directory_named_like_a_document_is_skipped() {
    let dir = scenario(&[("plan.toml", DOCUMENT.as_bytes())]);
    fs::create_dir(dir.path().join("documents").join("x.toml")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let loaded = load_scenario(dir.path());
    assert!(loaded.diagnostics.is_empty(), "{}", rendered(&loaded));
    assert_eq!(loaded.negotiation.as_ref().map(|n| n.documents.len()), Some(1));
}

#[test]
fn a_directory_named_negotiation_toml_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    fs::create_dir_all(dir.path().join("negotiation.toml")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    fs::create_dir_all(dir.path().join("documents")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let loaded = load_scenario(dir.path());
    assert!(codes(&loaded).contains(&"io"), "{}", rendered(&loaded));
    assert!(loaded.negotiation.is_none());
}

#[test]
fn a_missing_documents_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    write(&dir.path().join("negotiation.toml"), NEGOTIATION.as_bytes());
    let loaded = load_scenario(dir.path());
    assert_eq!(codes(&loaded), ["io"], "{}", rendered(&loaded));
}

/// A 100,000-character line with a mistake at its start, middle or end: the excerpt is
/// cut to a window around the caret, on character boundaries.
#[test]
fn very_long_line_renders_a_bounded_excerpt() {
    for filler in ["x", "Ж", "🙂"] {
        let long = filler.repeat(100_000);
        for (place, line) in [
            (
                "end",
                format!(
                    "document = {{ id = \"plan\", title = \"{long}\", date = 2025-11-20, stage = \"SubComp\", status = \"leaked\", authors = [\"nobody\"] }}"
                ),
            ),
            (
                "start",
                format!(
                    "document = {{ authors = [\"nobody\"], id = \"plan\", title = \"{long}\", date = 2025-11-20, stage = \"SubComp\", status = \"leaked\" }}"
                ),
            ),
            (
                "middle",
                format!(
                    "document = {{ id = \"plan\", title = \"{long}\", authors = [\"nobody\"], summary = \"{long}\", date = 2025-11-20, stage = \"SubComp\", status = \"leaked\" }}"
                ),
            ),
        ] {
            let doc = format!("{line}\n\n[[provisions]]\nid = \"p1\"\nnumber = \"1\"\ntext = \"x\"\n");
            let dir = scenario(&[("plan.toml", doc.as_bytes())]);
            let loaded = load_scenario(dir.path());
            assert_eq!(codes(&loaded), ["unknown-party"], "{filler} {place}");
            let text = rendered(&loaded);
            assert!(
                text.chars().count() < 1_000,
                "{filler} {place}: {} characters",
                text.chars().count()
            );
            let excerpt = text
                .lines()
                .find(|l| l.starts_with("1 | "))
                .unwrap_or_else(|| panic!("no excerpt:\n{text}"));
            assert!(
                excerpt.contains("nobody"),
                "{filler} {place}: excerpt misses the mistake: {excerpt}"
            );
            let caret = text
                .lines()
                .find(|l| l.contains('^'))
                .unwrap_or_else(|| panic!("no caret:\n{text}"));
            let at = caret.chars().position(|c| c == '^').unwrap_or(0);
            let under: String = excerpt.chars().skip(at).take(8).collect();
            assert_eq!(
                under, "\"nobody\"",
                "{filler} {place}: caret not under the mistake\n{text}"
            );
        }
    }
}

/// One 100,000-character line of garbage without a line break.
#[test]
fn very_long_garbage_line() {
    let line = "= [ x".repeat(20_000);
    let dir = scenario(&[("plan.toml", line.as_bytes())]);
    let loaded = load_scenario(dir.path());
    assert!(loaded.error_count() >= 1);
    assert!(rendered(&loaded).len() < 100_000);
}
