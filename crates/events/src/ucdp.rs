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

use crate::csvio::{self, Header, Record, Records, field, required};
use crate::precision::{ucdp_date, ucdp_radius_km, ucdp_where};
use crate::sink::{Sink, code, coordinate, deaths, non_empty};
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
        let parsed = event(record, cols, line, sink);
        sink.record(line, parsed, csvio::record_hash(record), || csvio::raw(record, b','));
        Ok(())
    })?;
    if records == 0 {
        return Err(csvio::empty(origin, "UCDP GED CSV rows"));
    }
    Ok(())
}

fn event(record: &Record<'_>, cols: &Columns, line: u64, sink: &mut Sink<'_>) -> Result<Event, String> {
    if cols.positional && record.len() != cols.width {
        return Err(format!(
            "expected {} columns (UCDP GED without a header), found {}",
            cols.width,
            record.len()
        ));
    }
    let f = |i: usize| field(record, cols.index[i]);
    let req = |i: usize| required(record, cols.index[i], USED[i]);
    let source_id = req(ID)?.to_owned();
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
    let (kind, class) = match type_of_violence {
        1 => ("state-based", EventClass::Battle),
        2 => ("non-state", EventClass::Battle),
        _ => ("one-sided", EventClass::ViolenceAgainstCivilians),
    };
    let actors = [f(SIDE_A), f(SIDE_B)]
        .into_iter()
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let description = match (f(WHERE_DESCRIPTION), f(SOURCE_HEADLINE)) {
        ("", headline) => headline.to_owned(),
        (place, "") => place.to_owned(),
        (place, headline) => format!("{place} | {headline}"),
    };
    Ok(Event {
        source: sink.source.to_owned(),
        source_id,
        start,
        end,
        time_precision: ucdp_date(date_prec).to_owned(),
        lon,
        lat,
        radius_km: ucdp_radius_km(where_prec),
        place_precision: ucdp_where(where_prec).to_owned(),
        admin1: non_empty(f(ADM_1)),
        admin2: non_empty(f(ADM_2)),
        location: f(WHERE_COORDINATES).to_owned(),
        kind: kind.to_owned(),
        class,
        actors,
        deaths,
        description,
        url: None,
    })
}
