//! The normalised event and its class.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::hash::{FastMap, stable_hash128};

/// One conflict event, normalised from any source.
///
/// Time is a half-open interval `[start, end)` in UTC within which the event happened;
/// place is a point with the radius of the disc the event is known to lie in, or no
/// radius when only an administrative area is known (see the crate docs for the radius
/// chosen per precision code).
///
/// The source name and the labels that repeat from event to event (`source`,
/// `time_precision`, `place_precision`, `kind`) are [`Cow`]s: the built-in readers
/// borrow their fixed labels (`Cow::Borrowed` of a `&'static str`), so making an event
/// does not copy them; any other text is owned. Either way they read as `&str` (through
/// `Deref`, `&*event.kind`, or `event.kind.as_ref()`), compare equal to `&str` and
/// `String`, and serialize as plain strings; build one with `"text".into()` or
/// `String::into()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `"ucdp-ged"`, `"acled"`, `"gdelt"`, or the mapping's name (e.g. `"bellingcat"`).
    pub source: Cow<'static, str>,
    /// The source's id; for id-less feeds a stable hash of the record's content.
    pub source_id: String,
    /// First instant of the interval within which the event happened (inclusive).
    pub start: Timestamp,
    /// End of that interval (exclusive); always after `start`.
    pub end: Timestamp,
    /// Human-readable time precision, e.g. `"exact day"`, `"2-6 days"`, `"month"`.
    pub time_precision: Cow<'static, str>,
    /// Longitude (WGS 84, degrees east).
    pub lon: f64,
    /// Latitude (WGS 84, degrees north).
    pub lat: f64,
    /// Radius (km) of the disc the event is known to lie in; `None` when only an
    /// administrative area (ADM1 or coarser, a country, a sea) is known: the coordinates
    /// are then a centroid and must never decide on their own whether the event lies in
    /// a zone.
    pub radius_km: Option<f64>,
    /// Human-readable place precision, e.g. `"where_prec 2: limited area around a place"`.
    pub place_precision: Cow<'static, str>,
    /// First-level administrative unit (oblast), as the source names it.
    pub admin1: Option<String>,
    /// Second-level administrative unit (raion), as the source names it.
    pub admin2: Option<String>,
    /// The named place, as the source gives it (may be empty).
    pub location: String,
    /// The source's own event type, e.g. `"Shelling/artillery/missile attack"`, `"state-based"`.
    pub kind: Cow<'static, str>,
    /// The source-independent class of the event.
    pub class: EventClass,
    /// Actors named by the source (sides, perpetrators, ...), in the source's order.
    pub actors: Vec<String>,
    /// Best estimate of the deaths, when the source gives one.
    pub deaths: Option<u32>,
    /// Free text: the source's notes, headline or description.
    pub description: String,
    /// A link to the event's source, when there is one.
    pub url: Option<String>,
}

impl Event {
    /// The event as compact JSON (fields in declaration order, so the same event always
    /// gives the same text).
    ///
    /// # Errors
    ///
    /// When `lon`, `lat` or `radius_km` is not finite: JSON has no such numbers.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        if !self.lon.is_finite() || !self.lat.is_finite() || self.radius_km.is_some_and(|r| !r.is_finite()) {
            return Err(serde::ser::Error::custom(format!(
                "event {}/{}: coordinates and radius must be finite numbers",
                self.source, self.source_id
            )));
        }
        serde_json::to_string(self)
    }

    /// Reads an event written by [`Event::to_json`].
    pub fn from_json(text: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// A stable hash of everything the event says (32 lowercase hex digits): equal events
    /// have equal hashes on every platform and in every version of this crate, so a store
    /// can tell a changed event from an unchanged one. It is
    /// [`content_hash_of_encoding`] of [`Event::encode`], in hex.
    ///
    /// # Errors
    ///
    /// As [`Event::encode`].
    pub fn content_hash(&self) -> Result<String, EncodeError> {
        let mut bytes = Vec::with_capacity(256);
        self.encode(&mut bytes)?;
        Ok(format!("{:032x}", content_hash_of_encoding(&bytes)))
    }

    /// True when the event's place is known to a disc (it has a radius), false when only
    /// an administrative area is known.
    pub fn has_precise_place(&self) -> bool {
        self.radius_km.is_some()
    }

    /// Appends the event's binary encoding to `out` and returns the offset in `out` where
    /// its body starts: the encoding is the source and the source id, then the body
    /// (everything else), which [`Event::decode_body`] reads back given the source and
    /// id. The encoding is canonical (equal events, equal bytes) and compact (strings
    /// with a length prefix, numbers in binary): a store keeps the body, with the source
    /// and id in columns of their own, and hashes the whole encoding
    /// ([`content_hash_of_encoding`]).
    ///
    /// Layout, version 1 (`var` = LEB128 unsigned integer, `str` = `var` length and
    /// UTF-8 bytes, `text` = `var` n: n even, a string of n / 2 bytes follows; n odd,
    /// entry (n - 1) / 2 of a fixed table of the precision and kind labels this crate
    /// writes, `opt` = a byte 0 or 1 and the value when 1, `f64` little-endian): source
    /// `str`, source id `str`; body: format version byte `1`, start (seconds as a
    /// zigzag `var`, nanoseconds `var`), end likewise, time precision `text`, longitude
    /// and latitude `f64`, radius `opt f64`, place precision `text`, admin1 `opt str`,
    /// admin2 `opt str`, location `str`, kind `text`, class byte (position in
    /// [`EventClass::ALL`]), actors (`var` count, each `str`), deaths `opt var`,
    /// description `str`, url `opt str`.
    ///
    /// # Errors
    ///
    /// When `lon`, `lat` or `radius_km` is not finite (as for JSON); `out` is then left
    /// as it was.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        if !self.lon.is_finite() || !self.lat.is_finite() || self.radius_km.is_some_and(|r| !r.is_finite()) {
            return Err(EncodeError {
                event: format!("{}/{}", self.source, self.source_id),
            });
        }
        put_str(out, &self.source);
        put_str(out, &self.source_id);
        let body = out.len();
        out.push(ENCODING_VERSION);
        put_timestamp(out, self.start);
        put_timestamp(out, self.end);
        put_text(out, &self.time_precision);
        out.extend_from_slice(&self.lon.to_le_bytes());
        out.extend_from_slice(&self.lat.to_le_bytes());
        put_opt(out, self.radius_km, |out, r| out.extend_from_slice(&r.to_le_bytes()));
        put_text(out, &self.place_precision);
        put_opt(out, self.admin1.as_deref(), put_str);
        put_opt(out, self.admin2.as_deref(), put_str);
        put_str(out, &self.location);
        put_text(out, &self.kind);
        out.push(EventClass::ALL.iter().position(|c| *c == self.class).unwrap_or(0) as u8);
        put_len(out, self.actors.len());
        for actor in &self.actors {
            put_str(out, actor);
        }
        put_opt(out, self.deaths, |out, d| put_var(out, u64::from(d)));
        put_str(out, &self.description);
        put_opt(out, self.url.as_deref(), put_str);
        Ok(body)
    }

    /// Reads an event from its source, source id and body (as [`Event::encode`] wrote
    /// it).
    ///
    /// # Errors
    ///
    /// When `body` is not such a body (truncated, a bad UTF-8 string, an unknown class
    /// or format version, bytes left over).
    pub fn decode_body(source: &str, source_id: &str, body: &[u8]) -> Result<Event, DecodeError> {
        let mut r = Reader { bytes: body, at: 0 };
        let version = r.byte()?;
        if version != ENCODING_VERSION {
            return Err(r.error(format!("unknown format version {version}")));
        }
        let event = Event {
            source: source_label(source),
            source_id: source_id.to_owned(),
            start: r.timestamp()?,
            end: r.timestamp()?,
            time_precision: r.text()?,
            lon: r.f64()?,
            lat: r.f64()?,
            radius_km: r.opt(Reader::f64)?,
            place_precision: r.text()?,
            admin1: r.opt(Reader::string)?,
            admin2: r.opt(Reader::string)?,
            location: r.string()?,
            kind: r.text()?,
            class: {
                let index = r.byte()?;
                *EventClass::ALL
                    .get(usize::from(index))
                    .ok_or_else(|| r.error(format!("unknown class {index}")))?
            },
            actors: {
                let n = r.len()?;
                let mut actors = Vec::with_capacity(n.min(64));
                for _ in 0..n {
                    actors.push(r.string()?);
                }
                actors
            },
            deaths: r.opt(|r| {
                let d = r.var()?;
                u32::try_from(d).map_err(|_| r.error(format!("deaths {d} out of range")))
            })?,
            description: r.string()?,
            url: r.opt(Reader::string)?,
        };
        if r.at != body.len() {
            return Err(r.error(format!("{} bytes left over", body.len() - r.at)));
        }
        Ok(event)
    }
}

/// The format version byte that starts an encoded body.
const ENCODING_VERSION: u8 = 1;

/// Labels written as one or two bytes (see [`Event::encode`]): the time and place
/// precisions and kinds that the built-in readers produce. Stored bodies refer to
/// entries by position, so this table may only ever grow at its end; a label missing
/// from it (or changed in a reader) is simply written out in full.
const LABELS: [&str; 61] = [
    // UCDP GED `date_prec`, `where_prec` and `type_of_violence`.
    "exact day",
    "2-6 days",
    "week",
    "month",
    "year",
    "where_prec 1: exact place",
    "where_prec 2: limited area around a place",
    "where_prec 3: second-order administrative division (ADM2)",
    "where_prec 4: first-order administrative division (ADM1)",
    "where_prec 5: larger than ADM1, between places, or vague",
    "where_prec 6: country",
    "where_prec 7: international waters or airspace",
    "state-based",
    "non-state",
    "one-sided",
    // ACLED `geo_precision` and sub-event types.
    "geo_precision 1: a particular town",
    "geo_precision 2: near a town, or part of a region",
    "geo_precision 3: a larger region",
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Shelling/artillery/missile attack",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Suicide bomb",
    "Chemical weapon",
    "Attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Excessive force against protestors",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
    // GDELT.
    "day (GDELT report date: low confidence)",
    "Geo_Type 1: country centroid (GDELT, machine-coded: low confidence)",
    "Geo_Type 2: US state centroid (GDELT, machine-coded: low confidence)",
    "Geo_Type 3: US city (GDELT, machine-coded: low confidence)",
    "Geo_Type 4: world city (GDELT, machine-coded: low confidence)",
    "Geo_Type 5: ADM1 centroid (GDELT, machine-coded: low confidence)",
    // Mappings.
    "instant",
    "interval",
    "1 days",
    "2 days",
    "3 days",
    "4 days",
    "5 days",
    "6 days",
    "7 days",
    "",
    "report",
];

/// The names of the built-in sources ([`crate::Format::source_name`]).
pub(crate) const SOURCES: [&str; 3] = ["ucdp-ged", "acled", "gdelt"];

/// A source name: borrowed when it is a built-in one, else owned.
pub(crate) fn source_label(s: &str) -> Cow<'static, str> {
    match SOURCES.iter().find(|name| **name == s) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(s.to_owned()),
    }
}

/// A precision or kind label: borrowed from [`LABELS`] when it is one of them, else
/// owned.
pub(crate) fn label(s: &str) -> Cow<'static, str> {
    match label_index(s) {
        Some(i) => Cow::Borrowed(LABELS[i]),
        None => Cow::Owned(s.to_owned()),
    }
}

/// The position of `s` in [`LABELS`].
fn label_index(s: &str) -> Option<usize> {
    static INDEX: std::sync::OnceLock<FastMap<&'static str, usize>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| LABELS.iter().enumerate().map(|(i, l)| (*l, i)).collect())
        .get(s)
        .copied()
}

fn put_var(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_var(out, n as u64);
}

/// A label: an entry of [`LABELS`], or the string.
fn put_text(out: &mut Vec<u8>, s: &str) {
    match label_index(s) {
        Some(i) => put_var(out, (i as u64) << 1 | 1),
        None => {
            put_var(out, (s.len() as u64) << 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_opt<T>(out: &mut Vec<u8>, value: Option<T>, put: impl FnOnce(&mut Vec<u8>, T)) {
    match value {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            put(out, v);
        }
    }
}

/// A signed integer as a `var`, zigzag-encoded (0, -1, 1, -2, ... → 0, 1, 2, 3, ...).
fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

/// Seconds and nanoseconds, each zigzag-encoded (both may be negative before 1970).
fn put_timestamp(out: &mut Vec<u8>, t: Timestamp) {
    put_var(out, zigzag(t.as_second()));
    put_var(out, zigzag(i64::from(t.subsec_nanosecond())));
}

/// A cursor over an encoded body.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, message: String) -> DecodeError {
        DecodeError {
            offset: self.at,
            message,
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.error(format!("truncated: {n} more bytes expected")));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    fn var(&mut self) -> Result<u64, DecodeError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(self.error("integer too long".to_owned()))
    }

    fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.var()?;
        usize::try_from(n).map_err(|_| self.error(format!("length {n} too large")))
    }

    fn text(&mut self) -> Result<Cow<'static, str>, DecodeError> {
        let n = self.var()?;
        if n & 1 == 1 {
            let i = n >> 1;
            return LABELS
                .get(usize::try_from(i).unwrap_or(usize::MAX))
                .map(|l| Cow::Borrowed(*l))
                .ok_or_else(|| self.error(format!("unknown label {i}")));
        }
        let n = usize::try_from(n >> 1).map_err(|_| self.error("length too large".to_owned()))?;
        let at = self.at;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec())
            .map(Cow::Owned)
            .map_err(|e| DecodeError {
                offset: at,
                message: format!("not UTF-8: {e}"),
            })
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let n = self.len()?;
        let at = self.at;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|e| DecodeError {
            offset: at,
            message: format!("not UTF-8: {e}"),
        })
    }

    fn f64(&mut self) -> Result<f64, DecodeError> {
        self.array().map(f64::from_le_bytes)
    }

    fn timestamp(&mut self) -> Result<Timestamp, DecodeError> {
        let seconds = unzigzag(self.var()?);
        let nanos =
            i32::try_from(unzigzag(self.var()?)).map_err(|_| self.error("nanoseconds out of range".to_owned()))?;
        Timestamp::new(seconds, nanos).map_err(|e| self.error(format!("bad timestamp: {e}")))
    }

    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, DecodeError>) -> Result<Option<T>, DecodeError> {
        match self.byte()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            other => Err(self.error(format!("bad option tag {other}"))),
        }
    }
}

/// The content hash of an event's encoding ([`Event::encode`]), as
/// [`Event::content_hash`] computes it (that is its hex form): a stable 128-bit hash.
pub fn content_hash_of_encoding(encoding: &[u8]) -> u128 {
    stable_hash128(encoding)
}

/// An event that cannot be encoded: a coordinate or radius is not a finite number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {event}: coordinates and radius must be finite numbers")]
pub struct EncodeError {
    /// The event, as `source/source_id`.
    pub event: String,
}

/// Bytes that are not an encoded event body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("encoded event, byte {offset}: {message}")]
pub struct DecodeError {
    /// Where in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Source-independent class of an event (kebab-case in text and serde).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventClass {
    /// Armed clash between organised armed groups (including territorial changes).
    Battle,
    /// Shelling, artillery, rocket or missile fire.
    Shelling,
    /// Air or drone strike.
    AirStrike,
    /// Other remote violence: mines, IEDs, grenades, bombs of unknown delivery.
    RemoteViolence,
    /// Violence by an armed group against civilians (attacks, abductions, killings).
    ViolenceAgainstCivilians,
    /// Peaceful or contained protest.
    Protest,
    /// Violent demonstration or mob violence.
    Riot,
    /// Strategic development: agreements, arrests, deployments, non-violent transfers.
    Strategic,
    /// Anything else (including non-conflict records of broad feeds such as GDELT).
    Other,
}

impl EventClass {
    /// Every class, in declaration order.
    pub const ALL: [EventClass; 9] = [
        EventClass::Battle,
        EventClass::Shelling,
        EventClass::AirStrike,
        EventClass::RemoteViolence,
        EventClass::ViolenceAgainstCivilians,
        EventClass::Protest,
        EventClass::Riot,
        EventClass::Strategic,
        EventClass::Other,
    ];

    /// The kebab-case name, e.g. `"air-strike"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventClass::Battle => "battle",
            EventClass::Shelling => "shelling",
            EventClass::AirStrike => "air-strike",
            EventClass::RemoteViolence => "remote-violence",
            EventClass::ViolenceAgainstCivilians => "violence-against-civilians",
            EventClass::Protest => "protest",
            EventClass::Riot => "riot",
            EventClass::Strategic => "strategic",
            EventClass::Other => "other",
        }
    }

    /// True for the classes that are acts of armed violence (what a ceasefire forbids):
    /// battle, shelling, air strike, remote violence and violence against civilians.
    pub fn is_armed_violence(self) -> bool {
        matches!(
            self,
            EventClass::Battle
                | EventClass::Shelling
                | EventClass::AirStrike
                | EventClass::RemoteViolence
                | EventClass::ViolenceAgainstCivilians
        )
    }
}

impl fmt::Display for EventClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of [`EventClass::from_str`]: the text is not a class name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown event class {0:?}; expected one of battle, shelling, air-strike, remote-violence, violence-against-civilians, protest, riot, strategic, other"
)]
pub struct UnknownClass(pub String);

impl FromStr for EventClass {
    type Err = UnknownClass;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        EventClass::ALL
            .into_iter()
            .find(|class| class.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownClass(s.to_owned()))
    }
}
