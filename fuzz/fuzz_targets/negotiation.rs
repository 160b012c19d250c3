//! Fuzzes negotiation.toml, checked together with a fixed pair of documents that use
//! parties and issues of every type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_fuzz::{DOCUMENT, DOCUMENT_0, exercise, text};

fuzz_target!(|data: &[u8]| {
    let neg = text(data);
    exercise(
        &neg,
        &[
            ("documents/00-draft-0.toml", DOCUMENT_0),
            ("documents/01-draft-1.toml", DOCUMENT),
        ],
    );
});
