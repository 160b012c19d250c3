//! Ceasefire monitoring in the workbench: the map with a date control, the daily report, verdicts with their evidence.
//!
//! `GET /negotiations/{id}/monitor?ceasefire=&date=&outcome=` shows one reporting day of a
//! ceasefire: an SVG map drawn by `truce-monitor` (the held territory in force at the end of
//! the day, the ceasefire's line, the lines its zones are measured from, the day's events
//! coloured by verdict), the daily report's counts, the zones, and a table of verdicts with
//! their evidence that a plain GET form filters. The API gives the same analyses as JSON:
//! `.../monitor/verdicts` (`truce.monitor-verify/1`, as `truce monitor verify --format json`)
//! and `.../monitor/report` (`truce.monitor-report/1`, as `truce monitor report --format json`).
//!
//! Events come from the store; without a store, or with an empty one, the page says so and
//! still draws the map. Nothing depends on the clock: the default day is the ceasefire's
//! first day.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use truce_events::Event;
use truce_model::{Ceasefire, Negotiation, ZoneKind, ZoneSide};
use truce_monitor::{
    Answer, DailyReport, Geometries, MapLayers, Outcome, RegionCount, ReportOptions, Summary, Verdict,
};
use truce_report::html::escape;

use crate::api::{Endpoint, scenario};
use crate::layout::{Problem, crumbs, href, page};
use crate::{AppState, Scenario};

/// The API endpoints of this module, for the OpenAPI document.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/monitor/verdicts",
        summary: "Every stored event of a period judged against a ceasefire, with the evidence for each verdict",
        params: &[
            ("id", "path", true, "negotiation id"),
            (
                "ceasefire",
                "query",
                false,
                "ceasefire id (default: the negotiation's only ceasefire)",
            ),
            (
                "from",
                "query",
                false,
                "start: YYYY-MM-DD (from midnight in the ceasefire's time zone) or an instant such as 2015-02-14T22:00Z (default: the ceasefire's start)",
            ),
            (
                "to",
                "query",
                false,
                "end: YYYY-MM-DD (that day included) or an instant (default: the ceasefire's end, else 7 days after the start); at most 366 days after from",
            ),
            (
                "outcome",
                "query",
                false,
                "verdicts to list: all, or some of violation, unknown, not separated by commas (default: violation,unknown); the summary counts every event",
            ),
        ],
        returns: "truce.monitor-verify/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/monitor/report",
        summary: "The daily monitoring report of a ceasefire: counts against the previous day, territorial change, evidence",
        params: &[
            ("id", "path", true, "negotiation id"),
            (
                "ceasefire",
                "query",
                false,
                "ceasefire id (default: the negotiation's only ceasefire)",
            ),
            (
                "date",
                "query",
                false,
                "YYYY-MM-DD: the reporting day ending at that day's cut-off (default: the ceasefire's first day)",
            ),
        ],
        returns: "truce.monitor-report/1",
    },
];

/// This module's pages and API routes.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/negotiations/{id}/monitor", get(monitor_page))
        .route("/api/v1/negotiations/{id}/monitor/verdicts", get(verdicts_json))
        .route("/api/v1/negotiations/{id}/monitor/report", get(report_json))
}

/// How many notable events the report lists.
const NOTABLE: usize = 5;
/// The longest period the verdicts API judges at once.
const MAX_PERIOD_DAYS: i64 = 366;

/// `?ceasefire=&date=&outcome=` of the page.
#[derive(Debug, Default, Deserialize)]
pub struct MonitorQuery {
    /// The ceasefire's id (default: the only one).
    pub ceasefire: Option<String>,
    /// YYYY-MM-DD (default: the ceasefire's first day).
    pub date: Option<String>,
    /// Which verdicts the table lists (default: all).
    pub outcome: Option<String>,
}

/// `?ceasefire=&from=&to=&outcome=` of the verdicts API.
#[derive(Debug, Default, Deserialize)]
pub struct VerdictsQuery {
    /// The ceasefire's id (default: the only one).
    pub ceasefire: Option<String>,
    /// Start of the period.
    pub from: Option<String>,
    /// End of the period.
    pub to: Option<String>,
    /// Which verdicts to list (default: violations and unknowns).
    pub outcome: Option<String>,
}

/// `?ceasefire=&date=` of the report API.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The ceasefire's id (default: the only one).
    pub ceasefire: Option<String>,
    /// YYYY-MM-DD (default: the ceasefire's first day).
    pub date: Option<String>,
}

// ---------------------------------------------------------------- handlers

async fn monitor_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<MonitorQuery>, QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return Problem::bad_request("bad-query", e.body_text()).html(),
    };
    match blocking(move || render_page(&state, &id, &q)).await {
        Ok(html) => Html(html).into_response(),
        Err(p) => p.html(),
    }
}

async fn verdicts_json(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<VerdictsQuery>, QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return Problem::bad_request("bad-query", e.body_text()).json(),
    };
    json(blocking(move || verdicts_doc(&state, &id, &q)).await)
}

async fn report_json(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return Problem::bad_request("bad-query", e.body_text()).json(),
    };
    json(blocking(move || report_doc(&state, &id, &q)).await)
}

/// Runs store reads and geometry work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, Problem> + Send + 'static) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            e.to_string(),
        ))
    })
}

fn json(r: Result<String, Problem>) -> Response {
    match r {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(p) => p.json(),
    }
}

// ---------------------------------------------------------------- inputs

/// A non-empty query value.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The ceasefire asked for, or the only one; `None` when the negotiation declares several
/// and none was named.
fn pick_ceasefire<'n>(n: &'n Negotiation, id: Option<&str>) -> Result<Option<&'n Ceasefire>, Problem> {
    let all = truce_monitor::ceasefires(n);
    if all.is_empty() {
        return Err(Problem::not_found(format!(
            "negotiation `{}` declares no ceasefire",
            n.id
        )));
    }
    match id {
        Some(id) => all
            .iter()
            .find(|(_, c)| c.id == id)
            .map(|(_, c)| Some(*c))
            .ok_or_else(|| {
                Problem::bad_request(
                    "unknown-ceasefire",
                    format!("no ceasefire `{id}` in `{}`; declared: {}", n.id, ceasefire_ids(n)),
                )
            }),
        None if all.len() == 1 => Ok(Some(all[0].1)),
        None => Ok(None),
    }
}

fn ceasefire_ids(n: &Negotiation) -> String {
    truce_monitor::ceasefires(n)
        .iter()
        .map(|(_, c)| c.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn required_ceasefire<'n>(n: &'n Negotiation, id: Option<&str>) -> Result<&'n Ceasefire, Problem> {
    pick_ceasefire(n, id)?.ok_or_else(|| {
        Problem::bad_request(
            "missing-parameter",
            format!("choose a ceasefire: ?ceasefire= one of {}", ceasefire_ids(n)),
        )
    })
}

fn parse_day(s: &str, what: &str) -> Result<Date, Problem> {
    truce_model::toml_fields::parse_date(s)
        .ok_or_else(|| Problem::bad_request("bad-date", format!("{what} `{s}` is not a date YYYY-MM-DD")))
}

/// The report's day: the one asked for, else the ceasefire's first day (in its zone).
fn report_day(cf: &Ceasefire, date: Option<&str>) -> Result<Date, Problem> {
    match date {
        Some(d) => parse_day(d, "date"),
        None => Ok(cf.start.date()),
    }
}

/// The reporting period of `date`, half-open.
fn period_of(cf: &Ceasefire, date: Date) -> Result<(Timestamp, Timestamp), Problem> {
    truce_monitor::reporting_period(cf, date)
        .ok_or_else(|| Problem::bad_request("bad-date", format!("no reporting period for {date}")))
}

/// An instant of the verdicts API: YYYY-MM-DD (midnight at the start of that day in the
/// ceasefire's zone, or at its end when `end_of_day`), or an instant with an offset or a zone.
fn instant(s: &str, what: &str, cf: &Ceasefire, end_of_day: bool) -> Result<Timestamp, Problem> {
    let bad = || {
        Problem::bad_request(
            "bad-date",
            format!("{what} `{s}` is neither a date YYYY-MM-DD nor an instant such as 2015-02-14T22:00Z"),
        )
    };
    if let Some(day) = truce_model::toml_fields::parse_date(s) {
        let day = if end_of_day {
            day.tomorrow().map_err(|_| bad())?
        } else {
            day
        };
        return day
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(cf.start.time_zone().clone())
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    s.parse::<jiff::ZonedDateTime>()
        .map(|z| z.timestamp())
        .map_err(|_| bad())
}

/// Which verdicts a table or a listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Filter {
    violation: bool,
    unknown: bool,
    not: bool,
}

impl Filter {
    const ALL: Filter = Filter {
        violation: true,
        unknown: true,
        not: true,
    };
    const POSSIBLE: Filter = Filter {
        violation: true,
        unknown: true,
        not: false,
    };

    /// `all`, or outcomes separated by commas (or `|`): violation, unknown, not; the
    /// default when absent.
    fn parse(s: Option<&str>, default: Filter) -> Result<Filter, Problem> {
        let Some(s) = s else { return Ok(default) };
        if s == "all" {
            return Ok(Filter::ALL);
        }
        let mut f = Filter {
            violation: false,
            unknown: false,
            not: false,
        };
        for word in s.split([',', '|']).map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "violation" | "violations" => f.violation = true,
                "unknown" => f.unknown = true,
                "not" | "not-violation" | "not-violations" => f.not = true,
                "all" => f = Filter::ALL,
                other => {
                    return Err(Problem::bad_request(
                        "bad-outcome",
                        format!("outcome `{other}` is not one of all, violation, unknown, not"),
                    ));
                }
            }
        }
        // Separators alone choose nothing: the default, as for no value.
        Ok(if f.spelling().is_empty() { default } else { f })
    }

    fn keeps(self, o: Outcome) -> bool {
        match o {
            Outcome::Violation => self.violation,
            Outcome::Unknown => self.unknown,
            Outcome::NotViolation => self.not,
        }
    }

    /// The canonical spelling, for links and the form.
    fn spelling(self) -> String {
        if self == Filter::ALL {
            return "all".to_owned();
        }
        [
            (self.violation, "violation"),
            (self.unknown, "unknown"),
            (self.not, "not"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(",")
    }

    fn describe(self) -> String {
        match self.spelling().as_str() {
            "all" => "every verdict".to_owned(),
            "violation" => "attributable violations".to_owned(),
            "unknown" => "possible violations (unknown)".to_owned(),
            "not" => "events judged not to be violations".to_owned(),
            "violation,unknown" => "attributable and possible violations".to_owned(),
            other => format!("outcomes {other}"),
        }
    }
}

// ---------------------------------------------------------------- data

/// The store's events for a period, or why there are none.
enum Events {
    /// The server runs without a store.
    NoStore,
    /// The store's file does not exist yet.
    Missing,
    /// The store holds no event at all.
    Empty,
    /// The events overlapping the period (possibly none).
    Loaded(Vec<Event>),
}

impl Events {
    fn list(&self) -> &[Event] {
        match self {
            Events::Loaded(v) => v,
            _ => &[],
        }
    }

    /// Why there are no events, in words, with what to do; `None` when the store has events.
    fn note(&self) -> Option<&'static str> {
        match self {
            Events::NoStore => Some(
                "This server runs without an event store, so there are no events to judge. Ingest events with `truce monitor ingest <file> --format ucdp --store <store file>` and start the server with `truce serve --store <store file>`.",
            ),
            Events::Missing => Some(
                "The event store does not exist yet, so there are no events to judge. Ingest events with `truce monitor ingest <file> --format ucdp`, or sign in and upload a file at /events/upload, then reload this page.",
            ),
            Events::Empty => Some(
                "The event store holds no events yet, so there are none to judge. Ingest events with `truce monitor ingest <file> --format ucdp`, or sign in and upload a file at /events/upload, then reload this page.",
            ),
            Events::Loaded(_) => None,
        }
    }
}

fn store_problem(e: impl std::fmt::Display) -> Problem {
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string())
}

/// The events whose interval overlaps `[start, end)`. A store file that does not exist is
/// not created by reading.
fn events_between(state: &AppState, start: Timestamp, end: Timestamp) -> Result<Events, Problem> {
    let Some(path) = state.store.as_ref() else {
        return Ok(Events::NoStore);
    };
    if !path.exists() {
        return Ok(Events::Missing);
    }
    let store = truce_store::Store::open(path).map_err(store_problem)?;
    let events = store.events_overlapping(start, end, None).map_err(store_problem)?;
    if events.is_empty() && store.event_count().map_err(store_problem)? == 0 {
        return Ok(Events::Empty);
    }
    Ok(Events::Loaded(events))
}

/// The scenario's geometries with the server's overrides, read once and kept (they do
/// not change while the server runs); their notes name paths relative to the scenario.
pub(crate) fn geometries(state: &AppState, s: &Scenario) -> Result<Arc<Geometries>, Problem> {
    let mut slot = s
        .geometries
        .lock()
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "geometry", "geometry cache poisoned"))?;
    if let Some(g) = slot.as_ref() {
        return Ok(g.clone());
    }
    let overrides: BTreeMap<String, PathBuf> = state
        .geometries
        .iter()
        .filter(|(id, _)| s.negotiation.geometries.iter().any(|g| &g.id == *id))
        .map(|(id, p)| (id.clone(), p.clone()))
        .collect();
    let mut g = Geometries::load(&s.root, &s.negotiation, &overrides)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "geometry", e.to_string()))?;
    for note in &mut g.notes {
        *note = relative(s, note);
    }
    let g = Arc::new(g);
    *slot = Some(g.clone());
    Ok(g)
}

/// `text` with the scenario's folder left out of the paths it names: the scenario's own
/// files read the same wherever the server runs.
fn relative(s: &Scenario, text: &str) -> String {
    text.replace(&format!("{}{}", s.root.display(), std::path::MAIN_SEPARATOR), "")
}

/// One reporting day: its events, verdicts and report.
struct Day {
    date: Date,
    period: (Timestamp, Timestamp),
    events: Events,
    geometries: Arc<Geometries>,
    /// Verdicts of the day's events, in a fixed order (start, source, id): those the report
    /// counts in this day, then those whose time is too coarse to place in any one day.
    verdicts: Vec<Verdict>,
    /// For each verdict: whether the report counts it in this day.
    placed: Vec<bool>,
    summary: Summary,
    report: DailyReport,
}

fn day(state: &AppState, s: &Scenario, cf: &Ceasefire, date: Date) -> Result<Day, Problem> {
    let period = period_of(cf, date)?;
    let yesterday = date
        .yesterday()
        .map_err(|_| Problem::bad_request("bad-date", format!("no reporting period for {date}")))?;
    let previous = period_of(cf, yesterday)?;
    // The report compares with the previous day: read both, as `truce monitor report` does.
    let from = period
        .0
        .checked_sub(SignedDuration::from_hours(48))
        .map_err(|_| Problem::bad_request("bad-date", format!("no reporting period for {date}")))?;
    let events = events_between(state, from, period.1)?;
    let geometries = geometries(state, s)?;
    let overlapping: Vec<Event> = events
        .list()
        .iter()
        .filter(|e| e.start < period.1 && e.end > period.0)
        .cloned()
        .collect();
    let (judged, _) = truce_monitor::verify(&overlapping, cf, &geometries);
    let tz = cf.start.time_zone().clone();
    // The events the report counts in this day, then those it cannot place in one day
    // (but not those it counts in the day before).
    let (this, rest): (Vec<Verdict>, Vec<Verdict>) = judged
        .into_iter()
        .partition(|v| truce_monitor::belongs(v, period, date, &tz));
    let coarse: Vec<Verdict> = rest
        .into_iter()
        .filter(|v| !truce_monitor::belongs(v, previous, yesterday, &tz))
        .collect();
    let placed: Vec<bool> = this.iter().map(|_| true).chain(coarse.iter().map(|_| false)).collect();
    let verdicts: Vec<Verdict> = this.into_iter().chain(coarse).collect();
    let summary = Summary::of(&verdicts);
    let options = ReportOptions {
        date,
        notable: NOTABLE,
        regions: &[],
        base: Vec::new(),
    };
    let mut report = truce_monitor::daily_report(events.list(), cf, &geometries, &options)
        .ok_or_else(|| Problem::bad_request("bad-date", format!("cannot build the report for {date}")))?;
    if let Some(note) = events.note() {
        report.sources.push(note.to_owned());
    }
    if let Some(c) = &mut report.change {
        c.from_snapshot = relative(s, &c.from_snapshot);
        c.to_snapshot = relative(s, &c.to_snapshot);
    }
    Ok(Day {
        date,
        period,
        events,
        geometries,
        verdicts,
        placed,
        summary,
        report,
    })
}

// ---------------------------------------------------------------- the API

fn verdicts_doc(state: &AppState, id: &str, q: &VerdictsQuery) -> Result<String, Problem> {
    let s = scenario(state, id)?;
    let cf = required_ceasefire(&s.negotiation, given(&q.ceasefire))?;
    let filter = Filter::parse(given(&q.outcome), Filter::POSSIBLE)?;
    let start = match given(&q.from) {
        Some(t) => instant(t, "from", cf, false)?,
        None => cf.start.timestamp(),
    };
    let end = match (given(&q.to), &cf.end) {
        (Some(t), _) => instant(t, "to", cf, true)?,
        (None, Some(e)) => e.timestamp(),
        (None, None) => start.checked_add(SignedDuration::from_hours(24 * 7)).map_err(|_| {
            Problem::bad_request(
                "bad-date",
                format!("a week after {start} is past the last instant supported: give `to`"),
            )
        })?,
    };
    if end <= start {
        return Err(Problem::bad_request(
            "bad-period",
            format!("the period ends ({end}) before it starts ({start})"),
        ));
    }
    if end.duration_since(start) > SignedDuration::from_hours(24 * MAX_PERIOD_DAYS) {
        return Err(Problem::bad_request(
            "period-too-long",
            format!("a period is at most {MAX_PERIOD_DAYS} days; ask for several"),
        ));
    }
    let events = events_between(state, start, end)?;
    let geometries = geometries(state, s)?;
    let (verdicts, summary) = truce_monitor::verify(events.list(), cf, &geometries);
    let shown: Vec<&Verdict> = verdicts.iter().filter(|v| filter.keeps(v.outcome)).collect();
    let notes: Vec<&str> = events.note().into_iter().collect();
    let doc = serde_json::json!({
        "format": "truce.monitor-verify/1",
        "negotiation": s.negotiation.id,
        "ceasefire": cf.id,
        "period": [start, end],
        "summary": summary,
        "verdicts": shown,
        "notes": notes,
    });
    serde_json::to_string_pretty(&doc)
        .map(|t| t + "\n")
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "json", e.to_string()))
}

fn report_doc(state: &AppState, id: &str, q: &ReportQuery) -> Result<String, Problem> {
    let s = scenario(state, id)?;
    let cf = required_ceasefire(&s.negotiation, given(&q.ceasefire))?;
    let date = report_day(cf, given(&q.date))?;
    Ok(day(state, s, cf, date)?.report.to_json())
}

// ---------------------------------------------------------------- the page

fn page_url(n: &Negotiation, cf: &Ceasefire, date: Date, filter: Filter) -> String {
    let mut url = format!(
        "/negotiations/{}/monitor?ceasefire={}&date={date}",
        href(&n.id),
        href(&cf.id)
    );
    if filter != Filter::ALL {
        let _ = write!(url, "&outcome={}", href(&filter.spelling()));
    }
    url
}

fn render_page(state: &AppState, id: &str, q: &MonitorQuery) -> Result<String, Problem> {
    let s = scenario(state, id)?;
    let n = &s.negotiation;
    let Some(cf) = pick_ceasefire(n, given(&q.ceasefire))? else {
        return Ok(chooser(s));
    };
    let filter = Filter::parse(given(&q.outcome), Filter::ALL)?;
    let date = report_day(cf, given(&q.date))?;
    let d = day(state, s, cf, date)?;
    let mut body = String::new();
    let declared_in = truce_monitor::ceasefires(n)
        .into_iter()
        .find(|(_, c)| c.id == cf.id)
        .map(|(doc, _)| doc.to_owned())
        .unwrap_or_default();
    let _ = writeln!(
        body,
        "<p>{} (<code>{}</code>), declared in <a href=\"/negotiations/{}/documents/{}\">{}</a>; in force from {}{}. Prohibited: {}.</p>",
        escape(&cf.title),
        escape(&cf.id),
        href(&n.id),
        href(&declared_in),
        escape(&declared_in),
        escape(&cf.start.strftime("%Y-%m-%d %H:%M %Z").to_string()),
        cf.end
            .as_ref()
            .map(|e| format!(" to {}", escape(&e.strftime("%Y-%m-%d %H:%M %Z").to_string())))
            .unwrap_or_default(),
        escape(&cf.prohibited.join(", "))
    );
    body.push_str(&date_form(s, cf, date, filter));
    if let Some(note) = d.events.note() {
        let _ = writeln!(
            body,
            "<p role=\"note\" id=\"events-note\"><strong>No events.</strong> {}</p>",
            escape(note)
        );
    } else if d.verdicts.is_empty() {
        let _ = writeln!(
            body,
            "<p role=\"note\" id=\"events-note\">No stored event overlaps this reporting day.</p>"
        );
    }
    body.push_str(&map_section(s, cf, &d));
    body.push_str(&report_section(&d.report));
    body.push_str(&verdicts_section(s, cf, &d, filter));
    body.push_str(&zones_section(cf, d.period.1));
    body.push_str(&sources_section(&d));
    Ok(page(
        &format!("Ceasefire monitoring: {date}"),
        &format!(
            "{}, reporting day {} to {}",
            cf.title, d.report.period_local.0, d.report.period_local.1
        ),
        &crumbs(s),
        &body,
    ))
}

/// Several ceasefires and none chosen: a list to choose from.
fn chooser(s: &Scenario) -> String {
    let n = &s.negotiation;
    let mut body = String::from("<ul>\n");
    for (doc, c) in truce_monitor::ceasefires(n) {
        let _ = writeln!(
            body,
            "<li><a href=\"/negotiations/{}/monitor?ceasefire={}\">{}</a> (<code>{}</code>, from {}, declared in {})</li>",
            href(&n.id),
            href(&c.id),
            escape(&c.title),
            escape(&c.id),
            c.start.date(),
            escape(doc)
        );
    }
    body.push_str("</ul>\n");
    page(
        "Ceasefire monitoring",
        &format!("{} declares several ceasefires: choose one.", n.title),
        &crumbs(s),
        &body,
    )
}

fn date_form(s: &Scenario, cf: &Ceasefire, date: Date, filter: Filter) -> String {
    let n = &s.negotiation;
    let all = truce_monitor::ceasefires(n);
    let choose = if all.len() > 1 {
        let options: String = all
            .iter()
            .map(|(_, c)| {
                format!(
                    "<option value=\"{}\"{}>{}</option>",
                    escape(&c.id),
                    if c.id == cf.id { " selected" } else { "" },
                    escape(&c.id)
                )
            })
            .collect();
        format!(
            "<label for=\"ceasefire\">Ceasefire</label><select id=\"ceasefire\" name=\"ceasefire\">{options}</select>\n"
        )
    } else {
        format!(
            "<input type=\"hidden\" name=\"ceasefire\" value=\"{}\">\n",
            escape(&cf.id)
        )
    };
    let keep = if filter == Filter::ALL {
        String::new()
    } else {
        format!(
            "<input type=\"hidden\" name=\"outcome\" value=\"{}\">\n",
            escape(&filter.spelling())
        )
    };
    let mut out = format!(
        "<form class=\"inline\" id=\"date-form\" method=\"get\" action=\"/negotiations/{}/monitor\">\n{choose}\
         <label for=\"date\">Report date</label><input id=\"date\" name=\"date\" type=\"date\" value=\"{date}\" required>\n{keep}\
         <button type=\"submit\">Show this day</button>\n</form>\n",
        href(&n.id)
    );
    let step = |d: Option<Date>, label: &str, rel: &str| {
        d.map(|d| {
            format!(
                "<a href=\"{}\" rel=\"{rel}\">{label} ({d})</a>",
                escape(&page_url(n, cf, d, filter))
            )
        })
    };
    let links: Vec<String> = [
        step(date.yesterday().ok(), "Previous day", "prev"),
        step(
            Some(cf.start.date()).filter(|d| *d != date),
            "The ceasefire's first day",
            "first",
        ),
        step(date.tomorrow().ok(), "Next day", "next"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = writeln!(
        out,
        "<nav aria-label=\"Reporting days\"><p>{}</p></nav>",
        links.join(" · ")
    );
    out
}

/// The lines to draw: the ceasefire's line, then the lines and areas its zones are measured
/// from, each with a short legend label; and their description for the caption.
fn map_lines(cf: &Ceasefire) -> Vec<(String, String, Vec<String>)> {
    // (geometry id, role, zone ids)
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    if let Some(line) = &cf.line {
        out.push((line.clone(), "ceasefire line".to_owned(), Vec::new()));
    }
    for z in &cf.zones {
        let (gid, role) = match (&z.area, z.line.as_ref().or(cf.line.as_ref())) {
            (Some(area), _) => (area.clone(), "zone area"),
            (None, Some(line)) => (line.clone(), "zone reference line"),
            (None, None) => continue,
        };
        match out.iter_mut().find(|(id, _, _)| *id == gid) {
            Some(entry) => entry.2.push(z.id.clone()),
            None => out.push((gid, role.to_owned(), vec![z.id.clone()])),
        }
    }
    out
}

/// The frame of the map: the ceasefire's area, else every line and snapshot drawn, so that
/// the frame stays put from day to day.
fn frame(cf: &Ceasefire, g: &Geometries) -> Option<[f64; 4]> {
    let mut acc: Option<[f64; 4]> = None;
    let mut grow = |x: f64, y: f64| {
        let b = acc.get_or_insert([x, y, x, y]);
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x);
        b[3] = b[3].max(y);
    };
    if let Some(area) = cf.scope.as_ref().and_then(|s| g.area(s)) {
        for p in &area.geometry().0 {
            for c in &p.exterior().0 {
                grow(c.x, c.y);
            }
        }
    } else {
        for (id, _, _) in map_lines(cf) {
            for l in g.line_shapes(&id).unwrap_or(&[]) {
                for c in &l.0 {
                    grow(c.x, c.y);
                }
            }
        }
        if let Some(held) = cf.territory.as_ref().and_then(|t| g.territory(t)) {
            for snap in held.series.snapshots() {
                for p in &snap.territory.geometry().0 {
                    for c in &p.exterior().0 {
                        grow(c.x, c.y);
                    }
                }
            }
        }
    }
    acc.filter(|b| b.iter().all(|v| v.is_finite()))
        .map(|[x0, y0, x1, y1]| [x0 - 0.3, y0 - 0.3, x1 + 0.3, y1 + 0.3])
}

fn map_section(s: &Scenario, cf: &Ceasefire, d: &Day) -> String {
    let g = &d.geometries;
    let base: Vec<_> = cf
        .scope
        .as_ref()
        .and_then(|s| g.area(s))
        .map(|a| a.geometry())
        .into_iter()
        .collect();
    let held = cf.territory.as_ref().and_then(|t| g.territory(t).map(|h| (t, h)));
    let snapshot = held.and_then(|(_, h)| h.series.at(d.period.1).map(|snap| (h, snap)));
    let territory = snapshot.map(|(h, snap)| {
        (
            snap.territory.geometry(),
            format!("held by {} ({})", h.holder, relative(s, &snap.source)),
        )
    });
    let wanted = map_lines(cf);
    let mut lines = Vec::new();
    let mut described = Vec::new();
    for (id, role, zones) in &wanted {
        let Some(shapes) = g.line_shapes(id) else { continue };
        let label = match (role.as_str(), zones.len()) {
            (r, 0) => format!("{id}: {r}"),
            ("ceasefire line", k) => format!("{id}: ceasefire line; {k} zones"),
            ("zone area", 1) => format!("{id}: zone area"),
            ("zone area", k) => format!("{id}: area of {k} zones"),
            (_, 1) => format!("{id}: zone line"),
            (_, k) => format!("{id}: line of {k} zones"),
        };
        lines.push((shapes.to_vec(), label));
        let zone_list = zones.iter().map(|z| escape(z)).collect::<Vec<_>>().join(", ");
        described.push(match (role.as_str(), zones.is_empty()) {
            (r, true) => format!("{} ({r})", escape(id)),
            ("ceasefire line", false) => format!(
                "{} (the ceasefire's line, from which zones {zone_list} are measured)",
                escape(id)
            ),
            ("zone area", false) => format!("{} (area of zones {zone_list})", escape(id)),
            (_, false) => format!("{} (line from which zones {zone_list} are measured)", escape(id)),
        });
    }
    let svg = truce_monitor::map_svg(&MapLayers {
        base,
        territory,
        change: None,
        lines,
        verdicts: d.verdicts.iter().collect(),
        bounds: frame(cf, g),
        title: format!("{}: front line, events and zones, {}", cf.title, d.date),
    });
    let front = match (held, snapshot) {
        (Some((id, h)), Some((_, snap))) => format!(
            "Front line at the end of the reporting day ({}): the edge of the territory held by <code>{}</code> (<code>{}</code>), shaded, from the snapshot <code>{}</code>{}.",
            escape(&d.report.period_local.1),
            escape(&h.holder),
            escape(id),
            escape(&relative(s, &snap.source)),
            if snap.valid_from == Timestamp::MIN {
                " (undated: it holds for every day)".to_owned()
            } else {
                format!(" in force from {} UTC", snap.valid_from)
            }
        ),
        (Some((id, _)), None) => format!(
            "No snapshot of the territory <code>{}</code> covers this day (the first is later), so no front line is drawn.",
            escape(id)
        ),
        _ => "The ceasefire names no held territory, so no front line is drawn.".to_owned(),
    };
    let counts = &d.summary;
    format!(
        "<h2>Map</h2>\n<figure class=\"map\">\n{svg}<figcaption>\n<p id=\"front-line\">{front}</p>\n\
         <p>Lines: {}. Grey: the ceasefire's area. Events of the reporting day: {} in all; attributable violations: {} (red circles); possible violations: {} (orange squares); not violations: {} (grey circles). The table below lists each with its evidence. Drawn by truce from the scenario's geometries; no map tiles.</p>\n\
         </figcaption>\n</figure>\n",
        if described.is_empty() {
            "none".to_owned()
        } else {
            described.join("; ")
        },
        counts.events,
        counts.violations,
        counts.unknown,
        counts.not_violations
    )
}

fn trend(now: usize, before: usize) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("up from {before}"),
        std::cmp::Ordering::Less => format!("down from {before}"),
        std::cmp::Ordering::Equal => format!("as before: {before}"),
    }
}

fn report_section(r: &DailyReport) -> String {
    let mut out = String::from("<h2>Daily report</h2>\n");
    let _ = writeln!(
        out,
        "<p>Reporting period {} to {} ({} to {} UTC), against the previous period {} to {} UTC. Events dated to a calendar day only count in the report of that day; other events count in the period that wholly contains them.</p>",
        escape(&r.period_local.0),
        escape(&r.period_local.1),
        r.period.0,
        r.period.1,
        r.previous.0,
        r.previous.1
    );
    let _ = writeln!(
        out,
        "<ul class=\"counts\" id=\"report-counts\">\n\
         <li>Attributable violations: <strong id=\"count-violations\">{}</strong> ({})</li>\n\
         <li>Possible violations (unknown, listed apart): <strong id=\"count-unknown\">{}</strong> ({})</li>\n\
         <li>Events judged not to be violations: <strong id=\"count-not\">{}</strong></li>\n\
         <li>Events overlapping the period whose date is too coarse to count in it: <strong id=\"count-undated\">{}</strong></li>\n</ul>",
        r.summary.violations,
        trend(r.summary.violations, r.previous_summary.violations),
        r.summary.unknown,
        trend(r.summary.unknown, r.previous_summary.unknown),
        r.summary.not_violations,
        r.undated.len()
    );
    match &r.change {
        Some(c) => {
            let _ = writeln!(
                out,
                "<p id=\"territorial-change\">Territorial change over the period, territory held by <code>{}</code> (<code>{}</code>), snapshot {} against {}: {:.1} km² gained, {:.1} km² lost (geodesic areas).</p>",
                escape(&c.holder),
                escape(&c.territory),
                escape(&c.to_snapshot),
                escape(&c.from_snapshot),
                c.gained_km2,
                c.lost_km2
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<p id=\"territorial-change\">Territorial change: not computed, the ceasefire has no dated territory covering the period.</p>"
            );
        }
    }
    for (id, title, first, rows) in [
        ("by-region", "By region", "region", &r.by_region),
        ("by-kind", "By kind", "kind", &r.by_class),
    ] {
        let _ = writeln!(out, "<h3 id=\"{id}-heading\">{title}</h3>");
        if rows.is_empty() {
            let _ = writeln!(out, "<p>No violations or possible violations in either period.</p>");
            continue;
        }
        out.push_str(&counts_table(id, first, rows));
    }
    if !r.notable.is_empty() {
        out.push_str("<h3>Notable events</h3>\n<ul>\n");
        for v in &r.notable {
            let _ = writeln!(
                out,
                "<li>{}: <code>{}:{}</code>{}</li>",
                escape(&v.location),
                escape(&v.source),
                escape(&v.source_id),
                v.deaths
                    .map(|d| format!(", {d} {} (best estimate)", if d == 1 { "death" } else { "deaths" }))
                    .unwrap_or_default()
            );
        }
        out.push_str("</ul>\n");
    }
    out
}

fn counts_table(id: &str, first: &str, rows: &[RegionCount]) -> String {
    let mut out = format!(
        "<table id=\"{id}\" aria-labelledby=\"{id}-heading\">\n<thead><tr><th scope=\"col\">{first}</th><th scope=\"col\">violations</th><th scope=\"col\">previous</th><th scope=\"col\">possible</th><th scope=\"col\">previous</th><th scope=\"col\">events</th></tr></thead>\n<tbody>\n"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&r.name),
            r.violations,
            r.previous_violations,
            r.unknown,
            r.previous_unknown,
            if r.evidence.is_empty() {
                "-".to_owned()
            } else {
                escape(&r.evidence.join(", "))
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Violation => "violation",
        Outcome::Unknown => "unknown",
        Outcome::NotViolation => "not",
    }
}

fn filter_form(s: &Scenario, cf: &Ceasefire, date: Date, filter: Filter) -> String {
    let mut choices: Vec<(String, String)> = vec![
        ("all".into(), "every verdict".into()),
        ("violation".into(), "attributable violations".into()),
        ("unknown".into(), "possible violations (unknown)".into()),
        ("not".into(), "not violations".into()),
        (
            "violation,unknown".into(),
            "attributable and possible violations".into(),
        ),
    ];
    let current = filter.spelling();
    if !choices.iter().any(|(v, _)| *v == current) {
        choices.push((current.clone(), filter.describe()));
    }
    let options: String = choices
        .iter()
        .map(|(v, label)| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                escape(v),
                if *v == current { " selected" } else { "" },
                escape(label)
            )
        })
        .collect();
    format!(
        "<form class=\"inline\" id=\"outcome-form\" method=\"get\" action=\"/negotiations/{}/monitor\">\n\
         <input type=\"hidden\" name=\"ceasefire\" value=\"{}\">\n<input type=\"hidden\" name=\"date\" value=\"{date}\">\n\
         <label for=\"outcome\">Show</label><select id=\"outcome\" name=\"outcome\">{options}</select>\n\
         <button type=\"submit\">Filter</button>\n</form>\n",
        href(&s.negotiation.id),
        escape(&cf.id)
    )
}

fn place(v: &Verdict) -> String {
    match v.radius_km {
        Some(r) => format!("{:.4}N {:.4}E within {r} km ({})", v.lat, v.lon, v.place_precision),
        None => format!("area only: {}", v.place_precision),
    }
}

fn evidence(v: &Verdict) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = &v.holder {
        out.push(match h.held {
            Answer::Yes => format!("in territory held by {} (`{}`)", h.party, h.territory),
            Answer::No => format!("outside territory held by {} (`{}`)", h.party, h.territory),
            Answer::Unknown => format!("holder unclear (near or across the edge of `{}`)", h.territory),
        });
    }
    if let Some((lo, hi)) = v.distance_km {
        out.push(if hi - lo < 0.05 {
            format!("{lo:.1} km from the line")
        } else {
            format!("{lo:.1}-{hi:.1} km from the line")
        });
    }
    for z in &v.zones {
        out.push(match z.inside {
            Answer::Yes => format!("inside {}", z.what),
            _ => format!("possibly inside {}", z.what),
        });
    }
    if let Some(d) = v.deaths {
        out.push(format!(
            "{d} {} (best estimate)",
            if d == 1 { "death" } else { "deaths" }
        ));
    }
    out.push(format!(
        "in the window: {}; in the area: {}; prohibited class: {}",
        v.in_window.as_str(),
        v.in_scope.as_str(),
        if v.prohibited { "yes" } else { "no" }
    ));
    out
}

fn verdicts_section(s: &Scenario, cf: &Ceasefire, d: &Day, filter: Filter) -> String {
    let n = &s.negotiation;
    let mut out = String::from("<h2 id=\"verdicts-heading\">Verdicts</h2>\n");
    let _ = writeln!(
        out,
        "<p>The stored events of the reporting day, each judged against the ceasefire with its evidence: {} events, {} attributable violations, {} possible violations (unknown), {} not violations. Possible violations are never counted as violations. Events whose time is too coarse to place in one reporting day are listed too, marked so; the report does not count them in this day.</p>",
        d.summary.events, d.summary.violations, d.summary.unknown, d.summary.not_violations
    );
    out.push_str(&filter_form(s, cf, d.date, filter));
    let shown: Vec<(&Verdict, bool)> = d
        .verdicts
        .iter()
        .zip(d.placed.iter().copied())
        .filter(|(v, _)| filter.keeps(v.outcome))
        .collect();
    let _ = writeln!(
        out,
        "<table id=\"verdicts\">\n<caption>Showing {}: {} of {} verdicts.</caption>\n\
         <thead><tr><th scope=\"col\">event</th><th scope=\"col\">verdict</th><th scope=\"col\">when (UTC)</th><th scope=\"col\">where</th><th scope=\"col\">kind</th><th scope=\"col\">evidence</th><th scope=\"col\">why</th></tr></thead>\n<tbody>",
        escape(&filter.describe()),
        shown.len(),
        d.verdicts.len()
    );
    for (v, placed) in shown.iter().copied() {
        let class = match v.outcome {
            Outcome::Violation => " class=\"status-breached\"",
            Outcome::Unknown => " class=\"status-unknown\"",
            Outcome::NotViolation => "",
        };
        let items: String = evidence(v).iter().map(|e| format!("<li>{}</li>", escape(e))).collect();
        let _ = writeln!(
            out,
            "<tr class=\"verdict outcome-{}\"><th scope=\"row\"><code>{}:{}</code></th><td{class}>{}</td><td>{} to {} ({}){}</td><td>{}<br>{}</td><td>{} ({})</td><td><ul>{items}</ul></td><td>{}</td></tr>",
            outcome_word(v.outcome),
            escape(&v.source),
            escape(&v.source_id),
            escape(v.outcome.as_str()),
            v.start,
            v.end,
            escape(&v.time_precision),
            if placed {
                ""
            } else {
                "<br><em>too coarse to count in one reporting day</em>"
            },
            escape(if v.location.is_empty() {
                "(place not named)"
            } else {
                &v.location
            }),
            escape(&place(v)),
            escape(&v.class),
            escape(&v.kind),
            escape(&v.reasons.join("; "))
        );
    }
    if shown.is_empty() {
        out.push_str("<tr><td colspan=\"7\">No verdict to show.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    let from = d.period.0.to_string();
    let to = d.period.1.to_string();
    let _ = writeln!(
        out,
        "<p>As JSON: <a href=\"/api/v1/negotiations/{id}/monitor/verdicts?ceasefire={cf}&amp;from={}&amp;to={}&amp;outcome={}\">these verdicts</a>, <a href=\"/api/v1/negotiations/{id}/monitor/report?ceasefire={cf}&amp;date={}\">the daily report</a>.</p>",
        href(&from),
        href(&to),
        href(&filter.spelling()),
        d.date,
        id = href(&n.id),
        cf = href(&cf.id)
    );
    out
}

fn zone_kind(k: ZoneKind) -> &'static str {
    ZoneKind::ALL.iter().find(|(_, x)| *x == k).map_or("zone", |(s, _)| s)
}

fn zones_section(cf: &Ceasefire, end_of_day: Timestamp) -> String {
    let mut out = String::from("<h2 id=\"zones-heading\">Zones</h2>\n");
    if cf.zones.is_empty() {
        out.push_str("<p>The ceasefire declares no zones.</p>\n");
        return out;
    }
    out.push_str(
        "<table id=\"zones\" aria-labelledby=\"zones-heading\">\n<thead><tr><th scope=\"col\">zone</th><th scope=\"col\">kind</th><th scope=\"col\">binds</th><th scope=\"col\">weapons</th><th scope=\"col\">where</th><th scope=\"col\">applies from</th><th scope=\"col\">applies at the end of this day</th></tr></thead>\n<tbody>\n",
    );
    for z in &cf.zones {
        let place = match (&z.area, z.line.as_ref().or(cf.line.as_ref()), z.distance_km) {
            (Some(area), _, _) => format!("area <code>{}</code>", escape(area)),
            (None, Some(line), Some(km)) => format!(
                "within {km} km of <code>{}</code>, {}",
                escape(line),
                match z.side {
                    ZoneSide::Own => "on the side the party holds",
                    ZoneSide::Both => "on both sides",
                }
            ),
            (None, Some(line), None) => format!("along <code>{}</code>", escape(line)),
            (None, None, _) => "(no geometry)".to_owned(),
        };
        let from = z.from.as_ref().unwrap_or(&cf.start);
        let applies = if from.timestamp() >= end_of_day {
            "not yet"
        } else if cf.end.as_ref().is_some_and(|e| e.timestamp() < end_of_day) {
            "no: the ceasefire had ended"
        } else {
            "yes"
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td><td>{place}</td><td>{}</td><td>{}</td></tr>",
            escape(&z.id),
            zone_kind(z.kind),
            escape(z.party.as_deref().unwrap_or("both sides")),
            escape(&z.weapons.clone().unwrap_or_else(|| z.classes.join(", "))),
            escape(&from.strftime("%Y-%m-%d %H:%M %Z").to_string()),
            applies
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn sources_section(d: &Day) -> String {
    let mut out = String::from("<h2>Sources</h2>\n<ul>\n");
    for src in &d.report.sources {
        let _ = writeln!(out, "<li>{}</li>", escape(src));
    }
    out.push_str("</ul>\n");
    out
}
