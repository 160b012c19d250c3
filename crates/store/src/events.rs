//! Conflict events in the store, with every version kept.
//!
//! Each event is identified by `(source, source_id)`. Ingesting writes a new version
//! only when the event's content changed ([`Event::content_hash`]): the same content
//! again writes nothing, so re-ingesting a file is idempotent. Earlier versions stay
//! beside the new one ([`Store::event_versions`]); a deletion is a tombstone version
//! ([`Store::delete_event`]), never a removal, so feeds whose records are edited or
//! withdrawn over time (ACLED) keep their history.
//!
//! # Layout
//!
//! Every version is stored exactly once, as the compact binary body of
//! [`Event::encode`] (about a third of the size of the event as JSON):
//!
//! - `event` has one row per event, keyed by its id (below), with its **latest**
//!   version (number, deletion flag, content hash, interval, body), for lookups and the
//!   overlap query, which thus read one table. It is a `WITHOUT ROWID` table: the key is
//!   the table, so a new event is one B-tree insert rather than a row and an index entry;
//! - `event_history` has the earlier versions, keyed by the event's key and the version.
//!   A new version moves the latest one there first; an event with one version (the
//!   usual case) has no history row.
//!
//! Interval columns are whole Unix seconds, the start rounded down and the end rounded
//! up, so the SQL filter never misses an event; the exact half-open test on the decoded
//! [`Event`] follows.
//!
//! # Indexes, and what they cost an ingest
//!
//! SQLite writes every page a transaction changed to its log. An index whose keys arrive
//! in random order changes nearly all its pages in every large batch, so its cost grows
//! with the store, batch after batch. Hence:
//!
//! - events are keyed by `(source, id_order, source_id)`, where `id_order` is the number
//!   that ends the id (`147997` → 147997, `UKR1234` → 1234; -1 for ids that end in no
//!   number without leading zeros). It is a function of the id, so the key is unique
//!   exactly when `(source, source_id)` is, but feeds whose ids grow (UCDP, GDELT, ACLED
//!   per country) now append to the table instead of scattering over it, as text order
//!   would (`"10"` sorts before `"9"`);
//! - the time index `event_by_start`, random by nature, is dropped by an ingest whose
//!   batch is large next to the store (at least [`DROP_INDEX_MIN`] events, and at least
//!   an eighth of the events the store's size could hold), and created again, in one sorted pass, by the next
//!   [`Store::events_overlapping`]. Small updates to a large store keep it up to date.
//!
//! # Ingest speed
//!
//! [`Store::ingest_events`] writes a batch in one transaction with cached prepared
//! statements, and writes only new events and changed ones. A new event costs one
//! `INSERT … ON CONFLICT DO NOTHING` (its uniqueness check is the lookup), an existing
//! one one `SELECT` of its latest hash by primary key. Which of the two is tried first
//! follows the previous event of the batch, so a fresh file inserts and a re-ingested
//! one looks up, and each pays for one wasted statement only where the kind of event
//! changes. (Reading the batch's stored hashes in one range scan instead was tried: on
//! a re-ingest of 1M events it was 10 to 20 % slower than these lookups, whose pages a
//! file sorted by id reads in order.)
//!
//! # Durability
//!
//! The store runs in WAL mode with `synchronous = NORMAL` (see [`Store::open`]): a commit
//! is not flushed to disk on its own, only at checkpoints. A power loss or OS crash can
//! therefore lose the last committed batches, but never corrupts the store (an
//! application crash loses nothing). For event ingest that is the right trade: ingest is
//! idempotent, so running it again restores whatever was lost, while a flush per batch
//! would cost far more than the batch.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};
use truce_events::{Event, content_hash_of_encoding};

use crate::{Store, StoreError};

/// SQLite page cache (KiB) set for the connection by [`Store::ingest_events`].
const EVENT_CACHE_KIB: i64 = 64 * 1024;

/// Log pages after which a commit copies the log into the database (SQLite's default
/// is 1,000): with batches of thousands of events, the default checkpoints, and so
/// flushes to disk, at nearly every batch.
const EVENT_CHECKPOINT_PAGES: i64 = 16_384;

/// The smallest batch that may drop the time index (see the module docs).
const DROP_INDEX_MIN: usize = 1_000;

const CREATE_TIME_INDEX: &str = "CREATE INDEX IF NOT EXISTS event_by_start ON event (start_s, end_s) WHERE deleted = 0";

/// The number that ends an id, when the id is a prefix and a number of at most 18
/// digits without leading zeros (`"UKR0012"` → 12); else -1. A function of the id, which
/// orders the id index (see the module docs).
fn id_order(source_id: &str) -> i64 {
    let bytes = source_id.as_bytes();
    let digits = bytes.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let run = &bytes[bytes.len() - digits..];
    let number = &run[run.iter().take_while(|&&b| b == b'0').count()..];
    if number.is_empty() || number.len() > 18 {
        return -1;
    }
    number.iter().fold(0i64, |n, &b| n * 10 + i64::from(b - b'0'))
}

/// What one [`Store::ingest_events`] did: every event given is counted once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestCounts {
    /// Events not in the store before (version 1 written).
    pub new: u64,
    /// Events whose content differs from their latest version, or that were deleted
    /// (a new version written).
    pub changed: u64,
    /// Events identical to their latest version (nothing written).
    pub unchanged: u64,
}

impl IngestCounts {
    /// All events counted.
    pub fn total(&self) -> u64 {
        self.new + self.changed + self.unchanged
    }
}

impl std::ops::AddAssign for IngestCounts {
    fn add_assign(&mut self, other: IngestCounts) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
    }
}

impl std::fmt::Display for IngestCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "new {}, changed {}, unchanged {}",
            self.new, self.changed, self.unchanged
        )
    }
}

/// One stored version of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventVersion {
    /// 1 for the first version, then 2, 3, ...
    pub version: u32,
    /// True for a tombstone: the event was deleted at this version (its content is the
    /// last content before the deletion).
    pub deleted: bool,
    /// The content hash of `event` ([`Event::content_hash`], 32 hex digits).
    pub content_hash: String,
    /// The event as this version stored it.
    pub event: Event,
}

/// Whole seconds at or before `t`.
fn floor_seconds(t: Timestamp) -> i64 {
    let s = t.as_second();
    if t.subsec_nanosecond() < 0 { s - 1 } else { s }
}

/// Whole seconds at or after `t`.
fn ceil_seconds(t: Timestamp) -> i64 {
    let s = t.as_second();
    if t.subsec_nanosecond() > 0 { s + 1 } else { s }
}

/// A content hash as stored: 16 bytes, most significant first.
type Hash = [u8; 16];

/// The latest version of an event: its version, deletion flag and content hash.
#[derive(Debug, Clone, Copy)]
struct Latest {
    version: i64,
    deleted: bool,
    hash: Hash,
}

const INSERT_NEW: &str = "INSERT INTO event \
     (source, id_order, source_id, version, deleted, content_hash, start_s, end_s, body) \
     VALUES (?1, ?2, ?3, 1, 0, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";

const SELECT_LATEST: &str = "SELECT version, deleted, content_hash FROM event \
     WHERE source = ?1 AND id_order = ?2 AND source_id = ?3";

/// Reads a row of [`SELECT_LATEST`].
fn latest_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Latest> {
    Ok(Latest {
        version: row.get(0)?,
        deleted: row.get(1)?,
        hash: row.get(2)?,
    })
}

fn latest(tx: &Transaction<'_>, source: &str, source_id: &str) -> Result<Option<Latest>, StoreError> {
    Ok(tx
        .prepare_cached(SELECT_LATEST)?
        .query_row(params![source, id_order(source_id), source_id], latest_row)
        .optional()?)
}

/// Writes the next version of a known event: its latest version moves to the history,
/// and the `event` row takes the new one.
fn write_next_version(
    tx: &Transaction<'_>,
    (source, source_id): (&str, &str),
    latest: &Latest,
    deleted: bool,
    hash: &Hash,
    (start, end): (Timestamp, Timestamp),
    body: &[u8],
) -> Result<(), StoreError> {
    let order = id_order(source_id);
    tx.prepare_cached(
        "INSERT INTO event_history (source, id_order, source_id, version, deleted, content_hash, body) \
         SELECT source, id_order, source_id, version, deleted, content_hash, body FROM event \
         WHERE source = ?1 AND id_order = ?2 AND source_id = ?3",
    )?
    .execute(params![source, order, source_id])?;
    tx.prepare_cached(
        "UPDATE event SET version = ?4, deleted = ?5, content_hash = ?6, start_s = ?7, end_s = ?8, body = ?9 \
         WHERE source = ?1 AND id_order = ?2 AND source_id = ?3",
    )?
    .execute(params![
        source,
        order,
        source_id,
        latest.version + 1,
        deleted,
        &hash[..],
        floor_seconds(start),
        ceil_seconds(end),
        body
    ])?;
    Ok(())
}

fn decode(source: &str, source_id: &str, body: &[u8]) -> Result<Event, StoreError> {
    Event::decode_body(source, source_id, body)
        .map_err(|e| StoreError::BadValue(format!("stored event {source}/{source_id}: {e}")))
}

/// A column value of an unexpected type.
fn value<T>(read: Result<T, rusqlite::types::FromSqlError>) -> Result<T, StoreError> {
    read.map_err(|e| StoreError::BadValue(format!("stored event column: {e}")))
}

fn hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Writes events in one transaction: a new event gets version 1, an event whose
    /// content differs from its latest version (or that was deleted) gets the next
    /// version, an identical one is left alone. Events are taken in order, so the same
    /// event twice in one batch counts as new, then unchanged.
    ///
    /// # Errors
    ///
    /// A database error, or an event that cannot be encoded (a coordinate or radius that
    /// is not finite); nothing of the batch is written then.
    pub fn ingest_events(&mut self, events: impl IntoIterator<Item = Event>) -> Result<IngestCounts, StoreError> {
        // Event ids are looked up and inserted in no particular key order: with SQLite's
        // default 2 MiB page cache, large ingests spend their time re-reading pages.
        self.conn.pragma_update(None, "cache_size", -EVENT_CACHE_KIB)?;
        self.conn
            .pragma_update(None, "wal_autocheckpoint", EVENT_CHECKPOINT_PAGES)?;
        let events = events.into_iter();
        let tx = self.conn.transaction()?;
        let batch = events.size_hint().0;
        if batch >= DROP_INDEX_MIN {
            // At most this many events fit in the store's pages (none is under 128 bytes).
            let capacity: i64 = tx.query_row(
                "SELECT page_count * page_size / 128 FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )?;
            if i64::try_from(batch).unwrap_or(i64::MAX).saturating_mul(8) >= capacity {
                tx.execute_batch("DROP INDEX IF EXISTS event_by_start")?;
            }
        }
        let mut counts = IngestCounts::default();
        {
            let mut insert = tx.prepare_cached(INSERT_NEW)?;
            let mut select = tx.prepare_cached(SELECT_LATEST)?;
            let mut bytes = Vec::with_capacity(512);
            // Whether the previous event was new: then this one probably is too.
            let mut expect_new = true;
            for event in events {
                bytes.clear();
                let body = event
                    .encode(&mut bytes)
                    .map_err(|e| StoreError::BadValue(e.to_string()))?;
                let hash: Hash = content_hash_of_encoding(&bytes).to_be_bytes();
                let interval = (event.start, event.end);
                let order = id_order(&event.source_id);
                let mut insert_new = || {
                    insert.execute(params![
                        event.source,
                        order,
                        event.source_id,
                        &hash[..],
                        floor_seconds(event.start),
                        ceil_seconds(event.end),
                        &bytes[body..]
                    ])
                };
                if expect_new && insert_new()? == 1 {
                    counts.new += 1;
                    continue;
                }
                let found = select
                    .query_row(params![event.source, order, event.source_id], latest_row)
                    .optional()?;
                expect_new = false;
                match found {
                    Some(found) if !found.deleted && found.hash == hash => counts.unchanged += 1,
                    Some(found) => {
                        let id = (event.source.as_ref(), event.source_id.as_str());
                        write_next_version(&tx, id, &found, false, &hash, interval, &bytes[body..])?;
                        counts.changed += 1;
                    }
                    None => {
                        insert_new()?;
                        counts.new += 1;
                        expect_new = true;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(counts)
    }

    /// Deletes an event by writing a tombstone version (keeping its last content).
    /// Returns false, writing nothing, when the event is unknown or already deleted.
    pub fn delete_event(&mut self, source: &str, source_id: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let Some(found) = latest(&tx, source, source_id)?.filter(|l| !l.deleted) else {
            return Ok(false);
        };
        let body: Vec<u8> = tx.query_row(
            "SELECT body FROM event WHERE source = ?1 AND id_order = ?2 AND source_id = ?3",
            params![source, id_order(source_id), source_id],
            |row| row.get(0),
        )?;
        let event = decode(source, source_id, &body)?;
        let interval = (event.start, event.end);
        write_next_version(&tx, (source, source_id), &found, true, &found.hash, interval, &body)?;
        tx.commit()?;
        Ok(true)
    }

    /// The latest, not deleted, version of every event whose interval overlaps
    /// `[start, end)` (optionally of one source), ordered by start, then source, then id.
    pub fn events_overlapping(
        &self,
        start: Timestamp,
        end: Timestamp,
        source: Option<&str>,
    ) -> Result<Vec<Event>, StoreError> {
        // A large ingest may have dropped the time index: build it again, once.
        self.conn.execute_batch(CREATE_TIME_INDEX)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, source_id, body FROM event \
             WHERE deleted = 0 AND start_s < ?1 AND end_s > ?2 AND (?3 IS NULL OR source = ?3)",
        )?;
        let mut rows = stmt.query(params![ceil_seconds(end), floor_seconds(start), source])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let event = decode(
                value(row.get_ref(0)?.as_str())?,
                value(row.get_ref(1)?.as_str())?,
                value(row.get_ref(2)?.as_blob())?,
            )?;
            if event.start < end && event.end > start {
                out.push(event);
            }
        }
        out.sort_by(|a, b| (a.start, &a.source, &a.source_id).cmp(&(b.start, &b.source, &b.source_id)));
        Ok(out)
    }

    /// Every stored version of one event, oldest first (empty when unknown).
    pub fn event_versions(&self, source: &str, source_id: &str) -> Result<Vec<EventVersion>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, deleted, content_hash, body FROM event_history \
             WHERE source = ?1 AND id_order = ?2 AND source_id = ?3 \
             UNION ALL SELECT version, deleted, content_hash, body FROM event \
             WHERE source = ?1 AND id_order = ?2 AND source_id = ?3 ORDER BY 1",
        )?;
        let mut rows = stmt.query(params![source, id_order(source_id), source_id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let hash: Hash = row.get(2)?;
            out.push(EventVersion {
                version: row.get(0)?,
                deleted: row.get(1)?,
                content_hash: hex(&hash),
                event: decode(source, source_id, value(row.get_ref(3)?.as_blob())?)?,
            });
        }
        Ok(out)
    }

    /// Number of events whose latest version is not deleted.
    pub fn event_count(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM event WHERE deleted = 0", [], |row| row.get(0))?;
        u64::try_from(count).map_err(|_| StoreError::BadValue(format!("event count {count}")))
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use truce_events::{Event, EventClass};

    use crate::Store;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn event(source: &str, id: &str, start: &str, end: &str) -> Event {
        Event {
            source: source.to_owned().into(),
            source_id: id.to_owned(),
            start: ts(start),
            end: ts(end),
            time_precision: "exact day".into(),
            lon: 37.8028,
            lat: 48.0159,
            radius_km: Some(1.0),
            place_precision: "where_prec 1: exact place".into(),
            admin1: Some("Donetsk oblast".to_owned()),
            admin2: None,
            location: "Donetsk".to_owned(),
            kind: "state-based".into(),
            class: EventClass::Shelling,
            actors: vec!["Side A".to_owned(), "Side B".to_owned()],
            deaths: Some(1),
            description: "Synthetic".to_owned(),
            url: None,
        }
    }

    fn sample() -> Vec<Event> {
        vec![
            event("ucdp-ged", "1", "2015-02-14T22:00:00Z", "2015-02-15T22:00:00Z"),
            event("ucdp-ged", "2", "2015-02-15T22:00:00Z", "2015-02-16T22:00:00Z"),
            event("acled", "UKR1", "2015-02-14T22:00:00Z", "2015-02-15T22:00:00Z"),
            event("acled", "UKR2", "2015-01-31T22:00:00Z", "2015-02-28T22:00:00Z"),
        ]
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("truce.sqlite")).unwrap();
        (dir, store)
    }

    fn ids(events: &[Event]) -> Vec<String> {
        events.iter().map(|e| format!("{}/{}", e.source, e.source_id)).collect()
    }

    #[test]
    fn reingest_is_idempotent() {
        let (_dir, mut store) = store();
        let first = store.ingest_events(sample()).unwrap();
        assert_eq!((first.new, first.changed, first.unchanged), (4, 0, 0));
        let again = store.ingest_events(sample()).unwrap();
        assert_eq!((again.new, again.changed, again.unchanged), (0, 0, 4));
        assert_eq!(store.event_count().unwrap(), 4);
        assert_eq!(store.event_versions("ucdp-ged", "1").unwrap().len(), 1);
        let history: i64 = store
            .conn
            .query_row("SELECT count(*) FROM event_history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(history, 0, "one version each, all in the event table");
    }

    #[test]
    fn a_changed_event_becomes_version_2_beside_version_1() {
        let (_dir, mut store) = store();
        store.ingest_events(sample()).unwrap();
        let mut changed = sample();
        changed[0].deaths = Some(7);
        let counts = store.ingest_events(changed).unwrap();
        assert_eq!((counts.new, counts.changed, counts.unchanged), (0, 1, 3));
        assert_eq!(counts.to_string(), "new 0, changed 1, unchanged 3");
        let versions = store.event_versions("ucdp-ged", "1").unwrap();
        assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(versions[0].event.deaths, Some(1));
        assert_eq!(versions[1].event.deaths, Some(7));
        assert_ne!(versions[0].content_hash, versions[1].content_hash);
        assert_eq!(versions[1].content_hash, versions[1].event.content_hash().unwrap());
        // The query sees only the latest version.
        let found = store
            .events_overlapping(ts("2015-02-15T00:00:00Z"), ts("2015-02-15T01:00:00Z"), Some("ucdp-ged"))
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].deaths, Some(7));
        assert_eq!(store.event_count().unwrap(), 4);
    }

    #[test]
    fn delete_writes_a_tombstone() {
        let (_dir, mut store) = store();
        store.ingest_events(sample()).unwrap();
        assert!(store.delete_event("acled", "UKR1").unwrap());
        assert!(!store.delete_event("acled", "UKR1").unwrap(), "already deleted");
        assert!(!store.delete_event("acled", "nope").unwrap(), "unknown");
        let versions = store.event_versions("acled", "UKR1").unwrap();
        assert_eq!(versions.len(), 2);
        assert!(!versions[0].deleted && versions[1].deleted);
        assert_eq!(versions[1].event, versions[0].event);
        assert_eq!(store.event_count().unwrap(), 3);
        let all = store
            .events_overlapping(ts("2000-01-01T00:00:00Z"), ts("2030-01-01T00:00:00Z"), None)
            .unwrap();
        assert!(!ids(&all).contains(&"acled/UKR1".to_owned()));
        // The same content again brings it back, as version 3.
        let counts = store.ingest_events(sample()).unwrap();
        assert_eq!((counts.changed, counts.unchanged), (1, 3));
        assert_eq!(store.event_versions("acled", "UKR1").unwrap().len(), 3);
        assert_eq!(store.event_count().unwrap(), 4);
    }

    #[test]
    fn overlap_is_half_open_and_ordered() {
        let (_dir, mut store) = store();
        // Ingest in a scrambled order: the result order must not depend on it.
        let mut events = sample();
        events.reverse();
        store.ingest_events(events).unwrap();
        let q = |start: &str, end: &str, source: Option<&str>| {
            ids(&store.events_overlapping(ts(start), ts(end), source).unwrap())
        };
        // [14 Feb 22:00, 15 Feb 22:00): the day of 15 Feb in Kyiv.
        assert_eq!(
            q("2015-02-14T22:00:00Z", "2015-02-15T22:00:00Z", None),
            ["acled/UKR2", "acled/UKR1", "ucdp-ged/1"]
        );
        // An interval ending exactly where an event starts does not overlap it.
        assert_eq!(
            q("2015-02-15T21:00:00Z", "2015-02-15T22:00:00Z", Some("ucdp-ged")),
            ["ucdp-ged/1"]
        );
        assert_eq!(
            q("2015-02-15T22:00:00Z", "2015-02-15T22:00:01Z", Some("ucdp-ged")),
            ["ucdp-ged/2"]
        );
        // Sub-second bounds are exact, not rounded.
        assert_eq!(
            q("2015-02-16T21:59:59.5Z", "2015-02-16T22:00:00.5Z", None),
            ["acled/UKR2", "ucdp-ged/2"]
        );
        assert_eq!(
            q("2015-02-16T22:00:00.000000001Z", "2015-02-17T00:00:00Z", None),
            ["acled/UKR2"]
        );
        assert!(q("2016-01-01T00:00:00Z", "2016-02-01T00:00:00Z", None).is_empty());
    }

    #[test]
    fn a_bad_event_fails_the_whole_batch() {
        let (_dir, mut store) = store();
        let mut events = sample();
        events[2].lat = f64::NAN;
        let err = store.ingest_events(events).unwrap_err();
        assert!(err.to_string().contains("acled/UKR1"), "{err}");
        assert_eq!(store.event_count().unwrap(), 0);
    }

    fn has_time_index(store: &Store) -> bool {
        store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'event_by_start'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1
    }

    #[test]
    fn id_order_is_the_number_ending_the_id() {
        use super::id_order;
        assert_eq!(id_order("147997"), 147997);
        assert_eq!(id_order("UKR1234"), 1234);
        assert_eq!(id_order("UKR0012"), 12);
        assert_eq!(id_order("UKR0"), -1);
        assert_eq!(id_order("abc"), -1);
        assert_eq!(id_order(""), -1);
        assert_eq!(id_order("1234567890123456789"), -1);
    }

    #[test]
    fn ids_that_share_a_number_stay_apart() {
        let (_dir, mut store) = store();
        let ids = ["7", "07", "UKR7", "UKR07", "x7", "UKR0", "abc", "7abc"];
        let events: Vec<Event> = ids
            .iter()
            .map(|id| event("acled", id, "2015-02-14T22:00:00Z", "2015-02-15T22:00:00Z"))
            .collect();
        let counts = store.ingest_events(events.clone()).unwrap();
        assert_eq!(counts.new, ids.len() as u64);
        let again = store.ingest_events(events).unwrap();
        assert_eq!(again.unchanged, ids.len() as u64);
        for id in ids {
            let versions = store.event_versions("acled", id).unwrap();
            assert_eq!(versions.len(), 1, "{id}");
            assert_eq!(versions[0].event.source_id, id);
        }
    }

    #[test]
    fn a_large_batch_drops_the_time_index_and_a_query_builds_it_again() {
        let (_dir, mut store) = store();
        let many = |from: usize, n: usize| -> Vec<Event> {
            (from..from + n)
                .map(|i| {
                    let day = 1 + i % 28;
                    event(
                        "ucdp-ged",
                        &i.to_string(),
                        &format!("2015-02-{day:02}T00:00:00Z"),
                        &format!("2015-02-{day:02}T12:00:00Z"),
                    )
                })
                .collect()
        };
        assert!(has_time_index(&store));
        store.ingest_events(many(0, 1_500)).unwrap();
        assert!(!has_time_index(&store), "a first large batch drops it");
        let found = store
            .events_overlapping(ts("2015-02-03T06:00:00Z"), ts("2015-02-03T07:00:00Z"), None)
            .unwrap();
        // Days 1..=28 in turn: i % 28 == 2 for day 3.
        assert_eq!(found.len(), (0..1_500).filter(|i| i % 28 == 2).count());
        assert!(has_time_index(&store), "the query built it again");
        store.ingest_events(many(1_500, 100)).unwrap();
        assert!(has_time_index(&store), "a small batch keeps it");
        let all = store
            .events_overlapping(ts("2000-01-01T00:00:00Z"), ts("2030-01-01T00:00:00Z"), None)
            .unwrap();
        assert_eq!(all.len(), 1_600);
    }

    #[test]
    fn batches_of_numbered_ids_give_the_same_counts_and_versions() {
        let (_dir, mut store) = store();
        let day = |i: u32| {
            let d = 1 + i % 28;
            (format!("2015-02-{d:02}T00:00:00Z"), format!("2015-02-{d:02}T12:00:00Z"))
        };
        let batch = |ids: &[u32]| -> Vec<Event> {
            ids.iter()
                .map(|i| {
                    let (a, b) = day(*i);
                    event("ucdp-ged", &i.to_string(), &a, &b)
                })
                .collect()
        };
        let first: Vec<u32> = (100..1_100).collect();
        assert_eq!(store.ingest_events(batch(&first)).unwrap().new, 1_000);
        assert!(store.delete_event("ucdp-ged", "105").unwrap());
        // Unchanged, changed, deleted (back again), new, and one id twice in the batch.
        let mut second = batch(&(100..1_200).collect::<Vec<_>>());
        second[1].deaths = Some(9);
        let mut twice = second[150].clone();
        twice.deaths = Some(3);
        second.push(twice);
        second.push(second[2].clone());
        let counts = store.ingest_events(second).unwrap();
        assert_eq!(
            (counts.new, counts.changed, counts.unchanged),
            (100, 3, 999),
            "new 1100..1200; changed 101, 105 (deleted), 250 (again in the batch); the rest unchanged"
        );
        let versions = |id: &str| store.event_versions("ucdp-ged", id).unwrap();
        assert_eq!(versions("101").len(), 2);
        assert_eq!(versions("101")[1].event.deaths, Some(9));
        assert_eq!(
            versions("105").iter().map(|v| v.deleted).collect::<Vec<_>>(),
            [false, true, false]
        );
        let v250 = versions("250");
        assert_eq!(
            v250.iter().map(|v| v.event.deaths).collect::<Vec<_>>(),
            [Some(1), Some(3)]
        );
        assert_eq!(versions("1150").len(), 1);
        assert_eq!(versions("102").len(), 1, "the repeat of 102 is unchanged");
        assert_eq!(store.event_count().unwrap(), 1_100);
        // A sparse batch (ids far apart) is looked up one by one, with the same result.
        let sparse: Vec<u32> = (0..50).map(|i| 100 + i * 100_000).collect();
        let counts = store.ingest_events(batch(&sparse)).unwrap();
        assert_eq!((counts.new, counts.unchanged), (49, 1));
    }
}
