//! Errors of the store.

use std::path::PathBuf;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No user data directory could be determined (and `TRUCE_STORE` is not set).
    #[error("cannot find the user data directory; set TRUCE_STORE to the store file path")]
    NoDataDir,
    /// The folder that should hold the store could not be created.
    #[error("cannot create the store folder {}: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The store file could not be opened as a SQLite database.
    #[error("cannot open the store {}: {source}", path.display())]
    Open {
        /// The store file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// The store was written by a newer truce with a schema this build does not know.
    #[error(
        "the store has schema version {found}, newer than the {supported} this truce knows; \
         upgrade truce or use another store"
    )]
    TooNew {
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this build knows.
        supported: i64,
    },
    /// A stored value could not be read back.
    #[error("the store holds a bad value: {0}")]
    BadValue(String),
    /// The system's random number source failed (making a token).
    #[error("no randomness from the system: {0}")]
    Random(String),
    /// Any other database error.
    #[error("store database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
