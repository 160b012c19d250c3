//! ACLED CSV exports: a header row, columns found by name (ACLED has renamed and added
//! columns over the years, e.g. the 2023 change that dropped `data_id` and added
//! `disorder_type`, so positions are never assumed).
//!
//! Needed columns: `event_id_cnty`, `event_date`, `time_precision`, `event_type`,
//! `sub_event_type`, `latitude`, `longitude`, `geo_precision`. Used when present:
//! `actor1`, `assoc_actor_1`, `actor2`, `assoc_actor_2` (associated actors are
//! `;`-separated lists), `admin1`, `admin2`, `location`, `notes`, `fatalities`.
//! `event_date` is ISO (`2023-01-15`, the API) or `15 January 2023` (the website export).

use std::borrow::Cow;

use crate::csvio::{self, Header, Record, Records, field, required};
use crate::dates::{When, add_days};
use crate::precision::{acled_geo, acled_radius_km};
use crate::sink::{Sink, code, coordinate, deaths, non_empty};
use crate::{Event, EventClass, EventsError};

const NEEDED: [&str; 8] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "geo_precision",
];

const OPTIONAL: [&str; 9] = [
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "location",
    "notes",
    "fatalities",
];

struct Columns {
    needed: [usize; NEEDED.len()],
    optional: [usize; OPTIONAL.len()],
}

/// ACLED's sub-event types and their classes (compared case-insensitively).
const SUB_EVENT_CLASSES: [(&str, EventClass); 25] = [
    ("Armed clash", EventClass::Battle),
    ("Government regains territory", EventClass::Battle),
    ("Non-state actor overtakes territory", EventClass::Battle),
    ("Shelling/artillery/missile attack", EventClass::Shelling),
    ("Air/drone strike", EventClass::AirStrike),
    ("Remote explosive/landmine/IED", EventClass::RemoteViolence),
    ("Grenade", EventClass::RemoteViolence),
    ("Suicide bomb", EventClass::RemoteViolence),
    ("Chemical weapon", EventClass::RemoteViolence),
    ("Attack", EventClass::ViolenceAgainstCivilians),
    ("Abduction/forced disappearance", EventClass::ViolenceAgainstCivilians),
    ("Sexual violence", EventClass::ViolenceAgainstCivilians),
    ("Peaceful protest", EventClass::Protest),
    ("Protest with intervention", EventClass::Protest),
    ("Excessive force against protesters", EventClass::Protest),
    ("Violent demonstration", EventClass::Riot),
    ("Mob violence", EventClass::Riot),
    ("Agreement", EventClass::Strategic),
    ("Arrests", EventClass::Strategic),
    ("Change to group/activity", EventClass::Strategic),
    ("Disrupted weapons use", EventClass::Strategic),
    ("Headquarters or base established", EventClass::Strategic),
    ("Looting/property destruction", EventClass::Strategic),
    ("Non-violent transfer of territory", EventClass::Strategic),
    ("Other", EventClass::Strategic),
];

/// The class of an ACLED event from its sub-event type, else its event type.
pub(crate) fn class(event_type: &str, sub_event_type: &str) -> EventClass {
    // ACLED's codebook spells it "protestors"; accept both spellings.
    let sub = sub_event_type.replace("protestors", "protesters");
    if let Some((_, class)) = SUB_EVENT_CLASSES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&sub))
    {
        return *class;
    }
    match event_type.to_ascii_lowercase().as_str() {
        "battles" => EventClass::Battle,
        "explosions/remote violence" => EventClass::RemoteViolence,
        "violence against civilians" => EventClass::ViolenceAgainstCivilians,
        "protests" => EventClass::Protest,
        "riots" => EventClass::Riot,
        "strategic developments" => EventClass::Strategic,
        _ => EventClass::Other,
    }
}

pub(crate) fn read(records: &mut (impl Records + ?Sized), sink: &mut Sink<'_>) -> Result<(), EventsError> {
    let origin = sink.origin;
    let mut columns: Option<Columns> = None;
    let records = csvio::for_each_record(records, |record, line| {
        let Some(cols) = &columns else {
            let header = Header::new(record);
            columns = Some(Columns {
                needed: header.require(NEEDED, origin, "ACLED")?,
                optional: OPTIONAL.map(|n| header.find(n).unwrap_or(usize::MAX)),
            });
            return Ok(());
        };
        let parsed = event(record, cols, line, sink);
        sink.record(line, parsed, csvio::record_hash(record), || csvio::raw(record, b','));
        Ok(())
    })?;
    if records == 0 {
        return Err(csvio::empty(origin, "an ACLED CSV header and rows"));
    }
    Ok(())
}

fn event(record: &Record<'_>, cols: &Columns, line: u64, sink: &mut Sink<'_>) -> Result<Event, String> {
    let req = |i: usize| required(record, cols.needed[i], NEEDED[i]);
    let opt = |i: usize| field(record, cols.optional[i]);
    let source_id = req(0)?.to_owned();
    let time_precision = code(req(2)?, "time_precision", 1..=3)?;
    let event_type = req(3)?;
    let sub_event_type = req(4)?;
    let lat = coordinate(req(5)?, "latitude")?;
    let lon = coordinate(req(6)?, "longitude")?;
    let geo_precision = code(req(7)?, "geo_precision", 1..=3)?;
    let day = match sink
        .dates
        .parse(req(1)?, line)
        .map_err(|e| format!("event_date: {e}"))?
    {
        When::Day(d) => d,
        other => other.day(sink.dates.zone()),
    };
    let (first, last, label) = match time_precision {
        1 => (day, day, "exact day"),
        2 => (add_days(day, -3)?, add_days(day, 3)?, "week"),
        _ => (day.first_of_month(), day.last_of_month(), "month"),
    };
    let (start, end) = sink.dates.days(first, last)?;
    let mut actors = Vec::new();
    for i in 0..4 {
        for name in opt(i).split(';').map(str::trim).filter(|a| !a.is_empty()) {
            actors.push(name.to_owned());
        }
    }
    Ok(Event {
        source: sink.source.clone(),
        source_id,
        start,
        end,
        time_precision: Cow::Borrowed(label),
        lon,
        lat,
        radius_km: acled_radius_km(geo_precision),
        place_precision: Cow::Borrowed(acled_geo(geo_precision)),
        admin1: non_empty(opt(4)),
        admin2: non_empty(opt(5)),
        location: opt(6).to_owned(),
        kind: crate::event::label(sub_event_type),
        class: class(event_type, sub_event_type),
        actors,
        deaths: deaths(opt(8), "fatalities")?,
        description: opt(7).to_owned(),
        url: None,
    })
}

#[cfg(test)]
mod tests {
    use super::class;
    use crate::EventClass;

    #[test]
    fn sub_event_types_decide_and_event_types_fall_back() {
        assert_eq!(class("Battles", "Armed clash"), EventClass::Battle);
        assert_eq!(
            class("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            EventClass::Shelling
        );
        assert_eq!(
            class("Explosions/Remote violence", "air/drone strike"),
            EventClass::AirStrike
        );
        assert_eq!(
            class("Protests", "Excessive force against protestors"),
            EventClass::Protest
        );
        assert_eq!(class("Riots", "Mob violence"), EventClass::Riot);
        assert_eq!(
            class("Violence against civilians", "Something new"),
            EventClass::ViolenceAgainstCivilians
        );
        assert_eq!(class("Unknown", "Unknown"), EventClass::Other);
    }
}
