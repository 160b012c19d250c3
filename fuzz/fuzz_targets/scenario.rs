//! Fuzzes a whole scenario: the input is split on NUL bytes into the negotiation file
//! followed by up to eight document files, so that checks across files (duplicate ids,
//! dangling relations, relation cycles) are reached too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_fuzz::{exercise, text};

const MAX_DOCUMENTS: usize = 8;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0).map(text);
    let neg = parts.next().unwrap_or_default();
    let docs: Vec<(String, String)> = parts
        .take(MAX_DOCUMENTS)
        .enumerate()
        .map(|(i, t)| (format!("documents/{i:02}.toml"), t))
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    exercise(&neg, &refs);
});
