//! Reports of truce analyses, in three forms: plain or coloured terminal text, one
//! self-contained HTML file (inline CSS, no scripts, no network, printable), and JSON
//! envelopes with a versioned `format` field.
//!
//! Reports only present what an analysis computed: they never recompute it. Output is
//! deterministic: the same analysis gives the same bytes.
//!
//! ```
//! use truce_report::html::escape;
//! assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
//! ```

pub mod compare;
pub mod evolution;
pub mod html;
pub mod positions;
pub mod text;
