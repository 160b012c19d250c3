//! Schema migrations, keyed on SQLite's `PRAGMA user_version`.
//!
//! `MIGRATIONS[i]` brings the schema from version `i` to `i + 1`. A migration is never
//! edited once released: change the schema by appending a new one.

use rusqlite::Connection;

use crate::StoreError;

/// The migrations, oldest first.
const MIGRATIONS: &[&str] = &[
    // 1: PA-X agreements and their non-zero provision codes.
    "CREATE TABLE pax_agreement (
        agt_id         INTEGER PRIMARY KEY,
        name           TEXT NOT NULL,
        date           TEXT NOT NULL,   -- ISO 8601 civil date, yyyy-mm-dd
        country        TEXT NOT NULL,
        process_id     INTEGER NOT NULL,
        process_name   TEXT NOT NULL,
        region         TEXT NOT NULL,
        stage          TEXT NOT NULL,
        substage       TEXT NOT NULL,
        agreement_type TEXT NOT NULL,
        status         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX pax_agreement_by_process ON pax_agreement (process_id);
    CREATE TABLE pax_code (
        agt_id INTEGER NOT NULL REFERENCES pax_agreement (agt_id) ON DELETE CASCADE,
        code   TEXT NOT NULL,
        level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
        PRIMARY KEY (agt_id, code)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX pax_code_by_code ON pax_code (code, level);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Reads the schema version of an open database.
pub(crate) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration the database lacks, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
