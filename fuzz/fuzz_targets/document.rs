//! Fuzzes one document file against a fixed, valid negotiation.toml.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_fuzz::{DOCUMENT_0, NEGOTIATION, exercise, text};

fuzz_target!(|data: &[u8]| {
    let doc = text(data);
    exercise(
        NEGOTIATION,
        &[
            ("documents/00-draft-0.toml", DOCUMENT_0),
            ("documents/01-fuzz.toml", &doc),
        ],
    );
});
