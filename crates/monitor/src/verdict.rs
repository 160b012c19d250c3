//! One event against one ceasefire: violation, not a violation, or unknown, with the
//! reasons and the evidence.
//!
//! Every test is three-valued. An event is a *footprint*, not a point: a disc (its
//! coordinates and the radius its place precision allows) and a half-open time interval
//! (the day, week or month its date precision allows). A test whose answer differs across
//! the footprint is `Straddles`, and an event whose place is only an administrative area
//! (radius unknown) is never placed from its centroid. The verdict is *not a violation*
//! as soon as one test is certainly false, *violation* when every test is certainly true,
//! and *unknown* otherwise: so more precise evidence can only turn unknown into a
//! decision, never a decision into unknown or into the other decision.

use jiff::Timestamp;
use serde::Serialize;
use truce_events::Event;
use truce_geo::Tri;
use truce_model::{Ceasefire, Zone, ZoneKind, ZoneSide};

use crate::Geometries;

/// The outcome for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every test holds across the whole footprint: an attributable violation.
    Violation,
    /// Some test cannot be decided from the event's precision: a possible violation.
    Unknown,
    /// Some test certainly fails.
    NotViolation,
}

impl Outcome {
    /// Lower-case words for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Violation => "violation",
            Outcome::Unknown => "unknown",
            Outcome::NotViolation => "not a violation",
        }
    }
}

/// A three-valued answer, serialisable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// Certainly yes.
    Yes,
    /// Certainly no.
    No,
    /// Cannot tell.
    Unknown,
}

impl Answer {
    /// "yes", "no" or "unknown".
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    fn from_tri(t: Tri) -> Answer {
        match t {
            Tri::Inside => Answer::Yes,
            Tri::Outside => Answer::No,
            Tri::Straddles => Answer::Unknown,
        }
    }
}

/// A zone the event falls in, or may fall in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneHit {
    /// The zone's id.
    pub zone: String,
    /// Yes: the whole footprint is inside; Unknown: part of it may be.
    pub inside: Answer,
    /// What the zone is, in words.
    pub what: String,
}

/// Which side held the event's place during its time interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    /// The territory geometry consulted.
    pub territory: String,
    /// Its holder's party id.
    pub party: String,
    /// Yes: held by `party` over the whole footprint; No: held by the other side; Unknown:
    /// the footprint crosses the line, or the line moved during the interval, or no
    /// snapshot covers it.
    pub held: Answer,
}

/// The evidence and reasons behind a verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The source and the source's id of the event.
    pub source: String,
    /// The event id in its source.
    pub source_id: String,
    /// The outcome.
    pub outcome: Outcome,
    /// Why, one short sentence per test that mattered.
    pub reasons: Vec<String>,
    /// The event's place: longitude, latitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// The radius (km) the place is known to; `None` when only an area is known.
    pub radius_km: Option<f64>,
    /// Its place precision in the source's terms.
    pub place_precision: String,
    /// Its time interval, UTC, half-open.
    pub start: Timestamp,
    /// End of the interval (exclusive).
    pub end: Timestamp,
    /// Its time precision in words.
    pub time_precision: String,
    /// The truce class of the event and the source's own type.
    pub class: String,
    /// The source's own event type.
    pub kind: String,
    /// Within the ceasefire's window.
    pub in_window: Answer,
    /// Within the ceasefire's scope area.
    pub in_scope: Answer,
    /// A prohibited class.
    pub prohibited: bool,
    /// Which side held the place, when the ceasefire names a territory.
    pub holder: Option<Holder>,
    /// Geodesic distance to the ceasefire's line, km, as an interval `[low, high]` that
    /// accounts for the place's radius; `None` without a line or a radius.
    pub distance_km: Option<(f64, f64)>,
    /// Zones hit or possibly hit.
    pub zones: Vec<ZoneHit>,
    /// Deaths (best estimate), when the source gives them.
    pub deaths: Option<u32>,
    /// Region (first administrative level) as the source gives it.
    pub admin1: Option<String>,
    /// Place name or description of the place.
    pub location: String,
}

/// Judges `event` against `ceasefire`.
pub fn judge(event: &Event, ceasefire: &Ceasefire, geometries: &Geometries) -> Verdict {
    let start = ceasefire.start.timestamp();
    let end = ceasefire.end.as_ref().map(|e| e.timestamp());
    let mut reasons = Vec::new();

    let in_window = window(event.start, event.end, start, end);
    match in_window {
        Answer::Yes => {}
        Answer::No if event.end <= start => reasons.push(format!(
            "happened before the ceasefire took effect ({})",
            ceasefire.start
        )),
        Answer::No => reasons.push("happened after the ceasefire ended".to_owned()),
        Answer::Unknown => reasons.push(format!(
            "its time is known only as {} ({} to {} UTC), which straddles the ceasefire's {}",
            event.time_precision,
            event.start,
            event.end,
            if event.start < start { "start" } else { "end" }
        )),
    }

    let class = event.class.as_str().to_owned();
    let prohibited = ceasefire.prohibited.contains(&class);
    if !prohibited {
        reasons.push(format!("{class} is not a class the ceasefire prohibits"));
    }

    let in_scope = match (&ceasefire.scope, event.radius_km) {
        (None, _) => Answer::Yes,
        (Some(_), None) => {
            reasons.push(format!(
                "its place is known only as an area ({}); the area's centre is not used",
                event.place_precision
            ));
            Answer::Unknown
        }
        (Some(scope), Some(r)) => match geometries.area(scope) {
            Some(area) => {
                let a = Answer::from_tri(area.disc(event.lon, event.lat, r));
                match a {
                    Answer::No => reasons.push(format!("outside the ceasefire's area `{scope}`")),
                    Answer::Unknown => {
                        reasons.push(format!("within {r} km of the edge of the ceasefire's area `{scope}`"))
                    }
                    Answer::Yes => {}
                }
                a
            }
            None => Answer::Unknown,
        },
    };

    let holder = ceasefire.territory.as_ref().and_then(|id| {
        let held = geometries.territory(id)?;
        let answer = match event.radius_km {
            None => Answer::Unknown,
            Some(r) => held
                .series
                .held(event.lon, event.lat, r, event.start, event.end)
                .map_or(Answer::Unknown, Answer::from_tri),
        };
        Some(Holder {
            territory: id.clone(),
            party: held.holder.clone(),
            held: answer,
        })
    });

    let distance_km = match (&ceasefire.line, event.radius_km) {
        (Some(line), Some(r)) => geometries.line(line).map(|l| {
            let d = l.distance_km(event.lon, event.lat);
            ((d - r).max(0.0), d + r)
        }),
        _ => None,
    };

    let mut zones = Vec::new();
    let mut excluded = Answer::No;
    for zone in &ceasefire.zones {
        if let Some(hit) = zone_hit(event, ceasefire, zone, holder.as_ref(), geometries) {
            if zone.kind == ZoneKind::Exclusion {
                excluded = match (excluded, hit.inside) {
                    (Answer::Yes, _) | (_, Answer::Yes) => Answer::Yes,
                    _ => Answer::Unknown,
                };
            }
            zones.push(hit);
        }
    }
    match excluded {
        Answer::Yes => reasons.push("inside an exclusion area (e.g. a known training ground)".to_owned()),
        Answer::Unknown => reasons.push("may be inside an exclusion area".to_owned()),
        Answer::No => {}
    }

    let answers = [
        in_window,
        in_scope,
        if prohibited { Answer::Yes } else { Answer::No },
        not(excluded),
    ];
    let outcome = if answers.contains(&Answer::No) {
        Outcome::NotViolation
    } else if answers.iter().all(|a| *a == Answer::Yes) {
        reasons.push("a prohibited class, inside the ceasefire's area and window".to_owned());
        Outcome::Violation
    } else {
        Outcome::Unknown
    };

    Verdict {
        source: event.source.to_string(),
        source_id: event.source_id.clone(),
        outcome,
        reasons,
        lon: event.lon,
        lat: event.lat,
        radius_km: event.radius_km,
        place_precision: event.place_precision.to_string(),
        start: event.start,
        end: event.end,
        time_precision: event.time_precision.to_string(),
        class,
        kind: event.kind.to_string(),
        in_window,
        in_scope,
        prohibited,
        holder,
        distance_km,
        zones,
        deaths: event.deaths,
        admin1: event.admin1.clone(),
        location: event.location.clone(),
    }
}

fn not(a: Answer) -> Answer {
    match a {
        Answer::Yes => Answer::No,
        Answer::No => Answer::Yes,
        Answer::Unknown => Answer::Unknown,
    }
}

/// Whether `[s, e)` lies inside `[start, end)`.
fn window(s: Timestamp, e: Timestamp, start: Timestamp, end: Option<Timestamp>) -> Answer {
    let before = e <= start;
    let after = end.is_some_and(|end| s >= end);
    if before || after {
        return Answer::No;
    }
    if s >= start && end.is_none_or(|end| e <= end) {
        Answer::Yes
    } else {
        Answer::Unknown
    }
}

/// Whether the event falls in `zone` (only zones whose classes include the event's, and
/// only while the zone applies); `None` when it certainly does not.
fn zone_hit(
    event: &Event,
    ceasefire: &Ceasefire,
    zone: &Zone,
    holder: Option<&Holder>,
    geometries: &Geometries,
) -> Option<ZoneHit> {
    let class = event.class.as_str();
    if !zone.classes.is_empty() && !zone.classes.iter().any(|c| c == class) {
        return None;
    }
    let from = zone.from.as_ref().unwrap_or(&ceasefire.start).timestamp();
    let end = ceasefire.end.as_ref().map(|e| e.timestamp());
    let when = window(event.start, event.end, from, end);
    if when == Answer::No {
        return None;
    }
    let r = event.radius_km?;
    let (place, what) = match zone.kind {
        ZoneKind::Withdrawal => {
            let line_id = zone.line.as_ref().or(ceasefire.line.as_ref())?;
            let line = geometries.line(line_id)?;
            let width = zone.distance_km?;
            let d = line.distance_km(event.lon, event.lat);
            let near = if d + r <= width {
                Answer::Yes
            } else if d - r > width {
                Answer::No
            } else {
                Answer::Unknown
            };
            let side = match (zone.side, &zone.party, holder) {
                (ZoneSide::Both, _, _) => Answer::Yes,
                (ZoneSide::Own, Some(party), Some(h)) => {
                    if *party == h.party {
                        h.held
                    } else {
                        not(h.held)
                    }
                }
                (ZoneSide::Own, _, _) => Answer::Unknown,
            };
            let party = zone.party.as_deref().unwrap_or("both sides");
            let weapons = zone.weapons.as_deref().unwrap_or("weapons");
            (
                and(near, side),
                format!("{width} km withdrawal zone of {party} for {weapons}, from `{line_id}`"),
            )
        }
        kind => {
            let area_id = zone.area.as_ref()?;
            let area = geometries.area(area_id)?;
            let name = match kind {
                ZoneKind::Disengagement => "disengagement area",
                ZoneKind::Demilitarised => "demilitarised zone",
                _ => "exclusion area",
            };
            (
                Answer::from_tri(area.disc(event.lon, event.lat, r)),
                format!("{name} `{area_id}`"),
            )
        }
    };
    let inside = and(place, when);
    (inside != Answer::No).then(|| ZoneHit {
        zone: zone.id.clone(),
        inside,
        what,
    })
}

fn and(a: Answer, b: Answer) -> Answer {
    match (a, b) {
        (Answer::No, _) | (_, Answer::No) => Answer::No,
        (Answer::Yes, Answer::Yes) => Answer::Yes,
        _ => Answer::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn window_is_three_valued() {
        let start = ts("2025-04-19T15:00:00Z");
        let end = Some(ts("2025-04-20T21:00:00Z"));
        // The whole local day of 19 April straddles an 18:00 Moscow start.
        assert_eq!(
            window(ts("2025-04-18T21:00:00Z"), ts("2025-04-19T21:00:00Z"), start, end),
            Answer::Unknown
        );
        assert_eq!(
            window(ts("2025-04-19T21:00:00Z"), ts("2025-04-20T21:00:00Z"), start, end),
            Answer::Yes
        );
        assert_eq!(
            window(ts("2025-04-17T21:00:00Z"), ts("2025-04-18T21:00:00Z"), start, end),
            Answer::No
        );
        assert_eq!(
            window(ts("2025-04-20T21:00:00Z"), ts("2025-04-21T21:00:00Z"), start, end),
            Answer::No
        );
        // Open-ended ceasefire.
        assert_eq!(
            window(ts("2025-04-20T21:00:00Z"), ts("2025-04-21T21:00:00Z"), start, None),
            Answer::Yes
        );
    }
}
