//! Ceasefire verification: every conflict event judged against a ceasefire's terms, with
//! the evidence for each verdict, territorial change between two instants, and a daily
//! report in the manner of the OSCE Special Monitoring Mission.
//!
//! Inputs: a [`truce_model::Ceasefire`] (from a scenario's documents), the scenario's
//! [`Geometries`] (lines, areas, held territory as dated snapshots, read by `truce-geo`)
//! and conflict events (`truce-events`, usually from the store). Outputs: [`Verdict`]s
//! ([`judge`]), a [`Summary`] of them ([`verify`]), and a [`DailyReport`]
//! ([`daily_report`]) rendered as Markdown, JSON or HTML with an SVG map drawn here.
//!
//! Invariants:
//! - Verdicts are three-valued and monotone in the evidence: an imprecise event (a place
//!   known only as an administrative area, a date known only as a day, week or month) is
//!   *unknown* wherever its footprint could fall on both sides of a test; it is never
//!   decided from a centroid.
//! - Attributable violations (every test certain) and possible violations (unknown) are
//!   counted apart in every summary and report.
//! - Same inputs, byte-identical reports: events are processed in a fixed order (start,
//!   source, id) and nothing depends on the clock or on hash-map order.

mod geometries;
mod report;
mod svg;
mod verdict;

use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;
use truce_events::Event;
use truce_model::{Ceasefire, Negotiation};

pub use geometries::{Geometries, Held};
pub use report::{DailyReport, RegionCount, ReportOptions, belongs, daily_report};
pub use svg::{MapLayers, map_svg};
pub use verdict::{Answer, Holder, Outcome, Verdict, ZoneHit, judge};

/// What can stop verification.
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// A geometry file could not be read.
    #[error("geometry `{id}` ({}): {message}", path.display())]
    GeometryFile {
        /// Geometry id.
        id: String,
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An override names a geometry the scenario does not declare.
    #[error("no geometry `{id}` in this scenario (declared: {known})")]
    UnknownGeometry {
        /// The id asked for.
        id: String,
        /// The ids declared.
        known: String,
    },
    /// No ceasefire with that id.
    #[error("no ceasefire `{id}` in this scenario (declared: {known})")]
    UnknownCeasefire {
        /// The id asked for.
        id: String,
        /// The ids declared.
        known: String,
    },
}

/// Every ceasefire the negotiation's documents declare, with the document that declares it.
pub fn ceasefires(negotiation: &Negotiation) -> Vec<(&str, &Ceasefire)> {
    negotiation
        .documents
        .iter()
        .flat_map(|d| d.ceasefires.iter().map(move |c| (d.id.as_str(), c)))
        .collect()
}

/// The ceasefire with id `id`, or the only one when `id` is `None`.
pub fn find_ceasefire<'n>(negotiation: &'n Negotiation, id: Option<&str>) -> Result<&'n Ceasefire, MonitorError> {
    let all = ceasefires(negotiation);
    let known = || all.iter().map(|(_, c)| c.id.as_str()).collect::<Vec<_>>().join(", ");
    match id {
        Some(id) => {
            all.iter()
                .find(|(_, c)| c.id == id)
                .map(|(_, c)| *c)
                .ok_or_else(|| MonitorError::UnknownCeasefire {
                    id: id.to_owned(),
                    known: known(),
                })
        }
        None if all.len() == 1 => Ok(all[0].1),
        None => Err(MonitorError::UnknownCeasefire {
            id: "(none given)".to_owned(),
            known: known(),
        }),
    }
}

/// Verdict counts over a set of events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Events judged.
    pub events: usize,
    /// Attributable violations.
    pub violations: usize,
    /// Possible violations (unknown).
    pub unknown: usize,
    /// Not violations.
    pub not_violations: usize,
}

impl Summary {
    /// Counts the outcomes of `verdicts`.
    pub fn of(verdicts: &[Verdict]) -> Summary {
        let mut s = Summary {
            events: verdicts.len(),
            ..Summary::default()
        };
        for v in verdicts {
            match v.outcome {
                Outcome::Violation => s.violations += 1,
                Outcome::Unknown => s.unknown += 1,
                Outcome::NotViolation => s.not_violations += 1,
            }
        }
        s
    }
}

/// Judges every event, in a fixed order (start, source, id), and counts the outcomes.
pub fn verify(events: &[Event], ceasefire: &Ceasefire, geometries: &Geometries) -> (Vec<Verdict>, Summary) {
    let mut order: Vec<&Event> = events.iter().collect();
    order.sort_by(|a, b| {
        (a.start, &a.source, &a.source_id)
            .cmp(&(b.start, &b.source, &b.source_id))
            .then(a.end.cmp(&b.end))
    });
    let verdicts: Vec<Verdict> = order.into_iter().map(|e| judge(e, ceasefire, geometries)).collect();
    let summary = Summary::of(&verdicts);
    (verdicts, summary)
}

/// The half-open reporting period `[start, end)` for the report dated `date`: from the
/// previous day's cut-off to this day's, in the ceasefire's time zone (midnight to
/// midnight without a cut-off; 19:30 to 19:30 for the OSCE SMM).
pub fn reporting_period(ceasefire: &Ceasefire, date: jiff::civil::Date) -> Option<(Timestamp, Timestamp)> {
    let tz = ceasefire.start.time_zone().clone();
    let (h, m) = ceasefire.report_cutoff.unwrap_or((0, 0));
    let time = jiff::civil::Time::new(h, m, 0, 0).ok()?;
    let end_day = if (h, m) == (0, 0) { date.tomorrow().ok()? } else { date };
    let end = end_day
        .to_datetime(time)
        .to_zoned_datetime(tz.clone())
        .ok()?
        .timestamp();
    let start = end_day
        .yesterday()
        .ok()?
        .to_datetime(time)
        .to_zoned_datetime(tz)
        .ok()?
        .timestamp();
    Some((start, end))
}
