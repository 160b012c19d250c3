//! Conflict-event ingest: UCDP GED, ACLED, GDELT 2.0 and any CSV, JSON or GeoJSON feed
//! described by a mapping file, streamed record by record into one normalised [`Event`],
//! with every record that cannot be used turned into a line-numbered [`Reject`].
//!
//! # Reading
//!
//! [`read`] (or [`read_path`]) streams its input once, in memory bounded by the record
//! size, apart from a table of accepted ids for duplicate detection (16 bytes per
//! distinct id when ids come in increasing order, as in sorted files, 24 to 32 bytes
//! per entry of a hash table otherwise: see the `seen` module), calling `on_event` for
//! each accepted event and `on_reject` for each rejected record, in input order. It never
//! panics on bad input and never stops at a bad record: only a problem with the input as
//! a whole is an [`EventsError`] (an I/O error, an empty file, a header without a needed
//! column, a JSON syntax error, a bad mapping), and every such error names the file.
//!
//! **Invariant:** the returned [`Counts`] always satisfy `read == accepted + rejected`:
//! every data record (a CSV row after the header, a JSON array element, a GeoJSON
//! feature) is either passed to `on_event` or to `on_reject`, exactly once.
//!
//! # Speed
//!
//! Delimited input (UCDP, ACLED, GDELT, mapped CSV) is split by a tokenizer of this
//! crate (the `csv` crate's dialect, checked against it by a differential test) whose
//! fields are slices of one UTF-8-checked buffer, found 64 bytes at a time. An input
//! larger than 256 KiB is read on two threads: a worker decodes and splits it (and, for
//! UCDP, already reads the coded, date and deaths fields of each record, with the same
//! functions, leaving anything unusual to the calling thread), while the calling thread
//! makes the events and calls the callbacks (which therefore need not be `Send`, and are
//! always called on the calling thread); the results are those of a read on one thread.
//! Events borrow their fixed labels (source name, precisions, kinds) rather than copy
//! them (see [`Event`]).
//! [`read_path`] lets the worker read the file itself; with [`read`], whose input need
//! not be `Send`, the calling thread reads it in chunks for the worker. A UCDP record is
//! checked (place, time, duplicate id) before its event is built, so a reject costs no
//! event. Ids that end in a number (most feeds) are kept by number, those of a sorted
//! file in compact sorted columns, and local days are converted to UTC
//! once per day. JSON and GeoJSON inputs are read on the calling thread alone.
//!
//! # Encoding
//!
//! Input is UTF-8 unless its bytes say otherwise: a byte-order mark is honoured (UTF-8,
//! UTF-16), and input that stops being valid UTF-8 is read as Windows-1252 (cp1252) from
//! the first invalid byte on. The encoding used is reported in [`Counts::encoding`].
//!
//! # Time
//!
//! Every event's time is a half-open UTC interval `[start, end)`. A date without a time
//! is the whole local day in the reading zone ([`ReadOptions::zone`], default
//! `Europe/Kyiv`, or the mapping's `zone`), converted to UTC with jiff's bundled time
//! zone database, so days across a daylight-saving change last 23 or 25 hours.
//!
//! | source | interval | `time_precision` |
//! |---|---|---|
//! | UCDP | `[date_start 00:00, date_end + 1 day 00:00)` local | from `date_prec`: exact day, 2-6 days, week, month, year |
//! | ACLED `time_precision` 1 | that day | exact day |
//! | ACLED `time_precision` 2 | the week around the date: 3 days before to 3 days after, `[date − 3 d, date + 4 d)` | week |
//! | ACLED `time_precision` 3 | the calendar month of the date (ACLED codes the middle of the month) | month |
//! | GDELT `SQLDATE` | that day (a reporting date, not an event date: low confidence) | day (GDELT report date) |
//! | mapping, date only | that day, or `[date, end_date + 1 day)` with an end date | exact day / N days |
//! | mapping, date and time | `[t, t + 1 s)`, or `[t, end)` with an end time | instant / interval |
//!
//! Dates after [`ReadOptions::now`] are rejected (injectable, for deterministic tests).
//! Accepted date forms and the handling of ambiguous `A/B/YYYY` dates: see [`DateOrder`]
//! and the `dates` module docs; in short, ISO dates, `YYYYMMDD`, `DD.MM.YYYY`,
//! `15 February 2015`, and slash dates whose order is evident or learned from the file.
//!
//! # Place
//!
//! Each event is a point with a radius: the disc it is known to lie in. Coarse precision
//! codes (an administrative area, a country, a sea) give **no radius**: the coordinates
//! are then a centroid, and a verifier must never decide from them alone whether the
//! event lies inside a zone. The radii:
//!
//! | source code | radius | why |
//! |---|---|---|
//! | UCDP `where_prec` 1 | 1 km | the event is coded to an exact named place (a village, a neighbourhood, a facility); the coordinates are that place's gazetteer point, and 1 km covers a village and the usual offset of a gazetteer point |
//! | UCDP `where_prec` 2 | 25 km | "a limited area around a place" |
//! | UCDP `where_prec` 3 | 50 km | an ADM2 unit (raion) coded at its centroid: 50 km is about the half-width of a large raion |
//! | UCDP `where_prec` 4-7 | none | ADM1, larger or vague, country, water/airspace |
//! | ACLED `geo_precision` 1 | 2 km | a particular town, coded at its coordinates: a town is a few km across |
//! | ACLED `geo_precision` 2 | 25 km | "near" a town, or a small part of a region |
//! | ACLED `geo_precision` 3 | none | a larger region, a natural feature, or the provincial capital |
//! | GDELT `ActionGeo_Type` 3, 4 (US / world city) | 10 km | machine geocoding from news text to a city: low confidence |
//! | GDELT `ActionGeo_Type` 1, 2, 5 (country, US state, ADM1) | none | centroids |
//! | mapping | fixed or per-record `radius_km`, else none | stated by the mapping's author |
//!
//! GDELT records are machine-coded from news and carry no time precision: their
//! `place_precision` and `time_precision` say "low confidence" and they should be used
//! as a signal to corroborate, never as evidence on their own.
//!
//! # Classes
//!
//! Each source's own type is kept in [`Event::kind`] and mapped to an [`EventClass`]:
//!
//! - UCDP `type_of_violence` 1 (state-based) and 2 (non-state) → battle, 3 (one-sided) →
//!   violence against civilians.
//! - ACLED `sub_event_type`: armed clash and the two territory changes → battle;
//!   shelling/artillery/missile attack → shelling; air/drone strike → air strike;
//!   remote explosive/landmine/IED, grenade, suicide bomb, chemical weapon → remote
//!   violence; attack, abduction/forced disappearance, sexual violence → violence against
//!   civilians; peaceful protest, protest with intervention, excessive force against
//!   protesters → protest; violent demonstration, mob violence → riot; the strategic
//!   developments (agreement, arrests, change to group/activity, disrupted weapons use,
//!   headquarters or base established, looting/property destruction, non-violent transfer
//!   of territory, other) → strategic. An unknown sub-event type falls back on
//!   `event_type`.
//! - GDELT CAMEO `EventCode`: 190, 192, 193, 196 (conventional force, occupation, small
//!   arms, ceasefire violation) → battle; 194 (artillery and tanks) → shelling; 195
//!   (aerial weapons) → air strike; 183 (bombings) and 204 (weapons of mass destruction)
//!   → remote violence; the rest of roots 18 and 20 (assault, abduction, killings, mass
//!   violence) → violence against civilians; 191 (blockade), roots 15 and 17 (force
//!   posture, coercion, arrests) → strategic; 145 (violent protest) → riot; the rest of
//!   root 14 → protest; everything else → other.
//! - mapping: its `[classes]` table (exact kind, or a `prefix*`), else its `default_class`.
//!
//! # Rejects
//!
//! A record is rejected, with its line and a reason, when: a needed field is missing or
//! unparsable; latitude or longitude is out of range (the reason says when they look
//! swapped); the coordinates are `(0, 0)` (a placeholder); with a [`ReadOptions::bbox`],
//! the point lies outside it but its swap lies inside (swapped coordinates); the date is
//! after [`ReadOptions::now`]; the end is before the start; or its id was already
//! accepted earlier in the same input. **Duplicate rule:** the first record with an id
//! wins; a later one is rejected, as "duplicate id … with different content" when its
//! record differs, or "duplicate id … repeating line N exactly" when it is an identical
//! copy (for CSV: the same text, once decoded, apart from its line ending), so that
//! counts still add up and nothing is silently dropped.
//!
//! Mapping files are described in `docs/events.md` and [`Mapping`].

mod acled;
mod csvio;
mod dates;
mod decode;
mod error;
mod event;
mod gdelt;
mod hash;
mod mapping;
mod pipeline;
mod precision;
mod seen;
mod sink;
#[cfg(test)]
mod test_support;
mod ucdp;

use std::io::Read;
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

pub use dates::DateOrder;
pub use decode::TextEncoding;
pub use error::EventsError;
pub use event::{DecodeError, EncodeError, Event, EventClass, UnknownClass, content_hash_of_encoding};
pub use mapping::{IdMissing, Mapping, MappingFields, MappingFormat, MappingValues};
pub use precision::{acled_radius_km, gdelt_radius_km, ucdp_radius_km};
pub use ucdp::GED_COLUMNS;

/// The layout of an input.
// One `Format` exists per read: its size does not matter, and boxing the mapping would
// only make matching on it clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Format {
    /// UCDP GED CSV: the 49 standard columns, with or without a header row.
    Ucdp,
    /// ACLED CSV export (header row; columns found by name).
    Acled,
    /// GDELT 2.0 events: 61 tab-separated columns, no header.
    Gdelt,
    /// Any CSV, JSON array of objects or GeoJSON FeatureCollection, described by a mapping.
    Mapped(Mapping),
}

impl Format {
    /// The value of [`Event::source`] for events of this format.
    pub fn source_name(&self) -> &str {
        match self {
            Format::Ucdp => "ucdp-ged",
            Format::Acled => "acled",
            Format::Gdelt => "gdelt",
            Format::Mapped(m) => &m.name,
        }
    }

    /// Reads a format given on a command line: `ucdp` (or `ucdp-ged`), `acled`, `gdelt`,
    /// or the path of a mapping file (`.toml`).
    pub fn from_spec(spec: &str) -> Result<Format, EventsError> {
        match spec.trim().to_ascii_lowercase().as_str() {
            "ucdp" | "ucdp-ged" | "ged" => Ok(Format::Ucdp),
            "acled" => Ok(Format::Acled),
            "gdelt" => Ok(Format::Gdelt),
            _ if spec.ends_with(".toml") || Path::new(spec).is_file() => {
                Ok(Format::Mapped(Mapping::load(Path::new(spec))?))
            }
            _ => Err(EventsError::Mapping {
                file: spec.to_owned(),
                message: "not a known format (ucdp, acled, gdelt) nor a mapping file".to_owned(),
            }),
        }
    }
}

/// How to read an input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The zone whose local days date-only values mean (a mapping's `zone` overrides it).
    pub zone: TimeZone,
    /// Events starting after this instant are rejected as in the future. Injectable so
    /// that tests and replays are deterministic.
    pub now: Timestamp,
    /// The expected area, `[min_lon, min_lat, max_lon, max_lat]`: a point outside it whose
    /// swap (lat as lon, lon as lat) lies inside is rejected as swapped. Points outside
    /// it whose swap is outside too are kept: the area is an expectation, not a filter.
    pub bbox: Option<[f64; 4]>,
    /// How to read ambiguous `A/B/YYYY` dates (default: learn from the file).
    pub date_order: DateOrder,
}

impl ReadOptions {
    /// The defaults (`Europe/Kyiv`, no area, learned date order) with a fixed "now".
    pub fn at(now: Timestamp) -> ReadOptions {
        ReadOptions {
            zone: TimeZone::get("Europe/Kyiv").unwrap_or(TimeZone::UTC),
            now,
            bbox: None,
            date_order: DateOrder::Auto,
        }
    }
}

impl Default for ReadOptions {
    /// `Europe/Kyiv`, now = the current time, no expected area, learned date order.
    fn default() -> Self {
        ReadOptions::at(Timestamp::now())
    }
}

/// A record that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// For CSV, the line where the record starts (the header is line 1); for JSON and
    /// GeoJSON, the record's 1-based position in the array (element or feature number).
    pub line: u64,
    /// Why, naming the field and what was expected.
    pub reason: String,
    /// The record as read: for CSV the fields re-joined with the file's delimiter
    /// (quoted where needed), for JSON the element as compact JSON.
    pub raw: String,
}

/// What a read did. `read == accepted + rejected`, always.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Data records read (not counting a header row).
    pub read: u64,
    /// Records turned into events.
    pub accepted: u64,
    /// Records rejected.
    pub rejected: u64,
    /// The text encoding found.
    pub encoding: TextEncoding,
    /// The order of ambiguous slash dates learned from the input ([`DateOrder::Auto`]),
    /// when it showed one and never contradicted it.
    pub learned_date_order: Option<DateOrder>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            read: 0,
            accepted: 0,
            rejected: 0,
            encoding: TextEncoding::Utf8,
            learned_date_order: None,
        }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read {} = accepted {} + rejected {}",
            self.read, self.accepted, self.rejected
        )
    }
}

/// Reads events from `input` (see the crate docs). `origin` names the input in errors
/// (usually its path).
///
/// A CSV input larger than 256 KiB is decoded and split into records on a second
/// thread while the calling thread turns the records into events; `on_event` and
/// `on_reject` are always called on the calling thread, in input order, and the results
/// are those of a read on one thread.
pub fn read(
    input: impl Read,
    origin: &str,
    format: &Format,
    options: &ReadOptions,
    on_event: &mut dyn FnMut(Event),
    on_reject: &mut dyn FnMut(Reject),
) -> Result<Counts, EventsError> {
    read_from(
        pipeline::Input::Here(input),
        origin,
        format,
        options,
        on_event,
        on_reject,
    )
}

fn read_from<R: Read>(
    input: pipeline::Input<R>,
    origin: &str,
    format: &Format,
    options: &ReadOptions,
    on_event: &mut dyn FnMut(Event),
    on_reject: &mut dyn FnMut(Reject),
) -> Result<Counts, EventsError> {
    let zone = match format {
        Format::Mapped(Mapping { zone: Some(zone), .. }) => zone.clone(),
        _ => options.zone.clone(),
    };
    let mut callbacks = sink::Callbacks { on_event, on_reject };
    let mut sink = sink::Sink::new(origin, format.source_name(), options, zone, &mut callbacks);
    let (delimiter, quoting) = match format {
        Format::Ucdp | Format::Acled => (b',', true),
        Format::Gdelt => (b'\t', false),
        Format::Mapped(m) if m.format == MappingFormat::Csv => (m.delimiter, true),
        Format::Mapped(m) => {
            let input: Box<dyn Read + '_> = match input {
                pipeline::Input::Here(r) => Box::new(r),
                pipeline::Input::Movable(r) => r,
            };
            let mut decoder = decode::DecodingReader::new(input);
            mapping::read_json(m, &mut decoder, &mut sink)?;
            let mut counts = sink.finish();
            counts.encoding = decoder.encoding();
            return Ok(counts);
        }
    };
    let dialect = pipeline::Dialect {
        origin,
        delimiter,
        quoting,
        preparer: match format {
            Format::Ucdp => Some(ucdp::preparer()),
            _ => None,
        },
    };
    let encoding = pipeline::read(input, dialect, &mut |records| match format {
        Format::Ucdp => ucdp::read(records, &mut sink),
        Format::Acled => acled::read(records, &mut sink),
        Format::Gdelt => gdelt::read(records, &mut sink),
        Format::Mapped(m) => mapping::read_csv(m, records, &mut sink),
    })?;
    let mut counts = sink.finish();
    counts.encoding = encoding;
    Ok(counts)
}

/// Opens `path` and [`read`]s it; errors name the path.
pub fn read_path(
    path: &Path,
    format: &Format,
    options: &ReadOptions,
    on_event: &mut dyn FnMut(Event),
    on_reject: &mut dyn FnMut(Reject),
) -> Result<Counts, EventsError> {
    let origin = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| EventsError::Io {
        file: origin.clone(),
        source,
    })?;
    // A file can be read on the thread that splits it into records.
    read_from(
        pipeline::Input::<std::fs::File>::Movable(Box::new(file)),
        &origin,
        format,
        options,
        on_event,
        on_reject,
    )
}

#[cfg(test)]
mod tests;
