//! Errors that stop a read (problems with an input as a whole).

/// Why an input could not be read at all. Problems with single records are not errors
/// but [`Reject`](crate::Reject)s.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// The input could not be opened or read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The input's name (usually its path).
        file: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input holds nothing (no bytes, or only white space).
    #[error("{file} is empty: expected {expected}")]
    Empty {
        /// The input's name.
        file: String,
        /// What the format expected.
        expected: String,
    },
    /// The header row lacks a needed column, or the input is not of the stated layout.
    #[error("{file}, line {line}: {message}")]
    Layout {
        /// The input's name.
        file: String,
        /// The line (1 for a header).
        line: u64,
        /// What was expected and what was found.
        message: String,
    },
    /// A syntax error that stops the reading of the rest of the input (broken JSON).
    #[error("{file}, line {line}, column {column}: {message}")]
    Syntax {
        /// The input's name.
        file: String,
        /// Line of the error, in the decoded text.
        line: u64,
        /// Column of the error.
        column: u64,
        /// What was wrong.
        message: String,
    },
    /// A mapping file could not be read or is inconsistent.
    #[error("mapping {file}: {message}")]
    Mapping {
        /// The mapping file.
        file: String,
        /// What is wrong, naming the key.
        message: String,
    },
}
