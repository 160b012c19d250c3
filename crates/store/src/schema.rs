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
    // 2: conflict events (truce-events), every version kept; see events.rs. (Revised
    // before any release: the event is stored once, in binary, the latest version in
    // `event` and earlier ones in `event_history`.)
    "CREATE TABLE event (
        source       TEXT NOT NULL,
        id_order     INTEGER NOT NULL,  -- the number ending source_id, else -1 (events.rs)
        source_id    TEXT NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),  -- the latest version
        deleted      INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        content_hash BLOB NOT NULL,     -- Event::content_hash, 16 bytes
        start_s      INTEGER NOT NULL,  -- Unix seconds, rounded down
        end_s        INTEGER NOT NULL,  -- Unix seconds, rounded up
        body         BLOB NOT NULL,     -- Event::encode, after the source and id
        PRIMARY KEY (source, id_order, source_id)
    ) STRICT, WITHOUT ROWID;
    -- Dropped by large ingests, created again by the next query (events.rs).
    CREATE INDEX event_by_start ON event (start_s, end_s) WHERE deleted = 0;
    CREATE TABLE event_history (
        source       TEXT NOT NULL,
        id_order     INTEGER NOT NULL,
        source_id    TEXT NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        deleted      INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        content_hash BLOB NOT NULL,
        body         BLOB NOT NULL,
        PRIMARY KEY (source, id_order, source_id, version),
        FOREIGN KEY (source, id_order, source_id) REFERENCES event (source, id_order, source_id)
    ) STRICT, WITHOUT ROWID;",
    // 3: the web workbench's writes: access tokens (only their SHA-256 is kept),
    // alignment links confirmed or rejected, and provenance claims added through the API.
    "CREATE TABLE token (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL,
        hash    BLOB NOT NULL UNIQUE,   -- SHA-256 of the secret
        created TEXT NOT NULL,          -- RFC 3339 instant
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
    ) STRICT;
    CREATE TABLE alignment_link (
        negotiation TEXT NOT NULL,
        a           TEXT NOT NULL,
        b           TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('confirmed', 'rejected')),
        note        TEXT,
        author      TEXT NOT NULL,      -- the token's name
        created     TEXT NOT NULL,
        PRIMARY KEY (negotiation, a, b)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE provenance_claim (
        id          INTEGER PRIMARY KEY,
        negotiation TEXT NOT NULL,
        provision   TEXT NOT NULL,
        source      TEXT NOT NULL,
        publisher   TEXT NOT NULL,
        date        TEXT NOT NULL,      -- yyyy-mm-dd
        confidence  REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        note        TEXT,
        author      TEXT NOT NULL,
        created     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX provenance_claim_by_provision ON provenance_claim (negotiation, provision);",
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
