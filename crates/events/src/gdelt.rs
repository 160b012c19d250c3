//! GDELT 2.0 events: 61 tab-separated columns, no header, no quoting (a `"` inside a
//! field is an ordinary character).
//!
//! Used columns (0-based): 0 `GLOBALEVENTID` → source id; 1 `SQLDATE` (YYYYMMDD) → that
//! local day; 6 `Actor1Name` and 16 `Actor2Name` → actors; 26 `EventCode` (CAMEO) →
//! kind and class; 51 `ActionGeo_Type` → radius and place precision; 52
//! `ActionGeo_FullName` → location; 54 `ActionGeo_ADM1Code`, 55 `ActionGeo_ADM2Code`;
//! 56 `ActionGeo_Lat`, 57 `ActionGeo_Long`; 60 `SOURCEURL` → url. A record without an
//! action location (type 0 or empty) is rejected. A first row whose first field is
//! `GLOBALEVENTID` is taken as a header and skipped.
//!
//! GDELT is machine-coded from news: the date is the reporting date and the place a
//! geocoder's guess. Its events carry "low confidence" in their precision labels.

use std::borrow::Cow;

use crate::csvio::{self, Record, Records, field, required};
use crate::precision::{gdelt_geo, gdelt_radius_km};
use crate::sink::{Sink, code, coordinate, non_empty};
use crate::{Event, EventClass, EventsError};

/// Number of columns of a GDELT 2.0 event record.
pub(crate) const COLUMNS: usize = 61;

const GLOBALEVENTID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1_NAME: usize = 6;
const ACTOR2_NAME: usize = 16;
const EVENT_CODE: usize = 26;
const ACTION_GEO_TYPE: usize = 51;
const ACTION_GEO_FULLNAME: usize = 52;
const ACTION_GEO_ADM1: usize = 54;
const ACTION_GEO_ADM2: usize = 55;
const ACTION_GEO_LAT: usize = 56;
const ACTION_GEO_LONG: usize = 57;
const SOURCEURL: usize = 60;

/// Class and label of a CAMEO event code (see the crate docs for the reasoning).
pub(crate) fn cameo(code: &str) -> (EventClass, &'static str) {
    let three = code.get(..3).unwrap_or(code);
    let root = code.get(..2).unwrap_or(code);
    match three {
        "145" => return (EventClass::Riot, "protest violently, riot"),
        "183" => return (EventClass::RemoteViolence, "bombing"),
        "190" => return (EventClass::Battle, "use conventional military force"),
        "191" => return (EventClass::Strategic, "impose blockade, restrict movement"),
        "192" => return (EventClass::Battle, "occupy territory"),
        "193" => return (EventClass::Battle, "fight with small arms and light weapons"),
        "194" => return (EventClass::Shelling, "fight with artillery and tanks"),
        "195" => return (EventClass::AirStrike, "employ aerial weapons"),
        "196" => return (EventClass::Battle, "violate ceasefire"),
        "204" => return (EventClass::RemoteViolence, "use weapons of mass destruction"),
        _ => {}
    }
    match root {
        "14" => (EventClass::Protest, "protest"),
        "15" => (EventClass::Strategic, "exhibit force posture"),
        "17" => (EventClass::Strategic, "coerce"),
        "18" => (EventClass::ViolenceAgainstCivilians, "assault"),
        "19" => (EventClass::Battle, "fight"),
        "20" => (EventClass::ViolenceAgainstCivilians, "use unconventional mass violence"),
        _ => (EventClass::Other, "other"),
    }
}

pub(crate) fn read(records: &mut (impl Records + ?Sized), sink: &mut Sink<'_>) -> Result<(), EventsError> {
    let origin = sink.origin;
    let records = csvio::for_each_record(records, |record, line| {
        if line == 1 && field(record, 0).eq_ignore_ascii_case("GLOBALEVENTID") {
            return Ok(());
        }
        let parsed = event(record, line, sink);
        sink.record(line, parsed, csvio::record_hash(record), || csvio::raw(record, b'\t'));
        Ok(())
    })?;
    if records == 0 {
        return Err(csvio::empty(origin, "GDELT 2.0 event rows (61 tab-separated columns)"));
    }
    Ok(())
}

fn event(record: &Record<'_>, line: u64, sink: &mut Sink<'_>) -> Result<Event, String> {
    if record.len() != COLUMNS {
        return Err(format!(
            "expected {COLUMNS} tab-separated columns (GDELT 2.0 events), found {}",
            record.len()
        ));
    }
    let f = |i: usize| field(record, i);
    let source_id = required(record, GLOBALEVENTID, "GLOBALEVENTID")?.to_owned();
    let day = sink
        .dates
        .parse_day(required(record, SQLDATE, "SQLDATE")?, line)
        .map_err(|e| format!("SQLDATE: {e}"))?;
    let geo_type = match f(ACTION_GEO_TYPE) {
        "" | "0" => return Err("ActionGeo_Type: no action location (type 0 or empty)".to_owned()),
        t => code(t, "ActionGeo_Type", 1..=5)?,
    };
    let lat = coordinate(f(ACTION_GEO_LAT), "ActionGeo_Lat")?;
    let lon = coordinate(f(ACTION_GEO_LONG), "ActionGeo_Long")?;
    let (start, end) = sink.dates.days(day, day)?;
    let event_code = required(record, EVENT_CODE, "EventCode")?;
    let (class, label) = cameo(event_code);
    let actors: Vec<String> = [f(ACTOR1_NAME), f(ACTOR2_NAME)]
        .into_iter()
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let description = match actors.as_slice() {
        [] => format!("CAMEO {event_code}: {label}"),
        [one] => format!("{one}: {label} (CAMEO {event_code})"),
        [a, b, ..] => format!("{a} → {b}: {label} (CAMEO {event_code})"),
    };
    Ok(Event {
        source: sink.source.clone(),
        source_id,
        start,
        end,
        time_precision: Cow::Borrowed("day (GDELT report date: low confidence)"),
        lon,
        lat,
        radius_km: gdelt_radius_km(geo_type),
        place_precision: Cow::Borrowed(gdelt_geo(geo_type)),
        admin1: non_empty(f(ACTION_GEO_ADM1)),
        admin2: non_empty(f(ACTION_GEO_ADM2)),
        location: f(ACTION_GEO_FULLNAME).to_owned(),
        kind: Cow::Owned(format!("CAMEO {event_code}")),
        class,
        actors,
        deaths: None,
        description,
        url: non_empty(f(SOURCEURL)),
    })
}

#[cfg(test)]
mod tests {
    use super::cameo;
    use crate::EventClass;

    #[test]
    fn cameo_codes_map_to_classes() {
        assert_eq!(cameo("194").0, EventClass::Shelling);
        assert_eq!(cameo("1952").0, EventClass::AirStrike);
        assert_eq!(cameo("193").0, EventClass::Battle);
        assert_eq!(cameo("19").0, EventClass::Battle);
        assert_eq!(cameo("1831").0, EventClass::RemoteViolence);
        assert_eq!(cameo("186").0, EventClass::ViolenceAgainstCivilians);
        assert_eq!(cameo("202").0, EventClass::ViolenceAgainstCivilians);
        assert_eq!(cameo("2042").0, EventClass::RemoteViolence);
        assert_eq!(cameo("1451").0, EventClass::Riot);
        assert_eq!(cameo("141").0, EventClass::Protest);
        assert_eq!(cameo("173").0, EventClass::Strategic);
        assert_eq!(cameo("042").0, EventClass::Other);
        assert_eq!(cameo("").0, EventClass::Other);
    }
}
