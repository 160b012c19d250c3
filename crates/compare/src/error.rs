//! Errors of the comparison API.

use thiserror::Error;

/// Why a comparison could not be made as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CompareError {
    /// An override names a provision id that none of the documents has.
    #[error("override names provision `{id}`, which is in none of the documents compared")]
    UnknownProvision {
        /// The unknown id.
        id: String,
    },
    /// An override links two provisions of the same document.
    #[error("override links `{a}` and `{b}`, which are both in document `{document}`")]
    SameDocument {
        /// Provision id given as `a`.
        a: String,
        /// Provision id given as `b`.
        b: String,
        /// The document holding both.
        document: String,
    },
    /// The same link is both confirmed and rejected.
    #[error("the link `{a}` -> `{b}` is both confirmed and rejected")]
    ConflictingOverride {
        /// Provision id in the earlier document.
        a: String,
        /// Provision id in the later document.
        b: String,
    },
    /// Confirmed links join several provisions on both sides into one group, which is
    /// neither a split nor a merge.
    #[error(
        "confirmed links join several provisions on both sides ({} -> {}); confirm one-to-many or many-to-one groups only",
        .a.join(", "),
        .b.join(", ")
    )]
    ManyToMany {
        /// Provision ids of the earlier document in the group.
        a: Vec<String>,
        /// Provision ids of the later document in the group.
        b: Vec<String>,
    },
}
