//! The daily report: one reporting day of a ceasefire against the day before, in the
//! manner of the OSCE SMM's daily reports (counts per region and kind compared with the
//! previous period, notable events, territorial change), with the unknowns listed apart
//! and the events behind every figure.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use truce_events::Event;
use truce_geo::Region;
use truce_model::Ceasefire;

use crate::{Geometries, MapLayers, Outcome, Summary, Verdict, map_svg, reporting_period, verify};

/// The report's JSON format name.
pub const REPORT_FORMAT: &str = "truce.monitor-report/1";

/// What the report covers and how.
pub struct ReportOptions<'a> {
    /// The report's date: the reporting day ending on this date's cut-off.
    pub date: Date,
    /// How many notable events to list.
    pub notable: usize,
    /// Regions (e.g. oblasts) to count events and territorial change in; without them,
    /// the region the source gives (admin1) is used.
    pub regions: &'a [Region],
    /// Base polygons for the map (e.g. Natural Earth countries).
    pub base: Vec<&'a geo::MultiPolygon<f64>>,
}

/// Counts for one region (or one class), this period and the previous.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RegionCount {
    /// Region or class name.
    pub name: String,
    /// Attributable violations this period.
    pub violations: usize,
    /// Possible violations this period.
    pub unknown: usize,
    /// Attributable violations in the previous period.
    pub previous_violations: usize,
    /// Possible violations in the previous period.
    pub previous_unknown: usize,
    /// Events behind this period's figures (`source:id`).
    pub evidence: Vec<String>,
}

/// Territory change over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSummary {
    /// Territory geometry id.
    pub territory: String,
    /// Party holding it.
    pub holder: String,
    /// Snapshot in force at the period's start.
    pub from_snapshot: String,
    /// Snapshot in force at its end.
    pub to_snapshot: String,
    /// Area gained by the holder, km² (geodesic).
    pub gained_km2: f64,
    /// Area lost by the holder, km².
    pub lost_km2: f64,
    /// Per region: (region, gained, lost).
    pub by_region: Vec<(String, f64, f64)>,
}

/// One daily report.
#[derive(Debug, Clone, Serialize)]
pub struct DailyReport {
    /// Always [`REPORT_FORMAT`].
    pub format: &'static str,
    /// Ceasefire id.
    pub ceasefire: String,
    /// Ceasefire title.
    pub title: String,
    /// The report's date.
    pub date: String,
    /// Reporting period, UTC, half-open.
    pub period: (Timestamp, Timestamp),
    /// The same period in the ceasefire's time zone, for readers.
    pub period_local: (String, String),
    /// The previous period.
    pub previous: (Timestamp, Timestamp),
    /// Verdicts of events that lie wholly inside this period.
    pub summary: Summary,
    /// Same, previous period.
    pub previous_summary: Summary,
    /// Per region.
    pub by_region: Vec<RegionCount>,
    /// Per event class.
    pub by_class: Vec<RegionCount>,
    /// Notable attributable violations: most deaths first.
    pub notable: Vec<Verdict>,
    /// Every attributable violation of the period, with its evidence.
    pub violations: Vec<Verdict>,
    /// Possible violations (unknown), listed apart with their reasons.
    pub unknown: Vec<Verdict>,
    /// Events that overlap the period but whose time is too coarse to place them in it.
    pub undated: Vec<Verdict>,
    /// Territorial change over the period, when the ceasefire has a dated territory.
    pub change: Option<ChangeSummary>,
    /// What the figures were computed from.
    pub sources: Vec<String>,
    /// The SVG map.
    #[serde(skip)]
    pub map: String,
}

fn within(v: &Verdict, (s, e): (Timestamp, Timestamp)) -> bool {
    v.start >= s && v.end <= e
}

/// Whether the event belongs to the report dated `date`: its interval lies inside the
/// reporting period, or it is dated to exactly that calendar day in the ceasefire's zone
/// (a date-only event cannot be split at a 19:30 cut-off, so it counts in the report of
/// its own day).
pub fn belongs(v: &Verdict, period: (Timestamp, Timestamp), date: Date, tz: &jiff::tz::TimeZone) -> bool {
    if within(v, period) {
        return true;
    }
    let Ok(start) = date
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(tz.clone())
    else {
        return false;
    };
    let Ok(next) = date.tomorrow().and_then(|d| {
        d.to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(tz.clone())
    }) else {
        return false;
    };
    v.start == start.timestamp() && v.end == next.timestamp()
}

fn overlaps(v: &Verdict, (s, e): (Timestamp, Timestamp)) -> bool {
    v.start < e && v.end > s
}

fn region_of(v: &Verdict, regions: &[Region]) -> String {
    if v.radius_km.is_some()
        && let Some(r) = regions.iter().find(|r| {
            use geo::Contains;
            r.geometry.contains(&geo::Point::new(v.lon, v.lat))
        })
    {
        return r.name.clone();
    }
    v.admin1.clone().unwrap_or_else(|| "(region not given)".to_owned())
}

/// Builds the report for `options.date` from `events` (any events: those outside the
/// two periods are ignored).
pub fn daily_report(
    events: &[Event],
    ceasefire: &Ceasefire,
    geometries: &Geometries,
    options: &ReportOptions<'_>,
) -> Option<DailyReport> {
    let period = reporting_period(ceasefire, options.date)?;
    let previous = reporting_period(ceasefire, options.date.yesterday().ok()?)?;
    let relevant: Vec<Event> = events
        .iter()
        .filter(|e| e.start < period.1 && e.end > previous.0)
        .cloned()
        .collect();
    let (verdicts, _) = verify(&relevant, ceasefire, geometries);

    let tz = ceasefire.start.time_zone().clone();
    let yesterday = options.date.yesterday().ok()?;
    let this: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| belongs(v, period, options.date, &tz))
        .collect();
    let before: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| belongs(v, previous, yesterday, &tz))
        .collect();
    let count = |vs: &[&Verdict]| Summary::of(&vs.iter().map(|v| (*v).clone()).collect::<Vec<_>>());

    let mut regions: BTreeMap<String, RegionCount> = BTreeMap::new();
    let mut classes: BTreeMap<String, RegionCount> = BTreeMap::new();
    for (vs, current) in [(&this, true), (&before, false)] {
        for v in vs.iter() {
            if v.outcome == Outcome::NotViolation {
                continue;
            }
            for (map, key) in [
                (&mut regions, region_of(v, options.regions)),
                (&mut classes, v.class.clone()),
            ] {
                let c = map.entry(key.clone()).or_insert_with(|| RegionCount {
                    name: key,
                    ..RegionCount::default()
                });
                match (current, v.outcome) {
                    (true, Outcome::Violation) => c.violations += 1,
                    (true, _) => c.unknown += 1,
                    (false, Outcome::Violation) => c.previous_violations += 1,
                    (false, _) => c.previous_unknown += 1,
                }
                if current {
                    c.evidence.push(format!("{}:{}", v.source, v.source_id));
                }
            }
        }
    }

    let violations: Vec<Verdict> = this
        .iter()
        .filter(|v| v.outcome == Outcome::Violation)
        .map(|v| (*v).clone())
        .collect();
    let mut notable = violations.clone();
    notable.sort_by(|a, b| {
        b.deaths
            .unwrap_or(0)
            .cmp(&a.deaths.unwrap_or(0))
            .then(a.start.cmp(&b.start))
            .then(a.source_id.cmp(&b.source_id))
    });
    notable.truncate(options.notable);
    let unknown: Vec<Verdict> = this
        .iter()
        .filter(|v| v.outcome == Outcome::Unknown)
        .map(|v| (*v).clone())
        .collect();
    let undated: Vec<Verdict> = verdicts
        .iter()
        .filter(|v| {
            overlaps(v, period)
                && !belongs(v, period, options.date, &tz)
                && !belongs(v, previous, yesterday, &tz)
                && v.outcome != Outcome::NotViolation
        })
        .cloned()
        .collect();

    let change = ceasefire.territory.as_ref().and_then(|id| {
        let held = geometries.territory(id)?;
        let a = held.series.at(period.0)?;
        let b = held.series.at(period.1)?;
        let c = truce_geo::change(&a.territory, &b.territory, options.regions);
        Some((
            ChangeSummary {
                territory: id.clone(),
                holder: held.holder.clone(),
                from_snapshot: a.source.clone(),
                to_snapshot: b.source.clone(),
                gained_km2: c.gained_km2,
                lost_km2: c.lost_km2,
                by_region: c
                    .by_region
                    .iter()
                    .filter(|r| r.gained_km2 > 0.0 || r.lost_km2 > 0.0)
                    .map(|r| (r.region.clone(), r.gained_km2, r.lost_km2))
                    .collect(),
            },
            c,
        ))
    });

    let local = |t: Timestamp| {
        t.to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string()
    };

    let mut sources: Vec<String> = geometries.notes.clone();
    let mut by_source: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &relevant {
        *by_source.entry(e.source.as_ref()).or_default() += 1;
    }
    for (s, n) in by_source {
        sources.push(format!("{n} events from `{s}` overlap the two periods"));
    }

    let territory_layer = ceasefire.territory.as_ref().and_then(|id| {
        let held = geometries.territory(id)?;
        let snap = held.series.at(period.1)?;
        Some((
            snap.territory.geometry(),
            format!("held by {} ({})", held.holder, snap.source),
        ))
    });
    let line_layer: Vec<_> = ceasefire
        .line
        .iter()
        .filter_map(|id| geometries.line_shapes(id).map(|l| (l.to_vec(), id.clone())))
        .collect();
    let shown: Vec<&Verdict> = this.iter().copied().chain(undated.iter()).collect();
    let scope_bounds = ceasefire.scope.as_ref().and_then(|s| geometries.area(s)).and_then(|a| {
        use geo::BoundingRect;
        a.geometry()
            .bounding_rect()
            .map(|r| [r.min().x - 0.3, r.min().y - 0.3, r.max().x + 0.3, r.max().y + 0.3])
    });
    let map = map_svg(&MapLayers {
        base: options.base.clone(),
        territory: territory_layer,
        change: change
            .as_ref()
            .filter(|(_, c)| c.gained_km2 > 0.0 || c.lost_km2 > 0.0)
            .map(|(_, c)| (&c.gained, &c.lost)),
        lines: line_layer,
        verdicts: shown,
        bounds: scope_bounds,
        title: format!("{} — {}", ceasefire.title, options.date),
    });

    Some(DailyReport {
        format: REPORT_FORMAT,
        ceasefire: ceasefire.id.clone(),
        title: ceasefire.title.clone(),
        date: options.date.to_string(),
        period,
        period_local: (local(period.0), local(period.1)),
        previous,
        summary: count(&this),
        previous_summary: count(&before),
        by_region: regions.into_values().collect(),
        by_class: classes.into_values().collect(),
        notable,
        violations,
        unknown,
        undated,
        change: change.map(|(s, _)| s),
        sources,
        map,
    })
}

fn trend(now: usize, before: usize) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("{now} (up from {before})"),
        std::cmp::Ordering::Less => format!("{now} (down from {before})"),
        std::cmp::Ordering::Equal => format!("{now} (as before)"),
    }
}

fn place(v: &Verdict) -> String {
    match v.radius_km {
        Some(r) => format!("{:.4}N {:.4}E ±{r} km", v.lat, v.lon),
        None => format!("area only ({})", v.place_precision),
    }
}

fn evidence_line(v: &Verdict) -> String {
    let mut parts = vec![
        format!("{}:{}", v.source, v.source_id),
        format!("{} to {} UTC ({})", v.start, v.end, v.time_precision),
        place(v),
        format!("{} ({})", v.class, v.kind),
    ];
    if let Some(h) = &v.holder {
        parts.push(match h.held {
            crate::Answer::Yes => format!("in territory held by {}", h.party),
            crate::Answer::No => format!("outside territory held by {}", h.party),
            crate::Answer::Unknown => format!("holder unclear (near or across the edge of `{}`)", h.territory),
        });
    }
    if let Some((lo, hi)) = v.distance_km {
        parts.push(if hi - lo < 0.05 {
            format!("{lo:.1} km from the line")
        } else {
            format!("{lo:.1}-{hi:.1} km from the line")
        });
    }
    for z in &v.zones {
        parts.push(match z.inside {
            crate::Answer::Yes => format!("inside {}", z.what),
            _ => format!("possibly inside {}", z.what),
        });
    }
    if let Some(d) = v.deaths {
        parts.push(format!(
            "{d} {} (best estimate)",
            if d == 1 { "death" } else { "deaths" }
        ));
    }
    parts.join("; ")
}

impl DailyReport {
    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Ceasefire monitoring report: {}\n", self.date);
        let _ = writeln!(s, "Ceasefire: **{}** (`{}`)\n", self.title, self.ceasefire);
        let _ = writeln!(
            s,
            "Reporting period: {} to {} ({} to {} UTC). Previous period: {} to {} UTC.\n",
            self.period_local.0, self.period_local.1, self.period.0, self.period.1, self.previous.0, self.previous.1
        );
        let _ = writeln!(s, "## Summary\n");
        let _ = writeln!(
            s,
            "- Attributable violations: {}",
            trend(self.summary.violations, self.previous_summary.violations)
        );
        let _ = writeln!(
            s,
            "- Possible violations (unknown, listed apart below): {}",
            trend(self.summary.unknown, self.previous_summary.unknown)
        );
        let _ = writeln!(
            s,
            "- Events judged not to be violations: {}",
            self.summary.not_violations
        );
        let _ = writeln!(
            s,
            "- Events overlapping the period whose date is too coarse to place in it: {}\n",
            self.undated.len()
        );
        for (title, rows) in [("By region", &self.by_region), ("By kind", &self.by_class)] {
            let _ = writeln!(s, "## {title}\n");
            if rows.is_empty() {
                let _ = writeln!(s, "No violations or possible violations in either period.\n");
                continue;
            }
            let _ = writeln!(
                s,
                "| {} | violations | previous | possible | previous | events |",
                if title == "By region" { "region" } else { "kind" }
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|");
            for r in rows.iter() {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} |",
                    r.name,
                    r.violations,
                    r.previous_violations,
                    r.unknown,
                    r.previous_unknown,
                    if r.evidence.is_empty() {
                        "-".to_owned()
                    } else {
                        r.evidence.join(", ")
                    }
                );
            }
            s.push('\n');
        }
        let _ = writeln!(s, "## Notable events\n");
        if self.notable.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for v in &self.notable {
            let _ = writeln!(s, "- {}: {}", v.location, evidence_line(v));
        }
        if !self.notable.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "## Territorial change\n");
        match &self.change {
            Some(c) => {
                let _ = writeln!(
                    s,
                    "Territory held by {} (`{}`), snapshot {} against {}: {:.1} km² gained, {:.1} km² lost (geodesic areas).\n",
                    c.holder, c.territory, c.to_snapshot, c.from_snapshot, c.gained_km2, c.lost_km2
                );
                for (r, g, l) in &c.by_region {
                    let _ = writeln!(s, "- {r}: {g:.1} km² gained, {l:.1} km² lost");
                }
                if !c.by_region.is_empty() {
                    s.push('\n');
                }
            }
            None => {
                let _ = writeln!(
                    s,
                    "Not computed: the ceasefire has no dated territory covering the period.\n"
                );
            }
        }
        let _ = writeln!(s, "## Attributable violations: evidence\n");
        if self.violations.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for v in &self.violations {
            let _ = writeln!(s, "- {}", evidence_line(v));
        }
        if !self.violations.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "## Unknowns (possible violations), listed apart\n");
        if self.unknown.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for v in &self.unknown {
            let _ = writeln!(s, "- {}. Why unknown: {}", evidence_line(v), v.reasons.join("; "));
        }
        if !self.unknown.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "## Events that cannot be placed in this reporting day\n");
        if self.undated.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for v in &self.undated {
            let _ = writeln!(
                s,
                "- {} (judged {} over its whole interval; its time is too coarse to count it in one day)",
                evidence_line(v),
                v.outcome.as_str()
            );
        }
        if !self.undated.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "## Sources\n");
        let _ = writeln!(
            s,
            "- Events dated to a calendar day only are counted in the report of that day; all other events count in the reporting period that wholly contains them."
        );
        for src in &self.sources {
            let _ = writeln!(s, "- {src}");
        }
        s
    }

    /// The report as pretty JSON (format [`REPORT_FORMAT`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The report as one self-contained HTML page with the map inline.
    pub fn to_html(&self) -> String {
        let md = self.to_markdown();
        let mut body = String::new();
        let mut in_list = false;
        let mut in_table = false;
        for line in md.lines() {
            let esc = html_escape(line);
            if let Some(rest) = line.strip_prefix("| ") {
                if line.starts_with("|---") {
                    continue;
                }
                if !in_table {
                    body.push_str("<table>\n");
                    in_table = true;
                }
                let cells: Vec<String> = rest.trim_end_matches(" |").split(" | ").map(html_escape).collect();
                let _ = writeln!(body, "<tr><td>{}</td></tr>", cells.join("</td><td>"));
                continue;
            } else if line.starts_with("|---") {
                continue;
            } else if in_table {
                body.push_str("</table>\n");
                in_table = false;
            }
            if let Some(item) = line.strip_prefix("- ") {
                if !in_list {
                    body.push_str("<ul>\n");
                    in_list = true;
                }
                let _ = writeln!(body, "<li>{}</li>", html_escape(item));
                continue;
            } else if in_list {
                body.push_str("</ul>\n");
                in_list = false;
            }
            if let Some(h) = line.strip_prefix("# ") {
                let _ = writeln!(body, "<h1>{}</h1>", html_escape(h));
                let _ = writeln!(body, "<figure>{}</figure>", self.map);
            } else if let Some(h) = line.strip_prefix("## ") {
                let _ = writeln!(body, "<h2>{}</h2>", html_escape(h));
            } else if !line.is_empty() {
                let _ = writeln!(body, "<p>{esc}</p>");
            }
        }
        if in_list {
            body.push_str("</ul>\n");
        }
        if in_table {
            body.push_str("</table>\n");
        }
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Ceasefire report {} — {}</title>\n<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}}table{{border-collapse:collapse}}td{{border:1px solid #bbb;padding:.2rem .5rem}}tr:first-child td{{font-weight:bold}}figure{{margin:1rem 0}}svg{{max-width:100%;height:auto}}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
            html_escape(&self.date),
            html_escape(&self.ceasefire)
        )
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
