//! Properties that hold for any input: no panic, and a skeleton always re-parses as
//! TOML with as many provisions as it claims, each with a valid, unique id.

use proptest::prelude::*;
use truce_import::{SkeletonOptions, decode, skeleton};

fn check(text: &str) -> Result<(), TestCaseError> {
    let options = SkeletonOptions {
        id: "doc".to_owned(),
        ..SkeletonOptions::default()
    };
    let Ok(made) = skeleton(text, &options) else {
        return Ok(());
    };
    let table = toml::from_str::<toml::Table>(&made.toml)
        .map_err(|e| TestCaseError::fail(format!("not TOML: {e}\n{}", made.toml)))?;
    let list = table
        .get("provisions")
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    prop_assert_eq!(list.len(), made.provisions);
    prop_assert!(made.provisions > 0);
    let mut ids = Vec::new();
    for provision in &list {
        let id = provision.get("id").and_then(toml::Value::as_str).unwrap_or_default();
        prop_assert!(!id.is_empty() && id.len() <= 64, "bad id {:?}", id);
        prop_assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')),
            "bad id {:?}",
            id
        );
        prop_assert!(provision.get("number").and_then(toml::Value::as_str).is_some());
        prop_assert!(provision.get("text").and_then(toml::Value::as_str).is_some());
        ids.push(id.to_owned());
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    prop_assert_eq!(ids.len(), count, "duplicate ids");
    let lines = text.split(['\n', '\r']).count().max(1);
    for warning in &made.warnings {
        prop_assert!(warning.line >= 1 && warning.line <= lines);
    }
    Ok(())
}

/// Lines that look like plans: markers of every kind, words in both scripts, odd
/// whitespace.
fn plan_line() -> impl Strategy<Value = String> {
    let marker = prop_oneof![
        Just(String::new()),
        (0u32..30).prop_map(|n| format!("{n}. ")),
        (0u32..30).prop_map(|n| format!("{n}) ")),
        (0u32..30).prop_map(|n| format!("({n}) ")),
        (0u32..30).prop_map(|n| format!("{n} - ")),
        (1u32..5, 0u32..5).prop_map(|(a, b)| format!("{a}.{b} ")),
        (1u32..5, 1u32..5, 1u32..5).prop_map(|(a, b, c)| format!("{a}.{b}.{c}. ")),
        prop::sample::select(vec![
            "a) ",
            "b) ",
            "c. ",
            "(d) ",
            "h) ",
            "i) ",
            "(i) ",
            "(ii) ",
            "iii. ",
            "v) ",
            "x. ",
            "а) ",
            "б) ",
            "ґ) ",
            "і) ",
            "й) ",
            "I. ",
            "II. ",
            "IV) ",
            "І. ",
            "• ",
            "- ",
            "– ",
            "* ",
            "· ",
            "１． ",
            "（２） ",
        ])
        .prop_map(str::to_owned),
    ];
    let indent = prop::sample::select(vec!["", " ", "   ", "\t", "\u{a0}", "\u{3000}"]);
    let words = prop::sample::select(vec![
        "",
        "text",
        "ceasefire",
        "мир",
        "обмін",
        "1.5 million",
        "\"quoted\"",
        "back\\slash",
        "'''",
        "#",
        "\u{ad}",
        "\u{feff}",
        "\u{0}",
    ]);
    let ending = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]);
    (indent, marker, prop::collection::vec(words, 0..4), ending)
        .prop_map(|(indent, marker, words, ending)| format!("{indent}{marker}{}{ending}", words.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn plan_like_text(lines in prop::collection::vec(plan_line(), 0..40)) {
        check(&lines.concat())?;
    }

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        match decode(&bytes) {
            Ok(text) => check(&text)?,
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}
