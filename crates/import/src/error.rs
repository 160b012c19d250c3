//! What can go wrong, and what merely looks wrong.

use std::fmt;

/// Why no skeleton could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The bytes are not UTF-8.
    #[error("the input is not valid UTF-8: byte 0x{byte:02X} at offset {offset} does not fit (save the file as UTF-8)")]
    InvalidUtf8 {
        /// Offset of the first bad byte from the start of the input, byte-order mark
        /// included.
        offset: usize,
        /// The byte found there.
        byte: u8,
    },
    /// The bytes start with a UTF-16 byte-order mark.
    #[error("the input is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")]
    Utf16,
    /// The text holds nothing but whitespace.
    #[error("no provisions found: the text is empty or holds only blank lines")]
    NoProvisions,
    /// An option that must be an id is not one.
    #[error(
        "{option} {value:?} is not a valid id: use lower-case letters, digits, `_`, `-` and `.`, start with a letter or digit, and keep it to {max} characters"
    )]
    InvalidId {
        /// Which option (`id`, `id_prefix`).
        option: &'static str,
        /// The value given.
        value: String,
        /// Longest value allowed for this option.
        max: usize,
    },
    /// The date option is not a real calendar date.
    #[error("date {value:?} is not a real calendar date written YYYY-MM-DD")]
    InvalidDate {
        /// The value given.
        value: String,
    },
    /// The stage option is not a PA-X stage.
    #[error("stage {value:?} is not one of {}", crate::options::STAGES.join(", "))]
    InvalidStage {
        /// The value given.
        value: String,
    },
    /// The status option is not a document status.
    #[error("status {value:?} is not one of {}", crate::options::STATUSES.join(", "))]
    InvalidStatus {
        /// The value given.
        value: String,
    },
}

/// Something in the plan that the person should look at; the skeleton is made anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// 1-based line of the input the warning is about.
    pub line: usize,
    /// What looks wrong, in a sentence.
    pub message: String,
}

impl ImportWarning {
    pub(crate) fn new(line: usize, message: String) -> Self {
        ImportWarning { line, message }
    }
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}
