//! Where every record ends: the checks common to all formats, duplicate detection, the
//! output (the caller's callbacks) and the counts.

use jiff::tz::TimeZone;

use crate::dates::Dates;
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
    pub(crate) source: &'a str,
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
            source,
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
        self.counts.read += 1;
        let checked = parsed.and_then(|event| {
            self.check(&event)?;
            self.dedupe(&event.source_id, content, line)?;
            Ok(event)
        });
        match checked {
            Ok(event) => {
                self.counts.accepted += 1;
                self.out.event(event);
            }
            Err(reason) => {
                self.counts.rejected += 1;
                self.out.reject(Reject {
                    line,
                    reason,
                    raw: raw(),
                });
            }
        }
    }

    /// The checks every event goes through, whatever its format.
    fn check(&self, event: &Event) -> Result<(), String> {
        check_coordinates(event.lon, event.lat, self.options.bbox)?;
        if let Some(r) = event.radius_km
            && !(r.is_finite() && r >= 0.0)
        {
            return Err(format!("radius_km {r}: expected a number of kilometres, 0 or more"));
        }
        if event.start > self.options.now {
            return Err(format!(
                "date in the future: the event starts {} (UTC), after now ({})",
                event.start, self.options.now
            ));
        }
        if event.end <= event.start {
            return Err(format!(
                "end before start: the interval [{}, {}) is empty",
                event.start, event.end
            ));
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

/// Parses a coordinate field.
pub(crate) fn coordinate(text: &str, name: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("{name}: missing"));
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{name}: expected a number of degrees, found {t:?}")),
    }
}

/// Parses an optional count of deaths (empty → none).
pub(crate) fn deaths(text: &str, name: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| format!("{name}: expected a whole number of deaths, found {t:?}"))
}

/// Parses a small precision code within `range`.
pub(crate) fn code(text: &str, name: &str, range: std::ops::RangeInclusive<u8>) -> Result<u8, String> {
    let t = text.trim();
    match t.parse::<u8>() {
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
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}
