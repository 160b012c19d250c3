//! The truce embedded store: one SQLite file on disk.
//!
//! [`Store::open`] creates the file (and its folder) when needed, switches it to WAL
//! journaling and brings its schema up to date; migrations are keyed on SQLite's
//! `PRAGMA user_version`, so opening an up-to-date store changes nothing. The store
//! currently holds the PA-X agreements ([`Store::import_pax`], [`Store::pax_agreement`]).
//!
//! Where the store lives by default: [`default_path`].
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let store = truce_store::Store::open(&dir.path().join("nested/truce.sqlite"))?;
//! assert_eq!(store.pax_count()?, 0);
//! # Ok(())
//! # }
//! ```

mod access;
mod error;
mod events;
mod pax;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

pub use access::{StoredClaim, StoredLink, TokenInfo};
pub use error::StoreError;
pub use events::{EventVersion, IngestCounts};
pub use pax::{PaxImportSummary, StoredAgreement};
pub use schema::SCHEMA_VERSION;

/// Environment variable naming the store file; overrides [`default_path`]'s data dir.
pub const STORE_ENV: &str = "TRUCE_STORE";

/// Where the store lives unless told otherwise: the file named by `TRUCE_STORE` when
/// that is set and not empty, else `truce/truce.sqlite` in the user's data directory
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on
/// macOS, `%APPDATA%` on Windows).
pub fn default_path() -> Result<PathBuf, StoreError> {
    if let Some(path) = std::env::var_os(STORE_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::BaseDirs::new().ok_or(StoreError::NoDataDir)?;
    Ok(dirs.data_dir().join("truce").join("truce.sqlite"))
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path`, creating it and its parent folders when missing, and
    /// applies any pending schema migration.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.to_owned(),
                source,
            })?;
        }
        let open_err = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(open_err)?;
        // Fails here, with the path named, when the file is not a SQLite database. A file
        // system without WAL support answers with another mode, which still works.
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's `PRAGMA integrity_check`; an error lists what it found.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let found: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if found == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::BadValue(format!("integrity check: {}", found.join("; "))))
        }
    }

    /// The schema version of the open store (equal to [`SCHEMA_VERSION`] after `open`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::version(&self.conn)
    }
}

#[cfg(test)]
mod tests;
