//! Where every record ends: the checks common to all formats, duplicate detection, the
//! output (the caller's callbacks) and the counts.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::csvio::has_plain_ends;
use crate::dates::Dates;
use crate::event::source_label;
use crate::seen::{First, SeenIds};
use crate::{Counts, Event, ReadOptions, Reject};

/// Where a [`Sink`] sends each record's outcome, in input order.
pub(crate) trait Output {
    fn event(&mut self, event: Event);
    fn reject(&mut self, reject: Reject);
}

/// The caller's callbacks, called directly.
pub(crate) struct Callbacks<'c> {
    pub(crate) on_event: &'c mut dyn FnMut(Event),
    pub(crate) on_reject: &'c mut dyn FnMut(Reject),
}

impl Output for Callbacks<'_> {
    fn event(&mut self, event: Event) {
        (self.on_event)(event);
    }

    fn reject(&mut self, reject: Reject) {
        (self.on_reject)(reject);
    }
}

pub(crate) struct Sink<'a> {
    pub(crate) origin: &'a str,
    /// The events' [`Event::source`]: borrowed for the built-in formats, so that each
    /// event's copy costs nothing.
    pub(crate) source: Cow<'static, str>,
    options: &'a ReadOptions,
    out: &'a mut dyn Output,
    counts: Counts,
    /// Accepted ids with the hash of their record and its line.
    seen: SeenIds,
    pub(crate) dates: Dates,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(
        origin: &'a str,
        source: &'a str,
        options: &'a ReadOptions,
        zone: TimeZone,
        out: &'a mut dyn Output,
    ) -> Self {
        Sink {
            origin,
            source: source_label(source),
            options,
            out,
            counts: Counts::default(),
            seen: SeenIds::default(),
            dates: Dates::new(options.date_order, zone),
        }
    }

    /// Handles one data record: `parsed` is the format's reading of it, `content` a hash
    /// of the whole record (to tell identical duplicates from different ones), `raw` the
    /// record as text (only built for rejects).
    pub(crate) fn record(
        &mut self,
        line: u64,
        parsed: Result<Event, String>,
        content: u64,
        raw: impl FnOnce() -> String,
    ) {
        let checked = parsed.and_then(|event| {
            let when = (event.start, event.end);
            self.admit(
                &event.source_id,
                (event.lon, event.lat, event.radius_km),
                when,
                content,
                line,
            )?;
            Ok(event)
        });
        match checked {
            Ok(event) => self.accept(event),
            Err(reason) => self.reject(line, reason, raw),
        }
    }

    /// The checks of [`Sink::record`] on the parts of an event not built yet: its
    /// place `(lon, lat, radius_km)` and interval, then duplicate detection (which
    /// remembers the id when it passes). A format may call this, then build the event
    /// and [`Sink::accept`] it, or [`Sink::reject`] the record: that is what
    /// [`Sink::record`] does, without building rejected events.
    pub(crate) fn admit(
        &mut self,
        id: &str,
        place: (f64, f64, Option<f64>),
        (start, end): (Timestamp, Timestamp),
        content: u64,
        line: u64,
    ) -> Result<(), String> {
        self.check(place, start, end)?;
        self.dedupe(id, content, line)
    }

    /// Passes on an accepted event (one record read).
    pub(crate) fn accept(&mut self, event: Event) {
        self.counts.read += 1;
        self.counts.accepted += 1;
        self.out.event(event);
    }

    /// Passes on a rejected record (one record read).
    pub(crate) fn reject(&mut self, line: u64, reason: String, raw: impl FnOnce() -> String) {
        self.counts.read += 1;
        self.counts.rejected += 1;
        self.out.reject(Reject {
            line,
            reason,
            raw: raw(),
        });
    }

    /// The checks every event goes through, whatever its format.
    fn check(
        &self,
        (lon, lat, radius_km): (f64, f64, Option<f64>),
        start: Timestamp,
        end: Timestamp,
    ) -> Result<(), String> {
        check_coordinates(lon, lat, self.options.bbox)?;
        if let Some(r) = radius_km
            && !(r.is_finite() && r >= 0.0)
        {
            return Err(format!("radius_km {r}: expected a number of kilometres, 0 or more"));
        }
        if start > self.options.now {
            return Err(format!(
                "date in the future: the event starts {} (UTC), after now ({})",
                start, self.options.now
            ));
        }
        if end <= start {
            return Err(format!("end before start: the interval [{start}, {end}) is empty"));
        }
        Ok(())
    }

    fn dedupe(&mut self, id: &str, content: u64, line: u64) -> Result<(), String> {
        match self.seen.insert(id, First { content, line }) {
            Ok(()) => Ok(()),
            Err(first) if first.content == content => Err(format!(
                "duplicate id {id:?}: repeating line {} exactly (the first is kept)",
                first.line
            )),
            Err(first) => Err(format!(
                "duplicate id {id:?} with different content than line {} (the first is kept)",
                first.line
            )),
        }
    }

    /// The counts (with the encoding left for the caller to set, as only the decoder
    /// knows it).
    pub(crate) fn finish(mut self) -> Counts {
        self.counts.learned_date_order = self.dates.learned_order();
        self.counts
    }
}

/// Rejects coordinates out of range, `(0, 0)`, and (with an expected area) swapped ones.
pub(crate) fn check_coordinates(lon: f64, lat: f64, bbox: Option<[f64; 4]>) -> Result<(), String> {
    if !lat.is_finite() || !lon.is_finite() {
        return Err(format!("coordinates ({lon}, {lat}): expected finite numbers"));
    }
    let looks_swapped = (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat);
    if !(-90.0..=90.0).contains(&lat) {
        let hint = if looks_swapped {
            " (latitude and longitude look swapped)"
        } else {
            ""
        };
        return Err(format!("latitude {lat} out of range -90..90{hint}"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} out of range -180..180"));
    }
    if lat == 0.0 && lon == 0.0 {
        return Err("coordinates (0, 0): a placeholder for a missing place, not a place".to_owned());
    }
    if let Some(area) = bbox {
        let inside = |x: f64, y: f64| x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];
        if !inside(lon, lat) && inside(lat, lon) {
            return Err(format!(
                "coordinates look swapped: lon {lon}, lat {lat} lies outside the expected area \
                 [{}, {}, {}, {}] but lon {lat}, lat {lon} lies inside",
                area[0], area[1], area[2], area[3]
            ));
        }
    }
    Ok(())
}

/// `str::trim`, skipped when the ends show there is nothing to trim (fields usually come
/// trimmed already).
fn trim(text: &str) -> &str {
    if has_plain_ends(text) { text } else { text.trim() }
}

/// Parses a coordinate field.
pub(crate) fn coordinate(text: &str, name: &str) -> Result<f64, String> {
    let t = trim(text);
    if t.is_empty() {
        return Err(format!("{name}: missing"));
    }
    match parse_f64(t) {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{name}: expected a number of degrees, found {t:?}")),
    }
}

/// Parses an optional count of deaths (empty → none).
pub(crate) fn deaths(text: &str, name: &str) -> Result<Option<u32>, String> {
    let t = trim(text);
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| format!("{name}: expected a whole number of deaths, found {t:?}"))
}

/// Parses a small precision code within `range`.
pub(crate) fn code(text: &str, name: &str, range: std::ops::RangeInclusive<u8>) -> Result<u8, String> {
    let t = trim(text);
    // One digit, the usual code, read directly (as `parse` would).
    let value = match t.as_bytes() {
        [digit @ b'0'..=b'9'] => Ok(digit - b'0'),
        _ => t.parse::<u8>(),
    };
    match value {
        Ok(v) if range.contains(&v) => Ok(v),
        _ => Err(format!(
            "{name}: expected a code from {} to {}, found {t:?}",
            range.start(),
            range.end()
        )),
    }
}

/// `Some(text)` unless empty.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let t = trim(text);
    (!t.is_empty()).then(|| t.to_owned())
}

/// `text.parse::<f64>()`, with a fast path for plain decimals such as `48.0159`.
///
/// A sign, at most 15 digits and at most one point make a value `m / 10^k` where both
/// `m` (below 10¹⁵ < 2⁵³) and `10^k` (k ≤ 15) are exact doubles: one IEEE division then
/// rounds the exact quotient correctly, which is what `str::parse` returns (Clinger's
/// fast path). Anything else (exponents, more digits, `inf`, errors) goes to
/// `str::parse`, so the result is always the same as it.
pub(crate) fn parse_f64(text: &str) -> Result<f64, std::num::ParseFloatError> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // At most 15 digits and a point: longer text is `str::parse`'s (which the count
    // below checks again, as a point may be missing).
    if digits.len() > 16 {
        return text.parse();
    }
    let mut mantissa = 0u64;
    let mut point = None;
    for (i, &b) in digits.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if b == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return text.parse();
        }
    }
    let count = digits.len() - usize::from(point.is_some());
    if count == 0 || count > 15 {
        return text.parse();
    }
    let scale = point.map_or(0, |p| digits.len() - p - 1);
    let value = mantissa as f64 / POWERS[scale];
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::parse_f64;

    fn same(text: &str) {
        let ours = parse_f64(text).map(f64::to_bits).map_err(|e| e.to_string());
        let std = text.parse::<f64>().map(f64::to_bits).map_err(|e| e.to_string());
        assert_eq!(ours, std, "{text:?}");
    }

    #[test]
    fn plain_decimals_and_odd_forms_read_as_std_does() {
        for text in [
            "48.0159",
            "-37.5",
            "+5",
            "5.",
            ".5",
            "-0.0",
            "0",
            "00012.50",
            "",
            ".",
            "-",
            "+.",
            "1e5",
            "1.5e-3",
            "inf",
            "NaN",
            "1..2",
            "1.2.3",
            " 1",
            "1 ",
            "999999999999999",
            "9999999999999999",
            "0.000000000000001",
            "0.1234567890123456",
            "12345678901234567890",
            "-.0",
            "4a",
        ] {
            same(text);
        }
    }

    proptest! {
        #[test]
        fn decimals_read_as_std_does(
            sign in prop_oneof![Just(""), Just("-"), Just("+")],
            int in "[0-9]{0,10}",
            frac in proptest::option::of("[0-9]{0,12}"),
        ) {
            let text = match frac {
                Some(f) => format!("{sign}{int}.{f}"),
                None => format!("{sign}{int}"),
            };
            same(&text);
        }
    }
}
