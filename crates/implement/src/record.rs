//! The verified record the metrics read: each ceasefire's violations (attributable and
//! possible) as day intervals, and the days the record covers.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use truce_geo::Series;
use truce_monitor::{Answer, Outcome, Verdict};

use crate::plan::{Day, MetricKind, MetricSpec, day_of};

/// One violation, or possible violation, of a ceasefire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordEvent {
    /// Source and id, e.g. `ucdp:123456`.
    pub id: String,
    /// First day it may have happened on.
    pub start: Day,
    /// Last day it may have happened on.
    pub end: Day,
    /// Every test certain (an attributable violation) or not (a possible one).
    pub attributable: bool,
    /// Deaths, as the source reports them.
    pub deaths: u32,
    /// Zones it falls in: (zone id, certainly inside).
    pub zones: Vec<(String, bool)>,
}

/// The record of one ceasefire.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CeasefireRecord {
    /// Violations and possible violations.
    pub events: Vec<RecordEvent>,
    /// First and last day the record covers; outside, metrics have no upper bound.
    pub covered: Option<(Day, Day)>,
}

/// The area that changed hands in a territory over one window ending on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerritoryValue {
    /// Gained plus lost, km² (geodesic).
    pub km2: f64,
    /// The snapshot in force at the start of the window.
    pub from: String,
    /// The snapshot in force at the end of the day.
    pub to: String,
}

/// The verified record: per ceasefire id, and the territory-change metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Record {
    /// Ceasefire id to its record.
    pub ceasefires: BTreeMap<String, CeasefireRecord>,
    /// A territory metric (as written, e.g. `territory_change_km2('occupied', 30)`) to its
    /// value on each day a snapshot covers both ends of the window.
    pub territory: BTreeMap<String, BTreeMap<Day, TerritoryValue>>,
}

/// The day of an instant in a time zone.
pub fn day_in(ts: Timestamp, tz: &TimeZone) -> Day {
    day_of(tz.to_datetime(ts).date())
}

impl Record {
    /// Adds a ceasefire's verdicts: violations are attributable, unknowns possible, the
    /// rest ignored. Coverage is `covered` when given, else the days spanned by all the
    /// verdicts (every event read, violation or not).
    pub fn add_verdicts(&mut self, ceasefire: &str, verdicts: &[Verdict], tz: &TimeZone, covered: Option<(Day, Day)>) {
        let entry = self.ceasefires.entry(ceasefire.to_owned()).or_default();
        let mut span: Option<(Day, Day)> = None;
        for v in verdicts {
            let start = day_in(v.start, tz);
            let end = day_in(
                v.end.checked_sub(jiff::SignedDuration::from_nanos(1)).unwrap_or(v.end),
                tz,
            )
            .max(start);
            span = Some(span.map_or((start, end), |(a, b)| (a.min(start), b.max(end))));
            let attributable = match v.outcome {
                Outcome::Violation => true,
                Outcome::Unknown => false,
                Outcome::NotViolation => continue,
            };
            entry.events.push(RecordEvent {
                id: format!("{}:{}", v.source, v.source_id),
                start,
                end,
                attributable,
                deaths: v.deaths.unwrap_or(0),
                zones: v
                    .zones
                    .iter()
                    .filter(|z| z.inside != Answer::No)
                    .map(|z| (z.zone.clone(), z.inside == Answer::Yes))
                    .collect(),
            });
        }
        entry.covered = covered.or(match (entry.covered, span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, None) | (None, x) => x,
        });
        entry
            .events
            .sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    }

    /// Computes a territory-change metric on every day of `first..=last` from the dated
    /// snapshots of the territory: the area gained plus lost between the snapshot in force
    /// at the start of the window (00:00 of its first day in `tz`) and the one in force at
    /// the end of the day. Days on which no snapshot covers both ends are left out (the
    /// metric is unknown there). Pairs of snapshots are computed once.
    pub fn add_territory(&mut self, spec: &MetricSpec, series: &Series, tz: &TimeZone, first: Day, last: Day) {
        let midnight = |d: Day| -> Option<Timestamp> {
            crate::plan::date_of(d)
                .to_datetime(jiff::civil::Time::midnight())
                .to_zoned_datetime(tz.clone())
                .ok()
                .map(|z| z.timestamp())
        };
        let snapshots = series.snapshots();
        let index = |t: Timestamp| -> Option<usize> {
            let s = series.at(t)?;
            snapshots.iter().position(|x| std::ptr::eq(x, s))
        };
        let mut cache: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let values = self.territory.entry(spec.to_string()).or_default();
        for d in first..=last {
            let (Some(a), Some(b)) = (midnight(d - spec.window as Day + 1), midnight(d + 1)) else {
                continue;
            };
            // The end of the day is the last instant before the next midnight.
            let b = b.checked_sub(jiff::SignedDuration::from_nanos(1)).unwrap_or(b);
            let (Some(i), Some(j)) = (index(a), index(b)) else {
                continue;
            };
            let km2 = *cache.entry((i, j)).or_insert_with(|| {
                if i == j {
                    0.0
                } else {
                    let c = truce_geo::change(&snapshots[i].territory, &snapshots[j].territory, &[]);
                    c.gained_km2 + c.lost_km2
                }
            });
            values.insert(
                d,
                TerritoryValue {
                    km2,
                    from: snapshots[i].source.clone(),
                    to: snapshots[j].source.clone(),
                },
            );
        }
    }

    /// The record as of the end of `day`: events that may have begun by then (an event
    /// straddling the day keeps its interval, so it counts only where it may lie), and
    /// coverage cut at the day.
    pub fn as_of(&self, day: Day) -> Record {
        Record {
            ceasefires: self
                .ceasefires
                .iter()
                .map(|(k, r)| {
                    (
                        k.clone(),
                        CeasefireRecord {
                            events: r.events.iter().filter(|e| e.start <= day).cloned().collect(),
                            covered: r.covered.and_then(|(a, b)| (a <= day).then_some((a, b.min(day)))),
                        },
                    )
                })
                .collect(),
            territory: self
                .territory
                .iter()
                .map(|(k, v)| (k.clone(), v.range(..=day).map(|(d, x)| (*d, x.clone())).collect()))
                .collect(),
        }
    }
}

/// The record a plan's metrics need: each ceasefire they name judged over `events`
/// (with `geometries`), and each territory metric computed from its snapshots for the
/// days from the plan's start to `as_of`. Coverage is `covered` when given, else the days
/// the events span.
pub fn build_record(
    plan: &crate::plan::Plan,
    negotiation: &truce_model::Negotiation,
    geometries: &truce_monitor::Geometries,
    events: &[truce_events::Event],
    as_of: Day,
    covered: Option<(Day, Day)>,
) -> Result<Record, String> {
    let tz = TimeZone::get(&plan.timezone).map_err(|e| format!("time zone {}: {e}", plan.timezone))?;
    let mut record = Record::default();
    for spec in plan.metrics.iter().filter(|m| m.kind == MetricKind::TerritoryChange) {
        let held = geometries
            .territory(&spec.source)
            .ok_or_else(|| format!("territory `{}` could not be read", spec.source))?;
        record.add_territory(spec, &held.series, &tz, plan.start, as_of);
    }
    let mut ids: Vec<&str> = plan
        .metrics
        .iter()
        .filter(|m| m.kind != MetricKind::TerritoryChange)
        .map(|m| m.source.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let cf = truce_monitor::find_ceasefire(negotiation, Some(id)).map_err(|e| e.to_string())?;
        let (verdicts, _) = truce_monitor::verify(events, cf, geometries);
        record.add_verdicts(id, &verdicts, &tz, covered);
    }
    Ok(record)
}

/// The instants between which a plan's metrics need events: from the plan's start less
/// the longest window, to the end of `as_of`, in the plan's zone.
pub fn event_window(plan: &crate::plan::Plan, as_of: Day) -> Option<(Timestamp, Timestamp)> {
    let tz = TimeZone::get(&plan.timezone).ok()?;
    let window = plan.metrics.iter().map(|m| m.window).max().unwrap_or(1) as Day;
    let at = |d: Day| {
        crate::plan::date_of(d)
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(tz.clone())
            .ok()
            .map(|z| z.timestamp())
    };
    Some((at(plan.start - window)?, at(as_of + 1)?))
}

/// Whether the plan's metrics read conflict events (violations or deaths).
pub fn needs_events(plan: &crate::plan::Plan) -> bool {
    plan.metrics.iter().any(|m| m.kind != MetricKind::TerritoryChange)
}

/// Unbounded upper end of a metric.
pub const UNBOUNDED: f64 = f64::INFINITY;

/// Whether an event counts for a metric: (counts towards the upper end, towards the lower).
fn counts(spec: &MetricSpec, e: &RecordEvent) -> (bool, bool) {
    match &spec.zone {
        None => (true, e.attributable),
        Some(z) => match e.zones.iter().find(|(id, _)| id == z) {
            Some((_, certain)) => (true, e.attributable && *certain),
            None => (false, false),
        },
    }
}

fn weight(spec: &MetricSpec, e: &RecordEvent) -> i64 {
    match spec.kind {
        MetricKind::Deaths => i64::from(e.deaths),
        _ => 1,
    }
}

/// A metric's interval on every day of `first..=last`: `(lo, hi)`, `hi` = [`UNBOUNDED`]
/// where the window leaves the record's coverage (or the record has no such ceasefire).
pub fn series(spec: &MetricSpec, record: &Record, first: Day, last: Day) -> Vec<(f64, f64)> {
    let n = usize::try_from(last - first + 1).unwrap_or(0);
    if spec.kind == MetricKind::TerritoryChange {
        let values = record.territory.get(&spec.to_string());
        return (first..=last)
            .map(|d| match values.and_then(|v| v.get(&d)) {
                Some(x) => (x.km2, x.km2),
                None => (0.0, UNBOUNDED),
            })
            .collect();
    }
    let Some(rec) = record.ceasefires.get(&spec.source) else {
        return vec![(0.0, UNBOUNDED); n];
    };
    let w = spec.window as Day;
    let mut lo = vec![0i64; n + 1];
    let mut hi = vec![0i64; n + 1];
    let add = |diff: &mut Vec<i64>, from: Day, to: Day, x: i64| {
        let a = from.max(first);
        let b = to.min(last);
        if a <= b {
            diff[(a - first) as usize] += x;
            diff[(b - first + 1) as usize] -= x;
        }
    };
    for e in &rec.events {
        let (upper, lower) = counts(spec, e);
        let x = weight(spec, e);
        if upper {
            add(&mut hi, e.start, e.end.saturating_add(w - 1), x);
        }
        if lower && e.end - e.start < w {
            add(&mut lo, e.end, e.start.saturating_add(w - 1), x);
        }
    }
    let mut out = Vec::with_capacity(n);
    let (mut l, mut h) = (0i64, 0i64);
    for i in 0..n {
        l += lo[i];
        h += hi[i];
        let d = first + i as Day;
        let covered = rec.covered.is_some_and(|(a, b)| a <= d - w + 1 && d <= b);
        out.push((l as f64, if covered { h as f64 } else { UNBOUNDED }));
    }
    out
}

/// The events behind a metric on day `d`: (attributable ones counted in the lower end,
/// the others that may count).
pub fn contributing<'r>(spec: &MetricSpec, record: &'r Record, d: Day) -> (Vec<&'r RecordEvent>, Vec<&'r RecordEvent>) {
    let Some(rec) = record.ceasefires.get(&spec.source) else {
        return (Vec::new(), Vec::new());
    };
    let w = spec.window as Day;
    let from = d - w + 1;
    let mut sure = Vec::new();
    let mut maybe = Vec::new();
    for e in &rec.events {
        let (upper, lower) = counts(spec, e);
        if lower && e.start >= from && e.end <= d {
            sure.push(e);
        } else if upper && e.start <= d && e.end >= from {
            maybe.push(e);
        }
    }
    (sure, maybe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str, start: Day, end: Day, attributable: bool) -> RecordEvent {
        RecordEvent {
            id: id.into(),
            start,
            end,
            attributable,
            deaths: 2,
            zones: vec![("z".into(), start == end)],
        }
    }

    #[test]
    fn series_counts_sure_and_possible_events() {
        let mut record = Record::default();
        record.ceasefires.insert(
            "cf".into(),
            CeasefireRecord {
                events: vec![ev("a", 10, 10, true), ev("b", 11, 13, true), ev("c", 12, 12, false)],
                covered: Some((0, 20)),
            },
        );
        let spec = MetricSpec {
            kind: MetricKind::Violations,
            source: "cf".into(),
            window: 1,
            zone: None,
        };
        let s = series(&spec, &record, 9, 22);
        assert_eq!(s[0], (0.0, 0.0)); // day 9
        assert_eq!(s[1], (1.0, 1.0)); // day 10
        assert_eq!(s[2], (0.0, 1.0)); // day 11: b may fall on it
        assert_eq!(s[3], (0.0, 2.0)); // day 12: b and c
        assert_eq!(s[12].1, UNBOUNDED); // day 21 is past the coverage
        let week = MetricSpec {
            window: 7,
            ..spec.clone()
        };
        let s = series(&week, &record, 9, 22);
        assert_eq!(s[13 - 9], (2.0, 3.0)); // a and b certainly, c possibly
        let zone = MetricSpec {
            zone: Some("z".into()),
            kind: MetricKind::Deaths,
            ..week
        };
        let s = series(&zone, &record, 9, 22);
        assert_eq!(s[13 - 9], (2.0, 6.0)); // a certainly inside; b possibly inside; c possible
        let (sure, maybe) = contributing(&zone, &record, 13);
        assert_eq!(sure.len() + maybe.len(), 3);
    }
}
