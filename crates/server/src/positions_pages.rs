//! Positions and precedents in the workbench: the party x red-line matrix of a draft, the zone of agreement, precedent search over PA-X.
//!
//! - `/negotiations/{id}/positions[?draft=]`: without a draft, every party's verdict on
//!   every document; with one, the matrix of that draft (holds / broken / unknown, the
//!   provisions that decide it) and each party's verdict and utility.
//! - `/negotiations/{id}/zopa`: the zone of possible agreement. The search is bounded by
//!   [`ZONE_TIME_LIMIT`] and its result kept in memory per scenario folder (scenarios do
//!   not change while the server runs); the `x-cache` header says `hit` or `miss`.
//! - `/precedents?doc=<negotiation>/<document>` or `?pax=<AgtId>`: the nearest PA-X
//!   agreements by provision-code profile, read from the store's corpus on each request.
//!
//! The same analyses answer as JSON under `/api/v1` (`truce.assess/1`, `truce.zopa/1`,
//! `truce.precedents/1`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use truce_model::{Document, Negotiation, SourceMap};
use truce_positions::{Assessment, Positions, Truth, UtilityRange, ZopaError, ZopaOptions, ZopaReport};
use truce_precedents::{Corpus, Precedent, PrecedentError, ProcessRef, Profile};
use truce_report::html::escape;
use truce_report::positions as report;

use crate::api::{Endpoint, document as find_document, scenario};
use crate::layout::{Problem, crumbs, href, page};
use crate::{AppState, Scenario};

/// Wall-clock budget of one zone search.
pub(crate) const ZONE_TIME_LIMIT: Duration = Duration::from_secs(5);
/// Most precedents one search returns.
pub(crate) const MAX_TOP: usize = 50;
/// Precedents listed when `top` is not given.
pub(crate) const DEFAULT_TOP: usize = 5;
/// Name and version of the precedents JSON.
pub(crate) const PRECEDENTS_FORMAT: &str = "truce.precedents/1";
/// The PA-X export to import, as the README names it.
const PAX_EXPORT: &str = "../shared/data/pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv";

/// The API endpoints of this module, for the OpenAPI document.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/assess",
        summary: "A draft against every party's red lines: holds / broken / unknown, the provisions responsible, each party's verdict and utility",
        params: &[
            ("id", "path", true, "negotiation id"),
            ("draft", "query", true, "document id"),
        ],
        returns: "truce.assess/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/zopa",
        summary: "The zone of possible agreement: feasibility, minimal conflict sets, relaxations, packages (time-bounded, cached)",
        params: &[("id", "path", true, "negotiation id")],
        returns: "truce.zopa/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/precedents",
        summary: "The nearest PA-X agreements to a scenario document or a PA-X agreement, by provision-code profile",
        params: &[
            (
                "doc",
                "query",
                false,
                "<negotiation id>/<document id> (give doc or pax)",
            ),
            ("pax", "query", false, "PA-X agreement id, AgtId (give doc or pax)"),
            ("top", "query", false, "how many precedents, 1 to 50 (default 5)"),
            (
                "other_processes",
                "query",
                false,
                "true: leave out agreements of the same peace process",
            ),
        ],
        returns: "truce.precedents/1",
    },
];

/// This module's pages and API routes.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/negotiations/{id}/positions", get(positions_page))
        .route("/negotiations/{id}/zopa", get(zopa_page))
        .route("/precedents", get(precedents_page))
        .route("/api/v1/negotiations/{id}/assess", get(assess_api))
        .route("/api/v1/negotiations/{id}/zopa", get(zopa_api))
        .route("/api/v1/precedents", get(precedents_api))
}

/// Whether the scenario has a `positions/` folder with at least one `.toml` file (for the
/// links of the negotiation page).
pub(crate) fn has_positions(s: &Scenario) -> bool {
    std::fs::read_dir(s.root.join("positions")).is_ok_and(|rd| {
        rd.filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    })
}

// ------------------------------------------------------------------------ shared helpers

fn html(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn with_cache(mut r: Response, hit: bool) -> Response {
    r.headers_mut()
        .insert("x-cache", HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    r
}

fn bad_query(e: &QueryRejection) -> Problem {
    Problem::bad_request("bad-query", e.body_text())
}

/// Runs CPU-bound work off the async threads.
async fn blocking(api: bool, f: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        let p = Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the request failed: {e}"),
        );
        if api { p.json() } else { p.html() }
    })
}

/// A page with an alert in place of a result, keeping the status and the navigation.
fn alert_page(s: Option<&Scenario>, title: &str, p: &Problem, before: &str) -> Response {
    let body = format!("{before}<p role=\"alert\">{}</p>\n", escape(&p.message));
    let crumbs = s.map(crumbs).unwrap_or_default();
    html(p.status, page(title, p.code, &crumbs, &body))
}

// ------------------------------------------------------------------------ positions

fn no_positions(s: &Scenario) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "no-positions",
        format!(
            "negotiation `{}` has no positions: no party's red lines or preferences are recorded for it. \
             Write one file per party under positions/ in its scenario folder (see docs/positions.md).",
            s.negotiation.id
        ),
    )
}

/// The scenario's positions, read from its `positions/` folder.
fn positions_of(s: &Scenario) -> Result<Positions, Problem> {
    let mut sources = SourceMap::default();
    let loaded = truce_positions::load_positions(&s.root.join("positions"), &s.negotiation, &mut sources);
    if loaded.error_count() > 0 {
        return Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "invalid-positions",
            format!(
                "the positions of `{}` have {} errors; `truce assess <document>` shows them",
                s.negotiation.id,
                loaded.error_count()
            ),
        ));
    }
    if loaded.positions.parties.is_empty() {
        return Err(no_positions(s));
    }
    Ok(loaded.positions)
}

/// `?draft=`: the document to assess.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DraftQuery {
    draft: Option<String>,
}

fn draft_of(q: Result<Query<DraftQuery>, QueryRejection>) -> Result<Option<String>, Problem> {
    match q {
        Ok(Query(q)) => Ok(q.draft.filter(|d| !d.trim().is_empty())),
        Err(e) => Err(bad_query(&e)),
    }
}

/// The assessment of one draft (for the API).
fn assessment(state: &AppState, id: &str, draft: Option<&str>) -> Result<Assessment, Problem> {
    let s = scenario(state, id)?;
    let Some(draft) = draft else {
        let ids: Vec<&str> = s.negotiation.documents.iter().map(|d| d.id.as_str()).collect();
        return Err(Problem::bad_request(
            "missing-parameter",
            format!("choose a draft: ?draft= one of {}", ids.join(", ")),
        ));
    };
    let d = find_document(s, draft)?;
    let positions = positions_of(s)?;
    Ok(truce_positions::assess(&s.negotiation, d, &positions))
}

fn verdict(t: Truth) -> (&'static str, &'static str) {
    match t {
        Truth::Holds => ("status-met", "acceptable"),
        Truth::Broken => ("status-breached", "rejects"),
        Truth::Unknown => ("status-unknown", "undecided (open terms)"),
    }
}

fn status(t: Truth) -> (&'static str, &'static str) {
    match t {
        Truth::Holds => ("status-met", "holds"),
        Truth::Broken => ("status-breached", "broken"),
        Truth::Unknown => ("status-unknown", "unknown"),
    }
}

fn party_name<'n>(n: &'n Negotiation, id: &'n str) -> &'n str {
    n.party(id).map_or(id, |p| p.name.as_str())
}

fn utility(u: Option<&UtilityRange>) -> String {
    match u {
        None => "no preferences".to_owned(),
        Some(u) if (u.max - u.min).abs() < 1e-9 => format!("{:.1}", u.min),
        Some(u) => format!("{:.1} to {:.1}", u.min, u.max),
    }
}

fn draft_form(s: &Scenario, selected: Option<&str>) -> String {
    let n = &s.negotiation;
    let selected = selected.or_else(|| n.documents.last().map(|d| d.id.as_str()));
    let options: String = n
        .documents
        .iter()
        .map(|d| {
            format!(
                "<option value=\"{}\"{}>{} ({})</option>",
                escape(&d.id),
                if selected == Some(d.id.as_str()) {
                    " selected"
                } else {
                    ""
                },
                escape(&d.title),
                d.date
            )
        })
        .collect();
    format!(
        "<form class=\"inline\" method=\"get\" action=\"/negotiations/{}/positions\">\n\
         <label for=\"draft\">Draft</label><select id=\"draft\" name=\"draft\">{options}</select>\n\
         <button type=\"submit\">Check the red lines</button>\n</form>\n",
        href(&n.id)
    )
}

fn positions_links(s: &Scenario) -> String {
    let id = href(&s.negotiation.id);
    format!(
        "<p><a href=\"/negotiations/{id}/positions\">Verdicts on every draft</a> · \
         <a href=\"/negotiations/{id}/zopa\">Zone of possible agreement</a> · \
         <a href=\"/api/v1/negotiations/{id}/zopa\">as JSON</a></p>\n"
    )
}

/// The party x red-line matrix of one assessment, with each party's verdict and utility.
fn matrix(s: &Scenario, d: &Document, a: &Assessment) -> String {
    let n = &s.negotiation;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h2 id=\"verdicts\">Verdicts</h2>\n<table>\n\
         <thead><tr><th scope=\"col\">party</th><th scope=\"col\">verdict</th><th scope=\"col\">utility (0 to 100)</th><th scope=\"col\">reservation</th></tr></thead>\n<tbody>"
    );
    for p in &a.parties {
        let (class, word) = verdict(p.acceptable);
        let _ = writeln!(
            body,
            "<tr id=\"verdict-{}\"><th scope=\"row\">{}</th><td class=\"{class}\">{word}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&p.party),
            escape(party_name(n, &p.party)),
            utility(p.utility.as_ref()),
            p.reservation.map_or("none".to_owned(), |r| format!("{r:.0}"))
        );
    }
    let _ = writeln!(body, "</tbody>\n</table>");
    let _ = writeln!(
        body,
        "<h2 id=\"red-lines\">Red lines</h2>\n<table>\n\
         <thead><tr><th scope=\"col\">party</th><th scope=\"col\">red line</th><th scope=\"col\">status</th><th scope=\"col\">decided by</th></tr></thead>"
    );
    for p in &a.parties {
        let (_, word) = verdict(p.acceptable);
        body.push_str("<tbody>\n");
        for (i, r) in p.red_lines.iter().enumerate() {
            let party = if i == 0 {
                format!(
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}<br><span class=\"muted\">{word}</span></th>",
                    p.red_lines.len(),
                    escape(party_name(n, &p.party))
                )
            } else {
                String::new()
            };
            let (class, state) = status(r.status);
            let provisions: Vec<String> = r
                .provisions
                .iter()
                .map(|pid| {
                    format!(
                        "<a href=\"/negotiations/{}/documents/{}#{}\">{}</a>",
                        href(&n.id),
                        href(&d.id),
                        href(pid),
                        escape(pid)
                    )
                })
                .collect();
            let mut by = provisions.join(", ");
            if !r.deciding_issues.is_empty() {
                let _ = write!(
                    by,
                    " <span class=\"muted\">({})</span>",
                    escape(&r.deciding_issues.join(", "))
                );
            }
            if !r.open_issues.is_empty() {
                if !by.is_empty() {
                    by.push_str("<br>");
                }
                let _ = write!(by, "open: {}", escape(&r.open_issues.join(", ")));
            }
            if by.is_empty() {
                by.push_str("no term needed");
            }
            let _ = writeln!(
                body,
                "<tr id=\"rl-{}-{}\">{party}<td><strong>{}</strong><br>{}<br><code>{}</code></td><td class=\"{class}\">{state}</td><td>{by}</td></tr>",
                escape(&p.party),
                escape(&r.id),
                escape(&r.id),
                escape(&r.text),
                escape(&r.rule)
            );
        }
        body.push_str("</tbody>\n");
    }
    let _ = writeln!(body, "</table>");
    if !a.open_issues.is_empty() {
        let _ = writeln!(
            body,
            "<h2 id=\"open\">Terms the draft leaves open</h2>\n<p>{}</p>\n<p class=\"muted\">An open term never counts as a pass: a red line that reads one is unknown until the term is set.</p>",
            escape(&a.open_issues.join(", "))
        );
    }
    if !a.conflicting_terms.is_empty() {
        let _ = writeln!(body, "<h2 id=\"conflicting\">Terms set twice, differently</h2>\n<ul>");
        for c in &a.conflicting_terms {
            let values: Vec<String> = c.values.iter().map(|(p, v)| format!("{p}: {v}")).collect();
            let _ = writeln!(
                body,
                "<li><code>{}</code>: {}</li>",
                escape(&c.issue),
                escape(&values.join("; "))
            );
        }
        let _ = writeln!(body, "</ul>");
    }
    body
}

/// Every party's verdict on every document.
fn overview(s: &Scenario, positions: &Positions) -> String {
    let n = &s.negotiation;
    let mut body =
        String::from("<h2 id=\"by-draft\">Verdicts by draft</h2>\n<table>\n<thead><tr><th scope=\"col\">party</th>");
    let assessed: Vec<Assessment> = n
        .documents
        .iter()
        .map(|d| truce_positions::assess(n, d, positions))
        .collect();
    for d in &n.documents {
        let _ = write!(
            body,
            "<th scope=\"col\"><a href=\"/negotiations/{}/positions?draft={}\">{}</a><br><span class=\"muted\">{}</span></th>",
            href(&n.id),
            href(&d.id),
            escape(&d.title),
            d.date
        );
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for party in &positions.parties {
        let _ = write!(
            body,
            "<tr id=\"by-draft-{}\"><th scope=\"row\">{}</th>",
            escape(&party.party),
            escape(party_name(n, &party.party))
        );
        for a in &assessed {
            let cell = a
                .parties
                .iter()
                .find(|p| p.party == party.party)
                .map_or(("", "no position"), |p| verdict(p.acceptable));
            let _ = write!(
                body,
                "<td class=\"{}\" data-draft=\"{}\">{}</td>",
                cell.0,
                escape(&a.document),
                cell.1
            );
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n<h2 id=\"parties\">Positions</h2>\n<ul>\n");
    for party in &positions.parties {
        let prefs = party.preferences.as_ref().map_or(String::new(), |p| {
            format!(", preferences with reservation value {:.0}", p.reservation)
        });
        let _ = writeln!(
            body,
            "<li><strong>{}</strong>: {} red lines{prefs}.{}</li>",
            escape(party_name(n, &party.party)),
            party.red_lines.len(),
            party
                .summary
                .as_deref()
                .map(|x| format!(" <span class=\"muted\">{}</span>", escape(x.trim())))
                .unwrap_or_default()
        );
    }
    body.push_str("</ul>\n");
    body
}

fn positions_response(state: &AppState, id: &str, draft: Option<&str>) -> Response {
    let s = match scenario(state, id) {
        Ok(s) => s,
        Err(p) => return p.html(),
    };
    let positions = match positions_of(s) {
        Ok(p) => p,
        Err(p) => return alert_page(Some(s), "Red lines", &p, ""),
    };
    let form = draft_form(s, draft);
    let links = positions_links(s);
    let Some(draft) = draft else {
        let body = format!("{form}{links}{}", overview(s, &positions));
        return html(
            StatusCode::OK,
            page(
                "Red lines",
                "Each party's verdict on each draft: acceptable, rejects, or undecided when the draft leaves a deciding term open. Choose a draft for its red-line matrix.",
                &crumbs(s),
                &body,
            ),
        );
    };
    let d = match find_document(s, draft) {
        Ok(d) => d,
        Err(p) => return alert_page(Some(s), "Red lines", &p, &form),
    };
    let a = truce_positions::assess(&s.negotiation, d, &positions);
    let body = format!("{form}{links}{}", matrix(s, d, &a));
    html(
        StatusCode::OK,
        page(
            &format!("Red lines: {}", d.title),
            &format!(
                "{} ({}, {}): each party's red lines checked against this draft; unknown means the draft leaves a deciding term open.",
                d.id,
                d.date,
                d.status.as_str()
            ),
            &crumbs(s),
            &body,
        ),
    )
}

/// `GET /negotiations/{id}/positions?draft=`
async fn positions_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<DraftQuery>, QueryRejection>,
) -> Response {
    let draft = match draft_of(q) {
        Ok(d) => d,
        Err(p) => return p.html(),
    };
    blocking(false, move || positions_response(&state, &id, draft.as_deref())).await
}

/// `GET /api/v1/negotiations/{id}/assess?draft=`
async fn assess_api(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Result<Query<DraftQuery>, QueryRejection>,
) -> Response {
    let draft = match draft_of(q) {
        Ok(d) => d,
        Err(p) => return p.json(),
    };
    blocking(true, move || match assessment(&state, &id, draft.as_deref()) {
        Ok(a) => json(report::assess_json(&a)),
        Err(p) => p.json(),
    })
    .await
}

// ------------------------------------------------------------------------ zone of agreement

type Zone = Result<Arc<ZopaReport>, Problem>;

/// The zone of `s`, searched once per scenario folder; `true` when it came from memory.
/// A search that ran out of time is not kept, so a later request tries again.
fn zone(s: &Scenario) -> (Zone, bool) {
    type Slot = Arc<Mutex<Option<Zone>>>;
    static CACHE: OnceLock<Mutex<BTreeMap<PathBuf, Slot>>> = OnceLock::new();
    let slot = {
        let mut map = CACHE
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        map.entry(s.root.clone()).or_default().clone()
    };
    // One search per scenario at a time: a concurrent request waits for it.
    let mut cached = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(z) = cached.as_ref() {
        return (z.clone(), true);
    }
    let z = search_zone(s, ZONE_TIME_LIMIT);
    if !matches!(&z, Err(p) if p.code == "zone-timeout") {
        *cached = Some(z.clone());
    }
    (z, false)
}

fn search_zone(s: &Scenario, limit: Duration) -> Zone {
    let positions = positions_of(s)?;
    let options = ZopaOptions {
        time_limit: limit,
        ..ZopaOptions::default()
    };
    truce_positions::zopa(&s.negotiation, &positions, &options)
        .map(Arc::new)
        .map_err(|e| zone_problem(s, e, limit))
}

fn zone_problem(s: &Scenario, e: ZopaError, limit: Duration) -> Problem {
    let id = &s.negotiation.id;
    match e {
        ZopaError::Timeout => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "zone-timeout",
            format!(
                "the zone search of `{id}` did not finish within {} s; `truce zopa {id} --time-limit 60` searches longer",
                limit.as_secs_f64()
            ),
        ),
        ZopaError::NoPositions => no_positions(s),
        other => Problem::bad_request("cannot-search", other.to_string()),
    }
}

fn zopa_response(state: &AppState, id: &str) -> Response {
    let s = match scenario(state, id) {
        Ok(s) => s,
        Err(p) => return p.html(),
    };
    let (z, hit) = zone(s);
    let r = match z {
        Ok(z) => {
            let p = report::zopa_page(&s.negotiation, &z);
            let body = format!(
                "{}{}",
                positions_links(s),
                p.body.replacen("<pre>", "<pre style=\"white-space:pre-wrap\">", 1)
            );
            html(StatusCode::OK, page(&p.title, &p.subtitle, &crumbs(s), &body))
        }
        Err(p) => alert_page(Some(s), "Zone of possible agreement", &p, ""),
    };
    with_cache(r, hit)
}

/// `GET /negotiations/{id}/zopa`
async fn zopa_page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    blocking(false, move || zopa_response(&state, &id)).await
}

/// `GET /api/v1/negotiations/{id}/zopa`
async fn zopa_api(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    blocking(true, move || {
        let s = match scenario(&state, &id) {
            Ok(s) => s,
            Err(p) => return p.json(),
        };
        let (z, hit) = zone(s);
        let r = match z {
            Ok(z) => json(report::zopa_json(&z)),
            Err(p) => p.json(),
        };
        with_cache(r, hit)
    })
    .await
}

// ------------------------------------------------------------------------ precedents

/// `?doc=&pax=&top=&other_processes=`, as given.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PrecedentsQuery {
    doc: Option<String>,
    pax: Option<String>,
    top: Option<String>,
    other_processes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Document { negotiation: String, document: String },
    Pax(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Search {
    target: Target,
    top: usize,
    other_processes: bool,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

/// The search asked for; `None` when neither `doc` nor `pax` is given.
fn parse_search(q: &PrecedentsQuery) -> Result<Option<Search>, Problem> {
    let top = match given(&q.top) {
        None => DEFAULT_TOP,
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|t| (1..=MAX_TOP).contains(t))
            .ok_or_else(|| {
                Problem::bad_request(
                    "bad-parameter",
                    format!("top `{t}` is not a number from 1 to {MAX_TOP}"),
                )
            })?,
    };
    let other_processes = match given(&q.other_processes) {
        None | Some("false" | "0" | "off" | "no") => false,
        Some("true" | "1" | "on" | "yes") => true,
        Some(x) => {
            return Err(Problem::bad_request(
                "bad-parameter",
                format!("other_processes `{x}` is not true or false"),
            ));
        }
    };
    let target = match (given(&q.doc), given(&q.pax)) {
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return Err(Problem::bad_request(
                "conflicting-parameters",
                "give either doc=<negotiation>/<document> or pax=<AgtId>, not both",
            ));
        }
        (Some(doc), None) => match doc.split_once('/') {
            Some((n, d)) if !n.is_empty() && !d.is_empty() && !d.contains('/') => Target::Document {
                negotiation: n.to_owned(),
                document: d.to_owned(),
            },
            _ => {
                return Err(Problem::bad_request(
                    "bad-parameter",
                    format!("doc `{doc}` is not <negotiation id>/<document id>"),
                ));
            }
        },
        (None, Some(pax)) => Target::Pax(pax.parse::<u32>().map_err(|_| {
            Problem::bad_request(
                "bad-parameter",
                format!("pax `{pax}` is not a PA-X agreement id (a whole number, e.g. 1364)"),
            )
        })?),
    };
    Ok(Some(Search {
        target,
        top,
        other_processes,
    }))
}

/// What precedents were searched for.
enum Subject<'s> {
    Document(&'s Scenario, &'s Document),
    Pax { id: u32, name: String },
}

struct Found<'s> {
    subject: Subject<'s>,
    codes: usize,
    corpus: usize,
    precedents: Vec<Precedent>,
}

enum Outcome<'s> {
    /// The store holds no corpus: how to import one.
    NoCorpus(String),
    Found(Found<'s>),
}

fn no_corpus_message(state: &AppState) -> String {
    match &state.store {
        None => format!(
            "The server runs without a store, so it has no PA-X corpus. Import the corpus into a store \
             (truce --store FILE pax import {PAX_EXPORT}) and start the server on it (truce --store FILE serve)."
        ),
        Some(path) => format!(
            "The store {} holds no PA-X agreements. Import the corpus into it: truce --store {} pax import {PAX_EXPORT} \
             (the PA-X v9 export), then reload this page.",
            path.display(),
            path.display()
        ),
    }
}

fn precedent_problem(e: PrecedentError) -> Problem {
    match e {
        PrecedentError::UnknownAgreement { .. } => Problem::not_found(e.to_string()),
        PrecedentError::EmptyProfile => Problem::bad_request("empty-profile", e.to_string()),
        PrecedentError::UnknownProcess { .. } | PrecedentError::NoOwnProcess => {
            Problem::bad_request("unknown-process", e.to_string())
        }
        other => Problem::bad_request("cannot-search", other.to_string()),
    }
}

fn run_search<'s>(state: &'s AppState, search: &Search) -> Result<Outcome<'s>, Problem> {
    // The scenario document first: a wrong name is a 404 whether or not a corpus exists.
    let resolved = match &search.target {
        Target::Document { negotiation, document } => {
            let s = scenario(state, negotiation)?;
            let d = find_document(s, document)?;
            if search.other_processes && s.negotiation.pax_process.is_none() {
                return Err(Problem::bad_request(
                    "no-process",
                    format!(
                        "other_processes needs the PA-X process of `{}`: add pax_process to [negotiation] in its negotiation.toml",
                        s.negotiation.id
                    ),
                ));
            }
            Ok((s, d))
        }
        Target::Pax(id) => Err(*id),
    };
    let Some(path) = state.store.as_ref().filter(|p| p.exists()) else {
        return Ok(Outcome::NoCorpus(no_corpus_message(state)));
    };
    let store = truce_store::Store::open(path)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?;
    let stored = store
        .pax_agreements()
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?;
    if stored.is_empty() {
        return Ok(Outcome::NoCorpus(no_corpus_message(state)));
    }
    let corpus = Corpus::from_stored(&stored)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "bad-corpus", e.to_string()))?;
    let (profile, subject, process) = match resolved {
        Ok((s, d)) => {
            let process = s
                .negotiation
                .pax_process
                .clone()
                .map_or(ProcessRef::SameAsProfile, ProcessRef::Name);
            (
                Profile::from_document(d).map_err(precedent_problem)?,
                Subject::Document(s, d),
                process,
            )
        }
        Err(id) => {
            let profile = corpus.profile(id).map_err(precedent_problem)?;
            let name = stored
                .iter()
                .find(|a| a.id == id)
                .map_or(String::new(), |a| a.name.clone());
            (profile, Subject::Pax { id, name }, ProcessRef::SameAsProfile)
        }
    };
    let codes = profile.len();
    let mut query = truce_precedents::Query::new(profile, search.top);
    query.exclude_process = search.other_processes.then_some(process);
    let precedents = corpus.search(&query).map_err(precedent_problem)?;
    Ok(Outcome::Found(Found {
        subject,
        codes,
        corpus: corpus.len(),
        precedents,
    }))
}

fn precedents_json(search: &Search, found: &Found<'_>) -> String {
    let subject = match &found.subject {
        Subject::Document(s, d) => serde_json::json!({
            "kind": "document", "negotiation": s.negotiation.id, "document": d.id, "title": d.title,
        }),
        Subject::Pax { id, name } => serde_json::json!({"kind": "pax", "pax": id, "name": name}),
    };
    let v = serde_json::json!({
        "format": PRECEDENTS_FORMAT,
        "subject": subject,
        "codes": found.codes,
        "top": search.top,
        "other_processes": search.other_processes,
        "corpus": found.corpus,
        "precedents": found.precedents,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn code_label(code: &str) -> String {
    match truce_model::pax_taxonomy::code(code) {
        Some(info) => format!("<abbr title=\"{}\">{}</abbr>", escape(info.label), escape(code)),
        None => format!("<code>{}</code>", escape(code)),
    }
}

fn precedents_forms(state: &AppState, search: Option<&Search>) -> String {
    let (doc, pax) = match search.map(|s| &s.target) {
        Some(Target::Document { negotiation, document }) => (Some(format!("{negotiation}/{document}")), None),
        Some(Target::Pax(id)) => (None, Some(id.to_string())),
        None => (None, None),
    };
    let top = search.map_or(DEFAULT_TOP, |s| s.top);
    let other = if search.is_some_and(|s| s.other_processes) {
        " checked"
    } else {
        ""
    };
    let mut options = String::new();
    for s in state.scenarios.values() {
        let n = &s.negotiation;
        let _ = write!(options, "<optgroup label=\"{}\">", escape(&n.title));
        for d in &n.documents {
            let value = format!("{}/{}", n.id, d.id);
            let _ = write!(
                options,
                "<option value=\"{}\"{}>{} ({})</option>",
                escape(&value),
                if doc.as_deref() == Some(value.as_str()) {
                    " selected"
                } else {
                    ""
                },
                escape(&d.title),
                d.date
            );
        }
        options.push_str("</optgroup>");
    }
    let options_of = |prefix: &str| {
        format!(
            "<label for=\"{prefix}-top\">How many</label><input id=\"{prefix}-top\" name=\"top\" type=\"number\" min=\"1\" max=\"{MAX_TOP}\" value=\"{top}\">\n\
             <input id=\"{prefix}-other\" name=\"other_processes\" type=\"checkbox\" value=\"true\"{other}><label for=\"{prefix}-other\">Other peace processes only</label>\n"
        )
    };
    format!(
        "<form id=\"by-document\" class=\"inline\" method=\"get\" action=\"/precedents\">\n<fieldset><legend>Precedents of a scenario document</legend>\n\
         <label for=\"doc\">Document</label><select id=\"doc\" name=\"doc\">{options}</select>\n{}\
         <button type=\"submit\">Find precedents</button>\n</fieldset>\n</form>\n\
         <form id=\"by-pax\" class=\"inline\" method=\"get\" action=\"/precedents\">\n<fieldset><legend>Precedents of a PA-X agreement</legend>\n\
         <label for=\"pax\">PA-X agreement id (AgtId)</label><input id=\"pax\" name=\"pax\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]+\" size=\"8\" value=\"{}\">\n{}\
         <button type=\"submit\">Find precedents</button>\n</fieldset>\n</form>\n",
        options_of("doc"),
        escape(pax.as_deref().unwrap_or("")),
        options_of("pax"),
    )
}

fn precedents_body(search: &Search, found: &Found<'_>) -> String {
    let mut body = String::new();
    let subject = match &found.subject {
        Subject::Document(s, d) => format!(
            "<a href=\"/negotiations/{}/documents/{}\">{}</a> ({})",
            href(&s.negotiation.id),
            href(&d.id),
            escape(&d.title),
            escape(&s.negotiation.title)
        ),
        Subject::Pax { id, name } => format!("PA-X {id} {}", escape(name)),
    };
    let scope = if search.other_processes {
        ", other peace processes only"
    } else {
        ""
    };
    let _ = writeln!(
        body,
        "<h2 id=\"results\">Nearest precedents of {subject}{scope}</h2>\n<p class=\"muted\">{} codes in the query profile; {} PA-X agreements searched; score: weighted Jaccard over code levels, rare codes weighing more.</p>",
        found.codes, found.corpus
    );
    if found.precedents.is_empty() {
        body.push_str("<p role=\"status\">No agreement shares a weighted code with it under these filters.</p>\n");
        return body;
    }
    body.push_str(
        "<table>\n<thead><tr><th scope=\"col\">rank</th><th scope=\"col\">score</th><th scope=\"col\">PA-X</th><th scope=\"col\">date</th><th scope=\"col\">stage</th><th scope=\"col\">agreement</th><th scope=\"col\">peace process</th></tr></thead>\n<tbody>\n",
    );
    for (i, p) in found.precedents.iter().enumerate() {
        let _ = writeln!(
            body,
            "<tr id=\"rank-{}\"><td class=\"num\">{}</td><td class=\"num\">{:.3}</td><td class=\"num\"><a href=\"#pax-{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td><td>{} <span class=\"muted\">({})</span></td><td>{} <span class=\"muted\">({})</span></td></tr>",
            i + 1,
            i + 1,
            p.score,
            p.id,
            p.id,
            p.date,
            escape(&p.stage),
            escape(&p.name),
            escape(&p.country),
            escape(&p.process_name),
            escape(&p.region)
        );
    }
    body.push_str("</tbody>\n</table>\n");
    for (i, p) in found.precedents.iter().enumerate() {
        let shared: Vec<String> = p
            .shared
            .iter()
            .map(|s| format!("{} {}/{}", code_label(s.code), s.query, s.hit))
            .collect();
        let side = |codes: &[truce_precedents::CodeLevel]| {
            if codes.is_empty() {
                "none".to_owned()
            } else {
                codes
                    .iter()
                    .map(|c| format!("{} {}", code_label(c.code), c.level))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(
            body,
            "<section id=\"pax-{id}\">\n<h3>{}. PA-X {id}: {}</h3>\n<dl>\n\
             <dt>Shared codes (level in the query / in the precedent)</dt><dd>{}</dd>\n\
             <dt>Only in the query</dt><dd>{}</dd>\n<dt>Only in the precedent</dt><dd>{}</dd>\n</dl>\n\
             <p><a href=\"/precedents?pax={id}\">Precedents of PA-X {id}</a></p>\n</section>",
            i + 1,
            escape(&p.name),
            shared.join(", "),
            side(&p.only_query),
            side(&p.only_hit),
            id = p.id,
        );
    }
    body
}

const PRECEDENTS_SUBTITLE: &str = "The PA-X agreements whose provision codes are nearest to a draft's or an agreement's, with the codes they share and those only one side carries.";

fn precedents_response(state: &AppState, q: &PrecedentsQuery) -> Response {
    let title = "Precedents";
    let search = match parse_search(q) {
        Ok(s) => s,
        Err(p) => {
            let forms = precedents_forms(state, None);
            return alert_page(None, title, &p, &forms);
        }
    };
    let forms = precedents_forms(state, search.as_ref());
    let Some(search) = search else {
        return html(StatusCode::OK, page(title, PRECEDENTS_SUBTITLE, &[], &forms));
    };
    match run_search(state, &search) {
        Err(p) => alert_page(None, title, &p, &forms),
        Ok(Outcome::NoCorpus(how)) => html(
            StatusCode::OK,
            page(
                title,
                PRECEDENTS_SUBTITLE,
                &[],
                &format!("{forms}<p role=\"status\" id=\"no-corpus\">{}</p>\n", escape(&how)),
            ),
        ),
        Ok(Outcome::Found(found)) => html(
            StatusCode::OK,
            page(
                title,
                PRECEDENTS_SUBTITLE,
                &[],
                &format!("{forms}{}", precedents_body(&search, &found)),
            ),
        ),
    }
}

/// `GET /precedents?doc=|pax=&top=&other_processes=`
async fn precedents_page(
    State(state): State<Arc<AppState>>,
    q: Result<Query<PrecedentsQuery>, QueryRejection>,
) -> Response {
    let q = match q {
        Ok(Query(q)) => q,
        Err(e) => return bad_query(&e).html(),
    };
    blocking(false, move || precedents_response(&state, &q)).await
}

/// `GET /api/v1/precedents?doc=|pax=&top=&other_processes=`
async fn precedents_api(
    State(state): State<Arc<AppState>>,
    q: Result<Query<PrecedentsQuery>, QueryRejection>,
) -> Response {
    let q = match q {
        Ok(Query(q)) => q,
        Err(e) => return bad_query(&e).json(),
    };
    blocking(true, move || {
        let search = match parse_search(&q) {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Problem::bad_request("missing-parameter", "give doc=<negotiation>/<document> or pax=<AgtId>")
                    .json();
            }
            Err(p) => return p.json(),
        };
        match run_search(&state, &search) {
            Ok(Outcome::Found(found)) => json(precedents_json(&search, &found)),
            Ok(Outcome::NoCorpus(how)) => Problem::new(StatusCode::NOT_FOUND, "no-corpus", how).json(),
            Err(p) => p.json(),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn bundled() -> AppState {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let (state, warnings) = AppState::load(&dir, None);
        assert!(warnings.is_empty(), "{warnings:?}");
        state
    }

    fn query(pairs: &[(&str, &str)]) -> PrecedentsQuery {
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned());
        PrecedentsQuery {
            doc: get("doc"),
            pax: get("pax"),
            top: get("top"),
            other_processes: get("other_processes"),
        }
    }

    #[test]
    fn a_search_without_time_is_a_timeout_and_is_not_kept() {
        let state = bundled();
        let s = &state.scenarios["geneva-2025"];
        let p = search_zone(s, Duration::ZERO).expect_err("no time, no zone");
        assert_eq!(p.code, "zone-timeout");
        assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(p.message.contains("--time-limit"), "{}", p.message);
    }

    #[test]
    fn zone_errors_map_to_statuses() {
        let state = bundled();
        let s = &state.scenarios["geneva-2025"];
        let p = zone_problem(s, ZopaError::NoPositions, ZONE_TIME_LIMIT);
        assert_eq!((p.status, p.code), (StatusCode::NOT_FOUND, "no-positions"));
        let p = zone_problem(s, ZopaError::EmptyIssueSpace, ZONE_TIME_LIMIT);
        assert_eq!((p.status, p.code), (StatusCode::BAD_REQUEST, "cannot-search"));
        let p = zone_problem(s, ZopaError::Timeout, Duration::from_millis(1500));
        assert!(p.message.contains("1.5 s"), "{}", p.message);
    }

    #[test]
    fn precedent_errors_map_to_statuses() {
        let p = precedent_problem(PrecedentError::UnknownAgreement { id: 7 });
        assert_eq!((p.status, p.code), (StatusCode::NOT_FOUND, "not-found"));
        let p = precedent_problem(PrecedentError::EmptyProfile);
        assert_eq!((p.status, p.code), (StatusCode::BAD_REQUEST, "empty-profile"));
        let p = precedent_problem(PrecedentError::NoOwnProcess);
        assert_eq!(p.code, "unknown-process");
        let p = precedent_problem(PrecedentError::DuplicateAgreement { id: 1 });
        assert_eq!((p.status, p.code), (StatusCode::BAD_REQUEST, "cannot-search"));
    }

    #[test]
    fn search_parameters_parse_or_say_why() {
        assert_eq!(parse_search(&query(&[])).unwrap(), None);
        assert_eq!(parse_search(&query(&[("doc", " "), ("pax", "")])).unwrap(), None);
        let s = parse_search(&query(&[("pax", "1364"), ("top", "3"), ("other_processes", "on")]))
            .unwrap()
            .unwrap();
        assert_eq!(
            s,
            Search {
                target: Target::Pax(1364),
                top: 3,
                other_processes: true
            }
        );
        let s = parse_search(&query(&[("doc", "a/b")])).unwrap().unwrap();
        assert_eq!(
            s.target,
            Target::Document {
                negotiation: "a".into(),
                document: "b".into()
            }
        );
        assert_eq!((s.top, s.other_processes), (DEFAULT_TOP, false));
        for (pairs, code) in [
            (&[("doc", "a/b"), ("pax", "1")][..], "conflicting-parameters"),
            (&[("doc", "ab")][..], "bad-parameter"),
            (&[("doc", "/b")][..], "bad-parameter"),
            (&[("doc", "a/b/c")][..], "bad-parameter"),
            (&[("pax", "-1")][..], "bad-parameter"),
            (&[("pax", "1"), ("top", "0")][..], "bad-parameter"),
            (&[("pax", "1"), ("top", "51")][..], "bad-parameter"),
            (&[("pax", "1"), ("other_processes", "maybe")][..], "bad-parameter"),
        ] {
            let p = parse_search(&query(pairs)).expect_err(code);
            assert_eq!((p.status, p.code), (StatusCode::BAD_REQUEST, code), "{pairs:?}");
        }
    }

    #[test]
    fn ids_are_percent_encoded_in_links() {
        assert_eq!(href("geneva-2025"), "geneva-2025");
        assert_eq!(href("a b/\"c\""), "a%20b%2F%22c%22");
    }
}
