//! Shared oracle for the truce fuzz targets.
//!
//! Every target ends in [`exercise`]: load the files with `truce_model::load_sources`,
//! render every diagnostic (plain and coloured), and, when the files load without an
//! error, write the model back as TOML and check that it loads again to the same model.

use truce_model::{RenderOptions, Severity, document_to_toml, load_sources, negotiation_to_toml};

/// The fixed negotiation that fuzzed documents are checked against.
pub const NEGOTIATION: &str = include_str!("../fixtures/negotiation.toml");

/// The fixed document that fuzzed negotiations are checked with.
pub const DOCUMENT: &str = include_str!("../fixtures/document.toml");

/// The earlier draft that [`DOCUMENT`] refers to.
pub const DOCUMENT_0: &str = include_str!("../fixtures/document-0.toml");

/// Width of the excerpt window in `Diagnostic::render`, plus room for the `...` marks.
const EXCERPT_MAX_CHARS: usize = 100 + 6;

/// Turns fuzzer bytes into text the way a user's editor might: invalid UTF-8 is replaced.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Loads the files, renders every diagnostic and checks the write/read round trip.
///
/// Panics (which the fuzzer reports as a crash) when loading or rendering panics, when a
/// rendered excerpt is wider than the documented window, or when a model that loaded
/// without errors does not survive being written out and read back.
pub fn exercise(negotiation: &str, documents: &[(&str, &str)]) {
    let loaded = load_sources(("negotiation.toml", negotiation), documents);

    for d in &loaded.diagnostics {
        let _ = d.location(&loaded.sources);
        for color in [false, true] {
            let out = d.render(&loaded.sources, &RenderOptions { color });
            assert!(out.contains(d.code), "rendered diagnostic lacks its code: {out}");
            if !color && d.file.is_some() {
                check_excerpt(&out);
            }
        }
    }
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert_eq!(errors, loaded.error_count());

    if loaded.error_count() > 0 {
        return;
    }
    let Some(negotiation) = &loaded.negotiation else {
        panic!("no error reported, yet no negotiation was built");
    };
    assert_eq!(
        negotiation.documents.len(),
        documents.len(),
        "no error reported, yet some documents were dropped"
    );

    // Round trip: what the writer produces must load cleanly to the same model.
    let neg_text = negotiation_to_toml(negotiation);
    let doc_texts: Vec<(String, String)> = negotiation
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("documents/{i:04}.toml"), document_to_toml(d)))
        .collect();
    let doc_refs: Vec<(&str, &str)> = doc_texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let again = load_sources(("negotiation.toml", &neg_text), &doc_refs);
    if again.error_count() > 0 {
        let rendered: Vec<String> = again
            .diagnostics
            .iter()
            .map(|d| d.render(&again.sources, &RenderOptions::default()))
            .collect();
        panic!(
            "written model does not load again:\n{}\n--- negotiation ---\n{neg_text}\n--- documents ---\n{:#?}",
            rendered.join("\n"),
            doc_texts
        );
    }
    assert_eq!(
        again.negotiation.as_ref(),
        Some(negotiation),
        "round trip changed the model"
    );
}

/// The excerpt line (`<line> | <text>`) must fit the window, whatever the input line.
fn check_excerpt(out: &str) {
    for line in out.lines() {
        let Some((gutter, rest)) = line.split_once(" | ") else {
            continue;
        };
        if gutter.is_empty() || !gutter.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let width = rest.chars().count();
        assert!(width <= EXCERPT_MAX_CHARS, "excerpt of {width} characters: {line:?}");
    }
}
