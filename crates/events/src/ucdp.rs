//! UCDP GED: the 49-column CSV layout, with or without a header row.
//!
//! Columns are found by name when the first row is a header (it names three or more GED
//! columns); otherwise the first row is data and the columns are taken in the
//! standard order [`GED_COLUMNS`] (some releases, e.g. candidate 24.0.1, had no header).
//!
//! Mapping: `id` → source id; `type_of_violence` → kind (state-based, non-state,
//! one-sided) and class; `date_start`/`date_end` → the local days they span, `date_prec`
//! → time precision; `where_prec` → radius and place precision; `latitude`/`longitude`;
//! `adm_1`/`adm_2`; `where_coordinates` → location; `side_a`/`side_b` → actors; `best` →
//! deaths; `where_description` and `source_headline` → description (UCDP has no
//! narrative).

use std::borrow::Cow;

use jiff::civil::Date;

use crate::csvio::{self, Header, Prepared, Preparer, Record, Records, field, required};
use crate::dates::plain_iso_day;
use crate::precision::{ucdp_date, ucdp_radius_km, ucdp_where};
use crate::sink::{Sink, code, coordinate, deaths, non_empty};
use jiff::Timestamp;

use crate::{Event, EventClass, EventsError};

/// The 49 columns of UCDP GED, in their standard order.
pub const GED_COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// The columns this reader uses, in the order of [`Columns::index`].
const USED: [&str; 17] = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "source_headline",
    "dyad_name",
];

/// Needed columns: a header without one of these is an error.
const NEEDED: [&str; 8] = [
    "id",
    "type_of_violence",
    "where_prec",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
];

struct Columns {
    /// Position of each of [`USED`] (`usize::MAX` when absent: the field reads empty).
    index: [usize; USED.len()],
    /// With a header: how many fields the header has; without: 49.
    width: usize,
    positional: bool,
}

impl Columns {
    fn positional() -> Self {
        let index = USED.map(|name| GED_COLUMNS.iter().position(|c| *c == name).unwrap_or(usize::MAX));
        Columns {
            index,
            width: GED_COLUMNS.len(),
            positional: true,
        }
    }

    fn from_header(header: &Header, origin: &str) -> Result<Self, EventsError> {
        header.require(NEEDED, origin, "UCDP GED")?;
        Ok(Columns {
            index: USED.map(|name| header.find(name).unwrap_or(usize::MAX)),
            width: 0,
            positional: false,
        })
    }
}

const ID: usize = 0;
const TYPE: usize = 1;
const SIDE_A: usize = 2;
const SIDE_B: usize = 3;
const WHERE_PREC: usize = 4;
const WHERE_COORDINATES: usize = 5;
const WHERE_DESCRIPTION: usize = 6;
const ADM_1: usize = 7;
const ADM_2: usize = 8;
const LATITUDE: usize = 9;
const LONGITUDE: usize = 10;
const DATE_PREC: usize = 11;
const DATE_START: usize = 12;
const DATE_END: usize = 13;
const BEST: usize = 14;
const SOURCE_HEADLINE: usize = 15;

/// A first row naming at least three GED columns is a header (data rows never do).
fn is_header(record: &Record<'_>) -> bool {
    let header = Header::new(record);
    GED_COLUMNS.iter().filter(|n| header.find(n).is_some()).count() >= 3
}

pub(crate) fn read(records: &mut (impl Records + ?Sized), sink: &mut Sink<'_>) -> Result<(), EventsError> {
    let origin = sink.origin;
    let mut columns: Option<Columns> = None;
    let records = csvio::for_each_record(records, |record, line| {
        let cols = match &columns {
            Some(c) => c,
            None if is_header(record) => {
                columns = Some(Columns::from_header(&Header::new(record), origin)?);
                return Ok(());
            }
            None => columns.insert(Columns::positional()),
        };
        let content = csvio::record_hash(record);
        let raw = || csvio::raw(record, b',');
        // Checked before the event is built, so that a rejected record costs no strings.
        let parsed = match record.prepared() {
            Some(prepared) => parse_prepared(record, cols, line, prepared, sink),
            None => parse(record, cols, line, sink),
        };
        match parsed {
            Ok(p) => match sink.admit(p.id, (p.lon, p.lat, p.radius_km), (p.start, p.end), content, line) {
                Ok(()) => {
                    let event = build(record, cols, &p, sink.source.clone());
                    sink.accept(event);
                }
                Err(reason) => sink.reject(line, reason, raw),
            },
            Err(reason) => sink.reject(line, reason, raw),
        }
        Ok(())
    })?;
    if records == 0 {
        return Err(csvio::empty(origin, "UCDP GED CSV rows"));
    }
    Ok(())
}

/// The fields of a record that can be wrong, parsed and checked.
struct Parsed<'r> {
    id: &'r str,
    type_of_violence: u8,
    where_prec: u8,
    date_prec: u8,
    lon: f64,
    lat: f64,
    radius_km: Option<f64>,
    start: Timestamp,
    end: Timestamp,
    deaths: Option<u32>,
}

/// Reads the fields that can make a record wrong, in the order that decides which
/// error a bad record reports.
fn parse<'r>(record: &Record<'r>, cols: &Columns, line: u64, sink: &mut Sink<'_>) -> Result<Parsed<'r>, String> {
    if cols.positional && record.len() != cols.width {
        return Err(format!(
            "expected {} columns (UCDP GED without a header), found {}",
            cols.width,
            record.len()
        ));
    }
    let f = |i: usize| field(record, cols.index[i]);
    let req = |i: usize| required(record, cols.index[i], USED[i]);
    let id = req(ID)?;
    let type_of_violence = code(req(TYPE)?, "type_of_violence", 1..=3)?;
    let where_prec = code(req(WHERE_PREC)?, "where_prec", 1..=7)?;
    let date_prec = code(req(DATE_PREC)?, "date_prec", 1..=5)?;
    let lat = coordinate(f(LATITUDE), "latitude")?;
    let lon = coordinate(f(LONGITUDE), "longitude")?;
    let first = sink
        .dates
        .parse_day(req(DATE_START)?, line)
        .map_err(|e| format!("date_start: {e}"))?;
    let last = sink
        .dates
        .parse_day(req(DATE_END)?, line)
        .map_err(|e| format!("date_end: {e}"))?;
    if last < first {
        return Err(format!(
            "end before start: date_end {last} is before date_start {first}"
        ));
    }
    let (start, end) = sink.dates.days(first, last)?;
    let deaths = deaths(f(BEST), "best")?;
    Ok(Parsed {
        id,
        type_of_violence,
        where_prec,
        date_prec,
        lon,
        lat,
        radius_km: ucdp_radius_km(where_prec),
        start,
        end,
        deaths,
    })
}

/// The worker's reading of records (see [`csvio::Preparer`]): for a record whose coded,
/// date and deaths fields all read without error by the same functions as [`parse`]
/// (dates only in the plain `YYYY-MM-DD` form, which needs no learned order), those
/// values; `None` for any other record (and for the header), left to [`parse`]. The
/// columns come from the first record, as in [`read`]. The coordinates are left to the
/// calling thread, which has less to do than the worker once events cost few
/// allocations.
///
/// Layout: word 0 holds `type_of_violence`, `where_prec`, `date_prec` (a byte each) and
/// bit 24 set when `best` is given, whose value is word 3; words 1 and 2 the first and
/// last day (see [`pack_day`]).
pub(crate) fn preparer<'p>() -> Preparer<'p> {
    // None: the first record is still to come; Some(None): its header is unusable.
    let mut columns: Option<Option<Columns>> = None;
    Box::new(move |record| {
        let cols = match &columns {
            Some(c) => c.as_ref()?,
            None if is_header(record) => {
                columns = Some(Columns::from_header(&Header::new(record), "").ok());
                return None;
            }
            None => columns.insert(Some(Columns::positional())).as_ref()?,
        };
        prepare(record, cols)
    })
}

fn prepare(record: &Record<'_>, cols: &Columns) -> Option<Prepared> {
    if cols.positional && record.len() != cols.width {
        return None;
    }
    let f = |i: usize| field(record, cols.index[i]);
    let type_of_violence = code(f(TYPE), "", 1..=3).ok()?;
    let where_prec = code(f(WHERE_PREC), "", 1..=7).ok()?;
    let date_prec = code(f(DATE_PREC), "", 1..=5).ok()?;
    let first = plain_iso_day(f(DATE_START))?;
    let last = plain_iso_day(f(DATE_END))?;
    let deaths = deaths(f(BEST), "").ok()?;
    let codes = u64::from(type_of_violence) | u64::from(where_prec) << 8 | u64::from(date_prec) << 16;
    Some([
        codes | u64::from(deaths.is_some()) << 24,
        pack_day(first),
        pack_day(last),
        u64::from(deaths.unwrap_or(0)),
    ])
}

/// A day as 64 bits: the year (two's complement, 16 bits), the month and the day.
fn pack_day(day: Date) -> u64 {
    u64::from(day.year() as u16) << 16 | u64::from(day.month() as u8) << 8 | u64::from(day.day() as u8)
}

fn unpack_day(word: u64) -> Option<Date> {
    Date::new((word >> 16) as u16 as i16, (word >> 8) as u8 as i8, word as u8 as i8).ok()
}

/// [`parse`] for a record the worker read ([`prepare`]): the same result, the same
/// error first (the id, then the coordinates are checked first, as there; the prepared
/// fields cannot fail).
fn parse_prepared<'r>(
    record: &Record<'r>,
    cols: &Columns,
    line: u64,
    prepared: &Prepared,
    sink: &mut Sink<'_>,
) -> Result<Parsed<'r>, String> {
    let [codes, first, last, deaths] = *prepared;
    let (Some(first), Some(last)) = (unpack_day(first), unpack_day(last)) else {
        // Never (the worker packed valid days); the usual path decides then.
        return parse(record, cols, line, sink);
    };
    let id = required(record, cols.index[ID], USED[ID])?;
    let lat = coordinate(field(record, cols.index[LATITUDE]), "latitude")?;
    let lon = coordinate(field(record, cols.index[LONGITUDE]), "longitude")?;
    if last < first {
        return Err(format!(
            "end before start: date_end {last} is before date_start {first}"
        ));
    }
    let (start, end) = sink.dates.days(first, last)?;
    let where_prec = (codes >> 8) as u8;
    Ok(Parsed {
        id,
        type_of_violence: codes as u8,
        where_prec,
        date_prec: (codes >> 16) as u8,
        lon,
        lat,
        radius_km: ucdp_radius_km(where_prec),
        start,
        end,
        deaths: (codes >> 24 & 1 == 1).then_some(deaths as u32),
    })
}

/// The event of a record whose fields [`parse`] read.
fn build(record: &Record<'_>, cols: &Columns, p: &Parsed<'_>, source: Cow<'static, str>) -> Event {
    let f = |i: usize| field(record, cols.index[i]);
    let (kind, class) = match p.type_of_violence {
        1 => ("state-based", EventClass::Battle),
        2 => ("non-state", EventClass::Battle),
        _ => ("one-sided", EventClass::ViolenceAgainstCivilians),
    };
    let sides = [f(SIDE_A), f(SIDE_B)];
    let mut actors = Vec::with_capacity(sides.iter().filter(|a| !a.is_empty()).count());
    for actor in sides {
        if !actor.is_empty() {
            actors.push(actor.to_owned());
        }
    }
    let description = match (f(WHERE_DESCRIPTION), f(SOURCE_HEADLINE)) {
        ("", headline) => headline.to_owned(),
        (place, "") => place.to_owned(),
        (place, headline) => {
            let mut text = String::with_capacity(place.len() + 3 + headline.len());
            text.push_str(place);
            text.push_str(" | ");
            text.push_str(headline);
            text
        }
    };
    Event {
        source,
        source_id: p.id.to_owned(),
        start: p.start,
        end: p.end,
        time_precision: Cow::Borrowed(ucdp_date(p.date_prec)),
        lon: p.lon,
        lat: p.lat,
        radius_km: p.radius_km,
        place_precision: Cow::Borrowed(ucdp_where(p.where_prec)),
        admin1: non_empty(f(ADM_1)),
        admin2: non_empty(f(ADM_2)),
        location: f(WHERE_COORDINATES).to_owned(),
        kind: Cow::Borrowed(kind),
        class,
        actors,
        deaths: p.deaths,
        description,
        url: None,
    }
}
